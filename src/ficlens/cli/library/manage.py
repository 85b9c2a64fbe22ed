"""`ficlens remove`, `ficlens export` and `ficlens reindex`: look after the library as a whole."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ficlens.cli.library.common import (
    LIBRARY_OPT,
    console,
    err,
    open_library,
    progress_bar,
)


class ExportFmt(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def remove_cmd(
    work_ids: list[int] = typer.Argument(..., help="Work ids to remove."),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Remove works (and everything stored about them) from the library."""
    with open_library(library) as lib:
        for work_id in work_ids:
            title = lib.summary(work_id).title
            lib.remove(work_id)
            console.print(f"removed #{work_id} {title or ''}", highlight=False)


def export_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    fmt: ExportFmt = typer.Option(ExportFmt.json, "--format", "-f"),
    full: bool = typer.Option(
        False, "--full", help="json/jsonl: the whole stored analysis instead of blurbs."
    ),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Export every work's blurb (json, jsonl, csv, parquet), or the full analyses (--full)."""
    from ficlens.library.export import export_library

    with open_library(library, existing=True) as lib:
        n = export_library(lib, out, fmt.value, full=full)
    err.print(f"exported {n} work(s) to {out}", highlight=False)


def reindex_cmd(library: Path | None = LIBRARY_OPT) -> None:
    """Rebuild the search index from the library database."""
    from ficlens.library import Library

    # Opening with rebuild_index wipes the index first, so even a corrupt one is rebuilt.
    with Library.open(library, rebuild_index=True) as lib:
        progress, advance = progress_bar(lib.count(), "reindex")
        with progress:
            n = lib.reindex(progress=advance)
    err.print(f"reindexed {n} work(s)", highlight=False)
