"""Events with participants: who dies, who is hurt, who hurts themselves, and when (issue 15).

Runs after `content_warnings` (and `characters`, when it ran); fills `inferred.events` and
`inferred.self_harm`, and adds suicide / self-harm content warnings the passage models missed
(an attempt told without the word "suicide": a gun to one's own head, a bottle of pills, a ledge).

How an event is read, one sentence at a time, by rules a person can check:
1. **Trigger** (`_triggers`): a pattern per label with slots for the victim (`v`, or the possessor `vp`) and the
   agent (`a`): "Sam died", "she shot him", "the gun to his own temple", "his heart stopped".
2. **Participants**: a slot holds a name, a pronoun or a noun phrase. Names map to the characters
   stage's characters; he/she/him/her to the nearest earlier character mention of that gender in
   the scene (a small rule-based coreference); I/me to the narrator.
3. **Mode**: negated -> no event; hypothetical or feared -> `imagined`; inside a dream that ends
   with waking -> `dream`; a death later reversed (a restarted heart) -> `undone`; told in
   retrospect -> `flashback` when shown in detail, `canon_mentioned` when only referred to.
4. **Severity**: gore cues around the sentence -> `graphic`; retrospective -> `mentioned`.

    >>> work = ficlens.analyze("story.txt")
    >>> [(e.label, e.mode, [p.name for p in e.participants]) for e in work.inferred.events]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ficlens.kb.load import load_kb
from ficlens.model import (
    ORIGINAL_WORK,
    SEVERITY_ORDER,
    UNKNOWN_FANDOM,
    ArchiveWarning,
    Character,
    ContentWarning,
    Event,
    Participant,
    SceneWarning,
    SelfHarmWarning,
    Severity,
    Span,
    Work,
)
from ficlens.registry import stage
from ficlens.stages import _author_word as author_word
from ficlens.stages import _implied_events as implied
from ficlens.stages import _self_harm as told
from ficlens.stages._addressee import addressee, second_person
from ficlens.stages._narrator import addressed
from ficlens.stages._triggers import LEADS_LOWER, NAME, NOUNS, POSS, TRIGGERS, Trigger, could_match
from ficlens.stages.characters import cast, in_spans, quote_spans
from ficlens.stages.coref import FEMALE as _FEMALE
from ficlens.stages.coref import MALE as _MALE
from ficlens.stages.coref import References
from ficlens.stages.warning_encoders import split_sentences
from ficlens.stages.warning_lexicons import EXPLICIT_SEX, INTIMATE, SEX_ACT, SOFT_SEXUAL, negated

# ---- mode and severity cues ------------------------------------------------------------------------
_HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|imagin\w*|what if|afraid|feared|fear|fearing|scared|worried|terrified|almost|nearly|"
    r"wish\w*|going to|gonna|pretend\w*|jok\w*|threaten\w*|should have|could have|will|'ll|may|picture\w*|"
    r"thought (?:he|she|they|i|you) (?:was|were|had)|convinced|sure (?:he|she|they|i) (?:was|would))\b|"
    # "he'd die for her" is would; "he'd given her the short version" is had.
    r"\w'd\b(?!\s+(?:\w+ly\s+)?(?:been|given|gone|done|seen|told|had|known|taken|written|said|made|\w+ed)\b)"
)
_DREAM_WORD = re.compile(r"\b(?:dream\w*|nightmares?)\b", re.IGNORECASE)
_WAKE = re.compile(
    r"\b(?:woke|wakes|awoke|awake|waking|jolted awake|jerked awake|startled awake|sat bolt upright|bolted upright)\b",
    re.IGNORECASE,
)
_REVIVE = re.compile(
    r"\b(?:(?:heart|pulse)\s(?:\w+\s)?(?:started|restarted|stuttered back|kicked back|beat again|started beating|came back|returned)|"
    r"(?:gasped|coughed|sputtered|spluttered)\s(?:back\s)?(?:to life|awake|for air|into life)|breath(?:ed|ing|es)? again|"
    r"brought (?:him|her|them|me) back|came back to life|(?:rose|rises|risen|rising) from the dead|resurrect\w*|reviv\w*|"
    r"(?:wasn['’]t|isn['’]t|was not|is not|weren['’]t) dead|alive after all|still alive|"
    # not the turn itself: "I was alive, and then I was not"
    r"(?:was|is) alive(?!,? (?:and )?(?:then |a (?:second|moment) later,? )?(?:\w+ )?(?:was|is|were)(?:n['’]t| not| no longer)\b)|"
    r"(?:his|her|their|my) (?:chest|ribs) (?:rose|lifted|moved)|defibrillat\w*|"
    # the immortal's return: "came back the way he always did", wounds closing, sitting bolt upright
    r"(?:came|comes|coming) back (?:the way|as) (?:he|she|they|i|you) always (?:did|does|do)|"
    r"(?:sits?|sat|jerks?|jerked|surges?|surged) (?:bolt )?upright with a (?:\w+ ){0,2}?gasp|"
    r"knitting (?:itself|themselves) (?:back )?together|"
    r"(?:wound|wounds|holes?)(?: in (?:his|her|their|my) \w+)? (?:already )?(?:clos(?:e|es|ed|ing)|heal(?:s|ed|ing)?))\b",
    re.IGNORECASE,
)
# Remembering, not "could not afterwards remember" (a name forgotten is no memory told).
_REMEMBERED = r"(?<!\bnot )(?<!n['’]t )(?<!never )(?<!not afterwards )(?<!n['’]t afterwards )\bremember\w*"
_RETRO = re.compile(
    _REMEMBERED + r"|"
    r"\b(?:years? ago|months? ago|weeks? ago|long ago|used to|back when|memor(?:y|ies)|anniversary|ever since|since|"
    r"had (?:been )?(?:died|killed|drowned|murdered|shot)|the day (?:he|she|they|\w+) died|in the war|once|before the story|"
    r"the (?:place|spot|room|bed|ground|floor|stones?) where (?:he|she|they|\w+) (?:had )?died|"
    r"(?:a )?(?:few |couple of )?(?:years|months) back|when (?:he|she|i|they|we|you|\w+) (?:was|were) (?:a |an )?(?:\w+ )?(?:years? old|child|kid|boy|girl|baby|little|young|small|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen)|late (?:husband|wife|father|mother|brother|sister)|(?:years?|months?) (?:earlier|before))\b"
)
_GORE_STRONG = re.compile(
    r"\b(?:brains?|brain matter|entrails|intestines|guts|gutted|viscera|spurt\w*|gush\w*|splatter\w*|spatter\w*|"
    r"sprayed|exit wound|skull (?:cracked|split|shattered|caved|burst)|bone (?:snapped|cracked|splintered|jutted)|"
    r"tore open|ripped open|gaping|severed|mangled|pulp\w*|arterial|bone poking|torn flesh)\b"
)
_GORE_WEAK = re.compile(
    r"\b(?:blood\w*|bleed\w*|bled|wound\w*|flesh|bone|bones|gore|raw|slick|dripping|pooled|pooling|hole in|choked on)\b"
)
_DEFAULT_SEVERITY = {"suicidal_ideation": "mentioned"}
# A name the trigger slot caught that is no person: "Nothing died", "Part of him died".
_NOT_PERSON = frozenset(
    "it something nothing everything part hope time love silence light the this that there then what when "
    "everyone someone nobody anybody somebody no one all".split()
)
_FIRST = frozenset("i me my myself we us our".split())
_SECOND = frozenset("you your yourself".split())
_PLURAL = frozenset("they them their themselves".split())
_PRONOUNS = _MALE | _FEMALE | _FIRST | _SECOND | _PLURAL
_SUBJECT_FORM = {"himself": "he", "herself": "she"}
# Gore within this many characters either side of the trigger makes it graphic.
GORE_WINDOW = 240
# Main or recurring: at least this share of the most-named character's mentions (and 3 mentions).
MAIN_SHARE = 0.2
# Ideation is about the character's own state, so it is never dropped for a negation before it.
_NO_NEGATION_CHECK = frozenset({"suicidal_ideation"})


# "Dear Dr Okafor," alone on its line opens a letter to that person.
_SALUTATION = re.compile(r"(?m)^[ \t]*(?:Dear|Dearest|My dearest|My dear)\s+([^,\n]{1,40}?),?[ \t]*$")


@dataclass
class _Ref:
    name: str
    character: str | None
    main: bool
    via_pronoun: bool = False


def _quotes(work: Work) -> list[tuple[int, int]]:
    """The work's direct-speech spans, found once: the cast and the MCD verdict (run again by the
    rating stage) both ask."""
    if "events.quotes" not in work.cache:
        work.cache["events.quotes"] = quote_spans(work.text)
    return work.cache["events.quotes"]


class _Cast:
    """Characters, their mentions and gender, for resolving names and pronouns."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.quotes = _quotes(work)
        self._titles: dict[str, int] = {}
        chars: list[Character] = work.inferred.characters
        self.refs = References.of(work, self.quotes)
        self.quote_starts = self.refs.quote_starts
        self.mention_starts = self.refs.mention_starts
        self.mention_chars = self.refs.mention_chars
        self.by_form: dict[str, Character] = {}
        for c in chars:
            for form in [c.name, *c.aliases]:
                self.by_form.setdefault(form.lower(), c)
        self.by_word = self.refs.by_word
        on_cast = cast(chars)
        top = max((len(c.mentions) for c in chars), default=0)
        long_list = load_kb().long_list if any(c.canonical for c in chars) else set()
        self.main = {
            c.name
            for c in chars
            if c.role == "main"
            or (c in on_cast and len(c.mentions) >= max(3, MAIN_SHARE * top))
            or c in on_cast[:2]
            # A canon character of a known fandom (the KB names it) recurs across the canon; not one the
            # KB knows only from a long list of every person of the canon.
            or (c.canonical is not None and c in on_cast and c.canonical not in long_list)
        }
        pov = work.inferred.pov
        self.first_person = bool(pov and pov.person == "first")
        # Without the pov stage, a cheap count of "you" against I/he/she outside dialogue.
        self.second_person = second_person(work, self.quotes)
        self.narrator = pov.focal_character if pov and pov.person == "first" else None
        # "you" is a character when the story is told to someone: second person, or letters to "you".
        text = work.text
        yous = [m.start() for m in re.finditer(r"\b(?:you|your)\b", text, re.IGNORECASE)]
        outside = sum(not in_spans(y, self.quotes) for y in yous[:2000])
        self.you_main = self.second_person or outside >= max(15, len(text) // 1000)
        # Letters or an elegy to "you" in a first-person story: "you" is the most-named character,
        # unless a letter opens with whom it is to ("Dear Nani,").
        # A name "I" calls "you" by ('"Tomasz. I finished it," I tell you') makes "you" that person.
        named = None if self.second_person else addressed(work, self.quotes)
        self.you_main = self.you_main or named is not None
        self.addressee = named or (
            on_cast[0].name if self.you_main and not self.second_person and on_cast else None
        )
        # A second-person story's "you" when the text names them ("your name is Kaidan"): a main character.
        # Events are read for "you" as when unnamed, and the name is put on them at the end (`_name_you`),
        # so naming "you" never changes whether a death happened.
        self.you_name = addressee(work, self.second_person, self.quotes)
        if self.you_name:
            self.main.add(self.you_name)
        self.salutations = [(m.start(), m.group(1).strip()) for m in _SALUTATION.finditer(text)]
        if len(self.salutations) >= 2:
            # Letters back and forth: whoever they are written to is one of the story's correspondents.
            for _, name in self.salutations:
                c = self.character(name)
                if c is not None:
                    self.main.add(c.name)

    def letter_to(self, at: int) -> _Ref | None:
        """Whom the letter around `at` is written to, from its salutation line; None outside letters."""
        k = bisect.bisect_right([s for s, _ in self.salutations], at) - 1
        if k < 0:
            return None
        name = self.salutations[k][1]
        c = self.character(name)
        return _Ref(c.name, c.name, c.name in self.main) if c else _Ref(name, None, False)

    def title_count(self, title: str) -> int:
        """How often a title ("Fuhrer") is written in the work; counted once per title."""
        if title not in self._titles:
            self._titles[title] = len(re.findall(r"\b" + re.escape(title) + r"\b", self.work.text))
        return self._titles[title]

    def speaker(self, at: int) -> Character | None:
        return self.refs.speaker(at)

    def character(self, name: str) -> Character | None:
        low = name.lower()
        if low in self.by_form:
            return self.by_form[low]
        for w in low.split():
            if w in self.by_word:
                return self.by_word[w]
        return None

    def pronoun(
        self, word: str, at: int, floor: int, exclude: str | None = None, quoted: bool = True
    ) -> Character | None:
        return self.refs.pronoun(word, at, floor, exclude, quoted)


def _resolve(
    ref: str, at: int, floor: int, people: _Cast, exclude: str | None = None, quoted: bool = True
) -> _Ref | None:
    """Who a slot's text refers to, or None when it is no person ("Nothing died")."""
    ref = re.sub(r"['’]s$", "", ref.strip())
    if len(ref) > 2 and ref.isupper():
        ref = ref.title()  # a headline or an obituary: "DANA MARIE WELLS, 34, died"
    low = ref.lower()
    if low in _FIRST and in_spans(at, people.quotes):
        # "I just died," Bill said: "I" is whoever speaks.
        c = people.speaker(at)
        if c is None and people.first_person and people.refs.by_narrator(at):
            # '"I took all of them," I said': the story's own "I".
            return _Ref(people.narrator or "the narrator", people.narrator, True)
        return _Ref(c.name, c.name, c.name in people.main) if c else _Ref("a speaker", None, False)
    if low in _FIRST:
        if not people.first_person:
            return _Ref("the narrator", people.narrator, True) if low in ("i", "me", "my", "myself") else None
        return _Ref(people.narrator or "the narrator", people.narrator, True)
    if low in _SECOND:
        if in_spans(at, people.quotes):
            return _Ref("you", None, False)
        letter = people.letter_to(at) if people.salutations else None
        if letter is not None:
            return letter
        return _Ref(people.addressee or "you", people.addressee, people.you_main)
    if low in _PLURAL:
        return _Ref("them", None, False)
    if low in _MALE or low in _FEMALE:
        if in_spans(at, people.quotes):
            # In dialogue "he" is whoever the speakers mean, rarely the last man named.
            return _Ref(low, None, False)
        c = people.pronoun(low, at, floor, exclude, quoted)
        if c is None:
            return _Ref(_SUBJECT_FORM.get(low, low), None, False, True)  # "herself" unplaced is "she"
        return _Ref(c.name, c.name, c.name in people.main, True)
    if low.startswith("the ") and ref[4:].lower() in _TITLES and people.character(ref[4:]) is None:
        # "the Fuhrer", "the Doctor": a title used as a name; recurring when named often.
        return _Ref(ref, None, people.title_count(ref[4:]) >= 4)
    words = ref.split()
    # A sentence-initial word caught with the name ("Suddenly Sam"): drop it.
    while words and (
        words[0].lower() in _NOT_PERSON or (people.character(words[0]) is None and len(words) > 1)
    ):
        if people.character(" ".join(words)) is not None:
            break
        words = words[1:]
    if not words:
        return None
    ref = " ".join(words)
    c = people.character(ref)
    if c is None and len(words) > 1:
        # "Dana Marie Wells" where the story otherwise calls her only "Dana".
        first = people.character(words[0])
        c = first if first is not None and " " not in first.name else None
    if c is not None:
        return _Ref(c.name, c.name, c.name in people.main)
    if ref[:1].isupper() and " " not in ref and ref.lower() in _COMMON_CAPS:
        return None
    return _Ref(ref if ref[:1].isupper() else ref.lower(), None, False)


# Titles that stand for one person when capitalised after "the": "the Fuhrer", "the Doctor".
_TITLES = frozenset(
    "fuhrer führer king queen doctor captain master emperor empress prince princess general commander "
    "president chancellor lord lady colonel major professor inspector admiral pope duke duchess baron "
    "count countess sheriff chief judge prophet avatar champion hero regent tsar czar khan sultan pharaoh "
    "director senator governor mayor warden abbot bishop shogun marshal sergeant lieutenant".split()
)
_SENTENCE_STARTERS = frozenset(
    "The He She They I It We You But And Then When What His Her Their There This That So Not No Yes Now".split()
)
_COMMON_CAPS = _NOT_PERSON | frozenset(
    "he she they we you i his her their my your our and but so yet still now later after before".split()
)


@dataclass
class _Found:
    label: str
    severity: str
    mode: str
    scene: int
    confidence: float
    victim: _Ref | None
    agent: _Ref | None
    span: tuple[int, int]
    kind: str


# Every trigger needs one of these words: sentences without any are never read by the triggers
# (most of a story), which keeps the stage a small share of content_warnings' time.
_PREFILTER_LOW = re.compile(
    r"\b(?:di(?:e|ed|es|ing)|dead|death|kill\w*|murder\w*|execut\w*|slain|assassinat\w*|behead\w*|suicid\w*|"
    r"overdos\w*|drown\w*|bled|bleeding|breathed|stopped breathing|stop breathing|passed away|make it|pronounced|declared|own life|"
    r"(?:him|her|my|them|your|our)sel(?:f|ves)|self|cut|cutting|disappear|pills|tablets|capsules|bottles?|ledge|parapet|edge|railing|noose|wrists?|stomach|guns?|pistol|"
    r"revolver|barrel|muzzle|glock|razor|blade|knife|scissors|compass|lighter|scars|cuts|lines|shot|shoots|stab\w*|"
    r"strikes|guts|"
    r"punch\w*|kick\w*|slap\w*|struck|beat|beaten|slash\w*|strangl\w*|attack\w*|tortur\w*|whip\w*|"
    r"bludgeon\w*|maul\w*|impal\w*|gutted|knifed|choked|shoved|backhanded|headbutted|garrott?ed|maimed|"
    r"bullets?|sword|dagger|arrow|bolt|spear|bayonet|lodged|embedded|shrapnel|broke|snapped|shattered|crushed|throat|stopped|stilled|stuttered|"
    r"faltered|slowed|still|glassy|dull|empty|dim|blank|vacant|sightless|unseeing|glazed|corpse|lifeless|limp|"
    r"exist|alive|live|living|wake|end it|better off|reason to|ending|waking|stepping|jumping|easy|harm\w*|"
    r"injur\w*|mutilat\w*|burn\w*|hurt\w*|hanged|hung|poisoned|pumped|last|slipping|fading|time of|funeral|memorial|"
    r"slack|slips|slipped|open eyes|unseeing eyes|railing|parapet|guardrail|balustrade|wrong side|cabinet|charcoal|"
    r"burial|grave|gravestone|headstone|tombstone|coffin|casket|urn|ashes|wake|woke|woken|surviv\w*|succumb\w*|"
    r"lost|slipped away|body|buried|cremated|dying|slaughter\w*|chok\w*|breath\w*|painkillers|be here|go on|took|extinct|"
    r"perished|expired|ghost|passed on|passed peacefully|passed quietly|last time|final time|final moments|departed|"
    r"(?:his|her|their|my|your) (?:eternal )?(?:rest|reward)|"
    r"rounds?|spells?|curses?|blasts?|claws?|talons?|teeth|fangs|fists?|axe|machete|stake|dirk|sabre|saber|lance|pike|"
    r"sickle|scythe|elbowed|kneed|smacked|socked|clubbed|blows?|haymakers?|hooks?|uppercuts?|"
    r"hex(?:es)?|jinx(?:es)?|stones?|rocks?|bricks?|shells?|darts?|pellets?|it hit|something hit|it caught|"
    r"something caught|it struck|something struck|it slammed|something slammed|"
    r"slammed|slams|smashed|smashes|hurled|hurls|flung|flings|threw|throws|dashed|dashes|shoves|"
    r"split lip|black eye|broken nose|busted lip|fat lip|bloody nose|bruises?|"
    r"maker|gathered|crossed over|at sea|went down|no more|taken from|never saw|"
    r"passes away|drowns|bleeds|stops breathing|wakes|perishes|gives up the ghost|passes peacefully|slips away|"
    r"kills|murders|executes|slaughters|assassinates|beheads|hang|hangs|shoots|stabs|strangles|"
    r"passed (?:in|during|before)|passes (?:in|during|before)|angels|laid|in state|soul|spirit|throat|heart|again|get up|got up)\b"
)
# Matched against the lowercased text: a case-blind regex over a whole long work is ~5x slower.
_PREFILTER = re.compile(_PREFILTER_LOW.pattern, re.IGNORECASE)


def _lowered(work: Work) -> str | None:
    """The work's text lowercased, once; None when lowercasing would shift offsets (e.g. "İ")."""
    if "events.low" not in work.cache:
        low = work.text.lower()
        work.cache["events.low"] = low if len(low) == len(work.text) else None
    return work.cache["events.low"]


def _low(work: Work) -> str:
    """The lowercased text for cue searches, once per work (rare letters like "İ" may shift offsets there)."""
    low = _lowered(work)
    if low is None:
        low = work.cache.get("events.low_any")
        if low is None:
            low = work.cache["events.low_any"] = work.text.lower()
    return low


def _sentences(work: Work) -> Iterator[tuple[int, int, int, int]]:
    """(scene index, scene start, sentence start, sentence end) of the prose sentences a trigger could match."""
    scenes = work.scenes
    pieces = [(s.index, s.start, p) for s in scenes for p in work.prose(s)]
    if not scenes:
        pieces = [(0, 0, p) for p in work.prose()]
    text = work.text
    low = _lowered(work)
    for index, scene_start, piece in pieces:
        if low is not None:
            cues = [m.start() for m in _PREFILTER_LOW.finditer(low, piece.start, piece.end)]
        else:
            cues = [m.start() for m in _PREFILTER.finditer(text, piece.start, piece.end)]
        if not cues:
            continue
        for a, b in split_sentences(text, piece.start, piece.end):
            k = bisect.bisect_left(cues, a)
            if k < len(cues) and cues[k] < b:
                yield index, scene_start, a, b


# Fiction inside the story (a film, a play, a show being watched): its deaths happen to no one here.
_MEDIA = re.compile(
    r"\b(?:film|movie|cinema|actors?|actress|auditorium|the play|on stage|the show|television|documentary|"
    r"the credits|the trailer|backstage|stage lights|curtain call|the stage|holosuite|holodeck|holographic|hologram|simulation|simulator|video ?games?|"
    r"respawn\w*|game over|virtual reality|the safeties|save point|extra li(?:fe|ves))\b",
    re.IGNORECASE,
)
MEDIA_REACH = 600
# A screen named only to say life is not like one: "It isn't like a movie. There's no music."
_LIKE_A = re.compile(r"\blike\s(?:in\s)?(?:a|an|the|some|one of those)?\s?(?:\w+\s)?$", re.IGNORECASE)


def _watched(text: str, lo: int, hi: int) -> bool:
    """A film, a play or a game is on in the stretch `lo:hi`, not only a comparison with one."""
    return any(
        not _LIKE_A.search(text, max(lo, m.start() - 30), m.start()) for m in _MEDIA.finditer(text, lo, hi)
    )


# How far into the next scene (characters) a waking still ends the dream of the scene before.
DREAM_CUT = 200
_ACTED_LABELS = frozenset({"death", "dying", "violence"})
# A death planned or known to be faked, told before it: "He's going to fake die", "faked her death".
_FAKED = re.compile(
    r"\bfak(?:e|ed|es|ing) (?:(?:his|her|their|my|your|a|its) )?(?:own )?(?:death|dying|die|dead)\b|"
    r"\bplay(?:s|ed|ing)? dead\b|\bpretend(?:s|ed|ing)? to (?:be dead|die)\b"
)
FAKED_REACH = 3000


# A "sentence" longer than this is read for an event's mode only around the event: a run-on page with
# no full stop (hostile input, or stream of consciousness) would otherwise cost its whole length per event.
MODE_REACH = 400


def _mode(
    work: Work, label: str, sent: tuple[int, int], m_start: int, scene_end: int, scene_start: int
) -> str | None:
    text = work.text
    if sent[1] - sent[0] > 2 * MODE_REACH:
        sent = (max(sent[0], m_start - MODE_REACH), min(sent[1], m_start + MODE_REACH))
    low = text[sent[0] : sent[1]].lower().replace("’", "'")
    pos = m_start - sent[0]
    before = low[max(0, pos - 80) : pos]
    if label not in _NO_NEGATION_CHECK and negated(before):
        return None
    # Dreamt: a dream word before the event in the scene and waking after it, or waking then "a dream".
    wake = _WAKE.search(text, sent[1], min(scene_end, sent[1] + 2500))
    woke_next = False
    if wake is None and scene_end - sent[1] < 2500:
        # The dream's scene ends on the death and the next one opens on waking ("* * * She woke screaming").
        wake = _WAKE.search(text, scene_end, min(len(text), scene_end + DREAM_CUT))
        woke_next = wake is not None
    # A killing told in retrospect beside talk of dreams ("she's had the dreams ... her parents were killed by
    # raiders when she was barely old enough to remember it") is a memory, unless its own sentence dreams it.
    relative = _RELATIVE.search(low, pos)
    retro = _RETRO.search(low[: relative.start()] if relative else low)
    if retro and not _DREAM_WORD.search(low):
        wake = None
    if wake is not None:
        dream_before = _DREAM_WORD.search(text, max(scene_start, sent[0] - 2500), sent[1])
        dream_after = not woke_next and _DREAM_WORD.search(
            text, wake.start(), min(scene_end, wake.end() + 300)
        )
        if dream_before or dream_after:
            return "dream"
    if label == "suicidal_ideation":
        return "present"
    if _HYPOTHETICAL.search(before):
        return "imagined"
    if label in _ACTED_LABELS and _watched(text, max(scene_start, sent[0] - MEDIA_REACH), sent[0]):
        return "imagined"  # Achilles kills Hector on a cinema screen: seen, not lived
    # A relative clause after the event tells about someone else's past: "Neji died ... between his
    # cousin and the boy who had once beaten him" is a death now (`retro` above reads only before it).
    if retro:
        return "flashback" if _GORE_STRONG.search(low) or _GORE_WEAK.search(low) else "canon_mentioned"
    return "present"


# A simile after the event is no time of the story's: "sat down in the grass as if he had just remembered
# something" is a shot now, not a memory.
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|as if|as though)\b")


# In dialogue, a death in the present tense is news of now ("Jake is dead"); in the past, a memory.
# A coordinated clause whose subject is a name: ", and Trevor takes", "while Mara watched".
_AND_NAME = re.compile(
    r"[,;]?\s(?:and|but|while|as|so)\s([A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?)\s(?!and\b|or\b)[a-z]+"
)
# Said of a death happening as it is spoken: "he's dead", "she's dying", a doctor calling "Time of death".
_NOW_DEAD = re.compile(
    r"(?:\bis|['’]s|\bare)\s(?:\w+\s)?dead\b|\bdies\b|\bdying\b|\btime of death\b|\blife extinct\b",
    re.IGNORECASE,
)


def _severity(work: Work, label: str, mode: str, m: tuple[int, int], kind: str = "") -> str:
    if mode == "canon_mentioned" or kind == "aftermath":
        return "mentioned"
    if label in ("suicidal_ideation",):
        return "mentioned"
    low = work.text[max(0, m[0] - GORE_WINDOW) : m[1] + GORE_WINDOW].lower()
    if label in ("violence", "death", "dying", "suicide_attempt", "self_harm"):
        strong = len(_GORE_STRONG.findall(low))
        weak = len(_GORE_WEAK.findall(low))
        if (strong >= 1 and strong + weak >= 2) or weak >= 3:
            return "graphic"
    return _DEFAULT_SEVERITY.get(label, "depicted")


_REVIVE_STRONG = re.compile(
    r"\b(?:reviv\w*|resurrect\w*|brought (?:him|her|them|me|you) back|came back to life|alive again|back from the dead|"
    r"(?:time )?loop\w*|reset\w*|rewound|undid|undone|(?:wasn['’]t|isn['’]t|was not|is not|weren['’]t) dead|"
    r"not dead after all|(?:heart|pulse)\s(?:\w+\s)?(?:started|restarted|beat again|started beating))\b",
    re.IGNORECASE,
)
_ACTS = re.compile(
    r"(?:said|says|asked|asks|smiled|smiles|laughed|laughs|grinned|grins|nodded|nods|walked|walks|looked|looks|"
    r"shouted|shouts|whispered|whispers|replied|replies|sighed|sighs|turned|turns|opened|opens|stood|stands|sat|sits)\b"
)


# How far after a death (characters) the dead acting again is looked for: a chapter or so.
ACTS_REACH = 30_000


# A line of dialogue given to a name after it: "'Sorry I'm late, sir,' says Kara Thrace."
_SAYS_BEFORE = re.compile(r"[,.!?—-][\"”]\s(?:says|said|asks|asked|replies|replied|calls|called)\s$")


def _acts_later(work: Work, people: _Cast, victim: _Ref | None, after: int, told: bool = False) -> bool:
    """The dead character speaks or acts twice or more later on, outside dialogue: the death did not last.
    A death only said aloud (`told`: "Kara is dead, Bill") is undone by one later line of theirs."""
    if victim is None or victim.character is None:
        return False
    text = work.text
    k = bisect.bisect_left(people.mention_starts, after)
    acts = 0
    stop = bisect.bisect_left(people.mention_starts, after + ACTS_REACH)
    for start, c in zip(people.mention_starts[k:stop], people.mention_chars[k:stop], strict=True):
        if c.name != victim.character or in_spans(start, people.quotes):
            continue
        how = _acts_at(text, start)
        if how == "acts":
            acts += 1
        elif told and how == "says":
            acts += 2
        if acts >= 2:
            return True
    return False


def _acts_at(text: str, start: int) -> str | None:
    """How the name at `start` is on the page: "acts" (the verb right after it, or after one adverb: "Bill
    said", "Bill slowly turned"), "says" (a dialogue line given to it: '"…," says Kara'), else None."""
    words = text[start : start + 60].split()
    if any(_ACTS.fullmatch(w.strip(".,;:!?")) for w in words[1:3]):
        return "acts"
    if _SAYS_BEFORE.search(text, max(0, start - 12), start):
        return "says"
    return None


# A death long before the story's now: "He has been dead for nearly thirty years".
_LONG_DEAD = re.compile(
    r"\b(?:has|had|have|'s|’s) been dead (?:for )?(?:(?:nearly|almost|over|more than|about|some|well over|close to) )?"
    r"(?:\w+ )?(?:years|decades|centuries|lifetimes)\b",
    re.IGNORECASE,
)


def _alive_on_page(work: Work, people: _Cast, character: str) -> bool:
    """The character acts twice or more anywhere in the story, outside dialogue ("Stark said", "says Stark")."""
    text = work.text
    acts = 0
    for start, c in zip(people.mention_starts, people.mention_chars, strict=True):
        if c.name != character or in_spans(start, people.quotes):
            continue
        if _acts_at(text, start):
            acts += 1
            if acts >= 2:
                return True
    return False


def _undone(
    work: Work, victim: _Ref | None, after: int, people: _Cast | None = None, told: bool = False
) -> bool:
    """A death reversed later: a revival cue after it that does not name someone else, or the dead acting again."""
    text = work.text
    if people is not None and _acts_later(work, people, victim, after, told):
        return True
    # Also just before: "We brought you back. ... You died." tells a death already reversed.
    # One pass over the work for the strong cues (a long work has many deaths), then a bisection per death.
    if "events.revive" not in work.cache:
        found = list(_REVIVE_STRONG.finditer(text))
        work.cache["events.revive"] = (found, [m.start() for m in found])
    cues, starts = work.cache["events.revive"]
    low = _low(work)
    if implied.ALIVE.search(low, after, min(len(text), after + 6000)):
        return True  # "You're alive," / "I thought you were dead": the death was a false belief
    k = bisect.bisect_left(starts, max(0, after - 800))
    if any(_names_fit(text, m, victim) for m in cues[k:]):
        return True
    return any(
        _names_fit(text, m, victim) for m in _REVIVE.finditer(text, after, min(len(text), after + 6000))
    )


def _names_fit(text: str, m: re.Match[str], victim: _Ref | None) -> bool:
    """True when the revival cue's surroundings name nobody, or name the victim."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    window = text[max(line_start, m.start() - 150) : m.end() + 60]
    names = set(re.findall(NAME, window)) - _SENTENCE_STARTERS
    return (
        victim is None
        or victim.character is None
        or not names
        or any(victim.name.split()[0] in n for n in names)
    )


def _dead_while_acting(work: Work, people: _Cast, found: list[_Found]) -> None:
    """A death the narration states again in a later scene, with no revival cue anywhere after the first,
    stands although the dead act between: a ghost, an afterlife, a story told out of order ("Dietrich
    Bronner is dead", and three scenes on "he was dead, so what did it matter?")."""
    by_victim: dict[str, list[_Found]] = {}
    for f in found:
        if (
            f.label == "death"
            and f.mode in ("present", "undone")
            and f.severity != "mentioned"
            and f.victim is not None
            and f.victim.character
            and not in_spans(f.span[0], people.quotes)
        ):
            by_victim.setdefault(f.victim.character, []).append(f)
    for deaths in by_victim.values():
        if len({f.scene for f in deaths}) < 2 or all(f.mode == "present" for f in deaths):
            continue
        first = min(deaths, key=lambda f: f.span[0])
        if _undone(work, first.victim, first.span[1]):
            continue  # a revival cue: the death was reversed, and later lines may recall it
        for f in deaths:
            f.mode = "present"


def _after_an_undone_death(found: list[_Found]) -> None:
    """A death of someone whose earlier death the story undid is told again later only in retrospect or
    as the same death ("over the place where he died this morning"): undone as well."""
    undone: dict[str, int] = {}
    for f in sorted(found, key=lambda f: f.span[0]):
        who = f.victim.character if f.victim else None
        if f.label != "death" or who is None:
            continue
        if f.mode == "undone":
            undone.setdefault(who, f.span[0])
        elif f.mode == "present" and who in undone:
            f.mode = "undone"


_FIRST_LETTER = re.compile(r"[^\W\d_]")


def _named_between(people: _Cast, name: str, lo: int, hi: int) -> bool:
    """Is `name` named (outside dialogue) between `lo` and `hi`?"""
    k = bisect.bisect_left(people.mention_starts, lo)
    for start, c in zip(people.mention_starts[k:], people.mention_chars[k:], strict=False):
        if start >= hi:
            return False
        if c.name == name and not in_spans(start, people.quotes):
            return True
    return False


def find_events(work: Work, people: _Cast | None = None) -> list[_Found]:
    """Every trigger in the story prose, with participants, mode and severity."""
    people = people or _Cast(work)
    text = work.text
    quotes = people.quotes
    scene_end = {s.index: s.end for s in work.scenes}
    found: list[_Found] = []
    for scene, scene_start, a, b in _sentences(work):
        sentence = text[a:b]
        low_sentence = sentence.lower()
        first = _FIRST_LETTER.search(sentence)
        lowered_first = (
            sentence[: first.start()] + first.group(0).lower() + sentence[first.end() :]
            if first and first.group(0).isupper()
            else None
        )
        claimed: list[tuple[int, int]] = []
        for trig in TRIGGERS:
            if not could_match(trig, low_sentence) or (trig.kind == "second" and not people.second_person):
                continue  # "you die" is a death told in the second person only, not "I hope you die"
            matches: list[re.Match[str]] = []
            if lowered_first is not None and first is not None and trig.pattern in LEADS_LOWER:
                opening = trig.pattern.match(lowered_first, first.start())
                if opening is not None:
                    matches.append(opening)
            matches.extend(trig.pattern.finditer(sentence))
            for m in matches:
                span = (a + m.start(), a + m.end())
                if any(s < span[1] and span[0] < e for s, e in claimed):
                    continue  # one reading per stretch of text: the earlier (more specific) trigger wins
                if (
                    trig.label == "suicidal_ideation"
                    and in_spans(span[0], quotes)
                    and re.search(
                        r"\b(?:laugh\w*|grin\w*|joke\w*|embarrass\w*|bored|boring)\b", sentence, re.IGNORECASE
                    )
                ):
                    continue  # "I want to die," she laughed
                mode = _mode(work, trig.label, (a, b), span[0], scene_end.get(scene, b), scene_start)
                if mode is None:
                    continue
                if trig.label in ("death", "dying") and _HYPERBOLE.match(
                    text, m.end() + a, min(len(text), b + 40)
                ):
                    continue  # "the party killed me tonight. In the best way.": a night that delighted
                if (
                    mode == "present"
                    and trig.label in ("death", "dying")
                    and in_spans(span[0], quotes)
                    and not _NOW_DEAD.search(m.group(0))
                ):
                    mode = "canon_mentioned"  # "Zack died because of me": told, not happening
                elif (
                    mode == "present"
                    and trig.label == "death"
                    and in_spans(span[0], quotes)
                    and "dead" in m.group(0)
                ):
                    # "Julia Child's dead, angel": news of someone outside the story's cast is told, not happening.
                    v = m.groupdict().get("v")
                    if v and v[:1].isupper() and v.split()[0] not in ("He", "She", "I", "They", "You", "We"):
                        c = people.character(re.sub(r"['’]s$", "", v))
                        if c is None or c.name not in people.main:
                            mode = "canon_mentioned"
                groups = m.groupdict()
                # "He has been dead for thirty years": background, and never the one acting on the page.
                long_dead = trig.label == "death" and _LONG_DEAD.search(sentence, m.start()) is not None
                agent = victim = None
                if groups.get("a"):
                    agent = _resolve(groups["a"], a + m.start("a"), scene_start, people)
                slot = "v" if groups.get("v") else "vp" if groups.get("vp") else None
                if slot == "v" and groups.get("app") and people.character(groups["app"]) is not None:
                    slot = "app"  # the named one of "the Flame Hashira, Kyojuro Rengoku, died"
                if slot:
                    victim = _resolve(
                        groups[slot],
                        a + m.start(slot),
                        scene_start,
                        people,
                        # "X broke his arm": "his" may well be X, so the agent is not ruled out there.
                        agent.character if agent and trig.kind != "other" else None,
                    )
                    if victim is not None and victim.via_pronoun and victim.character:
                        # "He dies ..., and Trevor closes his eyes for him": the one named acting next is not "he".
                        after = _AND_NAME.search(sentence, m.end())
                        named = people.character(after.group(1)) if after else None
                        if named is not None and named.name == victim.character:
                            victim = _resolve(
                                groups[slot], a + m.start(slot), scene_start, people, victim.character
                            )
                    if (
                        trig.kind == "aftermath"
                        and victim is not None
                        and victim.via_pronoun
                        and victim.character
                        and _named_between(people, victim.character, a, a + m.start(slot))
                    ):
                        # "Meg and I scattered her ashes": the one scattering them is not whose they are.
                        victim = _resolve(
                            groups[slot], a + m.start(slot), scene_start, people, victim.character
                        )
                        if victim is None:
                            continue
                    if (
                        long_dead
                        and victim is not None
                        and victim.via_pronoun
                        and victim.character
                        and _alive_on_page(work, people, victim.character)
                    ):
                        # "He has been dead for thirty years" cannot be the one who pitched the tent today.
                        victim = _Ref(groups[slot], None, False)
                    if victim is None:
                        continue
                elif groups.get("vn"):
                    victim = _Ref("them", None, False)  # "shoots two": unnamed people, several
                elif trig.label != "sexual_content":
                    victim = _nearest_subject(sentence, m.start(), a, scene_start, people)
                if (
                    trig.label == "suicidal_ideation"
                    and victim is not None
                    and victim.name.lower() in _ANYONE
                ):
                    continue  # "Everybody wants to die on that slab": a saying about a role, no one's wish
                if trig.kind == "other" and (agent is None or victim is None or agent.name == victim.name):
                    continue  # "McGee broke his arm tripping over a step": an accident, not an assault
                if trig.kind in ("self", "completed") or trig.label in (
                    "suicide_attempt",
                    "suicidal_ideation",
                    "self_harm",
                ):
                    agent = victim
                if trig.label == "self_harm" and (
                    told.OTHER_SCARS.search(_low(work), max(scene_start, a - 200), min(len(text), b + 200))
                    or told.ACCIDENTAL_CUT.search(low_sentence)
                ):
                    continue  # scars from a war or a cat, a knife that slipped: no self-harm
                if trig.label == "self_harm" and m.groupdict().get("vp"):
                    subject = _nearest_subject(sentence, m.start(), a, scene_start, people)
                    if (
                        (subject is not None and victim is not None and subject.name != victim.name)
                        # "The man took the knife and cut her arm": an unnamed someone else's hand.
                        or (subject is None and _SOMEONE_DOES.search(sentence, 0, m.start()))
                        or re.search(r"\bshav\w*", sentence, re.IGNORECASE)
                    ):
                        continue  # someone else's razor on her skin, or a shave: no self-harm
                if trig.label == "suicide_attempt" and told.DENIAL.search(
                    _low(work), max(scene_start, a - 300), min(len(text), b + told.DENIAL_REACH)
                ):
                    continue  # "I wasn't going to jump. I always sit here": a fear the story takes back
                if trig.label == "suicide_attempt" and trig.kind == "self" and m.groupdict().get("vp"):
                    subject = _nearest_subject(sentence, m.start(), a, scene_start, people)
                    if (
                        subject is not None and victim is not None and subject.name != victim.name
                    ) or _BY_AGENT.match(sentence, m.end()):
                        # Someone else's gun to his head ("a gun pointed at his head by gangsters"): a threat.
                        trig = Trigger("violence", trig.pattern, 0.6)
                        agent = subject
                if (
                    trig.label == "death"
                    and mode == "present"
                    and _undone(work, victim, span[1], people, told=in_spans(span[0], quotes))
                ):
                    mode = "undone"
                if (
                    trig.label == "death"
                    and mode == "present"
                    and _FAKED.search(_low(work), max(0, a - FAKED_REACH), a)
                ):
                    mode = "imagined"  # the plan was to fake it: "Charles is going to fake die"
                claimed.append(span)
                found.append(
                    _Found(
                        trig.label,
                        "mentioned"
                        if trig.label == "death"
                        and (_BACKGROUNDED.search(sentence, 0, m.start()) or long_dead)
                        else _severity(work, trig.label, mode, span, trig.kind),
                        mode,
                        scene,
                        trig.confidence + (0.05 if victim is not None and victim.character else 0.0),
                        victim,
                        agent,
                        (a, b),
                        trig.kind,
                    )
                )
    found.extend(told_self_harm(work, people, found))
    _same_person(found, people)
    _dead_while_acting(work, people, found)
    _after_an_undone_death(found)
    found.extend(_deaths_after_dying(work, found))
    found.extend(implied_deaths(work, people, found))
    found.extend(crash_deaths(work, people))
    found.extend(resuscitation_deaths(work, people))
    found.extend(notice_deaths(work, people))
    found.extend(_sexual_events(work, people))
    return found


_AFTERMATH = re.compile(
    r"\b(?:funerals?|graves?(?:side|stone)?|buried|burial|coffin|casket|mourn\w*|eulogy|ashes|urn|headstone|"
    r"(?:was|is|'s) gone|body was|closed (?:his|her|their) eyes|time of death|"
    # grief right after the body lets go
    r"scream(?:s|ed)? for a long time|sobb\w*|wept|(?:she|he|they|I) cried|with the others)\b",
    re.IGNORECASE,
)


def _deaths_after_dying(work: Work, found: list[_Found]) -> list[_Found]:
    """A death told only through its dying ("his eyes went glassy") and its aftermath (a funeral, "he was gone").

    Only for a named character dying in the story's now, when no death of theirs was read and nothing
    later brings them back.
    """
    dead = {f.victim.name for f in found if f.label == "death" and f.victim}
    out: list[_Found] = []
    for f in found:
        if f.label != "dying" or f.mode != "present" or not f.victim or not f.victim.character:
            continue
        if f.victim.name in dead or _undone(work, f.victim, f.span[1]):
            continue
        if _AFTERMATH.search(work.text, f.span[1], min(len(work.text), f.span[1] + 8000)):
            dead.add(f.victim.name)
            out.append(_Found("death", f.severity, "present", f.scene, 0.7, f.victim, f.agent, f.span, ""))
    return out


def _gated_prose(
    work: Work, low: str, words: tuple[str, ...]
) -> Iterator[tuple[int, int, int, Span, list[int]]]:
    """(scene index, scene start, scene end, prose piece, offsets of `words` in it) of the prose pieces
    holding one of `words` in the lowercased text."""
    scenes = work.scenes
    pieces = [(s.index, s.start, s.end, p) for s in scenes for p in work.prose(s)]
    if not scenes:
        pieces = [(0, 0, len(work.text), p) for p in work.prose()]
    hits = implied.positions(low, words)
    for index, start, end, piece in pieces:
        k0, k1 = bisect.bisect_left(hits, piece.start), bisect.bisect_left(hits, piece.end)
        if k1 > k0:
            yield index, start, end, piece, hits[k0:k1]


def _hit_sentences(text: str, piece: Span, hits: list[int]) -> Iterator[tuple[int, int, int]]:
    """(start of the previous sentence, start, end) of each sentence of `piece` holding a hit, once each.

    Only the text around a hit is split into sentences: scenes can be long and cue words rare.
    """
    done = -1  # end of the last sentence yielded: hits are sorted, so later hits in it are skipped
    for hit in hits:
        if hit < done:
            continue
        near = split_sentences(text, max(piece.start, hit - 600), min(piece.end, hit + 400))
        k = next((i for i, (x, y) in enumerate(near) if x <= hit < y), None)
        if k is None or near[k][1] <= done:
            continue
        done = near[k][1]
        yield (near[k - 1][0] if k else near[k][0]), near[k][0], near[k][1]


# A death told only through the body and what follows it: this much evidence for one character
# (weights in `_implied_events.DYING_BODY`; +1 for a later sign of death, +1 when they never act again).
IMPLIED_DEATH_EVIDENCE = 3.0
_BOTH = frozenset({"them both", "them all", "both of them", "us both"})
_OWNER = re.compile(rf"(?:{NAME}|\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b)")


def _owner(work: Work, people: _Cast, a: int, pos: int, scene_start: int) -> _Ref | None:
    """Whose body a cue describes: the last name or he/she/his/her before `pos` in the sentence."""
    for m in reversed(list(_OWNER.finditer(work.text, a, pos))):
        ref = _resolve(m.group(0), m.start(), scene_start, people, quoted=False)
        if ref is not None and ref.character:
            return ref
    return None


# How far back an ownerless bedside cue ("The ventilator is switched off.", "the alarm's long single
# note") looks for the body the scene watches: "his chest goes on rising by itself".
BREATHER_REACH = 1000
_BREATHING_BODY = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir) (?:chest|breath|breathing|breaths|pulse|heartbeat|heart)\b|"
    # "He breathed in, a rough shallow breath": the one breathing, named or "he"/"she".
    r"\b(?:[A-Z][a-z'’-]+|[Hh]e|[Ss]he) (?:\w+ly )?(?:breathed|breathes|inhaled|inhales|exhaled|exhales|"
    r"(?:drew|draws|took|takes) (?:a|one|another) (?:\w+ )?breath)\b"
)


def _breather(work: Work, people: _Cast, lo: int, hi: int, scene_start: int) -> _Ref | None:
    """The owner of the last chest, breath or pulse the scene watched before `hi`."""
    found = list(_BREATHING_BODY.finditer(work.text, lo, hi))
    for m in reversed(found):
        if in_spans(m.start(), people.quotes):
            continue
        ref = _body_owner(m.group(0).split()[0], m.start(), scene_start, people)
        if ref is not None and ref.character:
            return ref
    return None


def _body_owner(
    ref: str, at: int, scene_start: int, people: _Cast, exclude: str | None = None
) -> _Ref | None:
    """Whose body "his"/"Anna's" at `at` is, outside dialogue: a scene may open on "his breathing" with
    the man named in the scene before, so a pronoun the scene cannot place is looked up from the start."""
    owner = _resolve(ref, at, scene_start, people, exclude, quoted=False)
    if owner is not None and owner.character is None and owner.via_pronoun:
        owner = _resolve(ref, at, 0, people, quoted=False)
    return owner


def implied_deaths(work: Work, people: _Cast, found: list[_Found]) -> list[_Found]:
    """Deaths a story tells without saying so: the breath that does not come, open eyes that do not
    blink, a hand gone cold; then a funeral, grief, or the character never acting again.

    Cues are summed per character (the owner named in the cue's sentence; an ownerless cue joins
    the one character whose body the scene already describes). Dreams, fears, memories, sleep,
    dialogue and deaths undone later do not count.
    """
    text = work.text
    low = _low(work)
    dead = {f.victim.character for f in found if f.label == "death" and f.victim and f.mode in ON_PAGE}
    # (weight, cue kind, scene, sentence span, owner) per character; ownerless cues without the owner.
    cues: dict[str, list[tuple[float, int, int, tuple[int, int], _Ref]]] = defaultdict(list)
    ownerless: list[tuple[float, int, int, tuple[int, int]]] = []
    for index, scene_start, scene_end, piece, hits in _gated_prose(work, low, implied.DYING_WORDS):
        for lo, a, b in _hit_sentences(text, piece, hits):
            # The previous sentence too (from `lo`): "... took her mother's hand. It was cold."
            window = low[lo:b]
            for n, (rx, weight, needs) in enumerate(implied.DYING_BODY):
                m = rx.search(window) if implied.has_any(window, needs) else None
                if m is None or lo + m.end() <= a or in_spans(lo + m.start(), people.quotes):
                    continue
                if implied.unanswered_without_plea(rx, low, a, b, scene_start, scene_end):
                    continue  # "he didn't stir" is sleep, unless someone begs him to wake
                sleep = implied.SLEEP.search(window)
                if sleep and not implied.AS_IF.search(window, 0, sleep.start()):
                    continue  # "his breathing slowed as he fell asleep"
                at = lo + m.start()
                if _mode(work, "death", (a, b), max(a, at), scene_end, scene_start) != "present":
                    continue
                if m.groupdict().get("v") in _BOTH:
                    # "takes them both": the two characters the scene is most about.
                    k0 = bisect.bisect_left(people.mention_starts, scene_start)
                    k1 = bisect.bisect_left(people.mention_starts, b)
                    named = Counter(c.name for c in people.mention_chars[k0:k1]).most_common(2)
                    for name, _ in named:
                        cues[name].append((weight, n, index, (a, b), _Ref(name, name, name in people.main)))
                    continue
                if m.groupdict().get("v"):
                    # "his hand", or "her mother's hand": a kin word names no character, the cue is ownerless.
                    v = text[lo + m.start("v") : lo + m.end("v")]
                    kin = re.fullmatch(rf"{NOUNS}['’]s", v.lower())
                    # "Somebody, Fenn maybe, ... closed his eyes": the one named in passing closed them.
                    named = re.findall(NAME, text[lo + m.start() : lo + m.start("v")])
                    closer = people.character(named[-1]) if named else None
                    owner = (
                        None
                        if kin
                        else _body_owner(
                            v, lo + m.start("v"), scene_start, people, closer.name if closer else None
                        )
                    )
                else:
                    owner = (
                        _owner(work, people, a, max(a, at), scene_start)
                        # "The monitor beside Anna's bed gave one long, flat tone."
                        or _owner(work, people, max(a, at), lo + m.end(), scene_start)
                        or _breather(work, people, max(scene_start, a - BREATHER_REACH), a, scene_start)
                    )
                if owner is not None and owner.character:
                    cues[owner.character].append((weight, n, index, (a, b), owner))
                else:
                    ownerless.append((weight, n, index, (a, b)))
    for weight, n, index, span in ownerless:
        owners = {c for c, items in cues.items() if any(i == index for _, _, i, _, _ in items)}
        if len(owners) == 1:
            c = owners.pop()
            cues[c].append((weight, n, index, span, cues[c][0][4]))
    out: list[_Found] = []
    for character, items in cues.items():
        ref = items[0][4]
        if character in dead or not ref.main:
            continue
        last = max(span[1] for *_, span, _ in items)
        # Each kind of cue counts once.
        score = sum({n: w for w, n, *_ in items}.values())
        if score < 2 or _undone(work, ref, last, people) or implied.ALIVE.search(low, last):
            continue
        if implied.AFTERMATH.search(low, last):
            score += 1
        if not _acts_later(work, people, ref, last):
            score += 1
        if score >= IMPLIED_DEATH_EVIDENCE:
            first = min(items, key=lambda t: t[3][0])
            out.append(_Found("death", "depicted", "present", first[2], 0.7, ref, None, first[3], "implied"))
    return out


# A crash reported the way news and the military report it: "Henry's plane was shot down over the Sea
# of Japan. It spun in. There were no survivors."
_NO_SURVIVORS = re.compile(
    r"\b(?:(?:there (?:were|are) |with )no survivors|(?:no one|no-one|nobody|none of them) (?:on board |aboard )?"
    r"(?:survived|made it out)|all (?:hands|aboard|on board) (?:were |was )?lost)\b",
    re.IGNORECASE,
)
_CRAFT = re.compile(
    rf"(?P<vp>{POSS})\s(?:\w+\s)?(?:plane|jet|chopper|helicopter|ship|boat|shuttle|transport|car|bus|train|"
    r"submarine|vessel|fighter|bomber|flight|jumper|raptor|viper|craft)\b[^.!?\n]{0,40}?\b(?:was shot down|"
    r"went down|came down|crashed|exploded|blew up|sank|spun in|hit the|broke up|was lost|disappeared|vanished)"
)


# The efforts to bring someone back, ended: "The doctors worked on Anna for an hour. At 4:12 they stopped."
_EFFORT = re.compile(
    r"\b(?:(?:worked|working|works|work) on|(?:tried|trying|tries|try) to (?:revive|resuscitate|restart|save)|"
    r"(?:did|doing|does|do) (?:CPR|compressions) on)\s"
    r"(?P<vp>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?|him|her|them)(?!['’]s)"
    # a person worked on for a while, not "worked on Tom's car" or "worked on her essay"
    r"(?=\s*[.,;]|\s(?:for|until|till|in|while|through|all|as|but|and|again|anyway)\b)"
)
_EFFORT_ENDED = re.compile(
    r"\b(?:they|the doctors?|the paramedics?|the medics?|the surgeons?|the nurses?|the team)\s(?:finally\s)?"
    r"(?:stopped|stop|gave up|give up|called it|call it)(?=\s*[.,;!?]|\s(?:at|after|then|and (?:someone|somebody|"
    r"a nurse|the doctor) (?:pulled|drew|covered|wrote|noted|said)))",
    re.IGNORECASE,
)
# What `resuscitation_deaths` is gated on: the effort, which is rare ("stop" and "call" are in every story).
_EFFORT_WORDS = (
    "work on",
    "worked on",
    "works on",
    "working on",
    "to revive",
    "to resuscitate",
    "to restart",
    "to save",
    "cpr on",
    "compressions on",
)
# Who works on someone and stops: medics, not a stylist or the mechanics.
_MEDICAL = re.compile(
    r"\b(?:doctors?|paramedics?|medics?|surgeons?|nurses?|CPR|compressions|defibrillat\w*|resus\w*|monitor|pulse|"
    r"heart|ambulance|hospital|A&E|ER|trauma|crash cart|paddles|oxygen|chest)\b"
)


def resuscitation_deaths(work: Work, people: _Cast) -> list[_Found]:
    """The one the doctors worked on, when the next sentences say they stopped ("At 4:12 they stopped.")
    and nothing later brings them back."""
    text = work.text
    out: list[_Found] = []
    for index, scene_start, _, piece, hits in _gated_prose(work, _low(work), _EFFORT_WORDS):
        for _, a, b in _hit_sentences(text, piece, hits):
            effort = _EFFORT.search(text, a, b)
            if effort is None or in_spans(effort.start(), people.quotes):
                continue
            after = split_sentences(text, b, min(piece.end, b + 400))[:2]
            ended = next((m for x, y in after for m in [_EFFORT_ENDED.search(text, x, y)] if m), None)
            if (
                ended is None
                or in_spans(ended.start(), people.quotes)
                or not _MEDICAL.search(text, a, ended.end())
            ):
                continue
            victim = _resolve(effort.group("vp"), effort.start("vp"), scene_start, people, quoted=False)
            if victim is None or not victim.character or _undone(work, victim, ended.end(), people):
                continue
            span = next((x, y) for x, y in after if x <= ended.start() < y)
            # The narration is at the bedside: the death is on the page, told by the stopping.
            out.append(_Found("death", "depicted", "present", index, 0.7, victim, None, span, "aftermath"))
    return out


# A newspaper death notice: "MACLEOD, Agnes Flora, of Tigh na Mara, Inchmore. Peacefully, at home, on
# 24th November, after a short illness, aged 78."
_DEATH_NOTICE = re.compile(
    r"(?m)^(?P<sur>[A-Z][A-Z'’-]{2,}),\s(?P<given>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){0,2}),[^\n]{0,200}?\b(?:Peacefully|"
    r"peacefully|Suddenly|suddenly|Unexpectedly|unexpectedly|Tragically|tragically|passed away|died|"
    r"after a (?:short|long|brief) illness|aged \d{1,3})\b"
)


def notice_deaths(work: Work, people: _Cast) -> list[_Found]:
    """The one a newspaper death notice in the story names, when the story knows them."""
    text = work.text
    out: list[_Found] = []
    for scene in work.scenes or []:
        for m in _DEATH_NOTICE.finditer(text, scene.start, scene.end):
            given = m.group("given").split()[0]
            c = people.character(f"{given} {m.group('sur').title()}") or people.character(given)
            if c is None:
                continue
            victim = _Ref(c.name, c.name, c.name in people.main)
            line_end = text.find("\n", m.end())
            span = (m.start(), scene.end if line_end < 0 else min(scene.end, line_end))
            out.append(
                _Found("death", "mentioned", "present", scene.index, 0.8, victim, None, span, "aftermath")
            )
    return out


def crash_deaths(work: Work, people: _Cast) -> list[_Found]:
    """The owner of a craft that went down with no survivors: "Henry's plane was shot down ... There
    were no survivors." (the crash named within the two sentences before the verdict)."""
    text = work.text
    out: list[_Found] = []
    for index, scene_start, scene_end, piece, hits in _gated_prose(
        work, _low(work), ("survivor", "survived", "lost")
    ):
        for lo, a, b in _hit_sentences(text, piece, hits):
            verdict = _NO_SURVIVORS.search(text, a, b)
            if verdict is None or in_spans(verdict.start(), people.quotes):
                continue
            before = split_sentences(text, max(piece.start, lo - 400), b)
            window = before[-3:] if before else [(a, b)]
            crash = None
            for x, y in reversed(window):
                crash = _CRAFT.search(text, x, y)
                if crash:
                    break
            if crash is None or in_spans(crash.start(), people.quotes):
                continue
            victim = _resolve(crash.group("vp"), crash.start("vp"), scene_start, people, quoted=False)
            if victim is None or not victim.character:
                continue
            if _mode(work, "death", (a, b), verdict.start(), scene_end, scene_start) != "present":
                continue
            out.append(
                _Found("death", "mentioned", "present", index, 0.75, victim, None, (a, b), "aftermath")
            )
    return out


def grieved_deaths(work: Work, people: _Cast, dead: set[str]) -> list[Event]:
    """A funeral in the story's now that names no one ("The funeral was on a Tuesday") mourns the one
    main character who is talked about but never acts on the page, when grief follows ("She's gone").
    """
    text = work.text
    low = _low(work)
    prose = work.prose()
    rites = []
    for p in prose:
        for m in implied.BARE_FUNERAL.finditer(low, p.start, p.end):
            if in_spans(m.start(), people.quotes):
                continue
            scene = work.scene_at(m.start())
            a, b = next(
                ((x, y) for x, y in split_sentences(text, p.start, p.end) if x <= m.start() < y),
                (p.start, p.end),
            )
            mode = _mode(
                work, "death", (a, b), m.start(), scene.end if scene else b, scene.start if scene else p.start
            )
            if mode == "present":
                rites.append((scene.index if scene else 0, (a, b)))
    if not rites:
        return []
    grief = sum(len(implied.AFTERMATH.findall(low, p.start, p.end)) for p in prose)
    pov = work.inferred.pov
    focal = pov.focal_character if pov else None
    # One never seen acting, mourned with grief words besides the funeral itself (which is one).
    absent = (
        [
            c
            for c in cast(work.inferred.characters)
            if c.name in people.main
            and c.name != focal
            and c.name not in dead
            and len(c.mentions) >= 3
            and not any(_speaks(people, m.start) or _does(work, people, m.start) for m in c.mentions)
        ]
        if grief >= 2
        else []
    )
    scene, span = rites[0]
    if not absent:
        # One who acted until the news and never after, and whom the story still names after the rite:
        # the nurse's "It was his heart", then "The funeral was small" (not someone who just left).
        rite = span[0]
        absent = [
            c
            for c in cast(work.inferred.characters)[:2]
            if c.name in people.main
            and c.name != focal
            and c.name not in dead
            and len(c.mentions) >= 3
            and any(m.start > rite for m in c.mentions)
            and not any(
                (_speaks(people, m.start) or _does(work, people, m.start))
                for m in c.mentions
                if m.start > rite
            )
            and not _acts_near(work, people, c, rite)
        ]
    if len(absent) != 1:
        return []
    c = absent[0]
    return [
        Event(
            label="death",
            severity="mentioned",
            mode="present",
            scene=scene,
            confidence=0.7,
            participants=[Participant(name=c.name, role="victim", character=c.name)],
            main_character=True,
            evidence=[work.evidence(*span)],
        )
    ]


def _acts_near(work: Work, people: _Cast, c: Character, rite: int) -> bool:
    """Does `c` act in the rite's own scene before the rite? Someone still at the funeral did not die."""
    start = max((sc.start for sc in work.scenes if sc.start <= rite), default=0)
    return any(
        start <= m.start < rite and (_speaks(people, m.start) or _does(work, people, m.start))
        for m in c.mentions
    )


# ---- a main character who stops acting: the structure of a death told by absence (fourth pass) ----------

# A pronoun or "I"/"you" as the subject of a narrated act ("He turned", "you walk"): where a character
# referred to by pronouns acts on the page.
_PRONOUN_SUBJECT = re.compile(r"\b(?:[Hh]e|[Ss]he|I|[Yy]ou)\s")
# A narrated act told in the present ("She looks up", "he thinks"), besides `_DOES`'s past tense.
_DOES_NOW = re.compile(r"(?:\w+ly\s)?(?!(?:is|was|has|does|seems|always|never)\b)[a-z]{2,}s\b")
# After "I" or "you" the present has no -s ("you close your eyes"): any verb but an auxiliary.
_DOES_BASE = re.compile(
    r"(?:\w+ly\s)?(?!(?:am|are|is|was|were|have|has|had|do|did|does|can|could|will|would|shall|should|may|might|"
    r"must|know|mean|see|guess|suppose|think|and|or|to|too|all|both|not)\b)[a-z]{2,}\b"
)
# Sentences before a character's last act read with it: a dying is often told while they still act.
VANISH_BEFORE = 5
# How much text after a character's last act is read as the place where they die (the rest of the scene).
VANISH_WINDOW = 1500
VANISH_SENTENCES = 8
# At most this many sentences about a character after they stop acting are compared with the aftermath.
AFTER_SENTENCES = 10
# Characters looked at per work (most-named first): the embedding cost stays bounded on long works.
VANISH_CANDIDATES = 8
# Margins (see `_death_semantics.death_margins`) that make a death: dying near the last act and an
# aftermath later; a death at the very end of the story (no aftermath to read) needs a clearer dying.
VANISH_DIE = 0.12
VANISH_AFTER = 0.12
VANISH_END = 0.1
# A dying cue this close (characters) to the end of its scene cuts the section on it.
SECTION_END = 400
# How far after a mention of the vanished character the news of their death is looked for.
NOTICE_REACH = 600
# ... and how far before that mention (within its scene, after their last act).
NOTICE_BACK = 400


@dataclass
class _Presence:
    ref: _Ref
    acts: list[int]
    names: list[int]


def _presences(work: Work, people: _Cast) -> list[_Presence]:
    """The main characters (and a first-person narrator or second-person "you") with where they act
    on the page: their name or a pronoun resolved to them as the subject of a narrated verb, or as the
    speaker of a line."""
    text = work.text
    on_cast = [c for c in cast(work.inferred.characters) if c.name in people.main]
    out: dict[str, _Presence] = {}
    for c in on_cast:
        names = [m.start for m in c.mentions]
        acts = [a for a in names if _said(people, a) or _does(work, people, a) or _does_now(work, people, a)]
        out[c.name] = _Presence(_Ref(c.name, c.name, True), acts, names)
    for m in _PRONOUN_SUBJECT.finditer(text):
        at = m.start()
        word = m.group(0).strip().lower()
        verb = _DOES_BASE if word in ("i", "you") else _DOES_NOW
        if (_DOES.match(text, m.end()) is None and verb.match(text, m.end()) is None) or in_spans(
            at, people.quotes
        ):
            continue
        if word == "i":
            if not people.first_person:
                continue
            name = people.narrator or "the narrator"
            if name not in out:
                out[name] = _Presence(_Ref(name, people.narrator, True), [], [])
        elif word == "you":
            if not people.second_person:
                continue
            name = people.addressee or "you"
            if name not in out:
                out[name] = _Presence(_Ref(name, people.addressee, True), [], [])
        else:
            c = people.pronoun(word, at, 0, quoted=False)
            if c is None or c.name not in out or c.gender != ("male" if word == "he" else "female"):
                continue  # only a character the pronoun agrees with, not the nearest of unknown gender
            other = people.pronoun(word, at, max(0, at - 600), exclude=c.name, quoted=False)
            if other is not None and other.gender == c.gender:
                continue  # two men (or women) in play: "he" may be either
            name = c.name
        out[name].acts.append(at)
    for p in out.values():
        p.acts.sort()
    ranked = sorted(out.values(), key=lambda p: -(len(p.names) + len(p.acts)))
    return [p for p in ranked if len(p.acts) >= 2][:VANISH_CANDIDATES]


def _said(people: _Cast, at: int) -> bool:
    """The mention at `at` is the tag right after a quotation ("...," Sal said): its speaker."""
    k = bisect.bisect_right(people.quote_starts, at) - 1
    return k >= 0 and 0 <= at - people.quotes[k][1] < 15


def _does_now(work: Work, people: _Cast, at: int) -> bool:
    """The name at `at` (outside dialogue) is the subject of a verb in the present: "Ruth looks up"."""
    if in_spans(at, people.quotes):
        return False
    m = re.match(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)*\s", work.text[at : at + 40])
    return m is not None and _DOES_NOW.match(work.text, at + m.end()) is not None


def _sentence_at(text: str, lo: int, hi: int, at: int) -> tuple[int, int]:
    """The sentence of `text[lo:hi]` holding offset `at` (split locally)."""
    near = split_sentences(text, max(lo, at - 600), min(hi, at + 600))
    return next(((a, b) for a, b in near if a <= at < b), (at, min(hi, at + 1)))


def _fits(word: str, at: int, p: _Presence, people: _Cast) -> bool:
    """Is the pronoun `word` at `at` (the owner of a cue) this character?"""
    word = word.lower()
    if word in ("i", "my"):
        return people.first_person and p.ref.character == people.narrator
    if word in ("you", "your"):
        return people.second_person and p.ref.name == (people.addressee or "you")
    if word in ("he", "his", "him", "she", "her"):
        c = people.pronoun("he" if word in ("he", "his", "him") else "she", at, 0, quoted=False)
        if c is not None and c.name == p.ref.character:
            return True
        # Or the person named last, just before (a character whose gender the cast does not know).
        k = bisect.bisect_left(people.mention_starts, at) - 1
        return (
            k >= 0 and at - people.mention_starts[k] < 400 and people.mention_chars[k].name == p.ref.character
        )
    return word == "they"


def _dying_cue(work: Work, low: str, span: tuple[int, int], p: _Presence, people: _Cast) -> bool:
    """A sentence tells this character's body or senses stopping (word classes, owner checked: the
    cue's pronoun, else the last person named before it in the sentence)."""
    s = low[span[0] : span[1]]
    sleep = implied.SLEEP.search(s)
    if sleep and not implied.AS_IF.search(s, 0, sleep.start()):
        return False  # "her breathing slowed and she slept"
    found: list[tuple[str | None, int]] = []
    if implied.has_any(s, implied.CESSATION_WORDS):
        for m in implied.CESSATION.finditer(s):
            g = next((k for k in ("v", "w", "x") if m.group(k)), None)
            found.append((m.group(g) if g else None, span[0] + (m.start(g) if g else m.start())))
    if implied.has_any(s, implied.DYING_WORDS):
        for rx, weight, needs in implied.DYING_BODY:
            if weight >= 2 and implied.has_any(s, needs):
                m = rx.search(s)
                if implied.unanswered_without_plea(rx, low, *span):
                    continue  # "she didn't wake up on the floor": sleep, unless someone begs her to wake
                if m is not None:
                    v = m.groupdict().get("v")
                    found.append((v, span[0] + (m.start("v") if v else m.start())))
    for who, at in found:
        if who is not None and who.split("'")[0].split("’")[0] in _PRONOUNS:
            if _fits(who.split("'")[0].split("’")[0], at, p, people):
                return True
            continue
        owner = _owner(work, people, span[0], at, 0)
        if owner is None or owner.character == p.ref.character:
            return True
    return False


def listed_deaths(work: Work, people: _Cast, dead: set[str]) -> list[Event]:
    """A main character named among the dead in the story's now: a casualty list, "killed in action"
    beside their name (a surname in capitals counts). Only when they never act by name afterwards."""
    text = work.text
    low = _low(work)
    hits = implied.positions(low, implied.LISTED_WORDS)
    if not hits:
        return []
    out: list[Event] = []
    for at in hits:
        m = implied.LISTED.match(low, at) or implied.LISTED.search(low, at, at + 40)
        if m is None or in_spans(m.start(), people.quotes):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        lo, hi = max(line_start, m.start() - 150), min(line_end, m.end() + 150)
        named = {
            c.name
            for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text[lo:hi])
            if (c := people.by_word.get(w.lower())) is not None and c.name in people.main
        }
        if not named:
            # A list gives surnames in capitals ("ASHBY, T."): the character the text names with it elsewhere.
            for w in re.findall(r"\b[A-Z]{3,}\b", text[lo:hi]):
                for f in re.finditer(r"\b([A-Z][a-z]+) " + w.capitalize() + r"\b", text):
                    c = people.by_word.get(f.group(1).lower())
                    if c is not None and c.name in people.main:
                        named.add(c.name)
        if len(named) != 1:
            continue
        name = named.pop()
        if name in dead:
            continue
        sc = work.scene_at(m.start())
        span = (lo, hi)
        mode = _mode(work, "death", span, m.start(), sc.end if sc else len(text), sc.start if sc else 0)
        ref = _Ref(name, name, True)
        c = people.character(name)
        later = [x.start for x in c.mentions if x.start > hi] if c else []
        if mode != "present" or _undone(work, ref, hi, people):
            continue
        if any(_does(work, people, x) or _said(people, x) for x in later):
            continue  # named on a list, but on the page again afterwards
        dead.add(name)
        out.append(
            Event(
                label="death",
                severity="mentioned",
                mode="present",
                scene=sc.index if sc else 0,
                confidence=0.65,
                participants=[Participant(name=name, role="victim", character=name)],
                main_character=True,
                evidence=[work.evidence(*span)],
            )
        )
    return out


def vanished_deaths(
    work: Work,
    people: _Cast,
    dead: set[str],
    diagnose: list[dict[str, object]] | None = None,
    taken: Sequence[tuple[int, int]] = (),
) -> list[Event]:
    """A main character who acts on the page up to a point and never again, where the sentences right
    after their last act tell their senses or breath stopping, and what the story says later shows them
    missing (an empty place, what is left of them, their name among the dead, grief); or whose senses
    stop at the very end of the story. Word classes and meaning (`_death_semantics`) both count; the
    wording of no story is matched. Dreams, sleep, dialogue, revivals and "you're alive" do not count."""
    from ficlens.stages import _death_semantics as semantics

    text = work.text
    low = _low(work)
    prose = work.prose()
    if not prose:
        return []
    prose_end = prose[-1].end
    scenes = work.scenes
    plans = []
    for p in _presences(work, people):
        if p.ref.name in dead or (p.ref.character and p.ref.character in dead):
            continue
        last = p.acts[-1]
        sc = work.scene_at(last)
        sc_start, sc_end = (sc.start, sc.end) if sc else (0, len(text))
        first = _sentence_at(text, sc_start, sc_end, last)
        before = [
            x
            for x in split_sentences(text, max(sc_start, first[0] - 800), first[0])
            if not in_spans(x[0], people.quotes) and text[x[0]] not in "\"“'‘"
        ][-VANISH_BEFORE:]
        window = (
            before
            + [
                (a, b)
                for a, b in split_sentences(text, first[0], min(sc_end, first[1] + VANISH_WINDOW))
                if not in_spans(a, people.quotes) and text[a] not in "\"“'‘"
            ][:VANISH_SENTENCES]
        )
        if not window:
            continue
        ends_here = prose_end - window[-1][1] < 300
        after: list[tuple[int, int]] = []
        after_from = window[-1][1]
        for at in p.names:
            if at >= after_from and len(after) < AFTER_SENTENCES:
                span = _sentence_at(text, after_from, prose_end, at)
                if span not in after:
                    after.append(span)
        named = list(after)
        nxt = next((s for s in scenes if s.start >= sc_end), None)
        if nxt is not None:
            opening = split_sentences(text, nxt.start, min(nxt.end, nxt.start + 800))[:5]
            after += [x for x in opening if x not in after]
        if not ends_here and (not after or prose_end - after_from < 500):
            # A few lines after it end the story: read as a death at the end, with no aftermath to weigh.
            ends_here = True
        # A dying already read as someone else's ("The next breath didn't come" after Bram's last breath)
        # is not this one's, who goes on to sit in the mud beside him.
        dying = [
            span
            for span in window
            if not any(a < span[1] and span[0] < b for a, b in taken)
            and _dying_cue(work, low, span, p, people)
        ]
        absent = [
            span
            for span in after
            if implied.has_any(low[span[0] : span[1]], implied.ABSENCE_WORDS)
            and implied.ABSENCE.search(low, span[0], span[1])
        ]
        # The news broken a few lines after they are asked for or named ("Where's Matthew?" ...
        # "There's been an accident"), within that scene: an aftermath, and with two such lines it
        # stands for the dying the page did not show.
        told: list[tuple[int, int]] = []
        for a, b in named:
            hold = work.scene_at(a)
            end = min(b + NOTICE_REACH, hold.end if hold else prose_end)
            # The news can come just before the name too: "He was gone before I got here. It would have
            # been very quick." ... "They brought Matthew home" (no later than their last act).
            start = max(a - NOTICE_BACK, hold.start if hold else 0, after_from)
            if not implied.has_any(low[start:end], implied.NOTICE_WORDS):
                continue
            for m in implied.NOTICE.finditer(low, start, end):
                span = _sentence_at(text, start, end, m.start())
                if span not in told:
                    told.append(span)
        absent += [span for span in told if span not in absent]
        # Grief where the story speaks of them afterwards (their sentence and the next), not anywhere.
        grief = sum(implied.AFTERMATH.search(low, a, min(prose_end, b + 200)) is not None for a, b in after)
        # Named again after a scene break without acting: the story goes on talking about them.
        later = [at for at in p.names if at >= after_from]
        talked = len(later) >= 2 and any(last < sc.start <= later[0] for sc in scenes)
        if not (dying or absent or grief):
            continue  # nothing reads as a death: no embedding spent on this character
        # The most the meaning could add (one point each for dying and aftermath): below the bar, skip.
        cut = bool(dying) and any(
            sc.start <= dying[-1][0] < sc.end and sc.end - dying[-1][1] < SECTION_END for sc in scenes
        )
        best = (2 if dying else 1) + min(2, len(absent)) + min(1, grief) + 1 + talked + cut
        news = len(told) >= 2
        if (ends_here and not (dying or news)) or (not ends_here and best < 3):
            continue
        plans.append((p, last, window, after, ends_here, dying, absent, grief, talked, news))
    if not plans:
        return []
    # Only the sentences whose meaning can still change the verdict are embedded: the dying's when no
    # word class found one (or at the end, where it must also read as dying), the aftermath's mid-story.
    uniq: dict[tuple[int, int], int] = {}
    for _, _, window, after, ends_here, dying, *_ in plans:
        for span in (*(window if ends_here or not dying else ()), *(() if ends_here else after)):
            uniq.setdefault(span, len(uniq))
    die, aft = semantics.death_margins([text[a:b] for a, b in uniq])
    out: list[Event] = []
    for p, last, window, after, ends_here, dying, absent, grief, talked, news in plans:
        sem_die, sem_span = max(
            ((float(die[uniq[s]]), s) for s in window if s in uniq), default=(-1.0, window[0])
        )
        sem_after = max((float(aft[uniq[s]]) for s in after if s in uniq), default=-1.0)
        die_score = 2 if dying else 1 if sem_die >= VANISH_DIE or news else 0
        # The character's scene ends on their dying and they never act again: a section cut on a death.
        cut = bool(dying) and any(
            sc.start <= dying[-1][0] < sc.end and sc.end - dying[-1][1] < SECTION_END for sc in scenes
        )
        after_score = min(2, len(absent)) + min(1, grief) + (sem_after >= VANISH_AFTER) + talked + cut
        # What the reason quotes: the dying, else the absence, else the sentence closest in meaning.
        best_after_span = max(
            (x for x in after if x in uniq), key=lambda x: float(aft[uniq[x]]), default=sem_span
        )
        # A death read from the news alone is quoted (and placed) where the news is broken.
        evidence = (
            dying[0]
            if dying
            else sem_span
            if sem_die >= VANISH_DIE
            else absent[0]
            if absent
            else best_after_span
        )
        sc = work.scene_at(evidence[0])
        mode = _mode(work, "death", evidence, evidence[0], sc.end if sc else len(text), sc.start if sc else 0)
        if ends_here:
            # Nothing follows to confirm it: the body or senses stopping, and reading as dying; or the news
            # broken in two lines beside their name ("He was gone before I got here ... very quick").
            died = (bool(dying) and (sem_die >= VANISH_END or cut)) or news
        else:
            # What follows must read as an aftermath (two signs), with a dying near the last act or a third sign.
            died = die_score + after_score >= 3 and (after_score >= 2 or cut)
        vetoed = (
            mode != "present"
            or implied.ALIVE.search(low, last, min(len(text), last + 6000)) is not None
            or _undone(work, p.ref, last, people)
        )
        if diagnose is not None:
            diagnose.append(
                {
                    "who": p.ref.name,
                    "acts": len(p.acts),
                    "last": round(last / max(1, prose_end), 2),
                    "end": ends_here,
                    "die": round(sem_die, 3),
                    "after": round(sem_after, 3),
                    "dying": [text[a:b][:90] for a, b in dying],
                    "absent": [text[a:b][:90] for a, b in absent],
                    "grief": grief,
                    "talked": talked,
                    "cut": cut,
                    "mode": mode,
                    "vetoed": vetoed,
                    "died": died,
                    "span": evidence,
                    "scene": sc.index if sc else 0,
                }
            )
        if not died or vetoed:
            continue
        out.append(
            Event(
                label="death",
                severity="depicted" if dying else "mentioned",
                mode="present",
                scene=sc.index if sc else 0,
                confidence=0.65,
                participants=[Participant(name=p.ref.name, role="victim", character=p.ref.character)],
                main_character=True,
                evidence=[work.evidence(*evidence)],
            )
        )
    return out


# The subject of a narrated act: a past-tense verb (regular or a common irregular one) right after the name.
_DOES = re.compile(
    r"(?:\w+ly\s)?(?:[a-z]+ed|stood|held|took|let|went|came|sat|said|put|found|made|got|gave|kept|left|ran|saw|"
    r"felt|knew|thought|told|began|brought|caught|drove|fell|heard|hit|lay|led|met|read|rose|sent|shook|slept|"
    r"spoke|threw|woke|wore|wrote|laughed|smiled|turned|looked|says|asks|walks|sits|stands|looks|turns)\b"
)


def _does(work: Work, people: _Cast, at: int) -> bool:
    """The mention at `at` (outside dialogue) is the subject of a narrated act: "Ruth stood", "Sal said"."""
    if in_spans(at, people.quotes):
        return False
    m = re.match(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)*\s", work.text[at : at + 40])
    return m is not None and _DOES.match(work.text, at + m.end()) is not None


def _speaks(people: _Cast, at: int) -> bool:
    """The mention at `at` names who says a quotation just before or after it."""
    k = bisect.bisect_right(people.quote_starts, at) - 1
    near_end = k >= 0 and 0 <= at - people.quotes[k][1] < 15
    nxt = k + 1 < len(people.quotes) and 0 <= people.quotes[k + 1][0] - at < 40
    return near_end or nxt


_SELF_LABELS = ("suicide_attempt", "self_harm", "suicidal_ideation")


def _same_person(found: list[_Found], people: _Cast) -> None:
    """A pronoun in the aftermath of an attempt ("they pumped her stomach") means the one who tried.

    The nearest-mention rule would pick whoever was named last (the friend who found her); when the
    scene already has a named person for that label, the pronoun is taken to be them.
    """
    named: dict[tuple[str, int], _Ref] = {}
    for f in found:
        if f.label in _SELF_LABELS and f.victim and f.victim.character and not f.victim.via_pronoun:
            named.setdefault((f.label, f.scene), f.victim)
    for f in found:
        if f.label in _SELF_LABELS and f.victim and f.victim.via_pronoun:
            ref = named.get((f.label, f.scene))
            if ref is not None:
                f.victim = f.agent = ref
            elif f.victim.character is None and f.victim.name in ("he", "she"):
                # A scene told close to one person: "he" is the one it keeps naming.
                scene_start = next((s.start for s in people.work.scenes if s.index == f.scene), 0)
                ref = _scene_focus(people, f.victim.name, scene_start, f.span[0])
                if ref is not None:
                    f.victim = f.agent = ref


_WHOSE = re.compile(
    rf"(?:{NAME}|\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|I|[Mm]y|[Mm]e|[Yy]ou|[Yy]our|[Tt]hey|[Tt]hem|[Tt]heir|[Ww]e|us|[Oo]ur)\b)"
)


def _who_before(work: Work, people: _Cast, a: int, pos: int, scene_start: int, end: int = -1) -> _Ref | None:
    """The person a cue is about: the last name or personal pronoun before `pos` in its sentence,
    else the sentence before's (an attempt is often told as "She kept walking. The water rose ...")."""

    def ref_at(word: str, at: int) -> _Ref | None:
        ref = _resolve(word, at, scene_start, people, quoted=False)
        if ref is not None and ref.character is None and word.lower() in _MALE | _FEMALE:
            ref = _scene_focus(people, word.lower(), scene_start, pos) or ref
        return ref

    for lo in (a, max(scene_start, work.text.rfind(".", scene_start, max(scene_start, a - 1)) + 1)):
        # "... when he saw a woman in a long coat walk into the sea": an unnamed someone does it.
        if lo == a and _SOMEONE.search(work.text, max(a, pos - 40), pos):
            return None
        for m in reversed(list(_WHOSE.finditer(work.text, lo, max(pos, end) if lo == a else a))):
            word = m.group(0)
            ref = ref_at(word, m.start())
            if ref is not None and (ref.character or word.lower() in _PRONOUNS):
                return ref
    # Told by the means alone, the person after it: "Sixty-four small foil blisters, pushed through one at a
    # time. ... her fingers began to shake": the first he/she of the next two sentences.
    after = work.text.find(".", max(pos, end), len(work.text))
    stop = work.text.find(".", after + 1) if after >= 0 else -1
    stop = work.text.find(".", stop + 1) if stop >= 0 else -1
    if after >= 0 and stop > after:
        m = _HE_SHE.search(work.text, after, stop)
        if m is not None and (ref := ref_at(m.group(0), m.start())) is not None and ref.character:
            return ref
    return None


# What follows a death said in jest, up to the next sentence: "killed me tonight. In the best way."
_HYPERBOLE = re.compile(
    r"[^.!?\n]{0,30}[.!?,]?\s*(?:[Ii]n (?:the |a )?(?:best|good|nicest|funniest) (?:way|sense)|lol\b|haha|"
    r"[Ff]iguratively|[Mm]etaphorically)"
)
_HE_SHE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b")
_ANYONE = frozenset("everybody everyone nobody somebody someone anybody anyone".split())
_SOMEONE_DOES = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Ss]ome)\s(?:\w+\s)?{NOUNS}\b|\bsome(?:one|body)\b")
_SOMEONE = re.compile(
    r"\b(?:an?|some)\s(?:\w+\s){0,2}(?:woman|man|girl|boy|figure|person|stranger|kid)\b[^.!?]{0,25}$"
)


def _scene_focus(people: _Cast, pronoun: str, scene_start: int, pos: int) -> _Ref | None:
    """For a he/she the nearest mention does not reach: the scene's (else the story's) most-named
    character of that gender, whom a scene told close to one person keeps calling "she"."""
    want = "male" if pronoun in _MALE else "female"
    # The third-person focal character of the scene (the pov stage's reading of each scene).
    focal = people.refs.focal_at(pos)
    if focal is not None and focal.gender in (want, None):
        return _Ref(focal.name, focal.name, focal.name in people.main, True)
    for lo in (scene_start, 0):
        k0 = bisect.bisect_left(people.mention_starts, lo)
        k1 = bisect.bisect_left(people.mention_starts, pos)
        chars = people.mention_chars[k0:k1]
        named = Counter(c.name for c in chars if c.gender == want).most_common(1) or Counter(
            c.name for c in chars if c.gender is None
        ).most_common(1)
        if named:
            name = named[0][0]
            return _Ref(name, name, name in people.main, True)
    return None


_GROUP = frozenset({"they", "them", "their", "we", "us", "our"})


# The one a wish not to exist is about: "better off if Dana just wasn't here".
_IF_SUBJECT = re.compile(r"\bif ([A-Z][a-z'’-]+|he|she|I|they|you|we)\b")


def told_self_harm(work: Work, people: _Cast, found: list[_Found]) -> list[_Found]:
    """Attempts, ideation and self-harm told without naming them (`_self_harm`): the means with intent
    or an aftermath, a wish not to exist, a blade on one's own skin, scars in rows. Sentences an
    explicit trigger already read for the same label are left to it."""
    text = work.text
    low = _low(work)
    have = {(f.label, f.span) for f in found}
    # Sentences an explicit trigger read as an attempt or self-harm are not read again.
    taken = [f.span for f in found if f.label in _SELF_LABELS]
    out: list[_Found] = []
    scenes = [(s.index, s.start, s.end, list(work.prose(s))) for s in work.scenes] or [
        (0, 0, len(text), list(work.prose()))
    ]
    for index, scene_start, scene_end, pieces in scenes:
        for piece in pieces:
            cues = (
                told.attempt_cues(low, piece.start, piece.end, scene_start, scene_end, len(low))
                + told.ideation_cues(low, piece.start, piece.end)
                + told.self_harm_cues(low, piece.start, piece.end)
            )
            for cue in cues:
                a, b = cue.span
                if (cue.label, cue.span) in have or any(x < b and a < y for x, y in taken):
                    continue
                quoted = in_spans(cue.at, people.quotes)
                if quoted and cue.label != "suicidal_ideation" and not cue.retro:
                    continue  # told in dialogue: a worry or an accusation, not the act
                if quoted and re.search(
                    r"\b(?:laugh\w*|grin\w*|joke\w*|embarrass\w*|bored|boring)\b", low[a:b]
                ):
                    continue
                mode = _mode(work, cue.label, (a, b), cue.at, scene_end, scene_start)
                if mode is None:
                    continue
                if cue.retro:
                    mode = "canon_mentioned"
                elif mode == "canon_mentioned" and not told.STRONG_RETRO.search(low, a, b):
                    mode = "present"  # "she drew it across her forearm, once": not a memory
                who = _who_before(work, people, a, cue.at, scene_start, cue.end)
                if cue.label == "suicidal_ideation" and (wish := _IF_SUBJECT.search(text, cue.at, b)):
                    # "Everyone would be better off if Dana just wasn't here": the wish is Dana's.
                    who = _resolve(wish.group(1), wish.start(1), scene_start, people, quoted=False) or who
                if who is None or who.name in _GROUP or who.name == "them":
                    continue  # a group walking into a river is a march, not an attempt
                severity = (
                    "mentioned"
                    if cue.retro or mode == "canon_mentioned"
                    else _severity(work, cue.label, mode, (a, b))
                )
                have.add((cue.label, cue.span))
                out.append(
                    _Found(
                        cue.label,
                        severity,
                        mode,
                        index,
                        # A remembered act counts as a warning from 0.8 (self_harm_warnings).
                        max(cue.confidence, 0.8) if cue.retro else cue.confidence,
                        who,
                        who,
                        (a, b),
                        "self",
                    )
                )
    return out


# "On the day the Fuhrer died, it snowed": a death in a temporal clause is told, not shown.
_BACKGROUNDED = re.compile(
    r"\b(?:on the (?:day|night|morning|evening)|the (?:day|night|week|year|morning|evening)|ever since|after|since|"
    r"before|until)\s(?:that\s)?(?:\w+\s){0,2}$",
    re.IGNORECASE,
)
# "... at his head by dangerous gangsters": the passive's agent holds the gun.
_BY_AGENT = re.compile(
    r"[^.!?;\n]{0,30}?\bby\s(?!(?:the\s)?(?:way|now|then|accident|mistake|chance|himself|herself|themselves|myself|"
    r"yourself|the time|the end)\b)"
)

_SUBJECT_REF = re.compile(rf"(?:{NAME}|\b(?:[Hh]e|[Ss]he|I|[Yy]ou)\b)")


def _nearest_subject(sentence: str, pos: int, a: int, floor: int, people: _Cast) -> _Ref | None:
    """The last name or subject pronoun before `pos` in the sentence (the doer of the clause)."""
    for m in reversed(list(_SUBJECT_REF.finditer(sentence, 0, pos))):
        ref = _resolve(m.group(0), a + m.start(), floor, people)
        if ref is not None and (ref.character or m.group(0).lower() in _PRONOUNS):
            return ref
    return None


# Softer sexual words per 1,000 words of a scene for a love scene told without acts (the rating's
# Mature bar for a whole work is 3.5).
SEX_DENSITY = 3.5


def _sexual_events(work: Work, people: _Cast) -> list[_Found]:
    """One sexual-content event per scene that holds sex, its participants the scene's two most-named.

    Graphic: explicit terms (two, or one in a love scene with an act or bodily words), or the act itself
    told with more ("took him into his mouth", "moved inside him"; two such acts make it Explicit).
    Depicted: an act, or what comes with it ("undressed each other"), beside bodily words; or a love
    scene's words close together, of three kinds of bodily words (or three words of two kinds).
    Mentioned: sex told, not shown ("they had slept together"), or a fade to black. A kiss, a bed or a
    bare shoulder alone is none; act phrases and single terms count only beside kisses or a bed."""
    out: list[_Found] = []
    low = _low(work)
    work.cache["events.explicit_scenes"] = set()
    for scene in work.scenes:
        prose = work.prose(scene)
        # "Dick" is a name as often as not ("Dick Grayson"): a capitalised one is no explicit term.
        hits = [
            m
            for p in prose
            for m in EXPLICIT_SEX.finditer(low, p.start, p.end)
            if not (m.group(0) == "dick" and work.text[m.start()].isupper())
        ]
        acts = [m for p in prose for m in SEX_ACT.finditer(low, p.start, p.end)]
        told_acts = [m for m in acts if m.lastgroup == "told"]
        softs = [m.group(0) for p in prose for m in SOFT_SEXUAL.finditer(low, p.start, p.end)]
        # Kisses, a bed, lips, a moan: a love scene's words; thighs alone are as often a wound or scars.
        romance = sum(not w.startswith("thigh") for w in softs)
        # "Blood ran into his mouth", "the battle's climax", "Skip's hole": an act phrase or one explicit
        # term counts in a scene of kisses and beds.
        shown = [m for m in acts if m.lastgroup != "told"] if romance else []
        # The words of a love scene close together, not three scattered over a long chapter.
        dense = (
            len(softs) >= 2
            and len(softs) / max(1, sum(len(work.text[p.start : p.end].split()) for p in prose)) * 1000
            >= SEX_DENSITY
        )
        # Bodily words are read only where they can still decide (most scenes of a long work have none of this).
        bodily = (
            [m for p in prose for m in INTIMATE.finditer(low, p.start, p.end)]
            if hits or shown or dense
            else []
        )
        kinds = {m.lastgroup for m in bodily}
        proper = sum(m.lastgroup == "act" for m in shown)
        # Two acts themselves in one scene ("went down on her", "moved inside her"): sex described in
        # bodily detail, as an AO3 author rates Explicit whatever the words.
        if proper >= 2 and len(kinds) >= 2:
            work.cache["events.explicit_scenes"].add(scene.index)
        if (
            len(hits) >= 2
            or (hits and romance and (shown or len(kinds) >= 2))
            or (len(shown) >= 2 and proper and len(kinds) >= 2)
        ):
            severity = (
                "graphic"
                if len(hits) >= 4 or (len(shown) >= 2 and proper) or (hits and kinds)
                else "depicted"
            )
        elif (shown and kinds) or (
            dense
            and ((romance >= 2 and len(kinds) >= 3) or (len(softs) >= 3 and len(kinds) >= 2 and romance))
        ):
            severity = "depicted"
        elif told_acts or (shown and romance >= 2):
            severity = "mentioned"  # told, or a fade to black ("pulled him down into the bed", kissing)
        else:
            continue
        # Quote the first act or term; with only the softer vocabulary, the first bodily word.
        first = min((m.start() for m in (*hits, *shown, *told_acts)), default=None)
        if first is None:
            first = bodily[0].start()
        span = _sentence_at(work.text, scene.start, scene.end, first)
        mode = _mode(work, "sexual_content", span, first, scene.end, scene.start)
        if mode not in ("present", "flashback"):
            continue  # a dream or a wish of sex is no sex scene to skip
        k0 = bisect.bisect_left(people.mention_starts, scene.start)
        k1 = bisect.bisect_left(people.mention_starts, scene.end)
        named = Counter(c.name for c in people.mention_chars[k0:k1])
        # A lover the scene calls only "he" counts too (each he/she read as the nearest fitting name).
        for m in _HE_SHE.finditer(work.text, scene.start, scene.end):
            if not in_spans(m.start(), people.quotes):
                w = m.group(0).lower()
                c = people.pronoun("he" if w in ("he", "his", "him") else "she", m.start(), 0, quoted=False)
                if c is not None:
                    named[c.name] += 1
        names = [n for n, _ in named.most_common(2)]
        end = work.text.find("\n", first)
        out.append(
            _Found(
                "sexual_content",
                severity,
                mode,
                scene.index,
                min(0.95, 0.6 + 0.05 * (len(hits) + len(shown))) if severity != "mentioned" else 0.6,
                None,
                None,
                (max(scene.start, first - 120), min(scene.end, end if end > first else first + 200)),
                ",".join(names),
            )
        )
    return out


def _participants(f: _Found) -> list[Participant]:
    if f.label == "sexual_content":
        return [Participant(name=n, role="agent", character=n) for n in f.kind.split(",") if n]
    parts = []
    if f.victim is not None:
        parts.append(Participant(name=f.victim.name, role="victim", character=f.victim.character))
    if f.agent is not None:
        parts.append(Participant(name=f.agent.name, role="agent", character=f.agent.character))
    return parts


def _key(f: _Found) -> tuple[str, int, str]:
    return (f.label, f.scene, f.victim.name if f.victim else "")


def _merge(work: Work, found: list[_Found]) -> tuple[list[Event], set[int]]:
    """One event per (label, scene, victim), its strongest reading kept; and which are suicides."""
    best: dict[tuple[str, int, str], tuple[_Found, list[tuple[int, int]]]] = {}
    rank = {"present": 5, "flashback": 4, "undone": 3, "dream": 2, "imagined": 1, "canon_mentioned": 0}
    for f in found:
        key = _key(f)
        cur = best.get(key)
        if cur is None:
            best[key] = (f, [f.span])
            continue
        spans = cur[1] + ([f.span] if f.span not in cur[1] else [])
        keep = cur[0]
        if (rank[f.mode], SEVERITY_ORDER[f.severity], f.confidence) > (
            rank[keep.mode],
            SEVERITY_ORDER[keep.severity],
            keep.confidence,
        ):
            keep = f
            spans = [f.span] + [s for s in spans if s != f.span]
        best[key] = (keep, spans)
    suicides = {
        key for key, _ in best.items() if any(f.kind == "completed" and _key(f) == key for f in found)
    }
    pairs = []
    for key, (f, spans) in best.items():
        pairs.append(
            (
                key in suicides,
                Event(
                    label=f.label,  # type: ignore[arg-type]
                    severity=f.severity,  # type: ignore[arg-type]
                    mode=f.mode,  # type: ignore[arg-type]
                    scene=f.scene,
                    confidence=round(min(0.99, f.confidence + 0.03 * (len(spans) - 1)), 3),
                    participants=_participants(f),
                    main_character=bool(f.victim and f.victim.main),
                    evidence=[work.evidence(*s) for s in spans[:3]],
                ),
            )
        )
    pairs.sort(key=lambda p: (p[1].scene, p[1].evidence[0].start if p[1].evidence else 0))
    return [e for _, e in pairs], {i for i, (suicide, _) in enumerate(pairs) if suicide}


_KIND = {"suicidal_ideation": "ideation", "suicide_attempt": "attempt", "self_harm": "self-harm"}
# Modes that count for a warning: the event happens in the story (now or in a scene of the past).
ON_PAGE = frozenset({"present", "flashback"})


def self_harm_warnings(events: list[Event], found_completed: set[int]) -> list[SelfHarmWarning]:
    """Suicide and self-harm warnings by kind and person, from the events."""
    groups: dict[tuple[str, str | None], list[Event]] = defaultdict(list)
    for i, e in enumerate(events):
        recalled = e.mode == "canon_mentioned" and e.label != "suicidal_ideation" and e.confidence >= 0.8
        # A suicide on the page that the story then undoes (a necromancer, a reset) was still an attempt
        # the reader sees.
        reversed_suicide = e.mode == "undone" and i in found_completed
        # A remembered ledge or pill bottle is too weak alone; a remembered "I used to burn myself" is not.
        if e.mode not in ON_PAGE and not recalled and not reversed_suicide:
            continue
        kind = "attempt" if reversed_suicide else "completed" if i in found_completed else _KIND.get(e.label)
        if kind is None:
            continue
        who = next((p.name for p in e.participants if p.role == "victim"), None)
        groups[(kind, who)].append(e)
    out = []
    for (kind, who), evs in groups.items():
        sev = max((e.severity for e in evs), key=SEVERITY_ORDER.__getitem__)
        if all(e.mode == "undone" for e in evs):
            sev = "mentioned"  # warned of, but a death the story takes back asks no more than Teen
        out.append(
            SelfHarmWarning(
                kind=kind,  # type: ignore[arg-type]
                who=who,
                severity=sev,
                confidence=round(max(e.confidence for e in evs), 3),
                scenes=sorted({e.scene for e in evs}),
                evidence=[ev for e in evs for ev in e.evidence][:3],
            )
        )
    order = {"completed": 0, "attempt": 1, "self-harm": 2, "ideation": 3}
    out.sort(key=lambda w: (order[w.kind], -w.confidence))
    return out


_CW_FOR = {"completed": "suicide", "attempt": "suicide", "ideation": "suicide", "self-harm": "self-harm"}
_CW_LABEL = {"suicide": "Suicide", "self-harm": "Self-harm"}


def _add_content_warnings(work: Work, warnings: list[SelfHarmWarning]) -> None:
    """Suicide / self-harm content warnings (and scene-map rows) for what the events found."""
    by_id = {cw.id: cw for cw in work.inferred.content_warnings}
    for w in warnings:
        wid = _CW_FOR[w.kind]
        cw = by_id.get(wid)
        if cw is None:
            cw = ContentWarning(
                id=wid,
                label=_CW_LABEL[wid],
                coarse="self-harm",
                severity=w.severity,
                confidence=w.confidence,
                scenes=list(w.scenes),
                evidence=list(w.evidence),
            )
            by_id[wid] = cw
            work.inferred.content_warnings.append(cw)
        else:
            if SEVERITY_ORDER[w.severity] > SEVERITY_ORDER[cw.severity]:
                cw.severity = w.severity
            cw.confidence = round(max(cw.confidence, w.confidence), 3)
            cw.scenes = sorted(set(cw.scenes) | set(w.scenes))
            have = {(e.start, e.end) for e in cw.evidence}
            cw.evidence += [e for e in w.evidence if (e.start, e.end) not in have][
                : max(0, 3 - len(cw.evidence))
            ]
        _mark_scenes(work, wid, [(scene, w.severity, w.confidence) for scene in w.scenes])
    _sort_warnings(work)


def _mark_scenes(work: Work, wid: str, items: Iterable[tuple[int, Severity, float]]) -> None:
    """Scene-map rows of warning `wid` for (scene, severity, confidence) items: a new row, or a raised severity."""
    rows = {(sw.scene, sw.id): sw for sw in work.inferred.scene_warnings}
    for scene, severity, confidence in items:
        sw = rows.get((scene, wid))
        if sw is None:
            rows[(scene, wid)] = sw = SceneWarning(
                scene=scene, id=wid, severity=severity, confidence=confidence
            )
            work.inferred.scene_warnings.append(sw)
        elif SEVERITY_ORDER[severity] > SEVERITY_ORDER[sw.severity]:
            sw.severity = severity


def _sort_warnings(work: Work) -> None:
    """Content warnings worst first, scene-map rows in reading order."""
    work.inferred.content_warnings.sort(key=lambda cw: (-SEVERITY_ORDER[cw.severity], -cw.confidence, cw.id))
    work.inferred.scene_warnings.sort(key=lambda sw: (sw.scene, sw.id))


def _add_sex_scenes(work: Work) -> None:
    """The scenes that show sex, on the scene map (taxonomy id `pornography`), so a reader can skip them:
    the passage models were never trained on sexual content, and a love scene written without explicit
    terms was on no map. Sex only told ("they had slept together") adds no row."""
    shown = [e for e in work.inferred.events if e.label == "sexual_content" and e.severity != "mentioned"]
    if not shown:
        return
    cw = next((c for c in work.inferred.content_warnings if c.id == "pornography"), None)
    worst = max(shown, key=lambda e: SEVERITY_ORDER[e.severity])
    if cw is None:
        cw = ContentWarning(
            id="pornography",
            label="Explicit sexual content",
            coarse="sexual-content",
            severity=worst.severity,
            confidence=round(max(e.confidence for e in shown), 3),
            scenes=sorted({e.scene for e in shown}),
            evidence=[x for e in shown for x in e.evidence][:3],
        )
        work.inferred.content_warnings.append(cw)
    else:
        if SEVERITY_ORDER[worst.severity] > SEVERITY_ORDER[cw.severity]:
            cw.severity = worst.severity
        cw.scenes = sorted(set(cw.scenes) | {e.scene for e in shown})
    _mark_scenes(work, "pornography", [(e.scene, e.severity, e.confidence) for e in shown])
    _sort_warnings(work)


# ---- deaths the author states in the notes or summary ------------------------------------------
# AO3 authors warn in their notes ("the narrator dies at the end", "he dies on a mission before the fic
# begins"): what a reader is told before reading is evidence of who dies, as the tags would be.
_NOTE_DEATH = re.compile(
    rf"(?P<v>[Tt]he narrator|[Tt]he [\"“]?you[\"”]?(?: of (?:this|the) (?:story|fic))?|\b[Hh]e\b|\b[Ss]he\b|{NAME})"
    r"\s(?:\w+\s)?(?:died by suicide|commits suicide|takes (?:his|her|their) own life|kills (?:him|her|them)self|"
    r"dies|died|is dead|gets killed|is killed|was killed)\b"
)
# A death the note plays down or takes back is no warning: a minor one, a canon one, one undone.
_NOTE_SOFT = re.compile(
    r"\b(?:minor|background|original character|villain|bad guy|canon|mentioned|implied|dream\w*|nightmare|fake\w*|"
    r"temporar\w*|not really|briefly|almost|nearly|might|may|if)\b",
    re.IGNORECASE,
)
_NOTE_NEGATED = re.compile(r"\b(?:no|not|never|nobody|no one|none|without)\b|n['’]t\b", re.IGNORECASE)
_NOTE_UNDONE = re.compile(
    r"\b(?:comes? back|came back|survives?|lives|opens (?:his|her|their) eyes|gets better|reviv\w*|resurrect\w*|"
    r"not permanent|(?:time )?loop\w*|fix-it|everyone lives|happy ending)\b",
    re.IGNORECASE,
)


def _note_texts(work: Work) -> list[tuple[str, int | None]]:
    """(text, offset in the body or None) of the summary and the author's notes."""
    out = [
        (n.text, n.start)
        for n in work.notes
        if n.kind in ("summary", "author-note", "end-note", "spoiler-notice")
    ]
    if work.summary and not any(n.kind == "summary" for n in work.notes):
        out.append((work.summary, None))
    return out


def note_deaths(work: Work, people: _Cast) -> list[tuple[Event, bool]]:
    """Deaths of main characters the author states in the notes, unless played down or undone there;
    with whether the note calls it a suicide."""
    notes = _note_texts(work)
    if not notes or any(_NOTE_UNDONE.search(t) for t, _ in notes):
        return []
    out: list[tuple[Event, bool]] = []
    seen: set[str] = set()
    on_cast = cast(work.inferred.characters)
    for text, offset in notes:
        for clause in re.finditer(r"[^.;!?\n]+", text):
            c = clause.group(0)
            if _NOTE_SOFT.search(c):
                continue
            for m in _NOTE_DEATH.finditer(c):
                if _NOTE_NEGATED.search(c[: m.start()]):
                    continue
                ref = _note_victim(m.group("v"), text[: clause.start() + m.start()], people, on_cast)
                if ref is None or not ref.main or ref.name in seen:
                    continue
                seen.add(ref.name)
                # The note's text may drop its "Notes:" label: find the clause in the body near it.
                at = work.text.find(c.strip(), offset) if offset is not None else -1
                span = (at, at + len(c.strip())) if at >= 0 and at - offset < len(text) + 40 else None
                event = Event(
                    label="death",
                    severity="mentioned",
                    mode="present",
                    scene=0,
                    confidence=0.75,
                    participants=[Participant(name=ref.name, role="victim", character=ref.character)],
                    main_character=True,
                    evidence=[work.evidence(*span)] if span else [],
                )
                out.append((event, bool(re.search(r"suicide|own life|self\b", m.group(0)))))
    return out


# Content notes ("TW: self-harm (cutting), shown on the page", "Cloud stands on a ledge intending to jump").
_NOTE_SELF_HARM = (
    (
        "attempt",
        re.compile(
            r"\b(?:suicide attempt|attempted suicide|attempts? (?:to take (?:his|her|their|my) own life|suicide)|"
            r"tries to (?:kill|take|end (?:his|her|their|my) (?:own )?life)|intending to jump|(?:an |intentional )?overdose)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "self-harm",
        re.compile(
            r"\bself[- ]?(?:harm\w*|injur\w*)\b|\b(?:cutting|cuts|burning|burns|hurting) (?:himself|herself|themselves|myself)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "ideation",
        re.compile(
            r"\b(?:suicidal (?:thoughts|ideation|feelings)|thoughts of (?:suicide|dying)|not wanting to (?:be alive|live)|"
            r"dark thoughts (?:about|of) (?:the )?(?:river|water|sea|bridge|drop|edge|pills|dying|ending it))\b",
            re.IGNORECASE,
        ),
    ),
)
_ON_THE_PAGE = re.compile(r"\b(?:on the page|on-page|shown|described|depicted|on screen)\b", re.IGNORECASE)


def note_self_harm(work: Work) -> list[SelfHarmWarning]:
    """Suicide and self-harm the author's content notes name; on the page when they say it is shown."""
    out: dict[str, SelfHarmWarning] = {}
    for text, _ in _note_texts(work):
        for clause in re.finditer(r"[^.;!?\n]+", text):
            c = clause.group(0)
            for kind, rx in _NOTE_SELF_HARM:
                m = rx.search(c)
                if m is None or kind in out or _NOTE_NEGATED.search(c[: m.start()]):
                    continue
                # "Mentions of past self-harm": not on the page, but a reader avoiding it is still warned.
                told_only = re.search(
                    r"\b(?:mention\w*|past|referenced|implied|canon|old)\b", c[: m.start()], re.IGNORECASE
                )
                shown = kind != "ideation" and not told_only and bool(_ON_THE_PAGE.search(c))
                out[kind] = SelfHarmWarning(
                    kind=kind,  # type: ignore[arg-type]
                    severity="depicted" if shown else "mentioned",
                    confidence=0.7,
                )
    return list(out.values())


def _note_victim(word: str, before: str, people: _Cast, on_cast: list[Character]) -> _Ref | None:
    low = word.lower().strip('"“” ')
    if low == "the narrator":
        if not people.first_person:
            return None
        return _Ref(people.narrator or "the narrator", people.narrator, True)
    if low.startswith("the") and "you" in low:
        return _Ref(people.addressee or "you", people.addressee, people.you_main) if people.you_main else None
    if low in ("he", "she"):
        # The last character the note named: "Kakashi never becomes Hokage; he dies on a mission".
        names = [people.character(n) for n in re.findall(NAME, before)]
        named = [c for c in names if c is not None]
        c = named[-1] if named else None
        return _Ref(c.name, c.name, c.name in people.main) if c else None
    c = people.character(word)
    if c is None:
        words = word.split()[1:]  # "Notes John" or "Summary Shepard": a label caught with the name
        c = people.character(" ".join(words)) if words else None
    return _Ref(c.name, c.name, c.name in people.main) if c else None


# ---- what the author's notes say about deaths (`_author_word`) --------------------------------------
# A death word near a character's name: the text's own evidence that a named cue ("RIP X") is about them.
_DEATH_NEAR = re.compile(
    r"\b(?:dead|died|dies|killed|corpse|funeral|graves?|graveside|gravestone|headstone|buried|last breath|"
    r"stopped breathing|breathing stopped|heart stopped|never woke|passed away|(?:his|her|their) death)\b",
    re.IGNORECASE,
)
_BEST = {"death": 3, "dying": 2, "violence": 1, "suicide_attempt": 1}


def _counts_as_mcd(work: Work, e: Event) -> bool:
    """The test of `major_character_deaths` for one event."""
    if e.label != "death" or not e.main_character or e.confidence < 0.6:
        return False
    if "events.minor_deaths" in work.cache and not _told_by(work, e):
        return False  # the notes say who dies is a minor character: only the story's own voice is not
    if e.mode in ON_PAGE and e.severity != "mentioned":
        return True
    if id(e) in work.cache.get("events.author_word", {}):
        return e.mode in ON_PAGE
    return (e.mode == "present" or _own_past_death(work, e)) and (
        _central(work, e)
        or id(e) in work.cache.get("events.note_deaths", ())
        or id(e) in work.cache.get("events.grieved", ())
        or id(e) in work.cache.get("events.vanished", ())
        or _laid_to_rest(work, e)
    )


# The rites that confirm a death reported in the story's now: "I went to the funeral", "They buried you".
_RITES = re.compile(
    r"\b(?:funeral|buried|burial|coffin|casket|grave|graveside|headstone|gravestone|cremat\w*|eulogy|obituary|"
    r"ashes|body was (?:found|recovered|identified))\b",
    re.IGNORECASE,
)


def _laid_to_rest(work: Work, e: Event) -> bool:
    """A main character reported dead in the story's now (a crash, a death notice, news) whose funeral
    or burial the narration then tells: dead in the present, not a rumour."""
    if e.mode != "present" or not e.evidence or not e.main_character:
        return False
    # Found once per work (a long work has many reported deaths), then one bisection per death.
    if "events.rites" not in work.cache:
        quotes = _quotes(work)
        work.cache["events.rites"] = [
            m.start() for m in _RITES.finditer(work.text) if not in_spans(m.start(), quotes)
        ]
    rites = work.cache["events.rites"]
    # The rite told in the evidence itself ("They buried Anna on a Tuesday") or after it.
    return bisect.bisect_left(rites, e.evidence[0].start) < len(rites)


def _named_evidence(work: Work, people: _Cast, name: str) -> tuple[int, tuple[int, int]] | None:
    """(scene, sentence) where the text puts a death word beside a character's name, in the story's now."""
    c = people.character(name)
    if c is None:
        return None
    text = work.text
    for m in c.mentions:
        if in_spans(m.start, people.quotes):
            continue
        sc = work.scene_at(m.start)
        lo, hi = (sc.start, sc.end) if sc else (0, len(text))
        a, b = _sentence_at(text, lo, hi, m.start)
        if not _DEATH_NEAR.search(text, a, b):
            continue
        if _mode(work, "death", (a, b), m.start, hi, lo) in ON_PAGE:
            return (sc.index if sc else 0, (a, b))
    return None


def weigh_author_word(
    work: Work,
    people: _Cast,
    events: list[Event],
    cues: list[author_word.Cue],
    near: list[dict[str, object]],
    weak_ids: set[int],
) -> list[Event]:
    """Weigh what the notes say against the death readings: a denial drops weak ones (vanished, grieved,
    told only); an explicit cue promotes the death of a main character the text gives evidence for
    (the one it names, else the best-evidenced one), "Major Character Death" may stand alone; a weak cue
    ("grief fic", "bring tissues") promotes a main character's on-page dying the rules found too little for.
    Promoted events are recorded in `work.cache["events.author_word"]` with the note quoted."""
    on_cast = cast(work.inferred.characters)

    def ref_of(cue: author_word.Cue, name: str) -> _Ref | None:
        return _note_victim(name, cue.before, people, on_cast)

    def weak(e: Event) -> bool:
        return e.label == "death" and e.main_character and (id(e) in weak_ids or e.severity == "mentioned")

    spared = {r.name for c in cues if c.kind == "denial" for n in c.names if (r := ref_of(c, n)) is not None}
    if author_word.denies_all(cues):
        return [e for e in events if not weak(e)]
    events = [e for e in events if not (weak(e) and _who(e) in spared)]
    said: dict[int, str] = work.cache.setdefault("events.author_word", {})
    dead = {_who(e) for e in events if _counts_as_mcd(work, e)}

    Pick = tuple[tuple[int, int, float], Event | None, dict[str, object] | None]

    def candidates(who: str | None, violence: bool) -> list[Pick]:
        """Readings that may be the death the notes mean, best first: events of `who` (or of any main
        character), then the absence reader's near misses (`vanished_deaths` diagnoses)."""
        out: list[Pick] = []
        labels = ("death", "dying", "violence", "suicide_attempt") if violence else ("death", "dying")
        for e in events:
            v = _who(e)
            if (
                e.label not in labels
                or e.mode not in ON_PAGE
                or v in spared
                or (who is not None and v != who)
            ):
                continue
            if not e.main_character or (e.label != "death" and e.severity == "mentioned"):
                continue
            victim = next((p for p in e.participants if p.role == "victim"), None)
            end = e.evidence[-1].end if e.evidence else 0
            if e.label != "death" and victim and _undone(work, _Ref(v, victim.character, True), end, people):
                continue  # a dying, or a wound, the story takes back ("his eyes opened")
            out.append(((_BEST[e.label], SEVERITY_ORDER[e.severity], e.confidence), e, None))
        for d in near:
            v = str(d["who"])
            if d["vetoed"] or d["mode"] != "present" or v in spared or (who is not None and v != who):
                continue
            die = float(d["die"])  # type: ignore[arg-type]
            if d["dying"] or die >= VANISH_DIE or (who is not None and (d["absent"] or d["grief"])):
                out.append(((2 if d["dying"] else 1, 0, die), None, d))
        return sorted(out, key=lambda t: t[0], reverse=True)

    def promote(pick: tuple[object, Event | None, dict[str, object] | None], who: str, quote: str) -> None:
        _, e, d = pick
        if e is not None and e.label == "death":
            e.confidence = max(e.confidence, 0.7)
            e.main_character = True
            said[id(e)] = quote
            dead.add(who)
            return
        if e is not None:
            scene, evidence, severity, mode = e.scene, e.evidence[:1], e.severity, e.mode
            character = next((p.character for p in e.participants if p.role == "victim"), None)
        else:
            assert d is not None
            span: tuple[int, int] = d["span"]  # type: ignore[assignment]
            scene, evidence, mode = int(d["scene"]), [work.evidence(*span)], "present"  # type: ignore[call-overload]
            severity = "depicted" if d["dying"] else "mentioned"
            character = people.character(who).name if people.character(who) else None
        new = Event(
            label="death",
            severity=severity if severity != "graphic" else "depicted",  # type: ignore[arg-type]
            mode=mode,  # type: ignore[arg-type]
            scene=scene,
            confidence=0.7,
            participants=[Participant(name=who, role="victim", character=character)],
            main_character=True,
            evidence=evidence,
        )
        events.append(new)
        said[id(new)] = quote
        dead.add(who)

    explicit = [c for c in cues if c.kind == "explicit"]
    for cue in explicit:
        for name in cue.names:
            ref = ref_of(cue, name)
            if ref is None or not ref.main or ref.name in dead or ref.name in spared:
                continue
            picks = candidates(ref.name, True)
            if picks:
                promote(picks[0], ref.name, cue.quote)
                continue
            found = _named_evidence(work, people, ref.name)
            if found is not None and not _undone(work, ref, found[1][1], people):
                promote((None, None, {"span": found[1], "scene": found[0], "dying": []}), ref.name, cue.quote)
    unnamed = [c for c in explicit if not c.names]
    weak_cues = [c for c in cues if c.kind == "weak"]
    if not dead and (unnamed or weak_cues):
        picks = candidates(None, bool(unnamed))
        if weak_cues and not unnamed:
            # A weak cue alone: only a dying on the page (a word-class cue), never a bare absence.
            picks = [
                p
                for p in picks
                if (p[1] is not None and p[1].label in ("death", "dying")) or (p[2] and p[2]["dying"])
            ]
        if picks:
            pick = picks[0]
            who = _who(pick[1]) if pick[1] is not None else str(pick[2]["who"])  # type: ignore[index]
            promote(pick, who, (unnamed or weak_cues)[0].quote)
        elif any(c.standalone for c in unnamed):
            # The archive's own warning in the notes, and nothing in the text says who: warn, naming no one.
            e = Event(
                label="death",
                severity="mentioned",
                mode="present",
                scene=0,
                confidence=0.6,
                main_character=True,
            )
            events.append(e)
            said[id(e)] = next(c.quote for c in unnamed if c.standalone)
    return events


# How far before a death its means may be told: the last steps onto a parapet, then the fall.
MEANS_BEFORE_DEATH = 1500


def deaths_by_own_means(work: Work, people: _Cast, events: list[Event]) -> set[int]:
    """Indices of deaths that follow the person's own means of an attempt (climbing onto a parapet,
    walking into the sea, a noose) in the same scene: a completed suicide the story never names.

    No one else may be the agent of the death, and an accident, a swim for fun or a denial near the
    means vetoes it, as for attempts."""
    low = _low(work)
    out: set[int] = set()
    for i, e in enumerate(events):
        if e.label != "death" or e.mode not in ON_PAGE or not e.evidence:
            continue
        victim = next((p for p in e.participants if p.role == "victim"), None)
        if victim is None or any(p.role == "agent" and p.name != victim.name for p in e.participants):
            continue
        at = e.evidence[0].start
        scene = work.scene_at(at)
        lo = max(scene.start if scene else 0, at - MEANS_BEFORE_DEATH)
        if (
            e.severity == "mentioned"
            and scene is not None
            and scene.index > 0
            and at - scene.start < MEANS_BEFORE_DEATH
        ):
            # A death only confirmed after a scene break ("The body is brought up four days later"): the
            # means are at the end of the scene before, where the story left the person.
            scene = work.scenes[scene.index - 1]
            lo = max(scene.start, at - 2 * MEANS_BEFORE_DEATH)
        hi = min(scene.end if scene else len(low), e.evidence[0].end + 300)
        if told.DENIAL.search(low, lo, min(len(low), hi + told.DENIAL_REACH)):
            continue
        for _, rx, needs in told.MEANS:
            if not any(low.find(w, lo, hi) >= 0 for w in needs):
                continue
            for m in rx.finditer(low, lo, hi):
                a, b = _sentence_at(work.text, lo, hi, m.start())
                if (
                    in_spans(m.start(), people.quotes)
                    or told.ACCIDENT.search(low, a, b)
                    or told.LEISURE.search(low, a, b)
                ):
                    continue
                who = _who_before(work, people, a, m.start(), scene.start if scene else 0, m.end())
                if who is not None and who.name == victim.name:
                    out.add(i)
                    break
            if i in out:
                break
    return out


@stage("events", requires=("content_warnings",), assigns=("events", "self_harm"))
def events(work: Work) -> Work:
    """Find deaths, dying, suicide, self-harm, violence and sex with who it happens to, and when."""
    work.inferred.events = []
    work.inferred.self_harm = []
    if work.cache.get("content_warnings.skipped") or not work.text.strip():
        return work
    people = _Cast(work)
    found = find_events(work, people)
    if people.you_name:
        # The narrated "you" (a main character's ref, not a "you" said in dialogue) gets their name.
        for ref in (r for f in found for r in (f.victim, f.agent) if r is not None):
            if ref.name == "you" and ref.character is None and ref.main:
                ref.name = ref.character = people.you_name
    events, completed = _merge(work, found)
    # What the notes say counts only for someone no death in the text was read for.
    dead = {p.name for e in events if e.label == "death" for p in e.participants if p.role == "victim"}
    stated = note_deaths(work, people)
    victims = [next((p.name for p in e.participants if p.role == "victim"), "") for e in events]
    # The notes may say how a death read in the text came about: "died by suicide".
    completed |= {
        i for e, suicide in stated if suicide for i, v in enumerate(victims) if v == e.participants[0].name
    }
    told = [(e, suicide) for e, suicide in stated if e.participants[0].name not in dead]
    work.cache["events.note_deaths"] = {id(e) for e, _ in told}
    completed |= {len(events) + i for i, (_, suicide) in enumerate(told) if suicide}
    events += [e for e, _ in told]
    grieved = grieved_deaths(work, people, dead | {e.participants[0].name for e, _ in told})
    work.cache["events.grieved"] = {id(e) for e in grieved}
    events += grieved
    gone = {p.name for e in events if e.label == "death" for p in e.participants if p.role == "victim"}
    vanished = listed_deaths(work, people, gone)
    cues = author_word.read(t for t, _ in _note_texts(work))
    if any(c.kind == "minor" for c in cues) and not any(c.kind == "explicit" for c in cues):
        # "the death of a minor original character": a death counts for the archive only when it is
        # the story's own lead's (`_counts_as_mcd` reads only whether the key is there).
        work.cache["events.minor_deaths"] = True
    near: list[dict[str, object]] = []
    taken = [(x.start, x.end) for e in events if e.label in ("death", "dying") for x in e.evidence]
    vanished += vanished_deaths(work, people, gone, near if cues else None, taken)
    work.cache["events.vanished"] = {id(e) for e in vanished}
    events += vanished
    if cues:
        weak_ids = (
            work.cache["events.note_deaths"] | work.cache["events.grieved"] | work.cache["events.vanished"]
        )
        events = weigh_author_word(work, people, events, cues, near, weak_ids)
    by_means = deaths_by_own_means(work, people, events)
    # The steps to the death are on the page even when the death itself is told by absence.
    for i in by_means:
        if events[i].severity == "mentioned":
            events[i].severity = "depicted"  # in place: the caches above hold events by identity
    completed |= by_means
    _name_you(events, people.you_name)
    work.inferred.events = events
    work.inferred.self_harm = self_harm_warnings(events, completed)
    # The notes add a kind the text did not show, or say a kind read as only mentioned is on the page.
    have = {
        w.kind: max(SEVERITY_ORDER[x.severity] for x in work.inferred.self_harm if x.kind == w.kind)
        for w in work.inferred.self_harm
    }
    work.inferred.self_harm += [
        w for w in note_self_harm(work) if SEVERITY_ORDER[w.severity] > have.get(w.kind, -1)
    ]
    _add_content_warnings(work, work.inferred.self_harm)
    _add_sex_scenes(work)
    return work


def _name_you(events: list[Event], name: str | None) -> None:
    """Put the name of a second-person story's "you" on the deaths read from notes, grief and absence
    (all of main characters; a "you" said in dialogue is never theirs)."""
    if not name:
        return
    for e in events:
        for p in e.participants:
            if e.main_character and p.name == "you" and p.character is None:
                p.name = p.character = name


# ---- verdicts the rating stage reads ------------------------------------------------------------


def _who(e: Event) -> str:
    return next((p.name for p in e.participants if p.role == "victim"), "someone")


# How an unplaced pronoun victim reads after "of" in a reason: "death of him", not "death of he".
_OBJECT_FORM = {"he": "him", "she": "her", "i": "me", "we": "us", "they": "them", "his": "him"}


def _whom(e: Event) -> str:
    """The victim as a reason names them: "of Anna", "of him" (a "he" ficlens could not place)."""
    who = _who(e)
    return _OBJECT_FORM.get(who.lower(), who) if who.lower() in _PRONOUNS else who


def _named(names: Iterable[str]) -> list[str]:
    """The people a warning is about, as its `characters` list: names, not an unplaced "he" or "them",
    "someone" or a noun phrase ("the captain"); the story's narrator and its "you" stay."""
    kept = []
    for n in dict.fromkeys(names):
        if n in ("the narrator", "you") or (n[:1].isupper() and n.lower() not in _PRONOUNS):
            kept.append(n)
    return kept


def _quote(e: Event) -> str:
    if not e.evidence:
        return ""
    text = " ".join(e.evidence[0].text.split())
    return f": “{text[:90]}{'…' if len(text) > 90 else ''}”"


def _central(work: Work, e: Event) -> bool:
    """The victim is who the story is about: its most-named character, or the "you" it is told to."""
    on_cast = cast(work.inferred.characters)
    top = on_cast[0].name if on_cast else None
    you = addressee(work)
    return any(
        p.role == "victim"
        # A recurring unnamed figure ("the Fuhrer", "the narrator", "you") counts as the story's own,
        # and so does the character a second-person story calls "you".
        and (p.character == top or p.character is None or (you is not None and p.character == you))
        for p in e.participants
    )


def _told_by(work: Work, e: Event) -> bool:
    """The victim is whose story it is: a scene's focal character, the narrator, or the "you" it is told
    to (not merely the most-named: a minor character the lead grieves may be named more)."""
    pov = work.inferred.pov
    focal = {pov.focal_character, *(s.focal_character for s in pov.switches)} - {None} if pov else set()
    you = addressee(work)
    return any(
        p.role == "victim"
        and (
            p.character in focal
            or p.name in ("I", "the narrator")
            or (you is not None and p.character == you)
        )
        for p in e.participants
    )


def _no_canon(work: Work) -> bool:
    """No canon explains the story (an original work, or an unknown fandom): a death told in
    retrospect is the story's own, not a canon death the reader already knows."""
    fandoms = work.inferred.fandoms
    if not fandoms or fandoms[0].name not in (ORIGINAL_WORK, UNKNOWN_FANDOM):
        return False
    # A canon the KB cannot name is still a canon when the notes warn of spoilers for it ("Set at Cynuit in
    # season one. Spoilers, obviously."): a death told afterwards is then the canon's, not the story's own.
    return fandoms[0].name == ORIGINAL_WORK or not any(n.kind == "spoiler-notice" for n in work.notes)


def _own_past_death(work: Work, e: Event) -> bool:
    """A death told in retrospect in the narration of a story no canon explains ("It is four weeks
    since Annie died"): the person is dead in the story's present. Not one a character says ("I
    just died," in a time loop), nor one of someone whose death the story undoes elsewhere."""
    if e.mode != "canon_mentioned" or not _no_canon(work) or not e.evidence:
        return False
    victims = {p.name for p in e.participants if p.role == "victim"}
    # Named in the sentence itself: a "him" that memory reaches back for may be anyone.
    if not any(v.split()[0] in e.evidence[0].text for v in victims):
        return False
    if in_spans(e.evidence[0].start, _quotes(work)):
        return False
    return not any(
        o.mode == "undone" and victims & {p.name for p in o.participants if p.role == "victim"}
        for o in work.inferred.events
    )


def major_character_deaths(work: Work) -> list[Event]:
    """Deaths of main or recurring characters in the story: shown on the page, or (for the character the
    story is about) known dead in its present, e.g. at their funeral. Not dreamt, undone or imagined."""
    return [e for e in work.inferred.events if _counts_as_mcd(work, e)]


def mcd_warning(work: Work) -> ArchiveWarning | None:
    """Major Character Death naming who dies, from the events."""
    deaths = major_character_deaths(work)
    if not deaths:
        return None
    who = list(dict.fromkeys(_who(e) for e in deaths))
    first = deaths[0]
    said = work.cache.get("events.author_word", {})
    quote = next((said[id(e)] for e in deaths if id(e) in said), None)
    you = addressee(work)
    # "Ruth (you) dies": the reader sees that the named character is the story's "you".
    shown = [f"{w} (you)" if w == you else w for w in who]
    if not first.participants:  # the notes' own "Major Character Death", no one named in the text
        reason = f"the author's note says “{quote}”; the text does not say who"
    else:
        reason = (
            f"{', '.join(shown[:3])} die{'s' if len(who) == 1 and who[0] not in ('you', 'I') else ''} "
            + (
                "(the author's notes say so)"
                if id(first) in work.cache.get("events.note_deaths", ())
                else f"in scene {first.scene + 1}"
            )
            + f"{' (in a flashback)' if first.mode == 'flashback' else ''}{_quote(first)}"
            + (f"; the author's note says “{quote}”" if quote else "")
        )
    return ArchiveWarning(
        name="Major Character Death",
        confidence=round(max(e.confidence for e in deaths), 3),
        reasons=[reason],
        characters=[w for w in who if any(p.name == w for e in deaths for p in e.participants)],
    )


# Violence that counts for "Graphic Depictions Of Violence": what is done to a body, on the page.
_VIOLENT_LABELS = frozenset({"violence", "death", "dying", "suicide_attempt", "self_harm"})


def told_on_page(work: Work, span: tuple[int, int]) -> bool:
    """Is the violence of the sentence at `span` lived on the page: not dreamt, feared, hypothetical,
    negated, or watched on a screen or a stage ("Achilles stabbed Hector through the throat" in a film)?"""
    scene = work.scene_at(span[0])
    start, end = (scene.start, scene.end) if scene else (0, len(work.text))
    return _mode(work, "violence", span, span[0], end, start) in ON_PAGE


def graphic_events(work: Work) -> list[Event]:
    return [
        e
        for e in work.inferred.events
        if e.label in _VIOLENT_LABELS and e.severity == "graphic" and e.mode in ON_PAGE
    ]


# A wound sentence counts as graphic when its stretch of text (±GRAPHIC_REACH characters) holds at
# least this much bodily detail: a class match counts 1, a strong gore word 2, a weak one 1.
GRAPHIC_REACH = 300
GRAPHIC_DETAIL = 3
# Two graphic passages at most this many characters apart (about 700 words) make a graphic scene.
GRAPHIC_SPAN = 4000
# Told in retrospect ("had sliced through his torso", "what he remembers best is the blood"): a wound
# recalled is not violence on the page.
_RECALLED = re.compile(
    _REMEMBERED + r"|\brecall\w*|\bhad\s(?:\w+ly\s)?(?:been\s)?\w+(?:ed|en|wn|ut|orn|uck)\b"
)


def graphic_passages(work: Work) -> list[tuple[int, tuple[int, int]]]:
    """(scene, sentence span) of each sentence where a body is wounded in bodily detail, on the page.

    A sentence must show one of the word classes of `_implied_events` (an instrument entering a body
    part, blood in motion, a body laid open) and its surroundings enough gore; recalled, negated,
    feared, dreamt or on-screen (a film) violence does not count.
    """
    if "events.graphic" in work.cache:
        return work.cache["events.graphic"]
    out: list[tuple[int, tuple[int, int]]] = []
    text = work.text
    low = _low(work)
    for index, scene_start, scene_end, piece, hits in _gated_prose(work, low, implied.GRAPHIC_WORDS):
        for _, a, b in _hit_sentences(text, piece, hits):
            sentence = low[a:b]
            if not implied.graphic_classes(sentence):
                continue
            first = next(rx.search(sentence) for rx in implied.GRAPHIC_CLASSES if rx.search(sentence))
            # Recalled only when the wound itself is told in retrospect: not "blood sprayed across the
            # sail he had been mending".
            if _RECALLED.search(sentence, 0, first.end()):
                continue
            window = low[max(piece.start, a - GRAPHIC_REACH) : min(piece.end, b + GRAPHIC_REACH)]
            detail = (
                2 * len(_GORE_STRONG.findall(window))
                + len(_GORE_WEAK.findall(window))
                + sum(1 for rx in implied.GRAPHIC_CLASSES for _ in rx.finditer(window))
            )
            if detail < GRAPHIC_DETAIL:
                continue
            if _mode(work, "violence", (a, b), a + first.start(), scene_end, scene_start) not in ON_PAGE:
                continue
            out.append((index, (a, b)))
    work.cache["events.graphic"] = out
    return out


def graphic_violence_warning(work: Work) -> ArchiveWarning | None:
    """Graphic Depictions Of Violence when violence is graphic on the page in two passages or more."""
    graphic = graphic_events(work)
    passages = {(e.scene, ev.start) for e in graphic for ev in e.evidence}
    wounds = [(scene, span) for scene, span in graphic_passages(work) if (scene, span[0]) not in passages]
    # One gory sentence is often a wound described, not a scene of violence: two are asked for, and
    # wound sentences count only two to a stretch of text (a fight is told in one place; two wounds
    # fifteen chapters apart in a long work are not a graphic scene).
    starts = sorted([start for _, start in passages] + [span[0] for _, span in wounds])
    close = any(b - a <= GRAPHIC_SPAN for a, b in pairwise(starts))
    # One sentence that wounds and lays the body open ("drove the bayonet into his belly ... and his guts
    # slid out") is a scene of violence by itself; a stab and a spray of blood is not (a wound described).
    low = _low(work)
    close = close or any(
        implied.OPEN_BODY.search(low, a, b) and implied.graphic_classes(low[a:b]) >= 2 for _, (a, b) in wounds
    )
    if len(passages) < 2 and not (wounds and close):
        return _graphic_by_the_author(work)
    scenes = sorted({e.scene for e in graphic} | {scene for scene, _ in wounds})
    if graphic:
        first = graphic[0]
        what = f"{first.label.replace('_', ' ')} of {_whom(first)}"
        quote = _quote(first)
    else:
        what = "wounds"
        span = wounds[0][1]
        quote = _quote(
            Event(
                label="violence",
                severity="graphic",
                mode="present",
                scene=0,
                confidence=0.0,
                evidence=[work.evidence(*span)],
            )
        )
    return ArchiveWarning(
        name="Graphic Depictions Of Violence",
        confidence=round(min(0.95, 0.6 + 0.08 * (len(passages) + len(wounds))), 3),
        reasons=[
            f"{what} in graphic detail in scene{'s' if len(scenes) > 1 else ''} "
            f"{', '.join(str(s + 1) for s in scenes[:5])}{quote}"
        ],
        characters=_named(_who(e) for e in graphic)[:5],
    )


def _graphic_by_the_author(work: Work) -> ArchiveWarning | None:
    """Graphic Depictions Of Violence when the notes warn of it ("The gunshot stuff is graphic, I didn't
    tone it down"): an author's warning of what the story shows, as "Major Character Death" in the notes
    is. A note that says only "Very graphic." counts beside violence the page shows."""
    cue = author_word.graphic_violence(t for t, _ in _note_texts(work))
    if cue is None:
        return None
    quote, says_what = cue
    shown = [e for e in work.inferred.events if e.label in _VIOLENT_LABELS and e.mode in ON_PAGE]
    if not says_what and not shown:
        return None
    return ArchiveWarning(
        name="Graphic Depictions Of Violence",
        confidence=0.7 if shown else 0.6,
        reasons=[f"the author's notes warn of graphic violence: “{quote}”"],
        characters=_named(_who(e) for e in shown)[:5],
    )


RATING_ORDER = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
# A quiet death of old age or illness in one's sleep is no Teen material by itself.
# A gentle death (in sleep, of age, slipping away) asks for no Teen rating by itself.
_QUIET = re.compile(
    r"\b(?:old age|peacefully|in (?:his|her|their|my|your) sleep|natural causes|never woke(?: up)?|"
    r"(?:didn['’]t|did not) wake(?: up)?|slipped away)\b",
    re.IGNORECASE,
)


# A notice of a death (a letter, a telegram, an official's words): "We regret to inform you...", "missing,
# presumed dead", "killed in action". Even of someone off the page, a reader is told a person died: Teen.
_NOTICE = re.compile(
    r"\b(?:regret to (?:inform|tell)|deeply regret|killed in action|missing,? presumed (?:dead|killed)|"
    r"presumed dead|died of (?:his |her |their )?wounds|missing in action)\b"
)
_NOTICE_WORDS = ("regret to", "deeply regret", "in action", "presumed", "of wounds", "s wounds")
_HEARSAY = re.compile(r"\b(?:probably|would|might|if|as having been|pretend\w*|joke\w*)\b")
_SOMEONE_NAMED = re.compile(r"\b(?:he|she|his|her|him)\b|(?<![.!?\n] )\b[A-Z][a-z]+\b(?! [A-Z])")


def death_notice(work: Work) -> tuple[int, tuple[int, int]] | None:
    """(scene, sentence) of a notice that a person died or is presumed dead, in the story's now."""
    low = _low(work)
    if not implied.has_any(low, _NOTICE_WORDS):
        return None
    text = work.text
    for m in _NOTICE.finditer(low):
        sc = work.scene_at(m.start())
        lo, hi = (sc.start, sc.end) if sc else (0, len(text))
        a, b = _sentence_at(text, lo, hi, m.start())
        s = low[a:b]
        if _HEARSAY.search(s):
            continue
        if m.group(0).startswith(("regret", "deeply")):
            if not _DEATH_NEAR.search(s):
                continue  # "we regret to inform you the café is closed"
        elif not _SOMEONE_NAMED.search(text, a, b):
            continue
        if _mode(work, "death", (a, b), m.start(), hi, lo) in ON_PAGE:
            return (sc.index if sc else 0, (a, b))
    return None


def rating_floor(work: Work) -> tuple[str, str] | None:
    """The least rating the strongest event asks for, with the reason; None when no event asks."""
    best: tuple[int, str] | None = None

    def offer(level: int, reason: str) -> None:
        nonlocal best
        if best is None or level > best[0]:
            best = (level, reason)

    graphic = graphic_events(work)
    scenes = {e.scene for e in graphic}
    gdov = graphic_violence_warning(work)
    if gdov is not None:
        # Violence graphic enough for the archive warning is Mature material (AO3 practice).
        offer(2, gdov.reasons[0])
    # A dying on the page is Teen material; one whose death is read as well is told by that death
    # (undone later, or confirmed).
    deaths_of = {_who(e) for e in work.inferred.events if e.label == "death"}
    for e in work.inferred.events:
        if e.mode not in ON_PAGE or e.confidence < 0.65:
            continue
        what = f"{e.label.replace('_', ' ')} ({e.severity}) of {_whom(e)} in scene {e.scene + 1}{_quote(e)}"
        violent = e.label in ("suicide_attempt", "self_harm", "violence") or any(
            p.role == "agent" for p in e.participants
        )
        # A killing, an attempt or a wound is Teen material, and so is a death shown on the page (even
        # one undone later: the reader still watches it). A suicide attempt or self-harm on the page
        # asks for Mature.
        if e.label in ("suicide_attempt", "self_harm") and e.mode == "present" and e.severity != "mentioned":
            offer(2, what)
        elif violent or e.severity == "graphic":
            offer(1, what)
        elif (
            (e.label == "death" or (e.label == "dying" and _who(e) not in deaths_of))
            and e.severity != "mentioned"
            and not _QUIET.search(_quote(e))
        ):
            offer(1, what)
    for e in work.inferred.events:
        # A death undone later (a restarted heart, a time loop) was still watched on the page.
        if e.label == "death" and e.mode == "undone" and e.severity != "mentioned" and e.confidence >= 0.65:
            offer(1, f"a death on the page, undone later, of {_whom(e)} in scene {e.scene + 1}{_quote(e)}")
        # So was a death or a wound in a nightmare: the reader sees it as the dreamer does.
        elif (
            e.label in ("death", "dying", "violence")
            and e.mode == "dream"
            and e.severity != "mentioned"
            and e.confidence >= 0.65
        ):
            offer(1, f"{e.label} ({e.severity}) in a dream, of {_whom(e)} in scene {e.scene + 1}{_quote(e)}")
    # A main character's death shown on the page asks for Teen; one known only from a funeral or grief
    # does not by itself (an AO3 author rated "On the day the Fuhrer died, it snowed" General).
    for w in work.inferred.self_harm:
        # Suicide or self-harm even only thought of or told (a friend's suicide, ideation) is no General material;
        # an attempt or self-harm the notes say is shown on the page asks for Mature, as one read there does.
        if (
            w.confidence >= 0.65
            and w.kind in ("attempt", "self-harm", "completed")
            and w.severity != "mentioned"
        ):
            where = f"in scene {w.scenes[0] + 1}" if w.scenes else "as the author's notes say"
            offer(2, f"{w.kind} ({w.severity}) of {w.who or 'someone'}, {where}")
        elif w.confidence >= 0.65:
            offer(
                1,
                f"{w.kind} ({w.severity}) of {w.who or 'someone'} in scene {w.scenes[0] + 1 if w.scenes else 1}",
            )
    # A main character shown dying asks for Teen; so does one of the cast known dead in the story's
    # present (a funeral, letters to the dead): the story is about losing them. A title standing for
    # an unnamed figure ("On the day the Fuhrer died, it snowed") is not enough when only mentioned.
    noted = work.cache.get("events.note_deaths", ())
    deaths = [
        e
        for e in major_character_deaths(work)
        # The unnamed narrator or "you" of the story is no title standing for a figure outside it, unless
        # only the author's notes tell of that death.
        if e.severity != "mentioned"
        or any(
            p.role == "victim" and (p.character or (id(e) not in noted and p.name in ("the narrator", "you")))
            for p in e.participants
        )
    ]
    if deaths:
        offer(1, f"the death of a main character ({_who(deaths[0])}) in scene {deaths[0].scene + 1}")
    if best is None:
        notice = death_notice(work)
        if notice is not None:
            a, b = notice[1]
            text = " ".join(work.text[a:b].split())
            offer(1, f"a death notice in scene {notice[0] + 1}: “{text[:90]}{'…' if len(text) > 90 else ''}”")
    for e in work.inferred.events:
        # Sex described act by act is Explicit material even without explicit terms (`_sexual_events`).
        if e.label == "sexual_content" and e.scene in work.cache.get("events.explicit_scenes", ()):
            offer(3, f"sex described act by act in scene {e.scene + 1}{_quote(e)}")
            break
    if len(scenes) >= 2 or (graphic and any(e.label in ("suicide_attempt", "self_harm") for e in graphic)):
        e = graphic[0]
        offer(2, f"graphic {e.label.replace('_', ' ')} of {_whom(e)} in {len(scenes)} scene(s){_quote(e)}")
    if best is None:
        return None
    return RATING_ORDER[best[0]], best[1]


def certainty(words: int, confidence: float) -> str:
    """How far a reader can lean on a rating: short texts are too short to rule content out."""
    if words < SURE_WORDS[0]:
        return "unsure"
    if words < SURE_WORDS[1] or confidence < 0.5:
        return "likely"
    return "sure"


# Below the first count a rating is "unsure"; below the second at most "likely".
SURE_WORDS = (300, 1000)
