"""The web UI under load: many concurrent clients against a real `ficlens serve` on a large library.

Builds (or reuses, with --library) a synthetic library of --works works (bench_web.synthetic_work),
starts `ficlens serve` on a free loopback port with its default worker count (one per core) unless
--workers is given, then runs --clients concurrent keep-alive clients for --seconds, each cycling
through the three pages a reader uses:
  - library: GET /            (a filtered browse page: search, facets, 20 blurbs)
  - search:  GET /api/works   (free text plus include/exclude filters, JSON)
  - work:    GET /works/ID    (a whole work: tags, scene map, reading view)
and prints requests/s, p50/p95/p99 per page and overall, and every error (status >= 400, or no
answer). The clients run in this process on the same machine: they take CPU from the server, so
the figures are a floor. Note the machine's load (`uptime`) beside any figure you keep.

    nice .venv/bin/python benchmarks/bench_web_load.py --works 10000 --clients 50 --seconds 60
    .venv/bin/python benchmarks/bench_web_load.py --works 300 --clients 8 --seconds 5   # smoke run

Traffic goes only to 127.0.0.1; the run stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from bench_web import FANDOMS, TAGS, WORDS, synthetic_work

from ficlens.library import Library
from ficlens.web.launch import ServerDidNotStart, server_env, start_server

PAGES = ("library", "search", "work")


def build_library(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with Library.open(path) as lib:
        done = lib.count()
        for start in range(done, n, 1000):
            lib.add_works(
                synthetic_work(rng, i, rng.randint(300, 2000)) for i in range(start, min(start + 1000, n))
            )


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by every live process in the server's process group."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ..., utime(11), stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU-seconds the whole machine has spent busy (all cores, all processes) since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def request_for(
    rng: random.Random, page: str, n_works: int, distinct: bool = False
) -> tuple[str, dict[str, str]]:
    if page == "library":
        params = {"fandoms": rng.choice(FANDOMS)}
        if rng.random() < 0.5:
            params["exclude_tags"] = rng.choice(TAGS)
        if distinct:  # an unknown parameter: the same search, but a URL no cache has seen
            params["nonce"] = str(rng.getrandbits(64))
        return "/", params
    if page == "search":
        params = {"text": " ".join(rng.sample(WORDS, k=rng.randint(1, 2)))}
        if rng.random() < 0.5:
            params["fandoms"] = rng.choice(FANDOMS)
        if distinct:
            params["nonce"] = str(rng.getrandbits(64))
        return "/api/works", params
    return f"/works/{rng.randint(1, n_works)}", {}


class _Connection:
    """One keep-alive HTTP/1.1 connection spoken by hand: a few microseconds of client CPU per request,
    where an httpx client costs about a millisecond (it would take a third of two cores at 300 req/s)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        headers = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if b"content-length" in headers:
            body = await self.reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding") == b"chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            headers[b"connection"] = b"close"
        if headers.get(b"connection") == b"close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@asynccontextmanager
async def _fetcher(
    base: str, kind: str
) -> AsyncIterator[Callable[[str, dict[str, str]], Awaitable[tuple[int, bytes]]]]:
    """`fetch(path, params) -> (status, body)` over one keep-alive connection: raw or httpx."""
    if kind == "httpx":
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:

            async def fetch_httpx(path: str, params: dict[str, str]) -> tuple[int, bytes]:
                r = await client.get(path, params=params)
                return r.status_code, await r.aread()

            yield fetch_httpx
        return
    host, port = base.removeprefix("http://").rsplit(":", 1)
    conn = _Connection(host, int(port))

    async def fetch_raw(path: str, params: dict[str, str]) -> tuple[int, bytes]:
        try:
            return await asyncio.wait_for(conn.get(path + ("?" + urlencode(params) if params else "")), 30)
        except BaseException:
            conn.close()  # a half-read answer leaves the connection unusable
            raise

    try:
        yield fetch_raw
    finally:
        conn.close()


async def _client(
    base: str,
    seed: int,
    stop_at: float,
    n_works: int,
    samples: dict[str, list[float]],
    errors: list[str],
    distinct: bool = False,
    kind: str = "raw",
) -> None:
    rng = random.Random(seed)
    async with _fetcher(base, kind) as fetch:
        i = seed
        while time.monotonic() < stop_at:
            page = PAGES[i % len(PAGES)]
            i += 1
            path, params = request_for(rng, page, n_works, distinct)
            t0 = time.perf_counter()
            try:
                status, body = await fetch(path, params)
            except (
                OSError,
                EOFError,
                ValueError,
                TimeoutError,
                asyncio.IncompleteReadError,
                httpx.HTTPError,
            ) as exc:
                errors.append(f"{page} {type(exc).__name__}: {exc}")
                continue
            if status >= 400:
                errors.append(f"{page} {status} {body[:120]!r}")
                continue
            samples[page].append((time.perf_counter() - t0) * 1000)


def run_loop(coro: Any) -> Any:
    """Run on uvloop when it is there (uvicorn's own loop; cheaper per request for the clients too)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def load(
    base: str, clients: int, seconds: float, n_works: int, kind: str = "raw", distinct: bool = False
) -> tuple[dict[str, list[float]], list[str], float]:
    samples: dict[str, list[float]] = {p: [] for p in PAGES}
    errors: list[str] = []
    start = time.monotonic()
    stop_at = start + seconds
    await asyncio.gather(
        *(_client(base, s, stop_at, n_works, samples, errors, distinct, kind) for s in range(clients))
    )
    return samples, errors, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=None, help="default: what `ficlens serve` picks")
    parser.add_argument("--library", type=Path, default=None, help="build/reuse the library here")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="raw: hand-written keep-alive HTTP/1.1 (cheap); httpx: httpx.AsyncClient (the earlier figures)",
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="give every library and search request a URL never seen before (an ignored nonce parameter): "
        "no answer comes from the page cache",
    )
    parser.add_argument(
        "--server-src",
        type=Path,
        default=None,
        help="run the server from this source tree (e.g. `git archive REV src | tar -x -C DIR`, then DIR/src): "
        "a baseline measured in the same session",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.library or Path(tmp) / "load.sqlite"
        t0 = time.perf_counter()
        build_library(path, args.works)
        print(f"library: {args.works} works at {path} ({time.perf_counter() - t0:.0f} s to build or check)")
        try:
            env = server_env(PYTHONPATH=str(args.server_src)) if args.server_src else None
            server = start_server(path, *(["--workers", str(args.workers)] if args.workers else []), env=env)
        except ServerDidNotStart as exc:
            raise SystemExit(str(exc)) from None
        base = server.base
        try:
            for page in PAGES:  # warm each worker's caches and templates
                for _ in range(4):
                    path_, params = request_for(random.Random(0), page, args.works)
                    httpx.get(base + path_, params=params, timeout=60)
            load_before = os.getloadavg()
            cpu0, server0, busy0 = time.process_time(), group_cpu_seconds(server.pid), machine_busy_seconds()
            samples, errors, elapsed = run_loop(
                load(base, args.clients, args.seconds, args.works, args.client, args.distinct)
            )
            client_cpu = time.process_time() - cpu0
            server_cpu = group_cpu_seconds(server.pid) - server0
            other_cpu = max(machine_busy_seconds() - busy0 - client_cpu - server_cpu, 0.0)
            load_after = os.getloadavg()
        finally:
            banner = server.stop()
    total = sum(len(v) for v in samples.values())
    every = [x for v in samples.values() for x in v]
    print(banner.strip())
    cores = os.cpu_count() or 1
    print(
        f"{args.clients} {args.client} clients x {elapsed:.0f} s on {cores} cores; load average before "
        f"{load_before[0]:.1f}, after {load_after[0]:.1f}"
    )
    print(
        "CPU used, as a share of all cores over the run: "
        + ", ".join(
            f"{name} {secs:.0f} s ({100 * secs / (elapsed * cores):.0f}%)"
            for name, secs in (("server", server_cpu), ("clients", client_cpu), ("other jobs", other_cpu))
        )
    )
    # What the server could answer with its cores to itself: requests per CPU-second x workers.
    per_cpu_s = total / server_cpu if server_cpu else float("nan")
    print(f"server: {per_cpu_s:.0f} requests per CPU-second ({1000 / per_cpu_s:.1f} ms of CPU per request)")
    print(f"{'page':10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rows = {}
    for page in (*PAGES, "all"):
        values = every if page == "all" else samples[page]
        rows[page] = {
            "requests": len(values),
            "rps": round(len(values) / elapsed, 1),
            "p50_ms": round(statistics.median(values), 1) if values else None,
            "p95_ms": round(_pct(values, 0.95), 1),
            "p99_ms": round(_pct(values, 0.99), 1),
        }
        r = rows[page]
        print(
            f"{page:10} {r['requests']:9d} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f}"
        )
    print(f"errors: {len(errors)} of {total + len(errors)} requests")
    for line in sorted(set(errors))[:10]:
        print("  ", line)
    if args.json:
        print(
            json.dumps(
                {
                    "pages": rows,
                    "errors": len(errors),
                    "load": [load_before, load_after],
                    "server_cpu_s": round(server_cpu, 1),
                    "client_cpu_s": round(client_cpu, 1),
                    "other_cpu_s": round(other_cpu, 1),
                    "requests_per_cpu_s": round(per_cpu_s, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
