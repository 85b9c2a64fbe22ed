"""Who "you" is in a second-person story ("You wake before the alarm..."), when the text names them.

Fan fiction told in the second person often names its "you": "your name is Kaidan", "Shepard, they call
you", or a line of dialogue that calls a name and is answered by "you" ("'Jim?' Bones says. You turn.").
The events stage ties what happens to "you" (a death, an attempt) to that character, and the pov stage
reports them as the focal character. Each cue is a vote for a name; a name is accepted with two votes, or
one that states the name outright ("your name is X", "they call you X"), when it leads every other name
and is a character the characters stage found (or a canon character of the work's fandom in the KB).
Only the text's own cues count: a story that never names its "you" keeps "you".

    >>> addressee(work)
    'Ruth'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ficlens.kb import load_kb
from ficlens.model import Character, Work
from ficlens.stages.characters import in_spans, quote_spans

_X = r"(?P<x>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})"


def leader(votes: Counter[str], minimum: int = 1) -> str | None:
    """The name with the most votes, when it has at least `minimum` and more than any other."""
    ranked = votes.most_common(2)
    if ranked and ranked[0][1] >= minimum and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def stated(possessive: str, pronoun: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The name stated outright: "your name is X" / "my name is X", "they call you X" / "call me X"."""
    return (
        re.compile(rf"\b{possessive} (?:real |full |first |given |actual )?name (?:is|was|['’]s) {_X}"),
        re.compile(
            rf"(?:\b(?:they|he|she|people|everyone|everybody|[A-Z][a-z]+) (?:call|calls|called|name|named)"
            rf"|(?:^|(?<=[.!?] ))Call) {pronoun} {_X}\b(?!['’])"
        ),
    )


# Stated outright, outside dialogue: one vote is enough.
_STATED = (
    *stated("[Yy]our", "you"),
    # "Shepard, they call you."
    re.compile(
        rf"(?:^|(?<=[.!?…]\s)|(?<=\n)){_X}, (?:they|he|she|people|everyone) (?:call|calls|called) you\b"
    ),
)
# An apposition outside dialogue: "and you, Kaidan, are the last one standing".
_APPOSITION = re.compile(rf"\b[Yy]ou, {_X},(?!\s(?:and|or)\b)")
# A name said, not in quotation marks, and answered: "Kaidan, she says, and you look up."
_UNQUOTED_CALL = re.compile(
    rf"(?:^|(?<=[.!?…]\s)|(?<=\n)){_X}[,?!.]\s(?:he|she|they|[A-Z][a-z]+)\s(?:\w+ly\s)?"
    r"(?:says|said|calls|called|asks|asked|whispers|whispered|shouts|shouted)\b"
)
_SPEECH = (
    r"(?:say|says|said|ask|asks|asked|call|calls|called|shout|shouts|shouted|yell|yells|yelled|whisper|whispers|"
    r"whispered|murmur|murmurs|murmured|breathe|breathes|breathed|repeat|repeats|repeated|snap|snaps|snapped|"
    r"cry|cries|cried|croak|croaks|croaked|mutter|mutters|muttered|try|tries|tried|reply|replies|replied|"
    r"answer|answers|answered|begin|begins|began|start|starts|started|manage|manages|managed|tell|tells|told)"
)


@dataclass(frozen=True)
class _Voice:
    """The narrated person whose name is sought: "you" of a second-person story, "I" of a first-person one."""

    word: str  # as it is said: "you", "I"
    tag: re.Pattern[str]  # the tag after a line: '," she says' / 'Hana says softly' / 'says Hana'
    answer: re.Pattern[str]  # the next narrated subject is this voice: ", and you look up" / "You turn."
    any_form: re.Pattern[str]
    starts: re.Pattern[str]


def _voice(said: str, word: str, forms: str, starts: str) -> _Voice:
    tag = re.compile(
        rf"\s*[,.]?\s*(?:(?P<who>{word}|[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?(?:['’]s voice)?)"
        rf"\s(?:\w+ly\s)?{_SPEECH}|{_SPEECH}\s(?P<who2>[A-Z][\w'’-]+))\b"
        # The rest of the tag, up to ", and you ..." (the answer) or the sentence's end.
        rf"(?:(?![,;]?\s*(?:and|then|so|but)\s+{word}\b)[^.!?\n“\"])*"
    )
    answer = re.compile(rf"\s*[,;]?\s*(?:and|then|so|but)\s+{word}\b|\s*[;—–-]+\s*{word}\b")
    return _Voice(said, tag, answer, re.compile(forms), re.compile(starts))


YOU = _voice("you", "[Yy]ou", r"\b[Yy]ou(?:r|rs|rself)?\b", r"\s*(?:[A-Z][a-z]+,\s)?[Yy]ou\b(?!['’]re\b)")
# "I" is written capitalised; "I'm" narrates as much as "I".
ME = _voice("i", "I", r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b", r"\s*(?:[A-Z][a-z]+,\s)?I\b")

# A vocative at the start or the end of a line: "Jim?", "Shepard, can you hear me", "Morning, Ruth."
_LEADING = re.compile(rf"^[\"“‘'*\s]*{_X}(?:[,?!…]|\.(?!\w))")
_TRAILING = re.compile(rf",\s{_X}[\s.,?!…]*[\"”’'*]*$")
# Words a line may start with that are no name: "Morning, Ruth", "Okay, Jim".
_NOT_NAMES = frozenset(
    "i you he she they we it the a an oh ah hey hi hello yes no okay ok well god please sorry thanks thank "
    "morning evening night goodnight wait stop look listen come go run what why who how where when now here "
    "there this that come sir ma'am mum mom dad love darling honey sweetheart babe baby dear kid mate".split()
)
# Vote sources that state the name outright.
STATED_VOTES = 2
CALL_VOTES = 1
# At least this many votes for a name, and more than any other name.
MIN_VOTES = 2


def second_person(work: Work, quotes: list[tuple[int, int]]) -> bool:
    """Is the work told in the second person: the pov stage's verdict, else "you" outnumbering
    "I" and he/she outside dialogue (a cheap count for pipelines that skip pov)."""
    pov = work.inferred.pov
    if pov is not None and pov.person is not None:
        return pov.person == "second"
    counts: Counter[str] = Counter()
    for m in re.finditer(r"\b(?:you|your|i|me|my|he|she|his|her|him)\b", work.text[:200_000], re.IGNORECASE):
        if not in_spans(m.start(), quotes):
            w = m.group(0).lower()
            counts["second" if w in ("you", "your") else "first" if w in ("i", "me", "my") else "third"] += 1
    return (
        counts["second"] >= 10
        and counts["second"] > counts["first"]
        and counts["second"] >= 0.35 * counts["third"]
    )


def _namer(work: Work) -> Callable[[str], str | None]:
    """A function from a name as written ("Jim", "RUTH") to a character's name, or None."""
    chars: list[Character] = work.inferred.characters
    forms: dict[str, str] = {}
    words: dict[str, set[str]] = {}
    for c in chars:
        for form in [c.name, *c.aliases]:
            forms.setdefault(form.lower(), c.name)
            for w in form.split():
                if len(w) > 2:
                    words.setdefault(w.lower(), set()).add(c.name)
    fandoms = {f.name for f in work.inferred.fandoms if f.confidence >= 0.5}
    kb_names: dict[str, str | None] = {}

    def name(x: str) -> str | None:
        low = " ".join(x.split()).lower()
        if low in forms:
            return forms[low]
        owners = {n for w in low.split() if len(words.get(w, ())) == 1 for n in words[w]}
        if len(owners) == 1:
            return owners.pop()
        if not fandoms:
            return None
        if low not in kb_names:
            # A canon character of the work's fandom the characters stage did not keep (named only in dialogue).
            kb = load_kb()
            kb_names[low] = None
            # A full name, a one-word name, then a part of one ("Garrus" of "Garrus Vakarian"): one canon person.
            for table in (kb.full, kb.single, kb.partial):
                hits = {k.name for k in table.get(low, []) if k.fandom in fandoms}
                if hits:
                    written = " ".join(x.split())
                    kb_names[low] = (
                        (written.title() if written.isupper() else written) if len(hits) == 1 else None
                    )
                    break
        return kb_names[low]

    return name


def _vocatives(line: str) -> list[str]:
    """The names a line of dialogue may call, at its start and at its end ("Shit, Ruth!")."""
    inner = line.strip("\"“”‘’'* \n")
    found = (_LEADING.search(line), _TRAILING.search(inner))
    return [m.group("x") for m in found if m and m.group("x").split()[0].lower() not in _NOT_NAMES]


def _answered_by(text: str, end: int, quotes: list[tuple[int, int]], k: int, voice: _Voice = YOU) -> bool:
    """After the line ending at `end` (quote `k`) and its tag, the next thing narrated is done by the
    voice ("you", "I"), and the line is not said by it ("'Hana,' you say")."""
    tag = voice.tag.match(text, end)
    at = end
    if tag:
        who = (tag.group("who") or tag.group("who2") or "").lower()
        if who == voice.word.lower():
            return False
        at = tag.end()
    else:
        # No tag: the line is the one whose act the paragraph just told ("You take the chart. 'Ada?'").
        start = quotes[k][0] if k < len(quotes) else end
        para = max(text.rfind("\n", 0, start), text.rfind("”", 0, start), text.rfind('"', 0, start - 1)) + 1
        before = re.split(r"(?<=[.!?…])\s+", text[para:start].strip())[-1]
        if voice.starts.match(before):
            return False
    if voice.answer.match(text, at):
        return True
    # The same speaker may go on ("Big day."): pass over lines in the same paragraph.
    stop = text.find("\n\n", at)
    k += 1
    while k < len(quotes) and quotes[k][0] < (stop if stop >= 0 else len(text)):
        gap = text[at : quotes[k][0]]
        if gap.strip(" .,\n") and not voice.tag.fullmatch(gap):
            break
        at = quotes[k][1]
        tag = voice.tag.match(text, at)
        at = tag.end() if tag else at
        k += 1
    rest = text[at : at + 400]
    # The next narrated sentence, or the one after a short fragment ("Hana's voice, above you. You look up.").
    for sentence in re.split(r"(?<=[.!?…])\s+", rest.lstrip(" .,\n"), maxsplit=3)[:3]:
        if sentence.startswith(('"', "“", "‘")):
            return False
        if voice.starts.match(sentence):
            return True
        if len(sentence) > 40 or not voice.any_form.search(sentence):
            return False
    return False


def answered_calls(text: str, quotes: list[tuple[int, int]], voice: _Voice = YOU) -> Iterator[list[str]]:
    """The names each line of dialogue calls, for the lines the voice answers ("'Jim?' Bones says. You turn.")."""
    for k, (a, b) in enumerate(quotes):
        called = _vocatives(text[a:b])
        if called and _answered_by(text, b, quotes, k, voice):
            yield called


def votes(work: Work, quotes: list[tuple[int, int]] | None = None) -> Counter[str]:
    """Votes per character name for being the story's "you"."""
    text = work.text
    quotes = quote_spans(text) if quotes is None else quotes
    name = _namer(work)
    out: Counter[str] = Counter()

    def vote(x: str, n: int) -> bool:
        who = None if x.split()[0].lower() in _NOT_NAMES else name(x)
        if who is not None:
            out[who] += n
        return who is not None

    for rx in _STATED:
        for m in rx.finditer(text):
            if not in_spans(m.start(), quotes):
                vote(m.group("x"), STATED_VOTES)
    for rx in (_APPOSITION, _UNQUOTED_CALL):
        for m in rx.finditer(text):
            if not in_spans(m.start(), quotes) and (rx is _APPOSITION or _answered_by(text, m.end(), [], 0)):
                vote(m.group("x"), CALL_VOTES)
    for called in answered_calls(text, quotes):
        # One vote a line: its first word that is a character's name.
        next((x for x in called if vote(x, CALL_VOTES)), None)
    return out


def addressee(
    work: Work, second: bool | None = None, quotes: list[tuple[int, int]] | None = None
) -> str | None:
    """The character a second-person story calls "you", or None (not second person, or never named).
    `second` is the caller's verdict on the person, when it has one; read once per work."""
    if "addressee" not in work.cache:
        found = None
        if work.inferred.characters:
            if second is None:
                quotes = quote_spans(work.text) if quotes is None else quotes
                second = second_person(work, quotes)
            if second:
                found = leader(votes(work, quotes), MIN_VOTES)
        work.cache["addressee"] = found
    return work.cache["addressee"]
