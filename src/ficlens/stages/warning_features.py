"""Features of the full passage-warning model: sentence-level MiniLM around the keyword sentence.

Use it through `ficlens.stages.warning_model.encode(texts, "full")`, or directly:

    >>> x = passage_features(["he hit him. she screamed."])         # keyword sentence found here
    >>> x = passage_features([passage], centres=[(start, end)])     # keyword sentence given (the stage)

Each passage is split into sentences and every distinct sentence is embedded once with MiniLM
(sentences shared by overlapping passages are not re-encoded). The features are, in order:
spaCy vectors of the whole passage (300); MiniLM mean over its sentences, the keyword ("centre")
sentence, and the mean of the centre sentence and its two neighbours (3 x 384); cosine similarity
of those three to hand-written descriptions of each warning, the best per warning plus the best
benign one (3 x 9); and the best similarity over any single sentence (9).

Why: a Webis passage is an annotated sentence with two units of context either side, and the
annotators judged the sentence in context. Whole-window embeddings dilute that sentence; pooling
sentence embeddings and keeping the centre apart raised dev accuracy (docs/evaluation.md, warnings).
The descriptions were written from the taxonomy's definitions, not from the annotated passages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ficlens.stages.warning_encoders import MINILM_DIM, SPACY_DIM, Encoders, normalise, split_sentences
from ficlens.stages.warning_lexicons import META_PATH, PASSAGE_TO_FINE, Lexicon

# Descriptions per passage warning (same order as PASSAGE_WARNINGS), from the taxonomy glosses.
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "violence": (
        "someone is beaten and bleeds.",
        "he punched him in the face again and again until he fell.",
        "she was tortured while tied to a chair.",
        "they attacked him with a knife and stabbed him.",
        "he grabbed her roughly and threw her against the wall.",
        "the man was murdered violently.",
        "he kicked the man on the ground, breaking his ribs.",
    ),
    "death": (
        "a character dies.",
        "he died in her arms.",
        "she stared at his lifeless body, he was dead.",
        "they buried their friend and mourned his death.",
        "she was grieving the loss of her mother who had died.",
        "he killed the man and the corpse lay on the floor.",
        "the funeral was held for the person who passed away.",
    ),
    "war": (
        "war between nations, soldiers fight and civilians are killed.",
        "the city was bombed and the buildings were destroyed in the war.",
        "soldiers invaded the village and massacred the people.",
        "the army occupied the country and the people were displaced.",
        "troops fought in combat on the battlefield, wounded soldiers screamed.",
        "war crimes were committed against civilians.",
    ),
    "abduction": (
        "a person is kidnapped and held against their will.",
        "they abducted her and locked her in a cell.",
        "he was taken hostage and held for ransom.",
        "she was captured and kept prisoner, chained up.",
        "they dragged him into a van and took him away by force.",
        "he was held captive and could not escape.",
    ),
    "racism": (
        "a slur is used against someone because of their race.",
        "they hated him because of the colour of his skin.",
        "she was treated as inferior because of her ethnicity.",
        "racist insults were shouted at the black man.",
        "they called him a savage because of where he came from.",
        "discrimination against a race, they were seen as lesser beings and impure blood.",
    ),
    "homophobia": (
        "he was insulted and called a slur for being gay.",
        "they hated him because he was homosexual.",
        "his father said being gay was a sin and disgusting.",
        "she was bullied for being a lesbian.",
        "he was afraid people would find out he was gay and hurt him.",
        "they beat him up for liking men.",
    ),
    "misogyny": (
        "women are treated as inferior to men.",
        "he called her a slut and a whore.",
        "she was told a woman's place is in the kitchen.",
        "he said women are too emotional and stupid to lead.",
        "they treated her as an object because she was a woman.",
        "he insulted her with sexist words and degraded her.",
    ),
    "ableism": (
        "someone is mocked for being disabled.",
        "they called him a retard and laughed at him.",
        "she was treated as worthless because she used a wheelchair.",
        "they called her crazy and a psycho because of her mental illness.",
        "he was insulted as a cripple.",
        "people looked down on him for his disability.",
    ),
}
# Harm words used harmlessly (figurative, playful, idiomatic): what most keyword hits are.
BENIGN_PROTOTYPES: tuple[str, ...] = (
    "she was dying to see him again, she laughed.",
    "the joke killed, everyone was laughing.",
    "he beat her at the video game and grinned.",
    "they teased each other playfully as friends.",
    "it was a normal, peaceful day and they had fun.",
    "he was so embarrassed he wanted to die, his cheeks burned.",
    "she attacked the homework with determination.",
    "the story is about friendship and love.",
    "he read a history book about the war for class.",
    "they talked calmly about their feelings.",
)

N_SIMS = len(PROTOTYPES) + 1
FULL_DIM = SPACY_DIM + 3 * MINILM_DIM + 4 * N_SIMS


@lru_cache(maxsize=1)
def prototype_embeddings() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(warning descriptions (p, 384), their warning index (p,), benign descriptions (b, 384))."""
    texts = [t for ts in PROTOTYPES.values() for t in ts]
    lab = np.array([j for j, ts in enumerate(PROTOTYPES.values()) for _ in ts])
    emb = Encoders.minilm([*texts, *BENIGN_PROTOTYPES]).astype(np.float64)
    return emb[: len(texts)], lab, emb[len(texts) :]


def prototype_similarity(m: np.ndarray) -> np.ndarray:
    """(n, 9): best cosine to each warning's descriptions, then the best to a benign one."""
    pos, lab, neg = prototype_embeddings()
    m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    s = m @ pos.T
    per = np.stack([s[:, lab == j].max(1) for j in range(len(PROTOTYPES))], axis=1)
    return np.hstack([per, (m @ neg.T).max(1, keepdims=True)])


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    return Lexicon.from_meta(json.loads(META_PATH.read_text(encoding="utf-8")))


def centre_sentence(text: str, spans: Sequence[tuple[int, int]], lexicon: Lexicon) -> int:
    """Index of the sentence holding a passage-warning keyword nearest the middle (else the middle one)."""
    low = text.lower().replace("’", "'")  # same length, so hit offsets index `spans`
    mid = len(text) / 2
    hits = [
        m.start()
        for fine in PASSAGE_TO_FINE.values()
        for rx in lexicon.patterns.get(fine, (None, None))
        if rx is not None
        for m in rx.finditer(low)
    ]
    if hits:
        h = min(hits, key=lambda x: abs(x - mid))
        for k, (s, e) in enumerate(spans):
            if s <= h < e:
                return k
    return min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - mid))


def passage_features(
    texts: Sequence[str],
    centres: Sequence[tuple[int, int] | None] | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> np.ndarray:
    """(n, FULL_DIM) features; `centres` are char spans (into each text) of the keyword sentence.

    Without a centre, the sentence with a passage-warning keyword nearest the middle is used,
    found with `lexicon` (default: the shipped keyword lists).
    """
    n = len(texts)
    out = np.zeros((n, FULL_DIM), dtype=np.float32)
    if n == 0:
        return out
    splits: list[list[tuple[int, int]]] = []
    centre_idx: list[int] = []
    for i, text in enumerate(texts):
        spans = split_sentences(text, 0, len(text)) or [(0, len(text))]
        given = centres[i] if centres is not None else None
        if given is None:
            k = centre_sentence(text, spans, lexicon or _shipped_lexicon())
        else:
            # The sentence overlapping the given span most (the stage passes exact sentence spans).
            k = max(range(len(spans)), key=lambda j: min(spans[j][1], given[1]) - max(spans[j][0], given[0]))
        splits.append(spans)
        centre_idx.append(k)
    # Each distinct sentence once: overlapping passages share most of their sentences.
    uniq: dict[str, int] = {}
    for text, spans in zip(texts, splits, strict=True):
        for s, e in spans:
            uniq.setdefault(normalise(text[s:e]), len(uniq))
    emb = Encoders.minilm(list(uniq)).astype(np.float64)
    sims = prototype_similarity(emb)
    mean = np.zeros((n, MINILM_DIM))
    cen = np.zeros((n, MINILM_DIM))
    near = np.zeros((n, MINILM_DIM))
    best = np.zeros((n, N_SIMS))
    for i, (text, spans) in enumerate(zip(texts, splits, strict=True)):
        rows = [uniq[normalise(text[s:e])] for s, e in spans]
        k = centre_idx[i]
        mean[i] = emb[rows].mean(0)
        cen[i] = emb[rows[k]]
        near[i] = emb[rows[max(k - 1, 0) : k + 2]].mean(0)
        best[i] = sims[rows].max(0)
    out[:, :SPACY_DIM] = Encoders.spacy_vectors(texts)
    d = SPACY_DIM
    for block in (mean, cen, near):
        out[:, d : d + MINILM_DIM] = block
        d += MINILM_DIM
    for block in (mean, cen, near):
        out[:, d : d + N_SIMS] = prototype_similarity(block)
        d += N_SIMS
    out[:, d:] = best
    return out
