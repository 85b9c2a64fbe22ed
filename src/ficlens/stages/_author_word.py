"""What the author says about deaths in the summary, the notes and header tag lines (issue 15).

AO3 authors warn before the story starts: "Warnings: Major Character Death", "MCD", "Kaidan doesn't make
it", "RIP Neji", "grief fic, bring tissues"; and they reassure: "no one dies", "everyone lives",
"Tara is fine", "fix-it". A reader trusts these words, so `events` weighs them against what it read in
the prose: a denial drops weak death readings, a named cue promotes a death the text gives evidence
for, an unnamed one the best-evidenced death of a main character.

Only regular expressions over the note text (a few hundred characters per work), no model: the stage
stays as fast as before. The patterns are the general ways readers' notes phrase these things on AO3,
written from the archive's conventions (its warning names and common tag wording), not from any story.

    >>> [(c.kind, c.names, c.standalone) for c in read(["Warnings: MCD. Neji dies, Hinata lives."])]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

CueKind = Literal["explicit", "weak", "denial", "minor"]


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    # The clause as the author wrote it (what the reason quotes).
    quote: str
    # Who the cue names, as written ("Neji", "he", "the narrator"); empty for "a main character", "everyone".
    names: tuple[str, ...] = ()
    # "Major Character Death" / "MCD": the archive's own warning, enough without evidence in the text.
    standalone: bool = False
    # The note text before the cue: who "he" or "she" is ("Kakashi never becomes Hokage; he dies").
    before: str = ""


# A name as notes write it, or a pronoun / "the narrator" the caller resolves.
_NAME = r"[A-Z][\w-]*(?:\s(?:[A-Z][\w-]*|of|de|van|von))*"
_WHO = rf"(?:[Tt]he narrator|\b[Hh]e\b|\b[Ss]he\b|{_NAME})"
# Capitalised words that open a clause or a note and are never the name of who dies.
_NOT_NAMES = frozenset(
    "the a an this that it it's its and but so also then also everyone everybody nobody no one someone "
    "somebody all both none he she they i we you my our his her their warning warnings tw cw tags note "
    "notes summary author's an ps edit major minor main character death mcd rip spoilers spoiler".split()
)

# Figurative deaths in notes are about the author or the reader, never a character: removed first.
_FIGURATIVE = re.compile(
    r"\b(?:this|it|that|writing (?:this|it)|the (?:ending|end|last (?:scene|chapter))|(?:the )?feels)\s+"
    r"(?:(?:literally|actually|honestly|almost|nearly|lowkey|kinda|really)\s+)?(?:killed|kills|destroyed|wrecked|ruined) me\b"
    r"|\b(?:you['’]ll|you will|you may|you might|you['’]re going to|i|we|i['’]m|i am|i['’]ve|i have)\s+"
    r"(?:(?:literally|actually|honestly|just|probably|all|gonna|going to|totally)\s+)?"
    r"(?:die|died|dying|dead|be dead|perish)\b(?:\s+(?:like men|of|from|writing|inside|laughing|a little))?"
    r"|\bdie like (?:men|mice)\b|\bkill(?:s|ed|ing)? me\b|\bkilling (?:it|them)\b|\bdying to\b|\bto die for\b"
    r"|\b(?:death|die|died|dying) (?:of|from|by) (?:embarrassment|laughter|cuteness|fluff|sugar|chocolate|boredom|"
    r"secondhand embarrassment|feels)\b|\b(?:the )?death of me\b|\bkill(?:ed|ing)? my darlings\b"
    r"|\bdead (?:to (?:me|him|her|us|them)|tired|serious|set|on|end|of night|weight|silent|inside)\b"
    r"|\bover my dead body\b",
    re.IGNORECASE,
)

# Words in a clause that play a death down: a minor or canon one, one undone, one only feared.
_MINOR = re.compile(
    r"\b(?:minor|background|side|secondary|original|oc|ocs|villain\w*|bad guys?|henchm[ae]n|red ?shirts?|"
    r"unnamed|non-?major|random|a stranger|strangers|npcs?|enem(?:y|ies)|mooks?)\b",
    re.IGNORECASE,
)
_NOT_REAL = re.compile(
    r"\b(?:temporar\w*|fake\w*|not really|not permanent\w*|doesn['’]t stick|don['’]t stick|sort of|kind of|"
    r"kinda|sorta|ish|technically|briefly|almost|nearly|near[- ]death|might|may|maybe|possibl[ey]|"
    r"if|dream\w*|nightmares?|hallucinat\w*|imagin\w*|fear\w*|thinks?|thought|believes?|believed|"
    r"comes? back|came back|resurrect\w*|reviv\w*|gets better|got better|time ?loops?|reset\w*|"
    r"alternate ending|what if)\b|\?",
    re.IGNORECASE,
)
# Only talked about: "mentions of canon character death", "X's death is referenced".
_MENTIONED = re.compile(
    r"\b(?:mention\w*|referenced|references? to|alluded|allusions? to|discussion of)\b", re.IGNORECASE
)
# Before the story, or canon's: "after X's death", "canon-typical MCD" (evidence in the text needed).
_TOLD_ONLY = re.compile(
    r"\b(?:after|post|since|following|anniversary|past|canon|canonical|canon-typical|"
    r"before the (?:fic|story) (?:starts|begins))\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:no|not|never|nobody|no one|none|without|zero|nor)\b|n['’]t\b|\bno-one\b|\bnon-\b", re.IGNORECASE
)
# "No one dies except...", "no one dies in this chapter": a denial that holds only in part.
_EXCEPT = re.compile(
    r"^\W*but\s(?:for\s)?(?:(?-i:[A-Z])|one\b|the\b|a\b)|\b(?:except|besides|other than|apart from|yet|until|in this (?:chapter|part)|for now|at first|"
    r"on (?:the )?page|on-?screen|on screen)\b",
    re.IGNORECASE,
)

# ---- denials ---------------------------------------------------------------------------------------
_DENY_ALL = re.compile(
    r"\b(?:no ?one|no-one|nobody|none of (?:them|the \w+))\s+(?:(?:actually|really|important|significant|major|"
    r"main|else|permanently|in this fic|here)\s+){0,2}(?:dies|die|is dying|gets killed|is killed|stays dead|"
    r"dies permanently|dies for real)\b"
    r"|\b(?:everyone|everybody|all of (?:them|us)|they all|both of them|they both)(?: in (?:this|the) "
    r"(?:fic|story|one))?\s+(?:(?:actually|really|does|is going to|will|gets to|lives and)\s+)?(?:lives?|"
    r"survives?|makes? it|(?:is|are) (?:\w+ and )?(?:fine|alive|okay|ok|safe)|stays? alive)\b"
    r"|\bfix-?its?\b|\bfix it fic\b|\bfixes (?:canon|the ending)\b"
    r"|\bno (?:major |main |permanent |actual |real |on-?page |canon |character |deaths? |mcd)*"
    r"(?:character )?(?:deaths?|mcd)\b(?!\s+(?:scene|on|shown|is|depicted|described|happens on))"
    r"|\bnot a death ?fic\b|\bno(?:body|one| one) (?:important|major) dies\b|\bmcd[- ]free\b"
    # "No Archive Warnings Apply" in the notes: the author's own word that no warning, MCD included, applies.
    r"|\bno (?:archive )?warnings (?:apply|needed|really)\b",
    re.IGNORECASE,
)
# "<name> is fine", "<name> lives", "<name> survives": a named denial ("lives" only ends a clause, so
# "Geralt lives with Jaskier" is no denial).
_DENY_NAMED = re.compile(
    rf"(?P<v>{_WHO})(?:\s(?:and|&)\s(?P<w>{_NAME}))?(?i:(?:\s(?:actually|really|totally|definitely|does|will))?"
    r"(?:\s(?:is|are|was)\s|['’]s\s)(?:(?:totally|completely|absolutely|perfectly|very much|still|going to be|"
    r"gonna be)\s)?(?:fine|alive|okay|ok|safe|not dead|all right|alright)\b(?!\s+with)"
    r"|\s(?:lives?|makes? it)(?=\s*(?:[.,;!)]|$|\s(?:and|but|though|in the end|at the end|too|i promise)\b))"
    r"|\s(?:survives?|(?:does not|doesn['’]t|won['’]t|will not|never) die|(?:is not|isn['’]t) dead|gets better))"
)

# ---- explicit death cues ---------------------------------------------------------------------------
# The archive's own warning, as a tag or a note ("Major Character Death", "MCD"): enough on its own.
_STANDALONE = re.compile(r"\bmajor characters? deaths?\b|\bMCD\b|\bmain characters? deaths?\b", re.IGNORECASE)
_MCD_CAPS = re.compile(r"\bMCD\b")
# A death of someone the note does not name.
_UNNAMED = re.compile(
    r"\bcharacter deaths?\b|\bdeath of (?:a|the|one of the) (?:main|major|central|principal|beloved|important) "
    r"characters?\b|\b(?:a|one|the) (?:main|major|central|principal|important) characters? (?:dies|is killed|"
    r"gets killed|doesn['’]t make it|does not make it|doesn['’]t survive|does not survive)\b"
    r"|\b(?:someone|somebody|one of (?:them|the (?:boys|girls|two|three|four|team|main \w+))) (?:dies|is killed|"
    r"gets killed|doesn['’]t make it|does not make it|doesn['’]t survive|does not survive)\b",
    re.IGNORECASE,
)
_DIES = (
    r"(?:dies|died|is dead|gets killed|is killed|was killed|is murdered|gets murdered|was murdered|passes away|"
    r"passed away|perishes|doesn['’]t make it|does not make it|didn['’]t make it|doesn['’]t survive|"
    r"does not survive|won['’]t survive|sacrifices (?:him|her|them)sel(?:f|ves)|is gone for good)"
)
# "Neji dies", "Robb and Catelyn die", "Kaidan doesn't make it", "it doesn't end well for Wade".
_NAMED = re.compile(
    rf"(?P<v>{_WHO})(?:(?:,\s|\s(?:and|&)\s)(?P<w>{_NAME}))?\s(?:(?:also|both|eventually|finally|actually|"
    rf"really|then|tragically|sadly|unfortunately)\s)?(?:{_DIES}|die\b)"
    rf"|\b(?:it\s)?(?:doesn['’]t|does not|won['’]t) end (?:well|happily) for (?P<e>{_NAME})"
    rf"|\b(?:RIP|R\.I\.P\.?|[Rr]est in peace,?)\s(?P<r>{_NAME})"
    rf"|\b(?:I|I['’]m|I['’]ve|we)\s(?:\w+\s){{0,2}}?kill(?:ed|ing)?(?:\soff)?\s(?P<k>{_NAME})"
    rf"|\b(?:[Tt]he death of|[Kk]illing off)\s(?P<d>{_NAME})|(?P<p>{_NAME})['’]s death\b"
)
# "Ashley lives, Kaidan doesn't": the second of a pair who do not survive.
_PAIR = re.compile(
    rf"\b(?:lives|survives|makes it|is fine)[,;]?\s(?:but\s|and\s)?(?P<v>{_NAME})\s(?:doesn['’]t|does not|didn['’]t)\b"
)

# ---- weak cues -------------------------------------------------------------------------------------
_WEAK = re.compile(
    r"\b(?:a|one) death\b(?![\s-]*(?:eaters?|glares?|stares?|wish|traps?|threats?|grips?|knell|match|metal))|\bdeath ?fic\b|\bgrief ?fic\b|\bbring (?:some )?tissues\b|\bgrab (?:some |a box of )?"
    r"tissues\b|\b(?:sad|unhappy|tragic|bittersweet) ending\b|\bno happy ending\b|\bdoesn['’]t end well\b"
    r"|\bends? (?:badly|sadly|in tears)\b|\bdeathbed\b|\bhospice\b|\bterminal(?:ly)? ill\w*\b|\bgoodbye fic\b"
    r"|\bgrieving\b",
    re.IGNORECASE,
)
# "Please mind the tags": a death warning only when the notes name no other content it could be about.
_MIND_TAGS = re.compile(
    r"\b(?:mind|heed|read|check|see|look at)\s(?:the\s)?(?:tags|warnings|archive warnings)\b", re.IGNORECASE
)
_OTHER_CONTENT = re.compile(
    r"suicid|self[- ]?harm|cutting|overdos|attempt|violen|gore|graphic|blood|sex|smut|explicit|abuse|assault|"
    r"rape|non-?con|torture|eating disorder|drug|alcohol|panic|depress|injur|whump|swear|ledge|jump|pills|"
    r"him ?self|her ?self|them ?selves|hotline|helpline|samaritans|crisis line|struggling|reach out",
    re.IGNORECASE,
)


def _clauses(text: str) -> Iterable[str]:
    for m in re.finditer(r"[^.;!\n]+[.;!]?", text):
        c = m.group(0).strip()
        if c:
            yield c


def _clean(name: str) -> str | None:
    """The name in a capitalised run ("Both Robb" -> "Robb"); a pronoun or "the narrator" kept; else None."""
    if name.lower().startswith("the narrator"):
        return "the narrator"
    if name.lower() in ("he", "she"):
        return name
    words = name.split()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    return " ".join(words) or None


def _names(m: re.Match[str], *groups: str) -> tuple[str, ...]:
    found = (_clean(v) for g in groups if (v := m.groupdict().get(g)))
    return tuple(n for n in found if n)


def read(texts: Iterable[str]) -> list[Cue]:
    """The death cues, weak cues and denials in the author's notes, summary and tag lines, in order."""
    texts = [t for t in texts if t and t.strip()]
    out: list[Cue] = []
    whole = "\n".join(texts)
    other_content = bool(_OTHER_CONTENT.search(whole))
    for text in texts:
        pos = 0
        for clause in _clauses(text):
            at = text.find(clause, pos)
            pos = at + len(clause) if at >= 0 else pos
            before = text[: max(0, at)]
            # Figurative deaths ("we die like men", "this killed me") are blanked, keeping offsets.
            c = _FIGURATIVE.sub(lambda m: " " * len(m.group(0)), clause)
            out.extend(_read_clause(c, clause, before, other_content))
    return out


# A death the notes take back ("he comes back", "two years later she opens her eyes", "he gets better").
_UNDONE = re.compile(
    r"\b(?:comes? back|came back|brought back|bring (?:him|her|them) back|opens (?:his|her|their) eyes|"
    r"wakes? up|woke up|reviv\w*|resurrect\w*|gets better|got better|not permanent\w*|doesn['’]t stay dead|"
    r"does not stay dead|doesn['’]t stick|does not stick|time ?loops?|resets?)\b",
    re.IGNORECASE,
)


_DEATHISH = re.compile(r"\b(?:dies|died|die|dead|death|killed|dying)\b", re.IGNORECASE)
# The author says who dies is no lead: "Minor Character Death" (a common AO3 tag), "the death of a minor
# original character", "a background character dies".
_MINOR_DEATH = re.compile(
    r"\bminor (?:original )?character deaths?\b"
    r"|\bdeaths? of (?:a|an|the|one|two|some|several) (?:minor|background|side|secondary|original|unnamed)\b"
    r"[^.;!?\n]{0,30}?\bcharacters?\b"
    r"|\b(?:a|one|some) (?:minor|background|side|secondary) (?:original )?characters? (?:dies|die|is killed|"
    r"are killed|gets killed)\b",
    re.IGNORECASE,
)


def _read_clause(c: str, quote: str, before: str, other_content: bool) -> list[Cue]:
    out: list[Cue] = []
    undo = _UNDONE.search(c)
    if (
        undo
        and not _NEGATED.search(c[max(0, undo.start() - 15) : undo.start()])
        and _DEATHISH.search(before[-200:] + " " + c[: undo.start()])
    ):
        return [Cue("denial", quote)]  # "X dies. Two years later, she opens her eyes": no death stays
    # Denials first: "no major character death" is a denial, not a cue.
    for m in _DENY_ALL.finditer(c):
        tail = c[m.end() : m.end() + 40]
        lead = c[max(0, m.start() - 25) : m.start()]
        if _EXCEPT.search(tail) or re.search(r"\b(?:not|isn['’]t|no)\s(?:\w+\s)?$", lead, re.IGNORECASE):
            continue  # "nobody dies except...", "this is not a fix-it"
        return [Cue("denial", quote)]
    for m in _DENY_NAMED.finditer(c):
        names = _names(m, "v", "w")
        if names and not _NEGATED.search(c[max(0, m.start() - 12) : m.start()]):
            out.append(Cue("denial", quote, names, before=before))
    spared = {n for cue in out for n in cue.names}
    for m in _PAIR.finditer(c):  # "Ashley lives, Kaidan doesn't"
        out.append(Cue("explicit", quote, _names(m, "v"), before=before))
    if _MENTIONED.search(c) or _NOT_REAL.search(c):
        return out  # only mentioned, or undone, dreamt, feared, "sort of": no death cue
    minor = _MINOR.search(c)
    if (md := _MINOR_DEATH.search(c)) and not _NEGATED.search(c[max(0, md.start() - 20) : md.start()]):
        out.append(Cue("minor", quote))
    for m in _STANDALONE.finditer(c):
        if m.group(0).upper() == "MCD" and not _MCD_CAPS.match(c, m.start()):
            continue  # "mcd" in lower case may be anything
        if _NEGATED.search(c[max(0, m.start() - 30) : m.start()]):
            continue
        told = _TOLD_ONLY.search(c[: m.start()]) or _TOLD_ONLY.search(c[m.end() : m.end() + 20])
        out.append(Cue("explicit", quote, standalone=not told))
        break
    else:
        for m in _UNNAMED.finditer(c):
            if _NEGATED.search(c[max(0, m.start() - 30) : m.start()]):
                continue
            if minor and minor.start() < m.end():
                continue  # "minor character death", "the death of an original character"
            out.append(Cue("explicit", quote))
            break
    for m in _NAMED.finditer(c):
        names = tuple(n for n in _names(m, "v", "w", "e", "r", "k", "d", "p") if n not in spared)
        if not names or _NEGATED.search(c[max(0, m.start() - 20) : m.start()]):
            continue
        if (m.group("p") or m.group("d")) and _TOLD_ONLY.search(c[: m.start()]):
            continue  # "after X's death": before the story
        if minor and minor.start() < m.start():
            continue  # "a minor character, Sam, dies"
        out.append(Cue("explicit", quote, names, before=before + c[: m.start()]))
    if _WEAK.search(c) or (_MIND_TAGS.search(c) and not other_content):
        out.append(Cue("weak", quote))
    return out


def denies_all(cues: list[Cue]) -> Cue | None:
    """The denial that names no one ("no one dies", "everyone lives", "fix-it") and that no explicit cue
    after it overrides (a later chapter's "RIP Neji" outweighs the first chapter's "nobody dies")."""
    last = None
    for c in cues:
        if c.kind == "denial" and not c.names:
            last = c
        elif c.kind == "explicit" and last is not None:
            last = None
    return last


# ---- graphic violence -------------------------------------------------------------------------------
# Authors say it before the story starts: "Warning for graphic violence", "The gunshot stuff is graphic, I
# didn't tone it down", "It's gory", "a LOT of blood". A sentence of the notes is such a cue when it calls
# something graphic or gory (or names a lot of blood) and says what: violence, wounds, a fight, a death, a
# surgery; or, saying only "very graphic" / "it's gory", when the page shows violence (the caller checks).
# "Not graphic", "nothing gory", "not super graphic" are the opposite; graphic sex or self-harm is not
# violence, nor is a graphic dream.
_GRAPHIC = re.compile(
    r"\bgraphic\b|\bgor(?:e|y|ey)\b|\b(?:a lot of|lots of|so much|tons of) blood\b|\bblood everywhere\b"
    r"|\bgets? bloody\b|\bit['’]s bloody\s*[,.!;]|\bvery violent\b",
    re.IGNORECASE,
)
_NOT_GRAPHIC = re.compile(
    r"\b(?:not|nothing|isn['’]t|aren['’]t|wasn['’]t|never|no|without)\b(?:\s+\w+){0,2}\s+"
    r"(?:graphic|gor(?:e|y|ey)|gross|bloody|violent)\b",
    re.IGNORECASE,
)
_NOT_VIOLENCE = re.compile(
    r"\b(?:smut|sex\w*|explicit|porn\w*|lemons?|nsfw|kink\w*|self[- ]?harm|cutting|suicid\w*|panic attacks?"
    r"|dream\w*|nightmares?|hallucinat\w*)\b",
    re.IGNORECASE,
)
_VIOLENCE_TOPIC = re.compile(
    r"\b(?:violen\w*|gore|gory|blood\w*|wounds?|injur\w*|combat|battle|fight\w*|war|guns?\w*|shot|shooting|"
    r"stab\w*|murder\w*|tortur\w*|surgery|surgical|medical(?:ly)?|amputat\w*|behead\w*|guts|kill\w*|deaths?|"
    r"dies|monsters?|carnage|massacre|mauling|eaten|eats)\b",
    re.IGNORECASE,
)
# The archive's own warning, named in a header or a note ("Warnings: Graphic Depictions Of Violence").
_GDOV = re.compile(r"\bgraphic depictions? of violence\b|\bGDoV\b", re.IGNORECASE)


def graphic_violence(texts: Iterable[str]) -> tuple[str, bool] | None:
    """(the author's sentence, whether it says what is graphic) when the notes warn of graphic violence.

    The second value is False for a bare "Very graphic." or "It's gory.": a warning only beside violence
    the page shows."""
    found: tuple[str, bool] | None = None
    for text in texts:
        for sentence in re.findall(r"[^.!?\n]+[.!?]*", text or ""):
            gdov = _GDOV.search(sentence) is not None
            if not (gdov or _GRAPHIC.search(sentence)) or _NOT_GRAPHIC.search(sentence):
                continue
            if _NOT_VIOLENCE.search(sentence) and not gdov:
                continue
            topic = gdov or _VIOLENCE_TOPIC.search(sentence) is not None
            if found is None or (topic and not found[1]):
                found = (sentence.strip(), topic)
    return found
