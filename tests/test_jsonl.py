"""One JSON Lines reader for every command: clear errors naming the file and line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.jsonl import read_jsonl


def test_jsonl_reads_objects_with_line_numbers_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "text": "a"}\n\n  \n{"id": 2}\n', encoding="utf-8")
    assert list(read_jsonl(path)) == [(1, {"id": 1, "text": "a"}), (4, {"id": 2})]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": 1}\n{"id": 2,\n', "a.jsonl:2: not valid JSON"),
        (b'{"id": 1}\n[1, 2]\n', "a.jsonl:2: expected a JSON object"),
        (b'{"id": 1}\n{"text": "caf\xe9"}\n', "not UTF-8"),
    ],
)
def test_jsonl_bad_lines_raise_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_jsonl(path))


def test_jsonl_missing_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_jsonl(tmp_path / "missing.jsonl", hint="pass --data"))
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "x", "text": "t"}\n'))
    assert list(read_jsonl("-")) == [(1, {"id": "x", "text": "t"})]
