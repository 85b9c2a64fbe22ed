"""The story-ending experiment (stop 27): train and check a learned "ends on a death" reading.

    .venv/bin/python training/experiments/endings/train.py [--stories tests/data/work_warnings]

Reads the labelled endings in `data/*.jsonl` beside this script (written for ficlens, CC0; one batch per
writer's manner, each half deaths told by implication and half look-alikes the character survives),
embeds each as `ficlens.stages._ending` does at run time (its last ~120 words and its last two
sentences), and fits an L2 logistic regression. The regularisation is chosen, and the reported figures
measured, by leave-one-batch-out cross-validation: every batch is scored by a model that never saw its
writer. The threshold is the lowest probability whose held-out precision is at least PRECISION_FLOOR,
so that a wrong death is rarer than a missed one is costly. Then, with --stories, scores the last scene
of every development story (the held-out fresh8 and fresh10 splits are skipped) and prints how many of
the endings above each threshold belong to stories with a Major Character Death. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).parent))
from ending import features, tail_texts

ROOT = Path(__file__).resolve().parents[3]
PRECISION_FLOOR = 0.9
CS = (0.1, 0.3, 1.0, 3.0, 10.0)


def load(folder: Path) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    pairs, labels, groups = [], [], []
    for i, path in enumerate(sorted(folder.glob("*.jsonl"))):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"]
            tail, last, _ = tail_texts(text, 0, len(text))
            pairs.append((tail, last))
            labels.append(bool(row["dies"]))
            groups.append(i)
    return pairs, np.array(labels), np.array(groups)


def held_out_scores(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for g in np.unique(groups):
        test = groups == g
        model = LogisticRegression(C=c, max_iter=2000).fit(x[~test], y[~test])
        scores[test] = model.predict_proba(x[test])[:, 1]
    return scores


def pick_threshold(scores: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(threshold, precision, recall): the lowest threshold with precision >= PRECISION_FLOOR."""
    best = (0.95, 1.0, 0.0)
    for t in np.arange(0.95, 0.3, -0.01):
        pred = scores >= t
        if pred.sum() == 0:
            continue
        precision = float((pred & y).sum() / pred.sum())
        if precision >= PRECISION_FLOOR:
            best = (round(float(t), 2), precision, float((pred & y).sum() / y.sum()))
    return best


def check_stories(folder: Path, model: LogisticRegression) -> None:
    import ficlens

    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = []
    for g in gold:
        if g.get("split") in ("fresh8", "fresh10"):
            continue
        work = ficlens.analyze(folder / g["file"], profile="structure")
        prose = work.prose()
        last = work.scenes[-1] if work.scenes else None
        start = max(prose[0].start, last.start) if last else prose[0].start
        tail, end_sentences, _ = tail_texts(work.text, start, prose[-1].end)
        p = float(model.predict_proba(features([(tail, end_sentences)]))[0, 1])
        rows.append((p, bool(g["mcd_characters"])))
    print(f"{len(rows)} development stories, {sum(m for _, m in rows)} with a Major Character Death")
    for t in (0.65, 0.8, 0.9, 0.95):
        above = [m for p, m in rows if p >= t]
        print(f"  p >= {t}: {len(above)} endings, {sum(above)} of them in stories with an MCD")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    ap.add_argument("--stories", type=Path, default=ROOT / "tests" / "data" / "work_warnings")
    args = ap.parse_args()
    pairs, y, groups = load(args.data)
    x = features(pairs)
    print(f"{len(y)} endings ({int(y.sum())} deaths) in {len(np.unique(groups))} batches")
    results = []
    for c in CS:
        scores = held_out_scores(x, y, groups, c)
        acc = float(((scores >= 0.5) == y).mean())
        results.append((acc, c, scores))
        print(f"C={c}: leave-one-batch-out accuracy {acc:.3f}")
    acc, c, scores = max(results, key=lambda r: (r[0], -r[1]))
    t, precision, recall = pick_threshold(scores, y)
    print(f"chosen C={c}; threshold {t}: held-out precision {precision:.3f}, recall {recall:.3f}")
    check_stories(args.stories, LogisticRegression(C=c, max_iter=2000).fit(x, y))


if __name__ == "__main__":
    main()
