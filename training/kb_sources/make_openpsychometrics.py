"""Write `openpsychometrics.characters.tsv` from the Open-Source Psychometrics character list.

    .venv/bin/python training/kb_sources/make_openpsychometrics.py characters.csv

`characters.csv` is `data/2022/2022-08-16/characters.csv` of rfordatascience/tidytuesday (commit
2c423bacc57e4632ff8550557e0bc823eefa31ab; columns used: `name`, `uni_name`, rows in the file's
order, which is by notability within each universe). Nothing is downloaded.

Each universe name becomes the AO3 canonical fandom tag with the most works whose base name (no
medium in brackets, no author suffix, no leading "The") equals it; `OVERRIDE` holds the names AO3
spells differently. A character the AO3 vocabulary already has in a canon of the same name (by its
name keys: "Leroy Jethro Gibbs" is "Jethro Gibbs", "Darth Vader" is "Anakin Skywalker | Darth
Vader") keeps the vocabulary's name, which is AO3's tag, with this source's name as an alias, so
one person is one knowledge-base entry.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

from common import VOCAB, same_person, tsv
from common import base as base_names

from ficlens.kb.index import name_keys

OUT = Path(__file__).with_name("openpsychometrics.characters.tsv")
OVERRIDE = {
    "House": "House M.D.",
    "Firefly + Serenity": "Firefly",
    "That 70's Show": "That '70s Show",
    "Yellowjackets": "Yellowjackets (TV)",
    "M*A*S*H": "MASH (TV)",
    "Craze Ex-Girlfriend": "Crazy Ex-Girlfriend (TV)",
    "Arcane": "Arcane: League of Legends (Cartoon 2021)",
    "Pirates of the Carribean": "Pirates of the Caribbean (Movies)",
    "The Dark Knight": "Batman (Movies - Nolan)",
    "Calvin and Hobbes": "Calvin & Hobbes",
    # The source's cast is the 2004 film's; the musical has more works.
    "Mean Girls": "Mean Girls (2004)",
    "Little Women": "Little Women Series - Louisa May Alcott",
}
# A leading title is moved to the aliases when a full name remains ("Dr. Gregory House").
_TITLE = re.compile(r"^(?:Dr\.|D\.I\.|Ms\.|Mr\.|Mrs\.|Lady|Professor)\s+")


def resolve(universe: str, fandoms: list[dict[str, str]]) -> str:
    if universe in OVERRIDE:
        return OVERRIDE[universe]
    want = base_names(universe)
    found = [
        (int(r.get("works") or 0), r["name"])
        for r in fandoms
        if r.get("kind") == "ao3_canonical_tag" and base_names(r["name"]) & want
    ]
    if not found:
        raise SystemExit(f"no AO3 fandom tag for {universe!r}: add it to OVERRIDE")
    return max(found)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    args = parser.parse_args()
    fandoms = tsv(args.vocab / "fandoms.tsv")
    known: dict[str, list[str]] = defaultdict(list)  # base fandom name -> vocab character names
    ao3_tags = set()
    for row in tsv(args.vocab / "characters.tsv"):
        for base in base_names(row["fandom"]):
            known[base].append(row["name"])
        if "ranking-members" in row.get("source", "") or "randomfandomgame" in row.get("source", ""):
            ao3_tags.add(row["name"])
    rank: dict[str, int] = defaultdict(int)
    lines = ["name\tfandom\taliases\tuniverse\tnotability_rank\tsource"]
    with args.csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            universe, raw = row["uni_name"], row["name"]
            rank[universe] += 1
            if re.search(r"'s (?:mom|dad)$", raw):
                continue  # "Calvin's mom" is a role, not a name
            fandom = resolve(universe, fandoms)
            name = raw.split(", ")[0]
            aliases = []
            stripped = _TITLE.sub("", name)
            if stripped != name and len(stripped.split()) >= 2:
                aliases.append(name)
                name = stripped
            pool = sorted({k for base in base_names(fandom) | base_names(universe) for k in known[base]})
            same = [k for k in pool if same_person(k, name)]
            if not same and len(name.split()) == 1:
                # "Princess Leia" -> the one "Leia ..." of the canon ("Leia Organa").
                word = name_keys(name)[0] if name_keys(name) else ""
                fits = [
                    k for k in pool if any(word in (ws[0], ws[-1]) for ws in map(str.split, name_keys(k)))
                ]
                same = fits if len(fits) == 1 else []
            if same:
                aliases.insert(0, name)
                # AO3's own tag first ("Jaskier | Dandelion"), else the shortest cleaned name.
                name = min(same, key=lambda k: (k not in ao3_tags, len(k), k))
            aliases = [a for a in dict.fromkeys(aliases) if a != name]
            lines.append(
                f"{name}\t{fandom}\t{'|'.join(aliases)}\t{universe}\t{rank[universe]}\topenpsychometrics"
            )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines) - 1} characters")


if __name__ == "__main__":
    main()
