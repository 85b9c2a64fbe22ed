"""Deaths, attempts and who they happen to, told in ways the earlier passes missed (issue 15, stop 24).

Short stories written for these tests; each shows one way of telling, in wording of its own.
"""

from __future__ import annotations

from story_helpers import analyse_story, archive_names, victims

_DAY = (
    "The ferry was late again. {a} counted the gulls on the rail and {b} read the timetable out loud. "
    "{a} laughed at the printed times. {b} folded the paper into a hat. "
)


def test_eyes_closed_and_never_opened_again_is_a_death_but_not_until_morning() -> None:
    end = (
        "\n\n* * *\n\nThe sun reached the bench. Ines felt it on her face and let her eyes close. "
        "She didn't open them again. A heron lifted off the water and went away south.\n"
    )
    work = analyse_story(_DAY.format(a="Ines", b="Teodor") * 4 + end)
    assert "Major Character Death" in archive_names(work)
    assert "Ines" in victims(work, "death")
    nap = analyse_story(
        _DAY.format(a="Ines", b="Teodor") * 4 + end.replace("again.", "again until the ferry horn.")
    )
    assert "Major Character Death" not in archive_names(nap)


def test_a_breath_that_does_not_come_again_is_a_death() -> None:
    end = (
        "\n\n* * *\n\nIn the night Teodor's breathing went short and far apart. Ines held his hand on the "
        "blanket, and Teodor doesn't breathe again. In the morning the gulls were loud.\n"
    )
    work = analyse_story(_DAY.format(a="Teodor", b="Ines") * 4 + end)
    assert "Teodor" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)


def test_someone_lying_dead_is_dead() -> None:
    work = analyse_story(
        _DAY.format(a="Marek", b="Sunniva") * 4 + "\n\nBy the harbour wall Marek was lying dead.\n"
    )
    assert "Marek" in victims(work, "death")


def test_the_one_named_acting_after_he_dies_is_not_the_one_who_died() -> None:
    end = (
        "\n\n* * *\n\nMarek knelt by the old fisherman in the net shed. There was too much blood. He dies "
        "with his head on a coil of rope, and "
        "Marek closes his eyes for him and sits back on his heels.\n"
    )
    work = analyse_story(_DAY.format(a="Marek", b="Sunniva") * 4 + end)
    assert "Marek" not in victims(work, "death")
    assert "Major Character Death" not in archive_names(work)


def test_a_death_only_said_aloud_is_undone_by_a_line_of_theirs_later() -> None:
    story = _DAY.format(a="Sunniva", b="Marek") * 4 + (
        '\n\n"Sunniva is dead," the harbourmaster says. "The boat went down off the point."\n\n'
        "Marek sits on the wall until it is dark.\n\n* * *\n\nAt dawn a dinghy comes round the point, "
        'rowed badly, and a soaked figure climbs onto the slipway.\n\n"You look terrible," says Sunniva.\n'
    )
    deaths = [e for e in analyse_story(story).inferred.events if e.label == "death"]
    assert deaths and all(e.mode == "undone" for e in deaths)
    assert "Major Character Death" not in archive_names(analyse_story(story))


def test_a_car_left_on_the_level_crossing_with_a_letter_and_a_crisis_line_is_an_attempt() -> None:
    story = _DAY.format(a="Joss", b="Wren") * 3 + (
        "\n\n* * *\n\nJoss has written a letter and left it on the hall table. He drives out past the mill. "
        "He parks on the tracks at the crossing and turns off the engine and waits for the four o'clock "
        "freight.\n\nAt the last minute he reverses off the line and the train goes by.\n\n* * *\n\n"
        "That night Wren sits beside him while he talks to a woman from the crisis line.\n"
    )
    work = analyse_story(story)
    assert any(e.label == "suicide_attempt" for e in work.inferred.events)
    assert any(w.kind == "attempt" for w in work.inferred.self_harm)


def test_toes_over_the_edge_on_the_wrong_side_of_the_rope_is_an_attempt() -> None:
    story = _DAY.format(a="Kit", b="Odile") * 3 + (
        "\n\n* * *\n\nThe quarry has a rope for a fence, and Kit was on the wrong side of it. The toes of "
        'his old boots were over the edge. "I\'m so tired of it," he said. "Everyone would be better off." Odile '
        "grabbed his arm and pulled him back onto the grass.\n"
    )
    work = analyse_story(story)
    assert any(w.kind == "attempt" for w in work.inferred.self_harm)


def test_a_knife_in_a_zombies_jaw_is_not_self_harm() -> None:
    story = _DAY.format(a="Hale", b="Prue") * 3 + (
        "\n\n* * *\n\nThe zombie got a hand on his collar and Hale knifed it under the jaw, and the blade "
        "grated on bone and black blood ran down his wrist. He wiped it on his jeans and made himself breathe.\n"
    )
    assert not analyse_story(story).inferred.self_harm


def test_a_name_after_a_verb_counts_less_for_the_focal_character() -> None:
    story = (
        "Arlo walked up the hill. He'd told Bren to wait. Arlo stopped at the top. He thought of Bren, "
        "and of the letter to Bren, and of the dog Bren had given him. Arlo sat down on a rock.\n"
    )
    pov = analyse_story(story).inferred.pov
    assert pov is not None and pov.focal_character == "Arlo"
