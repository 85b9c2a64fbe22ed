"""Run `ficlens serve` as a child process and wait until it answers: for scripts, tests and benchmarks.

    >>> server = start_server("fics.sqlite", "--workers", "2")
    >>> httpx.get(server.base + "/api/works").json()["total"]
    >>> output = server.stop()      # Ctrl+C to the whole process group; what it printed

The server runs in its own process group (so its workers stop with it), on a free loopback port,
with `FICLENS_TOKEN` removed from its environment unless `env` sets one. Its output goes to
temporary files rather than pipes: a pipe nobody reads fills up and would stall a busy server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

# The interpreter running us, not a `ficlens` script on PATH: a PYTHONPATH set by the caller is honoured.
FICLENS = [sys.executable, "-c", "from ficlens.cli import main; main()"]


class ServerDidNotStart(RuntimeError):
    """`ficlens serve` exited, or did not answer /healthz in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    """This process's environment without `FICLENS_TOKEN`, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "FICLENS_TOKEN"}
    env.update(extra)
    return env


@dataclass
class ServerProcess:
    proc: subprocess.Popen
    base: str  # http://127.0.0.1:PORT
    _out: IO[bytes] = field(repr=False)
    _err: IO[bytes] = field(repr=False)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self, timeout: float = 30) -> str:
        """Stop the server (SIGINT to its group, SIGKILL after `timeout`); returns its stdout."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                self.proc.wait()
        return self._read(self._out)

    def stderr(self) -> str:
        return self._read(self._err)

    @staticmethod
    def _read(fh: IO[bytes]) -> str:
        fh.seek(0)
        return fh.read().decode("utf-8", "replace")


def start_server(
    library: str | Path,
    *args: str,
    env: dict[str, str] | None = None,
    wait_s: float = 90,
) -> ServerProcess:
    """Start `ficlens serve --library LIBRARY --port <free> ARGS...` and return once /healthz answers.

    Raises `ServerDidNotStart` (with what the server printed) if it exits or is not up in `wait_s`.
    """
    import httpx

    port = free_port()
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [*FICLENS, "serve", "--library", str(library), "--port", str(port), *args],
        env=server_env() if env is None else env,
        stdout=out,
        stderr=err,
        start_new_session=True,
    )
    server = ServerProcess(proc, f"http://127.0.0.1:{port}", out, err)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            httpx.get(server.base + "/healthz", timeout=2)
            return server
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise ServerDidNotStart(f"ficlens serve did not start: {server.stderr().strip()}") from None
            time.sleep(0.2)
