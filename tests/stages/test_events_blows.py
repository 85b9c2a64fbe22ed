"""Blows told by where they land ("The first round catches him in the thigh", "A claw raked his forearm",
"drove his sword up under the man's ribs") are violence on the page, and ask for Teen; a friendly slap on
the back, a game's boss hit with a sword, news that "hit her in the gut", and a shot told in a simile are not
what they seem (stops 34 and 35).

Written for these tests, in a plain farm day with two named people.
"""

from __future__ import annotations

import pytest
from story_helpers import analyse_story

_DAY = (
    "The farm woke at six. Mara Quill fed the hens and Tom Ashby mended the gate. "
    "Mara laughed at the goat. Tom carried the milk pails up to the house. "
) * 3


def _violence(line: str) -> list[tuple[str, list[str]]]:
    work = analyse_story(_DAY + "\n\n" + line + "\n\n" + _DAY)
    return [
        (e.mode, [p.name for p in e.participants if p.role == "victim"])
        for e in work.inferred.events
        if e.label == "violence"
    ]


@pytest.mark.parametrize(
    ("line", "victim"),
    [
        ("Shots came over the wall. The first round caught Tom in the thigh and he went down.", "Tom Ashby"),
        ("The wolf came out of the dark. A claw raked Mara's forearm through her sleeve.", "Mara Quill"),
        ("The thing was on Tom before he turned, and he felt its teeth in his shoulder.", "Tom Ashby"),
        ("The stranger pushed his knife into Tom's side and ran.", "Tom Ashby"),
        ("The stranger came back at dusk and kicked Mara in the face.", "Mara Quill"),
        # stop 35: a thrown stone or bottle, and a blow whose thrower the sentence does not name
        ("The boys on the wall threw stones, and a stone hit Tom in the temple.", "Tom Ashby"),
        ("The curse was a dirty orange, and it hit Tom in the side, just under his arm.", "Tom Ashby"),
        ("Something hit Mara in the back, hard, and she fell into the mud.", "Mara Quill"),
        # the marks a beating leaves, told afterwards
        ("Tom came home at midnight. He's got a split lip and one eye half shut.", "Tom Ashby"),
        ("Mara sat up in the hospital bed with a spectacular bruise coming up along her jaw.", "Mara Quill"),
        # stop 36: a body thrown against something hard
        (
            "The stranger had slammed Mara into the base of the stone wall, and her shoulder cracked.",
            "Mara Quill",
        ),
        ("Two of the drovers shoved Tom back against the fence post and held him there.", "Tom Ashby"),
    ],
)
def test_a_blow_told_by_where_it_lands_is_violence_now(line: str, victim: str) -> None:
    found = _violence(line)
    assert any(mode == "present" and victim in names for mode, names in found), found


def test_a_shot_told_with_a_simile_of_memory_is_no_memory() -> None:
    found = _violence(
        "The first of them came round the rock and Mara shot him, and the man sat down in the grass "
        "as if he had just remembered something he'd left at home."
    )
    assert [mode for mode, _ in found] == ["present"], found


@pytest.mark.parametrize(
    "line",
    [
        "Tom slapped Mara on the back and laughed.",
        "On the screen the elf drove the fire sword into the giant's knee and the boss level ended.",
        # a feeling that lands, not a blow (stop 35)
        "Then the news sank in, and it hit Mara in the gut, and she sat down on the step.",
        "Tom had a black eye from walking into the door, and Mara laughed at him all day.",
        # a kiss pushes someone against a wall; a ball thrown against one hits nobody (stop 36)
        "Mara shoved Tom against the barn wall and kissed him until the goat bleated.",
        "Tom threw the ball against the wall, over and over, while Mara read.",
    ],
)
def test_no_violence_to_anyone(line: str) -> None:
    work = analyse_story(_DAY + "\n\n" + line + "\n\n" + _DAY)
    assert not [e for e in work.inferred.events if e.label == "violence" and e.mode == "present"]
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


def test_life_said_to_be_unlike_a_film_is_no_film() -> None:
    found = _violence(
        "It isn't like a movie. There's no music, only mud and rain. "
        "The first round catches Tom in the thigh. He doesn't feel it until he stumbles."
    )
    assert any(mode == "present" and "Tom Ashby" in names for mode, names in found), found


def test_violence_on_a_film_screen_is_still_watched() -> None:
    found = _violence(
        "Mara and Tom watched the film in the dark. On the screen a cowboy rode into town. "
        "The first round caught the sheriff in the thigh and the audience gasped."
    )
    assert all(mode != "present" for mode, _ in found), found


def test_a_punch_landing_on_the_side_of_the_mouth_is_violence() -> None:
    found = _violence("Tom swung at the stranger. The punch caught Mara on the side of the mouth.")
    assert any(mode == "present" and "Mara Quill" in names for mode, names in found), found
