"""`ficlens eval warnings`: the passage model on the Webis passage protocol.

The protocol follows Wiegmann et al. 2024 (arXiv 2404.09615) as described in
`../shared/data/warnings/README.md`:

    >>> from ficlens.passages import load_passages
    >>> from ficlens.evaluation.passage_warnings import run_passage_eval
    >>> result = run_passage_eval(load_passages(path), setting="id", labels="majority")
    >>> result.mean_accuracy, result.per_warning["death"]

For each of the 8 warnings and each seed 43..47, a balanced test of 20 positive / 20 negative
passages of that warning is drawn (ID: from all passages; OOD: from set_id 1 only). A model is
trained on every passage not drawn for that seed (OOD: only set_id 0), and each test passage is
scored for the one warning it was annotated for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ficlens.errors import InputError
from ficlens.passages import PASSAGE_WARNINGS, Labels, Passage

SEEDS = (43, 44, 45, 46, 47)
N_PER_CLASS = 20

Setting = Literal["id", "ood"]


def balanced_split(
    passages: Sequence[Passage], *, setting: Setting, labels: Labels, seed: int
) -> tuple[list[int], list[int]]:
    """Indexes (train, test) for one resample: 20+/20- per warning in test, the rest in train."""
    rng = np.random.default_rng(seed)
    test: list[int] = []
    pool = [i for i, p in enumerate(passages) if setting == "id" or p.set_id == 1]
    for warning in PASSAGE_WARNINGS:
        for want in (True, False):
            cands = [i for i in pool if passages[i].warning == warning and passages[i].label(labels) == want]
            if not cands:
                raise InputError(f"no {'positive' if want else 'negative'} {warning} passages to sample from")
            # The dev subset has only 17 majority-positive misogyny passages in set 1: take what there is.
            size = min(N_PER_CLASS, len(cands))
            test.extend(int(i) for i in rng.choice(cands, size=size, replace=False))
    chosen = set(test)
    train = [i for i, p in enumerate(passages) if i not in chosen and (setting == "id" or p.set_id == 0)]
    return train, test


def annotator_agreement(passages: Sequence[Passage], *, setting: Setting) -> dict[str, float]:
    """A human reference for the majority-label protocol: how well one annotator predicts the others.

    For each warning and each of the three annotator slots, the slot's vote is scored against the
    other two where those two agree (ties dropped), as balanced accuracy (mean of the accuracy on
    their positives and on their negatives), then averaged over the slots. Passages come from the
    protocol's test pool (ID: all, OOD: `set_id` 1). The dropped ties are the hardest passages, so
    this flatters the annotator; a model scored on the full balanced resamples has no such help.
    """
    out: dict[str, float] = {}
    pool = [p for p in passages if setting == "id" or p.set_id == 1]
    for warning in PASSAGE_WARNINGS:
        rows = [p.votes for p in pool if p.warning == warning and len(p.votes) == 3]
        scores = []
        for i in range(3):
            a, b = (j for j in range(3) if j != i)
            pos = [v[i] == 1 for v in rows if v[a] == v[b] == 1]
            neg = [v[i] == 0 for v in rows if v[a] == v[b] == 0]
            if pos and neg:
                scores.append((float(np.mean(pos)) + float(np.mean(neg))) / 2)
        if scores:
            out[warning] = float(np.mean(scores))
    return out


# A trainer takes the training passages and returns a scorer: texts + their warnings -> 0/1 predictions.
Trainer = Callable[[list[Passage]], Callable[[list[str], list[str]], np.ndarray]]


@dataclass
class PassageEvalResult:
    setting: Setting
    labels: Labels
    per_warning: dict[str, float] = field(default_factory=dict)
    positive_rate: dict[str, float] = field(default_factory=dict)
    per_seed: list[float] = field(default_factory=list)

    @property
    def mean_accuracy(self) -> float:
        return float(np.mean(list(self.per_warning.values())))

    def to_dict(self) -> dict[str, Any]:
        return {
            "setting": self.setting,
            "labels": self.labels,
            "mean_accuracy": round(self.mean_accuracy, 4),
            "per_warning": {k: round(v, 4) for k, v in self.per_warning.items()},
            "positive_rate": {k: round(v, 4) for k, v in self.positive_rate.items()},
            "per_seed": [round(v, 4) for v in self.per_seed],
        }


def run_passage_eval(
    passages: Sequence[Passage],
    *,
    setting: Setting = "id",
    labels: Labels = "majority",
    trainer: Trainer | None = None,
    seeds: Sequence[int] = SEEDS,
    progress: Callable[[str], None] | None = None,
) -> PassageEvalResult:
    """Run the balanced-resample protocol; `trainer` defaults to ficlens' own passage model."""
    if trainer is None:
        from ficlens.stages.warning_training import train_passage_scorer

        trainer = train_passage_scorer
    acc: dict[str, list[float]] = {w: [] for w in PASSAGE_WARNINGS}
    pr: dict[str, list[float]] = {w: [] for w in PASSAGE_WARNINGS}
    result = PassageEvalResult(setting=setting, labels=labels)
    for seed in seeds:
        train_idx, test_idx = balanced_split(passages, setting=setting, labels=labels, seed=seed)
        scorer = trainer([passages[i] for i in train_idx])
        test = [passages[i] for i in test_idx]
        pred = np.asarray(scorer([p.text for p in test], [p.warning for p in test]), dtype=bool)
        gold = np.array([p.label(labels) for p in test])
        warn = np.array([p.warning for p in test])
        seed_acc = []
        for w in PASSAGE_WARNINGS:
            m = warn == w
            a = float((pred[m] == gold[m]).mean())
            acc[w].append(a)
            pr[w].append(float(pred[m].mean()))
            seed_acc.append(a)
        result.per_seed.append(float(np.mean(seed_acc)))
        if progress:
            progress(f"seed {seed}: mean accuracy {result.per_seed[-1]:.3f}")
    result.per_warning = {w: float(np.mean(v)) for w, v in acc.items()}
    result.positive_rate = {w: float(np.mean(v)) for w, v in pr.items()}
    return result
