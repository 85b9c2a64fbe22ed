"""Read a story from a path, standard input or bytes into a `Work`; the format is sniffed from content.

    >>> work = read_source("story.epub")          # or a path to .html / .md / .txt, "-", or bytes
    >>> work.source.format, work.declared.rating, [c.title for c in work.chapters]

Formats (never guessed from the file name): `text` (any common encoding, `plain_text`), `html`
(AO3 download) and `page` (saved AO3 work page, both `ao3_html`), `epub` (`epub`), `markdown`
with YAML front matter (`markdown`). Each module exposes `read(data: bytes, source: Source) -> Work`.
Inputs above `MAX_INPUT_BYTES` are refused unread (raise it with `max_bytes` / `--max-size`).
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from pathlib import Path

from ficlens.errors import EmptyInput, InputError, UnsafeInput, UnsupportedFormat
from ficlens.model import Source, SourceFormat, Work

# Largest input read by default; a 200 MB paste is far beyond any real work (AO3's longest works are
# a few MB of text) and would only exhaust memory downstream. Raise it with `max_bytes`.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_source(source: str | Path | bytes, *, name: str | None = None, max_bytes: int | None = None) -> Work:
    """Read `source` (a path, "-" for stdin, or bytes) and return an un-analysed `Work`."""
    limit = MAX_INPUT_BYTES if max_bytes is None else max_bytes
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
        if len(data) > limit:
            raise _too_large(label, len(data), limit)
    elif str(source) == "-":
        label = name or "<stdin>"
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise _too_large(label, len(data), limit)
    else:
        if isinstance(source, str) and ("\n" in source or len(source) > 4096):
            # Story text passed where a path belongs: say so instead of failing on a "file name".
            raise InputError(
                f"{name or '<text>'}: expected a file path, got {len(source):,} characters of text",
                hint="pass a story's text as bytes: ficlens.analyze(text.encode(), name='story.txt')",
            )
        path = Path(source)
        label = name or str(path)
        data = _read_path(path, label, limit)
    fmt = detect_format(data, label)
    src = Source(
        path=None if isinstance(source, bytes) or str(source) == "-" else label,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return read_bytes(data, src, label=label)


def read_bytes(data: bytes, source: Source, *, label: str) -> Work:
    from ficlens.ingest import ao3_html, epub, markdown, plain_text

    readers = {
        "text": plain_text.read,
        "html": ao3_html.read,
        "page": ao3_html.read,
        "epub": epub.read,
        "markdown": markdown.read,
    }
    try:
        work = readers[source.format](data, source)
    except InputError as exc:
        if label not in exc.message:
            exc.message = f"{label}: {exc.message}"
        raise
    except _PARSER_ERRORS as exc:
        # Third-party parsers fail in their own ways on damaged files; say which file and why.
        raise InputError(
            f"{label}: cannot read this {source.format} file ({type(exc).__name__}: {exc})",
            hint="the file looks damaged; re-download or re-save it",
        ) from exc
    # `isspace` instead of `strip`: no copy of a 200 MB text just to test it.
    if not work.text or work.text.isspace():
        raise EmptyInput(f"{label}: no story text found", hint="is the file empty or only metadata?")
    return work


def _parser_errors() -> tuple[type[BaseException], ...]:
    import zipfile
    import zlib

    import yaml
    from lxml import etree

    return (etree.LxmlError, zipfile.BadZipFile, zlib.error, yaml.YAMLError, UnicodeError, RecursionError)


_PARSER_ERRORS = _parser_errors()


def _too_large(label: str, size: int, limit: int) -> UnsafeInput:
    needed_mb = math.ceil(size / 2**20)
    return UnsafeInput(
        f"{label}: {size / 2**20:.0f} MB is larger than the {limit / 2**20:.0f} MB input limit",
        hint=f"split the work, or raise the limit with `--max-size {needed_mb}` (Python: max_bytes=)",
    )


def _read_path(path: Path, label: str, limit: int) -> bytes:
    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the file system, or otherwise unusable
        raise InputError(f"{label[:80]}: not a usable file path ({exc.strerror or exc})") from exc
    if not exists:
        raise InputError(f"{label}: no such file")
    if path.is_dir():
        raise InputError(f"{label}: is a directory", hint="pass the story files inside it")
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(label, size, limit)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except PermissionError as exc:
        raise InputError(f"{label}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise _too_large(label, len(data), limit)
    if not data or data.isspace():
        raise EmptyInput(f"{label}: the file is empty")
    return data


_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\x7fELF": "an executable (ELF)",
    b"%PDF": "a PDF",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}


def detect_format(data: bytes, label: str = "<input>") -> SourceFormat:
    """Sniff the story format from the bytes, never from the file name."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "epub"
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormat(
                f"{label}: this is {what}, not a story",
                hint="ficlens reads plain text, AO3 HTML/EPUB downloads, saved AO3 pages and Markdown",
            )
    text_head = _sniff_text(head)
    if text_head is None:
        raise UnsupportedFormat(
            f"{label}: binary data, not a story",
            hint="ficlens reads plain text, AO3 HTML/EPUB downloads, saved AO3 pages and Markdown",
        )
    lowered = text_head.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in lowered[:2048]:
        # A saved work page carries its metadata block and work skin far below the page header.
        window = data[:1_048_576]
        if b"work meta group" in window or b'id="workskin"' in window:
            return "page"
        return "html"
    if lowered.startswith("---") and _FRONT_MATTER.match((_sniff_text(data[:65536]) or "").lstrip("\ufeff")):
        return "markdown"
    return "text"


# `---`, then YAML-looking `key:` lines, then a line that is exactly `---`.
# `[^\r\n]*`, not `.*`: each line must match one way only, or a long unclosed block backtracks forever.
_FRONT_MATTER = re.compile(
    r"---\r?\n(?:[a-z_][\w-]*:[^\r\n]*\r?\n|[ \t-][^\r\n]*\r?\n|\r?\n)*?---\r?(?:\n|$)", re.IGNORECASE
)


# Control bytes that mark a file as binary (tab, newlines, form feed and carriage return are text).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _sniff_text(head: bytes) -> str | None:
    """Decode a prefix for sniffing; None when it looks binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        # UTF-16 without BOM still has printable odd/even bytes; anything else with NULs is binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = head[: len(head) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                continue
            if sum(ch.isprintable() or ch.isspace() for ch in text) > 0.95 * max(len(text), 1):
                return text
        return None
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > 0.05 * max(len(head), 1):
        return None
    return head.decode("utf-8", errors="ignore")
