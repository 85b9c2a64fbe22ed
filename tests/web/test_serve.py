"""`ficlens serve`: refuses to expose a library without a token, and serves one on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ficlens.web.launch import server_env, start_server

FICLENS = [str(Path(sys.executable).with_name("ficlens"))]


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serve_non_loopback_needs_token(tmp_path: Path, host: str) -> None:
    result = subprocess.run(
        [*FICLENS, "serve", "--host", host, "--port", "0", "--library", str(tmp_path / "lib.sqlite")],
        capture_output=True,
        text=True,
        timeout=60,
        env=server_env(),
    )
    assert result.returncode == 4
    assert "needs an access token" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "lib.sqlite").exists()  # refused before touching the library


def test_serve_loopback_serves_and_token_env_is_enforced(tmp_path: Path) -> None:
    server = start_server(tmp_path / "lib.sqlite", env=server_env(FICLENS_TOKEN="env-token-123"))
    try:
        assert httpx.get(server.base + "/api/works", timeout=10).status_code == 401
        ok = httpx.get(server.base + "/api/works", headers={"Authorization": "Bearer env-token-123"})
        assert ok.status_code == 200 and ok.json()["total"] == 0
    finally:
        server.stop()


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
            env=server_env(),
        )
    assert result.returncode == 4
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
