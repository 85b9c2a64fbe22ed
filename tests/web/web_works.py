"""Hand-built works with every inference field set, and a stub library, for the web UI tests.

The stub library stores works and records the `SearchQuery` each search received, so API tests
check what the web layer asks the library (its real job) without depending on the library's
own filtering, which tests/library covers. The browser tests use the real `Library`.
"""

from __future__ import annotations

import hashlib

from ficlens.errors import WorkNotFound
from ficlens.library import SimilarWork
from ficlens.library.query import SearchQuery, SearchResult, WorkSummary
from ficlens.model import (
    POV,
    Arc,
    ArchiveWarning,
    Chapter,
    Character,
    ContentWarning,
    Declared,
    Evidence,
    Mention,
    Note,
    Rating,
    Relationship,
    Scene,
    SceneWarning,
    Series,
    Source,
    TagSuggestion,
    Work,
)

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src="x" onerror="window.__pwned = 1">'
JS_LINK = '<a href="javascript:window.__pwned = 1">click me</a>'
SVG = '<svg onload="window.__pwned = 1"></svg>'
HOSTILE_BITS = (SCRIPT, IMG, JS_LINK, SVG)


def _assemble(parts: list[tuple[str | None, list[str]]]) -> tuple[str, list[Chapter]]:
    """Text and chapters from [(chapter title, [scene text, ...]), ...]; scenes numbered globally."""
    text = ""
    chapters: list[Chapter] = []
    index = 0
    for c, (title, scenes) in enumerate(parts):
        chapter_start = len(text)
        spans = []
        for body in scenes:
            start = len(text)
            text += body
            spans.append(Scene(index=index, start=start, end=len(text)))
            text += "\n\n"
            index += 1
        chapters.append(Chapter(index=c, title=title, start=chapter_start, end=len(text), scenes=spans))
    return text, chapters


def _find(text: str, needle: str) -> Evidence:
    start = text.index(needle)
    return Evidence(start=start, end=start + len(needle), text=needle)


def make_lighthouse_work() -> Work:
    """Two chapters, four scenes; scene 1 carries a depicted suicide-attempt warning, scene 2 grief."""
    text, chapters = _assemble(
        [
            (
                "The Lamp",
                [
                    "Mara kept the lighthouse on Gull Rock. Every night she climbed the ninety steps and lit the lamp.\n\n"
                    "Her brother Tom wrote letters from the mainland.",
                    "One winter night Mara stood at the rail and thought about letting go. She climbed over it and "
                    "held on with frozen hands until the dawn came and she climbed back.",
                ],
            ),
            (
                "The Letter",
                [
                    "The letter said Tom had died in the storm. Mara wept over it for a week.",
                    "In spring, Jonah the ferryman brought seeds. Mara and Jonah planted them below the tower, "
                    "and she kissed him by the gate.",
                ],
            ),
        ]
    )
    # An author's note inside chapter 2, before its first scene text.
    evidence_attempt = _find(text, "She climbed over it and held on with frozen hands")
    evidence_grief = _find(text, "Mara wept over it for a week")
    evidence_kiss = _find(text, "she kissed him by the gate")
    scenes = [s for c in chapters for s in c.scenes]
    mara_mentions = [Mention(start=m, end=m + 4) for m in range(len(text)) if text.startswith("Mara", m)]
    return Work(
        source=Source(path="lighthouse.txt", format="text", sha256="0" * 64),
        title="The Lighthouse Keeper",
        authors=["gullrock"],
        summary="A keeper, a storm, a letter, a spring.",
        series=Series(name="Gull Rock Stories", part=2),
        language="English",
        text=text,
        chapters=chapters,
        notes=[Note(kind="author-note", text="Thanks for reading! Comments welcome.")],
        declared=Declared(
            rating="Teen And Up Audiences",
            archive_warnings=["No Archive Warnings Apply"],
            categories=["F/M"],
            fandoms=["Original Work"],
            relationships=["Mara/Jonah"],
            characters=["Mara", "Jonah", "Tom"],
            freeform=["Hurt/Comfort", "Lighthouses"],
            language="English",
            complete=True,
        ),
        inferred=_inferred(scenes, evidence_attempt, evidence_grief, evidence_kiss, mara_mentions),
        stages=[
            "structure",
            "stats",
            "characters",
            "relationships",
            "pov",
            "content_warnings",
            "rating",
            "arc",
            "tags",
        ],
    ).model_copy(update={"stats": _stats(text, chapters)})


def _stats(text: str, chapters: list[Chapter]):  # type: ignore[no-untyped-def]
    from ficlens.model import Stats

    words = len(text.split())
    return Stats(
        words=words,
        chapters=len(chapters),
        scenes=sum(len(c.scenes) for c in chapters),
        reading_minutes=round(words / 250, 1),
        dialogue_share=0.0,
    )


def _inferred(scenes, attempt, grief, kiss, mentions):  # type: ignore[no-untyped-def]
    from ficlens.model import Inferred

    return Inferred(
        rating=Rating(name="Mature", confidence=0.71, reasons=["a depicted suicide attempt (scene 2)"]),
        archive_warnings=[
            ArchiveWarning(
                name="Major Character Death",
                confidence=0.64,
                reasons=["Tom, a named character, dies (scene 3)"],
            )
        ],
        categories=["F/M"],
        characters=[
            Character(name="Mara", aliases=["the keeper"], role="main", gender="female", mentions=mentions),
            Character(name="Jonah", aliases=["the ferryman"], role="secondary", gender="male"),
            Character(name="Tom", role="secondary", gender="male"),
        ],
        relationships=[
            Relationship(
                tag="Jonah/Mara",
                kind="romantic",
                members=["Mara", "Jonah"],
                confidence=0.8,
                scenes=[3],
                evidence=[kiss],
            )
        ],
        pov=POV(person="third", tense="past", focal_character="Mara", confidence=0.9),
        content_warnings=[
            ContentWarning(
                id="suicide",
                label="Suicide attempt",
                coarse="self-harm",
                severity="depicted",
                confidence=0.82,
                scenes=[1],
                evidence=[attempt],
            ),
            ContentWarning(
                id="grief",
                label="Grief",
                coarse="death",
                severity="mentioned",
                confidence=0.7,
                scenes=[2],
                evidence=[grief],
            ),
        ],
        scene_warnings=[
            SceneWarning(scene=1, id="suicide", severity="depicted", confidence=0.82),
            SceneWarning(scene=2, id="grief", severity="mentioned", confidence=0.7),
        ],
        freeform=[TagSuggestion(tag="Hurt/Comfort", confidence=0.6, signals=["grief then kiss"])],
        arc=Arc(
            shape="man in a hole",
            confidence=0.5,
            ending="up",
            points=[0.2, -0.4, 0.1, 0.5],
            scenes=[0.0, 0.25, 0.5, 0.75],
        ),
    )


def make_hostile_work() -> Work:
    """Title, tags, notes, names, evidence and text all carrying script, handlers and javascript: links."""
    payload = " ".join(HOSTILE_BITS)
    text, chapters = _assemble(
        [
            (
                f"Chapter {SCRIPT}",
                [f"Once upon a time {payload} the end of scene one.", f"Scene two {JS_LINK} and {IMG}."],
            )
        ]
    )
    bad = _find(text, JS_LINK)
    return Work(
        source=Source(path="hostile.html", format="text", sha256="1" * 64),
        title=f"Hostile {SCRIPT}",
        authors=[f"author {IMG}"],
        summary=f"Summary {SVG} {JS_LINK}",
        series=Series(name=f"Series {SCRIPT}", part=1),
        text=text,
        chapters=chapters,
        notes=[Note(kind="end-note", text=f"note {SCRIPT}")],
        declared=Declared(
            rating="General Audiences",
            fandoms=[f"Fandom {IMG}"],
            characters=[f"Char {SCRIPT}"],
            relationships=[f"A/{IMG}"],
            freeform=[f"tag {JS_LINK}"],
            complete=False,
        ),
        inferred=_hostile_inferred(bad),
        stages=["structure", "content_warnings"],
    ).model_copy(update={"stats": _stats(text, chapters)})


def _hostile_inferred(bad: Evidence):  # type: ignore[no-untyped-def]
    from ficlens.model import FandomGuess, Inferred

    return Inferred(
        rating=Rating(name="General Audiences", confidence=0.5, reasons=[f"reason {SCRIPT}"]),
        fandoms=[FandomGuess(name=f"Guess {IMG}", confidence=0.4)],
        characters=[Character(name=f"Name {SCRIPT}", aliases=[IMG], role="main")],
        relationships=[Relationship(tag=f"X/{SVG}", kind="romantic", members=["X", "Y"], confidence=0.5)],
        content_warnings=[
            ContentWarning(
                id="violence",
                label=f"Violence {IMG}",
                coarse="violence",
                severity="graphic",
                confidence=0.9,
                scenes=[0],
                evidence=[bad],
            )
        ],
        scene_warnings=[SceneWarning(scene=0, id="violence", severity="graphic", confidence=0.9)],
        freeform=[TagSuggestion(tag=f"Suggested {SVG}", confidence=0.3)],
    )


def summary_of(work_id: int, work: Work) -> WorkSummary:
    d = work.declared
    return WorkSummary(
        id=work_id,
        title=work.title,
        authors=work.authors,
        summary=work.summary,
        rating=d.rating,
        archive_warnings=d.archive_warnings,
        categories=d.categories,
        fandoms=d.fandoms,
        relationships=d.relationships,
        characters=d.characters,
        freeform=d.freeform,
        content_warnings=[f"{cw.id}:{cw.severity}" for cw in work.inferred.content_warnings],
        words=work.stats.words,
        chapters=work.stats.chapters,
        complete=d.complete,
        language=d.language,
        series=work.series,
        analysed=True,
    )


class StubAdd:
    def __init__(self, work_id: int, status: str, title: str | None) -> None:
        self.work_id, self.status, self.title = work_id, status, title


class StubLibrary:
    """Holds works in memory; `search` returns all of them and remembers the query it was given."""

    def __init__(self) -> None:
        self.works: dict[int, Work] = {}
        self.queries: list[SearchQuery] = []
        self.hidden = 0
        self.notes: list[str] = []

    def add_work(self, work: Work) -> StubAdd:
        work_id = len(self.works) + 1
        self.works[work_id] = work
        return StubAdd(work_id, "added", work.title)

    def get(self, work_id: int) -> Work:
        if work_id not in self.works:
            raise WorkNotFound(f"no work with id {work_id}", hint="`ficlens list` shows the ids")
        return self.works[work_id]

    def search(self, query: SearchQuery) -> SearchResult:
        self.queries.append(query)
        hits = [summary_of(i, w) for i, w in self.works.items()]
        return SearchResult(
            total=len(hits),
            hidden_by_blocklist=self.hidden if query.apply_blocklist else 0,
            hits=hits[query.offset : query.offset + query.limit],
            notes=self.notes,
        )

    def facets(self, query: SearchQuery, *, limit: int = 15) -> dict[str, list[tuple[str, int]]]:
        counts: dict[str, dict[str, int]] = {}
        for w in self.works.values():
            for key, values in (
                ("rating", [w.declared.rating] if w.declared.rating else []),
                ("warning", w.declared.archive_warnings),
                ("fandom", w.declared.fandoms),
                ("character", w.declared.characters),
                ("relationship", w.declared.relationships),
                ("freeform", w.declared.freeform),
            ):
                for v in values:
                    counts.setdefault(key, {})[v] = counts.setdefault(key, {}).get(v, 0) + 1
        return {k: sorted(v.items(), key=lambda kv: -kv[1])[:limit] for k, v in counts.items()}

    def summary(self, work_id: int) -> WorkSummary:
        return summary_of(work_id, self.get(work_id))

    def similar(self, work_id: int, *, limit: int = 10) -> list[SimilarWork]:
        self.get(work_id)
        others = [i for i in self.works if i != work_id]
        return [
            SimilarWork(work=self.summary(i), score=round(1 / (n + 2), 3), reasons=[f"shares {n + 1} tags"])
            for n, i in enumerate(others[:limit])
        ]

    def count(self) -> int:
        return len(self.works)

    def close(self) -> None:
        pass


def make_simple_work(title: str, author: str, fandom: str, freeform: list[str], body: str) -> Work:
    """A one-scene work with declared tags only (no inference), for filter tests."""
    text, chapters = _assemble([(None, [body])])
    return Work(
        source=Source(format="text", sha256=hashlib.sha256(text.encode()).hexdigest()),
        title=title,
        authors=[author],
        text=text,
        chapters=chapters,
        declared=Declared(rating="General Audiences", fandoms=[fandom], freeform=freeform, complete=True),
        stages=["structure"],
        stats=_stats(text, chapters),
    )
