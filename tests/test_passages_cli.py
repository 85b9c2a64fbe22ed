"""`ficlens passages FILE.jsonl`: one JSON line per input with scores and thresholded warnings."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


def test_passages_cli_one_line_per_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {
            "id": "a",
            "text": "He stabbed the guard twice and the man fell dead in a pool of blood.",
            "extra": 1,
        },
        {"id": 7, "text": "They drank tea in the garden."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    result = runner.invoke(app, ["passages", str(src)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    for line in lines:
        assert set(line) == {"id", "scores", "warnings"}
        assert {
            "violence",
            "death",
            "war",
            "abduction",
            "racism",
            "homophobia",
            "misogyny",
            "ableism",
        } <= set(line["scores"])
        assert all(w in line["scores"] for w in line["warnings"])
    assert lines[0]["scores"]["violence"] > lines[1]["scores"]["violence"]


def test_passages_cli_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "fine"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["passages", str(bad)])
    assert result.exit_code != 0
    assert "bad.jsonl:2" in str(result.exception) or "bad.jsonl:2" in result.output
    missing = runner.invoke(app, ["passages", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0


def test_passages_cli_writes_out_file(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "The soldiers bombed the village."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["passages", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == 1
