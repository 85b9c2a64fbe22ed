"""Spoiler notices name what they spoil however the author words it (issue 15, item 4)."""

from __future__ import annotations

import pytest

from ficlens.stages.spoilers import spoiler_canon


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the canon before the word
        ("Chamber of Secrets spoilers, sorry.", (True, "Chamber of Secrets")),
        ("Minor 4x02 spoilers!", (True, "4x02")),
        ("Heavy S5 SPOILERS ahead", (True, "season 5")),
        # shorthand a reader expands; an abbreviation's full stop does not end the sentence
        ("spoilers for s4 (the one with the dragon)", (True, "season 4")),
        ("Spoilers up to ch. 212 of the manga.", (True, "chapter 212 of the manga")),
        # brackets that say which finale; hedges and reasons after the name are dropped
        ("Spoilers for the finale (6x10, Farewell).", (True, "the finale (6x10, Farewell)")),
        ("Spoilers for Arc Two, obviously, it's the whole point.", (True, "Arc Two")),
        # all of a canon is the canon, and a year or medium in brackets is part of its AO3 name
        ("Spoilers for the whole of Gravity (2013), which is short.", (True, "Gravity (2013)")),
        ("Spoilers for all of Dune (Book).", (True, "Dune (Book)")),
        ("Spoilers for the end of Halo: Reach.", (True, "the end of Halo: Reach")),
        ("Spoilers for Endgame (I'm sorry).", (True, "Endgame")),
        ("spoilers for book 2, I guess, since she's there", (True, "book 2")),
        # a pronoun names nothing: the setting the sentence gives does
        (
            "Set right after the Battle of Five Armies, so spoilers for that.",
            (True, "the Battle of Five Armies"),
        ),
        ("Takes place during Civil War, so spoilers, I suppose.", (True, "Civil War")),
        # titles that start with a hedge word keep it; notices without a name stay nameless
        ("Spoilers for When the Wind Blows.", (True, "When the Wind Blows")),
        ("There are spoilers in here.", (True, None)),
        ("Beware of spoilers!", (True, None)),
        # not notices
        ("Spoiler-free, nothing past episode 1.", (False, None)),
        ("No spoilers for the ending of the game.", (False, None)),
    ],
)
def test_spoiler_canon_forms(text: str, expected: tuple[bool, str | None]) -> None:
    assert spoiler_canon(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Contains spoilers for Chamber of Secrets!! You've been warned.",
        "Heavy spoilers for season 2.",
        "Spoiler warning, if you somehow haven't seen it yet?",
    ],
)
def test_an_unlabelled_notice_line_in_the_preface_is_a_notice_not_prose(line: str) -> None:
    from ficlens.api import analyze

    text = (
        f"The Owl Post\nby quill_and_ink\n\n{line}\n\nNotes: for my sister.\n\n---\n\n"
        "Hermione opened the letter at breakfast. It was from her mother, and it was long.\n"
    )
    work = analyze(text.encode(), name="owl.txt", profile="structure")
    kinds = [n.kind for n in work.notes]
    assert kinds[0] == "spoiler-notice" and "author-note" in kinds
    assert work.stats.words < 20  # the notice and the note are not counted as prose
