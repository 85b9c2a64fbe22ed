"""The one door every shell uses: `analyze` a story, or `load` it without inference."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ficlens.ingest import read_source
from ficlens.model import Work
from ficlens.pipeline import Pipeline
from ficlens.version import __version__

Source = str | Path | bytes


def analyze(
    source: Source | Work,
    *,
    profile: str = "full",
    stages: Iterable[str] | None = None,
    disable: Iterable[str] = (),
    settings: dict[str, dict[str, Any]] | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> Work:
    """Read a story and run the analysis pipeline over it.

    `source` is a path, `"-"` for standard input, raw bytes (give `name` for messages) or an
    already loaded `Work`. `stages` picks stage names explicitly; otherwise `profile` (with
    `disable`) decides.

        >>> work = analyze("story.txt", disable=["arc"])
        >>> work.stats.words
    """
    pipeline = (
        Pipeline.from_names(stages, settings=settings)
        if stages is not None
        else Pipeline.from_profile(profile, disable=disable, settings=settings)
    )
    work = source if isinstance(source, Work) else read_source(source, name=name, max_bytes=max_bytes)
    work.analyser_version = __version__
    return pipeline(work)


def load(source: Source, *, name: str | None = None, max_bytes: int | None = None) -> Work:
    """Ingest and structure only: the fast path for libraries (`--fast`)."""
    return analyze(source, profile="fast", name=name, max_bytes=max_bytes)
