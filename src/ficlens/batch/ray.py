"""The Ray Data engine of `ficlens batch`: `map_batches` over an actor pool, written by a Datasink.

Each actor builds the pipeline and warms the stages' model caches once, then analyses batches of
rows with the same `analyze_item` as the local engine. Ray Data's streaming executor applies
back-pressure between reading, the actors and the writer, so memory stays bounded on any input
size. The sink writes each bundle of rows as a `works` file plus a `scenes` file of the same name.

Imported only when `--engine ray` is chosen, so ficlens works without the `ray` extra.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Any

from ray.data import Datasink

from ficlens.batch.plan import (
    WORKER_ENV,
    BatchOptions,
    BatchReport,
    InputKind,
    Output,
    analyze_item,
    check_parquet_input,
    count_inputs,
    folder_items,
    limit_threads,
    warm_up,
)
from ficlens.errors import FiclensError, InputError

SCENE_ROWS = "scene_rows"


def _stage_schema() -> Any:
    """Schema of the rows between the actors and the sink: a works row plus its scenes, nested."""
    import pyarrow as pa

    from ficlens.batch.rows import scenes_schema, works_schema

    return works_schema().append(pa.field(SCENE_ROWS, pa.list_(pa.struct(list(scenes_schema())))))


class RayAnalyzer:
    """Callable class for `map_batches`: one instance per actor, models loaded once."""

    def __init__(self, options: BatchOptions, done_ids: frozenset[str]) -> None:
        limit_threads()
        self.options = options
        self.done_ids = done_ids
        self.schema = _stage_schema()
        warm_up(options)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = []
        for item in batch.to_pylist():
            item["id"] = str(item["id"])
            if item["id"] in self.done_ids:
                continue
            work, scenes = analyze_item(item, self.options)
            rows.append({**work, SCENE_ROWS: scenes})
        return pa.Table.from_pylist(rows, schema=self.schema)


class PartsDatasink(Datasink):
    """Write bundles of analysed rows as `works/<name>` and `scenes/<name>` Parquet files."""

    def __init__(self, out: str, prefix: str, *, rows_per_file: int, max_file_bytes: int) -> None:
        self.out, self.prefix = out, prefix
        self.rows_per_file, self.max_file_bytes = rows_per_file, max_file_bytes
        self.results: list[dict[str, Any]] = []

    @property
    def min_rows_per_write(self) -> int | None:
        # Ray bundles small blocks up to this many rows, so files are not one-per-batch tiny.
        return self.rows_per_file

    def write(self, blocks: Any, ctx: Any) -> dict[str, Any]:
        import pyarrow as pa
        import pyarrow.compute as pc
        from ray.data.block import BlockAccessor

        from ficlens.batch.rows import scenes_schema

        output = Output(self.out)
        tables = [BlockAccessor.for_block(b).to_arrow() for b in blocks]
        tables = [t for t in tables if t.num_rows]
        stats: dict[str, Any] = {"rows": 0, "failed": 0, "words": 0, "files": 0, "errors": {}}
        if not tables:
            return stats
        table = pa.concat_tables(tables).combine_chunks()
        n_files = max(
            math.ceil(table.num_rows / self.rows_per_file), math.ceil(table.nbytes / self.max_file_bytes)
        )
        per_file = math.ceil(table.num_rows / n_files)
        task = getattr(ctx, "task_idx", 0)
        for i, start in enumerate(range(0, table.num_rows, per_file)):
            part = table.slice(start, per_file)
            flat = pc.list_flatten(part.column(SCENE_ROWS))
            scenes = pa.Table.from_struct_array(flat.combine_chunks()) if len(flat) else None
            scenes = scenes.cast(scenes_schema()) if scenes is not None else scenes_schema().empty_table()
            works = part.drop_columns([SCENE_ROWS])
            output.write_part(f"{self.prefix}-{task:05d}-{i:03d}.parquet", works, scenes)
            stats["files"] += 1
        stats["rows"] = table.num_rows
        errors = table.column("error_type").to_pylist()
        for err in errors:
            if err:
                stats["failed"] += 1
                stats["errors"][err] = stats["errors"].get(err, 0) + 1
        stats["words"] = int(pc.sum(pc.struct_field(table.column("stats"), "words")).as_py() or 0)
        return stats

    def on_write_complete(self, write_result: Any) -> None:
        self.results = list(write_result.write_returns)


def _connect(ray: Any, address: str | None, workers: int | None) -> bool:
    """Start or join Ray; True when this call started it (and so must shut it down)."""
    if ray.is_initialized():
        return False
    # Inside `ray job submit`, RAY_ADDRESS names the cluster the job runs on.
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        try:
            ray.init(address=address, logging_level=logging.WARNING)
        except Exception as exc:
            raise FiclensError(
                f"cannot connect to the Ray cluster at {address} ({exc})",
                hint="check the address (e.g. auto, or ray://head:10001) and that the cluster is up",
            ) from exc
    else:
        ray.init(
            num_cpus=workers or os.cpu_count() or 1,
            include_dashboard=False,
            logging_level=logging.WARNING,
        )
    return True


def run_ray(
    path: Path | str,
    kind: InputKind,
    output: Output,
    report: BatchReport,
    options: BatchOptions,
    *,
    done_ids: set[str],
    run_id: str,
    workers: int | None,
    address: str | None,
    rows_per_file: int,
    max_file_bytes: int,
    batch_size: int,
    progress: bool,
) -> None:
    """Run the analysis on Ray Data (local instance, or the cluster at `address`)."""
    import ray
    import ray.data

    started = _connect(ray, address, workers)
    ctx = ray.data.DataContext.get_current()
    saved = {"enable_progress_bars": ctx.enable_progress_bars}
    # Ray 2.60's "v2" file readers start with a listing task that needs a whole CPU; with actors
    # holding every CPU it never runs and the job hangs. The v1 readers honour `num_cpus=0`.
    v1_readers = hasattr(ctx, "use_datasource_v2")
    if v1_readers:
        saved["use_datasource_v2"] = ctx.use_datasource_v2
        ctx.use_datasource_v2 = False
    try:
        ctx.enable_progress_bars = progress
        n_actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        if kind == "folder":
            assert isinstance(path, Path)
            items = folder_items(path)
            fresh = [i for i in items if i["id"] not in done_ids]
            report.skipped = len(items) - len(fresh)
            if not fresh:
                return
            # Enough blocks that every actor gets work; each block is cut into batches anyway.
            blocks = min(len(fresh), max(4 * n_actors, min(len(fresh) // batch_size, 1000)))
            ds = ray.data.from_items(fresh, override_num_blocks=blocks)
            done_for_actors: frozenset[str] = frozenset()
        else:
            # Remote inputs are not listed on the driver, so their skipped count stays unknown (0).
            total = count_inputs(path, kind) if isinstance(path, Path) else None
            if kind == "jsonl":
                ds = ray.data.read_json(str(path), lines=True, file_extensions=None, num_cpus=0)
            else:
                if isinstance(path, Path):
                    check_parquet_input(path)
                ds = ray.data.read_parquet(str(path), num_cpus=0).select_columns(["id", "text"])
            done_for_actors = frozenset(done_ids)
        # Two batches per actor (one running, one queued) bounds memory and balances the tail.
        # Without v1 readers, a pool one actor short of every CPU leaves the listing task a core
        # and grows once it is done.
        pool = (
            ray.data.ActorPoolStrategy(size=n_actors, max_tasks_in_flight_per_actor=2)
            if kind == "folder" or v1_readers or n_actors == 1
            else ray.data.ActorPoolStrategy(
                min_size=n_actors - 1, max_size=n_actors, max_tasks_in_flight_per_actor=2
            )
        )
        ds = ds.map_batches(
            RayAnalyzer,
            fn_constructor_kwargs={"options": options, "done_ids": done_for_actors},
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=pool,
            num_cpus=1,
            runtime_env={"env_vars": WORKER_ENV},
        )
        sink = PartsDatasink(
            output.uri, f"part-{run_id}", rows_per_file=rows_per_file, max_file_bytes=max_file_bytes
        )
        try:
            # The sink is light; 0 CPUs lets it run beside actors that hold every core.
            ds.write_datasink(sink, ray_remote_args={"num_cpus": 0})
        except FiclensError:
            raise
        except Exception as exc:
            # A reader failure (malformed JSON Lines, a column missing) surfaces as a Ray error.
            raise InputError(
                f"{path}: the Ray job failed ({type(exc).__name__}: {_first_line(exc)})",
                hint="works already written are kept; fix the input and run again to resume",
            ) from exc
        for stats in sink.results:
            report.done += stats["rows"]
            report.failed += stats["failed"]
            report.words += stats["words"]
            report.files += stats["files"]
            for err, n in stats["errors"].items():
                report.errors[err] = report.errors.get(err, 0) + n
        if kind != "folder" and total is not None:
            report.skipped = max(0, total - report.done)
    finally:
        for key, value in saved.items():
            setattr(ctx, key, value)
        if started:
            ray.shutdown()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:300] if text else ""
