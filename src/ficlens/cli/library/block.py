"""`ficlens block add/list/remove`: the reader blocklist (TOML next to the library)."""

from __future__ import annotations

from pathlib import Path

import typer

from ficlens.cli.library.common import (
    LIBRARY_OPT,
    Source,
    console,
    err,
    open_library,
)
from ficlens.errors import ConfigError

block_app = typer.Typer(
    help="The reader blocklist (TOML next to the library), applied to list and search.", no_args_is_help=True
)


@block_app.command("add")
def block_add(
    tag: str | None = typer.Option(None, "--tag", help="Tag pattern, wildcards allowed."),
    tag_type: str | None = typer.Option(
        None, "--type", help="Only this tag type (fandom, character, freeform...)."
    ),
    author: str | None = typer.Option(None, "--author", help="Author pattern."),
    cw: str | None = typer.Option(
        None, "--cw", help="Content warning id[:min severity], e.g. suicide:depicted."
    ),
    words_min: int | None = typer.Option(None, "--words-min", help="Hide works shorter than this."),
    words_max: int | None = typer.Option(None, "--words-max", help="Hide works longer than this."),
    max_fandoms: int | None = typer.Option(
        None, "--max-fandoms", help="Hide crossovers of more fandoms than this."
    ),
    source: Source = typer.Option(Source.any, "--source"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Add one rule (give exactly one of --tag, --author, --cw, --words-min/max, --max-fandoms)."""
    from pydantic import ValidationError

    from ficlens.library import BlockRule

    chosen = [
        x is not None
        for x in (tag, author, cw, words_min if words_min is not None else words_max, max_fandoms)
    ]
    if sum(chosen) != 1:
        raise ConfigError(
            "give exactly one rule: --tag, --author, --cw, --words-min/--words-max or --max-fandoms"
        )
    try:
        if tag is not None:
            rule = BlockRule(kind="tag", pattern=tag, type=tag_type, source=source.value)
        elif author is not None:
            rule = BlockRule(kind="author", pattern=author)
        elif cw is not None:
            cw_id, _, severity = cw.partition(":")
            rule = BlockRule(
                kind="cw", id=cw_id.strip(), min_severity=severity.strip() or "mentioned", source=source.value
            )
        elif max_fandoms is not None:
            rule = BlockRule(kind="crossover", max_fandoms=max_fandoms, source=source.value)
        else:
            rule = BlockRule(kind="words", min=words_min, max=words_max)
    except ValidationError as exc:
        raise ConfigError(f"invalid rule: {exc.errors()[0]['msg']}") from exc
    with open_library(library) as lib:
        n = lib.blocklist.add(rule)
        console.print(f"added rule {n + 1}: {rule.describe()}  ({lib.blocklist.path})", highlight=False)


@block_app.command("list")
def block_list(library: Path | None = LIBRARY_OPT) -> None:
    """Show the rules, numbered for `ficlens block remove`."""
    with open_library(library, existing=True) as lib:
        rules = lib.blocklist.rules
        err.print(f"blocklist: {lib.blocklist.path}", highlight=False)
    if not rules:
        err.print("no rules", highlight=False)
    for n, rule in enumerate(rules, 1):
        console.print(f"{n:>3}  {rule.describe()}", highlight=False, markup=False)


@block_app.command("remove")
def block_remove(
    number: int = typer.Argument(..., help="Rule number from `ficlens block list`."),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Remove a rule by its number."""
    with open_library(library) as lib:
        rule = lib.blocklist.remove(number - 1)
    console.print(f"removed rule {number}: {rule.describe()}", highlight=False, markup=False)
