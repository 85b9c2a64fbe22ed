"""The one document model every stage reads and writes.

A `Work` owns the normalised body text (`Work.text`). Everything else points into it with
character offsets (Python `str` indices, end-exclusive, never bytes), so the CLI, the web UI,
the library and the batch runner all highlight the same characters.

Layout of the body text: chapter headings, chapter notes and chapter prose in reading order.
Work-level metadata that a source keeps *outside* the story (an AO3 preface: summary, tags,
work notes) is never part of `text`; such notes carry `start = end = None`.

Results of inference stages live under `Work.inferred` as typed fields. Tags an author declared
in the source live under `Work.declared` and must never be read by inference stages.
"""

from __future__ import annotations

import bisect
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "1.2"

SourceFormat = Literal["text", "html", "page", "epub", "markdown"]
NoteKind = Literal["summary", "author-note", "end-note", "disclaimer", "spoiler-notice"]
Severity = Literal["mentioned", "depicted", "graphic"]
SEVERITY_ORDER: dict[str, int] = {"mentioned": 1, "depicted": 2, "graphic": 3}

AO3_RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
AO3_ARCHIVE_WARNINGS = (
    "Creator Chose Not To Use Archive Warnings",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "No Archive Warnings Apply",
    "Rape/Non-Con",
    "Underage",
)
AO3_CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")


# `Work.cache` key of the merged note intervals that `Work.prose` reads.
_NOTE_INTERVALS = "model.note_intervals"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """A character range of `Work.text`, end-exclusive."""

    start: int
    end: int


class Evidence(Span):
    """A passage that justifies a finding; `text` repeats `Work.text[start:end]`."""

    text: str


class Source(_Model):
    path: str | None = None
    format: SourceFormat = "text"
    sha256: str = ""


class Series(_Model):
    name: str
    part: int | None = None


class Stats(_Model):
    words: int = 0
    chapters: int = 0
    scenes: int = 0
    reading_minutes: float = 0.0
    # Filled by the `stats` stage (issue 9); null until it runs.
    dialogue_share: float | None = None
    avg_scene_words: float | None = None
    readability_grade: float | None = None


class Note(_Model):
    kind: NoteKind
    text: str
    # None when the note sits outside the body text (e.g. an AO3 preface note).
    start: int | None = None
    end: int | None = None
    # spoiler-notice only (1.1): the canon, season or episode the notice names, when it names one.
    canon: str | None = None


class Scene(Span):
    # Global, 0-based, in reading order across all chapters.
    index: int


class Chapter(Span):
    # 0-based position in the work.
    index: int
    title: str | None = None
    scenes: list[Scene] = Field(default_factory=list)


class Declared(_Model):
    """Tags and facts the author declared in the source (AO3 preface / metadata)."""

    rating: str | None = None
    archive_warnings: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    fandoms: list[str] = Field(default_factory=list)
    relationships: list[str] = Field(default_factory=list)
    characters: list[str] = Field(default_factory=list)
    freeform: list[str] = Field(default_factory=list)
    language: str | None = None
    series: list[Series] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    words: int | None = None
    chapters: str | None = None  # as AO3 prints it, e.g. "3/?"
    complete: bool | None = None
    published: str | None = None
    updated: str | None = None


# ---- inference results (one class per capability) ------------------------------------------


class Mention(Span):
    pass


class Character(_Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: Literal["main", "secondary", "mentioned"] = "secondary"
    gender: Literal["female", "male", "nonbinary"] | None = None
    # AO3 canonical character tag, when the fandom is known.
    canonical: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


# The two fandom values that name no canon, part of the contract: the author calls the story their own,
# or no canon in the knowledge base explains its cast and the author does not.
ORIGINAL_WORK = "Original Work"
UNKNOWN_FANDOM = "Unknown fandom"


class FandomGuess(_Model):
    name: str
    confidence: float
    evidence: list[str] = Field(default_factory=list)


class Relationship(_Model):
    tag: str  # AO3 style: "A/B" romantic, "A & B" platonic
    kind: Literal["romantic", "platonic"]
    members: list[str]
    confidence: float
    scenes: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class POVSwitch(_Model):
    scene: int
    person: Literal["first", "second", "third"]
    focal_character: str | None = None


class POV(_Model):
    person: Literal["first", "second", "third"] | None = None
    tense: Literal["past", "present"] | None = None
    focal_character: str | None = None
    confidence: float = 0.0
    switches: list[POVSwitch] = Field(default_factory=list)


class ContentWarning(_Model):
    id: str  # taxonomy id, e.g. "suicide"
    label: str
    coarse: str
    severity: Severity
    confidence: float
    scenes: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class SceneWarning(_Model):
    """Per-scene view of the content warnings: what a reader may want to skip."""

    scene: int
    id: str
    severity: Severity
    confidence: float


class ArchiveWarning(_Model):
    name: str  # exact AO3 string
    confidence: float
    reasons: list[str] = Field(default_factory=list)
    # 1.1: who the warning is about (Major Character Death: the characters who die).
    characters: list[str] = Field(default_factory=list)


class Rating(_Model):
    name: str  # exact AO3 string
    confidence: float
    reasons: list[str] = Field(default_factory=list)
    # 1.1: "unsure" when the text is too short (or too odd) to rule content out.
    certainty: Literal["sure", "likely", "unsure"] | None = None


EventLabel = Literal[
    "death", "dying", "suicide_attempt", "suicidal_ideation", "self_harm", "violence", "sexual_content"
]
# present: happens in the story's now; flashback: on the page but in the past; dream: dreamt;
# imagined: feared, wished or hypothetical; undone: reversed later (revived); canon_mentioned:
# only referred to as having happened before the story (no scene of it).
EventMode = Literal["present", "flashback", "dream", "imagined", "undone", "canon_mentioned"]


class Participant(_Model):
    name: str  # a character's name, "the narrator", or the noun phrase the text uses
    role: Literal["victim", "agent"]
    # Name of the matching `inferred.characters` entry, when the mention resolved to one.
    character: str | None = None


class Event(_Model):
    """Something that happens to someone (1.1): the basis of archive warnings and the rating."""

    label: EventLabel
    severity: Severity
    mode: EventMode
    scene: int
    confidence: float
    participants: list[Participant] = Field(default_factory=list)
    # True when a victim is a main or recurring character (cast ranking, or the narrator).
    main_character: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class SelfHarmWarning(_Model):
    """Suicide and self-harm as first-class warnings (1.1)."""

    kind: Literal["ideation", "attempt", "completed", "self-harm"]
    who: str | None = None
    severity: Severity
    confidence: float
    scenes: list[int] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class TagSuggestion(_Model):
    tag: str
    confidence: float
    signals: list[str] = Field(default_factory=list)


class Arc(_Model):
    shape: str | None = None
    confidence: float = 0.0
    ending: Literal["up", "down", "flat"] | None = None
    points: list[float] = Field(default_factory=list)
    # Position of each scene start on the 0..1 axis of `points`.
    scenes: list[float] = Field(default_factory=list)


class Inferred(_Model):
    """What ficlens read from the story text alone."""

    rating: Rating | None = None
    archive_warnings: list[ArchiveWarning] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    fandoms: list[FandomGuess] = Field(default_factory=list)
    characters: list[Character] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    pov: POV | None = None
    content_warnings: list[ContentWarning] = Field(default_factory=list)
    scene_warnings: list[SceneWarning] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    self_harm: list[SelfHarmWarning] = Field(default_factory=list)
    freeform: list[TagSuggestion] = Field(default_factory=list)
    arc: Arc | None = None


class Work(_Model):
    """A story and everything ficlens knows about it.

    >>> work = ficlens.analyze("story.txt")
    >>> work.title, work.stats.words, [c.name for c in work.inferred.characters]
    """

    schema_version: str = SCHEMA_VERSION
    analyser_version: str = ""
    source: Source = Field(default_factory=Source)
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    summary: str | None = None
    series: Series | None = None
    language: str | None = None
    stats: Stats = Field(default_factory=Stats)
    notes: list[Note] = Field(default_factory=list)
    chapters: list[Chapter] = Field(default_factory=list)
    declared: Declared = Field(default_factory=Declared)
    inferred: Inferred = Field(default_factory=Inferred)
    # Names of the stages that ran, in order.
    stages: list[str] = Field(default_factory=list)
    # The body text; left out of JSON unless asked for (`--include-text`).
    text: str = Field(default="", exclude=True)
    # Transient per-run data stages may share (e.g. parsed spaCy docs); never serialised.
    _cache: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def cache(self) -> dict[str, Any]:
        return self._cache

    # -- helpers every stage uses -------------------------------------------------------------

    @property
    def scenes(self) -> list[Scene]:
        return [s for c in self.chapters for s in c.scenes]

    def note_spans(self) -> list[Span]:
        return [
            Span(start=n.start, end=n.end) for n in self.notes if n.start is not None and n.end is not None
        ]

    def prose(self, span: Span | None = None) -> list[Span]:
        """The parts of `span` (default: the whole text) that are story, not notes.

        Inference stages read these, so an author's note that says "warning: character death"
        never counts as evidence from the story itself. Stages ask this once per scene: the notes
        are read once per `notes` list (see `_note_intervals`), and each call only looks at the
        notes inside `span`, so a work of N scenes and N notes costs O(N log N), not O(N^2).
        """
        start, end = (0, len(self.text)) if span is None else (span.start, span.end)
        starts, ends = self._note_intervals()
        pieces: list[Span] = []
        cursor = start
        # Intervals before `i` end at or before `start`: they cut nothing from this span.
        i = bisect.bisect_right(ends, start)
        while i < len(starts) and starts[i] < end:
            if ends[i] > cursor:
                if starts[i] > cursor:
                    pieces.append(Span(start=cursor, end=starts[i]))
                cursor = ends[i]
            i += 1
        if cursor < end:
            pieces.append(Span(start=cursor, end=end))
        return pieces

    def _note_intervals(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of the in-text notes, sorted and merged where they overlap or touch.

        Kept until `notes` is replaced or grows: stages assign a new list (`work.notes = [...]`) or
        append; none edits a note's offsets in place.
        """
        notes = self.notes
        cached = self._cache.get(_NOTE_INTERVALS)
        if cached is not None and cached[0] is notes and cached[1] == len(notes):
            return cached[2]
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted((n.start, n.end) for n in notes if n.start is not None and n.end is not None):
            if starts and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self._cache[_NOTE_INTERVALS] = (notes, len(notes), (starts, ends))
        return starts, ends

    def scene_at(self, offset: int) -> Scene | None:
        for scene in self.scenes:
            if scene.start <= offset < scene.end:
                return scene
        return None

    def warnings_by_scene(self) -> dict[int, list[tuple[str, str]]]:
        """scene index -> [(warning id, severity)], most severe first.

        Reads the scene map (`inferred.scene_warnings`), or the work-level warnings' scenes when a
        producer filled only those; the CLI table, the web page and the pictures all draw from this.
        """
        per_scene: dict[int, dict[str, str]] = {}
        for sw in self.inferred.scene_warnings:
            current = per_scene.setdefault(sw.scene, {}).get(sw.id)
            if current is None or SEVERITY_ORDER[sw.severity] > SEVERITY_ORDER[current]:
                per_scene[sw.scene][sw.id] = sw.severity
        if not self.inferred.scene_warnings:
            for cw in self.inferred.content_warnings:
                for scene in cw.scenes:
                    per_scene.setdefault(scene, {}).setdefault(cw.id, cw.severity)
        return {
            scene: sorted(items.items(), key=lambda kv: -SEVERITY_ORDER[kv[1]])
            for scene, items in per_scene.items()
        }

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, text=self.text[start:end])

    def to_output(self, *, include_text: bool = False) -> dict:
        """The JSON contract of `ficlens analyze` as a plain dict (see docs/output.md)."""
        data = self.model_dump(mode="json")
        if include_text:
            data["text"] = self.text
        return data
