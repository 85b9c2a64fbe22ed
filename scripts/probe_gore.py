"""Probe how many ordinary ways of writing violence in bodily detail ficlens reads as Graphic Depictions Of
Violence, and how many brief or bloodless fights it leaves alone.

    .venv/bin/python scripts/probe_gore.py

Each passage is a fight scene of its own between two ordinary scenes of Kell and Rosa at a border post. A
graphic passage counts when the work gets "Graphic Depictions Of Violence"; a brief one counts when it does
not. Exploration, like scripts/probe_deaths.py: a way of telling it learns to read becomes a test in
tests/stages/test_events_reported.py.
"""

from __future__ import annotations

import ficlens

POST = (
    "Kell Rourke and Rosa Dane kept the border post on the north road. Kell checked the papers of the carters "
    "and Rosa kept the ledger. Rosa laughed at Kell's handwriting. Kell made the tea, badly. "
) * 3
AFTER = "\n\n* * *\n\nThe post was quiet by evening. Rosa wrote up the ledger and Kell made the tea.\n"
GRAPHIC = [
    "The raider's knife went into Kell's side under the ribs, and the blood came through his fingers in a hot "
    "sheet. Rosa hit the raider with the lamp. The glass split his cheek open to the bone, and he screamed and "
    "kept screaming while she hit him again and his teeth came loose in his mouth.",
    "The first bullet took the raider in the throat. Blood sprayed across the ledger and the wall, and he went "
    "down choking, both hands at his neck, blood bubbling between his fingers. The second shot opened his skull "
    "and Rosa looked away from what was on the floor.",
    "The axe came down on the carter's arm above the elbow. Bone cracked, the arm hung by a strip of skin, and "
    "blood pumped out of the stump onto the road in long red spurts while he screamed.",
    "Kell drove the bayonet into the man's belly and twisted it, and the man's guts slid out over the blade in a "
    "grey wet heap. The smell of it filled the guardhouse. Kell was red to the elbow.",
    "They had beaten the boy until his face was a swollen purple mass, one eye burst, his nose flattened, his "
    "lips split in three places, and when Rosa lifted his head blood ran out of his ears.",
    "The dog had the man by the leg. It shook him like a rag, tearing the calf open, and Rosa saw the white of "
    "the shin bone through the torn muscle before the blood covered it.",
    "The shell hit the wall and the guard beside Kell came apart. Something wet struck Kell's face. When he "
    "wiped it away his hand was full of blood and bits of bone, and the guard's legs lay in the road without him.",
    "The raider pressed the hot iron to Kell's chest and held it there. Kell's skin blistered and split and "
    "cooked, and the smell of burning flesh filled the room, and he screamed until his throat bled.",
]
BRIEF = [
    "The raider swung at Kell and Kell ducked and punched him once, and the raider ran.",
    "Rosa shot the raider in the leg. He fell, and they tied him up and sent for the captain.",
    "There was a fight at the gate. Kell got a black eye and the carter got a night in the cell.",
    "Kell cut his hand on the broken glass and Rosa wrapped it in a clean cloth.",
    "The raiders were killed in the skirmish at the ford; Kell only heard about it the next day.",
    "Rosa hit the drunk with the ledger, hard, and he sat down in the mud and cried.",
    "Kell's nose bled a little after the carter's elbow caught him, and he laughed it off.",
    "The butcher in the village cut the pig's throat and hung it up to bleed, and Rosa bought the sausages.",
]


def main() -> None:
    for kind, lines, want in (("graphic", GRAPHIC, True), ("brief", BRIEF, False)):
        right = 0
        for line in lines:
            work = ficlens.analyze(f"{POST}\n\n* * *\n\n{line}{AFTER}".encode(), name="probe.txt")
            got = any(w.name == "Graphic Depictions Of Violence" for w in work.inferred.archive_warnings)
            right += got == want
            print(("ok   " if got == want else "MISS ") + f"[{kind}] {line[:110]}")
        print(f"{right} of {len(lines)} {kind} passages judged right")


if __name__ == "__main__":
    main()
