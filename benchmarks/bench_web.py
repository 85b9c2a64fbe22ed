"""How much the web UI adds on top of the library and the model it shows.

Builds a synthetic library (declared tags drawn from small vocabularies, texts of 300-3,000 words),
then times, in the same run and process (FastAPI TestClient, no network):
  - an empty request (`/healthz`: the cost of FastAPI + TestClient alone);
  - a filtered search called directly on `Library.search` (the baseline), the same search through
    `GET /api/works`, and the library page `GET /` (search + facets + 20 blurbs);
  - a long work (default ~80k words, 40 scenes with warnings): `Work.to_output()` as JSON (the baseline)
    against the full work page (tag table, scene map, reading view of the whole text).

    nice -n 10 .venv/bin/python benchmarks/bench_web.py --works 2000 --repeat 30
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from ficlens.library import Library, SearchQuery
from ficlens.model import (
    Chapter,
    ContentWarning,
    Declared,
    Evidence,
    Inferred,
    Scene,
    SceneWarning,
    Source,
    Stats,
    Work,
)
from ficlens.web import create_app

FANDOMS = [
    "Good Omens",
    "Sherlock (TV)",
    "Merlin",
    "Star Wars",
    "Original Work",
    "Critical Role",
    "Bridgerton",
]
TAGS = ["Angst", "Fluff", "Hurt/Comfort", "Slow Burn", "Happy Ending", "Alternate Universe", "Humor", "Grief"]
CHARS = ["Aziraphale", "Crowley", "John Watson", "Sherlock Holmes", "Merlin", "Arthur", "Rey", "Vex"]
WORDS = "the sea light keeper storm letter winter spring door hand night morning road river stone".split()


def _text(rng: random.Random, n_words: int) -> str:
    paragraphs = []
    while n_words > 0:
        k = min(n_words, rng.randint(40, 120))
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + ".")
        n_words -= k
    return "\n\n".join(paragraphs)


def synthetic_work(rng: random.Random, i: int, n_words: int, n_scenes: int = 1) -> Work:
    parts = [_text(rng, n_words // n_scenes) for _ in range(n_scenes)]
    text, scenes, cursor = "", [], 0
    for index, part in enumerate(parts):
        scenes.append(Scene(index=index, start=cursor, end=cursor + len(part)))
        text += part + "\n\n"
        cursor = len(text)
    warned = sorted(rng.sample(range(n_scenes), k=max(1, n_scenes // 4)))
    evidence = [
        Evidence(
            start=scenes[s].start, end=scenes[s].start + 60, text=text[scenes[s].start : scenes[s].start + 60]
        )
        for s in warned
    ]
    return Work(
        source=Source(format="text", sha256=f"{i:064x}"),
        title=f"Synthetic work {i}",
        authors=[f"author{i % 97}"],
        text=text,
        chapters=[Chapter(index=0, start=0, end=len(text), scenes=scenes)],
        stats=Stats(words=n_words, chapters=1, scenes=n_scenes),
        declared=Declared(
            rating=rng.choice(["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]),
            fandoms=rng.sample(FANDOMS, k=rng.choice([1, 1, 1, 2])),
            characters=rng.sample(CHARS, k=2),
            freeform=rng.sample(TAGS, k=3),
            complete=rng.random() < 0.7,
        ),
        inferred=Inferred(
            content_warnings=[
                ContentWarning(
                    id="grief",
                    label="Grief",
                    coarse="death",
                    severity="depicted",
                    confidence=0.7,
                    scenes=warned,
                    evidence=evidence,
                )
            ],
            scene_warnings=[
                SceneWarning(scene=s, id="grief", severity="depicted", confidence=0.7) for s in warned
            ],
        ),
        stages=["structure", "content_warnings"],
    )


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm caches and compiled templates
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--works", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--long-words", type=int, default=80_000)
    args = parser.parse_args()
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        start = time.perf_counter()
        with Library.open(path) as lib:
            lib.add_works(synthetic_work(rng, i, rng.randint(300, 3000)) for i in range(args.works))
            long_id = lib.add_work(synthetic_work(rng, args.works, args.long_words, n_scenes=40)).work_id
        print(f"built a library of {args.works + 1} works in {time.perf_counter() - start:.1f} s")

        query = SearchQuery(fandoms=["Good Omens"], exclude_tags=["Angst"], complete=True)
        params = {"fandoms": "Good Omens", "exclude_tags": "Angst", "complete": "true"}
        rows = []
        with Library.open(path) as lib, TestClient(create_app(library=lib)) as client:
            floor = timed(lambda: client.get("/healthz").raise_for_status(), args.repeat)
            base = timed(lambda: lib.search(query), args.repeat)
            api = timed(lambda: client.get("/api/works", params=params).raise_for_status(), args.repeat)
            page = timed(lambda: client.get("/", params=params).raise_for_status(), args.repeat)
            rows += [
                ("framework floor: GET /healthz (does nothing)", floor, base),
                ("search: Library.search (baseline)", base, base),
                ("search: GET /api/works", api, base),
                ("search: GET / (page, facets)", page, base),
            ]

            work = lib.get(long_id)
            wbase = timed(lambda: json.dumps(work.to_output(include_text=True)), args.repeat)
            wpage = timed(lambda: client.get(f"/works/{long_id}").raise_for_status(), args.repeat)
            rows += [
                (f"work: to_output JSON, {args.long_words:,} words (baseline)", wbase, wbase),
                ("work: GET /works/ID (full page)", wpage, wbase),
            ]

        print(f"{'measure':58} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>10}")
        for name, (p50, p95), (b50, _) in rows:
            print(f"{name:58} {p50:8.1f} {p95:8.1f} {p50 / b50:9.1f}x")


if __name__ == "__main__":
    main()
