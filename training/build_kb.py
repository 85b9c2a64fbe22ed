"""Build the fandom knowledge base `src/ficlens/resources/kb.json.gz` from ../shared/data/ao3/vocab.

    .venv/bin/python training/build_kb.py [--vocab ../shared/data/ao3/vocab] [--min-works 1000]

Keeps canonical fandoms with at least `--min-works` works (plus every fandom a character or
relationship row names), every character row with its aliases, and every relationship tag.
Deterministic: same input, same bytes (sorted keys, gzip mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ficlens" / "resources" / "kb.json.gz"
# List fields use a bare "|"; " | " with spaces is part of an AO3 name.
_LIST_SPLIT = re.compile(r"(?<! )\|(?! )")


def _rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def build(vocab: Path, min_works: int) -> dict:
    characters = []
    for row in _rows(vocab / "characters.tsv"):
        aliases = [a for a in _LIST_SPLIT.split(row.get("aliases", "")) if a]
        # Names from the ship rankings and the tag game are AO3's own canonical character tags.
        is_tag = int(
            "ranking-members" in row.get("source", "") or "randomfandomgame" in row.get("source", "")
        )
        characters.append([row["name"], row["fandom"], aliases, _int(row.get("works")), is_tag])
    relationships = []
    for row in _rows(vocab / "relationships.tsv"):
        members = [m for m in _LIST_SPLIT.split(row.get("members", "")) if m]
        relationships.append(
            [row["tag"], row["type"], members, row["fandom"], row.get("category", ""), _int(row.get("works"))]
        )
    used = {c[1] for c in characters} | {r[3] for r in relationships}
    fandoms: dict[str, int] = {}
    umbrella: list[str] = []
    for row in _rows(vocab / "fandoms.tsv"):
        works = _int(row.get("works"))
        if row.get("kind") == "umbrella_grouping":
            umbrella.append(row["name"])
            if row["name"] not in used:
                continue
        elif works < min_works and row["name"] not in used:
            continue
        fandoms[row["name"]] = works
    return {
        "version": 2,
        "source": "shared/data/ao3/vocab (toastystats 2021 dump, dkettchen/popular_ship_stats, randomfandomgame)",
        "fandoms": fandoms,
        "umbrella": sorted(umbrella),
        "characters": sorted(characters),
        "relationships": sorted(relationships),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=Path, default=ROOT.parent / "shared" / "data" / "ao3" / "vocab")
    parser.add_argument("--min-works", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    kb = build(args.vocab, args.min_works)
    data = json.dumps(kb, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(data)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB): {len(kb['fandoms'])} fandoms, "
        f"{len(kb['characters'])} characters, {len(kb['relationships'])} relationships"
    )


if __name__ == "__main__":
    main()
