"""AO3 rating and archive warnings, derived from the content warnings and explicitness (issue 5).

Runs after `content_warnings`; fills `inferred.rating` and `inferred.archive_warnings`, each with
reasons a person can read ("graphic violence in scenes 3, 7: 'he drove the blade…'").

    >>> work = ficlens.analyze("story.txt")
    >>> work.inferred.rating.name, [w.name for w in work.inferred.archive_warnings]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ficlens.model import SEVERITY_ORDER, ArchiveWarning, ContentWarning, Rating, Work
from ficlens.registry import stage
from ficlens.stages.events import (
    RATING_ORDER,
    SURE_WORDS,
    certainty,
    graphic_violence_warning,
    mcd_warning,
    rating_floor,
    told_on_page,
)
from ficlens.stages.warning_lexicons import EXPLICIT_SEX, INTIMATE, SOFT_SEXUAL

_STRONG_PROFANITY = re.compile(r"\b(?:fuck\w*|motherfuck\w*|cunt\w*)\b")
_MINOR = re.compile(
    r"\b(?:(?:1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[- ]years?[- ]old|"
    r"underage|minors|middle school|preteen)\b"
    # "was a minor" as a person, not "a minor inconvenience": end of clause or a function word next.
    r"|\b(?:is|was|were|are|still|being|as) a minor"
    r"(?=\s*(?:[.,;:!?)\"'”’—-]|$)|\s+(?:then|at|when|and|in|until|so|but|who|back)\b)"
)
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NOT_NAMES = frozenset(
    "The And But She His Her They Then When What Where Why How There This That With For Not Was Were "
    "Chapter You Your Yes Just Maybe Even Still Now Once Some After Before Because Well Oh Nothing "
    "Everything Something Someone Everyone God Mr Mrs Ms Dr Sir".split()
)
# An age under 18 counts for "Underage" only this close (in characters, about 250 words) to
# explicit sexual content: a long scene can hold a sixteen-year-old cook and, pages later, adults in bed.
UNDERAGE_WINDOW = 1500
# Searched in the original text (offsets must not shift), so case-blind.
_EXPLICIT_ANY_CASE = re.compile(EXPLICIT_SEX.pattern, re.IGNORECASE)
_MINOR_ANY_CASE = re.compile(_MINOR.pattern, re.IGNORECASE)


def _minor_in_sex_scenes(work: Work, porn: ContentWarning) -> list[int]:
    """Scenes of `porn` where an age under 18 is mentioned near an explicit term or its evidence."""
    scenes = {s.index: s for s in work.scenes}
    text = work.text
    found = []
    for i in porn.scenes:
        scene = scenes.get(i)
        if scene is None:
            continue
        sex = sorted(
            [m.start() for m in _EXPLICIT_ANY_CASE.finditer(text, scene.start, scene.end)]
            + [e.start for e in porn.evidence if scene.start <= e.start < scene.end]
        )
        for m in _MINOR_ANY_CASE.finditer(text, scene.start, scene.end):
            # Any explicit term in [age - window, age + window]: one bisection per age.
            k = bisect.bisect_left(sex, m.start() - UNDERAGE_WINDOW)
            if k < len(sex) and sex[k] <= m.start() + UNDERAGE_WINDOW:
                found.append(i)
                break
    return found


VIOLENT = ("violence", "blood-gore", "collective-violence")
# Below this many words, finding nothing is no evidence of absence (a stub, a teaser, a summary
# pasted alone): "No Archive Warnings Apply" is not asserted and the rating's confidence is capped.
MIN_WORDS_TO_CLEAR = 100


def _snippet(cw: ContentWarning) -> str:
    if not cw.evidence:
        return ""
    text = " ".join(cw.evidence[0].text.split())
    return f": “{text[:90]}{'…' if len(text) > 90 else ''}”"


def _scenes(cw: ContentWarning) -> str:
    shown = ", ".join(str(s + 1) for s in cw.scenes[:6])
    more = "…" if len(cw.scenes) > 6 else ""
    return f"scene{'s' if len(cw.scenes) != 1 else ''} {shown}{more}"


def _main_names(work: Work) -> set[str]:
    """Main characters from the characters stage, else the most frequent capitalised names."""
    chars = work.inferred.characters
    if chars:
        names = set()
        for c in chars:
            if c.role == "main":
                names.update(p for n in [c.name, *c.aliases] for p in n.split() if len(p) > 2)
        if names:
            return names
    counts = Counter(m.group(0) for p in work.prose() for m in _NAME.finditer(work.text, p.start, p.end))
    return {n for n, _ in counts.most_common(8) if n not in _NOT_NAMES}


@stage("rating", requires=("content_warnings",), assigns=("rating", "archive_warnings"))
def rating(work: Work) -> Work:
    """Infer the AO3 rating and archive warnings from content warnings and explicitness."""
    if work.cache.get("content_warnings.skipped") == "not English":
        work.inferred.rating = Rating(
            name="Not Rated",
            confidence=0.0,
            reasons=["the text does not look like English; ficlens' warning models read English only"],
        )
        work.inferred.archive_warnings = []
        return work
    by_id = {cw.id: cw for cw in work.inferred.content_warnings}
    words = max(work.stats.words, 1)
    low = work.text.lower()
    explicit_hits = sum(len(EXPLICIT_SEX.findall(low, p.start, p.end)) for p in work.prose())
    profanity = sum(len(_STRONG_PROFANITY.findall(low, p.start, p.end)) for p in work.prose())

    def sev(wid: str) -> int:
        cw = by_id.get(wid)
        return SEVERITY_ORDER[cw.severity] if cw else 0

    # ---- archive warnings ----
    archive: list[ArchiveWarning] = []
    # The passage model hears violence a character only watches (a film, a play) or dreams; the events
    # stage reads how each sentence is told, and graphic violence counts only when lived on the page.
    sevs = work.cache.get("content_warnings.evidence_severity", {})
    watched = (
        {
            w
            for w in VIOLENT
            if sev(w) >= 3
            and not any(
                sevs.get((w, e.start)) == "graphic" and told_on_page(work, (e.start, e.end))
                for e in by_id[w].evidence
            )
        }
        if "events" in work.stages and sevs
        else set()
    )
    violent = [by_id[w] for w in VIOLENT if sev(w) >= 3 and w not in watched]
    if violent:
        top = max(violent, key=lambda cw: cw.confidence)
        if top.confidence >= 0.85:
            archive.append(
                ArchiveWarning(
                    name="Graphic Depictions Of Violence",
                    confidence=round(top.confidence, 3),
                    reasons=[
                        f"{cw.label.lower()} in graphic detail in {_scenes(cw)}{_snippet(cw)}"
                        for cw in violent
                    ],
                )
            )
    with_events = "events" in work.stages
    if with_events:
        # Events know who died and when (issue 15): the death must be a main character's, on the page.
        archive += [w for w in (mcd_warning(work),) if w is not None]
        if not any(w.name == "Graphic Depictions Of Violence" for w in archive):
            archive += [w for w in (graphic_violence_warning(work),) if w is not None]
    death = by_id.get("death")
    if not with_events and death and sev("death") >= 2 and death.confidence >= 0.95:
        names = _main_names(work)
        sevs = work.cache.get("content_warnings.evidence_severity", {})
        # Only on-page deaths (depicted or graphic evidence sentences) that name a central character.
        named = [
            e
            for e in death.evidence
            if sevs.get(("death", e.start), "depicted") != "mentioned" and any(n in e.text for n in names)
        ]
        if named:
            who = sorted({n for e in named for n in names if n in e.text})
            archive.append(
                ArchiveWarning(
                    name="Major Character Death",
                    confidence=round(death.confidence * (0.9 if work.inferred.characters else 0.75), 3),
                    reasons=[
                        f"a death happens on the page in {_scenes(death)} naming a central character "
                        f"({', '.join(who[:3])}){_snippet(death)}"
                    ],
                )
            )
    rape = by_id.get("sexual-abuse")
    if rape and sev("sexual-abuse") >= 2 and rape.confidence >= 0.7:
        archive.append(
            ArchiveWarning(
                name="Rape/Non-Con",
                confidence=round(rape.confidence, 3),
                reasons=[f"sexual violence on the page in {_scenes(rape)}{_snippet(rape)}"],
            )
        )
    porn = by_id.get("pornography")
    if porn and sev("pornography") >= 2:
        minor_scenes = _minor_in_sex_scenes(work, porn)
        if minor_scenes:
            archive.append(
                ArchiveWarning(
                    name="Underage",
                    confidence=0.6,
                    reasons=[
                        f"sexual content in scene(s) {', '.join(str(i + 1) for i in minor_scenes[:5])} with a "
                        "character's age under 18 mentioned nearby"
                    ],
                )
            )
    if not archive:
        # What could still be an archive warning we did not assert: graphic violence or
        # rape/non-con below their confidence bars. Depicted deaths that name no central character
        # do not count (calibrated on the AO3 fixtures: they are mostly minor deaths).
        risky = [by_id[w].confidence for w in VIOLENT if sev(w) >= 3 and w not in watched]
        risky += [rape.confidence] if rape and sev("sexual-abuse") >= 2 else []
        risk = max(risky, default=0.0)
        # Between this risk and the warning bars, or with too little text: say nothing rather than guess.
        if risk < 0.6 and work.stats.words >= MIN_WORDS_TO_CLEAR:
            archive.append(
                ArchiveWarning(
                    name="No Archive Warnings Apply",
                    confidence=round(1 - 0.6 * risk, 3),
                    reasons=[
                        "no graphic violence, on-page major character death, rape or underage sexual content found"
                        + (f" (strongest related signal {risk:.2f})" if risk else "")
                    ],
                )
            )
    work.inferred.archive_warnings = archive

    # ---- rating ----
    # Thresholds calibrated on the 60 rated AO3 fixture works (../shared/data/ao3): explicit terms
    # and the density of softer sexual vocabulary separate Explicit / Mature / Teen better than
    # the passage models, which were never trained on sexual content.
    soft = sum(len(SOFT_SEXUAL.findall(low, p.start, p.end)) for p in work.prose())
    soft_density = soft / words * 1000
    # One "groaned" in a 500-word fluff piece is a density of 2 but no romance: Teen asks for two words.
    soft_teen = soft >= 2 and soft_density >= 2
    # The kinds of bodily words are counted only when the vocabulary is dense enough to matter.
    soft_mature = (
        soft >= 3
        and soft_density >= 3.5
        and len({m.lastgroup for p in work.prose() for m in INTIMATE.finditer(low, p.start, p.end)}) >= 2
    )
    prof_density = profanity / words * 1000
    reasons: list[str] = []
    graphic = [
        by_id[w]
        for w in (*VIOLENT, "sexual-abuse", "self-harm", "suicide")
        if sev(w) >= 3 and by_id[w].confidence >= 0.9 and w not in watched
    ]
    # With events, a death the passage model hears ("I died forty times", "killed it") but no death read
    # on the page (now, in a flashback, or undone later) is figurative or a game's: no Teen by itself.
    death_read = "events" not in work.stages or any(
        e.label in ("death", "dying") and e.mode in ("present", "flashback", "undone")
        for e in work.inferred.events
    )
    depicted = [
        by_id[w]
        for w in (
            *VIOLENT,
            *(("death",) if death_read else ()),
            "kidnapping",
            "suicide",
            "self-harm",
            "sexual-abuse",
            "abuse",
            "child-abuse",
        )
        if sev(w) >= 2 and by_id[w].confidence >= 0.9
    ]
    if explicit_hits >= 3 or (explicit_hits >= 1 and soft_density >= 5):
        name, conf = "Explicit", min(0.95, 0.55 + 0.05 * explicit_hits)
        reasons.append(
            f"explicit sexual content: {explicit_hits} explicit term(s), sexual vocabulary {soft_density:.1f} per 1,000 words"
            + (f", in {_scenes(porn)}{_snippet(porn)}" if porn else "")
        )
    elif (
        (explicit_hits >= 1 and (explicit_hits / words * 1000 >= 0.3 or soft_density >= 1.0))
        or soft_mature
        or graphic
        or (profanity >= 5 and prof_density >= 3)
        or (rape and sev("sexual-abuse") >= 2)
    ):
        name, conf = "Mature", 0.55
        if explicit_hits or soft_mature:
            reasons.append(
                f"sexual content: {explicit_hits} explicit term(s), sexual vocabulary {soft_density:.1f} per 1,000 words"
            )
        for cw in graphic:
            reasons.append(f"{cw.label.lower()} in graphic detail in {_scenes(cw)}{_snippet(cw)}")
        if profanity >= 5 and prof_density >= 3:
            reasons.append(f"pervasive strong language ({profanity} uses)")
        if rape and sev("sexual-abuse") >= 2 and not any(cw.id == "sexual-abuse" for cw in graphic):
            reasons.append(f"sexual violence on the page in {_scenes(rape)}")
    elif (
        profanity >= 1
        or soft_teen
        or depicted
        or any(sev(w) >= 1 and by_id[w].confidence >= 0.9 for w in ("suicide", "self-harm", "sexual-abuse"))
    ):
        name, conf = "Teen And Up Audiences", 0.5
        for cw in depicted[:4]:
            reasons.append(f"{cw.label.lower()} ({cw.severity}) in {_scenes(cw)}")
        if profanity:
            reasons.append(f"strong language ({profanity} use{'s' if profanity != 1 else ''})")
        if soft_teen:
            reasons.append(
                f"romantic or sexual vocabulary ({soft_density:.1f} per 1,000 words) without explicit terms"
            )
        if not reasons:
            reasons.append(
                "dark themes mentioned: "
                + ", ".join(
                    cw.label.lower()
                    for cw in work.inferred.content_warnings
                    if cw.id in ("suicide", "self-harm", "sexual-abuse")
                )
            )
    else:
        name, conf = "General Audiences", 0.6
        mentioned = [cw.label.lower() for cw in work.inferred.content_warnings]
        reasons.append(
            "no explicit or sexual vocabulary, strong language or confidently depicted violence found"
            + (f"; weaker signals: {', '.join(mentioned[:4])}" if mentioned else "")
        )
    floor = rating_floor(work) if with_events else None
    if floor is not None and RATING_ORDER.index(floor[0]) > RATING_ORDER.index(name):
        name, conf = floor[0], 0.55
        reasons.insert(0, f"the strongest event asks for at least {floor[0]}: {floor[1]}")
    elif floor is not None and floor[0] == name:
        reasons.insert(0, f"strongest event: {floor[1]}")
    gdov = next((w for w in archive if w.name == "Graphic Depictions Of Violence"), None)
    if gdov is not None and name == "General Audiences":
        # Violence graphic enough to warn of is no General Audiences story, whatever else is missing.
        name, conf = "Teen And Up Audiences", 0.5
        reasons.insert(0, f"Graphic Depictions Of Violence asks for at least Teen: {gdov.reasons[0]}")
    if work.stats.words < MIN_WORDS_TO_CLEAR:
        conf = min(conf, 0.3)
        reasons.append(
            f"only {work.stats.words} word{'s' if work.stats.words != 1 else ''} of text: too little to rule "
            "anything out, so no archive warning is asserted either way"
        )
    if work.stats.words < SURE_WORDS[0]:
        conf = min(conf, 0.35)
        if work.stats.words >= MIN_WORDS_TO_CLEAR:
            reasons.append(f"only {work.stats.words} words of text: unsure")
    work.inferred.rating = Rating(
        name=name,
        confidence=round(conf, 3),
        reasons=reasons,
        certainty=certainty(work.stats.words, conf),  # type: ignore[arg-type]
    )
    return work
