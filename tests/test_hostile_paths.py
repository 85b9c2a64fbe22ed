"""Every way a story enters ficlens, fed the hostile corpus: `analyze` (all stages), `import`, `batch`,
`passages` and the web upload. Exit 0 or 3 (a Work, or an InputError with a message); never a traceback,
never a 5xx."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent / "ingest"))
from hostile_corpus import HOSTILE, SMALL

FICLENS = [sys.executable, "-c", "from ficlens.cli import main; main()"]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name in SMALL:
        (folder / name).write_bytes(HOSTILE[name]())
    return folder


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FICLENS, *args], capture_output=True, text=True, timeout=900)


def test_analyze_every_stage_on_hostile_files(hostile_dir: Path) -> None:
    files = sorted(hostile_dir.iterdir())
    done = _run("analyze", *map(str, files))
    assert done.returncode == 3, done.stderr[-2000:]  # some are not stories: exit 3 after the rest
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    refused = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(outputs) + len(refused) == len(files)
    assert all(o["stats"]["words"] >= 1 for o in outputs)


def test_import_hostile_folder_stores_the_stories_and_lists_the_rest(
    hostile_dir: Path, tmp_path: Path
) -> None:
    done = _run("import", str(hostile_dir), "--fast", "--library", str(tmp_path / "lib.sqlite"))
    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "failed" in done.stdout + done.stderr


def test_batch_hostile_folder_records_errors_per_work(hostile_dir: Path, tmp_path: Path) -> None:
    done = _run("batch", str(hostile_dir), "--out", str(tmp_path / "out"), "--stages", "structure,stats")
    assert done.returncode in (0, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("line", [b'{"id": "\\ud800", "text": "a \\udfff"}', b'\xff\xfe{"id": 1}'])
def test_passages_and_batch_refuse_bad_json_lines_with_exit_3(tmp_path: Path, line: bytes) -> None:
    # (Every other JSON Lines shape is fuzzed in-process by tests/ingest/test_fuzz.py.)
    src = tmp_path / "in.jsonl"
    src.write_bytes(line + b"\n")
    for args in (
        ["passages", str(src)],
        ["batch", str(src), "--out", str(tmp_path / "o"), "--stages", "structure"],
    ):
        done = _run(*args)
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
