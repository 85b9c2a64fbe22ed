"""Deaths, wounds and attempts told in ways the first rules missed (issue 15, fifth pass).

Short stories written for these tests; each shows one way of telling, in wording of its own.
"""

from __future__ import annotations

from story_helpers import analyse_story, archive_names, victims

from ficlens.stages import _implied_events as implied
from ficlens.stages import events as E

_DAY = (
    "Morning came grey over the ridge. {a} made coffee on the camp stove and {b} read the weather out "
    "loud from the radio log. {a} laughed at the forecast. {b} checked the batteries twice. "
)


# A death after the person's own steps onto a parapet, told without the word.
_PARAPET = _DAY.format(a="Aurel", b="Sabine") * 3 + (
    "\n\n* * *\n\nAurel stands at the bridge a long time. Then he climbs up onto the parapet. He leans "
    "forward and lets the dark take the weight of him. The water opens and closes. Aurel died there, "
    "in the river, before the bells struck two.\n"
)


def test_a_death_after_an_appositive_is_read_and_an_all_caps_name_is_the_cast_member() -> None:
    story = _DAY.format(a="Orla", b="Tamsin") * 4 + (
        "\n\n* * *\n\nORLA GRACE PENHALE, 41, of Morrow Bay, died on June 9 at the lookout when the fire "
        "reached the tower.\n"
    )
    work = analyse_story(story)
    deaths = [e for e in work.inferred.events if e.label == "death"]
    assert [p.name for e in deaths for p in e.participants if p.role == "victim"] == ["Orla"]
    # Someone spoken to is no appositive: "Tamsin, Orla died" is news told to Tamsin.
    spoken = analyse_story(_DAY.format(a="Orla", b="Tamsin") * 4 + '"Tamsin, Orla died," Bex said.\n')
    assert all(
        p.name != "Tamsin" for e in spoken.inferred.events for p in e.participants if p.role == "victim"
    )


def test_a_relative_clause_about_the_past_does_not_make_a_death_a_memory() -> None:
    story = _DAY.format(a="Corin", b="Wyn") * 4 + (
        "\n\nCorin died at noon on the ridge, between his sister and the man who had once taught him to "
        "climb.\n"
    )
    deaths = [e for e in analyse_story(story).inferred.events if e.label == "death"]
    assert deaths and deaths[0].mode == "present"


def test_a_chest_that_stops_is_a_body_that_stops() -> None:
    assert any(
        rx.search("when he looked again, corin's chest had stopped moving") for rx, _, _ in implied.DYING_BODY
    )


def test_alive_after_a_few_words_of_description_but_not_no_longer_alive() -> None:
    assert implied.ALIVE.search("he was thin and brown and alive.")
    for dead in ("she was no longer alive", "he was more dead than alive", "he was the only one left alive"):
        assert not implied.ALIVE.search(dead), dead


def test_the_dead_person_a_story_is_about_in_an_original_work_is_a_major_character_death() -> None:
    story = (
        "It is four weeks since Maren died. I gave her coats to the charity shop today. "
        + "Maren kept the allotment. Maren liked the radio loud. I found Maren's glasses in the car. " * 3
        + "Tomorrow I take Maren's ashes to the headland, the way she asked.\n"
    )
    work = analyse_story(story)
    assert work.inferred.fandoms and work.inferred.fandoms[0].name in ("Original Work", "Unknown fandom")
    assert "Major Character Death" in archive_names(work)
    # A death only said in dialogue in a time loop is not one the story keeps.
    loop = (
        '"I just died," Maren said. "Again." '
        + "Maren reset the clock. Maren walked to the lift. Maren counted the floors. " * 4
        + "The lift fell. She died. Then the morning started again and Maren woke in her bed, alive.\n"
    )
    assert "Major Character Death" not in archive_names(analyse_story(loop))


def test_a_blow_named_by_its_verb_is_a_wound() -> None:
    for sentence in (
        "a medic was struck through the throat before she reached him",
        "spikes driven clean through his chest",
        "men were hit in the belly and fell",
        "the second bolt caught him in the side of the neck",
        "he lay with his side opened up by the stone",
        "she was burned almost to the bone",
    ):
        assert implied.graphic_classes(sentence), sentence
    for harmless in (
        "she was struck by the view",
        "he hit the ball into the net",
        "they went through the door",
    ):
        assert not implied.graphic_classes(harmless), harmless


def test_a_pluperfect_after_the_wound_does_not_make_it_recalled() -> None:
    story = _DAY.format(a="Bram", b="Ilse") * 3 + (
        "\n\nThe thing took Bram off the deck. His ribs went with a wet crunch, and blood sprayed out of his "
        "mouth across the sail he had been mending that morning. A second man was slammed against the mast "
        "so hard his skull burst on the wood.\n"
    )
    assert E.graphic_passages(analyse_story(story))


def test_a_death_after_ones_own_means_is_a_completed_suicide() -> None:
    story = _PARAPET
    work = analyse_story(story)
    assert any(w.kind == "completed" and w.who == "Aurel" for w in work.inferred.self_harm)
    # The same fall after a slip is an accident.
    slip = story.replace("Then he climbs up onto the parapet.", "Then he slipped on the wet parapet.")
    assert not any(w.kind == "completed" for w in analyse_story(slip).inferred.self_harm)


def test_a_sealed_garage_and_a_running_engine_are_the_means_of_an_attempt() -> None:
    from ficlens.stages import _self_harm as told

    car = next(rx for kind, rx, _ in told.MEANS if kind == "car")
    assert car.search("i had taped the gap under the garage door the night before")
    assert car.search("in the garage with the engine running")
    assert not car.search("we taped the box shut and drove to the garage")


def test_present_tense_blows_are_violence() -> None:
    story = _DAY.format(a="Rook", b="Vesna") * 3 + (
        "\n\nRook goes in through the hatch and meets four guards. He shoots two before they get their "
        "rifles up. Vesna stabs the last guard.\n"
    )
    violence = [e for e in analyse_story(story).inferred.events if e.label == "violence"]
    assert len(violence) >= 2
    # "the two of us" is company, not victims.
    calm = analyse_story(_DAY.format(a="Rook", b="Vesna") * 3 + "He shoots two of us a look and laughs.\n")
    assert not [e for e in calm.inferred.events if e.label == "violence"]


def test_a_pulse_felt_for_and_not_found_is_a_body_that_stops() -> None:
    found = [
        w
        for rx, w, _ in implied.DYING_BODY
        if rx.search("vimes knelt and felt for a pulse anyway, out of habit. there wasn't one.")
    ]
    assert found == [2.0]
    assert not any(
        rx.search("she felt for a pulse. there it was, steady.") for rx, _, _ in implied.DYING_BODY
    )


def test_a_suicide_completed_on_the_page_asks_for_mature() -> None:
    story = _PARAPET
    work = analyse_story(story)
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"
    assert any("completed" in r and "scene" in r for r in work.inferred.rating.reasons)


def test_a_blade_then_doing_it_on_ones_skin_is_self_harm() -> None:
    story = _DAY.format(a="Jess", b="Dee") * 2 + (
        "\n\nI know how to get the blade out. You don't forget. I do it on my thigh, high up, where the old "
        "ones are. Three lines. It stings more than I remember.\n"
    )
    assert any(w.kind == "self-harm" for w in analyse_story(story).inferred.self_harm)
    # A blade carried on a hip is not used on the skin.
    carried = _DAY.format(a="Zag", b="Meg") * 3 + (
        "He set out again with the blade in his hand and a boon glowing on his arm.\n"
    )
    assert not analyse_story(carried).inferred.self_harm


def test_an_immortal_who_comes_back_is_a_death_undone() -> None:
    story = _DAY.format(a="Rhys", b="Anwen") * 3 + (
        "\n\nThe mugger's knife went in under Rhys's ribs. He died. It didn't take long.\n\nHe came back the "
        "way he always did, with a huge dragging breath, the stab wound already closing under his shirt.\n"
    )
    work = analyse_story(story)
    assert any(e.label == "death" and e.mode == "undone" for e in work.inferred.events)
    assert "Major Character Death" not in archive_names(work)


def test_deaths_in_a_holodeck_game_or_a_faked_death_are_no_deaths() -> None:
    game = _DAY.format(a="Julian", b="Miles") * 3 + (
        "\n\nThe holographic soldiers came over the wall. The safeties were on, so the bayonet went through "
        "Julian like a cold draught. Miles died a moment later by cannonball.\n"
    )
    assert "Major Character Death" not in archive_names(analyse_story(game))
    faked = _DAY.format(a="Charles", b="Jake") * 3 + (
        '\n\n"At noon Charles is going to fake die," Jake said. "Ketchup everywhere."\n\n'
        "At noon exactly, Charles died, clutching his chest, and the ketchup burst across the floor.\n"
    )
    assert "Major Character Death" not in archive_names(analyse_story(faked))


def test_hed_given_is_had_not_would() -> None:
    assert not E._HYPOTHETICAL.search("not the version he'd given sharon at the end of the season")
    assert E._HYPOTHETICAL.search("he'd die for her")


def test_a_contracted_death_in_dialogue_is_a_death_but_not_an_idiom() -> None:
    story = _DAY.format(a="Neil", b="Todd") * 4 + (
        '\n\n* * *\n\n"His father keeps a gun in the desk," Charlie said. "He\'s dead, Todd. Neil\'s dead."\n'
    )
    work = analyse_story(story)
    assert any(
        e.label == "death" and e.mode == "present" and any(p.name == "Neil" for p in e.participants)
        for e in work.inferred.events
    )
    for idiom in ("Neil's dead tired after the match.", '"He\'s dead to me," Todd said.'):
        calm = analyse_story(_DAY.format(a="Neil", b="Todd") * 4 + idiom + "\n")
        assert not [e for e in calm.inferred.events if e.label == "death"], idiom
    # News of someone outside the story, said in passing, is told, not happening.
    news = analyse_story(_DAY.format(a="Neil", b="Todd") * 4 + '"Julia Child\'s dead, angel," Todd said.\n')
    assert all(e.mode != "present" for e in news.inferred.events if e.label == "death")


def test_rising_from_the_dead_after_a_play_undoes_the_death() -> None:
    story = _DAY.format(a="Kei", b="Shoyo") * 3 + (
        '\n\nThe stage lights dimmed. "He\'s dead," Shoyo wailed from the front row. "Kei\'s actually dead."\n\n'
        "The lights came up for the bow. Kei rose from the dead, dusted off his cape, and bowed.\n"
    )
    work = analyse_story(story)
    assert "Major Character Death" not in archive_names(work)
    assert not any(e.label == "death" and e.mode == "present" for e in work.inferred.events)


def test_a_blade_put_into_a_side_and_insides_coming_out_are_wounds() -> None:
    assert implied.graphic_classes("he put it into the side of the man with the pipe, just under the ribs")
    assert implied.graphic_classes("what was inside him came out onto his shoes in a grey-red rope")
    assert not implied.graphic_classes("he put it into the side pocket of his bag")


def test_a_weapon_already_in_the_wound_is_violence_but_a_stage_prop_is_not() -> None:
    day = _DAY.format(a="Corvin", b="Ilse") * 3
    pulled = analyse_story(
        day + "\n\nThe guard laughed and wrenched the spear out of Corvin's shoulder, and he fell.\n"
    )
    assert "Corvin" in victims(pulled, "violence")
    lodged = analyse_story(day + "\n\nWhen Ilse found Corvin there was an arrow lodged in his thigh.\n")
    assert "Corvin" in victims(lodged, "violence")
    prop = analyse_story(
        day + "\n\nAt the murder party Corvin lay on the rug with a rubber knife sticking out of his back.\n"
    )
    assert victims(prop, "violence") == []


def test_a_named_blade_then_ones_own_arm_cut_is_self_harm_but_not_someone_elses() -> None:
    day = _DAY.format(a="Wren", b="Pascale") * 3
    own = analyse_story(
        day + "\n\nThat night Wren took the blade from the tin and cut her arm, twice, not deep.\n"
    )
    assert "Wren" in victims(own, "self_harm")
    other = analyse_story(
        day + "\n\nThe man took the knife from his belt and cut her arm before Wren could pull away.\n"
    )
    assert victims(other, "self_harm") == []


_ELEGY = (
    "The kitchen is quiet now. Marisol leaves the keys on the hook the way she has every night since "
    "March. I make two cups of tea out of habit and pour one away. You always said I made it too strong. "
    "You were right about most things. I sit in your chair and read the paper you would have hated. I "
    "wash the cups. I feed the cat. I walk to the shop and back and I don't remember any of it. I sleep on "
    "my side of the bed, still, and I wake at six because I always did.\n\n"
    "* * *\n\n"
    "They said it was quick. You went to sleep after the late shift with a headache and didn't wake up. "
    "Marisol found you in the morning.\n\n"
    "* * *\n\n"
    '"I finished the crossword," I tell you. "Tomasz. I finished it." Marisol laughs at me from the door.\n'
)


def test_going_to_sleep_and_not_waking_is_a_death_of_the_one_i_tell_it_to() -> None:
    work = analyse_story(_ELEGY)
    assert "Major Character Death" in archive_names(work)
    assert "Tomasz" in victims(work, "death")  # named by the line "I" says to "you"
    # Sleeping late is no death.
    late = analyse_story(_ELEGY.replace("didn't wake up.", "didn't wake up until noon."))
    assert "Major Character Death" not in archive_names(late)


def test_a_title_then_the_name_dies_the_named_one() -> None:
    story = (
        "Kestrin Vale held the bridge with Oda at her back. Kestrin laughed when the first wave broke. "
        "Oda counted the arrows left. Kestrin told her to stop counting.\n\n"
    ) * 2 + "At dawn the Warden of the East, Kestrin Vale, died on her feet with the bridge still held.\n"
    work = analyse_story(story)
    assert "Kestrin Vale" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)


def test_someone_else_looking_at_him_is_no_denial_of_an_attempt() -> None:
    day = _DAY.format(a="Hal", b="Joss") * 3
    story = day + (
        "\n\nHal turned the photo face-down, because he could not do this while the boy was looking at him. "
        "He put the barrel against his temple. He pulled the trigger. The chamber was empty.\n"
    )
    assert "Hal" in victims(analyse_story(story), "suicide_attempt")


_NEWS = (
    "Every morning Edric sat by the window with the paper, and Lowell read him the crossword clues. Edric "
    "said the clues were getting easier. Lowell said Edric was getting cleverer. Edric laughed at that.\n\n"
    "Edric asked for the chess set after lunch and beat Lowell twice. Lowell put the pieces away.\n\n"
    "* * *\n\n"
    'The nurse came for Lowell a little after six. "It was his heart," she said. "In the night."\n\n'
    "* * *\n\n"
    "The funeral was small. Lowell kept the chess set. He never learned to play as well as Edric did.\n"
)


def test_a_bare_funeral_after_the_news_mourns_the_one_who_stopped_acting() -> None:
    work = analyse_story(_NEWS)
    assert "Major Character Death" in archive_names(work)
    assert "Edric" in victims(work, "death")
    # The same funeral, with Edric still at it: someone else's.
    alive = analyse_story(_NEWS.replace("He never learned", "Edric held his arm. He never learned"))
    assert "Major Character Death" not in archive_names(alive)


def test_a_blunt_blow_a_split_face_and_a_mouth_full_of_blood_are_graphic() -> None:
    for sentence in (
        "the club came down on the side of his head with a wet crack",
        "the skin over his cheekbone had split open",
        "his mouth was full of blood",
        "there were teeth on the floor next to him",
        "a ragged crater of meat where his knee had been",
        "blood was pulsing out of it",
    ):
        assert implied.graphic_classes(sentence) >= 1, sentence
    for sentence in ("the hammer came down on the nail", "she brushed her teeth on the floor above"):
        assert implied.graphic_classes(sentence) == 0, sentence


def test_scars_from_a_lesson_or_poison_and_a_saying_about_everybody_are_no_self_harm() -> None:
    day = _DAY.format(a="Tova", b="Reyes") * 3
    scars = analyse_story(
        day + "\n\nTova's arms were all old scars: the pale line where the poison had marked her, the burn "
        "on her forearm from a sparring lesson long ago.\n"
    )
    assert not scars.inferred.self_harm
    saying = analyse_story(
        day
        + "\n\nIt was the best death in the play. Everybody wants to die on that stage. Tova took her bow.\n"
    )
    assert not [w for w in saying.inferred.self_harm if w.kind == "ideation"]
