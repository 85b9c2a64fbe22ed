"""The derived tantivy index: full text plus every filter AO3 readers use, as indexed terms.

Filters run inside tantivy (no SQL join per query): each tag is indexed as the raw term
`"<source>:<type>:<name>"`, with source `d` (declared), `i` (inferred) or `a` (either), and content
warnings as `"<source>:cw:<id>:<severity>"`. Wildcards are expanded against the SQLite tag
vocabulary before they get here, so a query only ever holds exact terms.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from ficlens.errors import LibraryError

# Bump when the fields below change: an index with another version is rebuilt from SQLite.
INDEX_VERSION = 1
_VERSION_FILE = "ficlens-index.json"
TEXT_FIELDS = ("title", "summary", "tags_text", "authors_text", "body")
# Title and tag matches say more about a work than one mention deep in the body.
FIELD_BOOSTS = {"title": 3.0, "tags_text": 2.0, "summary": 1.5, "authors_text": 2.0, "body": 1.0}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    # i64, not u64: delete_documents_by_term does not match u64 terms in tantivy-py.
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, stored=False, tokenizer_name="en_stem")
    sb.add_text_field("tag", stored=False, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("author", stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("language", stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title_sort", stored=False, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("author_sort", stored=False, tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("words", "added", "complete", "nf_d", "nf_i", "nf_a"):
        sb.add_integer_field(name, stored=False, indexed=True, fast=True)
    return sb.build()


@dataclass
class IndexDoc:
    """What the index needs of one work (built by the store from SQLite rows)."""

    id: int
    title: str
    summary: str
    body: str
    authors: list[str]
    language: str
    words: int
    added_us: int
    complete: int  # -1 unknown, 0 in progress, 1 complete
    terms: list[str] = field(default_factory=list)  # "<src>:<type>:<name>"
    tag_names: list[str] = field(default_factory=list)
    n_fandoms: tuple[int, int, int] = (0, 0, 0)  # declared, inferred, either

    def to_document(self) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_integer("id", self.id)
        doc.add_text("title", self.title)
        doc.add_text("summary", self.summary)
        doc.add_text("tags_text", " \n ".join(self.tag_names))
        doc.add_text("authors_text", " \n ".join(self.authors))
        doc.add_text("body", self.body)
        for term in self.terms:
            doc.add_text("tag", term)
        for author in self.authors:
            doc.add_text("author", author.casefold())
        doc.add_text("language", self.language.casefold())
        doc.add_text("title_sort", self.title.casefold().strip())
        doc.add_text("author_sort", (self.authors[0] if self.authors else "").casefold())
        doc.add_integer("words", self.words)
        doc.add_integer("added", self.added_us)
        doc.add_integer("complete", self.complete)
        for name, value in zip(("nf_d", "nf_i", "nf_a"), self.n_fandoms, strict=True):
            doc.add_integer(name, value)
        return doc


class SearchIndex:
    """A tantivy index in a directory; one writer at a time, any number of readers."""

    def __init__(self, path: Path, *, readonly: bool = False, rebuild: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.schema = build_schema()
        version = self._version()
        # Wipe only an index of another version (or on request): a folder without a version yet
        # may be one another process is creating right now.
        if not readonly and (rebuild or (version is not None and version != INDEX_VERSION)):
            shutil.rmtree(self.path, ignore_errors=True)
            version = None
        # Stale: every work must be (re)indexed before the index can be trusted.
        self.stale = rebuild or version != INDEX_VERSION or not (self.path / "meta.json").exists()
        try:
            if readonly and self.stale:
                # Cannot rebuild a read-only library's index: search an empty one in memory.
                self.index = tantivy.Index(self.schema)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
                if not readonly:
                    (self.path / _VERSION_FILE).write_text(json.dumps({"version": INDEX_VERSION}))
        except (OSError, ValueError) as exc:
            raise LibraryError(
                f"cannot open the search index at {self.path}: {exc}",
                hint="run `ficlens reindex` to rebuild it from the library",
            ) from exc
        self._writer: tantivy.IndexWriter | None = None
        # One searcher per index generation: reloading the reader on every search cost more than
        # a cached page (a long-lived server searches the same generation thousands of times).
        self._searcher: tantivy.Searcher | None = None
        self._searcher_generation: tuple[int, int, int] | None = None

    def _version(self) -> int | None:
        try:
            return int(json.loads((self.path / _VERSION_FILE).read_text())["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # -- writing ------------------------------------------------------------------------------

    def writer(self, *, wait_s: float = 30.0) -> tantivy.IndexWriter:
        """The index writer; waits up to `wait_s` for another process to release its lock."""
        if self.readonly:
            raise LibraryError("the library is read-only", hint="open a writable copy to change it")
        deadline = time.monotonic() + wait_s
        while self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=128_000_000, num_threads=2)
            except ValueError as exc:
                if time.monotonic() >= deadline:
                    raise LibraryError(
                        f"the search index at {self.path} is locked by another ficlens process",
                        hint="wait for the other import to finish; only one process may write",
                    ) from exc
                time.sleep(0.1)
        return self._writer

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        writer = self.writer()
        n = 0
        for doc in docs:
            writer.delete_documents_by_term("id", doc.id)
            writer.add_document(doc.to_document())
            n += 1
        return n

    def delete(self, ids: Iterable[int]) -> None:
        writer = self.writer()
        for work_id in ids:
            writer.delete_documents_by_term("id", work_id)

    def clear(self) -> None:
        self.writer().delete_all_documents()

    def commit(self) -> None:
        if self._writer is None:
            return
        try:
            self._writer.commit()
        except (OSError, ValueError) as exc:
            self._writer.rollback()
            raise LibraryError(
                f"could not write the search index: {exc}",
                hint="free disk space, then run `ficlens reindex`",
            ) from exc
        # Release the writer lock after each commit: a long-lived process (the web UI) must not
        # keep an import in another process from indexing.
        self.close()
        self.index.reload()

    def close(self) -> None:
        if self._writer is not None:
            try:
                self._writer.wait_merging_threads()
            except Exception:
                pass
            self._writer = None

    # -- reading ------------------------------------------------------------------------------

    def generation(self) -> tuple[int, int, int]:
        """Changes whenever any process commits to the index (tantivy replaces meta.json)."""
        try:
            st = (self.path / "meta.json").stat()
        except OSError:
            return (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def searcher(self) -> tantivy.Searcher:
        """A searcher over the latest commit, by this process or another (an import, the web UI)."""
        # Read the generation before reloading: a commit in between only makes the next call reload again.
        generation = self.generation()
        if self._searcher is None or generation != self._searcher_generation or generation == (0, 0, 0):
            self.index.reload()
            self._searcher = self.index.searcher()
            self._searcher_generation = generation
        return self._searcher
