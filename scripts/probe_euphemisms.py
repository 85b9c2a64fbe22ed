"""Probe which English euphemisms for a death ficlens reads as Major Character Death (stop 27).

    .venv/bin/python scripts/probe_euphemisms.py

Each line tells Anna's death in a scene of its own, inside the bakery story of scripts/probe_deaths.py.
The phrases are common English expressions for dying (plain, period and pious), as the Wikipedia lists
"List of expressions related to death" and "List of English-language euphemisms for death" collect
them, in sentences written for this probe. Exploration: a phrase it learns to read becomes a case in
tests/stages/test_events_reported.py beside an ordinary sentence with the same words.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ficlens

sys.path.insert(0, str(Path(__file__).parent))
from probe_deaths import AFTER, DAY

LINES = [
    "Anna gave up the ghost just after dawn.",
    "Anna went to her rest just after dawn.",
    "Anna passed on in the night.",
    "Anna passed in the night, Ben holding her hand.",
    "Anna departed this life on the fourth of May.",
    "Anna was gathered to her fathers in the spring.",
    "Anna went to meet her Maker before the doctor came.",
    "Anna crossed over in the small hours.",
    "Anna's spirit left her body as the sun rose.",
    "Anna was taken from us on Tuesday.",
    "Anna drew her last breath at noon.",
    "Anna's soul departed at noon.",
    "Anna slipped the bonds of this world.",
    "Anna succumbed to her wounds before morning.",
    "Anna succumbed to the fever in March.",
    "Anna perished in the fire.",
    "Anna expired at a quarter past four.",
    "Anna was no more.",
    "Anna never saw the morning.",
    "Anna fell asleep and did not wake.",
    "Anna closed her eyes for the last time.",
    "Anna took her last breath in Ben's arms.",
    "Anna stopped breathing a little after three.",
    "Anna bled out on the kitchen floor.",
    "Anna was lost at sea.",
    "Anna went down with the ship.",
    "Anna lay in state in the chapel.",
    "Anna is with the angels now.",
    "Anna is in a better place now, the vicar said.",
    "Anna was laid in the ground beside her mother.",
]


def main() -> None:
    hit = 0
    for line in LINES:
        w = ficlens.analyze((DAY + "\n\n* * *\n\n" + line + AFTER).encode(), name="probe.txt")
        ok = any(
            a.name == "Major Character Death" and "Anna Marsh" in a.characters
            for a in w.inferred.archive_warnings
        )
        hit += ok
        if not ok:
            print(
                "MISS",
                line,
                [
                    (e.label, [p.name for p in e.participants])
                    for e in w.inferred.events
                    if e.label in ("death", "dying")
                ],
            )
    print(hit, "of", len(LINES))


if __name__ == "__main__":
    main()
