"""Formats are sniffed from content, never from the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.ingest import detect_format, read_source


@pytest.mark.parametrize(
    ("raw_file", "expected", "misleading_name"),
    [
        ("ao3-23009290-html.html", "html", "story.md"),
        ("ao3-23009290-page.html", "page", "story.txt"),
        ("ao3-23009290-epub.epub", "epub", "story.html"),
        ("ao3-9615839-markdown.md", "markdown", "story.epub"),
    ],
)
def test_sniff_real_files(shared_data: Path, raw_file: str, expected: str, misleading_name: str) -> None:
    data = (shared_data / "ao3" / "raw" / raw_file).read_bytes()
    assert detect_format(data) == expected
    work = read_source(data, name=misleading_name)
    assert work.source.format == expected and work.declared.rating


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"  \n<html><body><p>x</p></body></html>", "html"),
        (b"---\ntitle: x\ntags:\n- a\n---\n\nBody.\n", "markdown"),
        (b"---\r\ntitle: x\r\n---\r\n\r\nBody.\r\n", "markdown"),
        (b"--- A story about dashes ---\n\nIt begins.\n", "text"),
        (b"Title\n\nSome <b>bold</b> prose.\n", "text"),
        ("Ünïcödé plain text".encode("utf-16"), "text"),
        # An unclosed YAML-looking block with CRLFs: must fail fast, not backtrack exponentially.
        (b"---\r\n" + b"key: value\r\n- item\r\n" * 3000, "text"),
    ],
)
def test_sniff_prefixes(data: bytes, expected: str) -> None:
    assert detect_format(data) == expected
