"""The error console of the `ficlens` command, and how a library error is printed on it."""

from __future__ import annotations

from rich.console import Console

from ficlens.errors import FiclensError

err_console = Console(stderr=True)


def report(exc: FiclensError) -> None:
    """Print a library error as one line (plus its hint)."""
    err_console.print(f"[red]error:[/red] {exc.message}", highlight=False, markup=True, soft_wrap=True)
    if exc.hint:
        err_console.print(f"  hint: {exc.hint}", highlight=False, markup=False, soft_wrap=True)
