"""`ficlens search`, `ficlens list` and `ficlens show`: find works in the library and read their blurbs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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


def _query(
    text: str | None,
    rating: list[str] | None,
    warning: list[str] | None,
    exclude_warning: list[str] | None,
    fandom: list[str] | None,
    exclude_fandom: list[str] | None,
    character: list[str] | None,
    exclude_character: list[str] | None,
    relationship: list[str] | None,
    exclude_relationship: list[str] | None,
    tag: list[str] | None,
    exclude_tag: list[str] | None,
    cw: list[str] | None,
    exclude_cw: list[str] | None,
    words_min: int | None,
    words_max: int | None,
    complete: bool | None,
    language: str | None,
    crossover: bool | None,
    source: Source,
    sort: Sort,
    ascending: bool | None,
    limit: int,
    offset: int,
    no_blocklist: bool,
):
    from ficlens.library import SearchQuery

    descending = not ascending if ascending is not None else sort.value not in ("title", "author")
    return SearchQuery(
        text=text,
        ratings=split_values(rating),
        warnings=split_values(warning),
        exclude_warnings=split_values(exclude_warning),
        fandoms=split_values(fandom),
        exclude_fandoms=split_values(exclude_fandom),
        characters=split_values(character),
        exclude_characters=split_values(exclude_character),
        relationships=split_values(relationship),
        exclude_relationships=split_values(exclude_relationship),
        tags=split_values(tag),
        exclude_tags=split_values(exclude_tag),
        cws=split_values(cw),
        exclude_cws=split_values(exclude_cw),
        words_min=words_min,
        words_max=words_max,
        complete=complete,
        language=language,
        crossover=crossover,
        source=source.value,
        sort=sort.value,
        descending=descending,
        limit=limit,
        offset=offset,
        apply_blocklist=not no_blocklist,
    )


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
    q = _query(
        text,
        rating,
        warning,
        exclude_warning,
        fandom,
        exclude_fandom,
        character,
        exclude_character,
        relationship,
        exclude_relationship,
        tag,
        exclude_tag,
        cw,
        exclude_cw,
        words_min,
        words_max,
        complete,
        language,
        crossover,
        source,
        sort,
        ascending,
        limit,
        offset,
        no_blocklist,
    )
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
    from ficlens.library import SearchResult

    with open_library(library, existing=True) as lib:
        if pending:
            ids = lib.pending()
            hits = lib.summaries(ids[offset : offset + limit])
            _render_hits(SearchResult(total=len(ids), hits=hits), fmt)
            return
        q = _query(
            None,
            rating,
            None,
            None,
            fandom,
            None,
            None,
            None,
            None,
            None,
            tag,
            exclude_tag,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Source.any,
            sort,
            ascending,
            limit,
            offset,
            no_blocklist,
        )
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
