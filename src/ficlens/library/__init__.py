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
from ficlens.library.search import QueryError
from ficlens.library.store import AddResult, DuplicatePair, Library, SimilarWork, default_path

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
    "WorkSummary",
    "default_path",
]
