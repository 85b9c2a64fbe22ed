"""Training of the content-warnings joint model on annotated passages (scikit-learn).

Used by `training/train_warnings.py` to build the shipped artefact and by `ficlens eval warnings`
(`train_passage_scorer`) to train one model per resample of the passage protocol.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ficlens.passages import PASSAGE_WARNINGS, Passage
from ficlens.stages.warning_model import JointModel, encode


def fit_joint_model(
    x: np.ndarray,
    warnings: Sequence[str],
    votes: Sequence[Sequence[int]],
    *,
    c: float = 0.3,
    block_weight: float = 3.0,
    tune_thresholds: bool = True,
    seed: int = 0,
) -> JointModel:
    """Fit on passages: soft targets from the votes (k/3), classes balanced per warning."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(0)
    scale = x.std(0) + 1e-6
    z = (x - mean) / scale * (block_weight / np.sqrt(x.shape[1]))
    w_idx = np.array([PASSAGE_WARNINGS.index(w) for w in warnings])
    k = np.array([sum(v) / max(len(v), 1) for v in votes], dtype=float)
    design = _expand(z, w_idx)
    xx = np.vstack([design, design])
    y = np.r_[np.ones(len(k)), np.zeros(len(k))]
    sw = np.r_[k, 1 - k]
    ww = np.r_[w_idx, w_idx]
    for j in range(len(PASSAGE_WARNINGS)):
        m = ww == j
        pos, neg = sw[m & (y == 1)].sum(), sw[m & (y == 0)].sum()
        if pos > 0 and neg > 0:
            sw[m & (y == 1)] *= (pos + neg) / (2 * pos)
            sw[m & (y == 0)] *= (pos + neg) / (2 * neg)
    keep = sw > 0
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(xx[keep], y[keep], sample_weight=sw[keep])
    d = x.shape[1]
    nw = len(PASSAGE_WARNINGS)
    coef = clf.coef_[0]
    model = JointModel(
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        coef=coef[: d * (nw + 1)].astype(np.float32),
        intercept=float(clf.intercept_[0]),
        warning_bias=coef[d * (nw + 1) :].astype(np.float32),
        thresholds=np.full(nw, 0.5, dtype=np.float32),
        block_weight=float(block_weight / np.sqrt(d)),
    )
    if tune_thresholds:
        model.thresholds = _cv_thresholds(x, w_idx, k, c=c, block_weight=block_weight, seed=seed)
    return model


def _expand(z: np.ndarray, w_idx: np.ndarray) -> np.ndarray:
    nw = len(PASSAGE_WARNINGS)
    blocks = [z]
    for j in range(nw):
        blocks.append(z * (w_idx == j)[:, None])
    onehot = np.eye(nw)[w_idx]
    return np.hstack([*blocks, onehot])


def _cv_thresholds(
    x: np.ndarray, w_idx: np.ndarray, k: np.ndarray, *, c: float, block_weight: float, seed: int
) -> np.ndarray:
    """Per-warning thresholds maximising balanced accuracy (majority label) in 4-fold CV."""
    from sklearn.model_selection import StratifiedKFold

    y = (k >= 0.5).astype(int)
    scores = np.zeros(len(y))
    strat = w_idx * 2 + y
    folds = StratifiedKFold(n_splits=4, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # OOD training data has warning/label strata with fewer than 4 passages; that is fine here.
        warnings.simplefilter("ignore", UserWarning)
        splits = list(folds.split(x, strat))
    for tr, te in splits:
        m = fit_joint_model(
            x[tr],
            [PASSAGE_WARNINGS[i] for i in w_idx[tr]],
            [_votes_of(k[i]) for i in tr],
            c=c,
            block_weight=block_weight,
            tune_thresholds=False,
            seed=seed,
        )
        per, _ = m.proba(x[te])
        scores[te] = per[np.arange(len(te)), w_idx[te]]
    grid = np.linspace(0.3, 0.7, 41)
    out = np.full(len(PASSAGE_WARNINGS), 0.5, dtype=np.float32)
    for j in range(len(PASSAGE_WARNINGS)):
        m = w_idx == j
        if y[m].min() == y[m].max():
            continue
        best = max(grid, key=lambda t: (balanced_accuracy(y[m], scores[m] >= t), -abs(t - 0.5)))
        # Shrink toward 0.5: a small CV sample should not move the threshold far.
        out[j] = 0.5 + 0.5 * (best - 0.5)
    return out


def _votes_of(k: float) -> list[int]:
    n = round(k * 3)
    return [1] * n + [0] * (3 - n)


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    pos, neg = y == 1, y == 0
    return 0.5 * (pred[pos].mean() + (~pred[neg]).mean())


def train_passage_scorer(train: list[Passage]) -> Any:
    """Trainer for `ficlens.evaluation.passage_warnings.run_passage_eval`: fit the full model on `train`."""
    x = encode([p.text for p in train], "full", cache=True)
    model = fit_joint_model(x, [p.warning for p in train], [p.votes for p in train])

    def scorer(texts: list[str], warnings: list[str]) -> np.ndarray:
        per, _ = model.proba(encode(texts, "full", cache=True))
        idx = np.array([PASSAGE_WARNINGS.index(w) for w in warnings])
        chosen = per[np.arange(len(texts)), idx]
        return chosen >= model.thresholds[idx]

    return scorer
