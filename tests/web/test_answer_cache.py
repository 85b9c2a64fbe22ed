"""Cached library pages and search answers are never older than the library, and `/api/works` reads
its parameters exactly as FastAPI's own query model did."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from ficlens.library import BlockRule, Library, SearchQuery
from ficlens.web import create_app
from ficlens.web.app import MAX_PAGE_SIZE, AnswerCache, api_query

STORY = "---\ntitle: Bells {i}\nfandom: Merlin\ntags: [{tag}]\n---\n\nThe anchor bell rang {i} times.\n"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib.sqlite")
    for i, tag in enumerate(["Angst", "Fluff"]):
        lib.add(STORY.format(i=i, tag=tag).encode(), name=f"s{i}.md", fast=True)
    yield lib
    lib.close()


def _counting(lib: Library) -> list[SearchQuery]:
    calls: list[SearchQuery] = []
    search = lib.search

    def counted(query: SearchQuery) -> Any:
        calls.append(query)
        return search(query)

    lib.search = counted  # type: ignore[method-assign]
    return calls


def test_answers_are_reused_until_another_process_commits(library: Library) -> None:
    calls = _counting(library)
    with TestClient(create_app(library=library)) as client:
        first = client.get("/api/works", params={"text": "anchor"})
        page = client.get("/", params={"text": "anchor"})
        assert first.json()["total"] == 2 and "of 2 works" in page.text
        assert len(calls) == 2
        again = client.get("/api/works", params={"text": "anchor"})
        assert again.content == first.content and client.get("/", params={"text": "anchor"}).text == page.text
        assert len(calls) == 2, "a repeated query was answered from the cache"
        assert again.headers["content-security-policy"]  # cached answers still pass the guard
        with Library.open(library.path) as other:  # another connection, as an import process would be
            other.add(STORY.format(i=7, tag="Angst").encode(), name="s7.md", fast=True)
        assert client.get("/api/works", params={"text": "anchor"}).json()["total"] == 3
        assert "of 3 works" in client.get("/", params={"text": "anchor"}).text
        assert len(calls) == 4


def test_answers_follow_this_process_writes_and_the_blocklist(library: Library) -> None:
    with TestClient(create_app(library=library)) as client:
        assert client.get("/api/works").json()["total"] == 2
        library.add(STORY.format(i=8, tag="Fluff").encode(), name="s8.md", fast=True)
        assert client.get("/api/works").json()["total"] == 3
        library.blocklist.add(BlockRule(kind="tag", pattern="Angst"))
        answer = client.get("/api/works").json()
        assert answer["total"] == 2 and answer["hidden_by_blocklist"] == 1
        assert "1 work hidden by your blocklist" in client.get("/").text


def test_facets_follow_the_blocklist(library: Library) -> None:
    query = SearchQuery(fandoms=["Merlin"])
    assert dict(library.facets(query)["freeform"]) == {"Angst": 1, "Fluff": 1}
    library.blocklist.add(BlockRule(kind="tag", pattern="Angst"))
    assert dict(library.facets(query)["freeform"]) == {"Fluff": 1}


def test_summaries_are_copies(library: Library) -> None:
    first = library.summaries([1])[0]
    first.title = "changed by a caller"
    assert library.summaries([1])[0].title == "Bells 0"


def test_answer_cache_drops_everything_when_the_state_moves() -> None:
    cache = AnswerCache(max_bytes=100)
    cache.get("s1", "a")
    cache.put("s1", "a", b"x" * 10)
    assert cache.get("s1", "a") == b"x" * 10
    assert cache.get("s2", "a") is None and cache.get("s2", "a") is None
    cache.put("s2", "b", b"y" * 12)
    cache.put("s2", "c", b"z" * 12)
    cache.get("s2", "b")  # b is now the most recently used
    for i in range(20):
        cache.put("s2", f"k{i}", b"w" * 5)
    assert cache.size <= 100 and cache.get("s2", "c") is None
    assert cache.size == sum(len(k) + len(v) for k, v in cache.entries.items())
    assert cache.get(None, "b") is None  # an unknown state is never cached
    cache.put(None, "n", b"v")
    assert cache.get(None, "n") is None


# Query strings for the parity check: valid, invalid, repeated and empty values.
PARITY = [
    "",
    "text=anchor&fandoms=Merlin&fandoms=Good+Omens&exclude_tags=Angst",
    "ratings=Teen&words_min=100&words_max=5000&complete=true&sort=words&descending=false",
    "limit=5&offset=10&apply_blocklist=false&source=declared",
    "limit=0",
    "limit=1000",
    "limit=x",
    "words_min=" + "9" * 25,
    "words_min=",
    "sort=best&source=nobody",
    "complete=maybe",
    "limit=3&limit=4",
    "text=a&text=b",
    "crossover=yes&language=en",
    "unknown=1&tags=",
]


@pytest.mark.parametrize("qs", PARITY)
def test_api_query_reads_parameters_as_fastapi_did(qs: str) -> None:
    reference = FastAPI()

    @reference.get("/q")
    async def q(query: Annotated[SearchQuery, Query()]) -> dict[str, Any]:
        query.limit = min(max(query.limit, 1), MAX_PAGE_SIZE)
        return query.model_dump()

    with TestClient(reference) as client:
        expected = client.get("/q?" + qs)
    try:
        ours = api_query(QueryParams(qs))
    except RequestValidationError as exc:
        assert expected.status_code == 422
        assert {tuple(e["loc"]) for e in exc.errors()} == {tuple(e["loc"]) for e in expected.json()["detail"]}
        return
    assert expected.status_code == 200, expected.text
    assert ours.model_dump() == expected.json()
