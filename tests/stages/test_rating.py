"""Rating and archive warnings from content warnings and explicitness (no learned model needed)."""

from __future__ import annotations

from ficlens.model import (
    AO3_ARCHIVE_WARNINGS,
    AO3_RATINGS,
    Chapter,
    Character,
    ContentWarning,
    Evidence,
    Scene,
    Work,
)
from ficlens.stages.rating import rating

CALM = "The harbour smelled of salt. Mara bought bread and talked with the baker about the weather. " * 20


def make_work(text: str, warnings: list[ContentWarning] = ()) -> Work:
    work = Work(text=text)
    work.chapters = [
        Chapter(index=0, start=0, end=len(text), scenes=[Scene(index=0, start=0, end=len(text))])
    ]
    work.stats.words = len(text.split())
    work.inferred.content_warnings = list(warnings)
    return work


def cw(
    wid: str, severity: str, confidence: float, text: str, work_text: str, coarse: str = "aggression"
) -> ContentWarning:
    start = work_text.index(text)
    return ContentWarning(
        id=wid,
        label=wid.capitalize(),
        coarse=coarse,
        severity=severity,  # type: ignore[arg-type]
        confidence=confidence,
        scenes=[0],
        evidence=[Evidence(start=start, end=start + len(text), text=text)],
    )


def test_rating_general_and_no_archive_warnings_for_calm_story() -> None:
    work = rating(make_work(CALM))
    assert work.inferred.rating is not None
    assert work.inferred.rating.name == "General Audiences"
    assert [w.name for w in work.inferred.archive_warnings] == ["No Archive Warnings Apply"]
    assert work.inferred.rating.reasons and work.inferred.archive_warnings[0].reasons


def test_rating_explicit_from_explicit_terms() -> None:
    text = CALM + "He wrapped his hand around his cock and she came with a cry, the orgasm shaking her. " * 3
    work = rating(make_work(text))
    assert work.inferred.rating is not None and work.inferred.rating.name == "Explicit"
    assert "explicit" in work.inferred.rating.reasons[0]


def test_rating_teen_for_strong_language() -> None:
    work = rating(make_work(CALM + "'Fuck this,' she said, and left. "))
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"


def test_rating_graphic_violence_archive_warning_with_reasons() -> None:
    sentence = "He drove the knife into his belly and blood gushed over the floor."
    text = CALM + sentence
    work = rating(make_work(text, [cw("violence", "graphic", 0.97, sentence, text)]))
    names = [w.name for w in work.inferred.archive_warnings]
    assert "Graphic Depictions Of Violence" in names and "No Archive Warnings Apply" not in names
    gdov = work.inferred.archive_warnings[names.index("Graphic Depictions Of Violence")]
    assert "scene 1" in gdov.reasons[0] and "knife" in gdov.reasons[0]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"


def test_rating_major_character_death_needs_main_character_on_page() -> None:
    sentence = "Mara died in his arms as the sun rose."
    text = CALM + sentence
    death = cw("death", "depicted", 0.98, sentence, text)
    with_main = make_work(text, [death])
    with_main.inferred.characters = [Character(name="Mara", role="main")]
    assert "Major Character Death" in [w.name for w in rating(with_main).inferred.archive_warnings]
    minor = make_work(text, [death])
    minor.inferred.characters = [Character(name="Mara", role="mentioned"), Character(name="Tom", role="main")]
    assert "Major Character Death" not in [w.name for w in rating(minor).inferred.archive_warnings]
    remembered = make_work(text, [death])
    remembered.inferred.characters = [Character(name="Mara", role="main")]
    remembered.cache["content_warnings.evidence_severity"] = {("death", death.evidence[0].start): "mentioned"}
    assert "Major Character Death" not in [w.name for w in rating(remembered).inferred.archive_warnings]


def test_rating_rape_noncon_from_sexual_abuse() -> None:
    sentence = "He pinned her down and raped her while she begged him to stop."
    text = CALM + sentence
    work = rating(make_work(text, [cw("sexual-abuse", "depicted", 0.9, sentence, text, coarse="abuse")]))
    assert "Rape/Non-Con" in [w.name for w in work.inferred.archive_warnings]
    assert work.inferred.rating is not None and work.inferred.rating.name in ("Mature", "Explicit")


def test_rating_outputs_exact_ao3_strings() -> None:
    for text in (CALM, CALM + "fuck " * 3):
        work = rating(make_work(text))
        assert work.inferred.rating is not None and work.inferred.rating.name in AO3_RATINGS
        assert all(w.name in AO3_ARCHIVE_WARNINGS for w in work.inferred.archive_warnings)


def test_rating_not_rated_for_non_english() -> None:
    work = make_work("Il était une fois une princesse. " * 30)
    work.cache["content_warnings.skipped"] = "not English"
    work = rating(work)
    assert work.inferred.rating is not None and work.inferred.rating.name == "Not Rated"
    assert work.inferred.archive_warnings == []


def test_rating_empty_work() -> None:
    work = rating(make_work(""))
    assert work.inferred.rating is not None and work.inferred.rating.name == "General Audiences"


def test_rating_ao3_eval_scores_and_skips() -> None:
    from ficlens.evaluation.ao3_warnings import AO3EvalResult, WorkRow

    nawa, gdov, ccnw = (
        "No Archive Warnings Apply",
        "Graphic Depictions Of Violence",
        "Creator Chose Not To Use Archive Warnings",
    )
    rows = [
        WorkRow("1", "a", "Explicit", "Explicit", [nawa], [nawa]),
        WorkRow("2", "b", "Mature", "Teen And Up Audiences", [gdov], [nawa]),
        WorkRow("3", "c", "Not Rated", "General Audiences", [ccnw], [gdov]),  # skipped for both
        WorkRow("4", "d", "Explicit", None, [nawa], [], error="InputError: broken"),
    ]
    result = AO3EvalResult(rows)
    assert len(result.rating_rows) == 2 and result.rating_accuracy == 0.5
    assert result.warning_counts() == (1, 1, 1)
    assert abs(result.warning_micro_f1 - 0.5) < 1e-9
    assert abs(result.baseline_warning_micro_f1 - 0.5) < 1e-9
    assert {r.work_id for r in result.misses()} == {"2", "4"}


def test_rating_underage_needs_the_age_near_the_sexual_content() -> None:
    sex = "He wrapped his hand around his cock and she came with a cry, the orgasm shaking her. "
    far = "Tobin, the sixteen-year-old cook, handed out the bread. " + CALM * 2 + sex * 3
    porn = cw("pornography", "graphic", 0.95, sex, far, coarse="sexual-content")
    assert "Underage" not in [w.name for w in rating(make_work(far, [porn])).inferred.archive_warnings]
    near = CALM + "She was sixteen years old. " + sex * 3
    porn = cw("pornography", "graphic", 0.95, sex, near, coarse="sexual-content")
    warnings = rating(make_work(near, [porn])).inferred.archive_warnings
    assert [w.name for w in warnings] == ["Underage"]
    assert "nearby" in warnings[0].reasons[0]


def test_rating_underage_reads_minor_as_a_person_only() -> None:
    sex = "He wrapped his hand around his cock and she came with a cry, the orgasm shaking her. "
    for phrase, expected in [
        ("It was a minor inconvenience, a minor key. ", []),
        ("She was a minor then. ", ["Underage"]),
    ]:
        text = CALM + phrase + sex * 3
        porn = cw("pornography", "graphic", 0.95, sex, text, coarse="sexual-content")
        names = [w.name for w in rating(make_work(text, [porn])).inferred.archive_warnings]
        assert [n for n in names if n == "Underage"] == expected


def test_one_romantic_word_in_a_short_piece_is_no_teen_material_but_two_are() -> None:
    short = CALM[: len(CALM) // 4]  # about 85 words: one word is a density of over 10 per 1,000
    one = rating(make_work(short + " Mara groaned at the price of the bread."))
    assert one.inferred.rating is not None and one.inferred.rating.name == "General Audiences"
    two = rating(make_work(short + " Mara kissed the baker. He laughed into the kiss."))
    assert two.inferred.rating is not None and two.inferred.rating.name == "Teen And Up Audiences"


def _with_events(work: Work, graphic: ContentWarning) -> Work:
    """As the pipeline leaves a work: the events stage ran, and content_warnings noted the severity of
    each evidence sentence."""
    work.stages = ["content_warnings", "events"]
    work.cache["content_warnings.evidence_severity"] = {
        (graphic.id, e.start): "graphic" for e in graphic.evidence
    }
    return work


def test_graphic_violence_watched_on_a_screen_is_no_archive_warning() -> None:
    # Stop 31 (AO3 47409136): Achilles kills Hector in a film the character watches; the passage model
    # hears graphic violence, but nobody in the story is hurt.
    sentence = "He didn't cry when Achilles stabbed Hector through the throat and the blood gushed out."
    watched = CALM + "In the auditorium the film had reached its last battle. " + sentence
    seen = cw("violence", "graphic", 0.88, sentence, watched)
    work = rating(_with_events(make_work(watched, [seen]), seen))
    names = [w.name for w in work.inferred.archive_warnings]
    assert "Graphic Depictions Of Violence" not in names and "No Archive Warnings Apply" in names
    # The same sentence lived on the page warns, and the rating follows the warning: never General.
    lived = CALM + "On the beach the last battle began. " + sentence
    felt = cw("violence", "graphic", 0.88, sentence, lived)
    work = rating(_with_events(make_work(lived, [felt]), felt))
    assert "Graphic Depictions Of Violence" in [w.name for w in work.inferred.archive_warnings]
    assert work.inferred.rating is not None and work.inferred.rating.name != "General Audiences"
