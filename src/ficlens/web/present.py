"""Turn a `Work` and library results into plain values the templates print.

Nothing here decides anything about a story: it only arranges what the stages found (declared
next to inferred, warnings per scene, the text per scene) so the templates stay free of logic.
All values are plain strings and numbers; Jinja2 autoescapes every one of them.

    >>> page = work_page(work)
    >>> [row.label for row in page.tag_rows]
    ['Rating', 'Archive Warnings', 'Category', 'Fandoms', 'Relationships', 'Characters', 'Additional Tags']
"""

from __future__ import annotations

import base64
import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ficlens.model import SEVERITY_ORDER, Work
from ficlens.render import focal_label, scene_map

# Paragraphs are separated by blank lines; single newlines are kept by CSS (`white-space: pre-line`).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


@dataclass
class TagValue:
    """One tag in one column; `agrees` when the other column holds the same tag."""

    name: str
    agrees: bool = False
    confidence: float | None = None
    detail: str | None = None


@dataclass
class TagRow:
    label: str
    declared: list[TagValue]
    inferred: list[TagValue]


@dataclass
class SceneWarn:
    id: str
    label: str
    severity: str


@dataclass
class Block:
    """A run of text inside a scene: story prose or an author's note."""

    kind: str  # "prose" | "note"
    paragraphs: list[str]


@dataclass
class SceneView:
    index: int
    chapter: int
    words: int
    share: float  # of the whole work's characters, in percent, for the strip width
    warnings: list[SceneWarn]
    severity: str | None  # highest severity in the scene, None when it carries no warning
    blocks: list[Block] = field(default_factory=list)
    next_anchor: str = "end-of-work"


@dataclass
class ChapterView:
    index: int
    title: str | None
    scenes: list[SceneView]


@dataclass
class WorkPage:
    work: Work
    tag_rows: list[TagRow]
    scenes: list[SceneView]
    chapters: list[ChapterView]
    cw_labels: dict[str, str]
    evidence_scene: dict[int, int]  # evidence start offset -> index of the scene holding it
    pictures: dict[str, str]  # kind -> data: URI of an SVG, when `ficlens.plots` can draw it
    focal: str | None = None  # the POV's focal character as the character list names them


def _fold(tag: str) -> str:
    """Compare tags loosely: case, spacing and, for relationships, the order of the members."""
    folded = " ".join(tag.casefold().split())
    for sep in ("/", " & "):
        if sep in folded:
            return sep.join(sorted(part.strip() for part in folded.split(sep)))
    return folded


def _column(names: list[str], other: list[str], **extra: Any) -> list[TagValue]:
    others = {_fold(n) for n in other}
    return [TagValue(name=n, agrees=_fold(n) in others, **extra) for n in names]


def _inferred(found: list[tuple[str, float, str | None]], declared: list[str]) -> list[TagValue]:
    """Inferred (name, confidence, detail) values, each marked whether the author declared it too."""
    folded = {_fold(x) for x in declared}
    return [TagValue(name=n, agrees=_fold(n) in folded, confidence=c, detail=d) for n, c, d in found]


def tag_rows(work: Work) -> list[TagRow]:
    """AO3's tag block, in AO3's order, with the declared and the inferred value of every row."""
    dec, inf = work.declared, work.inferred
    dec_rating = [dec.rating] if dec.rating else []
    inf_rating = [(inf.rating.name, inf.rating.confidence, None)] if inf.rating else []
    inf_warn = [(w.name, w.confidence, None) for w in inf.archive_warnings]
    inf_fandoms = [(f.name, f.confidence, None) for f in inf.fandoms]
    inf_rels = [(r.tag, r.confidence, r.kind) for r in inf.relationships]
    rows = [
        TagRow(
            "Rating", _column(dec_rating, [n for n, _, _ in inf_rating]), _inferred(inf_rating, dec_rating)
        ),
        TagRow(
            "Archive Warnings",
            _column(dec.archive_warnings, [n for n, _, _ in inf_warn]),
            _inferred(inf_warn, dec.archive_warnings),
        ),
        TagRow("Category", _column(dec.categories, inf.categories), _column(inf.categories, dec.categories)),
        TagRow(
            "Fandoms",
            _column(dec.fandoms, [n for n, _, _ in inf_fandoms]),
            _inferred(inf_fandoms, dec.fandoms),
        ),
        TagRow(
            "Relationships",
            _column(dec.relationships, [n for n, _, _ in inf_rels]),
            _inferred(inf_rels, dec.relationships),
        ),
    ]
    # A declared character tag matches an inferred character by canonical tag, name or alias.
    inf_char_names = [n for c in inf.characters for n in (c.canonical, c.name, *c.aliases) if n]
    declared_chars = {_fold(x) for x in dec.characters}
    rows.append(
        TagRow(
            "Characters",
            _column(dec.characters, inf_char_names),
            [
                TagValue(
                    name=c.canonical or c.name,
                    agrees=any(_fold(n) in declared_chars for n in (c.canonical, c.name, *c.aliases) if n),
                    detail=c.role,
                )
                for c in inf.characters
                if c.role != "mentioned"
            ],
        )
    )
    inf_free = [(t.tag, t.confidence, None) for t in inf.freeform]
    rows.append(
        TagRow(
            "Additional Tags",
            _column(dec.freeform, [n for n, _, _ in inf_free]),
            _inferred(inf_free, dec.freeform),
        )
    )
    return rows


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _blocks(work: Work, start: int, end: int) -> list[Block]:
    """The text of [start, end) as prose and note blocks, in reading order."""
    blocks: list[Block] = []
    cursor = start
    for piece in _prose(work, start, end):
        if piece[0] > cursor:
            note = _paragraphs(work.text[cursor : piece[0]])
            if note:
                blocks.append(Block("note", note))
        prose = _paragraphs(work.text[piece[0] : piece[1]])
        if prose:
            blocks.append(Block("prose", prose))
        cursor = piece[1]
    if cursor < end:
        note = _paragraphs(work.text[cursor:end])
        if note:
            blocks.append(Block("note", note))
    return blocks


def _prose(work: Work, start: int, end: int) -> list[tuple[int, int]]:
    from ficlens.model import Span

    return [(p.start, p.end) for p in work.prose(Span(start=start, end=end))]


def cw_labels(work: Work) -> dict[str, str]:
    return {cw.id: cw.label for cw in work.inferred.content_warnings}


def scene_views(work: Work, *, with_text: bool = True) -> tuple[list[SceneView], list[ChapterView]]:
    """Every scene with its warnings (highest severity first) and, when asked, its text blocks."""
    labels = cw_labels(work)
    total_chars = max(len(work.text), 1)
    spans = {s.index: s for s in work.scenes}
    scenes: list[SceneView] = []
    for chapter_index, scene_index, warnings in scene_map(work):
        span = spans[scene_index]
        text = work.text[span.start : span.end]
        scenes.append(
            SceneView(
                index=scene_index,
                chapter=chapter_index,
                words=len(text.split()),  # the same count as re.findall(r"\S+"), without the match objects
                share=round(100 * max(span.end - span.start, 1) / total_chars, 3),
                warnings=[SceneWarn(id=i, label=labels.get(i, i), severity=sev) for i, sev in warnings],
                severity=warnings[0][1] if warnings else None,
                blocks=_blocks(work, span.start, span.end) if with_text else [],
            )
        )
    for current, following in itertools.pairwise(scenes):
        current.next_anchor = f"scene-{following.index}"
    by_chapter: dict[int, list[SceneView]] = {}
    for scene in scenes:
        by_chapter.setdefault(scene.chapter, []).append(scene)
    chapters = [
        ChapterView(index=c.index, title=c.title, scenes=by_chapter.get(c.index, [])) for c in work.chapters
    ]
    return scenes, chapters


def max_severity(severities: list[str]) -> str | None:
    return max(severities, key=lambda s: SEVERITY_ORDER.get(s, 0), default=None)


def pictures(work: Work) -> dict[str, str]:
    """SVG pictures from `ficlens.plots` (issue 9) as data: URIs for `<img>`, when that module exists.

    An SVG inside `<img>` can never run script, so hostile names in the picture stay inert even if
    escaping were missed. Any failure drops the picture rather than the page.
    """
    try:
        from ficlens import plots  # type: ignore[attr-defined]
    except ImportError:
        return {}
    found: dict[str, str] = {}
    # A picture of nothing (no arc computed, no characters found) only takes room.
    wanted = {
        "arc": bool(work.inferred.arc and work.inferred.arc.points),
        "characters": bool(work.inferred.characters),
        "scenes": bool(work.scenes),
    }
    for kind, candidates in {
        "arc": ("arc_svg", "plot_arc", "render_arc"),
        "characters": ("characters_svg", "plot_characters", "render_characters"),
        "scenes": ("scenes_svg", "plot_scenes", "render_scenes", "scene_map_svg"),
    }.items():
        if not wanted[kind]:
            continue
        for name in candidates:
            fn = getattr(plots, name, None)
            if callable(fn):
                found[kind] = _call_svg(fn, work)
                break
        else:
            generic = getattr(plots, "render", None) or getattr(plots, "plot", None)
            if callable(generic):
                found[kind] = _call_svg(generic, work, kind)
    return {k: v for k, v in found.items() if v}


def _call_svg(fn: Any, *args: Any) -> str:
    try:
        svg = fn(*args)
    except Exception:  # a picture is optional; never let it break the page
        return ""
    if isinstance(svg, bytes):
        data = svg
    elif isinstance(svg, str):
        data = svg.encode("utf-8")
    else:
        return ""
    if b"<svg" not in data[:2048]:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def evidence_scenes(work: Work) -> dict[int, int]:
    """The scene of every evidence passage, so each quote can link to where it is in the reading view."""
    starts = [s.start for s in work.scenes]
    indexes = [s.index for s in work.scenes]
    found: dict[int, int] = {}
    passages = [e for cw in work.inferred.content_warnings for e in cw.evidence]
    passages += [e for r in work.inferred.relationships for e in r.evidence]
    for ev in passages:
        at = bisect.bisect_right(starts, ev.start) - 1
        if at >= 0:
            found[ev.start] = indexes[at]
    return found


def work_page(work: Work, *, with_text: bool = True, with_pictures: bool = True) -> WorkPage:
    scenes, chapters = scene_views(work, with_text=with_text)
    return WorkPage(
        work=work,
        tag_rows=tag_rows(work),
        scenes=scenes,
        chapters=chapters,
        cw_labels=cw_labels(work),
        evidence_scene=evidence_scenes(work),
        pictures=pictures(work) if with_pictures else {},
        focal=focal_label(work),
    )
