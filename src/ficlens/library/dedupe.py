"""Near-duplicate detection: MinHash signatures of word 3-shingles, banded LSH kept in SQLite.

Signatures and band layout are datasketch's (affine32 MinHash, MinHashLSH bands for the
threshold), computed here in numpy with the layout pinned (tests check both against datasketch),
because imports compute one per work and datasketch's own path is 3x slower; the bands are
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
_WORD_ASCII = re.compile(rb"\w+")
# Shingles per block of the permutation step: keeps the (block, NUM_PERM) array in cache.
_BLOCK = 1024


# datasketch's band layout for THRESHOLD and NUM_PERM (MinHashLSH(0.8, 128): b=9 bands of r=13
# rows). Pinned, because datasketch derives it by numerical integration that costs ~0.3 s per
# process; a test checks it still equals datasketch's choice.
_BANDS, _ROWS = 9, 13


def band_ranges() -> list[tuple[int, int]]:
    """The (start, end) permutation ranges of each LSH band for THRESHOLD (datasketch's choice)."""
    return [(i * _ROWS, (i + 1) * _ROWS) for i in range(_BANDS)]


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) affine permutations of `MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)`.

    Drawn as datasketch draws them (a test pins equality), without importing datasketch, whose
    import (scipy included) would cost every import worker ~0.1 s.
    """
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _words(text: str) -> list[bytes]:
    """The first MAX_WORDS casefolded `\\w+` words of `text`, UTF-8 encoded (what crc32 hashes)."""
    if text.isascii():
        # Same words, found faster: on ASCII, str `\\w` is bytes `\\w` and casefold is lower().
        return _WORD_ASCII.findall(text.lower().encode("ascii"))[:MAX_WORDS]
    return [w.encode() for w in _WORD.findall(text.casefold())[:MAX_WORDS]]


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32[NUM_PERM]) of `text`, or None when it has under 3 words."""
    words = _words(text)
    if len(words) < 3:
        return None
    # crc32 is a stable hash (unlike hash()), and combining in numpy keeps the Python loop short.
    ids = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    shingles = (ids[:-2] * np.uint64(0x9E3779B1)) ^ (ids[1:-1] * np.uint64(0x85EBCA77)) ^ ids[2:]
    # No np.unique: a repeated shingle cannot change a minimum, and prose repeats few of them.
    return _minhash(shingles & np.uint64(0xFFFFFFFF))


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """`MinHash(hashfunc=int, seed=1, scheme=SCHEME).update_batch(shingles).hashvalues`, 3x faster.

    datasketch hashes a batch through a Python-level loop and permutes it as one (n, NUM_PERM)
    array; here the 32-bit values go straight to its MurmurHash3 pre-mix and the permutations
    run in cache-sized blocks. A test pins equality with datasketch.
    """
    a, b = _permutations()
    hv = shingles.astype(np.uint32).reshape(-1, 1)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    sig = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(hv), _BLOCK):
        np.minimum(sig, (hv[start : start + _BLOCK] * a + b).min(axis=0), out=sig)
    return sig


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
