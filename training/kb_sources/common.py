"""Helpers shared by the `make_<source>.py` scripts that write `<source>.characters.tsv`.

Each script turns one public list of characters into rows of the knowledge base: it maps the
source's canon names to AO3 canonical fandom tags (`../shared/data/ao3/vocab/fandoms.tsv`) and keeps
the vocabulary's own name for a character the vocabulary already has in that canon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ficlens.kb.index import name_keys
from ficlens.stages.fandom_text import name_variants

ROOT = Path(__file__).resolve().parents[2]
VOCAB = ROOT.parent / "shared" / "data" / "ao3" / "vocab"

# Tags of another medium of the same name are other works ("Again (Video Game)" is not "Again!!").
OTHER_MEDIUM = re.compile(
    r"\((?:[^)]*\b(?:Video Game|Movies?|TV|Band|Podcast|Web Series|Comics|Cartoon|Musical|Musician|Visual Novel|RPF)\b)[^)]*\)"
)


def tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


def base(name: str) -> set[str]:
    """Comparable base names of a fandom tag or universe: lower case, no leading "the"."""
    out = set()
    for variant in name_variants(name):
        words = re.sub(r"[^a-z0-9]+", " ", variant.lower()).split()
        if words and words[0] == "the":
            words = words[1:]
        if words:
            out.add(" ".join(words))
    return out


def title_key(name: str) -> str:
    """Comparable form of a title: lower case, punctuation ignored, long vowels of romanised
    Japanese written short ("Katekyo" = "Katekyou", "Shippuden" = "Shippuuden")."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", name.casefold()).split())
    return re.sub(r"ou|oo", "o", re.sub(r"uu", "u", key))


def fandom_index(fandoms: list[dict[str, str]], *, other_media: bool = False) -> dict[str, tuple[int, str]]:
    """Base name of every AO3 canonical fandom tag -> (works, tag) of the most-used tag with it;
    tags of another medium ("(Video Game)", "(TV)"…) only with `other_media`."""
    best: dict[str, tuple[int, str]] = {}
    for row in fandoms:
        if row.get("kind") != "ao3_canonical_tag" or (not other_media and OTHER_MEDIUM.search(row["name"])):
            continue
        works = int(row.get("works") or 0)
        for b in base(row["name"]):
            key = title_key(b)
            if key and (key not in best or best[key] < (works, row["name"])):
                best[key] = (works, row["name"])
    return best


def same_person(a: str, b: str) -> bool:
    """Do two names of one canon name one person ("Leroy Jethro Gibbs", "Jethro Gibbs")?"""
    ka = [set(k.split()) for k in name_keys(a)]
    kb = [set(k.split()) for k in name_keys(b)]
    return any(len(x) > 1 and len(y) > 1 and (x <= y or y <= x) for x in ka for y in kb) or any(
        x == y for x in ka for y in kb
    )


def vocab_characters(vocab: Path) -> tuple[dict[str, list[str]], set[str]]:
    """AO3 fandom tag -> the vocabulary's character names, and the names that are AO3's own tags."""
    known: dict[str, list[str]] = defaultdict(list)
    ao3_tags: set[str] = set()
    for row in tsv(vocab / "characters.tsv"):
        known[row["fandom"]].append(row["name"])
        if "ranking-members" in row.get("source", "") or "randomfandomgame" in row.get("source", ""):
            ao3_tags.add(row["name"])
    return known, ao3_tags


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = ["\t".join(header), *("\t".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
