"""Every raw AO3 file in ../shared/data/ao3 against its record in works.jsonl."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from ficlens.model import Work
from ficlens.text import count_words

# Parametrisation needs the record ids at collection time (same lookup as the `shared_data` fixture).
_SHARED = Path(os.environ.get("FICLENS_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
_WORKS_JSONL = _SHARED / "ao3" / "works.jsonl"
RECORD_IDS = (
    [json.loads(line)["id"] for line in _WORKS_JSONL.read_text(encoding="utf-8").splitlines() if line]
    if _WORKS_JSONL.exists()
    else []
)

# works.jsonl field -> attribute path on `Work`
TAG_FIELDS = {
    "title": "title",
    "authors": "authors",
    "rating": "declared.rating",
    "archive_warnings": "declared.archive_warnings",
    "categories": "declared.categories",
    "fandoms": "declared.fandoms",
    "relationships": "declared.relationships",
    "characters": "declared.characters",
    "freeform_tags": "declared.freeform",
    "language": "declared.language",
    "collections": "declared.collections",
    "words": "declared.words",
    "chapters": "declared.chapters",
    "published": "declared.published",
}


def field_value(work: Work, path: str) -> Any:
    value: Any = work
    for part in path.split("."):
        value = getattr(value, part)
    return value


def prose_words(work: Work) -> int:
    """AO3-like word count of the story prose: notes, chapter headings and break lines left out."""
    headings = {(c.start, c.start + len(c.title)) for c in work.chapters if c.title}
    total = 0
    for span in work.prose():
        text = work.text[span.start : span.end]
        for start, end in headings:
            if span.start <= start < span.end:
                text = text.replace(work.text[start:end], "", 1)
        total += count_words(text.replace("* * *", ""))
    return total


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_ao3_corpus_metadata_matches_record(
    record_id: str, ao3_records: dict[str, dict[str, Any]], ao3_works: dict[str, Work]
) -> None:
    rec, work = ao3_records[record_id], ao3_works[record_id]
    for key, path in TAG_FIELDS.items():
        if rec["format"] == "markdown" and key in ("language", "words", "chapters"):
            continue  # the backup does not record these; works.jsonl has null
        assert field_value(work, path) == rec[key], key
    if rec["format"] != "markdown":  # works.jsonl leaves markdown series empty; the front matter has them
        assert [(s.name, s.part) for s in work.declared.series] == [
            (s["name"], s["part"]) for s in rec["series"]
        ]


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_ao3_corpus_body_layout(record_id: str, ao3_works: dict[str, Work]) -> None:
    work = ao3_works[record_id]
    assert work.text.strip()
    spans = [(c.start, c.end) for c in work.chapters]
    assert spans and all(0 <= s < e <= len(work.text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "chapters overlap"
    for chapter in work.chapters:
        if chapter.title:
            assert work.text.startswith(chapter.title, chapter.start)
    # The preface, afterword and AO3's own messages stay out of the body.
    for boilerplate in ("Posted originally on the", "See the end of the", "drop by the Archive", "Rating:"):
        assert boilerplate not in work.text
    lines = set(work.text.split("\n"))
    assert not lines & {"Summary", "Notes", "Chapter Notes", "Chapter Summary", "End Notes", "Work Text:"}
    for note in work.notes:
        if note.start is None:
            assert note.end is None
        else:
            assert work.text[note.start : note.end] == note.text
            assert any(s <= note.start and note.end <= e for s, e in spans)


@pytest.mark.parametrize("record_id", [r for r in RECORD_IDS if not r.endswith("-markdown")])
def test_ao3_corpus_chapters_and_words(
    record_id: str, ao3_records: dict[str, dict[str, Any]], ao3_works: dict[str, Work]
) -> None:
    rec, work = ao3_records[record_id], ao3_works[record_id]
    posted = int(rec["chapters"].split("/")[0])
    assert len(work.chapters) == posted
    if posted > 1:
        assert all(c.title for c in work.chapters)
    # AO3's own count, of the prose we extracted (CJK counted per character): within 1%.
    assert abs(prose_words(work) - rec["words"]) <= 0.01 * rec["words"] + 5


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_ao3_corpus_text_word_count(
    record_id: str, ao3_records: dict[str, dict[str, Any]], ao3_works: dict[str, Work]
) -> None:
    """`text_word_count` is a whitespace count of the prose; it undercounts CJK, so skip that work."""
    rec, work = ao3_records[record_id], ao3_works[record_id]
    if rec["language"] and rec["language"] != "English":
        pytest.skip("whitespace counts are meaningless for CJK text")
    ours = sum(len(work.text[s.start : s.end].split()) for s in work.prose())
    ours -= sum(len(c.title.split()) for c in work.chapters if c.title) + 3 * work.text.count("\n* * *\n")
    # Markdown counts in works.jsonl include link titles and Markdown syntax we render away; its
    # EPUB counts include calibre's extra text (our EPUB body equals the HTML one, tested below).
    tolerance = {"markdown": 0.05, "epub": 0.02}.get(rec["format"], 0.01)
    assert abs(ours - rec["text_word_count"]) <= tolerance * rec["text_word_count"] + 3


def test_ao3_corpus_same_work_same_text(ao3_works: dict[str, Work]) -> None:
    """The HTML download, the calibre EPUB and the saved page of one work give one body text."""
    html, epub, page = (ao3_works[f"ao3-23009290-{f}"] for f in ("html", "epub", "page"))
    assert html.text == epub.text == page.text
    assert ao3_works["ao3-218676-html"].text == ao3_works["ao3-218676-epub"].text
    assert [c.title for c in ao3_works["ao3-218676-epub"].chapters] == [
        "Chapter 1: Festival",
        "Chapter 2: Riversong K'Vala",
        "Chapter 3: Conversations",
    ]


def test_ao3_corpus_warning_drift_normalised(ao3_works: dict[str, Work], shared_data: Path) -> None:
    raw = (shared_data / "ao3" / "raw" / "ao3-41588007-html.html").read_text(encoding="utf-8")
    assert "Choose%20Not%20To%20Use" in raw
    assert ao3_works["ao3-41588007-html"].declared.archive_warnings == [
        "Creator Chose Not To Use Archive Warnings"
    ]


def test_ao3_corpus_chapter_notes_are_spans(ao3_works: dict[str, Work]) -> None:
    work = ao3_works["ao3-41588007-html"]
    kinds = [(n.kind, n.start is None) for n in work.notes]
    assert ("summary", True) in kinds and ("end-note", True) in kinds  # work preface / afterword
    assert ("author-note", False) in kinds and ("end-note", False) in kinds  # chapter notes in the body
    first = work.chapters[0]
    chapter_notes = [n for n in work.notes if n.start is not None and first.start <= n.start < first.end]
    assert chapter_notes[0].kind == "summary" and chapter_notes[-1].kind == "end-note"
    assert chapter_notes[-1].end == first.end  # end notes close the chapter


def test_ao3_corpus_markdown_series_part(ao3_works: dict[str, Work]) -> None:
    work = ao3_works["ao3-11518359-markdown"]
    assert work.series is not None and (work.series.name, work.series.part) == ("Pornathon 2017", 3)


def test_ao3_corpus_saved_page_several_series_and_emoji(ao3_works: dict[str, Work]) -> None:
    work = ao3_works["ao3-41822007-page"]
    assert work.series is not None and work.series.name == "it's about the bones 👌" and work.series.part == 3
    assert work.language == "en"


@pytest.mark.parametrize("record_id", [r for r in RECORD_IDS if not r.endswith("-markdown")])
def test_ao3_corpus_stats_words_after_structure(
    record_id: str, ao3_records: dict[str, dict[str, Any]], shared_data: Path
) -> None:
    """`stats.words` from the `fast` pipeline (the structure stage's counter) within 5% of AO3's."""
    import ficlens

    rec = ao3_records[record_id]
    work = ficlens.load(shared_data / "ao3" / rec["raw_file"])
    assert abs(work.stats.words - rec["words"]) <= 0.05 * rec["words"]
    assert work.stats.chapters == len(work.chapters) == int(rec["chapters"].split("/")[0])
