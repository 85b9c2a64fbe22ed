"""Point-of-view stage: narrative person, tense, focal character and per-scene switches.

Person is counted from pronouns outside dialogue ("I" inside quotes is a character talking, not
the narrator). Tense comes from the verb after each narrative subject pronoun ("she walked" / "she walks").
In third person, a scene's focal character is the one named clearly most often outside
dialogue; a switch is recorded at each scene whose person or focal character differs from the
scene before.

    >>> work = ficlens.analyze("story.txt", stages=["structure", "characters", "pov"])
    >>> work.inferred.pov.person, work.inferred.pov.tense, work.inferred.pov.focal_character
    ('third', 'past', 'Jack Harkness')
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ficlens.model import POV, POVSwitch, Work
from ficlens.registry import stage
from ficlens.stages._addressee import addressee
from ficlens.stages._narrator import narrator
from ficlens.stages.characters import in_spans, merge_spans, quote_spans, script_lines, speaker_labels

_FIRST = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves"}
_THIRD = {
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "they",
    "them",
    "their",
    "themselves",
}
_PRONOUN = re.compile(r"\b[A-Za-z]+\b")


def _person_counts(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in _PRONOUN.finditer(text, start, end):
        word = match.group().lower()
        kind = (
            "first"
            if word in _FIRST
            else "second"
            if word in _SECOND
            else "third"
            if word in _THIRD
            else None
        )
        if kind and not in_spans(match.start(), quotes):
            counts[kind] += 1
    return counts


def _person(counts: Counter[str]) -> tuple[str | None, float]:
    total = sum(counts.values())
    if total < 5:
        return None, 0.0
    first, second, third = counts["first"], counts["second"], counts["third"]
    # Narrators in first person still say "he" and "she" about others: "I" need not dominate.
    if first >= 0.35 * third and first >= second:
        return "first", min(1.0, first / max(1, third + first) + 0.3)
    if second >= 0.35 * third and second > first:
        return "second", min(1.0, second / max(1, third + second) + 0.3)
    return "third", third / total


# The verb right after a narrative subject pronoun says the tense: "she walked" / "she walks".
_SUBJECT_VERB = re.compile(r"\b(I|you|he|she|it|we|they)\s+([a-z']+)", re.I)
_PAST_WORDS = {
    "was",
    "were",
    "had",
    "did",
    "could",
    "would",
    "said",
    "went",
    "came",
    "saw",
    "knew",
    "thought",
    "felt",
    "took",
    "made",
    "got",
    "told",
    "found",
    "left",
    "stood",
    "sat",
    "ran",
}
_PRESENT_WORDS = {
    "is",
    "are",
    "am",
    "has",
    "have",
    "does",
    "do",
    "can",
    "will",
    "says",
    "goes",
    "comes",
    "sees",
    "knows",
    "thinks",
    "feels",
    "takes",
    "makes",
    "gets",
    "tells",
}
_ADVERBS = {"just", "never", "always", "still", "only", "also", "then", "finally", "quickly", "slowly", "not"}


def _tense(work: Work, quotes: list[tuple[int, int]]) -> str | None:
    """Past or present from the verbs that follow subject pronouns outside dialogue."""
    past = present = 0
    for piece in work.prose():
        for match in _SUBJECT_VERB.finditer(work.text, piece.start, piece.end):
            if in_spans(match.start(), quotes):
                continue
            verb = match.group(2).lower()
            if verb in _ADVERBS:
                continue
            if verb in _PAST_WORDS or (verb.endswith("ed") and len(verb) > 3):
                past += 1
            elif verb in _PRESENT_WORDS or (
                match.group(1).lower() in {"he", "she", "it"}
                and verb.endswith("s")
                and not verb.endswith("ss")
            ):
                present += 1
    if past + present < 3:
        return None
    return "past" if past >= present else "present"


def _mention_starts(work: Work) -> list[tuple[str, list[int]]]:
    """(name, sorted mention offsets) per character, built once per work: rebuilding them for each
    scene made a file of 10,000 one-line chapters take minutes."""
    cached = work.cache.get("pov_mention_starts")
    if cached is None or len(cached) != len(work.inferred.characters):
        cached = [(c.name, [m.start for m in c.mentions]) for c in work.inferred.characters]
        work.cache["pov_mention_starts"] = cached
    return cached


def _named_mentions(work: Work, start: int, end: int, quotes: list[tuple[int, int]]) -> int:
    total = 0
    for _name, starts in _mention_starts(work):
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        total += sum(1 for s in starts[lo:hi] if not in_spans(s, quotes))
    return total


# A name right after a verb or a preposition is an object ("He'd told John to go", "for John to
# find"): the one the scene follows is named as the subject, at a sentence's or clause's start.
_OBJECT_BEFORE = re.compile(
    r"\b(?!(?:and|but|then|when|while|as|so|because|if|until|before|after)\b)[a-z]+\s$"
)


def _focal(work: Work, start: int, end: int, quotes: list[tuple[int, int]]) -> str | None:
    counts: Counter[str] = Counter()
    text = work.text
    for name, starts in _mention_starts(work):
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        counts[name] = sum(
            0.5 if _OBJECT_BEFORE.search(text, max(0, s - 20), s) else 1.0
            for s in starts[lo:hi]
            if not in_spans(s, quotes)
        )
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]


def detect_pov(work: Work) -> POV:
    """Person, tense, focal character and switches for the whole work."""
    text = work.text
    # In a script or a chat log every line is someone speaking after a label ("BILL:", "priya:"), and
    # the labels name no one in narration.
    labels = speaker_labels(text, [(0, len(text))], handles=True)
    quotes = merge_spans(quote_spans(text) + script_lines(text, labels) + labels)
    total: Counter[str] = Counter()
    per_scene: list[tuple[int, str | None, str | None]] = []
    for scene in work.scenes:
        counts: Counter[str] = Counter()
        for piece in work.prose(scene):
            counts.update(_person_counts(text, piece.start, piece.end, quotes))
        # "Anna walked" is third-person narration as much as "she walked".
        counts["third"] += _named_mentions(work, scene.start, scene.end, quotes)
        total.update(counts)
        person, _ = _person(counts)
        focal = _focal(work, scene.start, scene.end, quotes) if person == "third" else None
        per_scene.append((scene.index, person, focal))
    person, confidence = _person(total)
    # Each scene's own third-person focal character: the coreference of he/she reads it (`coref`).
    work.cache["pov.scene_focal"] = {index: focal for index, p, focal in per_scene if p == "third" and focal}
    switches: list[POVSwitch] = []
    previous: tuple[str | None, str | None] | None = None
    for index, scene_person, focal in per_scene:
        if scene_person is None:
            continue
        current = (scene_person, focal)
        if previous is not None and current != previous:
            switches.append(POVSwitch(scene=index, person=scene_person, focal_character=focal))  # type: ignore[arg-type]
        previous = current
    work.cache.pop("addressee", None)  # read again from this verdict
    focal_votes = Counter(f for _, p, f in per_scene if f and p == "third")
    focal_character = None
    if person == "third" and focal_votes:
        name, votes = focal_votes.most_common(1)[0]
        if votes >= 0.5 * sum(1 for _, p, _ in per_scene if p == "third"):
            focal_character = name
    elif person == "second":
        # The "you" a second-person story names ("your name is Kaidan"), when it does.
        focal_character = addressee(work, second=True)
    elif person == "first":
        # The "I" the text names elsewhere ("my name is Jess", a signed letter, "Wally's POV").
        work.cache.pop("narrator", None)
        focal_character = narrator(work, quotes)
    return POV(
        person=person,  # type: ignore[arg-type]
        tense=_tense(work, quotes) if person else None,  # type: ignore[arg-type]
        focal_character=focal_character,
        confidence=round(confidence, 3),
        switches=switches,
    )


@stage("pov", requires=("characters",), assigns=("pov",))
def pov(work: Work) -> Work:
    """Narrative person, tense and focal character, with per-scene switches."""
    work.inferred.pov = detect_pov(work)
    return work
