"""Benchmark the KB-reading stages against another git revision's code and KB, in the same run.

    nice -n 5 .venv/bin/python benchmarks/bench_fandom.py --baseline-rev main [--words 20000] [--runs 4]

`bench_characters.py --baseline-rev` swaps only the KB file under the current code; a change to the
fandom stage itself (the canon-term scan) needs the old code too. Here each round runs two fresh
processes, the baseline revision's `src/` (extracted with `git archive`, put first on PYTHONPATH) and
the working tree's, alternating which goes first, each with an empty KB overlay: KB load + index
(`load_kb()`, CPU), the characters stage (structure + characters on a LitBank corpus of `--words`
words), and the fandom stage on its characters. Prints CPU medians and ratios new/old (a ratio
above 1 is faster for time-per-word figures, as printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, {bench!r})
from bench_characters import corpus, make_work
import ficlens.stages  # registers the stages
from ficlens.kb import load_kb
from ficlens.stages.characters import characters
from ficlens.stages.fandom import fandom
from ficlens.stages.structure import structure
from ficlens.nlp import get_nlp
get_nlp()
text = corpus({words})
cpu = time.process_time(); load_kb(); kb = time.process_time() - cpu
work = structure(make_work(text))
cpu = time.process_time(); work = characters(work); chars = time.process_time() - cpu
cpu = time.process_time(); work = fandom(work); fan = time.process_time() - cpu
import ficlens
assert ficlens.__file__.startswith({src!r}), ficlens.__file__  # the revision's code, not the installed
print(json.dumps({{"kb": kb, "characters": chars, "fandom": fan, "guess": work.inferred.fandoms[0].name}}))
"""


def baseline_src(rev: str) -> Path:
    """The `src/` tree of git revision `rev`, extracted to a temporary folder."""
    blob = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    out = Path(tempfile.mkdtemp(prefix="bench-fandom-"))
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(out, filter="data")
    return out / "src"


def run(src: Path, words: int) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "FICLENS_KB_DIR": tempfile.mkdtemp(prefix="bench-no-overlay-"),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    code = _CHILD.format(bench=str(ROOT / "benchmarks"), words=words, src=str(src))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-rev", required=True)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    sources = {"old": baseline_src(args.baseline_rev), "new": ROOT / "src"}
    times: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for r in range(args.runs):
        for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
            times[name].append(run(sources[name], args.words))

    def med(name: str, part: str) -> float:
        return statistics.median(t[part] for t in times[name])

    for name in ("old", "new"):
        print(
            f"{name} ({args.baseline_rev if name == 'old' else 'working tree'}): KB load + index "
            f"{med(name, 'kb') * 1000:.0f} ms, characters stage {args.words / med(name, 'characters'):,.0f} "
            f"words/s/core, fandom stage {med(name, 'fandom') * 1000:.0f} ms, guess {times[name][-1]['guess']!r}"
        )
    total = {k: med(k, "characters") + med(k, "kb") + med(k, "fandom") for k in times}
    print(
        f"ratios new/old ({args.runs} alternating rounds, CPU medians): KB load speed "
        f"{med('old', 'kb') / med('new', 'kb'):.2f}, characters stage speed "
        f"{med('old', 'characters') / med('new', 'characters'):.2f}, characters + KB load + fandom "
        f"{total['old'] / total['new']:.2f}"
    )


if __name__ == "__main__":
    main()
