"""Analyse many works at once and write the results as Parquet datasets; never touches SQLite.

Input is a folder of story files, a JSON Lines file of `{"id", "text"}` records, or a Parquet file
(or folder of Parquet files) with `id` and `text` columns. Output is two Parquet datasets under
`out`: `works/` (one row per work, failures included with `error_type` / `error_message`) and
`scenes/` (one row per scene with its warnings). See `ficlens.batch_rows` for the columns.

    >>> report = run_batch("stories/", "out/", engine="local", workers=2)
    >>> report.done, report.failed, report.skipped

Two engines run the same per-work code (`analyze_item`): `local`, a process pool on this machine,
and `ray`, Ray Data `map_batches` over a pool of actors (`ficlens[ray]`). Both are resumable: a
work whose id is already in `out/works/` is skipped. A `works` file is only renamed into place
after the `scenes` file of the same name, so a crash never leaves a work without its scenes.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ficlens import __version__
from ficlens.errors import ConfigError, EmptyInput, FiclensError, InputError
from ficlens.jsonl import read_jsonl

InputKind = Literal["folder", "jsonl", "parquet"]
Engine = Literal["local", "ray"]

MANIFEST = "_ficlens_batch.json"
DEFAULT_ROWS_PER_FILE = 1000
# Bound on the uncompressed size of one output file; story text dominates the `works` rows.
DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
# Each worker runs one analysis at a time; letting BLAS/ONNX spawn threads per worker would
# oversubscribe the cores the pool already fills.
WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_WARMUP_TEXT = (
    'Chapter 1\n\nAnna closed the door. "We should go," she said to Ben.\n\n'
    "* * *\n\nBen did not answer. The rain kept falling on the old house."
)


@dataclass(frozen=True)
class BatchOptions:
    """Which analysis to run on every work (the same choices as `ficlens analyze`)."""

    stages: tuple[str, ...] | None = None
    profile: str = "full"
    disable: tuple[str, ...] = ()
    max_bytes: int | None = None

    def stage_names(self) -> list[str]:
        """Resolve and validate the pipeline before any work is read (raises `ConfigError`)."""
        from ficlens.pipeline import Pipeline

        if self.stages is not None:
            return Pipeline.from_names(self.stages).names
        return Pipeline.from_profile(self.profile, disable=self.disable).names


@dataclass
class BatchReport:
    """What a batch run did; `done` counts works analysed in this run, failures included."""

    out: str
    engine: str
    stages: list[str]
    done: int = 0
    failed: int = 0
    skipped: int = 0
    words: int = 0
    files: int = 0
    elapsed_s: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


# ---- per-work analysis (shared by both engines) -------------------------------------------------


def analyze_item(item: dict[str, Any], options: BatchOptions) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Analyse one input record into its `works` row and `scenes` rows; never raises for bad input.

    `item` has an `id` and either a `path` (a story file) or a `text`.
    """
    from ficlens.api import analyze
    from ficlens.batch_rows import error_row, scene_rows, work_row

    work_id = str(item["id"])
    t0 = time.perf_counter()
    try:
        path, text = item.get("path"), item.get("text")
        if path:
            source: str | bytes = str(path)
        elif text is None:
            raise EmptyInput(f"{work_id}: the record has no text")
        elif not isinstance(text, str):
            raise InputError(f"{work_id}: text is {type(text).__name__}, not a string")
        else:
            source = text.encode("utf-8")
        work = analyze(
            source,
            stages=options.stages,
            profile=options.profile,
            disable=options.disable,
            name=work_id,
            max_bytes=options.max_bytes,
        )
    except Exception as exc:  # recorded per work so one bad story never stops the job
        return error_row(work_id, exc, analyser_version=__version__), []
    return work_row(work_id, work, elapsed_s=time.perf_counter() - t0), scene_rows(work_id, work)


def _limit_threads() -> None:
    for key, value in WORKER_ENV.items():
        os.environ.setdefault(key, value)


def _warm_up(options: BatchOptions) -> None:
    """Run the pipeline once so the stages load (and cache) their models before real work."""
    analyze_item({"id": "warm-up", "text": _WARMUP_TEXT}, options)


# ---- inputs ---------------------------------------------------------------------------------------


def detect_input(path: Path) -> InputKind:
    """Tell a folder of stories from a JSON Lines or Parquet input."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        files = [p for p in _walk(path)]
        if files and all(p.suffix == ".parquet" for p in files):
            return "parquet"
        return "folder"
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"PAR1" or path.suffix == ".parquet":
        return "parquet"
    if path.suffix in (".jsonl", ".ndjson") or head.lstrip()[:1] == b"{":
        return "jsonl"
    raise InputError(
        f"{path}: not a batch input",
        hint="give a folder of story files, a .jsonl of {id, text} records or a Parquet file with id and text",
    )


def _walk(root: Path) -> list[Path]:
    """Story files under `root` in a stable order, skipping hidden files and folders."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath, f) for f in sorted(filenames) if not f.startswith("."))
    return found


def _folder_items(root: Path) -> list[dict[str, Any]]:
    return [{"id": p.relative_to(root).as_posix(), "path": str(p.resolve())} for p in _walk(root)]


def _jsonl_items(path: Path) -> Iterator[dict[str, Any]]:
    hint = "fix the line and run again; works already written are kept and skipped"
    for lineno, record in read_jsonl(path, hint=hint):
        if record.get("id") is None:
            raise InputError(f"{path}:{lineno}: a record needs an `id`", hint=hint)
        yield {"id": str(record["id"]), "text": record.get("text")}


def _parquet_files(path: Path) -> list[Path]:
    return [p for p in _walk(path) if p.suffix == ".parquet"] if path.is_dir() else [path]


def _open_parquet(file: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(file)
    except Exception as exc:
        raise InputError(f"{file}: not a readable Parquet file ({exc})") from exc
    missing = {"id", "text"} - set(pf.schema_arrow.names)
    if missing:
        raise InputError(
            f"{file}: missing column(s) {', '.join(sorted(missing))}",
            hint="a Parquet input needs an `id` and a `text` column",
        )
    return pf


def check_parquet_input(path: Path) -> None:
    """Fail early (InputError) when a Parquet input is unreadable or lacks `id` / `text`."""
    for file in _parquet_files(path):
        _open_parquet(file)


def _parquet_items(path: Path) -> Iterator[dict[str, Any]]:
    for file in _parquet_files(path):
        pf = _open_parquet(file)
        for batch in pf.iter_batches(columns=["id", "text"], batch_size=256):
            ids = batch.column("id").cast("string").to_pylist()
            for work_id, text in zip(ids, batch.column("text").to_pylist(), strict=True):
                yield {"id": work_id, "text": text}


def _count_inputs(path: Path, kind: InputKind) -> int:
    if kind == "parquet":
        return sum(_open_parquet(f).metadata.num_rows for f in _parquet_files(path))
    if kind == "jsonl":
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    return len(_walk(path))


def iter_inputs(path: Path, kind: InputKind | None = None) -> Iterator[dict[str, Any]]:
    """Input records (`id` plus `path` or `text`) in input order."""
    kind = kind or detect_input(path)
    if kind == "folder":
        return iter(_folder_items(path))
    if kind == "jsonl":
        return _jsonl_items(path)
    return _parquet_items(path)


# ---- output -----------------------------------------------------------------------------------------


class Output:
    """The `works/` and `scenes/` datasets under one directory (local path or a pyarrow URI)."""

    def __init__(self, out: str | Path) -> None:
        import pyarrow.fs as pafs

        text = str(out)
        if "://" in text:
            self.fs, self.root = pafs.FileSystem.from_uri(text)
            self.local = False
        else:
            self.fs, self.root = pafs.LocalFileSystem(), str(Path(text).resolve())
            self.local = True
        self.uri = text

    def path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def _list(self, sub: str) -> list[str]:
        import pyarrow.fs as pafs

        info = self.fs.get_file_info(self.path(sub))
        if info.type == pafs.FileType.NotFound:
            return []
        return sorted(
            i.path
            for i in self.fs.get_file_info(pafs.FileSelector(self.path(sub)))
            if i.type == pafs.FileType.File
        )

    def prepare(self, manifest: dict[str, Any]) -> None:
        """Create the layout, refuse to mix analyses, and clear what an interrupted run left."""
        for sub in ("works", "scenes"):
            self.fs.create_dir(self.path(sub), recursive=True)
        existing = self.read_manifest()
        if existing is not None and existing != manifest:
            raise ConfigError(
                f"{self.uri} holds results of a different analysis "
                f"(ficlens {existing.get('analyser_version')}, stages {', '.join(existing.get('stages', []))})",
                hint="write to a new --out folder, or rerun with the same version and stages to resume",
            )
        if existing is None:
            with self.fs.open_output_stream(self.path(MANIFEST)) as fh:
                fh.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
        works = {Path(p).name for p in self._list("works")}
        for sub in ("works", "scenes"):
            for p in self._list(sub):
                name = Path(p).name
                # Temp files of a crashed write, and scenes whose works file never landed.
                if name.startswith(".tmp-") or (sub == "scenes" and name not in works):
                    self.fs.delete_file(p)

    def read_manifest(self) -> dict[str, Any] | None:
        import pyarrow.fs as pafs

        if self.fs.get_file_info(self.path(MANIFEST)).type == pafs.FileType.NotFound:
            return None
        with self.fs.open_input_stream(self.path(MANIFEST)) as fh:
            return json.loads(fh.read().decode())

    def done_ids(self) -> set[str]:
        """Ids already in `works/` (analysed or failed) from earlier runs."""
        import pyarrow.parquet as pq

        ids: set[str] = set()
        for p in self._list("works"):
            if not p.endswith(".parquet"):
                continue
            try:
                table = pq.read_table(p, columns=["id"], filesystem=self.fs)
            except Exception as exc:
                raise FiclensError(
                    f"{p}: unreadable output file ({exc})", hint="delete it and run again"
                ) from exc
            ids.update(table.column("id").to_pylist())
        return ids

    def write_part(self, name: str, works: Any, scenes: Any) -> None:
        """Write one `works` file and its `scenes` file; the works file lands last."""
        import pyarrow.parquet as pq

        for sub, table in (("scenes", scenes), ("works", works)):
            final = self.path(sub, name)
            if self.local:
                tmp = self.path(sub, f".tmp-{name}")
                pq.write_table(table, tmp, filesystem=self.fs, compression="zstd")
                self.fs.move(tmp, final)
            else:  # object stores publish a file atomically when the upload completes
                pq.write_table(table, final, filesystem=self.fs, compression="zstd")


def _row_bytes(row: dict[str, Any]) -> int:
    return len(row.get("text") or "") + len(row.get("work_json") or "") + 512


class PartBuffer:
    """Collect rows and write them as files of at most `rows_per_file` rows / `max_file_bytes`."""

    def __init__(
        self, output: Output, prefix: str, *, rows_per_file: int, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    ) -> None:
        self.output, self.prefix = output, prefix
        self.rows_per_file, self.max_file_bytes = rows_per_file, max_file_bytes
        self.works: list[dict[str, Any]] = []
        self.scenes: list[dict[str, Any]] = []
        self.size = 0
        self.files = 0

    def add(self, work: dict[str, Any], scenes: list[dict[str, Any]]) -> None:
        self.works.append(work)
        self.scenes.extend(scenes)
        self.size += _row_bytes(work)
        if len(self.works) >= self.rows_per_file or self.size >= self.max_file_bytes:
            self.flush()

    def flush(self) -> None:
        from ficlens.batch_rows import rows_to_tables

        if not self.works:
            return
        works, scenes = rows_to_tables(self.works, self.scenes)
        self.output.write_part(f"{self.prefix}-{self.files:05d}.parquet", works, scenes)
        self.files += 1
        self.works, self.scenes, self.size = [], [], 0


def _manifest(stage_names: list[str]) -> dict[str, Any]:
    import hashlib

    from ficlens.batch_rows import scenes_schema, works_schema
    from ficlens.model import SCHEMA_VERSION

    schema = (works_schema().to_string() + scenes_schema().to_string()).encode()
    return {
        "analyser_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "stages": stage_names,
        "columns_sha256": hashlib.sha256(schema).hexdigest()[:16],
    }


# ---- engines ----------------------------------------------------------------------------------------


def _init_local_worker(options: BatchOptions) -> None:
    _limit_threads()
    _warm_up(options)


def _analyze_chunk(
    items: list[dict[str, Any]], options: BatchOptions
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    return [analyze_item(item, options) for item in items]


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_local(
    items: Iterator[dict[str, Any]],
    buffer: PartBuffer,
    report: BatchReport,
    options: BatchOptions,
    *,
    workers: int,
    chunk_size: int,
    on_progress: Callable[[int], None],
) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the parent may hold threads (Ray, rich) that a forked child would inherit broken.
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_local_worker, initargs=(options,)
        ) as pool:
            pending: set[Future[Any]] = set()

            def collect(done: Iterable[Future[Any]]) -> None:
                for fut in done:
                    for work, scenes in fut.result():
                        _tally(report, work)
                        buffer.add(work, scenes)
                        on_progress(1)

            # Back-pressure: at most two chunks per worker in flight, so memory stays bounded
            # however large the input is.
            for chunk in _chunks(items, chunk_size):
                while len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
                pending.add(pool.submit(_analyze_chunk, chunk, options))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
    except BrokenProcessPool as exc:
        raise FiclensError(
            "a worker process died (out of memory, or a crash in a native library)",
            hint="rerun the same command to resume (finished works are kept); lower -j or --max-size if memory is short",
        ) from exc
    finally:
        # Whatever stopped the run, keep the works already analysed so a rerun skips them.
        buffer.flush()


def _tally(report: BatchReport, work: dict[str, Any]) -> None:
    report.done += 1
    if work.get("error_type"):
        report.failed += 1
        report.errors[work["error_type"]] = report.errors.get(work["error_type"], 0) + 1
    else:
        report.words += (work.get("stats") or {}).get("words") or 0


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigError(
            "the ray engine needs Ray Data, which is not installed",
            hint="pip install 'ficlens[ray]'  (or use --engine local)",
        ) from exc
    return ray


def run_batch(
    source: str | Path,
    out: str | Path,
    *,
    engine: Engine = "local",
    options: BatchOptions | None = None,
    workers: int | None = None,
    address: str | None = None,
    rows_per_file: int = DEFAULT_ROWS_PER_FILE,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    batch_size: int = 8,
    progress: bool = False,
) -> BatchReport:
    """Analyse every work of `source` into Parquet under `out`, skipping ids already there.

    `workers` is the number of processes (local) or CPUs / actors (ray; default: all the
    cluster's CPUs). `address` joins an existing Ray cluster (`auto`, or `ray://host:10001`).
    Per-work failures are recorded, not raised; bad options or an unreadable input container
    raise `ConfigError` / `InputError` before any work is analysed.
    """
    options = options or BatchOptions()
    stage_names = options.stage_names()
    path: Path | str
    if "://" in str(source):
        # A URI (s3://, gs://, ...): Ray's readers fetch it on the cluster; only Parquet or JSON Lines.
        if engine != "ray":
            raise ConfigError(
                f"{source}: reading from a URI needs --engine ray",
                hint="copy the input locally for --engine local",
            )
        path = str(source).rstrip("/")
        kind: InputKind = "jsonl" if ".jsonl" in path or ".ndjson" in path else "parquet"
    else:
        path = Path(source)
        kind = detect_input(path)
    output = Output(out)
    output.prepare(_manifest(stage_names))
    done_ids = output.done_ids()
    report = BatchReport(out=output.uri, engine=engine, stages=stage_names)
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    t0 = time.perf_counter()
    if engine == "local":
        assert isinstance(path, Path)
        n_workers = max(1, workers or os.cpu_count() or 1)
        total = _count_inputs(path, kind)

        buffer = PartBuffer(
            output, f"part-{run_id}", rows_per_file=rows_per_file, max_file_bytes=max_file_bytes
        )
        with _progress(progress, total) as advance:

            def fresh() -> Iterator[dict[str, Any]]:
                for item in iter_inputs(path, kind):
                    if item["id"] in done_ids:
                        report.skipped += 1
                        advance(1)
                        continue
                    yield item

            _run_local(
                fresh(),
                buffer,
                report,
                options,
                workers=n_workers,
                chunk_size=batch_size,
                on_progress=advance,
            )
        report.files = buffer.files
    elif engine == "ray":
        _import_ray()
        from ficlens.batch_ray import run_ray

        run_ray(
            path,
            kind,
            output,
            report,
            options,
            done_ids=done_ids,
            run_id=run_id,
            workers=workers,
            address=address,
            rows_per_file=rows_per_file,
            max_file_bytes=max_file_bytes,
            batch_size=batch_size,
            progress=progress,
        )
    else:
        raise ConfigError(f"unknown engine {engine!r}", hint="use local or ray")
    report.elapsed_s = time.perf_counter() - t0
    return report


class _progress:
    """A rich progress bar (or nothing) that `advance(n)`s per finished work."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.enabled, self.total = enabled, total
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=False,
        )
        self.bar.start()
        task = self.bar.add_task("works", total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---- import into a library ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What `import_parquet` did: library statuses (`added`, `unchanged`, ...) and failed rows left out."""

    statuses: dict[str, int] = field(default_factory=dict)
    skipped_errors: int = 0

    def count(self, status: str) -> int:
        return self.statuses.get(status, 0)


def iter_result_works(out: str | Path) -> Iterator[tuple[str, Any]]:
    """`(id, Work)` for every row of a batch output; the Work is None for a failed row."""
    import pyarrow.parquet as pq

    from ficlens.batch_rows import work_from_row

    output = Output(out)
    if output.read_manifest() is None:
        raise InputError(
            f"{out}: not a ficlens batch output (no {MANIFEST})", hint="run `ficlens batch` first"
        )
    for p in output._list("works"):
        if not p.endswith(".parquet") or Path(p).name.startswith(".tmp-"):
            continue
        pf = pq.ParquetFile(p, filesystem=output.fs)
        for batch in pf.iter_batches(columns=["id", "error_type", "work_json", "text"], batch_size=64):
            for row in batch.to_pylist():
                yield row["id"], (None if row["error_type"] else work_from_row(row["work_json"], row["text"]))


def import_parquet(out: str | Path, library: str | Path | None = None, *, chunk: int = 200) -> ImportReport:
    """Store the works of a batch output in a library without re-analysing them.

    Works go in by chunks of `chunk` per transaction (the library's bulk path when it has one).
    """
    try:
        from ficlens.library import Library
    except ImportError as exc:
        raise ConfigError(
            "the library is not available in this build",
            hint="update ficlens; import-parquet needs ficlens.library",
        ) from exc
    import inspect

    report = ImportReport()

    with Library.open(library) as lib:
        bulk = getattr(lib, "add_works", None)
        # Commit SQLite per chunk (an interrupted import keeps what it stored) but the search
        # index only now and then, when the library can defer it: each index commit is costly.
        defer_index = (
            bulk is not None and hasattr(lib, "flush_index") and "index" in inspect.signature(bulk).parameters
        )
        chunks = 0

        def store(works: list[Any]) -> None:
            nonlocal chunks
            if bulk is None:
                results = [lib.add_work(w) for w in works]
            elif defer_index:
                results = bulk(works, index=False)
            else:
                results = bulk(works)
            for result in results:
                report.statuses[result.status] = report.statuses.get(result.status, 0) + 1
            chunks += 1
            if defer_index and chunks % 25 == 0:
                lib.flush_index()

        pending: list[Any] = []
        try:
            for _work_id, work in iter_result_works(out):
                if work is None:
                    report.skipped_errors += 1
                    continue
                pending.append(work)
                if len(pending) >= chunk:
                    store(pending)
                    pending = []
            if pending:
                store(pending)
        finally:
            if defer_index:
                lib.flush_index()
    return report
