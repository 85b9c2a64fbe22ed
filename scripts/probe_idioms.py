"""Probe the events and rating stages with everyday idioms that sound violent ("dead on her feet",
"shot him a look", "overdosed on sugar") in an otherwise plain story.

    .venv/bin/python scripts/probe_idioms.py [--more idioms.txt]

Each line is put between three paragraphs of a quiet bakery day and the whole pipeline runs on it;
a line is flagged when it yields a death, dying, violence, attempt, self-harm or ideation event, a
self-harm verdict, an archive warning other than "No Archive Warnings Apply", or a rating above
General Audiences. Exploration, not a test: what it finds becomes a plain regression test
(tests/stages/test_events_idioms.py). `--more` reads extra lines (one idiom per line; use the names
Anna and Ben). Exit status 1 when any line is flagged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import ficlens

DAY = (
    "The bakery opened at seven. Anna Marsh tied her apron and Ben Okoro lit the ovens. "
    "Anna laughed at the burnt tray. Ben swept the floor and hummed. "
) * 3

IDIOMS = [
    '"Over my dead body," Anna said, and threw a tea towel at Ben.',
    "Anna was dead on her feet by noon.",
    "Anna was dead tired and went home.",
    '"You are so dead," Ben told her when she stole the last croissant.',
    "Anna was scared to death of the new mixer.",
    "Ben was bored to death by the inventory.",
    '"I could kill for a coffee," Anna groaned.',
    '"If looks could kill," Ben said, "I\'d be a corpse by now."',
    "Anna was dying to know what Ben had baked.",
    '"I\'m dead," Anna wheezed, laughing so hard she cried.',
    "Anna nearly died laughing when Ben dropped the flour.",
    "Ben killed it at the bake-off.",
    "The new oven was dead, so Ben called the repairman.",
    "Anna hit a dead end with the recipe.",
    '"Drop dead," Anna said fondly.',
    "The deadline was killing them both.",
    "Ben murdered the high notes of the song on the radio.",
    '"If I have to frost one more cupcake I\'m going to kill myself," Anna groaned, grinning.',
    '"Kill me now," Ben moaned when the health inspector walked in.',
    '"Just shoot me," Anna said when the mixer broke again.',
    "Anna could have died of embarrassment when Ben sang.",
    '"I want to die," Anna said into her hands, mortified, while Ben laughed.',
    '"I\'ll kill you," Anna said, laughing, when Ben ate the icing.',
    "Ben beat the eggs and whipped the cream.",
    "Anna cut Ben some slack and let him leave early.",
    '"Hang in there," Ben told her.',
    "Ben took a shot of espresso and got back to work.",
    "Anna overdosed on sugar after the tasting and had to lie down on the sofa, giggling.",
    "Ben was fired up about the new menu.",
    "Anna threw herself into the work.",
    '"Break a leg," Anna told Ben before the competition.',
    "Ben gave her a killer smile.",
    "The dough needed a good beating before it would rise.",
    "Anna stabbed at her salad with a fork.",
    "Anna was drowning in orders.",
    "Ben choked on his coffee when she told him.",
    "Anna jumped off the counter and landed on her feet.",
    "The cake was to die for.",
    "Ben slit open the box of flour.",
    "Anna shot him a look.",
    "Ben shot her a quick text from the storeroom.",
    "The joke killed Ben. He laughed until he cried.",
    '"My mum will kill me if I\'m late," Anna said.',
    '"You\'re a dead man," Anna told Ben with a grin when he dropped her favourite mug.',
    "They were killing time until the dough rose.",
    "Their team got slaughtered at the pub quiz.",
    '"That was bloody brilliant," Ben said.',
    "Anna bit Ben's head off when he was late.",
    '"You nearly gave me a heart attack," Anna said when Ben crept up behind her.',
    "Ben tore her argument apart at the meeting.",
    "Anna was gutted when the cake collapsed.",
    "The customer's review was a stab in the back.",
    '"I\'m going to strangle you," Anna said fondly, when Ben hid her keys.',
    "Ben died a little inside when the critic frowned.",
    "Anna's phone died halfway through the call.",
    "The party was dead by ten.",
    '"Bite me," Anna said.',
    "Ben knocked himself out polishing the counters.",
    "Anna was beat after the wedding order.",
]
_HARM = {"death", "dying", "violence", "suicide_attempt", "self_harm", "suicidal_ideation"}


def flags(line: str) -> list[str]:
    """What the pipeline wrongly reads into `line` set in a plain story; empty when nothing."""
    work = ficlens.analyze(f"{DAY}\n\n{line}\n\n{DAY}".encode(), name="probe.txt")
    inf = work.inferred
    out = [f"{e.label} ({e.mode})" for e in inf.events if e.label in _HARM]
    out += [f"self-harm verdict: {w.kind}" for w in inf.self_harm]
    out += [w.name for w in inf.archive_warnings if w.name != "No Archive Warnings Apply"]
    if inf.rating is not None and inf.rating.name != "General Audiences":
        out.append(f"rated {inf.rating.name}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--more", type=Path, help="a file of extra idioms, one per line")
    args = parser.parse_args()
    lines = list(IDIOMS)
    if args.more:
        lines += [x.strip() for x in args.more.read_text(encoding="utf-8").splitlines() if x.strip()]
    flagged = 0
    for line in lines:
        found = flags(line)
        flagged += bool(found)
        print(("FLAG " if found else "ok   ") + line + (f"  -> {', '.join(found)}" if found else ""))
    print(f"{flagged} of {len(lines)} idioms flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
