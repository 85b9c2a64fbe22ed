"""Human-readable views of a `Work`: a rich table summary and Markdown.

Both lead with what a reader must know first (rating, warnings, the scene map), then the rest.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ficlens.model import Work
from ficlens.stages.characters import character_tags

_SEVERITY_STYLE = {"mentioned": "yellow", "depicted": "dark_orange", "graphic": "bold red"}


def scene_map(work: Work) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """(chapter index, scene index, [(warning id, severity)…]) for every scene, in reading order."""
    per_scene = work.warnings_by_scene()
    rows = []
    for chapter in work.chapters:
        for scene in chapter.scenes:
            rows.append((chapter.index, scene.index, per_scene.get(scene.index, [])))
    return rows


def _character_tags(work: Work) -> list[str]:
    """The character tags the stage would write (`characters.character_tags`), as AO3 labels them."""
    return [
        c.canonical or c.name for c in character_tags(work.inferred.characters, work.inferred.relationships)
    ]


def focal_label(work: Work) -> str | None:
    """The focal character as the character list writes them ("Tony" is "Anthony DiNozzo" there)."""
    name = work.inferred.pov.focal_character if work.inferred.pov else None
    if not name:
        return None
    who = next((c for c in work.inferred.characters if name == c.name or name in c.aliases), None)
    return (who.canonical or who.name) if who else name


def _focal(work: Work) -> str:
    label = focal_label(work)
    return f", focal: {label}" if label else ""


def _tags(values: list[str]) -> str:
    return ", ".join(values) if values else "—"


def render_table(work: Work, *, file: IO[str] | None = None, evidence: bool = True) -> None:
    console = Console(file=file, width=110, highlight=False, soft_wrap=False)
    inf, dec = work.inferred, work.declared
    head = Table(show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Title", Text(work.title or "(untitled)"))
    head.add_row("Authors", Text(_tags(work.authors)))
    if work.series:
        head.add_row("Series", Text(f"{work.series.name}, part {work.series.part or '?'}"))
    s = work.stats
    head.add_row(
        "Length",
        Text(
            f"{s.words:,} words · {s.chapters} chapter(s) · {s.scenes} scene(s) · ~{s.reading_minutes:.0f} min"
        ),
    )
    if s.dialogue_share is not None:
        head.add_row(
            "Style", Text(f"dialogue {s.dialogue_share:.0%} · readability grade {s.readability_grade}")
        )
    head.add_row(
        "Rating", Text(f"inferred: {inf.rating.name if inf.rating else '—'} · declared: {dec.rating or '—'}")
    )
    head.add_row(
        "Archive warnings",
        Text(
            f"inferred: {_tags([w.name for w in inf.archive_warnings])} · declared: {_tags(dec.archive_warnings)}"
        ),
    )
    head.add_row(
        "Fandoms", Text(f"inferred: {_tags([f.name for f in inf.fandoms])} · declared: {_tags(dec.fandoms)}")
    )
    head.add_row("Relationships", Text(_tags([r.tag for r in inf.relationships])))
    head.add_row("Characters", Text(_tags(_character_tags(work))))
    if inf.pov:
        head.add_row(
            "Point of view",
            Text(f"{inf.pov.person or '?'} person, {inf.pov.tense or '?'} tense" + _focal(work)),
        )
    if inf.freeform:
        head.add_row("Suggested tags", Text(_tags([t.tag for t in inf.freeform[:10]])))
    if inf.arc and inf.arc.shape:
        head.add_row("Emotional arc", Text(f"{inf.arc.shape} (ends {inf.arc.ending})"))
    console.print(head)

    smap = Table(title="Scene map", title_justify="left")
    smap.add_column("Chapter", justify="right")
    smap.add_column("Scene", justify="right")
    smap.add_column("Content warnings")
    for chapter, scene, warnings in scene_map(work):
        cell = Text()
        for i, (wid, sev) in enumerate(warnings):
            if i:
                cell.append(", ")
            cell.append(f"{wid} ({sev})", style=_SEVERITY_STYLE[sev])
        smap.add_row(str(chapter + 1), str(scene + 1), cell if warnings else Text("—", style="dim"))
    console.print(smap)

    if evidence and inf.content_warnings:
        ev = Table(title="Evidence", title_justify="left")
        ev.add_column("Warning")
        ev.add_column("Severity")
        ev.add_column("Passage")
        for cw in inf.content_warnings:
            for e in cw.evidence[:3]:
                ev.add_row(Text(cw.label), Text(cw.severity), Text(e.text[:200]))
        console.print(ev)


def render_markdown(work: Work, *, evidence: bool = True) -> str:
    inf, dec = work.inferred, work.declared
    s = work.stats
    lines = [f"# {work.title or '(untitled)'}", ""]
    if work.authors:
        lines.append(f"by {', '.join(work.authors)}\n")
    lines += [
        f"- **Length:** {s.words:,} words, {s.chapters} chapter(s), {s.scenes} scene(s), ~{s.reading_minutes:.0f} min",
        f"- **Rating:** {inf.rating.name if inf.rating else '—'} (declared: {dec.rating or '—'})",
        f"- **Archive warnings:** {_tags([w.name for w in inf.archive_warnings])} (declared: {_tags(dec.archive_warnings)})",
        f"- **Fandoms:** {_tags([f.name for f in inf.fandoms])} (declared: {_tags(dec.fandoms)})",
        f"- **Relationships:** {_tags([r.tag for r in inf.relationships])}",
        f"- **Characters:** {_tags(_character_tags(work))}",
    ]
    if s.dialogue_share is not None:
        grade = "—" if s.readability_grade is None else f"{s.readability_grade:g}"
        lines.append(
            f"- **Style:** dialogue {s.dialogue_share:.0%}, {s.avg_scene_words or 0:,.0f} words per scene,"
            f" readability grade {grade}"
        )
    if inf.pov and inf.pov.person:
        lines.append(
            f"- **Point of view:** {inf.pov.person} person, {inf.pov.tense or '?'} tense{_focal(work)}"
        )
    if inf.freeform:
        lines.append(f"- **Suggested tags:** {_tags([t.tag for t in inf.freeform[:10]])}")
    if inf.arc and inf.arc.shape:
        lines.append(f"- **Emotional arc:** {inf.arc.shape} (ends {inf.arc.ending})")
    lines += ["", "## Scene map", "", "| Chapter | Scene | Content warnings |", "|---|---|---|"]
    for chapter, scene, warnings in scene_map(work):
        cell = ", ".join(f"{w} ({sev})" for w, sev in warnings) or "—"
        lines.append(f"| {chapter + 1} | {scene + 1} | {cell} |")
    if evidence and inf.content_warnings:
        lines += ["", "## Evidence", ""]
        for cw in inf.content_warnings:
            for e in cw.evidence[:3]:
                snippet = e.text[:200].replace("\n", " ")
                lines.append(f"- **{cw.label}** ({cw.severity}): {snippet}")
    return "\n".join(lines) + "\n"
