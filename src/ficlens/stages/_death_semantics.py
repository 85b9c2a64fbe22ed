"""How much a sentence reads like a death, or like the time after one, by meaning (issue 15, fourth pass).

Word classes (`_implied_events`) match the wording of the stories they were written on; fiction tells a
death in endless other words. Here a few sentences are embedded with the MiniLM encoder the warnings
models already load and compared with short prototype descriptions, written generically for this module
(not taken from any story): dying against its look-alikes (sleep, fainting, leaving, falling silent), and
the aftermath of a death (grief, an empty place, belongings left behind, a name among the dead) against
its look-alikes (someone away for a while, an ordinary evening). A sentence's score is its best cosine to
the first set minus its best cosine to the second, so words shared by both (breath, chair, eyes) cancel out.

`events` calls this only for the few sentences its structure rules pick (where a main character acts for
the last time, and what is said of them after), so the cost stays a few dozen sentences per work.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ficlens.stages.warning_encoders import Encoders

DYING: tuple[str, ...] = (
    "he died.",
    "she stopped breathing and died.",
    "his heart stopped and he was dead.",
    "she was dead, her body limp and still.",
    "the life went out of his eyes.",
    "he did not breathe again.",
    "she slipped away and never woke.",
    "everything went dark for good and he felt nothing ever again.",
    "he was killed and did not get up again.",
    "she was struck down and lay dead on the ground.",
    "you stop breathing and it all ends.",
    "I am dying; the world fades away and I am gone.",
    "his body went still and cold and he was gone.",
    "there was no pulse; she was gone.",
)
NOT_DYING: tuple[str, ...] = (
    "he fell asleep.",
    "she closed her eyes and slept until morning.",
    "he lay down to rest because he was tired.",
    "she fainted, and woke up a minute later.",
    "he went quiet and listened to the rain.",
    "she left the room and shut the door behind her.",
    "he walked away down the road and did not look back.",
    "she held her breath and waited.",
    "he was exhausted after the long day.",
    "she stopped talking and looked out of the window.",
    "he was hurt but he would live.",
    "the game ended and they all went home.",
)
AFTERMATH: tuple[str, ...] = (
    "they buried him and mourned him.",
    "her chair at the table stayed empty after she died.",
    "all that was left of him were his clothes and his things.",
    "his name was on the list of the dead.",
    "we grieved for her, knowing she would never come back.",
    "they talked about him as he used to be, now that he was gone.",
    "at the funeral everyone wept.",
    "she will never come home again.",
    "the place where he used to sit was empty now that he had died.",
    "she was killed, and they carried her body away.",
    "he never got to grow old.",
    "they lit a candle in memory of her.",
)
NOT_AFTERMATH: tuple[str, ...] = (
    "he was away on a trip and would be back on monday.",
    "the chair was empty because she was still at work.",
    "she missed him while he was visiting his parents.",
    "they waited for him to come home for dinner.",
    "he packed his clothes into a suitcase.",
    "she read the list of names for the party.",
    "they talked and laughed about old times together.",
    "the room was quiet after everyone went to bed.",
    "he remembered a happy day from his childhood.",
    "she wondered where he had gone so early in the morning.",
)


# Characters of a sentence that are embedded (about 60 word pieces).
MAX_CHARS = 240


@lru_cache(maxsize=1)
def _prototypes() -> tuple[np.ndarray, ...]:
    sets = (DYING, NOT_DYING, AFTERMATH, NOT_AFTERMATH)
    emb = Encoders.minilm([t for s in sets for t in s])
    out: list[np.ndarray] = []
    i = 0
    for s in sets:
        out.append(emb[i : i + len(s)])
        i += len(s)
    return tuple(out)


def death_margins(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(dying margin, aftermath margin) per sentence: best cosine to the death descriptions minus the
    best cosine to their look-alikes. Roughly -0.3 (plainly not) to +0.4 (plainly so)."""
    if not sentences:
        return np.zeros(0), np.zeros(0)
    dying, not_dying, after, not_after = _prototypes()
    # A long run-on sentence is cut: the encoder's cost grows with its length, and the cue is local.
    emb = Encoders.minilm([s[:MAX_CHARS] for s in sentences])
    die = (emb @ dying.T).max(1) - (emb @ not_dying.T).max(1)
    aft = (emb @ after.T).max(1) - (emb @ not_after.T).max(1)
    return die.astype(np.float64), aft.astype(np.float64)
