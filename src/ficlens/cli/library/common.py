"""What the library commands share: the `--library` option, the consoles, opening the library,
the option enums, JSON output and the progress bar.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

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


def print_json(value: Any) -> None:
    """`value` as indented JSON on stdout; pydantic models, also inside lists and dicts, in their JSON form."""
    sys.stdout.write(json.dumps(value, indent=2, default=lambda model: model.model_dump(mode="json")) + "\n")


def progress_bar(total: int, label: str) -> tuple[Any, Callable[[int], None]]:
    """The shared bar (`ficlens.progress`) on this group's error console."""
    from ficlens.progress import progress_bar as bar

    return bar(total, label, console=err)


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
