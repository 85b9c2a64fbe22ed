"""Does learning from tagged works help on other works of the same fandom? (`ficlens eval characters --set learn`)

The AO3 dev works (`shared/data/ao3/works.jsonl`, one file per `work_id`, so the formats of one
work are never split) of every fandom with at least two works are the test bed.

- `half`: each fandom's works are split in two (alternately by work id; a crossover work is
  placed once, by the first of its fandoms to claim it). The overlay KB learns from the first
  half (author tags + the characters stage's names, as `ficlens import` learns), and the second
  half is predicted with its tags hidden from inference.
- `loo` (leave one out): every work is predicted after learning from all the others.

Each test work is scored twice: with the shipped KB only (before) and with the learned overlay
(after): fandom top-1, characters P/R/F1 and romantic relationships P/R/F1, scored as
`eval_ao3` scores them. The characters stage runs once per work; only the KB-dependent stages
(fandom, relationships) run again per configuration.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ficlens.evaluation.characters import (
    _GENERIC_TAG,
    _match_count,
    _read_jsonl,
    _relationship_members,
    _same_relationship,
    prf,
    same_character,
    same_fandom,
)
from ficlens.model import Declared, Work

MIN_WORKS = 2


@contextmanager
def _kb_dir(path: Path):  # type: ignore[no-untyped-def]
    from ficlens.kb.load import ENV_KB_DIR

    old = os.environ.get(ENV_KB_DIR)
    os.environ[ENV_KB_DIR] = str(path)
    try:
        yield
    finally:
        if old is None:
            del os.environ[ENV_KB_DIR]
        else:
            os.environ[ENV_KB_DIR] = old


def split_half(fandom_works: dict[str, list[str]]) -> tuple[set[str], set[str]]:
    """(train, test) work ids: each fandom's works alternate between the sides, balanced per fandom."""
    side: dict[str, str] = {}
    for fandom in sorted(fandom_works):
        ids = sorted(fandom_works[fandom])
        count = Counter(side[i] for i in ids if i in side)
        for work_id in ids:
            if work_id not in side:
                side[work_id] = "train" if count["train"] <= count["test"] else "test"
                count[side[work_id]] += 1
    return {i for i, s in side.items() if s == "train"}, {i for i, s in side.items() if s == "test"}


def _predict(base: Work) -> Work:
    """Fandom and relationships over a copy of the base analysis, with the author's tags hidden."""
    from ficlens.stages.fandom import fandom
    from ficlens.stages.relationships import relationships

    work = base.model_copy()
    work.inferred = base.inferred.model_copy(deep=True)
    work.declared = Declared()
    work.stages = list(base.stages)
    work._cache = base.cache  # the spaCy docs the characters stage parsed, shared read-only
    return relationships(fandom(work))


def _score(work: Work, row: dict[str, Any]) -> dict[str, Any]:
    from ficlens.stages.characters import character_tags

    inferred = work.inferred
    fandoms = [f.name for f in inferred.fandoms]
    shown = [c.canonical or c.name for c in character_tags(inferred.characters, inferred.relationships)]
    gold_chars = [c for c in row["characters"] if not _GENERIC_TAG.search(c)]
    pred_rels = [(r.kind, r.members) for r in inferred.relationships if r.kind == "romantic"]
    gold_rels = [_relationship_members(t) for t in row["relationships"] if "/" in t]
    return {
        "fandom": fandoms[0] if fandoms else "",
        "fandom_ok": bool(fandoms) and any(same_fandom(fandoms[0], g) for g in row["fandoms"]),
        "characters": shown,
        "char_tp": _match_count(shown, gold_chars, same_character),
        "char_pred": len(shown),
        "char_gold": len(gold_chars),
        "rel_tp": _match_count(pred_rels, gold_rels, _same_relationship),  # type: ignore[arg-type]
        "rel_pred": len(pred_rels),
        "rel_gold": len(gold_rels),
    }


def _summary(scores: list[dict[str, Any]]) -> dict[str, Any]:
    total = Counter()
    for s in scores:
        for key in ("fandom_ok", "char_tp", "char_pred", "char_gold", "rel_tp", "rel_pred", "rel_gold"):
            total[key] += int(s[key])
    n = len(scores)
    return {
        "works": n,
        "fandom_top1": round(total["fandom_ok"] / n, 4) if n else 0.0,
        "characters": prf(total["char_tp"], total["char_pred"], total["char_gold"]),
        "relationships": prf(total["rel_tp"], total["rel_pred"], total["rel_gold"]),
    }


def eval_learn(
    data_dir: Path,
    *,
    protocols: tuple[str, ...] = ("half", "loo"),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Before/after learning, per protocol, over the AO3 dev fandoms with at least two works."""
    import ficlens
    from ficlens.kb.learn import learn_works

    rows: dict[str, dict[str, Any]] = {}
    for row in _read_jsonl(data_dir / "works.jsonl"):
        rows.setdefault(row["work_id"], row)
    fandom_works: dict[str, list[str]] = defaultdict(list)
    for work_id, row in rows.items():
        for f in dict.fromkeys(row["fandoms"]):
            fandom_works[f].append(work_id)
    fandom_works = {f: ids for f, ids in fandom_works.items() if len(ids) >= MIN_WORKS}
    ids = sorted({i for group in fandom_works.values() for i in group})
    with tempfile.TemporaryDirectory(prefix="ficlens-learn-") as tmp:
        empty = Path(tmp) / "empty"
        base: dict[str, Work] = {}
        before: dict[str, dict[str, Any]] = {}
        with _kb_dir(empty):
            for work_id in ids:
                if progress:
                    progress(rows[work_id]["id"])
                base[work_id] = ficlens.analyze(
                    data_dir / rows[work_id]["raw_file"], stages=["structure", "characters"]
                )
                before[work_id] = _score(_predict(base[work_id]), rows[work_id])
            # What an import stores, and so what learning sees: the analysis with the author's tags.
            taught = {}
            for work_id in ids:
                work = _predict(base[work_id])
                work.declared = base[work_id].declared
                taught[work_id] = work

        def run(name: str, folds: list[tuple[set[str], set[str]]]) -> dict[str, Any]:
            scored: list[tuple[str, dict[str, Any]]] = []
            for n, (train, test) in enumerate(folds):
                folder = Path(tmp) / f"{name}{n}"
                with _kb_dir(folder):
                    learn_works(taught[i] for i in sorted(train))
                    scored.extend((i, _score(_predict(base[i]), rows[i])) for i in sorted(test))
            per_work = [
                {
                    "id": rows[i]["id"],
                    "gold_fandoms": rows[i]["fandoms"],
                    "before": before[i]["fandom"],
                    "after": s["fandom"],
                    "before_ok": before[i]["fandom_ok"],
                    "after_ok": s["fandom_ok"],
                    "characters_after": s["characters"],
                }
                for i, s in scored
            ]
            return {
                "train_works": len(folds[0][0]) if len(folds) == 1 else f"{len(ids) - 1} per fold",
                "before": _summary([before[i] for i, _ in scored]),
                "after": _summary([s for _, s in scored]),
                "per_work": per_work,
            }

        results: dict[str, Any] = {
            "fandoms": {
                f: len(v) for f, v in sorted(fandom_works.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            },
        }
        if "half" in protocols:
            train, test = split_half(fandom_works)
            results["half"] = run("half", [(train, test)])
        if "loo" in protocols:
            results["loo"] = run("loo", [(set(ids) - {i}, {i}) for i in ids])
    return results
