"""Who "you" is in a second-person story, and events that happen to "you" tied to that character."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.model import FandomGuess, Work
from ficlens.stages._addressee import _namer, addressee, votes

STAGES = ["structure", "stats", "characters", "pov", "content_warnings", "events", "rating"]

NAMED_OUTRIGHT = """The Lighthouse Stair

Your name is Tamsin Pell, and you have kept the light on Skerry Rock for nine winters. You climb the
stair every evening at dusk with the oil can in one hand and the lamp in the other. You count the steps
out of habit. Jory waits at the bottom with the dog and shouts up the weather to you.

"Wind's backing west," Jory calls. You wave without looking down.

* * *

The storm comes in after midnight. You are on the gallery, trimming the wick, when the rail gives way
under your hand. You fall. You hit the rocks below the tower, and you die there in the dark.

Jory finds your body at first light. He sits with you on the wet rocks for a long time, and then he
carries you up to the house.
"""

NAMED_BY_VOCATIVES = """Night Shift

"Morning, Corin," Ada says when you come in, though it is past ten at night. You hang your coat on the
hook and take the clipboard from her.

The ward is quiet. You walk the beds and check the drips and write the numbers down. Ada makes tea in
the little kitchen and hums to herself. You like the quiet hours best.

"Corin!" Ada calls from bed six, sharp and frightened. You run.

The man in bed six is grey and sweating. You press the alarm and start compressions, and you count out
loud, and Ada runs for the crash cart. The doctors come. He lives. Afterwards you sit in the kitchen and
drink the tea Ada made, stone cold now, and you do not mind at all.
"""

# "You" speaks to Ada by name, and Ada once calls a name back: one vote, no name.
UNNAMED = """Night Shift

"Ada," you say when you come in, though she is busy with a chart. You hang your coat on the hook and
take the clipboard from her. "Ada, is bed six asleep?"

The ward is quiet. You walk the beds and check the drips and write the numbers down. Ada makes tea in
the little kitchen and hums to herself. You like the quiet hours best.

"Bed six!" Ada calls from down the ward, sharp and frightened. You run.

The man in bed six is grey and sweating. You press the alarm and start compressions, and you count out
loud, and Ada runs for the crash cart. The doctors come. He lives. Afterwards you sit in the kitchen and
drink the tea Ada made, stone cold now, and you do not mind at all.
"""

# The same cues in a first-person story: "you" is someone the narrator talks to, not the narrator.
FIRST_PERSON = """Night Shift

"Morning, Corin," Ada says when I come in, though it is past ten at night. You were there too, Corin,
and you laughed at her. I hang my coat on the hook and take the clipboard from her. My hands are cold.

The ward is quiet. I walk the beds and check the drips and write the numbers down. I like the quiet
hours best. I think about you a lot on nights like this. Your name is on the rota still.

"Corin!" Ada calls from bed six, sharp and frightened. You ran that night, and I ran after you.
"""

# A death of "you" named by vocatives: the story of the vocative test, ending otherwise.
YOU_DIE_NAMED = """Whiteout

"Morning, Ruth," Hana says, and you look up from the stove. You lead the rope up the last slope with
Hana behind you. You like the sound your boots make in new snow. You point at the summit, and she
laughs at you.

Then the slope gives way under you. You fall a long way and land wrong. You try to stand, and you can't.

"Ruth! Ruth, hold on!" Hana shouts from far above. You try to answer her.

The cold comes into your hands, and then your feet. You think about the tent and the blue stove and the
tea. You die there on the rope, alone. An hour later Hana reaches your body, and she sits beside it in
the snow and weeps.
"""


@pytest.fixture(scope="module")
def analysed() -> dict[str, Work]:
    stories = ["NAMED_OUTRIGHT", "NAMED_BY_VOCATIVES", "UNNAMED", "FIRST_PERSON", "YOU_DIE_NAMED"]
    return {n: ficlens.analyze(globals()[n].encode(), stages=STAGES) for n in stories}


def _mcd(work: Work) -> list[str]:
    return next(
        (w.characters for w in work.inferred.archive_warnings if w.name == "Major Character Death"), []
    )


def test_your_name_is_names_you(analysed: dict[str, Work]) -> None:
    pov = analysed["NAMED_OUTRIGHT"].inferred.pov
    assert pov is not None and pov.person == "second" and pov.focal_character == "Tamsin Pell"


def test_vocatives_answered_by_you_name_you(analysed: dict[str, Work]) -> None:
    work = analysed["NAMED_BY_VOCATIVES"]
    assert work.inferred.pov is not None and work.inferred.pov.focal_character == "Corin"
    assert votes(work)["Corin"] == 2


def test_a_name_you_say_or_one_vocative_is_no_name(analysed: dict[str, Work]) -> None:
    work = analysed["UNNAMED"]
    assert work.inferred.pov is not None and work.inferred.pov.person == "second"
    assert work.inferred.pov.focal_character is None
    assert "Ada" not in votes(work)  # "'Ada,' you say": you are the speaker, not the one called


def test_a_first_person_story_is_untouched(analysed: dict[str, Work]) -> None:
    work = analysed["FIRST_PERSON"]
    assert work.inferred.pov is not None and work.inferred.pov.person == "first"
    assert work.inferred.pov.focal_character is None and addressee(work) is None


def test_you_dying_is_the_named_main_characters_death(analysed: dict[str, Work]) -> None:
    for story, who in [("NAMED_OUTRIGHT", "Tamsin Pell"), ("YOU_DIE_NAMED", "Ruth")]:
        work = analysed[story]
        assert _mcd(work) == [who], story
        reason = next(w for w in work.inferred.archive_warnings if w.name == "Major Character Death").reasons[
            0
        ]
        assert reason.startswith(f"{who} (you) dies in scene"), reason
        deaths = [e for e in work.inferred.events if e.label == "death" and e.mode == "present"]
        assert any(p.name == who and p.role == "victim" for e in deaths for p in e.participants)


def test_without_the_pov_stage_a_cheap_count_finds_the_second_person() -> None:
    work = ficlens.analyze(
        YOU_DIE_NAMED.encode(), stages=["structure", "characters", "content_warnings", "events", "rating"]
    )
    assert work.inferred.pov is None
    assert addressee(work) == "Ruth" and _mcd(work) == ["Ruth"]
    third = ficlens.analyze(
        YOU_DIE_NAMED.replace("you", "she").replace("You", "She").replace("your", "her").encode(),
        stages=["structure", "characters"],
    )
    assert addressee(third) is None


def _votes(text: str) -> dict[str, int]:
    return dict(votes(ficlens.analyze(text.encode(), stages=["structure", "characters", "pov"])))


def test_each_cue_is_a_vote() -> None:
    base = (
        "You sit at the helm of the Enterprise and watch the stars. You have the conn tonight. Bones comes "
        "in with two cups of coffee and a scowl, and Spock stands at the science station. "
    )
    # A name called and answered by "you" in the same sentence: one vote.
    assert _votes(base + '"Jim," Bones says, and you look up from the screen. You take the cup.\n') == {
        "Jim": 1
    }
    # Said by "you": no vote; a list after "you," is no apposition.
    assert (
        _votes(base + '"Bones," you say. You take the cup. Between you, Spock, and Bones, it is quiet.\n')
        == {}
    )
    # Stated outright: enough alone.
    assert _votes(base + "They call you Jim, mostly. You take the cup from Bones.\n") == {"Jim": 2}


# Named "you" dies and is brought back: the name must not turn an undone death into a Major Character Death.
YOU_DIE_AND_RETURN = """Lazarus Ward

"Morning, Mara," Doctor Vell says, and you look up from the bed. You like her; she never lies to you.

"Mara, stay with me," Vell says when the monitor starts to shriek. You try to answer her. You die there on
the table at four in the morning, with her hands on your chest.

* * *

You open your eyes. The light is too bright. Vell is sitting by the bed, grey with tiredness.

"You died," she says. "For two minutes. We brought you back."

You sit up slowly. Your chest aches where she pushed on it. You ask for water, and she laughs, and gets it.
"""


def test_naming_you_does_not_change_an_undone_death() -> None:
    work = ficlens.analyze(YOU_DIE_AND_RETURN.encode(), stages=STAGES)
    assert work.inferred.pov is not None and work.inferred.pov.focal_character == "Mara"
    deaths = [(e.mode, [p.name for p in e.participants]) for e in work.inferred.events if e.label == "death"]
    assert ("undone", ["Mara"]) in deaths and not any(m == "present" for m, _ in deaths), deaths
    assert _mcd(work) == []
    unnamed = ficlens.analyze(
        YOU_DIE_AND_RETURN.replace("Morning, Mara", "Morning").replace("Mara, stay", "Stay").encode(),
        stages=STAGES,
    )
    assert [e.mode for e in unnamed.inferred.events if e.label == "death"] == [m for m, _ in deaths]


def test_a_name_is_a_found_character_or_a_canon_one_of_the_fandom() -> None:
    work = ficlens.analyze(
        b"You walk into the bar. Hana waves at you from the corner, and you sit down beside her.",
        stages=["structure", "characters"],
    )
    name = _namer(work)
    assert name("Hana") == "Hana" and name("HANA") == "Hana"
    assert name("Garrus") is None and name("Tuesday") is None  # no fandom known: only the found cast
    work.inferred.fandoms = [FandomGuess(name="Mass Effect", confidence=0.9)]
    name = _namer(work)
    assert name("Garrus") == "Garrus" and name("SHEPARD") == "Shepard"
    assert name("Tuesday") is None and name("Harry") is None  # not a person of this canon


def test_a_line_votes_once_for_its_name_at_either_end() -> None:
    base = (
        "You sit at the helm of the Enterprise and watch the stars. Bones comes in with two cups of coffee. "
    )
    assert _votes(base + '"Christ, Jim!" Bones says, and you laugh at him. You take the cup.\n') == {"Jim": 1}
