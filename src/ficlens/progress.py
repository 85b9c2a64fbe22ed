"""The progress bar of long runs over many works (`ficlens import`, `analyze --pending`, `reindex`, `batch`).

    >>> bar, advance = progress_bar(len(paths), "import")
    >>> with bar:
    ...     import_paths(lib, paths, progress=advance)

It is drawn on stderr, and only on a terminal (or with FICLENS_PROGRESS=1), so piped output stays clean.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _Rate(TextColumn):
    """Works per second since the start: batch engines finish works in bursts (a chunk at a
    time), which makes rich's windowed speed jump by orders of magnitude."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Text:
        seconds = task.finished_time or task.elapsed
        speed = task.completed / seconds if seconds and task.completed else None
        return Text(f"{speed:,.1f} works/s" if speed else "… works/s", style="cyan")


def progress_bar(
    total: int | None, label: str, *, console: Console | None = None, enabled: bool = True
) -> tuple[Progress, Callable[[int], None]]:
    """A bar (use it as a context manager) and its `advance(n)`, called per `n` finished works.

    Pass the `console` that prints other messages during the run, so that they appear above the bar.
    """
    console = console or Console(stderr=True)
    progress = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not enabled or (not console.is_terminal and os.environ.get("FICLENS_PROGRESS") != "1"),
    )
    task = progress.add_task(label, total=total)
    return progress, lambda n: progress.advance(task, n)
