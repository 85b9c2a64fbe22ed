"""The `tags` stage: suggested AO3 freeform tags, their confidence and the signals that fired."""

from __future__ import annotations

import pytest
from insights_stories import NEGATIVE, POSITIVE, REUNION, build_work, passages

from ficlens.evaluation.tags import evaluate_tags, gold_tags, report_markdown
from ficlens.model import Character, ContentWarning, Mention, Relationship, Series, Work
from ficlens.stages.arc import arc
from ficlens.stages.stats import stats
from ficlens.stages.tags import LEXICONS, TAGS, _fold, suggest_tags, tags

FLUFF = [
    "Sam made hot chocolate and they cuddled under a fluffy blanket, giggling at a silly movie. It was "
    "cozy and soft and sweet, and Ana smiled and snuggled closer.",
    "On Sunday they baked cookies. Flour everywhere, Ana grinning, Sam laughing, a sleepy kitten in the "
    "sunshine by the window. A lazy, gentle, perfect day.",
    "Sam kissed her nose and she blushed. They ate pancakes in bed and teased each other and the morning "
    "was warm and happy and lovely.",
]


def _analysed(work: Work) -> Work:
    return tags(stats(arc(work)))


def _suggested(work: Work) -> dict[str, float]:
    return {t.tag: t.confidence for t in _analysed(work).inferred.freeform}


@pytest.mark.parametrize(
    ("lexicon", "text", "expected"),
    [
        ("comfort", "She held him close. “I’ve got you,” she said.", ["held him", "i've got you"]),
        ("humor", "He Rolled His Eyes and laughed.", ["rolled his eyes", "laughed"]),
        ("first_kiss", "She kissed him back: their first kiss.", ["kissed him back", "first kiss"]),
        ("kiss", "A kissable face, no kisses.", ["kisses"]),
    ],
)
def test_tags_lexicons_match_whole_phrases(lexicon: str, text: str, expected: list[str]) -> None:
    assert LEXICONS[lexicon].findall(_fold(text)) == expected


def test_tags_fluffy_story_is_fluff() -> None:
    found = _suggested(build_work(FLUFF * 3))
    assert "Fluff" in found
    assert "Angst" not in found and "Sad Ending" not in found


def test_tags_story_that_ends_in_a_reunion_is_angst_with_a_happy_ending() -> None:
    found = _suggested(build_work([POSITIVE[0], *NEGATIVE, REUNION]))
    assert {"Angst", "Happy Ending", "Angst with a Happy Ending"} <= set(found)
    assert "Sad Ending" not in found


def test_tags_tragedy_has_a_sad_ending() -> None:
    found = _suggested(build_work(passages("PPPNNN")))
    assert "Sad Ending" in found
    assert "Happy Ending" not in found


@pytest.mark.parametrize(
    ("n_words", "chapters", "expect", "reject"),
    [
        (95, 1, "Drabble", "One Shot"),
        (600, 1, "One Shot", "Drabble"),
        (600, 3, None, "One Shot"),
    ],
)
def test_tags_structure_tags_follow_length_and_chapters(
    n_words: int, chapters: int, expect: str | None, reject: str
) -> None:
    words = "The tide came in and went out again over the grey stones of the bay".split()
    text = " ".join(words[i % len(words)] for i in range(n_words)) + "."
    step = -(-n_words // chapters)
    all_words = text.split()
    scenes = [" ".join(all_words[i : i + step]) for i in range(0, n_words, step)]
    found = _suggested(build_work(scenes, chapters=chapters))
    if expect:
        assert expect in found
    assert reject not in found


def test_tags_cjk_story_is_not_a_drabble() -> None:
    # 40 whitespace "words" but 1,200 characters of Chinese: AO3 counts it as 1,200 words.
    text = " ".join(["他看着大海，心里很平静。她笑了，风很大。他们一起回家了。海鸥在头顶飞过。"] * 40)
    found = _suggested(build_work([text]))
    assert "Drabble" not in found
    assert "One Shot" in found


def test_tags_series_comes_from_structure() -> None:
    work = build_work(FLUFF)
    assert "Series" not in _suggested(work)
    work = build_work(FLUFF)
    work.series = Series(name="Seasons", part=2)
    assert "Series" in _suggested(work)


def test_tags_are_blind_to_declared_tags() -> None:
    plain = _analysed(build_work(FLUFF * 2)).inferred.freeform
    work = build_work(FLUFF * 2)
    work.declared.freeform = ["Angst", "Major Character Death", "Sad Ending", "Slow Burn"]
    work.declared.rating = "Explicit"
    work.declared.relationships = ["Ana/Sam"]
    assert _analysed(work).inferred.freeform == plain


def test_tags_read_other_stages_when_present() -> None:
    scenes = passages("NPNP", repeat=1)
    without = suggest_tags(arc(build_work(scenes)), min_confidence=0.0)
    work = arc(build_work(scenes))
    work.inferred.content_warnings = [
        ContentWarning(id="death", label="death", coarse="aggression", severity="depicted", confidence=0.9)
    ]
    work.inferred.relationships = [
        Relationship(tag="Ana/Ben", kind="romantic", members=["Ana", "Ben"], confidence=0.9)
    ]
    with_ = suggest_tags(work, min_confidence=0.0)
    before = {t.tag: t.confidence for t in without}
    after = {t.tag: t for t in with_}
    assert after["Grief/Mourning"].confidence > before["Grief/Mourning"]
    assert after["Romance"].confidence > before["Romance"]
    assert any(s.startswith("relationships:") for s in after["Romance"].signals)
    assert any("content warnings: death" in s for s in after["Grief/Mourning"].signals)


def test_tags_every_suggestion_has_confidence_and_signals() -> None:
    work = build_work([POSITIVE[0], *NEGATIVE, REUNION])
    work.inferred.characters = [Character(name="Ana", role="main", mentions=[Mention(start=0, end=3)])]
    for suggestion in _analysed(work).inferred.freeform:
        assert suggestion.tag in TAGS
        assert 0.0 < suggestion.confidence < 1.0
        assert suggestion.signals and all(isinstance(s, str) and s for s in suggestion.signals)


def test_tags_ranked_by_confidence() -> None:
    found = _analysed(build_work(FLUFF * 2)).inferred.freeform
    assert [t.confidence for t in found] == sorted((t.confidence for t in found), reverse=True)


def test_tags_without_earlier_inference_stages_still_suggest() -> None:
    # Only structure ran: no arc, no stats, no warnings, no characters.
    found = {t.tag for t in tags(build_work(FLUFF * 3)).inferred.freeform}
    assert "Fluff" in found


def test_tags_empty_prose_suggests_nothing() -> None:
    assert tags(build_work(["  "])).inferred.freeform == []


@pytest.mark.parametrize(
    ("author_tags", "expected"),
    [
        (["Alternate Universe - Canon Divergence"], {"Alternate Universe", "Canon Divergence"}),
        (["Fluff and Smut"], {"Fluff", "Smut"}),
        (["Angst with a Happy Ending"], {"Angst", "Happy Ending", "Angst with a Happy Ending"}),
        (["Plot What Plot/Porn Without Plot", "series: A Wheel Inside a Wheel"], {"Smut", "Series"}),
        (["Alternate Universe - Post-Apocalypse", "Future Fic"], {"Alternate Universe"}),
        (["Post Game", "Hurt/Comfort"], {"Post-Canon", "Hurt/Comfort"}),
        (["Recovery", "Crossover"], set()),
    ],
)
def test_evaluation_tags_maps_author_tags_onto_the_list(author_tags: list[str], expected: set[str]) -> None:
    assert gold_tags(author_tags) == expected


def test_evaluation_tags_scores_shared_ao3_works(shared_data) -> None:
    report = evaluate_tags(shared_data, stages=["structure", "stats", "arc", "tags"], limit=4)
    assert len(report.works) + len(report.skipped) == 4
    assert report.works, report.skipped
    for value in (report.precision_at_5, report.hit_at_5, report.recall):
        assert value is None or 0.0 <= value <= 1.0
    assert sum(s.gold for s in report.per_tag.values()) == sum(len(w.gold) for w in report.works)
    assert "| Hurt/Comfort |" in report_markdown(report)
    assert sum(total for _, total in report.smut_by_rating().values()) == len(report.works)
