"""Deaths, attempts, self-harm and gore told the way stories report them rather than name them (stop 26):
a bedside monitor, a body that will not wake, a crash with no survivors, a newspaper death notice, a
narrator who tells her own death; a cord and a loop, a barrel under a chin, an arm held to a kettle; a
limb coming away. Each is paired with the ordinary sentence that must stay harmless.

Written for these tests; none of the text comes from the evaluation stories.
"""

from __future__ import annotations

import pytest
from story_helpers import analyse_story, archive_names, victims

from ficlens.model import Work

_WARD = (
    "Thomas Brandt had been in the ward for nine days. Anna Brandt sat by his bed and read him the football "
    "scores. Thomas smiled at the worst of them. Anna held his hand and talked about the garden. "
)


_MONITOR = (
    _WARD
    * 3
    + "\n\n* * *\n\nThey switch the ventilator off at noon. For a while his chest keeps rising by itself. "
    "The gaps between the breaths grow longer. Anna holds his hand. The monitor by the bed gives one long "
    "unbroken tone, and a nurse reaches over and silences it.\n\n* * *\n\n"
    "Anna walked home through the park. She did not look at the garden.\n"
)
_NOT_WAKING = (
    "Rafe Calder drove. Nico Hale sat in the back with his hand pressed to his side. Nico laughed and "
    "told a story about the heist. Nico coughed. Rafe watched him in the mirror.\n\n"
    '"Wake me when we get there," Nico said, and closed his eyes.\n\n~~~\n\n'
    "Nico doesn't wake up when they get there, and he doesn't wake up when Rafe shakes him.\n\n"
    "Rafe sat in the car for a long time.\n"
)
_NO_SURVIVORS = (
    "Dear Mum,\n\nColonel Harry Vane left the base this morning. Harry had been our commander for two "
    "years. Harry laughed at the farewell party and Harry hugged everyone twice.\n\n"
    "This afternoon the signal came. Harry's plane was shot down over the strait. It went into the sea. "
    "There were no survivors.\n\nThe chaplain is holding a service for Harry tonight.\n\nYour son,\nPaul\n"
)


@pytest.mark.parametrize(
    ("story", "who", "mcd"),
    [
        (_MONITOR, "Thomas Brandt", True),
        (_NOT_WAKING, "Nico Hale", False),
        (_NO_SURVIVORS, "Harry Vane", True),
    ],
    ids=["bedside monitor", "not woken by shaking", "no survivors"],
)
def test_a_death_told_by_what_is_around_it_is_read(story: str, who: str, mcd: bool) -> None:
    work = analyse_story(story)
    assert who in victims(work, "death")
    assert not mcd or "Major Character Death" in archive_names(work)


@pytest.mark.parametrize(
    "story",
    [
        _WARD * 3 + "\n\nAnna sang to him, and held the long note at the end until the nurse clapped.\n",
        "Nico Hale slept through the alarm. Rafe Calder made coffee. "
        "Nico doesn't wake up until noon, and then he complains about the coffee.\n",
        "Harry Vane planned the office party. Harry bought the cake. The party went on until two and "
        "there were no survivors, Harry joked, only hangovers.\n",
    ],
    ids=["a long note sung", "sleeping late", "a party with no survivors"],
)
def test_the_same_words_about_ordinary_things_are_no_death(story: str) -> None:
    assert not victims(analyse_story(story), "death")


def test_a_death_notice_for_a_letter_writer_is_a_major_character_death() -> None:
    letter = (
        "Dear Maud,\n\nThe garden is all weeds and the cat is fat. Write soon.\n\nYour Edith\n\n~~~\n\n"
        "Dear Edith,\n\nThe cough is only a cough. The boat comes Thursdays.\n\nMaud\n\n~~~\n\n"
    )
    work = analyse_story(
        letter
        * 2
        + "From the Island Courier, 3rd March\n\nPRYCE, Maud Eleanor, of Gull Cottage. Peacefully, "
        "at home, on 24th February, aged 81. Funeral at the chapel, Saturday.\n\n~~~\n\n"
        "Dear Maud,\n\nI went to the funeral. They buried you by the chapel wall, facing the sea.\n\nEdith\n"
    )
    assert "Maud" in " ".join(victims(work, "death"))
    assert "Major Character Death" in archive_names(work)


def test_a_narrator_who_was_alive_and_then_was_not_stays_dead() -> None:
    work = analyse_story(
        "I died at ten past six on a Friday, on the ring road, and I would rather tell you plainly. "
        "The lorry came through the red light. I was alive, and then I was not.\n\n* * *\n\n"
        "I watched them lift the car. Then I walked home, because I did not know where else to go. "
        "Sam was making tea. I sat with him until it got dark.\n\n* * *\n\n"
        "The funeral was on a Tuesday. Sam read a poem. I stood at the back.\n"
    )
    deaths = [e for e in work.inferred.events if e.label == "death"]
    assert deaths and deaths[0].mode == "present"
    assert "Major Character Death" in archive_names(work)


def test_dead_for_thirty_years_is_not_the_one_who_pitched_the_tent() -> None:
    work = analyse_story(
        "Mira and Joss walked all day. Joss said the road was too long. Joss laughed at the crows. "
        "Mira said nothing.\n\n~\n\nThey made camp by a wall. Joss said he would find wood, and Joss "
        'pitched the tent. Mira found a little statue of a young knight at the end of the wall.\n\n"Aldric," '
        "she says. He has been dead for nearly thirty years now. She puts a flower at his feet.\n"
    )
    assert "Joss" not in victims(work, "death")
    assert "Major Character Death" not in archive_names(work)
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "She loops the cord twice around the handrail and knots it, makes the other end into a loop, and "
            "puts her head through the loop. The light goes grey at the edges.",
            "attempt",
        ),
        (
            "You put the barrel against the underside of your chin. You pull the trigger. Click. It was empty.",
            "attempt",
        ),
        (
            "I put the kettle on and waited for it to boil. Then I pushed up my sleeve and pressed the inside "
            "of my forearm flat against the side of it. It hurt, and then the relief came, and I could breathe.",
            "self-harm",
        ),
    ],
)
def test_an_act_never_named_is_read_by_its_means(line: str, kind: str) -> None:
    work = analyse_story(
        "Dana Reyes came home late. Dana hung up her coat. Dana looked at the dark window.\n\n"
        + line
        + "\n\nShe was back at work three days later with a scarf round her neck.\n"
    )
    assert kind in {w.kind for w in work.inferred.self_harm}


@pytest.mark.parametrize(
    "line",
    [
        "She loops the cord around the handrail so the boxes will not slide, and pushes the trolley on.",
        "Dana rested her arm on the table and watched the kettle boil, calm again, breathing easy.",
    ],
)
def test_the_same_things_done_for_ordinary_reasons_are_nothing(line: str) -> None:
    work = analyse_story("Dana Reyes came home late. Dana hung up her coat.\n\n" + line + "\n")
    assert not work.inferred.self_harm


def test_a_limb_coming_away_and_blood_down_the_blade_are_graphic() -> None:
    work = analyse_story(
        "Kell Rourke met the warlord on the bridge. The warlord swung his axe and Kell ducked.\n\n"
        "Kell drove the sword up under the warlord's jaw. The blade went through into the soft part of him, "
        "and black blood came down the blade over Kell's gloves. The warlord's arm came off at the elbow and lay "
        "twitching on the stones. Kell struck again. The head rolled. The body went on standing for a moment "
        "with nothing above the shoulders, and then it fell.\n"
    )
    assert "Graphic Depictions Of Violence" in archive_names(work)


def test_a_handle_coming_off_is_no_gore() -> None:
    work = analyse_story(
        "Kell Rourke fixed the cupboard. The handle came off the door in his hand. Kell laughed and found a "
        "screwdriver, and the door came off its hinges too.\n"
    )
    assert "Graphic Depictions Of Violence" not in archive_names(work)


_BAKERY = (
    "Anna Marsh and Ben Okoro ran the bakery on Mill Street. Anna kneaded the dough and Ben lit the ovens. "
    "Anna laughed at Ben's singing. Ben burned the first tray. "
) * 3
_ALONE = "\n\n* * *\n\nThe bakery stayed shut for a week. Ben came back alone and did not sing.\n"


@pytest.mark.parametrize(
    "line",
    [
        "They buried Anna on a Tuesday.",
        "Anna's funeral was small.",
        "Ben scattered Anna's ashes over the sea.",
        "Anna's body was found in the river three days later.",
        "Ben stood at Anna's grave for a long time.",
        "The crash took Anna before the ambulance arrived.",
        "The monitor beside Anna's bed gave one long, flat tone.",
        "Anna's breathing slowed, and slowed, and then there was no next breath.",
        # The words of those who mourn her (stop 30, scripts/probe_euphemisms.py)
        "Anna passed in the night, Ben holding her hand.",
        "Anna is with the angels now.",
        "Anna was laid in the ground beside her mother.",
        "Anna lay in state in the chapel.",
        "Anna's soul departed at noon.",
        "Anna's spirit left her body as the sun rose.",
        # A wound no one survives, or never rising again after one
        "The raider tore out Anna's throat.",
        "The soldier stabbed Anna through the heart.",
        "The shot took Anna in the chest, and she fell and did not move again.",
        "Anna got shot and did not get up.",
        "Anna was taken from us on Tuesday.",
        # The end of the efforts to save her, and an old euphemism (stop 35, scripts/probe_deaths.py and
        # probe_euphemisms.py)
        "The doctors worked on Anna for an hour. At 4:12 they stopped.",
        "The doctors work on Anna for an hour. At 4:12 they stop.",
        "Anna crossed over in the small hours.",
    ],
)
def test_a_main_character_buried_or_taken_in_the_story_now_is_a_major_character_death(line: str) -> None:
    work = analyse_story(f"{_BAKERY}\n\n* * *\n\n{line}{_ALONE}")
    mcd = [w for w in work.inferred.archive_warnings if w.name == "Major Character Death"]
    assert mcd and "Anna Marsh" in mcd[0].characters


@pytest.mark.parametrize(
    "line",
    [
        "The mechanics worked on Anna's van all morning. At noon they stopped.",
        "The stylists worked on Anna for an hour before the wedding. At noon they stopped.",
    ],
)
def test_work_on_her_or_her_van_that_stops_is_no_death(line: str) -> None:
    work = analyse_story(f"{_BAKERY}\n\n* * *\n\n{line}{_ALONE}")
    assert not [e for e in work.inferred.events if e.label == "death"]


@pytest.mark.parametrize(
    "line",
    [
        "The war took Anna to France for a year, and she wrote every week.",
        "The war took Anna away from home for four years, and she wrote every week.",
        "The fever took her for a week, and then Anna was back at the ovens.",
        "Anna and Ben went to a funeral for a neighbour, then opened late.",
        "Anna and Ben passed in the night like ships, one leaving as the other came in.",
        "Anna passed in the corridor with a tray of buns.",
        "Anna laid the table, and her spirit lifted when Ben sang.",
        "Anna sang with the angels in the church choir on Sunday.",
        "Anna laid the bread in the ground oven to bake.",
        "Ben's words stabbed Anna through the heart, and she left the kitchen.",
        "Anna sat down by the ovens and did not move again until the timer rang.",
        "The cry tore out of Anna's throat before she could stop it.",
        "Anna had run for an hour when she tripped and this time did not get up again; Ben carried her home.",
        "Anna got hit by a ball at the fair and did not get up until Ben offered her a hand.",
        "Anna was taken from us on Tuesday to cover the Leeds shop, and came back on Friday.",
    ],
)
def test_taken_somewhere_or_at_someone_elses_funeral_is_no_death_of_hers(line: str) -> None:
    work = analyse_story(f"{_BAKERY}\n\n* * *\n\n{line}\n\nAnna laughed at the new oven.\n")
    assert "Major Character Death" not in archive_names(work)


_EVENING = (
    "Dana Reyes came home from the library at seven. Dana fed the cat and put the radio on. "
    "Dana ate toast standing at the counter and looked at the rain on the window. "
) * 3
_MONDAY = "\n\n* * *\n\nDana was back at the library on Monday. Marcus looked at her for a long moment.\n"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Dana walked into the sea with stones in her coat pockets and did not stop.", "attempt"),
        ("Dana sat in the car in the closed garage with the engine running and the windows down.", "attempt"),
        ("Dana stepped off the platform edge as the train came in, and someone grabbed her coat.", "attempt"),
        (
            "Dana took all of the sleeping tablets and wrote a note for Marcus and left it on the table.",
            "attempt",
        ),
        ("Dana woke up in hospital with a tube in her arm and her stomach pumped.", "attempt"),
        (
            "Dana dug her nails into her forearm until it bled, and then pulled her sleeve down over it.",
            "self-harm",
        ),
        (
            "Dana scratched at her arms until the skin broke, then cleaned the blood off with a tissue.",
            "self-harm",
        ),
        ("Everyone would be better off if she just wasn't here any more, Dana thought.", "ideation"),
        (
            "Dana looked at the pills in the cabinet for a long time and thought about taking all of them.",
            "ideation",
        ),
        # stop 27: the present tense
        ("Dana swallows every pill in the cabinet.", "attempt"),
        ("Dana takes all of the tablets at once.", "attempt"),
        ("Dana tries to kill herself.", "attempt"),
        ("Dana slits her wrists in the bath.", "attempt"),
    ],
)
def test_an_attempt_self_harm_or_wish_told_by_its_means_is_read(line: str, kind: str) -> None:
    work = analyse_story(f"{_EVENING}\n\n* * *\n\n{line}{_MONDAY}")
    assert kind in {w.kind for w in work.inferred.self_harm}


@pytest.mark.parametrize(
    "line",
    [
        "Dana tied the rope to the beam and stood on the chair to hang the fairy lights.",
        "Dana took all of her vitamins with breakfast and went to work.",
        "Dana scratched at her mosquito bites until they bled, then put cream on them.",
        "Dana stepped off the train onto the platform and walked home in the rain.",
        "Dana's brother had his stomach pumped after the office party, and she drove him home.",
        "Dana sat in the car in the garage listening to the end of a song on the radio.",
        "Things would be so much easier if Marcus just disappeared, Dana thought, and reshelved his returns.",
        # stop 27: the present tense of an errand
        "Dana takes all of the tablets back to the chemist.",
        "Dana tries to kill the wasp with a newspaper.",
        "Dana empties every bottle out into the recycling.",
    ],
)
def test_the_same_means_in_an_ordinary_evening_are_nothing(line: str) -> None:
    work = analyse_story(f"{_EVENING}\n\n* * *\n\n{line}{_MONDAY}")
    assert not work.inferred.self_harm


_POST = (
    "Kell Rourke and Rosa Dane kept the border post on the north road. Kell checked the papers of the carters "
    "and Rosa kept the ledger. Rosa laughed at Kell's handwriting. Kell made the tea, badly. "
) * 3
_QUIET_EVENING = "\n\n* * *\n\nThe post was quiet by evening. Rosa wrote up the ledger.\n"


@pytest.mark.parametrize(
    "passage",
    [
        "The first bullet took the raider in the throat. Blood sprayed across the ledger and the wall, and he went "
        "down choking. The second shot opened his skull and Rosa looked away.",
        "The axe came down on the carter's arm above the elbow. Bone cracked, the arm hung by a strip of skin, and "
        "blood pumped out of the stump onto the road while he screamed.",
        "Kell drove the bayonet into the man's belly and twisted it, and the man's guts slid out over the blade in "
        "a grey wet heap.",
        "The raider's knife went into Kell's side under the ribs, and the blood came through his fingers. Rosa "
        "hit the raider with the lamp and the glass split his cheek open to the bone.",
    ],
)
def test_violence_told_in_bodily_detail_is_graphic(passage: str) -> None:
    work = analyse_story(f"{_POST}\n\n* * *\n\n{passage}{_QUIET_EVENING}")
    assert "Graphic Depictions Of Violence" in archive_names(work)


@pytest.mark.parametrize(
    "passage",
    [
        "Rosa shot the raider in the leg. He fell, and they tied him up and sent for the captain.",
        "Kell opened the gate and split the firewood, and Rosa opened the ledger to a clean page.",
        "The butcher in the village cut the pig's throat and hung it up to bleed, and Rosa bought the sausages.",
        "Kell tore the letter open and read it twice, laughing.",
    ],
)
def test_brief_or_ordinary_violence_is_not_graphic(passage: str) -> None:
    work = analyse_story(f"{_POST}\n\n* * *\n\n{passage}{_QUIET_EVENING}")
    assert "Graphic Depictions Of Violence" not in archive_names(work)


_MARKET = (
    "Thomas Reed and Anna Russo walked to the market on Saturday. Thomas carried the basket on his shoulder and "
    "Anna argued with the fishmonger about her lemons. Thomas smiled to himself. Anna bought too many lemons. "
) * 3


@pytest.mark.parametrize(
    "scene",
    [
        "Thomas sat on the bench in the sun. Anna came back with the cloth and saw him. He looked like he was "
        'asleep. She put her hands on his face and he didn\'t open his eyes.\n\n"Thomas. Wake up. Wake up, please!"',
        "Anna found Thomas in the courtyard, lying on his back by the well. Somebody, the baker maybe, had "
        "already been down to him and closed his eyes.",
    ],
    ids=["a plea to wake unanswered", "someone else closed his eyes"],
)
def test_a_death_told_by_who_finds_the_body_is_read(scene: str) -> None:
    work = analyse_story(f"{_MARKET}\n\n* * *\n\n{scene}\n\n* * *\n\nAnna walked home alone.\n")
    assert "Thomas Reed" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)


@pytest.mark.parametrize(
    "scene",
    [
        "Thomas fell asleep on the sofa towards dawn. He didn't wake up on the floor, not that night.",
        "Thomas closed his eyes and listened to the rain, and Anna read him the paper.",
        'Thomas heard the bang and his whole heart stopped and he twisted round, shouting "Anna!" She waved '
        "from the stall: a crate of lemons had fallen.",
    ],
    ids=["sleep", "his own eyes closed", "a heart stopped in fright"],
)
def test_sleep_closed_eyes_and_fright_are_no_death(scene: str) -> None:
    work = analyse_story(f"{_MARKET}\n\n* * *\n\n{scene}\n\nThomas laughed and bought the lemons.\n")
    _assert_alive(work, "Thomas Reed")


def _assert_alive(work: Work, who: str) -> None:
    """No death read for `who`, and no Major Character Death."""
    assert who not in victims(work, "death")
    assert "Major Character Death" not in archive_names(work)


# ---- stop 27: the news broken to someone, a hand going limp --------------------------------------

_BROKEN_NEWS = (
    "Owen Pryce fixed the gate on Saturday. Owen whistled while he worked and Carys Pryce brought him tea. "
    "Owen kissed her, took the van keys and said he would be back by six with the paint.\n\n* * *\n\n"
    'At nine the kitchen was dark. Carys stood up when the knock came. "Where\'s Owen?" she asked the '
    'sergeant on the step. "Where is he?"\n\n"Mrs Pryce. I\'m so sorry. There\'s been an accident on the '
    'coast road." Sergeant Lewis took his cap off. "It would have been very quick. He wouldn\'t have felt a thing."\n\n'
    "Carys sat down on the step.\n\n* * *\n\nIn the morning her sister came with bread and did the dishes. "
    "The gate swung shut in the wind and clicked, the way he had made it click. Carys painted it herself "
    "in the end, green, the colour on the tin he had bought, and left the brush to soak in the jar by the "
    "back door, and stood for a long while looking at the hinge.\n"
)
_NEWS_OF_A_SCARE = (
    "Owen Pryce fixed the gate on Saturday. Owen whistled while he worked and Carys Pryce brought him tea. "
    "Owen kissed her, took the van keys and said he would be back by six with the paint.\n\n* * *\n\n"
    'At nine the phone rang. "Where\'s Owen?" Carys asked. "There\'s been an accident," said the nurse, '
    "\"but he's fine, he's awake and asking for you.\"\n\nOwen came home on Monday with his arm in a sling. "
    "Owen laughed at the paint on his shirt.\n"
)
_QUICK_WORK = (
    "Owen Pryce fixed the gate on Saturday. Owen whistled while he worked and Carys Pryce brought him tea. "
    "Owen kissed her, took the van keys and said he would be back by six with the paint.\n\n* * *\n\n"
    '"Where\'s Owen?" asked the neighbour. "At the shop," Carys said. "It was quick to fix, in the end. '
    'Nothing anyone could do about the hinge, mind."\n'
)


def test_the_news_broken_after_a_character_leaves_is_his_death() -> None:
    work = analyse_story(_BROKEN_NEWS)
    assert "Owen Pryce" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)


@pytest.mark.parametrize("story", [_NEWS_OF_A_SCARE, _QUICK_WORK], ids=["accident survived", "quick work"])
def test_an_accident_survived_or_a_quick_job_is_no_death(story: str) -> None:
    _assert_alive(analyse_story(story), "Owen Pryce")


# A KB that lists every person of a canon (long full-name-only lists) says nothing of who matters in
# one story: a one-scene character it names is no main character by that alone.
_ONE_SCENE_CANON_DEATH = (
    "Harry Potter and Hermione Granger sat up in the common room. Ron Weasley snored in the armchair. "
    "Hermione read out the headlines and Harry listened. Ron woke up and asked for toast. Harry laughed "
    "at him. Hermione folded the paper.\n\n* * *\n\n"
    "Cedric Diggory ran the Quidditch practice that morning, and Ron Weasley dropped the Quaffle twice. "
    "That night, in the graveyard at Little Hangleton, Wormtail killed Cedric Diggory.\n\n* * *\n\n"
    "Harry Potter walked Hermione Granger to the library. Hermione talked about the exams. Ron Weasley "
    "caught them up at the stairs and Harry gave him the last of the toast. Hermione laughed at them both.\n"
)


def test_a_one_scene_character_the_kb_lists_is_no_major_character_death() -> None:
    work = analyse_story(_ONE_SCENE_CANON_DEATH)
    assert "Cedric Diggory" in victims(work, "death")
    assert "Major Character Death" not in archive_names(work)


# ---- stop 27: euphemisms, the present tense, a killing told by who does it --------------------------
# Found with scripts/probe_euphemisms.py; the euphemisms are common English expressions for dying (the
# phrases Wikipedia's "List of expressions related to death" collects), in sentences written here.

_TOLD_DEATHS = [
    # euphemisms
    "Thomas perished in the fire at the warehouse.",
    "Thomas drew his last breath a little after three.",
    "Thomas closed his eyes for the last time, the lemons still in the basket.",
    "Thomas was gathered to his fathers that spring.",
    "Thomas went to meet his Maker before the doctor came.",
    "Thomas gave up the ghost just after dawn.",
    "Thomas was lost at sea that winter.",
    "Thomas passed on in the night.",
    # the present tense
    "Thomas stops breathing a little after three.",
    "Thomas passes away in the night.",
    "Thomas takes his last breath on the pavement.",
    "Thomas doesn't make it.",
    "Thomas does not survive the night.",
    "Thomas drowns in the harbour.",
    "Thomas bleeds out before the ambulance comes.",
    "Thomas is killed in the crash.",
    "Thomas never wakes up.",
    "Thomas succumbs to his wounds before morning.",
    # a killing told by who does it
    "A stranger kills Thomas in the alley.",
    "The soldier shoots Thomas dead.",
    "They hanged Thomas at dawn.",
    "The raider cut Thomas down on the stairs.",
    "The firing squad executes Thomas at dawn.",
    # a death put on record
    "The harbour office records the death of Thomas Reed, of the Lemon Street stall, as a drowning.",
    "The hospital confirmed the death of Thomas Reed at six.",
]


@pytest.mark.parametrize("line", _TOLD_DEATHS)
def test_a_death_told_by_a_euphemism_in_the_present_or_by_its_agent_is_read(line: str) -> None:
    work = analyse_story(f"{_MARKET}\n\n* * *\n\n{line}\n\n* * *\n\nAnna walks home alone.\n")
    assert "Thomas Reed" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)


_ORDINARY_DAYS = [
    ("Thomas passed on the message to the fishmonger.", "passed on a message"),
    ("Thomas was no more than twenty when he took the stall.", "no more than"),
    ("Thomas crossed over the road to the bakery.", "crossed the road"),
    ("Thomas's season ticket expired on Friday.", "a ticket expired"),
    ("Thomas took his last breath of sea air before the train.", "sea air"),
    ("Thomas never wakes up before noon on a Saturday.", "habit"),
    ("Thomas doesn't make it to the fishmonger before it shuts.", "late for the shop"),
    ("Thomas drowns out the radio with his singing.", "drowns out"),
    ("Thomas stops breathing for a second when Anna kisses him.", "a kiss"),
    ("Thomas drowns his sorrows in lemonade.", "sorrows"),
    ("It kills Thomas to see the lemons go to waste.", "a feeling"),
    ("Thomas records the death of every bee in the hive in his notebook.", "a bee's death"),
    ("The paper reported the death of the old pier, and Thomas sighed.", "a pier"),
    ("Anna cut Thomas down to size at the fishmonger's.", "down to size"),
    ("Anna cut Thomas down in time, and he coughed and coughed.", "cut down in time"),
    ("Anna murders Thomas at chess every Sunday.", "at chess"),
    ("They hang Thomas's picture in the hall.", "a picture"),
]


@pytest.mark.parametrize(
    "line", [line for line, _ in _ORDINARY_DAYS], ids=[case for _, case in _ORDINARY_DAYS]
)
def test_the_same_words_in_an_ordinary_day_are_no_death(line: str) -> None:
    work = analyse_story(f"{_MARKET}\n\n* * *\n\n{line} Thomas laughs and buys the lemons.\n")
    _assert_alive(work, "Thomas Reed")


def test_the_means_before_a_scene_break_make_a_confirmed_death_a_suicide() -> None:
    """The story leaves him on the parapet; after the break, only the record of his death: completed."""
    story = (
        "Thomas Reed walked to the bridge after the market closed. Thomas thought about the stall, "
        "and about Anna, and about the letter on the table.\n\n"
        "He climbs up onto the parapet. The river is loud below. He does not pray.\n\n"
        "* * *\n\n"
        "In the morning the harbour office records the death of Thomas Reed as a drowning.\n"
    )
    work = analyse_story(story)
    assert "Thomas Reed" in victims(work, "death")
    assert [(w.kind, w.who) for w in work.inferred.self_harm] == [("completed", "Thomas Reed")]


# A ghost story: the dead narrator's husband goes on talking to her, and the narration says again, scenes
# later, that she is dead. The death stands (stop 31); the same story with a revival cue stays undone.
_GHOST = (
    "Marit Olsen is dead, and the kettle in the house on Strandgata does not know it yet.\n\n* * *\n\n"
    + (
        "Marit walked through the kitchen. Marit looked at the letters on the mat. Jonas said her name to "
        "the empty chair, and Marit smiled at him from the door. Marit sat on the stairs until dark. "
    )
    * 3
    + "\n\n* * *\n\nIn the morning Jonas made two cups of coffee. Marit was dead, so she let hers go cold "
    "on the sill and watched the ferry come in.\n"
)


def test_a_death_the_narration_states_again_while_the_dead_walk_is_a_ghost_not_an_undone_death() -> None:
    work = analyse_story(_GHOST)
    assert "Marit Olsen" in victims(work, "death")
    assert "Major Character Death" in archive_names(work)
    revived = analyse_story(
        _GHOST.replace(
            "Marit was dead, so she let hers go cold on the sill",
            "Marit had been dead for six minutes on the kitchen floor before the paramedics brought her "
            "back, so he let her sleep",
        )
    )
    assert "Major Character Death" not in archive_names(revived)


def test_not_looking_at_someone_again_is_no_end_of_the_senses() -> None:
    from ficlens.stages import _implied_events as implied

    # The subject's own senses or body stopping for good is a cue; a look withheld from a person is not.
    assert implied.CESSATION.search("and then he didn't move again.")
    assert implied.CESSATION.search("she could not see anything any more.")
    assert not implied.CESSATION.search("he gets dressed, and he doesn't look at charles again.")
    assert not implied.CESSATION.search("she never saw him again after the wedding.")
    story = (
        "Erik comes to the mansion at night. Charles lets him in and they argue about the war. Erik laughs at "
        "him. Charles pours the whisky. They play chess until the fire is low. "
    ) * 4 + "\n\nIn the morning Erik wakes first. He gets dressed, and he doesn't look at Charles again.\n"
    assert "Major Character Death" not in archive_names(analyse_story(story))


# A dying told by its last things, as real fan fiction tells it (stop 31), beside the same words in an
# ordinary day.
_RIDE = (
    "Merlin and Arthur rode out at dawn. Arthur laughed at the weather. Merlin fed the horses. Arthur "
    "sharpened his sword. "
)
_LAST_THINGS = [
    "Arthur's last moments had not been pleasant ones.",
    "Arthur's final moments were quiet, his hand in Merlin's.",
    "With her dying breath, Morgana cursed the king.",
    "Arthur drew his final breath as the sun came up.",
    "Dying was a lot slower than Arthur had anticipated.",
    "His dying wish was to see Camelot one more time.",
]
_NOT_LAST_THINGS = [
    "They spent their last moments together on the bridge before the train left.",
    "Arthur's last moments of freedom were spent in the tavern.",
    "Arthur took a final breath of summer air and dived into the lake.",
    "Those were Arthur's famous last words before he fell in the pond.",
    "Dying is easy, Arthur said; comedy is hard.",
    "Arthur held his breath for the last moments of the film.",
]


def _dies(line: str) -> bool:
    work = analyse_story(_RIDE * 4 + "\n\n* * *\n\n" + line + " The wind moved the grass.\n")
    return any(e.label in ("dying", "death") for e in work.inferred.events)


@pytest.mark.parametrize("line", _LAST_THINGS)
def test_a_dying_told_by_its_last_things_is_read(line: str) -> None:
    assert _dies(line)


@pytest.mark.parametrize("line", _NOT_LAST_THINGS)
def test_last_moments_and_breaths_of_an_ordinary_day_are_no_dying(line: str) -> None:
    assert not _dies(line)


# A look, a salute or a glare "shot" or "impaling" someone is no wound (stop 31, read on real fan fiction).
_OFFICE = "Mokuba and Seto walked to the office in the rain. Seto laughed at his umbrella. Mokuba bought two coffees. "


def _hurt(line: str) -> bool:
    work = analyse_story(_OFFICE * 4 + "\n\n* * *\n\n" + line + " The rain went on.\n")
    return any(e.label == "violence" for e in work.inferred.events)


@pytest.mark.parametrize(
    "line",
    [
        "Mokuba shot him a cheeky salute, a broad grin on his face.",
        "Seto shot him a final glower and called out that the door was open.",
        "She impaled him with that ruthless glare.",
        "Mokuba shot him a quick, apologetic smile.",
    ],
)
def test_a_glance_shot_at_someone_is_no_violence(line: str) -> None:
    assert not _hurt(line)


@pytest.mark.parametrize(
    "line",
    [
        "The guard shot him twice in the chest.",
        "The raider impaled him with a spear.",
        "Seto shot him and ran.",
    ],
)
def test_a_shot_or_a_spear_is_violence(line: str) -> None:
    assert _hurt(line)


# Breathing that slows before a sigh and open eyes is rest, and "dead sober" is sober (stop 31: both were
# read on the AO3 development works, the first as a dying, the second as a death).
_RIDE_OUT = "Honoroit and Thorne rode out at dawn. Thorne laughed at the weather. Honoroit fed the horses. "


@pytest.mark.parametrize(
    ("line", "dies"),
    [
        (
            "After a few moments Honoroit's breathing slowed, and he sighed a little and opened his eyes.",
            False,
        ),
        ("Thorne was dead sober when he came down.", False),
        ("Honoroit's breathing slowed, and then it stopped.", True),
        ("Honoroit's heart stopped. The monitor gave one long tone.", True),
    ],
)
def test_a_slowed_breath_before_a_sigh_is_rest_and_dead_sober_is_sober(line: str, dies: bool) -> None:
    work = analyse_story(_RIDE_OUT * 4 + "\n\n* * *\n\n" + line + " The wind moved the grass.\n")
    assert any(e.label in ("dying", "death") and e.mode == "present" for e in work.inferred.events) == dies


@pytest.mark.parametrize(
    ("line", "dies"),
    [
        ("A shiver runs up Donna's spine, like someone's just walked over her grave.", False),
        ("Martha stood over her grave in the rain.", True),
        ("Martha left roses on Donna's grave.", True),
        ("They dug her grave under the yew the next morning.", True),
    ],
)
def test_someone_walking_over_your_grave_is_a_shiver(line: str, dies: bool) -> None:
    # AO3 157 (stop 31): the saying was read as Donna's death, undone when she went on talking.
    day = "Donna and Martha walked to the market in the rain. Martha laughed at the weather. Donna bought coffee. "
    work = analyse_story(day * 4 + "\n\n* * *\n\n" + line + " The wind moved the grass.\n")
    assert any(e.label in ("dying", "death") for e in work.inferred.events) == dies


# A thought that strikes, a game won, a playful punch, a kiss, a look shot across a room are no violence
# (stop 31: each was read as violence on the AO3 development works), beside the blows they resemble.
_MARKET_DAY = (
    "Martha and Donna walked to the market in the rain. Donna laughed at the weather. Martha bought coffee. "
)


@pytest.mark.parametrize(
    ("line", "hurt"),
    [
        ("Something struck her as she walked.", False),
        ("It struck her that this was going to get her into trouble.", False),
        ("The quiet had always struck Martha as a very lonely kind of existence.", False),
        ("It strikes Donna then, in a way it hadn't before, that the doctor is sad.", False),
        ("They beat Taranis easily the next week.", False),
        ("Donna kicked her heels against the side of the bed.", False),
        ("And then he kicked me out of his house.", False),
        ("Jim attacks Jack's mouth, arms wrapped tight around his neck.", False),
        ("Martha punches her shoulder lightly.", False),
        ("Anderson shoots Sherlock looks of intense hatred from his desk.", False),
        ("House shoots him his 'dear lord, you're stupid' look.", False),
        ("Gwen shoots them both annoyed looks.", False),
        ("The guard struck her across the face.", True),
        ("The soldier struck him on the head with his rifle.", True),
        ("A guard slaps Donna across the face to shut her up.", True),
        ("Enki kicked Lagann off the ridge.", True),
        ("He shot them both before they could run.", True),
        ("He beat him until he stopped moving.", True),
        ('"All I want is to take the test so I can beat you."', False),
        ('"I\'m sure you beat me on the math."', False),
        ("They beat Manaria by the skin of their teeth.", False),
        ("They beat her bloody in the cellar.", True),
        ("He beat Donna with a belt.", True),
    ],
)
def test_what_strikes_or_is_shot_at_someone_without_a_blow_is_no_violence(line: str, hurt: bool) -> None:
    work = analyse_story(_MARKET_DAY * 4 + "\n\n* * *\n\n" + line + " The rain went on.\n")
    assert any(e.label == "violence" for e in work.inferred.events) == hurt


# A trigger that opens with a lower-case word is also read at a sentence's capital (stop 32: "Life extinct,
# 4.06 a.m." closed a doctor's notes and no death was read), beside sentences that open alike harmlessly.
_HOBBS_WARD = (
    "Walter Hobbs had been in the ward for nine days. His daughter Ruth sat by his bed and read him the "
    "cricket scores. Walter laughed at the worst of them. Ruth held his hand and talked about the allotment. "
)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Life extinct, 4.06 a.m., 28th June.", "death"),
        ("Time of death, 4.06 a.m.", "death"),
        ('"Time of death, four-oh-six," the nurse said quietly.', "death"),
        ("Funeral for Walter Hobbs, the notice in the window said, Thursday at ten.", "death"),
        ("Time of day meant nothing in the ward.", None),
        ("Life went on in the ward.", None),
        ("Funerals were something Ruth had never liked.", None),
    ],
)
def test_a_trigger_at_the_start_of_a_sentence_is_read(line: str, label: str | None) -> None:
    work = analyse_story(_HOBBS_WARD * 4 + "\n\n* * *\n\n" + line + " Ruth went home.\n")
    labels = {e.label for e in work.inferred.events if e.mode == "present"}
    assert (label in labels) if label else not labels


# Stop 32: the breath that does not come is the last one breathing's ("Bram breathed in, a rough shallow
# breath"), not the one beside him who is named and acts afterwards; a "he" in a paragraph about Bram,
# before the scene's own focal man is named in it, is Bram.
_MUD = (
    "Aldo Venn knelt in the mud beside Bram Kettle. Aldo held Bram's hand and talked about the farm. "
    "Aldo had known Bram since they were boys. Aldo laughed at his own bad joke. "
)


@pytest.mark.parametrize("breather", ["Bram", "He"])
def test_the_breath_that_does_not_come_is_the_last_breathers(breather: str) -> None:
    story = (
        _MUD * 3
        + "\n\n* * *\n\nAldo pressed on the wound. Aldo swore at the rain.\n\n"
        + f'"Go home," Bram said. {breather} breathed in, a rough shallow breath, and smiled up at Aldo.\n\n'
        + '"Bram?"\n\nThe next breath didn\'t come.\n\nAldo sat in the mud for a long time.\n'
    )
    work = analyse_story(story)
    assert victims(work, "death") == ["Bram Kettle"]


# Stop 32: a suicide told as the second verb of its subject, or in the present tense, is read (AO3
# 41822007, tagged "Off-Screen Suicide": "she takes up the steak knife ... and kills herself"); a suicide
# the story then undoes is still a suicide warning, at no more than "mentioned". Not the sayings.
_KITCHEN = (
    "Harrow Nonagesimus sat in the kitchen with John. Harrow ate the soup. Harrow argued with John about "
    "the weather. John laughed at her. Harrow read a book. "
)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "Harrow waits for him to leave before she takes up the steak knife - a cheap one - and kills herself.",
            "completed",
        ),
        ("Harrow kills herself with the steak knife.", "completed"),
        ("Harrow waited until he had gone, took the pills, and killed herself.", "completed"),
        ("Harrow kills herself laughing at his jokes.", None),
        ("Harrow nearly killed herself laughing.", None),
        ("He shoots himself a look in the mirror.", None),
        ("Harrow would never kill herself, she said.", None),
    ],
)
def test_a_suicide_told_in_the_present_or_as_a_second_verb_is_read(line: str, kind: str | None) -> None:
    work = analyse_story(_KITCHEN * 4 + "\n\n* * *\n\n" + line + " John wept.\n")
    assert [w.kind for w in work.inferred.self_harm] == ([kind] if kind else [])


def test_a_suicide_the_story_undoes_is_still_warned_of() -> None:
    work = analyse_story(
        _KITCHEN * 4
        + "\n\n* * *\n\nHarrow killed herself with the steak knife. John wept.\n\n* * *\n\n"
        + "John brought her back to life. Harrow sat up and glared at him. Harrow ate the soup. Harrow "
        + "argued with John about the weather.\n"
    )
    warned = [(w.kind, w.severity) for w in work.inferred.self_harm]
    assert "Major Character Death" not in archive_names(work)
    assert warned == [("attempt", "mentioned")]


# Stop 32: "Meg and I scattered her ashes" (dev H23 named Meg dead): the one named scattering them, or
# standing at the grave, is not whose they are.
_DIARY = (
    "Lena Marsh grew tomatoes on the balcony and sang badly in the kitchen. Lena read every book twice. "
    "Lena laughed at my jokes. I miss Lena. "
)


def test_the_one_who_scatters_the_ashes_is_not_whose_they_are() -> None:
    work = analyse_story(
        _DIARY * 4
        + "\n\n* * *\n\nLena's sister came round today with boxes. Rosa has always been like that. Rosa took "
        + "the socks. Rosa made tea.\n\nRosa and I scattered her ashes on the moor, by the rocks where she "
        + "asked me to marry her. It was windy. Rosa said it was typical, and we laughed.\n"
    )
    assert "Rosa" not in " ".join(victims(work, "death"))
