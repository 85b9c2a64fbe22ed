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
    r"(?P<what>[^.!?\n;()]{2,120})(?P<paren>\([^()\n]{1,80}\))?)?",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")
# Bits at the end of a named canon that are not part of its name: hedges ("obviously", "I guess"),
# "and beyond", dangling punctuation.
_TRAILING = re.compile(r"\s*(?:,?\s*(?:and|but|so)\s+(?:beyond|on|after)\b.*|[\s,:;\-–—*_]+)$", re.IGNORECASE)
# A hedge or a reason after the name ("Crisis Core, obviously", "book 3, I guess, since ..."); lower case
# only, so titles such as "When Harry Met Sally" keep their first word.
_HEDGE = re.compile(
    r"(?:,\s*|\s+)(?:obviously|of course|I guess|I think|lol|duh|sort of|kind of|probably|basically|though"
    r"|since|because|if|as|so|which|where|when)\b.*$"
)
# Abbreviations whose full stop is not the end of a sentence ("up to ch. 140", "ep. 5", "vol. 2").
_ABBREV = re.compile(r"\b(ch|chap|chs|ep|eps|vol|pt|no|bk|s)\.(?=\s*\d)", re.IGNORECASE)
# Shorthand a reader expands without thinking: "s13" is season 13, "ch 1" chapter 1.
_SHORTHAND = (
    (re.compile(r"\bs(\d{1,2})\b(?!\s*e\d)", re.IGNORECASE), r"season \1"),
    (re.compile(r"\b(?:ch|chap)\s+(\d)", re.IGNORECASE), r"chapter \1"),
    (re.compile(r"\b(?:eps?)\s+(\d)", re.IGNORECASE), r"episode \1"),
    (re.compile(r"\bvol\s+(\d)", re.IGNORECASE), r"volume \1"),
)
# The rest of a title after its first word: capitalised words and the small words between them.
_TITLE_TAIL = r"(?:\s+(?:of|the|and|&|[A-Z0-9][\w'’:&-]*)){0,5}"
# A canon named just before the word: "Deathly Hallows spoilers", "S3E9 spoilers", "3B spoilers".
_BEFORE = re.compile(
    rf"(?P<what>(?:[A-Z0-9][\w'’:&-]*){_TITLE_TAIL})\s+"
    r"(?i:(?:(?:major|minor|mild|heavy|some|slight|huge|big|vague|light|small)\s+)?spoilers?)\b"
)
# Otherwise the story's setting in the same sentence: "Takes place during Endgame, so spoilers", "set
# after the finale, spoilers!".
_SETTING = re.compile(
    r"\b(?:during|after|before|following|post|set\s+in)[\s-]+"
    rf"(?P<what>(?:the\s+\w+|[A-Z0-9][\w'’:&-]*){_TITLE_TAIL})"
)
# Words after "spoilers for" that name nothing ("spoilers in here", "spoilers for that").
_VAGUE = frozenset(
    (
        "that|this|it|them|those|these|everything|all|all of it|anything|here|there|this fic|the fic|"
        "this story|the story|this one|this chapter|the notes|the comments"
    ).split("|")
)
# Capitalised words that open a note, not a canon's name ("Minor Endgame spoilers" names Endgame).
_NOT_CANON = frozenset(
    "No Notes Note Warning Warnings Contains Heavy Minor Major Mild Some Spoilers Spoiler".split()
)
_NOT_CANON |= frozenset(
    "And So But Also The A I This It Obviously Possible Vague Beware Lots Many Few Massive".split()
)
_NOT_CANON |= frozenset("Huge Big Slight Small Light Potential Obvious Canon Beware Ahead".split())


# "All of" the canon is the canon: "spoilers for the whole of Gravity (2013)" spoils Gravity (2013).
_WHOLE = re.compile(r"^(?:(?:the\s+)?(?:whole|entirety)\s+of|all\s+of|the\s+entire)\s+(?=[A-Z0-9])")
# A bracket that is part of a title as AO3 writes it: a year or a medium ("Gravity (2013)", "Dune (Book)").
_TITLE_PAREN = re.compile(
    r"\((?:\d{4}|TV(?: \d{4})?|(?:[Ff]ilm|[Mm]ovies?|[Bb]ooks?|[Mm]anga|[Aa]nime|[Cc]omics?|[Vv]ideo [Gg]ames?))\)"
)


def _tidy(what: str) -> str | None:
    what = _TRAILING.sub("", _HEDGE.sub("", what.strip())).strip(" \"'“”‘’*_,")
    what = _WHOLE.sub("", what)
    for pattern, repl in _SHORTHAND:
        what = pattern.sub(repl, what)
    what = re.sub(r"\s+", " ", what)
    if not what or what.lower() in _VAGUE:
        return None
    return what


def _named_around(sentence: str, start: int) -> str | None:
    """A canon named before the notice word, or the setting the sentence gives."""
    clause = re.split(r"[,;:(]", sentence[:start])[-1] + sentence[start:]
    m = _BEFORE.search(clause)
    if m:
        words = m["what"].split()
        while words and words[0] in _NOT_CANON:
            words.pop(0)
        while words and words[-1].lower() in {"of", "the", "and", "&"}:
            words.pop()
        if words:
            return _tidy(" ".join(words))
    m = _SETTING.search(sentence[:start])
    if m:
        return _tidy(m["what"])
    return None


def spoiler_canon(text: str) -> tuple[bool, str | None]:
    """(is there a spoiler notice in `text`, the canon or episode it names if any)."""
    # Same-length substitution: offsets into `text` stay valid.
    flat = _ABBREV.sub(lambda m: m.group(1) + " ", text)
    for m in _SPOILER.finditer(flat):
        if m["neg"] or m["free"]:
            continue  # "spoiler-free", "no spoilers"
        what = _tidy(m["what"]) if m["what"] else None
        # "the series finale (5x13, The Diamond of the Day)": the brackets say which.
        if what and m["paren"] and (not re.search(r"[A-Z0-9]", what) or _TITLE_PAREN.fullmatch(m["paren"])):
            what = f"{what} {m['paren']}"
        if what is None:
            sentence_start = flat.rfind(".", 0, m.start()) + 1
            sentence_start = max(sentence_start, flat.rfind("\n", 0, m.start()) + 1)
            what = _named_around(flat[sentence_start : m.end()], m.start() - sentence_start)
        return True, what
    return False, None


def _notice_sentence(text: str) -> str:
    flat = _ABBREV.sub(lambda m: m.group(1) + " ", text)
    for m in _SENTENCE.finditer(flat):
        sentence = text[m.start() : m.end()].strip()
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
