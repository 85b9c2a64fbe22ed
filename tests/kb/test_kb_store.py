"""The knowledge base as data: the build script, the SQLite layers, the overlay merge."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from ficlens.errors import KBFileError
from ficlens.kb import load_kb
from ficlens.kb.load import build_index, merge_rows, overlay_path, shipped_rows
from ficlens.kb.store import (
    SCHEMA_VERSION,
    CharacterRow,
    FandomRow,
    KBRows,
    RelationshipRow,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
    connect,
    delete_source,
    read_rows,
    stats,
    write_file,
    write_rows,
)

ROOT = Path(__file__).resolve().parents[2]


def _build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "training" / "build_kb.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _vocab(tmp: Path) -> Path:
    vocab = tmp / "vocab"
    vocab.mkdir()
    toasty = "fandomstats/toastystats (AO3 2021-02-26 data dump)"
    (vocab / "fandoms.tsv").write_text(
        "name\tworks\tcategory\tkind\trpf\tao3_tag_id\tsource\n"
        f"Torchwood\t19829\t\tao3_canonical_tag\t\t1\t{toasty}\n"
        f"Tiny Fandom\t3\t\tao3_canonical_tag\t\t2\t{toasty}\n"
        "Doctor Who Universe\t\t\tumbrella_grouping\t\t\tdkettchen/popular_ship_stats (fandom_data.csv grouping)\n",
        encoding="utf-8",
    )
    (vocab / "characters.tsv").write_text(
        "name\tfandom\taliases\tworks\tsource\n"
        "Jack Harkness\tTorchwood\tCaptain Jack|Jack\t\tdkettchen/popular_ship_stats:ranking-members\n"
        "Ianto Jones\tTorchwood\t\t\tdkettchen/popular_ship_stats:characters\n",
        encoding="utf-8",
    )
    (vocab / "relationships.tsv").write_text(
        "tag\ttype\tmembers\tfandom\tcategory\tworks\tworks_year\tranking_years\trankings\tsource\n"
        "Jack Harkness/Ianto Jones\tromantic\tJack Harkness|Ianto Jones\tTorchwood\tM/M\t12280\t\t\t\t"
        "dkettchen/popular_ship_stats\n",
        encoding="utf-8",
    )
    return vocab


def test_build_is_deterministic_and_keeps_rows_with_sources(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    rows = script.build(vocab, 1000, [])
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    write_file(a, rows, kind="shipped")
    write_file(b, script.build(vocab, 1000, []), kind="shipped")
    assert a.read_bytes() == b.read_bytes()
    conn = connect(a, readonly=True)
    back = read_rows(conn)
    assert [f.name for f in back.fandoms] == ["Doctor Who Universe", "Torchwood"]  # "Tiny Fandom" < 1000
    jack = next(c for c in back.characters if c.name == "Jack Harkness")
    assert (jack.name, jack.aliases, jack.ao3_tag, jack.source) == (
        "Jack Harkness",
        ["Captain Jack", "Jack"],
        True,
        "dkettchen:ranking-members",
    )
    assert back.relationships[0].members == ["Jack Harkness", "Ianto Jones"]
    info = stats(conn)
    assert info["meta"]["schema_version"] == str(SCHEMA_VERSION)  # type: ignore[index]
    assert info["tables"]["characters"] == 2  # type: ignore[index]
    assert info["sources"]["toastystats"] == {"fandoms": 1}  # type: ignore[index]


def test_build_merges_extra_sources_and_requires_their_description(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    extra = tmp_path / "tagwiki.characters.tsv"
    extra.write_text(
        "name\tfandom\tnicknames\tworks\tao3_tag\n"
        "Ianto Jones\tTorchwood\tTea Boy\t900\t1\n"
        "Toshiko Sato\tTorchwood\tTosh\t500\t1\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match="tagwiki"):
        script.build(vocab, 1000, [extra])
    script.VOCAB_DESCRIPTIONS["tagwiki"] = "a test list"
    try:
        rows = script.build(vocab, 1000, [extra])
    finally:
        del script.VOCAB_DESCRIPTIONS["tagwiki"]
    by_name = {c.name: c for c in rows.characters}
    assert by_name["Ianto Jones"].nicknames == ["Tea Boy"]
    assert by_name["Ianto Jones"].source == "dkettchen:characters;tagwiki"
    assert by_name["Ianto Jones"].works == 900
    assert by_name["Toshiko Sato"].source == "tagwiki"
    kb = build_index(rows)
    assert [e.name for e in kb.partial["tosh"]] == ["Toshiko Sato"]


def test_shipped_kb_has_current_schema_and_known_rows() -> None:
    rows = shipped_rows()
    assert rows.meta["schema_version"] == str(SCHEMA_VERSION)
    assert len(rows.characters) >= 2000 and len(rows.relationships) >= 700
    assert all(c.source for c in rows.characters) and all(r.source for r in rows.relationships)
    assert set(rows.sources) >= {s for c in rows.characters for s in c.source.split(";")}


def test_overlay_merges_aliases_into_a_known_character_and_adds_new_ones() -> None:
    base = KBRows(
        fandoms=[FandomRow("Torchwood", 19829)],
        characters=[CharacterRow("Jack Harkness", "Torchwood", aliases=["Jack"], works=5, source="s")],
    )
    over = KBRows(
        characters=[
            CharacterRow(
                "Jack Harkness", "Torchwood", nicknames=["Captain"], forms={"Harkness": 2}, source="p"
            ),
            CharacterRow("Owen Harper", "Torchwood", forms={"Owen": 1}, source="library"),
        ],
        relationships=[
            RelationshipRow(
                "Jack Harkness/Owen Harper", "romantic", ["Jack Harkness", "Owen Harper"], "Torchwood"
            )
        ],
    )
    merged = merge_rows(base, over)
    assert base.characters[0].nicknames == []  # the cached base is never changed
    jack = merged.characters[0]
    assert jack.all_aliases() == ["Jack", "Captain", "Harkness"] and jack.source == "s;p" and jack.works == 5
    kb = build_index(merged)
    assert [e.name for e in kb.full["owen harper"]] == ["Owen Harper"]
    assert kb.relationships[0][2] == ["Jack Harkness", "Owen Harper"]


def test_load_kb_sees_overlay_changes_in_the_same_process() -> None:
    # A person no shipped source names (the shipped KB now has Torchwood's Rhys Williams).
    before = load_kb()
    assert "rhian pennant" not in before.full
    conn = connect(overlay_path(), readonly=False)
    write_rows(conn, KBRows(characters=[CharacterRow("Rhian Pennant", "Torchwood", source="test")]))
    conn.commit()
    conn.close()
    after = load_kb()
    assert [e.fandom for e in after.full["rhian pennant"]] == ["Torchwood"]
    assert load_kb() is after  # unchanged overlay: cached


def test_kb_file_of_another_schema_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    conn.commit()
    conn.close()
    with pytest.raises(KBFileError, match="schema version 0"):
        connect(path, readonly=True)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(KBFileError, match="not a ficlens knowledge base"):
        connect(tmp_path / "junk.sqlite", readonly=True)


# The layout of a schema 1 file (stops 14-38), as overlays written then still hold it.
_SCHEMA_1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE fandoms(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('tag', 'umbrella')),
  works INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE fandom_aliases(
  fandom_id INTEGER NOT NULL REFERENCES fandoms(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  alias TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE characters(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, fandom TEXT NOT NULL, works INTEGER NOT NULL,
  ao3_tag INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE character_aliases(
  character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE, position INTEGER NOT NULL,
  alias TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('alias', 'nickname', 'text')),
  works INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE relationships(
  id INTEGER PRIMARY KEY, tag TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('romantic', 'platonic')),
  fandom TEXT NOT NULL, category TEXT NOT NULL, works INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE relationship_members(
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE learned_works(work_hash TEXT PRIMARY KEY, title TEXT NOT NULL, observed TEXT NOT NULL);
CREATE TABLE character_tags(
  character_id INTEGER PRIMARY KEY REFERENCES characters(id) ON DELETE CASCADE, tag TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1'), ('kind', 'overlay');
INSERT INTO sources VALUES ('pack:torchwood', 'a pack'), ('library', 'learned');
INSERT INTO fandoms VALUES (1, 'Torchwood', 'tag', 0, 'pack:torchwood');
INSERT INTO characters VALUES (1, 'Jack Harkness', 'Torchwood', 0, 0, 'pack:torchwood'),
  (2, 'Gwen Cooper', 'Torchwood', 3, 1, 'library');
INSERT INTO character_aliases VALUES (1, 0, 'Captain Jack', 'alias', 0, 'pack:torchwood'),
  (2, 0, 'Gwen', 'text', 3, 'library');
INSERT INTO character_tags VALUES (2, 'Gwen Cooper (Torchwood)');
INSERT INTO learned_works VALUES ('work:abc', 'A Torchwood story', '{}');
"""


def _schema_1_overlay(path: Path, more: str = "") -> Path:
    """A schema 1 overlay file, with `more` SQL run after the fixture's rows."""
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA_1 + more)
    conn.close()
    return path


def _read_only(path: Path) -> KBRows:
    conn = connect(path, readonly=True)
    try:
        return read_rows(conn)
    finally:
        conn.close()


def test_schema_1_file_reads_as_it_is(tmp_path: Path) -> None:
    path = _schema_1_overlay(tmp_path / "old.sqlite")
    before = path.read_bytes()
    rows = _read_only(path)
    assert [(c.name, c.fandom, c.source, c.aliases, c.forms, c.tag) for c in rows.characters] == [
        ("Jack Harkness", "Torchwood", "pack:torchwood", ["Captain Jack"], {}, ""),
        ("Gwen Cooper", "Torchwood", "library", [], {"Gwen": 3}, "Gwen Cooper (Torchwood)"),
    ]
    assert path.read_bytes() == before  # reading never migrates


def test_schema_1_overlay_is_migrated_on_write_with_every_row_kept(tmp_path: Path) -> None:
    path = _schema_1_overlay(tmp_path / "old.sqlite")
    before = _read_only(path)
    conn = connect(path, readonly=False)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    after = read_rows(conn)
    assert after.characters == before.characters and after.fandoms == before.fandoms
    assert conn.execute("SELECT count(*) FROM learned_works").fetchone() == (1,)
    # Each fandom tag and source key once, not once per character.
    assert sorted(t for (t,) in conn.execute("SELECT text FROM labels")) == [
        "Torchwood",
        "library",
        "pack:torchwood",
    ]
    # The foreign keys point at the new rows: removing a source takes its aliases and tags with it.
    delete_source(conn, "library")
    conn.commit()
    assert [c.name for c in read_rows(conn).characters] == ["Jack Harkness"]
    assert conn.execute("SELECT count(*) FROM character_tags").fetchone() == (0,)
    assert sorted(t for (t,) in conn.execute("SELECT text FROM labels")) == ["Torchwood", "pack:torchwood"]
    write_rows(conn, KBRows(characters=[CharacterRow("Ianto Jones", "Torchwood", source="pack:torchwood")]))
    conn.commit()
    assert [c.name for c in read_rows(conn).characters] == ["Jack Harkness", "Ianto Jones"]
    conn.close()
    conn = connect(path, readonly=False)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Another process that found schema 1 before this one migrated it finds schema 4 under the lock.
    _migrate_to_2(conn)
    _migrate_to_3(conn)
    _migrate_to_4(conn)
    assert [c.name for c in read_rows(conn).characters] == ["Jack Harkness", "Ianto Jones"]
    conn.close()


def test_older_overlay_terms_and_aliases_are_migrated_to_schema_3(tmp_path: Path) -> None:
    """Schema 3 keeps a term's fandom and source in labels and drops the alias source that repeated its
    character's; an overlay with a terms table of text columns keeps every row through both migrations."""
    path = _schema_1_overlay(
        tmp_path / "old.sqlite",
        "CREATE TABLE terms(id INTEGER PRIMARY KEY, name TEXT NOT NULL, fandom TEXT NOT NULL,"
        " kind TEXT NOT NULL, source TEXT NOT NULL);"
        "INSERT INTO terms VALUES (1, 'The Hub', 'Torchwood', 'place', 'pack:torchwood'),"
        " (2, 'Plass', 'Torchwood (Audio)', 'place', 'pack:audio');"
        "INSERT INTO sources VALUES ('pack:audio', 'another pack');",
    )
    before = _read_only(path)
    assert [t.name for t in before.terms] == ["The Hub", "Plass"]
    conn = connect(path, readonly=False)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    after = read_rows(conn)
    assert after.terms == before.terms and after.characters == before.characters
    assert [c[1] for c in conn.execute("PRAGMA table_info(character_aliases)")] == [
        "character_id",
        "position",
        "alias",
        "kind",
        "works",
    ]
    # A source's terms and aliases go with it; the labels its terms alone used go too.
    delete_source(conn, "pack:torchwood")
    conn.commit()
    rows = read_rows(conn)
    assert [t.name for t in rows.terms] == ["Plass"] and [c.name for c in rows.characters] == ["Gwen Cooper"]
    assert conn.execute("SELECT count(*) FROM character_aliases").fetchone() == (1,)
    assert sorted(t for (t,) in conn.execute("SELECT text FROM labels")) == [
        "Torchwood",
        "Torchwood (Audio)",
        "library",
        "pack:audio",
    ]
    delete_source(conn, "pack:audio")
    conn.commit()
    assert read_rows(conn).terms == []
    assert sorted(t for (t,) in conn.execute("SELECT text FROM labels")) == ["Torchwood", "library"]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_older_overlay_fandoms_and_ships_are_migrated_to_schema_4(tmp_path: Path) -> None:
    """Schema 4 keeps a fandom's source and a ship's fandom and source in labels; fandom aliases and ship
    members are copied to point at the new tables, and a deleted source takes them with it."""
    path = _schema_1_overlay(
        tmp_path / "old.sqlite",
        "INSERT INTO fandom_aliases VALUES (1, 0, 'TW', 'pack:torchwood');"
        "INSERT INTO fandoms VALUES (2, 'Doctor Who', 'tag', 5, 'library');"
        "INSERT INTO relationships VALUES (1, 'Jack Harkness/Ianto Jones', 'romantic', 'Torchwood', 'M/M', 0,"
        " 'pack:torchwood'), (2, 'Jack Harkness & Gwen Cooper', 'platonic', 'Torchwood (Audio)', 'Gen', 2,"
        " 'library');"
        "INSERT INTO relationship_members VALUES (1, 0, 'Jack Harkness'), (1, 1, 'Ianto Jones'),"
        " (2, 0, 'Jack Harkness'), (2, 1, 'Gwen Cooper');",
    )
    before = _read_only(path)
    conn = connect(path, readonly=False)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
    after = read_rows(conn)
    assert after.fandoms == before.fandoms and after.relationships == before.relationships
    assert [(f.name, f.aliases, f.source) for f in after.fandoms] == [
        ("Torchwood", ["TW"], "pack:torchwood"),
        ("Doctor Who", [], "library"),
    ]
    assert [r.members for r in after.relationships] == [
        ["Jack Harkness", "Ianto Jones"],
        ["Jack Harkness", "Gwen Cooper"],
    ]
    assert stats(conn)["tables"]["relationships"] == 2  # type: ignore[index]
    delete_source(conn, "pack:torchwood")
    conn.commit()
    rows = read_rows(conn)
    assert [f.name for f in rows.fandoms] == ["Doctor Who"] and [r.tag for r in rows.relationships] == [
        "Jack Harkness & Gwen Cooper"
    ]
    assert conn.execute("SELECT count(*) FROM fandom_aliases").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM relationship_members").fetchone() == (2,)
    # The ship's fandom tag stays a label while its row is there; the deleted pack's key does not.
    assert sorted(t for (t,) in conn.execute("SELECT text FROM labels")) == [
        "Torchwood",
        "Torchwood (Audio)",
        "library",
    ]
    write_rows(conn, KBRows(fandoms=[FandomRow("Torchwood", 0, aliases=["TW"], source="pack:torchwood")]))
    conn.commit()
    assert [(f.name, f.aliases) for f in read_rows(conn).fandoms] == [
        ("Doctor Who", []),
        ("Torchwood", ["TW"]),
    ]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_full_name_only_source_gets_no_part_name_keys() -> None:
    """A long cast list's minor character is found by full name, never by a bare "Cotter"."""
    rows = KBRows(
        characters=[
            CharacterRow("Cotter Pyke", "Game of Thrones (TV)", source="castlist"),
            CharacterRow("Jon Snow", "Game of Thrones (TV)", source="dkettchen:characters;castlist"),
        ],
        meta={"full_name_only_sources": "castlist"},
    )
    kb = build_index(rows)
    assert [e.name for e in kb.full["cotter pyke"]] == ["Cotter Pyke"]
    assert "cotter" not in kb.partial and "pyke" not in kb.partial
    # Another source names Jon Snow too: his bare names are evidence as before.
    assert [e.name for e in kb.partial["jon"]] == ["Jon Snow"]
    rows.meta = {}
    assert [e.name for e in build_index(rows).partial["cotter"]] == ["Cotter Pyke"]
    # A given name that nobody else in the KB bears (the build lists it) is still a key.
    rows.characters.append(CharacterRow("Thancred Waters", "Final Fantasy XIV", source="castlist"))
    rows.meta = {"full_name_only_sources": "castlist", "full_name_only_given_names": "thancred"}
    kb = build_index(rows)
    assert [e.name for e in kb.partial["thancred"]] == ["Thancred Waters"]
    assert "waters" not in kb.partial and "cotter" not in kb.partial


def test_build_records_full_name_only_sources_in_meta(tmp_path: Path) -> None:
    script = _build_script()
    rows = script.build(_vocab(tmp_path), 1000, [])
    described = (ROOT / "training" / "kb_sources" / "sources.tsv").read_text(encoding="utf-8").splitlines()
    expected = sorted(line.split("\t")[0] for line in described[1:] if line.endswith("\tno"))
    assert expected and rows.meta["full_name_only_sources"] == ",".join(expected)


def _written_and_read(path: Path, rows: KBRows) -> tuple[KBRows, dict[str, int]]:
    """Write rows as a shipped KB file and read them back, with the rows per table."""
    write_file(path, rows, kind="shipped")
    conn = connect(path, readonly=True)
    try:
        return read_rows(conn), stats(conn)["tables"]  # type: ignore[return-value]
    finally:
        conn.close()


def test_terms_table_round_trips_and_builds_from_a_terms_tsv(tmp_path: Path) -> None:
    from ficlens.kb.store import TermRow

    script = _build_script()
    vocab = _vocab(tmp_path)
    extra = tmp_path / "placelist.terms.tsv"
    extra.write_text("name\tfandom\tkind\nThe Hub\tTorchwood\tplace\nRift Manipulator\tTorchwood\tthing\n")
    script.VOCAB_DESCRIPTIONS["placelist"] = "a test list"
    try:
        rows = script.build(vocab, 1000, [extra])
    finally:
        del script.VOCAB_DESCRIPTIONS["placelist"]
    assert [(t.name, t.fandom, t.kind, t.source) for t in rows.terms] == [
        ("Rift Manipulator", "Torchwood", "thing", "placelist"),
        ("The Hub", "Torchwood", "place", "placelist"),
    ]
    back, tables = _written_and_read(tmp_path / "kb.sqlite", rows)
    assert tables["terms"] == 2
    assert back.terms == rows.terms
    kb = build_index(back)
    assert [t.fandom for t in kb.terms[("the", "hub")]] == ["Torchwood"]
    # An overlay adds terms; a file written before the table existed reads as having none.
    merged = merge_rows(back, KBRows(terms=[TermRow("Plass", "Torchwood", "place", "pack")]))
    assert [t.name for t in merged.terms] == ["Rift Manipulator", "The Hub", "Plass"]
    old = tmp_path / "old.sqlite"
    write_file(old, KBRows(fandoms=[FandomRow("Torchwood", 1)]), kind="overlay")
    conn = sqlite3.connect(old)
    conn.executescript("DROP VIEW terms; DROP TABLE term_rows")
    conn.commit()
    conn.close()
    conn = connect(old, readonly=True)
    assert read_rows(conn).terms == [] and stats(conn)["tables"]["terms"] == 0
    conn.close()


def test_build_lists_distinct_given_names_in_meta(tmp_path: Path) -> None:
    from ficlens.kb.load import DISTINCT_GIVEN_KEY

    script = _build_script()
    rows = KBRows(
        characters=[
            CharacterRow("Oberyx Tallow", "Veldmark", source="a"),
            CharacterRow("Oberyx Tallow", "Veldmark (TV)", source="a"),  # one person, two tags
            CharacterRow("Quorra Vane", "Veldmark", source="a"),
            CharacterRow("Quorra Hollis", "Harbour", source="a"),  # two people: not distinct
            CharacterRow("James Tallow", "Veldmark", source="a"),  # an everyday given name
            CharacterRow("Zebediah Marsh", "Harbour", source="longlist"),  # full names only
        ]
    )
    assert script.distinct_given_names(rows, {"longlist"}) == ["oberyx"]
    assert build_index(KBRows(meta={DISTINCT_GIVEN_KEY: "oberyx"})).distinct_given == {"oberyx"}
    # A given name the dictionary lists (any case: a real person's or place's name, "Siegfried",
    # "Boston") is nobody's alone, however few KB people bear it.
    rows.characters.append(CharacterRow("Siegfried Kaslar", "Harbour", source="a"))
    assert script.distinct_given_names(rows, {"longlist"}) == ["oberyx", "siegfried"]
    assert script.distinct_given_names(rows, {"longlist"}, frozenset({"siegfried"})) == ["oberyx"]


def test_build_reads_a_family_first_names_last_word_as_its_given_name() -> None:
    script = _build_script()
    rows = KBRows(
        characters=[
            CharacterRow("Kozume Kenma", "Haikyuu!! (Anime)", source="a"),  # family first: "Kenma"
            CharacterRow("Mila Babicheva", "Yuri!!! on Ice (Anime)", source="a"),  # given name first
            CharacterRow("Ikaruga February", "Some Manga (Anime)", source="a"),  # an English word
            CharacterRow("Hubb Lebowski", "Cross Game (Anime & Manga)", source="a"),
            CharacterRow("Maude Lebowski", "The Big Lebowski (1998)", source="longlist"),  # shares it
            CharacterRow("Zorander Quell", "Veldmark", source="a"),  # not family first: no "quell"
        ]
    )
    found = script.distinct_given_names(rows, {"longlist"}, frozenset({"february"}))
    assert {"kenma", "babicheva", "february", "lebowski", "quell"} & set(found) == {"kenma"}


def test_build_lists_one_word_names_people_bear_as_given_names(tmp_path: Path) -> None:
    from ficlens.kb.load import EVERYDAY_GIVEN_KEY

    script = _build_script()
    rows = KBRows(
        characters=[
            CharacterRow("Silas", "Fire Emblem Series", source="a"),  # a given name in the shipped list
            CharacterRow("Zavrix", "Veldmark", source="a"),  # nobody's given name
            CharacterRow("Silas Marner", "Raveloe", source="a"),  # a full name: not one word
        ]
    )
    assert script.everyday_single_names(rows) == ["silas"]
    assert build_index(KBRows(meta={EVERYDAY_GIVEN_KEY: "silas"})).everyday_given == {"silas"}


def test_build_lists_the_distinct_given_names_of_full_name_only_sources(tmp_path: Path) -> None:
    from ficlens.kb.load import DISTINCT_GIVEN_KEY, FULL_ONLY_GIVEN_KEY

    script = _build_script()
    extra = tmp_path / "faker.characters.tsv"  # `faker` is a full-name-only source (sources.tsv)
    extra.write_text(
        "name\tfandom\nThancred Waters\tFinal Fantasy XIV\nIanto Smith\tFinal Fantasy XIV\n"
        "Margaret Pyke\tFinal Fantasy XIV\n",
        encoding="utf-8",
    )
    rows = script.build(_vocab(tmp_path), 1000, [extra])
    # "Thancred" is nobody else's; "Ianto" is also Ianto Jones's, "Margaret" an everyday name.
    assert rows.meta[FULL_ONLY_GIVEN_KEY] == "thancred"
    assert {"thancred", "jack"} & set(rows.meta[DISTINCT_GIVEN_KEY].split(",")) == {"thancred"}
    kb = build_index(rows)
    assert [e.name for e in kb.partial["thancred"]] == ["Thancred Waters"]
    assert [e.name for e in kb.partial["ianto"]] == ["Ianto Jones"]


def test_build_repairs_a_fandom_tag_split_into_the_name_column(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    with (vocab / "fandoms.tsv").open("a", encoding="utf-8") as fh:
        fh.write(
            "Dust: A Tide Story (2016)\t9000\t\tao3_canonical_tag\t\t3\tfandomstats/toastystats (AO3 2021-02-26 data dump)\n"
        )
        fh.write(
            "Tide Story (2016)\t\t\tao3_canonical_tag\t\t\tdkettchen/popular_ship_stats (ranking fandom column)\n"
        )  # the broken half, no works
    with (vocab / "characters.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Orla Brisk Dust: A\tTide Story (2016)\t\t\tdkettchen/popular_ship_stats:characters\n")
        fh.write("Tamsin Vey\tTide Story (2016)\t\t\tdkettchen/popular_ship_stats:characters\n")
    with (vocab / "relationships.tsv").open("a", encoding="utf-8") as fh:
        fh.write(
            "Tamsin Vey/Orla Brisk Dust: A\tromantic\tTamsin Vey|Orla Brisk Dust: A\tTide Story (2016)\tF/F\t50\t\t\t\tdkettchen/popular_ship_stats\n"
        )
    rows = script.read_vocab(vocab, 1000)
    chars = {(c.name, c.fandom) for c in rows.characters}
    assert {("Orla Brisk", "Dust: A Tide Story (2016)"), ("Tamsin Vey", "Dust: A Tide Story (2016)")} <= chars
    ship = next(r for r in rows.relationships if "Tamsin" in r.tag)
    assert (ship.tag, ship.members, ship.fandom) == (
        "Tamsin Vey/Orla Brisk",
        ["Tamsin Vey", "Orla Brisk"],
        "Dust: A Tide Story (2016)",
    )


def test_build_drops_a_maiden_name_split_into_the_fandom_column(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    with (vocab / "characters.tsv").open("a", encoding="utf-8") as fh:
        # "`Orla Brisk (née Vey)`" split across the columns: the fandom is lost, the person is elsewhere.
        fh.write("`Orla Brisk\tnée Vey`\tOrla Vey Brisk\t\tdkettchen/popular_ship_stats:characters\n")
    rows = script.read_vocab(vocab, 1000)
    assert not [c for c in rows.characters if c.fandom.startswith("née ") or c.name.startswith("`")]
    assert not [f for f in rows.fandoms if f.name.startswith("née ")]


def test_build_reads_a_double_quote_between_letters_as_an_apostrophe(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    ranking = "dkettchen/popular_ship_stats (ranking fandom column)"
    with (vocab / "fandoms.tsv").open("a", encoding="utf-8") as fh:
        fh.write(
            "Gull's Harbour\t4000\t\tao3_canonical_tag\t\t4\tfandomstats/toastystats (AO3 2021-02-26 data dump)\n"
        )
        fh.write(f'Gull"s Harbour\t\t\tao3_canonical_tag\t\t\t{ranking}\n')
    with (vocab / "characters.tsv").open("a", encoding="utf-8") as fh:
        fh.write('Maeve O"Dell\tGull"s Harbour\t\t\tdkettchen/popular_ship_stats:ranking-members\n')
        fh.write('Calliope "Callie" Rowe\tGull"s Harbour\t\t\tdkettchen/popular_ship_stats:ranking-members\n')
    rows = script.read_vocab(vocab, 1000)
    harbour = [f for f in rows.fandoms if "Harbour" in f.name]
    assert [(f.name, f.works) for f in harbour] == [("Gull's Harbour", 4000)]
    chars = {(c.name, c.fandom) for c in rows.characters}
    # A real quotation mark, beside a space, stays.
    assert {("Maeve O'Dell", "Gull's Harbour"), ('Calliope "Callie" Rowe', "Gull's Harbour")} <= chars


def test_ao3_character_tags_round_trip_and_rename_ship_members(tmp_path: Path) -> None:
    script = _build_script()
    vocab = _vocab(tmp_path)
    extra = tmp_path / "tagsource.tags.tsv"
    extra.write_text("name\tfandom\ttag\nIanto Jones\tTorchwood\tIanto Jones (Torchwood)\n")
    rows = script.build(vocab, 1000, [extra])
    ianto = next(c for c in rows.characters if c.name == "Ianto Jones")
    assert ianto.tag == "Ianto Jones (Torchwood)"
    # The ship keeps AO3's tag; its member is the character's tag, as the stages compare them.
    (ship,) = rows.relationships
    assert ship.tag == "Jack Harkness/Ianto Jones"
    assert ship.members == ["Jack Harkness", "Ianto Jones (Torchwood)"]
    path = tmp_path / "kb.sqlite"
    back, tables = _written_and_read(path, rows)
    assert tables["character_tags"] == 1
    assert [(c.name, c.tag) for c in back.characters] == [
        ("Ianto Jones", "Ianto Jones (Torchwood)"),
        ("Jack Harkness", ""),
    ]
    kb = build_index(back)
    # Matched by its name, written as its tag; an entry without one is written by its name.
    assert [(e.name, e.tag) for e in kb.full["ianto jones"]] == [("Ianto Jones", "Ianto Jones (Torchwood)")]
    assert [e.tag for e in kb.full["jack harkness"]] == ["Jack Harkness"]
    # A file written before the table existed reads as having no tags.
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE character_tags")
    conn.commit()
    conn.close()
    conn = connect(path, readonly=True)
    assert all(c.tag == "" for c in read_rows(conn).characters)
    conn.close()


def test_shipped_kb_distinct_given_names_leave_out_everyday_given_names() -> None:
    import ficlens
    from ficlens.kb import load_kb

    distinct = load_kb().distinct_given
    # One canon's own names are clues...
    assert {"prompto", "obi-wan"} <= distinct
    # ...given names that real people bear are not, whichever canon person alone has them in the
    # KB (training/kb_sources/everyday_names.txt was stale: a story of a "Heather" was Stranger Things).
    assert not {"heather", "julia", "natalie", "seth", "whitney", "jasmine"} & distinct
    story = (
        "Heather walked to the shop in the rain. Heather bought bread, and Heather read the letter.\n\n" * 3
    )
    work = ficlens.analyze(story.encode(), name="heather.txt", stages=["structure", "characters", "fandom"])
    assert work.inferred.fandoms[0].name == "Unknown fandom"
    # A one-word canon name that real people bear as a given name or surname is a weak clue:
    # two detectives called by their surnames are nobody's fan fiction (Reilly was Fallout's).
    assert {"silas", "reilly", "schmidt"} <= load_kb().everyday_given
    story = "Donnelly and Reilly drove out to the scene. Reilly parked, and Donnelly checked the map.\n\n" * 3
    work = ficlens.analyze(story.encode(), name="cops.txt", stages=["structure", "characters", "fandom"])
    assert work.inferred.fandoms[0].name == "Unknown fandom"
