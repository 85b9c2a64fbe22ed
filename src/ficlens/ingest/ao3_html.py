"""AO3 "Download -> HTML" files, saved AO3 work pages and generic HTML stories -> `Work`."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from ficlens.errors import UnsupportedFormat
from ficlens.ingest._markup import Walker, clean, parse_html, reject_entity_declarations
from ficlens.ingest.plain_text import decode
from ficlens.model import Source, Work


def read(data: bytes, source: Source) -> Work:
    """Parse an AO3 download (`html`) or saved work page (`page`); plain HTML works too.

    >>> work = read(Path("story.html").read_bytes(), Source(format="html"))
    >>> work.declared.rating, [c.title for c in work.chapters]
    ('Teen And Up Audiences', ['Chapter 1: Festival', 'Chapter 2: Riversong'])
    """
    reject_entity_declarations(data, "the document")
    try:
        root = parse_html(decode(data))
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedFormat(f"cannot parse the HTML ({exc})") from exc
    walker = Walker()
    if source.format == "page":
        _read_page(root, walker)
    else:
        body = root.find("body")
        walker.walk(body if body is not None else root)
    if not walker.meta.title:
        title = root.find(".//title")
        if title is not None and not walker.meta.found_tags:
            walker.meta.title = clean(title.text_content()) or None
    return walker.to_work(source)


def _read_page(root: etree._Element, walker: Walker) -> None:
    """A saved work page: metadata in `dl.work.meta`, the work inside `#workskin`.

    Everything else on the page (navigation, kudos, comments) is skipped. A page saved without
    "Entire Work" holds one chapter; `declared.chapters` still says how many there are.
    """
    meta_dl = next(
        (dl for dl in root.iter("dl") if "meta" in (dl.get("class") or "").split()),
        None,
    )
    if meta_dl is not None:
        walker.walk(_wrap(meta_dl), zone="preface")
    skin = root.get_element_by_id("workskin", None)
    if skin is None:
        # Partial saves sometimes lose the work-skin wrapper; fall back to the chapters block.
        skin = root.get_element_by_id("chapters", None)
        if skin is None:
            main = root.get_element_by_id("main", None)
            skin = main if main is not None else root.find("body")
        if skin is None:
            return
        walker.walk(_wrap(skin))
        return
    walker.walk(skin)


def _wrap(el: etree._Element) -> etree._Element:
    """A parent holding only `el`, so the walker sees `el` itself (id, class and all)."""
    holder = etree.Element("div")
    holder.append(_copy(el))
    return holder


def _copy(el: etree._Element) -> etree._Element:
    clone = deepcopy(el)
    clone.tail = None
    return clone
