"""The scripts that turn public character lists into knowledge-base rows (training/kb_sources)."""

from __future__ import annotations

import importlib.util
import io
import sys
import tarfile
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "training" / "kb_sources"


def _deb(path: Path, files: dict[str, str]) -> Path:
    """A minimal .deb: an ar archive whose data.tar.xz holds the given files."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    members = [("debian-binary", b"2.0\n"), ("data.tar.xz", buf.getvalue())]
    out = b"!<arch>\n"
    for name, body in members:
        out += f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(body):<10}`\n".encode() + body
        out += b"\n" if len(body) % 2 else b""
    path.write_bytes(out)
    return path


def test_clean_keeps_full_names_and_moves_titles_to_aliases() -> None:
    faker = _script("make_faker")
    assert faker.clean("Captain Jack Harkness", "Doctor Who") == ("Jack Harkness", ["Captain Jack Harkness"])
    assert faker.clean("Lady Christina de Souza", "Doctor Who") == (
        "Christina de Souza",
        ["Lady Christina de Souza"],
    )
    assert faker.clean("Dr. Emmett Brown (Doc)", "Back to the Future (Movies)") == (
        "Emmett Brown",
        ["Dr. Emmett Brown"],
    )
    # One word, an epithet, a title alone, the canon's own name, digits: not a canon name.
    # A role or a real person as themselves: not a canon name either.
    for raw in (
        "Penny",
        "The Master",
        "Dr. Who",
        "Doctor Who",
        "Dorsk 82",
        "#{Name.first_name} Smith",
        "Comic Book Guy",
        "Akane's Father",
        "Charles Darwin",
    ):
        assert faker.clean(raw, "Doctor Who") is None, raw


def test_read_deb_reads_the_english_locale_yaml(tmp_path: Path) -> None:
    faker = _script("make_faker")
    deb = _deb(
        tmp_path / "f.deb",
        {
            "./usr/share/gems/faker/lib/locales/en/dr_who.yml": 'en:\n  faker:\n    dr_who:\n      character: ["Rose Tyler",\t"Martha Jones"]\n',
            "./usr/share/gems/faker/lib/locales/fr/dr_who.yml": "fr: {}\n",
        },
    )
    assert faker.read_deb(deb) == {"dr_who": {"dr_who": {"character": ["Rose Tyler", "Martha Jones"]}}}
    (tmp_path / "x.deb").write_bytes(b"not an archive")
    with pytest.raises(SystemExit, match=r"not a \.deb"):
        faker.read_deb(tmp_path / "x.deb")


def _script(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(SOURCES))
    try:
        spec = importlib.util.spec_from_file_location(name, SOURCES / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SOURCES))


def test_terms_script_writes_canon_terms_as_stories_name_them() -> None:
    terms = _script("make_faker_terms")
    assert terms.forms("Konohagakure (Leaf Village)", "naruto", "naruto/villages") == [
        "Konohagakure",
        "Leaf Village",
        "Konoha",
    ]
    assert terms.forms("Number 12, Grimmauld Place", "harry_potter", "harry_potter/locations") == [
        "Grimmauld Place"
    ]
    assert terms.forms("The Burrow", "harry_potter", "harry_potter/locations") == ["Burrow"]
    assert terms.forms("Flint of Flint's Finger", "game_of_thrones", "game_of_thrones/houses") == [
        "House Flint"
    ]
    # Digits or lower-case words are no name.
    assert terms.forms("City 17", "half_life", "games/half_life/location") == []
    assert terms.forms("scarab beetles", "myst", "games/myst/creatures") == []
    everyday = {"lake", "black", "king", "landing"}
    assert terms._everyday("king's", everyday) and terms._everyday("of", everyday)
    assert not terms._everyday("gloamhold", everyday)


def test_everyday_names_script_reads_only_locale_name_lists(tmp_path: Path) -> None:
    names = _script("make_everyday_names")
    deb = _deb(
        tmp_path / "f.deb",
        {
            "./usr/share/gems/faker/lib/locales/nl.yml": "nl:\n  faker:\n    name:\n      first_name: [Geralt, Anouk]\n",
            "./usr/share/gems/faker/lib/locales/en/name.yml": "en:\n  faker:\n    name:\n      male_first_name: [Erik, '#{x}']\n"
            "      last_name: [Reilly]\n",
            # A canon's list of fictional first names is no list of real people's names.
            "./usr/share/gems/faker/lib/locales/en/elder_scrolls.yml": "en:\n  faker:\n    games:\n      first_name: [Ulfric]\n",
        },
    )
    assert names.faker_given_names(deb) == {"geralt", "anouk", "erik"}
    # The surnames are read apart (a one-word canon name that is a surname is a weak clue too).
    assert names.faker_given_names(deb, names._SURNAME_KEYS) == {"reilly"}


def test_newer_faker_lists_keep_canon_particles_and_drop_weak_names() -> None:
    faker = _script("make_faker")
    assert faker.clean("Solus zos Galvus", "Final Fantasy XIV") is None  # Debian's rules: no "zos"
    assert faker.clean("Solus zos Galvus", "Final Fantasy XIV", frozenset({"zos"})) == (
        "Solus zos Galvus",
        [],
    )
    git = _script("make_faker_git")
    everyday = {"weather", "report", "lazy", "susan", "waters"}
    assert git.weak("Weather Report", everyday) and git.weak("Lazy Susan", everyday)
    assert git.weak("Ethan W.", everyday) and git.weak("E. Smith", everyday)  # file signatures
    assert not git.weak("Thancred Waters", everyday) and not git.weak("Robert E. O. Speedwagon", everyday)
    assert git._NICKNAME.sub(" ", "Jeff 'Joker' Moreau") == "Jeff Moreau"


def test_newer_faker_list_files_hold_every_list_the_script_reads() -> None:
    git = _script("make_faker_git")
    for spec in git.SOURCES.values():
        files = git.read_dir(SOURCES / spec.folder)
        assert set(files) == {stem for stem, _ in spec.lists}
        for stem, path in spec.lists:
            names = git._at(files[stem], path)
            assert names and all(isinstance(n, str) for n in names), (stem, path)
        # Each excerpt names its upstream file and commit on its first line.
        for yml in (SOURCES / spec.folder).glob("*.yml"):
            assert yml.read_text(encoding="utf-8").startswith("# "), yml


def test_starwars_names_script_reads_the_json_list_from_the_npm_tarball(tmp_path: Path) -> None:
    sw = _script("make_starwars_names")
    tgz = tmp_path / "starwars-names-1.6.0.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        for name, text in {
            "package/dist/starwars-names.json": '["Mara Jade", "Plo Koon"]',
            "package/dist/index.js": "module.exports = require('./starwars-names.json')",
        }.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert sw.read_names(tgz) == ["Mara Jade", "Plo Koon"]


def test_scourgify_script_reads_ao3_tags_and_their_canon_brackets(tmp_path: Path) -> None:
    import zipfile

    scourgify = _script("make_scourgify")
    wheel = tmp_path / "s.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(
            "scourgify/defaults/ao3/characters.csv",
            'master,name,rel\nNathan Ford,Nate Ford,alias\n"Eliot Spencer (Leverage)",Eliot Spencer,alias\n',
        )
    assert scourgify.read_tags(wheel) == {
        "Nathan Ford": ["Nate Ford"],
        "Eliot Spencer (Leverage)": ["Eliot Spencer"],
    }
    with zipfile.ZipFile(tmp_path / "x.whl", "w") as zf:
        zf.writestr("other.txt", "")
    with pytest.raises(SystemExit, match="no scourgify"):
        scourgify.read_tags(tmp_path / "x.whl")
    # The tag's own bracket, or the one canon its synonyms bracket; another canon's tag is left out.
    assert scourgify.canon_of("Eliot Spencer (Leverage)", []) == "Leverage"
    assert scourgify.canon_of("Optimus Prime", ["Optimus", "Optimus Prime (Transformers)"]) == "Transformers"
    assert scourgify.canon_of("Leon | Leo (Fire Emblem: Fates)", []) == "Fire Emblem"
    assert scourgify.canon_of("John Silver (Treasure Island)", ["John Silver (Black Sails)"]) is None
    assert scourgify.canon_of("Nathan Ford", ["Nate Ford"]) is None
    assert scourgify.canon_of("X Y", ["X Y (Leverage)", "X Y (Black Sails)"]) is None


def test_scourgify_script_keeps_full_names_and_their_own_synonyms() -> None:
    scourgify = _script("make_scourgify")
    assert scourgify.names_of(
        "Captain Flint | James McGraw", ["Captain Flint (Black Sails)", "James Flint"], "Black Sails"
    ) == (
        "James McGraw",
        ["James Flint"],
    )
    # A one-word tag takes the full name its synonyms give; mentions and fans' versions are no names.
    assert scourgify.names_of(
        "Alistair (Dragon Age)",
        [
            "Alistair Theirin",
            "King Alistair - Character",
            "Alistair (mentioned)",
            "Female Alistair",
            "Nora Smith",
        ],
        "Dragon Age",
    ) == ("Alistair Theirin", [])
    assert scourgify.names_of("Hawke (Dragon Age)", ["Adelaide Hawke", "Female Hawke"], "Dragon Age") is None
    tags = {
        "Klaus Mikaelson": ["Klaus (Vampire Diaries)", "Niklaus Mikaelson"],
        "Hawke Family (Dragon Age)": ["Hawke Family"],
        "Air Raid (Transformers)": ["Air Raid"],
        "North Dakota (Red vs. Blue)": [],
        "Carlos' Mother (Welcome to Night Vale)": [],
    }
    assert scourgify.lists_of(tags, {"air", "raid"}) == {
        "Vampire Diaries": [("Klaus Mikaelson", ["Niklaus Mikaelson"])]
    }


def test_scourgify_script_finds_a_franchise_canons_by_name() -> None:
    scourgify = _script("make_scourgify")
    found = scourgify.franchise_fandoms(
        {"Dangan Ronpa - All Media Types", "Compilation of Final Fantasy VII"},
        {"Danganronpa", "Super Dangan Ronpa 2", "Final Fantasy VII", "Final Fantasy VIII", "Persona 5"},
    )
    assert found["Dangan Ronpa - All Media Types"] == {"Danganronpa", "Super Dangan Ronpa 2"}
    assert found["Compilation of Final Fantasy VII"] == {"Final Fantasy VII"}
    # Every bracket maps to an AO3 canonical fandom tag of the vocabulary.
    vocab = SOURCES.parents[1].parent / "shared" / "data" / "ao3" / "vocab" / "fandoms.tsv"
    if vocab.exists():
        tags = {line.split("\t")[0] for line in vocab.read_text(encoding="utf-8").splitlines()}
        assert set(scourgify.CANONS.values()) <= tags
        assert scourgify.WHOLE <= set(scourgify.CANONS.values())
    # A run of more words than the name is not it: the band "Fall Out Boy" is not "Fallout".
    fallout = {"Fallout": "Fallout (Video Games)"}
    assert scourgify.franchise_fandoms({"Fallout (Video Games)"}, {"Fall Out Boy", "Fallout 4"}, fallout) == {
        "Fallout (Video Games)": {"Fallout 4"}
    }
    # A one-word name spells only the start of another canon's name, an everyday word only a whole
    # name or one numbered (stop 32: the cast of "Heroes (TV 2006)" had joined "Fire Emblem Heroes").
    one_word = {
        "Heroes TV 2006": "Heroes (TV 2006)",
        "Hitman": "Hitman (Video Games)",
        "Persona": "Persona Series",
    }
    kb = {"Fire Emblem Heroes", "Katekyou Hitman Reborn!", "Hitman: Blood Money", "Persona 5", "Persona Q"}
    everyday = frozenset({"heroes", "persona"})
    found = scourgify.franchise_fandoms(set(one_word.values()), kb, one_word, everyday)
    assert found == {
        "Heroes (TV 2006)": set(),
        "Hitman (Video Games)": {"Hitman: Blood Money"},
        "Persona Series": {"Persona 5"},
    }


def test_scourgify_script_maps_brackets_to_fandom_tags_automatically() -> None:
    scourgify = _script("make_scourgify")
    rows = [
        {"name": "Merlin (TV)", "works": "60314", "kind": "ao3_canonical_tag"},
        {"name": "Merlin (1998)", "works": "46", "kind": "ao3_canonical_tag"},
        {"name": "Supergirl (TV 2015)", "works": "37968", "kind": "ao3_canonical_tag"},
        {"name": "Voltron: Legendary Defender", "works": "91692", "kind": "ao3_canonical_tag"},
        {"name": "Les Misérables - All Media Types", "works": "0", "kind": "ao3_canonical_tag"},
        {"name": "The Legend of Zelda & Related Fandoms", "works": "10981", "kind": "ao3_canonical_tag"},
        {"name": "The Legend of Zelda (Video Game 1986)", "works": "110", "kind": "ao3_canonical_tag"},
        {"name": "Supernatural RPF", "works": "24402", "kind": "ao3_canonical_tag"},
        {"name": "Norse Religion & Lore", "works": "1942", "kind": "ao3_canonical_tag"},
        {"name": "Us (Movie 2019)", "works": "50", "kind": "ao3_canonical_tag"},
    ]
    labels = {
        "Merlin",
        "Supergirl TV 2015",
        "Voltron",
        "Les Miserables",
        "Legend of Zelda",
        "Supernatural RPF",
    }
    labels |= {"Norse Religion & Lore", "US", "Actor"}
    assert scourgify.auto_canons(labels, rows) == {
        "Merlin": "Merlin (TV)",  # the tag of most works
        "Supergirl TV 2015": "Supergirl (TV 2015)",  # the medium spelt out
        "Voltron": "Voltron: Legendary Defender",  # before the colon
        "Les Miserables": "Les Misérables - All Media Types",  # accents aside
        "Legend of Zelda": "The Legend of Zelda & Related Fandoms",
    }
    # The hand map first, then the automatic one; a synonym's bracket is read by the hand map, and by
    # the automatic one only when no hand-mapped canon is there and it is written as a title, not a note.
    canons = {"Merlin": "Merlin (TV)", "Fire Emblem: Fates": "Fire Emblem: If | Fire Emblem: Fates"}
    canons |= {"Young": "Young (2019)", "Voice": "The Voice (TV)"}
    assert scourgify.canon_of("Leon | Leo (Fire Emblem: Fates)", [], canons) == "Fire Emblem"
    assert scourgify.canon_of("Gwaine (Merlin)", [], canons) == "Merlin"
    assert scourgify.canon_of("Gwaine", ["Gwaine (Merlin)"], canons) == "Merlin"
    assert scourgify.canon_of("Gwaine", ["Gwaine (Young)", "Gwaine (voice)"], canons) is None
    assert scourgify.canon_of("Gwaine", ["Gwaine (Merlin)", "Gwaine (Leverage)"], canons) == "Leverage"
    # A name another canonical tag bears, bare or in another bracket, names people of two canons.
    tags = {
        "Ichabod Crane": [],
        "Ichabod Crane (Sleepy Hollow)": [],
        "Abbie Mills (Sleepy Hollow)": [],
    }
    assert scourgify.lists_of(tags, set(), {"Sleepy Hollow": "Sleepy Hollow (TV)"}) == {
        "Sleepy Hollow": [("Abbie Mills", [])]
    }


def test_scourgify_script_gives_kb_people_ao3s_canonical_tag() -> None:
    scourgify = _script("make_scourgify")
    tags = {
        "Gwen (Merlin)": ["Guinevere (Merlin)", "Guinevere Pendragon"],
        "Gwen": ["Gwen (Mentioned)"],
        "Leroy Jethro Gibbs": ["Jethro Gibbs", "Gibbs (NCIS)"],
        "Jamie Moriarty | Irene Adler": ["Irene Adler (Elementary)", "Jamie Moriarty"],
        "Spock (Star Trek)": ["Spock", "Mr. Spock"],
    }
    canons = {
        "Merlin": "Merlin (TV)",
        "NCIS": "NCIS",
        "Elementary": "Elementary (TV)",
        "Star Trek": "Star Trek",
    }
    franchise = {"Merlin (TV)": {"Merlin"}, "Star Trek": {"Star Trek: The Original Series"}}
    people = [
        ("Gwen", "Merlin (TV)"),  # a bare tag of another Gwen exists: the canon's bracket wins
        ("Gwen", "Merlin"),  # a fandom of the franchise
        ("Gwen", "Torchwood"),  # no Gwen tag brackets Torchwood: the name stays
        ("Jethro Gibbs", "NCIS"),  # a synonym sharing a word with its tag
        ("Irene Adler", "Sherlock (TV)"),  # a synonym of a tag whose synonyms say another canon
        ("Spock", "Star Trek: The Original Series"),
        ("Leroy Jethro Gibbs", "NCIS"),  # already the tag: no row
    ]
    assert scourgify.character_tags(tags, canons, people, franchise) == [
        ["Gwen", "Merlin (TV)", "Gwen (Merlin)"],
        ["Gwen", "Merlin", "Gwen (Merlin)"],
        ["Jethro Gibbs", "NCIS", "Leroy Jethro Gibbs"],
        ["Spock", "Star Trek: The Original Series", "Spock (Star Trek)"],
    ]
    # The shipped list: every row names a tag that differs from the name.
    rows = (SOURCES / "scourgify.tags.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "name\tfandom\ttag" and len(rows) > 1000
    assert all(len(r.split("\t")) == 3 and r.split("\t")[0] != r.split("\t")[2] for r in rows[1:])


def test_scourgify_script_keeps_one_word_canon_names_that_are_evidence() -> None:
    scourgify = _script("make_scourgify")
    tags = {
        "Zavala (Destiny)": ["Commander Zavala"],
        "Morgana (Merlin)": [],
        "Morgana (Persona Series)": [],  # two canons bear the word
        "Sydney (The Pretender)": [],  # a given name
        "Hope (Destiny)": [],  # an everyday word
        "Jigen (Naruto)": [],  # another source's person has the word
        "Krell (Unmapped Canon)": [],  # no bracket the map knows
        "Zed": [],  # no bracket
        "Ax (Destiny)": [],  # too short to tell from an initialism
    }
    canons = {"Destiny": "Destiny (Video Games)", "Merlin": "Merlin (TV)", "Persona Series": "Persona Series"}
    canons["The Pretender"] = "The Pretender (TV)"
    canons["Naruto"] = "Naruto"
    assert scourgify.one_word_people(tags, canons, {"hope", "sydney"}, {"jigen", "daisuke"}) == [
        ["Zavala", "Destiny (Video Games)", "", "1", "scourgify-single"]
    ]
    rows = (SOURCES / "scourgify_single.characters.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "name\tfandom\taliases\tlist_rank\tsource" and len(rows) > 1000
    assert all(len(r.split("\t")[0].split()) == 1 for r in rows[1:])


def test_cast_files_are_valid_and_built_into_the_casts_tsv() -> None:
    casts = _script("make_casts")
    files = casts.read_casts()
    assert len(files) >= 100
    names = set()
    for path, cast in files:
        assert all(u.startswith("https://") or u.startswith("http://") for u in cast.sources), path
        assert cast.characters, path
        names |= {n for c in cast.characters for n in (c.name, *c.aliases)}
    # Every row of the built TSV is a person of some cast file (under their own or another source's name).
    rows = [line.split("\t") for line in (SOURCES / "casts.characters.tsv").read_text().splitlines()[1:]]
    assert rows and all(r[0] in names or set(r[2].split("|")) & names for r in rows)
    # The README lists every file with its pages.
    readme = (SOURCES / "casts" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{path.name}`" in readme for path, _ in files)
    # One file per canon.
    assert len({c.fandom for _, c in files}) == len(files)


def test_cast_script_drops_everyday_words_and_keeps_one_person_one_entry(tmp_path: Path) -> None:
    casts = _script("make_casts")
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "fandoms.tsv").write_text("name\tworks\tkind\nQuell Harbour (TV)\t900\tao3_canonical_tag\n")
    (vocab / "characters.tsv").write_text(
        "name\tfandom\tsource\nWrenna Aldous\tQuell Harbour\tx\nOsric Vayle\tQuell Harbour\tx\n"
    )
    folder = tmp_path / "casts"
    folder.mkdir()
    (folder / "quell.yaml").write_text(
        'fandom: "Quell Harbour (TV)"\n'
        "sources: [https://example.org/quell]\n"
        "characters:\n"
        "  - name: Wrenna Aldous\n"
        "    nicknames: [Wren, Queen]\n"
        "  - name: Osric Vayle\n"
        "  - name: Tamsel Orrin\n"
        "    aliases: [Old Man]\n"
        "  - name: Dracula\n"
        "  - name: Claudio\n"
        "  - name: Ysmay\n"
        "  - name: Mary Brooks\n"
    )
    lower = frozenset({"queen", "old", "man", "wren"})
    anycase = lower | {"dracula", "claudio"}
    rows = casts.cast_rows(casts.read_casts(folder), vocab, (lower, anycase))
    got = {(r[0], r[1]): (r[2], r[3]) for r in rows}
    # People the vocabulary has in the franchise keep its entry (two of the cast are there); the new
    # person joins the file's own fandom; everyday words as one-word names, nicknames or all-everyday
    # aliases are left out.
    assert got == {
        ("Wrenna Aldous", "Quell Harbour"): ("", ""),
        ("Osric Vayle", "Quell Harbour"): ("", ""),
        ("Tamsel Orrin", "Quell Harbour (TV)"): ("", ""),
        ("Ysmay", "Quell Harbour (TV)"): ("", ""),
        ("Mary Brooks", "Quell Harbour (TV)"): ("", ""),
        # A proper noun of SCOWL that people bear as a given name stays, as a weak clue.
        ("Claudio", "Quell Harbour (TV)"): ("", ""),
    }
    # A person whose given name and surname are both everyday names is matched by full name only.
    sources = {r[0]: r[5] for r in rows}
    assert sources["Mary Brooks"] == casts.ORDINARY_SOURCE and sources["Tamsel Orrin"] == casts.SOURCE
    # A bad file is a clear error, not a half-written TSV.
    (folder / "bad.yaml").write_text("fandom: X\nsources: [not-a-url]\ncharacters:\n  - name: A B\n")
    with pytest.raises(SystemExit, match="no URL"):
        casts.read_casts(folder)
