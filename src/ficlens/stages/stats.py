"""Stats stage: what a reader expects to see next to the word count.

Adds to `work.stats` (after `structure` filled words, chapters, scenes and reading time):
`dialogue_share` (share of prose words inside quotation marks), `avg_scene_words` (prose words per
scene) and `readability_grade` (Coleman-Liau grade level).

    >>> work = ficlens.analyze("examples/the-lighthouse-keeper.txt", stages=["structure", "stats"])
    >>> work.stats.dialogue_share, work.stats.avg_scene_words, work.stats.readability_grade
    (0.098, 81.4, 5.8)
"""

from __future__ import annotations

import re

from ficlens.model import Work
from ficlens.pipeline import stage

_WORD = re.compile(r"\S+")
# Dialogue never spans a paragraph here: a missing closing quote must not swallow the rest of a chapter.
_DOUBLE_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»\n]{1,3000})[\"”»]")
_SINGLE_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(—–-]))‘([^‘’\n]{1,3000}?)’(?=[\s.,;:!?)—–-]|$)", re.M)
# Readability of a long work is estimated from evenly spaced samples: grade formulas are averages.
_READABILITY_SAMPLE_CHARS = 200_000
_LATIN = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’)]|$)")
# Grade formulas average over sentences; below this many words the figure is noise.
MIN_READABILITY_WORDS = 30


def _count_tokens(text: str) -> int:
    # Counted without building a list: on a 200 MB work a findall list alone costs gigabytes.
    return sum(1 for _ in _WORD.finditer(text))


def dialogue_share(text: str) -> float:
    """Share of the words of `text` that sit inside quotation marks (0..1).

    Uses the dominant quote style of the text, as BookNLP does: double quotes (straight, curly,
    guillemets) unless curly single quotes clearly dominate (British style).
    """
    total = _count_tokens(text)
    if not total:
        return 0.0
    doubles = sum(text.count(c) for c in '"“”«»„')
    singles = text.count("‘")
    pattern = _SINGLE_QUOTED if singles > 2 * doubles and singles >= 2 else _DOUBLE_QUOTED
    quoted = sum(_count_tokens(m.group(1)) for m in pattern.finditer(text))
    return min(1.0, quoted / total)


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
    words = _count_tokens(text)
    letters = len(text) - len(_LATIN.sub("", text))
    if words < MIN_READABILITY_WORDS or letters < 0.5 * len(_SPACE.sub("", text)):
        return None
    sentences = max(1, sum(1 for _ in _SENTENCE_END.finditer(text)))
    grade = 0.0588 * (100 * letters / words) - 0.296 * (100 * sentences / words) - 15.8
    # The formula goes below zero for a few very short words; no reader is below grade 0.
    return max(0.0, round(grade, 1))


@stage("stats", requires=("chapters", "scenes"), assigns=("style_stats",))
def stats(work: Work) -> Work:
    """Add dialogue share, average scene length and readability grade to `work.stats`."""
    prose = "\n".join(work.text[p.start : p.end] for p in work.prose())
    n_scenes = len(work.scenes) or 1
    work.stats.dialogue_share = round(dialogue_share(prose), 3)
    # A plain word count: the fast profile runs this stage and must not pay for sentiment scoring.
    work.stats.avg_scene_words = round(_count_tokens(prose) / n_scenes, 1)
    work.stats.readability_grade = readability_grade(prose)
    return work
