"""The trained content-warnings model: joint passage models, the shipped artefact, passage scoring.

`score_texts` scores loose passages (`ficlens.passage_scoring.score_passages`, `ficlens passages`); the
stage (`ficlens.stages.content_warnings`) uses the same models on a work's candidate sentences.
Training lives in `ficlens.stages.warning_training`.

The joint model has a shared block (what makes any passage warrant a warning) and one block per
warning; the shared block alone is the "harm" score used to gate taxonomy ids that have no passage
training data (suicide, self-harm, ...).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.errors import ConfigError
from ficlens.passages import PASSAGE_WARNINGS
from ficlens.stages.warning_encoders import Encoders
from ficlens.stages.warning_features import passage_features
from ficlens.stages.warning_lexicons import FINE_TO_PASSAGE, META_PATH, PASSAGE_TO_FINE, WEAK_LEX, Lexicon

MODEL_PATH = Path(__file__).resolve().parents[1] / "resources" / "warnings_model.npz"
# Score multiplier for a passage warning whose keywords do not occur in the passage at all.
UNGATED_FACTOR = 0.5


_FEATURE_CACHE: dict[tuple[str, str], np.ndarray] = {}


def encode(
    texts: Sequence[str],
    kind: str,
    *,
    cache: bool = False,
    centres: Sequence[tuple[int, int] | None] | None = None,
) -> np.ndarray:
    """Features of `kind` for each text ("fast": spaCy vectors; "full": spaCy + sentence MiniLM).

    `centres` (full only): char span of each text's keyword sentence; found by keyword if omitted.
    """
    if kind not in ("fast", "full"):
        raise ConfigError(f"unknown feature kind {kind!r}")
    if not cache or centres is not None:
        if kind == "fast":
            return Encoders.spacy_vectors(texts)
        return passage_features(texts, centres)
    missing = [t for t in dict.fromkeys(texts) if (kind, t) not in _FEATURE_CACHE]
    if missing:
        for t, row in zip(missing, encode(missing, kind), strict=True):
            _FEATURE_CACHE[(kind, t)] = row
    return np.vstack([_FEATURE_CACHE[(kind, t)] for t in texts])


# ---- the joint passage model ------------------------------------------------------------------


@dataclass
class JointModel:
    """Logistic regression over [shared block, one block per passage warning] of scaled features."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (1 + n_warnings) * dim
    intercept: float
    warning_bias: np.ndarray  # per-warning offset (the one-hot intercepts)
    thresholds: np.ndarray  # per warning, tuned by CV on training data
    block_weight: float

    @property
    def dim(self) -> int:
        return int(self.mean.shape[0])

    def _z(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale * self.block_weight

    def logits(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(n, 8) per-warning logits and (n,) shared-block ("harm") logits."""
        z = self._z(x)
        d = self.dim
        shared = z @ self.coef[:d] + self.intercept
        per = np.stack(
            [
                shared + z @ self.coef[d * (k + 1) : d * (k + 2)] + self.warning_bias[k]
                for k in range(len(PASSAGE_WARNINGS))
            ],
            axis=1,
        )
        return per, shared

    def proba(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        per, shared = self.logits(x)
        return _sigmoid(per), _sigmoid(shared)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_mean": self.mean,
            f"{prefix}_scale": self.scale,
            f"{prefix}_coef": self.coef,
            f"{prefix}_intercept": np.array([self.intercept], dtype=np.float32),
            f"{prefix}_warning_bias": self.warning_bias,
            f"{prefix}_thresholds": self.thresholds,
            f"{prefix}_block_weight": np.array([self.block_weight], dtype=np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> JointModel:
        return cls(
            mean=arrays[f"{prefix}_mean"],
            scale=arrays[f"{prefix}_scale"],
            coef=arrays[f"{prefix}_coef"],
            intercept=float(arrays[f"{prefix}_intercept"][0]),
            warning_bias=arrays[f"{prefix}_warning_bias"],
            thresholds=arrays[f"{prefix}_thresholds"],
            block_weight=float(arrays[f"{prefix}_block_weight"][0]),
        )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


# ---- the shipped artefact ---------------------------------------------------------------------


@dataclass
class WarningsModel:
    """The trained artefact: cheap and full joint models, lexicons and the taxonomy."""

    fast: JointModel
    full: JointModel
    meta: dict[str, Any]
    lexicon: Lexicon = field(repr=False)

    @property
    def taxonomy(self) -> dict[str, Any]:
        return self.meta["taxonomy"]

    @classmethod
    def load(cls, model_path: Path = MODEL_PATH, meta_path: Path = META_PATH) -> WarningsModel:
        if not model_path.exists() or not meta_path.exists():
            raise ConfigError(
                f"warnings model not found at {model_path}",
                hint="train it with `python training/train_warnings.py`",
            )
        arrays = np.load(model_path)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return cls(
            fast=JointModel.from_arrays(arrays, "fast"),
            full=JointModel.from_arrays(arrays, "full"),
            meta=meta,
            lexicon=Lexicon.from_meta(meta),
        )

    def label(self, wid: str) -> str:
        return self.taxonomy["labels"].get(wid, wid.replace("-", " ").capitalize())

    def coarse(self, wid: str) -> str:
        return self.taxonomy["fine_to_coarse"].get(wid, "other")


@lru_cache(maxsize=1)
def load_model() -> WarningsModel:
    """The shipped model, loaded once per process."""
    return WarningsModel.load()


# ---- passage scoring (evaluation and `ficlens passages`) --------------------------------------


def lexicon_scores(model: WarningsModel, text: str) -> dict[str, float]:
    """Keyword evidence per taxonomy id for one passage: 1.0 strong pattern, WEAK_LEX weak, else 0."""
    low = text.lower()
    out: dict[str, float] = {}
    for wid, (strong, weak) in model.lexicon.patterns.items():
        if strong is not None and strong.search(low):
            out[wid] = 1.0
        elif weak is not None and weak.search(low):
            out[wid] = WEAK_LEX
    return out


def combine_taxonomy_score(harm: float, lex: float, wid: str) -> float:
    """Score for a taxonomy id without passage training data: lexicon evidence gated by harm.

    `lex` is 1.0 for a strong (unambiguous) pattern and WEAK_LEX for a weak one.
    """
    if lex <= 0:
        return 0.0
    if wid in ("pornography", "abusive-language"):
        # Explicitness is lexical: the harm model was not trained to see it.
        return 0.8 if lex >= 1.0 else 0.45
    return float(lex * (0.2 + 0.8 * harm))


def score_texts(texts: Sequence[str], *, model: WarningsModel | None = None) -> list[dict[str, Any]]:
    """Scores and thresholded warnings for each text (see `ficlens.passage_scoring.score_passages`)."""
    model = model or load_model()
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    if not texts:
        return []
    per, harm = model.full.proba(encode(texts, "full"))
    out = []
    for i, text in enumerate(texts):
        scores: dict[str, float] = {}
        warnings: list[str] = []
        lex = lexicon_scores(model, text)
        for j, name in enumerate(PASSAGE_WARNINGS):
            s = float(per[i, j])
            if PASSAGE_TO_FINE[name] not in lex:
                # The models only ever saw passages retrieved by this warning's keywords.
                s *= UNGATED_FACTOR
            scores[name] = round(s, 4)
            if s >= model.full.thresholds[j]:
                warnings.append(name)
        for wid in model.taxonomy["fine"]:
            if wid in FINE_TO_PASSAGE:
                # The trained passage warning is the better score; keep the taxonomy name too.
                s = scores[FINE_TO_PASSAGE[wid]]
                passed = FINE_TO_PASSAGE[wid] in warnings
            elif wid in model.lexicon.patterns:
                s = round(combine_taxonomy_score(float(harm[i]), lex.get(wid, 0.0), wid), 4)
                passed = s >= model.meta["taxonomy_threshold"]
            else:
                continue
            scores[wid] = s
            if passed and wid not in warnings:
                warnings.append(wid)
        out.append({"scores": scores, "warnings": warnings})
    return out


def iter_warning_ids(model: WarningsModel | None = None) -> Iterable[str]:
    """Every name `score_passages` reports: the 8 passage warnings, then supported taxonomy ids."""
    model = model or load_model()
    yield from PASSAGE_WARNINGS
    for wid in model.taxonomy["fine"]:
        if wid in FINE_TO_PASSAGE or wid in model.lexicon.patterns:
            yield wid
