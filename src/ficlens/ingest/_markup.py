"""Turn AO3-style markup (HTML download, saved page, EPUB, rendered Markdown) into a `Work`.

One walker serves every markup format. It goes through the document once, in order, and
recognises AO3's layout by structure and text rather than by class names, because calibre
renames AO3's classes (`userstuff` -> `userstuff2`, `calibre7`...) in converted EPUBs:

- `#preface` / `.preface` (outside a chapter): title (`h1`, `h2.title`), byline (`a[rel=author]`),
  the metadata `dl` and work-level notes ("Summary" / "Notes" label followed by a blockquote);
- `#chapters`: `h2` (or an `h1`-`h6` reading "Chapter N…") starts a chapter; a "Chapter Notes" /
  "Chapter Summary" / "Chapter End Notes" label followed by a blockquote is a chapter note;
  everything else is prose;
- `#afterword` / `.afterword`: work-level end notes.

The body text is built as: per chapter a heading line, its notes, its prose; paragraphs separated
by a blank line; `<hr>` and centred symbol-only paragraphs become the line `* * *`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree, html

from ficlens.errors import UnsafeInput
from ficlens.model import AO3_RATINGS, Chapter, Declared, Note, NoteKind, Series, Source, Work

AO3_RATING_SET = frozenset(AO3_RATINGS)

SCENE_BREAK = "* * *"
_BREAK = "\x00break"  # internal marker in paragraph lists
_BR = "\x1e"  # a <br> while a paragraph is collected (source newlines are only whitespace)
_DOUBLE_BR = re.compile("\x1e[ \t\r\n\u00a0]*\x1e")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)

_BLOCK_TAGS = frozenset(
    "p div blockquote h1 h2 h3 h4 h5 h6 li ul ol pre table tr td th tbody thead center section "
    "article header footer dl dt dd figure figcaption address aside details summary main nav hr".split()
)
_SKIP_TAGS = frozenset("script style noscript template head title object embed iframe svg math".split())
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HAS_ALNUM = re.compile(r"\w")
_CHAPTER_HEADING = re.compile(r"^\s*(chapter|part|prologue|epilogue|interlude|book)\b", re.IGNORECASE)
_CHAPTER_N = re.compile(r"^\s*chapter\s+\d+", re.IGNORECASE)
_ENDNOTE_LINK = re.compile(r"^\(?\s*see the (beginning|end) of the (chapter|work) for", re.IGNORECASE)
_PART_OF = re.compile(r"Part\s+(\d+)\s+of", re.IGNORECASE)
_STAT = re.compile(
    r"(Published|Updated|Completed|Words|Chapters):\s*([0-9][0-9,]*(?:/(?:[0-9]+|\?))?(?:-[0-9]{2}-[0-9]{2})?)"
)

# Label text (lower-cased, no colon) -> note kind; `None` kind means "depends on where it sits".
_LABELS: dict[str, NoteKind | None] = {
    "summary": "summary",
    "chapter summary": "summary",
    "notes": None,
    "chapter notes": "author-note",
    "author's note": "author-note",
    "author's notes": "author-note",
    "end notes": "end-note",
    "chapter end notes": "end-note",
}

# AO3 renamed this warning; downloads and EPUB subjects still carry older spellings.
_WARNING_ALIASES = {
    "choose not to use archive warnings": "Creator Chose Not To Use Archive Warnings",
    "author chose not to use archive warnings": "Creator Chose Not To Use Archive Warnings",
    "creator chose not to use archive warnings": "Creator Chose Not To Use Archive Warnings",
    "no archive warnings apply": "No Archive Warnings Apply",
    "graphic depictions of violence": "Graphic Depictions Of Violence",
    "major character death": "Major Character Death",
    "rape/non-con": "Rape/Non-Con",
    "underage": "Underage",
    "underage sex": "Underage",
}

# AO3 language names -> BCP 47 codes (the common ones; others keep only `declared.language`).
_LANGUAGE_CODES = {
    "english": "en",
    "中文-普通话 國語": "zh",
    "中文-广东话 粵語": "yue",
    "español": "es",
    "français": "fr",
    "deutsch": "de",
    "italiano": "it",
    "日本語": "ja",
    "한국어": "ko",
    "русский": "ru",
    "polski": "pl",
    "português brasileiro": "pt-BR",
    "português europeu": "pt-PT",
    "nederlands": "nl",
    "svenska": "sv",
    "suomi": "fi",
    "dansk": "da",
    "norsk": "no",
    "čeština": "cs",
    "magyar": "hu",
    "tiếng việt": "vi",
    "bahasa indonesia": "id",
    "türkçe": "tr",
    "українська": "uk",
    "العربية": "ar",
    "עברית": "he",
    "ไทย": "th",
}


def clean(text: str) -> str:
    """Collapse whitespace, drop control characters, NFC (offsets are counted after this)."""
    text = _CONTROL.sub("", _WS.sub(" ", text)).strip()
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def normalise_warning(name: str) -> str:
    return _WARNING_ALIASES.get(name.strip().lower(), name.strip())


def language_code(name: str | None) -> str | None:
    return _LANGUAGE_CODES.get(name.strip().lower()) if name else None


def local(el: etree._Element) -> str:
    """Tag name without namespace, lower-cased ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def text_of(el: etree._Element) -> str:
    """All text inside `el` (not its tail, not comments), for lxml.html and plain lxml elements alike."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


# ---- paragraphs -----------------------------------------------------------------------------


def _is_centred(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (
        (el.get("align") or "").lower() == "center"
        or "text-align:center" in style
        or local(el) == "center"
        or any("center" in c or "centre" in c for c in classes(el))
    )


def paragraphs(el: etree._Element) -> list[str]:
    """The paragraphs of a prose element, in order; `<hr>` and centred symbol rows become breaks."""
    out: list[str] = []
    current: list[str] = []

    def flush(centred: bool = False) -> None:
        if not current:
            return
        raw = "".join(current)
        current.clear()
        # <br><br> inside one element separates paragraphs; a single <br> is a line break.
        for chunk in _DOUBLE_BR.split(raw):
            lines = [clean(line) for line in chunk.split(_BR)]
            text = "\n".join(line for line in lines if line)
            if not text:
                continue
            if centred and not _HAS_ALNUM.search(text):
                out.append(_BREAK)
            else:
                out.append(text)

    def visit(node: etree._Element) -> None:
        tag = local(node)
        if not tag or tag in _SKIP_TAGS or "landmark" in classes(node):
            return
        if tag == "br":
            current.append(_BR)
            return
        if tag == "hr":
            flush()
            out.append(_BREAK)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if node.text:
            current.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush(centred=_is_centred(node))

    visit(el)
    flush()
    return out


# ---- the body text ---------------------------------------------------------------------------


@dataclass
class _Chapter:
    title: str | None
    start: int
    end: int
    has_prose: bool = False


@dataclass
class Builder:
    """Accumulates the body text and remembers chapter and note spans (str offsets)."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    chapters: list[_Chapter] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    _pending_break: bool = False

    def _append(self, text: str, *, extend: bool = True) -> tuple[int, int]:
        if self.pos:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        if extend and self.chapters:
            self.chapters[-1].end = self.pos
        return start, self.pos

    def chapter(self, title: str | None) -> None:
        self._pending_break = False
        if title:
            start, _ = self._append(title, extend=False)
        else:
            start = self.pos + (2 if self.pos else 0)
        self.chapters.append(_Chapter(title=title, start=start, end=max(start, self.pos)))

    def _ensure_chapter(self) -> None:
        if not self.chapters:
            self.chapter(None)

    def note(self, kind: NoteKind, paras: list[str]) -> None:
        paras = [p for p in paras if p != _BREAK]
        if not paras:
            return
        self._ensure_chapter()
        self._pending_break = False
        text = "\n\n".join(paras)
        start, end = self._append(text)
        self.notes.append(Note(kind=kind, text=text, start=start, end=end))

    def prose(self, paras: list[str]) -> None:
        for para in paras:
            if para == _BREAK:
                # Breaks collapse, and only count between prose paragraphs.
                self._pending_break = bool(self.chapters and self.chapters[-1].has_prose)
                continue
            self._ensure_chapter()
            if self._pending_break:
                self._append(SCENE_BREAK)
                self._pending_break = False
            self._append(para)
            self.chapters[-1].has_prose = True

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def build_chapters(self) -> list[Chapter]:
        return [
            Chapter(index=i, start=c.start, end=c.end, title=c.title)
            for i, c in enumerate(ch for ch in self.chapters if ch.end > ch.start)
        ]


# ---- metadata --------------------------------------------------------------------------------


@dataclass
class Meta:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    language: str | None = None
    declared: Declared = field(default_factory=Declared)
    work_notes: list[Note] = field(default_factory=list)
    found_tags: bool = False


def _tag_list(dd: etree._Element) -> list[str]:
    links = [clean(text_of(a)) for a in dd.iter() if local(a) == "a"]
    links = [t for t in links if t]
    if links:
        return links
    # AO3 forbids commas in tag names, so a plain-text list splits safely on them.
    return [t for t in (clean(x) for x in text_of(dd).split(",")) if t]


def _last_part(text: str, default: int | None) -> int | None:
    numbers = _PART_OF.findall(text)
    return safe_int(numbers[-1]) if numbers else default


def safe_int(text: str | None) -> int | None:
    """A count written in a story's metadata ("1,234"), or None when it is not one.

    Hostile files write "Part 99999999999999999999" or "²"; such a value must neither crash ingest
    (int() refuses over 4,300 digits, "²".isdigit() is True) nor overflow SQLite's 64-bit integers.
    """
    digits = (text or "").replace(",", "").strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
        return None
    return int(digits)


def _series(dd: etree._Element) -> list[Series]:
    found: list[Series] = []
    part: int | None = None

    def visit(node: etree._Element) -> None:
        nonlocal part
        if node.text:
            part = _last_part(node.text, part)
        if local(node) == "a" and "/series/" in (node.get("href") or ""):
            name = clean(text_of(node))
            if name:
                found.append(Series(name=name, part=part))
            part = None
        for child in node:
            visit(child)
            if child.tail:
                part = _last_part(child.tail, part)

    visit(dd)
    return found


_SINGULAR = {
    "ratings": "rating",
    "archive warnings": "archive warning",
    "categories": "category",
    "fandoms": "fandom",
    "relationships": "relationship",
    "characters": "character",
    "additional tags": "additional tag",
    "collections": "collection",
    "stats": "stat",
}


def read_tags_dl(dl: etree._Element, meta: Meta) -> None:
    """Fill `meta.declared` from AO3's `dl` of `dt` label / `dd` value pairs."""
    dec = meta.declared
    items = [c for c in dl if local(c) in ("dt", "dd")]
    for dt, dd in itertools.pairwise(items):
        if local(dt) != "dt" or local(dd) != "dd":
            continue
        # Labels come singular or plural depending on the AO3 template; never infer counts.
        label = clean(text_of(dt)).rstrip(":").strip().lower()
        label = _SINGULAR.get(label, label)
        if label == "rating":
            tags = _tag_list(dd)
            dec.rating = tags[0] if tags else None
        elif label == "archive warning":
            dec.archive_warnings = [normalise_warning(t) for t in _tag_list(dd)]
        elif label == "category":
            dec.categories = _tag_list(dd)
        elif label == "fandom":
            dec.fandoms = _tag_list(dd)
        elif label == "relationship":
            dec.relationships = _tag_list(dd)
        elif label == "character":
            dec.characters = _tag_list(dd)
        elif label in ("additional tag", "freeform"):
            dec.freeform = _tag_list(dd)
        elif label == "language":
            dec.language = clean(text_of(dd)) or None
            meta.language = (dd.get("lang") or "").strip() or language_code(dec.language)
        elif label == "series":
            dec.series = _series(dd)
        elif label == "collection":
            dec.collections = _tag_list(dd)
        elif label == "stat":
            read_stats(" ".join(dd.itertext()), dec)
    meta.found_tags = True


def read_stats(text: str, dec: Declared) -> None:
    stats = {k.lower(): v for k, v in _STAT.findall(text)}
    dec.published = stats.get("published")
    dec.updated = stats.get("completed") or stats.get("updated")
    if "words" in stats:
        dec.words = safe_int(stats["words"])
    chapters = stats.get("chapters")
    if chapters:
        dec.chapters = chapters
        done, _, total = chapters.partition("/")
        dec.complete = total != "?" and done == total


# ---- the walker ------------------------------------------------------------------------------


def _label_of(el: etree._Element) -> str | None:
    if local(el) not in ("p", "h2", "h3", "h4", "h5", "h6", "div", "b", "strong"):
        return None
    if len(el) > 2:
        return None
    raw = text_of(el)
    if len(raw) > 200:  # cheap reject before cleaning: labels are a word or three
        return None
    text = clean(raw)
    if len(text) > 24:
        return None
    key = text.rstrip(":").strip().lower()
    return key if key in _LABELS else None


def _has_direct_text(node: etree._Element) -> bool:
    if node.text and node.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in node)


def _elements(node: etree._Element) -> Iterator[etree._Element]:
    for child in node:
        if isinstance(child.tag, str):
            yield child


class Walker:
    """One pass over an AO3-style document; see the module docstring."""

    def __init__(self, *, generic_chapters: bool = False) -> None:
        self.meta = Meta()
        self.body = Builder()
        self.generic_chapters = generic_chapters
        self._doc_heading_pending = False

    # zones: "preface", "chapters", "afterword"
    def walk(self, root: etree._Element, zone: str = "chapters", end_ctx: bool = False) -> None:
        if zone == "chapters" and _has_direct_text(root) and not self._has_structure(root):
            # Old-style HTML: prose as bare text and <br>s straight inside a div or the body.
            self._prose(paragraphs(root))
            return
        pending: NoteKind | None = None
        pending_set = False
        for el in _elements(root):
            tag = local(el)
            cls = classes(el)
            el_id = (el.get("id") or "").lower()
            if tag in _SKIP_TAGS:
                continue
            if tag == "ficlens-doc":  # spine document boundary (generic EPUB)
                if self.generic_chapters:
                    self._doc_heading_pending = True
                continue
            label = _label_of(el)
            if label is not None:
                pending = self._kind(label, zone, end_ctx or "end" in cls)
                pending_set = True
                continue
            if tag == "blockquote" and pending_set:
                self._note(pending or "author-note", paragraphs(el), zone)
                pending, pending_set = None, False
                continue
            if "associations" in cls:
                # "Inspired by…" / "A translation of…" lists sit between a label and its quote.
                continue
            pending, pending_set = None, False

            # Zone switches.
            if el_id == "afterword" or "afterword" in cls:
                self.walk(el, "afterword", end_ctx=True)
                continue
            if el_id == "preface" or ("preface" in cls and "chapter" not in cls):
                self.walk(el, "preface")
                continue
            if el_id == "chapters":
                self.walk(el, "chapters")
                continue
            if tag == "dl" and (zone != "chapters" or self._is_tags_dl(el)):
                if not self.meta.found_tags and self._is_tags_dl(el):
                    read_tags_dl(el, self.meta)
                continue
            # "See the end of the chapter for more notes": a link, not part of the work.
            if tag in ("p", "div") and len(el) <= 3 and _ENDNOTE_LINK.match(clean(text_of(el)[:300])):
                continue
            if "landmark" in cls or "toc-heading" in cls or ("message" in cls and zone != "chapters"):
                if "message" in cls and not self.meta.title:
                    bold = next((b for b in el.iter() if local(b) == "b"), None)
                    if bold is not None:
                        self.meta.title = clean(text_of(bold)) or None
                continue

            if zone == "preface":
                self._preface(el, tag, cls)
                continue
            if zone == "afterword":
                # Related works, series links and the "comment" message are not part of the work.
                if el_id.endswith("endnotes") or "notes" in cls or tag == "div":
                    self.walk(el, "afterword", end_ctx=True)
                continue

            # chapters zone
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._heading(el, tag, cls)
                continue
            if (
                tag == "div"
                and ("userstuff" in " ".join(cls) and el_id != "chapters")
                and not self._has_structure(el)
            ):
                self._prose(paragraphs(el))
                continue
            if tag in ("div", "section", "article", "main", "body"):
                self.walk(
                    el,
                    zone,
                    end_ctx=end_ctx
                    or "end" in cls
                    or el_id.startswith("endnotes")
                    or el_id.endswith("endnotes"),
                )
                continue
            self._prose(paragraphs(el))

    def _kind(self, label: str, zone: str, end_ctx: bool) -> NoteKind:
        kind = _LABELS[label]
        if kind is None:  # bare "Notes": depends on where it sits
            kind = "end-note" if end_ctx or zone == "afterword" else "author-note"
        if zone == "afterword" and kind == "author-note":
            kind = "end-note"
        return kind

    def _note(self, kind: NoteKind, paras: list[str], zone: str) -> None:
        if zone in ("preface", "afterword"):
            text = "\n\n".join(p for p in paras if p != _BREAK)
            if not text:
                return
            if kind == "summary" and self.meta.summary is None:
                self.meta.summary = text
            self.meta.work_notes.append(Note(kind=kind, text=text))
        else:
            self.body.note(kind, paras)

    def _preface(self, el: etree._Element, tag: str, cls: set[str]) -> None:
        if tag in ("h1", "h2") and "toc-heading" not in cls:
            if not self.meta.title:
                self.meta.title = clean(text_of(el)) or None
            return
        if "byline" in cls or (tag in ("div", "h3", "p") and clean(text_of(el)).startswith("by ")):
            authors = [clean(text_of(a)) for a in el.iter() if local(a) == "a" and a.get("rel") == "author"]
            if not authors and "byline" in cls:
                # Anonymous works have a bare-text byline ("by Anonymous").
                text = re.sub(r"^by\s+", "", clean(text_of(el)))
                authors = [a.strip() for a in re.split(r",\s*|\s+and\s+", text)]
            if authors and not self.meta.authors:
                self.meta.authors = [a for a in authors if a]
                return
        if tag in ("div", "section") or self._has_structure(el):
            self.walk(el, "preface")

    def _has_structure(self, el: etree._Element) -> bool:
        """True when a container holds AO3 layout (labels, headings, chapter divs) rather than prose."""
        for child in _elements(el):
            if _label_of(child) is not None or local(child) in ("h1", "h2", "dl"):
                return True
            if (child.get("id") or "").lower() in ("preface", "chapters", "afterword"):
                return True
        return False

    def _is_tags_dl(self, el: etree._Element) -> bool:
        for dt in _elements(el):
            if local(dt) == "dt":
                label = clean(text_of(dt)).rstrip(":").lower()
                return label in (
                    "rating",
                    "ratings",
                    "archive warning",
                    "archive warnings",
                    "fandom",
                    "fandoms",
                )
        return False

    def _heading(self, el: etree._Element, tag: str, cls: set[str]) -> None:
        text = clean(text_of(el))
        if not text:
            return
        if tag == "h1" and not self.meta.title and not self.body.chapters:
            self.meta.title = text
            return
        is_chapter = tag in ("h1", "h2") or "title" in cls or bool(_CHAPTER_HEADING.match(text))
        if self._doc_heading_pending:
            is_chapter = True
        if not is_chapter:
            self._prose([text])
            return
        self._doc_heading_pending = False
        number = len(self.body.chapters) + 1
        # AO3's newer downloads print only the chapter's own title; the site shows "Chapter N: Title".
        if tag == "h2" and "heading" in cls and not _CHAPTER_N.match(text):
            text = f"Chapter {number}: {text}"
        self.body.chapter(text)

    def _prose(self, paras: list[str]) -> None:
        if self._doc_heading_pending and any(p != _BREAK for p in paras):
            self._doc_heading_pending = False
            self.body.chapter(None)
        self.body.prose(paras)

    # ---- result ------------------------------------------------------------------------------

    def to_work(self, source: Source) -> Work:
        meta = self.meta
        dec = meta.declared
        notes = list(meta.work_notes)
        # Work-level summary first, then the chapter notes in text order.
        notes.sort(key=lambda n: {"summary": 0, "author-note": 1}.get(n.kind, 2))
        return Work(
            source=source,
            title=meta.title,
            authors=meta.authors,
            summary=meta.summary,
            series=dec.series[0] if dec.series else None,
            language=meta.language,
            declared=dec,
            notes=notes + self.body.notes,
            chapters=self.body.build_chapters(),
            text=self.body.text,
        )


def reject_entity_declarations(data: bytes, name: str) -> None:
    """Refuse documents that declare XML entities: billion laughs and external entities start so."""
    if _ENTITY_DECL.search(data):
        raise UnsafeInput(
            f"{name} declares XML entities (billion-laughs or external-entity attack); refusing to parse it"
        )


def parse_html(data: bytes | str) -> etree._Element:
    """Parse HTML leniently; libxml2's HTML parser never expands DTD entities or fetches anything."""
    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    return html.document_fromstring(data, parser=parser)
