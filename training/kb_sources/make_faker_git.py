"""Write `faker_git.characters.tsv` and `datafaker.characters.tsv`: casts of canons from newer Faker lists.

    apt-get install wamerican          # /usr/share/dict/american-english (SCOWL), the everyday-word filter
    .venv/bin/python training/kb_sources/make_faker_git.py

Two public repositories carry hand-curated character lists that Debian's ruby-faker 2.21.0
(`make_faker.py`) lacks:

- `faker-git`: Faker itself (faker-ruby/faker, MIT, "Copyright (c) 2007-2010 Benjamin Curtis"), lists
  added after 2.21.0: Final Fantasy XIV, Attack on Titan, JoJo's Bizarre Adventure (protagonists,
  allies, antagonists), Sailor Moon, BanG Dream!;
- `datafaker`: Datafaker (datafaker-net/datafaker, Apache-2.0, "Copyright 2023 Datafaker.net"), the
  Java port of Faker, lists of its own: Mass Effect, Death Note, Gravity Falls, Babylon 5, Red Dead
  Redemption 2 (protagonists, gang, major characters), Resident Evil.

The lists used are kept in `faker_git/` and `datafaker/`, each file the upstream YAML at the commit
its first line names, cut to its lists of people (no quotes, places, species, weapons). Nothing is
downloaded and no Ruby or Java runs; the rows are made by `make_faker.cast_rows` with the rules of
the Debian lists (names of two or more capitalised words, a leading title moved to the aliases, one
canon one fandom row, a person the vocabulary has keeps its entry; a Japanese canon's two-word names
also in the other word order). A canon's own lower-case name words are allowed ("Solus zos Galvus",
"Tali'Zorah vas Normandy"), and a quoted nickname inside a name is dropped ("Jeff 'Joker' Moreau" ->
"Jeff Moreau": a bare "Joker" is another canon's).

Left out besides: groups ("Pillar Men", "Team Bucciarati"), people of other Final Fantasy games
appearing as guests (Noctis Lucis Caelum is Final Fantasy XV's), a real person (the game's
director), musicians' names given to characters ("Steely Dan"), a second spelling of one person
("Leon Kennedy" beside "Leon S. Kennedy"), names with an initial for a first or last name ("Ethan W.",
"E. Smith": signatures of in-game files), and names made only of everyday English words ("Weather
Report", "Lazy Susan", "Broken Mountain": in a story these are phrases far more often than people).
Both sources are marked `parts=no` in `sources.tsv` like `faker`: matched by full name only.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from common import VOCAB, write_tsv
from make_faker import _at, cast_rows

HERE = Path(__file__).parent
WORDS = Path("/usr/share/dict/american-english")
JOJO = "JoJo no Kimyou na Bouken | JoJo's Bizarre Adventure"
RDR = "Red Dead Redemption (Video Games)"


class Source(NamedTuple):
    folder: str
    # (YAML file, key path under `en.faker`) -> AO3 canonical fandom tag (checked against vocab/fandoms.tsv).
    lists: dict[tuple[str, str], str]
    either_order: frozenset[str]
    particles: frozenset[str]
    left_out: frozenset[str]


SOURCES = {
    "faker-git": Source(
        "faker_git",
        {
            ("final_fantasy_xiv", "games/final_fantasy_xiv/characters"): "Final Fantasy XIV",
            ("attack_on_titan", "attack_on_titan/characters"): "Shingeki no Kyojin | Attack on Titan",
            ("jojos_bizarre_adventure", "jojos_bizarre_adventure/protagonists"): JOJO,
            ("jojos_bizarre_adventure", "jojos_bizarre_adventure/allies"): JOJO,
            ("jojos_bizarre_adventure", "jojos_bizarre_adventure/antagonists"): JOJO,
            (
                "sailor_moon",
                "sailor_moon/character",
            ): "Bishoujo Senshi Sailor Moon | Pretty Guardian Sailor Moon",
            # The game has more AO3 works than the anime (3,819 to 2,039); both tell one band cast.
            ("bandori", "bandori/characters"): "BanG Dream! Girl's Band Party! (Video Game)",
        },
        frozenset({"jojos_bizarre_adventure", "sailor_moon", "bandori"}),
        # Garlean names' lower-case middle words.
        frozenset({"zos", "yae", "nan", "sas", "mal", "rem", "pyr", "quo", "tol", "goe", "cen", "bas", "no"}),
        frozenset(
            {
                # Groups, not people.
                "Eleven Men",
                "Jongleurs of Eulmore",
                "Pillar Men",
                "Rokakaka Research Organization",
                "Rokakaka Smuggling Organization",
                "Squadra Esecuzioni",
                "Team Bucciarati",
                "Ultima Weapon",
                "Unita Speciale",
                "Unnamed Characters",
                # Guests from other Final Fantasy games, whose own canons they belong to.
                "Agrias Oaks",
                "Alma Beoulve",
                "Basch van Gabranth",
                "Cloud of Darkness",
                "Delita Heiral",
                "Fran Eruyt",
                "Lunafreya Nox Fleuret",
                "Noah van Gabranth",
                "Noctis Lucis Caelum",
                "Ramza Beoulve",
                # A real person, and musicians' names given to characters.
                "Naoki Yoshida",
                "Foo Fighters",
                "Steely Dan",
            }
        ),
    ),
    "datafaker": Source(
        "datafaker",
        {
            ("mass_effect", "mass_effect/characters"): "Mass Effect Trilogy",
            ("death_note", "death_note/characters"): "Death Note (Anime & Manga)",
            ("gravity_falls", "gravity_falls/characters"): "Gravity Falls",
            ("babylon5", "babylon5/characters"): "Babylon 5",
            ("red_dead_redemption2", "red_dead_redemption2/protagonists"): RDR,
            ("red_dead_redemption2", "red_dead_redemption2/gang_members"): RDR,
            ("red_dead_redemption2", "red_dead_redemption2/major_characters"): RDR,
            ("resident_evil", "games/resident_evil/characters"): "Biohazard | Resident Evil (Gameverse)",
        },
        frozenset({"death_note"}),
        # Quarian names' lower-case middle words ("Tali'Zorah vas Normandy").
        frozenset({"vas", "nar"}),
        frozenset(
            {
                # Not people: a kind of creature, a model of machine.
                "Geth VI",
                "Instigator Majini",
                # Second spellings of one person (the list keeps "Leon S. Kennedy", "Oswell E. Spencer").
                "Leon Kennedy",
                "Leon Scott Kennedy",
                "Oswell E. Spener",
                "Tali'Zorah vas Neema",
            }
        ),
    ),
}
_PARTICLES = {"of", "the", "de", "and", "no"}
_INITIAL = re.compile(r"^[A-Z]\.$")
_NICKNAME = re.compile(r"\s'[^']+'\s")


def read_dir(folder: Path) -> dict[str, Any]:
    """YAML file stem -> its `en.faker` mapping."""
    files = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["en"]["faker"]
        for p in sorted(folder.glob("*.yml"))
    }
    if not files:
        raise SystemExit(f"{folder}: no *.yml files")
    return files


def weak(name: str, everyday: set[str]) -> bool:
    """Is a name made only of everyday English words ("Weather Report"), or has it an initial for a
    first or last name ("Ethan W.", "E. Smith")?"""
    words = name.split()
    if _INITIAL.match(words[0]) or _INITIAL.match(words[-1]):
        return True
    return all(w.casefold() in everyday or w.casefold() in _PARTICLES for w in words)


def rows_of(source: str, spec: Source, vocab: Path, everyday: set[str]) -> list[list[str]]:
    files = read_dir(HERE / spec.folder)
    for stem, path in spec.lists:
        names = _at(files[stem], path)
        names[:] = [
            n
            for n in (_NICKNAME.sub(" ", str(raw)) for raw in names)
            if n not in spec.left_out and not weak(n, everyday)
        ]
    return cast_rows(
        files, spec.lists, vocab, either_order=set(spec.either_order), source=source, particles=spec.particles
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    parser.add_argument("--words", type=Path, default=WORDS, help="SCOWL word list (package wamerican)")
    args = parser.parse_args()
    everyday = {w for w in args.words.read_text(encoding="utf-8").split() if w.islower()}
    for source, spec in SOURCES.items():
        out = rows_of(source, spec, args.vocab, everyday)
        path = HERE / f"{spec.folder}.characters.tsv"
        write_tsv(path, ["name", "fandom", "aliases", "list_rank", "source"], out)
        print(f"wrote {path}: {len(out)} characters of {len({r[1] for r in out})} fandoms")


if __name__ == "__main__":
    main()
