"""Whatever bytes arrive, ingest returns a `Work` or raises an `InputError`: never anything else."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.ingest import read_source

_SHARED = Path(os.environ.get("FICLENS_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_HTML_BITS = st.sampled_from(
    [
        "<html>", "<body>", "<div id='preface'>", "<div id='chapters'>", "<div id='afterword'>", "</div>",
        "<dl class='tags'>", "<dt>Rating:</dt>", "<dd><a>Mature</a></dd>", "</dl>", "<h1>T</h1>",
        "<h2 class='heading'>Chapter 1</h2>", "<p>Notes</p>", "<blockquote>", "</blockquote>", "<p>",
        "</p>", "<br>", "<hr>", "Words: 1,2", "Part 3 of <a href='/series/1'>S</a>", "text ", "&amp;",
        "<!-- c -->", "<div class='userstuff'>", "<p align='center'>*</p>", "\x00", "é", "<script>x</script>",
    ]
)  # fmt: skip


def _check(data: bytes) -> None:
    try:
        work = read_source(data, name="fuzz")
    except InputError:
        return
    for chapter in work.chapters:
        assert 0 <= chapter.start <= chapter.end <= len(work.text)
    for note in work.notes:
        if note.start is not None and note.end is not None:
            assert work.text[note.start : note.end] == note.text


@_SETTINGS
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check(data)


@_SETTINGS
@given(st.lists(_HTML_BITS, max_size=60))
def test_fuzz_ao3_like_html(parts: list[str]) -> None:
    _check(("<!DOCTYPE html>" + "".join(parts)).encode())


@_SETTINGS
@given(st.text(max_size=400))
def test_fuzz_markdown_front_matter(body: str) -> None:
    _check(("---\ntitle: x\n---\n" + body).encode("utf-8", "surrogatepass"))


@functools.cache
def _real_epub() -> bytes:
    return (_SHARED / "ao3" / "raw" / "ao3-218676-epub.epub").read_bytes()


@pytest.mark.skipif(not (_SHARED / "ao3").exists(), reason="shared data not found")
@_SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8))
def test_fuzz_corrupted_epub(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_real_epub())
    for pos, value in flips:
        data[pos % len(data)] = value
    _check(bytes(data))
