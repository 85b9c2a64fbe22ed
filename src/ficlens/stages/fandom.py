"""Fandom stage: which fandom(s) a work belongs to, from the characters found in its text.

Each detected character is looked up in the knowledge base (`ficlens.kb`: the shipped
`resources/kb.sqlite`, built by `training/build_kb.py` from AO3 tag vocabularies, plus the user's
fandom packs and what their library taught). A full-name match ("Jack Harkness") is strong
evidence, a one-word canon name ("Castiel") good evidence, a bare first name that many fandoms
share ("John") weak. Scores are summed per fandom, weighted by how much each character is on the
page. Two strong fandoms make a crossover (but bare first names alone never add a second
fandom to one named by full names). Canons the text cannot tell apart (the same characters
filed under "Star Trek" and "Star Trek: Alternate Original Series (Movies)") go to the tag most
AO3 works use, unless the notes name a telling ("set in season one", "film-verse") and the leader
is a tag of another telling (the books of that series). A canon the author names in the notes or summary ("I don't
own Naruto") counts as much as a full cast (`fandom_text`). With nothing strong the answer is
"Original Work" only when the author says the story is their own, else "Unknown fandom" at low
confidence with the unexplained cast as evidence; a canon resting on one bare name is never
surer than a coin flip, and one known from bare names only must explain a third of the on-page
cast (the leads, not a few namesakes beside people it does not know). Bare names that real people
bear ("Peter", "Morgan") name a canon of under 1,000 AO3 works only as a pair it ships: meeting
there by chance is likelier than a story of so small a canon. A full name written
with a nickname ("Jim" for "James") matches by surname, and a given name and surname found
apart ("Tony" ... "Stark") count as the full name. Characters matched in a detected fandom get
AO3's canonical character tag (`Character.canonical`); a bare first name takes the tag of the one
popular partner of a named character it fits ("Jim" beside Spock is James T. Kirk); characters
given the same tag are merged.

A canon's own places, species and groups written in the story ("Tatooine", "the Jawas",
"Gryffindor"; the KB's `terms`) are clues too, a weak one each (a place named once weighs less
than a bare first name), and never characters: the stage drops them from the character list. A
bare given name that one canon person alone bears ("Obi-Wan", "Prompto") is a clue like a one-word
canon name; a bare name that fits another person of a canon named by full names is that canon's
("Sam" beside Dean Winchester), not evidence for a second canon.

    >>> work = ficlens.analyze("story.txt", stages=["structure", "characters", "fandom"])
    >>> [(f.name, f.confidence) for f in work.inferred.fandoms]
    [('Torchwood', 0.82)]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ficlens.kb import KBCharacter, KnowledgeBase, load_kb, romantic_ships
from ficlens.kb.index import name_keys as _name_keys
from ficlens.kb.index import partial_cast_size, term_words, unhyphenated
from ficlens.model import ORIGINAL_WORK, UNKNOWN_FANDOM, Character, FandomGuess, Work
from ficlens.names import (
    everyday_given_name,
    given_name_gender,
    nickname_of,
    parse_name,
    same_given_name,
)
from ficlens.registry import stage
from ficlens.stages.characters import cast, drop_non_persons
from ficlens.stages.fandom_text import canon_mentions, medium_cue, original_work_evidence, tag_medium

# Confidence of "Unknown fandom", which names no canon and so is never the tagged fandom: low with
# a named cast (fan fiction of a canon the KB lacks), lower with no cast to go on.
UNKNOWN_CONFIDENCE = 0.1
UNKNOWN_NO_CAST_CONFIDENCE = 0.05
# Confidence of "Original Work" when the author says so ("an original story").
ORIGINAL_CONFIDENCE = 0.7
# A fandom needs this much evidence (about two full-name characters) to be named.
MIN_SCORE = 1.2
# A second fandom at this share of the first makes a crossover.
CROSSOVER_SHARE = 0.45

# A canon resting on one character matched inexactly, or on bare names only, needs its characters to
# carry this share of the on-page cast's mentions (leads, not namesakes in a bigger cast).
SINGLE_SHARE = 1 / 3
# A canon a clue stronger than a bare first name names (a full name …) goes before one known only from
# bare given names when its score is at least this share of theirs.
FULL_NAME_SHARE = 0.5
# A canon with more people than this that a bare first name can match is named by bare names only
# when they are a pairing it ships.
BIG_CAST = 60
# A canon with fewer AO3 works than this is named by bare everyday given names only as a shipped pair.
SMALL_CANON_WORKS = 1000
# A telling of a canon the notes name ("season one") goes before another telling of the same people
# (the books) that leads with at most this much more weight.
MEDIUM_SHARE = 0.6
# Highest confidence of a canon known from one bare name and nothing else.
ONE_NAME_CONFIDENCE = 0.5
# Weight of a canon the author names in the notes or summary: just enough on its own to name the
# fandom (at confidence 0.5), more where a phrase like "I don't own" leads it in.
MENTION_WEIGHT = MIN_SCORE
INTRODUCED_WEIGHT = 2.0
# Weight of a work the author says the story borrows from ("inspired by X"): less than a bare first name.
BORROWED_WEIGHT = 0.4
# Weight of a bare first or last name that matches part of a canon name.
PARTIAL_WEIGHT = 0.5
# Weight of a full name matching a canon name by surname and a nickname ("Jim Kirk" = "James Kirk").
NICKNAME_WEIGHT = 0.9
# Weight of a bare name that is a one-word canon name ("Castiel", "Crowley (Good Omens)").
SINGLE_WEIGHT = 0.8
# Weight of a bare name that is one half of a popular pairing whose other half is also in the cast.
SHIP_WEIGHT = 0.8
# Weight of a bare given name that only one canon character bears and that is no everyday name
# ("Obi-Wan", "Geralt"): as good as a one-word canon name, still one clue (`ONE_NAME_CONFIDENCE`).
DISTINCT_GIVEN_WEIGHT = SINGLE_WEIGHT
# A canon's place, species or group written in the story ("Tatooine", "Jawas", "Gryffindor"): each
# distinct term adds TERM_WEIGHT * log2(1 + times written), at most TERM_CAP. A place named once is a
# weak clue (less than a bare first name); three places of one canon, or one named often beside a
# character, name it. Terms alone need two distinct ones; they never make a crossover.
TERM_WEIGHT = 0.4
TERM_CAP = 1.0


# Titles written before a surname ("Dr Aziz", "Professor Lupin"), beside Mr./Mrs./Miss.
_SURNAME_TITLES = frozenset({"dr", "doctor", "prof", "professor"})
# Kin titles: "Aunt Sally" or "Auntie Jean" is the story's own family, not a canon person, unless the
# name is one canon person's own ("Uncle Iroh" is still Avatar's).
_KIN_TITLES = frozenset({"aunt", "auntie", "uncle", "cousin", "grandma", "granny", "grandpa", "nana"})


def match_character(character: Character, kb: KnowledgeBase) -> list[tuple[KBCharacter, float]]:
    """KB entries a detected character may be, each with a weight in (0, 1]."""
    best: dict[int, tuple[KBCharacter, float]] = {}

    def add(entries: list[KBCharacter], weight: float) -> None:
        for entry in entries:
            key = id(entry)
            if key not in best or best[key][1] < weight:
                best[key] = (entry, weight)

    forms = [character.name, *character.aliases]
    full_names = [w for f in forms if len(w := parse_name(f).words) >= 2]
    # "Bruce" in a story that also says "Bruce Wayne" is not evidence for Bruce Banner.
    has_full_name = bool(full_names)
    # "Reilly" of "Tom Reilly" is a surname, not the one-word canon name "Reilly" (Fallout).
    surnames = {w[-1] for w in full_names}
    givens = {w[0] for w in full_names}
    for form in forms:
        parsed = parse_name(form)
        words = parsed.words
        key = " ".join(words)
        if "-" in key and key not in (kb.full if len(words) >= 2 else kb.partial):
            # "Wen-li" for the KB's "Yang Wenli": romanised syllables, joined or hyphenated.
            key = unhyphenated(key)
        if len(words) >= 2 and key in kb.full:
            add(kb.full[key], 1.0)
        elif len(words) >= 2:
            add(_nickname_matches(words, kb), NICKNAME_WEIGHT)
        elif len(words) == 1:
            # One canon person's own given name ("Iroh", "Thorin"): a clue even after a kin title.
            distinct = _distinct_given(key, kb.partial.get(key, []), kb)
            kin = parsed.title in _KIN_TITLES and not distinct
            if key in kb.single:
                # A one-word canon name that is also an everyday given name ("Evie", "Gabriel"), or
                # one real people bear as a given name or surname (`kb.everyday_given`: "Silas",
                # "Reilly"), is as weak as any bare first name; "Castiel" or "Spock" is not. Nor is
                # one the story uses as a surname: the last word of the character's full name, or
                # after "Mr."/"Dr." ("Dr Aziz").
                as_surname = key in surnames or parsed.title_class or parsed.title in _SURNAME_TITLES
                weak = everyday_given_name(key) or key in kb.everyday_given or as_surname
                # As with any bare first name, "Charles" of a Charles Wilcox is not Henry VI's Charles.
                given = weak and key in givens and not as_surname
                if not (kin and weak) and not given:
                    add(kb.single[key], PARTIAL_WEIGHT if weak else SINGLE_WEIGHT)
            if key in kb.partial and not has_full_name and not kin:
                # "John" fits dozens of canons: evidence only together with other characters.
                entries = kb.partial[key]
                if not parsed.title_class and distinct:
                    add(entries, DISTINCT_GIVEN_WEIGHT)
                    continue
                if parsed.title_class:
                    # "Mr. Brooke" is a surname: not Brooke Lynn Hytes; and "Mr. Bennet" is a man,
                    # not Lizzie Bennet.
                    entries = [
                        e
                        for e in entries
                        if _surname_of(e.name, key) and not _other_gender(parsed.title_gender, e.name)
                    ]
                add(entries, PARTIAL_WEIGHT)
    return list(best.values())


def _distinct_given(word: str, entries: list[KBCharacter], kb: KnowledgeBase) -> bool:
    """Is `word` the given name of one canon person only and nobody else's ("obi-wan", "prompto";
    not "erik" or "hollow": the KB's build lists them)? One person may be filed under several tags
    of a franchise; a person the user's overlay adds with that name makes it shared again."""
    return word in kb.distinct_given and len({e.name for e in entries}) == 1


def _distinct_people(entries: list[KBCharacter]) -> list[KBCharacter]:
    """One entry per person: "Princess Leia" is "Leia Organa" of the same canon, and a pairing
    filed as a character ("Mycroft Holmes/Sherlock Holmes") is nobody."""
    people = [e for e in entries if "/" not in e.name]
    keys = {id(e): {frozenset(k.split()) for k in _name_keys(e.name)} for e in people}
    return [
        e
        for e in people
        if not any(
            o is not e
            and o.fandom == e.fandom
            and keys[id(o)] != keys[id(e)]
            and all(any(k < ko for ko in keys[id(o)]) for k in keys[id(e)])
            for o in people
        )
    ]


def _apart(tag: str, names: set[str]) -> bool:
    """Do the bare names fit two different words of the canon name ("Tony" and "Stark"; "Jim" and
    "Wilson" for James Wilson)? "Sid" and "Sidney" are two forms of Sid Gormley's given name."""
    words = parse_name(tag).words
    keys = [" ".join(parse_name(n).words) for n in names]
    fitted = {w for w in words for k in keys if k == w or unhyphenated(k) == w or nickname_of(k, w)}
    return len(fitted) >= 2


def _two_given_names(tag: str) -> bool:
    """Is the canon name `tag` two everyday given names ("Mary Jane")? A story's Mary and Jane are then
    two people, not one name found in two halves."""
    return all(
        len(w := k.split()) == 2 and everyday_given_name(w[0]) and everyday_given_name(w[1])
        for k in _name_keys(tag)
    )


def _surname_of(tag: str, word: str) -> bool:
    """Is `word` the family name of the canon character `tag` ("kirk" of "James T. Kirk")?"""
    return any(len(k.split()) > 1 and k.split()[-1] == word for k in _name_keys(tag))


def _other_gender(gender: str | None, tag: str) -> bool:
    """Does the canon character `tag` have a given name of the other gender than `gender`?"""
    if gender is None:
        return False
    keys = [k.split() for k in _name_keys(tag)]
    givens = {given_name_gender(k[0]) for k in keys if len(k) >= 2} - {None}
    return bool(givens) and gender not in givens


def _nickname_matches(words: list[str], kb: KnowledgeBase) -> list[KBCharacter]:
    """Canon characters with the same surname whose given name this one is a form of ("Jim" of "James")."""
    given, surname = words[0], words[-1]
    if len(surname) <= 2:
        return []
    found = []
    for entry in kb.partial.get(surname, []):
        for key in _name_keys(entry.name):
            kw = key.split()
            if len(kw) >= 2 and kw[-1] == surname and kw[0] != given and same_given_name(given, kw[0]):
                found.append(entry)
                break
    return found


# Lower-case words allowed inside a canon term ("Brotherhood of Steel", "Flourish & Blotts");
# the KB build (training/kb_sources/make_faker_terms.py) keeps only terms made of these and
# capitalised words, so both read this one set.
TERM_PARTICLES = frozenset(
    {
        "of",
        "the",
        "de",
        "da",
        "del",
        "di",
        "du",
        "van",
        "von",
        "der",
        "la",
        "le",
        "el",
        "and",
        "no",
        "na",
        "&",
    }
)
# Runs of capitalised words, particles allowed inside ("Diagon Alley", "Brotherhood of Steel"): only
# these can hold a term, so the rest of the text is never looked at word by word.
_CAP_RUN = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+(?:(?:"
    + "|".join(re.escape(p) for p in sorted(TERM_PARTICLES))
    + r")[ \t]+)*[A-ZÀ-ÖØ-Þ][\w'’-]*)*"
)


def find_terms(text: str, kb: KnowledgeBase) -> dict[str, Counter[str]]:
    """Canon terms written in `text`, capitalised as names are: fandom -> term -> times written.

    "Tatooine's", "the Jawas" and "Diagon Alley" count; "tatooine" in lower case does not.
    """
    if not kb.terms:
        return {}
    if kb.term_first is None:
        kb.term_first = {}
        for words in kb.terms:
            kb.term_first[words[0]] = max(kb.term_first.get(words[0], 0), len(words))
    first = kb.term_first
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for run in _CAP_RUN.finditer(text):
        tokens = run.group().split()
        i = 0
        while i < len(tokens):
            lower = _plain(tokens[i])
            longest = first.get(lower) or first.get(lower[:-1] if lower.endswith("s") else "")
            matched = 0
            for n in range(min(longest or 0, len(tokens) - i), 0, -1):
                words = tuple(_plain(w) for w in tokens[i : i + n])
                entries = kb.terms.get(words)
                if entries is None and words[-1].endswith("s"):  # "Jawas", "Daleks"
                    entries = kb.terms.get((*words[:-1], words[-1][:-1]))
                if entries:
                    for entry in entries:
                        found[entry.fandom][entry.name] += 1
                    matched = n
                    break
            i += matched or 1
    return found


def _plain(token: str) -> str:
    """A token as term words are keyed: lower case, no possessive ("Tatooine's" -> "tatooine")."""
    word = token.replace("’", "'").casefold()
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def is_canon_term(name: str, kb: KnowledgeBase) -> bool:
    """Is `name` a canon's place, species, group or thing in the KB ("Tatooine", "the Jawas")?"""
    words = term_words(name)
    if words and words[0] == "the":
        words = words[1:]
    if not words:
        return False
    return words in kb.terms or (words[-1].endswith("s") and (*words[:-1], words[-1][:-1]) in kb.terms)


def _clue_score(
    fandom: str,
    score: float,
    evidence: dict[str, list[tuple[float, str]]],
    places: set[str],
    strong_hits: dict[str, int],
) -> float:
    """The score a canon's confidence is read from. A canon known from its terms and one bare name
    and nothing stronger has one name clue, however often it is written: "John" thirty times beside
    one "Dalek" is not surer than a name and a place (the name counts up to `TERM_CAP`, as a term)."""
    if not places or strong_hits.get(fandom, 0):
        return score
    term_score = sum(w for w, n in evidence[fandom] if n in places)
    if len({n for _, n in evidence[fandom]} - places) != 1:
        return score
    return term_score + min(TERM_CAP, score - term_score)


def _confidence(score: float, names: set[str], mentioned: bool) -> float:
    """How sure a guess is: more evidence, more confidence, but a canon that rests on one bare
    name ("Chloe", "House") has one clue however often the name is written, and many canons
    share a name."""
    confidence = score / (score + MIN_SCORE)
    if not mentioned and len(names) == 1 and len(parse_name(next(iter(names))).words) == 1:
        confidence = min(confidence, ONE_NAME_CONFIDENCE)
    return round(confidence, 3)


def _umbrella_to_tag(name: str, scores: dict[str, float], kb: KnowledgeBase) -> str:
    """Prefer an AO3 canonical fandom tag over a grouping name when the evidence is the same."""
    if name not in kb.umbrella:
        return name
    tags = [
        (round(s, 6), kb.fandoms.get(f, 0), f)
        for f, s in scores.items()
        if f not in kb.umbrella and s >= 0.8 * scores[name]
    ]
    return max(tags)[2] if tags else name


def detect_fandoms(
    characters: list[Character],
    texts: list[str] | None = None,
    story: str | None = None,
    kb: KnowledgeBase | None = None,
) -> tuple[list[FandomGuess], dict[str, dict[str, str]]]:
    """Fandom guesses (best first) and, per fandom, detected name -> canonical AO3 character tag.

    `texts` are the author's own words around the story (notes, summary, title, series name): a
    canon named there counts as much as a full cast, and only they can make a work "Original Work".
    `story` is the story text, searched for the canons' places and terms ("Tatooine"). `kb` defaults
    to the shipped KB with the user's overlay (an evaluation passes one with a canon left out).
    """
    kb = kb if kb is not None else load_kb()
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[tuple[float, str]]] = defaultdict(list)
    canon: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    strong_hits: dict[str, int] = {}
    exact: dict[str, bool] = {}
    explained: Counter[str] = Counter()  # on-page mentions of the characters each canon explains
    who: dict[str, dict[str, str]] = defaultdict(dict)  # canon -> detected name -> KB person it fits
    mentioned: set[str] = set()
    borrowed: set[str] = set()  # evidence strings of works only named as borrowings
    for fandom, words, introduced, weak in canon_mentions(texts or [], kb.fandoms, kb.everyday_fandom_words):
        if fandom == ORIGINAL_WORK:
            continue
        if weak:
            # "Inspired by the X remake": X alone names no canon, but it supports X's cast.
            scores[fandom] += BORROWED_WEIGHT
            evidence[fandom].append((BORROWED_WEIGHT, f'"{words}"'))
            borrowed.add(f'"{words}"')
            continue
        mentioned.add(fandom)
        weight = INTRODUCED_WEIGHT if introduced else MENTION_WEIGHT
        scores[fandom] += weight
        strong_hits[fandom] = strong_hits.get(fandom, 0) + 1
        evidence[fandom].append((weight, f'"{words}"'))
    # KB character -> the detected names that match it only in part ("Tony", "Stark").
    partial_names: dict[int, tuple[KBCharacter, set[str]]] = {}
    for character in characters:
        presence = math.log2(1 + len(character.mentions))
        per_fandom: dict[str, tuple[float, KBCharacter]] = {}
        matches = match_character(character, kb)
        for entry, weight in matches:
            if weight <= PARTIAL_WEIGHT:
                partial_names.setdefault(id(entry), (entry, set()))[1].add(character.name)
        # A bare name names a canon character only when it fits one character of that canon.
        partial_per_fandom = Counter(
            e.fandom for e in _distinct_people([e for e, w in matches if w <= PARTIAL_WEIGHT])
        )
        for entry, weight in matches:
            if entry.fandom not in per_fandom or per_fandom[entry.fandom][0] < weight:
                per_fandom[entry.fandom] = (weight, entry)
        for fandom, (weight, entry) in per_fandom.items():
            who[fandom][character.name] = entry.name
            scores[fandom] += weight * presence
            if weight > PARTIAL_WEIGHT:
                strong_hits[fandom] = strong_hits.get(fandom, 0) + 1
            evidence[fandom].append((weight * presence, character.name))
            exact[fandom] = exact.get(fandom, False) or weight >= 1.0
            explained[fandom] += len(character.mentions)
            rank = weight + (0.5 if entry.ao3_tag else 0.0)
            if weight <= PARTIAL_WEIGHT and partial_per_fandom[fandom] > 1:
                continue  # "John" in a canon with two Johns
            if character.name not in canon[fandom] or canon[fandom][character.name][0] < rank:
                canon[fandom][character.name] = (rank, entry.tag)
    # Two bare names of the cast that are both halves of one popular pairing ("Charles" and
    # "Erik") weigh more for that pairing's canon and name its two characters. They stay bare
    # names, though: no crossover beside a canon named by full names.
    pairs = _shipped_pairs(characters, kb)
    for ship_fandom, pair in pairs:
        for character, tag in pair:
            presence = math.log2(1 + len(character.mentions))
            scores[ship_fandom] += (SHIP_WEIGHT - PARTIAL_WEIGHT) * presence
            canon[ship_fandom][character.name] = (SHIP_WEIGHT + 0.5, tag)
    # Places and terms of a canon ("Tatooine", "the Jawas"): a clue per distinct term, more when
    # written often, never a character.
    terms = find_terms(story, kb) if story else {}
    for term_fandom, counts in terms.items():
        for term, times in counts.items():
            weight = min(TERM_CAP, TERM_WEIGHT * math.log2(1 + times))
            scores[term_fandom] += weight
            evidence[term_fandom].append((weight, term))
    # Given name and surname of one canon character found apart ("Tony" ... "Stark") are as
    # good as the full name.
    for entry, names in partial_names.values():
        if len(names) >= 2 and not _two_given_names(entry.name) and _apart(entry.name, names):
            strong_hits[entry.fandom] = strong_hits.get(entry.fandom, 0) + 1
    # A fandom known only from bare partial names needs two different characters ("Colin" and
    # "Penelope"), else every story with a John would be in some canon; and if all of them are
    # everyday first names ("George" and "Peter"), they must be a pairing the canon ships.
    shipped = {f for f, _ in pairs}
    on_page = sum(len(c.mentions) for c in cast(characters)) or 1
    for fandom in list(scores):
        # The cast must name the canon by the rules below on its own; a borrowing only adds weight.
        places = set(terms.get(fandom, ()))
        names = {n for _, n in evidence[fandom] if n not in borrowed and n not in places}
        if places and len(names) + len(places) >= 2:
            continue  # a place and a name of one canon, or two places, are two clues
        if (
            len(names) == 1
            and not exact.get(fandom)
            and fandom not in mentioned
            and explained[fandom] < SINGLE_SHARE * on_page
        ):
            # One character, matched only by a nickname or part of a name ("Jim Wilson" for
            # James Wilson), and a minor one in a larger cast: a namesake, not fan fiction.
            del scores[fandom]
            continue
        if strong_hits.get(fandom, 0):
            continue
        if explained[fandom] < SINGLE_SHARE * on_page:
            # Bare names of a canon that leave most of the cast unexplained ("Mrs. Bennet" and "Sir
            # William" beside a Mr. Bennet and a Bingley it does not know) are namesakes.
            del scores[fandom]
            continue
        bare = [w for n in names if len(w := parse_name(n).words) == 1]
        one_word = len(bare) == len(names)
        everyday = one_word and all(everyday_given_name(w[0]) for w in bare)
        # Among the dozens of people of a big canon, two first names meet by chance ("Jack" and
        # "Michelle" of Marvel in a story of a Jack and a David): bare names name it only as a shipped pair.
        crowded = partial_cast_size(kb, fandom) > BIG_CAST
        # A canon of few works known only from names real people bear ("Sam" and "Dean" of Casualty,
        # "Todd" and "Neil"): a story of two such names is likelier of a canon the KB lacks.
        common = one_word and all(everyday_given_name(w[0]) or w[0] in kb.everyday_given for w in bare)
        small = 0 < kb.fandoms.get(fandom, 0) < SMALL_CANON_WORKS
        # Two names of one canon person ("Sid" and "Sidney", both Sid Gormley) are one character.
        people = {who[fandom].get(n, n) for n in names}
        if len(people) < 2 or ((everyday or crowded or (common and small)) and fandom not in shipped):
            del scores[fandom]
    # A bare name that fits another person of a canon named by full names is that canon's: a canon
    # known only from bare names needs two that no such canon explains ("Sam" beside Dean
    # Winchester is Sam Winchester, so "Jack" alone is left to make Stargate's Jack/Sam). The same
    # person filed under a franchise tag ("Charles Xavier" in Marvel and in X-Men) explains nothing away.
    strong = [f for f in scores if strong_hits.get(f, 0)]
    for fandom in list(scores):
        if strong_hits.get(fandom, 0) or fandom in terms or not strong:
            continue
        names = {n for _, n in evidence[fandom] if n not in borrowed}
        taken = {
            n for n in names for g in strong if n in who[g] and who[g][n] != who[fandom].get(n, who[g][n])
        }
        if len(names - taken) < 2:
            del scores[fandom]
    # Equal evidence: an AO3 tag before a grouping name, then the canon most works are tagged
    # with. The same characters filed under several tags ("Star Trek", "Star Trek: Alternate
    # Original Series (Movies)"; "Batman - All Media Types", "Batman (Movies - Nolan)") cannot be
    # told apart by the text, and the likeliest tag an author chose is the most used one, often
    # the franchise tag that spans its siblings.
    ranked = sorted(
        scores.items(),
        key=lambda kv: (-round(kv[1], 6), kv[0] in kb.umbrella, -kb.fandoms.get(kv[0], 0), kv[0]),
    )
    # A canon known only from bare given names ("Miles", "Aaron"), unless they are a pairing it ships,
    # does not come before one a stronger clue names (a full name, "Jefferson Davis"; a given name and
    # surname found apart; a one-word canon name) with at least half its weight: two common first
    # names that happen to share a canon are weaker evidence than one clue of a name's own.
    if ranked and not strong_hits.get(ranked[0][0], 0) and ranked[0][0] not in shipped:
        named = [kv for kv in ranked if strong_hits.get(kv[0], 0) and kv[1] >= FULL_NAME_SHARE * ranked[0][1]]
        if named:
            ranked.remove(named[0])
            ranked.insert(0, named[0])
    # The same people filed under two tellings of one canon ("The Last Kingdom (TV)" and the Saxon
    # Stories books) are told apart by the telling the notes name ("set at Cynuit in season one",
    # "film-verse"): a tag of that telling that shares a character with a leader of another telling
    # and has most of its weight goes first, and the leader is no crossover beside it.
    displaced = ""
    medium = medium_cue(texts or []) if ranked else None
    lead_medium = tag_medium(ranked[0][0]) if ranked else None
    # Only a leader that names its own telling gives way: an unmarked tag ("Supernatural", "Star Trek:
    # The Next Generation") is often the series itself, and its sequel's tag shares its people.
    if medium and lead_medium and lead_medium != medium:
        lead, lead_score = ranked[0]
        lead_names = {n for _, n in evidence[lead]} - borrowed
        for kv in ranked[1:]:
            if (
                tag_medium(kv[0]) == medium
                and kv[1] >= max(MEDIUM_SHARE * lead_score, MIN_SCORE)  # never a named canon made Unknown
                and lead_names & {n for _, n in evidence[kv[0]]}
                and (strong_hits.get(kv[0], 0) or not strong_hits.get(lead, 0))
            ):
                ranked.remove(kv)
                ranked.insert(0, kv)
                displaced = lead
                break
    if not ranked or ranked[0][1] < MIN_SCORE:
        return [_no_canon(characters, texts or [])], {}
    guesses: list[FandomGuess] = []
    used_evidence: list[set[str]] = []
    top_score = ranked[0][1]
    for fandom, score in ranked:
        names = {n for _, n in evidence[fandom]}
        if fandom == displaced or any(
            names <= used or (names & used and score < top_score) for used in used_evidence
        ):
            continue  # the same characters under another name of one canon (grouping vs tag)
        if guesses and (score < CROSSOVER_SHARE * top_score or score < MIN_SCORE):
            break
        if guesses and strong_hits.get(ranked[0][0], 0) and not strong_hits.get(fandom, 0):
            # Next to a canon named by full names, one known only from bare first names (a "Kate"
            # and a "Tony" who are someone else's) is a coincidence of common names, not a crossover.
            continue
        label = _umbrella_to_tag(fandom, scores, kb)
        if any(g.name == label or _franchise_of(g.name, label) for g in guesses):
            continue  # "Stargate - All Media Types" beside Stargate Atlantis is no crossover
        guesses.append(
            FandomGuess(
                name=label,
                confidence=_confidence(
                    _clue_score(fandom, score, evidence, set(terms.get(fandom, ())), strong_hits),
                    names - borrowed,
                    fandom in mentioned,
                ),
                evidence=[n for _, n in sorted(evidence[fandom], reverse=True)[:5]],
            )
        )
        used_evidence.append(names)
        if len(guesses) == 3:
            break
    mapping = {
        g.name: {name: tag for name, (_, tag) in canon[g.name].items()} for g in guesses if g.name in canon
    }
    if displaced and guesses and guesses[0].name in mapping:
        # The other telling's people are the same people: its tags name those this one lacks.
        for name, (_, tag) in canon[displaced].items():
            mapping[guesses[0].name].setdefault(name, tag)
    for g in guesses:
        for fandom, _ in ranked:
            if (
                g.name not in mapping
                and fandom in canon
                and {n for _, n in evidence[fandom]} & set(g.evidence)
            ):
                mapping[g.name] = {name: tag for name, (_, tag) in canon[fandom].items()}
    for tags in mapping.values():
        _add_ship_partners(tags, [c.name for c in characters], kb)
    return guesses, mapping


_FRANCHISE_TAG = re.compile(r"\s+(?:-\s+All Media Types|&\s+Related Fandoms|Universe)$")


def _franchise_of(a: str, b: str) -> bool:
    """Is one tag the franchise tag of the other ("Stargate - All Media Types", "Stargate Atlantis")?"""
    for whole, part in ((a, b), (b, a)):
        base = _FRANCHISE_TAG.sub("", whole)
        if base != whole and (part == base or part.startswith(base + " ") or part.startswith(base + ":")):
            return True
    return False


def _no_canon(characters: list[Character], texts: list[str]) -> FandomGuess:
    """The answer when no canon is found: "Original Work" only if the author says so, else
    "Unknown fandom" with the on-page cast that no canon explains as evidence."""
    said = original_work_evidence(texts)
    if said:
        return FandomGuess(name=ORIGINAL_WORK, confidence=ORIGINAL_CONFIDENCE, evidence=[f'"{said}"'])
    names = [c.name for c in cast(characters)][:5]
    confidence = UNKNOWN_CONFIDENCE if names else UNKNOWN_NO_CAST_CONFIDENCE
    return FandomGuess(name=UNKNOWN_FANDOM, confidence=confidence, evidence=names)


def author_texts(work: Work) -> list[str]:
    """The author's own words around the story: title, series name, summary and notes."""
    texts = [work.title or "", work.series.name if work.series else "", work.summary or ""]
    return texts + [n.text for n in work.notes]


def _ship_words(kb: KnowledgeBase) -> dict[str, list[tuple[int, int]]]:
    """Given name or surname -> (pairing number, side) of the pairing members it names exactly."""
    if kb.ship_words is None:
        index: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for n, (_fandom, *members) in enumerate(romantic_ships(kb)):
            for side, tag in enumerate(members):
                for key in _name_keys(tag):
                    words = key.split()
                    index[words[0]].add((n, side))
                    index[words[-1]].add((n, side))
        kb.ship_words = {word: sorted(hits) for word, hits in index.items()}
    return kb.ship_words


def _fits(word: str, tag: str) -> bool:
    """Can the bare name `word` stand for the canon character `tag`: its given name or surname, or
    a listed nickname of the given name ("Jim" for James, not "Grantham" for Grant)?"""
    keys = [k.split() for k in _name_keys(tag)]
    return any(word in (k[0], k[-1]) or nickname_of(word, k[0]) for k in keys if k)


def _shipped_pairs(
    characters: list[Character], kb: KnowledgeBase
) -> list[tuple[str, list[tuple[Character, str]]]]:
    """Popular pairings whose two members are two bare-named members of the cast, each fitting only one.

    Returns (fandom, [(character, member tag), (character, member tag)]) per pairing found.
    """
    bare = [(c, words[0]) for c in cast(characters) if len(words := parse_name(c.name).words) == 1]
    if len(bare) < 2:
        return []
    # Exact names only: "David" and "Jack" of another canon are not "Dave" and "John".
    fits: dict[int, tuple[list[Character], list[Character]]] = defaultdict(lambda: ([], []))
    index = _ship_words(kb)
    for character, word in bare:
        for n, side in index.get(word, ()):
            fits[n][side].append(character)
    ships = romantic_ships(kb)
    found = []
    for n in sorted(fits):
        fit_a, fit_b = fits[n]
        if len(fit_a) == 1 and len(fit_b) == 1 and fit_a[0] is not fit_b[0]:
            ship_fandom, a, b = ships[n]
            found.append((ship_fandom, [(fit_a[0], a), (fit_b[0], b)]))
    return found


def _add_ship_partners(tags: dict[str, str], names: list[str], kb: KnowledgeBase) -> None:
    """Name a bare first name by the canon partner of a character already named ("Jim" next to Spock).

    "Jim" alone fits no canon tag, but in a Star Trek story beside Spock he is the one partner
    AO3 ships with Spock whose given name "Jim" is a form of ("James T. Kirk"). Only a unique
    partner counts; if another name already holds that tag ("Kirk"), the two are merged later as
    one character.
    """
    taken = set(tags.values())
    partners: dict[str, set[str]] = defaultdict(set)
    for _fandom, a, b in romantic_ships(kb):
        partners[a].add(b)
        partners[b].add(a)
    candidates = {p for tag in taken for p in partners.get(tag, ())}
    if not candidates:
        return
    found: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = parse_name(name).words
        if name in tags or len(words) != 1:
            continue
        for partner in candidates:
            if _fits(words[0], partner):
                found[partner].add(name)
    by_name: dict[str, set[str]] = defaultdict(set)
    for partner, matched in found.items():
        for name in matched:
            by_name[name].add(partner)
    for name, fits in by_name.items():
        partner = next(iter(fits))
        if len(fits) == 1 and len(found[partner]) == 1:
            tags[name] = partner


@stage("fandom", requires=("characters",), assigns=("fandoms",))
def fandom(work: Work) -> Work:
    """Guess the work's fandom(s) from its characters; name characters by AO3's canonical tags."""
    kb = load_kb()
    # A canon's place or species the NER took for a person ("Tatooine") is no character.
    work.inferred.characters = drop_non_persons(work.inferred.characters, lambda n: is_canon_term(n, kb))
    guesses, mapping = detect_fandoms(work.inferred.characters, author_texts(work), work.text)
    work.inferred.fandoms = guesses
    for character in work.inferred.characters:
        for guess in guesses:
            tag = mapping.get(guess.name, {}).get(character.name)
            if tag:
                character.canonical = tag
                break
    work.inferred.characters = merge_same_canonical(work.inferred.characters)
    if work.inferred.relationships:
        # The relationships stage ran first (a custom stage order): keep its pairs in step.
        from ficlens.stages.relationships import categories_of, relabel

        work.inferred.relationships = relabel(work.inferred.relationships, work.inferred.characters)
        work.inferred.categories = categories_of(work.inferred.relationships, work.inferred.characters)
    return work


_ROLE_RANK = {"main": 0, "secondary": 1, "mentioned": 2}


def merge_same_canonical(characters: list[Character]) -> list[Character]:
    """One character per canonical tag: "Vader", "Anakin" and "Darth" mapped to one tag are one person.

    Clustering keeps names apart that only the knowledge base joins; listing them twice would
    name one canon character twice. The most-mentioned form keeps its name; the list stays
    ordered by mentions.
    """
    by_tag: dict[str, Character] = {}
    out: list[Character] = []
    for character in characters:
        keep = by_tag.get(character.canonical) if character.canonical else None
        if keep is None:
            if character.canonical:
                by_tag[character.canonical] = character
            out.append(character)
            continue
        keep.mentions = sorted([*keep.mentions, *character.mentions], key=lambda m: m.start)
        for alias in [character.name, *character.aliases]:
            if alias != keep.name and alias not in keep.aliases:
                keep.aliases.append(alias)
        if _ROLE_RANK[character.role] < _ROLE_RANK[keep.role]:
            keep.role = character.role
        keep.gender = keep.gender or character.gender
    out.sort(key=lambda c: -len(c.mentions))
    return out
