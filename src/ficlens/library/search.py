"""AO3-style search: a `SearchQuery` compiled to one tantivy boolean query.

Semantics (as on AO3): ratings are alternatives (any of them); every other include filter must
hold (all of them), where one wildcard pattern matches any of the tags it expands to; excludes
drop a work when any of their tags is present. `--tag` matches a tag of any type except content
warnings. Filter values are matched case-insensitively against the tags the library holds; an
include that matches no stored tag yields no works and a note saying so. Fandom, character and
relationship values also match what they mean: "B/A" finds "A/B" (but "A & B" stays platonic), a
nickname or alias the KB knows finds the character tag ("Angel" -> "Aziraphale (Good Omens)"), and so
do the names a tag writes inside it ("Bucky" -> 'James "Bucky" Barnes', "Darth Vader" -> "Anakin
Skywalker | Darth Vader") and a full name with a listed nickname ("Jim Kirk" -> "James T. Kirk"); a
fandom alias or a name an author writes for the fandom tag ("Sherlock" -> "Sherlock (TV)", "Harry
Potter" -> "Harry Potter - J. K. Rowling") finds it; a note lists what was added.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

import tantivy
from tantivy import FieldType, Occur, Order, Query

from ficlens.errors import InputError
from ficlens.library.blocklist import BlockRule
from ficlens.library.index import FIELD_BOOSTS, TEXT_FIELDS
from ficlens.library.query import SearchQuery, SearchResult
from ficlens.model import AO3_RATINGS, SEVERITY_ORDER

if TYPE_CHECKING:
    from ficlens.library.store import Store

SOURCE_PREFIX = {"declared": "d", "inferred": "i", "any": "a"}
NON_CW_TYPES = ("rating", "warning", "category", "fandom", "relationship", "character", "freeform")
FACET_TYPES = {
    "rating": "rating",
    "warning": "warning",
    "category": "category",
    "fandom": "fandom",
    "relationship": "relationship",
    "character": "character",
    "freeform": "freeform",
    "cw": "cw",
}
_RATING_ALIASES = {
    "g": "General Audiences",
    "general": "General Audiences",
    "t": "Teen And Up Audiences",
    "teen": "Teen And Up Audiences",
    "m": "Mature",
    "e": "Explicit",
    "nr": "Not Rated",
    "not rated": "Not Rated",
}
_SORT_FIELDS = {"words": "words", "added": "added", "title": "title_sort", "author": "author_sort"}


class QueryError(InputError):
    """A search the library cannot run as asked (unknown rating or severity, empty query)."""


class Compiled:
    def __init__(self) -> None:
        self.must: list[Query] = []
        self.must_not: list[Query] = []
        self.notes: list[str] = []


def _terms_query(lib: Store, terms: list[str]) -> Query:
    return Query.term_set_query(lib.index.schema, "tag", sorted(set(terms)))


def _expand(lib: Store, types: tuple[str, ...], pattern: str, prefix: str) -> list[str]:
    return [f"{prefix}:{t}:{n}" for t, n in lib.tag_vocabulary(types, pattern)]


# Filters whose values may be written another way: a ship in another member order, a
# character by a nickname, a fandom by an alias or without its "(TV)" (`ficlens.kb.lookup`).
# `--tag` (the web UI's "other tags") forgives the same for the fandom/character/ship tags it matches.
SYNONYM_LABELS = ("fandom", "character", "relationship", "tag")
_SYNONYM_TYPES = ("fandom", "character", "relationship")


def _synonyms(lib: Store, types: tuple[str, ...], value: str, prefix: str, found: list[str]) -> list[str]:
    """Terms of stored tags that mean what `value` means, beyond the ones `found` already."""
    from ficlens.kb import lookup

    if "*" in value:
        return []
    terms: list[str] = []
    for ttype in (t for t in types if t in _SYNONYM_TYPES):
        if ttype == "relationship":
            matches = lookup.relationship_matcher(value)
        elif ttype == "character":
            matches = lookup.character_matcher(value)
        else:
            matches = lookup.fandom_matcher(value)
        if matches is None:
            continue
        # One row per distinct stored tag: few enough to test each here rather than index them.
        names = {n for _, n in lib.tag_vocabulary((ttype,), "*") if matches(n)}
        terms += [f"{prefix}:{ttype}:{n}" for n in sorted(names)]
    return [t for t in terms if t not in found]


def _suggest(lib: Store, types: tuple[str, ...], pattern: str) -> str:
    names = [n for _, n in lib.tag_vocabulary(types, "*")]
    close = difflib.get_close_matches(pattern, names, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _resolve_rating(value: str) -> str:
    key = " ".join(value.casefold().split())
    for rating in AO3_RATINGS:
        if rating.casefold() == key or (rating.casefold().startswith(key) and len(key) >= 3):
            return rating
    if key in _RATING_ALIASES:
        return _RATING_ALIASES[key]
    raise QueryError(f"unknown rating {value!r}", hint=f"use one of: {', '.join(AO3_RATINGS)}")


def _cw_terms(value: str, prefix: str) -> tuple[str, list[str]]:
    """("suicide", terms at or above the severity) for "suicide" or "suicide:depicted"."""
    cw_id, _, severity = value.strip().partition(":")
    severity = severity.strip().casefold() or "mentioned"
    if severity not in SEVERITY_ORDER:
        raise QueryError(
            f"unknown severity {severity!r} in {value!r}", hint=f"use one of: {', '.join(SEVERITY_ORDER)}"
        )
    floor = SEVERITY_ORDER[severity]
    return cw_id.strip(), [s for s, rank in SEVERITY_ORDER.items() if rank >= floor]


def _cw_query(lib: Store, value: str, prefix: str) -> tuple[Query | None, str]:
    cw_id, severities = _cw_terms(value, prefix)
    ids = [n for _, n in lib.tag_vocabulary(("cw",), cw_id)]
    terms = [f"{prefix}:cw:{i}:{s}" for i in ids for s in severities]
    return (_terms_query(lib, terms) if terms else None), cw_id


def _range(lib: Store, field: str, lo: int | None, hi: int | None) -> Query:
    return Query.range_query(lib.index.schema, field, FieldType.Integer, lo, hi)


def text_query(lib: Store, text: str, notes: list[str]) -> Query | None:
    """Parse the free text with tantivy's syntax (AND by default, "phrases", title:word);
    on a syntax error, search for its words instead and say so."""
    text = text.strip()
    if not text:
        return None
    index = lib.index.index
    try:
        return index.parse_query(
            text, list(TEXT_FIELDS), field_boosts=FIELD_BOOSTS, conjunction_by_default=True
        )
    except ValueError as exc:
        # Lower case: AND/OR/NOT left over from a broken query are then plain words.
        words = re.sub(r"[^\w\s]+", " ", text).casefold().split()
        if not words:
            raise QueryError(
                f"nothing to search for in {text!r}", hint="type some words, or leave the text out"
            ) from exc
        notes.append(
            f"could not read {text!r} as a query ({exc}); searched for the words {' '.join(words)!r} instead"
        )
        try:
            return index.parse_query(
                " ".join(words), list(TEXT_FIELDS), field_boosts=FIELD_BOOSTS, conjunction_by_default=True
            )
        except ValueError as again:
            raise QueryError(f"cannot search for {text!r} ({again})") from again


def compile_filters(lib: Store, q: SearchQuery) -> Compiled:
    c = Compiled()
    p = SOURCE_PREFIX[q.source]
    if q.text:
        tq = text_query(lib, q.text, c.notes)
        if tq is not None:
            c.must.append(tq)
    if q.ratings:
        ratings = [_resolve_rating(r) for r in q.ratings]
        c.must.append(_terms_query(lib, [f"{p}:rating:{r}" for r in ratings]))

    def include(types: tuple[str, ...], values: list[str], label: str) -> None:
        for value in values:
            if not value.strip():
                continue
            terms = _expand(lib, types, value, p)
            if label in SYNONYM_LABELS:
                more = _synonyms(lib, types, value, p, terms)
                if more:
                    names = ", ".join(repr(t.split(":", 2)[2]) for t in more[:5])
                    c.notes.append(f"{label} {value!r} also matched {names}")
                terms += more
            if not terms:
                c.notes.append(f"no {label} in the library matches {value!r}{_suggest(lib, types, value)}")
                c.must.append(Query.empty_query())
            else:
                c.must.append(_terms_query(lib, terms))

    def exclude(types: tuple[str, ...], values: list[str], label: str) -> None:
        for value in values:
            terms = _expand(lib, types, value, p) if value.strip() else []
            if value.strip() and label in SYNONYM_LABELS:
                terms += _synonyms(lib, types, value, p, terms)
            if terms:
                c.must_not.append(_terms_query(lib, terms))

    include(("warning",), q.warnings, "archive warning")
    exclude(("warning",), q.exclude_warnings, "archive warning")
    include(("fandom",), q.fandoms, "fandom")
    exclude(("fandom",), q.exclude_fandoms, "fandom")
    include(("character",), q.characters, "character")
    exclude(("character",), q.exclude_characters, "character")
    include(("relationship",), q.relationships, "relationship")
    exclude(("relationship",), q.exclude_relationships, "relationship")
    include(NON_CW_TYPES, q.tags, "tag")
    exclude(NON_CW_TYPES, q.exclude_tags, "tag")
    for value in q.cws:
        cq, cw_id = _cw_query(lib, value, p)
        if cq is None:
            c.notes.append(f"no content warning in the library matches {cw_id!r}")
            c.must.append(Query.empty_query())
        else:
            c.must.append(cq)
    for value in q.exclude_cws:
        cq, _ = _cw_query(lib, value, p)
        if cq is not None:
            c.must_not.append(cq)
    if q.words_min is not None or q.words_max is not None:
        if q.words_min is not None and q.words_max is not None and q.words_min > q.words_max:
            raise QueryError(f"--words-min {q.words_min} is above --words-max {q.words_max}")
        c.must.append(_range(lib, "words", q.words_min, q.words_max))
    if q.complete is not None:
        c.must.append(Query.term_query(lib.index.schema, "complete", 1 if q.complete else 0))
    if q.language:
        c.must.append(Query.term_query(lib.index.schema, "language", " ".join(q.language.casefold().split())))
    if q.crossover is not None:
        field = f"nf_{p}"
        c.must.append(_range(lib, field, 2, None) if q.crossover else _range(lib, field, None, 1))
    return c


def compile_blocklist(lib: Store, rules: list[BlockRule]) -> list[Query]:
    """MustNot clauses for the blocklist rules (expanded against the library's vocabulary)."""
    out: list[Query] = []
    for rule in rules:
        prefix = SOURCE_PREFIX[rule.source]
        if rule.kind == "tag" and rule.pattern:
            types = (rule.type,) if rule.type else NON_CW_TYPES
            terms = _expand(lib, types, rule.pattern, prefix)
            if terms:
                out.append(_terms_query(lib, terms))
        elif rule.kind == "author" and rule.pattern:
            names = [n.casefold() for n in lib.author_names(rule.pattern)]
            if names:
                out.append(Query.term_set_query(lib.index.schema, "author", names))
        elif rule.kind == "cw" and rule.id:
            ids = [n for _, n in lib.tag_vocabulary(("cw",), rule.id)]
            terms = [f"{prefix}:cw:{i}:{s}" for i in ids for s in rule.severities()]
            if terms:
                out.append(_terms_query(lib, terms))
        elif rule.kind == "words":
            if rule.min is not None:
                out.append(_range(lib, "words", None, rule.min - 1))
            if rule.max is not None:
                out.append(_range(lib, "words", rule.max + 1, None))
        elif rule.kind == "crossover" and rule.max_fandoms is not None:
            out.append(_range(lib, f"nf_{prefix}", rule.max_fandoms + 1, None))
    return out


def _combine(must: list[Query], must_not: list[Query]) -> Query:
    if not must_not and len(must) == 1:
        return must[0]
    clauses = [(Occur.Must, q) for q in must] or [(Occur.Must, Query.all_query())]
    clauses += [(Occur.MustNot, q) for q in must_not]
    return Query.boolean_query(clauses)


def _queries(lib: Store, q: SearchQuery) -> tuple[Query, Query | None, list[str]]:
    """(final query, the same without the blocklist or None, notes)."""
    c = compile_filters(lib, q)
    block = compile_blocklist(lib, lib.blocklist.rules) if q.apply_blocklist and lib.blocklist.rules else []
    final = _combine(c.must, c.must_not + block)
    unblocked = _combine(c.must, c.must_not) if block else None
    return final, unblocked, c.notes


def run_search(lib: Store, q: SearchQuery) -> SearchResult:
    if q.limit < 0 or q.offset < 0:
        raise QueryError("limit and offset must not be negative")
    final, unblocked, notes = _queries(lib, q)
    searcher = lib.index.searcher()
    kwargs: dict = {}
    sort = q.sort
    if sort == "relevance" and not q.text:
        sort = "added"  # without words every score ties; newest first is what a reader expects
    if sort != "relevance":
        kwargs["order_by_field"] = _SORT_FIELDS[sort]
        kwargs["order"] = Order.Desc if q.descending else Order.Asc
    # tantivy sizes its top-k heap by offset + limit up front: a request for offset 2**31 aborted the
    # whole process. Past the last document there is nothing to find, so clamp both to the index size.
    size = searcher.num_docs
    limit, offset = max(min(q.limit, size), 1), min(q.offset, size)
    result = searcher.search(final, limit, count=True, offset=offset, **kwargs)
    hidden = 0
    if unblocked is not None:
        hidden = searcher.search(unblocked, 1, count=True).count - result.count
    hits = result.hits[: q.limit]
    ids = searcher.fast_field_values("id", [addr for _, addr in hits]) if hits else []
    summaries = {s.id: s for s in lib.summaries(ids)}
    out = []
    for (key, _), work_id in zip(hits, ids, strict=True):
        summary = summaries.get(work_id)
        if summary is None:  # removed since the index was written; the next writer drops it
            continue
        if sort == "relevance":
            summary.score = round(float(key), 4)
        out.append(summary)
    return SearchResult(total=result.count, hidden_by_blocklist=max(hidden, 0), hits=out, notes=notes)


def run_facets(lib: Store, q: SearchQuery, *, limit: int = 15) -> dict[str, list[tuple[str, int]]]:
    final, _, _ = _queries(lib, q)
    p = SOURCE_PREFIX[q.source]
    aggs = {
        name: {
            "terms": {"field": "tag", "size": limit if ttype != "cw" else 1000, "include": f"{p}:{ttype}:.*"}
        }
        for name, ttype in FACET_TYPES.items()
    }
    result = lib.index.searcher().aggregate(final, aggs)
    out: dict[str, list[tuple[str, int]]] = {}
    for name, ttype in FACET_TYPES.items():
        buckets = result.get(name, {}).get("buckets", [])
        cut = len(p) + len(ttype) + 2
        if ttype == "cw":
            counts: dict[str, int] = {}
            for b in buckets:
                cw_id = b["key"][cut:].rsplit(":", 1)[0]
                counts[cw_id] = counts.get(cw_id, 0) + int(b["doc_count"])
            out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        else:
            out[name] = [(b["key"][cut:], int(b["doc_count"])) for b in buckets]
    return out


__all__ = ["QueryError", "compile_filters", "run_facets", "run_search", "tantivy"]
