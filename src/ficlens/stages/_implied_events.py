"""Word classes for events a story implies rather than states (issue 15, third pass).

The trigger patterns of `events` read explicit statements ("Sam died", "she cut herself"). Fiction
mostly tells deaths, wounds and attempts through the body and the aftermath instead: a breath that
does not come, eyes open that do not blink, a hand gone cold; blood that pumps between fingers, a
blade driven under the ribs; a railing climbed over at a bridge, a medicine cabinet emptied. These
are *classes* of wording (an act, a body part, a bodily state), each written from how such scenes
are told in general, not from any one story; `events` combines them with who is in focus, what
happens afterwards (a funeral, grief, the character never acting again) and revival or dream cues.

Every pattern here is matched against lowercased text.
"""

from __future__ import annotations

import re

# ---- graphic violence: an instrument entering a body, a body opened, blood in motion ------------
_BODY = (
    r"(?:head|skull|face|eyes?|jaw|teeth|mouth|tongue|nose|throat|neck|chest|breastbone|collarbone|ribs?|heart|"
    r"lungs?|belly|stomach|gut|guts|side|hip|back|spine|shoulder|arm|forearm|wrist|thigh|leg|knee|groin|"
    r"flesh|bone|skin|meat of (?:him|her|them|his|her|its)|eye socket|kidney|liver)"
)
_INSTRUMENT = (
    r"(?:sword|blade|knife|dagger|spear|axe|arrow|bolt|bullets?|rounds|shot|claws?|talons?|point|shaft|steel|"
    r"bayonet|machete|shrapnel|glass|shard|spike|hook|fist)"
)
# "drove his sword up under the man's ribs", "the arrow took him through the throat"; a blow named by
# its verb alone, "struck through the throat", "driven clean through his chest", "hit in the belly",
# "caught him in the side of the neck".
WOUNDING = re.compile(
    rf"\b{_INSTRUMENT}s?\b[^.;!?\n]{{0,60}}?\b(?:into|through|under|in under|up under|across|deep in|between)\s"
    rf"(?:\w+\s){{0,3}}?(?:(?:his|her|their|its|my|your|the|a|an|one)\s)?(?:\w+['’]s\s)?(?:\w+\s)?{_BODY}\b|"
    rf"\b(?:struck|stabbed|speared|impaled|pierced|run|driven|punched|shot|skewered)\s(?:clean\s|right\s|straight\s)?"
    rf"through\s(?:the|his|her|their|its|my|your)\s{_BODY}\b|"
    # a blunt weapon landing: "the club came down on the side of his head with a wet crack"
    rf"\b(?:club|bat|hammer|pipe|crowbar|rock|brick|rifle butt|butt of the \w+)\b[^.;!?\n]{{0,30}}?\b(?:came down|comes down|"
    rf"smashed|smashes|slammed|slams|crashed|crashes|cracked|cracks)\s(?:on|into|against|across)\s(?:the side of\s)?"
    rf"(?:his|her|their|its|the)\s(?:head|skull|face|jaw|temple|knee|ribs|mouth)\b|"
    # an edge landing on a limb: "The axe came down on the carter's arm above the elbow"
    rf"\b(?:axe|sword|blade|machete|cleaver|hatchet|sabre|saber)\b[^.;!?\n]{{0,20}}?\b(?:came down|comes down|bit|bites|"
    rf"chopped|chops|hacked|hacks)\s(?:on|into|through)\s(?:his|her|their|its|the)\s(?:\w+['’]s\s)?"
    rf"(?:arm|leg|neck|shoulder|hand|wrist|thigh|head|skull|face)\b|"
    rf"\b(?:hit|shot|stabbed|struck|caught|took)\s(?:(?:him|her|them|me|you)\s|the\s[a-z]+\s)?in\sthe\s(?:side of the\s)?"
    rf"(?:head|face|eye|throat|neck|chest|belly|stomach|gut|guts|back|spine|groin|heart|temple)\b|"
    # the blade named a sentence before: "put it into the side of the man ..., just under the ribs"
    rf"\b(?:put|puts|drove|drives|pushed|pushes|sank|sinks|stuck|sticks|shoved|shoves|plunged|plunges|slid|slides)"
    rf"\sit\s(?:\w+\s)?(?:into|through|in under|up under|under)\s(?:the|his|her|their)\s(?:side|belly|chest|gut|guts|"
    rf"ribs|throat|back|neck|stomach|heart|eye)\b(?!\s(?:pocket|door|drawer|table|panel|compartment|pouch|of the "
    r"(?:bag|car|box|road|street|house|wall|boat|van|truck)))"
)
# Blood in motion, coughed up, or everywhere: what makes a wound graphic on the page.
BLOOD_FLOW = re.compile(
    r"\bblood\b[^.;!?\n]{0,40}?\b(?:pour\w*|pump\w*|spurt\w*|spray\w*|sheet\w*|gush\w*|bubbl\w*|spill\w*|"
    r"well(?:ed|ing)|stream\w*|soak\w*|sluic\w*|ran (?:into|down|over|out)|running down|fountain\w*|jett\w*|"
    r"puls(?:ed|ing|es) out)\b|\b(?:mouth|throat) (?:was |is )?full of blood\b|"
    # "the blood runs in ropes from under his helm", "black blood comes down the blade over your gloves"
    r"\bblood (?:runs?|ran|running|comes?|came|coming|drips?|dripp\w*|slid\w*|slides) (?:in (?:ropes|sheets|streams|rivulets)|"
    r"down (?:the|his|her|their|my|your) (?:blade|sword|spear|axe|haft|hilt|arm|face|chin|neck|chest|legs?|hands?|wrists?))\b|"
    r"\b(?:cough\w*|spat|spit\w*|vomit\w*|choke\w* on|gurgl\w*)\s(?:up\s)?(?:\w+\s)?blood\b|"
    r"\bblood (?:in|from) (?:his|her|their|my|its) (?:mouth|throat|lungs|nose|ears)\b|"
    r"\b(?:everything|it all) was blood\b|\bslick (?:and|with) (?:red|blood)\b|\bred to the (?:wrist|elbow)\b"
)
# The body laid open: bone showing, flesh torn, a head off, a throat cut wide.
OPEN_BODY = re.compile(
    r"\b(?:opened|laid open|slit|split|tore|torn|ripped|sliced|hacked|carved|peeled)\s(?:\w+\s){0,3}?"
    r"(?:open\s)?from (?:the |his |her |its |their )?(?:\w+ )?(?:collarbone|hip|knee|shoulder|throat|chin|groin|navel|ribs?)\b|"
    r"\b(?:white |the )?bones? (?:showed|shows|showing|jutt\w*|poke\w*|poking|splinter\w*|gleam\w*|visible|through)\b|"
    r"\bsplintered bone\b|\ball red inside\b|\blike a second mouth\b|\bheadless\b|"
    r"\b(?:took|taking|hacked|cut|struck|sheared|lopped) (?:the |his |her |its |a )?(?:\w+['’]s )?head off\b|"
    # a limb or head coming away: "The arm comes off and lies twitching", "The head rolls."
    r"\b(?:the|his|her|its|their) (?:\w+ )?(?:head|arm|hand|leg|foot) (?:comes|came|come|fell|falls|flew|flies) (?:off|away)\b"
    r"(?! (?:the|a|his|her|its|their) (?:table|shelf|wall|door|hook|handle|bed|chair|desk|counter|steering))|"
    r"\bthe head (?:rolls|rolled|rolling)\b|"
    # "The second shot opened his skull", "the arm hung by a strip of skin", "tearing the calf open",
    # "split his cheek open to the bone", "a hand full of blood and bits of bone"
    r"\b(?:opened|split|cracked|blew|blown|caved) (?:open |apart |in )?(?:his|her|their|its|the) (?:\w+['’]s )?(?:skull|head|"
    r"chest|belly|throat)(?: open| apart| in)?\b(?! (?:to|for|with|and then|the door|a beer|the window))|"
    r"\bhung by a (?:strip|thread|flap|rag) of (?:skin|flesh|sinew|muscle)\b|"
    r"\b(?:tearing|tore|torn|ripping|ripped|slicing|sliced|splitting|split|laying|laid) (?:his|her|their|its|the) "
    r"(?:\w+['’]s )?(?:calf|thigh|arm|leg|throat|belly|side|face|cheek|chest|back|scalp|stomach) open\b|"
    r"\bopen to the bone\b|\bbits of (?:bone|skull|brain|flesh|teeth)\b|"
    # "the man's body went on running ... with nothing above the shoulders"
    r"\bnothing (?:left )?above the (?:shoulders|neck|collar)\b|"
    # "the skin of the boy's hands came away on the wool in long grey strips", "the sweet cooked smell"
    r"\b(?:skin|flesh) of (?:the |his |her |their |its )?(?:\w+['’]s )?(?:\w+ )?(?:face|hands?|arms?|legs?|back|chest|"
    r"feet|fingers) (?:came|comes|coming|peeled|peeling|slid|sliding|sloughed|blistered|melted|melting) (?:away|off)\b|"
    r"\b(?:sweet,? )?cooked smell\b|"
    r"\b(?:skull|skull plate|jaw|cheekbone|ribs) (?:split|cracked|caved|shattered|crunched|gave|burst)\b|"
    r"\b(?:entrails|intestines|viscera|innards|brain matter)\b|\b(?:guts|bowels) (?:spill\w*|slid\w*|out)\b|"
    r"\b(?:muscle|flesh|skin) (?:shredded|torn|hanging|peel\w*|split|parted|sizzl\w*|blister\w*|crackl\w*|burning)\b|"
    r"\b(?:ragged|bloody) stump\b|\bsmell of (?:burn\w* |cooked |charred |roasting )?(?:flesh|meat|skin|hair)\b|"
    r"\bcooked-meat smell\b|\bcrater of (?:meat|flesh)\b|"
    # "the skin over his cheekbone had split open", "teeth on the floor next to him"
    r"\b(?:skin|flesh) (?:\w+ ){1,4}?(?:had )?split open\b|\b(?:there were|were|lay|lying) (?:\w+ )?teeth on the (?:floor|ground)\b|\bteeth (?:scattered|knocked out)\b|\b(?:his|her|their|my) own (?:hair|skin|flesh) burning\b|"
    r"\bscream\w* until (?:his|her|their|my) throat\b|\bnose (?:a |was a )?(?:flattened|pulped|smashed)\b|"
    # "his side opened up by the stone", "burned almost to the bone"
    rf"\b(?:his|her|their|its|the) {_BODY} (?:was |had been )?(?:opened|torn|ripped|laid|split) (?:up|open)\b|"
    r"\b(?:burn\w*|seared|charred|cut|flayed|worn) (?:almost |nearly |right )?(?:down )?to the bone\b|"
    r"\bwhat was inside (?:him|her|them|it) (?:came|spilled|slid|poured|slithered) out\b|"
    r"\b(?:his|her|their|its) (?:insides|innards) (?:came|spilled|slid|poured|slithered) out\b"
)
GRAPHIC_CLASSES = (WOUNDING, BLOOD_FLOW, OPEN_BODY)
# Most sentences hold none of these words; the classes are searched only in those that do.
GRAPHIC_WORDS = (
    "blood",
    "bone",
    "throat",
    "ribs",
    "belly",
    "gut",
    "skull",
    "flesh",
    "muscle",
    "skin",
    "head off",
    "headless",
    "comes off",
    "came off",
    "fell off",
    "falls off",
    "head roll",
    "strip of",
    "thread of",
    "flap of",
    "bits of",
    "opened his",
    "opened her",
    "opened the",
    "tearing",
    "ripping",
    "slicing",
    "splitting",
    "laying",
    "open to the bone",
    "above the",
    "came away",
    "comes away",
    "coming away",
    "cooked smell",
    "entrails",
    "intestines",
    "viscera",
    "innards",
    "stump",
    "second mouth",
    "red inside",
    "sword",
    "blade",
    "knife",
    "dagger",
    "spear",
    "axe",
    "arrow",
    "bullet",
    "rounds",
    "claw",
    "talon",
    "bayonet",
    "shrapnel",
    "smell of",
    "cooked-meat",
    "crater of",
    "teeth",
    "club",
    "hammer",
    "crowbar",
    "jaw",
    "cheekbone",
    "nose",
    "collarbone",
    "hip",
    "knee",
    "shoulder",
    "chin",
    "groin",
    "navel",
    # blows named by their verb and where they land
    "chest",
    "neck",
    "stomach",
    "heart",
    "temple",
    "in the face",
    "in the head",
    "in the eye",
    "in the back",
    "in the side",
    "through the",
    "through his",
    "through her",
    "through their",
    "opened up",
    "split open",
    "torn open",
    "ripped open",
    "to the bone",
    " it into",
    " it through",
    " it under",
    "was inside",
    "insides",
)


def has_any(text: str, words: tuple[str, ...]) -> bool:
    """True when `text` contains one of `words` (a plain substring test: far faster than a regex of them)."""
    return any(w in text for w in words)


def positions(low: str, words: tuple[str, ...], lo: int = 0, hi: int | None = None) -> list[int]:
    """Sorted offsets of every occurrence of `words` in `low[lo:hi]` (str.find per word)."""
    hi = len(low) if hi is None else hi
    out: list[int] = []
    for w in words:
        i = low.find(w, lo, hi)
        while i >= 0:
            out.append(i)
            i = low.find(w, i + 1, hi)
    out.sort()
    return out


def graphic_classes(low_sentence: str) -> int:
    """How many of the graphic-violence classes a lowercased sentence shows (0 to 3)."""
    if not has_any(low_sentence, GRAPHIC_WORDS):
        return 0
    return sum(1 for rx in GRAPHIC_CLASSES if rx.search(low_sentence))


# ---- a death told through the body ------------------------------------------------------------------
# (pattern, weight, words one of which it needs): weight 2 = the body stops (enough with a later sign of death),
# 1 = a body in decline or gone cold (needs more). Group `v` holds a pronoun or name when present.
_WHO = r"(?P<v>his|her|their|[a-z][a-z-]+['’]s)"


def fear_after(name: str = r"[a-z]+") -> str:
    """What follows a heart that "stopped" in fright: a moment's pause, or the same person moving at once.
    `name` is how a name is written in the text searched (lower-cased here, capitalised in `events`)."""
    return (
        r"(?!\s(?:for a (?:second|moment|beat|heartbeat)|when|at the sight|as (?:he|she|they|i|you) (?:saw|heard|read))|"
        rf",?\s(?:and|then|as)\s(?:he|she|they|i|you|{name})\s(?:\w+ly\s)?(?:twisted|turned|spun|screamed|shouted|yelled|"
        r"ran|lunged|jumped|looked|froze|gasped|grabbed|reached|dove|dived|bolted|whirled|stared|"
        # Or signs of life at once: "his breathing slowed, and he sighed a little and opened his eyes".
        r"sighed|smiled|opened|relaxed|settled|laughed|nodded|dozed|yawned)\b)"
    )


def _closes_eyes_of(subject: str, owner: str) -> re.Pattern[str]:
    """One person closing another's eyes, told by pronouns of two genders: "she reached over and closed his
    eyes" (not "she closed her eyes", her own)."""
    return re.compile(
        rf"\b{subject}\s(?:had\s)?(?:\w+ly\s)?(?:reached (?:over|down|out) and\s|bent (?:down|over) and\s)?"
        rf"closed (?P<v>{owner}) eyes\b"
        r"(?! and (?:slept|dozed|drifted|rested|listened|thought|breathed|smiled|sighed|waited))"
    )


_UNANSWERED = re.compile(
    r"\b(?:didn['’]t|did not|doesn['’]t|does not|wouldn['’]t|would not|won['’]t|will not|never) "
    r"(?:open (?:his|her|their) eyes|wake|stir|respond)\b"
)
DYING_BODY: tuple[tuple[re.Pattern[str], float, tuple[str, ...]], ...] = (
    # Breathing that changes at the end: "his breathing changes; it gets slow and far apart".
    (
        re.compile(
            rf"\b{_WHO} breathing (?:changes|changed|slows|slowed|grows shallow|grew shallow|rattl\w*|catches|caught|"
            r"labou?r\w*|stutters|stuttered|gets slow|got slow|grows slow|grew slow)\b|\bdeath rattle\b|"
            # "The gaps between the breaths grow long enough to hold a whole sentence."
            r"\b(?:gaps|pauses|spaces|silences?) between (?:the |(?:his|her|their) )?breaths (?:grow|grew|get|got|stretch\w*|"
            r"lengthen\w*|widen\w*)\b"
        ),
        1.0,
        (
            "breathing",
            "death rattle",
            "between the breaths",
            "between his breaths",
            "between her breaths",
            "between their breaths",
            "between breaths",
        ),
    ),
    # The next breath or beat not coming: "the gap goes on, and does not end", "the breath never came".
    (
        re.compile(
            r"\b(?<!whole )(?<!entire )(?:(?:next |last )?breath|breathing|heart(?:beat)?|pulse|chest|gap|pause|"
            r"silence between (?:breaths|beats))\b"
            r"[^.;!?\n]{0,40}?\b(?:does not (?:end|come|return|start)|did not (?:end|come|return|start)|"
            r"doesn['’]t (?:end|come|return)|didn['’]t (?:end|come|return)|never (?:came|comes|ended|ends|returned|started)|"
            r"stopped|stops|ceased|ceases|went still|goes still|fell silent)\b"
            # Fear, not death: "his heart stopped and he twisted around, screaming", "stopped for a second".
            rf"{fear_after()}|"
            # "and then there was no next breath"
            r"\bthere (?:was|is) no (?:next|further|other|more) breath\b"
        ),
        2.0,
        ("breath", "heart", "pulse", "chest", "gap", "pause"),
    ),
    # The monitor at a bedside: "the green line ... runs on flat", "flatlined", "the alarm's long single note".
    (
        re.compile(
            r"\bflat-?lin(?:ed|es|ing|e)\b|\b(?:line|trace|monitor|screen|heart monitor)\b[^.;!?\n]{0,80}?\b(?:runs?|ran|went|"
            r"goes|going|gone|is|was|stays|stayed|lies|lay) (?:on )?(?:flat|level)\b|\b(?:monitor|machine|alarm|heart monitor)s?\b"
            r"[^.;!?\n]{0,60}?\b(?:long|single|continuous|steady|unbroken|flat)(?:,? (?:single|unbroken|steady|flat|long|continuous))? "
            r"(?:note|tone|beep|whine)\b"
        ),
        2.0,
        ("flat", "long", "single", "continuous", "steady", "unbroken"),
    ),
    # Not woken by shaking or calling: "he doesn't wake up when I shake him".
    (
        re.compile(
            r"\b(?:wouldn['’]t|would not|won['’]t|will not|doesn['’]t|does not|didn['’]t|did not|couldn['’]t be|could not be)"
            r" (?:wake|woken|waken|stir|respond)(?: up)?\b[^.;!?\n]{0,30}?\b(?:when|however|no matter|though|even when|"
            r"even though)\b[^.;!?\n]{0,30}?\b(?:shak\w*|shook|slapp?\w*|pinch\w*|shout\w*|scream\w*)\b"
        ),
        2.0,
        ("shak", "shook", "slap", "pinch", "shout", "scream"),
    ),
    # A plea to wake that nothing answers: he "didn't open his eyes" beside '"Wake up. Wake up, please!"'
    # (`events` asks for the plea within PLEA_REACH characters; without it this is only sleep).
    (
        _UNANSWERED,
        2.0,
        (
            "open his eyes",
            "open her eyes",
            "open their eyes",
            "t wake",
            "not wake",
            "never wake",
            "t stir",
            "not stir",
            "never stir",
            "t respond",
            "not respond",
            "never respond",
        ),
    ),
    # Someone else closes the eyes: "Somebody, Fenn maybe, had already been down to him and closed his eyes",
    # "she reached over and closed his eyes"; not "he closed his eyes" (his own).
    (
        re.compile(
            r"\b(?:somebody|someone)(?:,[^,.!?\n]{1,20},)?\s(?:had\s)?(?:already\s)?(?:[^.!?\n]{0,40}?\sand\s)?"
            r"closed (?P<v>his|her|their) eyes\b|\bclosed (?P<w>his|her|their) eyes for (?:him|her|them)\b"
        ),
        2.0,
        ("closed his eyes", "closed her eyes", "closed their eyes"),
    ),
    (_closes_eyes_of("she", "his"), 2.0, ("closed his eyes",)),
    (_closes_eyes_of("he", "her"), 2.0, ("closed her eyes",)),
    # A pulse felt for and not found: "felt for a pulse anyway. There wasn't one."
    (
        re.compile(
            r"\bno pulse\b|\b(?:felt|feels|feel|checked|checks|check|searched|search\w*|feeling|checking) for a pulse\b"
            r"[^.!?\n]{0,60}[.!?]\s+(?:there (?:wasn['’]t|was not|was none|isn['’]t|is not|is none)(?: one)?|nothing)\b"
        ),
        2.0,
        ("pulse",),
    ),
    # Open eyes that do not blink: "his eyes stayed open ... and he did not blink".
    (
        re.compile(
            r"\beyes (?:stayed|were|remained|stay|are|still) (?:wide )?open\b[^.!?\n]{0,120}?\b(?:did not|didn['’]t|does not|"
            r"doesn['’]t|never) blink|\b(?:open|staring),? unblinking eyes\b|\bnever blinked again\b"
        ),
        2.0,
        ("blink",),
    ),
    (
        re.compile(
            r"\b(?:never|did not|didn['’]t|does not|doesn['’]t) (?:woke|wake|wakes)(?: up)? again\b|\bthe light (?:went|goes|faded|fades) out of "
            r"(?:his|her|their) eyes\b|\b(?:slipped|slips|was gone|drifted) away (?:in (?:the|her|his) sleep|quietly|for good)\b|"
            # The body's last act, never repeated: "closed his eyes ... He didn't open them again", "doesn't
            # breathe again"; not "didn't open them again until morning".
            r"\b(?:never|did not|didn['’]t|does not|doesn['’]t) (?:opened|opens|open) (?:them|(?:his|her|their) eyes) again\b"
            r"(?![^.!?\n]{0,30}\b(?:until|till|for|before|when)\b)|"
            r"\b(?:never|did not|didn['’]t|does not|doesn['’]t) (?:breathed|breathes|breathe|stirred|stirs|stir) again\b"
            r"(?![^.!?\n]{0,30}\b(?:until|till|for|before|when)\b)"
        ),
        2.0,
        (
            "open them again",
            "opens them again",
            "opened them again",
            "eyes again",
            "breathe again",
            "breathed again",
            "breathes again",
            "stir again",
            "stirs again",
            "stirred again",
            "woke again",
            "wake again",
            "wakes again",
            "woke up again",
            "wake up again",
            "wakes up again",
            "light went out",
            "light goes out",
            "light faded out",
            "light fades out",
            "away in",
            "away quietly",
            "away for good",
        ),
    ),
    # Swallowed by a blast, a wave of fire, a flood: "the wave of fire comes over the beach and takes them both".
    (
        re.compile(
            r"\b(?:wave|blast|fireball|explosion|shockwave|fire|flames|inferno|flood|avalanche|light)\b[^.!?]{0,120}?"
            r"\b(?:takes|took|swallows|swallowed|consumes|consumed|engulfs|engulfed)\s"
            r"(?P<v>them both|them all|both of them|us both|him|her|them)\b"
        ),
        2.0,
        (
            "them both",
            "them all",
            "both of them",
            "us both",
            "engulf",
            "consum",
            "swallow",
            "took him",
            "took her",
            "took them",
            "takes him",
            "takes her",
            "takes them",
        ),
    ),
    # A hand letting go at the end, a body gone cold or looking asleep: weak alone.
    (
        re.compile(
            rf"\b{_WHO} (?:hand|hands|fingers|grip) (?:in (?:mine|hers|his|yours|theirs|my \w+|her \w+|his \w+|your \w+) )?"
            r"(?:let go|loosened|fell away|went (?:slack|limp|loose|heavy)|grew (?:slack|limp|heavy)|slackened|"
            r"slid (?:off|from)|fell open|uncurled|stopped (?:squeezing|gripping|holding))\b"
        ),
        1.0,
        (
            "let go",
            "loosened",
            "fell away",
            "went slack",
            "went limp",
            "went loose",
            "went heavy",
            "grew slack",
            "grew limp",
            "grew heavy",
            "slackened",
            "slid off",
            "slid from",
            "fell open",
            "uncurled",
            "stopped squeezing",
            "stopped gripping",
            "stopped holding",
        ),
    ),
    (
        re.compile(
            rf"\b(?:{_WHO}\s)?(?:hand|hands|skin|cheek|face|body|fingers)\b(?:[^.!?\n]{{0,30}}?\b(?:was|were|felt|had gone|"
            r"went|had grown)\s(?:\w+\s)?(?:cold|stiff|icy|waxy)|[^.!?\n]{0,60}[.!?]\s+it was (?:\w+ )?cold)\b"
        ),
        1.0,
        ("cold", "stiff", "icy", "waxy"),
    ),
    (
        re.compile(
            r"\blooked as (?:if|though) (?:he|she|they) (?:had )?(?:only |just )*(?:fallen asleep|were asleep|was asleep|sleeping)\b|"
            r"\blooked like (?:he|she|they) (?:was|were|had) (?:only |just )*(?:asleep|sleeping|fallen asleep)\b"
        ),
        1.0,
        ("looked as if", "looked as though", "looked like"),
    ),
)
# The plea a "didn't open his eyes" cue needs near it, and how near.
PLEA = re.compile(r"(?<!n['’]t )(?<!not )(?<!never )\bwake up(?=\s*[,.!?…\"”]|\s+please\b)")
PLEA_REACH = 400


def unanswered_without_plea(
    rx: re.Pattern[str], low: str, a: int, b: int, lo: int = 0, hi: int | None = None
) -> bool:
    """True for the "didn't open his eyes" cue when no one begs him to wake within PLEA_REACH of the
    sentence [a, b) of the lower-cased text (and within [lo, hi), a scene): then it is only sleep."""
    end = b + PLEA_REACH if hi is None else min(hi, b + PLEA_REACH)
    return rx is _UNANSWERED and not PLEA.search(low, max(lo, a - PLEA_REACH), end)


# Every cue needs one of its words (the third field): text without any is never searched.
DYING_WORDS = tuple(sorted({w for _, _, needs in DYING_BODY for w in needs}))
# Falling asleep is told with the same words ("his breathing slowed", "her hand went slack").
SLEEP = re.compile(
    r"\b(?:asleep|sleep\w*|doz\w*|drift\w* off|snor\w*|even(?:ed|s)? out|deepen\w*|nap\w*|yawn\w*)\b"
)
AS_IF = re.compile(r"\b(?:as if|as though|like)\b")

# What follows a death: its rites, the news said aloud, grief, the officials' routine.
AFTERMATH = re.compile(
    r"\b(?:funerals?|buried|burial|bury|graves?(?:ide|stone)?|coffin|casket|headstone|tombstone|crematorium|cremat\w*|"
    r"mourn\w*|mourners|eulogy|wake was|condolences|sympathy cards?|obituar\w*|ashes|urn|"
    r"memorial|(?:she|he)['’]s gone|(?:she|he) (?:was|is) gone|the body\b|death certificate|time of death|"
    r"(?:sobb\w*|wept|cried) (?:into|for|over|until)|the phone calls)\b"
)
# The dead appear again: "You're alive", "I thought you were dead".
ALIVE = re.compile(
    # "he was thin and brown and alive": a few words of description may come first, but not "no
    # longer alive" or "more dead than alive".
    r"\b(?:you|he|she|they)(?:['’]re| are|['’]s| is| was| were) (?!no longer |not |never |hardly |more dead )"
    r"(?:(?!the |a |an |only |left |one )[a-z]+,? (?:and )?){0,4}?(?<!than )alive\b|"
    r"\bi thought (?:you|he|she|they) (?:were|was|had) (?:dead|died|gone)\b|\bnot dead\b"
)

# An unowned funeral in the story's now ("The funeral was on a Tuesday", "after the funeral").
BARE_FUNERAL = re.compile(
    r"\b(?:the funeral|the burial|the cremation|the memorial service|the wake) (?:was|had been|is|took place)\b|"
    r"\b(?:since|after|before|at) the (?:funeral|burial|cremation|memorial service)\b"
)

# ---- a suicide attempt told through the act ----------------------------------------------------------
ATTEMPT_ACTS: tuple[re.Pattern[str], ...] = (
    # Over a bridge or roof railing onto the drop side.
    re.compile(
        r"\b(?:climbed|climbs|stepped|steps|swung|swings|clambered|clambers|got|gets)\s(?:\w+\s){0,2}?over\s(?:the|a)\s"
        r"(?:\w+\s)?(?:railing|parapet|guardrail|balustrade)\b[^.!?]{0,80}?\b(?:(?:foot|rail|road)?bridge|roof|drop|ledge|edge|below|"
        r"nothing)\b"
    ),
    re.compile(r"\b(?:on|to) the wrong side of (?:the|a) (?:\w+\s)?(?:railing|parapet|bridge|guardrail)\b"),
    # A medicine cabinet or drawer emptied into oneself.
    re.compile(
        r"\b(?:took|swallowed|ate|downed|takes|swallows|eats|downs)\s(?:everything|every pill|every tablet|all of it|the lot|"
        r"whatever was)\s(?:in|from)\s(?:the|my|his|her|their)\s(?:\w+\s)?(?:medicine |bathroom )?cabinet\b"
    ),
    # The treatment after an overdose.
    re.compile(
        r"\b(?:activated charcoal|charcoal)\b[^.!?\n]{0,80}?\b(?:taste|tube|throat|drink|swallow\w*|mouth)\b"
    ),
)

# ---- a death told by absence (fourth pass): perception that stops, and the empty place after ---------
# Word classes of *how* such scenes are told, written for this module: the subject's senses or breath
# ceasing ("she was not hearing anything any more", "you stop breathing", "his chest did not rise"),
# and later the person missing from their place ("the chair stayed empty", "only his boots were left",
# "her name was on the list of the dead", "he would have laughed"). `events` only reads them next to a
# main character's last act on the page and after it, never on their own.
_SENSE = r"(?:listen|hear|see|watch|look|feel|sens|think|breath|breathe|move|stir|know|notice|want|fear|hurt|remember)"
CESSATION = re.compile(
    r"\b(?P<v>he|she|i|you|they)\s(?:was|were|is|are|am)\s(?:not|no longer)\s"
    rf"{_SENSE}\w*\s(?:to\s|about\s|of\s|for\s)?(?:anything|anyone|a thing|any more|anymore|at all)\b|"
    r"\b(?P<w>he|she|i|you)\s(?:did not|didn['’]t|could not|couldn['’]t|does not|doesn['’]t|do not|don['’]t|"
    rf"can['’]t|cannot|no longer|never)\s{_SENSE}\w*\s(?:\w+\s){{0,2}}?(?:anything|any more|anymore)\b|"
    # "Again" after a sense, but not one turned on a person: "he doesn't look at Charles again" avoids
    # a man, "she never saw him again" is about him; "he didn't move again" is the subject's own end.
    r"\b(?P<x>he|she|i|you)\s(?:did not|didn['’]t|could not|couldn['’]t|does not|doesn['’]t|do not|don['’]t|"
    rf"can['’]t|cannot|no longer|never)\s{_SENSE}\w*\s"
    r"(?!(?:at|to|for|with|about|after|him|her|them|me|us|you|each)\b)(?:\w+\s){0,2}?again\b|"
    r"\b(?:he|she|i|you)\s(?:stop|stops|stopped)\s(?:breathing|moving|hurting|shivering)\b|"
    # The next breath or moment that never follows: "nothing came after it".
    r"\bnothing (?:came|comes|followed|follows) (?:after|next)\b|"
    # Perception fading out for good: "and then went away", "then everything went dark".
    r"\b(?:and then|then)\s(?:it |everything |the world |the \w+ )?(?:went|goes|faded|fades) (?:away|out|dark|black)\b|"
    r"\b(?:his|her|your|my)\s(?:breath|breathing|heart|chest)\s(?:stops|stopped|stills|stilled|went still|goes still|"
    r"does not rise|did not rise|doesn['’]t rise|didn['’]t rise|rose no more|stayed still|stays still|is still|was still)\b|"
    r"\b(?:and then|then) (?:he|she|you|i) (?:was|were|is|are|am) (?:gone|not there|nowhere|nothing)\b|"
    r"\b(?:and then|then) there (?:was|is) nothing\b"
)
CESSATION_WORDS = (
    " not ",
    "n't",
    "no longer",
    "never",
    "cannot",
    "stop",
    "still",
    "rise",
    "gone",
    "nothing",
    "then",
)
ABSENCE = re.compile(
    r"\b(?:empty|unoccupied|vacant)\s(?:\w+\s)?(?:chair|seat|place|bed|bunk|side|room|desk|stool|saddle|cot|space)\b|"
    r"\b(?:chair|seat|place|bed|bunk|desk|room|stool|cot|spot)\s(?:\w+\s)?(?:was|stood|sat|remained|stayed|is|stands|stays)\s"
    r"(?:\w+\s)?empty\b|"
    r"\bonly (?:his|her|their|your) (?:\w+\s)?(?:clothes|coat|boots|shoes|things|belongings|tags|ring|glasses|hat|jacket|"
    r"cloak|shirt|uniform|pack|bag)\b|\ball that was left of (?:him|her|them|you)\b|"
    r"\bname (?:was |is )?(?:on|among|in|carved|cut|added to) (?:the |a )?(?:list|roll|stone|memorial|wall|plaque)\b|"
    r"\b(?:list|roll|names) of (?:the )?(?:dead|fallen|casualties|killed|lost)\b|\bcasualty lists?\b|"
    r"\bkilled in action\b|\b(?:among|with) the (?:dead|fallen)\b|"
    r"\b(?:would have|would['’]ve) (?:liked|loved|laughed|hated|wanted|been)\b|"
    r"\b(?:won['’]t|will never|would never|never got to) (?:come (?:back|home)|grow up|grow old|see (?:this|it|them|us))\b|"
    r"\bnever came (?:back|home)\b|\bno body to (?:bury|find)\b|"
    r"\b(?:won['’]t|will not|isn['’]t going to|wasn['’]t going to) (?:be )?(?:back|coming back|come back|bothering|"
    r"needing|joining|coming home)\b"
)
ABSENCE_WORDS = (
    "empty",
    "unoccupied",
    "vacant",
    "only his",
    "only her",
    "only their",
    "only your",
    "left of",
    "name",
    "list",
    "roll",
    "casualt",
    "in action",
    "the dead",
    "the fallen",
    "would have",
    "would've",
    "won't",
    "won’t",
    "will never",
    "would never",
    "never got to",
    "never came",
    "no body",
    "going to",
    "will not",
)

# The news of a death broken to someone, in the words such news is told with ("There's been an
# accident", "it would have been very quick", "he wouldn't have known anything about it", "they did
# everything they could"). `events` reads them only beside a mention of a character who has stopped
# acting on the page, as it reads ABSENCE.
NOTICE = re.compile(
    r"\bthere(?:['’]s| has| had|['’]d) been an accident\b|"
    r"\b(?:it|that) (?:was|would have been|would['’]ve been|must have been) (?:very |so |mercifully )?quick\b"
    r"(?! (?:to|and easy|work|thinking|on|enough|learner|study))|"
    r"\b(?:he|she|they|you) (?:didn['’]t|did not|never) suffer\b|"
    r"\b(?:he|she|they|you) (?:wouldn['’]t have|would not have|wouldn['’]t['’]ve|won['’]t have) "
    r"(?:suffered|felt (?:a thing|anything|any pain)|known (?:anything|a thing|what hit|much))\b|"
    r"\bnothing (?:more )?(?:anyone|anybody|they|we|you|the doctors?|the surgeons?|the medics?) could (?:have )?(?:do|done)\b|"
    r"\b(?:did|done) (?:all|everything) (?:we|they) (?:could|can)\b|"
    r"\bsorry for your loss\b|"
    # "He was gone before I got here", "she was already gone when the ambulance came".
    r"\b(?:he|she|they|you) (?:was|were) (?:already )?gone (?:before|by the time|when) (?:i|we|they|the \w+) "
    r"(?:got|arrived|came|reached)\b|"
    # "I don't think he knew anything about it", "she never knew what hit her".
    r"\b(?:he|she|they|you) (?:never|didn['’]t|did not) (?:know|knew) what hit\b|"
    r"\b(?:don['’]t|do not) think (?:he|she|they|you) (?:knew|felt|saw) (?:anything|a thing|it coming)\b"
)
NOTICE_WORDS = ("accident", "quick", "suffer", "known", "felt", "could", "loss", "gone", "hit", "think")

# Named among the dead: a casualty list, "killed in action" (the name beside it on the same line).
LISTED = re.compile(
    r"killed in action|died of wounds|casualty lists?|(?:list|roll|lists|rolls) of (?:the )?(?:dead|fallen|killed)"
)
LISTED_WORDS = (
    "killed in action",
    "died of wounds",
    "casualty list",
    "of the dead",
    "of dead",
    "of the fallen",
    "of fallen",
    "of the killed",
    "of killed",
)
