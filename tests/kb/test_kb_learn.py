"""Learning from the library: author tags + the names the text uses teach the KB overlay."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import ficlens
from ficlens.cli import app
from ficlens.kb.learn import align, learn_works, observe
from ficlens.kb.load import current_rows
from ficlens.model import Character, Declared, Mention, Source, Work
from ficlens.stages.fandom import detect_fandoms

runner = CliRunner()
FANDOM = "The Quiet Harbour (Web Series)"


def fake(name: str, n: int, aliases: list[str] | None = None) -> Character:
    return Character(
        name=name, aliases=aliases or [], mentions=[Mention(start=i, end=i + 1) for i in range(n)]
    )


def tagged_work(sha: str, characters: list[Character], fandoms: list[str] | None = None) -> Work:
    work = Work(text="x", source=Source(sha256=sha))
    work.declared = Declared(
        fandoms=fandoms or [FANDOM],
        characters=["Marisol Vantongeren", "Ptolemy Ashgrove", "Original Characters"],
        relationships=["Marisol Vantongeren/Ptolemy Ashgrove"],
    )
    work.inferred.characters = characters
    return work


def test_align_maps_tags_to_text_characters_by_name_words_and_nicknames() -> None:
    chars = [fake("Jack", 30, ["Harkness", "Captain Jack Harkness"]), fake("Jim", 10), fake("Ianto", 12)]
    got = align(["Jack Harkness", "James T. Kirk", "Ianto Jones", "Gwen Cooper"], chars)
    assert {t: [c.name for c in cs] for t, cs in got.items()} == {
        "Jack Harkness": ["Jack"],
        "James T. Kirk": ["Jim"],
        "Ianto Jones": ["Ianto"],
    }
    # A name the clustering kept apart joins the one tag it fits.
    split = align(["Marisol Vantongeren"], [fake("Marisol Vantongeren", 1), fake("Marisol", 9)])
    assert [c.name for c in split["Marisol Vantongeren"]] == ["Marisol Vantongeren", "Marisol"]
    # One bare "John" fits two tags equally: it is given to neither.
    assert align(["John Watson", "John Sheppard"], [fake("John", 5)]) == {}


def test_observe_places_crossover_tags_by_suffix_and_skips_generic_tags() -> None:
    work = tagged_work("a", [fake("Crowley", 9)], fandoms=["Good Omens (TV)", "Sherlock (TV)"])
    work.declared.characters = ["Crowley (Good Omens)", "Mystery Person", "Reader"]
    obs = observe(work)
    assert obs is not None
    by_tag = {c["tag"]: c for c in obs["characters"]}
    assert by_tag["Crowley (Good Omens)"]["fandom"] == "Good Omens (TV)"
    assert by_tag["Mystery Person"]["fandom"] is None and "Reader" not in by_tag
    assert observe(Work(text="x")) is None  # no author tags: nothing to learn


def test_learning_is_counted_once_per_work_and_teaches_the_fandom_stage() -> None:
    cast = [fake("Marisol", 20), fake("Ashgrove", 14)]
    assert detect_fandoms(cast)[0][0].name == "Unknown fandom"
    first = tagged_work("a" * 64, [fake("Marisol", 20, ["Sol"]), fake("Ptolemy Ashgrove", 14, ["Ashgrove"])])
    report = learn_works([first])
    assert (report.tagged, report.new, report.characters, report.relationships) == (1, 1, 2, 1)
    again = learn_works([first])  # the same content: nothing new, counts unchanged
    assert again.new == 0
    rows = {c.name: c for c in current_rows().characters if c.fandom == FANDOM}
    assert rows["Marisol Vantongeren"].works == 1
    assert rows["Marisol Vantongeren"].forms == {"Marisol": 1, "Sol": 1}
    learn_works([tagged_work("b" * 64, [fake("Marisol", 5)])])
    rows = {c.name: c for c in current_rows().characters if c.fandom == FANDOM}
    assert rows["Marisol Vantongeren"].works == 2 and rows["Marisol Vantongeren"].forms["Marisol"] == 2
    guesses, mapping = detect_fandoms(cast)
    assert guesses[0].name == FANDOM
    assert mapping[FANDOM]["Marisol"] == "Marisol Vantongeren"


def test_crossover_tag_is_placed_by_another_learned_work() -> None:
    cross = tagged_work("c" * 64, [], fandoms=[FANDOM, "Some Other Show"])
    single = tagged_work("d" * 64, [])
    learn_works([cross, single])
    rows = [c for c in current_rows().characters if c.name == "Ptolemy Ashgrove"]
    assert [(c.fandom, c.works) for c in rows] == [(FANDOM, 2)]


STORY = """---
title: Low Tide
author: someone
fandom:
- {fandom}
characters:
- Marisol Vantongeren
- Ptolemy Ashgrove
relationship:
- Marisol Vantongeren/Ptolemy Ashgrove
rating: General Audiences
---

Marisol Vantongeren walked the harbour wall at dawn. Marisol liked the quiet. Ptolemy Ashgrove was
already there, mending nets. "Morning," said Ashgrove. Marisol nodded and sat beside him.

"The boats are late," Marisol said. Ashgrove shrugged. "They always are." Marisol laughed, and
Ashgrove laughed with her, and for a while the two of them watched the grey water together.
Later Marisol went home, and Ashgrove stayed with the nets until the light was gone.
"""

UNTAGGED = """Marisol found Ashgrove on the harbour wall again. "You never sleep," Marisol said.
Ashgrove smiled. "Neither do you." Marisol sat down. Ashgrove handed her a mug of tea, and
Marisol drank it while the tide came in. "Tomorrow," Ashgrove said. Marisol agreed.
Marisol and Ashgrove watched the boats come home.
"""


def test_import_learns_and_the_next_untagged_story_gets_the_canon(tmp_path: Path) -> None:
    fics = tmp_path / "fics"
    fics.mkdir()
    (fics / "low-tide.md").write_text(STORY.format(fandom=FANDOM), encoding="utf-8")
    lib = tmp_path / "lib.sqlite"
    untagged = tmp_path / "next.txt"
    untagged.write_text(UNTAGGED, encoding="utf-8")
    stages = ["structure", "characters", "fandom"]
    assert ficlens.analyze(untagged, stages=stages).inferred.fandoms[0].name == "Unknown fandom"
    skipped = runner.invoke(app, ["import", str(fics), "--jobs", "1", "--no-learn", "--library", str(lib)])
    assert skipped.exit_code == 0, skipped.output
    assert not any(c.fandom == FANDOM for c in current_rows().characters)
    result = runner.invoke(app, ["kb", "learn", "--library", str(lib)])
    assert result.exit_code == 0, result.output
    assert "1 with author tags" in result.stdout
    shown = json.loads(runner.invoke(app, ["kb", "show", FANDOM, "--json"]).stdout)
    marisol = next(c for c in shown["characters"] if c["name"] == "Marisol Vantongeren")
    assert marisol["works"] == 1 and marisol["source"] == "library" and "Marisol" in marisol["forms"]
    assert ficlens.analyze(untagged, stages=stages).inferred.fandoms[0].name == FANDOM
    # `ficlens add` learns by default; a second tagged work counts as a second work.
    second = tmp_path / "high-tide.md"
    second.write_text(STORY.format(fandom=FANDOM).replace("Low Tide", "High Tide"), encoding="utf-8")
    assert runner.invoke(app, ["add", str(second), "--library", str(lib)]).exit_code == 0
    rows = {c.name: c for c in current_rows().characters if c.fandom == FANDOM}
    assert rows["Marisol Vantongeren"].works == 2


def test_kb_remove_library_forgets_what_was_learned() -> None:
    work = tagged_work("e" * 64, [fake("Marisol", 5)])
    assert learn_works([work]).new == 1
    assert runner.invoke(app, ["kb", "remove", "library"]).exit_code == 0
    assert not any(c.fandom == FANDOM for c in current_rows().characters)
    assert learn_works([work]).new == 1  # forgotten, so learned afresh


def test_two_formats_of_one_work_count_once() -> None:
    html, epub = tagged_work("1" * 64, [fake("Marisol", 5)]), tagged_work("2" * 64, [fake("Marisol", 5)])
    for work in (html, epub):
        work.title, work.authors, work.declared.published = "Low Tide", ["someone"], "2020-01-02"
    assert learn_works([html, epub]).new == 1
    rows = {c.name: c for c in current_rows().characters if c.fandom == FANDOM}
    assert rows["Marisol Vantongeren"].works == 1
    other = tagged_work("3" * 64, [fake("Marisol", 5)])
    other.title, other.authors = "High Tide", ["someone"]
    learn_works([other])
    rows = {c.name: c for c in current_rows().characters if c.fandom == FANDOM}
    assert rows["Marisol Vantongeren"].works == 2
