"""`ficlens` commands of this group (none yet)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app (and to `ficlens eval`)."""
