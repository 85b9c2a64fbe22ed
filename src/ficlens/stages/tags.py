"""Tags stage: suggest the AO3 additional (freeform) tags readers search for, with why.

Runs last. Each tag has a small rule over signals from the prose (lexicon densities per 1,000 words,
VADER valence per scene), the emotional arc, and whatever earlier stages found (content warnings,
relationships, characters, POV, rating, structure and stats); when a stage is missing or found
nothing, its signals simply do not fire. Confidences are hand-set and deliberately conservative: the
AO3 dev set has 63 works, too few to fit weights without overfitting. Never reads `work.declared`.

    >>> work = ficlens.analyze("examples/the-lighthouse-keeper.txt")
    >>> [(t.tag, t.confidence, t.signals[0]) for t in work.inferred.freeform]
    [('Happy Ending', 0.8, 'arc: ends up'), ('Hurt/Comfort', 0.62, 'words: hurt 4.9/1k, comfort 4.9/1k')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ficlens.model import TagSuggestion, Work
from ficlens.registry import stage
from ficlens.stages._insights import Sentence, mean_valence, prose_sentences, prose_words, scene_sentences

TAGS = (
    "Angst",
    "Fluff",
    "Hurt/Comfort",
    "Angst with a Happy Ending",
    "Happy Ending",
    "Sad Ending",
    "Humor",
    "Romance",
    "Established Relationship",
    "First Kiss",
    "Friends to Lovers",
    "Slow Burn",
    "Grief/Mourning",
    "Canon Divergence",
    "Post-Canon",
    "Alternate Universe",
    "Smut",
    "Character Study",
    "Introspection",
    "Drabble",
    "One Shot",
    "Series",
)

# Suggestions below this confidence are dropped: an unsure tag costs the author more than a missing one.
MIN_CONFIDENCE = 0.3
DENSITY_PRIOR_WORDS = 200
# Han, kana and hangul: scripts without spaces, where a whitespace word count means nothing.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _lexicon(spec: str) -> re.Pattern[str]:
    # Comma-separated phrases of whole words: a trailing * allows any ending (kiss* -> kissed), and
    # (a|b) picks one word (held (him|her)). Matched against lowercased text: re.IGNORECASE makes
    # these long alternations three times slower.
    phrases = [p.strip() for p in spec.split(",") if p.strip()]
    parts = [
        re.escape(p)
        .replace(r"\*", r"\w*")
        .replace(r"\ ", r"\s+")
        .replace(r"\(", "(?:")
        .replace(r"\)", ")")
        .replace(r"\|", "|")
        for p in phrases
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def _fold(text: str) -> str:
    """Lowercase with straight apostrophes, the form the lexicons are written in."""
    return text.lower().replace("’", "'")


LEXICONS: dict[str, re.Pattern[str]] = {
    "angst": _lexicon(
        "tears, cried, crying, sob*, weep*, wept, ache*, aching, alone, lonely, loneliness, guilt*, "
        "regret*, despair*, hopeless*, heartbr*, betray*, anguish*, grief, broken, shatter*, scream*, "
        "numb, empty, misery, miserable, hurt*, pain*, suffer*, trembl*, desperat*, afraid, fear*"
    ),
    "fluff": _lexicon(
        "cuddl*, snuggl*, giggl*, blanket*, cocoa, hot chocolate, cozy, cosy, fluffy, soft*, sweet*, "
        "adorabl*, cute*, nuzzl*, sleepy, pancake*, cookie*, baking, kitten*, pupp*, sunshine, tender*, "
        "warmth, beam*, grin*, smil*, blush*, domestic, lazy, gentle, gently, hug*"
    ),
    "humor": _lexicon(
        "laugh*, snort*, joke*, joking, ridiculous, absurd*, hilarious, idiot*, grin*, tease*, teasing, "
        "smirk*, eye roll, rolled (his|her|their) eyes, sarcas*, chuckl*, giggl*, banter*, deadpan*, "
        "prank*, oh my god, dramatic*, funny"
    ),
    "romance": _lexicon(
        "kiss*, lips, in love, love you, loved (him|her|them), darling, sweetheart, beloved, romantic*, "
        "date, dating, blush*, heart raced, heart pounded, flirt*, boyfriend, girlfriend, husband, wife, "
        "married, wedding, propos*, courting, embrac*, caress*, lover*"
    ),
    "kiss": _lexicon("kiss, kissed, kisses, kissing"),
    "first_kiss": _lexicon(
        "first kiss, kissed (him|her|them|me) for the first time, never kissed, finally kissed, "
        "kiss (him|her|them) back, kissed (him|her|them|me) back, wanted to kiss"
    ),
    "partner": _lexicon(
        "husband, wife, boyfriend, girlfriend, partner, fiancé*, fiance*, married, our bed, our home, "
        "our flat, our apartment, anniversary, years together, love you, darling, sweetheart, honey"
    ),
    "friend": _lexicon("friend*, best friend*, friendship, mate, buddy, pal"),
    "smut": _lexicon(
        "cock*, dick, cunt, pussy, clit*, orgasm*, erection, erect, arousal, aroused, thrust*, moan*, "
        "groan*, lube, lubricant, nipple*, naked, nude, fuck me, fucked (him|her|them|me), "
        "fucking (him|her|them|me), come inside, climax*, hips, arse, ass, balls, shaft, slick, "
        "spread (his|her|their) legs, sucked, stroked, semen, spent, grind*, hard against"
    ),
    "grief": _lexicon(
        "grief, griev*, mourn*, funeral*, grave, graves, gravestone*, headstone*, buried, burial, "
        "coffin*, casket*, wake, memorial*, widow*, passed away, died, dead, death, loss, "
        "lost (him|her|them), ashes, eulogy, condolence*"
    ),
    "hurt": _lexicon(
        "wound*, blood*, bleed*, injur*, fever*, sick*, ill, hospital*, bandag*, bruis*, stitch*, "
        "infirmary, medic*, healer*, concuss*, broken (arm|leg|rib|ribs), fractur*, burn*, scar*, pain*, "
        "limp*, unconscious, faint*, shot, stabb*, cut, hurt*, collaps*, feverish, shiver*, nightmare*, "
        "panic*"
    ),
    "comfort": _lexicon(
        "comfort*, sooth*, hush*, it's okay, it's all right, you're safe, you're okay, i've got you, "
        "i'm here, stroked, strok*, held (him|her|them|me), hold (him|her|them|me), "
        "holding (him|her|them|me), hug*, cradl*, tend*, cared for, took care, reassur*, blanket*, tea, "
        "rest, safe, gently, gentle, carded, murmur*"
    ),
    "cognition": _lexicon(
        "thought, thinks, think, thinking, wonder*, rememb*, realiz*, realis*, knew, know, felt, feel*, "
        "wish*, suppose*, perhaps, maybe, memor*, mind, understood, understand*, believ*, doubt*, "
        "imagin*, himself, herself, myself, themself, themselves"
    ),
    "modern": _lexicon(
        "phone*, texted, text message*, laptop*, coffee shop, barista, college, dorm, apartment, uber, "
        "instagram, twitter, tumblr, email*, netflix, wifi, wi-fi, starbucks, subway, mall, high school, "
        "university, internet, selfie*, television, tv, car, cars, highway, airport, office, startup, "
        "app"
    ),
    "au_trope": _lexicon(
        "soulmate*, soul mark*, alternate universe, another universe, other universe, parallel universe, "
        "mirror universe, alpha, omega, werewolf, werewolves, vampire*, reincarnat*, past life, "
        "past lives"
    ),
    "post_canon": _lexicon(
        "after the war, since the war, the war was over, after the battle, since the battle, "
        "after everything, after it was all over, years later, years since, years after, "
        "in the aftermath, aftermath, now that it was over, it was over, rebuilding, rebuilt, peacetime, "
        "retired, retirement"
    ),
    "divergence": _lexicon(
        "survived, didn't die, did not die, hadn't died, had not died, alive after all, "
        "should have died, should be dead, instead of dying, changed everything, what if, "
        "in another life, if only, different choice"
    ),
}

# Warning ids (Webis taxonomy, `content_warnings` stage) that speak for a tag.
_ANGST_WARNINGS = {"death", "suicide", "self-harm", "sexual-abuse", "abuse", "child-abuse", "mental-illness"}
_HURT_WARNINGS = {"violence", "blood-gore", "procedures", "kidnapping"}
_GRIEF_WARNINGS = {"death", "suicide"}
_SMUT_WARNINGS = {"pornography"}


@dataclass
class Signals:
    """Everything the tag rules read, computed once per work."""

    words: int
    length: int  # words, counting each CJK character as one (as AO3 does)
    chapters: int
    scenes: int
    density: dict[str, float]  # lexicon hits per 1,000 prose words
    valence: float  # mean VADER compound of the prose
    negative_share: float  # share of words in sentences with compound <= -0.5
    positive_share: float  # share of words in sentences with compound >= 0.5
    end_valence: float  # mean valence of the last tenth of the prose
    ending: str | None
    arc_shape: str | None
    arc_confidence: float
    first_kiss_at: float | None  # position (0..1) of the first kiss word in the prose
    hurt_comfort_scenes: int  # scenes dense in both hurt and comfort words
    dialogue_share: float | None
    warnings: dict[str, float] = field(default_factory=dict)  # warning id -> confidence
    romantic: list[tuple[str, float]] = field(default_factory=list)
    platonic: list[tuple[str, float]] = field(default_factory=list)
    main_characters: int = 0
    top_character_share: float | None = None
    pov_person: str | None = None
    rating: str | None = None
    in_series: bool = False


def _saturate(x: float, half: float) -> float:
    """0 at 0, 0.5 at `half`, approaching 1: turns a density into a confidence."""
    return x / (x + half) if x > 0 else 0.0


def collect_signals(work: Work) -> Signals:
    """Read the prose once and gather every signal the tag rules use."""
    sents = prose_sentences(work)
    words = prose_words(work)
    prose = _fold("\n".join(work.text[s.start : s.end] for s in sents))
    # A prior of DENSITY_PRIOR_WORDS empty words: three hits in a 60-word vid post are not a theme.
    per_k = 1000.0 / (words + DENSITY_PRIOR_WORDS)
    density = {name: len(rx.findall(prose)) * per_k for name, rx in LEXICONS.items()}

    def share(pred: Callable[[Sentence], bool]) -> float:
        return sum(s.words for s in sents if pred(s)) / max(words, 1)

    tail = [s for s in sents if s.words_before >= 0.9 * words] or sents[-1:]
    first_kiss_at = None
    kiss = LEXICONS["kiss"]
    for s in sents:
        if kiss.search(_fold(work.text[s.start : s.end])):
            first_kiss_at = s.words_before / max(words, 1)
            break

    hurt_comfort = 0
    for group in scene_sentences(work).values():
        n = sum(s.words for s in group)
        if n < 30:
            continue
        text = _fold(" ".join(work.text[s.start : s.end] for s in group))
        hurt = len(LEXICONS["hurt"].findall(text)) * 1000 / n
        comfort = len(LEXICONS["comfort"].findall(text)) * 1000 / n
        if hurt >= 4 and comfort >= 4:
            hurt_comfort += 1

    inf = work.inferred
    warnings: dict[str, float] = {}
    for cw in inf.content_warnings:
        warnings[cw.id] = max(warnings.get(cw.id, 0.0), cw.confidence)
    mentions = [len(c.mentions) for c in inf.characters]
    arc = inf.arc
    return Signals(
        words=words,
        length=words + len(_CJK.findall(prose)),
        chapters=max(len(work.chapters), 1),
        scenes=max(len(work.scenes), 1),
        density=density,
        valence=mean_valence(sents),
        negative_share=share(lambda s: s.valence <= -0.5),
        positive_share=share(lambda s: s.valence >= 0.5),
        end_valence=mean_valence(tail),
        ending=arc.ending if arc else None,
        arc_shape=arc.shape if arc else None,
        arc_confidence=arc.confidence if arc else 0.0,
        first_kiss_at=first_kiss_at,
        hurt_comfort_scenes=hurt_comfort,
        dialogue_share=work.stats.dialogue_share,
        warnings=warnings,
        romantic=[(r.tag, r.confidence) for r in inf.relationships if r.kind == "romantic"],
        platonic=[(r.tag, r.confidence) for r in inf.relationships if r.kind == "platonic"],
        main_characters=sum(1 for c in inf.characters if c.role == "main"),
        top_character_share=max(mentions) / sum(mentions) if mentions and sum(mentions) else None,
        pov_person=inf.pov.person if inf.pov else None,
        rating=inf.rating.name if inf.rating else None,
        # Series membership is a structural fact of the source (like chapter count), not a declared tag.
        in_series=work.series is not None,
    )


Rule = Callable[[Signals], tuple[float, list[str]]]
_RULES: dict[str, Rule] = {}


def _rule(tag: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        _RULES[tag] = fn
        return fn

    return register


def _d(s: Signals, name: str) -> str:
    return f"words: {name} {s.density[name]:.1f}/1k"


def _warned(s: Signals, ids: set[str]) -> tuple[float, list[str]]:
    hits = {i: c for i, c in s.warnings.items() if i in ids}
    if not hits:
        return 0.0, []
    return max(hits.values()), [f"content warnings: {', '.join(sorted(hits))}"]


def _combine(*parts: float) -> float:
    """Noisy-OR: independent pieces of evidence, each a probability."""
    return 1.0 - math.prod(1.0 - min(max(p, 0.0), 1.0) for p in parts)


@_rule("Angst")
def _angst(s: Signals) -> tuple[float, list[str]]:
    # Typical fic sits near 3 angst words per 1k and 10% strongly negative prose; the rule needs more.
    lex = 0.7 * _saturate(max(0.0, s.density["angst"] - 1.5), 5.0)
    tone = 0.6 + 2.0 * max(0.0, s.negative_share - 0.08)
    warn, warn_sig = _warned(s, _ANGST_WARNINGS)
    conf = _combine(lex * tone, 0.5 * warn)
    signals = [_d(s, "angst"), f"valence: {s.negative_share:.0%} of prose in strongly negative sentences"]
    return conf, signals + warn_sig


@_rule("Fluff")
def _fluff(s: Signals) -> tuple[float, list[str]]:
    lex = _saturate(s.density["fluff"], 15.0)
    # Fluff is low-stakes: strongly negative prose or serious warnings rule it out.
    calm = max(0.0, 1.0 - max(0.0, s.negative_share - 0.08) * 5.0)
    heavy = max((c for i, c in s.warnings.items() if i in _ANGST_WARNINGS | _HURT_WARNINGS), default=0.0)
    warmth = 0.8 + min(0.4, s.positive_share)
    conf = lex * calm * (1.0 - 0.7 * heavy) * warmth
    return min(conf, 0.95), [_d(s, "fluff"), f"valence: {s.positive_share:.0%} of prose strongly positive"]


@_rule("Hurt/Comfort")
def _hurt_comfort(s: Signals) -> tuple[float, list[str]]:
    scenes = s.hurt_comfort_scenes / s.scenes
    lex = math.sqrt(_saturate(s.density["hurt"], 5.0) * _saturate(s.density["comfort"], 2.5))
    warn, warn_sig = _warned(s, _HURT_WARNINGS)
    conf = _combine(0.6 * lex, min(0.5, scenes), 0.3 * warn * (lex > 0.3))
    signals = [
        f"words: hurt {s.density['hurt']:.1f}/1k, comfort {s.density['comfort']:.1f}/1k",
        f"scenes: {s.hurt_comfort_scenes} dense in both",
    ]
    return conf, signals + warn_sig


@_rule("Happy Ending")
def _happy_ending(s: Signals) -> tuple[float, list[str]]:
    if s.end_valence <= 0.1:
        return 0.0, []
    level = min(1.0, (s.end_valence - 0.1) * 2.5)
    trend = {"up": 1.0, "flat": 0.6, "down": 0.2}.get(s.ending or "flat", 0.6)
    return 0.8 * level * trend, [f"arc: ends {s.ending}", f"valence: last tenth {s.end_valence:+.2f}"]


@_rule("Sad Ending")
def _sad_ending(s: Signals) -> tuple[float, list[str]]:
    if s.end_valence >= -0.05:
        return 0.0, []
    level = min(1.0, (-s.end_valence - 0.05) * 3.0)
    trend = {"down": 1.0, "flat": 0.6, "up": 0.2}.get(s.ending or "flat", 0.6)
    return 0.8 * level * trend, [f"arc: ends {s.ending}", f"valence: last tenth {s.end_valence:+.2f}"]


@_rule("Angst with a Happy Ending")
def _angst_happy(s: Signals) -> tuple[float, list[str]]:
    angst, angst_sig = _angst(s)
    happy, happy_sig = _happy_ending(s)
    rises = s.arc_shape in {"man in a hole", "Cinderella", "rags to riches"} and s.ending == "up"
    conf = math.sqrt(angst * happy) * (1.0 if rises else 0.6)
    return conf, [
        *angst_sig[:1],
        *happy_sig,
        f"arc: {s.arc_shape or 'no clear shape'} ({s.arc_confidence:.2f})",
    ]


@_rule("Humor")
def _humor(s: Signals) -> tuple[float, list[str]]:
    lex = _saturate(s.density["humor"], 10.0)
    return lex * (1.1 if s.valence > 0.05 else 0.7), [_d(s, "humor"), f"valence: mean {s.valence:+.2f}"]


@_rule("Romance")
def _romance(s: Signals) -> tuple[float, list[str]]:
    rel = max((c for _, c in s.romantic), default=0.0)
    lex = _saturate(s.density["romance"], 6.0)
    signals = [_d(s, "romance")]
    if s.romantic:
        signals.insert(0, f"relationships: {', '.join(t for t, _ in s.romantic[:3])}")
    return _combine(0.7 * lex, 0.6 * rel), signals


@_rule("Established Relationship")
def _established(s: Signals) -> tuple[float, list[str]]:
    romance, _ = _romance(s)
    partner = _saturate(s.density["partner"], 3.0)
    early_kiss = s.first_kiss_at is not None and s.first_kiss_at < 0.15
    conf = romance * partner * (1.2 if early_kiss else 0.8) * (0.5 if s.density["first_kiss"] > 0 else 1.0)
    signals = [_d(s, "partner")]
    if early_kiss:
        signals.append(f"words: first kiss at {s.first_kiss_at:.0%} of the story")
    return min(conf, 0.9), signals


@_rule("First Kiss")
def _first_kiss(s: Signals) -> tuple[float, list[str]]:
    if s.first_kiss_at is None:
        return 0.0, []
    cue = _saturate(s.density["first_kiss"], 0.3)
    late = min(1.0, s.first_kiss_at / 0.4)  # a kiss that comes after a build-up
    romance = _saturate(s.density["romance"], 4.0)
    partner = _saturate(s.density["partner"], 3.0)
    # A kiss on the hair from a father is not a first kiss: the late kiss counts only in a romance.
    conf = _combine(0.6 * cue, 0.5 * late * romance) * (1.0 - 0.6 * partner)
    return conf, [f"words: first kiss at {s.first_kiss_at:.0%} of the story", _d(s, "first_kiss")]


@_rule("Friends to Lovers")
def _friends_to_lovers(s: Signals) -> tuple[float, list[str]]:
    kiss, _ = _first_kiss(s)
    friends = _saturate(s.density["friend"], 2.0)
    platonic = 0.2 if s.platonic else 0.0
    return kiss * _combine(friends, platonic) * 0.8, [_d(s, "friend"), "words: a late first kiss"]


@_rule("Slow Burn")
def _slow_burn(s: Signals) -> tuple[float, list[str]]:
    romance, _ = _romance(s)
    length = _saturate(max(0, s.length - 15_000), 25_000)
    late = 0.0 if s.first_kiss_at is None else max(0.0, (s.first_kiss_at - 0.4) / 0.6)
    # A romance with no kiss at all over a long work also burns slowly.
    late = late if s.first_kiss_at is not None else 0.5
    return romance * length * late, [f"structure: {s.length:,} words", "words: kiss comes late or never"]


@_rule("Grief/Mourning")
def _grief(s: Signals) -> tuple[float, list[str]]:
    lex = _saturate(s.density["grief"], 5.0)
    warn, warn_sig = _warned(s, _GRIEF_WARNINGS)
    sad = 1.0 if s.valence < 0.05 else 0.6
    # A death on the page (a battle, a case) is not mourning: the warning only strengthens grief words.
    return min(0.95, 0.7 * lex * sad * (1.0 + 0.5 * warn)), [_d(s, "grief"), *warn_sig]


@_rule("Canon Divergence")
def _divergence(s: Signals) -> tuple[float, list[str]]:
    # Canon knowledge is out of reach from the prose alone: only explicit what-if phrasing counts.
    return 0.5 * _saturate(s.density["divergence"], 1.0), [_d(s, "divergence")]


@_rule("Post-Canon")
def _post_canon(s: Signals) -> tuple[float, list[str]]:
    return 0.5 * _saturate(s.density["post_canon"], 0.8), [_d(s, "post_canon")]


@_rule("Alternate Universe")
def _au(s: Signals) -> tuple[float, list[str]]:
    trope = _saturate(s.density["au_trope"], 0.8)
    modern = _saturate(max(0.0, s.density["modern"] - 1.5), 2.0)
    return _combine(0.6 * trope, 0.35 * modern), [_d(s, "au_trope"), _d(s, "modern")]


@_rule("Smut")
def _smut(s: Signals) -> tuple[float, list[str]]:
    lex = _saturate(max(0.0, s.density["smut"] - 1.0), 5.0)
    warn, warn_sig = _warned(s, _SMUT_WARNINGS)
    rated = 0.5 if s.rating == "Explicit" else 0.0
    signals = [_d(s, "smut"), *warn_sig] + ([f"rating: inferred {s.rating}"] if rated else [])
    return _combine(0.85 * lex, 0.6 * warn, rated * lex), signals


@_rule("Introspection")
def _introspection(s: Signals) -> tuple[float, list[str]]:
    cognition = _saturate(max(0.0, s.density["cognition"] - 15.0), 15.0)
    quiet = 1.0 if s.dialogue_share is None else max(0.0, 1.0 - s.dialogue_share / 0.35)
    first = 1.15 if s.pov_person == "first" else 1.0
    signals = [_d(s, "cognition")]
    if s.dialogue_share is not None:
        signals.append(f"stats: dialogue {s.dialogue_share:.0%}")
    return min(0.9, cognition * quiet * first), signals


@_rule("Character Study")
def _character_study(s: Signals) -> tuple[float, list[str]]:
    intro, intro_sig = _introspection(s)
    focus = 0.5 if s.top_character_share is None else min(1.0, s.top_character_share / 0.5)
    if s.main_characters == 1:
        focus = max(focus, 0.9)
    short = 1.0 if s.words < 15_000 else 0.6
    signals = list(intro_sig)
    if s.top_character_share is not None:
        signals.append(f"characters: top character has {s.top_character_share:.0%} of mentions")
    return intro * focus * short * 0.9, signals


@_rule("Drabble")
def _drabble(s: Signals) -> tuple[float, list[str]]:
    if s.length <= 110:
        conf = 0.9
    elif s.length <= 300:
        conf = 0.4  # "drabble" loosely means any very short piece
    else:
        conf = 0.0
    return conf, [f"structure: {s.length} words"]


@_rule("One Shot")
def _one_shot(s: Signals) -> tuple[float, list[str]]:
    if s.chapters > 1 or s.length <= 110:
        return 0.0, []
    # Authors rarely tag what AO3's chapter count already says: rank it below content tags.
    return (0.3 if s.in_series else 0.35), [f"structure: 1 chapter, {s.length:,} words"]


@_rule("Series")
def _series(s: Signals) -> tuple[float, list[str]]:
    return (0.95, ["structure: the source lists a series"]) if s.in_series else (0.0, [])


def suggest_tags(work: Work, *, min_confidence: float = MIN_CONFIDENCE) -> list[TagSuggestion]:
    """Freeform tag suggestions for `work`, most confident first, each with the signals that fired."""
    if prose_words(work) == 0:
        return []
    signals = collect_signals(work)
    out = []
    for tag, rule in _RULES.items():
        confidence, fired = rule(signals)
        if confidence >= min_confidence:
            out.append(TagSuggestion(tag=tag, confidence=round(min(confidence, 0.99), 3), signals=fired))
    return sorted(out, key=lambda t: (-t.confidence, TAGS.index(t.tag)))


@stage("tags", requires=("scenes",), assigns=("freeform",))
def tags(work: Work, *, min_confidence: float = MIN_CONFIDENCE) -> Work:
    """Suggest AO3 freeform tags (Angst, Fluff, Hurt/Comfort, ...) with confidence and signals."""
    work.inferred.freeform = suggest_tags(work, min_confidence=min_confidence)
    return work
