"""The knowledge base on disk: one SQLite file per layer (the shipped KB, the user's overlay).

Both layers share one schema. Every row carries its `source` (`;`-joined short source keys,
described in the `sources` table) and a `works` count: AO3's tag count for shipped rows, the
number of library works that taught a learned row. The schema version sits in `meta`.

    fandoms(id, name, kind, works, source)            kind: "tag" (AO3 fandom tag) or "umbrella"; a
                                                      view (schema 4) over fandom_rows, whose source
                                                      is an id into labels
    fandom_aliases(fandom_id, position, alias)        an alias's source is its fandom's (schema 4)
    characters(id, name, fandom, works, ao3_tag, source)
                                                      a view (schema 2) over character_rows, whose
                                                      fandom and source are ids into labels: each
                                                      fandom tag and source key is stored once, not
                                                      once per character (two fifths of the file)
    character_aliases(character_id, position, alias, kind, works)
                                                      kind: "alias", "nickname" or "text" (a name
                                                      form seen in works tagged with the character);
                                                      an alias's source is its character's (schema 3
                                                      drops the column that repeated it)
    relationships(id, tag, type, fandom, category, works, source)
                                                      a view (schema 4) over relationship_rows, whose
                                                      fandom and source are ids into labels
    relationship_members(relationship_id, position, name)
    learned_works(work_hash, title, observed)         overlay only: what each library work taught
    terms(id, name, fandom, kind, source)             a canon's places, species, groups and things
                                                      ("Tatooine"): fandom evidence, never characters
                                                      (a file written before this table reads as
                                                      having none); a view (schema 3) over term_rows,
                                                      whose fandom and source are ids into labels
    character_tags(character_id, tag)                 AO3's canonical tag of a character whose KB
                                                      name is not one ("Gwen" -> "Gwen (Merlin)"):
                                                      what ficlens writes, never what it matches
                                                      (optional like terms)

Rows keep their build order (`id`), so the in-memory index is the same on every load. A file of
schema 1 (characters a table with the text columns), 2 (terms a table with the text columns, aliases
with a source) or 3 (fandoms and relationships tables with the text columns) still reads; an older
overlay is migrated in place the first time ficlens writes to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import KBFileError

SCHEMA_VERSION = 4
# Older files read as they are: the `characters`, `terms`, `fandoms` and `relationships` views have the
# old tables' columns, and reading never asks an alias for its source.
READABLE_VERSIONS = (1, 2, 3, 4)

# The character tables of schema 2, written by `create` and by the migration from schema 1.
_LABELS = "CREATE TABLE labels(id INTEGER PRIMARY KEY, text TEXT NOT NULL)"
_CHARACTER_ROWS = """CREATE TABLE character_rows(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, fandom INTEGER NOT NULL REFERENCES labels(id),
  works INTEGER NOT NULL, ao3_tag INTEGER NOT NULL, source INTEGER NOT NULL REFERENCES labels(id))"""
_CHARACTERS_VIEW = """CREATE VIEW characters AS
  SELECT c.id AS id, c.name AS name, f.text AS fandom, c.works AS works, c.ao3_tag AS ao3_tag, s.text AS source
  FROM character_rows c JOIN labels f ON f.id = c.fandom JOIN labels s ON s.id = c.source"""
# Schema 2's aliases, as the migration from schema 1 writes them (schema 3 then drops their source).
_CHARACTER_ALIASES_2 = """CREATE TABLE {name}(
  character_id INTEGER NOT NULL REFERENCES character_rows(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  alias TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('alias', 'nickname', 'text')),
  works INTEGER NOT NULL, source TEXT NOT NULL)"""
_CHARACTER_ALIASES = """CREATE TABLE {name}(
  character_id INTEGER NOT NULL REFERENCES character_rows(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  alias TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('alias', 'nickname', 'text')),
  works INTEGER NOT NULL)"""
# Canon terms, like characters, keep their fandom tag and source key in labels (schema 3).
_TERM_ROWS = """CREATE TABLE term_rows(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, fandom INTEGER NOT NULL REFERENCES labels(id),
  kind TEXT NOT NULL, source INTEGER NOT NULL REFERENCES labels(id))"""
_TERMS_VIEW = """CREATE VIEW terms AS
  SELECT t.id AS id, t.name AS name, f.text AS fandom, t.kind AS kind, s.text AS source
  FROM term_rows t JOIN labels f ON f.id = t.fandom JOIN labels s ON s.id = t.source"""
# Fandoms and ships, like characters, keep their fandom tag and source key in labels (schema 4).
_FANDOM_ROWS = """CREATE TABLE fandom_rows(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('tag', 'umbrella')),
  works INTEGER NOT NULL, source INTEGER NOT NULL REFERENCES labels(id))"""
_FANDOMS_VIEW = """CREATE VIEW fandoms AS
  SELECT f.id AS id, f.name AS name, f.kind AS kind, f.works AS works, s.text AS source
  FROM fandom_rows f JOIN labels s ON s.id = f.source"""
_FANDOM_ALIASES = """CREATE TABLE {name}(
  fandom_id INTEGER NOT NULL REFERENCES fandom_rows(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  alias TEXT NOT NULL)"""
_RELATIONSHIP_ROWS = """CREATE TABLE relationship_rows(
  id INTEGER PRIMARY KEY, tag TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('romantic', 'platonic')),
  fandom INTEGER NOT NULL REFERENCES labels(id), category TEXT NOT NULL, works INTEGER NOT NULL,
  source INTEGER NOT NULL REFERENCES labels(id))"""
_RELATIONSHIPS_VIEW = """CREATE VIEW relationships AS
  SELECT r.id AS id, r.tag AS tag, r.type AS type, f.text AS fandom, r.category AS category, r.works AS works,
  s.text AS source FROM relationship_rows r JOIN labels f ON f.id = r.fandom JOIN labels s ON s.id = r.source"""
_RELATIONSHIP_MEMBERS = """CREATE TABLE {name}(
  relationship_id INTEGER NOT NULL REFERENCES relationship_rows(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, name TEXT NOT NULL)"""
# The tables whose rows keep their source key (and some their fandom tag) in labels.
_LABELLED = ("fandom_rows", "character_rows", "term_rows", "relationship_rows")
# Labels no row points at any more (after a source is deleted).
_UNUSED_LABELS = """DELETE FROM labels WHERE id NOT IN (
  SELECT source FROM fandom_rows
  UNION SELECT fandom FROM character_rows UNION SELECT source FROM character_rows
  UNION SELECT fandom FROM term_rows UNION SELECT source FROM term_rows
  UNION SELECT fandom FROM relationship_rows UNION SELECT source FROM relationship_rows)"""

_SCHEMA = (
    """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE learned_works(work_hash TEXT PRIMARY KEY, title TEXT NOT NULL, observed TEXT NOT NULL);
"""
    + ";\n".join(
        [
            _LABELS,
            _FANDOM_ROWS,
            _FANDOMS_VIEW,
            _FANDOM_ALIASES.format(name="fandom_aliases"),
            _RELATIONSHIP_ROWS,
            _RELATIONSHIPS_VIEW,
            _RELATIONSHIP_MEMBERS.format(name="relationship_members"),
            _CHARACTER_ROWS,
            _CHARACTERS_VIEW,
            _CHARACTER_ALIASES.format(name="character_aliases"),
            _TERM_ROWS,
            _TERMS_VIEW,
        ]
    )
    + ";"
)
_CHARACTER_TAGS = """
CREATE TABLE {name}(
  character_id INTEGER PRIMARY KEY REFERENCES character_rows(id) ON DELETE CASCADE, tag TEXT NOT NULL)"""
TABLES = (
    "fandoms",
    "fandom_aliases",
    "characters",
    "character_aliases",
    "relationships",
    "relationship_members",
    "learned_works",
    "terms",
    "character_tags",
)


@dataclass
class FandomRow:
    name: str
    works: int = 0
    kind: str = "tag"  # "tag" (an AO3 canonical fandom tag) or "umbrella" (a grouping name)
    aliases: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class CharacterRow:
    name: str
    fandom: str
    aliases: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    # Name forms seen in the text of works tagged with this character -> how many works.
    forms: dict[str, int] = field(default_factory=dict)
    works: int = 0
    ao3_tag: bool = False
    source: str = ""
    # AO3's canonical tag when the name is not one ("Gwen (Merlin)" of "Gwen"): written, not matched.
    tag: str = ""

    def all_aliases(self) -> list[str]:
        """Every other name the character goes by, in row order (aliases, nicknames, text forms)."""
        out: list[str] = []
        for alias in [*self.aliases, *self.nicknames, *self.forms]:
            if alias not in out:
                out.append(alias)
        return out


@dataclass
class RelationshipRow:
    tag: str
    type: str  # "romantic" (A/B) or "platonic" (A & B)
    members: list[str]
    fandom: str
    category: str = ""
    works: int = 0
    source: str = ""


@dataclass
class TermRow:
    """A canon's own word that names no person: a place, species, group or thing ("Tatooine")."""

    name: str
    fandom: str
    kind: str = "place"  # "place", "species", "group" or "thing"
    source: str = ""


@dataclass
class KBRows:
    fandoms: list[FandomRow] = field(default_factory=list)
    characters: list[CharacterRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    terms: list[TermRow] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """Open a KB file; a read-only open never creates or locks it (the shipped file may be read-only).
    Opening an older overlay to write migrates it to the current schema."""
    conn: sqlite3.Connection | None = None
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Another import may be learning: wait for its write rather than fail.
            conn = sqlite3.connect(path, timeout=30)
            conn.execute("PRAGMA foreign_keys = ON")
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                create(conn, kind="overlay")
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if version is not None and int(version[0]) in READABLE_VERSIONS:
            if not readonly and int(version[0]) < 2:
                _migrate_to_2(conn)
            if not readonly and int(version[0]) < 3:
                _migrate_to_3(conn)
            if not readonly and int(version[0]) < SCHEMA_VERSION:
                _migrate_to_4(conn)
            return conn
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise KBFileError(f"{path} is not a ficlens knowledge base ({exc})") from None
    conn.close()
    raise KBFileError(
        f"{path} has KB schema version {version[0] if version else '?'}, this ficlens reads "
        + ", ".join(map(str, READABLE_VERSIONS)),
        hint="rebuild it (training/build_kb.py) or move the overlay aside and re-add your packs",
    )


def _migrate(
    conn: sqlite3.Connection, version: int, statements: Callable[[sqlite3.Connection], list[str]]
) -> None:
    """Bring an overlay of schema `version` to the next one in one transaction. Another process may be
    migrating the same overlay: wait for its lock, then look at the version again."""
    conn.commit()
    conn.execute("PRAGMA foreign_keys = OFF")  # the table copies would otherwise cascade
    try:
        conn.execute("BEGIN IMMEDIATE")
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if found is not None and int(found[0]) == version:
            for statement in statements(conn):
                conn.execute(statement)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version + 1),))
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Schema 1 to 2, every row kept (ids too, so learned rows stay attached): the characters table
    becomes character_rows with its fandom and source stored once in labels, under a view of the old
    name and columns; the tables that point at characters are copied to point at character_rows
    (SQLite cannot re-point a foreign key in place)."""

    def statements(conn: sqlite3.Connection) -> list[str]:
        tags = _has_table(conn, "character_tags")
        return [
            _LABELS,
            "INSERT INTO labels(text) SELECT fandom FROM characters UNION SELECT source FROM characters",
            _CHARACTER_ROWS,
            "INSERT INTO character_rows SELECT c.id, c.name, f.id, c.works, c.ao3_tag, s.id FROM characters c"
            " JOIN labels f ON f.text = c.fandom JOIN labels s ON s.text = c.source ORDER BY c.id",
            _CHARACTER_ALIASES_2.format(name="character_aliases_2"),
            "INSERT INTO character_aliases_2 SELECT * FROM character_aliases",
            "DROP TABLE character_aliases",
            "ALTER TABLE character_aliases_2 RENAME TO character_aliases",
            _CHARACTER_TAGS.format(name="character_tags_2"),
            *(
                ["INSERT INTO character_tags_2 SELECT * FROM character_tags", "DROP TABLE character_tags"]
                if tags
                else []
            ),
            "ALTER TABLE character_tags_2 RENAME TO character_tags",
            "DROP TABLE characters",
            _CHARACTERS_VIEW,
        ]

    _migrate(conn, 1, statements)


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    """Schema 2 to 3, every row kept: aliases lose the source column that repeated their character's,
    and terms (a table with text columns, or none) become term_rows with their fandom and source in
    labels, under a view of the old name and columns."""

    def statements(conn: sqlite3.Connection) -> list[str]:
        terms = [
            "INSERT INTO labels(text) SELECT fandom FROM terms UNION SELECT source FROM terms"
            " EXCEPT SELECT text FROM labels",
            "INSERT INTO term_rows SELECT t.id, t.name, f.id, t.kind, s.id FROM terms t"
            " JOIN labels f ON f.text = t.fandom JOIN labels s ON s.text = t.source ORDER BY t.id",
            "DROP TABLE terms",
        ]
        return [
            _CHARACTER_ALIASES.format(name="character_aliases_3"),
            "INSERT INTO character_aliases_3 SELECT character_id, position, alias, kind, works"
            " FROM character_aliases",
            "DROP TABLE character_aliases",
            "ALTER TABLE character_aliases_3 RENAME TO character_aliases",
            _TERM_ROWS,
            *(terms if _has_table(conn, "terms") else []),
            _TERMS_VIEW,
        ]

    _migrate(conn, 2, statements)


def _migrate_to_4(conn: sqlite3.Connection) -> None:
    """Schema 3 to 4, every row kept (ids too): fandoms and relationships become fandom_rows and
    relationship_rows with their fandom and source in labels, under views of the old names and columns;
    the tables that point at them are copied to point at the new tables, and fandom aliases lose the
    source column that repeated their fandom's."""

    def statements(conn: sqlite3.Connection) -> list[str]:
        return [
            "INSERT INTO labels(text) SELECT source FROM fandoms UNION SELECT fandom FROM relationships"
            " UNION SELECT source FROM relationships EXCEPT SELECT text FROM labels",
            _FANDOM_ROWS,
            "INSERT INTO fandom_rows SELECT f.id, f.name, f.kind, f.works, s.id FROM fandoms f"
            " JOIN labels s ON s.text = f.source ORDER BY f.id",
            _FANDOM_ALIASES.format(name="fandom_aliases_4"),
            "INSERT INTO fandom_aliases_4 SELECT fandom_id, position, alias FROM fandom_aliases",
            "DROP TABLE fandom_aliases",
            "ALTER TABLE fandom_aliases_4 RENAME TO fandom_aliases",
            "DROP TABLE fandoms",
            _FANDOMS_VIEW,
            _RELATIONSHIP_ROWS,
            "INSERT INTO relationship_rows SELECT r.id, r.tag, r.type, f.id, r.category, r.works, s.id"
            " FROM relationships r JOIN labels f ON f.text = r.fandom JOIN labels s ON s.text = r.source"
            " ORDER BY r.id",
            _RELATIONSHIP_MEMBERS.format(name="relationship_members_4"),
            "INSERT INTO relationship_members_4 SELECT * FROM relationship_members",
            "DROP TABLE relationship_members",
            "ALTER TABLE relationship_members_4 RENAME TO relationship_members",
            "DROP TABLE relationships",
            _RELATIONSHIPS_VIEW,
        ]

    _migrate(conn, 3, statements)


@contextmanager
def writing(path: Path, what: str) -> Iterator[sqlite3.Connection]:
    """A write transaction on an overlay file; a locked or broken file is a `KBFileError`."""
    conn = connect(path, readonly=False)
    try:
        yield conn
        conn.commit()
    except sqlite3.Error as exc:
        conn.rollback()
        raise KBFileError(
            f"cannot write {what} to {path} ({exc})", hint="is another ficlens writing to it? try again"
        ) from None
    finally:
        conn.close()


def create(conn: sqlite3.Connection, *, kind: str) -> None:
    conn.executescript(_SCHEMA)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("schema_version", str(SCHEMA_VERSION)), ("kind", kind)]
    )
    conn.commit()


def write_rows(conn: sqlite3.Connection, rows: KBRows) -> None:
    """Append rows after the existing ones, in list order (ids keep that order)."""
    cur = conn.cursor()
    cur.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?)", sorted(rows.sources.items()))
    cur.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(rows.meta.items()))
    labels = {text: lid for lid, text in cur.execute("SELECT id, text FROM labels")}

    def label(text: str) -> int:
        if text not in labels:
            cur.execute("INSERT INTO labels(text) VALUES (?)", (text,))
            labels[text] = int(cur.lastrowid or 0)
        return labels[text]

    for f in rows.fandoms:
        cur.execute(
            "INSERT INTO fandom_rows(name, kind, works, source) VALUES (?, ?, ?, ?)",
            (f.name, f.kind, f.works, label(f.source)),
        )
        fid = cur.lastrowid
        cur.executemany(
            "INSERT INTO fandom_aliases VALUES (?, ?, ?)", [(fid, i, a) for i, a in enumerate(f.aliases)]
        )

    for c in rows.characters:
        cur.execute(
            "INSERT INTO character_rows(name, fandom, works, ao3_tag, source) VALUES (?, ?, ?, ?, ?)",
            (c.name, label(c.fandom), c.works, int(c.ao3_tag), label(c.source)),
        )
        cid = cur.lastrowid
        aliases = [(a, "alias", 0) for a in c.aliases] + [(a, "nickname", 0) for a in c.nicknames]
        aliases += [(a, "text", n) for a, n in c.forms.items()]
        cur.executemany(
            "INSERT INTO character_aliases VALUES (?, ?, ?, ?, ?)",
            [(cid, i, a, kind, n) for i, (a, kind, n) in enumerate(aliases)],
        )
        if c.tag:
            if not _has_table(conn, "character_tags"):
                conn.execute(_CHARACTER_TAGS.format(name="character_tags"))
            cur.execute("INSERT INTO character_tags VALUES (?, ?)", (cid, c.tag))
    for r in rows.relationships:
        cur.execute(
            "INSERT INTO relationship_rows(tag, type, fandom, category, works, source) VALUES (?, ?, ?, ?, ?, ?)",
            (r.tag, r.type, label(r.fandom), r.category, r.works, label(r.source)),
        )
        rid = cur.lastrowid
        cur.executemany(
            "INSERT INTO relationship_members VALUES (?, ?, ?)",
            [(rid, i, m) for i, m in enumerate(r.members)],
        )
    cur.executemany(
        "INSERT INTO term_rows(name, fandom, kind, source) VALUES (?, ?, ?, ?)",
        [(t.name, label(t.fandom), t.kind, label(t.source)) for t in rows.terms],
    )


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    """A table or a view of that name (`characters` is a view since schema 2)."""
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (table,)
        ).fetchone()
        is not None
    )


def delete_source(conn: sqlite3.Connection, source: str) -> None:
    """Drop every row of one source (re-adding a pack or re-learning replaces its rows) from a file of
    the current schema opened to write (its foreign keys on, so aliases, ship members and tags go with
    the rows they belong to)."""
    for table in _LABELLED:
        conn.execute(f"DELETE FROM {table} WHERE source IN (SELECT id FROM labels WHERE text = ?)", (source,))
    conn.execute(_UNUSED_LABELS)
    # The cascade's work, done again so that a connection without foreign keys leaves no orphans.
    if _has_table(conn, "character_tags"):
        conn.execute("DELETE FROM character_tags WHERE character_id NOT IN (SELECT id FROM character_rows)")
    conn.execute("DELETE FROM character_aliases WHERE character_id NOT IN (SELECT id FROM character_rows)")
    conn.execute("DELETE FROM fandom_aliases WHERE fandom_id NOT IN (SELECT id FROM fandom_rows)")
    conn.execute(
        "DELETE FROM relationship_members WHERE relationship_id NOT IN (SELECT id FROM relationship_rows)"
    )
    conn.execute("DELETE FROM sources WHERE name = ?", (source,))


def read_rows(conn: sqlite3.Connection) -> KBRows:
    """Every row of one KB file, in build order."""
    rows = KBRows(
        sources=dict(conn.execute("SELECT name, description FROM sources")),
        meta=dict(conn.execute("SELECT key, value FROM meta")),
    )
    fandom_aliases = _grouped(
        conn, "SELECT fandom_id, alias FROM fandom_aliases ORDER BY fandom_id, position"
    )
    for fid, name, kind, works, source in conn.execute(
        "SELECT id, name, kind, works, source FROM fandoms ORDER BY id"
    ):
        rows.fandoms.append(FandomRow(name, works, kind, fandom_aliases.get(fid, []), source))
    aliases: dict[int, list[tuple[str, str, int]]] = {}
    for cid, alias, kind, works in conn.execute(
        "SELECT character_id, alias, kind, works FROM character_aliases ORDER BY character_id, position"
    ):
        aliases.setdefault(cid, []).append((alias, kind, works))
    tags: dict[int, str] = (
        dict(conn.execute("SELECT character_id, tag FROM character_tags"))
        if _has_table(conn, "character_tags")
        else {}
    )
    for cid, name, fandom, works, ao3_tag, source in conn.execute(
        "SELECT id, name, fandom, works, ao3_tag, source FROM characters ORDER BY id"
    ):
        row = CharacterRow(
            name, fandom, works=works, ao3_tag=bool(ao3_tag), source=source, tag=tags.get(cid, "")
        )
        for alias, kind, n in aliases.get(cid, []):
            if kind == "alias":
                row.aliases.append(alias)
            elif kind == "nickname":
                row.nicknames.append(alias)
            else:
                row.forms[alias] = n
        rows.characters.append(row)
    members = _grouped(
        conn, "SELECT relationship_id, name FROM relationship_members ORDER BY relationship_id, position"
    )
    for rid, tag, type_, fandom, category, works, source in conn.execute(
        "SELECT id, tag, type, fandom, category, works, source FROM relationships ORDER BY id"
    ):
        rows.relationships.append(
            RelationshipRow(tag, type_, members.get(rid, []), fandom, category, works, source)
        )
    if _has_table(conn, "terms"):
        rows.terms = [
            TermRow(*r) for r in conn.execute("SELECT name, fandom, kind, source FROM terms ORDER BY id")
        ]
    return rows


def _grouped(conn: sqlite3.Connection, sql: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for key, value in conn.execute(sql):
        out.setdefault(key, []).append(value)
    return out


def stats(conn: sqlite3.Connection) -> dict[str, object]:
    """Rows per table, rows per source (a row of several sources counts for each) and the meta table."""
    per_table = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if _has_table(conn, t) else 0
        for t in TABLES
    }
    per_source: dict[str, dict[str, int]] = {}
    for table in ("fandoms", "characters", "relationships", "terms"):
        if not _has_table(conn, table):
            continue
        for source, n in conn.execute(f"SELECT source, count(*) FROM {table} GROUP BY source"):
            for key in source.split(";"):
                counts = per_source.setdefault(key or "?", {})
                counts[table] = counts.get(table, 0) + n
    return {
        "meta": dict(conn.execute("SELECT key, value FROM meta ORDER BY key")),
        "tables": per_table,
        "sources": {k: per_source[k] for k in sorted(per_source)},
        "source_descriptions": dict(conn.execute("SELECT name, description FROM sources ORDER BY name")),
    }


def write_file(path: Path, rows: KBRows, *, kind: str) -> None:
    """Write a fresh KB file (used by training/build_kb.py): same rows, same bytes."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA page_size = 4096")
    create(conn, kind=kind)
    write_rows(conn, rows)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    tmp.replace(path)


def iter_sources(source: str) -> Iterable[str]:
    return (s for s in source.split(";") if s)
