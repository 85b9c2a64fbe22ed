"""Tests of `ficlens batch` with the local engine, the row layout, resuming and `import-parquet`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from ficlens.batch import BatchOptions, Output, import_parquet, iter_result_works, run_batch
from ficlens.batch.rows import TIMING_COLUMNS, works_schema
from ficlens.errors import ConfigError, InputError
from ficlens.model import Inferred

# Cheap stages keep the suite fast; the batch code is the same whatever the pipeline.
FAST = BatchOptions(profile="fast")

STORIES = {
    "alpha.txt": "Chapter 1\n\nMara lit the lamp and waited.\n\n* * *\n\nThe ship came at dawn.\n",
    "beta.txt": 'Jon ran across the field. "Wait!" he shouted.\n\nNobody waited for him.\n',
    "nested/gamma.md": "---\ntitle: Gamma\n---\n\nA short story about a cat called Fig.\n",
}


def make_corpus(root: Path, *, broken: bool = True) -> Path:
    for name, text in STORIES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if broken:
        (root / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
        (root / "empty.txt").write_bytes(b"")
    (root / ".hidden").write_text("not a story")
    return root


def read(out: Path, name: str) -> list[dict[str, Any]]:
    table = pq.read_table(out / name)
    drop = [c for c in TIMING_COLUMNS if c in table.column_names]
    key = "id" if name == "works" else "work_id"
    return table.drop_columns(drop).sort_by([(key, "ascending")]).to_pylist()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    root = tmp_path_factory.mktemp("batch")
    corpus = make_corpus(root / "corpus")
    out = root / "out"
    report = run_batch(corpus, out, options=FAST, workers=2)
    return corpus, out, report


def test_batch_local_records_every_work(local_run: tuple[Path, Path, Any]) -> None:
    import ficlens

    corpus, out, report = local_run
    rows = {r["id"]: r for r in read(out, "works")}
    assert set(rows) == {*STORIES, "broken.png", "empty.txt"}
    assert report.done == 5 and report.failed == 2
    assert rows["broken.png"]["error_type"] == "UnsupportedFormat"
    assert "broken.png" in rows["broken.png"]["error_message"]
    assert rows["empty.txt"]["error_type"] == "EmptyInput"
    ok = rows["alpha.txt"]
    assert ok["error_type"] is None and ok["analyser_version"]
    direct = ficlens.analyze(corpus / "alpha.txt", profile="fast")
    assert ok["stats"]["words"] == direct.stats.words > 0
    assert ok["text"] == direct.text


def test_batch_local_scenes_match_works(local_run: tuple[Path, Path, Any]) -> None:
    _, out, _ = local_run
    works = {r["id"]: r for r in read(out, "works")}
    scenes = read(out, "scenes")
    for work_id, row in works.items():
        mine = [s for s in scenes if s["work_id"] == work_id]
        expected = 0 if row["error_type"] else row["stats"]["scenes"]
        assert len(mine) == expected
        assert [s["scene"] for s in mine] == sorted(s["scene"] for s in mine)
        for scene in mine:
            assert 0 <= scene["start"] <= scene["end"] <= len(row["text"])


def test_batch_work_json_is_lossless(local_run: tuple[Path, Path, Any]) -> None:
    import ficlens

    corpus, out, _ = local_run
    stored = {work_id: work for work_id, work in iter_result_works(out)}
    assert stored["broken.png"] is None
    again = ficlens.analyze(corpus / "alpha.txt", profile="fast", name="alpha.txt")
    rebuilt = stored["alpha.txt"]
    assert rebuilt.text == again.text
    assert rebuilt.model_dump(exclude={"analyser_version"}) == again.model_dump(exclude={"analyser_version"})


def test_batch_resume_skips_done_ids(local_run: tuple[Path, Path, Any], tmp_path: Path) -> None:
    corpus, out, _ = local_run
    copy = tmp_path / "out"
    copy.mkdir()
    for sub in ("works", "scenes"):
        (copy / sub).mkdir()
        for f in (out / sub).iterdir():
            (copy / sub / f.name).write_bytes(f.read_bytes())
    (copy / "_ficlens_batch.json").write_bytes((out / "_ficlens_batch.json").read_bytes())
    again = run_batch(corpus, copy, options=FAST, workers=1)
    assert (again.done, again.skipped) == (0, 5)
    extra = tmp_path / "corpus"
    make_corpus(extra)
    (extra / "delta.txt").write_text("A new story arrived late in the evening.\n")
    third = run_batch(extra, copy, options=FAST, workers=1)
    assert (third.done, third.skipped) == (1, 5)
    ids = [r["id"] for r in read(copy, "works")]
    assert len(ids) == len(set(ids)) == 6


def test_batch_refuses_a_different_analysis(local_run: tuple[Path, Path, Any]) -> None:
    corpus, out, _ = local_run
    with pytest.raises(ConfigError, match="different analysis"):
        run_batch(corpus, out, options=BatchOptions(profile="structure"), workers=1)


def test_batch_rows_per_file_bounds_file_size(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    report = run_batch(corpus, tmp_path / "out", options=FAST, workers=1, rows_per_file=2)
    files = sorted((tmp_path / "out" / "works").glob("*.parquet"))
    assert report.files == len(files) == 3
    assert all(pq.ParquetFile(f).metadata.num_rows <= 2 for f in files)
    # Each works file has a scenes file of the same name.
    assert {f.name for f in files} == {f.name for f in (tmp_path / "out" / "scenes").glob("*.parquet")}


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_batch_record_inputs_match_folder(
    kind: str, local_run: tuple[Path, Path, Any], tmp_path: Path
) -> None:
    _, out, _ = local_run
    records = [{"id": name, "text": text} for name, text in STORIES.items()] + [{"id": 7, "text": None}]
    if kind == "jsonl":
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    else:
        source = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist([{**r, "id": str(r["id"])} for r in records]), source)
    run_batch(source, tmp_path / "out", options=FAST, workers=1)
    rows = {r["id"]: r for r in read(tmp_path / "out", "works")}
    assert rows["7"]["error_type"] == "EmptyInput"
    folder = {r["id"]: r for r in read(out, "works")}
    for name in STORIES:
        assert rows[name]["stats"] == folder[name]["stats"]
        assert rows[name]["text"] == folder[name]["text"]


def test_batch_bad_jsonl_line_raises_input_error(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Fine story."}\n{"id": "b", "text": oops}\n')
    with pytest.raises(InputError, match=r"in\.jsonl:2: not valid JSON"):
        run_batch(source, tmp_path / "out", options=FAST, workers=1)


def test_batch_prepare_clears_interrupted_writes(tmp_path: Path) -> None:
    output = Output(tmp_path)
    output.prepare({"stages": ["structure"]})
    orphan = tmp_path / "scenes" / "part-x.parquet"
    orphan.write_bytes(b"partial")
    tmp = tmp_path / "works" / ".tmp-part-y.parquet"
    tmp.write_bytes(b"partial")
    output.prepare({"stages": ["structure"]})
    assert not orphan.exists() and not tmp.exists()


def test_batch_schema_follows_model() -> None:
    names = set(works_schema().names)
    assert set(Inferred.model_fields) - {"scene_warnings"} <= names
    assert {"id", "error_type", "error_message", "analyser_version", "work_json", "text"} <= names


def test_batch_missing_ray_gives_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    corpus = make_corpus(tmp_path / "corpus", broken=False)
    with pytest.raises(ConfigError) as info:
        run_batch(corpus, tmp_path / "out", engine="ray", options=FAST)
    assert "ficlens[ray]" in (info.value.hint or "")


def test_batch_cli_reports_and_exits_zero(tmp_path: Path) -> None:
    from ficlens.cli import app

    corpus = make_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(corpus),
            "--out",
            str(tmp_path / "out"),
            "--profile",
            "fast",
            "-j",
            "1",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "analysed 5 work(s) (2 failed)" in result.output
    assert "UnsupportedFormat 1" in result.output


class FakeLibrary:
    """Stands in for `ficlens.library.Library` (the Library API contract) to test the import loop."""

    added: ClassVar[list[Any]] = []

    @classmethod
    def open(cls, path: Any = None) -> FakeLibrary:
        return cls()

    def __enter__(self) -> FakeLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def add_work(self, work: Any) -> Any:
        from types import SimpleNamespace

        seen = any(w.source.sha256 == work.source.sha256 for w in self.added)
        self.added.append(work)
        return SimpleNamespace(status="unchanged" if seen else "added")


def test_batch_import_parquet_adds_analysed_works(
    local_run: tuple[Path, Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ficlens.library

    _, out, _ = local_run
    FakeLibrary.added = []
    monkeypatch.setattr(ficlens.library, "Library", FakeLibrary, raising=False)
    report = import_parquet(out)
    assert (report.count("added"), report.skipped_errors) == (3, 2)
    assert sorted(w.source.path for w in FakeLibrary.added) == sorted(STORIES)
    assert all(w.text and w.stages for w in FakeLibrary.added)


def test_batch_import_parquet_into_real_library(local_run: tuple[Path, Path, Any], tmp_path: Path) -> None:
    library = pytest.importorskip("ficlens.library")
    if not hasattr(library, "Library"):
        pytest.skip("ficlens.library.Library is not built yet")
    _, out, _ = local_run
    report = import_parquet(out, tmp_path / "lib")
    assert report.count("added") == 3
    with library.Library.open(tmp_path / "lib") as lib:
        assert lib.count() == 3
        # Searchable, and stored with the text the batch analysed (no re-analysis).
        hits = lib.search(library.SearchQuery(text="lamp")).hits
        assert len(hits) == 1
        assert lib.get(hits[0].id).text == next(w for i, w in iter_result_works(out) if i == "alpha.txt").text
    assert import_parquet(out, tmp_path / "lib").count("unchanged") == 3


def test_batch_analyze_item_records_a_bug_as_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ficlens.api
    from ficlens.batch import analyze_item

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(ficlens.api, "analyze", boom)
    work, scenes = analyze_item({"id": "w1", "text": "A story."}, FAST)
    assert (work["id"], work["error_type"], work["error_message"], scenes) == (
        "w1",
        "RuntimeError",
        "stage exploded",
        [],
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--address", "auto"], 2, "--address needs --engine ray"),
        (["--stages", "structure,nope"], 4, "unknown stage"),
    ],
)
def test_batch_cli_rejects_bad_options(
    args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from ficlens.cli import main

    corpus = make_corpus(tmp_path / "corpus", broken=False)
    monkeypatch.setattr(sys, "argv", ["ficlens", "batch", str(corpus), "--out", str(tmp_path / "out"), *args])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err
    assert info.value.code == code, err
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
