"""What a reader's name means: the KB's aliases and nicknames for search filters.

    >>> character_names("Angel")            # with the Good Omens pack added
    {'Aziraphale (Good Omens)'}
    >>> relationship_matcher("Crowley/Angel")("Aziraphale/Crowley (Good Omens)")
    True
    >>> character_matcher("Bucky")('James "Bucky" Barnes')
    True
    >>> fandom_matcher("Legend of the Galactic Heroes")("Ginga Eiyuu Densetsu | Legend of the Galactic Heroes")
    True

A tag also answers to the names written inside it, as AO3 writes synonyms into a canonical tag:
each side of "Anakin Skywalker | Darth Vader", the quoted nickname of 'James "Bucky" Barnes' (alone
and with the surname), the name without middle initials ("James Kirk"); a fandom tag to the names
an author writes for it ("Harry Potter" for "Harry Potter - J. K. Rowling"). A full name written
with a listed nickname finds the formal name ("Jim Kirk" = "James T. Kirk").

Only curated names count (KB names, aliases, nicknames; pack fandom aliases), not the name forms
learned from texts: a search for "Jack" should not fetch every canon's Jack.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from itertools import permutations

from ficlens.kb.index import name_keys
from ficlens.kb.load import current_rows
from ficlens.kb.store import KBRows
from ficlens.names import nickname_of, parse_name

_PAREN = re.compile(r"\s*\([^)]*\)")
_QUOTED = re.compile(r"[\"“”']([^\"“”']+)[\"“”']")


def name_key(name: str) -> str:
    """Case, spacing and a "(Fandom)" suffix do not matter: "crowley" = "Crowley (Good Omens)"."""
    return " ".join(_PAREN.sub(" ", name).casefold().split())


def fandom_variants(tag: str) -> list[str]:
    """The names an author writes for an AO3 fandom tag: "Ginga Eiyuu Densetsu | Legend of the
    Galactic Heroes" -> both halves; "Sherlock (TV)" -> "Sherlock"; "Harry Potter - J. K. Rowling"
    -> "Harry Potter"; "Halo (Video Games) & Related Fandoms" -> "Halo"."""
    out = []
    for part in tag.split(" | "):
        part = _RELATED.sub("", _PAREN.sub("", part).split(" - ")[0]).strip()
        if part and part not in out:
            out.append(part)
    return out


# A franchise tag's "& Related Fandoms": "Halo (Video Games) & Related Fandoms" is written "Halo".
_RELATED = re.compile(r"\s*&\s*Related Fandoms\s*$")


@lru_cache(maxsize=65536)
def tag_keys(tag: str) -> frozenset[str]:
    """Every key a character tag answers to: the whole tag, each side of "A | B", a quoted nickname
    alone, and the names of two or more words the KB keys it by ("james kirk", "bucky barnes").

    One-word keys come only from what the tag writes as a name of its own: "Captain America" does
    not answer to "America"."""
    keys = {name_key(tag)}
    for part in tag.split(" | "):
        keys.add(name_key(part))
        keys.update(name_key(nick) for nick in _QUOTED.findall(part))
    keys.update(k for k in name_keys(tag) if " " in k)
    keys.discard("")
    return frozenset(keys)


def _index(rows: KBRows) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    characters: dict[str, set[str]] = defaultdict(set)
    for c in rows.characters:
        # A work's tag may be the KB name or AO3's tag for it ("Jethro Gibbs", "Leroy Jethro Gibbs"):
        # each form finds both.
        names = {c.name, c.tag} - {""}
        for form in [c.name, c.tag, *c.aliases, *c.nicknames]:
            for key in {form.casefold().strip(), name_key(form)}:
                if key:
                    characters[key] |= names
    fandoms: dict[str, set[str]] = defaultdict(set)
    for f in rows.fandoms:
        for alias in f.aliases:
            fandoms[alias.casefold().strip()].add(f.name)
    return dict(characters), dict(fandoms)


_CACHE: list = [None, None]


def _rows_index() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    rows = current_rows()  # the same object while the overlay is unchanged
    if _CACHE[0] is not rows:
        _CACHE[:] = [rows, _index(rows)]
    return _CACHE[1]


def character_names(value: str) -> set[str]:
    """KB character names `value` is a name, alias or nickname of (any fandom)."""
    index = _rows_index()[0]
    return index.get(value.casefold().strip(), set()) | index.get(name_key(value), set())


def fandom_names(value: str) -> set[str]:
    """KB fandom names `value` is an alias of."""
    return set(_rows_index()[1].get(value.casefold().strip(), set()))


def character_matcher(value: str) -> Callable[[str], bool]:
    """A test for stored character tags that name whom `value` names: by any key of the tag
    (`tag_keys`), by a KB alias or nickname ("Angel" = "Aziraphale (Good Omens)"), or as a full
    name whose given name is a listed nickname of the tag's ("Jim Kirk" = "James T. Kirk")."""
    wanted = {name_key(value)} | {name_key(n) for n in character_names(value)}
    words = parse_name(value).words
    if len(words) >= 2:
        wanted.add(" ".join(words))
    wanted.discard("")
    given, surname = (words[0], words[-1]) if len(words) >= 2 else ("", "")

    def by_nickname(tag: str) -> bool:
        for key in tag_keys(tag):
            kw = key.split()
            if len(kw) >= 2 and kw[-1] == surname and kw[0] != given and nickname_of(given, kw[0]):
                return True
        return False

    def matches(tag: str) -> bool:
        return bool(wanted & tag_keys(tag)) or (bool(given) and by_nickname(tag))

    return matches


def fandom_matcher(value: str) -> Callable[[str], bool]:
    """A test for stored fandom tags that `value` names: the tag itself, a name an author writes
    for it (`fandom_variants`: one side of "A | B", without "(TV)" or " - Author"), or a KB alias."""
    wanted = {name_key(value)} | {name_key(n) for n in fandom_names(value)}
    wanted.discard("")

    def matches(tag: str) -> bool:
        return name_key(tag) in wanted or any(name_key(v) in wanted for v in fandom_variants(tag))

    return matches


def split_relationship(tag: str) -> tuple[str, list[str]] | None:
    """("/", members) for a romantic "A/B", ("&", members) for a platonic "A & B", else None."""
    for sep, kind in (("/", "/"), (" & ", "&")):
        if sep in tag:
            members = [m.strip() for m in tag.split(sep)]
            if len(members) >= 2 and all(members):
                return kind, members
    return None


def relationship_matcher(query: str) -> Callable[[str], bool] | None:
    """A test for stored relationship tags that mean `query`: same kind ("A/B" romantic, "A & B"
    platonic, never mixed), same members in any order, each member as `character_matcher` matches
    it ("Crowley/Angel" = "Aziraphale/Crowley (Good Omens)"). None if `query` is no ship."""
    parts = split_relationship(query)
    if parts is None:
        return None
    kind, members = parts
    wanted = [character_matcher(m) for m in members]

    def matches(tag: str) -> bool:
        other = split_relationship(tag)
        if other is None or other[0] != kind or len(other[1]) != len(members) or len(members) > 6:
            return False
        return any(all(w(m) for m, w in zip(order, wanted, strict=True)) for order in permutations(other[1]))

    return matches
