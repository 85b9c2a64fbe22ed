"""Write `faker.terms.tsv`: places, species, organisations and other words of 45 canons, from Faker's lists.

    apt-get download ruby-faker        # once, by hand: ruby-faker_2.21.0-1_all.deb (Debian bookworm)
    apt-get install wamerican          # /usr/share/dict/american-english (SCOWL), the everyday-word filter
    .venv/bin/python training/kb_sources/make_faker_terms.py ruby-faker_2.21.0-1_all.deb

The same Ruby library Faker (faker-ruby/faker 2.21.0, MIT) that gives the `faker` characters also
keeps hand-curated lists of canon places and terms: `star_wars.planets` ("Tatooine", "Coruscant"),
`harry_potter.locations` / `houses` / `spells`, `naruto.villages`, `dr_who.species`,
`game_of_thrones.cities` … A canon's own places are evidence for its fandom (a story set on Tatooine
is Star Wars fan fiction) and are never characters. This script keeps the lists named in `TERMS`,
each with a kind (place, species, group, thing); a list's canon is the fandom its file's characters
went to in `faker.characters.tsv` (the majority of the people of that file's character lists found
there, so terms and cast share one fandom row), else the hand-mapped tag in `FANDOM`.

Kept: terms of capitalised words (particles such as "of", "the", "de" allowed inside), no digits, a
leading "The" dropped ("The Burrow" -> "Burrow"), a bracketed note made an alias ("Konohagakure (Leaf
Village)" -> "Konohagakure" and "Leaf Village"), a Naruto-style "-gakure" village also under its short
name ("Konoha"), a Game of Thrones house as "House Stark", an address's street part after a comma
("Number 12, Grimmauld Place" -> "Grimmauld Place"). Left out as too weak to name a canon: a one-word
term that is an everyday English word in lower case in the SCOWL word list (`wamerican`: "Solitude",
"Angel", "Wolf", "Shire") or a real-world name in Faker's own lists (countries, capitals, US states, the
solar system's planets: "Belgium", "Earth", "Jupiter"), a term of one or two letters, and a term
that two canons' lists share ("Earth" in Rick and Morty and The Expanse).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

from common import tsv, write_tsv
from make_faker import LISTS, _at, clean, read_deb

from ficlens.stages.fandom import TERM_PARTICLES

OUT = Path(__file__).with_name("faker.terms.tsv")
CHARACTERS = Path(__file__).with_name("faker.characters.tsv")
WORDS = Path("/usr/share/dict/american-english")

# (YAML file, key path under `en.faker`) -> kind of term.
TERMS: dict[tuple[str, str], str] = {
    ("dr_who", "dr_who/species"): "species",
    ("dragon_ball", "dragon_ball/planets"): "place",
    ("dragon_ball", "dragon_ball/races"): "species",
    ("dune", "dune/planets"): "place",
    ("dune", "dune/cities"): "place",
    ("elder_scrolls", "games/elder_scrolls/region"): "place",
    ("elder_scrolls", "games/elder_scrolls/city"): "place",
    ("elder_scrolls", "games/elder_scrolls/race"): "species",
    ("fallout", "games/fallout/locations"): "place",
    ("fallout", "games/fallout/factions"): "group",
    ("fma_brotherhood", "fma_brotherhood/cities"): "place",
    ("fma_brotherhood", "fma_brotherhood/countries"): "place",
    ("friends", "friends/locations"): "place",
    ("futurama", "futurama/locations"): "place",
    ("game_of_thrones", "game_of_thrones/cities"): "place",
    ("game_of_thrones", "game_of_thrones/dragons"): "thing",
    ("game_of_thrones", "game_of_thrones/houses"): "group",
    ("half_life", "games/half_life/location"): "place",
    ("harry_potter", "harry_potter/locations"): "place",
    ("harry_potter", "harry_potter/houses"): "group",
    ("harry_potter", "harry_potter/spells"): "thing",
    ("hey_arnold", "hey_arnold/locations"): "place",
    ("hitchhikers_guide_to_the_galaxy", "hitchhikers_guide_to_the_galaxy/locations"): "place",
    ("hitchhikers_guide_to_the_galaxy", "hitchhikers_guide_to_the_galaxy/planets"): "place",
    ("hitchhikers_guide_to_the_galaxy", "hitchhikers_guide_to_the_galaxy/species"): "species",
    ("hitchhikers_guide_to_the_galaxy", "hitchhikers_guide_to_the_galaxy/starships"): "thing",
    ("how_to_train_your_dragon", "how_to_train_your_dragon/locations"): "place",
    ("how_to_train_your_dragon", "how_to_train_your_dragon/dragons"): "species",
    ("league_of_legends", "games/league_of_legends/location"): "place",
    ("lovecraft", "lovecraft/location"): "place",
    ("lovecraft", "lovecraft/deity"): "thing",
    ("myst", "games/myst/ages"): "place",
    ("naruto", "naruto/villages"): "place",
    ("naruto", "naruto/eyes"): "thing",
    ("naruto", "naruto/demons"): "thing",
    ("one_piece", "one_piece/seas"): "place",
    ("one_piece", "one_piece/islands"): "place",
    ("one_piece", "one_piece/locations"): "place",
    ("one_piece", "one_piece/akumas_no_mi"): "thing",
    ("overwatch", "games/overwatch/locations"): "place",
    ("parks_and_rec", "parks_and_rec/cities"): "place",
    ("pokemon", "games/pokemon/locations"): "place",
    # Species a story names ("Pikachu", "Arcanine") are as sure a sign of the canon as its towns.
    ("pokemon", "games/pokemon/names"): "species",
    ("rick_and_morty", "rick_and_morty/locations"): "place",
    ("simpsons", "simpsons/locations"): "place",
    ("star_trek", "star_trek/location"): "place",
    ("star_trek", "star_trek/specie"): "species",
    ("star_wars", "star_wars/planets"): "place",
    ("star_wars", "star_wars/species"): "species",
    ("stargate", "stargate/planets"): "place",
    ("sword_art_online", "sword_art_online/location"): "place",
    ("the_expanse", "the_expanse/locations"): "place",
    ("the_expanse", "the_expanse/ships"): "thing",
    ("the_kingkiller_chronicle", "books/the_kingkiller_chronicle/locations"): "place",
    ("the_thick_of_it", "the_thick_of_it/departments"): "group",
    ("tolkien", "tolkien/lord_of_the_rings/locations"): "place",
    ("tolkien", "tolkien/hobbit/location"): "place",
    ("tolkien", "tolkien/races"): "species",
    ("touhou", "games/touhou/locations"): "place",
    ("twin_peaks", "twin_peaks/locations"): "place",
    ("warhammer_fantasy", "games/warhammer_fantasy/locations"): "place",
    ("warhammer_fantasy", "games/warhammer_fantasy/factions"): "group",
    ("witcher", "games/witcher/locations"): "place",
    ("witcher", "games/witcher/monsters"): "species",
    ("witcher", "games/witcher/signs"): "thing",
    ("world_of_warcraft", "games/world_of_warcraft/races"): "species",
    ("zelda", "games/zelda/locations"): "place",
}
# Files with no character list in `make_faker.LISTS`, and Tolkien's (whose long legendarium cast went
# to The Silmarillion, while its places are mostly those of the most-tagged canon): the AO3 tag, by hand.
FANDOM = {
    "tolkien": "The Lord of the Rings - J. R. R. Tolkien",
    "elder_scrolls": "The Elder Scrolls V: Skyrim",
    "lovecraft": "Cthulhu Mythos - H. P. Lovecraft",
    "pokemon": "Pocket Monsters | Pokemon - All Media Types",
}
# Faker's lists of real-world names: a canon's "Earth" or "Belgium" is everybody's.
REAL_WORLD = [
    ("address", "address/country"),
    ("address", "address/state"),
    ("nation", "nation/capital_city"),
    ("space", "space/planet"),
    ("bible", "bible/location"),
]
_WORD = re.compile(r"^[A-Z][\w'’\-.]*$|^(?:" + "|".join(re.escape(p) for p in sorted(TERM_PARTICLES)) + r")$")
_NOTE = re.compile(r"\s*\(([^)]*)\)")
_PARTICLES = TERM_PARTICLES


def forms(raw: str, stem: str, path: str) -> list[str]:
    """The written forms of one listed term ("Konohagakure (Leaf Village)" -> both names, "Konoha")."""
    notes = _NOTE.findall(raw)
    main = _NOTE.sub("", raw).strip()
    if "," in main:
        main = main.rsplit(",", 1)[1].strip()  # "Number 12, Grimmauld Place"
    out = [main, *notes]
    if path.endswith("/houses") and stem == "game_of_thrones":
        # A Westerosi house is written "House Stark"; "of Flint's Finger" is its seat.
        out = [f"House {main.split(' of ')[0]}"]
    if stem == "naruto":
        out += [re.sub(r"gakure$", "", f) for f in out if f.endswith("gakure")]
    cleaned = []
    for form in out:
        words = form.split()
        if words and words[0] == "The":
            words = words[1:]
        if (
            words
            and all(_WORD.match(w) for w in words)
            and words[0][0].isupper()
            and not re.search(r"\d", form)
        ):
            cleaned.append(" ".join(words))
    return cleaned


def _everyday(word: str, everyday: set[str]) -> bool:
    """Is a word of a term an everyday English word or a particle ("lake", "king's", "of")?"""
    word = re.sub(r"['’]s$", "", word)
    return word in everyday or word in _PARTICLES


def given_names() -> list[str]:
    """Given names of ficlens's own tables: a "Rupert" or "Dorian" among the places names a person."""
    from ficlens.names import _given_name_genders

    return list(_given_name_genders())


def stem_fandoms(files: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """YAML file -> the fandom most of its listed people went to in faker.characters.tsv."""
    where: dict[str, str] = {}
    for row in tsv(CHARACTERS):
        for name in [row["name"], *filter(None, row.get("aliases", "").split("|"))]:
            where.setdefault(name.casefold(), row["fandom"])
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (stem, path), _tag in LISTS.items():
        for raw in _at(files[stem], path):
            got = clean(str(raw), _tag)
            if got and got[0].casefold() in where:
                votes[stem][where[got[0].casefold()]] += 1
    return {stem: c.most_common(1)[0][0] for stem, c in votes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", type=Path, help="ruby-faker_2.21.0-1_all.deb")
    parser.add_argument("--words", type=Path, default=WORDS, help="SCOWL word list (package wamerican)")
    args = parser.parse_args()
    files = read_deb(args.deb)
    words = set(args.words.read_text(encoding="utf-8").split())
    everyday = {w for w in words if w.islower()}
    # A capitalised dictionary word is a real-world place or person ("Cambridge", "Janus"), or a
    # canon word English took in ("Hogwarts", "Klingon"), which no longer points at one canon.
    known_names = {w.casefold() for w in words if not w.islower()} | set(given_names())
    real = {str(x).casefold() for stem, path in REAL_WORLD for x in _at(files[stem], path)}
    # A file whose people are not in faker.characters.tsv keeps its character list's hand-mapped tag.
    fandoms = {stem: tag for (stem, _), tag in LISTS.items()} | stem_fandoms(files) | FANDOM
    found: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # key -> fandom -> (term, kind)
    for (stem, path), kind in TERMS.items():
        fandom = fandoms[stem]
        for raw in _at(files[stem], path):
            for form in forms(str(raw), stem, path):
                key = form.casefold()
                words = key.split()
                if len(key) <= 2 or key in real or (len(words) == 1 and key in known_names | everyday):
                    continue
                if len(words) > 1 and words[0] != "house" and all(_everyday(w, everyday) for w in words):
                    continue  # "Sheriff's Department", "Black Lake": any story's words
                found[key].setdefault(fandom, (form, kind))
    rows = []
    for _key, per_fandom in sorted(found.items()):
        if len(per_fandom) > 1:
            continue  # two canons' word: evidence for neither
        (fandom, (form, kind)), *_ = per_fandom.items()
        rows.append([form, fandom, kind, "faker-terms"])
    rows.sort(key=lambda r: (r[1], r[0]))
    write_tsv(OUT, ["name", "fandom", "kind", "source"], rows)
    print(f"wrote {OUT}: {len(rows)} terms of {len({r[1] for r in rows})} fandoms")


if __name__ == "__main__":
    main()
