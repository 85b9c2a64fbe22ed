"""Arc stage: the emotional shape of a story, as Reagan et al. (2016) and syuzhet draw it.

Each prose sentence gets a VADER compound valence; the word-weighted valence is averaged into
`N_POINTS` equal slices of the story, low-passed by keeping the first DCT coefficients (syuzhet's
`get_dct_transform`), and classified into one of the six shapes of Reagan et al. by correlation with
their templates. Because the templates are the DCT's own cosines, the correlation with a shape is
that shape's share of the arc's low-frequency energy.

    >>> work = ficlens.analyze("examples/the-lighthouse-keeper.txt", stages=["structure", "arc"])
    >>> work.inferred.arc.shape, work.inferred.arc.ending, round(work.inferred.arc.confidence, 2)
    ('man in a hole', 'up', 0.56)
"""

from __future__ import annotations

import numpy as np

from ficlens.model import Arc, Work
from ficlens.registry import stage
from ficlens.stages._insights import prose_sentences, prose_words, words_before_offset

N_POINTS = 100
# DCT coefficients kept after the constant: enough for three turns, few enough to ignore paragraphs.
LOW_PASS = 5
# Shape templates as (DCT index, sign): +cos(k*pi*x) starts high, -cos(k*pi*x) starts low.
SHAPES: dict[str, tuple[int, int]] = {
    "rags to riches": (1, -1),  # rise
    "riches to rags": (1, +1),  # fall
    "man in a hole": (2, +1),  # fall, rise
    "Icarus": (2, -1),  # rise, fall
    "Cinderella": (3, -1),  # rise, fall, rise
    "Oedipus": (3, +1),  # fall, rise, fall
}
# Below this spread of smoothed valence (VADER compound units) an arc is called flat and unshaped.
MIN_SPREAD = 0.02
# Random sentence orders in the significance test: p has a floor of 1 / (N_SHUFFLES + 1).
N_SHUFFLES = 49
# An ending moves up or down only when its shift beats this share of random sentence orders.
MIN_ENDING_SIGNIFICANCE = 0.8
# Below this confidence the arc is reported without a shape: naming one would only be noise.
MIN_SHAPE_CONFIDENCE = 0.2


def valence_series(work: Work, *, n_points: int = N_POINTS) -> np.ndarray:
    """Word-weighted mean valence of each of `n_points` equal slices of the prose (raw, unsmoothed)."""
    sents = prose_sentences(work)
    if not sents:
        return np.zeros(n_points)
    return _slice_means(
        np.array([s.valence for s in sents]), np.array([s.words for s in sents], dtype=float), n_points
    )


def _slice_means(values: np.ndarray, words: np.ndarray, n_points: int) -> np.ndarray:
    # Valence is constant within a sentence, so its running integral over words is piecewise linear:
    # interpolating it at the slice edges gives exact slice means in O(sentences).
    cum_words = np.concatenate([[0.0], np.cumsum(words)])
    cum_valence = np.concatenate([[0.0], np.cumsum(values * words)])
    edges = np.linspace(0.0, cum_words[-1], n_points + 1)
    return np.diff(np.interp(edges, cum_words, cum_valence)) / np.diff(edges)


def significance(work: Work, *, n_points: int = N_POINTS, low_pass: int = LOW_PASS) -> tuple[float, float]:
    """(shape, ending) significance: 1 - p of a permutation test over random sentence orders (0..1).

    A story that is happy throughout has sentence-to-sentence noise but no shape: shuffling its
    sentences swings the curve, and moves its last tenth, just as much. Seeded, so deterministic.
    """
    from scipy.fft import dct, idct  # imported on use: every CLI start and worker would pay ~0.1 s

    sents = prose_sentences(work)
    if len(sents) < 4:
        return 0.0, 0.0
    values = np.array([s.valence for s in sents])
    words = np.array([s.words for s in sents], dtype=float)

    def measure(order: np.ndarray) -> tuple[float, float]:
        coeffs = dct(_slice_means(values[order], words[order], n_points), type=2, norm="ortho")
        kept = np.zeros_like(coeffs)
        kept[1 : low_pass + 1] = coeffs[1 : low_pass + 1]
        points = idct(kept, type=2, norm="ortho")
        return float(np.linalg.norm(kept)), abs(_tail_shift(points))

    energy, shift = measure(np.arange(len(sents)))
    rng = np.random.default_rng(0)
    shuffled = [measure(rng.permutation(len(sents))) for _ in range(N_SHUFFLES)]
    p_shape = (1 + sum(e >= energy for e, _ in shuffled)) / (1 + N_SHUFFLES)
    p_ending = (1 + sum(t >= shift for _, t in shuffled)) / (1 + N_SHUFFLES)
    return 1.0 - p_shape, 1.0 - p_ending


def _tail_shift(points: np.ndarray) -> float:
    # The last tenth of the arc against the arc as a whole.
    return float(points[int(0.9 * points.size) :].mean() - points.mean())


def smooth(series: np.ndarray, *, low_pass: int = LOW_PASS) -> tuple[np.ndarray, np.ndarray]:
    """Low-pass `series` by DCT truncation; returns (smoothed series, orthonormal DCT coefficients)."""
    from scipy.fft import dct, idct

    coeffs = dct(series, type=2, norm="ortho")
    kept = np.zeros_like(coeffs)
    kept[: low_pass + 1] = coeffs[: low_pass + 1]
    return idct(kept, type=2, norm="ortho"), coeffs


def classify(coeffs: np.ndarray, *, low_pass: int = LOW_PASS) -> tuple[str, float]:
    """The Reagan shape whose template correlates best with the low-passed arc, and that correlation."""
    shaped = coeffs[1 : low_pass + 1]
    norm = float(np.linalg.norm(shaped))
    if norm == 0.0:
        return next(iter(SHAPES)), 0.0
    scores = {name: sign * coeffs[k] / norm for name, (k, sign) in SHAPES.items()}
    best = max(scores, key=lambda name: scores[name])
    return best, max(0.0, float(scores[best]))


def ending(points: np.ndarray, *, significance: float = 1.0) -> str:
    """'up', 'down' or 'flat': the last tenth of the arc against the arc as a whole.

    A reader asking "does it end well?" compares the ending with the story they read, so a rise in
    the middle that holds to the end still ends up. The shift must exceed a tolerance that scales
    with the arc's own spread and beat most random sentence orders (`significance`), else 'flat'.
    """
    shift = _tail_shift(points)
    tolerance = max(0.01, 0.15 * float(points.max() - points.min()))
    if abs(shift) <= tolerance or significance < MIN_ENDING_SIGNIFICANCE:
        return "flat"
    return "up" if shift > 0 else "down"


@stage("arc", requires=("scenes",), assigns=("arc",))
def arc(work: Work, *, n_points: int = N_POINTS, low_pass: int = LOW_PASS) -> Work:
    """Emotional arc of the prose: smoothed valence points, Reagan shape, confidence and ending."""
    total = prose_words(work)
    if total == 0:
        work.inferred.arc = Arc(ending="flat", points=[0.0] * n_points)
        return work
    points, coeffs = smooth(valence_series(work, n_points=n_points), low_pass=low_pass)
    spread = float(points.max() - points.min())
    shape, correlation = classify(coeffs, low_pass=low_pass)
    # How well the arc fits its shape, discounted by how likely such a swing is by chance.
    shape_sig, ending_sig = significance(work, n_points=n_points, low_pass=low_pass)
    confidence = correlation * shape_sig
    if spread < MIN_SPREAD:
        shape, confidence = None, 0.0
    elif confidence < MIN_SHAPE_CONFIDENCE:
        shape = None
    work.inferred.arc = Arc(
        shape=shape,
        confidence=round(confidence, 3),
        ending=ending(points, significance=ending_sig) if spread >= MIN_SPREAD else "flat",
        points=[round(float(p), 4) for p in points],
        scenes=[round(words_before_offset(work, s.start) / total, 4) for s in work.scenes],
    )
    return work
