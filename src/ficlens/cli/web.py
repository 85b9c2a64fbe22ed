"""`ficlens serve`: the web UI over a library."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import typer

from ficlens.errors import ConfigError

TOKEN_ENV = "FICLENS_TOKEN"


def serve_cmd(
    library: Path | None = typer.Option(
        None, "--library", "-l", help="Library file to serve (default: your user library)."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind; anything but loopback needs a token."
    ),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar=TOKEN_ENV,
        show_envvar=True,
        help="Access token every request must carry (Bearer header, or ?token= once in a browser).",
    ),
    max_upload_mb: float = typer.Option(8.0, "--max-upload", min=0.01, help="Largest story upload, in MB."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        max=64,
        help="Server processes (default: one per CPU core this process may use).",
    ),
) -> None:
    """Serve the library and the story analysis as web pages (and a JSON API) on this machine."""
    import uvicorn

    from ficlens.web.app import create_app
    from ficlens.web.security import is_loopback

    loopback = is_loopback(host)
    if not loopback and not token:
        raise ConfigError(
            f"binding to {host} exposes your library to the network, so it needs an access token",
            hint=f"pass --token SECRET or set {TOKEN_ENV}, or bind to 127.0.0.1",
        )
    if token is not None and len(token) < 8:
        raise ConfigError("the access token is too short", hint="use at least 8 characters")
    _check_port_free(host, port)
    from ficlens.library import Library

    # Open once up front so a bad library fails here with a clear message, not on the first page view.
    lib = Library.open(library)
    # On loopback, refuse other Host headers: a web page elsewhere cannot reach us by DNS rebinding.
    allowed = ["127.0.0.1", "localhost", "::1"] if loopback and not token else None
    max_upload = int(max_upload_mb * 1024 * 1024)
    n_workers = workers or default_workers()
    shown = f"[{host}]" if ":" in host else host
    log_level = os.environ.get("FICLENS_LOG_LEVEL", "warning")
    typer.echo(
        f"ficlens serving on http://{shown}:{port}/  "
        f"({n_workers} worker{'s' if n_workers > 1 else ''}; Ctrl+C to stop)"
    )
    if n_workers > 1:
        # Worker processes build their own app from the environment (uvicorn needs an import
        # string to start several); each opens its own SQLite connection (WAL: readers never wait).
        path = lib.path
        lib.close()
        os.environ.update(
            {
                "FICLENS_LIBRARY": str(path),
                "FICLENS_MAX_UPLOAD_BYTES": str(max_upload),
                "FICLENS_ALLOWED_HOSTS": ",".join(allowed or []),
            }
        )
        if token is not None:
            os.environ[TOKEN_ENV] = token
        uvicorn.run(
            "ficlens.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=n_workers,
            log_level=log_level,
        )
        return
    app = create_app(library=lib, token=token, max_upload_bytes=max_upload, allowed_hosts=allowed)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        lib.close()


def default_workers() -> int:
    """One server process per CPU core this process may run on (cgroup and affinity aware)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_port_free(host: str, port: int) -> None:
    """Fail with one clear line, before opening the library, when the address is taken."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc})",
                hint="is another server running there? choose another with --port",
            ) from exc


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add `ficlens serve` to the main app."""
    app.command("serve")(serve_cmd)
