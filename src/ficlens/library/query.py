"""What a library search asks for and what it returns; shared by the CLI, the web UI and the store."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ficlens.model import Series

# Largest count or position a query may carry: far beyond any library, well inside 32-bit offsets.
MAX_COUNT = 2**31 - 1

SortKey = Literal["relevance", "words", "added", "title", "author"]
TagSource = Literal["declared", "inferred", "any"]


class SearchQuery(BaseModel):
    """An AO3-style search: free text plus include/exclude filters.

    Tag filters accept `*` wildcards ("*Character Death*"). `exclude_cw` entries are
    "id" or "id:min_severity" (e.g. "suicide:depicted").
    """

    text: str | None = None
    ratings: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    exclude_warnings: list[str] = Field(default_factory=list)
    fandoms: list[str] = Field(default_factory=list)
    exclude_fandoms: list[str] = Field(default_factory=list)
    characters: list[str] = Field(default_factory=list)
    exclude_characters: list[str] = Field(default_factory=list)
    relationships: list[str] = Field(default_factory=list)
    exclude_relationships: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    exclude_tags: list[str] = Field(default_factory=list)
    cws: list[str] = Field(default_factory=list)
    exclude_cws: list[str] = Field(default_factory=list)
    # Bounded so a hostile `?words_min=10**25` is a validation error, not an overflow in SQLite or tantivy.
    words_min: int | None = Field(None, ge=-MAX_COUNT, le=MAX_COUNT)
    words_max: int | None = Field(None, ge=-MAX_COUNT, le=MAX_COUNT)
    complete: bool | None = None
    language: str | None = None
    crossover: bool | None = None
    source: TagSource = "any"
    sort: SortKey = "relevance"
    descending: bool = True
    limit: int = Field(20, le=MAX_COUNT)
    offset: int = Field(0, le=MAX_COUNT)
    apply_blocklist: bool = True


class WorkSummary(BaseModel):
    """An AO3-like blurb of a stored work."""

    id: int
    title: str | None
    authors: list[str] = Field(default_factory=list)
    summary: str | None = None
    rating: str | None = None
    archive_warnings: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    fandoms: list[str] = Field(default_factory=list)
    relationships: list[str] = Field(default_factory=list)
    characters: list[str] = Field(default_factory=list)
    freeform: list[str] = Field(default_factory=list)
    content_warnings: list[str] = Field(default_factory=list)  # "id:severity"
    words: int = 0
    chapters: int = 0
    complete: bool | None = None
    language: str | None = None
    series: Series | None = None
    added_at: str | None = None
    analysed: bool = False
    score: float | None = None


class SearchResult(BaseModel):
    total: int
    hidden_by_blocklist: int = 0
    hits: list[WorkSummary] = Field(default_factory=list)
    # What the search could not do as asked (a tag filter matching nothing, a query read as words).
    notes: list[str] = Field(default_factory=list)
