"""The `stats` stage: dialogue share, average scene length and readability grade."""

from __future__ import annotations

import pytest
from insights_stories import build_work, passages

from ficlens.stages.stats import dialogue_share, readability_grade, stats


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Hello there," she said.', 0.5),
        ("“Hello there,” she said. He left.", 2 / 6),
        ("‘Hello there,’ she said. ‘Come in.’ It's Sam’s house.", 4 / 9),
        ("No one spoke at all.", 0.0),
    ],
)
def test_stats_dialogue_share_counts_quoted_words(text: str, expected: float) -> None:
    assert dialogue_share(text) == pytest.approx(expected, abs=1e-9)


def test_stats_dialogue_share_unclosed_quote_stays_in_paragraph() -> None:
    text = '"Wait, she said.\n\n' + "The sea was grey and the wind was loud. " * 10
    assert dialogue_share(text) < 0.05


def test_stats_readability_grade_orders_simple_below_complex() -> None:
    simple = "The cat sat. The dog ran. We had fun. It was hot. " * 20
    complex_ = (
        "Notwithstanding considerable institutional reluctance, the administrative committee "
        "characteristically deliberated interminably regarding organisational responsibilities. "
    ) * 20
    low, high = readability_grade(simple), readability_grade(complex_)
    assert low is not None and high is not None
    assert low < high


@pytest.mark.parametrize("text", ["a", "Hi. Go. Run.", "Ok " * 10])
def test_stats_readability_grade_none_for_tiny_texts(text: str) -> None:
    assert readability_grade(text) is None


def test_stats_readability_grade_never_negative() -> None:
    assert readability_grade("I am. We go. It is. He ran. " * 20) >= 0.0


def test_stats_readability_grade_none_for_non_latin_script() -> None:
    assert readability_grade("他看着大海，心里很平静。她笑了。" * 30) is None


def test_stats_stage_fills_reader_stats_and_skips_notes() -> None:
    scenes = [
        " ".join(['"We made it," said Ana. They walked home.'] * 4),
        " ".join(["The house was quiet. Nobody spoke. It rained."] * 4),
    ]
    note = ("author-note", '"Thanks for reading," I say, "and please comment!"')
    work = stats(build_work(scenes, notes=[note]))
    prose_words = sum(len(s.split()) for s in scenes)
    assert work.stats.avg_scene_words == pytest.approx(prose_words / 2, abs=0.1)
    assert work.stats.dialogue_share == pytest.approx(4 * 3 / prose_words, abs=1e-3)
    assert work.stats.readability_grade is not None


def test_stats_stage_on_longer_story_has_plausible_grade() -> None:
    work = stats(build_work(passages("PNPNPN", repeat=3)))
    assert 1.0 < work.stats.readability_grade < 14.0
    assert work.stats.dialogue_share == 0.0
