"""AO3-like word counting and the other shared text helpers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ficlens.text import READING_WPM, count_words, reading_minutes, strip_span


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("Hello world", 2),
        ("don't can’t won‘t", 3),  # apostrophes, straight or curly, join
        ("well-known mother-in-law", 2),  # hyphens join
        ("one--two", 2),  # a double hyphen is a dash and separates
        ("one—two one–two", 4),  # em and en dashes separate
        ("* * * ~~~ --- § ❦", 0),  # symbols are not words
        ("Route 66, 3.14, 1,000", 6),  # digits are words; "." and "," split them
        ("snake_case", 1),
        ("我爱你", 3),  # Han: one word per character
        ("ひらがな カタカナ", 8),  # Hiragana and Katakana: one per character
        ("コーヒー", 4),  # the long-vowel mark is not Katakana, so AO3 counts it on its own
        ("我爱你 and you", 5),  # mixed scripts
        ("สวัสดีครับ", 10),  # Thai: one per character, marks included
        ("हिन्दी भाषा", 2),  # Devanagari vowel signs and virama stay inside the word
        ("café naïve", 2),
        ("cafe\u0301", 1),  # a combining accent does not split a word
        ("x² + y²", 2),  # superscripts are not word characters in AO3 (Ruby [[:word:]])
        ("Привет, мир", 2),
    ],
)
def test_text_count_words_matches_ao3_rules(text: str, words: int) -> None:
    assert count_words(text) == words


def _reference_count(text: str) -> int:
    """AO3's WordCounter for ASCII text, written from its Ruby source, to cross-check the fast path."""
    text = re.sub(r"['’‘-]", "", text.replace("--", "—"))
    return len(re.findall(r"[A-Za-z0-9_]+", text))


@given(st.text(alphabet="ab1_'- \n.,-*", max_size=200))
def test_text_count_words_agrees_with_reference_on_ascii(text: str) -> None:
    assert count_words(text) == _reference_count(text)


@given(st.lists(st.text(alphabet="abc ", max_size=30), max_size=8))
def test_text_count_words_is_additive_over_whitespace(parts: list[str]) -> None:
    assert count_words(" ".join(parts)) == sum(count_words(p) for p in parts)


def test_text_reading_minutes_uses_the_documented_speed() -> None:
    assert reading_minutes(0) == 0.0
    assert reading_minutes(READING_WPM * 10) == 10.0
    assert reading_minutes(1) == 0.1  # any prose takes some time
    assert 200 <= READING_WPM <= 250


def test_text_strip_span_trims_whitespace() -> None:
    text = "  a b \n"
    assert strip_span(text, 0, len(text)) == (2, 5)
    assert strip_span(text, 0, 2) == (2, 2)


@pytest.mark.parametrize("unit", ["well-known word's end -- ", "我爱你 and you ", "x² करो "])
def test_text_count_words_in_chunks_equals_whole(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = unit * 50
    whole = count_words(text)
    monkeypatch.setattr("ficlens.text._CHUNK_CHARS", 7)  # cut every few words
    assert count_words(text) == whole
    assert count_words(text, 3, len(text) - 5) == count_words(text[3 : len(text) - 5])
