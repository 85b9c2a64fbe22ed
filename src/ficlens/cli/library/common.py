"""What the library commands share: the `--library` option, the consoles, opening the library,
the option enums and the progress bar.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

LIBRARY_OPT = typer.Option(
    None, "--library", "-L", envvar="FICLENS_LIBRARY", help="Library file (default: in the user data dir)."
)
console = Console()
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"


class Sort(StrEnum):
    relevance = "relevance"
    words = "words"
    added = "added"
    title = "title"
    author = "author"


class Source(StrEnum):
    declared = "declared"
    inferred = "inferred"
    any = "any"


def open_library(path: Path | None, *, existing: bool = False):
    """Open the library; read-only commands (`existing`) refuse to create an empty one."""
    from ficlens.errors import LibraryError
    from ficlens.library import Library, default_path

    target = path or default_path()
    if existing and not target.exists():
        raise LibraryError(
            f"no library at {target}", hint="add works with `ficlens add` or `ficlens import` first"
        )
    return Library.open(target)


def split_values(values: list[str] | None) -> list[str]:
    """Repeated options; commas separate values except inside AO3 names such as "A, B & C"."""
    return [v.strip() for v in values or [] if v.strip()]


def progress_bar(total: int, label: str):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class Rate(TextColumn):
        def __init__(self) -> None:
            super().__init__("")

        def render(self, task):
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} works/s" if speed else "… works/s", style="cyan")

    progress = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal and os.environ.get("FICLENS_PROGRESS") != "1",
    )
    task = progress.add_task(label, total=total)
    return progress, lambda n: progress.advance(task, n)


def print_report(report, what: str) -> None:
    counts = ", ".join(f"{n} {k}" for k, n in report.counts.items() if n)
    rate = report.stored / report.seconds if report.seconds else 0.0
    err.print(
        f"{what}: {counts or 'nothing stored'} in {report.seconds:.1f}s ({rate:,.1f} works/s)",
        highlight=False,
    )
    if report.failed:
        err.print(f"[red]{len(report.failed)} failed:[/red]", highlight=False)
        for failure in report.failed:
            # Library messages usually start with the file name already.
            reason = failure.reason.removeprefix(f"{failure.path}: ")
            err.print(f"  {failure.path}: {reason}", highlight=False, markup=False)
