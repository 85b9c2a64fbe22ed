"""POV stage: person outside dialogue, tense, focal character, per-scene switches."""

from __future__ import annotations

from h3_stories import NO_NAMES, make_work

from ficlens.model import Work
from ficlens.stages.characters import characters
from ficlens.stages.pov import pov

FIRST_PAST = """I walked down to the river that morning. My father had told me not to, but I went anyway.
Anna was waiting for me there. She smiled when she saw me, and I sat down beside her.
"I think he knows," she said. I shook my head and looked at the water.
"""

THIRD_PRESENT = """Anna walks to the window. She looks out at the rain and sighs. "I hate this," she says. "I want to go."
Anna turns away. She picks up her coat, and she leaves the house. Anna runs to the bus stop.
"""

SECOND = """You wake up in a strange room. Your head hurts, and you cannot remember your name.
You stand and walk to the door. It is locked. You call out, but nobody answers you.
"""

SWITCH = (
    "Anna walked to the market. Anna bought bread, and she carried it home. Anna was tired, and she slept.\n"
    "Ben woke early. Ben made coffee, and he read the paper. Ben was happy, and he whistled.\n"
)


def analysed(text: str, breaks: list[int] | None = None) -> Work:
    return pov(characters(make_work(text, breaks)))


def test_pov_first_person_past() -> None:
    p = analysed(FIRST_PAST).inferred.pov
    assert p is not None and (p.person, p.tense) == ("first", "past")
    assert p.focal_character is None


def test_pov_dialogue_does_not_make_first_person() -> None:
    p = analysed(THIRD_PRESENT).inferred.pov
    assert p is not None and (p.person, p.tense) == ("third", "present")
    assert p.focal_character == "Anna"


def test_pov_second_person() -> None:
    p = analysed(SECOND).inferred.pov
    assert p is not None and p.person == "second"


def test_pov_switch_between_scenes() -> None:
    work = analysed(SWITCH, breaks=[SWITCH.index("Ben woke")])
    p = work.inferred.pov
    assert p is not None and p.person == "third"
    assert [(s.scene, s.person, s.focal_character) for s in p.switches] == [(1, "third", "Ben")]


def test_pov_too_little_text_is_unknown() -> None:
    p = analysed("Rain.").inferred.pov
    assert p is not None and p.person is None and p.tense is None


def test_pov_no_names_still_reads_person() -> None:
    p = analysed(NO_NAMES).inferred.pov
    assert p is not None and p.focal_character is None
