"""Who "I" is in a first-person story, when the text names them.

A first-person narrator is rarely named in their own narration, but fan fiction names them elsewhere:
"my name is Jess", a letter signed "Your Priya", a line of dialogue that calls a name and is answered by
"I" ("'Jess?' she says. I sit up."), or the summary ("Dana wakes up in a hospital bed", "Wally's POV").
The pov stage reports the name as the focal character and the events stage ties what happens to "I" to
it. Each cue is a vote; a name is accepted with two votes when it leads every other name. A name the
narration itself uses as a third person ("Sherlock looked at me") is someone else, whatever the summary
says, so such a name needs a stated cue. A story that never names its "I" keeps "the narrator".

    >>> narrator(work)
    'Priya'
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ficlens.model import Work
from ficlens.names import everyday_given_name, formal_given_name, given_name_gender
from ficlens.stages._addressee import _NOT_NAMES, ME, _namer, _vocatives, answered_calls, leader, stated
from ficlens.stages.characters import in_spans, quote_spans

_X = r"(?P<x>[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){0,2})"
# Stated outright: "my name is Jess", "everyone calls me Jess", "Call me Ishmael".
_STATED = stated("[Mm]y", "me")
# A letter's signature: a name alone on the letter's last line, after a closing ("With love,") or in
# one ("Your Priya", "Love, Jess", "— Jess"). Only letters that open with "Dear X," are read.
_SALUTATION = re.compile(r"(?m)^[ \t]*(?:Dear|Dearest|My dearest|My dear|To)\s+[^,\n]{1,40},?[ \t]*$")
_CLOSING = re.compile(
    r"(?i)^(?:(?:with |all (?:of )?)?(?:my )?(?:love|thanks|gratitude)(?: and \w+)*|yours(?: \w+)?|"
    r"(?:best|kind|warm)(?: wishes| regards)?|regards|sincerely|cheers|always|forever(?: yours)?|xx+|x+o+)"
    r"[ \t]*[,.!]?$"
)
_SIGNED = re.compile(
    rf"^[ \t]*(?:(?P<inline>Your|Yours|Love,|Always,|[—–-]+)[ \t]*)?{_X}[ \t]*(?:\([^)\n]{{0,60}}\))?[ \t]*$"
)
_BREAK = re.compile(r"(?m)^[ \t]*(?:\*[ \t]*\*[ \t]*\*|~~~+|---+|#{1,3}\s.*|Chapter\b.*)[ \t]*$")
# The title says whose writing it is: "The Journal of John H. Watson", "Kestrel's Log".
_TITLE_OWNER = re.compile(
    rf"\b(?:[Jj]ournal|[Dd]iary|[Ll]og(?:book)?|[Ll]etters|[Nn]otebook|[Mm]emoirs?|[Cc]onfessions?) of {_X}|"
    rf"{_X.replace('?P<x>', '?P<own>')}['’]s? (?:[A-Z]?[a-z]+ )?(?:[Jj]ournal|[Dd]iary|[Ll]og|[Ll]etters|[Nn]otebook|[Mm]emoirs?)\b"
)
# The summary or a note says whose story it is: "Wally's POV", "narrated by Jess".
_POV_NOTE = re.compile(
    rf"{_X}(?:['’]s?)?\s+(?:POV|pov|P\.O\.V\.|point of view|perspective)\b|"
    rf"\b(?:narrated|told) by {_X.replace('?P<x>', '?P<by>')}"
)
# A summary sentence's subject: "Dana wakes up…", "Wally West runs.", "Priya's therapist told her…".
_SUMMARY_SUBJECT = re.compile(rf"(?:^|(?<=[.!?]\s))\W*{_X}(?:['’]s)?\s+[a-z]")
_NOT_SUBJECTS = _NOT_NAMES | frozenset(
    "after before during when while in on at set post pre modern canon au this that these in a an some "
    "one two three four five six seven eight nine ten every all".split()
)
STATED_VOTES = 2
CUE_VOTES = 1
MIN_VOTES = 2
# A name the narration uses this often as a third person is not the narrator's.
MAX_NARRATED = 2


def _narrated(work: Work, name: str, quotes: list[tuple[int, int]]) -> int:
    """How often the story's prose, outside dialogue, uses `name` inside a sentence ("see Wally.",
    "Sherlock looked"), not as a line of its own (a signature)."""
    words = [w for w in name.split() if len(w) > 1]
    if not words:
        return 0
    rx = re.compile(
        r"(?:(?<=[a-z,;] )(?:%s)\b|\b(?:%s)(?=['’]s\b| [a-z]))" % (("|".join(map(re.escape, words)),) * 2)
    )
    text = work.text
    return sum(
        1
        for piece in work.prose()
        for m in rx.finditer(text, piece.start, piece.end)
        if not in_spans(m.start(), quotes)
    )


def _signatures(text: str) -> list[tuple[str, int]]:
    """(name, votes) of the signatures of letters that open with a salutation."""
    out: list[tuple[str, int]] = []
    openings = list(_SALUTATION.finditer(text))
    for i, m in enumerate(openings):
        after = openings[i + 1] if i + 1 < len(openings) else None
        # The letter runs to the next salutation or the end of the text (each stretch read once); a scene
        # break may end it early, so the signature is the last line of its first section that ends with one.
        block = text[m.end() : after.start() if after else len(text)]
        for section in _BREAK.split(block):
            lines = [ln.strip() for ln in section.splitlines() if ln.strip()]
            signed = _SIGNED.match(lines[-1]) if len(lines) >= 2 and len(lines[-1]) <= 80 else None
            if (
                not signed
                or _CLOSING.match(lines[-1])
                or signed.group("x").split()[0].lower() in _NOT_SUBJECTS
            ):
                continue
            closed = bool(signed.group("inline")) or bool(_CLOSING.match(lines[-2]))
            out.append((signed.group("x"), STATED_VOTES if closed else CUE_VOTES))
            break
    return out


def _given_name(x: str) -> bool:
    """Does the name start with a given name of ficlens's tables ("Jess"; not "Dana", which they lack)?"""
    first = x.split()[0]
    return bool(given_name_gender(first) or everyday_given_name(first.lower()))


def votes(work: Work, quotes: list[tuple[int, int]] | None = None) -> Counter[str]:
    """Votes per name for being the story's "I"."""
    text = work.text
    quotes = quote_spans(text) if quotes is None else quotes
    name = _namer(work)
    stated_names: set[str] = set()
    out: Counter[str] = Counter()

    summary_people: set[str] | None = None

    def in_summary(x: str) -> bool:
        """Is `x` a person the summary names (spaCy's PERSON): "Dana wakes up…", not "Christmas comes…"."""
        nonlocal summary_people
        if summary_people is None:
            from ficlens.nlp import get_nlp

            doc = get_nlp()(work.summary[:2000]) if work.summary else None
            summary_people = (
                {w for e in doc.ents if e.label_ == "PERSON" for w in e.text.split()} if doc else set()
            )
        return x.split()[0] in summary_people

    def person(x: str, trusted: bool) -> str | None:
        """A character's name; else the name as written, when a stated cue gives it (`trusted`) or it
        is a known given name or a person the summary names."""
        x = " ".join(x.split())
        if x.split()[0].lower() in _NOT_SUBJECTS:
            return None
        who = name(x)
        if who is None:
            if not (trusted or _given_name(x) or in_summary(x)):
                return None
            who = x.title() if x.isupper() else x
        return who

    def vote(x: str, n: int, strong: bool = False) -> bool:
        who = person(x, strong)
        if who is not None:
            out[who] += n
            if strong:
                stated_names.add(who)
        return who is not None

    prose = work.prose()
    starts = [a for a, _ in quotes]
    for rx in _STATED:
        for piece in prose:
            for m in rx.finditer(text, piece.start, piece.end):
                k = bisect.bisect_right(starts, m.start()) - 1
                # In dialogue, only when "I" says it ("'My name is Jess,' I say").
                if k >= 0 and m.start() < quotes[k][1]:
                    tag = ME.tag.match(text, quotes[k][1])
                    if not tag or (tag.group("who") or "").lower() != "i":
                        continue
                vote(m.group("x"), STATED_VOTES, strong=True)
    # An in-character summary states it too: "Summary: My name is Tokyo. You already know how this ends."
    for rx in _STATED:
        for m in rx.finditer(work.summary or ""):
            vote(m.group("x"), STATED_VOTES, strong=True)
    for x, n in _signatures(text):
        vote(x, n, strong=n == STATED_VOTES)
    for called in answered_calls(text, quotes, ME):
        next((x for x in called if vote(x, CUE_VOTES)), None)
    notes = [work.summary or ""] + [n.text for n in work.notes if n.kind != "summary"]
    for note in notes:
        for m in _POV_NOTE.finditer(note):
            vote(m.group("x") or m.group("by"), STATED_VOTES)
    title = work.title or ""
    if not title and work.chapters:
        title = text[: text.find("\n")] if "\n" in text[:200] else ""
    for m in _TITLE_OWNER.finditer(title):
        vote(m.group("x") or m.group("own"), STATED_VOTES, strong=True)
    # The summary's first three sentences: whose story it is, when they name one person.
    subjects = [m.group("x") for m in _SUMMARY_SUBJECT.finditer((work.summary or "")[:400])][:3]
    for x in subjects:
        vote(x, CUE_VOTES)
    # A name the narration treats as someone else's, and that nothing states, is not "I".
    for who in list(out):
        if who not in stated_names and _narrated(work, who, quotes) > MAX_NARRATED:
            del out[who]
    # The summary's opening subject, when the story never narrates them as a third person: the
    # narrator's ("Dana wakes up in a hospital bed…"; not "…the Organic Chem final. Sam goes quiet.").
    first = _SUMMARY_SUBJECT.match((work.summary or "").lstrip())
    if first and (who := person(first.group("x"), False)) in out and _narrated(work, who, quotes) == 0:
        out[who] += CUE_VOTES
    return out


def _one_person(found: Counter[str]) -> Counter[str]:
    """Votes for a nickname go to the given name it stands for: "my name is Edith, they call me Edie"
    is one narrator, not a tie."""
    out = Counter(found)
    for short in sorted(found, key=len):
        if " " in short:
            continue
        full = [n for n in out if n != short and formal_given_name(short.lower(), n.split()[0].lower())]
        if len(full) == 1:
            out[full[0]] += out.pop(short)
    return out


def narrator(work: Work, quotes: list[tuple[int, int]] | None = None) -> str | None:
    """The name of a first-person story's "I", or None (never named, or the cues disagree).
    The caller decides that the story is told in the first person; read once per work."""
    if "narrator" not in work.cache:
        work.cache["narrator"] = leader(_one_person(votes(work, quotes)), MIN_VOTES)
    return work.cache["narrator"]


# "I" speaking to "you": '"I heard it," I tell you. "Vitya. I heard it."'
_TO_YOU = re.compile(
    r"\bI\s(?:\w+ly\s)?(?:tell|told|say|said|whisper|whispered|ask|asked|call|called|murmur|murmured)(?:\sto)?\syou\b"
)


def addressed(work: Work, quotes: list[tuple[int, int]] | None = None) -> str | None:
    """The name "I" calls "you" by, in a first-person story told to "you" (a letter, an elegy):
    a line "I" says to "you" that calls a name. None unless one name alone is called so."""
    text = work.text
    quotes = quote_spans(text) if quotes is None else quotes
    name = _namer(work)
    found: Counter[str] = Counter()
    for k, (a, b) in enumerate(quotes):
        called = _vocatives(text[a:b])
        if not called:
            continue
        before = text[max(quotes[k - 1][1] if k else 0, a - 80) : a]
        tag = ME.tag.match(text, b)
        if _TO_YOU.search(before) or (tag and _TO_YOU.search(text, tag.start(), tag.end())):
            for x in called:
                who = name(x) or (x if _given_name(x) else None)
                if who is not None:
                    found[who] += 1
                    break
    return leader(found)
