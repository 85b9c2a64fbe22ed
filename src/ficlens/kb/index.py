"""The in-memory knowledge base the fandom and relationships stages look names up in.

`build_index` turns KB rows (shipped file, then the user's overlay) into name-keyed lists of
`KBCharacter`; the stages never see SQLite.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from ficlens.names import everyday_given_name, parse_name

_PAREN = re.compile(r"\s*\([^)]*\)")
_QUOTED = re.compile(r"[\"“”']([^\"“”']+)[\"“”']")


@dataclass
class KBCharacter:
    name: str
    fandom: str
    works: int
    ao3_tag: bool  # the name is an AO3 canonical character tag (from the ship rankings)
    # What ficlens writes for the character: AO3's canonical tag ("Gwen (Merlin)"), else the name.
    # Matching reads `name` and its aliases only.
    tag: str = ""

    def __post_init__(self) -> None:
        self.tag = self.tag or self.name


class KBRelationship(NamedTuple):
    """A relationship tag; indexable like the list it replaces (`r[1]` type, `r[2]` members, `r[3]` fandom)."""

    tag: str
    type: str  # "romantic" (A/B) or "platonic" (A & B)
    members: list[str]
    fandom: str
    category: str
    works: int


class KBTerm(NamedTuple):
    """A canon's place, species, group or thing ("Tatooine"): evidence for its fandom, never a character."""

    name: str
    fandom: str
    kind: str


@dataclass
class KnowledgeBase:
    fandoms: dict[str, int]
    umbrella: set[str]
    # Given names one canon person alone bears ("obi-wan"): a bare one is a clue (built with the KB).
    distinct_given: set[str] = field(default_factory=set)
    # One-word fandom names that are everyday English words ("major", "lost"; built with the KB).
    everyday_fandom_words: frozenset[str] = frozenset()
    # One-word canon names that real people bear as given names or surnames ("silas", "reilly"; built with the KB).
    everyday_given: frozenset[str] = frozenset()
    full: dict[str, list[KBCharacter]] = field(default_factory=lambda: defaultdict(list))
    single: dict[str, list[KBCharacter]] = field(default_factory=lambda: defaultdict(list))
    partial: dict[str, list[KBCharacter]] = field(default_factory=lambda: defaultdict(list))
    relationships: list[Any] = field(default_factory=list)
    # Names (canonical tags) of people known only from long full-name-only cast lists ("every character
    # of the canon"): being in the KB says nothing of their weight in a story.
    long_list: set[str] = field(default_factory=set)
    # Canon terms by their words in lower case ("tatooine", "diagon alley").
    terms: dict[tuple[str, ...], list[KBTerm]] = field(default_factory=lambda: defaultdict(list))
    # First word of a term -> most words of a term starting with it; built on first use (`find_terms`).
    term_first: dict[str, int] | None = None
    # Built on first use by `romantic_ships` and the fandom stage's `_ship_words`.
    ships: list[tuple[str, str, str]] | None = None
    ship_words: dict[str, list[tuple[int, int]]] | None = None
    # Built on first use by `canon_person_words` (the characters stage).
    person_words: frozenset[str] | None = None
    # Fandom -> how many people a bare given name can name there; built on first use by `partial_cast_size`.
    partial_cast: dict[str, int] | None = None


@lru_cache(maxsize=16384)
def name_keys(raw: str) -> tuple[str, ...]:
    """Lookup keys for a KB name: "Evan "Buck" Buckley" -> "evan buckley", "buck", "buck buckley";
    parts of "A | B".

    Cached: the same canon names are looked up again for every character of every work."""
    keys: list[str] = []
    for part in raw.split(" | "):
        part = _PAREN.sub("", part).strip()
        nick = _QUOTED.findall(part)
        plain = _QUOTED.sub(" ", part)
        for text in [plain, *nick]:
            words = parse_name(text).words
            if words:
                keys.append(" ".join(words))
        plain_words = parse_name(plain).words
        if nick and len(plain_words) >= 2:
            # Authors write the nickname with the surname: "Bucky Barnes", "Buck Buckley".
            surname = plain_words[-1:]
            for text in nick:
                words = parse_name(text).words
                if len(words) == 1 and words != surname:
                    keys.append(" ".join([*words, *surname]))
    return tuple(keys)


def unhyphenated(key: str) -> str:
    """A romanised name's syllables are written joined or hyphenated ("yang wen-li" = "yang wenli");
    both spellings share this key."""
    return key.replace("-", "")


def index_character(
    kb: KnowledgeBase,
    entry: KBCharacter,
    aliases: Iterable[str],
    *,
    parts: bool = True,
    given: Set[str] = frozenset(),
) -> None:
    """File one character under every key of its name and aliases (full, one-word canon name, part).

    `parts=False` files a full name under its full keys and, of its parts, only a given name in
    `given` (the KB's distinct given names, "thancred"): a bare "Margaret" or "Cotter" in a story is
    no evidence for a minor character of a long cast list ("Cotter Pyke")."""
    name = entry.name
    # A one-word key is a canon name only when the character's own name is one word
    # ("Castiel", "Crowley (Good Omens)"); "Leo" from "Leopold 'Leo' Fitz" is only a part.
    one_word_name = len(_PAREN.sub("", name).split()) == 1
    seen: set[str] = set()
    for key in [k for raw in [name, *aliases] for k in name_keys(raw)]:
        if key in seen:
            continue
        seen.add(key)
        words = key.split()
        if len(words) >= 2:
            kb.full[key].append(entry)
            if "-" in key and (joined := unhyphenated(key)) not in seen:
                seen.add(joined)
                kb.full[joined].append(entry)
            for w in (words[0], words[-1]) if parts else [words[0]] if words[0] in given else ():
                if len(w) > 2:
                    kb.partial[w].append(entry)
        elif one_word_name and key == " ".join(parse_name(_PAREN.sub("", name)).words):
            kb.single[key].append(entry)
        elif len(key) > 2 and parts:
            kb.partial[key].append(entry)


def term_words(name: str) -> tuple[str, ...]:
    """The words a canon term is matched by: lower case, apostrophes unified ("Qo'noS" -> ("qo'nos",))."""
    return tuple(name.replace("’", "'").casefold().split())


def index_term(kb: KnowledgeBase, name: str, fandom: str, kind: str) -> None:
    words = term_words(name)
    if words:
        kb.terms[words].append(KBTerm(name, fandom, kind))


def canon_person_words(kb: KnowledgeBase) -> frozenset[str]:
    """Words that name one canon person and no one in everyday life: the distinct given names
    ("thorin", "prompto") and the one-word canon names that are no everyday name."""
    if kb.person_words is None:
        singles = {
            w for w in kb.single if " " not in w and w not in kb.everyday_given and not everyday_given_name(w)
        }
        kb.person_words = frozenset(kb.distinct_given | singles)
    return kb.person_words


def partial_cast_size(kb: KnowledgeBase, fandom: str) -> int:
    """How many people of `fandom` a bare name can match (those filed under a part of their name):
    the more there are, the likelier two common first names meet there by chance."""
    if kb.partial_cast is None:
        people: dict[str, set[int]] = defaultdict(set)
        for entries in kb.partial.values():
            for e in entries:
                people[e.fandom].add(id(e))
        kb.partial_cast = {f: len(ids) for f, ids in people.items()}
    return kb.partial_cast.get(fandom, 0)


def romantic_ships(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(fandom, member, member) of every two-person romantic tag in the knowledge base."""
    if kb.ships is None:
        kb.ships = [
            (r[3], r[2][0], r[2][1]) for r in kb.relationships if r[1] == "romantic" and len(r[2]) == 2
        ]
    return kb.ships
