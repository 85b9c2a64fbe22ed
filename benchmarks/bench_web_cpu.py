"""CPU per request of each web page, in process: the server's own cost without the network or clients.

Calls the ASGI app directly (one minimal ASGI driver, no HTTP client, no sockets) on the same
requests `bench_web_load.py` sends, and prints CPU milliseconds per request for each page. With
--profile it also prints the top functions (cProfile, cumulative time) of each page, which is how
the hot spots in docs/performance.md were found.

    nice .venv/bin/python benchmarks/bench_web_cpu.py --library /tmp/lib10k.sqlite --works 10000 --requests 300
    .venv/bin/python benchmarks/bench_web_cpu.py --works 300 --requests 50 --profile   # small, with profiles

Without --library a synthetic library of --works works is built in a temporary folder first.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import random
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench_web_load import PAGES, build_library, request_for

from ficlens.web import create_app


async def call(app: Any, path: str, params: dict[str, str]) -> tuple[int, bytes]:
    """One GET through the ASGI app; returns (status, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": urlencode(params).encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False
    status = 0
    body: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(body)


async def run(app: Any, n_works: int, requests: int, profile: bool) -> dict[str, float]:
    # Start the app's lifespan-free path once per page (templates compiled, library opened).
    out: dict[str, float] = {}
    for page in PAGES:
        rng = random.Random(1)
        batch = [request_for(rng, page, n_works) for _ in range(requests)]
        for path, params in batch[:5]:
            status, body = await call(app, path, params)
            if status != 200:
                raise SystemExit(f"{page} {path} {params}: {status} {body[:200]!r}")
        prof = cProfile.Profile() if profile else None
        t0 = time.process_time()
        if prof:
            prof.enable()
        for path, params in batch:
            await call(app, path, params)
        if prof:
            prof.disable()
        out[page] = (time.process_time() - t0) * 1000 / requests
        if prof:
            text = io.StringIO()
            pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(30)
            print(f"---- {page} ----")
            print(text.getvalue())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per page")
    parser.add_argument("--library", type=Path, default=None, help="build/reuse the library here")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.library or Path(tmp) / "cpu.sqlite"
        build_library(path, args.works)
        app = create_app(library=path, allowed_hosts=["127.0.0.1", "localhost", "::1"])
        figures = asyncio.run(run(app, args.works, args.requests, args.profile))
    print(f"{'page':10} {'CPU ms/request':>15}")
    for page, ms in figures.items():
        print(f"{page:10} {ms:15.2f}")
    print(f"{'mean':10} {sum(figures.values()) / len(figures):15.2f}")


if __name__ == "__main__":
    main()
