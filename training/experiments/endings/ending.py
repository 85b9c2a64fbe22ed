"""Features for the story-ending experiment (stop 27): does a story end on its focal character's death?

The MiniLM embedding of an ending's last ~120 words and of its last two sentences, side by side. Not
part of the package: see README.md in this folder for what was tried and why it is not shipped.
"""

from __future__ import annotations

import re

import numpy as np

from ficlens.stages.warning_encoders import Encoders, split_sentences

# How much of the ending is read: the last this-many words, and the last sentences on their own.
TAIL_WORDS = 120
LAST_SENTENCES = 2


def tail_texts(text: str, start: int, end: int) -> tuple[str, str, int]:
    """(last ~TAIL_WORDS words, last LAST_SENTENCES sentences, offset where those words start) of
    text[start:end]."""
    lo = max(start, end - TAIL_WORDS * 12)
    words = [m.start() for m in re.finditer(r"\S+", text[lo:end])]
    if not words:
        return "", "", end
    tail_start = lo + words[-TAIL_WORDS:][0]
    tail = " ".join(text[tail_start:end].split())
    sentences = split_sentences(text, tail_start, end)
    last = " ".join(" ".join(text[a:b].split()) for a, b in sentences[-LAST_SENTENCES:]) or tail
    return tail, last, tail_start


def features(pairs: list[tuple[str, str]]) -> np.ndarray:
    """The model's input for (tail, last sentences) pairs: their two embeddings side by side."""
    if not pairs:
        return np.zeros((0, 2 * 384), dtype=np.float32)
    emb = Encoders.minilm([t for pair in pairs for t in pair])
    return np.hstack([emb[0::2], emb[1::2]])
