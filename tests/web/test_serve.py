"""`ficlens serve`: refuses to expose a library without a token, and serves one on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

FICLENS = [str(Path(sys.executable).with_name("ficlens"))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FICLENS_TOKEN", None)
    return env


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serve_non_loopback_needs_token(tmp_path: Path, host: str) -> None:
    result = subprocess.run(
        [*FICLENS, "serve", "--host", host, "--port", "0", "--library", str(tmp_path / "lib.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert result.returncode == 4
    assert "needs an access token" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "lib.sqlite").exists()  # refused before touching the library


def test_serve_loopback_serves_and_token_env_is_enforced(tmp_path: Path) -> None:
    port = _free_port()
    env = _env() | {"FICLENS_TOKEN": "env-token-123"}
    proc = subprocess.Popen(
        [*FICLENS, "serve", "--port", str(port), "--library", str(tmp_path / "lib.sqlite")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(base + "/api/works", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.2)
        assert r.status_code == 401
        ok = httpx.get(base + "/api/works", headers={"Authorization": "Bearer env-token-123"})
        assert ok.status_code == 200 and ok.json()["total"] == 0
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [*FICLENS, "serve", "--port", str(port), "--library", str(tmp_path / "lib.sqlite")],
            capture_output=True,
            text=True,
            timeout=60,
            env=_env(),
        )
    assert result.returncode == 4
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
