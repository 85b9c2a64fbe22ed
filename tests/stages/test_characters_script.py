"""Characters in a script: speaker labels ("BILL:") are the character's lines, named in title case."""

from __future__ import annotations

from h3_stories import make_work

from ficlens.stages.characters import characters, speaker_labels

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
