"""Who a pronoun or a quotation points to: a small rule-based coreference over the characters stage.

Events need it to say *who* dies or is hurt ("he stopped breathing"; '"I can't go on," Sam said').
It reads only what the characters stage found (each character's name mentions and gender) and the
quotation spans, so it is cheap enough to ask thousands of times per work. `ficlens eval characters`
scores both answers against LitBank's coreference chains and quotation speakers.

    >>> refs = References.of(work, quote_spans(work.text))  # after `characters` (and `pov`)
    >>> refs.pronoun("she", at=1200, floor=0), refs.speaker(at=2000)
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise

from ficlens.model import Character, Work
from ficlens.stages.characters import in_spans

MALE = frozenset("he him his himself".split())
FEMALE = frozenset("she her hers herself".split())
# How far back (characters) a pronoun looks for its character.
PRONOUN_REACH = 1500
# Possessive and reflexive pronouns: in the sentence that names someone, most often theirs.
_OWN = frozenset("his himself her hers herself".split())
# What `_subject_before` returns for a sentence whose subject is "I".
NARRATOR = Character(name="I")
# Same-gender pronouns at most this far apart (characters) continue one run about one person.
PRONOUN_RUN_GAP = 600
_MALE_WORD = re.compile(r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Hh]imself)\b")
_FEMALE_WORD = re.compile(r"\b(?:[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)\b")
# How far from a quotation (characters) a name still attributes it.
SPEAKER_REACH = 80

_SPEECH_VERBS = (
    "said|says|say|asked|asks|ask|told|tells|replied|replies|answered|answers|cried|cries|shouted|shouts|"
    "whispered|whispers|murmured|murmurs|muttered|mutters|exclaimed|exclaims|called|calls|added|adds|"
    "continued|continues|began|begins|went on|goes on|returned|returns|rejoined|observed|observes|remarked|"
    "remarks|repeated|repeats|insisted|insists|demanded|demands|snapped|snaps|sighed|sighs|laughed|laughs|"
    "yelled|yells|screamed|screams|agreed|agrees|admitted|admits|explained|explains|suggested|suggests|"
    "protested|protests|declared|declares|interrupted|interrupts|retorted|retorts|growled|growls|hissed|"
    "hisses|breathed|breathes|croaked|mumbled|mumbles|offered|offers|pleaded|pleads|begged|begs|responded|"
    "responds|announced|announces|warned|warns|stammered|stammers|sobbed|gasped|gasps|grumbled|grumbles|"
    "whimpered|teased|teases|inquired|enquired|inquires|ventured|persisted|resumed|corrected|conceded|"
    "confessed|countered|counters|pressed|urged|bellowed|roared|drawled|drawls|purred|chuckled|"
    "smiled|grinned|shrugged|nodded|prompted|reminded|promised|assured|echoed|chimed in|cut in|put in|"
    "broke in|spoke|speaks|sang|sings|wailed|moaned|groaned|groans|sneered|scoffed|huffed|barked|"
    "shrieked|squeaked|stuttered|rasped|thought|thinks|wondered|wonders"
)
_NAME = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord|Madame|Monsieur|Captain|Colonel|Aunt|Uncle)\.?\s)?[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}"
# The attribution right after a closing quotation mark: '," said Tess', '," he said', '," said the parson'.
_TAIL_SAYS = re.compile(
    rf"\s*[,.!?;:—–-]*\s*(?:"
    rf"(?:{_SPEECH_VERBS})\s+(?:(?P<pron>he|she)\b|(?P<name>{_NAME})|the\s(?P<title>[a-z]+)\b|(?:a|an|his|her|their|my)\b)"
    rf"|(?:(?P<pron2>[Hh]e|[Ss]he)|(?P<name2>{_NAME}))(?:\s+\w+ly)?\s+(?:{_SPEECH_VERBS})\b"
    rf")"
)
_SENTENCE_END = re.compile(r"[.!?;:]['’\"”]?\s+|\n")
# The first name or he/she of a sentence: its subject, most of the time.
_FIRST_REF = re.compile(r"\b(?:([Hh]e|[Ss]he)\b|(I)\b|[A-Z][a-z])")


class References:
    """Name mentions of the cast in text order, and the quotations, for resolving references."""

    def __init__(
        self,
        text: str,
        characters: list[Character],
        quotes: list[tuple[int, int]],
        focal: list[tuple[int, Character | None]] | None = None,
    ) -> None:
        self.text = text
        # (start, the third-person focal character from there on): scenes told close to one person.
        self.focal = focal or []
        self.focal_starts = [s for s, _ in self.focal]
        self.quotes = quotes
        self.quote_starts = [q[0] for q in quotes]
        mentions = sorted((m.start, m.end, i) for i, c in enumerate(characters) for m in c.mentions)
        self.mention_starts = [s for s, _, _ in mentions]
        self.mention_ends = [e for _, e, _ in mentions]
        self.mention_chars = [characters[i] for _, _, i in mentions]
        words: dict[str, list[Character]] = {}
        for c in characters:
            for form in [c.name, *c.aliases]:
                for w in form.split():
                    if len(w) > 2 and c not in words.setdefault(w.lower(), []):
                        words[w.lower()].append(c)
        # A given name, surname or title word that one character alone bears ("tringham", "parson").
        self.by_word = {w: cs[0] for w, cs in words.items() if len(cs) == 1}
        self._attributions: list[tuple[Character | None, str]] | None = None
        self._pronouns: dict[str, tuple[list[int], list[int]]] = {}
        self._starts_of: dict[int, list[int]] = {}

    @classmethod
    def of(cls, work: Work, quotes: list[tuple[int, int]]) -> References:
        """References of an analysed work, with each scene's focal character when `pov` ran."""
        chars = work.inferred.characters
        by_name = {c.name: c for c in chars}
        scene_focal = work.cache.get("pov.scene_focal", {})
        focal = [(s.start, by_name.get(scene_focal.get(s.index, ""))) for s in work.scenes]
        return cls(work.text, chars, quotes, focal if any(c for _, c in focal) else None)

    def focal_at(self, at: int) -> Character | None:
        """The focal character of the scene around `at` (third-person narration close to one person)."""
        k = bisect.bisect_right(self.focal_starts, at) - 1
        return self.focal[k][1] if k >= 0 else None

    def _quote_index(self, at: int) -> int | None:
        k = bisect.bisect_right(self.quote_starts, at) - 1
        return k if k >= 0 and self.quotes[k][0] <= at < self.quotes[k][1] else None

    def quote_at(self, at: int) -> tuple[int, int] | None:
        """The quotation around `at`, if any."""
        k = self._quote_index(at)
        return None if k is None else self.quotes[k]

    def attribution(self, at: int) -> tuple[Character | None, str] | None:
        """(speaker, the rule that named them) for the quotation around `at`; None outside quotations.

        Read once for all quotations of the work, on first use."""
        k = self._quote_index(at)
        if k is None:
            return None
        if self._attributions is None:
            self._attributions = [self._attributed(i) for i in range(len(self.quotes))]
        return self._attributions[k]

    def speaker(self, at: int) -> Character | None:
        """Who says the quotation around `at`, or None when the text does not tell.

        Read as a reader does: the attribution after the quotation ('"…," said Tess', '"…," he
        said', 'said the parson'), else the subject of the sentence right before it in its paragraph
        ('Tess turned. "…"'; on one line, '"Yes," said Tess. "I know."' goes on with Tess). No
        guess otherwise: turn-taking and the nearest name were measured on LitBank and were wrong
        more often than right (docs/evaluation.md)."""
        said = self.attribution(at)
        return said[0] if said else None

    def by_narrator(self, at: int) -> bool:
        """Is the quotation around `at` said by the story's "I" ('"…," I said', 'I turned. "…"')?"""
        said = self.attribution(at)
        return said is not None and said[1] in ("tail-narrator", "head-narrator")

    def _attributed(self, k: int) -> tuple[Character | None, str]:
        """The speaker the text names around quotation `k` (None when it names nobody or someone
        the story does not name), and which rule said so."""
        start, end = self.quotes[k]
        tail = self.text[end : self._window_end(k, end)]
        m = _TAIL_SAYS.match(tail)
        if m:
            if (m.group("name") or m.group("name2")) == "I":
                return None, "tail-narrator"  # '"…," I said': the story's "I"
            if m.group("name") or m.group("name2"):
                which = "name" if m.group("name") else "name2"
                c = self._mention_in(end + m.start(which), end + m.end(which))
                if c is not None:
                    return c, "tail-name"
            pron = m.group("pron") or m.group("pron2")
            if pron:
                # Whom the line calls by name ('"Tom, go," he said') is not who says it.
                called = self._called(k)
                return self.pronoun(pron.lower(), start, 0, exclude=called, quoted=False), "tail-pronoun"
            title = m.group("title")
            if title:
                # "said the parson": the one character whose name carries the word (Parson Tringham).
                return self.by_word.get(title.lower()), "tail-title"
            return None, "tail-unnamed"  # someone the story does not name here ("said her father")
        head_start = self._window_start(k, start)
        if head_start < start:
            who = self._subject_before(head_start, start)
            if who is NARRATOR:
                return None, "head-narrator"
            if who is not None and who.name != self._called(k):
                return who, "head"
        return None, ""

    def _called(self, k: int) -> str | None:
        """The character quotation `k` calls by name ('"Oh, Tommy!"', '"Tess, listen."'), if any."""
        start, end = self.quotes[k]
        i = bisect.bisect_left(self.mention_starts, start)
        while i < len(self.mention_starts) and self.mention_starts[i] < end:
            at, stop, c = self.mention_starts[i], self.mention_ends[i], self.mention_chars[i]
            before = self.text[start + 1 : at].rstrip()
            after = self.text[stop:end].lstrip()
            if (not before or before.endswith(",")) and (not after[:1] or after[:1] in ",!?.;\"'’”"):
                return c.name
            i += 1
        return None

    def _window_end(self, k: int, end: int) -> int:
        """Where the narration after quotation `k` stops being about it: the next quotation or paragraph."""
        stop = self.quotes[k + 1][0] if k + 1 < len(self.quotes) else len(self.text)
        brk = self.text.find("\n\n", end, stop)
        return min(stop, brk if brk >= 0 else stop, end + 2 * SPEAKER_REACH)

    def _window_start(self, k: int, start: int) -> int:
        """Where the narration before quotation `k` in its paragraph begins (after any earlier quotation)."""
        floor = self.quotes[k - 1][1] if k > 0 else 0
        brk = self.text.rfind("\n\n", floor, start)
        return max(floor, brk + 2 if brk >= 0 else floor, start - 4 * SPEAKER_REACH)

    def _mention_in(self, lo: int, hi: int) -> Character | None:
        i = bisect.bisect_left(self.mention_starts, lo)
        return self.mention_chars[i] if i < len(self.mention_starts) and self.mention_starts[i] < hi else None

    def _subject_before(self, lo: int, hi: int) -> Character | None:  # or NARRATOR
        """The subject of the sentence of narration right before a quotation: its first name or he/she
        ('Tess turned to him. "…"'). Earlier sentences are not read: there the speaker has often changed."""
        text = self.text
        cuts = [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)] + [hi]
        last = [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]
        if not last:
            return None
        a, b = last[-1]
        for ref in _FIRST_REF.finditer(text, a, b):
            if ref.group(2):
                return NARRATOR  # "I turned to him."
            if ref.group(1):
                return self.pronoun(ref.group(1).lower(), ref.start(), 0, quoted=False)
            c = self._mention_in(ref.start(), ref.end())
            if c is not None:
                return c
        return None

    def pronoun(
        self, word: str, at: int, floor: int, exclude: str | None = None, quoted: bool = True
    ) -> Character | None:
        """The nearest earlier character mention (after `floor`) that agrees with a 3rd-person pronoun;
        with `quoted=False`, names said in dialogue ("I've told Colin") are passed over.

        The search reaches `PRONOUN_REACH` before the pronoun, or before the start of the run of
        same-gender pronouns it ends (a page of "he ... his ... he" about one man named once). In a
        scene told close to one person, that person comes first (`_focal_first`)."""
        want = "male" if word in MALE else "female"
        reach = min(at, self._run_start(want, at)) - PRONOUN_REACH
        k = bisect.bisect_left(self.mention_starts, at) - 1
        fallback = None
        while k >= 0 and self.mention_starts[k] >= max(floor, reach):
            c = self.mention_chars[k]
            if c.name != exclude and (quoted or not in_spans(self.mention_starts[k], self.quotes)):
                if c.gender == want:
                    return self._focal_first(c, k, word, max(floor, reach), at)
                if c.gender is None and fallback is None and self.mention_starts[k] >= at - PRONOUN_REACH:
                    fallback = c
            k -= 1
        return fallback

    def _focal_first(self, c: Character, k: int, word: str, lo: int, at: int) -> Character:
        """In a scene told close to one person, a he/she is that person whenever they are named within
        reach, even past a nearer name of the same gender ('Cloud watched Zack go. His hands shook.');
        but a his/her/himself in the sentence that names the other is that other's ('McGee broke his
        arm')."""
        focal = self.focal_at(at)
        if focal is None or focal is c or focal.gender != ("male" if word in MALE else "female"):
            return c
        if word in _OWN and not _SENTENCE_END.search(self.text, self.mention_starts[k], at):
            return c
        starts = self._starts_of.get(id(focal))
        if starts is None:
            starts = self._starts_of[id(focal)] = sorted(m.start for m in focal.mentions)
        i = bisect.bisect_left(starts, lo)
        if not (i < len(starts) and starts[i] < self.mention_starts[k]):
            return c
        # A paragraph about the other, where the focal person is not yet named, keeps its "he":
        # 'Thorin's voice was barely there. "…" He breathed in, and smiled up at Bilbo.'
        cut = self.text.rfind("\n\n", 0, at)
        paragraph = cut + 2 if cut >= 0 else 0
        if self.mention_starts[k] >= paragraph:
            j = bisect.bisect_left(starts, paragraph)
            if not (j < len(starts) and starts[j] < at):
                return c
        return focal

    def _run_start(self, want: str, at: int) -> int:
        """Where the unbroken run of `want`-gender pronouns in narration before `at` begins."""
        if want not in self._pronouns:
            rx = _MALE_WORD if want == "male" else _FEMALE_WORD
            found = [m.start() for m in rx.finditer(self.text) if not in_spans(m.start(), self.quotes)]
            # Each pronoun's run start, in one pass: a long work asks thousands of times.
            starts: list[int] = []
            for i, pos in enumerate(found):
                joined = i > 0 and pos - found[i - 1] <= PRONOUN_RUN_GAP
                starts.append(starts[-1] if joined else pos)
            self._pronouns[want] = (found, starts)
        found, starts = self._pronouns[want]
        i = bisect.bisect_left(found, at) - 1
        if i < 0 or at - found[i] > PRONOUN_RUN_GAP:
            return at
        return starts[i]
