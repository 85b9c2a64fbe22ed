"""Text helpers shared by ingest and the stages: AO3-like word counts, reading time, span trimming.

>>> count_words("It's a well-known fact -- really.")
5
>>> count_words("我爱你 and you")
5
>>> reading_minutes(4500)
20.0
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Reading speed for `reading_minutes`: the middle of the 200-250 wpm that AO3 reading-time
# browser extensions and readers commonly assume for fiction.
READING_WPM = 225

# AO3 counts one word per character in these scripts (they do not separate words with spaces),
# exactly as otwarchive's `Otw::WordCounter::CHARACTER_COUNT_SCRIPTS` = Han Hiragana Katakana Thai.
# Python's `re` has no \p{Script}, so the script blocks are spelled out.
_CHARACTER_SCRIPTS = (
    "\u0e01-\u0e3a\u0e40-\u0e5b"  # Thai
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"  # Han (radicals, marks)
    "\u3041-\u3096\u309d-\u309f"  # Hiragana
    "\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\u32d0-\u32fe\u3300-\u3357"  # Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"  # Han
    "\uff66-\uff6f\uff71-\uff9d"  # half-width Katakana
    "\U0001b000-\U0001b122\U0001f200"  # Kana supplement
    "\U00020000-\U0003134f"  # Han extensions
)

# AO3 deletes apostrophes and hyphens before counting, so "don't" and "well-known" are one word;
# "--" first becomes an em dash so "one--two" stays two words.
_JOINERS = re.compile(r"['’‘-]+")


_SIMPLE_WORDS = re.compile(f"[{_CHARACTER_SCRIPTS}]|[^\\W{_CHARACTER_SCRIPTS}]+")
_SCRIPT_CHAR = re.compile(f"[{_CHARACTER_SCRIPTS}]")
_JOIN_CONTROLS = frozenset("\u200c\u200d")


def _rare_chars(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(marks, other numbers) in `text`: where Python's \\w and Ruby's [[:word:]] disagree.

    Ruby's [[:word:]] also takes combining marks, connector punctuation and ZWJ/ZWNJ, which
    Python's \\w does not (without them Devanagari words split apart), and it leaves out other
    numbers such as "²", which \\w takes. Checking the distinct characters keeps this linear and cheap.
    """
    if text.isascii():
        return frozenset(), frozenset()
    marks: set[str] = set()
    numbers: set[str] = set()
    for ch in set(text):
        if ch < "\x80" or _SCRIPT_CHAR.match(ch):
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Mc", "Me", "Pc") or ch in _JOIN_CONTROLS:
            marks.add(ch)
        elif category == "No":
            numbers.add(ch)
    return frozenset(marks), frozenset(numbers)


@cache
def _full_pattern(marks: frozenset[str], numbers: frozenset[str]) -> re.Pattern[str]:
    word = f"[^\\W{_CHARACTER_SCRIPTS}{_ranges(numbers)}]+"
    if not marks:
        return re.compile(f"[{_CHARACTER_SCRIPTS}]|{word}")
    mark = f"[{_ranges(marks)}]+"
    return re.compile(f"[{_CHARACTER_SCRIPTS}]|{word}(?:{mark}(?:{word})?)*|{mark}(?:{word}(?:{mark})?)*")


def _ranges(chars: Iterable[str]) -> str:
    """Compress sorted characters into an escaped regex class body."""
    codes = sorted({ord(c) for c in chars})
    if not codes:
        return ""
    parts: list[str] = []
    start = prev = codes[0]
    for cp in [*codes[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(
            re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}"
        )
        start = prev = cp
    return "".join(parts)


# Long texts are counted in pieces of about this many characters, so the list of matches stays
# small (a 200 MB paste would otherwise hold ~35 million word strings at once).
_CHUNK_CHARS = 1 << 20
# Cutting right before whitespace or a one-character word never splits or joins a word.
_SAFE_CUT = re.compile(f"[\\s{_CHARACTER_SCRIPTS}]")


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Count words the way AO3 does, so `stats.words` matches the Archive's own figure.

    Apostrophes and hyphens join ("don't", "well-known": one word each), "--" separates, each
    Han/Hiragana/Katakana/Thai character is one word, and any other run of letters, digits and
    marks is one word. Punctuation and symbols alone ("* * *") count nothing. `start`/`end`
    count a span of `text` without copying all of it; memory stays bounded on any length.

        >>> count_words("She didn't--couldn't--answer.")
        4
    """
    end = len(text) if end is None else min(end, len(text))
    total = 0
    while start < end:
        stop = end
        if end - start > _CHUNK_CHARS:
            cut = _SAFE_CUT.search(text, start + _CHUNK_CHARS, end)
            stop = cut.start() if cut else end
        total += _count_piece(text[start:stop])
        start = stop
    return total


def _count_piece(text: str) -> int:
    cleaned = _JOINERS.sub("", text.replace("--", "—"))
    marks, numbers = _rare_chars(cleaned)
    # Most prose has no combining marks or "²"-like numbers: then the simple pattern is exact.
    pattern = _full_pattern(marks, numbers) if marks or numbers else _SIMPLE_WORDS
    return len(pattern.findall(cleaned))


def reading_minutes(n_words: int, *, wpm: int = READING_WPM) -> float:
    """Minutes a reader needs for `n_words` at `wpm` words per minute, to one decimal (0.1 at least)."""
    return max(0.1, round(n_words / wpm, 1)) if n_words > 0 else 0.0


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `[start, end)` so it neither starts nor ends with whitespace (empty stays empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
