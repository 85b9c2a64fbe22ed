"""Shared reading of story prose for the insight stages (`stats`, `arc`, `tags`).

Splits the prose (never author notes) into sentences once per run and scores each with VADER, caching
the result in `Work.cache` so the three stages read the text a single time.

    >>> sents = prose_sentences(work)
    >>> sents[0].start, sents[0].words, sents[0].valence
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ficlens.model import Work

_WORD = re.compile(r"\S+")
# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_CACHE_KEY = "insights.sentences"
_STARTS_KEY = "insights.sentence_starts"
MAX_SENTENCE_WORDS = 40


@dataclass(frozen=True, slots=True)
class Sentence:
    """One prose sentence: character span, word count, prose words before it, VADER compound."""

    start: int
    end: int
    words: int
    words_before: int
    valence: float


_MEMO_CHARS = 24


@lru_cache(maxsize=1)
def _analyzer() -> Any:  # vaderSentiment ships no type hints
    # Loading the VADER lexicon takes ~50 ms; do it once per process.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def prose_sentences(work: Work) -> list[Sentence]:
    """Sentences of the story prose in reading order, each with its VADER compound valence (-1..1).

    Author notes are skipped (`Work.prose`), so a cheerful "thanks for reading!" never lifts an ending.
    """
    cached = work.cache.get(_CACHE_KEY)
    if cached is not None:
        return cached
    analyzer = _analyzer()
    sentences: list[Sentence] = []
    before = 0
    # Short sentences repeat ("* * *", "No.", a hostile file's million scene breaks): score each once.
    memo: dict[str, float] = {}
    for piece in work.prose():
        text = work.text[piece.start : piece.end]
        cursor = 0
        for match in [*_SENTENCE_END.finditer(text), None]:
            stop = match.start() if match else len(text)
            for start, end, n_words in _chunks(text, cursor, stop):
                sentence = text[start:end]
                valence = memo.get(sentence) if len(sentence) <= _MEMO_CHARS else None
                if valence is None:
                    valence = float(analyzer.polarity_scores(sentence)["compound"])
                    if len(sentence) <= _MEMO_CHARS:
                        memo[sentence] = valence
                sentences.append(
                    Sentence(
                        start=piece.start + start,
                        end=piece.start + end,
                        words=n_words,
                        words_before=before,
                        valence=valence,
                    )
                )
                before += n_words
            if match:
                cursor = match.end()
    work.cache[_CACHE_KEY] = sentences
    return sentences


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, words) of the sentence text[start:end], cut into MAX_SENTENCE_WORDS pieces.

    Unpunctuated prose (a stream of consciousness, a pasted wall of text) would otherwise be one
    "sentence" whose single valence flattens the arc and whose scoring cost grows with its length.
    """
    words = list(_WORD.finditer(text, start, end))
    return [
        (group[0].start(), group[-1].end(), len(group))
        for group in (words[i : i + MAX_SENTENCE_WORDS] for i in range(0, len(words), MAX_SENTENCE_WORDS))
    ]


def prose_words(work: Work) -> int:
    """Number of whitespace-separated words in the story prose."""
    sents = prose_sentences(work)
    return sents[-1].words_before + sents[-1].words if sents else 0


def words_before_offset(work: Work, offset: int) -> int:
    """Prose words that come before character `offset` (sentence granularity)."""
    sents = prose_sentences(work)
    starts = work.cache.get(_STARTS_KEY)
    if starts is None or len(starts) != len(sents):
        # Built once per work: the arc stage asks for every scene start.
        starts = work.cache[_STARTS_KEY] = [s.start for s in sents]
    i = bisect.bisect_left(starts, offset)
    return sents[i].words_before if i < len(sents) else prose_words(work)


def scene_sentences(work: Work) -> dict[int, list[Sentence]]:
    """Prose sentences grouped by the global index of the scene they start in."""
    groups: dict[int, list[Sentence]] = {scene.index: [] for scene in work.scenes}
    scenes = work.scenes
    starts = [s.start for s in scenes]
    for sent in prose_sentences(work):
        i = bisect.bisect_right(starts, sent.start) - 1
        if i >= 0 and sent.start < scenes[i].end:
            groups[scenes[i].index].append(sent)
    return groups


def mean_valence(sentences: list[Sentence]) -> float:
    """Word-weighted mean VADER compound of `sentences` (0.0 when empty)."""
    if not sentences:
        return 0.0
    weights = np.array([s.words for s in sentences], dtype=float)
    values = np.array([s.valence for s in sentences], dtype=float)
    return float(np.average(values, weights=weights))
