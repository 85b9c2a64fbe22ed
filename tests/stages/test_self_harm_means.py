"""Attempts told by their classic means alone (stop 35, found by scripts/probe_attempts.py): every pill in
the bottle and lying down to wait, a bath run and a razor drawn down the wrist, a belt tied to a beam and a
chair; and the same cord and chair put up for fairy lights. Written for these tests."""

from __future__ import annotations

import pytest
from story_helpers import analyse_story

_DAY = (
    "Dana Hale worked the early shift at the bakery. Marcus Reed drove the van. "
    "Dana laughed at the radio. Marcus burned the first tray of rolls. "
) * 3


def _kinds(line: str) -> list[str]:
    work = analyse_story(_DAY + "\n\n" + line + "\n\n" + _DAY)
    return [w.kind for w in work.inferred.self_harm]


@pytest.mark.parametrize(
    "line",
    [
        "Dana swallowed every pill in the bottle, one after another, and lay down to wait.",
        "Dana filled the bath, took her father's razor from the cabinet and drew it down her wrist.",
        "Dana tied the belt to the beam in the garage and stood on the chair.",
    ],
)
def test_an_attempt_told_by_its_means(line: str) -> None:
    assert _kinds(line) == ["attempt"]


def test_a_rope_and_a_chair_for_the_fairy_lights_are_no_attempt() -> None:
    assert _kinds("Dana tied the rope to the beam and stood on the chair to hang the fairy lights.") == []
