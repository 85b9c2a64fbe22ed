"""The web app under attack, on a real library: cross-site posts, oversized and malformed requests,
path traversal, query-syntax errors and out-of-range numbers. Never a 5xx, never a file outside
the app, security headers on every answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ficlens.library import Library
from ficlens.web import create_app
from ficlens.web.security import CSP

STORIES = [
    b"Chapter 1\n\nThe anchor bell rang over the harbour. Mara ran.\n",
    b"Chapter 1\n\nA lantern in the cellar; the keeper waited for the storm.\n",
    b"Chapter 1\n\nSnow on the jetty, and a letter that never came.\n",
]
BIG = "9" * 25


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("hardening") / "lib.sqlite"
    lib = Library.open(path)
    for i, story in enumerate(STORIES):
        lib.add(story, name=f"story{i}.txt", fast=True)
    with TestClient(create_app(library=lib, max_upload_bytes=64 * 1024), raise_server_exceptions=False) as c:
        yield c
    lib.close()


def _state_changing_routes(client: TestClient) -> list[str]:
    paths = []
    for route in client.app.routes:
        methods = getattr(route, "methods", None) or set()
        if methods - {"GET", "HEAD", "OPTIONS"}:
            paths.append(route.path)
    return sorted(set(paths))


def test_every_state_changing_endpoint_refuses_cross_site_posts(client: TestClient) -> None:
    routes = _state_changing_routes(client)
    assert routes, "expected at least the upload endpoints"
    before = client.get("/api/works", params={"apply_blocklist": "false"}).json()["total"]
    for path in routes:
        r = client.post(
            path,
            data={"text": "A forged story.", "add": "true"},
            headers={"Origin": "https://evil.example"},
        )
        assert r.status_code == 403, (path, r.status_code)
        assert "cross-site" in r.text
    assert client.get("/api/works", params={"apply_blocklist": "false"}).json()["total"] == before


def test_same_origin_post_is_accepted(client: TestClient) -> None:
    r = client.post(
        "/api/analyze", data={"text": "Chapter 1\n\nHello."}, headers={"Origin": "http://testserver"}
    )
    assert r.status_code == 200


def test_upload_over_the_limit_is_413_even_without_content_length(client: TestClient) -> None:
    big = b"x" * (200 * 1024)
    assert client.post("/api/analyze", files={"file": ("big.txt", big)}).status_code == 413

    def chunks():
        yield b"text="
        for _ in range(50):
            yield b"y" * 8192

    r = client.post(
        "/api/analyze", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code in (413, 422) and r.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/works/..%2f..%2fetc%2fpasswd",
        "/api/works/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/works/1/..%2f..%2f..%2fetc%2fpasswd",
        "/api/works/1%00",
    ],
)
def test_path_traversal_reaches_no_file(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404, 422), r.status_code
    assert "root:" not in r.text


def test_upload_file_name_is_never_a_path(client: TestClient, tmp_path: Path) -> None:
    r = client.post("/api/analyze", files={"file": ("../../../../tmp/evil.txt", b"Chapter 1\n\nA tale.")})
    assert r.status_code == 200
    assert r.json()["source"]["path"] in (None, "evil.txt")
    assert not Path("/tmp/evil.txt").exists()


@pytest.mark.parametrize(
    "text",
    [
        "title:(",
        '"unclosed',
        "AND OR NOT",
        "words:[a TO",
        "body:",
        ":",
        "((((((((",
        "+-+-",
        "tag:\\",
        "x^9999",
        "*",
    ],
)
def test_query_syntax_errors_are_a_message_not_a_crash(client: TestClient, text: str) -> None:
    api = client.get("/api/works", params={"text": text})
    assert api.status_code in (200, 400, 422)
    if api.status_code != 200:
        assert api.json()["message"]
    page = client.get("/", params={"text": text})
    assert page.status_code in (200, 400, 422)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/works?words_min={BIG}",
        f"/api/works?words_max=-{BIG}",
        f"/api/works?offset={BIG}",
        f"/api/works?limit={BIG}",
        f"/api/works/{BIG}",
        f"/api/works/{BIG}/similar",
        f"/works/{BIG}",
        f"/works/{BIG}/similar",
        f"/?words_min={BIG}",
        f"/?offset={BIG}",
        "/api/works?offset=2147483647",
        "/?q=%zz%&text=%ff%fe%00",
        "/?" + "tags=a&" * 3000,
        "/api/works?text=" + "a" * 30_000,
        "/?text=" + "%22" * 5000,
    ],
)
def test_malformed_and_huge_parameters_never_500(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code < 500, (url[:80], r.status_code, r.text[:300])


@pytest.mark.parametrize(
    "path", ["/", "/works/1", "/nope", f"/works/{BIG}", "/api/works?limit=x", "/static/app.css"]
)
def test_security_headers_on_every_answer(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_security_headers_on_refusals(client: TestClient) -> None:
    r = client.post("/api/analyze", data={"text": "x"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and r.headers["content-security-policy"] == CSP
    r = client.post("/api/analyze", files={"file": ("big.txt", b"x" * (200 * 1024))})
    assert r.status_code == 413 and r.headers["x-content-type-options"] == "nosniff"
