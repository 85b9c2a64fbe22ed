"""Train the content-warning models and write the shipped artefact.

    .venv/bin/python training/train_warnings.py [--data ../shared/data/warnings] [--out src/ficlens/resources]

Reads the Webis passage annotations, taxonomy and keyword lexicons (../shared/data/warnings), fits the
cheap (spaCy vectors) and full (spaCy + sentence-level MiniLM) joint models on every passage, chooses the
regularisation by 4-fold cross-validation, and writes `warnings_model.npz` and `warnings_meta.json`.
Deterministic; about 2-3 minutes on one core (MiniLM embeds 2,895 passages once).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ficlens.passages import PASSAGE_WARNINGS, load_passages
from ficlens.stages.warning_features import passage_features
from ficlens.stages.warning_lexicons import PASSAGE_TO_FINE, Lexicon
from ficlens.stages.warning_model import encode
from ficlens.stages.warning_training import balanced_accuracy, fit_joint_model

ROOT = Path(__file__).resolve().parents[1]

# Keyword-file trigger names -> taxonomy ids.
TRIGGER_TO_FINE = {
    "Abuse": "abuse",
    "Sexual-abuse": "sexual-abuse",
    "Animal-abuse": "animal-abuse",
    "Child-abuse": "child-abuse",
    "Violence": "violence",
    "Kidnapping/ Abduction": "kidnapping",
    "War": "collective-violence",
    "Death, animal death, other death, dying": "death",
    "Other-aggression": "other-aggression",
    "Procedures": "procedures",
    "Blood-gore": "blood-gore",
    "Other-medical": "other-medical",
    "Incest": "incest",
    "Pornographic-content": "pornography",
    "Pregnancy-childbirth": "childbirth",
    "Miscarriage": "miscarriage",
    "Abortion": "abortion",
    "Other-pregnancy": "other-pregnancy",
    "Ableism": "ableism",
    "Classism": "classism",
    "Homophobia/ Heterosexism": "homophobia",
    "Sexism/ Misogyny": "sexism",
    "Racism": "racism",
    "Religious Discrimination": "religious-discrimination",
    "Transphobia": "transphobia",
    "Body-Shaming": "body-shaming",
}
LABELS = {
    "collective-violence": "War / collective violence",
    "blood-gore": "Blood and gore",
    "sexual-abuse": "Sexual abuse / rape",
    "child-abuse": "Child abuse",
    "self-harm": "Self-harm",
    "abusive-language": "Abusive language",
    "pornography": "Explicit sexual content",
    "religious-discrimination": "Religious discrimination",
    "body-shaming": "Body shaming",
    "mental-illness": "Mental illness",
    "addiction": "Addiction / substance abuse",
    "animal-abuse": "Animal abuse",
    "kidnapping": "Kidnapping / abduction",
    "sexism": "Sexism / misogyny",
}
# Work-level score thresholds: passage models read keyword-selected windows, and a long work has
# hundreds of them, so a work-level finding needs more than the balanced-test threshold.
WORK_THRESHOLD = {"default": 0.6, **{fine: 0.8 for fine in PASSAGE_TO_FINE.values()}}
TAXONOMY_THRESHOLD = 0.6
# Groups whose keyword files have no hand-cleaned list: their raw LLM phrases are used only where
# they are specific. The childbirth lists ("mother", "funeral", "milk"…) and the pornography list
# ("pleasure", "sexy"…) are too generic; those ids use the hand patterns in the stage module.
RAW_PHRASES_OK = {"incest", "religious-discrimination"}


def keywords(data: Path) -> dict[str, list[str]]:
    lex = data / "lexicons" / "passage-level"
    out: dict[str, list[str]] = {}
    anno = json.loads((lex / "anno-keywords.json").read_text(encoding="utf-8"))
    for warning, entry in anno.items():
        fine = PASSAGE_TO_FINE[warning]
        out.setdefault(fine, []).extend(entry["cleaned_up_phrases"] + entry["set_1"] + entry["set_2"])
    for group in (
        "abuse",
        "aggression",
        "childbirth",
        "discrimination",
        "medical",
        "mental-health",
        "sexual-content",
    ):
        for entry in json.loads((lex / f"{group}.json").read_text(encoding="utf-8")):
            fine = TRIGGER_TO_FINE.get(entry["trigger"])
            if fine is None:
                continue
            words = entry.get("cleaned_up_phrases") or []
            if not words and fine in RAW_PHRASES_OK:
                words = entry.get("phrases") or []
            out.setdefault(fine, []).extend(words)
    return {k: sorted(set(v)) for k, v in sorted(out.items())}


def choose_c(x: np.ndarray, warnings: list[str], votes: list[tuple[int, ...]], grid: list[float]) -> float:
    """Regularisation by 4-fold CV on balanced accuracy (majority labels) over all passages."""
    from sklearn.model_selection import StratifiedKFold

    w_idx = np.array([PASSAGE_WARNINGS.index(w) for w in warnings])
    y = np.array([sum(v) >= 2 for v in votes], dtype=int)
    best, best_score = grid[0], -1.0
    for c in grid:
        accs = []
        for tr, te in StratifiedKFold(4, shuffle=True, random_state=0).split(x, w_idx * 2 + y):
            m = fit_joint_model(
                x[tr], [warnings[i] for i in tr], [votes[i] for i in tr], c=c, tune_thresholds=False
            )
            per, _ = m.proba(x[te])
            s = per[np.arange(len(te)), w_idx[te]]
            accs.append(
                np.mean(
                    [balanced_accuracy(y[te][w_idx[te] == j], s[w_idx[te] == j] >= 0.5) for j in range(8)]
                )
            )
        score = float(np.mean(accs))
        print(f"  C={c}: CV balanced accuracy {score:.3f}", file=sys.stderr)
        if score > best_score:
            best, best_score = c, score
    return best


def write_meta(out: Path, taxonomy: dict[str, Any], data: Path, chosen: dict[str, float]) -> None:
    """Taxonomy, keyword queries and thresholds the stage reads (no learned weights)."""
    meta = {
        "version": 2,
        "trained_on": "Webis passage-level trigger warnings, passages_dev.jsonl (2,895 passages, MIT)",
        "features": {
            "fast": "spaCy en_core_web_md static vectors (300-d mean)",
            "full": (
                "spaCy vectors + all-MiniLM-L6-v2 int8 ONNX per sentence: mean, keyword sentence, "
                "keyword sentence +-1; cosine to warning descriptions (ficlens.stages.warning_features)"
            ),
        },
        "C": chosen,
        "taxonomy": {
            "fine": taxonomy["fine"],
            "coarse": taxonomy["coarse"],
            "fine_to_coarse": taxonomy["fine_to_coarse"],
            "labels": {
                fine: LABELS.get(fine, fine.replace("-", " ").capitalize()) for fine in taxonomy["fine"]
            },
        },
        "keywords": keywords(data),
        "work_threshold": WORK_THRESHOLD,
        "taxonomy_threshold": TAXONOMY_THRESHOLD,
    }
    (out / "warnings_meta.json").write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "warnings")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "ficlens" / "resources")
    ap.add_argument(
        "--meta-only",
        action="store_true",
        help="rewrite warnings_meta.json (keywords, thresholds) and keep the models",
    )
    args = ap.parse_args()
    if args.meta_only:
        old = json.loads((args.out / "warnings_meta.json").read_text(encoding="utf-8"))
        taxonomy = json.loads((args.data / "taxonomy.json").read_text(encoding="utf-8"))
        write_meta(args.out, taxonomy, args.data, old["C"])
        print(f"rewrote {args.out}/warnings_meta.json", file=sys.stderr)
        return
    t0 = time.perf_counter()
    passages = load_passages(args.data / "passages_dev.jsonl")
    taxonomy = json.loads((args.data / "taxonomy.json").read_text(encoding="utf-8"))
    texts = [p.text for p in passages]
    warnings = [p.warning for p in passages]
    votes = [p.votes for p in passages]
    arrays: dict[str, np.ndarray] = {}
    chosen: dict[str, float] = {}
    for kind in ("fast", "full"):
        # The full model's keyword sentence is found with the keyword lists this run ships.
        lexicon = Lexicon.from_meta({"keywords": keywords(args.data)})
        x = encode(texts, kind) if kind == "fast" else passage_features(texts, lexicon=lexicon)
        print(f"{kind}: encoded {len(texts)} passages in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        c = choose_c(x, warnings, votes, [0.1, 0.3, 1.0])
        chosen[kind] = c
        arrays.update(fit_joint_model(x, warnings, votes, c=c).to_arrays(kind))
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "warnings_model.npz", **arrays)
    write_meta(args.out, taxonomy, args.data, chosen)
    size = (args.out / "warnings_model.npz").stat().st_size + (args.out / "warnings_meta.json").stat().st_size
    print(
        f"wrote {args.out}/warnings_model.npz + warnings_meta.json ({size / 1e6:.2f} MB) in "
        f"{time.perf_counter() - t0:.0f}s; C={chosen}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
