"""The library commands end to end through typer: exit codes, JSON output, blocklist commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    fics = tmp_path / "fics"
    fics.mkdir()
    for i in range(6):
        (fics / f"s{i}.txt").write_text(
            f"Story {i}\n\nThe ferry crossed the grey strait at dawn, carrying letters {i} and a silver bell.\n"
            + ("The lighthouse keeper waited. " * (5 + i))
        )
    (fics / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return fics


def _run(lib: Path, *args: str) -> object:
    return runner.invoke(app, [*args, "--library", str(lib)], catch_exceptions=False)


def test_cli_library_import_search_show_remove(tmp_path: Path, folder: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    first = _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    assert first.exit_code == 3  # a bad file was listed, the good ones stored
    assert "bad.png" in first.output and "6 added" in first.output
    again = _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    assert "6 unchanged" in again.output
    found = _run(lib, "search", "ferry", "--format", "json")
    assert found.exit_code == 0
    data = json.loads(found.stdout)
    assert data["total"] == 6 and len(data["hits"]) == 6
    work_id = data["hits"][0]["id"]
    shown = _run(lib, "show", str(work_id), "--format", "json")
    assert json.loads(shown.stdout)["id"] == work_id
    full = _run(lib, "show", str(work_id), "--full", "--include-text")
    assert "ferry" in json.loads(full.stdout)["text"]
    assert _run(lib, "remove", str(work_id)).exit_code == 0
    assert json.loads(_run(lib, "list", "--format", "json").stdout)["total"] == 5
    missing = runner.invoke(app, ["show", "999", "--library", str(lib)])
    assert missing.exit_code != 0


def test_cli_library_blocklist_commands(tmp_path: Path, folder: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    assert _run(lib, "block", "add", "--words-max", "30").exit_code == 0
    listed = _run(lib, "block", "list")
    assert "1" in listed.stdout and "over 30 words" in listed.stdout
    blocked = json.loads(_run(lib, "search", "--format", "json").stdout)
    everything = json.loads(_run(lib, "search", "--format", "json", "--no-blocklist").stdout)
    assert blocked["hidden_by_blocklist"] == everything["total"] - blocked["total"] > 0
    assert _run(lib, "block", "remove", "1").exit_code == 0
    assert json.loads(_run(lib, "search", "--format", "json").stdout)["total"] == everything["total"]


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_cli_library_export(tmp_path: Path, folder: Path, fmt: str) -> None:
    lib = tmp_path / "lib.sqlite"
    _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    out = tmp_path / f"out.{fmt}"
    result = _run(lib, "export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_cli_library_bad_library_file_is_one_clear_line(tmp_path: Path) -> None:
    from ficlens.cli import main

    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello, not a database\n" * 5)
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from ficlens.cli import main; main()", "list", "--library", str(bogus)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 5
    assert "not an SQLite database" in done.stderr and "Traceback" not in done.stderr
    assert main  # the entry point the subprocess used


def test_cli_library_bad_query_is_clear(tmp_path: Path, folder: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    unbalanced = _run(lib, "search", '"ferry crossed')
    assert unbalanced.exit_code == 0 and "could not read" in unbalanced.output
    from ficlens.library import QueryError

    with pytest.raises(QueryError):
        runner.invoke(app, ["search", "--rating", "spicy", "--library", str(lib)], catch_exceptions=False)


def test_cli_library_inside_imported_folder_skips_itself(folder: Path) -> None:
    lib = folder / "lib.sqlite"
    _run(lib, "block", "add", "--tag", "Nothing*")
    first = _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    again = _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    assert "6 added" in first.output and "6 unchanged" in again.output
    assert "lib.sqlite" not in again.output and "blocklist" not in again.output


@pytest.mark.parametrize("command", ["show", "similar", "remove"])
def test_cli_library_id_beyond_64_bits_is_not_found(
    tmp_path: Path,
    folder: Path,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # SQLite raised OverflowError for these: "internal error" and exit 1 instead of "no work N".
    from ficlens.cli import main

    lib = tmp_path / "lib.sqlite"
    _run(lib, "import", str(folder), "--fast", "--jobs", "1")
    capsys.readouterr()
    for work_id in (str(2**63), "9" * 25, str(-(2**63) - 1)):
        monkeypatch.setattr("sys.argv", ["ficlens", command, "--library", str(lib), "--", work_id])
        with pytest.raises(SystemExit) as exited:
            main()
        output = capsys.readouterr().err
        assert exited.value.code == 5, output
        assert f"no work {work_id} in the library" in output and "internal error" not in output
    assert json.loads(_run(lib, "list", "--format", "json").stdout)["total"] == 6


@pytest.mark.parametrize("command", ["search_cmd", "list_cmd"])
def test_every_search_option_reaches_the_query(command: str) -> None:
    """`_query` takes options by name: one named unlike its SearchQuery field would be dropped silently."""
    import inspect

    from ficlens.cli.library import find
    from ficlens.library import SearchQuery

    fields = set(SearchQuery.model_fields)
    not_query = {"ascending", "no_blocklist", "fmt", "library", "pending"}  # read by _query or the command
    params = inspect.signature(getattr(find, command)).parameters
    lost = [
        p for p in params if p not in fields | not_query and not (p in find._FILTERS and f"{p}s" in fields)
    ]
    assert not lost, f"options that reach no SearchQuery field: {lost}"
    q = find._query({"rating": ["M, E "], "sort": find.Sort.title, "ascending": None, "no_blocklist": True})
    assert (q.ratings, q.sort, q.descending, q.apply_blocklist, q.source) == (
        ["M, E"],
        "title",
        False,
        False,
        "any",
    )
