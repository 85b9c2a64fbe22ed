"""Full passage-model features: sentence-level MiniLM around the keyword sentence."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from ficlens.passages import PASSAGE_WARNINGS
from ficlens.stages import warning_features
from ficlens.stages.warning_encoders import Encoders, split_sentences
from ficlens.stages.warning_features import (
    FULL_DIM,
    MINILM_DIM,
    N_SIMS,
    PROTOTYPES,
    SPACY_DIM,
    _shipped_lexicon,
    centre_sentence,
    passage_features,
    prototype_similarity,
)
from ficlens.stages.warning_model import encode

PASSAGE = (
    "It was a quiet morning at the farm. The hens were fed early. "
    "Then he punched the stranger until blood ran from his nose. "
    "Nobody spoke about it at dinner. The rain came later."
)


def _blocks(x: np.ndarray) -> dict[str, np.ndarray]:
    d = SPACY_DIM
    return {
        "mean": x[:, d : d + MINILM_DIM],
        "centre": x[:, d + MINILM_DIM : d + 2 * MINILM_DIM],
        "near": x[:, d + 2 * MINILM_DIM : d + 3 * MINILM_DIM],
        "best": x[:, FULL_DIM - N_SIMS :],
    }


def test_warning_features_centre_is_the_keyword_sentence() -> None:
    spans = split_sentences(PASSAGE, 0, len(PASSAGE))
    assert centre_sentence(PASSAGE, spans, _shipped_lexicon()) == 2
    # No keyword: the middle sentence.
    calm = "One. Two words. Three words here. Four. Five."
    calm_spans = split_sentences(calm, 0, len(calm))
    assert centre_sentence(calm, calm_spans, _shipped_lexicon()) == 2


def test_warning_features_given_centre_matches_found_centre() -> None:
    spans = split_sentences(PASSAGE, 0, len(PASSAGE))
    found = passage_features([PASSAGE])
    given = passage_features([PASSAGE], centres=[spans[2]])
    other = passage_features([PASSAGE], centres=[spans[0]])
    assert found.shape == (1, FULL_DIM) and np.isfinite(found).all()
    np.testing.assert_allclose(found, given, atol=1e-6)
    assert not np.allclose(_blocks(found)["centre"], _blocks(other)["centre"])
    # The centre block is the MiniLM embedding of that sentence alone.
    alone = Encoders.minilm([PASSAGE[spans[2][0] : spans[2][1]]])
    np.testing.assert_allclose(_blocks(found)["centre"], alone, atol=1e-5)


def test_warning_features_each_sentence_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = Encoders.minilm.__func__  # type: ignore[attr-defined]

    def counting(cls: type, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        seen.extend(texts)
        return real(cls, texts, batch_size)

    monkeypatch.setattr(Encoders, "minilm", classmethod(counting))
    warning_features.prototype_embeddings()  # cached before counting starts
    seen.clear()
    a = "He was kidnapped at night. They locked him up. Nobody came."
    b = "They locked him up. Nobody came. He was shot at dawn."
    x = passage_features([a, b])
    assert x.shape == (2, FULL_DIM)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 4


def test_warning_features_prototypes_point_at_their_warning() -> None:
    texts = [PROTOTYPES[w][0] for w in PASSAGE_WARNINGS]
    sims = prototype_similarity(Encoders.minilm(texts).astype(np.float64))
    assert sims.shape == (8, 9)
    # A description is most similar to its own warning's descriptions (itself among them).
    assert (sims[:, :8].argmax(1) == np.arange(8)).all()


def test_warning_features_violent_passage_nearer_violence_than_calm() -> None:
    calm = "They drank tea in the garden. The cat slept in the sun. Later they read."
    best = _blocks(encode([PASSAGE, calm], "full"))["best"]
    v = PASSAGE_WARNINGS.index("violence")
    assert best[0, v] > best[1, v]


def test_warning_features_empty_and_odd_texts() -> None:
    x = passage_features(["", "   ", "no sentence end here", "!!!"])
    assert x.shape == (4, FULL_DIM) and np.isfinite(x).all()
    assert passage_features([]).shape == (0, FULL_DIM)
