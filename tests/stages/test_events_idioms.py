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
        # stop 34, read on the fresh11 split
        "\"You're not coming back,\" Ben said. He didn't make it a question.",
        "Anna is dying of happiness over the new oven.",
        "Note to self: the regulars killed me tonight. In the best way. Do it again next week.",
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


_AFTER = (
    "\n\n* * *\n\nThe bakery stayed shut for a week. Ben came back alone. He lit the ovens and did not sing. "
    "Her apron still hung on the hook by the door, and he could not bring himself to move it.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Anna never woke up.",  # matched by a trigger since stop 22, but no sentence with "woke" was read
        "Anna slipped away in the early hours, Ben holding her hand.",
        "Anna lost her fight with the cancer in March.",
        "Anna didn't survive the night.",
        "Anna succumbed to her injuries.",
    ],
)
def test_a_death_told_as_obituaries_and_doctors_tell_it_is_a_major_character_death(line: str) -> None:
    work = analyse_story(_DAY + "\n\n* * *\n\n" + line + _AFTER)
    mcd = [w for w in work.inferred.archive_warnings if w.name == "Major Character Death"]
    assert mcd and mcd[0].characters == ["Anna Marsh"]


@pytest.mark.parametrize(
    "line",
    [
        "Anna slipped away from the party before the speeches.",
        "Anna lost her temper with the supplier.",
        "Anna barely survived the lunch rush.",
        "Anna buried her face in Ben's shoulder.",
    ],
)
def test_the_same_verbs_in_a_plain_day_are_no_death(line: str) -> None:
    assert victims(analyse_story(_DAY + "\n\n" + line + "\n\n" + _DAY), "death") == []


def test_what_is_left_of_someone_tells_their_death() -> None:
    for line in (
        "Anna's body was found in the river three days later.",
        "Ben scattered Anna's ashes over the sea.",
    ):
        assert "Anna Marsh" in victims(analyse_story(_DAY + "\n\n* * *\n\n" + line + _AFTER), "death")


@pytest.mark.parametrize(
    ("line", "label"),
    [
        # Each was matched by a trigger but never read: no word of the sentence passed the prefilter.
        ("Anna lay dying on the kitchen floor.", "dying"),
        ("The raiders slaughtered Anna.", "death"),
        (
            '"I can\'t go on like this," Anna whispered. "I don\'t want to be here anymore."',
            "suicidal_ideation",
        ),
    ],
)
def test_a_sentence_a_trigger_matches_is_read(line: str, label: str) -> None:
    work = analyse_story(_DAY + "\n\n* * *\n\n" + line + "\n")
    assert label in {e.label for e in work.inferred.events}


def test_dying_to_know_is_no_dying() -> None:
    work = analyse_story(_DAY + "\n\nAnna was dying to know what Ben had baked.\n\n" + _DAY)
    assert not [e for e in work.inferred.events if e.label == "dying"]


def test_a_lost_argument_is_no_lost_fight_with_illness() -> None:
    work = analyse_story(_DAY + "\n\nAnna lost her fight with Ben about the oven, and sulked.\n\n" + _DAY)
    assert victims(work, "death") == []
