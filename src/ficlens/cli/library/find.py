"""`ficlens search`, `ficlens list` and `ficlens show`: find works in the library and read their blurbs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from ficlens.cli.library.common import (
    LIBRARY_OPT,
    Fmt,
    Sort,
    Source,
    console,
    err,
    open_library,
    split_values,
)

if TYPE_CHECKING:
    from ficlens.library import SearchQuery

# Repeatable filter options; each fills the SearchQuery list named like it plus "s" (--cw -> cws).
_FILTERS = (
    "rating",
    "warning",
    "exclude_warning",
    "fandom",
    "exclude_fandom",
    "character",
    "exclude_character",
    "relationship",
    "exclude_relationship",
    "tag",
    "exclude_tag",
    "cw",
    "exclude_cw",
)


def _query(options: dict[str, Any]) -> SearchQuery:
    """The search that a command's options (its `locals()`, by name) ask for; filters the command
    does not offer keep SearchQuery's defaults."""
    from ficlens.library import SearchQuery

    sort, ascending = options["sort"], options["ascending"]
    fields = {k: v for k, v in options.items() if k in SearchQuery.model_fields}
    fields.update({f"{k}s": split_values(options[k]) for k in _FILTERS if k in options})
    fields.update(
        source=options.get("source", Source.any).value,
        sort=sort.value,
        descending=not ascending if ascending is not None else sort.value not in ("title", "author"),
        apply_blocklist=not options["no_blocklist"],
    )
    return SearchQuery(**fields)


def _render_hits(result, fmt: Fmt) -> None:
    if fmt is Fmt.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    for note in result.notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    table = Table(show_lines=False, header_style="bold")
    for col in ("id", "title", "author", "rating", "fandoms", "words", "done"):
        table.add_column(col, overflow="fold", justify="right" if col in ("id", "words") else "left")
    for hit in result.hits:
        table.add_row(
            str(hit.id),
            hit.title or "(untitled)",
            ", ".join(hit.authors[:2]),
            hit.rating or "",
            ", ".join(hit.fandoms[:2]) + (" …" if len(hit.fandoms) > 2 else ""),
            f"{hit.words:,}",
            {True: "yes", False: "wip", None: ""}[hit.complete],
        )
    console.print(table)
    hidden = (
        f", {result.hidden_by_blocklist} hidden by the blocklist (--no-blocklist shows them)"
        if result.hidden_by_blocklist
        else ""
    )
    err.print(f"{len(result.hits)} of {result.total} work(s){hidden}", highlight=False)


def search_cmd(
    text: str | None = typer.Argument(None, help='Words, "a phrase", title:word; AND by default.'),
    rating: list[str] | None = typer.Option(
        None, "--rating", help="AO3 rating (any of; G/T/M/E/NR accepted)."
    ),
    warning: list[str] | None = typer.Option(None, "--warning", help="Archive warning to require."),
    exclude_warning: list[str] | None = typer.Option(None, "--exclude-warning"),
    fandom: list[str] | None = typer.Option(None, "--fandom", help="Fandom (wildcards: 'Sherlock*')."),
    exclude_fandom: list[str] | None = typer.Option(None, "--exclude-fandom"),
    character: list[str] | None = typer.Option(None, "--character"),
    exclude_character: list[str] | None = typer.Option(None, "--exclude-character"),
    relationship: list[str] | None = typer.Option(None, "--relationship"),
    exclude_relationship: list[str] | None = typer.Option(None, "--exclude-relationship"),
    tag: list[str] | None = typer.Option(
        None, "--tag", help="Any tag, wildcards allowed ('*Character Death*')."
    ),
    exclude_tag: list[str] | None = typer.Option(None, "--exclude-tag"),
    cw: list[str] | None = typer.Option(None, "--cw", help="Content warning id[:min severity] to require."),
    exclude_cw: list[str] | None = typer.Option(None, "--exclude-cw", help="e.g. suicide:depicted"),
    words_min: int | None = typer.Option(None, "--words-min", min=0),
    words_max: int | None = typer.Option(None, "--words-max", min=0),
    complete: bool | None = typer.Option(
        None, "--complete/--in-progress", help="Only complete / only WIP works."
    ),
    language: str | None = typer.Option(None, "--language"),
    crossover: bool | None = typer.Option(None, "--crossover/--no-crossover"),
    source: Source = typer.Option(
        Source.any, "--source", help="Match declared tags, inferred tags, or either."
    ),
    sort: Sort = typer.Option(Sort.relevance, "--sort"),
    ascending: bool | None = typer.Option(
        None, "--asc/--desc", help="Sort order (default: A-Z for title/author, else descending)."
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=0),
    offset: int = typer.Option(0, "--offset", min=0),
    no_blocklist: bool = typer.Option(False, "--no-blocklist", help="Show works the blocklist hides."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Search the library: full text plus AO3 filters (include/exclude, wildcards)."""
    q = _query(locals())
    with open_library(library, existing=True) as lib:
        _render_hits(lib.search(q), fmt)


def list_cmd(
    rating: list[str] | None = typer.Option(None, "--rating"),
    fandom: list[str] | None = typer.Option(None, "--fandom"),
    tag: list[str] | None = typer.Option(None, "--tag"),
    exclude_tag: list[str] | None = typer.Option(None, "--exclude-tag"),
    pending: bool = typer.Option(False, "--pending", help="Only works still waiting for the full analysis."),
    sort: Sort = typer.Option(Sort.added, "--sort"),
    ascending: bool | None = typer.Option(None, "--asc/--desc"),
    limit: int = typer.Option(50, "--limit", "-n", min=0),
    offset: int = typer.Option(0, "--offset", min=0),
    no_blocklist: bool = typer.Option(False, "--no-blocklist"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """List the works in the library (newest first; `ficlens search` has every filter)."""
    options = dict(locals())
    from ficlens.library import SearchResult

    with open_library(library, existing=True) as lib:
        if pending:
            ids = lib.pending()
            hits = lib.summaries(ids[offset : offset + limit])
            _render_hits(SearchResult(total=len(ids), hits=hits), fmt)
            return
        q = _query(options)
        _render_hits(lib.search(q), fmt)


def show_cmd(
    work_id: int = typer.Argument(..., help="Work id (see `ficlens list`)."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    full: bool = typer.Option(
        False, "--full", help="JSON: the whole stored analysis (with --include-text, the text too)."
    ),
    include_text: bool = typer.Option(False, "--include-text"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Show one stored work: its blurb, or with --full the stored analysis."""
    with open_library(library, existing=True) as lib:
        summary = lib.summary(work_id)
        if full:
            work = lib.get(work_id)
            sys.stdout.write(
                json.dumps(work.to_output(include_text=include_text), ensure_ascii=False, indent=2) + "\n"
            )
            return
    if fmt is Fmt.json:
        sys.stdout.write(summary.model_dump_json(indent=2) + "\n")
        return
    console.print(
        f"[bold]#{summary.id} {summary.title or '(untitled)'}[/bold] by {', '.join(summary.authors) or 'unknown'}",
        highlight=False,
    )
    rows = [
        ("rating", summary.rating or ""),
        ("warnings", ", ".join(summary.archive_warnings)),
        ("categories", ", ".join(summary.categories)),
        ("fandoms", ", ".join(summary.fandoms)),
        ("relationships", ", ".join(summary.relationships)),
        ("characters", ", ".join(summary.characters)),
        ("tags", ", ".join(summary.freeform)),
        ("content warnings", ", ".join(summary.content_warnings)),
        ("series", f"{summary.series.name} (part {summary.series.part})" if summary.series else ""),
        ("words", f"{summary.words:,}"),
        ("chapters", str(summary.chapters)),
        ("complete", {True: "yes", False: "no", None: "unknown"}[summary.complete]),
        ("language", summary.language or ""),
        ("added", summary.added_at or ""),
        ("analysed", "yes" if summary.analysed else "pending (`ficlens analyze --pending`)"),
    ]
    for key, value in rows:
        if value:
            console.print(f"  [dim]{key:>16}[/dim]  {value}", highlight=False)
    if summary.summary:
        console.print(f"\n{summary.summary}", highlight=False, markup=False)
