"""The structure stage on pasted text: front matter, notes, chapters and scenes against expected spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ficlens.api import analyze
from ficlens.model import Chapter, Note, Span, Work
from ficlens.stages.structure import parse_series, structure
from ficlens.text import count_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "structure"
STORIES = sorted(FIXTURES.glob("*.txt"))


def _structure(text: str) -> Work:
    return analyze(text.encode("utf-8"), stages=["structure"], name="story.txt")


def _check_invariants(work: Work) -> None:
    """Spans every consumer relies on: ordered, nested, disjoint, trimmed, globally indexed."""
    text = work.text
    assert work.chapters, "every work has at least one chapter"
    index = 0
    previous_end = 0
    note_spans = [(n.start, n.end) for n in work.notes if n.start is not None and n.end is not None]
    for c, chapter in enumerate(work.chapters):
        assert chapter.index == c
        assert chapter.scenes, f"chapter {c} has no scene"
        assert previous_end <= chapter.start <= chapter.end <= len(text)
        previous_end = chapter.end
        last = chapter.start
        for scene in chapter.scenes:
            assert scene.index == index
            index += 1
            assert last <= scene.start < scene.end <= chapter.end
            last = scene.end
            body = text[scene.start : scene.end]
            assert body == body.strip(), "scenes are trimmed"
            for start, end in note_spans:
                # A note may sit inside a scene (a chapter of notes only has one), never straddle its edges.
                assert not start < scene.start < end and not start < scene.end < end
    assert work.stats.scenes == index == len(work.scenes)
    assert work.stats.chapters == len(work.chapters)
    for note in work.notes:
        if note.start is not None and note.end is not None:  # None: outside the body (AO3 preface)
            assert 0 <= note.start < note.end <= len(text)


@pytest.fixture(scope="module")
def parsed() -> dict[str, Work]:
    return {path.stem: _structure(path.read_text(encoding="utf-8")) for path in STORIES}


def test_structure_fixture_set_is_large_enough() -> None:
    assert len(STORIES) >= 15
    assert all(path.with_suffix(".json").exists() for path in STORIES)


@pytest.mark.parametrize("path", STORIES, ids=[p.stem for p in STORIES])
def test_structure_fixture_matches_expected_spans(path: Path, parsed: dict[str, Work]) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    work = parsed[path.stem]
    assert work.title == expected["title"]
    assert work.authors == expected["authors"]
    series = None if work.series is None else work.series.model_dump()
    assert series == expected["series"]
    if "summary" in expected:
        assert work.summary == expected["summary"]
    assert [{"kind": n.kind, "text": n.text} for n in work.notes] == expected["notes"]
    assert [{"title": c.title, "scenes": len(c.scenes)} for c in work.chapters] == expected["chapters"]
    starts = [work.text[s.start : s.end] for s in work.scenes]
    assert len(starts) == len(expected["scene_starts"])
    for body, first_words in zip(starts, expected["scene_starts"], strict=True):
        assert body.startswith(first_words), (body[:60], first_words)
    _check_invariants(work)


@pytest.mark.parametrize("path", STORIES, ids=[p.stem for p in STORIES])
def test_structure_notes_and_headings_are_not_prose(path: Path, parsed: dict[str, Work]) -> None:
    work = parsed[path.stem]
    prose = "\n".join(work.text[p.start : p.end] for s in work.scenes for p in work.prose(s))
    for note in work.notes:
        assert work.text[note.start : note.end] not in prose
    for chapter in work.chapters:
        if chapter.title:
            assert work.text[chapter.start : chapter.scenes[0].start].strip(), (
                "heading precedes the first scene"
            )
    # AO3 counts a chapter's body: first scene to last, breaks included, notes and heading not.
    bodies = [Span(start=c.scenes[0].start, end=c.scenes[-1].end) for c in work.chapters]
    assert work.stats.words == sum(
        count_words(work.text[p.start : p.end]) for b in bodies for p in work.prose(b)
    )
    assert work.stats.words >= count_words(prose)


@pytest.mark.parametrize(
    "line",
    [
        "Chapter and verse, he said.",
        "Part of me wanted to stay.",
        "Part two of the plan was simple.",
        "Chapter one was the hardest to write, she thought.",
        '"Chapter 3," she read aloud.',
        "Epilogues are for people who need closure.",
        "Prologue to a disaster, he called it.",
        "Chapter 11 bankruptcy was all over the news.",
        "Part 2 of the plan failed.",
    ],
)
def test_structure_prose_lines_are_not_headings(line: str) -> None:
    text = f"It began quietly.\n\n{line}\n\nThen it ended, as things do.\n"
    work = _structure(text)
    assert len(work.chapters) == 1
    assert work.chapters[0].title is None
    assert len(work.scenes) == 1


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Chapter 3", "Chapter 3"),
        ("Chapter Three: The Storm", "Chapter Three: The Storm"),
        ("CHAPTER IV", "CHAPTER IV"),
        ("** Chapter 12 **", "Chapter 12"),
        ("Chapter 5 (In Which Nothing Happens)", "Chapter 5 (In Which Nothing Happens)"),
        ("Part II", "Part II"),
        ("Pt III", "Pt III"),
        ("3/7", "3/7"),
        ("Prologue", "Prologue"),
        ("Epilogue - Ten Years Later", "Epilogue - Ten Years Later"),
        ("Interlude", "Interlude"),
        ("~ Chapter Twenty-One ~", "Chapter Twenty-One"),
        ("Chapter 7.", "Chapter 7"),
        ("Ch. 4 - Homecoming", "Ch. 4 - Homecoming"),
        ("Book Two", "Book Two"),
        ("Chapter 1 of 10", "Chapter 1 of 10"),
    ],
)
def test_structure_heading_lines_start_chapters(line: str, title: str) -> None:
    text = f"Opening prose before any heading, long enough to be a story.\n\n{line}\n\nThe chapter's own prose.\n"
    work = _structure(text)
    assert [c.title for c in work.chapters] == [None, title]


@pytest.mark.parametrize(
    "line",
    [
        "* * *",
        "***",
        "~~~",
        "-----",
        "=====",
        "#",
        "###",
        "oOo",
        "OoOoO",
        "0o0o0",
        "xXx",
        "XXX",
        "x-x-x",
        "~*~",
        "§",
        "❦",
        "  ◇  ",
        "_____",
        "+++",
    ],
)
def test_structure_break_lines_split_scenes(line: str) -> None:
    work = _structure(f"The first scene ends here.\n\n{line}\n\nThe second scene starts here.\n")
    assert [work.text[s.start : s.end] for s in work.scenes] == [
        "The first scene ends here.",
        "The second scene starts here.",
    ]


@pytest.mark.parametrize(
    "line", ["--", "—", "...", '"..."', "'?!'", "Oooh.", "x", "ooo", "OOO", "< :)", "^_^"]
)
def test_structure_wordless_prose_lines_are_not_breaks(line: str) -> None:
    work = _structure(f"The first scene ends here.\n\n{line}\n\nThe same scene goes on.\n")
    assert len(work.scenes) == 1


def test_structure_long_blank_run_breaks_a_scene() -> None:
    work = _structure("One paragraph.\n\nAnother paragraph.\n\n\n\n\nA new scene after a gap.\n")
    assert len(work.scenes) == 2


def test_structure_keeps_ingest_chapters_and_finds_their_breaks() -> None:
    text = "Chapter 1\n\nFirst scene.\n\n* * *\n\nSecond scene.\n\nChapter 2: End\n\nA note.\n\nLast scene."
    note_start = text.index("A note.")
    work = Work(
        text=text,
        chapters=[
            Chapter(index=0, title="Chapter 1", start=0, end=text.index("Chapter 2")),
            Chapter(index=1, title="Chapter 2: End", start=text.index("Chapter 2"), end=len(text)),
        ],
        notes=[Note(kind="author-note", text="A note.", start=note_start, end=note_start + 7)],
    )
    work = structure(work)
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2: End"]
    assert [text[s.start : s.end] for s in work.scenes] == ["First scene.", "Second scene.", "Last scene."]
    assert [s.index for s in work.scenes] == [0, 1, 2]
    assert len(work.notes) == 1
    assert work.stats.words == 6


def test_structure_words_exclude_notes_and_headings() -> None:
    text = "Title Here\nby someone\n\nA/N: five words in this note\n\nChapter 1\n\nOne two three.\n"
    work = _structure(text)
    assert work.stats.words == 3
    assert work.stats.reading_minutes > 0


def test_structure_empty_chapter_heading_at_end_is_dropped() -> None:
    work = _structure("Chapter 1\n\nSome prose here.\n\nChapter 2\n")
    _check_invariants(work)
    assert sum(len(c.scenes) for c in work.chapters) >= 1


def test_structure_large_text_is_handled_in_one_pass() -> None:
    paragraph = "She walked along the river, counting the bridges, and did not look back once. " * 6
    chapter = "\n\n".join([paragraph] * 20 + ["* * *"] + [paragraph] * 20)
    text = "\n\n".join(f"Chapter {n}\n\n{chapter}" for n in range(1, 151))
    work = _structure(text)
    assert work.stats.chapters == 150
    assert work.stats.scenes == 300
    assert work.stats.words == 150 * 40 * count_words(paragraph)
    assert work.stats.words > 500_000
    _check_invariants(work)


@pytest.mark.parametrize(
    ("title", "name", "part"),
    [
        ("The Long Way Home (Pt III)", "The Long Way Home", 3),
        ("Winter Roads, Part 2", "Winter Roads", 2),
        ("Lanterns 3/7", "Lanterns", 3),
        ("The Glass Orchard Book 2", "The Glass Orchard", 2),
        ("Ashes - Part Two", "Ashes", 2),
        ("Part 4 of the Harbour series", "Harbour", 4),
    ],
)
def test_structure_parse_series_reads_part_markers(title: str, name: str, part: int) -> None:
    series = parse_series(title)
    assert series is not None
    assert (series.name, series.part) == (name, part)


@pytest.mark.parametrize("title", ["Part of the Problem", "Chapter and Verse", "Twenty Questions", "Apart"])
def test_structure_parse_series_ignores_titles_without_markers(title: str) -> None:
    assert parse_series(title) is None


_LINES = [
    "",
    "",
    "She crossed the yard and did not look back.",
    '"Where are you going?" he asked.',
    "Chapter 2",
    "Chapter Three: Snow",
    "Part II",
    "3/7",
    "Prologue",
    "* * *",
    "oOo",
    "--",
    "A/N: thank you for reading",
    "Author's Note:",
    "Summary: two people and a boat",
    "Disclaimer: not mine",
    "I don't own these characters.",
    "Spoilers for the finale.",
    "Pairing: A/B",
    "by someone",
    "Thanks for reading!",
    "   \t",
    "§",
]


@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=40))
def test_structure_any_mix_of_lines_keeps_span_invariants(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    work = structure(Work(text=text))
    _check_invariants(work)


def test_structure_words_match_ao3_on_shared_downloads(shared_data: Path) -> None:
    """AO3's own `words` for every HTML/EPUB/page download in the shared set."""
    records = [json.loads(line) for line in (shared_data / "ao3" / "works.jsonl").open(encoding="utf-8")]
    pairs = []
    for record in records:
        if record["format"] in ("html", "epub", "page") and record["words"]:
            work = analyze(shared_data / "ao3" / record["raw_file"], stages=["structure"])
            _check_invariants(work)
            pairs.append((record["id"], work.stats.words, record["words"]))
    assert len(pairs) >= 10
    exact = [p for p in pairs if p[1] == p[2]]
    assert len(exact) >= 0.9 * len(pairs), pairs
    assert all(abs(ours - ao3) <= 0.01 * ao3 for _, ours, ao3 in pairs), pairs


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r") | st.just("\n")
    )
)
def test_structure_arbitrary_text_keeps_span_invariants(text: str) -> None:
    if not text.strip():
        return
    _check_invariants(structure(Work(text=text)))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_structure_windows_and_mac_line_endings_read_the_same(newline: str) -> None:
    path = STORIES[0]
    text = path.read_text(encoding="utf-8")
    unix = _structure(text)
    other = analyze(text.replace("\n", newline).encode("utf-8"), stages=["structure"], name="story.txt")
    assert other.text == unix.text
    assert [(c.title, [(s.start, s.end) for s in c.scenes]) for c in other.chapters] == [
        (c.title, [(s.start, s.end) for s in c.scenes]) for c in unix.chapters
    ]
    assert other.stats == unix.stats
