"""Near-duplicate detection: MinHash signatures of word 3-shingles, banded LSH kept in SQLite.

datasketch computes the signatures and picks the band layout for the threshold; the bands are
stored as rows (`lsh_bands`), so finding candidates for a new work is one indexed lookup and
the LSH survives restarts without being rebuilt in memory.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np

NUM_PERM = 128
# Stored signatures are only comparable under one hashing scheme: pin it (datasketch >= 2.0).
SCHEME = "affine32"
THRESHOLD = 0.8
# Long works: the first 20k words are plenty to tell two versions of a story apart.
MAX_WORDS = 20_000
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def band_ranges() -> list[tuple[int, int]]:
    """The (start, end) permutation ranges of each LSH band for THRESHOLD (datasketch's choice)."""
    from datasketch import MinHashLSH  # imported late: it costs ~0.3 s at CLI start-up

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return [(i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b)]


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Drawing the permutations costs more than hashing a short work: draw them once.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32[NUM_PERM]) of `text`, or None when it has under 3 words."""
    words = _WORD.findall(text.casefold())[:MAX_WORDS]
    if len(words) < 3:
        return None
    # crc32 is a stable hash (unlike hash()), and combining in numpy keeps the Python loop short.
    ids = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    shingles = (ids[:-2] * np.uint64(0x9E3779B1)) ^ (ids[1:-1] * np.uint64(0x85EBCA77)) ^ ids[2:]
    shingles = np.unique(shingles & np.uint64(0xFFFFFFFF))
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch(shingles)
    return np.asarray(mh.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, key) rows for `lsh_bands`: a 63-bit digest of each band of the signature."""
    keys = []
    for band, (start, end) in enumerate(band_ranges()):
        digest = hashlib.blake2b(sig[start:end].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big") >> 1))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two works' shingle sets."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
