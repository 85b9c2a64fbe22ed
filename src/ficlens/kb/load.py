"""Where the knowledge base lives and how its two layers become one in-memory index.

The shipped KB (`resources/kb.sqlite`) is read-only; the user's overlay
(`<kb dir>/overlay.sqlite`, kb dir = `$FICLENS_KB_DIR` or the platformdirs user data dir) holds
fandom packs and what the library taught. At load time overlay rows are merged over shipped rows:
a character already known under the same fandom gains the overlay's aliases, a new one is added.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from ficlens.kb.index import KBCharacter, KBRelationship, KnowledgeBase, index_character, index_term
from ficlens.kb.store import CharacterRow, FandomRow, KBRows, RelationshipRow, TermRow, connect, read_rows

T = TypeVar("T")
ENV_KB_DIR = "FICLENS_KB_DIR"
SHIPPED_FILE = "kb.sqlite"
OVERLAY_FILE = "overlay.sqlite"
# `meta` key of the shipped KB: comma-separated source keys whose characters get no part-name keys.
FULL_NAME_ONLY_KEY = "full_name_only_sources"
# `meta` key of the shipped KB: comma-separated given names that one canon person alone bears
# ("obi-wan", "prompto"; computed by training/build_kb.py).
DISTINCT_GIVEN_KEY = "distinct_given_names"
# One-word fandom names that are everyday English words ("major", "friends", "lost"): the words after
# them in a note ("Major spoilers") do not make them a canon.
EVERYDAY_FANDOM_KEY = "everyday_fandom_words"
# One-word KB names that real people bear as given names or surnames too ("silas", "reilly"): bare, a weak clue.
EVERYDAY_GIVEN_KEY = "everyday_given_names"
# `meta` key: those of the distinct given names that belong to full-name-only sources' people, the
# only parts of their names that are keys ("thancred" of "Thancred Waters").
FULL_ONLY_GIVEN_KEY = "full_name_only_given_names"


def kb_dir() -> Path:
    """`$FICLENS_KB_DIR`, else `kb/` in the user data dir (platformdirs)."""
    env = os.environ.get(ENV_KB_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ficlens", appauthor=False) / "kb"


def overlay_path() -> Path:
    return kb_dir() / OVERLAY_FILE


@lru_cache(maxsize=1)
def shipped_rows() -> KBRows:
    """Every row of the shipped KB file (read once)."""
    with resources.as_file(resources.files("ficlens.resources").joinpath(SHIPPED_FILE)) as path:
        conn = connect(path, readonly=True)
        try:
            return read_rows(conn)
        finally:
            conn.close()


def overlay_rows(path: Path | None = None) -> KBRows | None:
    path = path or overlay_path()
    if not path.exists():
        return None
    conn = connect(path, readonly=True)
    try:
        return read_rows(conn)
    finally:
        conn.close()


def _join(a: str, b: str) -> str:
    parts = [s for s in a.split(";") if s]
    return ";".join(parts + [s for s in b.split(";") if s and s not in parts])


def _more(old: list[str], new: list[str]) -> list[str]:
    return old + [x for x in new if x not in old]


def _upsert(
    rows: list[T], new_rows: list[T], key: Callable[[T], object], combine: Callable[[T, T], T]
) -> None:
    """Append each new row, or combine it into the row of the same key (in place, keeping order)."""
    at = {key(r): i for i, r in enumerate(rows)}
    for row in new_rows:
        i = at.get(key(row))
        if i is None:
            at[key(row)] = len(rows)
            rows.append(row)
        else:
            rows[i] = combine(rows[i], row)


def merge_rows(
    base: KBRows, over: KBRows, *, count: Callable[[int, int], int] = lambda old, new: old or new
) -> KBRows:
    """Overlay rows over base rows; base rows are copied, never changed (they are cached).

    A row already known (fandom by name, character by name and fandom, ship by tag and fandom)
    gains the new row's aliases and sources, and `count(old works, new works)` as its count: by
    default a shipped AO3 count wins over a library count; the KB build keeps the larger."""
    out = KBRows(
        fandoms=list(base.fandoms),
        characters=list(base.characters),
        relationships=list(base.relationships),
        terms=list(base.terms),
        sources={**base.sources, **over.sources},
        meta=dict(base.meta),
    )

    def fandom(old: FandomRow, new: FandomRow) -> FandomRow:
        works = count(old.works, new.works)
        return replace(
            old, works=works, aliases=_more(old.aliases, new.aliases), source=_join(old.source, new.source)
        )

    def character(old: CharacterRow, new: CharacterRow) -> CharacterRow:
        forms = dict(old.forms)
        for form, n in new.forms.items():
            forms[form] = forms.get(form, 0) + n
        return replace(
            old,
            aliases=_more(old.aliases, new.aliases),
            nicknames=_more(old.nicknames, new.nicknames),
            forms=forms,
            works=count(old.works, new.works),
            ao3_tag=old.ao3_tag or new.ao3_tag,
            source=_join(old.source, new.source),
            tag=old.tag or new.tag,
        )

    def ship(old: RelationshipRow, new: RelationshipRow) -> RelationshipRow:
        return replace(old, works=count(old.works, new.works), source=_join(old.source, new.source))

    _upsert(out.fandoms, over.fandoms, lambda f: f.name, fandom)
    _upsert(out.characters, over.characters, lambda c: (c.name, c.fandom), character)
    _upsert(out.relationships, over.relationships, lambda r: (r.tag, r.fandom), ship)

    def term(old: TermRow, new: TermRow) -> TermRow:
        return replace(old, source=_join(old.source, new.source))

    _upsert(out.terms, over.terms, lambda t: (t.name, t.fandom), term)
    return out


def _meta_words(rows: KBRows, key: str) -> frozenset[str]:
    """The comma-separated words the KB's `meta` table holds under `key` (none when it is absent)."""
    return frozenset(filter(None, rows.meta.get(key, "").split(",")))


def build_index(rows: KBRows) -> KnowledgeBase:
    """Index rows for name lookups: every character under each key of its name and aliases."""
    kb = KnowledgeBase(
        fandoms={f.name: f.works for f in rows.fandoms},
        umbrella={f.name for f in rows.fandoms if f.kind == "umbrella"},
        distinct_given=set(_meta_words(rows, DISTINCT_GIVEN_KEY)),
        everyday_fandom_words=_meta_words(rows, EVERYDAY_FANDOM_KEY),
        everyday_given=_meta_words(rows, EVERYDAY_GIVEN_KEY),
    )
    # Sources whose characters are matched by full name only (long cast lists: see build_kb.py).
    full_only = _meta_words(rows, FULL_NAME_ONLY_KEY)
    full_only_given = _meta_words(rows, FULL_ONLY_GIVEN_KEY)
    for row in rows.characters:
        entry = KBCharacter(
            name=row.name, fandom=row.fandom, works=row.works, ao3_tag=row.ao3_tag, tag=row.tag
        )
        parts = not full_only or not set(row.source.split(";")) <= full_only
        if not parts:
            kb.long_list.add(entry.tag)
        # Of a full-name-only row's parts, a given name no other KB person bears still counts.
        index_character(kb, entry, row.all_aliases(), parts=parts, given=full_only_given)
    for term in rows.terms:
        index_term(kb, term.name, term.fandom, term.kind)
    kb.relationships = [
        KBRelationship(r.tag, r.type, list(r.members), r.fandom, r.category, r.works)
        for r in rows.relationships
    ]
    return kb


def overlay_state() -> tuple[str, int, int, bytes] | None:
    """What identifies the overlay's current content (None: no overlay): a cache key."""
    path = overlay_path()
    try:
        st = path.stat()
        with path.open("rb") as fh:
            # SQLite's file change counter (header bytes 24-27) moves on every commit, even one
            # that leaves size and mtime as they were.
            counter = fh.read(28)[24:]
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size, counter)


@lru_cache(maxsize=4)
def _rows(key: tuple[str, int, int, bytes] | None) -> KBRows:
    over = overlay_rows(Path(key[0])) if key else None
    return merge_rows(shipped_rows(), over) if over else shipped_rows()


def current_rows() -> KBRows:
    """Shipped rows with the current overlay merged in (cached per overlay file state; do not change them)."""
    return _rows(overlay_state())


def load_kb() -> KnowledgeBase:
    """The knowledge base (shipped + the user's overlay), indexed for name lookups.

    Cached per overlay file state: a `ficlens kb add` or a learning import in this process is
    seen by the next work analysed, and an unchanged overlay is not read again."""
    return _load(overlay_state())


@lru_cache(maxsize=4)
def _load(key: tuple[str, int, int, bytes] | None) -> KnowledgeBase:
    return build_index(_rows(key))
