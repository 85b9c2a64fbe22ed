"""Probe which English euphemisms for a death, and which present-tense tellings, ficlens reads as Major
Character Death, and killings told by who does them (stop 27).

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

EUPHEMISMS = [
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
PRESENT = [
    "Anna dies before the ambulance comes.",
    "Anna stops breathing a little after three.",
    "Anna passes away in the night.",
    "Anna breathes her last just after dawn.",
    "Anna takes her last breath in Ben's arms.",
    "Anna draws her last breath at noon.",
    "Anna never wakes up.",
    "Anna doesn't wake up again.",
    "Anna doesn't make it.",
    "Anna does not survive the night.",
    "Anna drowns in the river.",
    "Anna bleeds out on the kitchen floor.",
    "Anna perishes in the fire.",
    "Anna is killed in the crash.",
    "Anna gets shot and does not get up.",
    "Anna's heart stops on the way to the hospital.",
    "Anna's heart stops. It does not start again.",
    "Anna closes her eyes for the last time.",
    "Anna is gone by morning.",
    "Anna slips away in the early hours.",
    "The doctors work on Anna for an hour. At 4:12 they stop.",
    "Anna succumbs to her wounds before morning.",
    "Anna is pronounced dead at the scene.",
    "Anna is dead.",
]

BY_AGENT = [
    "A stranger kills Anna in the alley.",
    "A stranger killed Anna in the alley.",
    "The soldier shoots Anna dead.",
    "The soldier shot Anna dead.",
    "The soldier stabs Anna through the heart, and she falls and does not move again.",
    "A lorry hits Anna at the crossing. She is dead before the ambulance comes.",
    "The raider cuts Anna down on the stairs.",
    "The raider cut Anna down on the stairs.",
    "The beast tears out Anna's throat.",
    "Anna is murdered in her bed.",
    "Anna is shot dead at the door.",
    "They hang Anna at dawn.",
    "They hanged Anna at dawn.",
    "The firing squad executes Anna at dawn.",
]


def count(lines: list[str]) -> int:
    hit = 0
    for line in lines:
        w = ficlens.analyze((DAY + "\n\n* * *\n\n" + line + AFTER).encode(), name="probe.txt")
        ok = any(
            a.name == "Major Character Death" and "Anna Marsh" in a.characters
            for a in w.inferred.archive_warnings
        )
        hit += ok
        if not ok:
            found = [
                (e.label, [p.name for p in e.participants])
                for e in w.inferred.events
                if e.label in ("death", "dying")
            ]
            print("MISS", line, found)
    return hit


def main() -> None:
    for title, lines in (("euphemisms", EUPHEMISMS), ("present tense", PRESENT), ("by an agent", BY_AGENT)):
        print(f"{title}: {count(lines)} of {len(lines)} read as Major Character Death of Anna Marsh")


if __name__ == "__main__":
    main()
