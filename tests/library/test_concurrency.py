"""Several processes on one library: two importers at once, and `ficlens serve` read while an import
writes. Serialised safely or refused with a clear message; never corrupted, never a 5xx."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
from test_importer import _check_consistent, _write_corpus

from ficlens.library import Library
from ficlens.library.importer import import_paths
from ficlens.web.launch import FICLENS, server_env, start_server


def test_two_importers_on_one_library_are_serialised(tmp_path: Path) -> None:
    a = _write_corpus(tmp_path / "a", 160, seed=1)
    b = _write_corpus(tmp_path / "b", 160, seed=2)
    # A third of B is the same content as A: both processes want to store those works.
    for src, dst in zip(a[:50], b[:50], strict=True):
        shutil.copyfile(src, dst)
    lib = tmp_path / "lib.sqlite"
    procs = [
        subprocess.Popen(
            [*FICLENS, "import", str(folder), "--fast", "--jobs", "1", "--library", str(lib)],
            env=server_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (tmp_path / "a", tmp_path / "b")
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=600)
        assert "Traceback" not in stderr
        # Serialised (both succeed) or refused with the library error's exit code and a reason.
        assert proc.returncode == 0 or (proc.returncode == 5 and "locked" in stderr), stderr
    # Whatever was refused is imported now (in this process: only the race above needs two); then
    # every file is stored exactly once and indexed.
    _import(lib, a + b)
    _check_consistent(lib, a + b)


def _import(lib: Path, files: list[Path]) -> None:
    with Library.open(lib) as opened:
        report = import_paths(opened, files, jobs=1, fast=True)
    assert not report.failed, report.failed


def test_serve_answers_while_an_import_writes(tmp_path: Path) -> None:
    lib = tmp_path / "lib.sqlite"
    first = _write_corpus(tmp_path / "first", 40, seed=3)
    _import(lib, first)
    more = _write_corpus(tmp_path / "more", 400, seed=4)
    server = start_server(lib, "--workers", "2")
    base = server.base
    importer = None
    try:
        importer = subprocess.Popen(
            [*FICLENS, "import", str(tmp_path / "more"), "--fast", "--jobs", "1", "--library", str(lib)],
            env=server_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        paths = ["/", "/?q=anchor&sort=words", "/api/works?text=anchor", "/works/1", "/api/works/2"]
        answers: list[tuple[str, int, str]] = []
        with httpx.Client(base_url=base, timeout=60) as client:
            while importer.poll() is None or len(answers) < len(paths):
                for path in paths:
                    r = client.get(path)
                    answers.append((path, r.status_code, r.text[:2000]))
        _, stderr = importer.communicate(timeout=600)
        assert importer.returncode == 0, stderr
        bad = [(p, s) for p, s, body in answers if s >= 500 or "locked" in body.lower()]
        assert not bad, f"{len(bad)} of {len(answers)} answers failed during the import: {bad[:5]}"
        # The index catches up with what the import stored, as the server sees it.
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                total = client.get("/api/works", params={"apply_blocklist": "false", "limit": 1}).json()[
                    "total"
                ]
                if total == len(first) + len(more) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        assert total == len(first) + len(more)
    finally:
        if importer is not None and importer.poll() is None:
            importer.kill()
        server.stop()
    _check_consistent(lib, first + more)
