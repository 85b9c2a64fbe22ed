"""Analyse many works at once and write the results as Parquet datasets; never touches SQLite.

Input is a folder of story files, a JSON Lines file of `{"id", "text"}` records, or a Parquet file
(or folder of Parquet files) with `id` and `text` columns. Output is two Parquet datasets under
`out`: `works/` (one row per work, failures included with `error_type` / `error_message`) and
`scenes/` (one row per scene with its warnings). See `ficlens.batch.rows` for the columns.

    >>> report = run_batch("stories/", "out/", engine="local", workers=2)
    >>> report.done, report.failed, report.skipped

Two engines run the same per-work code (`analyze_item`): `local`, a process pool on this machine,
and `ray`, Ray Data `map_batches` over a pool of actors (`ficlens[ray]`). Both are resumable: a
work whose id is already in `out/works/` is skipped. A `works` file is only renamed into place
after the `scenes` file of the same name, so a crash never leaves a work without its scenes.

Modules, each importing only those listed before it: `rows` (a `Work` as Parquet rows), `plan`
(options, inputs, per-work analysis, output layout), `local` and `ray` (the engines; Ray is
imported only in `ray`), `results` (read an output back, `import-parquet`); this module picks the engine.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ficlens.batch.local import run_local
from ficlens.batch.plan import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_ROWS_PER_FILE,
    BatchOptions,
    BatchReport,
    Engine,
    InputKind,
    Output,
    PartBuffer,
    analyze_item,
    build_manifest,
    count_inputs,
    detect_input,
    iter_inputs,
)
from ficlens.batch.results import ImportReport, import_parquet, iter_result_works
from ficlens.errors import ConfigError
from ficlens.progress import progress_bar

__all__ = [
    "BatchOptions",
    "BatchReport",
    "ImportReport",
    "Output",
    "analyze_item",
    "import_parquet",
    "iter_result_works",
    "run_batch",
]


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
    output.prepare(build_manifest(stage_names))
    done_ids = output.done_ids()
    report = BatchReport(out=output.uri, engine=engine, stages=stage_names)
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    t0 = time.perf_counter()
    if engine == "local":
        assert isinstance(path, Path)
        n_workers = max(1, workers or os.cpu_count() or 1)
        total = count_inputs(path, kind)

        buffer = PartBuffer(
            output, f"part-{run_id}", rows_per_file=rows_per_file, max_file_bytes=max_file_bytes
        )
        bar, advance = progress_bar(total, "analyse", enabled=progress)
        with bar:

            def fresh() -> Iterator[dict[str, Any]]:
                for item in iter_inputs(path, kind):
                    if item["id"] in done_ids:
                        report.skipped += 1
                        advance(1)
                        continue
                    yield item

            run_local(
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
        from ficlens.batch.ray import run_ray

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
