"""`ficlens eval work-warnings`: archive warnings, rating, self-harm, events and spoiler notices
of whole short stories against hand-written gold labels (issue 15).

The set is a folder with the stories (`NN-slug.txt`) and `gold.jsonl`, one line per story:

    {"id", "file", "fandom", "words", "rating", "archive_warnings": [...], "mcd_characters": [...],
     "self_harm": null | {kind, who, severity} | [...], "events": [{label, victim, agent, mode,
     severity, scene, main_character}], "spoiler_notice": null | "<canon named>", "why"}

    >>> result = run_work_eval(Path("tests/data/work_warnings"))
    >>> result.summary()["mcd"]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.errors import InputError
from ficlens.evaluation.ao3_warnings import ARCHIVE_LABELS
from ficlens.evaluation.intervals import micro_f1_interval, rounded, wilson
from ficlens.jsonl import read_jsonl
from ficlens.model import AO3_RATINGS

STAGES = ("structure", "stats", "characters", "fandom", "pov", "content_warnings", "events", "rating")
RATINGS = tuple(r for r in AO3_RATINGS if r != "Not Rated")
_STOP = frozenset({"the", "a", "an", "of", "and", "for", "in"})


def same_name(a: str | None, b: str | None) -> bool:
    """Two names for one person or canon: a shared word (case-blind, articles left out)."""
    if not a or not b:
        return False
    wa = {w for w in re.findall(r"\w+", a.lower()) if w not in _STOP}
    wb = {w for w in re.findall(r"\w+", b.lower()) if w not in _STOP}
    return bool(wa & wb)


@dataclass
class Story:
    gold: dict[str, Any]
    pred_rating: str | None = None
    pred_archive: list[str] = field(default_factory=list)
    pred_mcd: list[str] = field(default_factory=list)
    pred_self_harm: list[dict[str, Any]] = field(default_factory=list)
    pred_events: list[dict[str, Any]] = field(default_factory=list)
    pred_spoiler: tuple[bool, str | None] = (False, None)
    error: str | None = None

    @property
    def gold_self_harm(self) -> list[dict[str, Any]]:
        sh = self.gold.get("self_harm")
        return [] if not sh else [sh] if isinstance(sh, dict) else list(sh)


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        self.tp += gold and pred
        self.fp += pred and not gold
        self.fn += gold and not pred

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else float("nan")

    def to_dict(self, *, intervals: bool = False) -> dict[str, Any]:
        """The figures; with `intervals`, Wilson intervals of precision and recall too (`*_ci`).

        Only for counts with one decision per story (a label, a warning): there the stories are
        the independent trials the Wilson interval assumes.
        """
        out: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp_fp_fn": [self.tp, self.fp, self.fn],
        }
        if intervals:
            out["precision_ci"] = rounded(wilson(self.tp, self.tp + self.fp))
            out["recall_ci"] = rounded(wilson(self.tp, self.tp + self.fn))
        return out


@dataclass
class WorkEvalResult:
    stories: list[Story]

    @property
    def scored(self) -> list[Story]:
        return [s for s in self.stories if s.error is None]

    def archive(self) -> dict[str, PR]:
        per = {name: PR() for name in ARCHIVE_LABELS}
        for s in self.scored:
            gold, pred = set(s.gold.get("archive_warnings") or []), set(s.pred_archive)
            for name in ARCHIVE_LABELS:
                per[name].add(name in gold, name in pred)
        return per

    def archive_counts(self) -> list[tuple[int, int, int]]:
        """(tp, fp, fn) over the archive labels, one triple per scored story (the bootstrap's units)."""
        out = []
        for s in self.scored:
            gold, pred = set(s.gold.get("archive_warnings") or []), set(s.pred_archive)
            labels = set(ARCHIVE_LABELS)
            out.append((len(gold & pred & labels), len((pred - gold) & labels), len((gold - pred) & labels)))
        return out

    def micro(self) -> PR:
        total = PR()
        for pr in self.archive().values():
            total.tp, total.fp, total.fn = total.tp + pr.tp, total.fp + pr.fp, total.fn + pr.fn
        return total

    def mcd_characters(self) -> PR:
        """Per gold dead character: found among the characters the MCD warning names."""
        pr = PR()
        for s in self.scored:
            gold = s.gold.get("mcd_characters") or []
            for g in gold:
                pr.add(True, any(same_name(g, p) for p in s.pred_mcd))
            for p in s.pred_mcd:
                if not any(same_name(g, p) for g in gold):
                    pr.fp += 1
        return pr

    def rating_counts(self) -> tuple[int, int, int]:
        """(exact, within one step, stories with a gold rating)."""
        rows = [s for s in self.scored if s.gold.get("rating") in RATINGS]
        exact = sum(s.pred_rating == s.gold["rating"] for s in rows)
        near = sum(
            s.pred_rating in RATINGS
            and abs(RATINGS.index(s.pred_rating) - RATINGS.index(s.gold["rating"])) <= 1
            for s in rows
        )
        return exact, near, len(rows)

    def rating(self) -> tuple[float, float]:
        exact, near, n = self.rating_counts()
        if not n:
            return float("nan"), float("nan")
        return exact / n, near / n

    def self_harm(self) -> tuple[PR, PR]:
        """(any suicide/self-harm warning per story, per kind)."""
        work, kinds = PR(), PR()
        for s in self.scored:
            gold = {g.get("kind") for g in s.gold_self_harm}
            pred = {p["kind"] for p in s.pred_self_harm}
            work.add(bool(gold), bool(pred))
            for k in gold | pred:
                kinds.add(k in gold, k in pred)
        return work, kinds

    def events(self) -> tuple[PR, float, float]:
        """(events matched on label and scene, victim agreement and mode agreement among matches)."""
        pr = PR()
        victim_ok = mode_ok = matched = 0
        for s in self.scored:
            pred = list(s.pred_events)
            for g in s.gold.get("events") or []:
                hit = next(
                    (p for p in pred if p["label"] == g["label"] and p["scene"] == g.get("scene")), None
                )
                if hit is None:
                    hit = next((p for p in pred if p["label"] == g["label"]), None)
                    hit = hit if hit is not None and g.get("scene") is None else None
                pr.add(True, hit is not None)
                if hit is not None:
                    pred.remove(hit)
                    matched += 1
                    victims = [p["name"] for p in hit["participants"] if p["role"] == "victim"]
                    victim_ok += (not g.get("victim") and not victims) or any(
                        same_name(g.get("victim"), v) for v in victims
                    )
                    mode_ok += hit["mode"] == g.get("mode")
            pr.fp += len(pred)
        return (
            pr,
            victim_ok / matched if matched else float("nan"),
            mode_ok / matched if matched else float("nan"),
        )

    def spoilers(self) -> tuple[PR, float]:
        pr = PR()
        named = total = 0
        for s in self.scored:
            gold = s.gold.get("spoiler_notice")
            # "" is a notice that names no canon ("Spoiler warning, I guess"): still a notice.
            pr.add(gold is not None, s.pred_spoiler[0])
            if gold and s.pred_spoiler[0]:
                total += 1
                named += same_name(gold, s.pred_spoiler[1])
        return pr, named / total if total else float("nan")

    def splits(self) -> dict[str, WorkEvalResult]:
        """The stories by their gold `split` ("blind" when unset): a split written later is scored alone."""
        by: dict[str, list[Story]] = {}
        for s in self.stories:
            by.setdefault(str(s.gold.get("split") or "blind"), []).append(s)
        return {name: WorkEvalResult(stories) for name, stories in by.items()}

    def summary(self) -> dict[str, Any]:
        out = self._summary()
        parts = self.splits()
        if len(parts) > 1:
            out["splits"] = {name: part._summary() for name, part in parts.items()}
        return out

    def _summary(self) -> dict[str, Any]:
        exact, near = self.rating()
        n_exact, n_near, n_rated = self.rating_counts()
        sh_work, sh_kind = self.self_harm()
        ev, victim, mode = self.events()
        sp, sp_named = self.spoilers()
        # 95% intervals as sibling `*_ci` keys (docs/evaluation.md, "How sure these figures are").
        return {
            "stories": len(self.stories),
            "errors": sum(s.error is not None for s in self.stories),
            "archive_micro_f1": round(self.micro().f1, 4),
            "archive_micro_f1_ci": rounded(micro_f1_interval(self.archive_counts())),
            "archive": {k: v.to_dict(intervals=True) for k, v in self.archive().items()},
            "mcd": self.archive()["Major Character Death"].to_dict(intervals=True),
            "mcd_characters": self.mcd_characters().to_dict(),
            "rating_exact": round(exact, 4),
            "rating_exact_ci": rounded(wilson(n_exact, n_rated)),
            "rating_within_one": round(near, 4),
            "rating_within_one_ci": rounded(wilson(n_near, n_rated)),
            "self_harm_work": sh_work.to_dict(intervals=True),
            "self_harm_kind": sh_kind.to_dict(),
            "events": ev.to_dict(),
            "event_victim_agreement": round(victim, 4),
            "event_mode_agreement": round(mode, 4),
            "spoiler_notice": sp.to_dict(intervals=True),
            "spoiler_canon_named": round(sp_named, 4),
        }

    def misses(self) -> list[dict[str, Any]]:
        out = []
        for s in self.stories:
            gold_arch = set(s.gold.get("archive_warnings") or [])
            problems = []
            if s.error:
                problems.append(s.error)
            if gold_arch != set(s.pred_archive):
                problems.append(f"archive gold {sorted(gold_arch)} vs {sorted(s.pred_archive)}")
            if s.gold.get("rating") != s.pred_rating:
                problems.append(f"rating gold {s.gold.get('rating')} vs {s.pred_rating}")
            gold_sh = sorted({g.get("kind") for g in s.gold_self_harm})
            pred_sh = sorted({p["kind"] for p in s.pred_self_harm})
            if gold_sh != pred_sh:
                problems.append(f"self-harm gold {gold_sh} vs {pred_sh}")
            if (s.gold.get("spoiler_notice") is not None) != s.pred_spoiler[0]:
                problems.append(f"spoiler gold {s.gold.get('spoiler_notice')!r} vs {s.pred_spoiler}")
            if problems:
                out.append(
                    {
                        "file": s.gold.get("file"),
                        "split": s.gold.get("split") or "blind",
                        "problems": problems,
                    }
                )
        return out


def load_gold(folder: Path) -> list[dict[str, Any]]:
    index = folder / "gold.jsonl"
    rows = [row for _, row in read_jsonl(index, hint="pass --data pointing at a folder with gold.jsonl")]
    for n, row in enumerate(rows, 1):
        if not isinstance(row.get("file"), str):
            raise InputError(f"{index}:{n}: a gold line needs a `file`")
        if not (folder / row["file"]).is_file():
            raise InputError(f"{index}:{n}: story file {row['file']!r} not found in {folder}")
    return rows


def run_work_eval(
    folder: str | Path,
    *,
    stages: Sequence[str] = STAGES,
    progress: Callable[[str], None] | None = None,
    splits: Sequence[str] = (),
) -> WorkEvalResult:
    """Analyse every story of the set (or only those of `splits`) and compare with its gold line.

    A story outside `splits` is not read at all, so a held-out split stays unseen while others are scored.
    """
    from ficlens.api import analyze
    from ficlens.errors import FiclensError
    from ficlens.pipeline import registered_stages

    folder = Path(folder)
    known = registered_stages()
    stages = [s for s in stages if s in known]
    stories = []
    for gold in load_gold(folder):
        if splits and str(gold.get("split") or "blind") not in splits:
            continue
        story = Story(gold)
        try:
            work = analyze(folder / gold["file"], stages=list(stages))
            inf = work.inferred
            story.pred_rating = inf.rating.name if inf.rating else None
            story.pred_archive = [w.name for w in inf.archive_warnings]
            story.pred_mcd = [
                c for w in inf.archive_warnings if w.name == "Major Character Death" for c in w.characters
            ]
            story.pred_self_harm = [w.model_dump() for w in inf.self_harm]
            story.pred_events = [e.model_dump() for e in inf.events]
            notices = [n for n in work.notes if n.kind == "spoiler-notice"]
            story.pred_spoiler = (bool(notices), next((n.canon for n in notices if n.canon), None))
        except FiclensError as exc:
            story.error = f"{type(exc).__name__}: {exc}"
        stories.append(story)
        if progress:
            progress(f"{gold['file']}: {story.pred_rating} / {story.pred_archive}")
    return WorkEvalResult(stories)
