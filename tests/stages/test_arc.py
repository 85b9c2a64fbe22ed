"""The `arc` stage: Reagan et al. shapes and endings recovered from stories of known order."""

from __future__ import annotations

import pytest
from insights_stories import NEGATIVE, POSITIVE, REUNION, SHAPE_ORDERS, build_work, passages

from ficlens.api import analyze
from ficlens.model import Work
from ficlens.stages._insights import MAX_SENTENCE_WORDS, prose_sentences
from ficlens.stages.arc import MIN_SHAPE_CONFIDENCE, N_POINTS, SHAPES, arc


@pytest.mark.parametrize("shape", list(SHAPE_ORDERS))
@pytest.mark.parametrize("repeat", [1, 3])
def test_arc_recovers_each_reagan_shape(shape: str, repeat: int) -> None:
    result = arc(build_work(passages(SHAPE_ORDERS[shape], repeat=repeat))).inferred.arc
    assert result is not None
    assert result.shape == shape
    assert result.confidence > 0.6


@pytest.mark.parametrize(
    ("shape", "expected"),
    [(s, "up" if s in {"rags to riches", "man in a hole", "Cinderella"} else "down") for s in SHAPES],
)
def test_arc_ending_follows_the_shape(shape: str, expected: str) -> None:
    assert arc(build_work(passages(SHAPE_ORDERS[shape], repeat=2))).inferred.arc.ending == expected


@pytest.mark.parametrize("sad_scenes", [3, 8])
def test_arc_reunion_in_last_scene_ends_up(sad_scenes: int) -> None:
    scenes = [POSITIVE[0], *[NEGATIVE[i % len(NEGATIVE)] for i in range(sad_scenes)], REUNION]
    assert arc(build_work(scenes)).inferred.arc.ending == "up"


def test_arc_steady_story_has_no_confident_shape() -> None:
    result = arc(build_work(passages("PPPPPP", repeat=1))).inferred.arc
    assert result.confidence < MIN_SHAPE_CONFIDENCE
    assert result.shape is None
    assert result.ending == "flat"


def test_arc_points_and_scene_positions() -> None:
    work = build_work(passages("PNNP", repeat=1), chapters=2)
    result = arc(work).inferred.arc
    assert len(result.points) == N_POINTS
    assert len(result.scenes) == len(work.scenes)
    assert result.scenes[0] == 0.0
    assert result.scenes == sorted(result.scenes)
    assert all(0.0 <= p < 1.0 for p in result.scenes)
    # Equal-length passages start near equal quarters of the story.
    assert result.scenes[2] == pytest.approx(0.5, abs=0.08)


def test_arc_skips_author_notes() -> None:
    scenes = passages("NNPP", repeat=1)
    plain = arc(build_work(scenes)).inferred.arc
    noted = arc(
        build_work(
            scenes, notes=[("author-note", "A/N: I hate this, it is awful, terrible, sad and miserable.")]
        )
    ).inferred.arc
    assert noted.points == plain.points
    assert noted.shape == plain.shape


def test_arc_is_deterministic() -> None:
    scenes = passages("PNNNNP", repeat=1)
    assert arc(build_work(scenes)).inferred.arc == arc(build_work(scenes)).inferred.arc


def test_arc_without_prose_is_flat() -> None:
    work = build_work(["   "])
    result = arc(work).inferred.arc
    assert result.shape is None
    assert result.ending == "flat"


def test_arc_runs_in_a_pipeline() -> None:
    text = "\n\n".join(passages("NNPP", repeat=1))
    work = analyze(Work(text=text), stages=["structure", "arc"])
    assert work.stages == ["structure", "arc"]
    assert work.inferred.arc is not None and work.inferred.arc.points


def test_arc_unpunctuated_wall_of_text_is_cut_into_sentences() -> None:
    text = " ".join(["happy bright joyful day"] * 200 + ["terrible awful grief and pain"] * 200)
    work = build_work([text])
    sents = prose_sentences(work)
    assert max(s.words for s in sents) <= MAX_SENTENCE_WORDS
    assert sum(s.words for s in sents) == len(text.split())
    assert arc(work).inferred.arc.shape == "riches to rags"
