"""Build the knowledge base `src/ficlens/resources/kb.sqlite` from ../shared/data/ao3/vocab and extra tag lists.

    .venv/bin/python training/build_kb.py [--vocab ../shared/data/ao3/vocab] [--min-works 300]
                                          [--extra more.characters.tsv ...]

Reads the AO3 vocabularies (fandoms, characters with aliases, relationship tags), then every extra
source TSV: each `*.tsv` in `training/kb_sources/` plus any `--extra` file. An extra file's table
is named by its suffix; UTF-8, tab-separated, one header row, list fields split on a bare `|`
(a ` | ` with spaces is part of an AO3 name); columns may come in any order, only the first ones
listed are required:

    <name>.fandoms.tsv        name [works kind aliases source]       kind: tag (default) | umbrella
    <name>.characters.tsv     name fandom [aliases nicknames works ao3_tag source]
    <name>.relationships.tsv  tag fandom [type members category works source]
                              type/members default from the tag: "A/B" romantic, "A & B" platonic
    <name>.terms.tsv          name fandom [kind source]               kind: place (default) | species
                                                                      | group | thing
    <name>.tags.tsv           name fandom tag                         AO3's canonical tag of a KB
                                                                      person whose name is not one
                                                                      ("Gwen", "Merlin (TV)", "Gwen
                                                                      (Merlin)"): what ficlens
                                                                      writes, never what it matches

`source` defaults to the file name before its first dot; describe every source key in
`training/kb_sources/sources.tsv` (`name<TAB>description[<TAB>parts]`), which is copied into the KB's
`sources` table (the build fails on an undescribed source). `parts` = `no` marks a source whose
characters are matched by full name only (a long cast list of minor characters: a bare "Cotter"
or "Margaret" in a story is no evidence for "Cotter Pyke"), or by a given name that no other KB
person bears and that is no everyday name ("Thancred" of "Thancred Waters"; `meta` key
`full_name_only_given_names`); the KB's `meta` lists those sources
under `full_name_only_sources`, and a row that another source also names is matched as usual. A row whose (name, fandom) is already
known is merged: aliases are added, the larger count kept, sources joined with `;`.

Deterministic: same inputs, same rows in the same order, same bytes (for one SQLite version).
"""

from __future__ import annotations

import argparse
import hashlib
import re
from functools import cache
from pathlib import Path

from ficlens.kb.index import name_keys
from ficlens.kb.load import (
    DISTINCT_GIVEN_KEY,
    EVERYDAY_FANDOM_KEY,
    EVERYDAY_GIVEN_KEY,
    FULL_NAME_ONLY_KEY,
    FULL_ONLY_GIVEN_KEY,
    merge_rows,
)
from ficlens.kb.lookup import fandom_variants
from ficlens.kb.pack import split_ship
from ficlens.kb.store import CharacterRow, FandomRow, KBRows, RelationshipRow, TermRow, write_file
from ficlens.names import everyday_given_name

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "src" / "ficlens" / "resources" / "kb.sqlite"
EXTRA_DIR = ROOT / "training" / "kb_sources"
# List fields use a bare "|"; " | " with spaces is part of an AO3 name.
_LIST_SPLIT = re.compile(r"(?<! )\|(?! )")

# The vocab's long source strings -> short source keys (and what each key is).
VOCAB_SOURCES = {
    "fandomstats/toastystats (AO3 2021-02-26 data dump)": "toastystats",
    "dkettchen/popular_ship_stats (fandom_data.csv grouping)": "dkettchen:grouping",
    "dkettchen/popular_ship_stats (ranking fandom column)": "dkettchen:ranking-fandoms",
    "randomfandomgame/randomfandomgame.github.io (game grouping)": "randomfandomgame:grouping",
    "dkettchen/popular_ship_stats:characters": "dkettchen:characters",
    "dkettchen/popular_ship_stats:ranking-members": "dkettchen:ranking-members",
    "dkettchen/popular_ship_stats": "dkettchen:rankings",
    "randomfandomgame/randomfandomgame.github.io": "randomfandomgame",
}
VOCAB_DESCRIPTIONS = {
    "toastystats": "fandomstats/toastystats: canonical AO3 fandom tags and counts, OTW data dump 2021-02-26 (MIT)",
    "dkettchen:grouping": "dkettchen/popular_ship_stats fandom_data.csv: fandom grouping names (no licence stated)",
    "dkettchen:ranking-fandoms": "dkettchen/popular_ship_stats: AO3 fandom tags of the ship rankings",
    "randomfandomgame:grouping": "randomfandomgame/randomfandomgame.github.io: the game's coarse fandom groups",
    "dkettchen:characters": "dkettchen/popular_ship_stats cleaned character table (names, aliases, nicknames)",
    "dkettchen:ranking-members": "dkettchen/popular_ship_stats: members of the ranked AO3 relationship tags",
    "dkettchen:rankings": "dkettchen/popular_ship_stats: AO3 ship rankings 2013-2024 (centreoftheselights)",
    "randomfandomgame": "randomfandomgame/randomfandomgame.github.io: AO3 tags with counts (toastystats data)",
}


# One source wrote an apostrophe as a double quote: 'Grey"s Anatomy', 'Kelley O"Hara'. Between two
# letters a double quote is never a quotation mark ('Calliope "Callie" Torres' has a space beside it).
_APOSTROPHE_AS_QUOTE = re.compile(r'(?<=[A-Za-z])"(?=[A-Za-z])')


def _rows(path: Path) -> list[dict[str, str]]:
    lines = _APOSTROPHE_AS_QUOTE.sub("'", path.read_text(encoding="utf-8")).splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _list(value: str | None) -> list[str]:
    return [a for a in _LIST_SPLIT.split(value or "") if a]


def _keys(source: str) -> str:
    return ";".join(VOCAB_SOURCES[s] for s in source.split(";") if s)


def _character(row: dict[str, str], *, ao3_tag: bool, source: str) -> CharacterRow:
    """A character from a TSV row (vocab or an extra source; `nicknames` only in the latter)."""
    return CharacterRow(
        row["name"],
        row["fandom"],
        aliases=_list(row.get("aliases")),
        nicknames=_list(row.get("nicknames")),
        works=_int(row.get("works")),
        ao3_tag=ao3_tag,
        source=source,
    )


def _relationship(row: dict[str, str], kind: str, members: list[str], source: str) -> RelationshipRow:
    return RelationshipRow(
        row["tag"], kind, members, row["fandom"], row.get("category", ""), _int(row.get("works")), source
    )


def read_vocab(vocab: Path, min_works: int) -> KBRows:
    """Rows from shared/data/ao3/vocab; fandoms with fewer than `min_works` works are dropped
    unless a character or relationship names them."""
    rows = KBRows(sources=dict(VOCAB_DESCRIPTIONS))
    # Tags AO3 counts works for; a source's broken split of one ("Star Wars Story (2016)") has none.
    tags = {row["name"] for row in _rows(vocab / "fandoms.tsv") if _int(row.get("works"))}
    characters, relationships = _rows(vocab / "characters.tsv"), _rows(vocab / "relationships.tsv")
    SPLIT_TAGS.update(_repair_split_tags(characters, relationships, tags))
    for row in characters:
        if row["fandom"].startswith("née "):
            # The source split "`Lily Potter (née Evans)`" across its columns and lost the fandom; the
            # person is in the vocabulary under the tag in its alias column ("Lily Evans Potter").
            continue
        source = row.get("source", "")
        # Names from the ship rankings and the tag game are AO3's own canonical character tags.
        is_tag = "ranking-members" in source or "randomfandomgame" in source
        rows.characters.append(_character(row, ao3_tag=is_tag, source=_keys(source)))
    for row in relationships:
        rows.relationships.append(
            _relationship(row, row["type"], _list(row.get("members")), _keys(row.get("source", "")))
        )
    used = {c.fandom for c in rows.characters} | {r.fandom for r in rows.relationships}
    for row in _rows(vocab / "fandoms.tsv"):
        works = _int(row.get("works"))
        umbrella = row.get("kind") == "umbrella_grouping"
        if works < min_works and not umbrella and row["name"] not in used:
            continue
        kind = "umbrella" if umbrella else "tag"
        rows.fandoms.append(FandomRow(row["name"], works, kind, source=_keys(row.get("source", ""))))
    # Rows made one by the apostrophe repair ('Grey"s Anatomy' and "Grey's Anatomy") are merged.
    return merge_rows(KBRows(sources=rows.sources), rows, count=max)


# Broken fandom -> (stray name words, AO3 tag), found by `read_vocab`; the extra sources' rows that
# copied a broken vocabulary row are repaired the same way before they are merged.
SPLIT_TAGS: dict[str, tuple[str, str]] = {}


def _fix_split(text: str, stray: str) -> str:
    return "|".join(p.removesuffix(f" {stray}") for p in text.split("|")).replace(f" {stray}/", "/")


def _repair_split_tags(
    characters: list[dict[str, str]], relationships: list[dict[str, str]], tags: set[str]
) -> dict[str, tuple[str, str]]:
    """Undo a fandom tag the vocabulary's source split into the name column: "Jyn Erso Rogue One: A"
    under "Star Wars Story (2016)" is Jyn Erso under "Rogue One: A Star Wars Story (2016)".

    A row whose fandom is no tag with works, and whose name's last words joined with that fandom make one,
    gives the repair; every row of that fandom then moves to the tag, the stray words leaving its
    names (and a relationship's tag and members)."""
    moved: dict[str, tuple[str, str]] = {}  # broken fandom -> (stray words, tag)
    for row, name in [(r, r["name"]) for r in characters] + [(r, r["tag"]) for r in relationships]:
        if row["fandom"] in tags or row["fandom"] in moved:
            continue
        words = name.split()
        for k in range(1, min(4, len(words))):
            stray = " ".join(words[-k:])
            if f"{stray} {row['fandom']}" in tags:
                moved[row["fandom"]] = (stray, f"{stray} {row['fandom']}")
                break

    for row in characters:
        if row["fandom"] in moved:
            stray, tag = moved[row["fandom"]]
            row.update(name=_fix_split(row["name"], stray), fandom=tag)
    for row in relationships:
        if row["fandom"] in moved:
            stray, tag = moved[row["fandom"]]
            members = _fix_split(row.get("members", ""), stray)
            row.update(tag=_fix_split(row["tag"], stray), members=members, fandom=tag)
    return moved


def read_extra(path: Path) -> KBRows:
    """One extra source TSV as rows (its table named by its suffix)."""
    table = path.name.split(".")[-2] if path.name.count(".") >= 2 else ""
    rows = KBRows()
    for row in _rows(path):
        source = row.get("source") or path.name.split(".")[0]
        if table == "fandoms":
            kind = row.get("kind") or "tag"
            rows.fandoms.append(
                FandomRow(row["name"], _int(row.get("works")), kind, _list(row.get("aliases")), source)
            )
        elif table == "characters":
            ao3_tag = row.get("ao3_tag", "0").strip() in ("1", "true", "yes")
            rows.characters.append(_character(row, ao3_tag=ao3_tag, source=source))
        elif table == "relationships":
            kind, members = split_ship(row["tag"])
            rows.relationships.append(
                _relationship(row, row.get("type") or kind, _list(row.get("members")) or members, source)
            )
        elif table == "terms":
            rows.terms.append(TermRow(row["name"], row["fandom"], row.get("kind") or "place", source))
        else:
            raise SystemExit(
                f"{path}: name it <source>.fandoms.tsv, .characters.tsv, .relationships.tsv or .terms.tsv"
            )
    return rows


def read_tags(path: Path) -> dict[tuple[str, str], str]:
    """(name, fandom) -> AO3 tag, from a `<source>.tags.tsv`."""
    return {(row["name"], row["fandom"]): row["tag"] for row in _rows(path) if row.get("tag")}


def build(vocab: Path, min_works: int, extras: list[Path], words: Path | None = None) -> KBRows:
    """The KB's rows; `words` is the everyday-word list (SCOWL) for `everyday_fandom_words` (None:
    given names only, as the tests' small KBs need)."""
    rows = read_vocab(vocab, min_works)
    descriptions = EXTRA_DIR / "sources.tsv"
    full_only: set[str] = set()
    if descriptions.exists():
        described = _rows(descriptions)
        rows.sources.update((r["name"], r["description"]) for r in described)
        full_only = {r["name"] for r in described if r.get("parts", "").strip() == "no"}
    tags: dict[tuple[str, str], str] = {}
    for path in extras:
        if path.name.endswith(".tags.tsv"):
            tags.update(read_tags(path))
            continue
        extra = read_extra(path)
        for c in extra.characters:
            if c.fandom in SPLIT_TAGS:
                stray, c.fandom = SPLIT_TAGS[c.fandom]
                c.name = _fix_split(c.name, stray)
        # A row already known is merged: aliases added, the larger count kept, sources joined.
        rows = merge_rows(rows, extra, count=max)
    # Every fandom a character or relationship names is a row (a tag, unless known as a grouping).
    named = (
        {c.fandom: c.source for c in rows.characters}
        | {r.fandom: r.source for r in rows.relationships}
        | {t.fandom: t.source for t in rows.terms}
    )
    known = {f.name for f in rows.fandoms}
    # A tag under `min_works` keeps the vocabulary's count: equal evidence is broken by it.
    counts = {row["name"]: _int(row.get("works")) for row in _rows(vocab / "fandoms.tsv")}
    for name in sorted(set(named) - known):
        rows.fandoms.append(FandomRow(name, counts.get(name, 0), "tag", source=named[name].split(";")[0]))
    used = {
        s
        for table in (rows.fandoms, rows.characters, rows.relationships, rows.terms)
        for r in table
        for s in r.source.split(";")
    }
    missing = sorted(used - set(rows.sources))
    if missing:
        raise SystemExit(f"describe these sources in {descriptions}: {', '.join(missing)}")
    for c in rows.characters:
        if (tag := tags.get((c.name, c.fandom))) and tag != c.name:
            c.tag = tag
    # A ship's members are compared with the characters' tags: they become those tags too (the
    # ship's own tag stays AO3's: "Merlin/Arthur Pendragon (Merlin)").
    for r in rows.relationships:
        r.members = [tags.get((m, r.fandom), m) for m in r.members]
    # One canonical order: the stages break ties by KB order, so a rebuild must not reorder.
    rows.fandoms.sort(key=lambda f: f.name)
    rows.characters.sort(key=lambda c: (c.name, c.fandom))
    rows.relationships.sort(key=lambda r: (r.tag, r.type, r.members, r.fandom, r.category, r.works))
    rows.terms.sort(key=lambda t: (t.name, t.fandom, t.kind))
    rows.meta = {"built_by": "training/build_kb.py", "min_works": str(min_works)}
    if full_only:
        rows.meta[FULL_NAME_ONLY_KEY] = ",".join(sorted(full_only))
    dictionary = (
        frozenset(words.read_text(encoding="utf-8").casefold().split())
        if words and words.exists()
        else frozenset()
    )
    distinct = distinct_given_names(rows, full_only, dictionary)
    full_only_given = [w for w in distinct_given_names(rows, set(), dictionary) if w not in set(distinct)]
    if full_only_given:
        # Given names that only a full-name-only source's person bears, among all the KB's people.
        rows.meta[FULL_ONLY_GIVEN_KEY] = ",".join(full_only_given)
    rows.meta[DISTINCT_GIVEN_KEY] = ",".join(sorted({*distinct, *full_only_given}))
    rows.meta[EVERYDAY_FANDOM_KEY] = ",".join(everyday_fandom_words(rows, words))
    rows.meta[EVERYDAY_GIVEN_KEY] = ",".join(everyday_single_names(rows))
    return rows


# SCOWL's American English list (Debian package `wamerican`), read at build time only.
WORDS = Path("/usr/share/dict/american-english")


def everyday_fandom_words(rows: KBRows, words: Path | None) -> list[str]:
    """One-word fandom names that are everyday English words ("major", "friends", "lost"): lower-case
    words of the `words` list (SCOWL), and everyday given names. The shipped build fails without the
    list rather than write a KB that reads "Major spoilers" as a canon."""
    if words is not None and not words.exists():
        raise SystemExit(f"{words} is missing: apt-get install wamerican")
    everyday = {w for w in words.read_text(encoding="utf-8").split() if w.islower()} if words else set()
    names = {v.casefold() for f in rows.fandoms for v in fandom_variants(f.name) if len(v.split()) == 1}
    return sorted(n for n in names if n in everyday or everyday_given_name(n))


@cache
def _everyday_names() -> frozenset[str]:
    """`kb_sources/everyday_names.txt` as KB name keys: "Riëlle" is the key "rielle". Read once per
    build: `distinct_given_names` (called twice) and `everyday_single_names` all need it."""
    path = EXTRA_DIR / "everyday_names.txt"
    words = path.read_text(encoding="utf-8").split() if path.exists() else []
    return frozenset(k for w in words for k in name_keys(w))


def everyday_single_names(rows: KBRows) -> list[str]:
    """One-word KB names that real people bear as given names ("silas", "anya", "jean"):
    `kb_sources/everyday_names.txt`. A bare one in a story is a clue as weak as any first name."""
    everyday = _everyday_names()
    singles = {k for row in rows.characters for raw in [row.name, *row.all_aliases()] for k in name_keys(raw)}
    return sorted(w for w in singles if " " not in w and w in everyday)


# Fandom tags of canons that write names family first: in Japanese or Korean script, or of anime,
# manga or manhwa (as `kb_sources/make_scourgify.py` reads them).
_FAMILY_FIRST = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]|\(Anime|Anime & Manga|\(Manhwa|\(Manga")


def distinct_given_names(
    rows: KBRows, full_only: set[str], dictionary: frozenset[str] = frozenset()
) -> list[str]:
    """Given names that one canon person alone bears and nobody else uses ("obi-wan", "prompto").

    A bare one in a story points at that person's canon. Left out: names of four letters or fewer,
    the nickname table of `ficlens.names`, and `kb_sources/everyday_names.txt`
    (given names of Faker's locales and everyday English words among the KB's given names: "erik",
    "hollow"); names of the `full_only` sources are left out (called with none, it finds the given
    names that one person alone bears among all the KB's people, those sources' included). A
    family-first name's last word counts as a given name unless it is a word of `dictionary` (the
    SCOWL list, any case: "February", "Bristol"). No name of `dictionary` is distinct: a real person's
    or place's name ("Siegfried", "Boston", "Horatio") is not one canon's, however few KB people bear it.
    """
    everyday = _everyday_names()
    people: dict[str, set[str]] = {}  # name word -> every person whose names hold it
    givens: set[str] = set()  # first words of the persons' own names (not of aliases in either order)
    family_first: set[str] = set()  # last words of family-first names
    anyone: dict[str, set[str]] = {}  # name word -> every person of every source whose name holds it
    for row in rows.characters:
        for word in {w for k in name_keys(row.name) for w in k.split()}:
            anyone.setdefault(word, set()).add(row.name)
        if full_only and set(row.source.split(";")) <= full_only:
            continue
        for key in {k for raw in [row.name, *row.all_aliases()] for k in name_keys(raw)}:
            for word in key.split():
                people.setdefault(word, set()).add(row.name)
        givens |= {k.split()[0] for k in name_keys(row.name) if len(k.split()) >= 2}
        if _FAMILY_FIRST.search(row.fandom):
            # AO3 writes a Japanese or Korean canon's names family first ("Katsuki Yuuri", "Kageyama
            # Tobio"): the last word is the given name a story calls them by. Not when the first word
            # is a given name already ("Mila Babicheva", "Jean Kirstein": written given name first).
            family_first |= {
                w[1]
                for k in name_keys(row.name)
                if len(w := k.split()) == 2
                and w[0] not in everyday
                and not everyday_given_name(w[0])
                and w[1] not in dictionary
            }
    # A family-first given name is one no person of any source shares ("Lebowski" of Cross Game is
    # also The Big Lebowski's).
    givens |= {w for w in family_first if len(anyone.get(w, ())) == 1}
    return sorted(
        w
        for w, who in people.items()
        if len(who) == 1
        and w in givens
        and len(w) > 4
        and w not in everyday
        and not everyday_given_name(w)
        and w not in dictionary
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=Path, default=ROOT.parent / "shared" / "data" / "ao3" / "vocab")
    parser.add_argument("--min-works", type=int, default=300)
    parser.add_argument("--extra", type=Path, action="append", default=[], help="one more source TSV")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    extras = sorted(p for p in EXTRA_DIR.glob("*.tsv") if p.name != "sources.tsv") + args.extra
    rows = build(args.vocab, args.min_works, extras, words=WORDS)
    write_file(args.out, rows, kind="shipped")
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, sha256 {digest}): "
        f"{len(rows.fandoms)} fandoms, {len(rows.characters)} characters, "
        f"{len(rows.relationships)} relationships, {len(rows.terms)} terms, from {len(extras)} extra source file(s)"
    )


if __name__ == "__main__":
    main()
