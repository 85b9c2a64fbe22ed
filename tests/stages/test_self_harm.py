"""Suicide attempts, ideation and self-harm told without the words, and their look-alikes (issue 15)."""

from __future__ import annotations

import pytest
import self_harm_stories as S
from held_out import story_texts

import ficlens
from ficlens.model import Work

STAGES = ["structure", "stats", "characters", "pov", "content_warnings", "events", "rating"]


@pytest.fixture(scope="module")
def analysed() -> dict[str, Work]:
    names = [n for n in dir(S) if n.isupper() and not n.startswith("_")]
    return {n: ficlens.analyze(getattr(S, n).encode(), stages=STAGES) for n in names}


def _kinds(work: Work) -> set[tuple[str, str | None]]:
    return {(w.kind, w.who) for w in work.inferred.self_harm}


def test_walking_into_the_sea_with_a_note_and_a_rescue_is_an_attempt(analysed: dict[str, Work]) -> None:
    work = analysed["WATER_ATTEMPT"]
    assert ("attempt", "Iris Penhale") in _kinds(work)
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"
    assert any(cw.id == "suicide" for cw in work.inferred.content_warnings)


def test_a_swim_for_fun_is_no_attempt(analysed: dict[str, Work]) -> None:
    assert analysed["SWIM_FOR_FUN"].inferred.self_harm == []


def test_a_wish_not_to_wake_up_is_ideation(analysed: dict[str, Work]) -> None:
    work = analysed["IDEATION_ONLY"]
    assert [w.kind for w in work.inferred.self_harm] == ["ideation"]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"


def test_a_joking_death_wish_is_no_ideation(analysed: dict[str, Work]) -> None:
    assert analysed["FIGURATIVE_DEATH_WISH"].inferred.self_harm == []


def test_a_blade_on_ones_own_forearm_with_its_aftermath_is_self_harm_on_the_page(
    analysed: dict[str, Work],
) -> None:
    work = analysed["SELF_HARM_BLADE"]
    assert ("self-harm", "Nell Varga") in _kinds(work)
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"


def test_a_kitchen_cut_is_no_self_harm(analysed: dict[str, Work]) -> None:
    assert analysed["COOKING_CUT"].inferred.self_harm == []


def test_old_scars_in_rows_are_past_self_harm_mentioned(analysed: dict[str, Work]) -> None:
    work = analysed["OLD_SCARS"]
    assert [(w.kind, w.who, w.severity) for w in work.inferred.self_harm] == [
        ("self-harm", "Jo Arden", "mentioned")
    ]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"


def test_war_scars_are_no_self_harm(analysed: dict[str, Work]) -> None:
    assert analysed["WAR_SCARS"].inferred.self_harm == []


def test_a_feared_attempt_that_is_denied_is_no_attempt(analysed: dict[str, Work]) -> None:
    assert analysed["DENIED_ATTEMPT"].inferred.self_harm == []


def test_past_self_harm_told_in_dialogue_is_mentioned(analysed: dict[str, Work]) -> None:
    work = analysed["SPOKEN_PAST_SELF_HARM"]
    assert [(w.kind, w.who, w.severity) for w in work.inferred.self_harm] == [
        ("self-harm", "Ada Lark", "mentioned")
    ]


def test_ones_own_drowning_imagined_is_ideation(analysed: dict[str, Work]) -> None:
    work = analysed["IMAGINED_DROWNING"]
    assert [(w.kind, w.who) for w in work.inferred.self_harm] == [("ideation", "Rhys Morgan")]


def test_deaths_in_a_game_do_not_raise_the_rating(analysed: dict[str, Work]) -> None:
    work = analysed["GAME_DEATHS"]
    assert work.inferred.self_harm == []
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


def test_sitting_on_the_edge_of_a_roof_denied_is_no_attempt(analysed: dict[str, Work]) -> None:
    assert analysed["ROOF_SITTER"].inferred.self_harm == []


def test_a_note_mentioning_past_self_harm_warns_as_mentioned(analysed: dict[str, Work]) -> None:
    work = analysed["NOTE_PAST_SELF_HARM"]
    assert [(w.kind, w.severity) for w in work.inferred.self_harm] == [("self-harm", "mentioned")]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"


def test_a_death_undone_on_the_page_still_asks_for_teen() -> None:
    import events_stories as E

    work = ficlens.analyze(E.DEATH_UNDONE.encode(), stages=STAGES)
    assert any(e.label == "death" and e.mode == "undone" for e in work.inferred.events)
    rating = work.inferred.rating
    assert rating is not None and rating.name == "Teen And Up Audiences"
    assert any("undone" in r for r in rating.reasons)


def test_tan_lines_an_insult_and_a_way_of_living_are_no_self_harm_or_ideation(
    analysed: dict[str, Work],
) -> None:
    assert analysed["LOOK_ALIKES"].inferred.self_harm == []


def test_every_reader_match_holds_one_of_its_gate_words() -> None:
    """The str.find gates only skip text a reader cannot match (same cues, less searching)."""
    from ficlens.stages import _self_harm as T

    # The held-out split is read by no test: a failure message would show its text.
    texts = story_texts()
    texts += [getattr(S, n) for n in dir(S) if n.isupper() and not n.startswith("_")]
    readers = [(rx, needs) for _, rx, needs in T.MEANS] + [(rx, needs) for rx, needs, _ in T.IDEATION]
    readers += [(T.SELF_HARM_ACT, T.SELF_HARM_ACT_WORDS), (T.SCARS, T.SCARS_WORDS), (T.USED_TO, ("used to",))]
    matched = 0
    for text in texts:
        for paragraph in text.lower().split("\n\n"):
            for rx, needs in readers:
                for m in rx.finditer(paragraph):
                    matched += 1
                    assert any(w in f" {m.group(0)} " for w in needs), m.group(0)
    assert matched > 20


def test_a_swim_an_accident_a_slice_of_cake_and_a_cats_scars_are_no_self_harm(
    analysed: dict[str, Work],
) -> None:
    assert analysed["EVERYDAY_LOOK_ALIKES"].inferred.self_harm == []


def test_means_with_only_a_hospital_or_a_goodbye_near_them_are_no_attempt(analysed: dict[str, Work]) -> None:
    # Pills counted on a ward, a car on black ice, a river entered after a dog, a farewell swim.
    assert analysed["MEANS_WITHOUT_AN_ATTEMPT"].inferred.self_harm == []
