"""Hostile story files, each named for the failure it provokes: damaged zips (one per exception class
`zipfile` and its decompressors raise), nesting and repetition at scale, hostile YAML, bad encodings.

Used by test_hostile_inputs.py (every path a story enters by) and benchmarks/bench_hostile.py (time
and memory per input). Built in code, so nothing hostile is stored in the repository.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from test_epub import CONTAINER, OPF, XHTML

_PAGE = XHTML.format(title="One", text="The tide came in over the stones.", extra="")


def _epub(compression: int = zipfile.ZIP_DEFLATED, *, body: str = _PAGE) -> bytes:
    opf = OPF.replace("Text/one%20a.xhtml", "Text/a.xhtml").replace('<itemref idref="b"/>', "")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("OEBPS/content.opf", opf)
        zf.writestr("OEBPS/Text/a.xhtml", body)
    return buf.getvalue()


def _central(data: bytes, name: bytes) -> int:
    """Offset of the central-directory record of member `name`."""
    at = data.index(b"PK\x01\x02")
    while True:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + n] == name:
            return at
        at = data.index(b"PK\x01\x02", at + 4)


def _patch(data: bytes, at: int, fmt: str, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into(fmt, out, at, value)
    return bytes(out)


def _opf_payload_offset(data: bytes, name: bytes = b"OEBPS/content.opf") -> int:
    """Where the compressed bytes of `name` start (after its local header)."""
    header = struct.unpack_from("<I", data, _central(data, name) + 42)[0]
    n, extra = struct.unpack_from("<HH", data, header + 26)
    return header + 30 + n + extra


def _garble_payload(data: bytes) -> bytes:
    at = _opf_payload_offset(data)
    out = bytearray(data)
    out[at : at + 24] = bytes((b ^ 0x5A) for b in out[at : at + 24])
    return bytes(out)


def zip_version_64() -> bytes:
    """The fuzz find that broke CI: a flipped byte makes zipfile raise NotImplementedError."""
    data = _epub()
    return _patch(data, _central(data, b"OEBPS/content.opf") + 6, "<H", 64)


def zip_encrypted_flag() -> bytes:
    """Flag bit 0 set: zipfile raises RuntimeError ("password required")."""
    data = _epub()
    at = _central(data, b"OEBPS/content.opf") + 8
    return _patch(data, at, "<H", struct.unpack_from("<H", data, at)[0] | 1)


def zip_strong_encryption() -> bytes:
    """Flag bit 6 in the local header: NotImplementedError("strong encryption")."""
    data = _epub()
    header = struct.unpack_from("<I", data, _central(data, b"OEBPS/content.opf") + 42)[0]
    return _patch(data, header + 6, "<H", 1 << 6)


def zip_unknown_compression() -> bytes:
    """Compression method 99 (AE-x): NotImplementedError("compression type 99")."""
    data = _epub()
    return _patch(data, _central(data, b"OEBPS/content.opf") + 10, "<H", 99)


def zip_bad_crc() -> bytes:
    """A wrong CRC-32: BadZipFile on the last read."""
    data = _epub(zipfile.ZIP_STORED)
    at = _central(data, b"OEBPS/content.opf") + 16
    return _patch(data, at, "<I", struct.unpack_from("<I", data, at)[0] ^ 0xFFFF)


def zip_bad_deflate() -> bytes:
    """A garbled deflate stream: zlib.error."""
    return _garble_payload(_epub(zipfile.ZIP_DEFLATED))


def zip_bad_bzip2() -> bytes:
    """A garbled bzip2 stream: OSError ("Invalid data stream")."""
    return _garble_payload(_epub(zipfile.ZIP_BZIP2))


def zip_bad_lzma() -> bytes:
    """A garbled LZMA stream: lzma.LZMAError."""
    return _garble_payload(_epub(zipfile.ZIP_LZMA))


def zip_truncated_member() -> bytes:
    """Cut in the middle of a member's data but with the directory kept: EOFError / BadZipFile."""
    data = _epub(zipfile.ZIP_STORED)
    at = _opf_payload_offset(data)
    end = data.index(b"PK\x01\x02")
    return data[: at + 10] + data[end:]


def zip_bad_local_header() -> bytes:
    """The directory points into the middle of nowhere: BadZipFile ("Bad magic number")."""
    data = _epub()
    return _patch(data, _central(data, b"OEBPS/content.opf") + 42, "<I", 3)


def zip_offset_past_end() -> bytes:
    """The directory points past the end of the file."""
    data = _epub()
    return _patch(data, _central(data, b"OEBPS/content.opf") + 42, "<I", 0x7FFFFFF0)


def zip_utf8_flag_bad_name() -> bytes:
    """Names flagged UTF-8 that are not: UnicodeDecodeError (a ValueError) while listing."""
    data = _epub()
    at = _central(data, b"OEBPS/content.opf")
    out = bytearray(_patch(data, at + 8, "<H", 0x800))
    out[at + 46] = 0xFF
    return bytes(out)


def zip_only_end_record() -> bytes:
    return b"PK\x05\x06" + b"\x00" * 18


def zip_zip64_lie() -> bytes:
    """An end record claiming ZIP64 with a broken locator."""
    return b"PK\x03\x04" + b"\x00" * 26 + b"PK\x06\x07" + b"\xff" * 16 + b"PK\x05\x06" + b"\xff" * 18


def deeply_nested_html(depth: int = 100_000) -> bytes:
    return (
        "<!DOCTYPE html><html><body>" + "<div>" * depth + "deep" + "</div>" * depth + "</body></html>"
    ).encode()


def deeply_nested_epub(depth: int = 20_000) -> bytes:
    body = XHTML.format(title="Deep", text="x", extra="<div>" * depth + "deep" + "</div>" * depth)
    return _epub(body=body)


def million_scene_breaks() -> bytes:
    return b"The story begins.\n\n" + b"* * *\n" * 1_000_000 + b"\nAnd ends."


def million_chapter_headings() -> bytes:
    return b"".join(b"Chapter %d\n\nWords.\n\n" % i for i in range(1, 200_001))


def one_enormous_line() -> bytes:
    return b"word " * 2_000_000


def one_enormous_run_on_sentence() -> bytes:
    # 144,000 characters with no full stop and an event every few words: an event's mode was read
    # over its whole sentence, so the cost grew with events x sentence length (29 s at half this size).
    return b"shot Anna Anna Anna and " * 6_000 + b"."


def yaml_alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    lines.append("tags: *j")
    return ("---\ntitle: bomb\n" + "\n".join(lines) + "\n---\n\nThe story.\n").encode()


def yaml_python_tag() -> bytes:
    return b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n\nThe story.\n"


def yaml_impossible_date() -> bytes:
    return b"---\ntitle: x\ndate: 2020-13-45\n---\n\nThe story.\n"


def yaml_deep_nesting() -> bytes:
    return b"---\ntitle: x\ntags: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n\nThe story.\n"


def yaml_huge_numbers() -> bytes:
    return (
        b"---\ntitle: x\nwords: "
        + b"9" * 5000
        + b"\nseries: [{name: S, part: '"
        + b"9" * 30
        + b"'}]\n---\n\nStory.\n"
    )


def invalid_utf8() -> bytes:
    return b"Chapter 1\n\nShe said \xff\xfe\xc3\x28 and \xed\xa0\x80 (a surrogate) then \xf8\x88\x80\x80\x80 left.\n"


def saved_page_words_fraction() -> bytes:
    """Fuzz find: a damaged stats block where "Words:" is followed by "1/3" crashed int()."""
    return (
        b"<!DOCTYPE html><html><body><dl class='work meta group'><dt class='stats'>Stats:</dt>"
        b"<dd class='stats'>Words:1/3</dd></dl><div id='workskin'><div id='chapters'>"
        b"<div class='userstuff'><p>The road was mud.</p></div></div></div></body></html>"
    )


def html_part_overflow() -> bytes:
    return (
        b"<!DOCTYPE html><html><body><div id='preface'><dl class='tags'><dt>Series:</dt>"
        b"<dd>Part 99999999999999999999999 of <a href='/series/1'>S</a></dd><dt>Stats:</dt>"
        b"<dd>Words: 99,999,999,999,999,999,999</dd></dl></div><div id='chapters'>"
        b"<div class='userstuff'><p>Text.</p></div></div></body></html>"
    )


def nul_bytes() -> bytes:
    return b"\x00" * 4096


def utf16_without_bom() -> bytes:
    return "Chapter 1\n\nThe tide came in.\n".encode("utf-16-le")


# name -> builder; every one must give a Work or an InputError, whichever way it enters ficlens.
HOSTILE: dict[str, Callable[[], bytes]] = {
    f.__name__: f
    for f in (
        zip_version_64,
        zip_encrypted_flag,
        zip_strong_encryption,
        zip_unknown_compression,
        zip_bad_crc,
        zip_bad_deflate,
        zip_bad_bzip2,
        zip_bad_lzma,
        zip_truncated_member,
        zip_bad_local_header,
        zip_offset_past_end,
        zip_utf8_flag_bad_name,
        zip_only_end_record,
        zip_zip64_lie,
        deeply_nested_html,
        deeply_nested_epub,
        million_scene_breaks,
        million_chapter_headings,
        one_enormous_line,
        one_enormous_run_on_sentence,
        yaml_alias_bomb,
        yaml_python_tag,
        yaml_impossible_date,
        yaml_deep_nesting,
        yaml_huge_numbers,
        invalid_utf8,
        saved_page_words_fraction,
        html_part_overflow,
        nul_bytes,
        utf16_without_bom,
    )
}
# Small enough to run through every stage of the full analysis in the default suite.
SMALL = [n for n in HOSTILE if not n.startswith(("deeply", "million", "one_enormous"))]
