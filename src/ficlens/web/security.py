"""Access token, security headers and request-size guard for the web app.

Story text is hostile, so every response carries a Content-Security-Policy that allows only our
own static files: even if a template ever printed story text unescaped, an inline `<script>` or
`onerror=` would not run. A token, when set, is checked on every request (header, or a cookie
set once from `?token=`), compared in constant time.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "ficlens_token"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form posts.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _presented_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(TOKEN_COOKIE)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _unauthorised(
    request: Request, render_html: Callable[[Request, int, str, str | None], Response]
) -> Response:
    message = "this ficlens server needs an access token"
    hint = "send `Authorization: Bearer TOKEN`, or open the page once with ?token=TOKEN"
    if is_api(request):
        response: Response = JSONResponse(
            {"error": "Unauthorized", "message": message, "hint": hint}, status_code=401
        )
    else:
        response = render_html(request, 401, message, hint)
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _same_origin(request: Request) -> bool:
    """True unless the browser says the request comes from another origin (scheme, host and port)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser form or fetch (curl, scripts): nothing to forge
    host = request.headers.get("host", "")
    return origin.lower() in {f"http://{host}".lower(), f"https://{host}".lower()}


class Guard:
    """ASGI middleware: host, token, cross-origin and body-size checks, then security headers on every
    response.

    Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs each request
    in a task group with memory streams, which cost more CPU than a cached library page itself.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        max_body_bytes: int,
        allowed_hosts: list[str] | None = None,
        render_html: Callable[[Request, int, str, str | None], Response],
    ) -> None:
        self.app = app
        self.token = token
        self.max_body_bytes = max_body_bytes
        self.hosts = {h.strip("[]").lower() for h in allowed_hosts} if allowed_hosts else None
        self.render_html = render_html
        self.cookie: list[tuple[bytes, bytes]] = []
        if token is not None:
            with_cookie = Response()
            with_cookie.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            self.cookie = [(k, v) for k, v in with_cookie.raw_headers if k == b"set-cookie"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal, set_cookie = self._check(request)
        extra = self.cookie if set_cookie else []

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                message["headers"] = list(message["headers"]) + extra
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_secured)
        else:
            await self.app(scope, receive, send_secured)

    def _check(self, request: Request) -> tuple[Response | None, bool]:
        """(a refusal or None to go on, whether to set the token cookie on the answer)."""
        if self.hosts is not None and (request.url.hostname or "").lower() not in self.hosts:
            # A page elsewhere reaching us through a rebound DNS name: answer nothing useful.
            return Response("invalid host header", status_code=400, media_type="text/plain"), False
        set_cookie = False
        if self.token is not None:
            query_token = request.query_params.get("token")
            if query_token is not None and _same(query_token, self.token):
                # Trade the token in the URL for a cookie, and drop it from the address bar.
                if request.method in ("GET", "HEAD"):
                    redirect = RedirectResponse(
                        str(request.url.remove_query_params("token")), status_code=303
                    )
                    return redirect, True
                set_cookie = True
            else:
                presented = _presented_token(request)
                if presented is None or not _same(presented, self.token):
                    return _unauthorised(request, self.render_html), False
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
            # A form on another site posting here (CSRF): browsers always send Origin on such posts.
            message = "cross-site request refused"
            if is_api(request):
                refused = JSONResponse(
                    {"error": "Forbidden", "message": message, "hint": None}, status_code=403
                )
                return refused, set_cookie
            return self.render_html(request, 403, message, None), set_cookie
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            message = f"upload of {int(length) / 1e6:.1f} MB is larger than the {self.max_body_bytes / 1e6:.1f} MB limit"
            hint = "split the work, or start the server with a larger --max-upload"
            if is_api(request):
                return JSONResponse(
                    {"error": "UnsafeInput", "message": message, "hint": hint}, status_code=413
                ), set_cookie
            return self.render_html(request, 413, message, hint), set_cookie
        return None, set_cookie
