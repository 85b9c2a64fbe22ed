"""The web app through FastAPI's TestClient: every endpoint, errors, token, headers and escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from web_works import HOSTILE_BITS, StubLibrary, make_hostile_work, make_lighthouse_work, make_simple_work

import ficlens
from ficlens.web import create_app
from ficlens.web.app import HERE

TOKEN = "correct-horse-battery"


@pytest.fixture
def client(stub_library: StubLibrary) -> Iterator[TestClient]:
    with TestClient(create_app(library=stub_library)) as c:
        yield c


def _dom(html: str) -> HTMLParser:
    return HTMLParser(html)


# ---- library page and /api/works -------------------------------------------------------------------


def test_app_library_page_lists_blurbs(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    titles = [n.text(strip=True) for n in _dom(r.text).css(".blurb-title a")]
    assert titles == ["The Lighthouse Keeper", make_hostile_work().title]
    assert "Part 2 of" in r.text and "Gull Rock Stories" in r.text


def test_app_library_page_passes_include_and_exclude_filters(
    client: TestClient, stub_library: StubLibrary
) -> None:
    r = client.get(
        "/",
        params=[
            ("fandoms", "Original Work"),
            ("exclude_tags", "Angst, *Death*"),
            ("exclude_cws", "suicide:depicted"),
            ("ratings", "Mature"),
            ("words_min", "100"),
            ("complete", "true"),
            ("crossover", "any"),
            ("sort", "words"),
            ("descending", "false"),
        ],
    )
    assert r.status_code == 200
    q = stub_library.queries[-1]
    assert q.fandoms == ["Original Work"]
    assert q.exclude_tags == ["Angst", "*Death*"]
    assert q.exclude_cws == ["suicide:depicted"]
    assert q.ratings == ["Mature"]
    assert (q.words_min, q.complete, q.crossover, q.sort, q.descending) == (100, True, None, "words", False)
    # The chosen filters stay ticked in the sidebar.
    checked = {(n.attributes["name"], n.attributes["value"]) for n in _dom(r.text).css("input[checked]")}
    assert ("fandoms", "Original Work") in checked
    assert ("exclude_tags", "*Death*") in checked


def test_app_library_page_ignores_invalid_values(client: TestClient, stub_library: StubLibrary) -> None:
    r = client.get("/", params={"words_min": "lots", "fandoms": "Original Work"})
    assert r.status_code == 200
    assert "Ignored invalid filter values: words_min" in r.text
    assert stub_library.queries[-1].words_min is None
    assert stub_library.queries[-1].fandoms == ["Original Work"]


def test_app_library_page_blocklist_switch(client: TestClient, stub_library: StubLibrary) -> None:
    stub_library.hidden = 3
    r = client.get("/")
    assert "3 works hidden by your blocklist" in r.text
    toggle = _dom(r.text).css_first("#blocklist-toggle").attributes["href"]
    assert "apply_blocklist=false" in toggle
    r = client.get("/" + toggle)
    assert stub_library.queries[-1].apply_blocklist is False
    assert "Blocklist off" in r.text
    # The form keeps the switch off when filtering further.
    assert _dom(r.text).css_first("input[name=apply_blocklist]").attributes["value"] == "false"


def test_app_library_page_shows_search_notes(client: TestClient, stub_library: StubLibrary) -> None:
    stub_library.notes = ["no tag matches 'Fluf*'"]
    r = client.get("/", params={"tags": "Fluf*"})
    assert [n.text() for n in _dom(r.text).css(".search-note")] == ["no tag matches 'Fluf*'"]


def test_app_library_page_pages(client: TestClient, stub_library: StubLibrary) -> None:
    r = client.get("/", params={"limit": "1"})
    nxt = _dom(r.text).css_first("a[rel=next]").attributes["href"]
    assert "offset=1" in nxt and "limit=1" in nxt
    r = client.get("/" + nxt)
    assert stub_library.queries[-1].offset == 1
    assert _dom(r.text).css_first("a[rel=prev]") is not None
    assert len(_dom(r.text).css(".blurb")) == 1


def test_app_library_page_shows_search_problem(tmp_path: Path) -> None:
    class Picky(StubLibrary):
        def search(self, query):  # type: ignore[no-untyped-def]
            if query.ratings:
                raise ficlens.InputError(f"unknown rating {query.ratings[0]!r}")
            return super().search(query)

    with TestClient(create_app(library=Picky())) as c:
        r = c.get("/", params={"ratings": "Spicy"})
    assert r.status_code == 200
    assert "unknown rating" in _dom(r.text).css_first(".search-problem").text()


def test_api_works_search(client: TestClient, stub_library: StubLibrary) -> None:
    r = client.get(
        "/api/works",
        params=[
            ("fandoms", "Original Work"),
            ("exclude_characters", "Tom"),
            ("words_max", "500"),
            ("sort", "title"),
        ],
    )
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 2 and {h["title"] for h in body["hits"]} == {
        w.title for w in stub_library.works.values()
    }
    q = stub_library.queries[-1]
    assert (q.fandoms, q.exclude_characters, q.words_max, q.sort) == (
        ["Original Work"],
        ["Tom"],
        500,
        "title",
    )


def test_api_works_rejects_bad_parameter(client: TestClient) -> None:
    r = client.get("/api/works", params={"words_min": "lots"})
    assert r.status_code == 422
    assert r.json()["error"] == "ValidationError" and "words_min" in r.json()["message"]


def test_api_works_library_error_maps_to_status(stub_library: StubLibrary) -> None:
    class Broken(StubLibrary):
        def search(self, query):  # type: ignore[no-untyped-def]
            raise ficlens.LibraryError("the library is locked by another ficlens process", hint="wait")

    with TestClient(create_app(library=Broken())) as c:
        r = c.get("/api/works")
        assert r.status_code == 503
        assert r.json() == {
            "error": "LibraryError",
            "message": "the library is locked by another ficlens process",
            "hint": "wait",
        }
        page = c.get("/")
        assert page.status_code == 503 and "locked by another" in page.text


def test_app_bug_is_one_line_without_traceback() -> None:
    class Buggy(StubLibrary):
        def search(self, query):  # type: ignore[no-untyped-def]
            raise RuntimeError("secret internals /etc/passwd")

    with TestClient(create_app(library=Buggy()), raise_server_exceptions=False) as c:
        api = c.get("/api/works")
        page = c.get("/")
    assert api.status_code == 500 and api.json()["error"] == "InternalError"
    assert "RuntimeError" in api.json()["message"] and "passwd" not in api.text
    assert page.status_code == 500 and "bug in ficlens" in page.text
    assert "Traceback" not in page.text and "passwd" not in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


# ---- work page and /api/works/{id} --------------------------------------------------------------------


def test_api_work_returns_contract(client: TestClient, stub_library: StubLibrary) -> None:
    r = client.get("/api/works/1")
    assert r.status_code == 200
    assert r.json() == stub_library.works[1].to_output()
    assert "text" not in r.json()
    with_text = client.get("/api/works/1", params={"include_text": "true"}).json()
    assert with_text["text"] == stub_library.works[1].text


@pytest.mark.parametrize("path", ["/api/works/999", "/works/999"])
def test_app_unknown_work_is_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    if path.startswith("/api"):
        assert r.json()["error"] == "WorkNotFound" and "999" in r.json()["message"]
    else:
        assert "no work with id 999" in r.text


def test_app_unknown_page_is_html_404(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_work_page_declared_and_inferred_side_by_side(client: TestClient) -> None:
    dom = _dom(client.get("/works/1").text)
    rating = dom.css_first(".tagrow-rating")
    assert rating.css_first("td.declared").text(strip=True) == "Teen And Up Audiences"
    assert rating.css_first("td.inferred").text(strip=True).startswith("Mature")
    assert rating.css_first("td.declared li").attributes["class"] == "tag differs"
    chars = dom.css_first(".tagrow-characters")
    assert [li.attributes["class"] for li in chars.css("td.declared li")] == ["tag agrees"] * 3
    # Relationship tags agree whatever the order of their members.
    rel = dom.css_first(".tagrow-relationships td.inferred li")
    assert rel.attributes["class"] == "tag agrees"


def test_work_page_rating_and_warnings_with_reasons(client: TestClient) -> None:
    why = _dom(client.get("/works/1").text).css_first("section.why")
    assert "a depicted suicide attempt (scene 2)" in why.text()
    assert "Major Character Death" in why.text()
    assert "Tom, a named character, dies (scene 3)" in why.text()


def test_work_page_scene_map_strip_coloured_by_severity(
    client: TestClient, stub_library: StubLibrary
) -> None:
    dom = _dom(client.get("/works/1").text)
    cells = dom.css(".scene-strip a")
    work = stub_library.works[1]
    assert len(cells) == len(work.scenes)
    classes = [c.attributes["class"].split()[-1] for c in cells]
    assert classes == ["sev-none", "sev-depicted", "sev-mentioned", "sev-none"]
    assert [c.attributes["href"] for c in cells] == [f"#scene-{s.index}" for s in work.scenes]


def test_work_page_evidence_collapsed(client: TestClient, stub_library: StubLibrary) -> None:
    dom = _dom(client.get("/works/1").text)
    details = dom.css(".content-warnings details.evidence")
    assert len(details) == 2
    assert all("open" not in d.attributes for d in details)
    quotes = [q.text() for d in details for q in d.css(".evidence-quote")]
    assert quotes == [e.text for cw in stub_library.works[1].inferred.content_warnings for e in cw.evidence]
    # Each quote links to the scene it comes from.
    assert [a.attributes["href"] for d in details for a in d.css(".evidence-where a")] == [
        "#scene-1",
        "#scene-2",
    ]


def test_work_page_reading_view_notice_and_skip_link(client: TestClient) -> None:
    dom = _dom(client.get("/works/1").text)
    scenes = dom.css("section.scene")
    assert [s.attributes["id"] for s in scenes] == ["scene-0", "scene-1", "scene-2", "scene-3"]
    assert scenes[0].css_first(".scene-notice") is None
    notice = scenes[1].css_first(".scene-notice")
    assert "Suicide attempt" in notice.text() and "depicted" in notice.text()
    assert notice.css_first("a.skip-scene").attributes["href"] == "#scene-2"
    assert scenes[2].css_first("a.skip-scene").attributes["href"] == "#scene-3"
    assert "Mara wept over it" in scenes[2].text()
    # Chapter titles head their chapters, and an index links to them.
    assert [h.text() for h in dom.css(".chapter-title")] == ["The Lamp", "The Letter"]
    assert [a.attributes["href"] for a in dom.css(".chapter-index a")] == ["#chapter-0", "#chapter-1"]


def test_work_page_last_scene_skips_to_end(stub_library: StubLibrary) -> None:
    work = make_lighthouse_work()
    work.inferred.scene_warnings[0].scene = 3
    lib = StubLibrary()
    lib.add_work(work)
    with TestClient(create_app(library=lib)) as c:
        dom = _dom(c.get("/works/1").text)
    assert dom.css_first("#scene-3 a.skip-scene").attributes["href"] == "#end-of-work"
    assert dom.css_first("#end-of-work") is not None


def test_work_page_characters_relationships_pov(client: TestClient) -> None:
    dom = _dom(client.get("/works/1").text)
    rows = [[c.text(strip=True) for c in tr.css("th, td")] for tr in dom.css(".character-table tbody tr")]
    assert rows[0] == ["Mara", "the keeper", "main, female", str(rows[0][3])]
    assert int(rows[0][3]) > 0
    assert "Jonah/Mara" in dom.css_first("section.relationships").text()
    assert "Third person, past tense" in dom.css_first("section.pov").text()


def test_work_page_escapes_hostile_story(client: TestClient) -> None:
    html = client.get("/works/2").text
    for bit in HOSTILE_BITS:
        assert bit not in html
    dom = _dom(html)
    assert dom.css("script") == []
    assert not [n for n in dom.css("*") if any(a.startswith("on") for a in n.attributes)]
    assert not [
        a for a in dom.css("a") if (a.attributes.get("href") or "").strip().lower().startswith("javascript:")
    ]
    # The text is shown, as text.
    assert dom.css_first("h1.title").text() == make_hostile_work().title
    library = _dom(client.get("/").text)
    assert library.css("script") == []


def test_templates_never_disable_escaping() -> None:
    for template in (HERE / "templates").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup\(", source), template.name


def test_templates_and_static_load_nothing_from_elsewhere() -> None:
    files = [*(HERE / "templates").glob("*.html"), *(HERE / "static").iterdir()]
    for path in files:
        # The SVG namespace is a name, not a fetch.
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path.name


@pytest.mark.parametrize("path", ["/", "/analyze"])
def test_app_every_form_control_has_a_label(client: TestClient, path: str) -> None:
    dom = _dom(client.get(path).text)
    labelled = {label.attributes.get("for") for label in dom.css("label")}
    controls = [
        n for n in dom.css("input, select, textarea") if n.attributes.get("type") not in ("hidden", "submit")
    ]
    assert controls
    assert [n.attributes.get("id") for n in controls if n.attributes.get("id") not in labelled] == []


def test_work_page_embeds_pictures_when_plots_exist(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64
    import sys
    import types

    fake = types.ModuleType("ficlens.plots")
    fake.arc_svg = lambda work: f'<svg xmlns="http://www.w3.org/2000/svg"><text>{work.title}</text></svg>'  # type: ignore[attr-defined]

    def broken(work):  # type: ignore[no-untyped-def]
        raise RuntimeError("no characters")

    fake.characters_svg = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ficlens.plots", fake)
    monkeypatch.setattr(ficlens, "plots", fake, raising=False)
    dom = _dom(client.get("/works/1").text)
    imgs = dom.css("figure.picture img")
    assert len(imgs) == 1
    src = imgs[0].attributes["src"]
    assert src.startswith("data:image/svg+xml;base64,")
    assert b"The Lighthouse Keeper" in base64.b64decode(src.split(",", 1)[1])


# ---- analyse page and /api/analyze ----------------------------------------------------------------------


def test_api_analyze_upload_returns_contract(
    client: TestClient, example_story: Path, stub_library: StubLibrary
) -> None:
    before = stub_library.count()
    data = example_story.read_bytes()
    r = client.post("/api/analyze", files={"file": ("the-lighthouse-keeper.txt", data, "text/plain")})
    assert r.status_code == 200
    expected = ficlens.analyze(data, name="the-lighthouse-keeper.txt").to_output()
    body = r.json()
    assert body["stats"] == expected["stats"]
    assert body["inferred"] == expected["inferred"]
    assert body["source"]["sha256"] == expected["source"]["sha256"]
    assert stub_library.count() == before  # analysed, not stored


def test_api_analyze_paste_and_add(client: TestClient, stub_library: StubLibrary) -> None:
    story = "The fox ran.\n\nThe hound followed, and the hunt went on until dark."
    r = client.post("/api/analyze", data={"text": story, "add": "true"})
    assert r.status_code == 201
    work_id = int(r.headers["X-Ficlens-Work-Id"])
    assert r.headers["Location"] == f"/api/works/{work_id}"
    assert stub_library.works[work_id].text.startswith("The fox ran.")
    assert client.get(r.headers["Location"]).json()["stats"] == r.json()["stats"]


def test_api_analyze_oversize_is_413() -> None:
    lib = StubLibrary()
    with TestClient(create_app(library=lib, max_upload_bytes=2_000)) as c:
        # Far over the limit: refused from the Content-Length before the body is read.
        big = c.post("/api/analyze", files={"file": ("big.txt", b"word " * 40_000, "text/plain")})
        assert big.status_code == 413 and big.json()["error"] == "UnsafeInput"
        # Just over the limit: the story itself is measured.
        near = c.post("/api/analyze", files={"file": ("near.txt", b"word " * 500, "text/plain")})
        assert near.status_code == 413 and "limit" in near.json()["message"]
        page = c.post("/analyze", files={"file": ("big.txt", b"word " * 40_000, "text/plain")})
        assert page.status_code == 413 and "limit" in page.text
    assert lib.count() == 0


@pytest.mark.parametrize(
    ("payload", "status", "needle"),
    [
        ({"files": {"file": ("blank.txt", b"   \n\n  ", "text/plain")}}, 422, "no story text"),
        ({"data": {"text": "   "}}, 422, "nothing to analyse"),
        ({"files": {"file": ("cover.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png")}}, 422, "PNG"),
    ],
)
def test_api_analyze_bad_file_has_message(
    client: TestClient, payload: dict, status: int, needle: str
) -> None:
    r = client.post("/api/analyze", **payload)
    assert r.status_code == status
    assert needle in r.json()["message"]


def test_analyze_page_shows_work_without_storing(
    client: TestClient, example_story: Path, stub_library: StubLibrary
) -> None:
    assert client.get("/analyze").status_code == 200
    before = stub_library.count()
    r = client.post("/analyze", files={"file": ("story.txt", example_story.read_bytes(), "text/plain")})
    assert r.status_code == 200
    dom = _dom(r.text)
    assert dom.css_first(".banner-transient") is not None
    assert dom.css_first("section.scene-map") is not None
    assert stub_library.count() == before


def test_spoiler_notice_hides_summary_and_scene_map(client: TestClient) -> None:
    story = (
        "Summary: Sam learns the truth at last.\n\n"
        "Author's Note: Thanks to my beta. Spoilers for season 4 of Supernatural.\n\n"
        + "Dean parked the car outside the diner and Sam ordered coffee for both of them. "
        * 8
    )
    r = client.post("/analyze", files={"file": ("story.txt", story.encode(), "text/plain")})
    assert r.status_code == 200
    dom = _dom(r.text)
    notice = dom.css_first("p.spoiler-notice")
    assert notice is not None and "season 4" in notice.text()
    assert dom.css_first("section.scene-map details.spoiler-gate ol.scene-strip") is not None
    assert dom.css_first(".summary-block details.spoiler-gate blockquote.summary") is not None
    assert all(g.attributes.get("open") is None for g in dom.css("details.spoiler-gate"))


def test_analyze_page_add_redirects_to_stored_work(
    client: TestClient, example_story: Path, stub_library: StubLibrary
) -> None:
    r = client.post(
        "/analyze",
        files={"file": ("story.txt", example_story.read_bytes(), "text/plain")},
        data={"add": "true"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    work_id = int(re.match(r"/works/(\d+)", r.headers["location"]).group(1))  # type: ignore[union-attr]
    assert work_id in stub_library.works
    page = client.get(r.headers["location"])
    assert "Added to your library" in page.text


def test_analyze_page_bad_file_is_html_error(client: TestClient) -> None:
    r = client.post("/analyze", files={"file": ("cover.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")})
    assert r.status_code == 422
    assert "this is a PNG image, not a story" in _dom(r.text).css_first(".error-message").text()


# ---- token, headers, hosts, OpenAPI -----------------------------------------------------------------------


@pytest.fixture
def token_client(stub_library: StubLibrary) -> Iterator[TestClient]:
    with TestClient(create_app(library=stub_library, token=TOKEN)) as c:
        yield c


@pytest.mark.parametrize(
    "path", ["/", "/works/1", "/api/works", "/api/works/1", "/static/ficlens.css", "/openapi.json"]
)
def test_token_missing_is_401(token_client: TestClient, path: str) -> None:
    r = token_client.get(path)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert token_client.get(path, headers={"Authorization": "Bearer wrong-token-value"}).status_code == 401


def test_token_missing_on_upload_is_401(token_client: TestClient, stub_library: StubLibrary) -> None:
    r = token_client.post("/api/analyze", data={"text": "A story.", "add": "true"})
    assert r.status_code == 401
    assert stub_library.count() == 2


def test_token_bearer_header_accepted(token_client: TestClient) -> None:
    r = token_client.get("/api/works/1", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200


def test_token_query_sets_cookie_once(token_client: TestClient) -> None:
    r = token_client.get("/works/1", params={"token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].endswith("/works/1")
    assert "ficlens_token" in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
    # The cookie now carries the token on every request.
    assert token_client.get("/works/1").status_code == 200
    assert token_client.get("/api/works").status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/works/1", "/works/999", "/api/works", "/static/ficlens.css", "/analyze"]
)
def test_app_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_app_allowed_hosts_refuse_rebinding(stub_library: StubLibrary) -> None:
    with TestClient(
        create_app(library=stub_library, allowed_hosts=["127.0.0.1"]), base_url="http://127.0.0.1"
    ) as c:
        assert c.get("/api/works/1").status_code == 200
        assert c.get("/api/works/1", headers={"Host": "evil.example"}).status_code == 400
        assert c.get("/api/works/1", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    with TestClient(
        create_app(library=stub_library, allowed_hosts=["::1"]), base_url="http://[::1]:8000"
    ) as c:
        assert c.get("/api/works/1").status_code == 200


def test_app_refuses_cross_site_posts(client: TestClient, stub_library: StubLibrary) -> None:
    before = stub_library.count()
    evil = client.post(
        "/analyze", data={"text": "A story.", "add": "true"}, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    api = client.post("/api/analyze", data={"text": "A story."}, headers={"Origin": "null"})
    assert api.status_code == 403 and api.json()["error"] == "Forbidden"
    assert stub_library.count() == before
    same = client.post(
        "/api/analyze", data={"text": "A story.", "add": "true"}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 201


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/works", "/api/works/{work_id}", "/api/works/{work_id}/similar", "/api/analyze"} <= set(
        spec["paths"]
    )
    params = {p["name"] for p in spec["paths"]["/api/works"]["get"]["parameters"]}
    assert {
        "text",
        "fandoms",
        "exclude_fandoms",
        "exclude_cws",
        "words_min",
        "sort",
        "apply_blocklist",
    } <= params
    body = spec["paths"]["/api/analyze"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "text", "add"} <= set(body["properties"])
    # No page of the app loads anything from another host.
    assert "/docs" not in spec["paths"]
    assert client.get("/docs").status_code == 404


def test_app_opens_library_from_path(tmp_path: Path) -> None:
    from ficlens.library import Library

    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        added = lib.add_work(make_lighthouse_work())
    with TestClient(create_app(library=path)) as c:
        assert c.get("/api/works").json()["total"] == 1
        assert c.get(f"/works/{added.work_id}").status_code == 200
        assert c.get("/healthz").json()["status"] == "ok"


def test_work_page_series_navigation(tmp_path: Path) -> None:
    from ficlens.library import Library
    from ficlens.model import Series

    ids = []
    with Library.open(tmp_path / "lib.sqlite") as lib:
        for part in (2, 1, 3):
            work = make_simple_work(
                f"Tide, part {part}", "gullrock", "Original Work", [], f"Part {part} of the tide."
            )
            work.series = Series(name="The Tides", part=part)
            ids.append((part, lib.add_work(work).work_id))
    by_part = dict(ids)
    with TestClient(create_app(library=tmp_path / "lib.sqlite")) as c:
        nav = _dom(c.get(f"/works/{by_part[2]}").text).css_first("nav.series-nav")
        assert nav.css_first("a[rel=prev]").attributes["href"] == f"/works/{by_part[1]}"
        assert nav.css_first("a[rel=next]").attributes["href"] == f"/works/{by_part[3]}"
        first = _dom(c.get(f"/works/{by_part[1]}").text).css_first("nav.series-nav")
        assert first.css_first("a[rel=prev]") is None
        # Stored with declared tags only: the page says analysis is pending.
        assert _dom(c.get(f"/works/{by_part[1]}").text).css_first(".not-analysed") is not None


def test_similar_page_and_api(client: TestClient) -> None:
    work_page = _dom(client.get("/works/1").text)
    link = work_page.css_first(".similar-link a").attributes["href"]
    assert link == "/works/1/similar"
    page = _dom(client.get(link).text)
    assert [a.text() for a in page.css(".blurb-title a")] == [make_hostile_work().title]
    assert "shares 1 tags" in page.css_first(".similar-why").text()
    api = client.get("/api/works/1/similar", params={"limit": 5}).json()
    assert [(s["work"]["id"], s["score"], s["reasons"]) for s in api] == [(2, 0.5, ["shares 1 tags"])]
    assert client.get("/api/works/99/similar").status_code == 404
    assert client.get("/works/99/similar").status_code == 404


def test_api_analyze_pasted_text_over_limit_is_413() -> None:
    with TestClient(create_app(library=StubLibrary(), max_upload_bytes=1_000)) as c:
        r = c.post("/api/analyze", data={"text": "word " * 1_000})
    assert r.status_code == 413 and r.json()["error"] == "UnsafeInput"
