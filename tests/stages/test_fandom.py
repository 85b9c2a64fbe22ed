"""Fandom stage: knowledge-base lookups, crossovers, Original Work and canonical tags."""

from __future__ import annotations

from importlib import resources

import pytest
from h3_stories import CROSSOVER, ORIGINAL, TORCHWOOD, make_work

from ficlens.model import Character, Mention, Work
from ficlens.stages.characters import characters
from ficlens.stages.fandom import ORIGINAL_WORK, detect_fandoms, fandom, load_kb


def analysed(text: str) -> Work:
    return fandom(characters(make_work(text)))


def fake(name: str, n: int, aliases: list[str] | None = None) -> Character:
    return Character(
        name=name, aliases=aliases or [], mentions=[Mention(start=i, end=i + 1) for i in range(n)]
    )


def test_fandom_detects_torchwood_and_maps_tags() -> None:
    work = analysed(TORCHWOOD)
    assert work.inferred.fandoms[0].name == "Torchwood"
    tags = {c.name: c.canonical for c in work.inferred.characters}
    assert tags["Jack Harkness"] == "Jack Harkness"
    assert "Jack Harkness" in work.inferred.fandoms[0].evidence


def test_fandom_crossover_names_both() -> None:
    names = [f.name for f in analysed(CROSSOVER).inferred.fandoms]
    assert len(names) >= 2
    assert any("Sherlock" in n for n in names) and any("Stargate" in n for n in names)


def test_fandom_original_work_when_nothing_matches() -> None:
    guesses = analysed(ORIGINAL).inferred.fandoms
    assert [g.name for g in guesses] == [ORIGINAL_WORK]
    assert 0.0 <= guesses[0].confidence <= 1.0


def test_fandom_no_characters_is_original_work() -> None:
    guesses, mapping = detect_fandoms([])
    assert [g.name for g in guesses] == [ORIGINAL_WORK] and mapping == {}


def test_fandom_one_common_first_name_is_not_a_canon() -> None:
    guesses, _ = detect_fandoms([fake("John", 30)])
    assert guesses[0].name == ORIGINAL_WORK


def test_fandom_more_mentions_more_confidence() -> None:
    low, _ = detect_fandoms([fake("Aziraphale", 2), fake("Crowley", 2)])
    high, _ = detect_fandoms([fake("Aziraphale", 40), fake("Crowley", 40)])
    assert "Good Omens" in high[0].name
    assert high[0].confidence > low[0].confidence


@pytest.mark.parametrize("name", ["kb.json.gz", "kb_nicknames.tsv", "kb_given_names.txt"])
def test_fandom_resources_ship_small(name: str) -> None:
    size = len(resources.files("ficlens.resources").joinpath(name).read_bytes())
    assert 0 < size < 200_000


def test_fandom_kb_indexes_aliases() -> None:
    kb = load_kb()
    assert any(e.name == "Jack Harkness" for e in kb.full["jack harkness"])
    assert "castiel" in kb.single
