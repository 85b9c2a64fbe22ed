"""The library's store: works kept in SQLite (the truth) with a derived tantivy index beside it.

    >>> with Store.open("fics.sqlite") as store:
    ...     store.add("story.html", fast=True).status
    'added'

The store writes and reads works; it knows nothing of queries. Search (`search.py`) and similar
works (`similar.py`) take a store; `ficlens.library.Library` is the store with both added.

One process writes at a time (SQLite's write lock and tantivy's writer lock); readers never wait.
Every add is one SQLite transaction, so a failed or killed add leaves what was stored untouched.
Index documents are written after the transaction commits; rows the index has not caught up
with carry `indexed = 0` and are re-indexed the next time a writer opens the library.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel

from ficlens import __version__
from ficlens.errors import InputError, LibraryError, WorkNotFound
from ficlens.library import dedupe
from ficlens.library.blocklist import Blocklist
from ficlens.library.index import IndexDoc, SearchIndex
from ficlens.library.query import WorkSummary
from ficlens.library.schema import MIGRATIONS, SCHEMA_VERSION
from ficlens.model import Series, Work

TAG_TYPES = ("rating", "warning", "category", "fandom", "relationship", "character", "freeform", "cw")
# Stages of the `fast` profile: a work that ran only these is "pending" full analysis.
FAST_STAGES = frozenset({"structure", "stats"})
ENV_LIBRARY = "FICLENS_LIBRARY"
_INDEX_BATCH = 500
# Entries in the read memos (a blurb is ~2 kB; a vocabulary list up to the library's tag count).
_SUMMARY_MEMO = 20_000
_VOCABULARY_MEMO = 512


class AddResult(BaseModel):
    """What `Library.add` did: `added` a new work, found it `unchanged`, `reanalysed` the same
    content (newer analyser or full analysis of a `--fast` work), or `updated` the work stored
    from the same file path with new content."""

    work_id: int
    status: Literal["added", "unchanged", "reanalysed", "updated"]
    title: str | None = None


class DuplicatePair(BaseModel):
    a: WorkSummary
    b: WorkSummary
    similarity: float


def default_path() -> Path:
    """`$FICLENS_LIBRARY`, else `library.sqlite` in the user data dir (platformdirs)."""
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ficlens", appauthor=False) / "library.sqlite"


def _in_sqlite(work_id: int) -> bool:
    """True for ids SQLite can hold (64-bit): a longer number names no work, and passing it to
    SQLite raises OverflowError instead of finding nothing."""
    return -(2**63) <= work_id < 2**63


def _not_found(work_id: int) -> WorkNotFound:
    return WorkNotFound(f"no work {work_id} in the library", hint="`ficlens list` shows the ids")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _ensure_wal(conn: sqlite3.Connection, wait: float = 10.0) -> None:
    """Switch to WAL, retrying: SQLite answers `locked` at once, without its busy timeout,
    when another process is switching the same new file at that moment."""
    deadline = time.monotonic() + wait
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _library_error(exc: sqlite3.Error, path: Path) -> LibraryError:
    """Translate an SQLite error into a message a reader can act on."""
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return LibraryError(
            f"{path} is not a ficlens library (not an SQLite database)",
            hint="pass another file with --library, or move this one away",
        )
    if "readonly" in text or "read-only" in text:
        return LibraryError(f"the library {path} is read-only", hint="check the file's permissions")
    if "full" in text:
        return LibraryError(
            f"the disk holding {path} is full; nothing was changed",
            hint="free some space and run the command again",
        )
    if "locked" in text or "busy" in text:
        return LibraryError(
            f"the library {path} is locked by another ficlens process",
            hint="wait for the other import to finish",
        )
    if "unable to open" in text:
        return LibraryError(
            f"cannot open the library {path}", hint="does its folder exist and is it writable?"
        )
    return LibraryError(f"library {path}: {exc}")


class Store:
    """Works in SQLite plus their index: add, remove, read, list, blocklist, duplicates, series."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, *, readonly: bool, rebuild_index: bool = False
    ) -> None:
        self.path = path
        self.readonly = readonly
        self._conn = conn
        self._lock = threading.RLock()
        self.index = SearchIndex(
            path.with_name(path.name + ".index"), readonly=readonly, rebuild=rebuild_index
        )
        self._blocklist: Blocklist | None = None
        self.blocklist_path = path.with_name(path.stem + ".blocklist.toml")
        # Read-side memos (blurbs, tag vocabulary), valid for one `sqlite_state()`; see `_memo`.
        self._memo_state: tuple[int, int] | None = None
        self._memo_summaries: dict[int, WorkSummary] = {}
        self._memo_vocabulary: dict[tuple[tuple[str, ...], str], list[tuple[str, str]]] = {}

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str | None = None, *, readonly: bool = False, rebuild_index: bool = False
    ) -> Self:
        """Open (creating and migrating as needed) the library at `path`.

        A file that is not SQLite, or was written by a newer ficlens, raises LibraryError; a file
        this process cannot write is opened read-only (search works, changes raise).
        `rebuild_index` throws the search index away and rebuilds it (`ficlens reindex`).
        """
        path = Path(path).expanduser() if path is not None else default_path()
        if path.is_dir():
            raise LibraryError(f"{path} is a directory", hint="pass the library file, e.g. fics.sqlite")
        exists = path.exists()
        if exists and path.stat().st_size > 0:
            with path.open("rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise LibraryError(
                        f"{path} is not a ficlens library (not an SQLite database)",
                        hint="pass another file with --library, or move this one away",
                    )
        if not readonly:
            writable = (
                os.access(path, os.W_OK)
                if exists
                else os.access(path.parent if path.parent.exists() else Path("."), os.W_OK)
            )
            if exists and not (writable and os.access(path.parent, os.W_OK)):
                readonly = True
        if not exists:
            if readonly:
                raise LibraryError(
                    f"no library at {path}", hint="add works with `ficlens add` or `ficlens import` first"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(
                    f"cannot create the library folder {path.parent} ({exc.strerror})"
                ) from exc
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"file:{path}?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                    timeout=10,
                )
            else:
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if not readonly:
                _ensure_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise _library_error(exc, path) from exc
        if version > SCHEMA_VERSION:
            conn.close()
            raise LibraryError(
                f"{path} was written by a newer ficlens (library schema {version}; this one reads up to {SCHEMA_VERSION})",
                hint="upgrade ficlens (pip install -U ficlens) to open it",
            )
        try:
            lib = cls(path, conn, readonly=readonly, rebuild_index=rebuild_index)
        except BaseException:
            conn.close()
            raise
        try:
            if not readonly:
                lib._migrate(version)
                try:
                    lib._sync_index()
                except LibraryError:
                    # Another process holds the index writer (an import is running): it will
                    # index its own rows; reading works meanwhile.
                    lib.index.close()
            elif version < SCHEMA_VERSION:
                raise LibraryError(
                    f"the read-only library {path} needs an upgrade it cannot get",
                    hint="open it once with write access",
                )
        except BaseException:
            lib.close()
            raise
        return lib

    def _migrate(self, current: int) -> None:
        for version, description, sql in MIGRATIONS:
            if version <= current:
                continue
            statements = [s.strip() for s in sql.split(";") if s.strip()]
            with self._write():
                # Another process may have migrated between our first look and this lock
                # (two commands opening a new library at once): re-read under the lock.
                current = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version <= current:
                    continue
                if (
                    current == 0
                    and self._conn.execute(
                        "SELECT 1 FROM sqlite_master WHERE type='table' LIMIT 1"
                    ).fetchone()
                ):
                    raise LibraryError(
                        f"{self.path} is an SQLite database but not a ficlens library",
                        hint="pass another file with --library",
                    )
                if version == 1:
                    self._conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
                    )
                for statement in statements:
                    self._conn.execute(statement)
                self._conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, description, _now())
                )
                self._conn.execute(f"PRAGMA user_version = {version}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Finish index merges and close the database (safe to call twice)."""
        with self._lock:
            self.index.close()
            if self._conn is not None:
                try:
                    if not self.readonly:
                        self._conn.execute("PRAGMA optimize")
                except sqlite3.Error:
                    pass
                self._conn.close()
                self._conn = None  # type: ignore[assignment]

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise LibraryError(f"the library {self.path} is read-only", hint="check the file's permissions")
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _library_error(exc, self.path) from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise _library_error(exc, self.path) from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row | tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _library_error(exc, self.path) from exc

    def sqlite_state(self) -> tuple[int, int]:
        """Changes whenever anything is committed to the database, by this connection or another.

        `PRAGMA data_version` moves on other connections' commits, `total_changes` on our own.
        """
        with self._lock:
            try:
                other = self._conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise _library_error(exc, self.path) from exc
            return (int(other), self._conn.total_changes)

    def _memo(self) -> None:
        """Drop the read memos when the database changed since they were filled."""
        state = self.sqlite_state()
        if state != self._memo_state:
            self._memo_state = state
            self._memo_summaries.clear()
            self._memo_vocabulary.clear()

    # -- adding -------------------------------------------------------------------------------

    def add(self, source: Path | str | bytes, *, name: str | None = None, fast: bool = False) -> AddResult:
        """Read, analyse (or with `fast`, only structure) and store a story file or bytes.

        The same content twice is one work (`unchanged`); re-analysis happens only when the
        content hash or the analyser version changed, or a `fast` work gets its full analysis.
        """
        data, label, path_str = _read_bytes(source, name)
        sha = hashlib.sha256(data).hexdigest()
        if self.known(sha, fast=fast):
            row = self._read("SELECT id, title FROM works WHERE sha256 = ?", (sha,))[0]
            return AddResult(work_id=row[0], status="unchanged", title=row[1])
        work = analyse_bytes(data, label, fast=fast)
        if path_str is not None:
            work.source.path = path_str
        return self.add_work(work)

    def known(self, sha256: str, *, fast: bool) -> bool:
        """True when content `sha256` is stored by this analyser version with enough analysis."""
        rows = self._read("SELECT analyser_version, analysed FROM works WHERE sha256 = ?", (sha256,))
        return bool(rows) and rows[0][0] == __version__ and (fast or bool(rows[0][1]))

    def known_hashes(self) -> dict[str, bool]:
        """Content hash -> fully analysed, for works stored by this analyser version (import skips)."""
        rows = self._read("SELECT sha256, analysed FROM works WHERE analyser_version = ?", (__version__,))
        return {sha: bool(analysed) for sha, analysed in rows}

    def add_work(self, work: Work) -> AddResult:
        """Store an already analysed (or `ficlens.load`ed) Work; see `add` for the statuses."""
        return self.add_works([work])[0]

    def add_works(
        self, works: Iterable[Work], *, dedupe_check: bool = True, index: bool = True
    ) -> list[AddResult]:
        """Store many works in one transaction, then index them: the bulk path for imports.

        With `index=False` the rows wait (marked unindexed) for `flush_index()`, which lets an
        import commit SQLite often (resumable) but the search index rarely (each commit costs).
        """
        results: list[AddResult] = []
        changed: list[int] = []
        with self._write() as conn:
            for work in works:
                result = self._store(conn, work)
                results.append(result)
                if result.status != "unchanged":
                    changed.append(result.work_id)
            if dedupe_check:
                for work_id in changed:
                    self._record_duplicates(conn, work_id)
        if index:
            self._index_ids(changed)
        return results

    def flush_index(self) -> int:
        """Index every stored row the search index has not caught up with; returns how many."""
        pending = [r[0] for r in self._read("SELECT id FROM works WHERE indexed = 0")]
        self._index_ids(pending)
        return len(pending)

    def _store(self, conn: sqlite3.Connection, work: Work) -> AddResult:
        if not work.source.sha256:
            work.source.sha256 = hashlib.sha256(work.text.encode("utf-8")).hexdigest()
        sha = work.source.sha256
        analysed = bool(set(work.stages) - FAST_STAGES)
        version = work.analyser_version or __version__
        row = conn.execute(
            "SELECT id, analyser_version, analysed FROM works WHERE sha256 = ?", (sha,)
        ).fetchone()
        status: str
        if row is not None:
            work_id = row[0]
            if row[1] == version and (row[2] or not analysed):
                return AddResult(work_id=work_id, status="unchanged", title=work.title)
            status = "reanalysed"
        else:
            same_path = None
            if work.source.path:
                same_path = conn.execute(
                    "SELECT id FROM works WHERE source_path = ? ORDER BY id DESC LIMIT 1", (work.source.path,)
                ).fetchone()
            work_id = same_path[0] if same_path else None
            status = "updated" if same_path else "added"
        words = work.stats.words or work.declared.words or 0
        complete = work.declared.complete
        fields = dict(
            sha256=sha,
            source_path=work.source.path,
            source_format=work.source.format,
            title=work.title,
            title_sort=_norm(work.title or ""),
            summary=work.summary,
            language=work.language or work.declared.language,
            words=words,
            chapters=work.stats.chapters or len(work.chapters),
            complete=None if complete is None else int(complete),
            analyser_version=version,
            analysed=int(analysed),
            updated_at=_now(),
            indexed=0,
        )
        if work_id is None:
            fields["added_at"] = fields["updated_at"]
            cols = ", ".join(fields)
            cur = conn.execute(
                f"INSERT INTO works ({cols}) VALUES ({', '.join('?' * len(fields))})", tuple(fields.values())
            )
            work_id = int(cur.lastrowid)
        else:
            sets = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(f"UPDATE works SET {sets} WHERE id = ?", (*fields.values(), work_id))
            for table in (
                "work_authors",
                "work_series",
                "work_tags",
                "chapters",
                "scenes",
                "minhash",
                "lsh_bands",
            ):
                conn.execute(f"DELETE FROM {table} WHERE work_id = ?", (work_id,))
            conn.execute("DELETE FROM duplicates WHERE a = ? OR b = ?", (work_id, work_id))
        text = work.text
        conn.execute(
            "INSERT OR REPLACE INTO texts VALUES (?, 'zlib', ?)",
            (work_id, zlib.compress(text.encode("utf-8"), 1)),
        )
        conn.execute(
            "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
            (work_id, sha, version, json.dumps(work.stages), work.model_dump_json()),
        )
        for pos, author in enumerate(dict.fromkeys(a for a in work.authors if a.strip())):
            author_id = _intern(conn, "authors", author)
            conn.execute("INSERT OR IGNORE INTO work_authors VALUES (?, ?, ?)", (work_id, author_id, pos))
        series = list(work.declared.series) or ([work.series] if work.series else [])
        for s in series:
            if s.name.strip():
                series_id = _intern(conn, "series", s.name)
                conn.execute(
                    "INSERT OR IGNORE INTO work_series VALUES (?, ?, ?)", (work_id, series_id, s.part)
                )
        rows = []
        for pos, (source, ttype, name, severity, confidence) in enumerate(work_tags(work)):
            tag_id = _tag_id(conn, ttype, name)
            rows.append((work_id, tag_id, source, pos, severity, confidence))
        conn.executemany("INSERT OR IGNORE INTO work_tags VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO chapters VALUES (?, ?, ?, ?, ?)",
            [(work_id, c.index, c.title, c.start, c.end) for c in work.chapters],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO scenes VALUES (?, ?, ?, ?, ?)",
            [(work_id, s.index, c.index, s.start, s.end) for c in work.chapters for s in c.scenes],
        )
        # Import workers compute the signature in parallel and pass it along in the cache.
        sig = work.cache.pop("library.minhash", None)
        if sig is None:
            sig = dedupe.signature(text)
        if sig is not None:
            conn.execute(
                "INSERT INTO minhash VALUES (?, ?, ?)", (work_id, dedupe.NUM_PERM, dedupe.to_blob(sig))
            )
            conn.executemany(
                "INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
                [(work_id, band, key) for band, key in dedupe.band_keys(sig)],
            )
        return AddResult(work_id=work_id, status=status, title=work.title)  # type: ignore[arg-type]

    def _record_duplicates(self, conn: sqlite3.Connection, work_id: int) -> None:
        candidates = conn.execute(
            "SELECT DISTINCT o.work_id FROM lsh_bands m JOIN lsh_bands o ON o.band = m.band AND o.key = m.key "
            "WHERE m.work_id = ? AND o.work_id != ?",
            (work_id, work_id),
        ).fetchall()
        if not candidates:
            return
        mine = conn.execute("SELECT hashvalues FROM minhash WHERE work_id = ?", (work_id,)).fetchone()
        for (other,) in candidates:
            theirs = conn.execute("SELECT hashvalues FROM minhash WHERE work_id = ?", (other,)).fetchone()
            if mine is None or theirs is None:
                continue
            sim = dedupe.similarity(dedupe.from_blob(mine[0]), dedupe.from_blob(theirs[0]))
            if sim >= dedupe.THRESHOLD:
                a, b = sorted((work_id, other))
                conn.execute("INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?)", (a, b, sim))

    # -- the derived index --------------------------------------------------------------------

    def _index_ids(self, ids: Sequence[int]) -> None:
        """Write index documents for `ids`, commit, then mark the rows indexed."""
        if not ids:
            return
        for start in range(0, len(ids), _INDEX_BATCH):
            chunk = list(ids[start : start + _INDEX_BATCH])
            self.index.upsert(self._index_docs(chunk))
        self.index.commit()
        with self._write() as conn:
            for start in range(0, len(ids), 900):
                chunk = list(ids[start : start + 900])
                conn.execute(
                    f"UPDATE works SET indexed = 1 WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )

    def _index_docs(self, ids: list[int]) -> list[IndexDoc]:
        marks = ",".join("?" * len(ids))
        rows = self._read(
            f"SELECT w.id, w.title, w.summary, w.language, w.words, w.added_at, w.complete, t.body "
            f"FROM works w JOIN texts t ON t.work_id = w.id WHERE w.id IN ({marks})",
            ids,
        )
        authors = self._authors_of(ids)
        tags: dict[int, list[tuple[str, str, str, str | None]]] = {i: [] for i in ids}
        for work_id, source, ttype, name, severity in self._read(
            f"SELECT wt.work_id, wt.source, t.type, t.name, wt.severity FROM work_tags wt "
            f"JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id IN ({marks}) ORDER BY wt.position",
            ids,
        ):
            tags[work_id].append((source, ttype, name, severity))
        docs = []
        for work_id, title, summary, language, words, added_at, complete, body in rows:
            terms: set[str] = set()
            names: list[str] = []
            fandoms: dict[str, set[str]] = {"d": set(), "i": set()}
            for source, ttype, name, severity in tags[work_id]:
                src = source[0]
                value = f"{ttype}:{name}" + (f":{severity}" if ttype == "cw" else "")
                terms.add(f"{src}:{value}")
                terms.add(f"a:{value}")
                if ttype != "cw":
                    names.append(name)
                if ttype == "fandom":
                    fandoms[src].add(name)
            added = datetime.fromisoformat(added_at)
            docs.append(
                IndexDoc(
                    id=work_id,
                    title=title or "",
                    summary=summary or "",
                    body=zlib.decompress(body).decode("utf-8"),
                    authors=authors.get(work_id, []),
                    language=language or "",
                    words=words,
                    added_us=int(added.timestamp() * 1_000_000) + work_id % 1_000_000,
                    complete=-1 if complete is None else int(complete),
                    terms=sorted(terms),
                    tag_names=list(dict.fromkeys(names)),
                    n_fandoms=(len(fandoms["d"]), len(fandoms["i"]), len(fandoms["d"] | fandoms["i"])),
                )
            )
        return docs

    def _sync_index(self) -> None:
        """Bring the index up to SQLite: after a crash, a kill, or a fresh/incompatible index."""
        if self.index.stale:
            with self._write() as conn:
                conn.execute("UPDATE works SET indexed = 0")
                conn.execute("DELETE FROM index_deletes")
            self.index.stale = False
        deletes = [r[0] for r in self._read("SELECT work_id FROM index_deletes")]
        pending = [r[0] for r in self._read("SELECT id FROM works WHERE indexed = 0")]
        if not (deletes or pending):
            return
        # Opportunistic: when another process holds the writer (an import), it indexes its own rows.
        self.index.writer(wait_s=0)
        if deletes:
            self.index.delete(deletes)
            self.index.commit()
            with self._write() as conn:
                conn.executemany("DELETE FROM index_deletes WHERE work_id = ?", [(i,) for i in deletes])
        self._index_ids(pending)

    def reindex(self, progress: Any = None) -> int:
        """Rebuild the search index from SQLite; returns the number of works indexed."""
        ids = [r[0] for r in self._read("SELECT id FROM works ORDER BY id")]
        self.index.clear()
        for start in range(0, len(ids), _INDEX_BATCH):
            chunk = ids[start : start + _INDEX_BATCH]
            self.index.upsert(self._index_docs(chunk))
            if progress is not None:
                progress(len(chunk))
        self.index.commit()
        with self._write() as conn:
            conn.execute("UPDATE works SET indexed = 1")
            conn.execute("DELETE FROM index_deletes")
        return len(ids)

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM works")[0][0])

    def ids(self) -> list[int]:
        return [r[0] for r in self._read("SELECT id FROM works ORDER BY id")]

    def pending(self) -> list[int]:
        """Ids of works stored with `--fast` that still need the full analysis."""
        return [r[0] for r in self._read("SELECT id FROM works WHERE analysed = 0 ORDER BY id")]

    def get(self, work_id: int) -> Work:
        """The full stored Work, text and analysis included."""
        if not _in_sqlite(work_id):
            raise _not_found(work_id)
        rows = self._read(
            "SELECT a.json, t.body FROM analyses a JOIN texts t ON t.work_id = a.work_id WHERE a.work_id = ?",
            (work_id,),
        )
        if not rows:
            raise _not_found(work_id)
        work = Work.model_validate_json(rows[0][0])
        work.text = zlib.decompress(rows[0][1]).decode("utf-8")
        return work

    def summary(self, work_id: int) -> WorkSummary:
        found = self.summaries([work_id])
        if not found:
            raise _not_found(work_id)
        return found[0]

    def summaries(self, ids: Sequence[int]) -> list[WorkSummary]:
        """Blurbs for `ids`, in that order (unknown ids are skipped); each a copy the caller may change.

        Blurbs are memoised until the database changes: a result page reads 20 of them in five
        queries, and readers page through the same works again and again.
        """
        ids = [i for i in ids if _in_sqlite(i)]
        if not ids:
            return []
        with self._lock:
            self._memo()
            memo = self._memo_summaries
            # Taken before the memo may be emptied below, so a full memo loses none of this answer.
            known = {i: memo[i] for i in ids if i in memo}
            missing = list(dict.fromkeys(i for i in ids if i not in known))
            found: dict[int, WorkSummary] = {}
            for start in range(0, len(missing), 900):
                found.update(self._summaries(missing[start : start + 900]))
            if len(memo) + len(found) > _SUMMARY_MEMO:
                memo.clear()
            memo.update(found)
            known.update(found)
            return [known[i].model_copy() for i in ids if i in known]

    def _summaries(self, ids: list[int]) -> dict[int, WorkSummary]:
        marks = ",".join("?" * len(ids))
        rows = self._read(
            f"SELECT id, title, summary, words, chapters, complete, language, added_at, analysed "
            f"FROM works WHERE id IN ({marks})",
            ids,
        )
        authors = self._authors_of(ids)
        declared: dict[int, dict[str, list[str]]] = {i: {} for i in ids}
        inferred: dict[int, dict[str, list[str]]] = {i: {} for i in ids}
        for work_id, source, ttype, name, severity in self._read(
            f"SELECT wt.work_id, wt.source, t.type, t.name, wt.severity FROM work_tags wt "
            f"JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id IN ({marks}) ORDER BY wt.position",
            ids,
        ):
            target = declared if source == "declared" else inferred
            target[work_id].setdefault(ttype, []).append(f"{name}:{severity}" if ttype == "cw" else name)
        series: dict[int, Series] = {}
        for work_id, name, part in self._read(
            f"SELECT ws.work_id, s.name, ws.part FROM work_series ws JOIN series s ON s.id = ws.series_id "
            f"WHERE ws.work_id IN ({marks}) ORDER BY s.name",
            ids,
        ):
            series.setdefault(work_id, Series(name=name, part=part))
        out = {}
        for work_id, title, summary, words, chapters, complete, language, added_at, analysed in rows:
            d, i = declared[work_id], inferred[work_id]

            # The blurb shows what the author declared, falling back to what ficlens inferred.
            def pick(ttype: str, d: dict = d, i: dict = i) -> list[str]:
                return d.get(ttype) or i.get(ttype) or []

            ratings = pick("rating")
            out[work_id] = WorkSummary(
                id=work_id,
                title=title,
                authors=authors.get(work_id, []),
                summary=summary,
                rating=ratings[0] if ratings else None,
                archive_warnings=pick("warning"),
                categories=pick("category"),
                fandoms=pick("fandom"),
                relationships=pick("relationship"),
                characters=pick("character"),
                freeform=pick("freeform"),
                content_warnings=i.get("cw", []) + d.get("cw", []),
                words=words,
                chapters=chapters,
                complete=None if complete is None else bool(complete),
                language=language,
                series=series.get(work_id),
                added_at=added_at,
                analysed=bool(analysed),
            )
        return out

    def _authors_of(self, ids: list[int]) -> dict[int, list[str]]:
        marks = ",".join("?" * len(ids))
        out: dict[int, list[str]] = {}
        for work_id, name in self._read(
            f"SELECT wa.work_id, a.name FROM work_authors wa JOIN authors a ON a.id = wa.author_id "
            f"WHERE wa.work_id IN ({marks}) ORDER BY wa.position",
            ids,
        ):
            out.setdefault(work_id, []).append(name)
        return out

    # -- changing -----------------------------------------------------------------------------

    def remove(self, work_id: int) -> None:
        """Delete a work and everything stored about it."""
        if not _in_sqlite(work_id):
            raise _not_found(work_id)
        with self._write() as conn:
            cur = conn.execute("DELETE FROM works WHERE id = ?", (work_id,))
            if cur.rowcount == 0:
                raise _not_found(work_id)
            conn.execute("INSERT OR IGNORE INTO index_deletes VALUES (?)", (work_id,))
        self.index.delete([work_id])
        self.index.commit()
        with self._write() as conn:
            conn.execute("DELETE FROM index_deletes WHERE work_id = ?", (work_id,))

    # -- blocklist, duplicates, series ---------------------------------------------------------

    @property
    def blocklist(self) -> Blocklist:
        if self._blocklist is None:
            self._blocklist = Blocklist.load(self.blocklist_path)
        return self._blocklist

    @blocklist.setter
    def blocklist(self, value: Blocklist) -> None:
        self._blocklist = value

    def duplicates(self) -> list[DuplicatePair]:
        """Near-duplicate pairs found at import (MinHash LSH), most similar first."""
        rows = self._read("SELECT a, b, similarity FROM duplicates ORDER BY similarity DESC, a, b")
        summaries = {s.id: s for s in self.summaries(sorted({x for r in rows for x in r[:2]}))}
        return [
            DuplicatePair(a=summaries[a], b=summaries[b], similarity=round(sim, 3))
            for a, b, sim in rows
            if a in summaries and b in summaries
        ]

    def series(self, name: str | None = None) -> dict[str, list[WorkSummary]]:
        """Series name -> its works ordered by part (`name` may use `*` wildcards)."""
        sql = (
            "SELECT s.name, ws.work_id FROM work_series ws JOIN series s ON s.id = ws.series_id "
            "{where} ORDER BY s.name, ws.part IS NULL, ws.part, ws.work_id"
        )
        if name:
            rows = self._read(sql.format(where="WHERE s.norm GLOB ?"), (glob_pattern(name),))
        else:
            rows = self._read(sql.format(where=""))
        summaries = {s.id: s for s in self.summaries(sorted({r[1] for r in rows}))}
        out: dict[str, list[WorkSummary]] = {}
        for series_name, work_id in rows:
            if work_id in summaries:
                summary = summaries[work_id].model_copy()
                part = self._read(
                    "SELECT part FROM work_series ws JOIN series s ON s.id = ws.series_id "
                    "WHERE ws.work_id = ? AND s.name = ?",
                    (work_id, series_name),
                )
                summary.series = Series(name=series_name, part=part[0][0] if part else None)
                out.setdefault(series_name, []).append(summary)
        return out

    def texts(self, ids: Sequence[int]) -> dict[int, str]:
        marks = ",".join("?" * len(ids))
        rows = self._read(f"SELECT work_id, body FROM texts WHERE work_id IN ({marks})", list(ids))
        return {i: zlib.decompress(b).decode("utf-8") for i, b in rows}

    def tag_vocabulary(self, types: Sequence[str], pattern: str) -> list[tuple[str, str]]:
        """(type, name) of stored tags of `types` matching `pattern` (`*` wildcards, any case).

        Memoised until the database changes: every search expands its filters here, and synonym
        matching reads a whole type's vocabulary (`*`) each time.
        """
        with self._lock:
            self._memo()
            key = (tuple(types), pattern)
            found = self._memo_vocabulary.get(key)
            if found is None:
                found = self._tag_vocabulary(types, pattern)
                if len(self._memo_vocabulary) >= _VOCABULARY_MEMO:
                    self._memo_vocabulary.clear()
                self._memo_vocabulary[key] = found
            return list(found)

    def _tag_vocabulary(self, types: Sequence[str], pattern: str) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(types))
        norm = _norm(pattern)
        if "*" in norm:
            return [
                tuple(r)
                for r in self._read(  # type: ignore[misc]
                    f"SELECT type, name FROM tags WHERE type IN ({marks}) AND norm GLOB ?",
                    (*types, glob_pattern(pattern)),
                )
            ]
        return [
            tuple(r)
            for r in self._read(  # type: ignore[misc]
                f"SELECT type, name FROM tags WHERE type IN ({marks}) AND norm = ?", (*types, norm)
            )
        ]

    def author_names(self, pattern: str) -> list[str]:
        norm = _norm(pattern)
        if "*" in norm:
            return [
                r[0]
                for r in self._read("SELECT name FROM authors WHERE norm GLOB ?", (glob_pattern(pattern),))
            ]
        return [r[0] for r in self._read("SELECT name FROM authors WHERE norm = ?", (norm,))]


def glob_pattern(pattern: str) -> str:
    """A user's `*` wildcard pattern as a case-folded SQLite GLOB (other GLOB syntax escaped)."""
    escaped = "".join(f"[{c}]" if c in "?[]" else c for c in _norm(pattern))
    return escaped


def _intern(conn: sqlite3.Connection, table: str, name: str) -> int:
    row = conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute(f"INSERT INTO {table} (name, norm) VALUES (?, ?)", (name, _norm(name))).lastrowid)


def _tag_id(conn: sqlite3.Connection, ttype: str, name: str) -> int:
    row = conn.execute("SELECT id FROM tags WHERE type = ? AND name = ?", (ttype, name)).fetchone()
    if row:
        return int(row[0])
    cur = conn.execute("INSERT INTO tags (type, name, norm) VALUES (?, ?, ?)", (ttype, name, _norm(name)))
    return int(cur.lastrowid)


def work_tags(work: Work) -> list[tuple[str, str, str, str | None, float | None]]:
    """(source, type, name, severity, confidence) for every declared and inferred tag of `work`."""
    d, i = work.declared, work.inferred
    out: list[tuple[str, str, str, str | None, float | None]] = []

    def add(source: str, ttype: str, names: Iterable[str], confidence: float | None = None) -> None:
        for name in names:
            name = " ".join(str(name).split())
            if name:
                out.append((source, ttype, name, None, confidence))

    add("declared", "rating", [d.rating] if d.rating else [])
    add("declared", "warning", d.archive_warnings)
    add("declared", "category", d.categories)
    add("declared", "fandom", d.fandoms)
    add("declared", "relationship", d.relationships)
    add("declared", "character", d.characters)
    add("declared", "freeform", d.freeform)
    if i.rating:
        add("inferred", "rating", [i.rating.name], i.rating.confidence)
    for w in i.archive_warnings:
        add("inferred", "warning", [w.name], w.confidence)
    add("inferred", "category", i.categories)
    for f in i.fandoms:
        add("inferred", "fandom", [f.name], f.confidence)
    for r in i.relationships:
        add("inferred", "relationship", [r.tag], r.confidence)
    add("inferred", "character", [c.canonical or c.name for c in i.characters])
    for t in i.freeform:
        add("inferred", "freeform", [t.tag], t.confidence)
    for cw in i.content_warnings:
        if cw.id.strip():
            out.append(("inferred", "cw", cw.id.strip(), cw.severity, cw.confidence))
    return out


def _read_bytes(source: Path | str | bytes, name: str | None) -> tuple[bytes, str, str | None]:
    """(data, label for messages, path to record) of a story source."""
    from ficlens.ingest import MAX_INPUT_BYTES

    if isinstance(source, bytes):
        return source, name or "<bytes>", None
    path = Path(source)
    label = name or str(path)
    if not path.exists():
        raise InputError(f"{label}: no such file")
    if path.is_dir():
        raise InputError(f"{label}: is a directory", hint="use `ficlens import DIR` for a folder")
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{label}: larger than the {MAX_INPUT_BYTES // 2**20} MB limit")
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{label}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from exc
    return data, label, str(path.resolve())


def analyse_bytes(data: bytes, label: str, *, fast: bool) -> Work:
    """`ficlens.load` (fast) or `ficlens.analyze` of raw story bytes."""
    from ficlens.api import analyze, load

    work = load(data, name=label) if fast else analyze(data, name=label)
    work.analyser_version = __version__
    return work
