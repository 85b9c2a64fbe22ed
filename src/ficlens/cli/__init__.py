"""The `ficlens` command: a thin typer shell over the Python API.

Each command group lives in its own module with a `register(app, eval_app)` function, so a new
capability adds a module rather than editing a shared one. Library errors become one red line
and the exit code of their family (see `ficlens.errors`); anything else is a bug and says so.
"""

from __future__ import annotations

import os
import sys

import typer

from ficlens import __version__
from ficlens.cli.console import err_console, report
from ficlens.errors import FiclensError

app = typer.Typer(
    name="ficlens",
    help="Read fan fiction the way a careful archivist would.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluate ficlens against the shared data sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for unexpected errors."),
    kb: str | None = typer.Option(
        None,
        "--kb",
        help="Folder of your knowledge-base overlay (default: $FICLENS_KB_DIR or the user data dir).",
    ),
) -> None:
    if debug:
        os.environ["FICLENS_DEBUG"] = "1"
    if kb:
        os.environ["FICLENS_KB_DIR"] = kb


def _register_all() -> None:
    from ficlens.cli import analyze, batch, characters, content_warnings, ingest, insights, kb, library, web

    for module in (analyze, ingest, characters, content_warnings, insights, library, web, batch, kb):
        module.register(app, eval_app)


_register_all()


def main() -> None:
    try:
        app(standalone_mode=True)
    except FiclensError as exc:
        report(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly unless --debug
        if os.environ.get("FICLENS_DEBUG"):
            raise
        err_console.print(
            f"[red]internal error:[/red] {type(exc).__name__}: {exc}\n"
            "  this is a bug in ficlens; run with --debug for the traceback",
            highlight=False,
        )
        sys.exit(1)
