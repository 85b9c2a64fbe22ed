"""`ficlens passages`, `ficlens eval warnings` and `ficlens eval ao3-warnings`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ficlens.errors import InputError
from ficlens.jsonl import read_jsonl


def _shared_data() -> Path:
    """../shared/data beside the repo (or $FICLENS_SHARED_DATA), as the tests find it."""
    import os

    env = os.environ.get("FICLENS_SHARED_DATA")
    if env:
        return Path(env)
    here = Path("../shared/data")
    return here if here.exists() else Path(__file__).resolve().parents[3].parent / "shared" / "data"


DEFAULT_DATA = _shared_data()


class SettingOpt(StrEnum):
    id = "id"
    ood = "ood"
    both = "both"


class LabelsOpt(StrEnum):
    majority = "majority"
    any = "any"
    both = "both"


def _read_jsonl(path: Path) -> tuple[list[object], list[str]]:
    """(ids, texts) from a JSON Lines file of objects with `id` and `text`."""
    ids: list[object] = []
    texts: list[str] = []
    for n, row in read_jsonl(path):
        if not isinstance(row.get("text"), str):
            raise InputError(
                f"{path}:{n}: expected an object with a string `text`", hint='e.g. {"id": 1, "text": "..."}'
            )
        ids.append(row.get("id", n))
        texts.append(row["text"])
    return ids, texts


def passages_cmd(
    file: Path = typer.Argument(..., help="JSON Lines with `id` and `text` per line (- for stdin)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
) -> None:
    """Score passages for content warnings: one JSON line {id, scores, warnings} per input line."""
    from ficlens.passage_scoring import score_passages

    ids, texts = _read_jsonl(file)
    results = score_passages(texts)
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        for pid, res in zip(ids, results, strict=True):
            sink.write(json.dumps({"id": pid, **res}, ensure_ascii=False) + "\n")
    finally:
        if out:
            sink.close()


def eval_warnings_cmd(
    setting: SettingOpt = typer.Option(SettingOpt.both, "--setting", help="id, ood or both."),
    labels: LabelsOpt = typer.Option(LabelsOpt.both, "--labels", help="majority, any or both."),
    data: Path = typer.Option(
        DEFAULT_DATA / "warnings" / "passages_dev.jsonl", "--data", help="Passage file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
) -> None:
    """Passage protocol of Wiegmann et al. 2024: balanced 20+/20- per warning, seeds 43-47."""
    from rich.console import Console
    from rich.table import Table

    from ficlens.evaluation.passage_warnings import annotator_agreement, run_passage_eval
    from ficlens.passages import PASSAGE_WARNINGS, load_passages

    passages = load_passages(data)
    err = Console(stderr=True)
    settings = ["id", "ood"] if setting is SettingOpt.both else [setting.value]
    label_sets = ["majority", "any"] if labels is LabelsOpt.both else [labels.value]
    results = []
    for s in settings:
        for lab in label_sets:
            err.print(f"[dim]{s} / {lab}…[/dim]")
            results.append(
                run_passage_eval(
                    passages, setting=s, labels=lab, progress=lambda m: err.print(f"[dim]  {m}[/dim]")
                )  # type: ignore[arg-type]
            )
    # The human reference exists for majority labels only (one vote against the other two).
    human = {s: annotator_agreement(passages, setting=s) for s in settings if "majority" in label_sets}
    if as_json:
        rows = [
            {
                **r.to_dict(),
                **({"human_reference": _rounded(human[r.setting])} if r.labels == "majority" else {}),
            }
            for r in results
        ]
        print(json.dumps(rows, indent=2))
        return
    table = Table(
        title="Passage-level accuracy (mean of 5 balanced resamples)",
        caption="human: one annotator vs the other two (majority only; docs/evaluation.md)",
    )
    table.add_column("warning")
    for r in results:
        table.add_column(f"{r.setting.upper()} {r.labels}", justify="right")
    for w in PASSAGE_WARNINGS:
        table.add_row(w, *(f"{r.per_warning[w]:.3f}" for r in results))
    table.add_row("[bold]mean[/bold]", *(f"[bold]{r.mean_accuracy:.3f}[/bold]" for r in results))
    table.add_row(
        "[dim]human, mean[/dim]",
        *(f"[dim]{_mean(human[r.setting]):.3f}[/dim]" if r.labels == "majority" else "—" for r in results),
    )
    Console().print(table)


def _mean(scores: dict[str, float]) -> float:
    return sum(scores.values()) / len(scores) if scores else 0.0


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in {**scores, "mean": _mean(scores)}.items()}


def eval_ao3_cmd(
    data: Path = typer.Option(
        DEFAULT_DATA / "ao3", "--data", help="AO3 fixture folder (works.jsonl + raw/)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
) -> None:
    """Work level: rating accuracy and archive-warning micro-F1 against the authors' AO3 tags."""
    from rich.console import Console
    from rich.table import Table

    from ficlens.evaluation.ao3_warnings import run_ao3_eval
    from ficlens.evaluation.intervals import rounded

    err = Console(stderr=True)
    result = run_ao3_eval(data, progress=lambda m: err.print(f"[dim]{m}[/dim]", highlight=False))
    tp, fp, fn = result.warning_counts()
    summary = {
        "works": len(result.rows),
        "parse_errors": sum(r.error is not None for r in result.rows),
        "rating_works": len(result.rating_rows),
        "rating_accuracy": round(result.rating_accuracy, 4),
        "rating_accuracy_ci": rounded(result.rating_interval),
        "rating_majority_baseline": round(result.baseline_rating_accuracy, 4),
        "warning_works": len(result.warning_rows),
        "warning_micro_f1": round(result.warning_micro_f1, 4),
        "warning_micro_f1_ci": rounded(result.warning_micro_f1_interval),
        "warning_always_nawa_baseline": round(result.baseline_warning_micro_f1, 4),
        "warning_tp_fp_fn": [tp, fp, fn],
        # Every work whose author ticked Major Character Death, chose-not-to-warn ones included.
        "mcd_found_of_ticked": list(result.mcd_found()),
    }
    if as_json:
        print(json.dumps({**summary, "misses": [r.__dict__ for r in result.misses()]}, indent=2))
        return
    console = Console(width=160)
    for line in summary_lines(summary):
        console.print(line, highlight=False, markup=False)
    table = Table(title="Misses (rating or archive warnings differ, or the file did not parse)")
    for col in ("file", "gold rating", "ficlens rating", "gold warnings", "ficlens warnings", "why"):
        table.add_column(col, overflow="fold")
    for r in result.misses():
        table.add_row(
            r.file,
            r.gold_rating or "—",
            r.pred_rating or "—",
            ", ".join(r.gold_warnings) or "—",
            ", ".join(r.pred_warnings) or "—",
            r.error or "; ".join(r.reasons)[:200],
        )
    console.print(table)


def summary_lines(summary: dict[str, object]) -> list[str]:
    """`key: value` lines of an eval summary, each figure with its 95% interval beside it
    (`0.587 [0.464, 0.700]`) instead of a separate `*_ci` line. Plain text: print with markup off."""
    lines = []
    for k, v in summary.items():
        if k.endswith("_ci"):
            continue
        if isinstance(v, dict) and v and all(isinstance(x, dict) and "recall_ci" in x for x in v.values()):
            lines += [f"{k}:", *(f"  {label}: {_with_intervals(x)}" for label, x in v.items())]
        else:
            lines.append(f"{k}: {_with_intervals(v, summary.get(f'{k}_ci'))}")
    return lines


def _with_intervals(value: object, interval: object = None) -> str:
    from ficlens.evaluation.intervals import with_ci

    if isinstance(value, float) and isinstance(interval, list):
        return with_ci(value, interval)
    if isinstance(value, dict) and any(isinstance(k, str) and k.endswith("_ci") for k in value):
        return ", ".join(
            f"{k} {_with_intervals(v, value.get(f'{k}_ci'))}"
            for k, v in value.items()
            if not k.endswith("_ci")
        )
    return str(value)


def eval_work_cmd(
    data: Path = typer.Option(
        Path(__file__).resolve().parents[3] / "tests" / "data" / "work_warnings",
        "--data",
        help="Folder with the stories and gold.jsonl (default: the repository's tests/data/work_warnings).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
    split: list[str] = typer.Option(
        [],
        "--split",
        help="Score only the stories of this gold split (repeatable: --split blind --split fresh); "
        "the others are not read.",
    ),
) -> None:
    """Whole stories: archive warnings (and who dies), rating, self-harm, events and spoiler notices."""
    from rich.console import Console

    from ficlens.cli.console import report
    from ficlens.errors import FiclensError
    from ficlens.evaluation.work_warnings import run_work_eval

    err = Console(stderr=True)
    try:
        result = run_work_eval(
            data, progress=lambda m: err.print(f"[dim]{m}[/dim]", highlight=False), splits=split
        )
    except FiclensError as exc:  # a broken set: say which line, exit like every command does
        report(exc)
        raise typer.Exit(exc.exit_code) from exc
    summary = result.summary()
    if as_json:
        print(json.dumps({**summary, "misses": result.misses()}, indent=2))
        return
    console = Console(width=160)
    splits = summary.pop("splits", {})
    console.print(f"[bold]all {summary['stories']} stories[/bold]", highlight=False)
    for line in summary_lines(summary):
        console.print(line, highlight=False, markup=False)
    for name, part in splits.items():
        console.print(f"\n[bold]split {name!r} ({part['stories']} stories)[/bold]", highlight=False)
        for line in summary_lines(part):
            console.print(line, highlight=False, markup=False)
    console.print()
    for miss in result.misses():
        console.print(
            f"[bold]{miss['file']}[/bold] ({miss['split']}): " + "; ".join(miss["problems"]), highlight=False
        )


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app (and to `ficlens eval`)."""
    app.command("passages")(passages_cmd)
    eval_app.command("warnings")(eval_warnings_cmd)
    eval_app.command("ao3-warnings")(eval_ao3_cmd)
    eval_app.command("work-warnings")(eval_work_cmd)
