"""`ficlens eval ao3-warnings`: rating and archive warnings of AO3 works against their authors' tags.

    >>> from ficlens.evaluation.ao3_warnings import run_ao3_eval
    >>> result = run_ao3_eval("../shared/data/ao3")
    >>> result.rating_accuracy, result.warning_micro_f1

One file is analysed per distinct work (HTML preferred over the page, EPUB and Markdown copies);
works that set "Creator Chose Not To Use Archive Warnings" count for the rating only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.evaluation.intervals import micro_f1_interval, wilson
from ficlens.jsonl import read_jsonl
from ficlens.model import AO3_ARCHIVE_WARNINGS

CHOSE_NOT_TO_WARN = ("Creator Chose Not To Use Archive Warnings", "Choose Not To Use Archive Warnings")
# The warnings scored: what a creator who chose not to warn leaves out is not a label.
ARCHIVE_LABELS = tuple(w for w in AO3_ARCHIVE_WARNINGS if w not in CHOSE_NOT_TO_WARN)
MCD = "Major Character Death"


@dataclass
class WorkRow:
    work_id: str
    file: str
    gold_rating: str | None
    pred_rating: str | None
    gold_warnings: list[str]
    pred_warnings: list[str]
    error: str | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class AO3EvalResult:
    rows: list[WorkRow]

    @property
    def rating_rows(self) -> list[WorkRow]:
        return [r for r in self.rows if r.error is None and r.gold_rating not in (None, "Not Rated")]

    @property
    def warning_rows(self) -> list[WorkRow]:
        return [
            r
            for r in self.rows
            if r.error is None and r.gold_warnings and not set(r.gold_warnings) & set(CHOSE_NOT_TO_WARN)
        ]

    @property
    def rating_accuracy(self) -> float:
        rows = self.rating_rows
        return float(np.mean([r.gold_rating == r.pred_rating for r in rows])) if rows else float("nan")

    @property
    def rating_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the rating accuracy (each work one trial)."""
        rows = self.rating_rows
        return wilson(sum(r.gold_rating == r.pred_rating for r in rows), len(rows))

    def warning_counts_per_work(self) -> list[tuple[int, int, int]]:
        """(tp, fp, fn) of the archive warnings, one triple per scored work."""
        out = []
        for r in self.warning_rows:
            gold, pred = set(r.gold_warnings) & set(ARCHIVE_LABELS), set(r.pred_warnings)
            out.append((len(gold & pred), len(pred - gold), len(gold - pred)))
        return out

    def warning_counts(self) -> tuple[int, int, int]:
        per_work = self.warning_counts_per_work()
        return sum(c[0] for c in per_work), sum(c[1] for c in per_work), sum(c[2] for c in per_work)

    @property
    def warning_micro_f1_interval(self) -> tuple[float, float]:
        """Seeded bootstrap 95% interval of the warning micro-F1, resampling works."""
        return micro_f1_interval(self.warning_counts_per_work())

    @property
    def warning_micro_f1(self) -> float:
        tp, fp, fn = self.warning_counts()
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")

    @property
    def baseline_rating_accuracy(self) -> float:
        """Accuracy of always answering the most frequent gold rating (a majority baseline)."""
        golds = [r.gold_rating for r in self.rating_rows]
        if not golds:
            return float("nan")
        top = max(set(golds), key=golds.count)
        return golds.count(top) / len(golds)

    @property
    def baseline_warning_micro_f1(self) -> float:
        """Micro-F1 of always answering "No Archive Warnings Apply" (a majority baseline)."""
        tp = fp = fn = 0
        for r in self.warning_rows:
            gold = set(r.gold_warnings) & set(ARCHIVE_LABELS)
            tp += "No Archive Warnings Apply" in gold
            fp += "No Archive Warnings Apply" not in gold
            fn += len(gold - {"No Archive Warnings Apply"})
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")

    @property
    def mcd_rows(self) -> list[WorkRow]:
        """Works whose author ticked Major Character Death, also beside "Creator Chose Not To Use
        Archive Warnings": a tick is a label there, only what is left unticked is not."""
        return [r for r in self.rows if r.error is None and MCD in r.gold_warnings]

    def mcd_found(self) -> tuple[int, int]:
        """(found, ticked): the issue's "every Major Character Death work found"."""
        rows = self.mcd_rows
        return sum(MCD in r.pred_warnings for r in rows), len(rows)

    def misses(self) -> list[WorkRow]:
        rating_ids = {id(r) for r in self.rating_rows}
        warn_ids = {id(r) for r in self.warning_rows}
        return [
            r
            for r in self.rows
            if r.error
            or (id(r) in rating_ids and r.gold_rating != r.pred_rating)
            or (id(r) in warn_ids and set(r.gold_warnings) != set(r.pred_warnings))
            or (MCD in r.gold_warnings and MCD not in r.pred_warnings)
        ]


def run_ao3_eval(
    ao3_dir: str | Path,
    *,
    stages: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> AO3EvalResult:
    """Analyse one file per distinct AO3 work and compare with the authors' rating and warnings.

    Gold tags come from `works.jsonl` (not from our own parse). Works whose file does not parse
    are listed with their error and left out of the scores.
    """
    from ficlens.api import analyze
    from ficlens.errors import FiclensError
    from ficlens.pipeline import registered_stages

    ao3_dir = Path(ao3_dir)
    index = ao3_dir / "works.jsonl"
    if stages is None:
        known = registered_stages()
        stages = [
            s
            for s in (
                "structure",
                "stats",
                "characters",
                "fandom",
                "pov",
                "content_warnings",
                "events",
                "rating",
            )
            if s in known
        ]
    records: dict[str, dict[str, Any]] = {}
    prefer = {"html": 0, "page": 1, "epub": 2, "markdown": 3}
    for _, rec in read_jsonl(index, hint="pass --data pointing at shared/data/ao3"):
        cur = records.get(rec["work_id"])
        if cur is None or prefer.get(rec["format"], 9) < prefer.get(cur["format"], 9):
            records[rec["work_id"]] = rec
    rows: list[WorkRow] = []
    for wid, rec in sorted(records.items()):
        path = ao3_dir / rec["raw_file"]  # already "raw/<name>"
        gold_w = [
            w if w not in CHOSE_NOT_TO_WARN else CHOSE_NOT_TO_WARN[0]
            for w in rec.get("archive_warnings") or []
        ]
        row = WorkRow(wid, Path(rec["raw_file"]).name, rec.get("rating"), None, gold_w, [])
        try:
            work = analyze(path, stages=list(stages))
            row.pred_rating = work.inferred.rating.name if work.inferred.rating else None
            row.pred_warnings = [w.name for w in work.inferred.archive_warnings]
            row.reasons = (work.inferred.rating.reasons if work.inferred.rating else []) + [
                r for w in work.inferred.archive_warnings for r in w.reasons
            ]
        except FiclensError as exc:
            row.error = f"{type(exc).__name__}: {exc}"
        rows.append(row)
        if progress:
            progress(
                f"{rec['raw_file']}: {row.pred_rating} / {row.pred_warnings} (gold {row.gold_rating} / {gold_w})"
            )
    return AO3EvalResult(rows)
