"""`ficlens serve --workers N`: every worker process enforces the same token and Host rules."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_serve import _env, _free_port

FICLENS = [str(Path(sys.executable).with_name("ficlens"))]


def _serve(tmp_path: Path, *extra: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [*FICLENS, "serve", "--port", str(port), "--library", str(tmp_path / "lib.sqlite"), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(base + "/healthz", timeout=2)
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                pytest.fail(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_workers_all_enforce_the_token(tmp_path: Path) -> None:
    proc, base = _serve(tmp_path, "--workers", "2", "--token", "workers-token-1", env=_env())
    try:
        # Enough requests that both workers answer some (the kernel spreads new connections).
        for _ in range(20):
            with httpx.Client(base_url=base, timeout=10) as client:
                assert client.get("/api/works").status_code == 401
                ok = client.get("/api/works", headers={"Authorization": "Bearer workers-token-1"})
                assert ok.status_code == 200
    finally:
        _stop(proc)
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert "2 workers" in out


def test_serve_workers_refuse_foreign_host_on_loopback(tmp_path: Path) -> None:
    proc, base = _serve(tmp_path, "--workers", "2", env=_env())
    try:
        for _ in range(10):
            with httpx.Client(base_url=base, timeout=10) as client:
                assert client.get("/api/works", headers={"Host": "rebound.example"}).status_code == 400
                assert client.get("/api/works").status_code == 200
    finally:
        _stop(proc)
