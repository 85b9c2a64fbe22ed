"""`ficlens similar`, `ficlens duplicates` and `ficlens series`: works that belong together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ficlens.cli.library.common import LIBRARY_OPT, Fmt, console, err, open_library, print_json


def _json_or_empty(found: Any, fmt: Fmt, nothing: str) -> bool:
    """Print `found` as JSON, or the `nothing` note when it is empty; False when the rows are still to print."""
    if fmt is Fmt.json:
        print_json(found)
        return True
    if not found:
        err.print(nothing, highlight=False)
        return True
    return False


def similar_cmd(
    work_id: int = typer.Argument(...),
    limit: int = typer.Option(10, "--limit", "-n", min=1),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Works like this one, by wording and shared tags, with the reasons."""
    with open_library(library, existing=True) as lib:
        found = lib.similar(work_id, limit=limit)
    if _json_or_empty(found, fmt, "no similar works found"):
        return
    for s in found:
        console.print(
            f"[bold]#{s.work.id} {s.work.title or '(untitled)'}[/bold]  score {s.score:.2f}", highlight=False
        )
        for reason in s.reasons:
            console.print(f"    {reason}", highlight=False, markup=False)


def duplicates_cmd(
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Near-duplicate works found at import (MinHash LSH)."""
    with open_library(library, existing=True) as lib:
        pairs = lib.duplicates()
    if _json_or_empty(pairs, fmt, "no near-duplicates"):
        return
    for p in pairs:
        console.print(
            f"{p.similarity:.2f}  #{p.a.id} {p.a.title or ''}  ~  #{p.b.id} {p.b.title or ''}",
            highlight=False,
        )


def series_cmd(
    name: str | None = typer.Argument(
        None, help="Series name (wildcards allowed); all series when left out."
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Series in the library, each with its works in part order."""
    with open_library(library, existing=True) as lib:
        found = lib.series(name)
    if _json_or_empty(found, fmt, "no series" + (f" matching {name!r}" if name else "")):
        return
    for series_name, works in found.items():
        console.print(f"[bold]{series_name}[/bold]", highlight=False)
        for w in works:
            part = w.series.part if w.series and w.series.part is not None else "?"
            console.print(f"  part {part}: #{w.id} {w.title or '(untitled)'}", highlight=False)
