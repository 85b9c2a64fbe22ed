"""Structure stage: chapters, scenes, notes and basic stats (minimal placeholder)."""

from __future__ import annotations

import re

from ficlens.model import Chapter, Scene, Work
from ficlens.pipeline import stage

_WORD = re.compile(r"\S+")


@stage("structure", requires=("text",), assigns=("chapters", "scenes", "notes", "stats"))
def structure(work: Work) -> Work:
    """Split the text into chapters and scenes (placeholder: one of each)."""
    if not work.chapters:
        work.chapters = [Chapter(index=0, start=0, end=len(work.text))]
    index = 0
    for chapter in work.chapters:
        if not chapter.scenes:
            chapter.scenes = [Scene(index=index, start=chapter.start, end=chapter.end)]
        index += len(chapter.scenes)
    work.stats.words = len(_WORD.findall(work.text))
    work.stats.chapters = len(work.chapters)
    work.stats.scenes = index
    work.stats.reading_minutes = round(work.stats.words / 250, 1)
    return work
