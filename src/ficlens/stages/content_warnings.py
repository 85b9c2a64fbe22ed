"""Content warnings per scene, with severity and evidence (issue 5).

Use it through the pipeline (`ficlens.analyze(path)` fills `inferred.content_warnings` and
`inferred.scene_warnings`) or score loose passages with `ficlens.passage_scoring.score_passages`.

How it stays fast on long works (a cascade):
1. **Lexicon pass** over all prose: keyword patterns per taxonomy id (from the Webis lexicons plus
   hand-written patterns for ids those lists leave empty) mark candidate sentences.
2. **Cheap model** (spaCy static vectors, one joint logistic regression over the 8 passage warnings)
   scores each candidate window (sentence ±1, the shape of the training passages).
3. **Full model** (spaCy vectors + all-MiniLM-L6-v2 int8 through onnxruntime, per sentence, pooled
   around the keyword sentence: `warning_features.py`) rescores only the candidates the cheap model
   finds plausible, reading sentence +-2 like the training passages, under a word budget.
4. Scores aggregate to sentence evidence, scenes and the work; regex cues near the keyword
   (negation, hypothetical, retrospective; gore or explicit detail) set the severity.

Beside it: `warning_lexicons` (keyword patterns), `warning_encoders` (spaCy vectors, MiniLM),
`warning_features` (the full model's features), `warning_model` (the models and passage scoring)
and `warning_training` (fitting them); each imports only those listed before it.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ficlens.model import SEVERITY_ORDER, ContentWarning, Evidence, SceneWarning, Work
from ficlens.passages import PASSAGE_WARNINGS
from ficlens.registry import stage
from ficlens.stages.warning_encoders import split_sentences
from ficlens.stages.warning_lexicons import EXPLICIT_SEX, FINE_TO_PASSAGE, WEAK_LEX, negated
from ficlens.stages.warning_model import WarningsModel, combine_taxonomy_score, encode, load_model

# Severity cues, checked in the evidence sentence (lower-cased).
_HYPOTHETICAL = re.compile(
    r"\b(?:if|would|could|might|imagine[ds]?|what if|afraid|feared|fear|threat\w*|almost|nearly|wish\w*|"
    r"going to|gonna|dream\w*|nightmare\w*|pretend\w*|joke\w*|joking)\b"
)
_RETROSPECTIVE = re.compile(
    r"\b(?:years? ago|months ago|long ago|used to|back when|remember\w*|memor(?:y|ies)|grave|graves|"
    r"funeral|anniversary|since (?:his|her|their|my) death|had (?:been|died|killed|lost|\w+ed)|"
    r"the day (?:he|she|they) died|late (?:husband|wife|father|mother))\b"
)
_GRAPHIC = re.compile(
    r"\b(?:blood\w*|gore|gush\w*|spurt\w*|entrails|intestines|guts|gutted|viscera|brain matter|"
    r"skull|bones? (?:snap\w*|crack\w*|splinter\w*|break\w*)|flesh|sinew|tore open|ripped open|"
    r"severed|mangled|vomit\w*|splatter\w*|oozing|pulp\w*)\b"
)
# A person's death told in retrospect (burial, funeral, grave, "had died" ...): the passage model
# reads these as low-harm, so the stage keeps them as death, mentioned (issue 5). Checked per
# evidence sentence; negation and hypotheticals before the cue veto it.
_KIN = (
    r"(?:father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister|friend|grandmother|"
    r"grandfather|grandma|grandpa|uncle|aunt|cousin|child|baby|parents|family|partner|lover|fianc\w*)"
)
_SUBJECT = rf"(?:he|she|they|i|we|{_KIN}|\w+'s {_KIN})"
_PAST_DEATH_EVENT = re.compile(
    r"\b(?:"
    r"buried (?:him|them)\b|buried her\b(?= (?:in|at|on|under|beside|next|by|with|the|a)\b|[,.;]|$)|"
    rf"buried (?:his|her|their|my|our) {_KIN}|"
    rf"{_SUBJECT} (?:had |has )?(?:died|drowned|passed away|been killed|been murdered|was killed|was murdered)|"
    rf"{_SUBJECT} (?:was|were|had been) (?:buried|laid to rest)|"
    r"(?:his|her|their|my|our|\w+'s) (?:funeral|burial|grave(?:side|stone)?|headstone|tombstone|death|murder)|"
    rf"(?:at|to|by|beside|visit\w*) the graves?(?:ide)?\b|late {_KIN}"
    r")"
)
# "Someone walked over my grave" is a shiver, not a death.
_GRAVE_IDIOM = re.compile(r"\bwalk\w* (?:over|on|across) (?:my|his|her|their|your|our|\w+'s) grave\b")
# Beliefs, futures and conditions before the cue: "he thought she had died", "will be his funeral".
_NOT_FACT = re.compile(
    r"\b(?:thought|believed|assumed|supposed|seemed|unless|will|shall|'ll|maybe|perhaps)\b"
)
_PERSON = re.compile(rf"\b(?:he|she|they|him|her|them|his|their|my|our|i|we|{_KIN})\b")
# When the death happened before the story's now ("three winters ago", "had died", "since").
_PAST_CUE = re.compile(
    r"\b(?:(?:years?|months?|weeks?|days?|decades?|winters?|summers?|springs?|autumns?) (?:ago|before|earlier)|"
    r"had (?:been )?\w+ed|since|after|ever since|once|back then|that (?:night|day|winter|summer|year))\b"
)
_BURIAL_RITE = re.compile(r"\b(?:funerals?|burial|graves?(?:side|stone)?|headstones?|tombstones?|buried)\b")
# Confidence of the rule alone, set from passages_dev.jsonl: on the 382 death passages it fires on 5,
# 4 of them a person's death told in retrospect; every one got at least one annotator's vote but
# only 1 a majority (a mention rarely warrants the warning outright). Hence below the model's
# work threshold (0.8): the warning is reported as "mentioned", never as the basis of a rating.
PAST_DEATH_CONFIDENCE = 0.6

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_EN_STOP = frozenset(
    "the and to of he she it was in that you his her they with for on is at as but had be not".split()
)


@dataclass
class Hit:
    wid: str
    start: int  # offsets into the lower-cased prose piece's owner text (= work.text)
    end: int
    strong: bool


# ---- the stage ----------------------------------------------------------------------------------


@dataclass
class Candidate:
    window: tuple[int, int]  # sentence +-1: what the cheap model reads
    sentence: tuple[int, int]  # the sentence with the keyword: the evidence
    hits: list[Hit]
    scene: int
    # Sentence +-2, the shape of the training passages: what the full model reads, sentence by sentence.
    context: list[tuple[int, int]] = field(default_factory=list)


def _is_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < 20:
        # Too little Latin-script text: short English, or a script without spaces (CJK).
        return len(sample.strip()) < 200
    return sum(w in _EN_STOP for w in words) / len(words) >= 0.1


def find_candidates(work: Work, model: WarningsModel) -> list[Candidate]:
    """Lexicon pass: sentences of the story prose with a keyword hit, with their model windows."""
    scenes = work.scenes or []
    out: list[Candidate] = []
    spans = [(s.index, p.start, p.end) for s in scenes for p in work.prose(s)]
    if not scenes:
        spans = [(0, p.start, p.end) for p in work.prose()]
    text = work.text
    for scene_index, start, end in spans:
        low = text[start:end].lower()
        if not low.strip():
            continue
        hits: list[Hit] = []
        for wid, (strong, weak) in model.lexicon.patterns.items():
            for rx, is_strong in ((strong, True), (weak, False)):
                if rx is None:
                    continue
                for m in rx.finditer(low):
                    hits.append(Hit(wid, start + m.start(), start + m.end(), is_strong))
        if not hits:
            continue
        sents = split_sentences(text, start, end)
        starts = [s for s, _ in sents]
        by_sent: dict[int, list[Hit]] = defaultdict(list)
        for h in hits:
            k = max(0, bisect.bisect_right(starts, h.start) - 1)
            by_sent[k].append(h)
        for k in sorted(by_sent):
            lo, hi = max(0, k - 1), min(len(sents) - 1, k + 1)
            out.append(
                Candidate(
                    window=(sents[lo][0], sents[hi][1]),
                    sentence=sents[k],
                    hits=by_sent[k],
                    scene=scene_index,
                    context=sents[max(0, k - 2) : k + 3],
                )
            )
    return out


def severity_of(sentence: str, hit_text: str, wid: str) -> str:
    """mentioned / depicted / graphic from cues in the evidence sentence."""
    low = sentence.lower().replace("’", "'")
    pos = low.find(hit_text.lower().replace("’", "'"))
    before = low[max(0, pos - 60) : pos] if pos >= 0 else low
    if negated(before) or _HYPOTHETICAL.search(before) or _RETROSPECTIVE.search(low):
        return "mentioned"
    if wid == "pornography" and len(EXPLICIT_SEX.findall(low)) >= 2:
        return "graphic"
    if wid in (
        "violence",
        "blood-gore",
        "death",
        "collective-violence",
        "self-harm",
        "suicide",
        "sexual-abuse",
    ):
        if _GRAPHIC.search(low):
            return "graphic"
    return "depicted"


def past_death_mention(sentence: str) -> bool:
    """True when `sentence` tells of a person's death in retrospect (burial, grave, "had died").

    A general rule over the evidence sentence, not the passage model: a death cue with a person in
    the sentence, told in the past (a time-ago cue, a pluperfect, or a burial rite, which always
    follows the death), and neither negated nor hypothetical before the cue ("he didn't die").
    """
    low = sentence.lower().replace("’", "'")
    m = _PAST_DEATH_EVENT.search(low)
    if m is None or not _PERSON.search(low):
        return False
    if _GRAVE_IDIOM.search(low):
        return False
    before = low[max(0, m.start() - 60) : m.start()]
    if negated(before) or _HYPOTHETICAL.search(before) or _NOT_FACT.search(before):
        return False
    return bool(_PAST_CUE.search(low) or _RETROSPECTIVE.search(low) or _BURIAL_RITE.search(m.group(0)))


def _shorten(text: str, sentence: tuple[int, int], hit: tuple[int, int], limit: int = 320) -> tuple[int, int]:
    """The sentence, or for a run-on sentence the words around the keyword (at most ~`limit` chars)."""
    start, end = sentence
    if end - start <= limit:
        return sentence
    half = (limit - (hit[1] - hit[0])) // 2
    lo, hi = max(start, hit[0] - half), min(end, hit[1] + half)
    # Snap to word boundaries so evidence never cuts a word.
    while lo > start and not text[lo - 1].isspace():
        lo += 1
    while hi < end and not text[hi].isspace():
        hi -= 1
    return (lo, hi) if hi > lo else (hit[0], hit[1])


@stage("content_warnings", requires=("scenes",), assigns=("content_warnings", "scene_warnings"))
def content_warnings(
    work: Work,
    *,
    full_model_share: float = 0.06,
    fast_gate: float = 0.4,
    min_confidence: float | None = None,
    max_evidence: int = 3,
) -> Work:
    """Find content warnings per scene with severity and evidence (lexicon -> cheap -> full model).

    `full_model_share` caps the words the MiniLM model reads at that share of the work (plus 3k
    words), taking the candidates the cheap model rates most likely first.
    """
    model = load_model()
    work.inferred.content_warnings = []
    work.inferred.scene_warnings = []
    prose = work.prose()
    sample = " ".join(work.text[p.start : p.end] for p in prose[:20])[:20000]
    if not work.text.strip() or not _is_english(sample):
        work.cache["content_warnings.skipped"] = "not English" if work.text.strip() else "empty"
        return work
    cands = find_candidates(work, model)
    work.cache["content_warnings.candidates"] = len(cands)
    if not cands:
        return work
    text = work.text
    windows = [text[c.window[0] : c.window[1]] for c in cands]
    per_fast, harm_fast = model.fast.proba(encode(windows, "fast"))
    # Which candidates deserve the full model: any passage warning or the harm score plausible.
    relevance = np.maximum(per_fast.max(1), harm_fast)
    words = np.array([len(w.split()) for w in windows])
    total_words = work.stats.words or sum(len(text[p.start : p.end].split()) for p in prose)
    budget = full_model_share * total_words + 3000
    order = np.argsort(-relevance)
    chosen: list[int] = []
    used = 0
    encoded: set[tuple[int, int]] = set()
    for i in order:
        if relevance[i] < fast_gate:
            break
        # MiniLM embeds each sentence once, so a candidate costs only its sentences not yet read.
        new = [s for s in cands[i].context if s not in encoded]
        cost = sum(len(text[a:b].split()) for a, b in new)
        if used + cost > budget:
            continue
        chosen.append(int(i))
        used += cost
        encoded.update(new)
    per, harm = per_fast.copy(), harm_fast.copy()
    if chosen:
        ctx = [(cands[i].context[0][0], cands[i].context[-1][1]) for i in chosen]
        x = encode(
            [text[a:b] for a, b in ctx],
            "full",
            centres=[
                (cands[i].sentence[0] - a, cands[i].sentence[1] - a)
                for i, (a, _) in zip(chosen, ctx, strict=True)
            ],
        )
        pf, hf = model.full.proba(x)
        per[chosen], harm[chosen] = pf, hf
    work.cache["content_warnings.full_model_words"] = used
    work.cache["content_warnings.candidate_words"] = int(words.sum())

    thresholds: dict[str, float] = dict(model.meta["work_threshold"])
    if min_confidence is not None:
        thresholds = {"default": min_confidence}
    # Collect (wid -> list of (score, severity, candidate)).
    found: dict[str, list[tuple[float, str, Candidate, Hit]]] = defaultdict(list)
    past_deaths: list[tuple[float, str, Candidate, Hit]] = []
    for i, cand in enumerate(cands):
        by_id: dict[str, Hit] = {}
        for h in cand.hits:
            if h.wid not in by_id or (h.strong and not by_id[h.wid].strong):
                by_id[h.wid] = h
        for wid, hit in by_id.items():
            if wid in FINE_TO_PASSAGE:
                j = PASSAGE_WARNINGS.index(FINE_TO_PASSAGE[wid])
                score = float(per[i, j])
                if hit.strong:  # a hand pattern (e.g. "killed") backs the model up a little
                    score = min(1.0, score + 0.05)
            else:
                score = combine_taxonomy_score(float(harm[i]), 1.0 if hit.strong else WEAK_LEX, wid)
            sent = text[cand.sentence[0] : cand.sentence[1]]
            if score < thresholds.get(wid, thresholds["default"]):
                if wid == "death" and min_confidence is None and past_death_mention(sent):
                    past_deaths.append((max(score, PAST_DEATH_CONFIDENCE), "mentioned", cand, hit))
                continue
            sev = severity_of(sent, text[hit.start : hit.end], wid)
            found[wid].append((score, sev, cand, hit))

    if past_deaths and "death" not in found:
        # Only when the model found no death: the rule must not inflate a model-backed confidence.
        found["death"] = past_deaths
    # Severity of each evidence sentence, for the rating stage (e.g. Major Character Death).
    evidence_severity: dict[tuple[str, int], str] = work.cache.setdefault(
        "content_warnings.evidence_severity", {}
    )
    scene_map: dict[tuple[int, str], tuple[str, float]] = {}
    results: list[ContentWarning] = []
    for wid, items in found.items():
        if wid in ("abusive-language", "pornography") and len(items) < 3:
            continue  # one curse word (or one "cocked up") is not a warning
        items.sort(key=lambda t: (-SEVERITY_ORDER[t[1]], -t[0]))
        top = max(s for s, *_ in items)
        # More independent passages make a warning more certain, with diminishing returns.
        conf = 1 - (1 - top) * (0.85 ** min(len(items) - 1, 5))
        severity = max((sev for _, sev, *_ in items), key=SEVERITY_ORDER.__getitem__)
        evidence: list[Evidence] = []
        seen: set[tuple[int, int]] = set()
        for _, sev, cand, hit in items:
            if cand.sentence in seen:
                continue
            seen.add(cand.sentence)
            span = _shorten(text, cand.sentence, (hit.start, hit.end))
            evidence.append(work.evidence(*span))
            evidence_severity[(wid, span[0])] = sev
            if len(evidence) >= max_evidence:
                break
        for score, sev, cand, _ in items:
            key = (cand.scene, wid)
            prev = scene_map.get(key)
            if prev is None or (SEVERITY_ORDER[sev], score) > (SEVERITY_ORDER[prev[0]], prev[1]):
                scene_map[key] = (sev, score)
        results.append(
            ContentWarning(
                id=wid,
                label=model.label(wid),
                coarse=model.coarse(wid),
                severity=severity,  # type: ignore[arg-type]
                confidence=round(float(conf), 3),
                scenes=sorted({cand.scene for _, _, cand, _ in items}),
                evidence=evidence,
            )
        )
    results.sort(key=lambda cw: (-SEVERITY_ORDER[cw.severity], -cw.confidence, cw.id))
    work.inferred.content_warnings = results
    work.inferred.scene_warnings = [
        SceneWarning(scene=scene, id=wid, severity=sev, confidence=round(score, 3))  # type: ignore[arg-type]
        for (scene, wid), (sev, score) in sorted(scene_map.items())
    ]
    return work
