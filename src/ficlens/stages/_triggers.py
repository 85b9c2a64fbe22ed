"""The sentence patterns the events stage reads (issue 15): one `Trigger` per way a text tells a death,
a wound, a suicide attempt or self-harm, with slots for the victim (`v`, or the possessor `vp`) and the
agent (`a`), a confidence, and the words one of which every match holds (`needs`: a sentence with none
of them is not searched).

Data more than code, kept apart from `events` (which reads participants, mode and severity around each
match) as spaCy keeps a language's tables apart from its components. `could_match` and `LEADS_LOWER`
are the two questions `events` asks of a trigger before it searches a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.stages import _implied_events as implied

# ---- referring expressions -------------------------------------------------------------------
NAME = r"[A-Z][a-zA-Z-]+(?:\s[A-Z][a-zA-Z-]+){0,2}"
NOUNS = (
    r"(?:man|woman|men|women|boy|girl|child|kid|baby|guard|guards|soldier|soldiers|stranger|officer|"
    r"father|mother|dad|mum|mom|brother|sister|son|daughter|wife|husband|friend|partner|lover|"
    r"grandmother|grandfather|grandma|grandpa|uncle|aunt|cousin|parents|enemy|attacker|assassin|"
    r"gunman|thief|prisoner|patient|victim|driver|pilot|captain|king|queen|prince|princess|"
    r"dog|cat|horse|bird|creature|monster|demon|vampire|beast|wolf|boss|teacher|doctor|nurse|neighbour|neighbor)"
)
_NOUN = rf"(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Yy]our|[Oo]ur|[Aa]n?)\s(?:\w+\s)?{NOUNS}\b|[Tt]he\s[A-Z][a-zA-Z-]+"
_SUBJ = r"(?:[Hh]e|[Ss]he|I|[Tt]hey|[Yy]ou|[Ww]e)"
_OBJ = r"(?:him|her|them|me|you|us)"
POSS = r"(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Yy]our|[A-Z][a-zA-Z-]+['’]s)"
_SELF = r"(?:him|her|my|them|your|our)sel(?:f|ves)"
# An adverb before the verb, not one that takes the event back: "she nearly died" is no death.
_ADV = r"(?:(?!nearly\b|almost\b|practically\b|virtually\b|basically\b|literally\b)\w+ly\s)?"


# A suicide told as an act, past or present; not "killed himself laughing", "shoots herself a look".
_KILLS = r"(?:killed|shot|hanged|hung|drowned|poisoned|kills|shoots|hangs|drowns|poisons)\s"
_NOT_A_SAYING = r"(?!\s(?:laughing|trying|working|a (?:look|glance|grin|smile|wink)|in the foot))"
_KILLS_SELF = rf"{_KILLS}{_SELF}\b{_NOT_A_SAYING}"


def _v(kind: str = "subj") -> str:
    ref = _SUBJ if kind == "subj" else _OBJ
    return rf"(?P<v>{_NOUN}|{NAME}|\b{ref}\b)"


_A = rf"(?P<a>{_NOUN}|{NAME}|\b{_SUBJ}\b)"
_VP = rf"(?P<vp>\b{POSS})"
# A stage weapon is no wound: "a rubber knife sticking out of his back".
_NOT_PROP = r"(?<!rubber )(?<!plastic )(?<!toy )(?<!fake )(?<!prop )(?<!foam )(?<!cardboard )"
_BODY = (
    r"(?:head|temple|chest|stomach|gut|belly|side|shoulder|throat|neck|back|skull|face|leg|thigh|arm|"
    r"heart|ribs|jaw|eye|spine)"
)

# Where a blow lands: the body parts above and the limbs a claw or a round finds.
_LIMB = rf"(?:{_BODY}|forearm|wrist|hand|hip|knee|calf|cheek|cheekbone|mouth|nose|collarbone|abdomen|flank|kidney)"
# The same without the parts a feeling "hits" (chest, gut, stomach, belly, heart) or the hand a thing is caught in.
_LIMB_STRUCK = (
    r"(?:side|shoulder|back|leg|thigh|arm|head|temple|skull|face|jaw|neck|throat|ribs|spine|eye|forearm|wrist|hip|"
    r"knee|calf|cheek|cheekbone|mouth|nose|collarbone|flank|kidney)"
)


@dataclass(frozen=True)
class Trigger:
    label: str
    pattern: re.Pattern[str]
    confidence: float
    # "self": the victim is also the agent (suicide, self-harm); "completed": a suicide that ends in death.
    kind: str = ""
    # Words one of which every match contains (lowercased): a sentence without any is not searched.
    # Most sentences hold none, and searching every pattern in every sentence was most of the stage's
    # time on long works; tests/stages/test_events.py checks every match in the test stories passes.
    needs: tuple[str, ...] = ()


def _t(label: str, rx: str, confidence: float, kind: str = "", *, needs: tuple[str, ...] = ()) -> Trigger:
    return Trigger(label, re.compile(rx), confidence, kind, needs)


# Between a name and its verb, as news and obituaries write it: "Dana Wells, 34, of Harlan Springs,
# died", "Kirk, the captain, died". Only an age, an ordinal, a noun phrase with an article, kin ("son of
# Olaf") or a "who" clause: "Sam, Dean died" is someone speaking to Sam.
_APPOSITIVE_PART = (
    r"(?:\d{1,3}|\d{1,2}(?:st|nd|rd|th)\s[^,.;:!?\n\"“”]{1,30}?|(?:a|an|the|aged|age)\s[^,.;:!?\n\"“”]{1,50}?"
    # Kin and a relative clause: "Askeladd, son of Olaf, died", "Tom, who had never been ill, died".
    r"|(?:son|daughter|wife|husband|widow|brother|sister|father|mother|heir|child)\sof\s[A-Z][^,.;:!?\n\"“”]{1,40}?"
    r"|who\s[^,.;:!?\n\"“”]{1,60}?)"
)
_APPOSITIVE = (
    # Up to three in a row, as a roll of honour writes them: "Corporal Daniel Hale, 2nd Battalion, the
    # Rifles, aged nineteen, died".
    rf"(?:,\s{_APPOSITIVE_PART}(?:,\s{_APPOSITIVE_PART}){{0,2}}(?:,\s(?:of|from)\s[^,.;:!?\n\"“”]{{1,40}}?)?,"
    # A title, then the name: "the Flame Hashira, Kyojuro Rengoku, died" (the name is the one who dies).
    r"|,\s(?P<app>[A-Z][a-zA-Z'’-]+(?:\s[A-Z][a-zA-Z'’-]+){1,2}),)?"
)
# "He's dead tired", "she's dead serious", "you're dead to me": idioms, not deaths.
_NOT_IDIOM = (
    r"(?![-‐]|\s(?:tired|serious|wrong|right|set|sure|certain|on (?:(?:his|her|their|my|your|our) feet|time|target)|"
    r"quiet|silent|still|even|ahead|level|against|keen|drunk|asleep|beat|broke|easy|simple|"
    r"good|funny|cute|gorgeous|last|centre|center|ringer|weight|meat|sober|bored|honest|lucky|"
    r"to (?:me|us|him|her|them|the world)))"
)
# "Overdosed on sugar", "an overdose of cuteness": a sweet or a feeling, not a drug.
_NOT_A_DRUG = (
    r"(?!\s(?:on|of)\s(?:\w+\s)?(?:sugar|caffeine|coffee|candy|chocolate|cake|sweets|cookies|cuteness|fluff|"
    r"feelings|love|angst|drama|nostalgia|sunshine|tea|energy drinks?|netflix|tv|anime|books|kindness|"
    r"compliments|cheese|pizza|carbs|dopamine|serotonin|adrenaline|endorphins|happiness|joy|praise)\b)"
)
_DIED = (
    # "died a little inside", "dies inside": a feeling, not a death.
    r"(?:had\s)?(?:finally\s|just\s|already\s|quietly\s)?(?:(?:died|dies)(?!\s(?:a\s(?:little|bit)|(?:on\sthe\s)?inside)\b)|"
    r"passed away|drowned|bled out|bled to death|"
    r"stopped breathing|breathed (?:his|her|their|my) last|never woke(?: up)?|"
    # Not "He didn't make it a question", "didn't make it to the party".
    r"(?:did not|didn['’]t) make it(?=\s*[.,;!?…—-]|\s+(?:and|but|out|through the night)\b)|"
    # The same in the present tense, as many stories are told: "Anna stops breathing", "he doesn't make it".
    # Guarded where the present tense is also habit or hyperbole: "never wakes up before noon", "doesn't
    # make it to the party", "drowns out the radio", "stops breathing for a second when he smiles".
    r"passes away|drowns(?!\s+(?:out|in (?:paperwork|work|homework|tears|debt|noise)|(?:his|her|their|my|your) sorrows))|"
    r"bleeds out|bleeds to death|stops breathing(?!\s+(?:for a|when|as|at the|every))|"
    r"breathes (?:his|her|their|my|your) last|"
    r"never wakes(?: up)?(?!\s+(?:up|before|early|late|until|till|on time|in time|when|for|at|without)\b)|"
    r"(?:does not|doesn['’]t) make it(?=\s*[.,;!?…—-]|\s+(?:and|but|out|through the night)\b)|perishes|"
    r"gives up the ghost|passes peacefully|"
    r"(?:draws|takes|breathes) (?:his|her|their|my|your) (?:last|final) breath(?!\s+(?:of|before|and)\b)|"
    r"closes (?:his|her|their|my|your) eyes for the (?:last|final) time|"
    r"(?:is|are|gets|get) (?:killed|murdered|shot dead|executed|slain|assassinated|beheaded)|"
    # The euphemisms English tells a death with (plain, period and pious; the expressions Wikipedia's
    # "List of expressions related to death" collects): "perished in the fire",
    # "drew her last breath", "was gathered to his fathers"; not "passed on the message", "crossed over
    # the road", "her passport expired" (a person must be the subject).
    r"perished|expired(?!\s(?:on|in|last|after|before|yesterday|today)\b)|gave up the ghost|"
    r"passed on(?!\s+(?:the|a|an|his|her|their|my|your|our|its|this|that|these|those|some|any|to|it|them|him|me|us|"
    r"word|news|information|messages?|notes?)\b)|passed (?:peacefully|quietly|in (?:his|her|their|my|your) sleep)|"
    r"(?:drew|took|breathed) (?:his|her|their|my|your) (?:last|final) breath(?!\s+(?:of|before|and)\b)|"
    r"closed (?:his|her|their|my|your) eyes for the (?:last|final) time|departed this (?:life|world|earth)|"
    r"went to (?:his|her|their|my|your) (?:eternal )?(?:rest|reward|grave)|"
    r"went to meet (?:his|her|their|my|your) (?:[Mm]aker|[Gg]od)|never saw (?:the )?(?:morning|dawn|sunrise|spring|next day)|"
    r"(?:was|were) gathered (?:un)?to (?:his|her|their|my|your) (?:fathers|ancestors|forefathers|people)|"
    r"crossed over (?:peacefully|quietly|in (?:the (?:small|early) hours|the night|(?:his|her|their|my|your) sleep)|"
    r"during the night)|(?:was|were) lost at sea|went down with (?:the|his|her|their|my|your) ship|"
    # "was no more" at the end of its clause (not "no more than twenty"); "taken from us too soon"
    # (not "taken from them at birth").
    r"(?:was|is) no more(?=\s*[.,;!?]|\s+(?:and|but)\b)|"
    # "passed in the night", "is with the angels now", "was laid to rest", "lay in state": a person's
    # death in the words of those who mourn them (not "passed in the corridor", "passed in the night like
    # ships", "laid on the bed"). Not "in a better place now": recovery is told so too.
    r"pass(?:ed|es) (?:in|during) the night(?!\s+like\b)|pass(?:ed|es) in the (?:small|early) hours|"
    r"pass(?:ed|es) before (?:dawn|morning|the ambulance came|help came)|"
    r"(?:is|was|are|were) with the angels(?: now)?(?=\s*[.,;!?]|\s+(?:and|but)\b)|"
    r"(?:was|were|is) laid (?:to rest|in the (?:ground|earth)|in (?:his|her|their|the) grave)|(?:lay|lies) in state|"
    r"(?:was|were) taken from (?:us|them|me)(?=\s*[.,;!?]|\s+(?:too|so|far|that|last|in the|on the)\b|"
    # "taken from us on Tuesday." (a day at the end of its clause: not "on Tuesday to cover the shop")
    r"\s+(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas(?: Day| Eve)?)|in (?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December))\s*[.,;!?])|"
    # "went to sleep with a headache and didn't wake up": not "didn't wake up until noon".
    r"(?:went to sleep|fell asleep|lay down)[^.!?\n;]{0,60}?\band\s(?:didn['’]t|did not|never)\s(?:wake|woke)(?:\sup)?"
    r"(?![^.!?\n]{0,12}\b(?:until|till|when|before|in time|for|at|to)\b)|"
    r"(?:was|is|were|lay|lies|fell|dropped|had been|has been|have been)\s(?:lying\s)?(?:already\s|finally\s|very\s)?dead"
    + _NOT_IDIOM
    + r"|"
    r"(?:['’]s|\sis)\sdead|"
    r"(?:was|were|got|had been|has been)\s(?:killed|murdered|shot dead|executed|slain|assassinated|beheaded)|"
    r"(?:was|is)\s(?:pronounced|declared)\sdead)\b"
)
TRIGGERS: tuple[Trigger, ...] = (
    # -- suicide and self-harm first: their victim is their agent
    _t(
        "death",
        rf"{_v()}\s{_ADV}{_KILLS_SELF}",
        0.9,
        "completed",
        needs=("sel",),
    ),
    # The second verb of the one subject: "she takes up the steak knife ... and kills herself".
    _t(
        "death",
        rf"\band\s(?:then\s)?{_ADV}{_KILLS}(?P<v>{_SELF})\b{_NOT_A_SAYING}",
        0.85,
        "completed",
        needs=("sel",),
    ),
    _t(
        "death",
        rf"{_v()}\s{_ADV}took\s(?:his|her|their|my|your)\sown\slife\b",
        0.9,
        "completed",
        needs=("life",),
    ),
    _t(
        "death",
        rf"{_v()}\s(?:had\s)?(?:committed suicide|died by suicide)",
        0.9,
        "completed",
        needs=("suicide",),
    ),
    _t(
        "suicide_attempt",
        rf"{_v()}\s(?:had\s)?{_ADV}(?:tried|attempted|meant|wanted|tries|attempts) to (?:kill|hang|drown|shoot|end)\s(?:{_SELF}|it all|(?:his|her|their|my) (?:own )?life)",
        0.85,
        needs=("sel", "it all", "life"),
    ),
    _t(
        "suicide_attempt",
        rf"\b(?:attempted suicide|suicide attempt|overdosed{_NOT_A_DRUG}|an overdose{_NOT_A_DRUG}|tried to end it)\b",
        0.8,
        needs=("suicide", "overdose", "tried to end it"),
    ),
    _t(
        "suicide_attempt",
        rf"\b(?:gun|pistol|revolver|barrel|muzzle|glock)\b[^.!?\n]{{0,50}}?\b(?:to|against|under|in|into|at)\s"
        # "the barrel against the underside of your chin"
        rf"(?:the (?:underside|underneath|soft (?:skin|place|spot)|hollow|side|roof) (?:of|under)\s)?{_VP}\s(?:own\s)?"
        r"(?:head|temple|chin|mouth|jaw)\b",
        0.85,
        "self",
        needs=("head", "temple", "chin", "mouth", "jaw"),
    ),
    _t(
        "suicide_attempt",
        r"\b(?:swallowed|took|downed|emptied|gulped|dry-swallowed|tipped|swallows|takes|downs|empties|gulps|dry-swallows|"
        r"tips)\s(?:\w+\s){0,2}(?:all of|all|every|the whole|the entire|a handful of|"
        r"the rest of|the bottle of|a bottle of|both bottles of|two bottles of|a fistful of)\s(?:the\s|his\s|her\s|my\s|their\s)?"
        # not carried somewhere: "took all the pills back to the chemist", "takes every bottle out to the bins"
        r"(?:\w+\s)?(?:pills|tablets|capsules|sleeping pills|painkillers|bottle)\b"
        r"(?!\s(?:back|to|out|away|off|from|into|down to|up to|round|over to)\b)",
        0.8,
        "self",
        needs=("pills", "tablets", "capsules", "painkillers", "bottle"),
    ),
    _t(
        "suicide_attempt",
        r"\b(?:stood|standing|stands|climbed|stepped|sat|sitting|balanced|perched|swung (?:his|her|my|their) legs)\s(?:\w+\s){0,2}"
        r"(?:on|onto|over|off|up on|to)\s(?:the|a)\s(?:\w+\s)?(?:ledge|parapet|edge of the (?:roof|bridge|building|cliff)|"
        r"railing of the bridge|bridge railing|roof['’]s edge)\b",
        0.7,
        "self",
        needs=("parapet", "edge", "railing"),
    ),
    _t(
        "suicide_attempt",
        rf"\b(?:noose|rope|belt|cord)\s(?:around|round|about)\s{_VP}\s(?:own\s)?neck\b",
        0.75,
        "self",
        needs=("neck",),
    ),
    _t(
        "suicide_attempt",
        rf"\b(?:slit|slashed|opened|sliced|slits|slashes|opens|slices)\s(?:open\s)?{_VP}\s(?:own\s)?wrists?\b",
        0.85,
        "self",
        needs=("wrist",),
    ),
    _t("suicide_attempt", rf"\bpumped\s{_VP}\sstomach\b", 0.8, "self", needs=("stomach",)),
    # Attempts told by the act alone (word classes in `_implied_events`): over a bridge railing, a
    # medicine cabinet emptied, the charcoal they give after an overdose.
    *(
        Trigger("suicide_attempt", re.compile(rx.pattern, re.IGNORECASE), 0.75, "self", needs)
        for rx, needs in zip(
            implied.ATTEMPT_ACTS,
            (
                ("railing", "parapet", "guardrail", "balustrade"),
                ("wrong side",),
                ("cabinet",),
                ("charcoal",),
            ),
            strict=True,
        )
    ),
    _t(
        "suicidal_ideation",
        rf"{_v()}\s(?:\w+\s)?(?:wanted|wants|want|wanting|wished|wishes)\sto\s(?:die|be dead|stop existing|not exist|disappear forever|"
        # "You just wanted to not be here for a while"
        r"(?:just\s)?not\s(?:be here|be alive|wake up|be anymore))\b(?!\sof)",
        0.75,
        needs=("die", "dead", "exist", "disappear", "be here", "be alive", "wake up", "be anymore"),
    ),
    _t(
        "suicidal_ideation",
        rf"{_v()}\s(?:\w+\s)?(?:didn['’]t|did not|don['’]t|do not|doesn['’]t|does not)\swant\sto\s(?:be alive|live|exist|wake up|be here anymore|keep living|go on)\b"
        # "I don't want to live a life of regrets", "... live in London": a way of living, not life itself.
        r"(?!\s(?:a|an|the|in|with|like|without|on|here|there|alone|forever|by|as|through|under|near|at|my|his|her|their|our|your)\b)",
        0.75,
        needs=("live", "exist", "wake up", "be here", "living", "go on"),
    ),
    _t(
        "suicidal_ideation",
        r"\b(?:thought|thinking|thinks|think|dreamed|dreamt)\s(?:\w+\s)?(?:about|of)\s(?:dying|ending it|ending (?:his|her|their|my) (?:own )?life|"
        r"killing (?:him|her|my|them)self|not waking up|the pills|stepping off|jumping|how easy it would be)\b",
        0.7,
        needs=("dying", "ending", "killing", "waking", "pills", "stepping", "jumping", "easy"),
    ),
    _t(
        "suicidal_ideation",
        r"\b(?:(?:be|been|was|were|is|are|i['’]d be|everyone['’]d be)\s)better off (?:dead|without (?:me|him|her|them)(?=\s*[.!?,;\"”]))|"
        r"\bno reason to (?:live|keep going|stay alive)\b|\bend it all\b|\bsuicidal\b(?!\s(?:of|to|for|mission|move|plan|idea))",
        0.75,
        needs=("better off", "no reason to", "end it all", "suicidal"),
    ),
    _t(
        "self_harm",
        rf"{_v()}\s(?:\w+\s){{0,2}}(?:cut|cuts|cutting|burn|burned|burnt|burns|burning|hurt|hurts|hurting)\s{_SELF}\b"
        # "cut herself off", "cut himself a slice of cake": not her skin.
        r"(?!\s(?:off|short|a|an|some|another|free|loose)\b)",
        0.85,
        "self",
        needs=("sel",),
    ),
    _t(
        "self_harm",
        rf"\b(?:razor|blade|knife|scissors|glass|compass|lighter)\b[^.!?\n]{{0,40}}?\b(?:across|against|into|along|over|to)\s(?:the (?:skin|inside) of\s)?{_VP}\s(?:own\s)?(?:skin|arm|arms|wrist|wrists|thigh|thighs|forearm|forearms|hip|hips|stomach)\b",
        0.8,
        "self",
        needs=("skin", "arm", "wrist", "thigh", "hip", "stomach"),
    ),
    # "took the blade from the drawer and cut my arm": the blade named, then its owner's skin cut.
    _t(
        "self_harm",
        rf"\b(?:razor|blade|knife|scissors|glass|compass)\b[^.!?\n]{{0,60}}?\b(?:cut|cuts|sliced|slices|slashed|"
        rf"slashes|carved|carves)\s(?:into\s)?{_VP}\s(?:own\s)?(?:\w+\s)?(?:skin|arm|arms|wrist|wrists|thigh|thighs|"
        r"forearm|forearms|hip|hips|stomach)\b",
        0.75,
        "self",
        needs=("skin", "arm", "wrist", "thigh", "hip", "stomach"),
    ),
    _t("self_harm", r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b", 0.85, needs=("self",)),
    # Deep cuts along the forearms (a bath, a blade nearby) are an attempt; other marks there, self-harm.
    _t(
        "suicide_attempt",
        rf"\b(?:deep|long|deep long|long deep)\s(?:\w+\s)?(?:cuts|gashes|slashes|wounds)\s(?:\w+\s){{0,3}}(?:on|along|across|up|down)\s"
        rf"(?:the\s)?(?:insides?\sof\s)?(?:{_VP}|both)\s(?:\w+\s)?(?:wrists?|forearms?)\b",
        0.7,
        "self",
        needs=("wrist", "forearm"),
    ),
    _t(
        "self_harm",
        rf"\b(?:cuts|scars|marks|lines|burns|welts)\s(?:\w+\s){{0,3}}(?:on|along|across|up|down|over|covering|lining)\s"
        rf"(?:the\s)?(?:insides?\sof\s)?(?:{_VP}|both)\s(?:\w+\s)?(?:wrists?|forearms?|thighs?)\b",
        0.65,
        "self",
        needs=("wrist", "forearm", "thigh"),
    ),
    _t(
        "self_harm",
        rf"\b(?:fresh|new|old|healing|silvery|white|thin|neat|raised)\s(?:\w+\s)?(?:cuts|scars|lines)\s(?:on|along|across|lining|up|down|covering)\s{_VP}\s(?:\w+\s)?(?:arm|arms|wrist|wrists|thigh|thighs|forearm|forearms|hips|skin)\b",
        0.7,
        "self",
        needs=("arm", "wrist", "thigh", "hips", "skin"),
    ),
    # -- death and dying
    _t(
        "death",
        # The contraction too, as dialogue says it: "He's dead, Todd. Neil's dead."
        rf"{_v()}(?:{_APPOSITIVE}\s{_ADV}{_DIED}|['’]s\s(?:already\s|really\s|actually\s)?dead\b{_NOT_IDIOM})",
        0.85,
        needs=(
            "die",
            "passed away",
            "perished",
            "expired",
            "ghost",
            "passed",
            "breath",
            "last time",
            "final time",
            "departed",
            "went to",
            "the night",
            "angels",
            "laid",
            "in state",
            "gathered",
            "crossed over",
            "lost at sea",
            "went down",
            "no more",
            "taken from",
            "never saw",
            "passes",
            "drowns",
            "bleeds",
            "stops breathing",
            "wakes",
            "perishes",
            "gives up",
            "closes",
            "drowned",
            "bled",
            "stopped breathing",
            "last",
            "woke",
            "wake",
            "make it",
            "dead",
            "killed",
            "murdered",
            "executed",
            "slain",
            "assassinated",
            "beheaded",
        ),
    ),
    # Deaths told the way obituaries, doctors and grief tell them (probe: scripts/probe_deaths.py).
    _t(
        "death",
        rf"{_v()}\s{_ADV}(?:did not|didn['’]t|does not|doesn['’]t|would not|wouldn['’]t|never|failed to|fails to)\s"
        r"(?:survive|make it through)"
        r"(?:\s(?:the|his|her|their|my|your)\s(?:\w+\s)?(?:night|surgery|operation|crash|fall|attack|injuries|wounds|"
        r"winter|journey|fire|blast|explosion|accident|week|day|hour|birth|fever|illness)\b|(?=\s*[.!;]))",
        0.8,
        needs=("surviv", "make it through"),
    ),
    _t(
        "death",
        rf"{_v()}\s{_ADV}succumb(?:ed|s)\sto\s(?:(?:his|her|their|my|your|the)\s)?(?:\w+\s)?(?:injuries|wounds|illness|"
        r"cancer|fever|disease|infection|poison|sickness|plague|blood loss|pneumonia|sepsis)\b",
        0.85,
        needs=("succumb",),
    ),
    _t(
        "death",
        rf"{_v()}\s{_ADV}lost\s(?:his|her|their|my|your)\s(?:long\s|brave\s|last\s)?(?:fight|battle)\s(?:with|against)\s"
        r"(?:(?:the|his|her|their|my|your)\s)?(?:\w+\s)?(?:cancer|illness|disease|leuka?emia|tumou?r|infection|fever|"
        r"sickness|covid|pneumonia|addiction|depression|dementia)\b",
        0.8,
        needs=("lost",),
    ),
    _t(
        "death",
        rf"{_v()}\s{_ADV}slip(?:ped|s) away\s(?:peacefully|quietly|in (?:his|her|their|my|your) sleep|in the night|"
        r"in the early hours|before (?:dawn|morning)|at dawn|just after (?:dawn|midnight))",
        0.8,
        needs=("slipped away", "slips away"),
    ),
    # What is left of someone: their body found, their ashes, their burial.
    _t(
        "death",
        rf"{_VP}\s(?:dead\s)?body\s(?:was|were|had been)\s(?:\w+\s)?(?:found|recovered|pulled|dragged|washed|"
        r"identified|brought|carried|flown)\b",
        0.75,
        "aftermath",
        needs=("body",),
    ),
    _t("death", rf"{_VP}\s(?:ashes|urn)\b", 0.7, "aftermath", needs=("ashes", "urn")),
    _t(
        "death",
        r"\b(?:buried|cremated)\s(?P<v>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?)\b(?!['’])",
        0.7,
        "aftermath",
        needs=("buried", "cremated"),
    ),
    # Second-person narration tells a death in the present without -s: "you die there on the rope".
    _t(
        "death",
        rf"\b(?P<v>[Yy]ou)\s{_ADV}(?:die|stop breathing|are (?:already\s|finally\s)?dead)\b"
        r"(?![ \t]+(?:a\s|again|every|each|over|inside|of|laughing|for|to|on|if|when|tired|serious|set|sure|wrong|"
        r"right|still|quiet|last|center|centre)\b)",
        0.85,
        "second",
        needs=("die", "stop breathing", "dead"),
    ),
    _t(
        "death",
        rf"(?:{_A}\s{_ADV})?(?:killed|murdered|executed|slaughtered|assassinated|beheaded|kills|murders|executes|"
        rf"slaughters|assassinates|beheads)\s{_v('obj')}\b"
        # not "kills Anna with kindness", "murders Anna at chess", "kills Anna's buzz"
        # "it kills Anna to see him sad": a feeling.
        r"(?!['’]|\s(?:with (?:kindness|a look|her smile|his smile|that smile)|at (?:chess|cards|darts|poker|pool)|inside|off|"
        r"to|that)\b)",
        0.8,
        needs=(
            "killed",
            "murdered",
            "executed",
            "slaughtered",
            "assassinated",
            "beheaded",
            "kills",
            "murders",
            "executes",
            "slaughters",
            "assassinates",
            "beheads",
        ),
    ),
    # A wound no one survives: "the beast tears out Anna's throat", "the soldier stabs Anna through the heart";
    # not "tore out Anna's heart" as a feeling (a throat only), "a pain through the heart".
    _t(
        "death",
        rf"(?:{_A}\s{_ADV})?(?:tore|tears|ripped|rips|torn|ripping|tearing) out\s{_VP}\s(?:\w+\s)?throat\b",
        0.75,
        needs=("throat",),
    ),
    _t(
        "death",
        # not "her words stabbed him through the heart": a feeling does it to no one's body
        r"(?<!words )(?<!word )(?<!look )(?<!guilt )(?<!grief )(?<!pain )(?<!regret )(?<!memory )(?<!thought )"
        rf"(?:{_A}\s{_ADV})?(?:stabbed|stabs|ran|runs|skewered|skewers|speared|spears)\s{_v('obj')}\s(?:clean\s)?"
        r"through the heart\b",
        0.75,
        needs=("heart",),
    ),
    # Struck down and never moving again: "the soldier stabs Anna, and she falls and does not move again";
    # only after a wound in the same sentence (a runner who "tripped and this time did not get up again" is
    # spent, not dead), and not "did not move again until morning".
    _t(
        "death",
        r"\b(?:shot|shoots|stab\w*|struck|strikes|bullets?|blade|sword|knife|arrow|axe|spear|bayonet|blow)\b"
        rf"[^.!?\n]{{0,80}}?{_v()}\s(?:\w+\s){{0,4}}?(?:(?:and|but)\s)?(?:does not|doesn['’]t|did not|didn['’]t|never)\s"
        r"(?:move|moved|stir|stirred|get up|got up|rise|rose)\sagain\b"
        r"(?!\s+(?:until|till|for|from|that|before|after|in|on|at)\b)",
        0.7,
        needs=("again",),
    ),
    # Shot and never getting up: "Anna gets shot and does not get up." (not "... until the medic came").
    _t(
        "death",
        rf"{_v()}\s(?:gets|got|was|is)\s(?:shot|stabbed|hit|struck)\b[^.!?\n;]{{0,40}}?\band\s(?:does not|doesn['’]t|did not|"
        r"didn['’]t|never)\s(?:get|got)\sup(?:\sagain)?(?=\s*[.!?])",
        0.7,
        needs=("get up", "got up"),
    ),
    # Hanged or cut down by someone: "They hanged Anna at dawn", "the raider cut Anna down on the stairs";
    # not "cut him down in time", "cut him down from the beam" (a rescue) or "cut her down to size".
    _t(
        "death",
        rf"(?:{_A}\s{_ADV})?(?:hanged|hang|hangs)\s{_v('obj')}\s(?:at (?:dawn|noon|sunrise|first light)|"
        r"for (?:treason|murder|theft|witchcraft|desertion|piracy|spying|his crimes|her crimes)|from (?:the|a) (?:gallows|"
        r"tree|gibbet|yardarm))\b",
        0.75,
        needs=("hang",),
    ),
    _t(
        "death",
        rf"(?:{_A}\s{_ADV})?(?:cut|cuts)\s{_v('obj')}\sdown\s(?:on|at|where|as|before|with|in (?:the|a|battle|cold blood))\b",
        0.75,
        needs=("down",),
    ),
    # An illness, an accident or the sea that "took" someone: "The crash took Anna before the ambulance
    # arrived", "the cancer took him in March"; not "the war took him to France", "the fever took her for a week",
    # "the war took him away from home for four years".
    _t(
        "death",
        r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s(?:\w+\s)?(?:crash|accident|fire|cancer|illness|sickness|sea|war|fever|flu|"
        r"plague|virus|disease|bomb|blast|storm|river|avalanche|flood|explosion|tumou?r|stroke|heart attack|overdose|"
        r"infection|pneumonia|consumption|wreck|shipwreck)\s(?:finally\s|eventually\s|quickly\s)?took\s"
        rf"{_v('obj')}(?=\s*[.,;!?]|\s(?:before|from us|from (?:me|him|her|them)\b(?!\s(?:for|to|until|till))|in the (?:end|night|spring|summer|"
        r"autumn|fall|winter)|in (?:january|february|march|april|may|june|july|august|september|october|november|december|"
        r"the end)|that (?:night|winter|year|spring|summer)|last (?:year|spring|summer|winter)|at (?:the end|last)|"
        r"too soon|young|quickly|slowly|instead)\b)",
        0.75,
        needs=("took",),
    ),
    _t(
        "death",
        rf"(?:{_A}\s{_ADV})?(?:stabbed|beat|beaten|strangled|choked|bludgeoned|shot|burned|kicked|hacked|stabs|beats|"
        rf"strangles|chokes|bludgeons|shoots|burns|kicks|hacks)\s{_v('obj')}\s(?:to death|dead)\b",
        0.9,
        needs=("death", "dead"),
    ),
    _t(
        "death",
        # "Over my dead body" refuses; "knelt over his dead body" is a body.
        rf"(?:(?<![Oo]ver\s)|(?![Mm]y\s)){_VP}\s(?:(?:dead|lifeless|still|cold|limp|broken)\s(?:body|form)|corpse)\b",
        0.6,
        needs=("body", "form", "corpse"),
    ),
    _t(
        "death",
        r"\b(?:time of death|pronounced dead|declared dead|(?:pronounced )?life extinct)\b",
        0.7,
        needs=("death", "dead", "extinct"),
    ),
    # A death put on record: "The Prefecture records the death of Inspector Javert", "the hospital confirmed
    # the death of Anna Marsh"; not "the death of me", "feared the death of".
    _t(
        "death",
        r"\b(?:records?|recorded|registers?|registered|reports?|reported|announces?|announced|confirms?|confirmed|"
        r"certif(?:y|ies|ied)|notes?|noted|regrets?|regretted)\s(?:the\s)?(?:sudden\s|untimely\s|tragic\s|peaceful\s)?"
        rf"death\sof\s{_v('obj')}",
        0.75,
        "aftermath",
        needs=("death of",),
    ),
    # A funeral or a grave in the story's now says who is dead in it, without a death scene. Not the shiver of
    # "someone's just walked over her grave" ("dig your own grave" never matches: "own" stands between).
    _t(
        "death",
        r"(?<!walked over )(?<!walks over )(?<!walking over )(?<!walk over )"
        rf"{_VP}\s(?:funeral|memorial(?: service)?|burial|grave|gravestone|headstone|tombstone|coffin|casket)\b",
        0.7,
        "aftermath",
        needs=("funeral", "memorial", "burial", "grave", "headstone", "tombstone", "coffin", "casket"),
    ),
    _t(
        "death",
        rf"\b(?:funeral|memorial|burial)\s(?:service\s)?(?:for|of)\s{_v('obj')}",
        0.7,
        "aftermath",
        needs=("funeral", "memorial", "burial"),
    ),
    _t(
        "dying",
        # Not "dying to know", "dying for a coffee", "dying of embarrassment".
        rf"{_v()}\s(?:was|is|were|lay)\s(?:\w+\s)?(?:dying|bleeding out|fading fast|slipping away)\b"
        r"(?!\s(?:to|for|of (?:laughter|embarrassment|boredom|curiosity|shame|cuteness|thirst for|happiness|joy|delight|"
        r"excitement|anticipation|envy|jealousy|suspense|mortification))\b)",
        0.75,
        needs=("dying", "bleeding out", "fading fast", "slipping away"),
    ),
    _t(
        "dying",
        rf"{_VP}\s(?!(?:whole|entire|very)\s)(?:heart|pulse|breathing|breath|chest)\s(?:\w+\s)?(?:stopped|stilled|stuttered to "
        r"a stop|went still|faltered|slowed)\b" + implied.fear_after(r"[A-Z][a-z]+"),
        # Fear, not death: "his whole heart stopped and he twisted around, screaming", "her heart stopped for a
        # second", "my heart stopped when I saw the letter".
        0.65,
        needs=("stopped", "still", "stuttered", "faltered", "slowed"),
    ),
    _t(
        "death",
        rf"{_VP}\s(?:soul|spirit)\s(?:\w+\s)?(?:departed|fled|left (?:his|her|their|the) body|"
        r"departs|flees|leaves (?:his|her|their|the) body)\b",
        0.7,
        needs=("soul", "spirit"),
    ),
    _t(
        "dying",
        rf"{_VP}\s(?:eyes|gaze)\s(?:\w+\s)?(?:went|grew|turned|glazed)\s(?:over\s)?(?:glassy|dull|empty|dim|blank|vacant|still|sightless|unseeing)\b",
        0.6,
        needs=("glassy", "dull", "empty", "dim", "blank", "vacant", "still", "sightless", "unseeing"),
    ),
    _t("dying", rf"\bwith\s{_VP}\s(?:very\s)?last\s(?:breath|words)\b", 0.7, needs=("breath", "words")),
    # A death scene told by its last things (stop 31, read on real fan fiction: "Marcy's last moments had not
    # been pleasant ones", "with her dying breath"). Not "their last moments together", "his last moments
    # of freedom", "her final breath of summer air", "his famous last words".
    _t(
        "dying",
        rf"(?<!famous\s){_VP}\s(?:very\s)?(?:(?:last|final)\smoments(?=\s(?:had|were|was|came|passed)\b|\s*[,.;:!?])|"
        r"(?:last|final|dying)\sbreaths?(?!\sof\b)|dying\s(?:words|wish))\b",
        0.7,
        needs=("moments", "breath", "dying"),
    ),
    # The dying itself as the subject of a narrated sentence: "dying was a lot slower than she anticipated".
    # Past tense only: "dying is easy" is a saying.
    _t(
        "dying",
        r"\b[Dd]ying\s(?:was|had been)\s(?:a lot\s|much\s|so\s|far\s|nothing\s)?(?:slower|faster|easier|harder|quieter|"
        r"lonelier|colder|quicker|like)\b",
        0.65,
        needs=("dying",),
    ),
    # The body letting go: "his hand went slack on her wrist", "rain falling on his open eyes".
    _t(
        "dying",
        rf"{_VP}\s(?:hand|hands|fingers|grip|body)\s(?:\w+\s)?(?:went|goes|fell|falls|slipped|slips|grew)\s"
        r"(?:slack|limp|from|away from)\b",
        0.6,
        needs=("slack", "limp", "from"),
    ),
    _t(
        "dying",
        rf"\b(?:on|into)\s{_VP}\s(?:open|unblinking|unseeing|sightless)\seyes\b",
        0.6,
        needs=("eyes",),
    ),
    # -- violence (victim the object)
    _t(
        "violence",
        # Present-tense narration too ("He shoots two before they get their rifles up").
        rf"(?:{_A}\s{_ADV})?(?:shot|shoots|stabbed|stabs|slashed|slashes|strangled|strangles|tortured|tortures|"
        rf"bludgeoned|mauled|mauls|impaled|impales|gutted|guts|knifed|pistol-whipped|garrotted|maimed)\s"
        rf"(?:{_v('obj')}\b|(?P<vn>two|three|four|five|six|both|all)\b(?! (?:of us|of you|hours|days|times|weeks|years)))"
        # "shot him a look", "shoots her a text": a glance or a message, not a bullet.
        # Also "shot him a cheeky salute", "a final glower"; "impaled him with that ruthless glare" (stop 31,
        # read on real fan fiction).
        r"(?!\s(?:a|an|another|one|the)\s(?:[\w-]+,?\s){0,2}(?:look|glance|grin|smile|glare|wink|text|message|email|"
        r"question|thumbs-up|nod|frown|smirk|scowl|warning|glower|stare|sneer|leer|salute|wave|signal|grimace|"
        r"side-eye|once-over|eye-roll|kiss)s?\b)"
        r"(?!\swith\s(?:a|an|that|this|one|his|her|their|my|your)\s(?:[\w-]+,?\s){0,2}(?:look|glance|glare|stare|gaze|"
        r"eyes|words?)\b)"
        # "shoots Sherlock looks of intense hatred", "shoots him his 'dear lord, you're stupid' look", "shoots them
        # both annoyed looks".
        r"(?!\s(?:looks|glances|glares|smiles|grins)\b)"
        r"(?!\s(?:his|her|their|my|your|our|both)\s[^.!?\n;]{0,40}?\b(?:look|glance|glare|grin|"
        r"smile|frown|smirk|scowl|stare|glower)s?\b)",
        0.75,
        needs=(
            "shot",
            "shoots",
            "stabbed",
            "stabs",
            "slashes",
            "strangles",
            "tortures",
            "mauls",
            "impales",
            "guts ",
            "slashed",
            "strangled",
            "tortured",
            "bludgeoned",
            "mauled",
            "impaled",
            "gutted",
            "knifed",
            "pistol-whipped",
            "garrotted",
            "maimed",
        ),
    ),
    # A kick under the table is no assault: these count only with more (gore, a second blow).
    _t(
        "violence",
        # Not a thought that strikes: "something struck her", "it struck her that …", "had always struck
        # Martin as lonely" (stop 31, all read on the AO3 development works).
        rf"(?:{_A}\s{_ADV})?(?:punched|punches|kicked|kicks|slapped|slaps|"
        r"(?<!it )(?<!It )(?<!something )(?<!Something )(?<!thought )(?<!idea )(?:struck|strikes)|attacked|attacks|whipped|"
        # "Beat" is a game won unless the blows are told: "beat him bloody / to death / with a bat / until …", not "so
        # I can beat you", "beat me on the math", "beat Manaria by the skin of their teeth".
        r"shoved|backhanded|headbutted|choked|chokes|"
        r"beats?(?=\s(?:him|her|them|me|you|us|[A-Z][\w'’-]+)\s(?:up|down|bloody|senseless|unconscious|to death|to a pulp|"
        r"black and blue|half to death|raw|with|until|till|again|so hard|badly|viciously|savagely)\b))"
        rf"\s{_v('obj')}\b"
        # "beat me at Scrabble", "beat him to it", "beat Taranis easily": a game won, not a blow; "struck him as
        # odd", "strikes Des then, that …"; "kicked her heels", "kicked me out of his house" (not "kicked him off
        # the ridge"); "attacks Jack's mouth" (a kiss); "punches her shoulder lightly" (play).
        r"(?!\s(?:at|to|in|easily|soundly|handily|fair|as|that|then|how|what|heels|out)\b)"
        r"(?!['’]s\s(?:mouth|lips)\b)"
        # "slapped Mara on the back": a friend's greeting.
        r"(?!\s(?:on|across)\s(?:the|his|her|their|my|your)\s(?:back|shoulder|arm)\b)"
        r"(?![^.!?\n]{0,30}\b(?:lightly|playfully|gently|affectionately|teasingly|jokingly|good-naturedly)\b)"
        # "shoved him against the wall and kissed him": a kiss, not a blow.
        r"(?![^.!?\n]{0,80}\bkiss)",
        0.55,
        needs=(
            "punches",
            "kicks",
            "slaps",
            "strikes",
            "attacks",
            "chokes",
            "punched",
            "kicked",
            "slapped",
            "struck",
            "attacked",
            "whipped",
            "shoved",
            "backhanded",
            "headbutted",
            "choked",
            "beat",
        ),
    ),
    _t(
        "violence",
        rf"{_v()}\s(?:was|were|got|gets|is|are|had been|has been)\s{_ADV}(?:shot|stabbed|beaten|attacked|tortured|whipped|mauled|impaled|slashed|strangled|kicked|punched)\b",
        0.75,
        needs=(
            "shot",
            "stabbed",
            "beaten",
            "attacked",
            "tortured",
            "whipped",
            "mauled",
            "impaled",
            "slashed",
            "strangled",
            "kicked",
            "punched",
        ),
    ),
    # A body thrown against something hard: "Kronos had slammed her into the base of the throne", "shoved
    # him against the lockers"; not the wall a kiss pushes someone against.
    _t(
        "violence",
        rf"{_A}\s(?:had\s|has\s)?{_ADV}(?:slammed|slams|smashed|smashes|hurled|hurls|flung|flings|threw|throws|"
        rf"dashed|dashes|shoved|shoves)\s{_v('obj')}\s(?:back\s|hard\s|bodily\s|headfirst\s)?"
        r"(?:into|against|through|onto|down onto)\s(?:the\s|a\s|an\s)?(?:[\w'’]+\s){0,4}?"
        r"(?:wall|walls|floor|ground|table|door|doorframe|throne|pillar|column|tree|car|window|railing|lockers?|"
        r"desk|cobbles|concrete|bars|counter|mirror|post|rocks?|stones?|pavement|tarmac|bulkhead|fence|gate|tiles|"
        r"dirt|mud|bookcase|shelves|ceiling|windscreen|windshield)\b"
        r"(?![^.!?\n]{0,80}\bkiss)",
        0.7,
        needs=(
            "slammed",
            "slams",
            "smashed",
            "smashes",
            "hurled",
            "hurls",
            "flung",
            "flings",
            "threw",
            "throws",
            "dashed",
            "dashes",
            "shoved",
            "shoves",
        ),
    ),
    _t(
        "violence",
        rf"\b(?:bullet|bullets|blade|knife|sword|dagger|arrow|bolt|shrapnel)\s(?:\w+\s)?(?:tore|ripped|went|slammed|punched|sank|slid|plunged|drove|buried itself|bit|cut|caught|hit|struck|pierced)\s"
        rf"(?:\w+\s)?(?:into|through|in|across|deep into)\s{_VP}\s(?:\w+\s)?{_BODY}",
        0.8,
        needs=("bullet", "blade", "knife", "sword", "dagger", "arrow", "bolt", "shrapnel"),
    ),
    # The weapon already in the wound: "steel poking out of his chest", "yanked the sword out of his back".
    _t(
        "violence",
        rf"\b(?:(?:yanked|yanks|pulled|pulls|wrenched|wrenches|ripped|rips|tore|jerked)\s(?:the|a|an|his|her|their)\s"
        rf"(?:\w+\s)?(?:sword|blade|knife|dagger|arrow|bolt|spear|shard|stake|bayonet)\s(?:\w+\s)?(?:out of|from)|"
        rf"{_NOT_PROP}(?:sword|blade|knife|dagger|arrow|bolt|spear|shard|stake|bayonet|steel)\s(?:\w+\s){{0,2}}(?:poking|sticking|"
        rf"jutting|protruding|lodged|buried|embedded)\s(?:out of|from|in|into|deep in)|"
        rf"{_NOT_PROP}(?:sword|blade|knife|dagger|arrow|bolt|spear|stake|bayonet)\s(?:\w+\s)?(?:went|goes|going)\s(?:in|into)\s"
        rf"(?=\S)(?!the\b|a\b|an\b))\s?{_VP}\s(?:\w+\s)?{_BODY}",
        0.8,
        needs=(
            "out of",
            "from",
            "poking",
            "sticking",
            "jutting",
            "protruding",
            "lodged",
            "buried",
            "embedded",
            "into",
        ),
    ),
    _t(
        "violence",
        rf"(?:{_A}\s{_ADV})?(?:broke|snapped|shattered|crushed)\s{_VP}\s(?:nose|jaw|arm|wrist|ribs|leg|neck|fingers|skull)\b",
        0.75,
        "other",
        needs=("broke", "snapped", "shattered", "crushed"),
    ),
    _t("violence", rf"\b(?:slit|cut|opened)\s{_VP}\sthroat\b", 0.85, needs=("throat",)),
    # A blow or a missile landing on a body part: "The first round catches him in the thigh", "The point
    # caught Geralt above the hip", "A claw raked his forearm" (stop 34, read on the work-warnings stories).
    _t(
        "violence",
        rf"\b(?:round|bullet|shot|arrow|bolt|spell|curse|hex|jinx|blast|stone|rock|brick|bottle|shell|dart|"
        rf"pellet|shrapnel|claw|talon|blade|knife|sword|spear|fist|punch|blow|haymaker|right hook|left hook|uppercut)s?\s"
        rf"(?:\w+\s)?(?:catches|caught|hits|hit|takes|took|strikes|struck|finds|found|rakes|raked|slams|slammed)\s"
        rf"{_v('obj')}\s(?:\w+\s)?(?:in|on|across|through|above|below|under|just under|high in|low in)\s"
        rf"(?:the|{POSS})\s(?:side of (?:the|his|her|their|my|your)\s)?(?:\w+\s)?{_LIMB}\b",
        0.7,
        needs=(
            "punch",
            "blow",
            "haymaker",
            "hook",
            "uppercut",
            "round",
            "bullet",
            "shot",
            "arrow",
            "bolt",
            "spell",
            "curse",
            "blast",
            "claw",
            "talon",
            "blade",
            "knife",
            "sword",
            "spear",
            "fist",
            "hex",
            "jinx",
            "stone",
            "rock",
            "brick",
            "bottle",
            "shell",
            "dart",
            "pellet",
            "shrapnel",
        ),
    ),
    # The same told of "it" or "something" ("It hit Neville in the side", "Something hit her in the back,
    # hard"), only where a blow lands on the body: "it hit him in the gut" or "in the chest" is a feeling.
    _t(
        "violence",
        rf"\b(?:[Ii]t|[Ss]omething)\s(?:\w+\s)?(?:catches|caught|hits|hit|strikes|struck|slams|slammed)\s"
        rf"{_v('obj')}\s(?:\w+\s)?(?:in|on|across|above|below|under|just under|high in|low in)\s"
        rf"(?:the|{POSS})\s(?:side of (?:the|his|her|their|my|your)\s)?(?:\w+\s)?{_LIMB_STRUCK}\b",
        0.65,
        needs=("it ", "something"),
    ),
    _t(
        "violence",
        rf"\b(?:claws?|talons?|teeth|fangs|blade|knife|sword|spear|bayonet|axe)\s(?:\w+\s)?(?:raked|rakes|tore|tears|"
        rf"ripped|rips|sank|sinks|opened|opens|slashed|slashes|gouged|gouges|scored|scores|slit|slits|sliced|slices|bit|bites)\s"
        rf"(?:into\s|through\s|across\s|down\s|open\s)?{_VP}\s(?:\w+\s)?{_LIMB}\b",
        0.75,
        needs=("claw", "talon", "teeth", "fangs", "blade", "knife", "sword", "spear", "bayonet", "axe"),
    ),
    # The marks a beating leaves, told afterwards: "He's got a split lip", "a bruise coming up along his
    # jaw" (stop 35); not a black eye from a door or a ball.
    _t(
        "violence",
        rf"(?:\b{_VP}\s(?:\w+\s)?|{_v()}(?:\s(?:has|had|has got|had got|got|gets|wore|wears|sported|sports)|['’]s got)\s"
        rf"(?:a|an)\s(?:\w+\s)?)(?:split lip|black eye|broken nose|busted lip|fat lip|bloody nose)\b"
        rf"(?!\s(?:from|after) (?:walking|a door|the door|a ball|the ball|a puck|the puck|falling|a fall|tripping|the "
        rf"(?:bike|stairs|swing|cupboard)))",
        0.65,
        needs=("split lip", "black eye", "broken nose", "busted lip", "fat lip", "bloody nose"),
    ),
    _t(
        "violence",
        rf"\bbruises?\s(?:\w+\s){{0,2}}?(?:on|along|down|across|over|under)\s{_VP}\s(?:\w+\s)?(?:jaw|cheek|cheekbone|"
        rf"face|eye|temple|throat|neck|ribs)\b",
        0.65,
        needs=("bruise",),
    ),
    # A bite felt: "He felt the teeth in his shoulder".
    _t(
        "violence",
        rf"\b(?:teeth|fangs|talons)\s(?:\w+\s)?(?:in|into|deep in)\s{_VP}\s(?:\w+\s)?{_LIMB}\b",
        0.7,
        needs=("teeth", "fangs", "talons"),
    ),
    # A blade driven home: "drove his sword up under the man's ribs", "pushed his knife into Jon's chest";
    # not "drove the fire sword into the giant's knee" of a game's boss (no person named).
    _t(
        "violence",
        rf"\b(?:drove|drives|plunged|plunges|thrust|thrusts|sank|sinks|pushed|pushes|buried|buries|rammed|rams|jammed|"
        rf"jams|stuck|sticks|ran|runs)\s(?:his|her|their|the|a|my|your|its)\s(?:\w+\s)?{_NOT_PROP}(?:sword|blade|knife|"
        rf"dagger|spear|bayonet|machete|stake|dirk|sabre|saber|lance|pike|sickle|scythe)\s(?:\w+\s){{0,3}}?(?:into|through|"
        rf"under|in under|up under|up into|in)\s(?:{_VP}|the\s(?:\w+\s)?{NOUNS}['’]s|the)\s(?:\w+\s)?{_LIMB}\b",
        0.8,
        needs=(
            "sword",
            "blade",
            "knife",
            "dagger",
            "spear",
            "bayonet",
            "machete",
            "stake",
            "dirk",
            "sabre",
            "saber",
            "lance",
            "pike",
            "sickle",
            "scythe",
        ),
    ),
    # A punch or kick aimed at a person's face or body, not a friendly slap on the back.
    _t(
        "violence",
        rf"(?:{_A}\s{_ADV})?\b(?:kicked|kicks|punched|punches|elbowed|kneed|headbutted|slapped|slaps|"
        rf"backhanded|smacked|socked|clubbed)\s{_v('obj')}\s(?:hard\s|again\s|twice\s|once\s)?(?:in|on|across)\s(?:the|{POSS})\s"
        r"(?:face|head|jaw|mouth|nose|ribs|stomach|gut|groin|temple|throat|teeth|eye|kidneys?|side of the head)\b",
        0.7,
        needs=(
            "kick",
            "punch",
            "elbowed",
            "kneed",
            "headbutted",
            "slap",
            "backhanded",
            "smacked",
            "socked",
            "clubbed",
        ),
    ),
)


_GATES = {t.pattern: re.compile("|".join(map(re.escape, t.needs))) for t in TRIGGERS if t.needs}


def _leads_lower(pattern: str) -> bool:
    """Whether the pattern opens with a lower-case word, which a sentence writes with a capital."""
    lead = re.sub(r"^(?:\\b|\(\?:|\(\?<!?[^)]*\))+", "", pattern)
    return lead[:1].islower()


# "Time of death, 4.06 a.m.", "Life extinct.", "Self-harm was ...": these triggers are also tried at a
# sentence's first letter, lowered (the rest of each pattern stays case-exact: names keep their capitals).
LEADS_LOWER = frozenset(t.pattern for t in TRIGGERS if _leads_lower(t.pattern.pattern))


def could_match(trigger: Trigger, low_sentence: str) -> bool:
    """False only when the trigger cannot match: none of its words is in the (lowercased) sentence."""
    gate = _GATES.get(trigger.pattern)
    return gate is None or gate.search(low_sentence) is not None
