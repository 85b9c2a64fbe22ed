"""The annotated passages of the Webis warnings data set (Wiegmann et al. 2024): one record each.

The content-warnings model is trained on them (`ficlens.stages.warning_training`) and evaluated on
them (`ficlens.evaluation.passage_warnings`); this module holds what both need, and imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ficlens.errors import InputError
from ficlens.jsonl import read_jsonl

# The 8 warnings annotated on passages, in the order of the models' outputs.
PASSAGE_WARNINGS = ("violence", "death", "war", "abduction", "racism", "homophobia", "misogyny", "ableism")

Labels = Literal["majority", "any"]


@dataclass(frozen=True)
class Passage:
    id: int
    warning: str
    text: str
    votes: tuple[int, ...]
    set_id: int
    label_majority: bool
    label_any: bool

    def label(self, labels: Labels) -> bool:
        return self.label_majority if labels == "majority" else self.label_any


def load_passages(path: str | Path) -> list[Passage]:
    """Read `passages_dev.jsonl` (or a file of the same shape) into `Passage` records."""
    out: list[Passage] = []
    for n, row in read_jsonl(path, hint="pass --data pointing at shared/data/warnings/passages_dev.jsonl"):
        try:
            votes = tuple(int(v) for v in row["votes"])
            out.append(
                Passage(
                    id=int(row["id"]),
                    warning=str(row["warning"]),
                    text=str(row["text"]),
                    votes=votes,
                    set_id=int(row.get("set_id", 0)),
                    label_majority=bool(row.get("label_majority", sum(votes) >= 2)),
                    label_any=bool(row.get("label_any", sum(votes) >= 1)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a passage record ({exc})") from exc
    return out
