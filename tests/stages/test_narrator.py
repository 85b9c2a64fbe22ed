"""Who "I" is in a first-person story, and what happens to "I" tied to that name."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.model import Work
from ficlens.stages._narrator import _signatures, narrator, votes

STAGES = ["structure", "stats", "characters", "pov", "content_warnings", "events", "rating"]

SIGNED_LETTERS = """Letters Home

Dear Marguerite,

The boat was late again and I have run out of the good paper, so this is written on the back of a
chart. I walk the headland every morning. I think about the kitchen at home and the smell of bread.
I am well, mostly. I sleep badly.

Your Anouk

***

Dear Marguerite,

I had a bad night. I took the blade from the drawer and cut my arm, twice, not deep. I am telling you
because I promised I would tell you. I cleaned it and wrapped it and I am all right now.

With love,

Anouk
"""

NAME_STATED = """The Night Bus

My name is Tobias Wren and I drive the 43 after midnight. I know every pothole between the depot and
the river. I know the regulars: the nurse who sleeps against the window, the boy with the cello case.

"Evening, Tobias," the nurse says, and I nod to her in the mirror.

I drive. The city goes by in orange and black. At the last stop I wait five minutes, as I always do,
and then I drive the bus back to the depot and sit in it until the sky goes grey.
"""

SUMMARY_NAMES_HER = """What the Cabinet Held

Summary: Odile wakes up in a hospital bed. Her brother is asleep in the chair.

I don't remember the ambulance. I remember the bathroom light and the cold floor and then nothing,
and then this ceiling, which has a water stain shaped like a fish. My brother is asleep in the chair
with his mouth open. I watch him for a long time before he wakes.

On Friday night I took everything in the bathroom cabinet. I wasn't sure I would wake up. I did.
"""

# The summary's subject is someone the narration talks about: the narrator is someone else.
SUMMARY_NAMES_ANOTHER = """The Flat on Keel Street

Summary: Rafe comes home from the war. Nobody knows what to say.

Rafe came home on a Tuesday. I saw him from the window before he knocked. Rafe looked thinner, and
older, and he stood on the step for a long time. Rafe did not smile when I opened the door.

"Hello," he said. I made tea, because I didn't know what else to do, and we drank it in the kitchen.
"""

# A chat log: "I" is many people; a name in the summary's third sentence is no narrator.
CHAT_LOG = """group chat

Summary: Four flatmates, one group chat, the night before the final. Imogen goes quiet. Everyone panics.

Kit: is anyone awake
Bea: no
Kit: I can't remember a single reaction mechanism
Bea: I am going to fail and live in a ditch
Kit: Imogen you there??
Kit: I think she's asleep
Bea: I bet she's fine, I'm going to sleep too
"""

JOURNAL = """From the Private Journal of Edmund Vale, Surgeon

14th March. I was called to the Hall at two in the morning. The boy had a fever and I sat with him until
dawn. I slept an hour in the carriage home and then went out again to the farms.

15th March. The fever broke. I am tired beyond words. I wrote to my sister and told her nothing of it.
"""


@pytest.fixture(scope="module")
def analysed() -> dict[str, Work]:
    names = [
        "SIGNED_LETTERS",
        "NAME_STATED",
        "SUMMARY_NAMES_HER",
        "SUMMARY_NAMES_ANOTHER",
        "CHAT_LOG",
        "JOURNAL",
    ]
    return {n: ficlens.analyze(globals()[n].encode(), stages=STAGES) for n in names}


def _focal(work: Work) -> str | None:
    assert work.inferred.pov is not None and work.inferred.pov.person == "first"
    return work.inferred.pov.focal_character


def test_a_signed_letter_names_its_writer(analysed: dict[str, Work]) -> None:
    assert _focal(analysed["SIGNED_LETTERS"]) == "Anouk"
    # "Your Anouk" and "With love, / Anouk" both state the name; the addressee is never a vote.
    assert _signatures(SIGNED_LETTERS) == [("Anouk", 2), ("Anouk", 2)]
    assert "Marguerite" not in votes(analysed["SIGNED_LETTERS"])


def test_self_harm_of_i_is_the_named_narrators(analysed: dict[str, Work]) -> None:
    harms = [e for e in analysed["SIGNED_LETTERS"].inferred.events if e.label == "self_harm"]
    assert harms and all(p.name == "Anouk" for e in harms for p in e.participants if p.role == "victim")


def test_my_name_is_names_the_narrator(analysed: dict[str, Work]) -> None:
    assert _focal(analysed["NAME_STATED"]) == "Tobias Wren"


def test_the_summarys_subject_never_narrated_as_a_third_person(analysed: dict[str, Work]) -> None:
    work = analysed["SUMMARY_NAMES_HER"]
    assert _focal(work) == "Odile"
    attempts = [e for e in work.inferred.events if e.label == "suicide_attempt"]
    assert any(p.name == "Odile" and p.role == "victim" for e in attempts for p in e.participants)


def test_a_name_the_narration_uses_as_a_third_person_is_not_i(analysed: dict[str, Work]) -> None:
    assert _focal(analysed["SUMMARY_NAMES_ANOTHER"]) is None
    assert "Rafe" not in votes(analysed["SUMMARY_NAMES_ANOTHER"])


def test_a_later_summary_sentence_alone_names_no_one(analysed: dict[str, Work]) -> None:
    work = analysed["CHAT_LOG"]
    if work.inferred.pov is not None and work.inferred.pov.person == "first":
        assert work.inferred.pov.focal_character is None
    assert narrator(work) is None


def test_a_journals_title_names_its_keeper(analysed: dict[str, Work]) -> None:
    assert _focal(analysed["JOURNAL"]) == "Edmund Vale"


def test_third_person_stories_are_untouched() -> None:
    work = ficlens.analyze(SUMMARY_NAMES_ANOTHER.replace("I ", "Mara ").encode(), stages=STAGES)
    assert work.inferred.pov is not None and work.inferred.pov.person != "first"
    assert "narrator" not in work.cache


# Stop 32: an in-character summary states the name, and a nickname given beside the name is the same "I".
IN_CHARACTER_SUMMARY = """Last Call

Summary: My name is Lisbon. You already know how this ends.

I counted the exits before I sat down, the way I always do. Two doors, one window, a kitchen that
opened onto the alley. The others laughed at the bar. I drank my coffee and watched the street.

When the cars came I was already standing. I went out through the kitchen and I did not look back.
"""
NAME_AND_NICKNAME = """The Blue Jug

my name is Edith they call me Edie here the nurse with the plait calls me Edie love and I like it
although I would not have liked it once. I sit by the window and I count the birds on the wall.

The jug on the sill is blue. I had one like it at home, I think, on the dresser, with the plates.
I cannot remember the dresser now but I remember the jug.
"""


@pytest.mark.parametrize(
    ("story", "who"),
    [(IN_CHARACTER_SUMMARY, "Lisbon"), (NAME_AND_NICKNAME, "Edith")],
    ids=["summary", "nickname"],
)
def test_a_stated_name_in_the_summary_or_with_a_nickname_names_i(story: str, who: str) -> None:
    work = ficlens.analyze(story.encode(), stages=STAGES)
    assert _focal(work) == who
