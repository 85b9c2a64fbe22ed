"""Idioms are no deaths or wounds: "dead on her feet", "over my dead body", "overdosed on sugar", "shot him a
look" (stop 25).

Written for these tests, in a plain bakery day; the real deaths beside them still read as deaths.
"""

from __future__ import annotations

import pytest
from story_helpers import analyse_story, victims

_DAY = (
    "The bakery opened at seven. Anna Marsh tied her apron and Ben Okoro lit the ovens. "
    "Anna laughed at the burnt tray. Ben swept the floor and hummed. "
) * 3


@pytest.mark.parametrize(
    "line",
    [
        "Anna was dead on her feet by noon.",
        "Anna was dead tired and went home.",
        "Anna was dead-tired and went home.",
        "Ben was dead set against the new oven.",
        '"Over my dead body," Anna said, and threw a tea towel at Ben.',
        "Anna overdosed on sugar after the tasting and had to lie down on the sofa, giggling.",
        "Anna shot him a look.",
        "Ben shot her a quick text from the storeroom.",
        "Ben died a little inside when the critic frowned.",
    ],
)
def test_an_idiom_is_no_death_and_asks_for_no_rating(line: str) -> None:
    work = analyse_story(_DAY + "\n\n" + line + "\n\n" + _DAY)
    assert not [e for e in work.inferred.events if e.label in ("death", "violence", "suicide_attempt")]
    assert not work.inferred.self_harm
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


@pytest.mark.parametrize(
    "line",
    [
        "Anna was dead on arrival at the hospital.",
        "Ben knelt over her dead body and wept.",
        "Anna was dead.",
    ],
)
def test_the_same_words_told_plainly_are_a_death(line: str) -> None:
    work = analyse_story(_DAY + "\n\nThe fire took the bakery in the night. " + line + "\n")
    assert victims(work, "death") == ["Anna Marsh"]


def test_an_overdose_of_a_drug_and_a_shot_at_someone_are_still_read() -> None:
    work = analyse_story(_DAY + "\n\nThat night Anna overdosed on sleeping pills. Ben found her at dawn.\n")
    assert "suicide_attempt" in {e.label for e in work.inferred.events}
    shot = analyse_story(_DAY + "\n\nThe robber shot Ben twice in the chest and ran.\n")
    assert "Ben Okoro" in victims(shot, "violence")
