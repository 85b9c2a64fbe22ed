"""Probe how many ordinary ways of telling a main character's death ficlens reads as Major Character Death.

    .venv/bin/python scripts/probe_deaths.py

Each line tells Anna's death in a scene of its own, between three paragraphs of a bakery day with Anna
and Ben and a short aftermath scene (Ben back alone, her apron on the hook). A line counts when the
work gets "Major Character Death" naming Anna Marsh; the death events found are printed beside each
miss. Exploration, like scripts/probe_idioms.py (its opposite: idioms that must not read as harm):
a way of telling it learns to read becomes a test in tests/stages/test_events_idioms.py.
"""

from __future__ import annotations

import ficlens

DAY = (
    "Anna Marsh and Ben Okoro ran the bakery on Mill Street. Anna kneaded the dough and Ben lit the ovens. "
    "Anna laughed at Ben's terrible singing. Ben burned the first tray, as he always did. "
) * 3
AFTER = (
    "\n\n* * *\n\nThe bakery stayed shut for a week. Ben came back alone. He lit the ovens and did not sing. "
    "Her apron still hung on the hook by the door, and he could not bring himself to move it.\n"
)
DEATHS = [
    "Anna's heart stopped on the way to the hospital.",
    "The doctors worked on Anna for an hour. At 4:12 they stopped.",
    "Anna slipped away in the early hours, Ben holding her hand.",
    "Anna never woke up.",
    "The crash took Anna before the ambulance arrived.",
    "Anna's breathing slowed, and slowed, and then there was no next breath.",
    "The monitor beside Anna's bed gave one long, flat tone.",
    "Anna was gone by morning.",
    "They buried Anna on a Tuesday.",
    "Anna lost her fight with the cancer in March.",
    "Anna was killed in the crash.",
    "Anna didn't survive the night.",
    "The fall killed Anna instantly.",
    "Anna breathed her last just after dawn.",
    "Anna's body was found in the river three days later.",
    "Ben scattered Anna's ashes over the sea.",
    "Anna drowned when the ferry went down.",
    "Anna succumbed to her injuries.",
    "Anna's funeral was small.",
    "Ben stood at Anna's grave for a long time.",
]


def main() -> None:
    found = 0
    for line in DEATHS:
        work = ficlens.analyze(f"{DAY}\n\n* * *\n\n{line}{AFTER}".encode(), name="probe.txt")
        mcd = [w for w in work.inferred.archive_warnings if w.name == "Major Character Death"]
        ok = bool(mcd) and "Anna Marsh" in mcd[0].characters
        found += ok
        events = [
            f"{e.label} ({e.mode}, {e.severity})"
            for e in work.inferred.events
            if e.label in ("death", "dying")
        ]
        print(("MCD  " if ok else "miss ") + line + ("" if ok else f"  -> {', '.join(events) or 'nothing'}"))
    print(f"{found} of {len(DEATHS)} read as Major Character Death of Anna Marsh")


if __name__ == "__main__":
    main()
