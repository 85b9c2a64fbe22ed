"""Time and memory per hostile input (tests/ingest/hostile_corpus.py), ingest alone and end to end.

For each input: `read_source` in this process (ingest only: the bytes to a `Work` or an InputError),
then `ficlens analyze FILE` with every stage in a fresh process, whose exit code (0 or 3 expected),
wall time, peak resident memory (ru_maxrss) and any traceback are reported. Inputs include a million
scene-break lines, 200,000 chapter headings, a 10 MB line, HTML nested 100,000 deep, damaged zips.

    nice .venv/bin/python benchmarks/bench_hostile.py                 # all, figures in docs/reliability.md
    .venv/bin/python benchmarks/bench_hostile.py --only zip_bad_crc yaml_alias_bomb
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from hostile_corpus import HOSTILE  # noqa: E402

from ficlens.errors import InputError  # noqa: E402
from ficlens.ingest import read_source  # noqa: E402

# Runs the CLI in a child and reports its own peak memory, so each figure is that input's alone.
_CHILD = """
import resource, sys
from ficlens.cli import main
sys.argv = ["ficlens", "analyze", sys.argv[1]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
sys.stderr.write("\\nBENCH %d %d\\n" % (code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=None, help="names from hostile_corpus.HOSTILE")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per end-to-end run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = args.only or list(HOSTILE)
    rows = []
    print(
        f"{'input':28} {'MB':>6} {'ingest s':>9} {'ingest result':14} {'analyze s':>10} {'peak MB':>8} exit"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            data = HOSTILE[name]()
            t0 = time.perf_counter()
            try:
                read_source(data, name=name)
                ingest = "Work"
            except InputError:
                ingest = "InputError"
            ingest_s = time.perf_counter() - t0
            path = Path(tmp) / name
            path.write_bytes(data)
            t0 = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                    timeout=args.timeout,
                )
                stderr, code = done.stderr, done.returncode
            except subprocess.TimeoutExpired:
                stderr, code = "", "timeout"
            wall = time.perf_counter() - t0
            peak_mb = 0.0
            for line in stderr.splitlines():
                if line.startswith("BENCH "):
                    peak_mb = int(line.split()[2]) / 1024
            row = {
                "input": name,
                "mb": round(len(data) / 1e6, 2),
                "ingest_s": round(ingest_s, 3),
                "ingest": ingest,
                "analyze_s": round(wall, 1),
                "peak_mb": round(peak_mb),
                "exit": code,
                "traceback": "Traceback" in stderr,
            }
            rows.append(row)
            print(
                f"{name:28} {row['mb']:6.2f} {ingest_s:9.3f} {ingest:14} {wall:10.1f} {peak_mb:8.0f} {code}"
                + ("  TRACEBACK" if row["traceback"] else "")
            )
    worst_t = max(rows, key=lambda r: r["analyze_s"])
    worst_m = max(rows, key=lambda r: r["peak_mb"])
    print(
        f"slowest: {worst_t['input']} {worst_t['analyze_s']} s; largest: {worst_m['input']} {worst_m['peak_mb']} MB; "
        f"exits: {sorted({str(r['exit']) for r in rows})}; tracebacks: {sum(r['traceback'] for r in rows)}"
    )
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
