"""Evaluation of suggested freeform tags against the tags AO3 authors gave their works.

Each distinct work in `ao3/works.jsonl` is analysed from its raw file with `ficlens.analyze` (the
first format that parses, in the order markdown, html, page, epub). The author's freeform tags are
mapped onto ficlens's tag list with AO3's own tag structure (e.g. "Alternate Universe - Canon
Divergence" counts for both "Alternate Universe" and "Canon Divergence", "Fluff and Smut" for both
"Fluff" and "Smut"). Authors tag sparsely, so a suggestion missing from the author's tags is not
always wrong: precision here is a lower bound.

    >>> report = evaluate_tags(Path("../shared/data"))
    >>> report.precision_at_5, report.recall, report.per_tag["Smut"].recall
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import FiclensError, InputError
from ficlens.jsonl import read_jsonl
from ficlens.model import AO3_RATINGS
from ficlens.stages.tags import TAGS

# Author tag patterns (case-insensitive, searched) that count as each ficlens tag.
GOLD_PATTERNS: dict[str, tuple[str, ...]] = {
    "Angst": (r"\bangst",),
    "Fluff": (r"\bfluff",),
    "Hurt/Comfort": (r"hurt\s*/\s*comfort",),
    "Angst with a Happy Ending": (r"angst with a happy ending",),
    "Happy Ending": (r"happy ending",),
    "Sad Ending": (r"\bsad ending", r"unhappy ending"),
    "Humor": (r"\bhumou?r\b", r"\bcrack\b", r"\bcomedy\b"),
    "Romance": (r"\bromance\b", r"\bromantic\b", r"falling in love"),
    "Established Relationship": (r"established relationship",),
    "First Kiss": (r"first kiss",),
    "Friends to Lovers": (r"friends to lovers",),
    "Slow Burn": (r"slow[ -]?burn",),
    "Grief/Mourning": (r"\bgrie(f|ving)\b", r"\bmourning\b"),
    "Canon Divergence": (r"canon divergence",),
    "Post-Canon": (r"^post[- ]?(canon|game|series|finale|war|episode|journey)",),
    "Alternate Universe": (r"^alternate universe", r"^au\b", r"\bfusion\b"),
    "Smut": (r"\bsmut\b", r"porn without plot", r"plot what plot", r"^pwp$"),
    "Character Study": (r"character study",),
    "Introspection": (r"introspection",),
    "Drabble": (r"\bdrabble",),
    "One Shot": (r"\bone[- ]?shot\b",),
    "Series": (r"^series\b", r"\bpart of a series\b"),
}
_COMPILED = {tag: [re.compile(p, re.IGNORECASE) for p in pats] for tag, pats in GOLD_PATTERNS.items()}
FORMAT_ORDER = ("markdown", "html", "page", "epub")
TOP_K = 5
STRUCTURE_TAGS = {"Drabble", "One Shot", "Series"}
_RATING_ORDER = {r: i for i, r in enumerate(AO3_RATINGS)}


def gold_tags(freeform: Iterable[str]) -> set[str]:
    """The ficlens tags an author's freeform tags amount to."""
    out: set[str] = set()
    for raw in freeform:
        text = raw.strip()
        out.update(tag for tag, pats in _COMPILED.items() if any(p.search(text) for p in pats))
    return out


@dataclass
class TagScore:
    gold: int = 0
    predicted: int = 0
    hits: int = 0

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.gold if self.gold else None


@dataclass
class WorkResult:
    work_id: str
    file: str
    gold: list[str]
    predicted: list[str]  # ranked, above the stage's threshold
    rating: str | None = None  # the author's declared rating (a proxy check for Smut)


@dataclass
class TagReport:
    works: list[WorkResult] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # work id -> why
    per_tag: dict[str, TagScore] = field(default_factory=dict)

    @property
    def scored(self) -> list[WorkResult]:
        """Works with at least one author tag in the list: the only ones precision@5 can judge."""
        return [w for w in self.works if w.gold]

    @property
    def precision_at_5(self) -> float | None:
        """Mean over scored works of hits among the top 5 / number shown (at most 5)."""
        values = [
            len(set(w.predicted[:TOP_K]) & set(w.gold)) / len(w.predicted[:TOP_K])
            for w in self.scored
            if w.predicted
        ]
        return sum(values) / len(values) if values else None

    @property
    def content_precision_at_5(self) -> float | None:
        """precision@5 over content tags only (Drabble, One Shot and Series left out of both sides).

        AO3 already shows length, chapters and series, so authors seldom tag them; this isolates the
        tags that need reading the story.
        """
        values = []
        for w in self.scored:
            shown = [t for t in w.predicted if t not in STRUCTURE_TAGS][:TOP_K]
            gold = set(w.gold) - STRUCTURE_TAGS
            if shown and gold:
                values.append(len(set(shown) & gold) / len(shown))
        return sum(values) / len(values) if values else None

    @property
    def hit_at_5(self) -> float | None:
        """Share of scored works with at least one author tag among the top 5."""
        scored = self.scored
        if not scored:
            return None
        return sum(bool(set(w.predicted[:TOP_K]) & set(w.gold)) for w in scored) / len(scored)

    @property
    def recall(self) -> float | None:
        """Micro recall of the author tags in the list, over all suggestions above threshold."""
        gold = sum(s.gold for s in self.per_tag.values())
        return sum(s.hits for s in self.per_tag.values()) / gold if gold else None

    def smut_by_rating(self) -> dict[str, tuple[int, int]]:
        """Declared rating -> (works suggested Smut, works): authors tag sex sparsely, ratings less so."""
        out: dict[str, tuple[int, int]] = {}
        for w in self.works:
            key = w.rating or "unknown"
            hits, total = out.get(key, (0, 0))
            out[key] = (hits + ("Smut" in w.predicted), total + 1)
        return out

    def to_dict(self) -> dict:
        return {
            "works": len(self.works),
            "scored_works": len(self.scored),
            "skipped": self.skipped,
            "precision_at_5": self.precision_at_5,
            "content_precision_at_5": self.content_precision_at_5,
            "hit_at_5": self.hit_at_5,
            "recall": self.recall,
            "smut_by_rating": self.smut_by_rating(),
            "per_tag": {
                tag: {
                    "gold": s.gold,
                    "predicted": s.predicted,
                    "hits": s.hits,
                    "precision": s.precision,
                    "recall": s.recall,
                }
                for tag, s in self.per_tag.items()
            },
            "per_work": [w.__dict__ for w in self.works],
        }


def _pick_records(works_jsonl: Path) -> list[list[dict]]:
    """Records grouped by work, each group in FORMAT_ORDER preference."""
    groups: dict[str, list[dict]] = {}
    for _, rec in read_jsonl(works_jsonl):
        groups.setdefault(rec["work_id"], []).append(rec)
    order = {f: i for i, f in enumerate(FORMAT_ORDER)}
    return [sorted(recs, key=lambda r: order.get(r["format"], 99)) for recs in groups.values()]


def evaluate_tags(
    shared_data: Path,
    *,
    profile: str = "full",
    stages: list[str] | None = None,
    disable: list[str] | None = None,
    limit: int | None = None,
) -> TagReport:
    """Analyse every AO3 work in `shared_data/ao3` and score the suggested tags against the author's."""
    from ficlens.api import analyze

    works_jsonl = shared_data / "ao3" / "works.jsonl"
    if not works_jsonl.exists():
        raise InputError(f"{works_jsonl}: not found", hint="pass --data pointing at shared/data")
    report = TagReport(per_tag={tag: TagScore() for tag in TAGS})
    for group in _pick_records(works_jsonl)[:limit]:
        work_id = group[0]["work_id"]
        errors = []
        for rec in group:
            try:
                work = analyze(
                    shared_data / "ao3" / rec["raw_file"],
                    profile=profile,
                    stages=stages,
                    disable=disable or (),
                )
            except FiclensError as exc:
                errors.append(f"{rec['format']}: {exc.message}")
                continue
            break
        else:
            report.skipped[work_id] = "; ".join(errors)
            continue
        gold = gold_tags(rec["freeform_tags"])
        predicted = [t.tag for t in work.inferred.freeform]
        report.works.append(
            WorkResult(
                work_id=work_id,
                file=rec["raw_file"],
                gold=sorted(gold),
                predicted=predicted,
                rating=rec.get("rating"),
            )
        )
        for tag in TAGS:
            score = report.per_tag[tag]
            score.gold += tag in gold
            score.predicted += tag in predicted
            score.hits += tag in gold and tag in predicted
    return report


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_markdown(report: TagReport) -> str:
    """The results table for docs/evaluation.md."""
    lines = [
        f"Works analysed: {len(report.works)} (skipped {len(report.skipped)}); with at least one author tag "
        f"in the list: {len(report.scored)}.",
        "",
        "| metric | value |",
        "|---|---|",
        f"| precision@5 (hits / suggestions shown, max 5; scored works) | {_fmt(report.precision_at_5)} |",
        f"| precision@5, content tags only (no Drabble/One Shot/Series) | "
        f"{_fmt(report.content_precision_at_5)} |",
        f"| hit@5 (scored works with an author tag in the top 5) | {_fmt(report.hit_at_5)} |",
        f"| recall of author tags in the list (all suggestions) | {_fmt(report.recall)} |",
        "",
        "| tag | author-tagged works | suggested | both | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for tag, s in report.per_tag.items():
        lines.append(
            f"| {tag} | {s.gold} | {s.predicted} | {s.hits} | {_fmt(s.precision)} | {_fmt(s.recall)} |"
        )
    smut = report.smut_by_rating()
    if smut:
        lines += [
            "",
            "Proxy check on the declared rating: works suggested **Smut** per AO3 rating.",
            "",
            "| declared rating | works | suggested Smut |",
            "|---|---:|---:|",
        ]
        for rating in sorted(smut, key=lambda r: _RATING_ORDER.get(r, 99)):
            hits, total = smut[rating]
            lines.append(f"| {rating} | {total} | {hits} |")
    return "\n".join(lines) + "\n"
