"""dedupe computes datasketch's MinHash and LSH layout itself: they must stay exactly datasketch's,
or signatures stored by one version would not compare with the next."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens.library import dedupe


def _reference(text: str) -> np.ndarray | None:
    """The signature as first written: str regex, per-word encode, datasketch update_batch."""
    words = dedupe._WORD.findall(text.casefold())[: dedupe.MAX_WORDS]
    if len(words) < 3:
        return None
    ids = np.array([dedupe.zlib.crc32(w.encode()) for w in words], dtype=np.uint64)
    shingles = (ids[:-2] * np.uint64(0x9E3779B1)) ^ (ids[1:-1] * np.uint64(0x85EBCA77)) ^ ids[2:]
    shingles = np.unique(shingles & np.uint64(0xFFFFFFFF))
    mh = MinHash(num_perm=dedupe.NUM_PERM, seed=1, hashfunc=int, scheme=dedupe.SCHEME)
    mh.update_batch(shingles)
    return np.asarray(mh.hashvalues, dtype=np.uint32)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019_ 'é-\nİßΣ.…")), max_size=400))
def test_dedupe_signature_matches_datasketch(text: str) -> None:
    got, want = dedupe.signature(text), _reference(text)
    assert (got is None) == (want is None)
    if want is not None:
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_dedupe_signature_matches_datasketch_on_long_text() -> None:
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(3000)] + ["Don't", "well-known", "ÉCOLE", "naïve"]
    for n in (5, 2500, 30_000):  # under one block, several blocks, past MAX_WORDS
        text = " ".join(rng.choice(vocab, n))
        for variant in (text, text.encode("ascii", "ignore").decode()):
            assert np.array_equal(dedupe.signature(variant), _reference(variant))


def test_dedupe_band_ranges_are_datasketch_layout() -> None:
    lsh = MinHashLSH(threshold=dedupe.THRESHOLD, num_perm=dedupe.NUM_PERM)
    assert dedupe.band_ranges() == [(i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b)]
