"""Write `starwars_names.characters.tsv`: Star Wars characters from the npm package starwars-names.

    npm pack starwars-names@1.6.0      # once, by hand: starwars-names-1.6.0.tgz
    .venv/bin/python training/kb_sources/make_starwars_names.py starwars-names-1.6.0.tgz

The npm package `starwars-names` 1.6.0 (MIT, Kent C. Dodds; sha256 of the tarball 3281f3823a114936…)
ships `dist/starwars-names.json`, 93 names of Star Wars characters of the films, the Clone Wars and
the Legends books and games ("Mara Jade", "Quinlan Vos", "Plo Koon"). This script reads that file
from the tarball (no package code runs, nothing is downloaded) and makes rows with
`make_faker.cast_rows`, the rules of the Faker lists (names of two or more capitalised words, a leading
title moved to the aliases, a person the vocabulary has keeps its entry, new people join the
franchise's main canon). Marked `parts=no` in `sources.tsv`, like `faker`.
"""

from __future__ import annotations

import argparse
import json
import tarfile
from pathlib import Path

from common import VOCAB, write_tsv
from make_faker import cast_rows

OUT = Path(__file__).with_name("starwars_names.characters.tsv")
MEMBER = "package/dist/starwars-names.json"
LISTS = {("starwars_names", "starwars_names/characters"): "Star Wars - All Media Types"}


def read_names(tgz: Path) -> list[str]:
    with tarfile.open(tgz) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{tgz}: no {MEMBER}")
        return [str(n) for n in json.load(member)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tgz", type=Path, help="starwars-names-1.6.0.tgz")
    parser.add_argument("--vocab", type=Path, default=VOCAB)
    args = parser.parse_args()
    files = {"starwars_names": {"starwars_names": {"characters": read_names(args.tgz)}}}
    out = cast_rows(files, LISTS, args.vocab, either_order=set(), source="starwars-names")
    write_tsv(OUT, ["name", "fandom", "aliases", "list_rank", "source"], out)
    print(f"wrote {OUT}: {len(out)} characters of {len({r[1] for r in out})} fandoms")


if __name__ == "__main__":
    main()
