"""Library benchmark: build synthetic libraries, time searches against a plain SQLite FTS5 baseline.

    .venv/bin/python benchmarks/bench_library.py --sizes 10000 100000

For each size it builds a library through the store's bulk path (`Library.add_works`) from
synthetic works with AO3-like tag distributions (fandoms, relationships and characters drawn by
their real AO3 work counts from ../shared/data/ao3/vocab; ratings, warnings and freeform tags by
AO3's shares; lognormal word counts, median ~2,500) and prints, in the same run:

- `--fast` import works/s: `import_paths(jobs=N, fast=True)` over story files on disk;
- store bulk works/s;
- search p50/p95 (ms) through `Library.search` (top 20 blurbs + total count) for a common term,
  a rare term, a phrase, a term + 3 filters, and filters only;
- the same queries on a plain SQLite FTS5 table (+ indexed filter columns), and the ratio;
- disk size of both.

Bodies are truncated to the first `--body-words` words (default 1,000) to keep the 100k build
within minutes on 2 cores; the `words` field keeps the full lognormal length for filters.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ficlens.library import Library, SearchQuery
from ficlens.library.dedupe import signature
from ficlens.model import Declared, Inferred, Series, Work

ROOT = Path(__file__).resolve().parents[1]
VOCAB = Path(os.environ.get("FICLENS_SHARED_DATA", ROOT.parent / "shared" / "data")) / "ao3" / "vocab"

RATINGS = [
    ("General Audiences", 0.24),
    ("Teen And Up Audiences", 0.30),
    ("Mature", 0.14),
    ("Explicit", 0.22),
    ("Not Rated", 0.10),
]
WARNINGS = [
    ("No Archive Warnings Apply", 0.55),
    ("Creator Chose Not To Use Archive Warnings", 0.30),
    ("Graphic Depictions Of Violence", 0.08),
    ("Major Character Death", 0.05),
    ("Rape/Non-Con", 0.015),
    ("Underage", 0.005),
]
FREEFORM_HEAD = (
    "Fluff Angst Hurt/Comfort Romance Humor Alternate_Universe Friendship Smut Slow_Burn "
    "Family Whump Angst_with_a_Happy_Ending Canon_Divergence Established_Relationship "
    "Fix-It Character_Death Violence Grief/Mourning Coffee_Shops_&_Cafés Enemies_to_Lovers"
).split()
CATEGORIES = ["Gen", "M/M", "F/M", "F/F", "Multi", "Other"]
PHRASE = "silver dragon"


def _tsv(name: str) -> list[dict[str, str]]:
    with (VOCAB / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


class Generator:
    """Synthetic works with realistic tag distributions (seeded, so runs are comparable)."""

    def __init__(self, seed: int = 1, vocab_size: int = 60_000) -> None:
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        fandoms = [r for r in _tsv("fandoms.tsv") if r["works"].isdigit()][:5000]
        self.fandoms = [r["name"] for r in fandoms]
        w = np.array([int(r["works"]) for r in fandoms], dtype=float)
        self.fandom_p = w / w.sum()
        rels = [r for r in _tsv("relationships.tsv") if r["works"].isdigit()]
        self.rels = [(r["tag"], r["fandom"], r["members"].split("|")) for r in rels]
        w = np.array([int(r["works"]) for r in rels], dtype=float)
        self.rel_p = w / w.sum()
        # Freeform tags: a head of common AO3 tags, then a Zipf long tail.
        self.freeform = [t.replace("_", " ") for t in FREEFORM_HEAD] + [
            f"freeform tag {i}" for i in range(20_000)
        ]
        ranks = np.arange(1, len(self.freeform) + 1, dtype=float)
        self.freeform_p = (1 / ranks) / (1 / ranks).sum()
        # Body words: pseudo-words with Zipf frequencies (rank 1 is the most common).
        syll = [
            "ka",
            "lo",
            "mi",
            "ren",
            "tas",
            "vo",
            "quen",
            "dra",
            "sel",
            "or",
            "un",
            "bri",
            "the",
            "an",
            "is",
        ]
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < vocab_size:  # 15 syllables, 2-6 each: ~12M possible words
            n = int(self.rng.integers(2, 7))
            word = "".join(self.py.choice(syll) for _ in range(n))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = np.array(words)
        ranks = np.arange(1, vocab_size + 1, dtype=float)
        self.word_p = (1 / ranks**1.07) / (1 / ranks**1.07).sum()
        # Sampling by inverse CDF: rng.choice(p=...) rebuilds the CDF on every call.
        self.word_cdf = np.cumsum(self.word_p)

    def _words(self, k: int) -> np.ndarray:
        idx = np.searchsorted(self.word_cdf, self.rng.random(k) * self.word_cdf[-1])
        return self.words[np.minimum(idx, len(self.words) - 1)]

    def common_terms(self) -> list[str]:
        return list(self.words[20:40])

    def rare_terms(self) -> list[str]:
        return list(self.words[30_000:30_020])

    def _pick(self, items: list, p: np.ndarray, k: int) -> list:
        idx = self.rng.choice(len(items), size=k, replace=False, p=p) if k else []
        return [items[i] for i in idx]

    def work(self, i: int, body_words: int) -> Work:
        rng = self.rng
        words = int(min(max(rng.lognormal(np.log(2500), 1.2), 100), 300_000))
        rels = self._pick(self.rels, self.rel_p, int(rng.choice([0, 1, 2], p=[0.4, 0.45, 0.15])))
        fandoms = list(dict.fromkeys(r[1] for r in rels))
        if not fandoms or rng.random() < 0.08:  # gen works, and crossovers
            fandoms += self._pick(self.fandoms, self.fandom_p, 1)
        chars = list(dict.fromkeys(m for r in rels for m in r[2]))
        n_free = int(min(rng.poisson(6), 40))
        body_n = min(words, body_words)
        tokens = self._words(body_n).tolist()
        if rng.random() < 0.05:
            at = int(rng.integers(0, max(body_n - 2, 1)))
            tokens[at : at + 2] = PHRASE.split()
        text = " ".join(tokens)
        rating = RATINGS[int(rng.choice(len(RATINGS), p=[p for _, p in RATINGS]))][0]
        warning = WARNINGS[int(rng.choice(len(WARNINGS), p=[p for _, p in WARNINGS]))][0]
        work = Work(
            title=" ".join(self._words(3)).title(),
            authors=[f"author{int(rng.zipf(1.5)) % 50_000}"],
            summary=" ".join(self._words(40)),
            language="English" if rng.random() < 0.9 else "Español",
            text=text,
            stages=["structure", "stats"],
            declared=Declared(
                rating=rating,
                archive_warnings=[warning],
                categories=[CATEGORIES[int(rng.integers(0, len(CATEGORIES)))]],
                fandoms=fandoms,
                relationships=[r[0] for r in rels],
                characters=chars,
                freeform=list(dict.fromkeys(self._pick(self.freeform, self.freeform_p, n_free))),
                complete=bool(rng.random() < 0.6),
                series=[Series(name=f"series {i // 4}", part=i % 4 + 1)] if rng.random() < 0.1 else [],
            ),
            inferred=Inferred(),
        )
        work.stats.words = words
        work.source.sha256 = f"{i:064x}"
        return work


def _with_signature(work: Work) -> Work:
    work.cache["library.minhash"] = signature(work.text)
    return work


def build_library(path: Path, gen: Generator, n: int, body_words: int, jobs: int) -> float:
    """Bulk-store n works (MinHash in worker processes, like `ficlens import`); returns works/s."""
    t0 = time.perf_counter()
    with Library.open(path) as lib, ProcessPoolExecutor(jobs) as pool:
        batch = 2000
        for start in range(0, n, batch):
            works = [gen.work(i, body_words) for i in range(start, min(start + batch, n))]
            works = list(pool.map(_with_signature, works, chunksize=64))
            lib.add_works(works, index=False)
            print(f"  stored {min(start + batch, n):,}/{n:,}", file=sys.stderr, flush=True)
        lib.flush_index()
    return n / (time.perf_counter() - t0)


def build_fts(path: Path, lib_path: Path) -> float:
    """A plain SQLite FTS5 baseline over the same works (title, summary, tags, body + filter columns)."""
    t0 = time.perf_counter()
    src = Library.open(lib_path)
    conn = sqlite3.connect(path)
    conn.executescript("""
        PRAGMA journal_mode = WAL;
        CREATE VIRTUAL TABLE fts USING fts5(title, summary, tags, body, tokenize = 'porter unicode61');
        CREATE TABLE w (id INTEGER PRIMARY KEY, rating TEXT, words INTEGER, complete INTEGER, language TEXT);
        CREATE TABLE t (work_id INTEGER, tag TEXT);
    """)
    ids = src.ids()
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        texts = src.texts(chunk)
        rows, wrows, trows = [], [], []
        for s in src.summaries(chunk):
            tags = [*s.archive_warnings, *s.fandoms, *s.relationships, *s.characters, *s.freeform]
            rows.append((s.id, s.title, s.summary, "\n".join(tags), texts[s.id]))
            wrows.append((s.id, s.rating, s.words, int(bool(s.complete)), s.language))
            trows += [(s.id, tag) for tag in tags]
        conn.executemany("INSERT INTO fts (rowid, title, summary, tags, body) VALUES (?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO w VALUES (?, ?, ?, ?, ?)", wrows)
        conn.executemany("INSERT INTO t VALUES (?, ?)", trows)
    conn.executescript("""
        CREATE INDEX t_tag ON t(tag, work_id);
        CREATE INDEX w_words ON w(words);
        CREATE INDEX w_rating ON w(rating);
        INSERT INTO fts(fts) VALUES ('optimize');
    """)
    conn.commit()
    conn.close()
    src.close()
    return len(ids) / (time.perf_counter() - t0)


def fts_search(conn: sqlite3.Connection, kind: str, term: str, fandom: str) -> None:
    """The baseline's version of each query: top 20 by rank (or words) plus the total count."""
    if kind in ("common", "rare", "phrase"):
        match = f'"{term}"'
        conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20", (match,)).fetchall()
        conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()
    elif kind == "term+3":
        # Joins, not `rowid IN (subquery)`: SQLite plans the IN form ~100x slower.
        where = (
            "fts MATCH ? AND w.rating IN ('Teen And Up Audiences', 'Mature') AND w.words >= 1000 "
            "AND EXISTS (SELECT 1 FROM t WHERE t.work_id = fts.rowid AND t.tag = ?)"
        )
        params = (f'"{term}"', fandom)
        conn.execute(
            f"SELECT fts.rowid FROM fts JOIN w ON w.id = fts.rowid WHERE {where} ORDER BY rank LIMIT 20",
            params,
        ).fetchall()
        conn.execute(f"SELECT count(*) FROM fts JOIN w ON w.id = fts.rowid WHERE {where}", params).fetchone()
    else:
        where = (
            "w.id IN (SELECT work_id FROM t WHERE tag = ?) AND w.complete = 1 AND w.words BETWEEN 1000 AND 50000 "
            "AND w.id NOT IN (SELECT work_id FROM t WHERE tag = 'Major Character Death')"
        )
        conn.execute(f"SELECT id FROM w WHERE {where} ORDER BY words DESC LIMIT 20", (fandom,)).fetchall()
        conn.execute(f"SELECT count(*) FROM w WHERE {where}", (fandom,)).fetchone()


def lib_query(kind: str, term: str, fandom: str) -> SearchQuery:
    if kind in ("common", "rare"):
        return SearchQuery(text=term)
    if kind == "phrase":
        return SearchQuery(text=f'"{term}"')
    if kind == "term+3":
        return SearchQuery(
            text=term,
            ratings=["Teen And Up Audiences", "Mature"],
            words_min=1000,
            fandoms=[fandom],
            source="declared",
        )
    return SearchQuery(
        fandoms=[fandom],
        complete=True,
        words_min=1000,
        words_max=50_000,
        exclude_warnings=["Major Character Death"],
        sort="words",
        source="declared",
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=20)
    return statistics.median(samples), qs[18]


def bench_search(lib_path: Path, fts_path: Path, gen: Generator, reps: int) -> list[tuple]:
    lib = Library.open(lib_path)
    conn = sqlite3.connect(fts_path)
    fandoms = [
        f for f, _ in lib.facets(SearchQuery(source="declared", apply_blocklist=False), limit=20)["fandom"]
    ]
    terms = {
        "common": gen.common_terms(),
        "rare": gen.rare_terms(),
        "phrase": [PHRASE],
        "term+3": gen.common_terms(),
        "filters": [""],
    }
    rows = []
    for kind, pool in terms.items():
        ours, base, totals = [], [], []
        for r in range(reps + 3):
            term, fandom = pool[r % len(pool)], fandoms[r % len(fandoms)]
            t0 = time.perf_counter()
            result = lib.search(lib_query(kind, term, fandom))
            t1 = time.perf_counter()
            # A baseline query slower than 1 s is timed 5 times, not 40: the run must end.
            slow = len(base) >= 5 and statistics.median(base) > 1000
            if not slow:
                fts_search(conn, kind, term, fandom)
            t2 = time.perf_counter()
            if r >= 3:  # the first runs warm the page cache for both
                ours.append((t1 - t0) * 1000)
                if not slow:
                    base.append((t2 - t1) * 1000)
                totals.append(result.total)
        (p50, p95), (b50, b95) = percentiles(ours), percentiles(base)
        rows.append((kind, p50, p95, b50, b95, statistics.median(totals)))
    lib.close()
    conn.close()
    return rows


def bench_import(tmp: Path, gen: Generator, n: int, jobs: int) -> float:
    """`--fast` import of n story files (full-length bodies up to 20k words) in `jobs` processes."""
    from ficlens.library.importer import find_story_files, import_paths

    folder = tmp / "files"
    folder.mkdir()
    for i in range(n):
        w = gen.work(10_000_000 + i, body_words=20_000)
        (folder / f"work{i:05d}.txt").write_text(f"{w.title}\n\n{w.text}\n", encoding="utf-8")
    files = find_story_files(folder)
    with Library.open(tmp / "import.sqlite") as lib:
        t0 = time.perf_counter()
        report = import_paths(lib, files, jobs=jobs, fast=True)
        seconds = time.perf_counter() - t0
    assert not report.failed, report.failed[:3]
    return report.stored / seconds


def size_mb(*paths: Path) -> float:
    total = 0
    for p in paths:
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        elif p.exists():
            total += p.stat().st_size
    return total / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--body-words", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--import-files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, default=None, help="Build the libraries here and keep them.")
    ap.add_argument(
        "--reuse", action="store_true", help="With --keep: search libraries built by an earlier run."
    )
    args = ap.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="ficlens-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    gen = Generator()
    try:
        if args.import_files:
            rate = bench_import(tmp, gen, args.import_files, args.jobs)
            print(
                f"--fast import of {args.import_files} files, jobs={args.jobs}: {rate:,.0f} works/s (goal >= 200)"
            )
        for n in args.sizes:
            lib_path, fts_path = tmp / f"lib{n}.sqlite", tmp / f"fts{n}.sqlite"
            lib_gen = Generator(seed=n)
            store_rate = fts_rate = float("nan")
            if not (args.reuse and lib_path.exists() and fts_path.exists()):
                for p in (lib_path, fts_path):
                    p.unlink(missing_ok=True)
                shutil.rmtree(lib_path.with_name(lib_path.name + ".index"), ignore_errors=True)
                store_rate = build_library(lib_path, lib_gen, n, args.body_words, args.jobs)
                fts_rate = build_fts(fts_path, lib_path)
            ours_mb = size_mb(
                lib_path,
                lib_path.with_name(lib_path.name + ".index"),
                lib_path.with_name(lib_path.name + "-wal"),
            )
            index_mb = size_mb(lib_path.with_name(lib_path.name + ".index"))
            fts_mb = size_mb(fts_path, fts_path.with_name(fts_path.name + "-wal"))
            print(f"\n== {n:,} works (bodies up to {args.body_words} words) ==")
            print(f"store bulk: {store_rate:,.0f} works/s   FTS5 baseline build: {fts_rate:,.0f} works/s")
            print(
                f"disk: library {ours_mb:,.0f} MB (of which tantivy index {index_mb:,.0f} MB)   FTS5 baseline {fts_mb:,.0f} MB"
            )
            print(
                f"{'query':<10} {'p50 ms':>8} {'p95 ms':>8} {'fts5 p50':>9} {'fts5 p95':>9} {'x faster p50':>13} {'hits':>8}"
            )
            for kind, p50, p95, b50, b95, hits in bench_search(lib_path, fts_path, lib_gen, args.reps):
                print(f"{kind:<10} {p50:8.2f} {p95:8.2f} {b50:9.2f} {b95:9.2f} {b50 / p50:13.1f} {hits:8.0f}")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
