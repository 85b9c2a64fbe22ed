"""`ficlens plot` (arc, character graph, scene map as SVG/PNG) and `ficlens eval tags`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ficlens.errors import InputError


class PlotKindOption(StrEnum):
    arc = "arc"
    characters = "characters"
    scenes = "scenes"


def _names(value: str | None) -> list[str] | None:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    return names or None


def plot_cmd(
    path: str = typer.Argument(..., help="Story file, or - for standard input."),
    kind: PlotKindOption = typer.Option(PlotKindOption.arc, "--kind", "-k", help="Which picture to draw."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write here (.svg, or .png: needs the cairo C library); default stdout."
    ),
    profile: str = typer.Option("full", "--profile", help="Stage profile to analyse with."),
    stages: str | None = typer.Option(
        None, "--stages", help="Run only these stages (comma-separated), e.g. structure,arc."
    ),
    disable: str | None = typer.Option(None, "--disable", help="Skip these stages (comma-separated)."),
) -> None:
    """Draw a picture of a story: its emotional arc, its characters, or its scene map."""
    from ficlens.api import analyze
    from ficlens.plots import render_plot, svg_to_png

    svg = render_plot(
        analyze(path, profile=profile, stages=_names(stages), disable=_names(disable) or ()), kind.value
    )
    if out is None:
        sys.stdout.write(svg)
        return
    try:
        if out.suffix.lower() == ".png":
            out.write_bytes(svg_to_png(svg))
        else:
            out.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from exc


def eval_tags_cmd(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The shared data directory (holds ao3/works.jsonl)."
    ),
    profile: str = typer.Option("full", "--profile", help="Stage profile to analyse with."),
    stages: str | None = typer.Option(None, "--stages", help="Run only these stages (comma-separated)."),
    disable: str | None = typer.Option(None, "--disable", help="Skip these stages (comma-separated)."),
    limit: int | None = typer.Option(None, "--limit", help="Evaluate only the first N works."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report (per work too) as JSON."),
) -> None:
    """Score suggested freeform tags against the AO3 authors' own tags (precision@5, recall, per tag)."""
    from ficlens.evaluation.tags import evaluate_tags, report_markdown

    report = evaluate_tags(data, profile=profile, stages=_names(stages), disable=_names(disable), limit=limit)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(report_markdown(report))
    for work_id, why in report.skipped.items():
        sys.stderr.write(f"skipped {work_id}: {why}\n")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app (and to `ficlens eval`)."""
    app.command("plot")(plot_cmd)
    eval_app.command("tags")(eval_tags_cmd)
