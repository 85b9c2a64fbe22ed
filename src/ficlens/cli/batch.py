"""`ficlens batch` (analyse many works into Parquet) and `ficlens import-parquet` (load them into a library)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ficlens.cli.analyze import split_names


class EngineChoice(StrEnum):
    local = "local"
    ray = "ray"


def batch_cmd(
    source: str = typer.Argument(
        ...,
        help="A folder of story files, a .jsonl of {id, text} records, or a Parquet file with id and text "
        "(an s3:// or gs:// URI with --engine ray).",
    ),
    out: str = typer.Option(..., "--out", "-o", help="Output folder (or s3://… URI) for works/ and scenes/."),
    engine: EngineChoice = typer.Option(
        EngineChoice.local, "--engine", help="local: process pool; ray: Ray Data."
    ),
    address: str | None = typer.Option(
        None, "--address", help="Join an existing Ray cluster (auto, or ray://head:10001); ray engine only."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-j", min=1, help="Processes (local) or CPUs/actors (ray). Default: all cores."
    ),
    stages: list[str] | None = typer.Option(
        None, "--stages", help="Run only these stages (comma-separated or repeated)."
    ),
    disable: list[str] | None = typer.Option(None, "--disable", help="Skip these stages."),
    profile: str = typer.Option("full", "--profile", help="Stage profile: structure, fast, full."),
    rows_per_file: int = typer.Option(1000, "--rows-per-file", min=1, help="Most works per output file."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Works per task sent to a worker."),
    max_size_mb: float | None = typer.Option(
        None, "--max-size", help="Largest work to read, in MB (default 64)."
    ),
    no_progress: bool = typer.Option(False, "--no-progress", help="Do not draw a progress bar."),
) -> None:
    """Analyse many works into Parquet datasets (works/, scenes/); rerun to resume."""
    from ficlens.batch import BatchOptions, run_batch
    from ficlens.cli.console import err_console

    if address and engine is not EngineChoice.ray:
        raise typer.BadParameter("--address needs --engine ray", param_hint="--address")
    stage_names = split_names(stages)
    options = BatchOptions(
        stages=tuple(stage_names) if stage_names is not None else None,
        profile=profile,
        disable=tuple(split_names(disable) or ()),
        max_bytes=int(max_size_mb * 1024 * 1024) if max_size_mb else None,
    )
    report = run_batch(
        source,
        out,
        engine=engine.value,
        options=options,
        workers=workers,
        address=address,
        rows_per_file=rows_per_file,
        batch_size=batch_size,
        progress=not no_progress,
    )
    rate = report.done / report.elapsed_s if report.elapsed_s else 0.0
    err_console.print(
        f"analysed {report.done} work(s) ({report.failed} failed), skipped {report.skipped} already done, "
        f"{report.words:,} words in {report.elapsed_s:.1f} s ({rate:.2f} works/s); "
        f"{report.files} file(s) written to {report.out}",
        highlight=False,
        soft_wrap=True,
    )
    if report.errors:
        summary = ", ".join(f"{name} {n}" for name, n in sorted(report.errors.items()))
        err_console.print(
            f"  failures by type: {summary} (see error_type / error_message in works/)",
            highlight=False,
            soft_wrap=True,
        )


def import_parquet_cmd(
    results: str = typer.Argument(..., help="The --out folder of a `ficlens batch` run."),
    library: Path | None = typer.Option(
        None, "--library", "-l", help="Library path (default: the user library)."
    ),
) -> None:
    """Load batch results into a library without re-analysing them."""
    from ficlens.batch import import_parquet
    from ficlens.cli.console import err_console

    report = import_parquet(results, library)
    err_console.print(
        f"imported {sum(report.statuses.values())} work(s) ("
        + ", ".join(f"{n} {status}" for status, n in sorted(report.statuses.items()))
        + f"); left out {report.skipped_errors} failed work(s)",
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("batch")(batch_cmd)
    app.command("import-parquet")(import_parquet_cmd)
