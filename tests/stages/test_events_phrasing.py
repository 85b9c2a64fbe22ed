"""Phrasings read on a new split of stories (fresh11, stop 34): an attempt on a ledge with "toes on
nothing", an overdose told by the foil of the pills and the 999 call, a wish "to not be here" (the idioms read
there are in test_events_idioms.py); and a death with kin or a clause between the name and the verb
("Askeladd, son of Olaf, died", stop 37).

Written for these tests, around two named people.
"""

from __future__ import annotations

import pytest
from story_helpers import analyse_story, archive_names, victims

_DAY = (
    "Nina Varga closed the shop at six. Owen Pike swept the floor and counted the till. "
    "Nina laughed at the cat in the window. Owen locked the back door. "
) * 3


def test_a_ledge_with_the_toes_on_nothing_is_an_attempt() -> None:
    work = analyse_story(
        _DAY
        + "\n\nNina went up to the roof after midnight. She climbed over the low wall, onto the ledge, and stood "
        "there with her heels on the concrete and her toes on nothing. Owen came up the stairs and said her name, "
        "and talked her down, and she sat in a puddle and cried.\n\n" + _DAY
    )
    assert [(w.kind, w.severity) for w in work.inferred.self_harm] == [("attempt", "depicted")]


def test_an_overdose_told_by_the_foil_and_the_call_for_help() -> None:
    work = analyse_story(
        _DAY
        + "\n\nOn the kitchen table, at two: one bottle of vodka, and forty small foil blisters, pushed through one "
        "at a time. Her fingers shook. She did not stop.\n\nAt seven Owen found Nina on the bathroom floor, "
        "breathing strangely. He dials 999 wrong the first time.\n\nThe next day, Ward 4B: a jug of water.\n\n"
        + _DAY
    )
    assert [w.kind for w in work.inferred.self_harm] == ["attempt"]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"


def test_a_wish_to_not_be_here_is_ideation() -> None:
    work = analyse_story(
        _DAY
        + "\n\nNina didn't want to die. She just wanted to not be here for a while, and she lay very still.\n\n"
        + _DAY
    )
    assert [w.kind for w in work.inferred.self_harm] == ["ideation"]


_SHIELD_WALL = (
    "Uhtric stood in the shield wall at dawn. Ubbe came down the hill with his men. Ubbe laughed at the Saxons. "
    "Uhtric watched Ubbe and waited. Ubbe raised his axe and shouted. Leofwin swore beside Uhtric. "
) * 2
_AFTER = (
    "Afterwards, Odric the Younger took the credit for it, and went off to tell King Aldhelm how he had killed "
    "Ubbe with his own hand. Ubbe had been the terror of the coast for ten years. Ubbe's raven banner lay in the mud. "
) * 2


@pytest.mark.parametrize(
    ("notes", "mcd"), [("Notes: Spoilers, obviously. Set in season one.\n\n", False), ("", True)]
)
def test_a_death_told_afterwards_is_the_canons_when_the_notes_warn_of_spoilers(notes: str, mcd: bool) -> None:
    """A canon the KB cannot name is still a canon when the notes warn of spoilers for it."""
    work = analyse_story("The River\nby someone\n\n" + notes + _SHIELD_WALL + "\n\n***\n\n" + _AFTER)
    assert work.inferred.fandoms[0].name == "Unknown fandom"
    assert ("Major Character Death" in archive_names(work)) is mcd


@pytest.mark.parametrize(
    "death",
    [
        "Owen Pike, son of Harold, died on the floor of the shop a little after midnight.",
        "Owen Pike, who had never been ill a day in his life, died on the floor of the shop.",
        "Owen Pike, 2nd Battalion, the Rifles, aged nineteen, died on the floor of the shop.",
    ],
)
def test_a_death_told_with_kin_or_a_clause_between_the_name_and_the_verb(death: str) -> None:
    # "Askeladd, son of Olaf, died": the phrase between the name and the verb does not hide who died.
    work = analyse_story(_DAY + "\n\n" + death + " Nina held his hand until the ambulance came.\n\n" + _DAY)
    assert "Owen Pike" in victims(work, "death")


@pytest.mark.parametrize(
    ("notes", "mcd"),
    [
        ("Some sad bits.", True),
        ("The death of a minor original character.", False),
        ("Minor Character Death", False),
        ("Major Character Death, and a minor character death too.", True),
    ],
)
def test_a_death_the_notes_call_minor_is_no_archive_warning(notes: str, mcd: bool) -> None:
    # Owen is the second most-named person; the notes' word decides whether his death is a major one.
    after = _DAY.replace("Owen Pike swept the floor and counted the till. ", "").replace(
        "Owen locked the back door. ", "Nina locked the back door. "
    )
    work = analyse_story(
        f"The Shop\nby someone\n\nNotes: {notes}\n\n{_DAY}\n\nOwen Pike died on the floor of the shop a little "
        "after midnight. Nina held his hand until the ambulance came, and then she sat on the step.\n\n"
        + after
    )
    assert ("Major Character Death" in archive_names(work)) is mcd
