"""What a batch run does, whichever engine runs it: the options, the input records, the per-work
analysis (`analyze_item`) and the output layout (`Output`, `PartBuffer`, the manifest).

The engines (`ficlens.batch.local`, `ficlens.batch.ray`) import this module; it imports neither.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
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
    from ficlens.batch.rows import error_row, scene_rows, work_row

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


def limit_threads() -> None:
    for key, value in WORKER_ENV.items():
        os.environ.setdefault(key, value)


def warm_up(options: BatchOptions) -> None:
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


def folder_items(root: Path) -> list[dict[str, Any]]:
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


def count_inputs(path: Path, kind: InputKind) -> int:
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
        return iter(folder_items(path))
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

    def list_files(self, sub: str) -> list[str]:
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
        works = {Path(p).name for p in self.list_files("works")}
        for sub in ("works", "scenes"):
            for p in self.list_files(sub):
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
        for p in self.list_files("works"):
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
        from ficlens.batch.rows import rows_to_tables

        if not self.works:
            return
        works, scenes = rows_to_tables(self.works, self.scenes)
        self.output.write_part(f"{self.prefix}-{self.files:05d}.parquet", works, scenes)
        self.files += 1
        self.works, self.scenes, self.size = [], [], 0


def build_manifest(stage_names: list[str]) -> dict[str, Any]:
    import hashlib

    from ficlens.batch.rows import scenes_schema, works_schema
    from ficlens.model import SCHEMA_VERSION

    schema = (works_schema().to_string() + scenes_schema().to_string()).encode()
    return {
        "analyser_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "stages": stage_names,
        "columns_sha256": hashlib.sha256(schema).hexdigest()[:16],
    }
