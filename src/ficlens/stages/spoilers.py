"""Spoiler notices anywhere in the preface or the notes (issue 15).

An author's note that ends "Spoilers for the season 4 finale." is a spoiler notice a reader (and the
web UI, which hides the summary and the scene map behind it) must see, not an ordinary note. Runs at
the end of the `structure` stage, over every note and the summary:

- a note that is only the notice becomes a `spoiler-notice` note;
- a longer note keeps its kind, and its notice sentence is added as a `spoiler-notice` note with the
  same offsets;
- either way `canon` names what is spoiled ("season 3", "the Winter Soldier") when the notice says.

    >>> [(n.kind, n.canon) for n in ficlens.analyze("story.html", profile="structure").notes]
"""

from __future__ import annotations

import re

from ficlens.model import Note, Work

_SPOILER = re.compile(
    r"(?P<neg>\b(?:no|non|not|without|zero|free\s+of)[\s-]+(?:\w+\s+)?)?"
    r"\b(?:(?:major|minor|mild|heavy|some|possible|slight|huge|big|vague|light|canon|potential|small)\s+)?"
    r"spoilers?(?P<free>[\s-]+free)?\b(?:\s+(?:warning|alert|ahead|abound|below|galore|inside))?"
    r"(?:\s*(?:[:\-–—]\s*)?(?:for|through|thru|up\s+to|until|till|from|about|of|in|to|regarding|re:)\s+"
    r"(?P<what>[^.!?\n;()]{2,120}))?",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")
# Bits at the end of a named canon that are not part of its name.
_TRAILING = re.compile(r"\s*(?:,?\s*(?:and|but|so)\s+(?:beyond|on|after)\b.*|[\s,:;\-–—*_]+)$", re.IGNORECASE)


def spoiler_canon(text: str) -> tuple[bool, str | None]:
    """(is there a spoiler notice in `text`, the canon or episode it names if any)."""
    for m in _SPOILER.finditer(text):
        if m["neg"] or m["free"]:
            continue  # "spoiler-free", "no spoilers"
        what = m["what"]
        if what:
            what = _TRAILING.sub("", what.strip()).strip(" \"'“”‘’*_") or None
        return True, what
    return False, None


def _notice_sentence(text: str) -> str:
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if sentence and spoiler_canon(sentence)[0]:
            return sentence
    return text


def mark_spoilers(work: Work) -> None:
    """Turn or copy spoiler notices in `work.notes` (and the summary) into `spoiler-notice` notes."""
    out: list[Note] = []
    texts = {n.text for n in work.notes}
    for note in work.notes:
        found, canon = spoiler_canon(note.text)
        if note.kind == "spoiler-notice":
            note.canon = note.canon or canon
        elif found:
            sentence = _notice_sentence(note.text)
            if len(sentence) >= len(note.text) - 2:
                note.kind, note.canon = "spoiler-notice", canon
            else:
                out.append(note)
                note = Note(kind="spoiler-notice", text=sentence, start=note.start, end=note.end, canon=canon)
        out.append(note)
    if work.summary and work.summary not in texts:
        found, canon = spoiler_canon(work.summary)
        if found:
            out.append(Note(kind="spoiler-notice", text=_notice_sentence(work.summary), canon=canon))
    work.notes = out


def spoiler_notices(work: Work) -> list[Note]:
    return [n for n in work.notes if n.kind == "spoiler-notice"]
