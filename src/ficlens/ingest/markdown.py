"""Markdown with a YAML front-matter block of AO3 metadata (an author's AO3 backup) -> `Work`.

Only a line that is exactly `---` closes the front matter (a fandom such as
"Don't Trust the B---- in Apartment 23" contains dashes); keys may be missing. The body is
rendered with markdown-it (so escapes like `\\-` and emphasis disappear) and read by the same
walker as AO3 HTML: "### Chapter N" headings start chapters, "#### Chapter Notes" followed by a
quote is a chapter note, `---` / `* * *` rules are scene breaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from markdown_it import MarkdownIt

from ficlens.errors import InputError, UnsupportedFormat
from ficlens.ingest._markup import Walker, clean, language_code, normalise_warning, parse_html, safe_int
from ficlens.ingest.plain_text import decode, normalise
from ficlens.model import Note, Series, Source, Work

# A front matter bigger than this is not metadata.
MAX_FRONT_MATTER_CHARS = 256 * 1024

# libyaml's safe loader where the wheel has it: the same rules as SafeLoader, several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter, body); front matter is None when the text does not open with a `---` block."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None, text
    return text[4:end], text[end + 5 :]


def _md() -> MarkdownIt:
    # Setext headings off: a `---` line under a paragraph is a scene break in fan fiction, not an <h2>.
    return MarkdownIt("commonmark", {"html": True}).disable("lheading")


def _strings(value: Any) -> list[str]:
    """A YAML scalar or flat list as tag strings; nested structures are ignored (no alias bombs)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            continue
        if isinstance(item, bool):
            continue
        out.append(clean(str(item)))
    return [s for s in out if s]


def _scalar(value: Any) -> str | None:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    values = _strings(value)
    return values[0] if values else None


def _md_text(value: Any) -> str | None:
    """Summary / notes: Markdown source -> plain paragraphs."""
    if not isinstance(value, str) or not value.strip():
        return None
    from ficlens.ingest._markup import paragraphs

    root = parse_html(f"<div>{_md().render(value)}</div>")
    body = root.find("body")
    paras = paragraphs(body if body is not None else root)
    text = "\n\n".join(p for p in paras if not p.startswith("\x00"))
    return text or None


def _series(meta: dict[str, Any]) -> list[Series]:
    """`series: [name…]` + `series_weight` (this backup tool), or a list of {name, part} mappings."""
    raw = meta.get("series")
    found: list[Series] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict):
            name = _scalar(item.get("name") or item.get("title"))
            part = _scalar(item.get("part") or item.get("position"))
            if name:
                found.append(Series(name=name, part=safe_int(part)))
        elif (name := _scalar(item)) is not None:
            found.append(Series(name=name))
    weight = _scalar(meta.get("series_weight") or meta.get("series_part"))
    if found and found[0].part is None and safe_int(weight) is not None:
        found[0].part = safe_int(weight)
    return found


def read(data: bytes, source: Source) -> Work:
    text = normalise(decode(data))
    front, body = split_front_matter(text)
    meta: dict[str, Any] = {}
    if front is not None:
        if len(front) > MAX_FRONT_MATTER_CHARS:
            raise UnsupportedFormat("the YAML front matter is too large to be metadata")
        try:
            loaded = yaml.load(front, Loader=_SAFE_LOADER)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            # The safe loader's constructors raise ValueError on impossible dates (2020-13-45).
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 2})" if where is not None else ""
            detail = "" if isinstance(exc, yaml.YAMLError) else f": {exc}"
            raise InputError(
                f"the YAML front matter is not valid{line}{detail}",
                hint="check the block between the first two `---` lines",
            ) from exc
        if isinstance(loaded, dict):
            meta = {str(k).lower(): v for k, v in loaded.items()}

    walker = Walker()
    root = parse_html(f"<html><body>{_md().render(body)}</body></html>")
    walker.walk(root.find("body"))
    work = walker.to_work(source)

    dec = work.declared
    work.title = _scalar(meta.get("title")) or work.title
    work.authors = _strings(meta.get("author") or meta.get("authors")) or work.authors
    dec.rating = _scalar(meta.get("rating"))
    warnings: list[str] = []
    for value in _strings(meta.get("warnings") or meta.get("warning") or meta.get("archive_warnings")):
        # AO3 tags cannot contain commas, so a comma-joined string is a list.
        warnings += [normalise_warning(w) for w in value.split(",") if w.strip()]
    dec.archive_warnings = warnings
    dec.categories = _strings(meta.get("category") or meta.get("categories"))
    dec.fandoms = _strings(meta.get("fandom") or meta.get("fandoms"))
    dec.relationships = _strings(meta.get("relationship") or meta.get("relationships"))
    dec.characters = _strings(meta.get("characters") or meta.get("character"))
    dec.freeform = _strings(meta.get("tags") or meta.get("freeform") or meta.get("additional_tags"))
    dec.collections = _strings(meta.get("collections"))
    dec.language = _scalar(meta.get("language"))
    work.language = language_code(dec.language)
    dec.published = _scalar(meta.get("date") or meta.get("published"))
    dec.updated = _scalar(meta.get("completed") or meta.get("updated"))
    words = _scalar(meta.get("words"))
    dec.words = safe_int(words)
    dec.chapters = _scalar(meta.get("chapters"))
    if dec.chapters and "/" in dec.chapters:
        done, _, total = dec.chapters.partition("/")
        dec.complete = total != "?" and done == total
    dec.series = _series(meta)
    work.series = dec.series[0] if dec.series else None

    summary = _md_text(meta.get("summary"))
    work.summary = summary
    preface: list[Note] = []
    if summary:
        preface.append(Note(kind="summary", text=summary))
    notes = _md_text(meta.get("notes"))
    if notes:
        preface.append(Note(kind="author-note", text=notes))
    work.notes = preface + work.notes
    return work
