"""The reader views: `analyze --format table|markdown`, with and without evidence."""

from __future__ import annotations

import io

from ficlens.model import Chapter, ContentWarning, Evidence, Scene, SceneWarning, Work
from ficlens.render import render_markdown, render_table, scene_map

TEXT = "Calm morning.\n\n* * *\n\nHe drew the knife and stabbed him twice.\n\n* * *\n\nThey had tea."


def _work() -> Work:
    s0, s1, s2 = (0, 13), (23, 63), (73, len(TEXT))
    work = Work(
        text=TEXT,
        title="Tea & <b>Knives</b>",
        chapters=[
            Chapter(
                index=0,
                start=0,
                end=len(TEXT),
                scenes=[Scene(index=i, start=a, end=b) for i, (a, b) in enumerate((s0, s1, s2))],
            )
        ],
    )
    evidence = Evidence(start=23, end=63, text=TEXT[23:63])
    work.inferred.content_warnings = [
        ContentWarning(
            id="violence",
            label="Violence",
            coarse="aggression",
            severity="depicted",
            confidence=0.9,
            scenes=[1],
            evidence=[evidence],
        )
    ]
    work.inferred.scene_warnings = [
        SceneWarning(scene=1, id="violence", severity="mentioned", confidence=0.4),
        SceneWarning(scene=1, id="violence", severity="depicted", confidence=0.9),
    ]
    return work


def test_render_scene_map_keeps_worst_severity_per_scene() -> None:
    rows = scene_map(_work())
    assert [(c, s) for c, s, _ in rows] == [(0, 0), (0, 1), (0, 2)]
    assert rows[1][2] == [("violence", "depicted")]
    assert rows[0][2] == [] and rows[2][2] == []


def test_render_table_shows_scene_map_and_evidence() -> None:
    out = io.StringIO()
    render_table(_work(), file=out)
    text = out.getvalue()
    assert "Scene map" in text and "violence (depicted)" in text
    assert "stabbed him twice" in text
    assert "Tea & <b>Knives</b>" in text  # rich markup in story text is shown, not interpreted


def test_render_no_evidence_is_spoiler_free() -> None:
    out = io.StringIO()
    render_table(_work(), file=out, evidence=False)
    assert "violence (depicted)" in out.getvalue()
    assert "stabbed" not in out.getvalue()
    md = render_markdown(_work(), evidence=False)
    assert "| 1 | 2 | violence (depicted) |" in md and "stabbed" not in md


def test_render_shows_the_character_tags_not_the_first_names_found() -> None:
    from ficlens.model import Character, Mention

    def person(name: str, n: int, *, role: str = "main", canonical: str | None = None) -> Character:
        return Character(
            name=name,
            role=role,  # type: ignore[arg-type]
            canonical=canonical,
            mentions=[Mention(start=i, end=i + 1) for i in range(n)],
        )

    work = _work()
    # Thirteen of the cast (more than the old cut of twelve), one only talked about, one named once.
    cast = [person(f"Name{i:02d}", 40 - i) for i in range(13)]
    work.inferred.characters = [
        person("Orla", 50, canonical="Orla Vane (Tidewater)"),
        *cast,
        person("Grandmother Ilse", 45, role="mentioned"),
        person("Passerby", 1),
    ]
    out = io.StringIO()
    render_table(work, file=out, evidence=False)
    table = out.getvalue()
    markdown = render_markdown(work)
    for text in (table, markdown):
        assert "Orla Vane (Tidewater)" in text and "Name12" in text
        assert "Grandmother Ilse" not in text and "Passerby" not in text


def test_render_names_the_focal_character_as_the_character_list_does() -> None:
    from ficlens.model import POV, Character

    work = _work()
    work.inferred.characters = [Character(name="Tony", aliases=["DiNozzo"], canonical="Anthony DiNozzo")]
    work.inferred.pov = POV(person="third", tense="past", focal_character="Tony")
    assert "focal: Anthony DiNozzo" in render_markdown(work)
    out = io.StringIO()
    render_table(work, file=out)
    assert "focal: Anthony DiNozzo" in out.getvalue()


def test_work_page_names_the_focal_character_as_the_character_list_does() -> None:
    from ficlens.model import POV, Character
    from ficlens.web.present import work_page

    work = _work()
    work.inferred.characters = [Character(name="Tony", canonical="Anthony DiNozzo")]
    work.inferred.pov = POV(person="third", tense="past", focal_character="Tony")
    assert work_page(work, with_pictures=False).focal == "Anthony DiNozzo"
    work.inferred.pov = POV(person="first", tense="past")
    assert work_page(work, with_pictures=False).focal is None
