"""Every way a story enters ficlens, fed the hostile corpus: `analyze` (all stages), `import`, `batch`,
`passages` and the web upload. Exit 0 or 3 (a Work, or an InputError with a message); never a traceback,
never a 5xx.

The commands run through `ficlens.cli.main` in this process, exactly as the `ficlens` script runs
them (same exit codes, same messages): a fresh interpreter per command cost a model load and
~1.5 s of start-up each, most of this file's time, and checked nothing more.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent / "ingest"))
from hostile_corpus import HOSTILE, SMALL


class Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name in SMALL:
        (folder / name).write_bytes(HOSTILE[name]())
    return folder


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> object:
    """`run("analyze", FILE)`: the command's exit code, stdout and stderr, as `ficlens ...` gives them."""
    from ficlens.cli import main

    monkeypatch.delenv("FICLENS_DEBUG", raising=False)  # a bug must print "internal error", not raise

    def _run(*args: str) -> Ran:
        monkeypatch.setattr(sys, "argv", ["ficlens", *args])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return _run


def test_analyze_every_stage_on_hostile_files(hostile_dir: Path, run: Any) -> None:
    files = sorted(hostile_dir.iterdir())
    done = run("analyze", *map(str, files))
    assert done.returncode == 3, done.stderr[-2000:]  # some are not stories: exit 3 after the rest
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    refused = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(outputs) + len(refused) == len(files)
    assert all(o["stats"]["words"] >= 1 for o in outputs)


def test_import_hostile_folder_stores_the_stories_and_lists_the_rest(
    hostile_dir: Path, tmp_path: Path, run: Any
) -> None:
    done = run("import", str(hostile_dir), "--fast", "--library", str(tmp_path / "lib.sqlite"))
    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "failed" in done.stdout + done.stderr


def test_batch_hostile_folder_records_errors_per_work(hostile_dir: Path, tmp_path: Path, run: Any) -> None:
    done = run(
        "batch",
        str(hostile_dir),
        "--out",
        str(tmp_path / "out"),
        "--stages",
        "structure,stats",
        "--workers",
        "1",
    )
    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("line", [b'{"id": "\\ud800", "text": "a \\udfff"}', b'\xff\xfe{"id": 1}'])
def test_passages_and_batch_refuse_bad_json_lines_with_exit_3(tmp_path: Path, line: bytes, run: Any) -> None:
    # (Every other JSON Lines shape is fuzzed in-process by tests/ingest/test_fuzz.py.)
    src = tmp_path / "in.jsonl"
    src.write_bytes(line + b"\n")
    for args in (
        ["passages", str(src)],
        ["batch", str(src), "--out", str(tmp_path / "o"), "--stages", "structure"],
    ):
        done = run(*args)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, (args, done.stderr)
        assert done.returncode == 3 and "in.jsonl:1:" in done.stderr, (args, done.stderr)


def test_web_upload_of_hostile_files_is_never_a_5xx(tmp_path: Path) -> None:
    from ficlens.web import create_app

    app = create_app(library=tmp_path / "lib.sqlite", analysis_profile="fast")  # ingest is what is tested
    with TestClient(app) as client:
        for name in SMALL:
            r = client.post("/api/analyze", files={"file": (name, HOSTILE[name]())}, data={"add": "true"})
            assert r.status_code in (201, 413, 422), (name, r.status_code, r.text[:300])
            if r.status_code >= 400:
                assert r.json()["message"]


@pytest.mark.parametrize(
    "source",
    ["Anna ran the bakery.\n\nBen lit the ovens.", "x" * 5000, "a" * 300 + ".txt"],
    ids=["text with newlines", "long text", "name too long for the file system"],
)
def test_python_api_given_text_for_a_path_says_so(source: str) -> None:
    import ficlens
    from ficlens.errors import InputError

    with pytest.raises(InputError) as info:
        ficlens.analyze(source, profile="structure")
    assert "path" in str(info.value) or "no such file" in str(info.value)
