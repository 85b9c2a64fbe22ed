"""Suicide attempts, suicidal ideation and self-harm told without naming them (issue 15, fourth pass).

Word classes for how fiction tells these acts, combined, never one sentence of one story:

- **An attempt** is told by its *means* (entering water, a drop, pills, a rope, a blade to the wrist, a
  car turned off the road), with its *intent* (a farewell, a note left, stones in the pockets, "it would
  be over") or its *aftermath* (pulled out, an ambulance, a hospital bed, "why did you"). People swim,
  climb and take pills every day: the means alone is nothing, the means with intent or aftermath near it
  is an attempt. An accident or a rescue of someone else, a denial ("I wasn't going to jump") vetoes it.
- **Ideation**: a first-person (or free indirect) wish not to exist ("easier if I just didn't wake up",
  "wished he had never been born"), a means thought of ("how easy it would be", near a bridge or pills),
  or a means the narrator does not think about ("he does not think about the gun in the drawer").
- **Self-harm**: a blade, a flame or a compass on one's own skin with what follows it (the sting, the
  relief, the plaster, the sleeve pulled down); past self-harm: scars or lines in rows on a wrist, a
  forearm or a thigh, told with how they look or are hidden (mentioned, not on the page).

This module only finds the cues and says where; `events` resolves who (the subject of the sentence)
and in which mode (negated, feared, dreamt, told in retrospect), as for every other trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.stages._implied_events import positions

# ---- means of an attempt (lowercased sentence) --------------------------------------------------
_WATER = r"(?:sea|ocean|water|waves|surf|river|lake|tide|current|loch|estuary|canal|bay)"
_HEIGHT = r"(?:edge|ledge|drop|parapet|railing|rail|roof|rooftop|bridge|cliff|balcony|platform edge)"
# Off a railway platform: the step the "tracks" means and the strong means both spell out.
_OFF_PLATFORM = (
    r"(?:stepp?\w*|jump\w*|threw (?:himself|herself|themselves|myself|yourself)|fell|lean\w*)\s(?:off|from|over)\s"
    r"(?:the\s)?platform"
)
# Standing with feet past the drop: a means of the "height" kind and strong evidence by itself.
# "my toes on nothing", "his heels in thin air" too.
_FEET_OVER_EDGE = (
    r"(?:foot|feet|toes|heels|boots|shoes)\s(?:\w+\s){0,4}?(?:(?:over|off|past) (?:the )?(?:edge|drop|ledge|nothing)|"
    r"(?:on|in|over) (?:nothing|thin air|empty air)\b)"
)
# Pills popped from their foil by the dozen: "Sixty-four small foil blisters, pushed through one at a time".
_PILLS_POPPED = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|\d\d)[\w-]*\s(?:\w+\s){0,2}?(?:blisters|tablets|pills|"
    r"capsules),?\s(?:\w+\s){0,2}?(?:pushed|popped|punched|pressed)\s(?:out|through)"
)
MEANS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "water",
        re.compile(
            r"\b(?:walk\w*|wad\w*|went|goes|going|stepp?\w*|swam|swim\w*|kept (?:on )?walking|keeps walking|"
            r"walked on)\s(?:\w+\s){0,3}?(?:into|out into|out to|under|beneath|deeper into)\s(?:the\s)?(?:\w+\s)?"
            rf"{_WATER}\b|\b(?:{_WATER})\s(?:\w+\s){{0,2}}(?:closed over|rose (?:to|over|past|up to)|came (?:up )?to|"
            r"reached) (?:his|her|my|their|your) (?:chest|chin|neck|shoulders|mouth|waist|head)|"
            r"\b(?:stones?|rocks?) in (?:the |his |her |my |their |your )?(?:coat |jacket )?pockets|"
            r"pockets (?:full|heavy) (?:of|with) (?:stones|rocks)|"
            rf"\blet (?:the )?(?:{_WATER}) take\b"
        ),
        (
            " sea ",
            " sea.",
            " sea,",
            "ocean",
            "water",
            " wave",
            "surf",
            "river",
            "lake",
            "tide",
            "current",
            "loch",
            "estuary",
            "canal",
            " bay",
            "pockets",
        ),
    ),
    (
        "height",
        re.compile(
            r"\b(?:stepp?\w*|jump\w*|lean\w*|lift\w*|swung|swings|climb\w*|clamber\w*|stood|standing|stands|"
            r"balanc\w*|perch\w*|edg\w*|inch\w*|shuffl\w*)\s(?:\w+,?\s){0,4}?(?:off|over|out over|onto|up onto|"
            rf"to|toward|towards|past)\s(?:the|a)\s(?:\w+\s)?{_HEIGHT}\b|"
            r"\b(?:on|to) the wrong side of (?:it\b|(?:the|a) (?:\w+\s)?(?:railing|parapet|bridge|guardrail|barrier|rope|fence)\b)|"
            # "the toes of his sneakers were over the edge"
            rf"\b{_FEET_OVER_EDGE}\b"
        ),
        (
            " edge",
            "ledge",
            "drop",
            "parapet",
            " rail",
            "roof",
            "bridge",
            "cliff",
            "balcony",
            "wrong side",
            "over nothing",
            "on nothing",
            "thin air",
            "empty air",
        ),
    ),
    (
        "pills",
        re.compile(
            # Swallowed in a quantity ("the whole bottle", "a handful of"), or counted out and hoarded.
            r"\b(?:swallow\w*|took|takes|down\w*|empt\w*|tip\w*|pour\w*|gulp\w*|dry-swallow\w*|ate)\s(?:\w+\s){0,3}?"
            r"(?:all|every|the whole|the entire|a handful of|handfuls of|the rest of|a fistful of|both|dozens of|"
            r"(?:twenty|thirty|forty|fifty|\d\d)\s?\w*)\s(?:of\s)?(?:the\s|his\s|her\s|my\s|their\s|your\s)?(?:\w+\s)?"
            r"(?:pills|tablets|capsules|painkillers|paracetamol|sleeping pills|antidepressants|bottles?)\b|"
            r"\b(?:swallow\w*|took|takes|down\w*|ate)\s(?:\w+\s){0,2}?every (?:single )?(?:pill|tablet|capsule)\b|"
            r"\b(?:count\w*|lin\w* up|sav\w* up|hoard\w*|stockpil\w*)\s(?:\w+\s){0,4}?(?:pills|tablets|capsules|"
            r"painkillers|paracetamol|sleeping pills|antidepressants)\b|"
            rf"\b{_PILLS_POPPED}\b"
        ),
        ("pill", "tablet", "capsule", "painkiller", "paracetamol", "antidepressant", "bottle", "blisters"),
    ),
    (
        "rope",
        re.compile(
            r"\b(?:noose|rope|belt|cord|sheet|scarf)\s(?:\w+\s){0,3}?(?:over|around|round|to|from)\s(?:the\s)?"
            r"(?:beam|rafter|banister|bannister|hook|pipe|branch|light fitting|door ?frame|neck|handrail|clothes rail|"
            r"curtain rail|shower rail|closet rod)\b|\bnoose\b|"
            # "she makes the other end into a loop, and she puts her head through the loop"
            r"\b(?:head|neck) (?:through|into) (?:the|a) (?:loop|noose)\b"
        ),
        (
            "noose",
            "beam",
            "rafter",
            "banister",
            "bannister",
            " hook",
            "neck",
            "light fitting",
            "handrail",
            " rail",
            "closet rod",
            "loop",
        ),
    ),
    (
        "car",
        re.compile(
            r"\bturn of the (?:steering )?wheel\b|\b(?:drive|drove|driving|steer\w*|swerv\w*|aim\w*)\s(?:\w+\s){0,3}?"
            r"(?:off|into|through)\s(?:the\s)?(?:bridge|cliff|river|wall|barrier|oncoming|verge|drop)\b|"
            r"\bhose\s(?:\w+\s){0,3}(?:from|into|to) the exhaust\b|"
            # a closed garage and a running engine: the door sealed, or the engine run inside it
            r"\b(?:taped|sealed|stuffed|blocked|packed) (?:\w+\s){0,3}?(?:gap|gaps|crack|cracks) (?:under|around|at|beneath) "
            r"the garage door\b|\bgarage\b[^.!?\n]{0,120}\bengine (?:running|started|idling|turning over)\b|"
            r"\bengine (?:running|started|idling|turning over)\b[^.!?\n]{0,100}\b(?:closed|shut) garage\b"
        ),
        (
            "wheel",
            "bridge",
            "cliff",
            "river",
            " wall",
            "barrier",
            "oncoming",
            "verge",
            "drop",
            "exhaust",
            "garage",
        ),
    ),
    (
        "tracks",
        re.compile(
            r"\b(?:stepp?\w*|stood|standing|walk\w*|lay|lying|lie|park\w*|pull\w* up|stopp?\w*|sat|sitting|sits)\s"
            r"(?:\w+\s){0,2}?(?:onto|on|down onto|in front of|across)\s(?:the\s)?(?:tracks|rails|oncoming train|train)\b|"
            # "stepped off the platform edge as the train came in"
            rf"\b{_OFF_PLATFORM}(?:\s(?:edge|'s edge))?\b[^.!?\n]{{0,40}}?\b(?:as|when|in front of|just as)\b[^.!?\n]{{0,20}}?"
            r"\btrain\b"
        ),
        ("tracks", "rails", " train"),
    ),
    (
        "blade",
        re.compile(
            r"\b(?:razor|blade|knife|box cutter|shard|scalpel)\b[^.!?\n]{0,60}?\b(?:to|against|across|into|along|"
            r"over|down|up)\s(?:the (?:inside|insides|length) of\s)?(?:his|her|my|their|your)\s(?:own\s)?(?:\w+\s)?"
            r"(?:wrists?|throat|forearms?)\b"
        ),
        ("wrist", "throat", "forearm"),
    ),
)
MEANS += (
    (
        # The attempt told only by what the hospital did: "woke up in hospital with her stomach pumped".
        "aftermath",
        re.compile(
            r"\bstomach (?:was )?pumped\b|\bpumped (?:his|her|my|their|your) stomach\b|\bsuicide watch\b|"
            r"\b(?:72|seventy-two)[- ]hour (?:hold|psych\w*)\b|\bpsych(?:iatric)? hold\b"
        ),
        ("pumped", "suicide watch", "hour hold", "hour psych", "psych hold", "psychiatric hold"),
    ),
)
MEANS_WORDS = tuple(sorted({w for _, _, needs in MEANS for w in needs}))
# The needs are searched in the lowercased text with str.find: a leading space keeps "season", "shook",
# "strain" and "knowledge" from waking the readers (" sea " also misses "sea." and "sea,", so those too).

# Intent and finality near the means (weight 2 strong, 1 weak).
INTENT_STRONG = re.compile(
    r"\b(?:goodbye|good-bye|farewell|(?:a|the|her|his|my|their) (?:note|letter)s? (?:on|for|to|under|in|by|propped)|"
    r"(?:wrote|written|left|leaves|leaving|writes) (?:a |the )?(?:note|letter)s?\b|gave away|given away|"
    r"(?:not|never|wasn['’]t|isn['’]t|wouldn['’]t be) coming back|didn['’]t (?:look|turn) back|did not (?:look|turn) back|"
    r"(?:it|this) would (?:all )?be over|be over soon|(?:stones?|rocks?) in (?:his|her|my|their|your) pockets|"
    r"nobody would (?:miss|notice|have to)|better off without|didn['’]t want to be found|end(?:ed|ing)? it|"
    r"(?:his|her|my|their) affairs in order|(?:did not|didn['’]t|does not|doesn['’]t) (?:mean|intend|plan) to (?:come|go) back)\b"
)
INTENT_WEAK = re.compile(
    r"\b(?:last time|one last|for the last|so tired|tired of|enough now|couldn['’]t do (?:this|it) any ?more|"
    r"can['’]t do (?:this|it) any ?more|forgive me|i['’]m sorry|make it stop|(?:quiet|peace|peaceful|still) at last|"
    r"let go|letting go|no point|nothing left|didn['’]t stop|did not stop|kept going|kept walking|"
    r"(?:cold|heavy) (?:and|as) (?:she|he|i) (?:went|walked)|it(?:['’]ll| will| would) be quick|"
    r"(?:they|he|she|you)(?:['’]ll| will|['’]d| would) be (?:all right|fine|better off|okay)|did not take it off|"
    r"didn['’]t take it off|"
    # after the pills: "and lay down to wait"
    r"(?:lay|lies|lie|lying) (?:back |down )?(?:on the bed )?to wait|(?:lay|lies|lie) down and waited|"
    # a bath run before a blade
    r"(?:filled|fills|ran|runs|run) (?:the|a) (?:bath|tub)(?: with (?:hot|warm) water)?)\b"
)
# After the act: the rescue and the hospital.
AFTER_STRONG = re.compile(
    r"\b(?:stomach pumped|pumped (?:his|her|my|their) stomach|charcoal|psych\w* (?:ward|unit|hold)|psychiatri\w*|"
    r"suicide watch|(?:72|seventy-two)[- ]hour|sectioned|on watch|"
    r"(?:pulled|dragged|hauled|yanked|fished) (?:him|her|me|them|you) (?:out|back|from|up|clear)|"
    r"talked (?:him|her|me|them|you) down|(?:away|back) from the (?:edge|ledge|drop|railing|rail|parapet|water|tracks)|"
    r"why did you|why would you|you could have died|you nearly died|you almost died|don['’]t you ever|"
    r"crisis (?:line|team)|(?:woke|wakes|waking|came to) (?:up )?(?:in|on) (?:a|the) (?:hospital|ward|gurney|stretcher))\b"
)
AFTER_WEAK = re.compile(
    r"\b(?:hospital|ambulance|paramedics?|a&e|emergency room|icu|intensive care|stitches|sutures?|bandaged|"
    r"therapist|counsell?or|promise me|caught (?:him|her|me|them|you) (?:by|before|round|around)|"
    # the call for help, and the ward after it: "dials 999", "Ward 4B"
    r"(?:dial\w*|call\w*|rang|rings|ringing) (?:999|911|112|000)|ward \d+\w*|"
    r"grabbed (?:him|her|me|them|you|his|her|my|their) (?:arm|wrist|collar|hand|jacket|coat|sleeve|shirt|by))\b"
)
# Means specific enough to count as one piece of evidence themselves.
STRONG_MEANS = re.compile(
    r"\b(?:stones?|rocks?) in (?:the |his |her |my |their |your )?(?:coat |jacket )?pockets|"
    rf"{_FEET_OVER_EDGE}|"
    # a car left on the line: "You pull up on the tracks, straight across, and turn off the engine"
    r"(?:park\w*|pull\w* up|stopp?\w*|sat|sitting|sits) (?:\w+ ){0,2}?(?:on|across) the (?:tracks|rails|railway line|level crossing)|"
    r"wrong side of|noose|exhaust|(?:hoard|stockpil|sav\w* up)\w*|(?:head|neck) (?:through|into) (?:the|a) (?:loop|noose)|"
    # pills in a quantity nobody takes for a headache; an engine run in a shut garage
    r"(?:swallow\w*|took|takes|down\w*|empt\w*|gulp\w*|ate)\s(?:\w+\s){0,3}?(?:all|every|the whole|the entire|a handful of|"
    r"handfuls of|a fistful of|dozens of)\s(?:of\s)?(?:the\s|his\s|her\s|my\s|their\s|your\s)?(?:\w+\s)?"
    r"(?:pills?|tablets?|capsules?|painkillers|paracetamol|antidepressants|bottle)|"
    rf"{_PILLS_POPPED}|"
    rf"{_OFF_PLATFORM}\b[^.!?\n]{{0,50}}?\btrain\b|"
    # a blade drawn along the wrist, not across it (stop 35): "drew it down her wrist"
    r"(?:drew|draws|dragged|drags|ran|runs|pulled|pulls|sliced|slices|opened|opens)\s(?:\w+\s){0,2}?(?:down|along|up)\s"
    r"(?:the (?:length|inside) of\s)?(?:his|her|my|their|your)\s(?:own\s)?(?:left\s|right\s)?(?:wrists?|forearms?)|"
    # a cord tied or fastened to a fixture (the chair under it is HANGING)
    r"(?:tied|ties|tying|knotted|knots|fastened|fastens|looped|loops)\s(?:\w+\s){0,2}?(?:noose|rope|belt|cord|sheet|scarf|"
    r"cable|flex)\s(?:\w+\s){0,3}?(?:over|around|round|to)\s(?:the\s)?(?:beam|rafter|banister|bannister|hook|pipe|"
    r"light fitting|door ?frame|handrail|clothes rail|curtain rail|shower rail|closet rod)|"
    r"(?:taped|sealed|stuffed|blocked|packed) (?:\w+\s){0,3}?(?:gap|gaps|crack|cracks) (?:under|around|at|beneath) the (?:garage )?door"
)
# The hanging itself, beside a cord tied to a fixture: "puts her head through the loop", "kicked the chair away".
HANGING = re.compile(
    r"\b(?:head|neck) (?:through|into) (?:the|a) (?:loop|noose)\b|"
    r"\b(?:kick\w*|push\w*|step\w*) (?:away |off )?(?:the |a )?(?:chair|stool|step ?ladder|box|bucket) (?:away|out from under)\b|"
    r"\b(?:stood|standing|stands|climbed|climbs) (?:up )?on(?:to)? (?:the|a) (?:chair|stool|step ?ladder|box|bucket)\b"
)
# Means that tell the attempt by themselves: stones in the pockets, the head through the noose, an engine
# run in a shut garage.
CERTAIN_MEANS = re.compile(
    r"\b(?:stones?|rocks?) in (?:the |his |her |my |their |your )?(?:coat |jacket )?pockets|"
    r"\b(?:head|neck) (?:through|into) (?:the|a) noose\b|"
    r"\b(?:closed|shut) garage\b[^.!?\n]{0,60}\bengine (?:running|idling)|"
    r"\bgarage\b[^.!?\n]{0,40}\bengine (?:running|idling)[^.!?\n]{0,40}\b(?:door (?:shut|closed)|doors (?:shut|closed))"
)
# Evidence an attempt needs: the means (3 when certain, 2 when specific) + intent (strong 2, weak 1; up to 3) + aftermath
# (strong 2, weak 1; up to 3). A hospital alone after a river is a rescue or an accident, not an attempt.
ATTEMPT_EVIDENCE = 3
# An accident, or a rescue of someone else, near the means: not an attempt.
ACCIDENT = re.compile(
    r"\b(?:slipp?ed|slips|tripp?ed|trips|lost (?:his|her|my|their) footing|accident(?:al|ally)?\b(?! (?:at all|after all))|"
    # Not pills "pushed through" their foil.
    r"capsiz\w*|cramp\w*|swept (?:him|her|me|them) (?:off|away)|pushed(?! (?:through|out)\b)|shoved|thrown|"
    r"threw (?:him|her|me|them)|"
    r"(?:dove|dived|jumped|went) in after|to save|to rescue|drowning (?:child|boy|girl|man|woman|dog)|"
    r"after (?:the|a|an|his|her|their) (?:dog|child|kid|boy|girl|ball|baby|puppy|cat|sheep|horse|man|woman)|"
    r"lost control|black ice|skid\w*|crash\w*|brakes)"
)
# A swim or a climb for pleasure, told in the same sentence as the means.
LEISURE = re.compile(
    r"\b(?:for a (?:\w+ )?swim|went swimming|to swim|diving board|swimming pool|swim out to|swam out to|struck out|skinny-?dipp\w*|splash\w*|laugh\w*|"
    r"shriek\w*|giggl\w*|race[ds]?|racing|holiday|picnic|for a swing|rope swing|(?:took|take|takes|taking) (?:photos|pictures)|"
    # a cord and a chair for the house: "to hang the fairy lights", "to change the bulb"
    r"to (?:hang|put up|string|fix|change|replace|reach|mend|paint) (?:up )?(?:the |some |a |an )?(?:\w+ )?(?:lights?|"
    r"decorations|bunting|washing|laundry|streamers|banners?|pictures?|swing|hammock|baskets?|plants?|ornaments|"
    r"garlands?|bulbs?|curtains?|shelf|shelves|ceiling|smoke alarm))\b"
)
# The one thought to be trying says otherwise: "I wasn't going to jump", "I was looking at the ducks".
DENIAL = re.compile(
    r"\b(?:wasn['’]t|was not|weren['’]t|i['’]m not|he['’]s not|she['’]s not|i am not|not) (?:going to|gonna|trying to|about to) "
    r"(?:jump|do (?:it|anything)|hurt (?:myself|himself|herself)|kill (?:myself|himself|herself)|fall)\b|"
    r"\bnot what (?:it|this) looks like|\bnot what you think|\bi always (?:sit|come|stand) (?:here|up here)|"
    # "I was just looking at the view"; not "the kid was looking at him" (a photo on the table).
    r"\b(?:was|were) (?:just|only) (?:fixing|checking|looking at|watching|taking (?:a )?photo|reaching for)\b"
)
# Reach of intent cues around the means, and of the aftermath after it (characters).
INTENT_REACH = 1500
# A denial can come a few lines of dialogue after the act that worried someone.
DENIAL_REACH = 1500
AFTERMATH_REACH = 6000


# ---- ideation ------------------------------------------------------------------------------------
_SUBJ = r"(?:i|he|she|they|you|we)"
IDEATION: tuple[tuple[re.Pattern[str], tuple[str, ...], bool], ...] = (
    # (pattern, words one of which it needs, whether a means word must be near it)
    (
        re.compile(
            r"\b(?:easier|better|better off|simpler|kinder|quieter|lighter|fine|okay|better for everyone)\s"
            r"(?:for (?:everyone|everybody|them|all of them|him|her|me) )?if "
            # a pronoun only: "easier if Voldemort just died" wishes someone else gone
            rf"{_SUBJ} (?:just |simply |quietly |never )*"
            r"(?:didn['’]t wake(?: up)?|did not wake(?: up)?|never woke(?: up)?|never wake(?: up)?|"
            r"wasn['’]t (?:here|around|there|alive) any ?more|wasn['’]t (?:here|around|there|alive)|"
            r"weren['’]t (?:here|around|there|alive)|(?:were|was) gone|disappeared|stopped existing|"
            r"(?:had )?never (?:been born|existed)|died|(?:were|was) dead|just stopped)\b"
        ),
        (
            "easier if",
            "better if",
            "better off if",
            "simpler if",
            "kinder if",
            "quieter if",
            "lighter if",
            "fine if",
            "okay if",
            "everyone if",
            "everybody if",
            "them if",
            "him if",
            "her if",
            "me if",
        ),
        False,
    ),
    (
        # The wisher is the one not to exist: "I wish I'd never been born", not "I wish you'd never been born".
        re.compile(
            r"\b(?P<w>i|he|she|they|we|you) (?:\w+ )?wish(?:ed|es|ing)? (?:that )?(?P=w)(?:['’]d| had| could| would)? "
            r"(?:just |simply )?(?:never been born|not been born|stop existing|stopped existing|disappear(?:ed)?|"
            r"not exist(?:ed)?|not wake up|never wake up|fall asleep and not wake|go to sleep and (?:never|not) wake|"
            r"be gone|not be here|wasn['’]t here|weren['’]t here|were dead|was dead)\b"
        ),
        ("wish",),
        False,
    ),
    (
        re.compile(
            r"\b(?:go to sleep|fall asleep|close (?:my|his|her|their|your) eyes|lie down) and (?:just )?"
            r"(?:not|never) (?:wake|open (?:them|my eyes|his eyes|her eyes)|get up)"
        ),
        ("and not ", "and never ", "and just not", "and just never"),
        False,
    ),
    (
        # "how easy it would be" with a means near it (a bridge, the wheel, the pills), or ending the clause.
        re.compile(
            r"\bhow (?:easy|simple|quick|quiet|peaceful|final|light) it would be(?=\s*[.,;:!?—–\"”]|\s+to\s+"
            r"(?:\w+\s){0,3}?(?:step|fall|jump|let go|turn|slip|go under|stop|lean|end|not come back|swallow|drive)|"
            # "how simple it would be not to get up, ever, to just stop"
            r"\s+not\s+to\s+(?:get up|wake(?: up)?|go on|keep going|breathe|exist)\b)"
        ),
        ("it would be",),
        True,
    ),
    (
        # The means pointedly not thought of: "He does not think about the gun in the desk drawer".
        re.compile(
            r"\b(?:does not|doesn['’]t|did not|didn['’]t|do not|don['’]t|tries not to|tried not to|won['’]t let "
            r"(?:himself|herself|myself|themselves))\s(?:\w+\s)?think about (?:the|his|her|my|their|your) "
            r"(?:\w+\s){0,2}?(?:gun|pistol|revolver|pills|tablets|bottle|razor|blades?|bridge|drop|edge|ledge|rope|"
            r"noose|tracks)\b"
        ),
        ("think about",),
        False,
    ),
)
IDEATION += (
    (
        # One's own end imagined by its means: "how it would close over his head", "it would be very quiet
        # under there", "no one would need to know it had not been an accident".
        re.compile(
            r"\bwould (?:close|closing) over (?:his|her|my|their|your) head|"
            r"\b(?:it|that|everything) would be (?:\w+ )?(?:quiet|quieter|peaceful|still|over|easy|easier)\b"
            r"(?=[^.!?]{0,12}\b(?:under|down there|afterwards|after|below|then|at last|for good)\b)|"
            r"\bwould (?:need to |have to |ever )?know (?:it|that) (?:had not|hadn['’]t|was not|wasn['’]t) been an accident"
        ),
        ("close over", "closing over", "would be", "an accident"),
        True,
    ),
)
IDEATION += (
    (
        # The means looked at and weighed: "thought about taking all of them", "thought about the whole bottle".
        re.compile(
            r"\b(?:thought|thinks|thinking|think|wondered|wonders) (?:about|of) (?:taking|swallowing|stepping off|jumping|"
            r"driving into|walking into) (?:all of them|every one of them|the whole (?:bottle|lot|packet)|all of it|them all)\b"
        ),
        (
            "thought about",
            "thinks about",
            "thinking about",
            "think about",
            "thought of",
            "thinking of",
            "wondered",
            "wonders",
        ),
        True,
    ),
)
IDEATION_WORDS = tuple(sorted({w for _, needs, _ in IDEATION for w in needs}))
MEANS_NEAR = re.compile(
    r"\b(?:bridge|wheel|drop|edge|ledge|water|river|sea|pills|tablets|railing|gun|pistol|blade|razor|tracks|"
    r"rope|roof|cliff|train|lorry|truck|overdose)\b"
)
MEANS_NEAR_REACH = 600

# ---- self-harm ------------------------------------------------------------------------------------
_SKIN = r"(?:wrists?|forearms?|arms?|thighs?|skin|hips?|stomach|ankles?|upper arm|inside of (?:\w+\s)?(?:arm|wrist|thigh))"
SELF_HARM_ACT = re.compile(
    r"\b(?:razor|blade|knife|box cutter|shard|scalpel|compass|sharpener|scissors|lighter|cigarette|pin|needle|"
    r"(?:finger)?nails)\b"
    # Not "on": a blade worn on a hip or a boon glowing on an arm is carried, not used.
    r"[^.!?\n]{0,80}?\b(?:to|against|across|into|along|down)\s(?:the (?:skin|inside|insides) of\s)?"
    rf"(?:(?:his|her|my|their|your)\s(?:own\s)?(?:\w+\s)?{_SKIN}|the skin)\b|"
    r"\b(?:cut|cuts|cutting|sliced?|slicing|dr[ae]w|drawing|dragg?\w*|carv\w*|scor\w*|open\w*)\s(?:\w+\s){0,2}?"
    rf"(?:into|along|across|down)\s(?:the (?:skin|inside|insides) of\s)?(?:his|her|my|their|your)\s(?:own\s)?(?:\w+\s)?{_SKIN}\b|"
    # "scratched at her arms until the skin broke"
    r"\b(?:scratch\w*|claw\w*|pick\w*|goug\w*|dug|digging|dig)\s(?:at\s|into\s)?(?:his|her|my|their|your)\s(?:own\s)?(?:\w+\s)?"
    rf"{_SKIN}\s(?:until|till)\s(?:it|they|the skin)\s(?:bled|broke|was raw|were raw|split|tore)\b"
)
SELF_HARM_ACT_WORDS = ("wrist", "forearm", " arm", "thigh", "skin", " hip", "stomach", "ankle")
# The act left unnamed after the blade is: "I know how to get the blade out. ... I do it on my thigh".
DOING_IT = re.compile(
    r"\b(?:do|does|did|doing) it (?:on|to|into|across|along|over) (?:the (?:inside|insides) of )?"
    rf"(?:his|her|my|their|your) (?:own )?(?:\w+ )?{_SKIN}\b"
)
# Skin held to something hot: "I pressed the inside of my forearm flat against the side of it" (the
# kettle named just before); not a hand, which touches hot things by accident.
HOT_PRESS = re.compile(
    r"\b(?:press\w*|held|hold\w*|put|puts|laid|lays|rested|rests)\s(?:\w+\s){0,3}?(?:(?:his|her|my|their|your)\s"
    rf"(?:own\s)?(?:\w+\s)?{_SKIN}|the (?:inside|insides|back) of (?:his|her|my|their|your)\s"
    r"(?:\w+\s)?(?:arm|forearm|wrist|thigh))\s(?:\w+\s)?(?:flat\s)?(?:against|on|onto|to|over)\s(?:the (?:side|edge|top|base) of\s)?"
    r"(?:it\b|(?:the|a) (?:\w+\s)?(?:kettle|iron|stove|hob|oven door|radiator|hotplate|burner|cooker|candle|flame|"
    r"element|grill)\b)"
)
HOT_THING = re.compile(
    r"\b(?:kettle|iron|stove|hob|oven door|radiator|hotplate|burner|cooker|candle|flame|element|grill)\b"
)
BLADE = re.compile(r"\b(?:razor|blade|box cutter|scalpel|sharpener|compass point)\b")
# How far back the blade may be named for "do it on my thigh".
BLADE_REACH = 400
# What follows self-harm on the page (±800 characters): the sting and relief, the blood, the hiding.
SELF_HARM_AFTER = re.compile(
    r"\b(?:relief|release|calm\w*|quiet\w*|sting\w*|bead\w*|welled|well(?:s|ing)? up|plasters?|band-?aids?|bandage\w*|"
    r"gauze|tissues?|sleeves?|hid\w*|hide|locked the (?:bathroom )?door|again|clean\w* (?:it|the blade|up)|"
    r"(?:first|second|third|fourth|another|one more) (?:line|cut)|lines|breathe|breathing|better|"
    r"(?:thin|red|bright) line)\b"
)
# A cut by accident, in the sentence that tells it: "the knife slipped and cut into his forearm".
ACCIDENTAL_CUT = re.compile(r"\b(?:slipp?ed|slips|accident\w*|whittl\w*|chopp\w*|onions?|shav\w*)\b")
# Violence by someone else, surgery, cooking, shaving: not self-harm.
NOT_SELF_HARM = re.compile(
    r"\b(?:slipp?ed|slips|accident\w*|whittl\w*|shav\w*|surg\w*|stitch\w* (?:him|her|them)|onions?|chopp\w*|vegetables?|carrots?|bread|cooking|"
    r"attack\w*|enemy|fight\w*|parr\w*|swung at|lunged|slashed at|stabbed (?:him|her|them)|assailant|"
    # a blade in a walker's jaw leaves its blood on the wrist of the one who holds it
    r"walkers?|zombies?|monsters?|creatures?|(?:knif|stabb?)\w* (?:it|him|her|them)\b|"
    r"bandit\w*|soldier\w*|the man['’]s|the woman['’]s|tattoo(?:ed|ing)? (?:gun|needle)|injection|vaccin\w*|"
    r"blood test|iv line|cannula)\b"
)
_MARK = r"(?:scars?|scar tissue|cuts|lines|marks|tally marks|ridges|welts|burns)"
SCARS = re.compile(
    rf"\b{_MARK}\b[^.!?\n]{{0,60}}?\b(?:on|along|across|up|down|over|covering|lining|inside|under|of)\s"
    rf"(?:the\s)?(?:(?:his|her|my|their|your|both)\s)?(?:own\s)?(?:\w+\s)?{_SKIN}\b|"
    rf"\b{_SKIN}\b[^.!?\n]{{0,60}}?\b{_MARK}\b"
)
# One sentence away from the skin only a word that is no verb: "Sherlock cuts that line short" is no scar.
_SCAR_NOUN = re.compile(r"\b(?:scars?|scar tissue|welts|ridges|tally marks)\b")
# "cuts" and "burns" are marks only after a determiner or an adjective ("the cuts", "old burns").
_VERB_MARK = re.compile(
    r"(?:\b(?:he|she|it|that|this|which|who|wind|cold|sun|light|[a-z]+ly)\s)(?:cuts|burns|marks|lines)\b"
)
_SKIN_RX = re.compile(rf"\b(?:his|her|my|their|your)\s(?:own\s)?(?:\w+\s)?{_SKIN}\b")
SCARS_WORDS = ("scar", "cuts", "lines", "marks", "ridges", "welts", "burns")
# How past self-harm scars are told: their look (in rows, thin, silvered) and their hiding.
SCARS_HOW = re.compile(
    r"\b(?:neat|parallel|rows?|straight|tally|ladder|thin|white|silver\w*|pale|faded|raised|old|used to|"
    r"long sleeves|sleeves|hid\w*|hide|hidden|cover\w*|tattoo\w*|compass|razor|blade|self|looks? a second too long|"
    r"never (?:asked|mentioned|talked)|didn['’]t ask|did not ask)\b"
)
# A new cut added to old ones: the act on the page.
SELF_HARM_FRESH = re.compile(
    r"\b(?:it stings|stung|bead(?:s|ed|ing)? (?:up|of blood)|welled|well(?:s|ing)? up|(?:thin )?red line|fresh (?:cut|line)s?|"
    r"adds? (?:a|another|one)|another (?:line|cut|rung)|one more (?:line|cut))\b"
)
# Scars from a war, a fight, a surgery or an animal are not self-harm.
OTHER_SCARS = re.compile(
    r"\bfrom (?:the |a |an |his |her |their |my |our )?(?:\w+ )?(?:cats?|kittens?|dogs?|pupp(?:y|ies)|horses?|thorns?|"
    r"brambles|barbed wire|chickenpox|acne|oven|stove|lessons?|sparring|practice)\b|"
    r"\b(?:tan lines?|stretch marks|war|battle|fight|claw\w*|fang\w*|bite|bitten|shrapnel|sword|surgery|surgical|operation|accident|"
    r"crash|fire|burned in|explosion|bullet|gunshot|whip\w*|lash\w*|torture\w*|chains?|manacles?|shackles?|"
    r"training|dragon|wolf|werewolf|beast|monster|curse\w*|acid|glass from|poison\w*)\b"
)


# Told in retrospect for certain (the events stage's wider retro words include "once" and "since").
STRONG_RETRO = re.compile(
    r"\b(?:used to|years? ago|months? ago|remember\w*|back when|when (?:i|he|she|they|you) (?:was|were) "
    r"(?:young|little|a kid|a teenager|at school|\w+teen)|had (?:once )?(?:cut|burned|tried|taken|swallowed))\b"
)


@dataclass
class Cue:
    """A self-harm cue in the text: what, where, and how strongly (the events stage resolves who)."""

    label: str  # suicide_attempt, suicidal_ideation, self_harm
    at: int  # offset of the cue (its subject is looked for before it in the sentence)
    span: tuple[int, int]  # the sentence
    confidence: float
    retro: bool = False  # past self-harm told, not shown
    end: int = -1  # end of the means matched: "the water came up to her waist" is about "her"


def _sentence_bounds(low: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around `at` within [lo, hi): bounded by . ! ? or a blank line (lines may be wrapped)."""
    a = max(max(low.rfind(c, lo, at) for c in ".!?") + 1, low.rfind("\n\n", lo, at) + 2, lo)
    ends = [i + 1 for i in (low.find(c, at, hi) for c in ".!?") if i >= 0]
    para = low.find("\n\n", at, hi)
    ends += [para] if para >= 0 else []
    b = min(ends) if ends else hi
    return a, min(b, hi)


def _sentences_with(low: str, words: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    """Each sentence of [lo, hi) that holds one of `words`, once, in order."""
    out: list[tuple[int, int]] = []
    for p in positions(low, words, lo, hi):
        if out and p < out[-1][1]:
            continue
        out.append(_sentence_bounds(low, p, lo, hi))
    return out


# Past self-harm told by the one who did it, also in dialogue: "I used to cut there".
USED_TO = re.compile(
    r"\b(?:i|he|she|they|you|we) used to (?:cut|burn|scratch|hurt)(?: (?:myself|himself|herself|themselves|yourself|"
    r"there|my|his|her|their|your)\b)"
)


def attempt_cues(low: str, lo: int, hi: int, scene_lo: int, scene_hi: int, text_end: int) -> list[Cue]:
    """Attempts told by their means, with intent near them or an aftermath after them, in [lo, hi)."""
    out: list[Cue] = []
    for a, b in _sentences_with(low, MEANS_WORDS, lo, hi):
        sentence = low[a:b]
        for kind, rx, needs in MEANS:
            if not any(w in sentence for w in needs):
                continue
            m = rx.search(sentence)
            if m is None:
                continue
            near = low[max(scene_lo, a - INTENT_REACH) : min(scene_hi, b + INTENT_REACH)]
            if (
                ACCIDENT.search(low, max(scene_lo, a - 300), min(scene_hi, b + 600))
                or LEISURE.search(sentence)
                or DENIAL.search(low, max(scene_lo, a - 300), min(scene_hi, b + DENIAL_REACH))
            ):
                break
            intent = min(3, 2 * len(INTENT_STRONG.findall(near)) + len(INTENT_WEAK.findall(near)))
            later = low[max(scene_lo, a - 300) : min(text_end, b + AFTERMATH_REACH)]
            after = min(3, 2 * len(AFTER_STRONG.findall(later)) + len(AFTER_WEAK.findall(later)))
            score = (
                (3 if CERTAIN_MEANS.search(sentence) else 2 if STRONG_MEANS.search(sentence) else 0)
                + intent
                + after
            )
            if kind == "rope" and HANGING.search(near):
                score += 2  # a cord tied to a fixture, and the head put through its loop
            if score >= ATTEMPT_EVIDENCE:
                out.append(
                    Cue(
                        "suicide_attempt",
                        a + m.start(),
                        (a, b),
                        min(0.85, 0.6 + 0.03 * score),
                        end=a + m.end(),
                    )
                )
            break
    return out


def ideation_cues(low: str, lo: int, hi: int) -> list[Cue]:
    """Wishes not to exist, and means thought of, in [lo, hi)."""
    out: list[Cue] = []
    for a, b in _sentences_with(low, IDEATION_WORDS, lo, hi):
        sentence = low[a:b]
        for rx, needs, with_means in IDEATION:
            if not any(w in sentence for w in needs):
                continue
            m = rx.search(sentence)
            if m is None:
                continue
            if with_means and not MEANS_NEAR.search(
                low, max(lo, a - MEANS_NEAR_REACH), min(hi, b + MEANS_NEAR_REACH)
            ):
                continue
            out.append(Cue("suicidal_ideation", a + m.start(), (a, b), 0.75))
            break
    return out


def self_harm_cues(low: str, lo: int, hi: int) -> list[Cue]:
    """A blade or flame on one's own skin with what follows it; scars of past self-harm, in [lo, hi)."""
    out: list[Cue] = []
    for a, b in _sentences_with(low, SELF_HARM_ACT_WORDS, lo, hi):
        sentence = low[a:b]
        m = SELF_HARM_ACT.search(sentence)
        if m is None and BLADE.search(low, max(lo, a - BLADE_REACH), b):
            m = DOING_IT.search(sentence)
        if m is None and HOT_THING.search(low, max(lo, a - BLADE_REACH), b):
            m = HOT_PRESS.search(sentence)
        if m is not None:
            around = low[max(lo, a - 800) : min(hi, b + 800)]
            if NOT_SELF_HARM.search(around) is None and SELF_HARM_AFTER.search(around):
                out.append(Cue("self_harm", a + m.start(), (a, b), 0.75))
                continue
    for a, b in _sentences_with(low, ("used to",), lo, hi):
        m = USED_TO.search(low, a, b)
        if m is not None:
            out.append(Cue("self_harm", m.end(), (a, b), 0.7, retro=True))
    for a, b in _sentences_with(low, SCARS_WORDS, lo, hi):
        m = SCARS.search(low, a, b)
        if m is not None and _VERB_MARK.search(low, max(a, m.start() - 20), m.end()):
            continue
        if m is None:
            # "... on the inside of her forearm. Underneath it were the old scars": the skin one sentence back.
            prev = _sentence_bounds(low, max(lo, a - 2), lo, hi)[0] if a - 2 > lo else a
            mark = _SCAR_NOUN.search(low, a, b)
            skin = None if mark is None else _SKIN_RX.search(low, prev, a)
            if skin is None:
                continue
            a, at = prev, skin.start()
        else:
            at = m.start()
        around = low[max(lo, a - 400) : min(hi, b + 400)]
        if OTHER_SCARS.search(around) or not SCARS_HOW.search(around):
            continue
        # "lines" and "marks" are also a limb's contour and a bruise: they need how self-harm is told.
        if not re.search(r"scar|cuts|tally", low[a:b]) and not re.search(
            r"\b(?:used to|neat|parallel|rows?|tally|ladder|compass|razor|blade|self)\b", around
        ):
            continue
        # Old marks with a new one added ("the old marks ... and she adds a rung. It stings"): on the page.
        fresh = SELF_HARM_FRESH.search(low, a, min(hi, b + 600)) is not None
        out.append(Cue("self_harm", at, (a, b), 0.75 if fresh else 0.7, retro=not fresh))
    return out
