"""`ficlens serve --workers N`: every worker process enforces the same token and Host rules."""

from __future__ import annotations

from pathlib import Path

import httpx

from ficlens.web.launch import start_server


def test_serve_workers_all_enforce_the_token(tmp_path: Path) -> None:
    server = start_server(tmp_path / "lib.sqlite", "--workers", "2", "--token", "workers-token-1")
    base = server.base
    try:
        # Enough requests that both workers answer some (the kernel spreads new connections).
        for _ in range(20):
            with httpx.Client(base_url=base, timeout=10) as client:
                assert client.get("/api/works").status_code == 401
                ok = client.get("/api/works", headers={"Authorization": "Bearer workers-token-1"})
                assert ok.status_code == 200
    finally:
        out = server.stop()
    assert "2 workers" in out


def test_serve_workers_refuse_foreign_host_on_loopback(tmp_path: Path) -> None:
    server = start_server(tmp_path / "lib.sqlite", "--workers", "2")
    base = server.base
    try:
        for _ in range(10):
            with httpx.Client(base_url=base, timeout=10) as client:
                assert client.get("/api/works", headers={"Host": "rebound.example"}).status_code == 400
                assert client.get("/api/works").status_code == 200
    finally:
        server.stop()
