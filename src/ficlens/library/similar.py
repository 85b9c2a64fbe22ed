"""Similar works: wording (TF-IDF cosine) plus shared tags, each match explained.

Candidates come from two cheap lookups: tantivy's more-like-this over the body (BM25 on the
work's most telling terms) and the works sharing the most fandom / relationship / character /
freeform tags. Only those few dozen are then scored exactly, so a 100k-work library answers
as fast as a 100-work one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel
from tantivy import Query

from ficlens.errors import WorkNotFound
from ficlens.library.query import WorkSummary

if TYPE_CHECKING:
    from ficlens.library.store import Store

N_CANDIDATES = 40
MAX_CHARS = 200_000
MLT_CHARS = 50_000  # wording of a long work is clear from its first ~35k words
# A shared relationship says more about a work than a shared fandom.
TAG_WEIGHTS = {"relationship": 3.0, "character": 1.5, "fandom": 1.0, "freeform": 1.0}
TEXT_WEIGHT = 0.5


class SimilarWork(BaseModel):
    work: WorkSummary
    score: float
    reasons: list[str]


def _tags(lib: Store, ids: list[int]) -> dict[int, dict[tuple[str, str], float]]:
    marks = ",".join("?" * len(ids))
    out: dict[int, dict[tuple[str, str], float]] = {i: {} for i in ids}
    for work_id, ttype, name in lib._read(
        f"SELECT wt.work_id, t.type, t.name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id "
        f"WHERE wt.work_id IN ({marks}) AND t.type IN ('relationship', 'character', 'fandom', 'freeform')",
        ids,
    ):
        out[work_id][(ttype, name)] = TAG_WEIGHTS[ttype]
    return out


def _tag_candidates(lib: Store, work_id: int) -> list[int]:
    rows = lib._read(
        "SELECT o.work_id, count(*) AS n FROM work_tags m JOIN tags t ON t.id = m.tag_id "
        "JOIN work_tags o ON o.tag_id = m.tag_id "
        "WHERE m.work_id = ? AND o.work_id != ? AND t.type IN ('relationship', 'character', 'fandom', 'freeform') "
        "GROUP BY o.work_id ORDER BY n DESC, o.work_id LIMIT ?",
        (work_id, work_id, N_CANDIDATES),
    )
    return [r[0] for r in rows]


def _text_candidates(lib: Store, work_id: int, text: str) -> list[int]:
    searcher = lib.index.searcher()
    # The body is not stored in the index, so more-like-this gets the text from SQLite.
    query = Query.more_like_this_document_fields_query(
        lib.index.schema,
        {"body": [text[:MLT_CHARS]]},
        min_doc_frequency=1,
        min_term_frequency=1,
        max_query_terms=30,
        min_word_length=3,
    )
    hits = searcher.search(query, N_CANDIDATES + 1).hits
    ids = searcher.fast_field_values("id", [addr for _, addr in hits]) if hits else []
    return [i for i in ids if i != work_id]


def _weighted_jaccard(a: dict[tuple[str, str], float], b: dict[tuple[str, str], float]) -> float:
    keys = a.keys() | b.keys()
    if not keys:
        return 0.0
    shared = sum(a[k] for k in a.keys() & b.keys())
    return shared / sum(a.get(k, b.get(k, 0.0)) for k in keys)


def find_similar(lib: Store, work_id: int, *, limit: int = 10) -> list[SimilarWork]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # seconds to import: only when asked

    me = lib.summary(work_id)  # raises WorkNotFound
    own = lib.texts([work_id])
    if work_id not in own:
        raise WorkNotFound(f"no text stored for work {work_id}")
    candidates = list(
        dict.fromkeys(_text_candidates(lib, work_id, own[work_id]) + _tag_candidates(lib, work_id))
    )
    if not candidates:
        return []
    ids = [work_id, *candidates]
    texts = lib.texts(ids)
    docs = [texts.get(i, "")[:MAX_CHARS] for i in ids]
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1, max_features=50_000).fit(
            docs
        )
        vectors = matrix.transform(docs)
        cosine = (vectors[1:] @ vectors[0].T).toarray().ravel()
        vocab = np.array(matrix.get_feature_names_out())
    except ValueError:  # only stop words / empty texts: compare by tags alone
        cosine, vocab, vectors = np.zeros(len(candidates)), np.array([]), None
    tags = _tags(lib, ids)
    summaries = {s.id: s for s in lib.summaries(candidates)}
    scored = []
    for n, other in enumerate(candidates):
        if other not in summaries:
            continue
        tag_sim = _weighted_jaccard(tags[work_id], tags[other])
        score = TEXT_WEIGHT * float(cosine[n]) + (1 - TEXT_WEIGHT) * tag_sim
        reasons = []
        shared = tags[work_id].keys() & tags[other].keys()
        for ttype in ("relationship", "fandom", "character", "freeform"):
            names = sorted(name for t, name in shared if t == ttype)
            if names:
                more = f" (+{len(names) - 4} more)" if len(names) > 4 else ""
                reasons.append(f"shares {ttype} {', '.join(names[:4])}{more}")
        if vectors is not None and cosine[n] > 0:
            both = vectors[0].multiply(vectors[n + 1]).toarray().ravel()
            top = [vocab[i] for i in np.argsort(-both)[:5] if both[i] > 0]
            reasons.append(f"similar wording ({cosine[n]:.2f}): {', '.join(top)}")
        other_summary = summaries[other]
        if me.series and other_summary.series and me.series.name == other_summary.series.name:
            score += 0.1
            reasons.insert(0, f"same series: {me.series.name}")
        scored.append(SimilarWork(work=other_summary, score=round(score, 4), reasons=reasons))
    scored.sort(key=lambda s: (-s.score, s.work.id))
    return scored[:limit]
