"""95% intervals for the evaluation figures, so that a change can be told from noise.

The sets are small (tens of works or stories): 0.587 over 63 works or 3 of 7 deaths found says
little without its spread. Two tools, one per kind of figure:

- `wilson` for a proportion of independent trials (top-1, rating accuracy, a per-story
  precision or recall): k of n, with an interval that stays inside [0, 1] and is not empty at
  k = 0 or k = n, where the normal ("Wald") interval fails on small n.
- `bootstrap` for a figure that is not one proportion (micro-F1 over works, B³): resample the
  units (works, stories) with replacement, recompute, take the 2.5th and 97.5th percentiles.
  The units are what was sampled, so the labels of one work stay together. Seeded, so the same
  input gives the same interval on every run.

Every interval goes in the JSON as a sibling key `<figure>_ci: [lo, hi]` beside the figure it
bounds (docs/evaluation.md, "How sure these figures are").

    >>> [round(x, 3) for x in wilson(3, 7)]
    [0.158, 0.75]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials; (nan, nan) when n == 0.

    Centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²).
    """
    if n <= 0:
        return float("nan"), float("nan")
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def bootstrap(
    units: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    n_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of `statistic` over `units` resampled with replacement.

    Deterministic: the resamples come from `numpy.random.default_rng(seed)`, so one input gives
    one interval. A resample whose statistic is undefined (nan, e.g. no predictions drawn) is
    left out; (nan, nan) when there are no units or no resample is defined. Units given as a
    numpy array reach `statistic` as an array (fast: per-work counts, 1000 resamples in ms).
    """
    n = len(units)
    if n == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_resamples, n))
    if isinstance(units, np.ndarray):
        values = np.array([statistic(units[row]) for row in draws], dtype=float)
    else:
        values = np.array([statistic([units[i] for i in row]) for row in draws], dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)


def micro_f1(counts: Sequence[Sequence[int]] | np.ndarray) -> float:
    """Micro-F1 of per-unit (tp, fp, fn) counts: 2tp / (2tp + fp + fn), nan when all are zero."""
    tp, fp, fn = np.asarray(counts, dtype=float).reshape(-1, 3).sum(axis=0)
    d = 2 * tp + fp + fn
    return float(2 * tp / d) if d else float("nan")


def prf_counts(counts: Sequence[Sequence[int]] | np.ndarray) -> tuple[float, float, float]:
    """(precision, recall, F1) of per-unit (tp, predicted, gold) counts; 0.0 where undefined,
    as `ficlens.evaluation.characters.prf` scores them."""
    tp, n_pred, n_gold = np.asarray(counts, dtype=float).reshape(-1, 3).sum(axis=0)
    p = float(tp / n_pred) if n_pred else 0.0
    r = float(tp / n_gold) if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def micro_f1_interval(counts: Sequence[Sequence[int]]) -> tuple[float, float]:
    """Bootstrap interval of `micro_f1` over per-unit (tp, fp, fn) counts (units resampled whole)."""
    return bootstrap(np.asarray(counts, dtype=float).reshape(-1, 3), micro_f1)


def prf_intervals(counts: Sequence[Sequence[int]]) -> dict[str, list[float]]:
    """`precision_ci`, `recall_ci` and `f1_ci` of `prf_counts` over per-unit (tp, predicted, gold)
    counts, bootstrapped over the units: the tags of one work are not independent trials."""
    units = np.asarray(counts, dtype=float).reshape(-1, 3)
    return {
        f"{key}_ci": rounded(bootstrap(units, lambda sample, i=i: prf_counts(sample)[i]))
        for i, key in enumerate(("precision", "recall", "f1"))
    }


def rounded(interval: tuple[float, float], digits: int = 4) -> list[float]:
    """[lo, hi] as the JSON carries it, rounded like the point figures."""
    return [round(interval[0], digits), round(interval[1], digits)]


def with_ci(point: float, interval: Sequence[float] | None, digits: int = 3) -> str:
    """`0.587 [0.464, 0.700]` for the human-readable tables (the point alone without an interval)."""
    if interval is None:
        return f"{point:.{digits}f}"
    lo, hi = interval
    return f"{point:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"
