"""Benchmark loading the knowledge base: the SQLite file (and an overlay) vs the gzip JSON it replaced.

    nice -n 10 .venv/bin/python benchmarks/bench_kb.py [--runs 5] [--learned 5000]

Each figure is the median over `--runs` loads, caches cleared, in this process:
- shipped: read `resources/kb.sqlite` and build the name index (what `load_kb()` does with no overlay);
- baseline: the same rows written as gzip JSON in this run (the former `kb.json.gz` layout),
  decompressed, parsed and indexed;
- overlay: the shipped KB plus an overlay of `--learned` synthetic learned characters (three text
  forms each) and as many ships, as a big library would teach.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import tempfile
import time
from pathlib import Path


def _median(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--learned", type=int, default=5000)
    args = parser.parse_args()

    from ficlens.kb import index, load
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows, RelationshipRow, connect, write_rows

    def clear() -> None:
        load.shipped_rows.cache_clear()
        load._rows.cache_clear()
        load._load.cache_clear()
        index.name_keys.cache_clear()

    tmp = Path(tempfile.mkdtemp(prefix="bench-kb-"))
    os.environ[load.ENV_KB_DIR] = str(tmp / "none")
    rows = load.shipped_rows()
    blob = gzip.compress(
        json.dumps(
            {
                "fandoms": {f.name: f.works for f in rows.fandoms},
                "umbrella": [f.name for f in rows.fandoms if f.kind == "umbrella"],
                "characters": [
                    [c.name, c.fandom, c.aliases, c.works, int(c.ao3_tag)] for c in rows.characters
                ],
                "relationships": [
                    [r.tag, r.type, r.members, r.fandom, r.category, r.works] for r in rows.relationships
                ],
            }
        ).encode(),
        mtime=0,
    )

    def from_json() -> None:
        index.name_keys.cache_clear()
        data = json.loads(gzip.decompress(blob))
        load.build_index(
            KBRows(
                fandoms=[
                    FandomRow(n, w, "umbrella" if n in data["umbrella"] else "tag")
                    for n, w in data["fandoms"].items()
                ],
                characters=[
                    CharacterRow(n, f, aliases=a, works=w, ao3_tag=bool(t))
                    for n, f, a, w, t in data["characters"]
                ],
                relationships=[RelationshipRow(*r) for r in data["relationships"]],
            )
        )

    def shipped() -> None:
        clear()
        load.load_kb()

    base_s = _median(from_json, args.runs)
    ship_s = _median(shipped, args.runs)
    print(
        f"shipped kb.sqlite ({len(rows.characters)} characters): {ship_s * 1e3:.0f} ms; "
        f"gzip JSON of the same rows: {base_s * 1e3:.0f} ms; ratio {ship_s / base_s:.2f}"
    )

    os.environ[load.ENV_KB_DIR] = str(tmp / "big")
    conn = connect(load.overlay_path(), readonly=False)
    learned = KBRows(sources={"library": "synthetic"})
    for i in range(args.learned):
        name = f"Person{i} Surname{i % 977}"
        forms = {f"Person{i}": 3, f"Surname{i % 977}": 2, f"P{i}": 1}
        learned.characters.append(
            CharacterRow(name, f"Fandom {i % 300}", forms=forms, works=3, source="library")
        )
    for i in range(0, args.learned - 1, 2):
        a, b = learned.characters[i].name, learned.characters[i + 1].name
        learned.relationships.append(
            RelationshipRow(f"{a}/{b}", "romantic", [a, b], f"Fandom {i % 300}", source="library")
        )
    write_rows(conn, learned)
    conn.commit()
    conn.close()
    over_s = _median(shipped, args.runs)
    print(
        f"shipped + overlay of {args.learned} learned characters, {len(learned.relationships)} ships "
        f"({load.overlay_path().stat().st_size / 1024:.0f} KiB): {over_s * 1e3:.0f} ms; ratio to shipped alone "
        f"{over_s / ship_s:.2f}"
    )


if __name__ == "__main__":
    main()
