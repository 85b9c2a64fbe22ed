"""AO3 EPUB downloads and generic EPUBs -> `Work`, read defensively.

The zip is checked before anything is inflated (member count, declared sizes, compression ratio)
and every read is capped again, because zip headers can lie. XML is parsed with lxml without
entity expansion, DTD loading or network access, and a document that declares entities at all
(billion laughs, external entities) is rejected.

AO3 EPUBs carry the AO3 preface (metadata `dl`, summary, notes) as the first spine documents;
calibre's conversion renames AO3's classes, which the markup walker does not depend on. Generic
EPUBs get one chapter per spine document (titled by its first heading).
"""

from __future__ import annotations

import lzma
import posixpath
import re
import struct
import zipfile
import zlib
from io import BytesIO
from urllib.parse import unquote

from lxml import etree

from ficlens.errors import InputError, UnsafeInput
from ficlens.ingest._markup import (
    AO3_RATING_SET,
    Walker,
    clean,
    language_code,
    local,
    normalise_warning,
    parse_html,
    reject_entity_declarations,
    safe_int,
)
from ficlens.model import AO3_ARCHIVE_WARNINGS, AO3_CATEGORIES, Series, Source, Work

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
# Text and XHTML compress 3-10:1; 100:1 is what a zip bomb looks like.
MAX_RATIO = 100
_RATIO_MIN_BYTES = 1024 * 1024

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)
_HTML_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]*;")
_CHAPTERS_ID = re.compile(rb"""id=["'](preface|chapters)["']""")

# Everything `zipfile` and its decompressors raise on damaged or unusual archives (found by fuzzing:
# a flipped version byte gives NotImplementedError, a flipped flag bit RuntimeError "encrypted").
# OSError covers bz2's "Invalid data stream"; ValueError covers bad UTF-8 names and negative seeks.
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    IndexError,
)


def _zip_problem(exc: BaseException) -> str:
    """One line on what is wrong with the archive, in a reader's words."""
    text = str(exc)
    if isinstance(exc, NotImplementedError):
        return f"uses a zip feature ficlens cannot read: {text}"
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return "is password-protected"
    return f"is corrupt or truncated: {text or type(exc).__name__}"


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except ZIP_ERRORS as exc:
        raise InputError(
            f"not a valid EPUB (the zip {_zip_problem(exc)})",
            hint="re-download the EPUB, or pass the HTML download instead",
        ) from exc
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeInput(f"EPUB has {len(infos)} files (limit {MAX_MEMBERS}); refusing to unpack it")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (info.file_size > _RATIO_MIN_BYTES and ratio > MAX_RATIO)
        ):
            raise UnsafeInput(
                f"EPUB looks like a zip bomb ({info.filename!r} unpacks to {info.file_size / 1e6:.0f} MB, "
                f"{ratio:.0f}:1; limits {MAX_MEMBER_BYTES // 2**20} MB per file, "
                f"{MAX_TOTAL_BYTES // 2**20} MB total, {MAX_RATIO}:1)"
            )
    return zf


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except KeyError as exc:
        raise InputError(f"not a valid EPUB ({name!r} is listed but missing)") from exc
    except ZIP_ERRORS as exc:
        raise InputError(
            f"not a valid EPUB ({name!r} {_zip_problem(exc)})",
            hint="re-download the EPUB, or pass the HTML download instead",
        ) from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise UnsafeInput(f"EPUB member {name!r} unpacks beyond {MAX_MEMBER_BYTES // 2**20} MB (zip bomb?)")
    return data


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse XML/XHTML safely: entity declarations are refused, nothing is fetched or expanded."""
    reject_entity_declarations(data, name)
    if _HTML_ENTITY.search(data):
        # HTML entities (&nbsp;) are undefined in XML; libxml2 would drop them silently.
        return parse_html(data)
    try:
        return etree.fromstring(data, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        # Real-world XHTML uses HTML entities (&nbsp;) XML does not know; the HTML parser copes.
        return parse_html(data)


def _opf_path(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "META-INF/container.xml" in names:
        root = parse_xml(_member(zf, "META-INF/container.xml"), "META-INF/container.xml")
        for el in root.iter():
            if local(el) == "rootfile" and el.get("full-path"):
                return el.get("full-path") or ""
    opfs = sorted(n for n in names if n.lower().endswith(".opf"))
    if not opfs:
        raise InputError(
            "not a valid EPUB (no META-INF/container.xml and no .opf package file)",
            hint="re-download the EPUB, or pass the HTML download instead",
        )
    return opfs[0]


def read(data: bytes, source: Source) -> Work:
    zf = _open(data)
    with zf:
        opf_name = _opf_path(zf)
        opf = parse_xml(_member(zf, opf_name), opf_name)
        base = posixpath.dirname(opf_name)
        manifest = {
            el.get("id"): el for el in opf.iter() if local(el) == "item" and el.get("id") and el.get("href")
        }
        spine = [el.get("idref") for el in opf.iter() if local(el) == "itemref"]
        docs: list[tuple[str, etree._Element]] = []
        for idref in spine:
            item = manifest.get(idref)
            if item is None:
                continue
            if "html" not in (item.get("media-type") or "html"):
                continue
            name = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
            docs.append((name, parse_xml(_member(zf, name), name)))
    if not docs:
        raise InputError("not a valid EPUB (the spine lists no XHTML documents)")

    ao3 = any(_CHAPTERS_ID.search(etree.tostring(root)) for _, root in docs[:3])
    holder = etree.Element("body")
    for _, root in docs:
        body = next((el for el in root.iter() if local(el) == "body"), root)
        holder.append(etree.Element("ficlens-doc"))
        for child in list(body):
            if isinstance(child.tag, str):
                _strip_ns(child)
                holder.append(child)
    walker = Walker(generic_chapters=not ao3)
    walker.walk(holder)
    _read_opf(opf, walker)
    return walker.to_work(source)


def _strip_ns(el: etree._Element) -> None:
    for node in el.iter():
        if isinstance(node.tag, str) and "}" in node.tag:
            node.tag = node.tag.rsplit("}", 1)[1]
        for key in list(node.attrib):
            if "}" in key:
                node.set(key.rsplit("}", 1)[1], node.attrib.pop(key))


def _read_opf(opf: etree._Element, walker: Walker) -> None:
    """OPF metadata fills what the preface did not: title, creators, description, series, subjects."""
    meta, dec = walker.meta, walker.meta.declared
    dc: dict[str, list[str]] = {}
    calibre: dict[str, str] = {}
    for el in opf.iter():
        name = local(el)
        ns = el.tag.split("}")[0] if isinstance(el.tag, str) else ""
        if name == "meta" and el.get("name"):
            calibre[el.get("name") or ""] = el.get("content") or ""
        elif "purl.org/dc" in ns:
            dc.setdefault(name, []).append(el.text or "")
    if not meta.title and dc.get("title"):
        meta.title = clean(dc["title"][0]) or None
    if not meta.authors:
        meta.authors = [a for a in (clean(c) for c in dc.get("creator", [])) if a]
    if meta.summary is None and dc.get("description"):
        desc = dc["description"][0]
        # calibre stores the description as escaped HTML.
        text = clean(parse_html(f"<div>{desc}</div>").text_content()) if "<" in desc else clean(desc)
        meta.summary = text or None
    if not meta.language and dc.get("language"):
        meta.language = clean(dc["language"][0]) or None
    if not dec.series and calibre.get("calibre:series"):
        index = calibre.get("calibre:series_index", "")
        part = safe_int(index.split(".")[0]) if re.fullmatch(r"\d+(\.\d+)?", index) else None
        dec.series = [Series(name=clean(calibre["calibre:series"]), part=part)]
    if not meta.found_tags and dc.get("subject"):
        _subjects([clean(s) for s in dc["subject"] if clean(s)], walker)
    if meta.language is None:
        meta.language = language_code(dec.language)


def _subjects(subjects: list[str], walker: Walker) -> None:
    """Sort a flat `dc:subject` list (AO3 mixes rating, warnings, categories and tags) into fields."""
    dec = walker.meta.declared
    warnings = {w.lower() for w in AO3_ARCHIVE_WARNINGS}
    for subject in subjects:
        norm = normalise_warning(subject)
        if subject == "Fanworks":
            continue
        if subject in AO3_RATING_SET and dec.rating is None:
            dec.rating = subject
        elif norm.lower() in warnings:
            dec.archive_warnings.append(norm)
        elif subject in AO3_CATEGORIES:
            dec.categories.append(subject)
        else:
            dec.freeform.append(subject)
