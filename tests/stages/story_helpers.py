"""Helpers the story-level stage tests share: analyse a text as a pasted story, read its verdicts."""

from __future__ import annotations

import ficlens
from ficlens.model import Work


def analyse_story(text: str) -> Work:
    """The whole default pipeline over `text`, read as a plain-text file named story.txt."""
    return ficlens.analyze(text.encode(), name="story.txt")


def archive_names(work: Work) -> set[str]:
    """The names of the work's archive warnings."""
    return {w.name for w in work.inferred.archive_warnings}


def victims(work: Work, label: str) -> list[str]:
    """The names of the victims of the work's events of `label`, in event order."""
    return [
        p.name for e in work.inferred.events if e.label == label for p in e.participants if p.role == "victim"
    ]
