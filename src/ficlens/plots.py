"""Pictures of a `Work` as standalone SVG strings: the emotional arc, the character graph, the scene map.

Built from string templates, no browser and no plotting library, so the CLI, the web page and the
batch runner draw the same picture. Every piece of story-derived text (names, warning ids, titles)
goes through `_text`/`_attr`: story text is hostile, and an SVG is XML that browsers will run.

    >>> svg = render_plot(ficlens.analyze("story.txt"), "arc")
    >>> Path("arc.svg").write_text(svg)
    >>> Path("arc.png").write_bytes(svg_to_png(svg))   # needs the cairo C library
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from ficlens.errors import ConfigError
from ficlens.model import Character, Work

PlotKind = Literal["arc", "characters", "scenes"]
PLOT_KINDS: tuple[PlotKind, ...] = ("arc", "characters", "scenes")

SEVERITY_COLOUR = {None: "#e5e7eb", "mentioned": "#facc15", "depicted": "#f97316", "graphic": "#dc2626"}
ROMANTIC_COLOUR, PLATONIC_COLOUR, INK, MUTED = "#db2777", "#2563eb", "#111827", "#6b7280"
FONT = "font-family='system-ui, -apple-system, Segoe UI, sans-serif'"
# XML 1.0 forbids most control characters; a story with one must not yield an unreadable SVG.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: object, limit: int = 80) -> str:
    text = _XML_INVALID.sub("", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object, limit: int = 80) -> str:
    """Escape story-derived text for an SVG text node."""
    return escape(_clean(value, limit))


def _attr(value: object, limit: int = 200) -> str:
    """A quoted, escaped attribute value (quotes included)."""
    return quoteattr(_clean(value, limit))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label={_attr(title)} {FONT}>\n"
        f"<title>{_text(title, 200)}</title>\n"
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>\n" + "\n".join(body) + "\n</svg>\n"
    )


def arc_svg(work: Work, *, width: int = 720, height: int = 260) -> str:
    """The emotional arc: smoothed valence over the story, scene boundaries, warning markers."""
    arc = work.inferred.arc
    title = f"Emotional arc of {work.title or 'this story'}"
    if arc is None or not arc.points:
        return _svg(
            width, height, title, [_message(width, height, "No emotional arc: the arc stage did not run.")]
        )
    left, right, top, bottom = 56, 16, 44, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(max(abs(p) for p in arc.points), 0.1)

    def x(pos: float) -> float:
        return left + pos * plot_w

    def y(value: float) -> float:
        return top + (1 - (value / span + 1) / 2) * plot_h

    n = len(arc.points)
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x(i / max(n - 1, 1)):.1f},{y(p):.1f}" for i, p in enumerate(arc.points)
    )
    heading = (
        f"{arc.shape} · ends {arc.ending} · confidence {arc.confidence:.2f}"
        if arc.shape
        else f"no clear shape · ends {arc.ending or 'flat'}"
    )
    body = [
        f"<text x='{left}' y='20' font-size='14' font-weight='600' fill='{INK}'>{_text(title, 90)}</text>",
        f"<text x='{left}' y='36' font-size='12' fill='{MUTED}'>{_text(heading)}</text>",
        f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' fill='#f9fafb' stroke='#e5e7eb'/>",
        f"<line x1='{left}' y1='{y(0):.1f}' x2='{left + plot_w}' y2='{y(0):.1f}' stroke='#d1d5db'/>",
        f"<text x='{left - 6}' y='{top + 10}' font-size='10' text-anchor='end' fill='{MUTED}'>happier</text>",
        f"<text x='{left - 6}' y='{top + plot_h}' font-size='10' text-anchor='end' fill='{MUTED}'>sadder</text>",
        f"<text x='{left}' y='{height - 12}' font-size='10' fill='{MUTED}'>start</text>",
        f"<text x='{left + plot_w}' y='{height - 12}' font-size='10' text-anchor='end' fill='{MUTED}'>end</text>",
    ]
    starts = list(arc.scenes)
    scenes = work.scenes
    # Warned scenes first, as a faint band under everything, so the curve stays readable.
    markers = []
    for scene_index, warnings in sorted(work.warnings_by_scene().items()):
        pos = next((i for i, s in enumerate(scenes) if s.index == scene_index), None)
        if pos is None or pos >= len(starts):
            continue
        x0, x1 = x(starts[pos]), x(starts[pos + 1] if pos + 1 < len(starts) else 1.0)
        colour = SEVERITY_COLOUR[warnings[0][1]]
        label = ", ".join(f"{wid} ({sev})" for wid, sev in warnings)
        body.append(
            f"<rect x='{x0:.1f}' y='{top}' width='{max(x1 - x0, 1):.1f}' height='{plot_h}' "
            f"fill='{colour}' fill-opacity='0.15'/>"
        )
        cx = (x0 + x1) / 2
        markers.append(
            f"<g><title>{_text(f'scene {scene_index + 1}: {label}', 300)}</title>"
            f"<path d='M{cx:.1f},{top + 4} l6,10 h-12 z' fill='{colour}' stroke='#7f1d1d' stroke-width='0.8'/></g>"
        )
    for i, pos in enumerate(starts):
        if i:
            body.append(
                f"<line x1='{x(pos):.1f}' y1='{top}' x2='{x(pos):.1f}' y2='{top + plot_h}' "
                "stroke='#9ca3af' stroke-dasharray='3,3'><title>"
                f"scene {i + 1} starts</title></line>"
            )
        end = starts[i + 1] if i + 1 < len(starts) else 1.0
        if (end - pos) * plot_w >= 12:  # number the scenes that have room for it
            body.append(
                f"<text x='{x((pos + end) / 2):.1f}' y='{top + plot_h + 12}' font-size='9' "
                f"text-anchor='middle' fill='{MUTED}'>{i + 1}</text>"
            )
    body.append(f"<path d='{path}' fill='none' stroke='{INK}' stroke-width='2.5' stroke-linejoin='round'/>")
    body += markers
    return _svg(width, height, title, body)


def characters_svg(work: Work, *, size: int = 480, max_characters: int = 12) -> str:
    """Characters on a circle (size by mentions), joined by their relationships (colour by kind).

    Grey lines join characters mentioned in the same scenes (thicker for more), so the picture says
    who meets whom even when the relationships stage found no pairing.
    """
    title = f"Characters and relationships in {work.title or 'this story'}"
    chars = sorted(work.inferred.characters, key=lambda c: -len(c.mentions))[:max_characters]
    if not chars:
        return _svg(size, size, title, [_message(size, size, "No characters found.")])
    centre, radius = size / 2, size / 2 - 90
    most = max(len(c.mentions) for c in chars) or 1
    pos: dict[str, tuple[float, float]] = {}
    names: dict[str, str] = {}
    for i, c in enumerate(chars):
        angle = -math.pi / 2 + 2 * math.pi * i / len(chars)
        pos[c.name] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
        for alias in [c.name, *c.aliases, *([c.canonical] if c.canonical else [])]:
            names.setdefault(alias.casefold(), c.name)
    body = [
        f"<text x='16' y='24' font-size='14' font-weight='600' fill='{INK}'>Characters and relationships</text>",
        f"<text x='16' y='42' font-size='12' fill='{MUTED}'>{_text(work.title or 'this story', 60)}</text>",
    ]
    shared = _shared_scenes(work, chars)
    most_shared = max(shared.values(), default=1)
    for (a, b), n in sorted(shared.items()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        body.append(
            f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='#9ca3af' "
            f"stroke-width='{0.5 + 3 * n / most_shared:.1f}' stroke-opacity='0.5'>"
            f"<title>{_text(f'{a} and {b} share {n} scene(s)', 200)}</title></line>"
        )
    for rel in work.inferred.relationships:
        members = [names.get(m.casefold()) for m in rel.members]
        members = [m for m in members if m]
        if len(members) < 2:
            continue
        colour = ROMANTIC_COLOUR if rel.kind == "romantic" else PLATONIC_COLOUR
        dash = "" if rel.kind == "romantic" else " stroke-dasharray='6,4'"
        # A poly relationship joins every pair of its members.
        for a, b in itertools.combinations(members, 2):
            (x1, y1), (x2, y2) = pos[a], pos[b]
            body.append(
                f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{colour}' "
                f"stroke-width='{1 + 4 * rel.confidence:.1f}' stroke-opacity='0.8'{dash}>"
                f"<title>{_text(f'{rel.tag} ({rel.kind}, {rel.confidence:.2f})', 200)}</title></line>"
            )
    for c in chars:
        cx, cy = pos[c.name]
        r = 8 + 22 * math.sqrt(len(c.mentions) / most)
        fill = {"main": "#1f2937", "secondary": "#6b7280"}.get(c.role, "#d1d5db")
        dy = r + 14 if cy >= centre else -(r + 6)
        body.append(
            f"<g><title>{_text(f'{c.name}: {c.role}, {len(c.mentions)} mentions', 200)}</title>"
            f"<circle cx='{cx:.1f}' cy='{cy:.1f}' r='{r:.1f}' fill='{fill}' stroke='#ffffff' stroke-width='2'/>"
            f"<text x='{cx:.1f}' y='{cy + dy:.1f}' font-size='12' text-anchor='middle' fill='{INK}'>"
            f"{_text(c.name, 32)}</text></g>"
        )
    legend_y = size - 16
    body += [
        f"<line x1='16' y1='{legend_y - 4}' x2='40' y2='{legend_y - 4}' stroke='{ROMANTIC_COLOUR}' stroke-width='3'/>",
        f"<text x='46' y='{legend_y}' font-size='11' fill='{MUTED}'>romantic</text>",
        f"<line x1='110' y1='{legend_y - 4}' x2='134' y2='{legend_y - 4}' stroke='{PLATONIC_COLOUR}' "
        "stroke-width='3' stroke-dasharray='6,4'/>",
        f"<text x='140' y='{legend_y}' font-size='11' fill='{MUTED}'>platonic</text>",
        f"<line x1='204' y1='{legend_y - 4}' x2='228' y2='{legend_y - 4}' stroke='#9ca3af' stroke-width='3' "
        "stroke-opacity='0.5'/>",
        f"<text x='234' y='{legend_y}' font-size='11' fill='{MUTED}'>in the same scenes</text>",
    ]
    return _svg(size, size, title, body)


def _shared_scenes(work: Work, chars: list[Character]) -> dict[tuple[str, str], int]:
    """(name, name) -> number of scenes in which both characters are mentioned."""
    starts = [s.start for s in work.scenes]
    present: dict[str, set[int]] = {}
    for c in chars:
        present[c.name] = {bisect.bisect_right(starts, m.start) - 1 for m in c.mentions} - {-1}
    pairs = {}
    for a, b in itertools.combinations([c.name for c in chars], 2):
        n = len(present[a] & present[b])
        if n:
            pairs[(a, b)] = n
    return pairs


def scenes_svg(work: Work, *, width: int = 720, height: int = 110) -> str:
    """The scene map strip: one block per scene, as wide as the scene, coloured by its worst warning."""
    title = f"Scene map of {work.title or 'this story'}"
    scenes = work.scenes
    if not scenes:
        return _svg(
            width, height, title, [_message(width, height, "No scenes: the structure stage did not run.")]
        )
    left, right, top, strip_h = 16, 16, 34, 36
    plot_w = width - left - right
    total = sum(max(s.end - s.start, 1) for s in scenes)
    severities = work.warnings_by_scene()
    chapter_of = {s.index: c.index for c in work.chapters for s in c.scenes}
    body = [
        f"<text x='{left}' y='22' font-size='14' font-weight='600' fill='{INK}'>{_text(title, 90)}</text>"
    ]
    cursor = float(left)
    previous_chapter = None
    for s in scenes:
        w = plot_w * max(s.end - s.start, 1) / total
        warnings = severities.get(s.index, [])
        worst = warnings[0][1] if warnings else None
        label = ", ".join(f"{wid} ({sev})" for wid, sev in warnings) or "no warnings"
        chapter = chapter_of.get(s.index, 0)
        body.append(
            f"<g><title>{_text(f'chapter {chapter + 1}, scene {s.index + 1}: {label}', 300)}</title>"
            f"<rect x='{cursor:.1f}' y='{top}' width='{max(w - 1, 1):.1f}' height='{strip_h}' "
            f"fill='{SEVERITY_COLOUR[worst]}'/></g>"
        )
        if chapter != previous_chapter:
            body.append(
                f"<line x1='{cursor:.1f}' y1='{top - 4}' x2='{cursor:.1f}' y2='{top + strip_h + 4}' "
                f"stroke='{INK}' stroke-width='2'/>"
            )
            if w > 18 or previous_chapter is None:
                body.append(
                    f"<text x='{cursor + 3:.1f}' y='{top + strip_h + 16}' font-size='10' fill='{MUTED}'>"
                    f"ch {chapter + 1}</text>"
                )
            previous_chapter = chapter
        cursor += w
    legend = [("none", None), ("mentioned", "mentioned"), ("depicted", "depicted"), ("graphic", "graphic")]
    lx = left
    for label, key in legend:
        body.append(
            f"<rect x='{lx}' y='{height - 16}' width='10' height='10' fill='{SEVERITY_COLOUR[key]}'/>"
            f"<text x='{lx + 14}' y='{height - 7}' font-size='10' fill='{MUTED}'>{label}</text>"
        )
        lx += 90
    return _svg(width, height, title, body)


def _message(width: int, height: int, text: str) -> str:
    return (
        f"<text x='{width / 2:.0f}' y='{height / 2:.0f}' font-size='13' text-anchor='middle' "
        f"fill='{MUTED}'>{_text(text)}</text>"
    )


def render_plot(work: Work, kind: str) -> str:
    """The SVG picture of `kind` ('arc', 'characters' or 'scenes') for an analysed `work`."""
    renderers = {"arc": arc_svg, "characters": characters_svg, "scenes": scenes_svg}
    if kind not in renderers:
        raise ConfigError(f"unknown plot kind {kind!r}", hint=f"choose one of: {', '.join(PLOT_KINDS)}")
    return renderers[kind](work)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterise an SVG from this module to PNG with cairosvg (which needs the cairo C library)."""
    try:
        import cairosvg  # type: ignore[import-not-found]
    except (ImportError, OSError) as exc:
        raise ConfigError(
            "PNG export needs the cairosvg package and the cairo C library",
            hint="install libcairo2 (and pip install cairosvg), or write .svg instead",
        ) from exc
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
