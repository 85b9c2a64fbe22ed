"""`ficlens eval ao3-metadata`: how well ingest reads the AO3 files in the shared data."""

from __future__ import annotations

from pathlib import Path

import typer


def ao3_metadata_cmd(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The shared data directory (holds ao3/)."
    ),
    tolerance: float = typer.Option(
        0.05, "--tolerance", help="Relative tolerance for stats.words vs AO3 words."
    ),
) -> None:
    """Ingest every raw AO3 file and print the per-field agreement with works.jsonl."""
    from ficlens.evaluation.ingest import evaluate_ao3_metadata, format_table

    rows = evaluate_ao3_metadata(data, tolerance=tolerance)
    typer.echo(format_table(rows))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app (and to `ficlens eval`)."""
    eval_app.command("ao3-metadata")(ao3_metadata_cmd)
