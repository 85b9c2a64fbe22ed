"""Crash soak: `kill -9` the importer at random moments, re-run it, and check nothing was lost.

Each round writes a fresh batch of generated story files into the import folder (so there is always
work in flight), starts `ficlens import FOLDER --fast` in its own process group, and SIGKILLs the
whole group after a random delay (while it opens the library, stores batches, or commits the search
index). After every kill the library must pass SQLite's `integrity_check` and `foreign_key_check`,
hold no work twice, and hold nothing that was not in the folder. At the end an unkilled import
completes the job, and then: every file is stored exactly once, and the search index holds exactly
the stored ids (no ghost, no gap) with no row left unindexed.

    nice .venv/bin/python benchmarks/soak_import.py --kills 25 --per-round 120     # docs/reliability.md
    .venv/bin/python benchmarks/soak_import.py --kills 3 --per-round 60 --max-delay 3   # quick look

Prints one line per round and a JSON summary; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

WORDS = (
    "anchor bell cellar dune ember fjord glade hollow inlet jetty knoll loch marsh nook orchard "
    "harbour lantern keeper storm letter winter river stone door morning"
).split()
FORMATS = ("txt", "md", "html")


@dataclass
class SoakReport:
    works: int = 0
    kills: int = 0
    kills_after_progress: int = 0
    finished_before_kill: int = 0
    kill_delays_s: list[float] = field(default_factory=list)
    stored_after_each_kill: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    final_stored: int = 0
    final_indexed: int = 0
    seconds: float = 0.0


def write_batch(folder: Path, start: int, n: int, rng: random.Random) -> list[Path]:
    """`n` distinct small works in plain text, Markdown with front matter, or HTML."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        paras = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))) for _ in range(rng.randint(2, 6))
        ]
        body = "\n\n".join(paras)
        fmt = FORMATS[i % len(FORMATS)]
        if fmt == "txt":
            text = f"Story {i}\n\nChapter 1\n\n{body}\n\n* * *\n\nsoakmark{i:05d}\n"
        elif fmt == "md":
            text = f"---\ntitle: Story {i}\nauthor: writer{i % 37}\n---\n\n### Chapter 1\n\n{body}\n\nsoakmark{i:05d}\n"
        else:
            html = "".join(f"<p>{p}</p>" for p in paras)
            text = f"<!DOCTYPE html><html><body><h1>Story {i}</h1>{html}<p>soakmark{i:05d}</p></body></html>"
        path = folder / f"{i // 500:03d}" / f"story{i:05d}.{fmt}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _command(folder: Path, library: Path, jobs: int) -> list[str]:
    return [
        sys.executable, "-c", "from ficlens.cli import main; main()",
        "import", str(folder), "--fast", "--jobs", str(jobs), "--library", str(library),
    ]  # fmt: skip


def _check_partial(library: Path, expected: set[str]) -> tuple[int, list[str]]:
    """After a kill: the file is sound, nothing is stored twice, nothing stray is stored."""
    problems = []
    if not library.exists():
        return 0, problems
    with sqlite3.connect(f"file:{library}?mode=ro", uri=True, timeout=30) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            problems.append(f"integrity_check: {check}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check found orphans")
        try:
            shas = [r[0] for r in conn.execute("SELECT sha256 FROM works")]
        except sqlite3.OperationalError:
            shas = []  # killed before the schema was created
    if len(shas) != len(set(shas)):
        problems.append(f"{len(shas) - len(set(shas))} works stored twice")
    stray = set(shas) - expected
    if stray:
        problems.append(f"{len(stray)} stored works match no file")
    return len(shas), problems


def _stored(library: Path) -> int:
    try:
        with sqlite3.connect(f"file:{library}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM works").fetchone()[0]
    except sqlite3.Error:
        return 0


def index_ids(library: Path) -> tuple[set[int], set[int], int]:
    """(ids in SQLite, ids in the search index, rows marked unindexed), after a writer opened it."""
    import tantivy

    from ficlens.library import Library

    with Library.open(library) as lib:  # a writer: catches the index up, as any next command would
        stored = {r[0] for r in lib._read("SELECT id FROM works")}
        unindexed = lib._read("SELECT count(*) FROM works WHERE indexed = 0")[0][0]
        searcher = lib.index.searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=max(len(stored), 1) * 2 + 10).hits
        indexed = {searcher.doc(address)["id"][0] for _, address in hits}
    return stored, indexed, unindexed


def soak(
    workdir: Path,
    *,
    kills: int,
    per_round: int,
    max_delay_s: float,
    jobs: int,
    seed: int,
    log=print,
) -> SoakReport:
    rng = random.Random(seed)
    folder, library = workdir / "fics", workdir / "lib.sqlite"
    report = SoakReport()
    files: list[Path] = []
    t0 = time.monotonic()
    attempts = 0
    while report.kills < kills and attempts < kills * 3:
        attempts += 1
        files += write_batch(folder, len(files), per_round, rng)
        expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        before = _stored(library)
        # Half the kills at any moment (start-up, migration, index catch-up), half once the run has
        # stored something new: then the kill lands amid batch commits and index writes.
        after_progress = rng.random() < 0.5
        delay = rng.uniform(0.0, 1.5 if after_progress else max_delay_s)
        proc = subprocess.Popen(
            _command(folder, library, jobs),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # kill the importer and its workers together, like a power cut
        )
        try:
            if after_progress:
                deadline = time.monotonic() + 120
                while proc.poll() is None and _stored(library) <= before and time.monotonic() < deadline:
                    time.sleep(0.02)
            proc.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            finished = False
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if finished:
            report.finished_before_kill += 1
            if proc.returncode != 0:
                report.problems.append(f"round {attempts}: import exited {proc.returncode}: {stderr[-300:]}")
        else:
            report.kills += 1
            report.kill_delays_s.append(round(delay, 2))
            report.kills_after_progress += after_progress
        stored, problems = _check_partial(library, expected)
        report.stored_after_each_kill.append(stored)
        report.problems += [f"round {attempts}: {p}" for p in problems]
        log(
            f"round {attempts:2d}: {'finished within' if finished else 'killed after'} {delay:5.2f} s"
            f"{' after progress' if after_progress else ''}, "
            f"{stored}/{len(files)} stored{'; ' + '; '.join(problems) if problems else ''}"
        )
    # A last, unkilled run must complete the job from whatever state the kills left.
    done = subprocess.run(_command(folder, library, jobs), capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        report.problems.append(f"final import exited {done.returncode}: {done.stderr[-500:]}")
    expected = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in files}
    stored_n, problems = _check_partial(library, set(expected))
    report.problems += [f"final: {p}" for p in problems]
    with sqlite3.connect(library) as conn:
        shas = {r[0] for r in conn.execute("SELECT sha256 FROM works")}
    if shas != set(expected):
        report.problems.append(f"final: {len(set(expected) - shas)} works lost")
    stored_ids, indexed_ids, unindexed = index_ids(library)
    if stored_ids != indexed_ids:
        report.problems.append(
            f"index disagrees: {len(stored_ids - indexed_ids)} stored but not indexed, "
            f"{len(indexed_ids - stored_ids)} indexed but not stored"
        )
    if unindexed:
        report.problems.append(f"{unindexed} rows still marked unindexed")
    report.works = len(files)
    report.final_stored = stored_n
    report.final_indexed = len(indexed_ids)
    report.seconds = round(time.monotonic() - t0, 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--per-round", type=int, default=120, help="new story files written before each run")
    parser.add_argument("--max-delay", type=float, default=6.0, help="kill after 0..this many seconds")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FICLENS_SOAK_SEED", "16")))
    parser.add_argument("--workdir", type=Path, default=None, help="keep the library here (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        report = soak(
            workdir,
            kills=args.kills,
            per_round=args.per_round,
            max_delay_s=args.max_delay,
            jobs=args.jobs,
            seed=args.seed,
        )
    print(json.dumps(asdict(report), indent=1))
    print(
        f"soak: {report.kills} kills, {report.works} works, {report.final_stored} stored, "
        f"{report.final_indexed} indexed, {len(report.problems)} problems, {report.seconds} s"
    )
    sys.exit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
