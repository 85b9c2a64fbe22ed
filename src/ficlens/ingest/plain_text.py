"""Plain text in any common encoding -> `Work` with normalised text (the structure stage does the rest)."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

from ficlens.errors import UnsupportedFormat
from ficlens.model import Source, Work

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Typical UTF-8-read-as-cp1252/latin-1 sequences ("â€™", "Ã©", "Â "); cheap to scan for, so the
# slow mojibake repair only runs on text that needs it.
_MOJIBAKE = re.compile(
    "[ÂÃâ][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as cp1252 (latin-1 where cp1252 has holes)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", "") or bad.decode("latin-1"), exc.end


codecs.register_error("ficlens-cp1252", _cp1252_fallback)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if odd > 0.3 * half and even < 0.05 * half:
        return data.decode("utf-16-le", errors="replace")
    if even > 0.3 * half and odd < 0.05 * half:
        return data.decode("utf-16-be", errors="replace")
    return None


# In real cp1252 prose a Latin-1 symbol (¹ ³ ¿ ¥...) never sits inside a word; in Central European
# text misread as cp1252 it does ("Za¿ó³æ").
_SYMBOL_IN_WORD = re.compile("[^\\W\\d_][\u00a1-\u00bf][^\\W\\d_]")


def _plausible_cp1252(data: bytes) -> str | None:
    """The cp1252 reading of `data` when it looks like Western prose, else None.

    Statistical detectors split hairs between cp1252, cp1250 and cp1257 on short English texts
    with a few accents; accented letters being a minority of letters settles it. (Cyrillic or
    Greek read as cp1252 is nearly all accented letters.)
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:200_000]
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in sample if ord(ch) > 127 and ch.isalpha())
    if letters == 0 or accented > 0.25 * letters or _SYMBOL_IN_WORD.search(sample):
        return None
    return text


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding.

    BOMs win; then UTF-16 without BOM (by its NUL pattern), then strict UTF-8. Text that is mostly
    UTF-8 with stray legacy bytes (a paste from two editors) keeps its UTF-8 and reads the stray
    bytes as cp1252; anything else goes to charset-normalizer.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="ficlens-cp1252")  # no slice: no copy of a big file
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid multi-byte UTF-8 sequences before the first bad byte: treat it as mixed UTF-8.
    if _UTF8_MULTIBYTE.search(data, 0, first_bad):
        return data.decode("utf-8", errors="ficlens-cp1252")
    western = _plausible_cp1252(data)
    if western is not None:
        return western
    results = from_bytes(data[:1_000_000])
    best = results.best()
    if best is None or best.encoding is None:
        raise UnsupportedFormat("cannot determine the text encoding", hint="save the file as UTF-8")
    encoding = best.encoding
    # Short Western texts fit several single-byte code pages equally well (cp1250, cp1257...);
    # cp1252 is by far the most common legacy encoding of English fan fiction, so it wins ties.
    western = next((r for r in results if r.encoding in ("cp1252", "latin_1", "iso8859_15")), None)
    if western is not None and western.chaos <= best.chaos + 0.01:
        encoding = "cp1252"
    if encoding in ("latin_1", "iso8859_1", "ascii"):
        encoding = "cp1252"  # a superset in practice: curly quotes and dashes live in 0x80-0x9f
    try:
        return data.decode(encoding, errors="strict")
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace")


def normalise(text: str) -> str:
    """NFC, unified line endings, mojibake repaired, no stray control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE.search(text):
        text = ftfy.fix_text(text, normalization="NFC", fix_line_breaks=False, uncurl_quotes=False)
    text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def read(data: bytes, source: Source) -> Work:
    """Decode and normalise; chapters, notes and scenes are left to the structure stage.

    >>> read("Chapter 1\r\n\r\nIt was late.".encode("cp1252"), Source()).text
    'Chapter 1\n\nIt was late.'
    """
    return Work(source=source, text=normalise(decode(data)))
