"""What authors say about deaths in their notes (`stages/_author_word.py`) and how events weighs it (issue 15)."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.model import Work
from ficlens.stages._author_word import read

STAGES = ["structure", "stats", "characters", "pov", "content_warnings", "events", "rating"]


def _cues(note: str) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(c.kind, c.names, c.standalone) for c in read([note])]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Warnings: Major Character Death.", [("explicit", (), True)]),
        ("Tags: angst, MCD, hurt no comfort", [("explicit", (), True)]),
        ("Canon-typical MCD.", [("explicit", (), False)]),
        ("Warnings: character death", [("explicit", (), False)]),
        ("This deals with the death of a main character.", [("explicit", (), False)]),
        ("Neji dies.", [("explicit", ("Neji",), False)]),
        ("Both Robb and Catelyn die.", [("explicit", ("Robb", "Catelyn"), False)]),
        ("Kaidan doesn't make it.", [("explicit", ("Kaidan",), False)]),
        ("RIP Neji", [("explicit", ("Neji",), False)]),
        ("It doesn't end well for Wade.", [("explicit", ("Wade",), False), ("weak", (), False)]),
        ("Ashley lives, Kaidan doesn't.", [("denial", ("Ashley",), False), ("explicit", ("Kaidan",), False)]),
    ],
)
def test_death_cues(note: str, expected: list[tuple[str, tuple[str, ...], bool]]) -> None:
    assert _cues(note) == expected


@pytest.mark.parametrize(
    "note",
    ["Grief fic.", "Mountaineering, an accident, and a death.", "Bring tissues.", "Please mind the tags."],
)
def test_weak_cues(note: str) -> None:
    assert _cues(note) == [("weak", (), False)]


def test_mind_the_tags_is_no_death_cue_when_the_notes_say_what_for() -> None:
    assert _cues("Please mind the tags: a suicide attempt, on the page.") == []


@pytest.mark.parametrize(
    "note",
    [
        "No beta, we die like men.",
        "This killed me to write.",
        "You'll die of cuteness.",
        "I died writing this.",
        "Honestly the ending killed me.",
    ],
)
def test_figurative_deaths_are_no_cue(note: str) -> None:
    assert _cues(note) == []


@pytest.mark.parametrize(
    "note",
    [
        "No one dies.",
        "Nobody actually dies, I promise.",
        "Everyone lives!",
        "Everyone in this fic is fine.",
        "A fix-it for the finale.",
        "No major character death.",
        "No character deaths here.",
        "Not a death fic, despite the summary.",
        "Shepard dies over Alchera. Two years later, she opens her eyes.",
    ],
)
def test_denials(note: str) -> None:
    assert ("denial", (), False) in _cues(note)


@pytest.mark.parametrize(
    ("note", "names"),
    [
        ("Tony is fine. I promise.", ("Tony",)),
        ("Tara's fine in this one.", ("Tara",)),
        ("Draco lives.", ("Draco",)),
        ("Katniss and Peeta survive.", ("Katniss", "Peeta")),
        ("The narrator survives.", ("the narrator",)),
    ],
)
def test_named_denials(note: str, names: tuple[str, ...]) -> None:
    assert _cues(note) == [("denial", names, False)]


@pytest.mark.parametrize(
    "note",
    [
        "Nobody dies except Sam.",  # a denial only in part
        "This is not a fix-it.",
        "Mentions of canon character deaths.",
        "Set after Ace's death.",
        "MCD (temporary).",
        "Geralt lives with Jaskier in a cottage.",  # an address, not a survival
        "No death scene; this is after.",
    ],
)
def test_qualified_notes_are_neither_cue_nor_denial(note: str) -> None:
    assert _cues(note) == []


@pytest.mark.parametrize(
    "note",
    [
        "Graphic monster violence and a minor character death, see tags.",
        "Minor Character Death",
        "Combat injuries, and the death of a minor original character.",
    ],
)
def test_a_death_the_notes_call_minor_is_its_own_cue(note: str) -> None:
    # Not a death cue, and no denial: the archive counts such a death only when it is the lead's.
    assert _cues(note) == [("minor", (), False)]
    assert _cues("No minor character death, promise.") == []


_STORY = """The Last Job
by a_writer

Notes: {note}

Tom Reilly checked the door twice before he went in. Maya Okafor watched him from the car, drumming her \
fingers on the wheel. Tom waved at her and went inside, and the door closed behind him.

Maya waited. She counted the windows. Tom had said ten minutes, and Tom was never late.

Inside, the big man raised the pistol and shot Tom in the chest. Tom fell against the wall and slid down it, \
and his hand went loose on the floor.

Maya heard the shot and ran. She found Tom by the stairs and pressed her hands to his chest and said his \
name over and over.

***

The station was quiet for weeks. Maya cleared his desk herself. She kept his mug.
"""


def _analyse(note: str) -> Work:
    return ficlens.analyze(_STORY.format(note=note).encode(), stages=STAGES)


def _mcd(work: Work) -> list[str] | None:
    w = next((w for w in work.inferred.archive_warnings if w.name == "Major Character Death"), None)
    return None if w is None else w.characters


def test_the_text_alone_reads_no_death() -> None:
    assert _mcd(_analyse("Thanks for reading.")) is None


@pytest.mark.parametrize("note", ["RIP Tom.", "Tom doesn't make it.", "Warnings: Major Character Death."])
def test_an_explicit_cue_promotes_the_on_page_evidence(note: str) -> None:
    work = _analyse(note)
    assert _mcd(work) == ["Tom Reilly"]
    mcd = next(w for w in work.inferred.archive_warnings if w.name == "Major Character Death")
    assert "the author's note says" in mcd.reasons[0] and note in mcd.reasons[0]


@pytest.mark.parametrize(
    "note", ["No one actually dies.", "Tom is fine.", "RIP Tom (not really, it's a dream)."]
)
def test_a_denial_or_a_taken_back_cue_keeps_the_story_clean(note: str) -> None:
    assert _mcd(_analyse(note)) is None


def test_the_archive_warning_alone_stands_when_the_text_says_nothing() -> None:
    story = """Tea
by a_writer

Notes: Warnings: Major Character Death. Set after the war.

Anna made the tea at four, as she always did. Ben read the paper and said nothing about the weather.
They sat by the window until the light went, and then Anna drew the curtains.
"""
    work = ficlens.analyze(story.encode(), stages=STAGES)
    mcd = next(w for w in work.inferred.archive_warnings if w.name == "Major Character Death")
    assert mcd.characters == [] and "the text does not say who" in mcd.reasons[0]


def test_no_one_actually_dies_stays_clean() -> None:
    story = """The Bookshop
by a_writer

Notes: A scare and a pub. No one actually dies.

The shop was burning when Crowley got there. He shouted for Aziraphale and nobody answered, and the smoke
came down the stairs in a grey wall. He stood in the middle of it and thought: gone. He's gone.

***

Aziraphale was in the pub on the corner with a glass of wine, looking puzzled. Crowley sat down very hard.
"You're alive," he said. "Obviously," said Aziraphale.
"""
    work = ficlens.analyze(story.encode(), stages=STAGES)
    assert _mcd(work) is None
    assert not any(e.label == "death" and e.main_character for e in work.inferred.events)


_LETTER = """Dear Mrs Bell
by a_writer

The post came at nine. Mrs Bell opened the letter at the kitchen table while Joan Pike, from next door,
stood at the range and talked about the price of eggs. Joan always talked. Mrs Bell let her.

Madam, {line}

Mrs Bell folded it again and put it behind the clock. Joan stopped talking. Mrs Bell went to feed the hens,
and Joan went with her, and neither of them said anything at all until the hens were fed and the yard was
swept and Joan said she ought to be getting back. Mrs Bell said yes, she supposed she ought.
"""


def test_a_death_notice_asks_for_teen() -> None:
    line = "We regret to inform you that your nephew, Private Arthur Hale, was killed in action on the third of July."
    work = ficlens.analyze(_LETTER.format(line=line).encode(), stages=STAGES)
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"
    assert any("death notice" in r for r in work.inferred.rating.reasons)


def test_a_regret_that_is_no_death_asks_for_nothing() -> None:
    line = "We regret to inform you that the village fete is cancelled this year owing to the rain."
    work = ficlens.analyze(_LETTER.format(line=line).encode(), stages=STAGES)
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


@pytest.mark.parametrize(
    ("note", "says_what"),
    [
        ("Warning for graphic violence; the bandits do not survive.", True),
        ("The cockpit section is graphic, because surgery in 1805 was graphic.", True),
        ("This is Castlevania, so there's a lot of blood and I didn't tone it down.", True),
        ("Warnings: Graphic Depictions Of Violence", True),
        ("Very graphic.", False),
    ],
)
def test_graphic_violence_notes(note: str, says_what: bool) -> None:
    from ficlens.stages._author_word import graphic_violence

    assert graphic_violence(["Thanks for reading!", note]) == (note, says_what)


@pytest.mark.parametrize(
    "note",
    [
        "Not gory, but not gentle either.",
        "Mature for a reason, but it's not super graphic, I kept it soft.",
        "Sexy times, on the page and fairly graphic, hence the rating.",
        "There is self-harm on the page, graphic in places.",
        "A graphic nightmare in the first part.",
        "It's a bit autobiographical.",
        "It's bloody cold in this one.",
        "No graphic depictions of violence.",
    ],
)
def test_no_graphic_violence_note(note: str) -> None:
    from ficlens.stages._author_word import graphic_violence

    assert graphic_violence([note]) is None


def _gdov(work: Work) -> list[str] | None:
    w = next((w for w in work.inferred.archive_warnings if w.name == "Graphic Depictions Of Violence"), None)
    return None if w is None else w.reasons


def test_the_notes_warning_of_graphic_violence_make_the_warning() -> None:
    assert _gdov(_analyse("Thanks for reading.")) is None
    reasons = _gdov(_analyse("The shooting is graphic, I didn't tone it down."))
    assert reasons and "the author's notes warn of graphic violence" in reasons[0]
    # "Very graphic." says nothing of what: it counts beside the shooting the page shows...
    assert _gdov(_analyse("Very graphic."))
    # ...and not in a story whose page shows no violence.
    quiet = "Quiet\nby a_writer\n\nNotes: Very graphic.\n\nAnna made the tea at four. Ben read the paper.\n"
    assert _gdov(ficlens.analyze(quiet.encode(), stages=STAGES)) is None
