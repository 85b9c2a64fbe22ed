"""Placeholder: filled in by the ingest work (issue 3)."""

from __future__ import annotations

from ficlens.errors import UnsupportedFormat
from ficlens.model import Source, Work


def read(data: bytes, source: Source) -> Work:
    raise UnsupportedFormat(f"{source.format} input is not supported yet")
