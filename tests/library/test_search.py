"""Every AO3 filter, sort and wildcard against an oracle computed from the generated specs."""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase

import pytest

from ficlens.library import QueryError, SearchQuery
from ficlens.model import SEVERITY_ORDER


def _m(pattern: str, values: list[str]) -> bool:
    return any(fnmatchcase(v.casefold(), pattern.casefold()) for v in values)


def _all_tags(s) -> list[str]:
    return [s.rating, *s.warnings, *s.fandoms, *s.characters, *s.relationships, *s.freeform]


def _search_ids(lib, ids_by_key, q: SearchQuery) -> set[str]:
    result = lib.search(q.model_copy(update={"limit": 1000, "apply_blocklist": False}))
    # (the oracle lambdas read declared tags unless a case sets `source`)
    back = {v: k for k, v in ids_by_key.items()}
    assert result.total == len(result.hits)
    return {back[h.id] for h in result.hits}


CASES: list[tuple[str, dict, Callable]] = [
    ("rating", {"ratings": ["Explicit"]}, lambda s: s.rating == "Explicit"),
    (
        "rating-alias-any-of",
        {"ratings": ["e", "teen"]},
        lambda s: s.rating in ("Explicit", "Teen And Up Audiences"),
    ),
    ("warning", {"warnings": ["Major Character Death"]}, lambda s: "Major Character Death" in s.warnings),
    ("exclude-warning", {"exclude_warnings": ["*violence*"]}, lambda s: not _m("*violence*", s.warnings)),
    ("fandom", {"fandoms": ["sherlock (tv)"]}, lambda s: "Sherlock (TV)" in s.fandoms),
    ("fandom-wildcard", {"fandoms": ["Star Wars*"]}, lambda s: _m("star wars*", s.fandoms)),
    ("exclude-fandom", {"exclude_fandoms": ["Merlin*"]}, lambda s: not _m("merlin*", s.fandoms)),
    ("character", {"characters": ["John Watson"]}, lambda s: "John Watson" in s.characters),
    (
        "exclude-character",
        {"exclude_characters": ["*(Good Omens)"]},
        lambda s: not _m("*(good omens)", s.characters),
    ),
    ("relationship", {"relationships": ["*/*"]}, lambda s: bool(s.relationships)),
    (
        "exclude-relationship",
        {"exclude_relationships": ["Merlin*"]},
        lambda s: not _m("merlin*", s.relationships),
    ),
    ("tag-wildcard", {"tags": ["*Character Death*"]}, lambda s: _m("*character death*", _all_tags(s))),
    ("tags-all-of", {"tags": ["Fluff", "Angst"]}, lambda s: "Fluff" in s.freeform and "Angst" in s.freeform),
    ("exclude-tag", {"exclude_tags": ["*Death*"]}, lambda s: not _m("*death*", _all_tags(s))),
    (
        "tag-with-ampersand",
        {"tags": ["*Coffee Shops & Cafés"]},
        lambda s: _m("*coffee shops & cafés", s.freeform),
    ),
    ("cw-any-severity", {"cws": ["grief"], "source": "inferred"}, lambda s: "grief" in s.cws),
    (
        "cw-min-severity",
        {"cws": ["suicide:depicted"], "source": "inferred"},
        lambda s: SEVERITY_ORDER.get(s.cws.get("suicide", ""), 0) >= 2,
    ),
    (
        "exclude-cw",
        {"exclude_cws": ["suicide:depicted"], "source": "inferred"},
        lambda s: SEVERITY_ORDER.get(s.cws.get("suicide", ""), 0) < 2,
    ),
    (
        "exclude-cw-any",
        {"exclude_cws": ["violence"], "source": "inferred"},
        lambda s: "violence" not in s.cws,
    ),
    ("words-min", {"words_min": 2500}, lambda s: s.words >= 2500),
    ("words-range", {"words_min": 500, "words_max": 9000}, lambda s: 500 <= s.words <= 9000),
    ("complete", {"complete": True}, lambda s: s.complete is True),
    ("in-progress", {"complete": False}, lambda s: s.complete is False),
    ("language", {"language": "deutsch"}, lambda s: s.language == "Deutsch"),
    ("crossover", {"crossover": True, "source": "declared"}, lambda s: len(s.fandoms) > 1),
    ("no-crossover", {"crossover": False, "source": "declared"}, lambda s: len(s.fandoms) == 1),
    (
        "source-declared",
        {"fandoms": ["Good Omens*"], "source": "declared"},
        lambda s: "Good Omens (TV)" in s.fandoms,
    ),
    (
        "source-inferred",
        {"fandoms": ["Good Omens*"], "source": "inferred"},
        lambda s: "Good Omens (TV)" in s.inferred_fandoms,
    ),
    (
        "source-any",
        {"fandoms": ["Good Omens*"], "source": "any"},
        lambda s: "Good Omens (TV)" in s.fandoms + s.inferred_fandoms,
    ),
    (
        "rating-any-source",
        {"ratings": ["Mature"], "source": "any"},
        lambda s: "Mature" in (s.rating, s.inferred_rating),
    ),
    (
        "inferred-rating",
        {"ratings": ["Mature"], "source": "inferred"},
        lambda s: s.inferred_rating == "Mature",
    ),
    (
        "text-and-3-filters",
        {"text": "dragon", "ratings": ["G", "T", "M", "E"], "words_min": 100, "exclude_tags": ["Angst"]},
        lambda s: s.phrase and s.rating != "Not Rated" and "Angst" not in s.freeform,
    ),
    ("phrase", {"text": '"silver dragon"'}, lambda s: s.phrase),
    ("title-field", {"text": "title:lantern"}, lambda s: "lantern" in s.title.lower().split()),
    ("author-text", {"text": "cat_writes"}, lambda s: "cat_writes" in s.authors),
]


@pytest.mark.parametrize(("name", "params", "oracle"), CASES, ids=[c[0] for c in CASES])
def test_search_filter_matches_oracle(generated, specs, name, params, oracle) -> None:
    lib, ids = generated
    expected = {s.key for s in specs if oracle(s)}
    assert expected, f"case {name} selects nothing: the generated data does not exercise it"
    if name not in ("exclude-warning", "exclude-cw-any", "exclude-relationship"):
        assert len(expected) < len(specs) or name.startswith("exclude"), name
    assert _search_ids(lib, ids, SearchQuery(**({"source": "declared"} | params))) == expected


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("words", lambda s: s.words),
        ("title", lambda s: s.title.casefold()),
        ("author", lambda s: s.authors[0].casefold()),
    ],
)
@pytest.mark.parametrize("descending", [True, False])
def test_search_sort_orders_hits(generated, specs, sort, key, descending) -> None:
    lib, ids = generated
    by_id = {ids[s.key]: s for s in specs}
    hits = lib.search(SearchQuery(sort=sort, descending=descending, limit=100, apply_blocklist=False)).hits
    values = [key(by_id[h.id]) for h in hits]
    assert len(values) == len(specs)
    assert values == sorted(values, reverse=descending)


def test_search_sort_added_and_paging(generated) -> None:
    lib, _ = generated
    everything = lib.search(
        SearchQuery(sort="added", descending=False, limit=100, apply_blocklist=False)
    ).hits
    assert [h.id for h in everything] == sorted(h.id for h in everything)
    page = lib.search(SearchQuery(sort="added", descending=False, limit=5, offset=10, apply_blocklist=False))
    assert [h.id for h in page.hits] == [h.id for h in everything[10:15]]
    assert page.total == len(everything)


def test_search_relevance_prefers_title_match(generated, specs) -> None:
    lib, ids = generated
    target = specs[5]
    word = target.title.split()[0].lower()
    hits = lib.search(SearchQuery(text=f"{word} {target.key}", apply_blocklist=False)).hits
    assert hits[0].id == ids[target.key]
    assert hits[0].score is not None and hits[0].score > 0


@pytest.mark.parametrize(
    "text", ['"unbalanced quote', "dragon AND (", "title:(", "nosuchfield:dragon", "a OR"]
)
def test_search_bad_syntax_falls_back_to_words(generated, text) -> None:
    lib, _ = generated
    result = lib.search(SearchQuery(text=text, apply_blocklist=False))
    assert isinstance(result.total, int)


def test_search_bad_syntax_says_so(generated) -> None:
    lib, _ = generated
    result = lib.search(SearchQuery(text='"silver dragon', apply_blocklist=False))
    assert result.total > 0 and any("could not read" in n for n in result.notes)


@pytest.mark.parametrize(
    "params",
    [
        {"ratings": ["Very Spicy"]},
        {"cws": ["suicide:extreme"]},
        {"text": "()"},
        {"words_min": 10, "words_max": 5},
    ],
)
def test_search_invalid_values_raise_query_error(generated, params) -> None:
    lib, _ = generated
    with pytest.raises(QueryError):
        lib.search(SearchQuery(**params))


def test_search_unknown_tag_gives_note_and_suggestion(generated) -> None:
    lib, _ = generated
    result = lib.search(SearchQuery(fandoms=["Sherlok (TV)"], apply_blocklist=False))
    assert result.total == 0
    assert any("Sherlock (TV)" in n for n in result.notes)


def test_search_facets_count_matching_works(generated, specs) -> None:
    lib, _ = generated
    facets = lib.facets(SearchQuery(source="declared", apply_blocklist=False), limit=50)
    fandom_counts = dict(facets["fandom"])
    for fandom in {f for s in specs for f in s.fandoms}:
        assert fandom_counts[fandom] == sum(fandom in s.fandoms for s in specs)
    cw_counts = dict(lib.facets(SearchQuery(apply_blocklist=False), limit=50)["cw"])
    assert cw_counts["grief"] == sum("grief" in s.cws for s in specs)
    narrowed = dict(
        lib.facets(SearchQuery(ratings=["Explicit"], source="declared", apply_blocklist=False))["rating"]
    )
    assert narrowed == {"Explicit": sum(s.rating == "Explicit" for s in specs)}
