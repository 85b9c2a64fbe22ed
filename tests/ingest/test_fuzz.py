"""Whatever bytes arrive, ingest returns a `Work` or raises an `InputError`: never anything else.

One property test per input format, each drawing both from scratch and by damaging a valid seed
document. The default (`ci`) hypothesis profile runs each derandomized with a modest number of
cases; `scripts/fuzz.sh` runs the same tests with the `fuzz` profile (10,000 cases each, random
seed). Every failure found that way is kept as a plain test in test_hostile_inputs.py.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_ao3_html import SAVED_PAGE, _download
from test_epub import CONTAINER, OPF, XHTML, generic_epub
from test_markdown import BACKUP

from ficlens.errors import InputError
from ficlens.ingest import read_source
from ficlens.model import Work

_HTML_BITS = [
    "<html>", "<body>", "<div id='preface'>", "<div id='chapters'>", "<div id='afterword'>", "</div>",
    "<dl class='tags'>", "<dt>Rating:</dt>", "<dd><a>Mature</a></dd>", "</dl>", "<h1>T</h1>",
    "<h2 class='heading'>Chapter 1</h2>", "<p>Notes</p>", "<blockquote>", "</blockquote>", "<p>",
    "</p>", "<br>", "<hr>", "Words: 1,2", "Part 3 of <a href='/series/1'>S</a>", "text ", "&amp;",
    "<!-- c -->", "<div class='userstuff'>", "<p align='center'>*</p>", "\x00", "é", "<script>x</script>",
    "<dt>Series:</dt>", "<dd>Part 99999999999999999999 of <a>X</a></dd>", "<dt>Stats:</dt>",
    "<dd>Published: 2020-13-45 Words: 9,999,999,999 Chapters: 0/0</dd>", "<div class='meta group'>",
    "<h3 class='title'>Chapter 2</h3>", "<div id='workskin'>", "&#0;", "&#xD800;", "&#99999999;",
    "<![CDATA[x]]>", "<?php ?>", "<table><tr><td>", "<svg><foreignObject>", "<math>", "\ufeff",
    "<p style='text-align:center'>~ ❦ ~</p>", "<div class='endnote-link'>", "<blockquote class='userstuff'>",
]  # fmt: skip

_TEXT_LINES = [
    "Chapter 1", "Chapter 2: The Storm", "CHAPTER XIV", "Prologue", "Epilogue", "***", "* * *", "~~~", "---",
    "-----", "#", "o0o0o", "Title: A", "Author: B", "Rating: Explicit", "Summary:", "A/N: thanks", "", " ",
    "\t", "\r", "She said, \"Go.\"", "é", "\u202e", "\u0000", "\ufeff", "\U0001f525", "\u00a0", "x" * 300,
    "1.", "Part One", "— ✦ —", "<p>", "---\ntitle: x",
]  # fmt: skip

_YAML_VALUES = [
    "x", "''", "'a: b'", "[a, b]", "[]", "{}", "~", "null", "true", "2020-13-45", "2020-02-30", "1e999",
    "99999999999999999999999", "-1", "&a [x, *a]", "*a", "&a x", "!!python/object:os.system x",
    "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a, b}", "!!omap [a: 1]", "'\\x00'", "\"\\ud800\"",
    "|\n  block\n  text", ">\n  folded", "- a\n- b", "\n  - [a, [b, [c]]]", "? complex\n: key", "\t", "{a: {b: {c: d}}}",
    "\"unterminated", "[unclosed", "@reserved", "%TAG ! tag:x", "<<: *a",
]  # fmt: skip
_YAML_KEYS = [
    "title", "author", "summary", "notes", "rating", "warnings", "fandom", "relationship", "characters",
    "tags", "series", "series_weight", "date", "language", "chapters", "words", "category", "x", "<<",
]  # fmt: skip

_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "shift_jis"]

# Damage: (operation, position, bytes). Positions wrap around the seed's length.
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat"]),
        st.integers(min_value=0, max_value=2**31),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=8,
)


def _damage(seed: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for op, pos, chunk in edits:
        if not data:
            break
        at = pos % len(data)
        if op == "flip":
            data[at] ^= 1 << (chunk[0] % 8)
        elif op == "set":
            data[at] = chunk[0]
        elif op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + chunk[0] % 64 + 1]
        elif op == "truncate":
            del data[at:]
        else:  # repeat a slice: long runs, repeated tags
            data[at:at] = bytes(data[at : at + chunk[0] % 32 + 1]) * (chunk[-1] % 16 + 1)
    return bytes(data)


def _damaged(seed: bytes) -> st.SearchStrategy[bytes]:
    return _EDITS.map(lambda edits: _damage(seed, edits))


def _check_work(work: Work) -> None:
    assert isinstance(work.text, str) and work.text.strip()
    work.text.encode("utf-8")  # no lone surrogates: the JSON output must be writable as UTF-8
    n = len(work.text)
    for chapter in work.chapters:
        assert 0 <= chapter.start <= chapter.end <= n
        for scene in chapter.scenes:
            assert chapter.start <= scene.start <= scene.end <= chapter.end
    for note in work.notes:
        if note.start is not None and note.end is not None:
            assert work.text[note.start : note.end] == note.text
    # Counts from the metadata must fit the library's 64-bit integers.
    counts = [work.declared.words, *(s.part for s in work.declared.series)]
    assert all(c is None or 0 <= c < 2**63 for c in counts)


def _check(data: bytes) -> None:
    try:
        work = read_source(data, name="fuzz")
    except InputError as exc:
        assert exc.message and "fuzz" in exc.message
        return
    _check_work(work)


# ---- plain text ------------------------------------------------------------------------------------


@st.composite
def _text_documents(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.one_of(st.sampled_from(_TEXT_LINES), st.text(max_size=80)), max_size=80))
    sep = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    text = sep.join(lines)
    encoding = draw(st.sampled_from(_ENCODINGS))
    return text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")


@given(st.one_of(st.binary(max_size=4096), _text_documents(), _text_documents().flatmap(_damaged)))
def test_fuzz_text(data: bytes) -> None:
    _check(data)


# ---- AO3 HTML download and saved work page ------------------------------------------------------------


@given(
    st.one_of(
        st.lists(st.sampled_from(_HTML_BITS), max_size=80).map(
            lambda p: ("<!DOCTYPE html>" + "".join(p)).encode()
        ),
        _damaged(_download()),
    )
)
def test_fuzz_ao3_html(data: bytes) -> None:
    _check(data)


_PAGE_HEAD = "<!DOCTYPE html><html><body><dl class='work meta group'>"


@given(
    st.one_of(
        st.lists(st.sampled_from(_HTML_BITS), max_size=80).map(lambda p: (_PAGE_HEAD + "".join(p)).encode()),
        _damaged(SAVED_PAGE.encode()),
    )
)
def test_fuzz_saved_page(data: bytes) -> None:
    _check(data)


# ---- EPUB ------------------------------------------------------------------------------------------------

_COMPRESSIONS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
_HREFS = [
    "Text/a.xhtml",
    "../../etc/passwd",
    "/abs.xhtml",
    "Text/a%20b.xhtml",
    "Text/%00.xhtml",
    "",
    "a.xhtml#x",
]


@st.composite
def _built_epubs(draw: st.DrawFn) -> bytes:
    """A zip whose parts are each valid, garbled or missing: structure errors beyond byte damage."""
    buf = io.BytesIO()
    hrefs = draw(st.lists(st.sampled_from(_HREFS), min_size=1, max_size=4))
    manifest = "".join(
        f'<item id="i{i}" href="{h}" media-type="application/xhtml+xml"/>' for i, h in enumerate(hrefs)
    )
    spine = "".join(f'<itemref idref="i{i}"/>' for i in draw(st.lists(st.integers(0, 5), max_size=6)))
    opf = OPF.replace(
        OPF[OPF.index("<manifest>") : OPF.index("</spine>")], f"<manifest>{manifest}</manifest><spine>{spine}"
    )
    body = "".join(draw(st.lists(st.sampled_from(_HTML_BITS), max_size=30)))
    members = {
        "META-INF/container.xml": draw(st.sampled_from([CONTAINER, "<container/>", "<x", ""])),
        "OEBPS/content.opf": draw(st.sampled_from([opf, OPF, "<package/>", "not xml"])),
    }
    for href in hrefs:
        members["OEBPS/" + href] = XHTML.format(title="T", text="Words here.", extra=body)
    with zipfile.ZipFile(buf, "w", draw(st.sampled_from(_COMPRESSIONS))) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name in draw(st.permutations(sorted(members))):
            if draw(st.booleans()) or name == "OEBPS/content.opf":
                zf.writestr(name, members[name])
    return buf.getvalue()


@given(st.one_of(_damaged(generic_epub()), _built_epubs(), _built_epubs().flatmap(_damaged)))
def test_fuzz_epub(data: bytes) -> None:
    _check(data)


# ---- Markdown with YAML front matter ---------------------------------------------------------------------


@st.composite
def _front_matter_documents(draw: st.DrawFn) -> bytes:
    pairs = draw(st.lists(st.tuples(st.sampled_from(_YAML_KEYS), st.sampled_from(_YAML_VALUES)), max_size=12))
    front = "\n".join(f"{k}: {v}" for k, v in pairs)
    body = draw(
        st.lists(
            st.sampled_from(
                [
                    "### Chapter 1",
                    "#### Chapter Notes",
                    "> quote",
                    "---",
                    "* * *",
                    "Text.",
                    "",
                    "<div>",
                    "`",
                    "|a|b|",
                ]
            ),
            max_size=30,
        )
    )
    return ("---\n" + front + "\n---\n" + "\n".join(body) + draw(st.text(max_size=200))).encode(
        "utf-8", "surrogatepass"
    )


@given(st.one_of(_front_matter_documents(), _damaged(BACKUP.encode())))
def test_fuzz_markdown_front_matter(data: bytes) -> None:
    _check(data)


# ---- JSON Lines: `ficlens passages` and `ficlens batch` ------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_RECORDS = st.fixed_dictionaries(
    {}, optional={"id": _JSON_VALUES, "text": _JSON_VALUES, "path": _JSON_VALUES}
)
_JSONL_LINES = st.lists(
    st.one_of(
        _RECORDS.map(lambda r: json.dumps(r).encode()),
        _JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=60),
        st.just(b'{"id": "\\ud800", "text": "\\udfff"}'),
    ),
    max_size=12,
).map(lambda lines: b"\n".join(lines))


def _consume_jsonl(data: bytes, read: Callable[[Path], object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(data)
        try:
            read(path)
        except InputError as exc:
            assert exc.message


@given(_JSONL_LINES)
def test_fuzz_jsonl_passages(data: bytes) -> None:
    from ficlens.cli.content_warnings import _read_jsonl

    def read(path: Path) -> None:
        ids, texts = _read_jsonl(path)
        assert len(ids) == len(texts) and all(isinstance(t, str) for t in texts)
        # What `ficlens passages` writes must be writable as UTF-8 (no lone surrogates).
        json.dumps([ids, texts], ensure_ascii=False).encode("utf-8")

    _consume_jsonl(data, read)


@given(_JSONL_LINES)
def test_fuzz_jsonl_batch(data: bytes) -> None:
    from ficlens.batch import iter_inputs

    def read(path: Path) -> None:
        for item in iter_inputs(path, "jsonl"):
            assert isinstance(item["id"], str)
            json.dumps(item, ensure_ascii=False).encode("utf-8")

    _consume_jsonl(data, read)
