"""Hostile inputs, kept as plain tests: every fuzz find, and every exception class a damaged zip,
bad YAML or bad encoding can raise. Whatever enters, ingest gives a `Work` or an `InputError`."""

from __future__ import annotations

import pytest
from hostile_corpus import HOSTILE

from ficlens.errors import InputError
from ficlens.ingest import read_source


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_work_or_input_error(name: str) -> None:
    try:
        work = read_source(HOSTILE[name](), name=name)
    except InputError as exc:
        assert exc.message.startswith(name + ": ")
        assert "Traceback" not in exc.message
        return
    work.text.encode("utf-8")
    assert work.declared.words is None or work.declared.words < 2**63


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("zip_version_64", "zip feature ficlens cannot read: zip file version 6.4"),
        ("zip_encrypted_flag", "password-protected"),
        ("zip_unknown_compression", "zip feature ficlens cannot read"),
        ("zip_bad_crc", "corrupt or truncated: Bad CRC-32"),
        ("zip_bad_deflate", "corrupt or truncated: Error -3"),
        ("zip_bad_bzip2", "corrupt or truncated: Invalid data stream"),
        ("zip_truncated_member", "corrupt or truncated"),
        ("zip_bad_local_header", "corrupt or truncated: Bad magic number"),
        ("zip_offset_past_end", "corrupt or truncated"),
        ("zip_utf8_flag_bad_name", "corrupt or truncated"),
        ("zip_zip64_lie", "corrupt or truncated"),
    ],
)
def test_hostile_zip_says_what_is_wrong(name: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        read_source(HOSTILE[name](), name=name)
    assert "not a valid EPUB" in info.value.message
    assert says in info.value.message
    assert info.value.hint and "re-download" in info.value.hint


def test_hostile_yaml_is_refused_with_a_reason() -> None:
    with pytest.raises(InputError, match=r"not valid: month must be in 1\.\.12"):
        read_source(HOSTILE["yaml_impossible_date"](), name="d.md")
    with pytest.raises(InputError, match="not valid"):
        read_source(HOSTILE["yaml_python_tag"](), name="p.md")  # the safe loader never runs it


def test_hostile_yaml_alias_bomb_is_not_expanded() -> None:
    work = read_source(HOSTILE["yaml_alias_bomb"](), name="bomb.md")
    assert work.declared.freeform == []  # nested lists are ignored, never flattened 9**9 times


def test_hostile_counts_that_are_not_numbers_are_dropped() -> None:
    work = read_source(HOSTILE["saved_page_words_fraction"](), name="page.html")
    assert work.declared.words is None and work.text == "The road was mud."
    work = read_source(HOSTILE["html_part_overflow"](), name="part.html")
    assert work.declared.words is None
    assert all(s.part is None for s in work.declared.series)


def test_hostile_invalid_utf8_is_read_with_replacements() -> None:
    work = read_source(HOSTILE["invalid_utf8"](), name="bad.txt")
    assert work.text.startswith("Chapter 1") and "left." in work.text
    work.text.encode("utf-8")


def test_jsonl_unpaired_surrogate_escape_is_an_input_error(tmp_path) -> None:
    from ficlens.jsonl import read_jsonl

    path = tmp_path / "p.jsonl"
    path.write_text('{"id": 1, "text": "\\ud83d\\ude00 a paired emoji is fine"}\n{"id": "\\ud800"}\n')
    with pytest.raises(InputError, match=r"p\.jsonl:2: .*unpaired surrogate"):
        list(read_jsonl(path))
    assert next(read_jsonl(path))[1]["text"].startswith("\U0001f600")
