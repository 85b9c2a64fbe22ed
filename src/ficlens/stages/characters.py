"""Characters stage: named-person mentions, alias clusters, role and gender per character.

Mentions are spaCy PERSON entities repaired by rules (`find_person_mentions`): the honorific in
front is added ("Sir Walter", "Mrs. Rachel"), possessive endings dropped ("Mary's" -> "Mary"),
title + capitalised word read as a person even when the NER missed it, speakers of "said X"
picked up, and every other capitalised occurrence of a name already seen labelled too (the NER
is inconsistent from one sentence to the next). Then whole-text evidence corrects the NER: a word
that is mostly a place ("at Chester", "the Moonstone") is dropped, a speaker ("said Turkey") or a
given name it calls an organisation is kept, and each span grows to the name phrase a reader
counts ("the talented Miss Cowley", "old Cotter", "William the Conqueror", "Dear Judy"). Names
(without that phrase) are then clustered into characters with `ficlens.characters.cluster_names`.
A character is `main` when named at least 30% as often as the most-named one, `mentioned` when
named only inside dialogue (referred to, never on the page), else `secondary`; `cast()` picks the
characters an author would tag, leaving out names that pass by.

    >>> work = ficlens.analyze("story.txt", stages=["structure", "characters"])
    >>> [(c.name, c.role, c.gender, len(c.mentions)) for c in work.inferred.characters]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ficlens.characters import (
    TITLES,
    cluster_names,
    given_name_gender,
    name_gender,
    parse_name,
    same_given_name,
)
from ficlens.model import Character, Mention, Work
from ficlens.nlp import iter_prose_docs
from ficlens.pipeline import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "english", "french", "german", "heaven", "hell", "sorry", "thanks",
    "please", "damn", "fuck", "shit", "christ", "jesus",
}  # fmt: skip
# Lower-case words LitBank (and readers) count as part of a name: "old Cotter", "poor Isabella".
_NAME_MODIFIERS = {"old", "young", "late"}
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
_LOWER_KEY = "\0lower:"
_PLACE_PREPOSITIONS = {"in", "at", "into", "near", "towards", "toward", "through", "across", "via"}
_PLACE_NOUNS = {
    "hall", "street", "castle", "park", "house", "abbey", "church", "road", "lane", "square", "court",
    "manor", "place", "hill", "river", "bridge", "station", "hotel", "inn", "college", "school", "city",
    "island", "bay", "lake", "valley", "forest", "county", "farm", "cottage", "tower", "palace",
}  # fmt: skip
_SPEAKER_KEY = "\0speaker:"
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


def _is_title_token(token: Token) -> bool:
    text = token.text.rstrip(".")
    return text[:1].isupper() and text.lower() in _LEAD_TITLES


def _is_name_token(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or text.lower() in _NEVER_NAMES:
        return False
    # Two letters at least: "I." is a chapter number, not an initial standing alone.
    return all(c.isalpha() or c in "-'’." for c in text) and sum(c.isalpha() for c in text) >= 2


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without possessive endings, punctuation or lower-case words at the edges."""
    while end > start and (
        doc[end - 1].text in _POSSESSIVE_TOKENS
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or not doc[end - 1].text[:1].isupper()
    ):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space or not doc[start].text[:1].isupper()):
        start += 1
    return start, end


def _sentence_initial(doc: Doc, i: int) -> bool:
    """Does token `i` open a sentence, a line or a quotation (where every word is capitalised)?"""
    if i == 0:
        return True
    prev = doc[i - 1]
    return (
        prev.is_punct and prev.text in {".", "!", "?", '"', "“", "”", "'", ":"}
    ) or "\n" in prev.text_with_ws


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if c < "\u0250")
    return latin >= 0.6 * len(letters)


def _is_inner_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a word ("Obi-Wan", "Grant-Menzies"), which spaCy splits off."""
    token = doc[i]
    return (
        token.text in {"-", "‐"}
        and i > 0
        and not doc[i - 1].whitespace_
        and not token.whitespace_
        and i + 1 < len(doc)
        and doc[i + 1].text[:1].isupper()
    )


def _extend_hyphen(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Grow a span over hyphenated name parts on either side ("Wan Kenobi" -> "Obi-Wan Kenobi")."""
    while start >= 2 and _is_inner_hyphen(doc, start - 1) and doc[start - 2].text[:1].isupper():
        start -= 2
    while end + 1 < len(doc) and _is_inner_hyphen(doc, end) and _is_name_token(doc[end + 1]):
        end += 2
    return start, end


def _split_span(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an entity at lower-case words inside it ("Tony elbows McGee" -> "Tony", "McGee")."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for i in range(start, end):
        token = doc[i]
        lower_word = token.is_alpha and token.text[:1].islower() and token.lower_ not in _PARTICLES
        stutter = len(token.text) > 1 and token.text.endswith("-")
        if lower_word or stutter or "--" in token.text or "\n" in token.text:
            if i > cursor:
                pieces.append((cursor, i))
            cursor = i + 1
    if end > cursor:
        pieces.append((cursor, end))
    return pieces


def _extend_title(doc: Doc, start: int) -> int:
    while start > 0 and _is_title_token(doc[start - 1]):
        start -= 1
    if start > 0 and doc[start - 1].lower_ in _NAME_MODIFIERS:
        start -= 1
        if start > 0 and doc[start - 1].lower_ == "the" and doc[start].lower_ == "late":
            start -= 1
    return start


def _doc_candidates(
    offset: int, doc: Doc
) -> tuple[list[_Candidate], list[tuple[int, int, str, bool]], Counter[str]]:
    """PERSON spans (repaired) and title+name spans of one chunk, plus its capitalised runs.

    A run is `(start, end, text, sentence_initial)` for every maximal sequence of capitalised
    name-like tokens; the global pass turns known names among them into mentions.
    """
    found: list[_Candidate] = []
    taken = [False] * len(doc)
    other_label: Counter[str] = Counter()
    if not _mostly_latin(doc.text):
        # The English NER reads CJK or Cyrillic prose as noise; better no names than junk.
        return found, [], other_label
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            if ent.label_ not in _NON_NAME_LABELS:
                other_label[ent.text] += 1
                if ent.label_ == "ORG" and len(ent) == 1:
                    other_label[_ORG_KEY + ent.text] += 1
            continue
        for start, end in _split_span(doc, ent.start, ent.end):
            start, end = _trim(doc, start, end)
            if start >= end:
                continue
            if all(
                doc[i].text.lower().rstrip(".") in TITLES or doc[i].text.lower() in _NEVER_NAMES
                for i in range(start, end)
            ):
                continue
            start, end = _extend_hyphen(doc, _extend_title(doc, start), end)
            span = doc[start:end]
            found.append(
                _Candidate(
                    offset + span.start_char,
                    offset + span.end_char,
                    span.text,
                    "ner",
                    _looks_like_place(doc, start, end),
                    _sentence_initial(doc, start),
                )
            )
            for i in range(start, end):
                taken[i] = True
    # Title + capitalised words ("Mrs. Rachel", "Captain Harkness") the NER missed.
    i = 0
    while i < len(doc):
        if not taken[i] and _is_title_token(doc[i]) and i + 1 < len(doc) and _is_name_token(doc[i + 1]):
            j = i + 1
            while j < len(doc) and _is_name_token(doc[j]) and not taken[j] and not _is_title_token(doc[j]):
                j += 1
            if j > i + 1 and not any(taken[i:j]):
                span = doc[i:j]
                found.append(_Candidate(offset + span.start_char, offset + span.end_char, span.text, "title"))
                for k in range(i, j):
                    taken[k] = True
                i = j
                continue
        i += 1
    # A capitalised word next to a speech verb is a speaker ("said Turkey", "Tuppence sighed").
    for token in doc:
        if token.lower_ in _SPEECH_VERBS:
            for k in (token.i - 1, token.i + 1):
                if (
                    0 <= k < len(doc)
                    and not taken[k]
                    and _is_name_token(doc[k])
                    and not _is_title_token(doc[k])
                ):
                    other_label[_SPEAKER_KEY + doc[k].text] += 1
    runs: list[tuple[int, int, str, bool]] = []
    i = 0
    while i < len(doc):
        if taken[i] or not _is_name_token(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and (_is_name_token(doc[j]) or _is_inner_hyphen(doc, j)):
            j += 1
        while j > i and not _is_name_token(doc[j - 1]):
            j -= 1
        span = doc[i:j]
        initial = _sentence_initial(doc, i)
        runs.append(
            (
                offset + span.start_char,
                offset + span.end_char,
                span.text,
                initial or _looks_like_place(doc, i, j),
            )
        )
        i = j
    for token in doc:
        if token.is_alpha and token.text.islower():
            other_label[_LOWER_KEY + token.text] += 1
    return found, runs, other_label


def _looks_like_place(doc: Doc, start: int, end: int) -> bool:
    """After "in/at/from" or "the", or before "Hall/Street": a place or thing more often than a person."""
    if start > 0 and doc[start - 1].lower_ in _PLACE_PREPOSITIONS:
        return True
    if end - start == 1 and start > 0 and doc[start - 1].lower_ in {"the", "a", "an", "this", "that"}:
        return True
    last = doc[end - 1].lower_
    following = doc[end].lower_ if end < len(doc) else ""
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
    for offset, doc in chunks:
        docs.append((offset, doc))
        f, r, o = _doc_candidates(offset, doc)
        found.extend(f)
        runs.extend(r)
        other_label.update(o)
    person_count: Counter[str] = Counter(c.text for c in found)
    known: Counter[str] = Counter()
    # Words of multi-word names ("Harkness" in "Captain Jack Harkness") are safe to spread at once.
    multi_parts: set[str] = set()
    lower_words: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    for key, n in list(other_label.items()):
        if key.startswith(_SPEAKER_KEY):
            known[key[len(_SPEAKER_KEY) :]] += n
            speakers[key[len(_SPEAKER_KEY) :]] += n
            del other_label[key]
        elif key.startswith(_LOWER_KEY):
            lower_words[key[len(_LOWER_KEY) :]] = n
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
    spans = _refine_spans(docs, _drop_places(docs, spans))
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


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
) -> tuple[int, Doc, int, int] | None:
    """(chunk offset, doc, first token, end token) of a character span; None if it fits no chunk."""
    import bisect

    k = bisect.bisect_right(offsets, start) - 1
    if k < 0:
        return None
    offset, doc = docs[k]
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None:
        return None
    return offset, doc, span.start, span.end


def _drop_places(docs: list[tuple[int, Doc]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop "names" that the story mostly uses as places or things.

    Evidence is counted over every occurrence of a one-word name in the text (over the found
    spans for longer names): after a preposition of place or motion ("at Chester", "from Selby";
    not "at Klein's", a person's shop) or after "the" ("the Moonstone", "the Happy Family"). A
    name written with a title even once is a person.
    """
    offsets = [o for o, _ in docs]
    located = [_token_range(docs, offsets, s, e) for s, e in spans]
    forms = [found[1][found[2] : found[3]].text if found else "" for found in located]
    single = {f for f in forms if f and " " not in f}
    occurrences: Counter[str] = Counter()
    place: Counter[str] = Counter()
    titled: set[str] = set()

    def count(form: str, doc: Doc, i: int, j: int) -> None:
        occurrences[form] += 1
        if i == 0:
            return
        prev = doc[i - 1]
        if _is_title_token(prev) or _is_title_token(doc[i]):
            titled.add(form)
        possessive = j < len(doc) and doc[j].text in _POSSESSIVE_TOKENS
        # "of Kellynch Hall": "of" marks a place only before a place noun.
        place_noun = " " in form and form.rsplit(" ", 1)[1].lower() in _PLACE_NOUNS
        if (prev.lower_ in _MOTION_PREPOSITIONS or (place_noun and prev.lower_ == "of")) and not possessive:
            place[form] += 1
        elif prev.lower_ == "the" and not form.endswith("s"):
            place[form] += 1

    for _offset, doc in docs:
        for token in doc:
            if token.text in single:
                count(token.text, doc, token.i, token.i + 1)
    for form, found in zip(forms, located, strict=True):
        if found is not None and " " in form:
            _o, doc, i, j = found
            count(form, doc, i, j)

    def is_place(form: str) -> bool:
        n = occurrences[form]
        if not n or form in titled or (" " in form and n < 2):
            return False
        if given_name_gender(form.split()[0]):
            # "to Jim", "from Eliza": a given name needs more than one such use.
            return place[form] >= 2 and place[form] * 2 > n
        return place[form] * 5 >= 2 * n

    return [span for span, form in zip(spans, forms, strict=True) if not form or not is_place(form)]


def _refine_spans(docs: list[tuple[int, Doc]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Grow each mention to the name phrase LitBank-style readers count.

    Left: "the late John Jacob Astor", "the talented Miss Cowley", "old Cotter", "Dear Judy",
    "the Claytons" (a family); not when the name is itself a modifier ("the old Cuthbert place").
    Right: "William the Conqueror", "Charles the Second", "Napoleon III".
    """
    offsets = [o for o, _ in docs]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        found = _token_range(docs, offsets, s, e)
        if found is None:
            out.append((s, e))
            continue
        offset, doc, i, j = found
        # A chapter number glued on ("I. Mary") or a heading word after a name ("Helen HOWARDS END").
        if j - i > 1 and _ROMAN_HEADING.match(doc[i].text):
            i += 1
        if not doc[i].text.isupper():
            while j - i > 1 and doc[j - 1].text.isupper() and len(doc[j - 1].text) > 1:
                j -= 1
        i, j = _extend_left(doc, i, j), _extend_right(doc, i, j)
        out.append((offset + doc[i].idx, offset + doc[j - 1].idx + len(doc[j - 1].text)))
    return out


def _heads_phrase(doc: Doc, i: int, j: int) -> bool:
    """Is the name `doc[i:j]` the head of its phrase (not "the Lebrun cottages")?

    Only a bare one-word name is read as a modifier, and only before a lower-case word that is
    not a common verb or function word (no tagger runs, so the word's class is guessed).
    """
    if j >= len(doc) or j - i > 1:
        return True
    nxt = doc[j]
    if not (nxt.is_alpha and nxt.text.islower()):
        return True
    return nxt.text in _HEAD_FOLLOWERS or nxt.text.endswith("ed")


def _adjectival(word: str) -> bool:
    """A lower-case word that reads as an adjective in "the talented Miss Cowley"."""
    return word in _ADJECTIVES or (len(word) > 5 and word.endswith(_ADJECTIVE_ENDINGS))


def _extend_left(doc: Doc, i: int, j: int) -> int:
    # "the old Cuthbert place": a modifier taken in earlier goes when the name is not the head.
    while j - i > 1 and doc[i].lower_ in _NAME_MODIFIERS and not _heads_phrase(doc, i + 1, j):
        i += 1
    if i > 0 and doc[i - 1].text in {"Dear", "Dearest"}:
        return i - 1  # a letter's salutation: "Dear Judy :"
    start = i
    while start > max(0, i - 3):
        prev = doc[start - 1]
        if not (prev.text.islower() and _adjectival(prev.text)) or prev.text in _TIME_NOUNS:
            break
        start -= 1
    before = doc[start - 1].text.lower() if start > 0 else ""
    if before not in _ARTICLES or not _heads_phrase(doc, i, j):
        # No article: only "old"/"young" right before the name belong to it ("old Cotter").
        if (
            i > 0
            and doc[i - 1].lower_ in {"old", "young"}
            and before not in _ARTICLES
            and _heads_phrase(doc, i, j)
        ):
            return i - 1
        return i
    single_plural = j - i == 1 and doc[i].text.endswith("s") and doc[i].text[:-1].istitle()
    if start < i or (single_plural and before == "the"):
        return start - 1
    return i


def _extend_right(doc: Doc, i: int, j: int) -> int:
    if j + 1 < len(doc) and doc[j].lower_ == "the" and doc[j + 1].lower_ in _ORDINALS:
        if doc[j + 1].text[:1].isupper():
            return j + 2
    if j < len(doc) and _ROMAN.match(doc[j].text):
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
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is `offset` inside one of the sorted, non-overlapping `spans`?"""
    import bisect

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
        f for f in pool if " " not in f and len(f) > len(best) and same_given_name(best.lower(), f.lower())
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
    return " ".join(words)


def build_characters(
    work: Work, spans: list[tuple[int, int]], *, max_characters: int = 200
) -> list[Character]:
    """Cluster mention spans into characters with name, aliases, role and gender."""
    text = work.text
    raw_forms = [text[s:e] for s, e in spans]
    # One name is one string: line breaks normalised, the phrase around it dropped
    # ("the talented Miss Cowley", "Dear Judy" are forms of "Miss Cowley", "Judy").
    forms = [_bare_name(f) for f in raw_forms]
    counts = Counter(forms)
    # A one-word plural never written without "the" ("the Beatles", "the Wilds") names a band,
    # a family or a region, not one character.
    with_the = Counter(f for f, raw in zip(forms, raw_forms, strict=True) if raw.lower().startswith("the "))
    groups = {f for f, n in with_the.items() if n == counts[f] and " " not in f and f.endswith("s")}
    clusters = cluster_names(list(counts), counts)
    quotes = quote_spans(text)
    next_start = {spans[i][0]: spans[i + 1][0] for i in range(len(spans) - 1)}
    by_form: dict[str, list[tuple[int, int]]] = {}
    for form, span in zip(forms, spans, strict=True):
        by_form.setdefault(form, []).append(span)
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
            if character.role != "mentioned" and n >= max(3, 0.3 * top):
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


@stage("characters", requires=("chapters", "scenes"), assigns=("characters",))
def characters(work: Work, *, max_characters: int = 200) -> Work:
    """Find named characters in the prose: mentions, aliases, role and gender."""
    spans = find_person_mentions(iter_prose_docs(work))
    work.inferred.characters = build_characters(work, spans, max_characters=max_characters)
    return work
