"""Synthetic stories for the insight-stage tests: clearly happy and clearly sad passages in a known order.

Each passage is a scene; `build_work` lays them out as chapters/scenes of a `Work` so the stages can run
without depending on how the `structure` stage splits text.
"""

from __future__ import annotations

from ficlens.model import Chapter, Note, Scene, Work

POSITIVE = [
    "The morning was bright and warm. Ana laughed as the kettle sang, and Ben grinned at her across the "
    "kitchen. They were happy, truly happy, and the whole house felt full of love and light.",
    "The festival was wonderful. Children danced in the square, music filled the air, and everyone was "
    "smiling. Ana won the pie contest and the crowd cheered for her with delight.",
    "Ben brought her flowers and a letter full of kind, beautiful words. She read it twice and felt "
    "so grateful, so loved, that she hugged him until they both laughed.",
    "They spent the afternoon at the beach, swimming and joking and eating sweet peaches in the sun. "
    "It was the best day of the summer, easy and joyful and perfect.",
    "Her friends threw her a surprise party. There was cake and laughter and gifts, and Ana felt "
    "cherished and safe, glowing with pride and gratitude.",
    "The garden bloomed at last. Ana admired the roses, proud and delighted, and Ben said it was the "
    "loveliest garden in the village. They celebrated with a picnic.",
]

NEGATIVE = [
    "The news came at night. Ben was dead, killed in the crash, and Ana screamed until her throat was "
    "raw. The house was cold and empty and terrible.",
    "At the funeral it rained. Ana stood alone by the grave, shaking with grief, and nobody spoke to "
    "her. She felt lost, hopeless and afraid.",
    "The bank took the house. Ana slept in her car, hungry and sick, crying herself to sleep while "
    "strangers shouted and the cold bit through the broken window.",
    "She was attacked in the alley. A man hit her and stole her bag, and she lay bleeding on the "
    "filthy ground, hurt and humiliated and furious.",
    "The fever got worse. Ana lay in the hospital in pain, miserable and lonely, and the doctors "
    "frowned and whispered that it was hopeless.",
    "Her sister betrayed her. The lies, the cruelty, the hatred in her voice left Ana sobbing, "
    "heartbroken and bitter, wishing she had never been born.",
]

REUNION = (
    "And then, at the station, she saw him. Ben was alive. He ran to her and she threw her arms around "
    "him, laughing and crying with joy. They were together again, home at last, safe and happy and in love."
)

# Passage orders (P = positive, N = negative) whose valence follows each Reagan et al. shape.
SHAPE_ORDERS: dict[str, str] = {
    "rags to riches": "NNNPPP",
    "riches to rags": "PPPNNN",
    "man in a hole": "PNNNNP",
    "Icarus": "NPPPPN",
    "Cinderella": "NPPNNP",
    "Oedipus": "PNNPPN",
}


def passages(order: str, *, repeat: int = 2) -> list[str]:
    """Scenes following `order` ('P'/'N' per segment), each segment `repeat` distinct passages."""
    pos, neg = iter(POSITIVE * 10), iter(NEGATIVE * 10)
    scenes = []
    for mark in order:
        source = pos if mark == "P" else neg
        scenes.append(" ".join(next(source) for _ in range(repeat)))
    return scenes


def build_work(
    scenes: list[str], *, chapters: int = 1, notes: list[tuple[str, str]] = (), title: str = "Synthetic"
) -> Work:
    """A `Work` whose scenes are `scenes`, split evenly over `chapters`, with optional in-body notes.

    `notes` are (kind, text) pairs placed before the first scene, as an author's note would be.
    """
    text = ""
    note_models: list[Note] = []
    for kind, body in notes:
        note_models.append(Note(kind=kind, text=body, start=len(text), end=len(text) + len(body)))
        text += body + "\n\n"
    per_chapter = max(1, -(-len(scenes) // chapters))
    chapter_models: list[Chapter] = []
    for c in range(0, len(scenes), per_chapter):
        chapter_start = len(text) if c else 0
        scene_models = []
        for i, body in enumerate(scenes[c : c + per_chapter]):
            start = len(text)
            text += body
            scene_models.append(Scene(index=c + i, start=start, end=len(text)))
            text += "\n\n"
        chapter_models.append(
            Chapter(index=len(chapter_models), start=chapter_start, end=len(text), scenes=scene_models)
        )
    work = Work(text=text, title=title, notes=note_models, chapters=chapter_models)
    work.stats.words = len(text.split())
    work.stats.chapters = len(chapter_models)
    work.stats.scenes = len(scenes)
    return work
