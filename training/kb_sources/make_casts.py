"""Write `casts.characters.tsv`: the main casts of canons no other source covers, from `casts/*.yaml`.

    apt-get install wamerican          # /usr/share/dict/american-english (SCOWL), the everyday-word filter
    .venv/bin/python training/kb_sources/make_casts.py

Each `casts/<canon>.yaml` names one AO3 fandom tag, the public pages its names were checked against
(`sources`, kept in the file; `casts/README.md` lists them all) and its main and recurring characters
in the fandom-pack layout (`name`, `aliases`, `nicknames`; docs/kb.md):

    fandom: "Stargate Atlantis"
    sources: [https://en.wikipedia.org/wiki/List_of_Stargate_Atlantis_characters]
    characters:
      - name: Rodney McKay
        nicknames: [Mer]

The canons were chosen by popularity, not by any story: AO3 fandom tags with many works in the 2021
dump (`vocab/fandoms.tsv`) whose franchise had fewer than four people in the KB, under-covered big
canons, and canons that became large on AO3 after 2021.

A person another source already has in the canon or its franchise (the fandoms holding two or more of
the file's people) keeps that entry, and this file's names become its aliases, so one person is one KB
entry; a new person joins the file's own fandom, never a sibling with more works (a Stargate Atlantis
file names SG-1's Jack O'Neill, but its new people are Atlantis's). Main casts are matched like the
vocabulary's people (`parts=yes` in `sources.tsv`): a bare given name is a clue, except for a person
whose given name and surname are both everyday names ("Marcus Brooks"; `everyday_names.txt`), written
as `casts-ordinary` (parts=no, full name only). So a one-word name or
nickname that is a word of SCOWL's list ("Joker", "Queen", "Stark", and proper nouns: "Berlin", "Zeus",
"Dracula") and a name made only of everyday words ("Old Man") are left out, as the other sources leave
them out: a story's "the Queen" or "Dracula" is no evidence for a canon. Kept: a one-word name SCOWL
lists only as a proper noun that people bear as a given name (`everyday_names.txt`: Shakespeare's
"Claudio", "Ophelia"). The KB marks it an everyday name, so in a story it is as weak a clue as any
bare first name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from common import VOCAB, same_person, vocab_characters, write_tsv
from make_faker_git import WORDS
from make_scourgify import known_elsewhere
from pydantic import BaseModel, ConfigDict, Field

from ficlens.kb.index import name_keys
from ficlens.kb.pack import PackCharacter

HERE = Path(__file__).parent
CASTS = HERE / "casts"
OUT = HERE / "casts.characters.tsv"
SOURCE = "casts"
# A person whose given name and surname are both everyday names ("Marcus Brooks") is matched by full
# name only (`sources.tsv`: parts=no): a bare "Marcus" or "Brooks" is no clue for one canon.
ORDINARY_SOURCE = "casts-ordinary"
EVERYDAY_NAMES = HERE / "everyday_names.txt"
_BAD_NAME = re.compile(r"[\d/&]")


def everyday_words(path: Path = WORDS) -> tuple[frozenset[str], frozenset[str]]:
    """SCOWL's words, (lower-case ones, all of them case-folded)."""
    if not path.exists():
        raise SystemExit(f"{path} is missing: apt-get install wamerican")
    words = path.read_text(encoding="utf-8").split()
    return frozenset(w for w in words if w.islower()), frozenset(w.casefold() for w in words)


class CastFile(BaseModel):
    """One canon's cast file (the fandom-pack layout plus the pages the names were checked against)."""

    model_config = ConfigDict(extra="forbid")

    fandom: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    characters: list[PackCharacter] = Field(min_length=1, max_length=40)


# Resolved here: the tests load this script as a file, outside any package namespace.
CastFile.model_rebuild(_types_namespace={"PackCharacter": PackCharacter})


def read_casts(folder: Path = CASTS) -> list[tuple[Path, CastFile]]:
    """Every cast file, validated: a URL for each source, no digits, '/' or '&' in a name."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        cast = CastFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for url in cast.sources:
            if not url.startswith(("http://", "https://")):
                raise SystemExit(f"{path}: source {url!r} is no URL")
        for c in cast.characters:
            for n in (c.name, *c.aliases, *c.nicknames):
                if _BAD_NAME.search(n):
                    raise SystemExit(f"{path}: {n!r} has a digit, '/' or '&'")
        out.append((path, cast))
    return out


def known_people(vocab: Path) -> dict[str, list[str]]:
    """Fandom -> names of the people the vocabulary and every other source of this folder have."""
    known, _ = vocab_characters(vocab)
    for fandom, names in known_elsewhere(OUT).items():
        known.setdefault(fandom, []).extend(names)
    return known


def cast_rows(
    casts: list[tuple[Path, CastFile]],
    vocab: Path,
    words: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[list[str]]:
    """Rows (name, fandom, aliases, nicknames, list_rank, source). `words` are SCOWL's (lower-case
    words, all words case-folded): a one-word name, alias or nickname that is any SCOWL word ("Queen",
    "Berlin", "Zeus", "Dracula", "Nat") and a longer one made only of everyday words ("Old Man", "The
    Wraith") is left out."""
    lower, anycase = words
    name_words = (
        frozenset(EVERYDAY_NAMES.read_text(encoding="utf-8").split())
        if EVERYDAY_NAMES.exists()
        else frozenset()
    )

    def ordinary(name: str) -> bool:
        keys = [k.split() for k in name_keys(name)]
        return bool(keys) and all(len(k) >= 2 and k[0] in name_words and k[-1] in name_words for k in keys)

    def everyday(name: str) -> bool:
        parts = name.split()
        if len(parts) == 1:
            word = parts[0].casefold()
            return word in anycase and (word in lower or word not in name_words)
        return all(w in lower for w in (p.casefold() for p in parts))

    known = known_people(vocab)
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for fandom, names in known.items():
        for name in names:
            for word in {w for key in name_keys(name) for w in key.split()}:
                index[word].add((name, fandom))
    rows: dict[tuple[str, str], tuple[list[str], list[str], int]] = {}
    for _, cast in casts:
        people = [c for c in cast.characters if not everyday(c.name)]
        matches = {}
        for c in people:
            # By the name or a full alias: the file's "Tony DiNozzo" (alias "Anthony DiNozzo") is the
            # vocabulary's Anthony DiNozzo.
            forms = [c.name, *(a for a in c.aliases if " " in a.strip())]
            parts = {w for form in forms for key in name_keys(form) for w in key.split()}
            found = {k for w in parts for k in index.get(w, ())}
            matches[c.name] = sorted(k for k in found if any(same_person(k[0], f) for f in forms))
        # The franchise's fandoms: those already holding two or more of this cast.
        overlap = Counter(f for found in matches.values() for f in {f for _, f in found})
        related = {f for f, n in overlap.items() if n >= 2}
        for rank, c in enumerate(people, 1):
            same = [(n, f) for n, f in matches[c.name] if f in related or f == cast.fandom]
            name, fandom = min(same, key=lambda k: (len(k[0]), k)) if same else (c.name, cast.fandom)
            aliases = [a for a in dict.fromkeys([c.name, *c.aliases]) if a != name and not everyday(a)]
            nicks = [n for n in c.nicknames if not everyday(n)]
            old = rows.get((name, fandom))
            if old:
                aliases = list(dict.fromkeys([*old[0], *aliases]))
                nicknames = list(dict.fromkeys([*old[1], *nicks]))
                rank = min(rank, old[2])
            else:
                nicknames = nicks
            rows[(name, fandom)] = (aliases, nicknames, rank)
    return [
        [name, fandom, "|".join(al), "|".join(nick), str(rank), ORDINARY_SOURCE if ordinary(name) else SOURCE]
        for (name, fandom), (al, nick, rank) in sorted(rows.items())
    ]


def write_readme(casts: list[tuple[Path, CastFile]]) -> None:
    """`casts/README.md`: every file's canon, its number of people and the pages they were checked against."""
    lines = [
        "# Cast files (KB source `casts`)",
        "",
        "Main and recurring characters of canons no other source covers, one file per canon, each checked",
        "against the public pages listed (names only; no story text). Written for ficlens; the names are",
        "facts of the canons. Built into the KB by `../make_casts.py` (this table is generated by it).",
        "",
        "| file | fandom | people | pages |",
        "|---|---|---|---|",
    ]
    for path, cast in casts:
        pages = " ".join(f"<{u}>" for u in cast.sources)
        fandom = cast.fandom.replace("|", "\\|")
        lines.append(f"| `{path.name}` | {fandom} | {len(cast.characters)} | {pages} |")
    (CASTS / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    casts = read_casts()
    out = cast_rows(casts, VOCAB, everyday_words())
    write_tsv(OUT, ["name", "fandom", "aliases", "nicknames", "list_rank", "source"], out)
    write_readme(casts)
    print(f"wrote {OUT}: {len(out)} characters of {len({r[1] for r in out})} fandoms from {len(casts)} files")


if __name__ == "__main__":
    main()
