"""The library's SQLite schema as numbered migrations, applied in order and recorded in a table.

SQLite is the truth; the tantivy index next to it is derived and rebuildable (`ficlens reindex`).
Each migration runs in one transaction together with its `schema_migrations` row, so a crash
mid-migration leaves the previous version intact.
"""

from __future__ import annotations

# Bumped by each new migration; a library with a larger `PRAGMA user_version` is refused.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "works, text, analyses, typed tags, authors, series, chapters, scenes, MinHash LSH",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE works (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            source_path TEXT,
            source_format TEXT,
            title TEXT,
            title_sort TEXT NOT NULL DEFAULT '',
            summary TEXT,
            language TEXT,
            words INTEGER NOT NULL DEFAULT 0,
            chapters INTEGER NOT NULL DEFAULT 0,
            complete INTEGER,
            analyser_version TEXT NOT NULL DEFAULT '',
            analysed INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            -- 0 until the tantivy index holds this version of the row.
            indexed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX works_path ON works(source_path);
        CREATE INDEX works_unindexed ON works(id) WHERE indexed = 0;
        CREATE INDEX works_pending ON works(id) WHERE analysed = 0;
        CREATE TABLE texts (
            work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
            codec TEXT NOT NULL,
            body BLOB NOT NULL
        );
        -- Work.model_dump_json() (without text), keyed by content hash + analyser version.
        CREATE TABLE analyses (
            work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            analyser_version TEXT NOT NULL,
            stages TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
        CREATE INDEX authors_norm ON authors(norm);
        CREATE TABLE work_authors (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL REFERENCES authors(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (work_id, author_id)
        );
        CREATE INDEX work_authors_author ON work_authors(author_id);
        CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, norm TEXT NOT NULL);
        CREATE TABLE work_series (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            series_id INTEGER NOT NULL REFERENCES series(id),
            part INTEGER,
            PRIMARY KEY (work_id, series_id)
        );
        CREATE INDEX work_series_series ON work_series(series_id, part);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL CHECK (type IN ('rating', 'warning', 'category', 'fandom',
                'relationship', 'character', 'freeform', 'cw')),
            name TEXT NOT NULL,
            norm TEXT NOT NULL,
            UNIQUE (type, name)
        );
        CREATE INDEX tags_norm ON tags(type, norm);
        CREATE TABLE work_tags (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            source TEXT NOT NULL CHECK (source IN ('declared', 'inferred')),
            position INTEGER NOT NULL,
            -- content warnings only
            severity TEXT CHECK (severity IS NULL OR severity IN ('mentioned', 'depicted', 'graphic')),
            confidence REAL,
            PRIMARY KEY (work_id, tag_id, source)
        );
        CREATE INDEX work_tags_tag ON work_tags(tag_id, source);
        CREATE TABLE chapters (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            title TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (work_id, idx)
        );
        CREATE TABLE scenes (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            chapter_idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (work_id, idx)
        );
        CREATE TABLE minhash (
            work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
            num_perm INTEGER NOT NULL,
            hashvalues BLOB NOT NULL
        );
        -- One row per LSH band of each signature: candidate lookup is an indexed equality join,
        -- so the LSH survives restarts without rebuilding anything in memory.
        CREATE TABLE lsh_bands (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            PRIMARY KEY (band, key, work_id)
        ) WITHOUT ROWID;
        CREATE INDEX lsh_bands_work ON lsh_bands(work_id);
        CREATE TABLE duplicates (
            a INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            PRIMARY KEY (a, b),
            CHECK (a < b)
        );
        CREATE INDEX duplicates_b ON duplicates(b);
        -- Ids removed from SQLite whose index documents are not yet deleted.
        CREATE TABLE index_deletes (work_id INTEGER PRIMARY KEY);
        """,
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
