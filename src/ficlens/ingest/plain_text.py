"""Plain text in any common encoding -> `Work` with normalised text (structure comes later)."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from ficlens.errors import UnsupportedFormat
from ficlens.model import Source, Work


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding; BOMs honoured, UTF-8 preferred, then charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormat("cannot determine the text encoding")
    return str(best)


def normalise(text: str) -> str:
    """NFC, unified line endings, no stray control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def read(data: bytes, source: Source) -> Work:
    return Work(source=source, text=normalise(decode(data)))
