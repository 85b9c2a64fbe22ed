"""Facet counts are cached per query until the index changes, in this process or another."""

from __future__ import annotations

from pathlib import Path

from ficlens.library import Library, SearchQuery

STORY = "---\ntitle: T{i}\nfandom: Merlin\ntags: [Angst]\n---\n\nThe anchor rang {i} times.\n"


def test_facets_cache_follows_index_commits(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    query = SearchQuery(fandoms=["Merlin"], apply_blocklist=False)
    with Library.open(path) as reader:
        reader.add(STORY.format(i=0).encode(), name="a.md", fast=True)
        first = reader.facets(query)
        assert dict(first["fandom"]) == {"Merlin": 1}
        first["fandom"].append(("mutated by a caller", 9))  # callers get copies
        assert dict(reader.facets(query)["fandom"]) == {"Merlin": 1}
        with Library.open(path) as writer:  # another connection, as another process would be
            writer.add(STORY.format(i=1).encode(), name="b.md", fast=True)
        assert dict(reader.facets(query)["fandom"]) == {"Merlin": 2}
        reader.add(STORY.format(i=2).encode(), name="c.md", fast=True)
        assert dict(reader.facets(query)["freeform"]) == {"Angst": 3}
