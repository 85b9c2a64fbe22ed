"""readability_grade counts without regex substitution: it must match the regex definition exactly."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.stages.stats import _SENTENCE_END, MIN_READABILITY_WORDS, readability_grade


def _reference(text: str) -> float | None:
    """Coleman-Liau with the counts spelled as regexes (the stage's original definition)."""
    words = len(text.split())
    letters = len(text) - len(re.sub(r"[A-Za-z]+", "", text))
    if words < MIN_READABILITY_WORDS or letters < 0.5 * len(re.sub(r"\s+", "", text)):
        return None
    sentences = max(1, sum(1 for _ in _SENTENCE_END.finditer(text)))
    grade = 0.0588 * (100 * letters / words) - 0.296 * (100 * sentences / words) - 15.8
    return max(0.0, round(grade, 1))


# Letters, non-Latin letters, every kind of Unicode space, sentence ends, quotes, a lone surrogate.
_ALPHABET = [*"aZqé ßΣж漢 \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\u200b.!?\"'”’)-", "\ud800"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=8), max_size=120))
def test_stats_readability_grade_counts_match_regex_definition(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert readability_grade(text) == _reference(text)


def test_stats_readability_grade_counts_match_on_prose() -> None:
    text = "The keeper climbed the stairs. “Who’s there?” she asked — nobody answered! " * 40
    assert readability_grade(text) is not None
    assert readability_grade(text) == _reference(text)
    mixed = text + " Жили-были дед да баба. " * 30
    assert readability_grade(mixed) == _reference(mixed)
