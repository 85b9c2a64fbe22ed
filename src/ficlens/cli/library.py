"""`ficlens add/import/search/list/show/remove/export/reindex/similar/duplicates/series/block`.

Thin shells over `ficlens.library.Library`: parse options, call, render. `--library PATH` (or
`$FICLENS_LIBRARY`) picks the library; the default lives in the user data dir.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ficlens.errors import ConfigError

LIBRARY_OPT = typer.Option(
    None, "--library", "-L", envvar="FICLENS_LIBRARY", help="Library file (default: in the user data dir)."
)
console = Console()
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"


class ExportFmt(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


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


def _open(path: Path | None, *, existing: bool = False):
    """Open the library; read-only commands (`existing`) refuse to create an empty one."""
    from ficlens.errors import LibraryError
    from ficlens.library import Library, default_path

    target = path or default_path()
    if existing and not target.exists():
        raise LibraryError(
            f"no library at {target}", hint="add works with `ficlens add` or `ficlens import` first"
        )
    return Library.open(target)


def _split(values: list[str] | None) -> list[str]:
    """Repeated options; commas separate values except inside AO3 names such as "A, B & C"."""
    return [v.strip() for v in values or [] if v.strip()]


def _progress(total: int, label: str):
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


def _print_report(report, what: str) -> None:
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


# -- add / import / analyze --pending --------------------------------------------------------


def add_cmd(
    files: list[Path] = typer.Argument(..., help="Story files to add."),
    fast: bool = typer.Option(
        False, "--fast", help="Store structure only; analyse later with `ficlens analyze --pending`."
    ),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Add story files to the library (the same content twice is stored once)."""
    from ficlens.errors import InputError

    failed = 0
    with _open(library) as lib:
        for file in files:
            try:
                result = lib.add(file, fast=fast)
            except InputError as exc:
                from ficlens.cli import report

                report(exc)
                failed += 1
                continue
            console.print(
                f"{result.status:>10}  #{result.work_id}  {result.title or file.name}", highlight=False
            )
    if failed:
        raise typer.Exit(3)


def import_cmd(
    directory: Path = typer.Argument(..., help="Folder of story files (searched recursively)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: all cores)."),
    fast: bool = typer.Option(
        False, "--fast", help="Store structure only; analyse later with `ficlens analyze --pending`."
    ),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Import every story file under a folder: parallel, idempotent, resumable.

    Bad files are skipped and listed at the end; the exit code is then 3 (good files are stored).
    """
    from ficlens.errors import InputError
    from ficlens.library.importer import find_story_files, import_paths

    if not directory.exists():
        raise InputError(f"{directory}: no such folder")
    jobs = jobs or os.cpu_count() or 1
    with _open(library) as lib:
        # A library kept inside the folder being imported must not import itself.
        own = [lib.path.with_name(lib.path.name + x) for x in ("", "-wal", "-shm", "-journal")]
        own += [lib.blocklist_path]
        index_dir = lib.index.path.resolve()
        paths = [
            p for p in find_story_files(directory, exclude=own) if not p.resolve().is_relative_to(index_dir)
        ]
        progress, advance = _progress(len(paths), "import")
        with progress:
            report = import_paths(lib, paths, jobs=jobs, fast=fast, progress=advance)
    _print_report(report, f"imported {len(paths)} file(s)")
    if report.failed:
        raise typer.Exit(3)


def analyze_pending(library: Path | None = None, jobs: int = 0) -> None:
    """`ficlens analyze --pending`: the full analysis of works imported with `--fast`."""
    from ficlens.library.importer import analyse_pending

    jobs = jobs or os.cpu_count() or 1
    with _open(library) as lib:
        total = len(lib.pending())
        progress, advance = _progress(total, "analyse")
        with progress:
            report = analyse_pending(lib, jobs=jobs, progress=advance)
    _print_report(report, f"analysed {total} pending work(s)")
    if report.failed:
        raise typer.Exit(3)


# -- search / list -------------------------------------------------------------------------


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
        ratings=_split(rating),
        warnings=_split(warning),
        exclude_warnings=_split(exclude_warning),
        fandoms=_split(fandom),
        exclude_fandoms=_split(exclude_fandom),
        characters=_split(character),
        exclude_characters=_split(exclude_character),
        relationships=_split(relationship),
        exclude_relationships=_split(exclude_relationship),
        tags=_split(tag),
        exclude_tags=_split(exclude_tag),
        cws=_split(cw),
        exclude_cws=_split(exclude_cw),
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
    with _open(library, existing=True) as lib:
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

    with _open(library, existing=True) as lib:
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
    with _open(library, existing=True) as lib:
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


def remove_cmd(
    work_ids: list[int] = typer.Argument(..., help="Work ids to remove."),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Remove works (and everything stored about them) from the library."""
    with _open(library) as lib:
        for work_id in work_ids:
            title = lib.summary(work_id).title
            lib.remove(work_id)
            console.print(f"removed #{work_id} {title or ''}", highlight=False)


def export_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    fmt: ExportFmt = typer.Option(ExportFmt.json, "--format", "-f"),
    full: bool = typer.Option(
        False, "--full", help="json/jsonl: the whole stored analysis instead of blurbs."
    ),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Export every work's blurb (json, jsonl, csv, parquet), or the full analyses (--full)."""
    from ficlens.library.export import export_library

    with _open(library, existing=True) as lib:
        n = export_library(lib, out, fmt.value, full=full)
    err.print(f"exported {n} work(s) to {out}", highlight=False)


def reindex_cmd(library: Path | None = LIBRARY_OPT) -> None:
    """Rebuild the search index from the library database."""
    from ficlens.library import Library

    # Opening with rebuild_index wipes the index first, so even a corrupt one is rebuilt.
    with Library.open(library, rebuild_index=True) as lib:
        progress, advance = _progress(lib.count(), "reindex")
        with progress:
            n = lib.reindex(progress=advance)
    err.print(f"reindexed {n} work(s)", highlight=False)


def similar_cmd(
    work_id: int = typer.Argument(...),
    limit: int = typer.Option(10, "--limit", "-n", min=1),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    library: Path | None = LIBRARY_OPT,
) -> None:
    """Works like this one, by wording and shared tags, with the reasons."""
    with _open(library, existing=True) as lib:
        found = lib.similar(work_id, limit=limit)
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps([s.model_dump(mode="json") for s in found], indent=2) + "\n")
        return
    if not found:
        err.print("no similar works found", highlight=False)
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
    with _open(library, existing=True) as lib:
        pairs = lib.duplicates()
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps([p.model_dump(mode="json") for p in pairs], indent=2) + "\n")
        return
    if not pairs:
        err.print("no near-duplicates", highlight=False)
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
    with _open(library, existing=True) as lib:
        found = lib.series(name)
    if fmt is Fmt.json:
        sys.stdout.write(
            json.dumps({k: [w.model_dump(mode="json") for w in v] for k, v in found.items()}, indent=2) + "\n"
        )
        return
    if not found:
        err.print("no series" + (f" matching {name!r}" if name else ""), highlight=False)
    for series_name, works in found.items():
        console.print(f"[bold]{series_name}[/bold]", highlight=False)
        for w in works:
            part = w.series.part if w.series and w.series.part is not None else "?"
            console.print(f"  part {part}: #{w.id} {w.title or '(untitled)'}", highlight=False)


# -- blocklist -----------------------------------------------------------------------------

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
    with _open(library) as lib:
        n = lib.blocklist.add(rule)
        console.print(f"added rule {n + 1}: {rule.describe()}  ({lib.blocklist.path})", highlight=False)


@block_app.command("list")
def block_list(library: Path | None = LIBRARY_OPT) -> None:
    """Show the rules, numbered for `ficlens block remove`."""
    with _open(library, existing=True) as lib:
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
    with _open(library) as lib:
        rule = lib.blocklist.remove(number - 1)
    console.print(f"removed rule {number}: {rule.describe()}", highlight=False, markup=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("add")(add_cmd)
    app.command("import")(import_cmd)
    app.command("search")(search_cmd)
    app.command("list")(list_cmd)
    app.command("show")(show_cmd)
    app.command("remove")(remove_cmd)
    app.command("export")(export_cmd)
    app.command("reindex")(reindex_cmd)
    app.command("similar")(similar_cmd)
    app.command("duplicates")(duplicates_cmd)
    app.command("series")(series_cmd)
    app.add_typer(block_app, name="block")


__all__ = ["analyze_pending", "register"]
