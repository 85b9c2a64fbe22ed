"""Throughput of `ficlens batch`: local engine with 1 and 2 processes vs Ray Data with 1 and 2 CPUs.

    .venv/bin/python benchmarks/bench_batch.py                 # full profile, 24 AO3 works
    .venv/bin/python benchmarks/bench_batch.py --copies 3             # 72 runs: start-up weighs less
    .venv/bin/python benchmarks/bench_batch.py --profile fast --works 66

All runs use the same corpus (AO3 works from ../shared/data/ao3/raw, the largest left out so one
giant work does not decide the timing) in one process, so the ratios compare like with like on a
noisy shared machine. Baseline: the same works analysed sequentially in this process with
`ficlens.analyze` (models already loaded), i.e. the per-core speed with no batch machinery.

For every configuration it prints the end-to-end wall time (worker start and model load
included; for Ray, the `ray.init` of a local instance is reported apart, as a cluster is already
running in production), the time until every worker had delivered a work ("start s"), the
steady-state rate after that (from the `finished_at` column of the output), and the peak resident
memory and the CPU seconds of this process and all its descendants (workers, raylet, actors).
Works per CPU-second is the per-core throughput that the cost projection in docs/scale.md uses:
unlike wall time, it does not depend on what else loads a shared machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("FICLENS_SHARED_DATA", ROOT.parent / "shared" / "data")) / "ao3"


def pick_corpus(n_works: int, max_words: int) -> list[Path]:
    """The first `n_works` AO3 raw files (by name) with at most `max_words` words of text."""
    records = [json.loads(line) for line in (RAW / "works.jsonl").open()]
    small = sorted(r["raw_file"] for r in records if (r.get("text_word_count") or 0) <= max_words)
    return [RAW / f for f in small[:n_works]]


def tree_sample(pid: int) -> dict[int, tuple[int, float]]:
    """`{pid: (rss_bytes, cpu_s)}` of `pid` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, float]] = {}
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss = int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        # fields[1] is ppid; fields[11], fields[12] are utime, stime in clock ticks.
        children.setdefault(int(fields[1]), []).append(int(entry))
        info[int(entry)] = (rss, (int(fields[11]) + int(fields[12])) / tick)
    tree, stack = {}, [pid]
    while stack:
        p = stack.pop()
        if p in info:
            tree[p] = info[p]
        stack.extend(children.get(p, []))
    return tree


class TreeMonitor:
    """Sample the process tree every 0.2 s: peak total RSS, and CPU seconds used during the run.

    CPU time is what a run costs in core-hours whatever else loads the machine, so it gives a
    throughput per core that survives a busy shared host better than wall time does.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        tree = tree_sample(os.getpid())
        self.peak = max(self.peak, sum(rss for rss, _ in tree.values()))
        for p, (_, cpu) in tree.items():
            self._start.setdefault(p, cpu if not self._last else 0.0)
            self._last[p] = cpu

    @property
    def cpu_s(self) -> float:
        return sum(self._last[p] - self._start[p] for p in self._last)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.2)

    def __enter__(self) -> TreeMonitor:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def stage_corpus(files: list[Path], folder: Path, copies: int = 1) -> None:
    folder.mkdir(parents=True)
    for i in range(copies):
        for f in files:
            shutil.copyfile(f, folder / f"{i}-{f.name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="full")
    parser.add_argument("--works", type=int, default=24)
    parser.add_argument("--max-words", type=int, default=6000)
    parser.add_argument("--batch-size", type=int, default=2)
    parser.add_argument(
        "--copies", type=int, default=1, help="analyse each work this many times (amortises start-up)"
    )
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()

    import ficlens
    from ficlens.batch import BatchOptions, run_batch

    logging.getLogger("ray").setLevel(logging.WARNING)
    options = BatchOptions(profile=args.profile)
    files = pick_corpus(args.works, args.max_words) * args.copies
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    corpus = tmp / "corpus"
    stage_corpus(files[: len(files) // args.copies], corpus, args.copies)
    print(
        f"corpus: {len(files)} AO3 works ({args.copies} copies), profile {args.profile!r}, stages {options.stage_names()}"
    )

    # Baseline: sequential, in process, models loaded before timing.
    ficlens.analyze(files[0], profile=args.profile)
    t0, c0 = time.perf_counter(), time.process_time()
    words = sum(ficlens.analyze(f, profile=args.profile).stats.words for f in files)
    base_s, base_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"words: {words:,}; load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'configuration':<22}{'wall s':>8}{'works/s':>9}{'words/s':>9}{'start s':>8}{'steady w/s':>11}"
        f"{'CPU s':>8}{'works/CPU-s':>12}{'peak MiB':>10}"
    )
    print(header)
    print(
        f"{'baseline (in-process)':<22}{base_s:>8.1f}{len(files) / base_s:>9.2f}{words / base_s:>9.0f}"
        f"{'':>8}{'':>11}{base_cpu:>8.1f}{len(files) / base_cpu:>12.3f}"
    )

    results: dict[str, dict[str, float]] = {}

    def measure(
        name: str, run: Callable[[Path, Path], Any], workers: int, setup: Callable[[], float] | None = None
    ) -> None:
        import pyarrow.parquet as pq

        init_s = setup() if setup else 0.0
        with TreeMonitor() as mem:
            t, t_epoch = time.perf_counter(), time.time()
            report = run(corpus, tmp / name)
            wall = time.perf_counter() - t
        assert report.done == len(files) and report.failed == 0, report
        # Steady state: works finished after every worker delivered its first one, over the time
        # that took; this leaves out process start and model loading.
        done_at = sorted(pq.read_table(tmp / name / "works", columns=["finished_at"]).column(0).to_pylist())
        span = done_at[-1] - done_at[workers - 1]
        steady = (len(files) - workers) / span if span > 0 else float("nan")
        start_s = done_at[workers - 1] - t_epoch
        cpu_rate = len(files) / mem.cpu_s
        results[name] = {
            "wall": wall,
            "start": start_s,
            "steady": steady,
            "cpu_rate": cpu_rate,
            "init": init_s,
        }
        extra = f"  (ray.init {init_s:.1f} s)" if init_s else ""
        print(
            f"{name:<22}{wall:>8.1f}{len(files) / wall:>9.2f}{report.words / wall:>9.0f}{start_s:>8.1f}"
            f"{steady:>11.2f}{mem.cpu_s:>8.1f}{cpu_rate:>12.3f}{mem.peak / 2**20:>10.0f}{extra}",
            flush=True,
        )

    for n in (1, 2):
        measure(
            f"local x{n}",
            lambda src, out, n=n: run_batch(src, out, options=options, workers=n, batch_size=args.batch_size),
            n,
        )
    if not args.skip_ray:
        import ray

        for n in (1, 2):

            def start(n: int = n) -> float:
                t = time.perf_counter()
                ray.init(num_cpus=n, include_dashboard=False, logging_level=logging.WARNING)
                ray.data.DataContext.get_current().enable_progress_bars = False
                return time.perf_counter() - t

            try:
                measure(
                    f"ray x{n}",
                    lambda src, out, n=n: run_batch(
                        src, out, engine="ray", options=options, workers=n, batch_size=args.batch_size
                    ),
                    n,
                    setup=start,
                )
            finally:
                ray.shutdown()

    print("\nratios (end-to-end wall / steady state):")
    base_rate = len(files) / base_s

    def rate(name: str) -> float:
        return len(files) / results[name]["wall"]

    print(
        f"  local x1 vs baseline        {rate('local x1') / base_rate:.2f} / {results['local x1']['steady'] / base_rate:.2f}"
    )
    print(
        f"  local x2 vs local x1        {rate('local x2') / rate('local x1'):.2f} / "
        f"{results['local x2']['steady'] / results['local x1']['steady']:.2f}   (goal >= 1.7)"
    )
    if not args.skip_ray:
        for n in (1, 2):
            print(
                f"  ray x{n} vs local x{n}          {rate(f'ray x{n}') / rate(f'local x{n}'):.2f} / "
                f"{results[f'ray x{n}']['steady'] / results[f'local x{n}']['steady']:.2f}   (goal >= 0.85)"
            )
        print(
            f"  ray x2 vs ray x1            {rate('ray x2') / rate('ray x1'):.2f} / "
            f"{results['ray x2']['steady'] / results['ray x1']['steady']:.2f}   (goal >= 1.7)"
        )
    for name in results:
        print(
            f"  {name} works per CPU-second vs baseline: {results[name]['cpu_rate'] * base_cpu / len(files):.2f}"
        )
    per_core = results["local x1"]["cpu_rate"]
    print(
        f"\nper-core throughput (local x1, per CPU-second): {per_core:.3f} works/s, "
        f"{per_core * words / len(files):.0f} words/s"
    )
    out_bytes = sum(p.stat().st_size for p in (tmp / "local x1").rglob("*.parquet"))
    # Copies of one text in one file compress against each other, so only copies=1 gives a real size.
    caveat = "" if args.copies == 1 else " (understated: copies compress together; use --copies 1)"
    print(
        f"output: {out_bytes / len(files) / 1024:.1f} KiB of Parquet per work (works + scenes, zstd){caveat}"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
