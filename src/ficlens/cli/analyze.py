"""`ficlens analyze` and `ficlens schema`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ficlens.errors import FiclensError, InputError


class OutputFormat(StrEnum):
    json = "json"
    table = "table"
    markdown = "markdown"


def split_names(values: list[str] | None) -> list[str] | None:
    """Stage names from repeated and/or comma-separated options; None when none were given."""
    if not values:
        return None
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def analyze_cmd(
    paths: list[str] | None = typer.Argument(None, help="Story files, or - for standard input."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Output format."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
    stages: list[str] | None = typer.Option(
        None, "--stages", help="Run only these stages (comma-separated or repeated)."
    ),
    disable: list[str] | None = typer.Option(None, "--disable", help="Skip these stages."),
    profile: str = typer.Option("full", "--profile", help="Stage profile: structure, fast, full."),
    include_text: bool = typer.Option(False, "--include-text", help="Add the body text as `text`."),
    no_evidence: bool = typer.Option(
        False, "--no-evidence", help="Leave out evidence passages (spoiler-free scene map)."
    ),
    max_size_mb: float | None = typer.Option(
        None, "--max-size", help="Largest input to read, in MB (default 64)."
    ),
    pending: bool = typer.Option(
        False, "--pending", help="Analyse works a library stored with --fast (see `ficlens import`)."
    ),
    library: Path | None = typer.Option(
        None, "--library", "-L", envvar="FICLENS_LIBRARY", help="Library for --pending (default: per user)."
    ),
) -> None:
    """Analyse stories and print the JSON contract (one object, or JSON Lines for several)."""
    from ficlens.api import analyze
    from ficlens.cli.console import report
    from ficlens.pipeline import Pipeline
    from ficlens.render import render_markdown, render_table

    if pending:
        if paths:
            raise typer.BadParameter("give either story files or --pending, not both")
        from ficlens.cli.library.add import analyze_pending

        analyze_pending(library)
        return
    if not paths:
        raise typer.BadParameter("give at least one story file (or - for standard input), or --pending")
    stage_names = split_names(stages)
    disabled = split_names(disable) or []
    # Validate the pipeline once, before reading any story.
    if stage_names is not None:
        Pipeline.from_names(stage_names)
    else:
        Pipeline.from_profile(profile, disable=disabled)
    max_bytes = int(max_size_mb * 1024 * 1024) if max_size_mb else None

    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    failures = 0
    try:
        for path in paths:
            try:
                work = analyze(
                    path, stages=stage_names, profile=profile, disable=disabled, max_bytes=max_bytes
                )
            except InputError as exc:
                report(exc)
                failures += 1
                continue
            if no_evidence:
                for cw in work.inferred.content_warnings:
                    cw.evidence = []
                for rel in work.inferred.relationships:
                    rel.evidence = []
            if format is OutputFormat.json:
                data = work.to_output(include_text=include_text)
                if len(paths) == 1:
                    sink.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
                else:
                    sink.write(json.dumps(data, ensure_ascii=False) + "\n")
            elif format is OutputFormat.table:
                render_table(work, file=sink, evidence=not no_evidence)
            else:
                sink.write(render_markdown(work, evidence=not no_evidence))
    finally:
        if out:
            sink.close()
    if failures:
        raise typer.Exit(3)


def schema_cmd(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of the `ficlens analyze` output."""
    from ficlens.contract import output_schema

    text = json.dumps(output_schema(), indent=2) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def stages_markdown() -> str:
    """The registered stages as a Markdown table (docs/stages.md embeds it; a test keeps them equal)."""
    from ficlens.pipeline import PROFILES, registered_stages

    rows = ["| stage | profiles | requires | assigns | what it does |", "|---|---|---|---|---|"]
    order = {name: i for i, name in enumerate(PROFILES["full"])}
    for name, info in sorted(registered_stages().items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        if name.startswith("_"):
            continue
        profiles = ", ".join(p for p, names in PROFILES.items() if name in names)
        rows.append(
            f"| `{name}` | {profiles} | {', '.join(info.requires)} | {', '.join(info.assigns)} | {info.doc} |"
        )
    return "\n".join(rows) + "\n"


def stages_cmd() -> None:
    """List the registered pipeline stages with what each requires and assigns."""
    sys.stdout.write(stages_markdown())


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("analyze")(analyze_cmd)
    app.command("schema")(schema_cmd)
    app.command("stages")(stages_cmd)


__all__ = ["FiclensError", "register"]
