"""Speed of the `structure` stage on pasted-text layouts, with baselines measured in the same run.

    .venv/bin/python benchmarks/bench_structure.py            # ~500k words per layout
    .venv/bin/python benchmarks/bench_structure.py --words 100000

For each layout (blank-separated paragraphs, hard-wrapped lines, one paragraph per line, a single
line with no paragraph breaks) it prints words/s per core (CPU time) of the structure stage alone,
and the ratio to two baselines on the same text: `str.split()` and `ficlens.text.count_words`.
It also runs the stage at 1x and 4x the size: a ratio near 4 shows the stage is linear.
"""

from __future__ import annotations

import argparse
import random
import textwrap
import time
from collections.abc import Callable

from ficlens.model import Work
from ficlens.stages.structure import structure
from ficlens.text import count_words

_WORDS = (
    "the a she he they it was had said looked at into over light lamp stairs sea storm keeper "
    "morning quiet door hand voice cold harbour rope salt night window softly again never Mara "
    "Wren didn't couldn't well-known twenty-two “Come” “No,” time"
).split()


def make_paragraphs(n_words: int, seed: int = 11) -> list[list[str]]:
    """Chapters of paragraphs ("* * *" between scenes), deterministic."""
    rng = random.Random(seed)
    chapters: list[list[str]] = []
    written = 0
    while written < n_words:
        paragraphs = [f"Chapter {len(chapters) + 1}", "A/N: thanks for reading!"]
        for scene in range(4):
            if scene:
                paragraphs.append("* * *")
            for _ in range(12):
                k = rng.randint(20, 90)
                paragraphs.append(" ".join(rng.choice(_WORDS) for _ in range(k)) + ".")
                written += k
        chapters.append(paragraphs)
    return chapters


def layout(chapters: list[list[str]], kind: str) -> str:
    paragraphs = [p for chapter in chapters for p in chapter]
    if kind == "blank-separated":
        return "The Lantern Keeper\nby Wren\n\n" + "\n\n".join(paragraphs)
    if kind == "hard-wrapped":
        return "The Lantern Keeper\nby Wren\n\n" + "\n".join(
            "\n".join(textwrap.wrap(p, 72)) if len(p) > 72 else p for p in paragraphs
        )
    if kind == "line-per-paragraph":
        return "\n".join(paragraphs)
    return " ".join(p for p in paragraphs if not p.startswith(("Chapter", "A/N", "*")))


def cpu_seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        fn()
        best = min(best, time.process_time() - c0)
    return max(best, 1e-9)


def run_structure(text: str) -> Work:
    return structure(Work(text=text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    args = parser.parse_args()
    chapters = make_paragraphs(args.words)
    count_words("warm up")
    print(f"{'layout':22} {'words':>9} {'structure w/s':>15} {'x split':>9} {'x count_words':>14}")
    for kind in ("blank-separated", "hard-wrapped", "line-per-paragraph", "no-paragraph-breaks"):
        text = layout(chapters, kind)
        words = len(text.split())
        t_split = cpu_seconds(lambda text=text: text.split())
        t_count = cpu_seconds(lambda text=text: count_words(text))
        t_stage = cpu_seconds(lambda text=text: run_structure(text))
        print(
            f"{kind:22} {words:>9,} {words / t_stage:>15,.0f} {t_split / t_stage:>9.3f} {t_count / t_stage:>14.3f}"
        )
    # Linearity: 4x the text should take about 4x the time.
    small = layout(chapters[: max(1, len(chapters) // 4)], "blank-separated")
    big = "\n\n".join([small] * 4)
    ratio = cpu_seconds(lambda: run_structure(big)) / cpu_seconds(lambda: run_structure(small))
    print(f"time(4x text) / time(1x text) = {ratio:.2f}  (4.0 = linear)")


if __name__ == "__main__":
    main()
