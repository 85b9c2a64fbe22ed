"""Search that forgives member order and synonyms (issue 14): "B/A" finds "A/B", a nickname finds the tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.library import Library, SearchQuery
from ficlens.model import Declared, Work

PACK = """\
fandom: Good Omens (TV)
aliases: [GO]
characters:
  - name: Crowley (Good Omens)
    aliases: [Anthony J. Crowley]
  - name: Aziraphale (Good Omens)
    nicknames: [Angel]
ships:
  - Aziraphale/Crowley (Good Omens)
"""
WORKS = {
    "romance": (
        ["Good Omens (TV)"],
        ["Aziraphale (Good Omens)", "Crowley (Good Omens)"],
        ["Aziraphale/Crowley (Good Omens)"],
    ),
    "friends": (
        ["Good Omens (TV)"],
        ["Aziraphale (Good Omens)", "Crowley (Good Omens)"],
        ["Aziraphale & Crowley (Good Omens)"],
    ),
    "sherlock": (["Sherlock (TV)"], ["John Watson", "Sherlock Holmes"], ["Sherlock Holmes/John Watson"]),
}


@pytest.fixture
def lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ficlens.kb.pack import add_pack, read_pack

    pack = tmp_path / "go.yaml"
    pack.write_text(PACK, encoding="utf-8")
    add_pack(read_pack(pack))
    library = Library.open(tmp_path / "lib.sqlite")
    works = [
        Work(
            title=key,
            text=f"The story called {key}, with a few words in it.",
            declared=Declared(fandoms=fandoms, characters=chars, relationships=rels),
        )
        for key, (fandoms, chars, rels) in WORKS.items()
    ]
    library.add_works(works)
    yield library
    library.close()


def _titles(lib: Library, **filters: list[str]) -> set[str]:
    result = lib.search(SearchQuery(apply_blocklist=False, limit=50, **filters))
    return {h.title for h in result.hits if h.title}


def test_relationship_in_either_member_order(lib: Library) -> None:
    assert _titles(lib, relationships=["Crowley (Good Omens)/Aziraphale"]) == {"romance"}
    assert _titles(lib, relationships=["John Watson/Sherlock Holmes"]) == {"sherlock"}
    # "/" and " & " stay apart: a romance query never finds the friendship tag, nor the reverse.
    assert _titles(lib, relationships=["Crowley & Aziraphale"]) == {"friends"}
    assert _titles(lib, exclude_relationships=["Crowley/Aziraphale"]) == {"friends", "sherlock"}
    result = lib.search(SearchQuery(relationships=["Crowley/Aziraphale"], apply_blocklist=False))
    assert any("also matched 'Aziraphale/Crowley (Good Omens)'" in n for n in result.notes)


def test_relationship_members_by_nickname(lib: Library) -> None:
    assert _titles(lib, relationships=["Crowley/Angel"]) == {"romance"}


def test_character_by_nickname_alias_or_bare_name(lib: Library) -> None:
    assert _titles(lib, characters=["Angel"]) == {"romance", "friends"}
    assert _titles(lib, characters=["anthony j. crowley"]) == {"romance", "friends"}
    assert _titles(lib, characters=["Crowley"]) == {"romance", "friends"}  # without "(Good Omens)"
    assert _titles(lib, exclude_characters=["Angel"]) == {"sherlock"}
    assert _titles(lib, characters=["Gabriel"]) == set()


def test_fandom_by_alias_or_without_its_medium(lib: Library) -> None:
    assert _titles(lib, fandoms=["GO"]) == {"romance", "friends"}
    assert _titles(lib, fandoms=["Sherlock"]) == {"sherlock"}
    assert _titles(lib, exclude_fandoms=["GO"]) == {"sherlock"}


def test_any_tag_filter_forgives_the_same(lib: Library) -> None:
    assert _titles(lib, tags=["Crowley/Aziraphale"]) == {"romance"}
    assert _titles(lib, tags=["Angel"]) == {"romance", "friends"}


def test_web_filters_forgive_order_and_nicknames(lib: Library) -> None:
    from fastapi.testclient import TestClient

    from ficlens.web import create_app

    with TestClient(create_app(library=lib)) as client:
        api = client.get(
            "/api/works", params={"relationships": "Crowley/Aziraphale", "apply_blocklist": "false"}
        )
        assert api.status_code == 200
        assert [h["title"] for h in api.json()["hits"]] == ["romance"]
        page = client.get("/", params={"tags": "Angel", "apply_blocklist": "false"})
        assert page.status_code == 200
        assert "romance" in page.text and "friends" in page.text and "sherlock" not in page.text
        assert "also matched" in page.text


def test_cached_facets_follow_a_kb_change(lib: Library, tmp_path: Path) -> None:
    from ficlens.kb.pack import add_pack, read_pack

    query = SearchQuery(characters=["Beelzebub's Friend"], apply_blocklist=False)
    assert sum(n for _, n in lib.facets(query).get("fandom", [])) == 0
    pack = tmp_path / "more.yaml"
    pack.write_text(
        "fandom: Good Omens (TV)\ncharacters:\n  - name: Crowley (Good Omens)\n    nicknames: [Beelzebub's Friend]\n",
        encoding="utf-8",
    )
    add_pack(read_pack(pack))
    assert dict(lib.facets(query)["fandom"]) == {"Good Omens (TV)": 2}


# Tags that write their synonyms inside them, as AO3's canonical tags do (no KB row needed).
TAGGED = {
    "gulls": (
        ["Kaze no Uta | Song of the Wind"],
        ['Marcus "Sparrow" Vell', "Ilse Varga | The Grey Lady"],
        ['Ilse Varga | The Grey Lady/Marcus "Sparrow" Vell'],
    ),
    "crown": (["Ashen Crown Saga - R. N. Blake"], ["James R. Holloway"], ["James R. Holloway & Tomas Reed"]),
    "captain": (["Ashen Crown Saga - R. N. Blake"], ["Captain Marigold"], []),
}


@pytest.fixture
def tagged(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = Library.open(tmp_path / "tagged.sqlite")
    library.add_works(
        [
            Work(
                title=key,
                text=f"The story called {key}, with a few words in it.",
                declared=Declared(fandoms=fandoms, characters=chars, relationships=rels),
            )
            for key, (fandoms, chars, rels) in TAGGED.items()
        ]
    )
    yield library
    library.close()


def test_character_by_a_name_written_inside_the_tag(tagged: Library) -> None:
    # The quoted nickname, alone or with the surname; the name without it; one side of "A | B".
    for value in ("Sparrow", "sparrow vell", "Marcus Vell", "The Grey Lady", "ilse varga"):
        assert _titles(tagged, characters=[value]) == {"gulls"}, value
    # Middle initials do not matter, and a listed nickname of the given name finds the formal name.
    assert _titles(tagged, characters=["James Holloway"]) == {"crown"}
    assert _titles(tagged, characters=["Jim Holloway"]) == {"crown"}
    # A bare given name, a dropped title's remainder or another given name finds nothing.
    for value in ("Marcus", "Marigold Vell", "John Holloway", "Varga Ilse"):
        assert _titles(tagged, characters=[value]) == set(), value


def test_relationship_members_by_names_inside_their_tags(tagged: Library) -> None:
    assert _titles(tagged, relationships=["Sparrow/The Grey Lady"]) == {"gulls"}
    assert _titles(tagged, relationships=["Tomas Reed & Jim Holloway"]) == {"crown"}
    assert _titles(tagged, relationships=["Tomas Reed/Jim Holloway"]) == set()  # platonic stays platonic


def test_fandom_by_the_name_an_author_writes(tagged: Library) -> None:
    assert _titles(tagged, fandoms=["Song of the Wind"]) == {"gulls"}
    assert _titles(tagged, fandoms=["kaze no uta"]) == {"gulls"}
    assert _titles(tagged, fandoms=["Ashen Crown Saga"]) == {"crown", "captain"}
    assert _titles(tagged, exclude_fandoms=["Ashen Crown Saga"]) == {"gulls"}
    assert _titles(tagged, fandoms=["Ashen Crown"]) == set()  # a name, not a prefix


def test_web_filters_forgive_names_inside_tags(tagged: Library) -> None:
    from fastapi.testclient import TestClient

    from ficlens.web import create_app

    with TestClient(create_app(library=tagged)) as client:
        api = client.get("/api/works", params={"characters": "Sparrow", "apply_blocklist": "false"})
        assert [h["title"] for h in api.json()["hits"]] == ["gulls"]
        page = client.get("/", params={"fandoms": "Song of the Wind", "apply_blocklist": "false"})
        assert page.status_code == 200
        assert "gulls" in page.text and "crown" not in page.text and "also matched" in page.text


def test_a_character_by_its_kb_name_or_ao3s_tag_finds_both(tmp_path: Path) -> None:
    # The shipped KB writes "Donald Mallard" of NCIS as AO3 does, "Ducky Mallard"; a library may
    # hold either form (works added before, or tagged by their authors either way).
    from ficlens.kb import load_kb

    entry = next(e for e in load_kb().full["donald mallard"] if e.fandom == "NCIS")
    assert entry.tag == "Ducky Mallard"
    library = Library.open(tmp_path / "lib.sqlite")
    library.add_works(
        [
            Work(
                title=t,
                text=f"The {t} story, in a few words.",
                declared=Declared(fandoms=["NCIS"], characters=[c]),
            )
            for t, c in (("old", "Donald Mallard"), ("new", "Ducky Mallard"))
        ]
    )
    try:
        assert _titles(library, characters=["Donald Mallard"]) == {"old", "new"}
        assert _titles(library, characters=["Ducky Mallard"]) == {"old", "new"}
    finally:
        library.close()
