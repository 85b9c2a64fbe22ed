"""Speed of the insight stages (stats, arc, tags) against the full analysis, measured in the same run.

    .venv/bin/python benchmarks/bench_insights.py [--data ../shared/data] [--repeat 3] [--disable STAGE,...]

For each story, the full pipeline runs `--repeat` times on a fresh `Work`; the per-stage timings the
pipeline records give each stage's share of the whole. Prints words/s per stage and the ratio of
arc + tags (+ stats) to the full analysis (goal: arc + tags at most 10%).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ficlens.errors import FiclensError
from ficlens.ingest import read_source
from ficlens.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
# The three longest English AO3 works in the shared set, plus the bundled example.
STORIES = (
    "ao3/raw/ao3-32272648-html.html",
    "ao3/raw/ao3-22961215-html.html",
    "ao3/raw/ao3-2620-markdown.md",
)
INSIGHT_STAGES = ("stats", "arc", "tags")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--disable", default="", help="stages to leave out of the full profile")
    args = parser.parse_args()
    disabled = [s for s in args.disable.split(",") if s]
    paths = [args.data / p for p in STORIES if (args.data / p).exists()]
    paths.append(ROOT / "examples" / "the-lighthouse-keeper.txt")

    pipeline = Pipeline.from_profile("full", disable=disabled)
    print(f"full pipeline: {', '.join(pipeline.names)}")
    # Warm up model loading (spaCy, VADER) so it is not charged to the first story.
    pipeline(read_source(paths[-1]))

    totals: dict[str, float] = {}
    words_total = 0
    print(f"{'story':34} {'words':>7} {'full s':>7} {'arc w/s':>9} {'tags w/s':>9} {'arc+tags %':>10}")
    for path in paths:
        runs: list[dict[str, float]] = []
        words = 0
        for _ in range(args.repeat):
            work = read_source(path)
            pipeline.timings_s = {}
            t0 = time.perf_counter()
            try:
                work = pipeline(work)
            except FiclensError as exc:
                print(f"{path.name}: {exc}")
                break
            timings = dict(pipeline.timings_s)
            timings["full"] = time.perf_counter() - t0
            runs.append(timings)
            words = work.stats.words
        if not runs:
            continue
        median = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in runs[0]}
        for k, v in median.items():
            totals[k] = totals.get(k, 0.0) + v
        words_total += words
        share = (median.get("arc", 0) + median.get("tags", 0)) / median["full"]
        print(
            f"{path.name[:34]:34} {words:7d} {median['full']:7.2f} "
            f"{words / max(median.get('arc', 1e-9), 1e-9):9.0f} {words / max(median.get('tags', 1e-9), 1e-9):9.0f} "
            f"{share:10.1%}"
        )
    if not totals:
        return
    print()
    print(
        f"all stories: {words_total:,} words, full analysis {totals['full']:.2f} s ({words_total / totals['full']:,.0f} words/s)"
    )
    for name in pipeline.names:
        t = totals.get(name, 0.0)
        print(
            f"  {name:18} {t:7.3f} s  {words_total / max(t, 1e-9):12,.0f} words/s  {t / totals['full']:6.1%} of full"
        )
    arc_tags = totals.get("arc", 0.0) + totals.get("tags", 0.0)
    insights = sum(totals.get(s, 0.0) for s in INSIGHT_STAGES)
    print(f"arc + tags: {arc_tags / totals['full']:.1%} of the full analysis (goal <= 10%)")
    print(f"stats + arc + tags: {insights / totals['full']:.1%} of the full analysis")


if __name__ == "__main__":
    main()
