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
    app = create_app(
        library=lib,
        token=token,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        allowed_hosts=allowed,
    )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"ficlens serving on http://{shown}:{port}/  (Ctrl+C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level=os.environ.get("FICLENS_LOG_LEVEL", "warning"))
    finally:
        lib.close()


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
