"""SVG pictures: well-formed XML, the right marks, and story text that cannot break out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.errors import ConfigError
from ficlens.model import Arc, Chapter, Character, Mention, Relationship, Scene, SceneWarning, Work
from ficlens.plots import arc_svg, characters_svg, render_plot, scenes_svg, svg_to_png

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"Ro\x01b\" ]]>"


def _work() -> Work:
    scenes = [Scene(index=i, start=i * 100, end=(i + 1) * 100) for i in range(4)]
    work = Work(
        text="x" * 400,
        title=HOSTILE,
        chapters=[
            Chapter(index=0, start=0, end=200, scenes=scenes[:2]),
            Chapter(index=1, start=200, end=400, scenes=scenes[2:]),
        ],
    )
    work.inferred.arc = Arc(
        shape="man in a hole",
        confidence=0.8,
        ending="up",
        points=[0.3 - 0.6 * (i / 99) * (1 - i / 99) * 4 for i in range(100)],
        scenes=[0.0, 0.25, 0.5, 0.75],
    )
    work.inferred.scene_warnings = [
        SceneWarning(scene=1, id="violence", severity="graphic", confidence=0.9),
        SceneWarning(scene=1, id="death", severity="mentioned", confidence=0.6),
        SceneWarning(scene=3, id=HOSTILE, severity="depicted", confidence=0.5),
    ]
    work.inferred.characters = [
        Character(
            name=HOSTILE, role="main", mentions=[Mention(start=o, end=o + 1) for o in (0, 10, 150, 160, 170)]
        ),
        Character(
            name="Elias",
            role="main",
            aliases=["Eli"],
            mentions=[Mention(start=o, end=o + 1) for o in (120, 130, 140)],
        ),
        Character(name="Tomas", role="secondary", mentions=[Mention(start=350, end=351)]),
    ]
    work.inferred.relationships = [
        Relationship(tag="Mara/Elias", kind="romantic", members=[HOSTILE, "Eli"], confidence=0.8),
        Relationship(tag="Elias & Tomas", kind="platonic", members=["Elias", "Tomas"], confidence=0.4),
        Relationship(tag="Elias/Nobody", kind="romantic", members=["Elias", "Nobody"], confidence=0.4),
    ]
    return work


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


@pytest.mark.parametrize("kind", ["arc", "characters", "scenes"])
def test_plots_hostile_story_text_stays_text(kind: str) -> None:
    svg = render_plot(_work(), kind)
    root = _parse(svg)
    assert "<script" not in svg
    assert not list(root.iter(f"{NS}script"))
    assert "\x01" not in svg


def test_plots_arc_draws_curve_scene_boundaries_and_warning_markers() -> None:
    root = _parse(arc_svg(_work()))
    titles = [t.text or "" for t in root.iter(f"{NS}title")]
    assert sum(t.endswith("starts") for t in titles) == 3  # boundaries between 4 scenes
    markers = [t for t in titles if t.startswith("scene ") and "(" in t]
    assert len(markers) == 2  # scenes 2 and 4 carry warnings
    assert "violence (graphic)" in markers[0] and "death (mentioned)" in markers[0]
    assert any("man in a hole" in (t.text or "") for t in root.iter(f"{NS}text"))


def test_plots_characters_draw_nodes_and_known_edges_only() -> None:
    root = _parse(characters_svg(_work()))
    assert len(list(root.iter(f"{NS}circle"))) == 3
    lines = [e for e in root.iter(f"{NS}line") if e.find(f"{NS}title") is not None]
    together = [e for e in lines if "share" in e.findtext(f"{NS}title")]
    edges = [e for e in lines if e not in together]
    assert len(edges) == 2  # "Nobody" is not a character: no edge
    assert any(e.get("stroke-dasharray") for e in edges)  # the platonic one
    # Only the hostile-named character and Elias meet (scene 2); Tomas is alone in scene 4.
    assert len(together) == 1 and "share 1 scene" in together[0].findtext(f"{NS}title")


def test_plots_scene_strip_has_one_block_per_scene() -> None:
    root = _parse(scenes_svg(_work()))
    blocks = [g for g in root.iter(f"{NS}g") if (g.findtext(f"{NS}title") or "").startswith("chapter")]
    assert len(blocks) == 4
    assert "no warnings" in blocks[0].findtext(f"{NS}title")
    assert "chapter 2, scene 4" in blocks[3].findtext(f"{NS}title")


def test_plots_empty_work_gives_a_message_not_an_error() -> None:
    for kind in ("arc", "characters", "scenes"):
        _parse(render_plot(Work(text="x"), kind))


def test_plots_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        render_plot(_work(), "pie")


def test_plots_png_export_or_clear_error() -> None:
    svg = arc_svg(_work())
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):
        with pytest.raises(ConfigError):
            svg_to_png(svg)
    else:
        assert svg_to_png(svg).startswith(b"\x89PNG")


def test_plots_cli_writes_svg(tmp_path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Ana was happy in the bright warm morning. She laughed with joy.\n\n"
        "Then the terrible news came and she wept with grief and pain.\n\n"
        "At last Ben came home, and they were together and happy again.\n",
        encoding="utf-8",
    )
    out = tmp_path / "arc.svg"
    result = CliRunner().invoke(
        app, ["plot", str(story), "--kind", "arc", "--out", str(out), "--stages", "structure,arc"]
    )
    assert result.exit_code == 0, result.output
    root = _parse(out.read_text(encoding="utf-8"))
    assert root.find(f"{NS}path") is not None  # the curve, not the "did not run" message
    bad = CliRunner().invoke(app, ["plot", str(story), "--kind", "pie"])
    assert bad.exit_code == 2
