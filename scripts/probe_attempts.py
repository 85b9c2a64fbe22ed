"""Probe how many ordinary ways of telling a suicide attempt or self-harm, never named, ficlens reads.

    .venv/bin/python scripts/probe_attempts.py

Each line is told of Dana in a scene of its own, after three paragraphs of an ordinary evening and before
a short scene after it (Dana at work days later, a friend who noticed). A line counts when the work's
`self_harm` holds the expected kind (attempt, self-harm, ideation). The harmless lines, the same means
used for ordinary reasons, count when nothing is read. Exploration, like scripts/probe_deaths.py: a way
of telling it learns to read becomes a test in tests/stages/test_events_reported.py.
"""

from __future__ import annotations

import ficlens

EVENING = (
    "Dana Reyes came home from the library at seven. Dana fed the cat and put the radio on. "
    "Dana ate toast standing at the counter and looked at the rain on the window. "
) * 3
AFTER = (
    "\n\n* * *\n\nDana was back at the library on Monday. Marcus looked at her for a long moment over the "
    "returns desk and did not ask, and she was grateful.\n"
)
ACTS = [
    ("attempt", "Dana swallowed every pill in the bottle, one after another, and lay down to wait."),
    (
        "attempt",
        "Dana climbed over the railing of the bridge and looked down at the black water for a long time.",
    ),
    ("attempt", "Dana filled the bath, took her father's razor from the cabinet and drew it down her wrist."),
    ("attempt", "Dana tied the belt to the beam in the garage and stood on the chair."),
    ("attempt", "Dana held the gun to her temple and closed her eyes."),
    ("attempt", "Dana walked into the sea with stones in her coat pockets and did not stop."),
    ("attempt", "Dana sat in the car in the closed garage with the engine running and the windows down."),
    ("attempt", "Dana stepped off the platform edge as the train came in, and someone grabbed her coat."),
    (
        "attempt",
        "Dana took all of the sleeping tablets and wrote a note for Marcus and left it on the table.",
    ),
    ("attempt", "Dana woke up in hospital with a tube in her arm and her stomach pumped."),
    (
        "self-harm",
        "Dana locked the bathroom door, took the blade out of the sharpener and cut a line into her thigh.",
    ),
    (
        "self-harm",
        "Dana held the lighter to the inside of her arm until it blistered, and the noise in her head went quiet.",
    ),
    (
        "self-harm",
        "Dana dug her nails into her forearm until it bled, and then pulled her sleeve down over it.",
    ),
    (
        "self-harm",
        "Dana pressed her wrist against the hot iron and counted to five, and could breathe again.",
    ),
    (
        "self-harm",
        "Dana scratched at her arms until the skin broke, then cleaned the blood off with a tissue.",
    ),
    ("ideation", "Dana thought how easy it would be to step off the bridge on the way home."),
    ("ideation", "Dana wished she could go to sleep and never wake up."),
    ("ideation", "Everyone would be better off if Dana just wasn't here any more, she thought."),
    (
        "ideation",
        "Dana did not want to be alive any more. She did not have a plan. She just did not want to be.",
    ),
    (
        "ideation",
        "Dana looked at the pills in the cabinet for a long time and thought about taking all of them.",
    ),
]
HARMLESS = [
    "Dana swallowed two pills for her headache and went to bed.",
    "Dana leaned over the railing of the bridge to take a photo of the swans.",
    "Dana cut her finger slicing onions and swore and found a plaster.",
    "Dana burned her arm on the oven door taking out the lasagne.",
    "Dana walked into the sea up to her knees and laughed at how cold it was.",
    "Dana ironed her shirt for Monday and hung it on the door.",
    "Dana shaved her legs in the bath and nicked her ankle.",
    "Dana sat in the car in the garage listening to the end of a song on the radio.",
    "Dana held the lighter to the candle and the room went gold.",
    "Dana wrote a note for Marcus about the overdue books and left it on the desk.",
    "Dana tied the rope to the beam and stood on the chair to hang the fairy lights.",
    "Dana took all of her vitamins with breakfast and went to work.",
    "Dana scratched at her mosquito bites until they bled, then put cream on them.",
    "Dana stepped off the train onto the platform and walked home in the rain.",
    "Dana's brother had his stomach pumped after the office party, and she drove him home.",
]


def main() -> None:
    found = 0
    for kind, line in ACTS:
        work = ficlens.analyze(f"{EVENING}\n\n* * *\n\n{line}{AFTER}".encode(), name="probe.txt")
        kinds = {w.kind for w in work.inferred.self_harm}
        ok = kind in kinds
        found += ok
        print(
            ("read " if ok else "miss ")
            + f"[{kind}] {line}"
            + ("" if ok else f"  -> {sorted(kinds) or 'nothing'}")
        )
    print(f"{found} of {len(ACTS)} read with their kind")
    quiet = 0
    for line in HARMLESS:
        work = ficlens.analyze(f"{EVENING}\n\n* * *\n\n{line}{AFTER}".encode(), name="probe.txt")
        kinds = sorted({w.kind for w in work.inferred.self_harm})
        quiet += not kinds
        print(("ok   " if not kinds else "FLAG ") + line + (f"  -> {kinds}" if kinds else ""))
    print(f"{len(HARMLESS) - quiet} of {len(HARMLESS)} harmless lines flagged")


if __name__ == "__main__":
    main()
