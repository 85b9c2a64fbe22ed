"""Keyword lexicons of the content-warnings cascade: taxonomy id -> (strong regex, weak regex).

The Webis keyword lists ship in `resources/warnings_meta.json` (`keywords`, as glob-like queries);
`HAND_PATTERNS` adds patterns for ids those lists leave empty or too vague. A strong pattern is
unambiguous enough to count without the learned harm gate; a weak one counts `WEAK_LEX`.
`EXPLICIT_SEX` and `negated` are cues that `content_warnings`, `events` and `rating` all read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

META_PATH = Path(__file__).resolve().parents[1] / "resources" / "warnings_meta.json"

# Cues the content-warnings severity shares with the stages that build on it (`events`, `rating`),
# kept here so that no stage reads another stage's module for data.
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|nothing|without|cannot|\w+n't)\b")
# A negation governs its own clause only: "he couldn't breathe as the knife went in" is a stabbing.
_CLAUSE_BREAK = re.compile(
    r"[,;:!?()\u2014]|\s-+\s|\b(?:as|and|but|when|while|until|then|because|so|before|after)\b"
)
# Explicit sexual terms: one list for the content-warning severity, the events' sex
# scenes and the rating's explicitness count.
EXPLICIT_SEX = re.compile(
    r"\b(?:cock|cocks|cunt|clit|clitoris|orgasm\w*|cum|cumming|come inside|erection|thrust\w* into|"
    r"penetrat\w*|prostate|pussy|dick|lube\w*|blowjob|blow job|fingered|fingering|rimm\w*|"
    r"(?:his|her) (?:shaft|length|entrance|hole)|sucked (?:him|her) off)\b"
)


# Softer sexual vocabulary, counted per 1,000 words by the rating and per scene by the events.
SOFT_SEXUAL = re.compile(r"\b(?:kiss\w*|moan\w*|naked|aroused|arousal|bed|shirt off|thighs?|lips|groan\w*)\b")
# Bodies in a love scene rather than a kiss or a bed alone: the sexual vocabulary asks for Mature only
# with two kinds of these ("a kiss goodnight", "the hospital bed" and "kissed the baby" are Teen at most).
INTIMATE = re.compile(
    r"\b(?:(?P<undress>undress\w*|unbutton\w*|shirt off)|(?P<hip>hips?)|(?P<sheets>sheets)|"
    r"(?P<bare>bare (?:skin|chest|shoulders?|back))|(?P<skin>skin)|(?P<naked>naked|nude)|(?P<thigh>thighs?)|"
    r"(?P<aroused>aroused|arousal)|(?P<moan>moan\w*)|(?P<hitch>breath hitch\w*)|(?P<straddle>straddl\w*)|"
    r"(?P<collarbone>collarbones?)|(?P<tangled>tangled))\b"
)
# A sex act told without explicit terms: `act`, the act itself ("moved inside him", "went down on her");
# `near`, what comes with it ("undressed each other", "fell into bed"); `told`, sex told and not shown
# ("had sex", "slept together"). An act or a near phrase is a sex scene beside bodily words.
SEX_ACT = re.compile(
    r"\b(?:(?P<told>made love|make love|making love|had sex|have sex|having sex|slept together|"
    r"sleep together|sleeping together|(?:slept|sleeping) with (?:him|her|them|me|you)"
    r"(?=[.,;!?'\"’”—]|\s+(?:again|last|that|once|twice|before|and|but|for|because|when|since)\b))|"
    r"(?P<act>(?:moved|moving|slid|sliding|pushed|pushing|sank|sinking) (?:deep )?inside (?:him|her|me|you|them)|"
    r"into (?:his|her|my|your) mouth|went down on|between (?:his|her|my|your) (?:legs|thighs)|rode (?:him|her)\b)|"
    r"(?P<near>climax\w*|came apart|came undone|undressed each other|"
    r"(?:took|led|pulled|dragged) (?:him|her|me|them) (?:down )?(?:to|into|onto) (?:the |his |her |my )?bed|"
    r"(?:fell|tumbled) into bed))"
)


def negated(before: str) -> bool:
    """True when the lower-cased text just before a cue negates it within the cue's own clause."""
    clause = before[max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0) :]
    return bool(_NEGATION.search(clause))


# Passage warning -> taxonomy id (taxonomy.json `passage_level_warnings`).
PASSAGE_TO_FINE = {
    "violence": "violence",
    "death": "death",
    "war": "collective-violence",
    "abduction": "kidnapping",
    "racism": "racism",
    "homophobia": "homophobia",
    "misogyny": "sexism",
    "ableism": "ableism",
}
FINE_TO_PASSAGE = {v: k for k, v in PASSAGE_TO_FINE.items()}

# Lexicon strength of a weak (ambiguous) keyword; strong patterns count 1.0.
WEAK_LEX = 0.7

# ---- hand-written patterns for ids the shipped lexicons leave empty or too vague -------------
# Each entry: regex fragments (already regex, lower-case). "strong" patterns are unambiguous
# enough to count without the learned harm gate (e.g. "killed himself").
HAND_PATTERNS: dict[str, dict[str, list[str]]] = {
    "suicide": {
        "strong": [
            r"(?:kill|killed|killing|kills) (?:him|her|my|your|them|our)sel(?:f|ves)",
            r"took (?:his|her|their|my) own li(?:fe|ves)",
            r"suicid\w*",
            r"hang(?:ed|s)? (?:him|her|my|them)self",
            r"slit (?:his|her|their|my) (?:own )?wrists?",
            r"end (?:it all|(?:his|her|their|my) (?:own )?life)",
            r"jump(?:ed|ing)? (?:off|from) the (?:bridge|roof|ledge)",
        ],
        "weak": [r"overdos\w*", r"noose", r"want(?:ed)? to die", r"not (?:want|wanting) to live"],
    },
    "self-harm": {
        "strong": [
            r"self[- ]?harm\w*",
            r"cut(?:s|ting)? (?:him|her|my|your|them)self",
            r"(?:razor|blade)s? (?:across|against|into|to) (?:his|her|their|my) (?:wrists?|thighs?|arms?|skin)",
            r"self[- ]injur\w*",
            r"burn(?:ed|ing|s)? (?:him|her|my|them)self",
        ],
        "weak": [r"scars? on (?:his|her|their|my) (?:wrists?|arms?|thighs?)", r"relapse\w*"],
    },
    "addiction": {
        "strong": [
            r"addict\w*",
            r"alcoholi\w*",
            r"withdrawal",
            r"rehab",
            r"heroin",
            r"cocaine",
            r"meth(?:amphetamine)?",
            r"overdos\w*",
        ],
        "weak": [
            r"drunk",
            r"high on",
            r"pills",
            r"needle",
            r"bottle of (?:whiskey|vodka|gin|rum)",
            r"hangover",
        ],
    },
    "mental-illness": {
        "strong": [
            r"panic attacks?",
            r"depress(?:ion|ive)",
            r"ptsd",
            r"flashbacks?",
            r"anxiety attacks?",
            r"psychiatri\w*",
            r"schizophreni\w*",
            r"bipolar",
            r"dissociat\w*",
            r"eating disorder",
        ],
        "weak": [r"hyperventilat\w*", r"nightmares?", r"therap(?:y|ist)", r"medication"],
    },
    "dysmorphia": {
        "strong": [
            r"anorexi\w*",
            r"bulimi\w*",
            r"body dysmorphi\w*",
            r"starv(?:e|ed|ing) (?:him|her|my|them)self",
        ],
        "weak": [r"purg(?:e|ed|ing)", r"hated? (?:his|her|my|their) (?:body|reflection)"],
    },
    "sexual-abuse": {
        "strong": [
            r"rap(?:e|ed|es|ing|ist)",
            r"non[- ]?con\w*",
            r"molest\w*",
            r"sexual(?:ly)? (?:assault|abus)\w*",
            r"forced (?:himself|herself|themself) (?:on|onto|into)",
        ],
        "weak": [
            r"didn't consent",
            r"without (?:his|her|their|my) consent",
            r"pinned (?:him|her|them|me) down",
        ],
    },
    "child-abuse": {
        "strong": [r"child abuse", r"abused (?:as a|when (?:he|she|they|i) was a) (?:child|kid|boy|girl)"],
        "weak": [r"(?:father|mother|dad|mom|mum|uncle) (?:hit|beat|slapped|hurt)", r"belt across"],
    },
    "abuse": {
        "strong": [r"abus(?:e|ed|er|ers|ing|ive)", r"domestic violence", r"gaslight\w*"],
        "weak": [r"manipulat\w*", r"belittl\w*", r"isolat(?:ed|ing) (?:him|her|them|me)"],
    },
    "abusive-language": {
        "strong": [
            r"fuck\w*",
            r"motherfuck\w*",
            r"cunt\w*",
            r"bitch\w*",
            r"bastard\w*",
            r"shit\w*",
            r"asshole\w*",
        ],
        "weak": [r"damn\w*", r"hell", r"piss\w*", r"dick\w*"],
    },
    "pornography": {
        "strong": [
            r"cocks?",
            r"cunt",
            r"clit\w*",
            r"orgasm\w*",
            r"erection",
            r"thrust(?:s|ed|ing)? into",
            r"(?:his|her|their) (?:shaft|length)",
            r"come(?:s)? (?:inside|in (?:his|her|my) mouth)",
            r"cum(?:s|med|ming)?",
            r"blowjob|blow job",
            r"fuck(?:ed|ing)? (?:him|her|them|me) (?:hard|deep)",
            r"penetrat\w*",
            r"lube\w*",
            r"nipples?",
            r"(?:dick|prostate|pussy)",
        ],
        "weak": [r"aroused", r"moan(?:ed|s|ing)?", r"naked", r"kiss(?:ed|ing)? (?:down|along) (?:his|her)"],
    },
    "incest": {
        "strong": [r"incest\w*"],
        "weak": [r"(?:his|her|my) (?:brother|sister|father|mother)'s (?:lips|cock|body)"],
    },
    "miscarriage": {
        "strong": [r"miscarr\w*", r"lost the baby", r"stillb(?:orn|irth)"],
        "weak": [r"pregnancy loss"],
    },
    "other-pregnancy": {
        "strong": [r"breastfe\w*", r"lactat\w*", r"morning sickness"],
        "weak": [r"pregnancy test", r"ultrasound"],
    },
    "abortion": {"strong": [r"abortion\w*", r"terminat(?:e|ed|ing) the pregnancy"], "weak": []},
    "childbirth": {
        "strong": [r"(?:went|go|goes|going) into labou?r", r"contractions", r"gave birth", r"giving birth"],
        "weak": [r"pregnan\w*", r"midwife"],
    },
    "blood-gore": {
        "strong": [r"gore", r"entrails", r"intestines", r"viscera", r"disembowel\w*", r"brain matter"],
        "weak": [r"blood\w*", r"bleed\w*", r"gash\w*", r"severed"],
    },
    "death": {
        "strong": [
            r"(?:was|is|were) dead",
            r"died",
            r"dead body",
            r"killed",
            r"corpses?",
        ],
        "weak": [r"funeral", r"grave\w*", r"mourn\w*", r"passed away", r"dying"],
    },
    "transphobia": {"strong": [r"trann(?:y|ies)", r"deadnam\w*", r"she-?male"], "weak": []},
    "animal-abuse": {
        "strong": [r"kick(?:ed|ing)? the (?:dog|cat|puppy|kitten)", r"animal (?:abuse|cruelty)"],
        "weak": [],
    },
}


def _glob_to_regex(pattern: str) -> str | None:
    """Turn a Webis keyword query (`attack*`, `h[e|o]old hostage`, `b[i]tch`) into a regex."""
    pattern = pattern.strip().lower()
    if not pattern or len(pattern) < 3:
        return None
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":
            close = pattern.find("]", i)
            if close == -1:
                return None
            inner = pattern[i + 1 : close]
            chars = inner.replace("|", "")
            # "[i|y]" is a choice of letters, "[i]" an optional one ("b[i]tch" also finds "btch").
            out.append(
                "" if not chars else f"[{re.escape(chars)}]" if "|" in inner else f"[{re.escape(chars)}]?"
            )
            i = close + 1
            continue
        if ch == "*":
            out.append(r"\w*")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


@dataclass
class Lexicon:
    """Compiled keyword patterns: taxonomy id -> (strong regex, weak regex)."""

    patterns: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Lexicon:
        compiled: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
        ids = set(meta["keywords"]) | set(HAND_PATTERNS)
        for wid in sorted(ids):
            strong = list(HAND_PATTERNS.get(wid, {}).get("strong", []))
            weak = list(HAND_PATTERNS.get(wid, {}).get("weak", []))
            for kw in meta["keywords"].get(wid, []):
                rx = _glob_to_regex(kw)
                if rx:
                    weak.append(rx)

            def comp(parts: list[str]) -> re.Pattern[str] | None:
                if not parts:
                    return None
                # Longest first so alternation prefers the fuller phrase.
                uniq = sorted(set(parts), key=len, reverse=True)
                return re.compile(r"\b(?:" + "|".join(uniq) + r")\b")

            if strong or weak:
                compiled[wid] = (comp(strong), comp(weak))
        return cls(compiled)
