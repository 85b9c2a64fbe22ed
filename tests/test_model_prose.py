"""`Work.prose`: the same pieces as the original definition, and linear work per scene.

Stages ask for the prose of every scene. The original read and sorted every note on each call, so a
text of N chapters each with an author's note cost O(N^2) in `pov`, `content_warnings` and `events`
(200,000 such chapters did not finish). The shape is checked by counting how often the notes are read.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from ficlens.model import Chapter, Note, Scene, Span, Work
from ficlens.stages.events import _sentences
from ficlens.stages.pov import detect_pov


def _original_prose(work: Work, span: Span | None = None) -> list[tuple[int, int]]:
    """`Work.prose` as first written: every note, sorted, on every call."""
    start, end = (0, len(work.text)) if span is None else (span.start, span.end)
    pieces: list[tuple[int, int]] = []
    cursor = start
    for note in sorted(work.note_spans(), key=lambda s: s.start):
        if note.end <= cursor or note.start >= end:
            continue
        if note.start > cursor:
            pieces.append((cursor, note.start))
        cursor = max(cursor, note.end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


offsets = st.integers(0, 60)


@given(
    notes=st.lists(st.tuples(offsets, st.integers(0, 12), st.booleans()), max_size=12),
    spans=st.lists(st.tuples(offsets, st.integers(0, 40)), max_size=8),
)
def test_prose_matches_the_original_definition(
    notes: list[tuple[int, int, bool]], spans: list[tuple[int, int]]
) -> None:
    work = Work(text="x" * 70)
    work.notes = [
        Note(kind="author-note", text="n", start=s if inside else None, end=s + n if inside else None)
        for s, n, inside in notes
    ]
    for s, n in [(0, 70), *spans]:
        span = Span(start=s, end=s + n)
        assert [(p.start, p.end) for p in work.prose(span)] == _original_prose(work, span)
    assert [(p.start, p.end) for p in work.prose()] == _original_prose(work)
    # A replaced or longer notes list is read again.
    work.notes = [*work.notes, Note(kind="author-note", text="n", start=10, end=20)]
    assert [(p.start, p.end) for p in work.prose()] == _original_prose(work)
    work.notes.append(Note(kind="author-note", text="n", start=30, end=31))
    assert [(p.start, p.end) for p in work.prose()] == _original_prose(work)


class _CountingNotes(list):
    """A notes list that counts how many notes are read, however they are read."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for note in super().__iter__():
            _CountingNotes.reads += 1
            yield note


def _chapters_with_notes(n: int) -> Work:
    rng = random.Random(n)
    names = ["Mara", "John", "Elena", "Tomas"]
    text, chapters, notes = "", [], []
    for i in range(n):
        start = len(text)
        note = f"A/N: thanks for reading part {i}!\n\n"
        notes.append(Note(kind="author-note", text=note.strip(), start=start, end=start + len(note)))
        text += note + f"{rng.choice(names)} saw {rng.choice(names)} at the harbour.\n\n"
        scene = Scene(index=i, start=start, end=len(text))
        chapters.append(Chapter(index=i, start=start, end=len(text), scenes=[scene]))
    work = Work(text=text, chapters=chapters)
    work.notes = _CountingNotes(notes)
    return work


def _note_reads(n: int) -> int:
    work = _chapters_with_notes(n)
    _CountingNotes.reads = 0
    for scene in work.scenes:  # as content_warnings.find_candidates and events._sexual_events do
        work.prose(scene)
    list(_sentences(work))
    detect_pov(work)
    return _CountingNotes.reads


def test_prose_per_scene_reads_the_notes_a_linear_number_of_times() -> None:
    small, large = _note_reads(200), _note_reads(800)
    # Reading every note per scene made 4x the chapters 16x the reads; now it is 4x.
    assert large <= 5 * small, (small, large)
    assert small <= 10 * 200
