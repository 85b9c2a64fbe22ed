"""Handwritten stories for the characters, fandom, relationships and POV tests (H3)."""

from __future__ import annotations

import itertools

from ficlens.model import Chapter, Note, Scene, Work

TORCHWOOD = """Captain Jack Harkness strode into the Hub. "Morning, Tosh," he said.

Toshiko Sato looked up from her screen and smiled at him. Tosh had been working all night, and she was tired.

"Jack," Ianto Jones said, handing him a coffee. Harkness took it and kissed him on the cheek. Ianto blushed; he loved Jack, and Jack loved him.

Later, Gwen Cooper arrived with Rhys. Gwen said that Owen was late again. Owen Harper never came on time, and he knew it.
"""

CROSSOVER = """Sherlock Holmes stepped through the gate and found himself in the city of Atlantis. John Watson followed him, limping.

John Sheppard met them on the pier. Rodney McKay was already complaining about the intruders. "Who are you?" asked Sheppard.

"Sherlock Holmes," said Holmes. Watson sighed. McKay glared at Sherlock, and Sheppard laughed at McKay.

Sherlock examined the gate. John Watson asked Rodney McKay about the Ancients. Sheppard and Watson exchanged a look.
"""

ORIGINAL = """Marguerite Olvasse climbed the tower stairs. Tomasz Brevik waited at the top with the lantern.

"You are late," Tomasz said. Marguerite shrugged and took the lantern from him. She had walked all night.

Brevik watched her go. Olvasse never looked back.
"""

NO_NAMES = """The rain fell on the empty street. Nobody came, and the lamps burned until morning.

It was quiet. The wind moved the leaves, and then it stopped.
"""

CHINESE = "他走进房间，看见她坐在窗边。雨一直下着，没有人说话。他们等了很久，直到天亮。"

FRENCH = """Il pleuvait sur la ville. Elle marchait seule dans la rue, sans parapluie, et personne ne la regardait.
"""


def make_work(
    text: str, scene_breaks: list[int] | None = None, notes: list[tuple[int, int]] | None = None
) -> Work:
    """A work with one chapter whose scenes start at `scene_breaks` (character offsets)."""
    bounds = [0, *(scene_breaks or []), len(text)]
    scenes = [Scene(index=i, start=s, end=e) for i, (s, e) in enumerate(itertools.pairwise(bounds))]
    work = Work(text=text, chapters=[Chapter(index=0, start=0, end=len(text), scenes=scenes)])
    for start, end in notes or []:
        work.notes.append(Note(kind="author-note", text=text[start:end], start=start, end=end))
    return work
