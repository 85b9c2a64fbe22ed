"""Stats stage: what a reader expects to see next to the word count.

Adds to `work.stats` (after `structure` filled words, chapters, scenes and reading time):
`dialogue_share` (share of prose words inside quotation marks), `avg_scene_words` (prose words per
scene) and `readability_grade` (Coleman-Liau grade level).

    >>> work = ficlens.analyze("examples/the-lighthouse-keeper.txt", stages=["structure", "stats"])
    >>> work.stats.dialogue_share, work.stats.avg_scene_words, work.stats.readability_grade
    (0.098, 81.4, 5.5)
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from ficlens.model import Work
from ficlens.registry import stage

# Dialogue never spans a paragraph here: a missing closing quote must not swallow the rest of a chapter.
_DOUBLE_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»\n]{1,3000})[\"”»]")
_SINGLE_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(—–-]))‘([^‘’\n]{1,3000}?)’(?=[\s.,;:!?)—–-]|$)", re.M)
# Readability of a long work is estimated from evenly spaced samples: grade formulas are averages.
_READABILITY_SAMPLE_CHARS = 200_000
_LATIN_BYTES = string.ascii_letters.encode("ascii")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)]|$)")
# Grade formulas average over sentences; below this many words the figure is noise.
MIN_READABILITY_WORDS = 30


def _count_tokens(text: str) -> int:
    # Callers pass pieces of at most ~1 MB (see `_prose_pieces`), so the list split builds stays small;
    # on a whole 200 MB work such a list alone would cost gigabytes.
    return len(text.split())


def dialogue_share(text: str) -> float:
    """Share of the words of `text` that sit inside quotation marks (0..1).

    Uses the dominant quote style of the text, as BookNLP does: double quotes (straight, curly,
    guillemets) unless curly single quotes clearly dominate (British style).
    """
    quoted, total = _quoted_and_total(text, _quote_pattern(text))
    return min(1.0, quoted / total) if total else 0.0


def _quote_pattern(text: str) -> re.Pattern[str]:
    doubles = sum(text.count(c) for c in '"“”«»„')
    singles = text.count("‘")
    return _SINGLE_QUOTED if singles > 2 * doubles and singles >= 2 else _DOUBLE_QUOTED


def readability_grade(text: str) -> float | None:
    """US school grade needed to read `text` (Coleman-Liau index); None for non-Latin script or tiny texts.

    Coleman-Liau counts letters rather than syllables, so it needs no pronunciation dictionary
    (textstat's syllable formulas fetch NLTK's cmudict over the network on first use) and is a
    few regex counts: fast enough for the `fast` profile that library imports run.
    """
    if len(text) > _READABILITY_SAMPLE_CHARS:
        n, size = 20, _READABILITY_SAMPLE_CHARS // 20
        step = len(text) // n
        text = "\n".join(text[i * step : i * step + size] for i in range(n))
    # Counted without regex substitution (a third of the cost, same figures): str.split() cuts at
    # exactly the characters regex `\s` matches, and [A-Za-z] appear in UTF-8 only as these bytes.
    tokens = text.split()
    words = len(tokens)
    encoded = text.encode("utf-8", "surrogatepass")
    letters = len(encoded) - len(encoded.translate(None, _LATIN_BYTES))
    if words < MIN_READABILITY_WORDS or letters < 0.5 * len("".join(tokens)):
        return None
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    grade = 0.0588 * (100 * letters / words) - 0.296 * (100 * sentences / words) - 15.8
    # The formula goes below zero for a few very short words; no reader is below grade 0.
    return max(0.0, round(grade, 1))


_CHUNK_CHARS = 1 << 20


def _prose_pieces(work: Work) -> Iterator[str]:
    """The story prose in pieces of about 1 MB cut at line breaks, so a huge work is never copied whole.

    Quotes never span a line break here, so counting per piece gives the same dialogue share.
    """
    text = work.text
    for span in work.prose():
        cursor = span.start
        while cursor < span.end:
            cut = min(span.end, cursor + _CHUNK_CHARS)
            if cut < span.end:
                newline = text.rfind("\n", cursor, cut)
                cut = newline + 1 if newline > cursor else cut
            yield text[cursor:cut]
            cursor = cut


def _quoted_and_total(text: str, pattern: re.Pattern[str]) -> tuple[int, int]:
    return sum(_count_tokens(m.group(1)) for m in pattern.finditer(text)), _count_tokens(text)


@stage("stats", requires=("chapters", "scenes"), assigns=("style_stats",))
def stats(work: Work) -> Work:
    """Add dialogue share, average scene length and readability grade to `work.stats`."""
    pattern = _quote_pattern(work.text)
    prose_chars = sum(p.end - p.start for p in work.prose())
    # Readability reads an evenly spread sample: grade formulas are averages over sentences.
    keep = min(1.0, _READABILITY_SAMPLE_CHARS / max(prose_chars, 1))
    quoted = total = 0
    samples: list[str] = []
    for piece in _prose_pieces(work):
        q, t = _quoted_and_total(piece, pattern)
        quoted, total = quoted + q, total + t
        samples.append(piece if keep == 1.0 else piece[: int(len(piece) * keep)])
    n_scenes = len(work.scenes) or 1
    work.stats.dialogue_share = round(min(1.0, quoted / total), 3) if total else 0.0
    # A plain word count: the fast profile runs this stage and must not pay for sentiment scoring.
    work.stats.avg_scene_words = round(total / n_scenes, 1)
    work.stats.readability_grade = readability_grade("\n".join(samples))
    return work
