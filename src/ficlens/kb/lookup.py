"""What a reader's name means: the KB's aliases and nicknames for search filters.

    >>> character_names("Angel")            # with the Good Omens pack added
    {'Aziraphale (Good Omens)'}
    >>> relationship_matcher("Crowley/Angel")("Aziraphale/Crowley (Good Omens)")
    True

Only curated names count (KB names, aliases, nicknames; pack fandom aliases), not the name forms
learned from texts: a search for "Jack" should not fetch every canon's Jack.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from itertools import permutations

from ficlens.kb.load import current_rows
from ficlens.kb.store import KBRows

_PAREN = re.compile(r"\s*\([^)]*\)")


def name_key(name: str) -> str:
    """Case, spacing and a "(Fandom)" suffix do not matter: "crowley" = "Crowley (Good Omens)"."""
    return " ".join(_PAREN.sub(" ", name).casefold().split())


def _index(rows: KBRows) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    characters: dict[str, set[str]] = defaultdict(set)
    for c in rows.characters:
        for form in [c.name, *c.aliases, *c.nicknames]:
            for key in {form.casefold().strip(), name_key(form)}:
                if key:
                    characters[key].add(c.name)
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
    platonic, never mixed), same members in any order, each member by name or by a KB alias or
    nickname ("Crowley/Angel" = "Aziraphale/Crowley (Good Omens)"). None if `query` is no ship."""
    parts = split_relationship(query)
    if parts is None:
        return None
    kind, members = parts
    wanted = [{name_key(m)} | {name_key(n) for n in character_names(m)} for m in members]

    def matches(tag: str) -> bool:
        other = split_relationship(tag)
        if other is None or other[0] != kind or len(other[1]) != len(members) or len(members) > 6:
            return False
        keys = [name_key(m) for m in other[1]]
        return any(all(k in w for k, w in zip(order, wanted, strict=True)) for order in permutations(keys))

    return matches
