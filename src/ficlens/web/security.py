"""Access token, security headers and request-size guard for the web app.

Story text is hostile, so every response carries a Content-Security-Policy that allows only our
own static files: even if a template ever printed story text unescaped, an inline `<script>` or
`onerror=` would not run. A token, when set, is checked on every request (header, or a cookie
set once from `?token=`), compared in constant time.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

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

Handler = Callable[[Request], Awaitable[Response]]


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


def guard(
    *,
    token: str | None,
    max_body_bytes: int,
    allowed_hosts: list[str] | None = None,
    render_html: Callable[[Request, int, str, str | None], Response],
) -> Callable[[Request, Handler], Awaitable[Response]]:
    """An HTTP middleware: host, token and body-size checks, then security headers on every response."""
    hosts = {h.strip("[]").lower() for h in allowed_hosts} if allowed_hosts else None

    async def middleware(request: Request, call_next: Handler) -> Response:
        response = await _checked(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _checked(request: Request, call_next: Handler) -> Response:
        if hosts is not None and (request.url.hostname or "").lower() not in hosts:
            # A page elsewhere reaching us through a rebound DNS name: answer nothing useful.
            return Response("invalid host header", status_code=400, media_type="text/plain")
        if token is not None:
            query_token = request.query_params.get("token")
            if query_token is not None and _same(query_token, token):
                # Trade the token in the URL for a cookie, and drop it from the address bar.
                if request.method in ("GET", "HEAD"):
                    response: Response = RedirectResponse(
                        str(request.url.remove_query_params("token")), status_code=303
                    )
                else:
                    response = await call_next(request)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
                return response
            presented = _presented_token(request)
            if presented is None or not _same(presented, token):
                return _unauthorised(request, render_html)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
            # A form on another site posting here (CSRF): browsers always send Origin on such posts.
            message = "cross-site request refused"
            if is_api(request):
                return JSONResponse({"error": "Forbidden", "message": message, "hint": None}, status_code=403)
            return render_html(request, 403, message, None)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_body_bytes:
            message = (
                f"upload of {int(length) / 1e6:.1f} MB is larger than the {max_body_bytes / 1e6:.1f} MB limit"
            )
            hint = "split the work, or start the server with a larger --max-upload"
            if is_api(request):
                return JSONResponse(
                    {"error": "UnsafeInput", "message": message, "hint": hint}, status_code=413
                )
            return render_html(request, 413, message, hint)
        return await call_next(request)

    return middleware
