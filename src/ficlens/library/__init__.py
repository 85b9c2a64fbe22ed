"""A personal archive of works: SQLite store, tantivy search with AO3 filters, blocklist,
similar works, near-duplicates and series.

    >>> from ficlens.library import Library, SearchQuery
    >>> with Library.open() as lib:   # platformdirs data dir, or $FICLENS_LIBRARY
    ...     lib.add("story.html")
    ...     lib.search(SearchQuery(text="dragons", ratings=["Teen"], exclude_cws=["suicide:depicted"]))
"""

from __future__ import annotations

from ficlens.library.blocklist import Blocklist, BlockRule
from ficlens.library.query import SearchQuery, SearchResult, WorkSummary
from ficlens.library.search import QueryError, run_facets, run_search
from ficlens.library.similar import SimilarWork, find_similar
from ficlens.library.store import AddResult, DuplicatePair, Store, default_path

__all__ = [
    "AddResult",
    "BlockRule",
    "Blocklist",
    "DuplicatePair",
    "Library",
    "QueryError",
    "SearchQuery",
    "SearchResult",
    "SimilarWork",
    "Store",
    "WorkSummary",
    "default_path",
]


_FACET_CACHE_SIZE = 256


class Library(Store):
    """A personal archive of works: the store (add, list, blocklist, duplicates, series) plus
    search with AO3 filters and similar works."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Full text plus AO3 filters; the blocklist hides works unless `query.apply_blocklist` is off."""
        return run_search(self, query)

    def state(self) -> tuple:
        """Changes whenever what a search or a page of this library shows may have changed: a commit
        to the index or to SQLite (by any process), the blocklist, or the KB overlay. A cache key."""
        from ficlens.kb.load import overlay_state

        return (self.index.generation(), self.sqlite_state(), self._blocklist_key(), overlay_state())

    def _blocklist_key(self) -> tuple[str, ...]:
        # Rules change in place (`Blocklist.add`/`remove`), so key on their content, not the object.
        return tuple(rule.model_dump_json() for rule in self.blocklist.rules)

    def facets(self, query: SearchQuery, *, limit: int = 15) -> dict[str, list[tuple[str, int]]]:
        """Tag value counts over the works `query` matches: the sidebar of a search page.

        Counting facets aggregates over every matching work (~30 ms at 2,000 works, growing with
        the library), and browse pages repeat the same few filters; so results are kept until the
        index changes (any commit, by this process or another, rewrites the index's meta.json), the
        blocklist (which the counts leave out) or the KB overlay does.
        """
        from ficlens.kb.load import overlay_state

        key = (
            query.model_dump_json(exclude={"limit", "offset", "sort", "descending"}),
            limit,
            self.index.generation(),
            self._blocklist_key() if query.apply_blocklist else (),
            overlay_state(),  # filters read KB aliases: a `ficlens kb add` changes what they match
        )
        cache: dict[tuple, dict[str, list[tuple[str, int]]]]
        cache = self.__dict__.setdefault("_facet_cache", {})
        found = cache.get(key)
        if found is None:
            found = run_facets(self, query, limit=limit)
            if len(cache) >= _FACET_CACHE_SIZE:
                cache.clear()
            cache[key] = found
        return {name: list(values) for name, values in found.items()}

    def similar(self, work_id: int, *, limit: int = 10) -> list[SimilarWork]:
        """Works like `work_id` by wording (TF-IDF) and shared tags, each with its reasons."""
        return find_similar(self, work_id, limit=limit)
