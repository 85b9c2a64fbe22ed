"""Characters stage: named-person mentions, alias clusters, role and gender per character.

Mentions are spaCy PERSON entities repaired by rules (`find_person_mentions`): the honorific in
front is added ("Sir Walter", "Mrs. Rachel"), possessive endings dropped ("Mary's" -> "Mary"),
title + capitalised word read as a person even when the NER missed it, speakers of "said X"
picked up, the speaker labels of a script or chat log ("BILL:", "**Priya:**") counted as the
speaker's lines, and every other capitalised occurrence of a name already seen labelled too (the NER
is inconsistent from one sentence to the next). Then whole-text evidence corrects the NER: a word
that is mostly a place ("at Chester", "the Moonstone") is dropped, a speaker ("said Turkey") or a
given name it calls an organisation is kept, and each span grows to the name phrase a reader
counts ("the talented Miss Cowley", "old Cotter", "William the Conqueror", "Dear Judy"). Names
(without that phrase) are then clustered into characters with `ficlens.names.cluster_names`.
A character is `main` when named at least 30% as often as the most-named one, `mentioned` when
named only inside dialogue (referred to, never on the page), else `secondary`; `cast()` picks the
characters an author would tag, leaving out names that pass by.

    >>> work = ficlens.analyze("story.txt", stages=["structure", "characters"])
    >>> [(c.name, c.role, c.gender, len(c.mentions)) for c in work.inferred.characters]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ficlens.model import Character, Mention, Relationship, Work
from ficlens.names import (
    TITLES,
    cluster_names,
    formal_given_name,
    given_name_gender,
    name_gender,
    parse_name,
    same_given_name,
)
from ficlens.nlp import iter_prose_docs, prose_chunks
from ficlens.registry import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Titles that may lead a name in prose (case-sensitive forms are checked with `istitle`).
# Old-fashioned ones are added: "Mistress Prynne", "Farmer Oak", "Squire Allworthy".
_LEAD_TITLES = (set(TITLES) - {"m", "st", "gen", "col", "officer", "cousin", "saint", "agent", "nurse"}) | {
    "mistress",
    "squire",
    "farmer",
}
_NON_NAME_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW", "LANGUAGE"}
# Capitalised words that are never names on their own in English prose.
_NEVER_NAMES = {
    "i", "i'm", "i'd", "i'll", "i've", "oh", "ah", "yes", "no", "lord", "sir", "madam", "ma'am",
    "mr", "mrs", "miss", "ms", "dr", "chapter", "mum", "mom", "dad", "mother", "father", "okay", "ok",
    "hey", "hi", "hello", "it", "esq", "he", "she", "they", "we", "you", "my", "his", "her", "well", "but", "and", "the", "then", "now", "what", "why", "who", "how",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
    "january", "february", "march", "july", "september", "october",
    "november", "december", "english", "french", "german", "heaven", "hell", "sorry", "thanks",
    "please", "damn", "fuck", "shit", "christ", "jesus",
}  # fmt: skip
# Lower-case words LitBank (and readers) count as part of a name: "old Cotter", "poor Isabella".
_NAME_MODIFIERS = {"old", "young", "late"}
# Months that are given names too ("June Colburn", "August Wahlen"): a person unless written as a date.
_MONTH_NAMES = {"april", "june", "august"}
# Words before a month that make it a date; not "to", "from", "by" ("said to June", "a note from June").
_DATE_LEADS = {
    "in", "on", "since", "until", "till", "of", "last", "next", "this", "early", "late", "mid",
    "every", "through", "during",
}  # fmt: skip
_SPEECH_VERBS = {
    "said", "asked", "replied", "cried", "answered", "shouted", "whispered", "muttered", "called",
    "exclaimed", "added", "continued", "remarked", "murmured", "sighed", "laughed", "snapped",
    "says", "asks", "replies", "agreed", "hinted", "interrupted", "confessed", "began", "nodded",
    "smiled", "grinned", "demanded", "insisted", "admitted", "observed", "protested", "retorted",
}  # fmt: skip
# Lower-case words that belong inside a name ("Oskar von Reuenthal", "Nicolò di Genova").
_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "di",
    "da",
    "du",
    "del",
    "della",
    "la",
    "le",
    "bin",
    "al",
    "y",
    "zu",
    "of",
}
_POSSESSIVE_TOKENS = {"'s", "'", "’s", "’", "'S"}


# A single word is spread to its other occurrences only once it was read as a name this often.
SPREAD_MIN = 3
# A word seen this often next to a speech verb is a person whatever else the NER calls it.
SPEAKER_MIN = 1
_PLACE_PREPOSITIONS = {"in", "at", "into", "near", "towards", "toward", "through", "across", "via"}
_PLACE_NOUNS = {
    "hall", "street", "castle", "park", "house", "abbey", "church", "road", "lane", "square", "court",
    "manor", "place", "hill", "river", "bridge", "station", "hotel", "inn", "college", "school", "city",
    "island", "bay", "lake", "valley", "forest", "county", "farm", "cottage", "tower", "palace",
}  # fmt: skip
_SPEAKER_KEY = "\0speaker:"
# Any name (the NER's too) next to a speech verb: only to tell a speaker from a place.
_SPOKE_KEY = "\0spoke:"
_ORG_KEY = "\0org:"


@dataclass
class _Candidate:
    start: int  # character offsets into the work text
    end: int
    text: str
    source: str  # "ner" | "title" | "spread"
    # After "in/at/from", or before "Hall/Street": a place unless other evidence says person.
    place: bool = False
    # First word of a sentence or line, where any word is capitalised.
    initial: bool = False


class _Tokens:
    """One doc's tokens read once into plain sequences (text, lower case, offsets, flags).

    The rules look at every token several times; building a spaCy `Token` per look was most of
    their cost (~590k objects per 60k words), so they test these strings and flags instead and
    touch the doc only for its entities. Flags come from spaCy's own lexeme attributes.
    """

    __slots__ = (
        "_lower",
        "_lower_words",
        "_orth",
        "_orth_words",
        "alpha",
        "idx",
        "lower",
        "punct",
        "space",
        "text",
        "ws",
    )

    def __init__(self, doc: Doc) -> None:
        import numpy
        from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LOWER, ORTH, SPACY

        columns = doc.to_array([ORTH, LOWER, IDX, SPACY, IS_ALPHA, IS_PUNCT, IS_SPACE])
        strings = doc.vocab.strings
        # Distinct words are looked up once; each token is an index into them (for `find` too).
        orth, self._orth = numpy.unique(columns[:, 0], return_inverse=True)
        lower, self._lower = numpy.unique(columns[:, 1], return_inverse=True)
        self._orth_words = numpy.array([strings[h] for h in orth.tolist()], dtype=object)
        self._lower_words = numpy.array([strings[h] for h in lower.tolist()], dtype=object)
        self.text: list[str] = self._orth_words[self._orth].tolist()
        self.lower: list[str] = self._lower_words[self._lower].tolist()
        self.idx: list[int] = columns[:, 2].tolist()  # character offset of each token in the doc
        # One byte per token: trailing space, is_alpha, is_punct, is_space.
        self.ws, self.alpha, self.punct, self.space = (
            columns[:, k].astype(numpy.uint8).tobytes() for k in range(3, 7)
        )

    def __len__(self) -> int:
        return len(self.text)

    def find(self, test: Callable[[str], bool], *, lower: bool = False) -> list[int]:
        """Positions of the tokens whose text (or lower-case form) passes `test`, run once per distinct word."""
        import numpy

        words, which = (self._lower_words, self._lower) if lower else (self._orth_words, self._orth)
        keep = numpy.fromiter((test(w) for w in words), dtype=bool, count=len(words))
        return numpy.flatnonzero(keep[which]).tolist()

    def chars(self) -> str:
        """The doc's text (what `doc.text` builds, without a `Token` per token)."""
        return "".join([t + " " if w else t for t, w in zip(self.text, self.ws, strict=True)])

    def char_range(self, start: int, end: int) -> tuple[int, int]:
        """Character range of tokens `start:end` (`Span.start_char`, `Span.end_char`)."""
        return self.idx[start], self.idx[end - 1] + len(self.text[end - 1])


@lru_cache(maxsize=65536)
def _is_title(text: str) -> bool:
    text = text.rstrip(".")
    return text[:1].isupper() and text.lower() in _LEAD_TITLES


@lru_cache(maxsize=65536)
def _is_name(text: str) -> bool:
    if not text[:1].isupper() or text.lower() in _NEVER_NAMES:
        return False
    # Two letters at least: "I." is a chapter number, not an initial standing alone.
    return all(c.isalpha() or c in "-'’." for c in text) and sum(c.isalpha() for c in text) >= 2


# A surname after an elided particle starts lower-case but is a name: "d'Urberville", "l'Estrange".
_ELIDED = re.compile(r"^[dl]['’][A-Z]")


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or _ELIDED.match(text) is not None


def _trim(tk: _Tokens, start: int, end: int) -> tuple[int, int]:
    """Token range without possessive endings, punctuation or lower-case words at the edges."""
    text, punct, space = tk.text, tk.punct, tk.space
    while end > start and (
        text[end - 1] in _POSSESSIVE_TOKENS
        or punct[end - 1]
        or space[end - 1]
        or not _capitalised(text[end - 1])
    ):
        end -= 1
    while start < end and (punct[start] or space[start] or not _capitalised(text[start])):
        start += 1
    return start, end


_SENTENCE_ENDS = {".", "!", "?", '"', "“", "”", "'", ":"}


def _sentence_initial(tk: _Tokens, i: int) -> bool:
    """Does token `i` open a sentence, a line or a quotation (where every word is capitalised)?"""
    if i == 0:
        return True
    prev = tk.text[i - 1]
    # A token's trailing whitespace is a space at most, so a line break is in its text.
    return (tk.punct[i - 1] and prev in _SENTENCE_ENDS) or "\n" in prev


# Letters below U+0250 (Latin scripts) and characters above it, found by regex, not char by char.
_LATIN_LETTER = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x250) if chr(c).isalpha()) + "]")
_BEYOND_LATIN = re.compile("[^\x00-\u024f]")


def _mostly_latin(text: str) -> bool:
    """Are at least 60% of the letters (in the first 20,000 characters) Latin ones?"""
    sample = text[:20000]
    other = sum(1 for c in _BEYOND_LATIN.findall(sample) if c.isalpha())
    if not other:
        # English prose: no letter beyond Latin (curly quotes and dashes are no letters).
        return _LATIN_LETTER.search(sample) is not None
    latin = _LATIN_LETTER.subn("", sample)[1]
    return latin >= 0.6 * (latin + other)


def _is_inner_hyphen(tk: _Tokens, i: int) -> bool:
    """A hyphen inside a word ("Obi-Wan", "Grant-Menzies"), which spaCy splits off."""
    return (
        tk.text[i] in {"-", "‐"}
        and i > 0
        and not tk.ws[i - 1]
        and not tk.ws[i]
        and i + 1 < len(tk)
        and tk.text[i + 1][:1].isupper()
    )


# Lower-case tails that make a word of a name, not a longer name ("Harry-ish", "Naruto-kun").
_NOT_SYLLABLE = frozenset(
    "ish like less free ward wise type era esque ness ly kun chan san sama sensei senpai dono nim ssi hyung "
    "noona oppa unnie ah ya ism ite verse".split()
    # short English words after a name: "Lizzie-boy", "Good-bye", "Kingsbere-sub-Greenhill", "Haw-haw"
    + "boy boys girl man men bye the and sub born haw ha law to by day one two six ten old kin son pa ma up on "
    "off out all eye eyed face head of in at for not way".split()
)


def _is_syllable_hyphen(tk: _Tokens, i: int) -> bool:
    """A hyphen before a lower-case syllable of a romanised given name ("Wen-li", "Hyun-woo", "Mei-ling")."""
    if not (
        tk.text[i] in {"-", "‐"}
        and i > 0
        and i + 1 < len(tk)
        and not tk.ws[i - 1]
        and not tk.ws[i]
        and tk.text[i - 1][:1].isupper()
    ):
        return False
    tail = tk.text[i + 1]
    return 2 <= len(tail) <= 4 and tail.isalpha() and tail.islower() and tail not in _NOT_SYLLABLE


def _extend_hyphen(tk: _Tokens, start: int, end: int) -> tuple[int, int]:
    """Grow a span over hyphenated name parts on either side ("Wan Kenobi" -> "Obi-Wan Kenobi")."""
    text = tk.text
    while start >= 2 and _is_inner_hyphen(tk, start - 1) and text[start - 2][:1].isupper():
        start -= 2
    while end + 1 < len(tk) and (
        (_is_inner_hyphen(tk, end) and _is_name(text[end + 1])) or _is_syllable_hyphen(tk, end)
    ):
        end += 2
    return start, end


def _split_span(tk: _Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an entity at lower-case words inside it ("Tony elbows McGee" -> "Tony", "McGee")."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for i in range(start, end):
        text = tk.text[i]
        lower_word = tk.alpha[i] and text[:1].islower() and tk.lower[i] not in _PARTICLES
        stutter = len(text) > 1 and text.endswith("-")
        if lower_word or stutter or "--" in text or "\n" in text:
            if i > cursor:
                pieces.append((cursor, i))
            cursor = i + 1
    if end > cursor:
        pieces.append((cursor, end))
    return pieces


def _extend_title(tk: _Tokens, start: int) -> int:
    while start > 0 and _is_title(tk.text[start - 1]):
        start -= 1
    if start > 0 and tk.lower[start - 1] in _NAME_MODIFIERS:
        start -= 1
        if start > 0 and tk.lower[start - 1] == "the" and tk.lower[start] == "late":
            start -= 1
    return start


def _doc_candidates(
    offset: int, doc: Doc, tk: _Tokens | None = None
) -> tuple[list[_Candidate], list[tuple[int, int, str, bool]], Counter[str]] | None:
    """PERSON spans (repaired) and title+name spans of one chunk, plus its capitalised runs.

    A run is `(start, end, text, sentence_initial)` for every maximal sequence of capitalised
    name-like tokens; the global pass turns known names among them into mentions. The counter
    holds the other entity labels and the speakers. None when the chunk is not Latin-script prose.
    """
    if tk is None:
        tk = _Tokens(doc)
    text, n = tk.text, len(tk)
    found: list[_Candidate] = []
    taken = [False] * n
    other_label: Counter[str] = Counter()
    chars = tk.chars()
    if not _mostly_latin(chars):
        # The English NER reads CJK or Cyrillic prose as noise; better no names than junk.
        return None
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            if ent.label_ not in _NON_NAME_LABELS:
                s, e = tk.char_range(ent.start, ent.end)
                other_label[chars[s:e]] += 1
                if ent.label_ == "ORG" and len(ent) == 1:
                    other_label[_ORG_KEY + chars[s:e]] += 1
            continue
        for start, end in _split_span(tk, ent.start, ent.end):
            start, end = _trim(tk, start, end)
            if start >= end:
                continue
            if all(
                text[i].lower().rstrip(".") in TITLES or text[i].lower() in _NEVER_NAMES
                for i in range(start, end)
            ):
                continue
            start, end = _extend_hyphen(tk, _extend_title(tk, start), end)
            s, e = tk.char_range(start, end)
            found.append(
                _Candidate(
                    offset + s,
                    offset + e,
                    chars[s:e],
                    "ner",
                    _looks_like_place(tk, start, end),
                    _sentence_initial(tk, start),
                )
            )
            taken[start:end] = [True] * (end - start)
    # Every name or title starts with a capital: the scans below only start at those tokens.
    capitals = tk.find(lambda t: t[:1].isupper())
    # Title + capitalised words ("Mrs. Rachel", "Captain Harkness") the NER missed.
    resume = 0
    for i in capitals:
        if i < resume or taken[i] or not _is_title(text[i]) or i + 1 >= n or not _is_name(text[i + 1]):
            continue
        j = i + 1
        while j < n and _is_name(text[j]) and not taken[j] and not _is_title(text[j]):
            j += 1
        if j > i + 1 and not any(taken[i:j]):
            s, e = tk.char_range(i, j)
            found.append(_Candidate(offset + s, offset + e, chars[s:e], "title"))
            taken[i:j] = [True] * (j - i)
            resume = j
    # A capitalised word next to a speech verb is a speaker ("said Turkey", "Tuppence sighed").
    for v in tk.find(_SPEECH_VERBS.__contains__, lower=True):
        for k in (v - 1, v + 1):
            if 0 <= k < n and _is_name(text[k]) and not _is_title(text[k]):
                other_label[(_SPOKE_KEY if taken[k] else _SPEAKER_KEY) + text[k]] += 1
    runs: list[tuple[int, int, str, bool]] = []
    resume = 0
    for i in capitals:
        if i < resume or taken[i] or not _is_name(text[i]):
            continue
        j = i
        while j < n and not taken[j]:
            if _is_syllable_hyphen(tk, j) and not taken[j + 1]:
                j += 2  # "Wen-li": the syllable belongs to the name
            elif _is_name(text[j]) or _is_inner_hyphen(tk, j):
                j += 1
            else:
                break
        while j > i and not _is_name(text[j - 1]) and not (j - i >= 3 and _is_syllable_hyphen(tk, j - 2)):
            j -= 1
        s, e = tk.char_range(i, j)
        initial = _sentence_initial(tk, i)
        runs.append((offset + s, offset + e, chars[s:e], initial or _looks_like_place(tk, i, j)))
        resume = j
    return found, runs, other_label


def _looks_like_place(tk: _Tokens, start: int, end: int) -> bool:
    """After "in/at/from" or "the", or before "Hall/Street": a place or thing more often than a person."""
    lower = tk.lower
    if start > 0 and lower[start - 1] in _PLACE_PREPOSITIONS:
        return True
    if end - start == 1 and start > 0 and lower[start - 1] in {"the", "a", "an", "this", "that"}:
        return True
    last = lower[end - 1]
    following = lower[end] if end < len(lower) else ""
    return last in _PLACE_NOUNS or following in _PLACE_NOUNS


def _trim_common_lead(c: _Candidate, lower_words: Counter[str]) -> tuple[int, int]:
    """Drop a sentence-opening verb the NER swept into a name ("Meeting Yang" -> "Yang").

    Only a verb-like ordinary word (-ing/-ed/-es, also written in lower case in the story, or
    opening the sentence: "Watches Dev build...") that is not a given name or a title is
    dropped; "Farmer Oak" and "Happy Jack" stay.
    """
    words = c.text.split()
    if c.source != "ner" or len(words) < 2:
        return c.start, c.end
    first = words[0]
    lowered = first.lower()
    verb_like = lowered.endswith(("ing", "ed", "es")) and len(lowered) >= 5
    if (
        not verb_like
        or (lower_words[lowered] == 0 and not c.initial)
        or lowered.rstrip(".") in TITLES
        or given_name_gender(first)
    ):
        return c.start, c.end
    cut = c.text.find(words[1], len(first))
    return c.start + cut, c.end


def _split_name_pair(text: str, start: int, end: int, known: Counter[str]) -> list[tuple[int, int]]:
    """Cut two names the NER ran together ("the Brannock Grace remembers") into two mentions.

    Only a two-word span whose second word is a given name and whose first is not, each word a
    name of its own elsewhere in the story, and the pair written only once: a full name puts
    the given name first ("Grace Brannock"), and a surname-first name is rarely followed by an
    English given name.
    """
    words = text.split()
    if len(words) != 2 or known[text] > 1:
        return [(start, end)]
    first, second = words
    if given_name_gender(first) or not given_name_gender(second):
        return [(start, end)]
    if min(known[first], known[second]) < 3:
        return [(start, end)]
    cut = text.find(second, len(first))
    return [(start, start + len(first)), (start + cut, end)]


def _known_caps_part(text: str, known: Counter[str]) -> tuple[int, int] | None:
    """Character range of the longest known name (of two words or more, or all of it) in a capitals run."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for size in range(len(words), 0, -1):
        for k in range(len(words) - size + 1):
            start, end = words[k][0], words[k + size - 1][1]
            if (size > 1 or size == len(words)) and text[start:end].title() in known:
                return start, end
    return None


def _ordinary_word(word: str, lower_words: Counter[str]) -> bool:
    """A word the story also writes in lower case and no given name ("Son", "Riding", "Sane")."""
    return lower_words[word.lower()] > 0 and not given_name_gender(word)


def _name_parts(text: str) -> list[str]:
    return [
        w
        for w in text.replace(".", ". ").split()
        if w.rstrip(".").lower() not in TITLES
        and w.rstrip(".").lower() not in _LEAD_TITLES
        and w.lower() not in _NAME_MODIFIERS
        and w.lower() != "the"
    ]


def find_person_mentions(chunks: Iterable[tuple[int, Doc]]) -> list[tuple[int, int]]:
    """Character spans of named-person mentions across all chunks, sorted and non-overlapping."""
    found: list[_Candidate] = []
    runs: list[tuple[int, int, str, bool]] = []
    other_label: Counter[str] = Counter()
    docs: list[tuple[int, Doc]] = []
    tokens: list[_Tokens] = []
    words: Counter[str] = Counter()
    alpha: dict[str, int] = {}
    for offset, doc in chunks:
        tk = _Tokens(doc)
        docs.append((offset, doc))
        tokens.append(tk)
        candidates = _doc_candidates(offset, doc, tk)
        if candidates is None:
            continue
        found.extend(candidates[0])
        runs.extend(candidates[1])
        other_label.update(candidates[2])
        words.update(tk.text)
        alpha.update(zip(tk.text, tk.alpha, strict=True))
    person_count: Counter[str] = Counter(c.text for c in found)
    known: Counter[str] = Counter()
    # Words of multi-word names ("Harkness" in "Captain Jack Harkness") are safe to spread at once.
    multi_parts: set[str] = set()
    # Words the story writes in lower case ("good", "hollow"), counted per distinct word.
    lower_words = Counter({w: n for w, n in words.items() if alpha[w] and w.islower()})
    speakers: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    for key, n in list(other_label.items()):
        if key.startswith(_SPOKE_KEY):
            spoke[key[len(_SPOKE_KEY) :]] += n
            del other_label[key]
        elif key.startswith(_SPEAKER_KEY):
            known[key[len(_SPEAKER_KEY) :]] += n
            speakers[key[len(_SPEAKER_KEY) :]] += n
            del other_label[key]
        elif key.startswith(_ORG_KEY):
            del other_label[key]
            word = key[len(_ORG_KEY) :]
            # The NER calls a given name it has not seen an organisation ("Agnes"): a person.
            if given_name_gender(word):
                other_label[word] -= n
                known[word] += n
    for c in found:
        parts = _name_parts(c.text)
        if parts:
            known[" ".join(parts)] += 1
            for part in parts:
                known[part] += 1
                if len(parts) > 1:
                    multi_parts.add(part)

    # A canon's own name for one person ("Thorin", "Legolas"), which the NER took for a person at least
    # once and more often for a title or a product: a person. The KB is asked only when such a word is.
    outvoted = [w for w, n in other_label.items() if n > known[w] and known[w] and " " not in w]
    # The same for a word the NER never calls a person ("Leofric", read as a date each time) but the
    # story writes capitalised three times or more and never in lower case.
    run_count = Counter(t for _, _, t, _ in runs if " " not in t and not t.isupper())
    unread = [
        w
        for w, n in run_count.items()
        if n >= SPREAD_MIN
        and known[w] < SPREAD_MIN
        and not other_label[w]
        and not lower_words[w.lower()]
        and w.lower() not in _NEVER_NAMES
    ]
    if outvoted or unread:
        from ficlens.kb.index import canon_person_words
        from ficlens.kb.load import load_kb  # the KB in use: the user's overlay may change it between runs

        persons = canon_person_words(load_kb())
        for word in outvoted:
            if word.casefold() in persons:
                known[word] += other_label.pop(word)
        for word in unread:
            if word.casefold() in persons:
                known[word] = max(known[word], run_count[word])
    for word, n in speakers.items():
        # Someone who speaks is a person, whatever the NER calls the word elsewhere ("said Turkey").
        if n >= SPEAKER_MIN:
            known[word] += other_label.pop(word, 0)

    # Drop NER "persons" that are mostly something else elsewhere (a ship, a city) and seen once.
    def common_word(word: str) -> bool:
        # "Good", "Hollow", "Diamond": the story also uses the word in lower case.
        return lower_words[word.lower()] > 0 and word not in multi_parts

    kept = [
        c
        for c in found
        if c.source != "ner"
        or (
            (person_count[c.text] >= other_label[c.text] or person_count[c.text] > 1)
            and not (c.place and " " not in c.text and person_count[c.text] < 2)
            and not (" " not in c.text and person_count[c.text] < 2 and _ordinary_word(c.text, lower_words))
        )
    ]
    spans: list[tuple[int, int]] = []
    for c in kept:
        start, end = _trim_common_lead(c, lower_words)
        if c.source == "ner":
            spans.extend(_split_name_pair(c.text[start - c.start : end - c.start], start, end, known))
        else:
            spans.append((start, end))
    for start, end, text, weak in runs:
        if text.isupper() and len(text) > 2:
            # A heading or a shout: "OLIVER TWIST WAS BORN", "TOM!" hold a name seen in prose.
            part = _known_caps_part(text, known)
            if part == (0, len(text)):
                text = text.title()
            elif part is not None:
                spans.append((start + part[0], start + part[1]))
                continue
        words = text.split()
        if len(words) == 1 and (common_word(text) or (weak and known[text] < 3 and text not in multi_parts)):
            continue
        if (text in known and (len(words) > 1 or known[text] >= SPREAD_MIN or text in multi_parts)) or (
            len(words) > 1 and all(w in known for w in words)
        ):
            if other_label[text] > known[text]:
                continue
            spans.extend(_split_name_pair(text, start, end, known))
            continue
        # A run that contains a known name ("Walter Elliot Esq"): keep the known part.
        cursor = start
        for word in words:
            w_start = start + text.find(word, cursor - start)
            w_end = w_start + len(word)
            cursor = w_end
            if (
                word in known
                and known[word] >= 2
                and other_label[word] <= known[word]
                and not common_word(word)
            ):
                spans.append((w_start, w_end))
    # A word that speaks twice is someone, even always written with "the" ("the Middleman says").
    speaking = {w for w in speakers | spoke if speakers[w] + spoke[w] >= 2}
    spans = _drop_places(docs, _drop_dates(docs, spans, tokens), tokens, speaking)
    spans = _refine_spans(docs, spans, tokens)
    spans.sort()
    headings = _scene_headings(docs)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        if headings and in_spans(start, headings):
            continue  # "INT. MARLOWE KITCHEN - NIGHT" names a place and a time, not a person
        out.append((start, end))
    return out


def _drop_dates(
    docs: list[tuple[int, Doc]], spans: list[tuple[int, int]], tokens: list[_Tokens]
) -> list[tuple[int, int]]:
    """Drop a month that is a given name where it is written as a date ("in June", "August 3")."""
    offsets = [o for o, _ in docs]
    out = []
    for s, e in spans:
        found = _token_range(docs, offsets, s, e) if e - s <= 6 else None
        if found is not None:
            k, i, j = found
            tk = tokens[k]
            if j - i == 1 and tk.lower[i] in _MONTH_NAMES:
                before = tk.lower[i - 1] if i > 0 else ""
                after = tk.text[j] if j < len(tk) else ""
                if before in _DATE_LEADS or after[:1].isdigit():
                    continue
        out.append((s, e))
    return out


# A screenplay scene heading: "INT. KITCHEN - NIGHT", "EXT./INT. CAR - DAY", "I/E HARBOUR ROAD".
_SCENE_HEADING = re.compile(r"^[ \t]*(?:INT|EXT|I/E|INT\.?/EXT|EXT\.?/INT)(?:\.|\b)[^\n]*$", re.MULTILINE)


def _scene_headings(docs: list[tuple[int, Doc]]) -> list[tuple[int, int]]:
    """Character spans of the screenplay scene headings in the chunks, sorted."""
    return [
        (offset + m.start(), offset + m.end())
        for offset, doc in docs
        for m in _SCENE_HEADING.finditer(doc.text)
    ]


# ---- span refinement: place filter, noun-phrase edges ------------------------------------------

# Prepositions of place and motion: "at Chester", "from Selby", "to Prato". "of" is left out
# ("the daughter of Edward"), and so is "with"/"by" (people are met with and written by).
_MOTION_PREPOSITIONS = _PLACE_PREPOSITIONS | {"from", "to", "towards", "toward", "beyond", "round"}
# Lower-case words that may follow a name that heads its phrase ("the talented Miss Cowley
# drove"); any other lower-case word makes the name a modifier ("the Armstrong family").
_HEAD_FOLLOWERS = {
    "was", "were", "is", "are", "had", "has", "have", "did", "does", "do", "said", "says", "would",
    "could", "should", "will", "shall", "may", "might", "must", "can", "came", "went", "saw",
    "took", "made", "gave", "knew", "thought", "felt", "stood", "sat", "ran", "got", "told", "left",
    "began", "seemed", "being", "who", "whom", "which", "that", "and", "or", "but", "as", "in",
    "on", "at", "to", "of", "for", "with", "from", "by", "himself", "herself", "themselves",
    "never", "always", "now", "then", "too", "also", "once", "again", "here", "there",
}  # fmt: skip
_ARTICLES = {"the", "this", "that", "a", "an"}
# "At this moment Robert", "the following morning Liddy": time, not a name phrase.
_TIME_NOUNS = {"morning", "evening", "moment", "instant", "meeting", "beginning", "ending"}
# Adjectives of a name phrase that no suffix gives away ("the same handsome Miss Elliot").
_ADJECTIVES = {
    "late", "same", "handsome", "great", "future", "said", "young", "old", "little", "famous",
    "gallant", "good", "new", "real", "second", "first", "elder", "younger", "celebrated",
    "renowned", "unfortunate", "worthy", "excellent", "beautiful", "pretty", "lovely", "noble",
    "innocent", "wicked", "honest", "brave", "big", "fat", "tall",
}  # fmt: skip
_ADJECTIVE_ENDINGS = (
    "ed", "ing", "ous", "ful", "ive", "ic", "ent", "ant", "ish", "less", "able", "ible", "-looking",
)  # fmt: skip
_ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "great", "elder", "younger", "conqueror", "confessor", "good", "bold",
}  # fmt: skip
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\.$")
# Regnal numbers II to XXXIX ("Napoleon III", "Henry V"); a lone "I" is the pronoun far more often.
_ROMAN = re.compile(r"^(?!I$)(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def _token_range(
    docs: list[tuple[int, Doc]], offsets: list[int], start: int, end: int
) -> tuple[int, int, int] | None:
    """(chunk number, first token, end token) of a character span; None if it fits no chunk."""
    k = bisect.bisect_right(offsets, start) - 1
    if k < 0:
        return None
    offset, doc = docs[k]
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None:
        return None
    return k, span.start, span.end


def _drop_places(
    docs: list[tuple[int, Doc]],
    spans: list[tuple[int, int]],
    tokens: list[_Tokens] | None = None,
    speakers: set[str] | frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """Drop "names" that the story mostly uses as places or things.

    Evidence is counted over every occurrence of a one-word name in the text (over the found
    spans for longer names): after a preposition of place or motion ("at Chester", "from Selby";
    not "at Klein's", a person's shop) or after "the" ("the Moonstone", "the Happy Family"). A
    name written with a title even once is a person, and so is one in `speakers`. `tokens` are the docs' `_Tokens` when the
    caller has them already.
    """
    tokens = tokens if tokens is not None else [_Tokens(doc) for _, doc in docs]
    offsets = [o for o, _ in docs]
    located = [_token_range(docs, offsets, s, e) for s, e in spans]
    forms = [docs[found[0]][1][found[1] : found[2]].text if found else "" for found in located]
    single = {f for f in forms if f and " " not in f}
    occurrences: Counter[str] = Counter()
    place: Counter[str] = Counter()
    titled: set[str] = set()

    def count(form: str, tk: _Tokens, i: int, j: int) -> None:
        occurrences[form] += 1
        if i == 0:
            return
        text, lower = tk.text, tk.lower
        if _is_title(text[i - 1]) or _is_title(text[i]):
            titled.add(form)
        possessive = j < len(text) and text[j] in _POSSESSIVE_TOKENS
        # "of Kellynch Hall": "of" marks a place only before a place noun.
        place_noun = " " in form and form.rsplit(" ", 1)[1].lower() in _PLACE_NOUNS
        prev = lower[i - 1]
        if (prev in _MOTION_PREPOSITIONS or (place_noun and prev == "of")) and not possessive:
            place[form] += 1
        elif prev == "the" and not form.endswith("s"):
            place[form] += 1

    for tk in tokens:
        for i in tk.find(single.__contains__):
            count(tk.text[i], tk, i, i + 1)
    for form, found in zip(forms, located, strict=True):
        if found is not None and " " in form:
            k, i, j = found
            count(form, tokens[k], i, j)

    def is_place(form: str) -> bool:
        n = occurrences[form]
        if not n or form in titled or form in speakers or (" " in form and n < 2):
            return False
        if given_name_gender(form.split()[0]):
            # "to Jim", "from Eliza": a given name needs more than one such use.
            return place[form] >= 2 and place[form] * 2 > n
        return place[form] * 5 >= 2 * n

    return [span for span, form in zip(spans, forms, strict=True) if not form or not is_place(form)]


def _refine_spans(
    docs: list[tuple[int, Doc]], spans: list[tuple[int, int]], tokens: list[_Tokens] | None = None
) -> list[tuple[int, int]]:
    """Grow each mention to the name phrase LitBank-style readers count.

    Left: "the late John Jacob Astor", "the talented Miss Cowley", "old Cotter", "Dear Judy",
    "the Claytons" (a family); not when the name is itself a modifier ("the old Cuthbert place").
    Right: "William the Conqueror", "Charles the Second", "Napoleon III".
    """
    tokens = tokens if tokens is not None else [_Tokens(doc) for _, doc in docs]
    offsets = [o for o, _ in docs]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        found = _token_range(docs, offsets, s, e)
        if found is None:
            out.append((s, e))
            continue
        k, i, j = found
        tk = tokens[k]
        text = tk.text
        # A chapter number glued on ("I. Mary") or a heading word after a name ("Helen HOWARDS END").
        if j - i > 1 and _ROMAN_HEADING.match(text[i]):
            i += 1
        if not text[i].isupper():
            while j - i > 1 and text[j - 1].isupper() and len(text[j - 1]) > 1:
                j -= 1
        i, j = _extend_left(tk, i, j), _extend_right(tk, i, j)
        start, end = tk.char_range(i, j)
        out.append((offsets[k] + start, offsets[k] + end))
    return out


def _heads_phrase(tk: _Tokens, i: int, j: int) -> bool:
    """Is the name `doc[i:j]` the head of its phrase (not "the Lebrun cottages")?

    Only a bare one-word name is read as a modifier, and only before a lower-case word that is
    not a common verb or function word (no tagger runs, so the word's class is guessed).
    """
    if j >= len(tk) or j - i > 1:
        return True
    nxt = tk.text[j]
    if not (tk.alpha[j] and nxt.islower()):
        return True
    return nxt in _HEAD_FOLLOWERS or nxt.endswith("ed")


def _adjectival(word: str) -> bool:
    """A lower-case word that reads as an adjective in "the talented Miss Cowley"."""
    return word in _ADJECTIVES or (len(word) > 5 and word.endswith(_ADJECTIVE_ENDINGS))


def _extend_left(tk: _Tokens, i: int, j: int) -> int:
    text, lower = tk.text, tk.lower
    # "the old Cuthbert place": a modifier taken in earlier goes when the name is not the head.
    while j - i > 1 and lower[i] in _NAME_MODIFIERS and not _heads_phrase(tk, i + 1, j):
        i += 1
    if i > 0 and text[i - 1] in {"Dear", "Dearest"}:
        return i - 1  # a letter's salutation: "Dear Judy :"
    start = i
    while start > max(0, i - 3):
        prev = text[start - 1]
        if not (prev.islower() and _adjectival(prev)) or prev in _TIME_NOUNS:
            break
        start -= 1
    before = text[start - 1].lower() if start > 0 else ""
    if before not in _ARTICLES or not _heads_phrase(tk, i, j):
        # No article: only "old"/"young" right before the name belong to it ("old Cotter").
        if i > 0 and lower[i - 1] in {"old", "young"} and before not in _ARTICLES and _heads_phrase(tk, i, j):
            return i - 1
        return i
    single_plural = j - i == 1 and text[i].endswith("s") and text[i][:-1].istitle()
    if start < i or (single_plural and before == "the"):
        return start - 1
    return i


def _extend_right(tk: _Tokens, i: int, j: int) -> int:
    text, lower = tk.text, tk.lower
    if j + 1 < len(tk) and lower[j] == "the" and lower[j + 1] in _ORDINALS:
        if text[j + 1][:1].isupper():
            return j + 2
    if j < len(tk) and _ROMAN.match(text[j]):
        return j + 1
    return j


# ---- dialogue ------------------------------------------------------------------------------

_CURLY_QUOTE = re.compile(r"“[^”]{0,5000}?”|‘[^’]{1,3000}?’(?=\W|$)", re.S)
_STRAIGHT_QUOTE = re.compile(r'"[^"\n]{0,5000}?"|"[^"\n]{0,5000}?(?=\n)')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of direct speech, curly or straight quotes (an open quote ends at its paragraph)."""
    spans = [(m.start(), m.end()) for m in _CURLY_QUOTE.finditer(text)]
    if not spans or text.count('"') > len(spans):
        spans += [(m.start(), m.end()) for m in _STRAIGHT_QUOTE.finditer(text)]
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` sorted, each one that starts inside an earlier one left out (`in_spans` reads them so)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is `offset` inside one of the sorted, non-overlapping `spans`?"""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


# ---- characters ------------------------------------------------------------------------------

# Names that are exclamations or deities in fan fiction far more often than characters.
_NOT_CHARACTERS = {"god", "jesus", "christ", "lord", "heaven", "hell", "fuck", "merlin's beard"}
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
_MALE = {"he", "him", "his", "himself"}


_STRETCHED = re.compile(r"([a-z])\1\1")
# A character named less often than this share of the most-named character's mentions is named in
# passing and left out of `cast()`. Relative, so a drabble's cast named twice stays in it. In 4-fold
# cross-validation on the AO3 dev works F1 is flat from 0.15 to 0.3; the lowest keeps the most
# tagged characters of ensemble casts.
PASSING_SHARE = 0.15
# Named this often, a character is in the cast however long the work and its lead's part.
PASSING_MAX = 50
# In a story about one couple, a side character is tagged when named at least this share of the
# lesser lover's mentions (the team around an SGA couple is not; Luke and Leia beside Anakin's OT3 are).
COUPLE_SIDE_SHARE = 0.5
# A side character named fewer times than this has a walk-on part (a sister at the door, a bartender):
# authors tag who has a part, and the main cast is tagged however short the story.
SIDE_TAG_MENTIONS = 10
# A character named at least this share of the most-named one's mentions (and three times) is main.
MAIN_SHARE = 0.3


def _plausible_name(form: str, forms: set[str]) -> bool:
    """Filter what the NER calls a person but a reader would not: "LAPD", "the Starks", "God"."""
    if form.lower() in _NOT_CHARACTERS or len(form) > 60 or len(form.split()) > 5:
        return False
    letters = [c for c in form if c.isalpha()]
    if len(letters) < 2 or not any("a" <= c.lower() <= "z" for c in letters):
        return False
    if len(letters) <= 5 and form.isupper() and " " not in form:
        return False  # acronyms: NCIS, LAPD, FBI
    if _STRETCHED.search(form.lower()):
        return False  # "Sssssh", "Nooo": sounds, not names
    # A word broken off and another begun ("that's Sol— Earth"): names have hyphens, not dashes.
    if re.search(r"\w\s*[–—]+\s*\w", form):
        return False
    # A family in the plural ("the Waynes") when the singular is a name too.
    return not (form.endswith("s") and form[:-1] in forms)


def _best_name(forms: list[str], counts: Counter[str]) -> str:
    """The fullest common form: "Jack Harkness" over "Jack", "Captain Jack Harkness" only if it is all we have."""

    def score(form: str) -> tuple[int, int, int]:
        p = parse_name(form)
        return (p.is_full and not p.descriptive, counts[form], -len(form))

    untitled = [f for f in forms if parse_name(f).title is None and parse_name(f).words]
    full = [f for f in untitled if parse_name(f).is_full]
    if full:
        return max(full, key=score)
    titled_full = [f for f in forms if parse_name(f).is_full]
    if titled_full:
        # "Captain Jack Harkness" -> "Jack Harkness", the way AO3 names characters.
        return _strip_title(max(titled_full, key=score))
    pool = untitled or forms
    best = max(pool, key=lambda f: (counts[f], len(f)))
    # "Theo" most of the time, "Theodora" once: the formal given name, as AO3 tags name people.
    formal = [
        f for f in pool if " " not in f and len(f) > len(best) and formal_given_name(best.lower(), f.lower())
    ]
    return max(formal, key=lambda f: (counts[f], len(f))) if " " not in best and formal else best


def _strip_title(form: str) -> str:
    words = form.split()
    while len(words) > 2 and words[0].rstrip(".").lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _pronoun_gender(text: str, mentions: list[tuple[int, int]], next_start: dict[int, int]) -> Counter[str]:
    """Votes from the first he/she after each mention, before the next mention of anyone."""
    votes: Counter[str] = Counter()
    for start, end in mentions:
        limit = min(next_start.get(start, len(text)), end + 250)
        window = text[end:limit]
        stop = window.find("\n")
        if stop != -1:
            window = window[:stop]
        match = _PRONOUN.search(window)
        if match:
            votes["male" if match.group(1).lower() in _MALE else "female"] += 1
    return votes


_PHRASE_LEADS = {"the", "this", "that", "a", "an", "dear", "dearest"}


def _bare_name(form: str) -> str:
    """The name inside a mention phrase: "The exhausted Harry Potter" -> "Harry Potter"."""
    words = form.split()
    while len(words) > 1 and (words[0].islower() or words[0].lower() in _PHRASE_LEADS):
        words = words[1:]
    # Speech cut off mid-word leaves dashes on the name ("Mr. Carson--", "Grantham's--").
    return _CUT_OFF.sub("", " ".join(words)) or form


_CUT_OFF = re.compile(r"(?:['’]s)?[-–—]+$")


def _clear_gender(votes: Counter[str], minimum: int = 3) -> str | None:
    """The pronoun gender the text gives a name, when it says so plainly (twice the other, `minimum` votes)."""
    if not votes:
        return None
    top, n = votes.most_common(1)[0]
    return top if n >= minimum and n >= 2 * (sum(votes.values()) - n) else None


def _join_split_names(
    clusters: list[list[str]], pronouns: Callable[[list[str]], Counter[str]]
) -> list[list[str]]:
    """Join what the names alone left apart but the story says is one person.

    `cluster_names` reads names only, so it keeps "Jane" (a woman's given name) apart from the man
    "Patrick Jane", and a clipped name it does not know ("Des") apart from "Desmond". In a story
    the pronouns settle it: a one-word name that is the surname of exactly one full name, or the
    clipped form of exactly one other one-word name, joins it when the he/she after each agree.
    """
    parsed = [[parse_name(f) for f in c] for c in clusters]
    single = [
        i
        for i, ps in enumerate(parsed)
        if all(p.single and " " not in p.single and not p.descriptive for p in ps)
    ]
    word_of = {i: parsed[i][0].single or "" for i in single}
    by_start: dict[str, list[int]] = {}
    for i in single:
        by_start.setdefault(word_of[i][:3], []).append(i)
    surnames: dict[str, set[int]] = {}
    for i, ps in enumerate(parsed):
        for p in ps:
            if p.is_full and p.surname and not p.descriptive:
                surnames.setdefault(p.surname, set()).add(i)
    votes: dict[int, Counter[str]] = {}

    def gender(i: int, minimum: int = 3) -> str | None:
        if i not in votes:
            votes[i] = pronouns(clusters[i])
        return _clear_gender(votes[i], minimum)

    into: dict[int, int] = {}
    for i in single:
        word = word_of[i]
        full = surnames.get(word, set()) - {i}
        if len(full) == 1:
            j = next(iter(full))
            named = {name_gender(p) for p in parsed[j]} - {None}
            target = named.pop() if len(named) == 1 else gender(j)
            if target and gender(i) == target:
                into[i] = j
            continue
        # Clipped forms share their first three letters ("Des", "Desmond"): no all-pairs scan.
        near = by_start.get(word[:3], [])
        clipped = [
            j for j in near if j != i and len(word) < len(word_of[j]) and same_given_name(word, word_of[j])
        ]
        if len(word) >= 3 and len(clipped) == 1:
            j = clipped[0]
            rivals = [k for k in near if k not in (i, j) and same_given_name(word_of[k], word_of[j])]
            # The full form may be rare ("Desmond" thrice beside "Des" sixty times): one clean vote.
            if not rivals and gender(i) is not None and gender(i) == gender(j, 1):
                into[i] = j
    # A script's speaker label in initials ("RDC:", "BL:") is the one full name with those initials
    # ("Rose Dawson Calvert", "Brock Lovett"); never a word that is a given name itself ("Al", "Ed").
    initials: dict[str, set[int]] = {}
    for i, ps in enumerate(parsed):
        for p in ps:
            if p.is_full and not p.descriptive and 2 <= len(p.words) <= 4:
                initials.setdefault("".join(w[0] for w in p.words), set()).add(i)
    for i in single:
        word = word_of[i]
        full = initials.get(word, set()) - {i}
        if i not in into and 2 <= len(word) <= 4 and len(full) == 1 and given_name_gender(word) is None:
            into[i] = next(iter(full))
    out: dict[int, list[str]] = {}
    for i, cluster in enumerate(clusters):
        root = into.get(i, i)
        while root in into and into[root] != root:
            root = into[root]
        out.setdefault(root, []).extend(cluster)
    return list(out.values())


def build_characters(
    work: Work,
    spans: list[tuple[int, int]],
    *,
    max_characters: int = 200,
    labels: frozenset[int] = frozenset(),
) -> list[Character]:
    """Cluster mention spans into characters with name, aliases, role and gender.

    `labels` holds the starts of the speaker labels of a script or chat log: a name written there in
    capitals ("JUNE:") is named in title case.
    """
    text = work.text
    raw_forms = [text[s:e] for s, e in spans]
    # One name is one string: line breaks normalised, the phrase around it dropped
    # ("the talented Miss Cowley", "Dear Judy" are forms of "Miss Cowley", "Judy").
    forms = [_bare_name(f) for f in raw_forms]
    # A name in capitals ("ARTHUR:" in a script, "TOM!" shouted) is the name the prose writes in title case;
    # an acronym (NCIS) has no such form and stays as it is.
    titled = {f.title() for f in forms if not f.isupper()}
    forms = [
        f.title() if f.isupper() and (f.title() in titled or s in labels) else f
        for f, (s, _) in zip(forms, spans, strict=True)
    ]
    counts = Counter(forms)
    # A one-word plural never written without "the" ("the Beatles", "the Wilds") names a band,
    # a family or a region, not one character.
    with_the = Counter(f for f, raw in zip(forms, raw_forms, strict=True) if raw.lower().startswith("the "))
    groups = {f for f, n in with_the.items() if n == counts[f] and " " not in f and f.endswith("s")}
    # A one-word singular name (nearly) always written after "the" is an epithet ("the Middleman", "the
    # Kid"): AO3 tags it with its article, "The Middleman".
    after_the = Counter(
        f
        for f, raw, (s, _) in zip(forms, raw_forms, spans, strict=True)
        if " " not in f and (raw.lower().startswith("the ") or text[max(0, s - 4) : s].lower() == "the ")
    )
    epithets = {f for f, n in after_the.items() if n >= max(3, 0.8 * counts[f]) and not f.endswith("s")}
    quotes = quote_spans(text)
    next_start = {spans[i][0]: spans[i + 1][0] for i in range(len(spans) - 1)}
    by_form: dict[str, list[tuple[int, int]]] = {}
    for form, span in zip(forms, spans, strict=True):
        by_form.setdefault(form, []).append(span)
    clusters = _join_split_names(
        cluster_names(list(counts), counts),
        lambda cluster: _pronoun_gender(text, sorted(s for f in cluster for s in by_form[f]), next_start),
    )
    characters: list[tuple[int, Character]] = []
    known_forms = set(counts)
    for cluster in clusters:
        cluster = [f for f in cluster if _plausible_name(f, known_forms) and f not in groups]
        if not cluster:
            continue
        mentions = sorted(s for f in cluster for s in by_form[f])
        total = len(mentions)
        votes = _pronoun_gender(text, mentions, next_start)
        for form in cluster:
            g = name_gender(parse_name(form))
            if g:
                votes[g] += 3 * counts[form]
        gender = None
        if votes:
            top, n = votes.most_common(1)[0]
            # One clean vote is enough when nothing contradicts it.
            if n >= 2 * (sum(votes.values()) - n) and (n >= 2 or len(votes) == 1):
                gender = top
        speaks_or_acts = any(not in_spans(s, quotes) for s, _ in mentions)
        name = _best_name(cluster, counts)
        if set(cluster) <= epithets:
            name = f"The {name}"
        characters.append(
            (
                total,
                Character(
                    name=name,
                    aliases=sorted((f for f in cluster if f != name), key=lambda f: -counts[f]),
                    role="secondary" if speaks_or_acts else "mentioned",
                    gender=gender,  # type: ignore[arg-type]
                    mentions=[Mention(start=s, end=e) for s, e in mentions],
                ),
            )
        )
    characters.sort(key=lambda pair: -pair[0])
    if characters:
        top = characters[0][0]
        for n, character in characters:
            if character.role != "mentioned" and n >= max(3, MAIN_SHARE * top):
                character.role = "main"
    return [c for _, c in characters[:max_characters]]


def cast(characters: list[Character]) -> list[Character]:
    """The on-page characters an author would tag, most-named first.

    Leaves out those only referred to (role `mentioned`) and those named in passing: fewer than
    `PASSING_SHARE` of the most-named character's mentions and fewer than `PASSING_MAX` ("like the
    Beatles", a neighbour who says one line). Roles stay as they are: a passing character who acts
    on the page is still `secondary`.
    """
    on_page = [c for c in characters if c.role != "mentioned"]
    if not on_page:
        return []
    top = max(len(c.mentions) for c in characters)
    return [c for c in on_page if len(c.mentions) >= PASSING_SHARE * top or len(c.mentions) >= PASSING_MAX]


def drop_non_persons(characters: list[Character], is_term: Callable[[str], bool]) -> list[Character]:
    """Leave out names that are a canon's place, species or group, not a person ("Tatooine", "Jawas").

    `is_term` comes from the knowledge base (the fandom stage owns it); a name counts as a term only
    when every form it goes by is one, so a character who is also called by a planet's name stays.
    """
    return [c for c in characters if not all(is_term(f) for f in [c.name, *c.aliases])]


def character_tags(
    characters: list[Character], relationships: list[Relationship] | None = None
) -> list[Character]:
    """The characters an author would list in a work's AO3 tags: the cast, each named twice at least,
    and a side character only with a part (`SIDE_TAG_MENTIONS` mentions, or a drabble lead's share).

    As many as the cast holds: `cast()` already leaves out those named in passing, so a drabble
    lists its two leads and an 80,000-word ensemble piece its dozen, as their authors do. Given the
    work's relationships, a story about one couple lists the side characters only when the story
    gives them a part near the lovers' (`COUPLE_SIDE_SHARE`).
    """
    top = max((len(c.mentions) for c in characters), default=0)
    tags = [
        c
        for c in cast(characters)
        if len(c.mentions) >= 2
        and (
            c.role == "main"
            or len(c.mentions) >= SIDE_TAG_MENTIONS
            or len(c.mentions) >= MAIN_SHARE * top  # a lead of a drabble, too short to be "main"
        )
    ]
    return _beside_one_couple(tags, relationships or [])


def _beside_one_couple(tags: list[Character], relationships: list[Relationship]) -> list[Character]:
    """Leave out the minor side characters of a story whose one romantic pairing includes its lead.

    Authors of such a story tag the couple and who matters to it ("John Sheppard", "Rodney McKay",
    not the team named a few dozen times around them). Several pairings, an OT3, or a couple that
    is not the lead's make an ensemble piece, which keeps its list.
    """
    romantic = [r for r in relationships if r.kind == "romantic"]
    if len(romantic) != 1 or len(romantic[0].members) != 2 or not tags:
        return tags
    by_label = {c.canonical or c.name: c for c in tags}
    lovers = [by_label[m] for m in romantic[0].members if m in by_label]
    lead = max(tags, key=lambda c: len(c.mentions))
    if len(lovers) != 2 or not any(c is lead for c in lovers):
        return tags
    floor = COUPLE_SIDE_SHARE * min(len(c.mentions) for c in lovers)
    return [c for c in tags if any(c is lover for lover in lovers) or len(c.mentions) >= floor]


# A speaker's label at the start of a line, in a script ("BILL: Go on.", "ARTHUR (quietly): June.", "Mrs.
# HUDSON: Tea?") or a chat log ("**Priya:** omw", "Jess 🐝: ok", "[22:14] Marcus: rip"): a name, then a colon.
_LABEL_LEAD = r"^[ \t]*(?:\*\*|__)?(?:\[\d{1,2}[:.]\d{2}(?:\s?[AaPp][Mm])?\][ \t]*)?"
_LABEL_TAIL = r"[ \t]*(?:[^\w\s:()*]{1,4}[ \t]*)?(?:\([^)\n]{0,40}\)[ \t]*)?(?:\*\*|__)?:(?:\*\*|__)?[ \t]*\S"
_NAME_LABEL = r"[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,2}"
_SPEAKER_LABEL = re.compile(_LABEL_LEAD + f"({_NAME_LABEL})" + _LABEL_TAIL, re.MULTILINE)
# Chat handles in lower case ("priya:") mark lines of speech too, but are not read as names: named,
# a chat's jokes ("over my literal corpse", "it killed him") would be deaths of the cast.
_HANDLE_LABEL = re.compile(
    _LABEL_LEAD + f"({_NAME_LABEL}|[a-z][a-z'’.\\-]{{1,20}})" + _LABEL_TAIL, re.MULTILINE
)
# Labels that head a line without anyone speaking: the header's fields, a script's cues, a link.
_NOT_SPEAKERS = {
    "note", "notes", "author's note", "author’s note", "a/n", "an", "summary", "warning", "warnings",
    "disclaimer", "rating", "fandom", "pairing", "pairings", "characters", "tags", "spoilers", "sfx",
    "fx", "int", "ext", "end notes", "beta", "prompt", "chapter", "part", "edit", "update", "tw", "cw",
    "p.s", "ps", "pov", "setting", "scene", "music", "sound", "cut to", "tv", "radio", "q", "a", "time",
    "date", "location", "subject", "re", "to", "from", "relationship", "relationships", "category",
    "language", "stats", "published", "updated", "completed", "words", "chapters", "series", "collections",
    "kudos", "bookmarks", "hits", "comments", "additional tags", "archive warning", "archive warnings",
    "chapter text", "chapter notes", "work text", "translation", "transcript", "prologue", "epilogue",
    "interlude", "author", "artist", "status", "word count", "http", "https", "www", "mailto", "fwd", "cc",
    "bcc", "sent", "received", "read", "delivered", "seen", "day", "night", "morning", "evening", "later",
    "now", "then", "today", "tonight", "tomorrow", "yesterday", "also", "and", "but", "so", "or", "because",
}  # fmt: skip
# Speakers who are nobody the cast can name: "Me:" on the narrator's phone, "ALL:", "VOICE:".
_NOT_NAMES = {
    "me", "you", "i", "we", "us", "them", "him", "her", "they", "narrator", "all", "both", "everyone",
    "voice", "voices", "crowd", "unknown", "unknown number", "group", "system", "bot", "admin", "mod",
}  # fmt: skip
# A script has speaker labels on this many lines at least, each speaker on two or more.
_SCRIPT_LINES = 4


def speaker_labels(
    text: str, ranges: list[tuple[int, int]], *, handles: bool = False
) -> list[tuple[int, int]]:
    """Spans of the speaker labels of a script or chat log inside `ranges` (the prose); none unless the
    text reads as one. With `handles`, lower-case chat handles ("priya:") count too.

    A name in a label ("BILL:", "**Priya:**") is the character's line, as "said Bill" is in prose, and
    the NER rarely sees a capitalised word before a colon as a person.
    """
    pattern = _HANDLE_LABEL if handles else _SPEAKER_LABEL
    found: list[tuple[int, int, str]] = []
    for a, b in ranges:
        for m in pattern.finditer(text, a, b):
            label = m.group(1).rstrip(".")
            if label.lower() not in _NOT_SPEAKERS and not label.isdigit():
                found.append((m.start(1), m.start(1) + len(label), label.lower()))
    per_label = Counter(label for _, _, label in found)
    repeated = [(s, e) for s, e, label in found if per_label[label] >= 2]
    return repeated if len(repeated) >= _SCRIPT_LINES else []


def script_lines(text: str, labels: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The spoken part of each line of a script or chat log, after its speaker's label ("BILL: I went."
    speaks "I went."); none unless the text is one. Speech for the point of view (no narrator says
    that "I"), not for events: in a chat log the messages are how the story's events are told.
    `labels` are the text's `speaker_labels(..., handles=True)` when the caller has them already."""
    if labels is None:
        labels = speaker_labels(text, [(0, len(text))], handles=True)
    out = []
    for _, e in labels:
        colon = text.find(":", e)
        end = text.find("\n", colon)
        out.append((colon + 1, len(text) if end < 0 else end))
    return out


def _add_spans(spans: list[tuple[int, int]], extra: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with those of `extra` that overlap none of them, sorted."""
    if not extra:
        return spans
    starts = [s for s, _ in spans]
    out = list(spans)
    for s, e in extra:
        i = bisect.bisect_left(starts, s)
        if (i > 0 and spans[i - 1][1] > s) or (i < len(spans) and spans[i][0] < e):
            continue
        out.append((s, e))
    return sorted(out)


@stage("characters", requires=("chapters", "scenes"), assigns=("characters",))
def characters(work: Work, *, max_characters: int = 200) -> Work:
    """Find named characters in the prose: mentions, aliases, role and gender."""
    spans = find_person_mentions(iter_prose_docs(work))
    labels = [
        (s, e)
        for s, e in speaker_labels(work.text, prose_chunks(work))
        if work.text[s:e].lower() not in _NOT_NAMES
    ]
    spans = _add_spans(spans, labels)
    work.inferred.characters = build_characters(
        work, spans, max_characters=max_characters, labels=frozenset(s for s, _ in labels)
    )
    return work
