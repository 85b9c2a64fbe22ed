"""Characters in a script: speaker labels ("BILL:") are the character's lines, named in title case."""

from __future__ import annotations

import itertools
import re

from h3_stories import make_work
from hypothesis import given
from hypothesis import strategies as st

from ficlens.stages.characters import _add_spans, characters, speaker_labels

SCRIPT = """[SFX: A park. Ducks. Two people sit down on a bench.]

BILL: Go on, then. Give us the oats.

MARGOT: They're not for you. They're for the ducks.

BILL: [coughing] Forty years we've fed them bread.

MARGOT (quietly): And look at the state of them.

BILL: Don't make me laugh, I haven't the lungs for it.

MARGOT: Then stop being funny, Bill.

[SFX: Fade out.]
"""


def test_speaker_labels_become_mentions_named_in_title_case() -> None:
    work = characters(make_work(SCRIPT))
    names = {c.name: len(c.mentions) for c in work.inferred.characters}
    # Three labels and one vocative for Bill; three labels for Margot, whom the prose never names.
    assert names == {"Bill": 4, "Margot": 3}
    assert all(c.role == "main" for c in work.inferred.characters)


def test_a_cue_and_a_header_field_are_no_speakers() -> None:
    text = SCRIPT.replace("BILL:", "SFX:").replace("MARGOT", "Notes")
    assert speaker_labels(text, [(0, len(text))]) == []


def test_prose_with_a_few_colons_is_no_script() -> None:
    text = (
        "Anna had one rule: never on a Tuesday. Ben had two: never on a Tuesday, and never with Anna.\n"
        "Note: this was before the war.\n"
        "Anna: the name still made him smile.\n"
    )
    assert speaker_labels(text, [(0, len(text))]) == []


def test_an_acronym_in_capitals_stays_an_acronym() -> None:
    text = "Anna worked for NCIS. NCIS paid badly. Anna said so to Ben, and Ben laughed at NCIS.\n"
    names = {c.name for c in characters(make_work(text)).inferred.characters}
    assert "Ncis" not in names


def test_metadata_lines_of_a_pasted_work_page_are_no_speakers() -> None:
    # Two chapters pasted from a work page: each repeats its fields, none of them a speaker.
    page = (
        "Rating: Teen And Up Audiences\nRelationships: Anna/Ben\nWords: 2000\nChapters: 2/2\n"
        "Chapter Notes: thanks for reading\n\nAnna walked to the pier with Ben.\n\n"
    )
    text = page * 2
    assert speaker_labels(text, [(0, len(text))]) == []


_LINE = st.one_of(
    st.sampled_from(
        ["BILL", "MARGOT", "Mrs. HUDSON", "DR.", "SFX", "Notes", "Q", "Anna", "JUNE (quietly)"]
    ).map(lambda label: f"{label}: a line."),
    st.text(alphabet="ABab :().\n-'", max_size=30),
)


@given(st.lists(_LINE, max_size=40))
def test_labels_are_names_before_a_colon_and_spans_stay_sorted_apart(lines: list[str]) -> None:
    text = "\n".join(lines)
    labels = speaker_labels(text, [(0, len(text))])
    for s, e in labels:
        label = text[s:e]
        assert label and label[0].isupper() and label.lower() not in ("sfx", "notes", "q")
        assert re.match(r"\.?[ \t]*(?:\([^)\n]*\)[ \t]*)?:", text[e:])
    merged = _add_spans([(0, 1)] if text else [], labels)
    assert merged == sorted(merged)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(merged))


def test_a_speakers_line_is_speech_and_a_script_has_no_first_person_narrator() -> None:
    from ficlens.stages.characters import script_lines
    from ficlens.stages.pov import detect_pov

    spoken = script_lines(SCRIPT)
    line = SCRIPT.index("Go on, then.")
    assert any(a <= line < b for a, b in spoken)
    # The label itself is no speech: the speaker acts on the page.
    assert not any(a <= SCRIPT.index("BILL") < b for a, b in spoken)
    # "I haven't the lungs for it" is Bill talking, not a narrator.
    work = characters(make_work(SCRIPT))
    assert detect_pov(work).person != "first"


CHAT = """**Tuesday 22:14**

**Priya:** i have read the same page eleven times
**Marcus:** rip. can i have your highlighters
**Me:** you two are ridiculous
**Priya:** over my corpse
**Jess 🐝:** pasta in the kitchen, now
**Marcus:** omw
**Jess 🐝:** @priya that means you
"""


def test_a_chat_logs_names_are_its_cast_and_me_is_nobody() -> None:
    work = characters(make_work(CHAT))
    names = {c.name for c in work.inferred.characters}
    assert {"Priya", "Marcus", "Jess"} <= names
    assert not names & {"Me", "Tuesday"}


def test_a_chat_log_has_no_narrator_and_lower_case_handles_name_no_one() -> None:
    from ficlens.stages.pov import detect_pov

    lower = CHAT.replace("Priya:", "priya:").replace("Marcus:", "marcus:").replace("Jess 🐝:", "jess 🐝:")
    work = characters(make_work(lower))
    assert detect_pov(work).person is None
    # Handles mark lines of speech; as names they would let a chat's jokes kill the cast.
    assert not {c.name for c in work.inferred.characters} & {"Priya", "Marcus", "Jess"}


INTERVIEW = """[Transcript. Interview with Rose Dawson Calvert by Brock Lovett, aboard the Keldysh. Anna Lovett on sound.]

RDC: I was seventeen when I boarded her.

BL: And you remember the ship?

RDC: I remember everything about her.

BL: Take your time.

RDC: It was the ship of dreams. It really was.

AL: The tape is running out, Brock.

AL: Two minutes left.
"""


def test_speaker_labels_in_initials_are_the_full_name_with_those_initials() -> None:
    work = characters(make_work(INTERVIEW))
    by_name = {c.name: c for c in work.inferred.characters}
    assert "Rdc" in by_name["Rose Dawson Calvert"].aliases and "Rdc" not in by_name
    assert "Bl" in by_name["Brock Lovett"].aliases and "Bl" not in by_name
    # "Al" is a given name of its own: not taken for Anna Lovett's initials.
    assert "Al" in by_name and "Al" not in by_name["Anna Lovett"].aliases
