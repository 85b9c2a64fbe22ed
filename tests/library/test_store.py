"""The SQLite store: statuses, round trips, removal, duplicates, series, similar, export, bad libraries."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from library_specs import make_specs, spec_work

from ficlens import __version__
from ficlens.errors import InputError, LibraryError, WorkNotFound
from ficlens.library import Library, SearchQuery
from ficlens.library.export import export_library
from ficlens.library.schema import SCHEMA_VERSION

STORY = b"Chapter 1\n\nThe lantern swung over the harbour while the storm came in from the sea.\n"


@pytest.fixture()
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()


def test_store_add_same_content_twice_is_one_work(lib: Library, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(STORY)
    b = tmp_path / "copy.txt"
    b.write_bytes(STORY)
    first = lib.add(a, fast=True)
    assert first.status == "added"
    assert lib.add(a, fast=True).status == "unchanged"
    assert lib.add(b, fast=True) == first.model_copy(update={"status": "unchanged"})
    assert lib.add(STORY, fast=True).status == "unchanged"
    assert lib.count() == 1


def test_store_fast_work_is_pending_until_full_analysis(lib: Library) -> None:
    first = lib.add(STORY, fast=True)
    assert lib.pending() == [first.work_id]
    assert not lib.summary(first.work_id).analysed
    work = lib.get(first.work_id)
    work.stages = [*work.stages, "content_warnings"]
    assert lib.add_work(work).status == "reanalysed"
    assert lib.pending() == []
    assert lib.add(STORY, fast=True).status == "unchanged"


def test_store_new_analyser_version_reanalyses(lib: Library) -> None:
    work_id = lib.add(STORY, fast=True).work_id
    lib._conn.execute("UPDATE works SET analyser_version = '0.0.1'")
    again = lib.add(STORY, fast=True)
    assert (again.work_id, again.status) == (work_id, "reanalysed")
    assert lib.get(work_id).analyser_version == __version__


def test_store_changed_file_at_same_path_updates_work(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY)
    first = lib.add(path, fast=True)
    path.write_bytes(STORY + b"\nChapter 2\n\nThe storm passed and the harbour was quiet again.\n")
    second = lib.add(path, fast=True)
    assert (second.work_id, second.status) == (first.work_id, "updated")
    assert "Chapter 2" in lib.get(first.work_id).text
    assert lib.count() == 1


def test_store_get_round_trips_work(lib: Library) -> None:
    work = spec_work(make_specs(3)[2], random.Random(1))
    work_id = lib.add_work(work).work_id
    back = lib.get(work_id)
    assert back.text == work.text
    assert back.declared == work.declared
    assert back.inferred == work.inferred
    summary = lib.summary(work_id)
    assert summary.title == work.title and summary.fandoms == work.declared.fandoms
    assert summary.content_warnings == [f"{c.id}:{c.severity}" for c in work.inferred.content_warnings]


def test_store_remove_deletes_everything(lib: Library) -> None:
    work_id = lib.add_work(spec_work(make_specs(1)[0], random.Random(1))).work_id
    lib.remove(work_id)
    assert lib.count() == 0
    assert lib.search(SearchQuery(apply_blocklist=False)).total == 0
    for table in ("texts", "analyses", "work_tags", "work_authors", "minhash", "lsh_bands"):
        assert lib._read(f"SELECT count(*) FROM {table}")[0][0] == 0, table
    with pytest.raises(WorkNotFound):
        lib.get(work_id)
    with pytest.raises(WorkNotFound):
        lib.remove(work_id)


def test_store_unknown_id_raises_work_not_found(lib: Library) -> None:
    for call in (lib.get, lib.summary, lib.similar):
        with pytest.raises(WorkNotFound):
            call(12345)


def test_store_bad_story_raises_input_error_and_changes_nothing(lib: Library, tmp_path: Path) -> None:
    lib.add(STORY, fast=True)
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    for source in (bad, tmp_path / "missing.txt", tmp_path):
        with pytest.raises(InputError):
            lib.add(source, fast=True)
    assert lib.count() == 1


def test_store_near_duplicates_found_at_import_and_persisted(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = [f"w{rng.randrange(4000)}" for _ in range(3000)]
    base = " ".join(words)
    edited = " ".join([*words[:1500], "an", "inserted", "sentence", *words[1500:]]) + " one more closing line"
    other = " ".join(rng.sample(words, len(words)))
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        a = lib.add(base.encode(), fast=True).work_id
        c = lib.add(other.encode(), fast=True).work_id
        b = lib.add(edited.encode(), fast=True).work_id
    with Library.open(path) as lib:  # survives a restart
        pairs = lib.duplicates()
        assert [(p.a.id, p.b.id) for p in pairs] == [(a, b)]
        assert 0.8 <= pairs[0].similarity < 1.0
        assert c not in {p.a.id for p in pairs} | {p.b.id for p in pairs}
        lib.remove(b)
        assert lib.duplicates() == []


def test_store_series_ordered_by_part(generated, specs) -> None:
    lib, ids = generated
    in_series = sorted((s.series[1], ids[s.key]) for s in specs if s.series)
    found = lib.series()
    assert list(found) == ["The Long Saga"]
    assert [w.id for w in found["The Long Saga"]] == [work_id for _, work_id in in_series]
    assert [w.series.part for w in found["The Long Saga"]] == [part for part, _ in in_series]
    assert list(lib.series("*long*")) == ["The Long Saga"]
    assert lib.series("nothing like it") == {}


def test_store_similar_is_explained_and_ranks_shared_tags(generated, specs) -> None:
    lib, ids = generated
    me = specs[0]
    found = lib.similar(ids[me.key], limit=5)
    assert found and all(s.reasons for s in found)
    assert ids[me.key] not in {s.work.id for s in found}
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    top = next(s for s in specs if ids[s.key] == found[0].work.id)
    assert set(top.fandoms) & set(me.fandoms) or set(top.characters) & set(me.characters)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "parquet"])
def test_store_export_writes_every_work(generated, specs, tmp_path: Path, fmt: str) -> None:
    lib, ids = generated
    out = tmp_path / f"works.{fmt}"
    assert export_library(lib, out, fmt) == len(specs)
    if fmt == "json":
        rows = json.loads(out.read_text())
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(out.open()))
    else:
        rows = pq.read_table(out).to_pylist()
    assert sorted(int(r["id"]) for r in rows) == sorted(ids.values())
    assert not out.with_name(out.name + ".part").exists()


def test_store_export_full_has_analysis(generated, tmp_path: Path) -> None:
    lib, _ = generated
    out = tmp_path / "full.jsonl"
    export_library(lib, out, "jsonl", full=True)
    first = json.loads(out.read_text().splitlines()[0])
    assert first["declared"]["fandoms"] and "inferred" in first


# -- bad libraries --------------------------------------------------------------------------


def test_store_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("just some text, not a database\n" * 10)
    with pytest.raises(LibraryError, match="not an SQLite database"):
        Library.open(path)
    assert path.read_text().startswith("just some text")


def test_store_foreign_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE x (y)")
    with pytest.raises(LibraryError, match="not a ficlens library"):
        Library.open(path)


def test_store_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LibraryError, match="newer ficlens") as exc:
        Library.open(path)
    assert exc.value.hint and "upgrade" in exc.value.hint


def test_store_migrations_are_recorded(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib.sqlite") as lib:
        rows = lib._read("SELECT version FROM schema_migrations")
        assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))
        assert lib._read("PRAGMA journal_mode")[0][0] == "wal"
        assert lib._read("PRAGMA foreign_keys")[0][0] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_store_read_only_library_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(STORY, fast=True)
    path.chmod(stat.S_IRUSR)
    try:
        with Library.open(path) as lib:
            assert lib.readonly and lib.count() == 1
            assert lib.search(SearchQuery(text="lantern", apply_blocklist=False)).total == 1
            with pytest.raises(LibraryError, match="read-only"):
                lib.add(b"another story entirely, with words", fast=True)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_store_read_only_mode_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(STORY, fast=True)
    with Library.open(path, readonly=True) as lib:
        assert lib.count() == 1
        assert lib.search(SearchQuery(text="lantern", apply_blocklist=False)).total == 1
        with pytest.raises(LibraryError, match="read-only"):
            lib.add(b"another story entirely, with words", fast=True)
        with pytest.raises(LibraryError, match="read-only"):
            lib.remove(1)


def test_store_full_disk_fails_cleanly_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        kept = lib.add(STORY, fast=True).work_id
        pages = lib._read("PRAGMA page_count")[0][0]
        lib._conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = " ".join(f"word{i}" for i in range(200_000)).encode()
        with pytest.raises(LibraryError, match="full"):
            lib.add(big, fast=True)
        assert lib.count() == 1
    with Library.open(path) as lib:
        assert lib.get(kept).text.startswith("Chapter 1")
        assert lib._read("PRAGMA integrity_check")[0][0] == "ok"
        assert lib.search(SearchQuery(apply_blocklist=False)).total == 1


def test_store_index_rebuilt_when_missing(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(STORY, fast=True)
        index_dir = lib.index.path
    shutil.rmtree(index_dir)
    with Library.open(path) as lib:
        assert lib.search(SearchQuery(text="harbour", apply_blocklist=False)).total == 1
        assert lib.reindex() == 1
        assert lib.search(SearchQuery(text="harbour", apply_blocklist=False)).total == 1


def test_store_corrupt_index_is_clear_error_and_reindex_fixes_it(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add(STORY, fast=True)
        meta = lib.index.path / "meta.json"
    meta.write_text("{ not json")
    with pytest.raises(LibraryError, match="search index") as exc:
        Library.open(path)
    assert "reindex" in (exc.value.hint or "")
    with Library.open(path, rebuild_index=True) as lib:
        assert lib.search(SearchQuery(text="harbour", apply_blocklist=False)).total == 1
    with Library.open(path) as lib:
        assert lib.search(SearchQuery(text="harbour", apply_blocklist=False)).total == 1


def _open_and_close(path: str, start: float) -> str:
    import time

    time.sleep(max(0.0, start - time.time()))
    try:
        Library.open(path).close()
    except LibraryError as exc:
        return str(exc)
    return "ok"


def test_store_processes_creating_one_library_at_once_all_succeed(tmp_path: Path) -> None:
    import time
    from concurrent.futures import ProcessPoolExecutor

    # An import and a search started together on a new library raced the first migration.
    with ProcessPoolExecutor(4) as pool:
        for round_ in range(3):
            path = str(tmp_path / f"lib{round_}.sqlite")
            start = time.time() + 0.5
            results = list(pool.map(_open_and_close, [path] * 4, [start] * 4))
            assert results == ["ok"] * 4, results
            with Library.open(path) as lib:
                rows = lib._read("SELECT version FROM schema_migrations")
                assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_store_summaries_survive_the_memo_filling_up(generated, monkeypatch: pytest.MonkeyPatch) -> None:
    # When the blurb memo is full it is emptied; blurbs it held a moment ago must still be returned.
    import ficlens.library.store as store_module

    lib, _ = generated
    ids = lib.ids()[:3]
    assert len(ids) == 3
    expected = [s.title for s in lib.summaries(ids)]
    monkeypatch.setattr(store_module, "_SUMMARY_MEMO", 2)
    lib._memo_summaries.clear()
    lib.summaries(ids[:1])  # memoised
    assert [s.title for s in lib.summaries(ids)] == expected  # two new ones overflow the memo
