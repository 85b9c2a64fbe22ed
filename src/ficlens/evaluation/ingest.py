"""Agreement of ingest with the AO3 metadata records in `shared/data/ao3/works.jsonl`.

>>> rows = evaluate_ao3_metadata(Path("../shared/data"))
>>> [(r.field, r.agree, r.total) for r in rows][:2]
[('title', 66, 66), ('authors', 66, 66)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.jsonl import read_jsonl
from ficlens.model import Work

# works.jsonl field -> how to read it from a `Work`; compared exactly.
EXACT_FIELDS: dict[str, Callable[[Work], Any]] = {
    "title": lambda w: w.title,
    "authors": lambda w: w.authors,
    "rating": lambda w: w.declared.rating,
    "archive_warnings": lambda w: w.declared.archive_warnings,
    "categories": lambda w: w.declared.categories,
    "fandoms": lambda w: w.declared.fandoms,
    "relationships": lambda w: w.declared.relationships,
    "characters": lambda w: w.declared.characters,
    "freeform_tags": lambda w: w.declared.freeform,
    "language": lambda w: w.declared.language,
    "series": lambda w: [{"name": s.name, "part": s.part} for s in w.declared.series],
    "collections": lambda w: w.declared.collections,
    "published": lambda w: w.declared.published,
    "words": lambda w: w.declared.words,
    "chapters": lambda w: w.declared.chapters,
}
# Fields the Markdown backups do not record (works.jsonl has null / empty for them).
_NOT_IN_MARKDOWN = {"language", "series", "words", "chapters"}


@dataclass
class FieldAgreement:
    field: str
    agree: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    note: str = ""

    def add(self, record_id: str, ok: bool) -> None:
        self.total += 1
        self.agree += ok
        if not ok:
            self.misses.append(record_id)

    @property
    def rate(self) -> float:
        return self.agree / self.total if self.total else 0.0


def _prose_words(work: Work) -> int:
    from ficlens.text import count_words

    titles = [c.title for c in work.chapters if c.title]
    total = sum(count_words(work.text[s.start : s.end]) for s in work.prose())
    return total - sum(count_words(t) for t in titles) - work.text.count("\n* * *\n") * count_words("* * *")


def evaluate_ao3_metadata(shared_data: Path, *, tolerance: float = 0.05) -> list[FieldAgreement]:
    """Ingest every raw AO3 file and compare it with its record, field by field.

    Tag fields must match exactly (order included). Word counts: `declared.words` is AO3's own
    figure (exact); `prose words` is `ficlens.text.count_words` over the prose ingest extracted
    (notes, headings and break lines left out) within 1% of AO3's; `stats.words` is the figure the
    `fast` pipeline reports, within `tolerance`.
    """
    import ficlens

    jsonl = shared_data / "ao3" / "works.jsonl"
    records = [rec for _, rec in read_jsonl(jsonl, hint="pass --data pointing at the shared data directory")]
    rows = {name: FieldAgreement(name) for name in EXACT_FIELDS}
    rows["series"].note = "html/epub/page only (works.jsonl leaves Markdown series empty)"
    for name in ("language", "words", "chapters"):
        rows[name].note = "html/epub/page only"
    chapters = FieldAgreement("chapter count", note="chapters found == chapters posted")
    prose = FieldAgreement("prose words (±1%)", note="count_words over extracted prose vs AO3 words")
    stats = FieldAgreement(f"stats.words (±{tolerance:.0%})", note="`fast` pipeline vs AO3 words")
    stats_exact = FieldAgreement("stats.words (exact)", note="`fast` pipeline == AO3 words")
    twc = FieldAgreement("whitespace words (±2%)", note="vs works.jsonl text_word_count, English only")
    for rec in records:
        work = ficlens.load(shared_data / "ao3" / rec["raw_file"])
        rid = rec["id"]
        markdown = rec["format"] == "markdown"
        for name, get in EXACT_FIELDS.items():
            if markdown and name in _NOT_IN_MARKDOWN:
                continue
            rows[name].add(rid, get(work) == rec[name])
        if rec["words"]:
            posted = int(rec["chapters"].split("/")[0])
            chapters.add(rid, len(work.chapters) == posted)
            prose.add(rid, abs(_prose_words(work) - rec["words"]) <= 0.01 * rec["words"] + 5)
            stats.add(rid, abs(work.stats.words - rec["words"]) <= tolerance * rec["words"])
            stats_exact.add(rid, work.stats.words == rec["words"])
        if rec["language"] in (None, "English"):
            ours = sum(len(work.text[s.start : s.end].split()) for s in work.prose())
            ours -= sum(len(c.title.split()) for c in work.chapters if c.title) + 3 * work.text.count(
                "\n* * *\n"
            )
            twc.add(rid, abs(ours - rec["text_word_count"]) <= 0.02 * rec["text_word_count"] + 3)
    return [*rows.values(), chapters, prose, stats, stats_exact, twc]


def format_table(rows: list[FieldAgreement]) -> str:
    """The agreement table as Markdown (what docs/evaluation.md shows)."""
    lines = ["| field | agree | total | rate | misses | note |", "|---|---:|---:|---:|---|---|"]
    for r in rows:
        misses = ", ".join(r.misses[:4]) + (" …" if len(r.misses) > 4 else "")
        lines.append(f"| {r.field} | {r.agree} | {r.total} | {r.rate:.1%} | {misses} | {r.note} |")
    return "\n".join(lines)
