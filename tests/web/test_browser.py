"""End-to-end tests in headless Chromium (Debian's package) driven by Playwright, over a real library.

The server runs in a thread on a free loopback port. Screenshots of every page land in each test's
tmp_path (pytest prints it on failure; `--basetemp DIR` keeps them somewhere known).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_works import make_hostile_work, make_lighthouse_work, make_simple_work

import ficlens

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SHARED_RAW = ROOT.parent / "shared" / "data" / "ao3" / "raw"
# A few real AO3 backups, imported the way `ficlens import --fast` does.
AO3_FILES = ("ao3-1092-markdown.md", "ao3-1173-markdown.md", "ao3-11518359-markdown.md")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A library with hand-built and real AO3 works, served by uvicorn on a free loopback port."""
    import uvicorn

    from ficlens.library import BlockRule, Library
    from ficlens.web import create_app

    path = tmp_path_factory.mktemp("library") / "library.sqlite"
    ids: dict[str, int] = {}
    with Library.open(path) as lib:
        for work in (
            make_lighthouse_work(),
            make_hostile_work(),
            make_simple_work(
                "The Ferryman's Daughter",
                "gullrock",
                "Original Work",
                ["Fluff"],
                "Jonah's daughter rowed the ferry alone for the first time, and the sea was kind.",
            ),
            make_simple_work(
                "A Tale Someone Blocked",
                "spoilsport",
                "Original Work",
                ["Angst"],
                "Everything ended badly for everyone, as the reader had been warned it would.",
            ),
        ):
            ids[work.title or ""] = lib.add_work(work).work_id
        for name in AO3_FILES:
            if not (SHARED_RAW / name).exists():
                continue
            try:
                added = lib.add(SHARED_RAW / name, fast=True)
            except ficlens.InputError:  # the AO3 readers are tested in tests/ingest; the UI needs no one file
                continue
            ids[added.title or name] = added.work_id
        lib.blocklist.add(BlockRule(kind="author", pattern="spoilsport"))

    port = _free_port()
    config = uvicorn.Config(create_app(library=path), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "ids": ids, "path": path}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # an upload runs the full analysis
    yield pg
    context.close()


def _wait_for_result(page: Any) -> None:
    """Wait for the page an analysis leads to, and fail with its message if it is an error page."""
    page.wait_for_selector("section.scene-map, section.error")
    if page.locator("section.error").count():
        pytest.fail("analysis failed: " + page.locator("section.error").inner_text())


def _titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".blurb-title a").all_inner_texts()]


def _api_titles(site: dict[str, Any], params: list[tuple[str, str]]) -> list[str]:
    body = httpx.get(site["url"] + "/api/works", params=[*params, ("limit", "100")]).json()
    return [h["title"] for h in body["hits"]]


def test_browser_library_filter_include_and_exclude(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["url"] + "/?limit=100")
    page.screenshot(path=tmp_path / "library.png", full_page=True)
    everything = _titles(page)
    assert sorted(everything) == sorted(_api_titles(site, []))
    assert "The Lighthouse Keeper" in everything

    # Include a fandom from the sidebar.
    include = page.locator("fieldset.include")
    include.locator("summary", has_text="Fandoms").click()
    include.get_by_label("Original Work").check()
    page.locator("#filter-form button[type=submit]").first.click()
    page.wait_for_url("**fandoms=Original+Work**")
    included = _titles(page)
    page.screenshot(path=tmp_path / "library-include.png", full_page=True)
    assert sorted(included) == sorted(_api_titles(site, [("fandoms", "Original Work")]))
    assert {"The Lighthouse Keeper", "The Ferryman's Daughter"} <= set(included)
    assert len(included) < len(everything)

    # ...and exclude a tag on top of it.
    page.fill("#exc-other", "Hurt/Comfort")
    page.locator("#filter-form button[type=submit]").first.click()
    page.wait_for_url("**exclude_tags=**")
    narrowed = _titles(page)
    page.screenshot(path=tmp_path / "library-exclude.png", full_page=True)
    assert sorted(narrowed) == sorted(
        _api_titles(site, [("fandoms", "Original Work"), ("exclude_tags", "Hurt/Comfort")])
    )
    assert "The Ferryman's Daughter" in narrowed
    assert "The Lighthouse Keeper" not in narrowed


def test_browser_blocklist_switch(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["url"] + "/?limit=100")
    assert "1 work hidden by your blocklist" in page.locator(".blocklist-switch").inner_text()
    assert "A Tale Someone Blocked" not in _titles(page)
    page.click("#blocklist-toggle")
    page.wait_for_url("**apply_blocklist=false**")
    page.screenshot(path=tmp_path / "library-no-blocklist.png", full_page=True)
    assert "A Tale Someone Blocked" in _titles(page)


def test_browser_work_page_evidence_and_skip_scene(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["url"] + "/?limit=100")
    page.get_by_role("link", name="The Lighthouse Keeper").click()
    page.wait_for_url(f"**/works/{site['ids']['The Lighthouse Keeper']}")
    page.screenshot(path=tmp_path / "work.png", full_page=True)

    # Evidence is collapsed (spoiler-safe) until the reader asks for it.
    evidence = page.locator(".content-warnings details.evidence").first
    quote = evidence.locator(".evidence-quote").first
    assert not quote.is_visible()
    evidence.locator("summary").click()
    assert quote.is_visible()
    assert "held on with frozen hands" in quote.inner_text()
    page.screenshot(path=tmp_path / "work-evidence.png", full_page=True)

    # The warned scene starts with a notice; its skip link, used from the keyboard, jumps past it.
    notice = page.locator("#scene-1 .scene-notice")
    assert "Suicide attempt" in notice.inner_text()
    notice.locator("a.skip-scene").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#scene-2'")
    top, viewport, at_bottom = page.evaluate(
        "[document.getElementById('scene-2').getBoundingClientRect().top, innerHeight,"
        " scrollY + innerHeight >= document.documentElement.scrollHeight - 2]"
    )
    # Scene 2 is at the top of the screen, or as high as a page this short can scroll it.
    assert -2 <= top < viewport
    assert top <= 40 or at_bottom
    page.screenshot(path=tmp_path / "work-skipped.png")

    # The scene map strip links to scenes too.
    page.locator(".scene-strip a").nth(3).click()
    page.wait_for_function("location.hash === '#scene-3'")


def test_browser_upload_story_shows_warnings(
    page: Any, site: dict[str, Any], example_story: Path, tmp_path: Path
) -> None:
    before = httpx.get(site["url"] + "/api/works", params={"apply_blocklist": "false"}).json()["total"]
    page.goto(site["url"] + "/analyze")
    page.screenshot(path=tmp_path / "analyze.png", full_page=True)
    page.set_input_files("#story-file", str(example_story))
    page.click("#analyze-submit")
    _wait_for_result(page)
    page.screenshot(path=tmp_path / "analyze-result.png", full_page=True)

    expected = ficlens.analyze(example_story.read_bytes(), name=example_story.name)
    assert page.locator(".banner-transient").is_visible()
    assert page.locator("h1.title").inner_text() == (expected.title or "Untitled work")
    shown = page.locator(".content-warnings .cw-item h3").all_inner_texts()
    assert len(shown) == len(expected.inferred.content_warnings)
    for text, cw in zip(shown, expected.inferred.content_warnings, strict=True):
        assert cw.label in text and cw.severity in text.lower()
    if not expected.inferred.content_warnings:
        assert "No content warnings found" in page.locator("section.content-warnings").inner_text()
    assert page.locator(".scene-strip a").count() == len(expected.scenes)
    after = httpx.get(site["url"] + "/api/works", params={"apply_blocklist": "false"}).json()["total"]
    assert after == before  # not added unless asked


def test_browser_upload_and_add_to_library(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    story = tmp_path / "tidepool.txt"
    story.write_text(
        "The Tidepool\n\nNell found a starfish in the tidepool and named it Captain.\n\n"
        "By evening the tide came back and Captain went home.\n",
        encoding="utf-8",
    )
    page.goto(site["url"] + "/analyze")
    page.set_input_files("#story-file", str(story))
    page.check("#add")
    page.click("#analyze-submit")
    _wait_for_result(page)
    page.wait_for_url("**/works/*?added=*")
    assert "Added to your library" in page.locator(".banner-added").inner_text()
    work_id = int(page.url.split("/works/")[1].split("?")[0])
    stored = httpx.get(site["url"] + f"/api/works/{work_id}", params={"include_text": "true"}).json()
    assert "named it Captain" in stored["text"]
    page.screenshot(path=tmp_path / "added.png", full_page=True)


HOSTILE_UPLOAD = b"""<!doctype html><html><head><title>Hostile <script>window.__pwned=1</script></title></head>
<body><h2 class="title heading">Bad <img src=x onerror="window.__pwned=1"></h2>
<div id="chapters"><div class="userstuff"><p>Hello <script>window.__pwned=1</script>
<a href="javascript:window.__pwned=1">click</a> <svg onload="window.__pwned=1"></svg>
<img src="x" onerror="alert(1)"></p><p>&lt;script&gt;window.__pwned=1&lt;/script&gt; as text.</p></div></div>
</body></html>"""


def _assert_inert(page: Any, fired: list[str]) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert fired == []
    assert page.locator("script").count() == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"
        )
        == 0
    )
    assert (
        page.evaluate(
            "[...document.querySelectorAll('a[href]')].filter(a => a.href.trim().toLowerCase().startsWith('javascript:')).length"
        )
        == 0
    )


def test_browser_hostile_story_runs_no_script(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))

    # The detector works: the same payload in a page of our own does run.
    page.set_content('<img src="x" onerror="window.__pwned = 1">')
    page.wait_for_function("window.__pwned === 1")
    page.goto("about:blank")

    hostile = make_hostile_work()
    work_id = site["ids"][hostile.title or ""]
    page.goto(site["url"] + f"/works/{work_id}")
    page.screenshot(path=tmp_path / "hostile-work.png", full_page=True)
    _assert_inert(page, fired)
    # Shown as text, exactly.
    assert page.locator("h1.title").inner_text() == hostile.title
    assert hostile.summary and hostile.summary in page.locator("blockquote.summary").inner_text()
    page.locator(".content-warnings details.evidence summary").first.click()
    assert "javascript:" in page.locator(".evidence-quote").first.inner_text()
    _assert_inert(page, fired)

    page.goto(site["url"] + "/?limit=100")
    page.screenshot(path=tmp_path / "hostile-library.png", full_page=True)
    _assert_inert(page, fired)

    upload = tmp_path / "hostile.html"
    upload.write_bytes(HOSTILE_UPLOAD)
    page.goto(site["url"] + "/analyze")
    page.set_input_files("#story-file", str(upload))
    page.click("#analyze-submit")
    _wait_for_result(page)
    page.screenshot(path=tmp_path / "hostile-upload.png", full_page=True)
    _assert_inert(page, fired)
    assert "as text" in page.locator("section.reading").inner_text()


@pytest.mark.parametrize("path", ["/", "/works/{id}", "/analyze"])
def test_browser_phone_width_has_no_sideways_scroll(
    browser: Any, site: dict[str, Any], tmp_path: Path, path: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto(site["url"] + path.format(id=site["ids"]["The Lighthouse Keeper"]))
        pg.screenshot(path=tmp_path / "phone.png")
        pg.screenshot(path=tmp_path / "phone-full.png", full_page=True)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 362, f"page is {width}px wide on a 360px screen"
    finally:
        context.close()
