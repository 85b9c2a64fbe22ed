"""Score loose passages for content warnings, outside the pipeline.

    >>> from ficlens.passage_scoring import score_passages
    >>> score_passages(["he pressed the knife to her throat and she screamed."])[0]["warnings"]
    ['violence']

Each result is `{"scores": {name: 0..1}, "warnings": [names past their tuned threshold]}` with
one score per passage warning of the Webis data set (violence, death, war, abduction, racism,
homophobia, misogyny, ableism) and per supported taxonomy id. The implementation lives in
`ficlens.stages.warning_model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ficlens.passages import PASSAGE_WARNINGS
from ficlens.stages.warning_model import iter_warning_ids, score_texts


def score_passages(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Scores and warnings for each text, in input order (empty input -> empty list)."""
    return score_texts(list(texts))


def warning_names() -> list[str]:
    """Every name that appears in `scores`: the 8 passage warnings first, then taxonomy ids."""
    return list(dict.fromkeys(iter_warning_ids()))


__all__ = ["PASSAGE_WARNINGS", "score_passages", "warning_names"]
