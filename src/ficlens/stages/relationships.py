"""Relationships stage: who is paired with whom, romantic or platonic, and the AO3 category.

Candidate pairs are characters who share scenes. Paragraphs that mention both are read for
romantic cues (kissed, lover, husband, "in love", held hands...). Enough romance makes `A/B`.
An `A & B` is what an AO3 author tags it for: a bond the text names between the two ("Sam was Tom's
best friend", "Dean and his brother Sam"), or a friendship the fandom already tags (the KB's
`A & B` tags) told in scenes they share; never every pair who happen to share scenes, and at most
`MAX_PLATONIC` of them. Each pair comes with evidence spans and a confidence. A pairing the fandom
already ships (a popular AO3 relationship tag in the knowledge base) needs fewer cues once the
fandom stage has named it, and a kiss or a declared love in a sentence that names only the two of
them makes a pairing on its own (a kiss on the cheek, forehead or hand never does).
A chapter titled with a pairing ("Chapter 3: Male Reader/Vampire") is the author's own tag. The
AO3 category comes from the romantic pairs and the characters' genders (F/F, F/M, M/M, Multi; Gen
when there is no romance).

    >>> work = ficlens.analyze("story.txt", stages=["structure", "characters", "relationships"])
    >>> [(r.tag, r.kind, r.confidence) for r in work.inferred.relationships], work.inferred.categories
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations

from ficlens.model import Character, Evidence, Relationship, Work
from ficlens.names import parse_name
from ficlens.registry import stage
from ficlens.stages.characters import cast as on_page_cast

# "Husband" and "wife" are not cues: they say someone is married, mostly to someone not in the
# paragraph (a widower's late wife, a suspect's husband), not that the people present are a couple.
_ROMANTIC = re.compile(
    r"\b(kiss(?:ed|es|ing)?|lovers?|boyfriend|girlfriend|fianc[eé]e?|in love|"
    r"made love|making love|(?:held|holding|hold) (?:his |her |their )?hands?|married|marry|wedding|"
    r"caress(?:ed|ing)?|embrac(?:ed|ing)|cuddl(?:ed|ing|e)|snuggl(?:ed|ing|e)|darling|sweetheart|"
    r"i love you|loved (?:him|her)|their lips|his lips|her lips|moan(?:ed|ing)?|date|dating|"
    r"blush(?:ed|ing)?|nuzzl(?:ed|ing|e))\b",
    re.I,
)
# What only lovers do or say: a kiss, a declared love, lovers, lips that are "their" lips. The other
# cues ("his lips", "girlfriend", "date", "darling", "moan", "married") come up around friends and
# family as often ("licked his lips", "his girlfriend", "darling" to a sister), so they add weight
# to a pairing but cannot make one on their own.
_LOVERS_ONLY = re.compile(
    r"\b(kiss(?:ed|es|ing)?|lovers?|in love|made love|making love|i love you|loved (?:him|her)|their lips)\b",
    re.I,
)
# A kiss on the cheek, the hand or the forehead is how family and friends kiss too.
_CHASTE = re.compile(
    r"[^.!?\n]{0,40}?\b(?:cheek|cheeks|forehead|brow|hand|hands|knuckles|temple|hair|head)\b", re.I
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’']?)?")
# A character tag's disambiguating bracket: "Gwen (Merlin)".
_BRACKET = re.compile(r"\s*\(([^()]+)\)$")
# A chapter titled with a pairing as AO3 writes one ("Chapter 3: Male Reader/Vampire", "Kirk/Spock"):
# two or three members of one to four words each, joined by slashes without spaces (a title such as
# "Roses / Storms" has spaces and is no tag).
_TITLE_LABEL = re.compile(r"^\s*(?:chapter|part|ch\.?)\s*[\divxlc]+\s*[:.\-–—]\s*", re.I)
_TITLE_MEMBER = r"[^\W\d][\w'’.\-]*(?: [\w'’.\-]+){0,3}"
_TITLE_PAIRING = re.compile(rf"^({_TITLE_MEMBER})/({_TITLE_MEMBER})(?:/({_TITLE_MEMBER}))?$")
# AO3 tags the "you" of a reader-insert as "Reader", whatever the chapter says of them.
_READER = re.compile(
    r"^(?:(?:female|male|fem|masc|trans|cis|gender[- ]neutral|nonbinary|non-binary|gn|afab|amab)\s+)*(?:reader|y/n)$",
    re.I,
)
# Titles such as "Either/Or", "Before/After", "Love/Hate" pair words, not people.
_TITLE_WORDS = {
    "and", "or", "either", "neither", "nor", "yes", "no", "maybe", "before", "after", "now", "then", "here",
    "there", "this", "that", "on", "off", "in", "out", "up", "down", "love", "hate", "true", "false", "life",
    "death", "day", "night", "black", "white", "he", "she", "they", "him", "her", "them", "his", "hers", "we",
    "us", "you", "me", "i", "it", "part", "chapter", "prologue", "epilogue", "interlude", "dead", "alive",
}  # fmt: skip
# A bond between two people the sentence names: friends, kin, partners in work. "Team", "mate"
# and "colleague" alone are everyone's at work and say nothing of a pair.
_PLATONIC = re.compile(
    r"\b(friends?|friendship|brothers?|sisters?|siblings?|cousins?|partners?|comrades?|mentor|"
    r"apprentice|protégée?|godfather|godmother|godson|goddaughter|foster (?:brother|sister|father|mother))\b",
    re.I,
)
_PAREN = re.compile(r"\s*\([^)]*\)")
# Limits that keep long works with large casts fast.
MAX_CAST = 12
MAX_EVIDENCE = 3
# A romantic pair needs at least this share of the cues of the story's most romantic pair.
ROMANCE_SHARE = 0.4
# Romantic cues a pair needs; one is enough for a pairing AO3 readers already ship (the KB's
# popular relationship tags, matched by canonical names once the fandom stage has run).
MIN_CUES = 2
MIN_CUES_KNOWN_SHIP = 1
# AO3 authors tag few friendships: in the AO3 development works, 3 `A & B` tags in 63 works.
MAX_PLATONIC = 3
# Shared paragraphs a friendship the fandom already tags needs to be this story's too.
MIN_SHARED_KNOWN_FRIENDS = 3


def known_ships() -> frozenset[frozenset[str]]:
    """Member sets of the knowledge base's popular romantic `A/B` tags ("Erik Lehnsherr", "Charles Xavier")."""
    from ficlens.kb import load_kb, romantic_ships

    kb = load_kb()
    # One set per loaded KB: a `ficlens kb add` or a learning import mid-run loads a new one.
    if _KNOWN_SHIPS[0] is not kb:
        _KNOWN_SHIPS[:] = [kb, frozenset(_member_key([a, b]) for _fandom, a, b in romantic_ships(kb))]
    return _KNOWN_SHIPS[1]


def _member_key(members: list[str]) -> frozenset[str]:
    """A pairing's members without their canon brackets: "Natasha Romanov (Marvel)" is the KB ship's
    "Natasha Romanov" whichever of its fandom tags named her."""
    return frozenset(_BRACKET.sub("", m) for m in members)


_KNOWN_SHIPS: list = [None, frozenset()]


def ship_tag(kind: str, members: list[str]) -> tuple[list[str], str]:
    """(members in AO3's order, the tag AO3 writes for them).

    AO3 keeps one member order per relationship tag ("Jack Harkness/Ianto Jones", not the
    alphabetical "Ianto Jones/Jack Harkness"); a reader filtering by the tag expects that order and
    spelling. A pair the knowledge base knows gets its AO3 tag as it is ("Merlin/Arthur Pendragon (Merlin)",
    whose members are the character tags "Merlin (Merlin)" and "Arthur Pendragon (Merlin)"). Another
    is written the way AO3 writes one: members whose tags all carry one bracket ("Aziraphale (Good
    Omens)", "Crowley (Good Omens)") carry it once, at the end ("Aziraphale/Crowley (Good Omens)");
    one bracket beside bare names is dropped ("James "Bucky" Barnes/Natasha Romanov", of "Natasha
    Romanov (Marvel)"); a crossover's two brackets stay.
    """
    known = _known_tags().get((kind, _member_key(members)))
    if known:
        return _in_order(members, known[0]), known[1]
    ordered = sorted(members)
    brackets = [m.group(1) if (m := _BRACKET.search(name)) else None for name in ordered]
    bare = [_BRACKET.sub("", m) for m in ordered]
    if brackets[0] is not None and len(set(brackets)) == 1:
        return ordered, f"{_tag(kind, bare)} ({brackets[0]})"
    if len(set(brackets) - {None}) == 1:
        # One member's canon bracket beside unbracketed names: the pair is no longer ambiguous.
        return ordered, _tag(kind, bare)
    return ordered, _tag(kind, ordered)


def _known_tags() -> dict[tuple[str, frozenset[str]], tuple[list[str], str]]:
    """(kind, member set) -> (members in order, tag) of the KB's tags; of two for one set, the most used."""
    from ficlens.kb import load_kb

    kb = load_kb()
    if _TAG_ORDER[0] is not kb:
        order: dict[tuple[str, frozenset[str]], tuple[int, list[str], str]] = {}
        for r in kb.relationships:
            key = (r.type, _member_key(r.members))
            if len(r.members) == len(key[1]) and (key not in order or order[key][0] < r.works):
                order[key] = (r.works, list(r.members), r.tag)
        _TAG_ORDER[:] = [kb, {k: (m, t) for k, (_, m, t) in order.items()}]
    return _TAG_ORDER[1]


def _in_order(members: list[str], tag_members: list[str]) -> list[str]:
    """The characters' own labels in the order of the KB tag's members (brackets aside)."""
    rank = {_BRACKET.sub("", m): i for i, m in enumerate(tag_members)}
    return sorted(members, key=lambda m: rank.get(_BRACKET.sub("", m), len(rank)))


_TAG_ORDER: list = [None, {}]


def _same_family(a: str, b: str) -> bool:
    """Do two character labels share a surname ("Mycroft Holmes", "Sherlock Holmes")?"""
    pa, pb = parse_name(_PAREN.sub("", a.split(" | ")[0])), parse_name(_PAREN.sub("", b.split(" | ")[0]))
    return pa.is_full and pb.is_full and pa.surname == pb.surname and pa.words != pb.words


def _triads(
    romantic: set[tuple[int, int]], romance: dict[tuple[int, int], float], floor: float
) -> list[tuple[int, int, int]]:
    """Three people romantically linked with one another: AO3 tags them as one `A/B/C` pairing.

    Two of the three pairs must be pairings on their own; the third needs only a real share of
    romance (at least one cue, and the same share of the main pairing as any pairing). Each
    person is in one triad at most, the most romantic first.
    """
    people = sorted({i for pair in romantic for i in pair})
    found: list[tuple[float, tuple[int, int, int]]] = []
    for triad in combinations(people, 3):
        pairs = list(combinations(triad, 2))
        strong = sum(p in romantic for p in pairs)
        if strong >= 2 and all(romance.get(p, 0.0) >= max(1.0, floor) for p in pairs):
            found.append((sum(romance[p] for p in pairs), triad))
    out: list[tuple[int, int, int]] = []
    used: set[int] = set()
    for _, triad in sorted(found, reverse=True):
        if not used & set(triad):
            out.append(triad)
            used.update(triad)
    return out


def _pairs_alone(text: str, offset: int, who, says) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """(pair, sentence span) for each sentence of `text` that names exactly two cast members and of
    which `says(sentence)` holds: in a sentence that names two people, what it says is theirs."""
    for sentence in _SENTENCE.finditer(text):
        if not says(sentence.group(0)):
            continue
        start, end = offset + sentence.start(), offset + sentence.end()
        present = sorted(who(start, end))
        if len(present) == 2:
            yield (present[0], present[1]), (start, end)


def _bonds_by_sentence(text: str, offset: int, who) -> dict[tuple[int, int], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Pairs of cast members who are the only two a sentence names, when it names a bond between people.

    "Sam was Tom's best friend", "Dean drove, and his brother Sam slept": the friend or the brother is
    one of the two. Each pair maps to the spans of those sentences (its evidence).
    """
    out: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for pair, span in _pairs_alone(text, offset, who, _PLATONIC.search):
        out[pair].append(span)
    return out


def _declares_love(words: str) -> bool:
    """A kiss or a declared love, not on the cheek, hand or forehead (family and friends give those)."""
    return any(not _CHASTE.match(words, cue.end()) for cue in _LOVERS_ONLY.finditer(words))


def _lovers_by_sentence(text: str, offset: int, who) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Pairs of cast members who are the only two a sentence names, when it says they kiss or love.

    A kiss in a paragraph is shared among everyone the paragraph names; in one sentence that names
    two people, it is theirs ("Reuenthal and Mittermeyer were ... pressed together in a kiss"). A
    kiss on the cheek, hand or forehead does not count: family and friends give those.
    """
    return {pair for pair, _ in _pairs_alone(text, offset, who, _declares_love)}


def title_pairings(work: Work) -> list[Relationship]:
    """Pairings the author wrote as a chapter's title: one-shot collections name each chapter's couple.

    "Chapter 7: Male Reader/Male Orc" is the pairing "Reader/Male Orc" (AO3's tag for the "you" of a
    reader-insert is "Reader"). Only a title that is nothing but the tag counts.
    """
    out: list[Relationship] = []
    seen: set[frozenset[str]] = set()
    for chapter in work.chapters:
        title = _TITLE_LABEL.sub("", chapter.title or "").strip()
        match = _TITLE_PAIRING.match(title)
        if not match:
            continue
        members = [("Reader" if _READER.match(m) else m) for m in match.groups() if m]
        if any(m.lower() in _TITLE_WORDS for m in members):
            continue
        key = frozenset(m.lower() for m in members)
        if len(key) < len(members) or key in seen:
            continue
        seen.add(key)
        at = work.text.find(chapter.title or "", chapter.start, chapter.end)
        span = [work.evidence(at, at + len(chapter.title or ""))] if at >= 0 else []
        out.append(
            Relationship(
                tag=_tag("romantic", members),
                kind="romantic",
                members=members,
                confidence=0.9,
                scenes=[scene.index for scene in chapter.scenes],
                evidence=span,
            )
        )
    return out


def _paragraphs(work: Work) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for piece in work.prose():
        start = piece.start
        for match in re.finditer(r"\n", work.text[piece.start : piece.end]):
            end = piece.start + match.start()
            if end > start:
                spans.append((start, end))
            start = piece.start + match.end()
        if piece.end > start:
            spans.append((start, piece.end))
    return [(s, e) for s, e in spans if work.text[s:e].strip()]


def _label(character: Character) -> str:
    return character.canonical or character.name


def _tag(kind: str, members: list[str]) -> str:
    """AO3 style: "A/B" for a romantic pair, "A & B" for a platonic one."""
    return ("/" if kind == "romantic" else " & ").join(members)


def _listing_order(rel: Relationship) -> tuple[bool, float, str]:
    """Romantic pairs first, then by confidence."""
    return rel.kind != "romantic", -rel.confidence, rel.tag


def category_of(genders: list[str | None]) -> str:
    """AO3 category of one romantic pairing from its members' genders."""
    if len(genders) > 2:
        return "Multi"
    if None in genders or "nonbinary" in genders:
        return "Other"
    pair = sorted(genders)
    return {("female", "female"): "F/F", ("female", "male"): "F/M", ("male", "male"): "M/M"}.get(
        (pair[0], pair[1]), "Other"
    )


def find_relationships(work: Work, *, min_scenes: int = 1) -> list[Relationship]:
    """Romantic and platonic pairs among the work's cast (`characters.cast`), and those the chapter titles name."""
    titled = title_pairings(work)
    # Pairs come from the cast: people only talked about, or named in passing, are nobody's ship.
    cast = on_page_cast(work.inferred.characters)[:MAX_CAST]
    if len(cast) < 2:
        return sorted(titled, key=_listing_order)
    owner: list[tuple[int, int]] = sorted((m.start, idx) for idx, c in enumerate(cast) for m in c.mentions)
    starts = [s for s, _ in owner]
    scenes = work.scenes

    def who(start: int, end: int) -> Counter[int]:
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return Counter(idx for _, idx in owner[lo:hi])

    pair_scenes: dict[tuple[int, int], set[int]] = defaultdict(set)
    for scene in scenes:
        present = [i for i, n in who(scene.start, scene.end).items() if n >= 1]
        for a, b in combinations(sorted(present), 2):
            pair_scenes[(a, b)].add(scene.index)
    romance: defaultdict[tuple[int, int], float] = defaultdict(float)
    lovers_only: Counter[tuple[int, int]] = Counter()
    bonds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    # Sentences that name exactly the two of them and say they kiss or love each other.
    two_alone: Counter[tuple[int, int]] = Counter()
    shared: Counter[tuple[int, int]] = Counter()
    evidence: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for start, end in _paragraphs(work):
        present = sorted(who(start, end))
        if len(present) < 2:
            continue
        text = work.text[start:end]
        cues = list(_ROMANTIC.finditer(text))
        # A kiss on the cheek or the forehead is how family and friends kiss too: a cue, not a sure one.
        sure = _declares_love(text)
        if sure:
            for pair in _lovers_by_sentence(text, start, who):
                two_alone[pair] += 1
        for pair, spans in _bonds_by_sentence(text, start, who).items():
            bonds[pair] += spans
        for pair in combinations(present, 2):
            shared[pair] += 1
            if cues:
                # A kiss in a crowded paragraph is not every pair's: each of the present people
                # shares the cues among the others there.
                romance[pair] += len(cues) / (len(present) - 1)
                lovers_only[pair] += sure
                if len(evidence[pair]) < MAX_EVIDENCE:
                    cue = cues[0]
                    s = max(start, start + cue.start() - 120)
                    e = min(end, start + cue.end() + 120)
                    evidence[pair].append(work.evidence(s, e))
    out: list[Relationship] = []
    seen_tags: set[str] = set()
    # Romance is relative: the story's main pairing sets the bar for the others, so a kiss
    # in a crowded paragraph does not pair everyone in it.
    best_romance = max(romance.values(), default=0)

    def is_romantic(pair: tuple[int, int]) -> bool:
        members = sorted(_label(cast[i]) for i in pair)
        # Two people with one surname are family, unless they are the story's couple (spouses
        # share names; a wedding plot says "married" of everyone, so cues cannot tell them apart).
        if members[0] == members[1] or (family[pair] and romance[pair] < best_romance):
            return False
        # "Martin and Siegfried kissed": a declared kiss or love between the two people a
        # sentence names is a pairing however few cues the rest of the story gives them.
        if two_alone[pair]:
            return True
        known = _member_key(members) in known_ships()
        # A pairing nobody ships yet needs one cue that only lovers give, beside the others.
        if not known and not lovers_only[pair]:
            return False
        needed = MIN_CUES_KNOWN_SHIP if known else MIN_CUES
        return romance[pair] >= needed and romance[pair] >= ROMANCE_SHARE * best_romance

    family = {pair: _same_family(*(_label(cast[i]) for i in pair)) for pair in pair_scenes}
    romantic = {
        pair
        for pair in pair_scenes
        if shared[pair] and len(pair_scenes[pair]) >= min_scenes and is_romantic(pair)
    }
    triads = _triads(romantic, romance, ROMANCE_SHARE * best_romance)
    in_triad = {pair for triad in triads for pair in combinations(triad, 2)}
    for triad in triads:
        members, tag = ship_tag("romantic", sorted(_label(cast[i]) for i in triad))
        pairs = list(combinations(triad, 2))
        out.append(
            Relationship(
                tag=tag,
                kind="romantic",
                members=members,
                confidence=round(min(0.95, 0.4 + 0.12 * min(romance[p] for p in pairs)), 3),
                scenes=sorted(set().union(*(pair_scenes[p] for p in pairs))),
                evidence=[e for p in pairs for e in evidence[p]][:MAX_EVIDENCE],
            )
        )
    known_friends = {key for kind, key in _known_tags() if kind == "platonic"}
    platonic_kept = 0
    ranked = sorted(
        pair_scenes.items(), key=lambda kv: (-romance[kv[0]] - shared[kv[0]] - 10 * len(bonds[kv[0]]), kv[0])
    )
    for pair, scene_ids in ranked:
        if len(scene_ids) < min_scenes or shared[pair] == 0 or pair in in_triad:
            continue
        a, b = (cast[i] for i in pair)
        members = sorted([_label(a), _label(b)])
        if members[0] == members[1] or {_tag("platonic", members), _tag("romantic", members)} & seen_tags:
            continue
        n_romance = romance[pair]
        if pair in romantic:
            confidence = min(0.95, 0.4 + 0.12 * n_romance)
            seen_tags.add(_tag("romantic", members))
            ordered, tag = ship_tag("romantic", members)
            out.append(
                Relationship(
                    tag=tag,
                    kind="romantic",
                    members=ordered,
                    confidence=round(confidence, 3),
                    scenes=sorted(scene_ids),
                    evidence=evidence[pair],
                )
            )
        elif platonic_kept < MAX_PLATONIC and (
            bonds[pair]
            or (_member_key(members) in known_friends and shared[pair] >= MIN_SHARED_KNOWN_FRIENDS)
        ):
            platonic_kept += 1
            seen_tags.add(_tag("platonic", members))
            confidence = min(0.9, 0.3 + 0.15 * len(bonds[pair]) + 0.02 * shared[pair])
            ordered, tag = ship_tag("platonic", members)
            out.append(
                Relationship(
                    tag=tag,
                    kind="platonic",
                    members=ordered,
                    confidence=round(confidence, 3),
                    scenes=sorted(scene_ids),
                    evidence=[work.evidence(s, e) for s, e in bonds[pair][:MAX_EVIDENCE]],
                )
            )
    # A titled pairing the text already showed is kept once, under the cast's names.
    found = [r.members for r in out if r.kind == "romantic"]
    out += [r for r in titled if not any(_same_members(r.members, members) for members in found)]
    out.sort(key=_listing_order)
    return out


def _same_members(a: list[str], b: list[str]) -> bool:
    """Do two member lists name the same people ("Kirk/Spock" and "James T. Kirk/Spock")?"""

    def words(name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in re.findall(r"[^\W\d_]+", _PAREN.sub("", name)))

    if len(a) != len(b):
        return False
    left = [words(m) for m in b]
    for member in a:
        mine = words(member)
        hit = next((i for i, w in enumerate(left) if mine and w and (mine <= w or w <= mine)), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def relabel(relationships: list[Relationship], characters: list[Character]) -> list[Relationship]:
    """Name pairs found before the fandom stage by the characters as that stage left them.

    Run after relationships, the fandom stage gives characters canonical tags and merges forms of
    one person ("Jim" into "Kirk"): members are renamed to match, and pairs that became one are joined.
    """
    label_of: dict[str, str] = {}
    for character in characters:
        for name in (character.name, *character.aliases):
            label_of.setdefault(name, _label(character))
    out: dict[str, Relationship] = {}
    for rel in relationships:
        members = sorted({label_of.get(m, m) for m in rel.members})
        if len(members) < 2:
            continue
        members, tag = ship_tag(rel.kind, members)
        same = out.get(tag)
        if same is None:
            out[tag] = rel.model_copy(update={"tag": tag, "members": members})
            continue
        same.confidence = max(same.confidence, rel.confidence)
        same.scenes = sorted({*same.scenes, *rel.scenes})
        same.evidence = [*same.evidence, *rel.evidence][:MAX_EVIDENCE]
    # A pair both romantic and platonic after the merge is romantic.
    romantic = {frozenset(r.members) for r in out.values() if r.kind == "romantic"}
    kept = [r for r in out.values() if r.kind == "romantic" or frozenset(r.members) not in romantic]
    kept.sort(key=_listing_order)
    return kept


def categories_of(relationships: list[Relationship], characters: list[Character]) -> list[str]:
    """AO3 categories for the work: one per romantic pairing kind, Multi for several partners, else Gen."""
    gender = {_label(c): c.gender for c in characters}
    romantic = [r for r in relationships if r.kind == "romantic"]
    if not romantic:
        return ["Gen"]
    found = {category_of([gender.get(m) for m in r.members]) for r in romantic}
    partners: Counter[str] = Counter(m for r in romantic for m in r.members)
    if any(n > 1 for n in partners.values()):
        found.add("Multi")
    return sorted(found)


@stage("relationships", requires=("characters", "scenes"), assigns=("relationships", "categories"))
def relationships(work: Work, *, min_scenes: int = 1) -> Work:
    """Pair characters who share scenes: romantic, or platonic for a bond the text names; AO3 categories."""
    found = find_relationships(work, min_scenes=min_scenes)
    work.inferred.relationships = found
    work.inferred.categories = categories_of(found, work.inferred.characters)
    return work
