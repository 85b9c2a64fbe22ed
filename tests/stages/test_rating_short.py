"""A stub is too short to clear: no "No Archive Warnings Apply", a low-confidence rating, a reason."""

from __future__ import annotations

from ficlens.model import Chapter, Scene, Work
from ficlens.stages.rating import MIN_WORDS_TO_CLEAR, rating


def _work(text: str) -> Work:
    work = Work(text=text)
    work.chapters = [
        Chapter(index=0, start=0, end=len(text), scenes=[Scene(index=0, start=0, end=len(text))])
    ]
    work.stats.words = len(text.split())
    return work


def test_rating_short_stub_asserts_no_archive_warning() -> None:
    work = rating(_work("He walked into the sea. The end."))
    assert work.inferred.archive_warnings == []
    assert work.inferred.rating is not None and work.inferred.rating.confidence <= 0.3
    assert any("too little to rule" in r for r in work.inferred.rating.reasons)


def test_rating_at_the_word_bar_clears_as_before() -> None:
    sentence = "Mara bought bread and talked with the baker about the weather. "
    text = sentence * (MIN_WORDS_TO_CLEAR // len(sentence.split()) + 1)
    work = rating(_work(text))
    assert work.stats.words >= MIN_WORDS_TO_CLEAR
    assert [w.name for w in work.inferred.archive_warnings] == ["No Archive Warnings Apply"]
    assert not any("too little" in r for r in work.inferred.rating.reasons)
