"""Name forms the characters stage must keep whole or join (issue 14, item 4)."""

from __future__ import annotations

from ficlens.api import analyze
from ficlens.names import cluster_names


def _cast(text: str) -> dict[str, list[str]]:
    work = analyze(text.encode(), name="story.txt", stages=["structure", "characters"])
    return {c.name: c.aliases for c in work.inferred.characters}


def test_a_romanised_given_name_keeps_its_lower_case_syllable() -> None:
    cast = _cast(
        "The Fleet\nby someone\n\nYang Wen-li sat at the desk. Yang Wen-li poured the tea. "
        "Kim Hyun-woo watched Yang Wen-li drink it, and Kim Hyun-woo laughed.\n"
    )
    assert "Yang Wen-li" in cast and "Kim Hyun-woo" in cast
    assert "Yang Wen" not in cast


def test_honorifics_and_english_tails_stay_off_the_name() -> None:
    cast = _cast(
        "Dojo\nby someone\n\nNaruto-kun waved. Naruto grinned at Sasuke. Sasuke looked Naruto-ish today, "
        "Sakura thought, and Naruto laughed at Sasuke.\n"
    )
    assert not any("-" in name for name in cast), cast


def test_nat_is_natasha_or_nathaniel_whichever_the_story_names() -> None:
    assert cluster_names(["Natasha Romanoff", "Nat"]) == [["Natasha Romanoff", "Nat"]]
    assert cluster_names(["Nathaniel Bright", "Nat"]) == [["Nathaniel Bright", "Nat"]]
