"""Probe how often two people with ordinary given names make ficlens name a canon.

    .venv/bin/python scripts/probe_ordinary_names.py ruby-faker_2.21.0-1_all.deb [--seed 1] [-n 300] [--surnames]

Each story is the same three paragraphs of two people at a harbour, named by two given names drawn
from the first-name lists of every Faker locale (the .deb `training/kb_sources/make_everyday_names.py`
reads; nothing is downloaded), or with `--surnames` two detectives called by their surnames. No canon is right for any of them: every canon named is a false one,
printed with the names that made it. Exploration, like scripts/probe_idioms.py: a name it finds
becomes a test (tests/stages/test_fandom_terms.py, tests/kb/test_kb_store.py).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import ficlens
from ficlens.stages.fandom import ORIGINAL_WORK, UNKNOWN_FANDOM

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "kb_sources"))
from make_everyday_names import _SURNAME_KEYS, faker_given_names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--surnames", action="store_true", help="two people called by their surnames")
    args = parser.parse_args()
    keys = _SURNAME_KEYS if args.surnames else None
    names = sorted(n for n in faker_given_names(args.deb, keys) if n.isalpha() and 4 <= len(n) <= 10)
    rng = random.Random(args.seed)
    named = []
    for _ in range(args.n):
        a, b = (x.capitalize() for x in rng.sample(names, 2))
        if args.surnames:
            story = (
                f"{a} and {b} drove out to the scene. {a} parked, and {b} checked the map. "
                f"{b} told {a} about the new lead while the rain came down.\n\n"
            ) * 3
        else:
            story = (
                f"{a} and {b} walked down to the harbour after work. {a} bought chips, and {b} stole one. "
                f"They sat on the wall and watched the boats. {b} told {a} about the new job.\n\n"
            ) * 3
        work = ficlens.analyze(story.encode(), name="probe.txt", stages=["structure", "characters", "fandom"])
        top = work.inferred.fandoms[0]
        if top.name not in (UNKNOWN_FANDOM, ORIGINAL_WORK):
            named.append(top.confidence)
            print(f"{a:12} {b:12} -> {top.name} ({top.confidence}) {top.evidence}")
    print(
        f"{len(named)} of {args.n} stories named a canon; at confidence >= 0.5: {sum(c >= 0.5 for c in named)},"
        f" >= 0.8: {sum(c >= 0.8 for c in named)} ({len(names)} names)"
    )


if __name__ == "__main__":
    main()
