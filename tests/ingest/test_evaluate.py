"""`ficlens eval ao3-metadata` on a one-record data set written here."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ficlens.cli import app

PAGE = """<html><body><div id="preface"><div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a>General Audiences</a></dd><dt>Fandom:</dt><dd><a>Merlin (TV)</a></dd>
<dt>Stats:</dt><dd>Published: 2020-01-01 Words: 4 Chapters: 1/1</dd></dl>
<h1>Tiny</h1><div class="byline">by <a rel="author">fen</a></div></div></div>
<div id="chapters"><div class="userstuff"><p>One two three four.</p></div></div></body></html>"""


def test_evaluate_cli_table(tmp_path: Path) -> None:
    (tmp_path / "ao3" / "raw").mkdir(parents=True)
    (tmp_path / "ao3" / "raw" / "tiny.html").write_text(PAGE, encoding="utf-8")
    record = {
        "id": "ao3-1-html", "format": "html", "raw_file": "raw/tiny.html", "title": "Tiny", "authors": ["fen"],
        "rating": "General Audiences", "archive_warnings": [], "categories": [], "fandoms": ["Merlin"],
        "relationships": [], "characters": [], "freeform_tags": [], "language": None, "series": [],
        "collections": [], "published": "2020-01-01", "words": 4, "chapters": "1/1", "text_word_count": 4,
    }  # fmt: skip
    (tmp_path / "ao3" / "works.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "ao3-metadata", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = {line.split("|")[1].strip(): line for line in result.stdout.splitlines()[2:]}
    assert "| 1 | 1 | 100.0% |" in rows["title"]
    assert "| 0 | 1 | 0.0% | ao3-1-html |" in rows["fandoms"]  # "Merlin (TV)" != "Merlin"
    assert "| 1 | 1 | 100.0% |" in rows["prose words (±1%)"]


def test_evaluate_cli_missing_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "ao3-metadata", "--data", str(tmp_path)])
    assert result.exit_code != 0
