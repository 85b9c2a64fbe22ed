"""Character names: parse them, tell whether two can be one person, and cluster aliases.

`cluster_names` groups the names a story uses for its people into one list per character, with
first-name / surname / title logic, a nickname table ("Lizzy" = "Eliza" = "Elizabeth") and
honorific rules ("Mr. Bennet" is never "Mrs. Bennet"):

    >>> cluster_names(["Elizabeth Bennet", "Jane Bennet", "Lizzy", "Mr. Bennet", "Mrs. Bennet", "Bennet"])
    [['Elizabeth Bennet', 'Lizzy'], ['Jane Bennet'], ['Mr. Bennet', 'Bennet'], ['Mrs. Bennet']]

Descriptions join the one description they extend ("The Lady" / "The Lady Who Had Been A Nurse",
"The Labourer" / "The Labouring Man"), never an ordinal one ("The Second Lady").
A bare name joins a full name only when exactly one full name fits it; when several fit
("Elliot" for Sir Walter and Anne Elliot) it stays apart rather than guess. The text pipeline
(`ficlens.stages.characters`) uses the same function, passing mention counts to break ties.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

Gender = str  # "female" | "male"

# Honorifics and forms of address -> the gender they imply (None: either).
TITLES: dict[str, Gender | None] = {
    **dict.fromkeys(
        "mr mister sir lord master monsieur m herr signor senor don uncle father brother king "
        "prince duke earl baron marquis marquess count emperor lordship".split(),
        "male",
    ),
    **dict.fromkeys(
        "mrs ms miss lady madame madam mme mlle mademoiselle frau fraulein signora senora dona "
        "aunt auntie mother sister queen princess duchess countess baroness marchioness dame "
        "empress ladyship".split(),
        "female",
    ),
    **dict.fromkeys(
        "dr doctor professor prof captain capt colonel col general gen major lieutenant lt "
        "sergeant sgt rev reverend judge detective inspector agent officer commander admiral "
        "nurse president senator governor chancellor comrade cousin saint st mx".split(),
        None,
    ),
}
# Titles that say which woman (or man) is meant: "Mrs. Bennet" and "Miss Bennet" are two people.
_TITLE_CLASS = {
    "mr": "mr", "mister": "mr", "m": "mr", "monsieur": "mr", "herr": "mr", "signor": "mr", "senor": "mr",
    "mrs": "mrs", "madame": "mrs", "mme": "mrs", "frau": "mrs", "signora": "mrs", "senora": "mrs",
    "miss": "miss", "mlle": "miss", "mademoiselle": "miss", "fraulein": "miss",
}  # fmt: skip
# A knight or peer is "Sir Walter", never "Mr. Elliot", and an officer keeps his rank ("Colonel
# Fussell" and "Mr. Fussell" are father and son; "Admiral Croft" is not "Mrs. Croft").
_RANK_CLASS = {
    **dict.fromkeys("sir lord lordship baron earl duke marquis marquess prince king".split(), "peer"),
    **dict.fromkeys(
        "captain capt colonel col general gen major lieutenant lt sergeant sgt admiral".split(), "rank"
    ),
    **dict.fromkeys("lady dame".split(), "lady"),
}
_EXCLUSIVE = (
    {("mr", "mrs"), ("mr", "miss"), ("mrs", "miss")}
    | {(rank, plain) for rank in ("peer", "rank") for plain in ("mr", "mrs", "miss")}
    | {("lady", "miss")}
)  # "Lady Bertram" is the mother of "Miss Bertram"
# Spellings of one title, so "Dr. Spencer" and "Doctor Spencer" have the same key.
_TITLE_ALIAS = {
    "doctor": "dr", "capt": "captain", "col": "colonel", "gen": "general", "lt": "lieutenant",
    "sgt": "sergeant", "prof": "professor", "reverend": "rev", "saint": "st", "mister": "mr",
}  # fmt: skip
_ARTICLES = {"the", "a", "an"}
_AGE_WORDS = {"old", "young", "little", "big", "poor", "dear"}
_JUNIOR_WORDS = {"young", "little"}
_PARTICLES = {
    "de",
    "del",
    "della",
    "der",
    "van",
    "von",
    "le",
    "la",
    "du",
    "di",
    "da",
    "st",
    "mac",
    "ten",
    "ter",
}
_FUNCTION_WORDS = {"the", "a", "an", "of", "at", "in", "on", "with", "who", "and", "from", "to", "for", "by"}
# Heads of descriptions that say only what someone is ("The Man" is not "An Old Man"); the vaguest
# (`_VAGUE_HEADS`) never join a description on their own.
_GENERIC_HEADS = set(
    "man men woman women lady ladies gentleman gentlemen person people one voice girl boy child fellow".split()
)
_VAGUE_HEADS = {"man", "men", "person", "people", "one"}
_ORDINALS = set("first second third fourth fifth sixth seventh eighth ninth tenth other another".split())
_KIN_GENDER = {"son": "male", "brother": "male", "daughter": "female", "sister": "female"}
_KIN_OF = re.compile(r"^(?:the\s+)?(.+?)(?:'s|’s|')\s+(son|brother|daughter|sister)$", re.IGNORECASE)
_PLURAL_HEADS = {"men": "man", "women": "woman", "ladies": "lady", "gentlemen": "gentleman"}
_WORD = re.compile(r"[^\W\d_][\w'\-]*\.?", re.UNICODE)
_GLOSS = re.compile(r"\s*\([^)]*\)")
_POSSESSIVE = re.compile(r"(?:'s|'S|'|’s|’)$")
# An apostrophe inside a surname ("O'Hara", "d'Urberville", "l'Estrange"), not a possessive.
_NAME_APOSTROPHE = re.compile(r"^(?:o|d|l|mc)'[^\W\d_]{2,}$")


@dataclass(frozen=True)
class ParsedName:
    """A name split into its honorific, given names and surname (lower-case, accents folded)."""

    raw: str
    title: str | None
    words: tuple[str, ...]
    # "The Footman", "Fagin's Jailer", "Mrs. John Dashwood": a description or a borrowed name,
    # matched only by its exact wording, never by its parts.
    descriptive: bool = False
    # "Little Walter", "Young Man": a second, younger bearer of the name, not its usual bearer.
    junior: bool = False

    @property
    def title_gender(self) -> Gender | None:
        return TITLES.get(self.title) if self.title else None

    @property
    def title_class(self) -> str | None:
        return _TITLE_CLASS.get(self.title or "")

    @property
    def surname(self) -> str | None:
        """The family name when the name has a given name too ("van der luyden" for Henry Van Der Luyden)."""
        if len(self.words) < 2:
            return None
        for i, word in enumerate(self.words[1:], start=1):
            if word in _PARTICLES:
                return " ".join(self.words[i:])
        return self.words[-1]

    @property
    def given(self) -> str | None:
        return self.words[0] if len(self.words) >= 2 else None

    @property
    def is_full(self) -> bool:
        return (
            not self.descriptive
            and self.surname is not None
            and self.given is not None
            and self.given not in _PARTICLES
        )

    @property
    def single(self) -> str | None:
        """The one name word of "Lizzy", "Mr. Bennet" or "De Griers"."""
        if self.descriptive:
            return None
        if len(self.words) == 1:
            return self.words[0]
        if self.words and self.words[0] in _PARTICLES:
            return " ".join(self.words)
        return None

    @property
    def key(self) -> tuple[str | None, tuple[str, ...], bool]:
        return (self.title_class or self.title, self.words, self.junior)


def _fold(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is, with no combining marks: the KB's names are mostly so
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def parse_name(raw: str) -> ParsedName:
    """Split a name string: `parse_name("Old Mr. Emerson")` -> title "mr", words ("emerson",)."""
    # Annotators' glosses ("Little Old Lady (Unknown)") are not part of the name.
    text = _POSSESSIVE.sub("", _GLOSS.sub("", raw).strip().replace("’", "'"))
    tokens = [t.rstrip(".").lower() for t in _WORD.findall(_fold(text))]
    tokens = [t for t in tokens if t]
    article = bool(tokens) and tokens[0] in _ARTICLES
    junior = False
    while len(tokens) > 1 and (tokens[0] in _ARTICLES or tokens[0] in _AGE_WORDS):
        if tokens[0] in _AGE_WORDS and len(tokens) == 2 and tokens[1] in _GENERIC_HEADS:
            # "An Old Man" is a description of its own, not "The Man" grown old.
            article = True
            break
        junior = junior or tokens[0] in _JUNIOR_WORDS
        tokens = tokens[1:]
    title = None
    while tokens and tokens[0] in TITLES and (len(tokens) > 1 or title is None):
        if title is None or (TITLES.get(title) is None and TITLES[tokens[0]] is not None):
            title = _TITLE_ALIAS.get(tokens[0], tokens[0])
        tokens = tokens[1:]
    # Initials ("Randolph C. Miller") add nothing to identity.
    words = tuple(t for t in tokens if len(t) > 1 or not t.isalpha())
    descriptive = (
        (article and title is None)
        or any(w in _FUNCTION_WORDS or ("'" in w and not _NAME_APOSTROPHE.match(w)) for w in words)
        # "Mrs. John Dashwood" is John's wife, not John.
        or (
            _TITLE_CLASS.get(title or "") == "mrs"
            and len(words) > 0
            and _given_gender_raw(words[0]) == "male"
        )
    )
    return ParsedName(raw=raw, title=title, words=words, descriptive=descriptive or junior, junior=junior)


def _given_gender_raw(word: str) -> Gender | None:
    return _given_name_genders().get(word)


# ---- lexicons -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nickname_table() -> tuple[dict[str, frozenset[str]], dict[str, Gender]]:
    """name -> set of canonical given names it can stand for; canonical name -> gender."""
    forms: dict[str, set[str]] = defaultdict(set)
    genders: dict[str, Gender] = {}
    text = resources.files("ficlens.resources").joinpath("kb_nicknames.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, gender, variants = [*line.split("\t"), "", ""][:3]
        canon = _fold(name).lower()
        genders.setdefault(canon, gender)
        forms[canon].add(canon)
        for variant in filter(None, variants.split("|")):
            forms[_fold(variant).lower()].add(canon)
    return {k: frozenset(v) for k, v in forms.items()}, genders


@lru_cache(maxsize=1)
def _given_name_genders() -> dict[str, Gender]:
    genders: dict[str, Gender] = {}
    text = resources.files("ficlens.resources").joinpath("kb_given_names.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            name, gender = line.split("\t", 1)
            genders[_fold(name).lower()] = gender.strip()
    _, nick_genders = _nickname_table()
    for name, gender in nick_genders.items():
        genders.setdefault(name, gender)
    return genders


def given_name_gender(word: str) -> Gender | None:
    """The usual gender of an English given name, when it has one ("lizzy" -> "female")."""
    word = _fold(word).lower()
    genders = _given_name_genders()
    if word in genders:
        return genders[word]
    canon = {genders.get(c) for c in _nickname_table()[0].get(word, ())} - {None}
    return canon.pop() if len(canon) == 1 else None


def everyday_given_name(word: str) -> bool:
    """Is `word` (lower case) an everyday English given name or one of its nicknames ("evie", "gabriel")?"""
    return _fold(word).lower() in _nickname_table()[0]


def nickname_of(a: str, b: str) -> bool:
    """True when two given names are equal or forms of one name in the nickname table ("jim", "james")."""
    forms = _nickname_table()[0]
    return a == b or bool(forms.get(a, frozenset()) & forms.get(b, frozenset()))


def formal_given_name(short: str, long_: str) -> bool:
    """Is `long_` the fuller, formal name `short` stands for ("theo" -> "theodora", "gil" -> "gilbert")?

    Not a pet form of it: "johnny" is John's nickname in the table, "skaggsy" ends as pet forms
    do, and neither is the name AO3 tags the person by.
    """
    if not same_given_name(short, long_):
        return False
    forms = _nickname_table()[0]
    if long_ in forms:
        # A known name is formal when the table heads a row with it.
        return long_ in forms[long_]
    return not long_.endswith(("y", "ie"))


def same_given_name(a: str, b: str) -> bool:
    """True when two given names can be the same person's: equal, nickname-related or a clipped form."""
    if nickname_of(a, b):
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    # Clipped forms: "Gil" for Gilbert, "Theo" for Theobald; too short a prefix would join Al and Alice.
    if len(short) >= 3 and long_ in (short + "y", short + "ie"):
        return True  # pet forms: "Skaggs" / "Skaggsy"
    # Not a surname made from the given name: "Johnson", "Peterson" and "Jackson" are no John, Peter or Jack.
    return (
        len(short) >= 3
        and long_.startswith(short)
        and len(long_) - len(short) >= 2
        and long_[len(short) :] not in _PATRONYMIC
    )


_PATRONYMIC = frozenset({"son", "sen", "sson", "ston", "kins", "kinson"})


def name_gender(name: ParsedName) -> Gender | None:
    if name.title_gender:
        return name.title_gender
    first = name.given or name.single
    return given_name_gender(first) if first and " " not in first else None


# ---- clustering -----------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _compatible(a: ParsedName, b: ParsedName) -> bool:
    """Could the two names be the same person, judging by honorifics and given-name gender?"""
    ga, gb = name_gender(a), name_gender(b)
    if ga and gb and ga != gb:
        return False
    ca = a.title_class or _RANK_CLASS.get(a.title or "")
    cb = b.title_class or _RANK_CLASS.get(b.title or "")
    return not (ca and cb and ((ca, cb) in _EXCLUSIVE or (cb, ca) in _EXCLUSIVE))


def _similar(a: str, b: str) -> bool:
    """Spelling variants of one name ("Messinger"/"Mesinger", "Bertram"/"Bentram")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or a[0] != b[0] or not _one_edit(a, b):
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped: a misspelling, while "Carson" and
    "Clarkson" (two letters apart) are two people."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long_[i + 1 :]


def cluster_names(names: list[str], counts: Mapping[str, int] | None = None) -> list[list[str]]:
    """Group name strings into one list per character, in first-seen order.

    `counts` (mentions per name, optional) breaks ties: an ambiguous bare name joins the
    clearly most-mentioned candidate. Every input string lands in exactly one cluster;
    duplicates are kept once.

        >>> cluster_names(["Tosh", "Toshiko Sato", "Jack", "Captain Jack Harkness", "Harkness"])
        [['Tosh', 'Toshiko Sato'], ['Jack', 'Captain Jack Harkness', 'Harkness']]
    """
    unique = list(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))
    parsed = _uninvert([parse_name(n) for n in unique])
    counts = counts or {}
    uf = _UnionFind(len(unique))

    # 1. Same name up to punctuation, articles, accents and spelling slips.
    by_key: dict[tuple, int] = {}
    for i, p in enumerate(parsed):
        if not p.words and not p.title:
            continue
        if p.key in by_key:
            uf.union(by_key[p.key], i)
        else:
            by_key[p.key] = i
    keyed = list(by_key.items())
    by_shape: dict[tuple, list[tuple[tuple, int]]] = defaultdict(list)
    for key, i in keyed:
        by_shape[(key[0], len(key[1]), key[1][0][:1] if key[1] else "", key[2])].append((key, i))
    for group in by_shape.values():
        if len(group) > 50:  # huge name lists: skip the quadratic spelling pass
            continue
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                (ka, ia), (kb, ib) = group[x], group[y]
                if ka[1] and all(_similar(u, v) for u, v in zip(ka[1], kb[1], strict=True)):
                    uf.union(ia, ib)

    # 2. Full names ("Henry Wilcox", "Sir John Middleton", "Wilcox Henry") that are one person.
    full = [i for i, p in enumerate(parsed) if p.is_full]
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i in full:
        by_surname[parsed[i].surname or ""].append(i)
    for members in by_surname.values():
        if len(members) > 200:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = parsed[members[x]], parsed[members[y]]
                if _compatible(a, b) and same_given_name(a.given or "", b.given or ""):
                    uf.union(members[x], members[y])
    full_words = {parsed[i].words: i for i in full}
    for i in full:
        p = parsed[i]
        if len(p.words) == 2 and p.words[::-1] in full_words:
            uf.union(i, full_words[p.words[::-1]])
    # A title before a two-word family name: "Princess Abdul Akbar" is the one "Jenny Abdul Akbar".
    for i in full:
        p = parsed[i]
        # ("Sir Walter Elliot" is no middle-name form of "William Walter Elliot".)
        if p.title is None or len(p.words) < 2 or p.words[0] in _given_name_genders():
            continue
        longer = {
            uf.find(j)
            for j in by_surname.get(p.surname or "", ())
            if len(parsed[j].words) > len(p.words)
            and parsed[j].words[-len(p.words) :] == p.words
            and _compatible(p, parsed[j])
        }
        longer.discard(uf.find(i))
        if len(longer) == 1:
            uf.union(longer.pop(), i)
    # Longer forms that extend a full name: "Moody Spurgeon" / "Moody Spurgeon Macpherson".
    by_given: dict[str, list[int]] = defaultdict(list)
    for i in full:
        by_given[parsed[i].given or ""].append(i)
    for i, j in ((i, j) for same in by_given.values() for i in same for j in same):
        pi, pj = parsed[i], parsed[j]
        if len(pi.words) < len(pj.words) and pj.words[: len(pi.words)] == pi.words and _compatible(pi, pj):
            uf.union(i, j)

    def groups() -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(unique)):
            out[uf.find(i)].append(i)
        return out

    def group_count(root: int, members: dict[int, list[int]]) -> int:
        return sum(counts.get(unique[i], 0) for i in members[root])

    def pick(candidates: set[int], name: ParsedName, members: dict[int, list[int]]) -> int | None:
        if len(candidates) == 1:
            return next(iter(candidates))
        if not candidates:
            return None
        if name.title:
            # "Sir John" is the John who is a Sir.
            same_title = {c for c in candidates if any(parsed[j].title == name.title for j in members[c])}
            if len(same_title) == 1:
                return same_title.pop()
        # A bare surname refers to the man of the family by the convention of most fiction
        # ("Cuthbert" is Matthew, not Marilla) when exactly one candidate is a man.
        if name.title is None:
            male = {c for c in candidates if _group_gender(c, members) == "male"}
            if len(male) == 1:
                return male.pop()
            not_female = {c for c in candidates if _group_gender(c, members) != "female"}
            if len(not_female) == 1:
                return not_female.pop()
        ranked = sorted(candidates, key=lambda c: group_count(c, members), reverse=True)
        top, second = group_count(ranked[0], members), group_count(ranked[1], members)
        return ranked[0] if top >= 3 * max(second, 1) and top >= 3 else None

    def _group_gender(root: int, members: dict[int, list[int]]) -> Gender | None:
        found = {name_gender(parsed[i]) for i in members[root]} - {None}
        return found.pop() if len(found) == 1 else None

    # 3. Partial names join the one full name that fits them: titled names first ("Mr. Bennet",
    # "Sir Walter"), then bare ones, which may also join a titled name ("Bumble" / "Mr. Bumble").
    full_roots = {uf.find(i) for i in full}
    wives = [
        i
        for i, p in enumerate(parsed)
        if p.descriptive and p.title_class == "mrs" and p.words and "'" not in p.raw
    ]
    # 3a. "Mrs. Blewett" is "Mrs. Peter Blewett" when she is the one wife named by a husband there,
    # unless the husband is in the cast: then his mother is the other Mrs. Blewett ("Mrs. John
    # Dashwood" and "Mrs. Dashwood" when John Dashwood is a character).
    husbands = {parsed[i].words for i in full if parsed[i].title_class != "mrs"}
    wife_of: dict[str, set[int]] = defaultdict(set)
    for j in wives:
        if len(parsed[j].words) > 1 and parsed[j].words not in husbands:
            wife_of[" ".join(parsed[j].words[1:])].add(j)
    for i, p in enumerate(parsed):
        if p.title_class == "mrs" and p.single and p.single in wife_of:
            hits = {uf.find(j) for j in wife_of[p.single]}
            hits.discard(uf.find(i))
            if len(hits) == 1:
                uf.union(hits.pop(), i)
                full_roots.add(uf.find(i))

    given_index: dict[str, set[int]] = defaultdict(set)
    surname_index: dict[str, set[int]] = defaultdict(set)
    for i in full:
        given_index[parsed[i].given or ""].add(i)
        surname_index[parsed[i].surname or ""].add(i)
    order = sorted(
        (i for i, p in enumerate(parsed) if p.single is not None and uf.find(i) not in full_roots),
        # Gendered titles first: "Mrs. Croft" claims Sophia Croft before "Admiral Croft" can.
        key=lambda i: (parsed[i].title is None, parsed[i].title_gender is None),
    )
    surname_by_initial: dict[str, list[str]] = defaultdict(list)
    for surname in surname_index:
        surname_by_initial[surname[:1]].append(surname)
    for initial, same in list(surname_by_initial.items()):
        if len(same) > 50:  # huge name lists: no spelling pass
            del surname_by_initial[initial]
    miss_words = {q.single for q in parsed if q.single and q.title_class == "miss"}
    mr_words = {q.single for q in parsed if q.single and q.title_class == "mr"}
    titled_single: dict[str, list[int]] = defaultdict(list)
    for j, q in enumerate(parsed):
        if q.single and q.title:
            titled_single[q.single].append(j)
    members = groups()

    def merge(a: int, b: int) -> None:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            return
        uf.union(ra, rb)
        root, other = (ra, rb) if uf.find(ra) == ra else (rb, ra)
        members[root].extend(members.pop(other, []))

    for i in order:
        p = parsed[i]
        word = p.single or ""
        root_i = uf.find(i)
        if root_i in full_roots:  # joined already through a same-key form ("Old Callendar")
            continue
        own = [parsed[k] for k in members[root_i]]

        def fits(
            root: int,
            root_i: int = root_i,
            own: list[ParsedName] = own,
            members: dict[int, list[int]] = members,
        ) -> bool:
            return root != root_i and all(_compatible(q, parsed[j]) for j in members[root] for q in own)

        by_surname_hits = {r for r in (uf.find(j) for j in surname_index.get(word, ())) if fits(r)}
        if not by_surname_hits and p.title_class and word not in given_index:
            # A spelling slip in the surname: "Miss Welland" for "May Wellend".
            by_surname_hits = {
                r
                for s in surname_by_initial.get(word[:1], ())
                if s != word and _similar(s, word)
                for r in (uf.find(j) for j in surname_index[s])
                if fits(r)
            }
        # An exact given name beats a nickname reading ("Jock" is Jock Grant-Menzies, not some John).
        exact = {r for r in (uf.find(j) for j in given_index.get(word, ())) if fits(r)}
        # Formal address uses the formal name: "Sir Thomas" is no "Tom Bertram".
        by_given_hits = exact or (
            set()
            if p.title in _RANK_CLASS
            else {
                r
                for r in (uf.find(j) for _, js in _given_candidates(word, given_index) for j in js)
                if fits(r)
            }
        )
        hits = by_given_hits | by_surname_hits
        if p.title_class in {"mr", "mrs", "miss"} and by_surname_hits and by_given_hits:
            hits = by_surname_hits
        elif p.title is None and exact and word in _given_name_genders():
            # A bare common given name is read as one: "Jane" is Jane Andrews, not Flora Jane,
            # and "Rose" is Rose Maylie rather than some "Miss Rose".
            hits = exact
        elif p.title is None:
            # Titled forms of the same word that found no full name: "Mr. Bumble" for "Bumble".
            hits |= {
                r
                for r in (uf.find(j) for j in titled_single.get(word, ()))
                if r not in full_roots and fits(r)
            }
        if p.title_class in {"mrs", "miss"} and word in mr_words:
            # "Rev. Cuthbert Eager" next to "Mr. Eager" and "Mrs. Eager": the clergyman, doctor or
            # officer is the Mr. (see 3c), unless a woman's given name says otherwise.
            hits = {
                r
                for r in hits
                if not any(parsed[j].title and TITLES.get(parsed[j].title) is None for j in members[r])
                or _group_gender(r, members) == "female"
            }
        if p.title_class == "mrs" and by_surname_hits and hits == by_surname_hits:
            # A full name that is itself a "Mrs." ("Mrs. Augusta Welland") is the married one.
            married = {r for r in hits if any(parsed[j].title_class == "mrs" for j in members[r])}
            if married:
                hits = married
            elif word in miss_words:
                # "Mrs. Maylie" next to "Miss Maylie": the surname alone cannot say which woman is
                # the married one, and the full name is more often the daughter's.
                continue
        choice = pick(hits, p, members)
        if choice is not None:
            merge(choice, i)
            full_roots.add(uf.find(i))

    # 3b. Lone given names that are forms of each other ("Nance" / "Nancy", "Bet" / "Betsy") when no
    # full name claimed them and the pairing is unique.
    genders = _given_name_genders()
    with_full = {uf.find(i) for i in full}
    loose = [
        i
        for i, p in enumerate(parsed)
        if p.single and " " not in p.single and uf.find(i) not in with_full and p.title_class is None
    ]
    forms = _nickname_table()[0]
    loose_words: dict[str, set[int]] = defaultdict(set)
    # Candidate words share a canonical name or a 3-letter start (clipped forms): no all-pairs scan.
    buckets: dict[str, set[str]] = defaultdict(set)
    for i in loose:
        word = parsed[i].single or ""
        loose_words[word].add(i)
        for key in (*forms.get(word, ()), word, word[:3]):
            buckets[key].add(word)
    for i in loose:
        word = parsed[i].single or ""
        if word not in genders and word not in forms:
            continue
        own = [parsed[k] for k in members[uf.find(i)]]
        others = {o for key in (*forms.get(word, ()), word, word[:3]) for o in buckets.get(key, ())}
        hits = {
            uf.find(j)
            for other in others
            if other != word and same_given_name(word, other)
            for j in loose_words[other]
            if all(_compatible(q, parsed[k]) for k in members[uf.find(j)] for q in own)
        }
        hits.discard(uf.find(i))
        if len(hits) == 1:
            merge(hits.pop(), i)

    # 3c. Two titles on one surname and no full name: "Doctor Losberne" is "Mr. Losberne" (but
    # "Colonel Fussell" is not "Mr. Fussell", see `_compatible`).
    for same_word in titled_single.values():
        if len(same_word) < 2 or len(same_word) > 20:
            continue
        for i in same_word:
            if uf.find(i) in with_full:
                continue
            own = [parsed[k] for k in members[uf.find(i)]]
            hits = {
                uf.find(j)
                for j in same_word
                if all(_compatible(q, parsed[k]) for k in members[uf.find(j)] for q in own)
                # "Dr. Grant" and "Mrs. Grant" are husband and wife far more often than one woman.
                and {parsed[i].title_gender, parsed[j].title_gender} != {None, "female"}
            }
            hits.discard(uf.find(i))
            if len(hits) == 1:
                merge(hits.pop(), i)

    # 3d. Half of a double-barrelled surname: "Harris" is "Wilson-Harris" when no one else fits,
    # and a surname without its particle: "Worms" is "Professor De Worms".
    barrels: dict[str, set[int]] = defaultdict(set)
    for j, q in enumerate(parsed):
        family = q.surname or q.single or ""
        if not q.descriptive and "-" in family and " " not in family:
            for part in family.split("-"):
                barrels[part].add(j)
        for particled in (q.single, q.surname):
            if not q.descriptive and particled and " " in particled and particled.split()[0] in _PARTICLES:
                barrels[particled.split()[-1]].add(j)
    for i, p in enumerate(parsed):
        if p.single and p.single in barrels and uf.find(i) not in with_full:
            own = [parsed[k] for k in members[uf.find(i)]]
            hits = {
                uf.find(j)
                for j in barrels[p.single]
                if all(_compatible(q, parsed[k]) for k in members[uf.find(j)] for q in own)
            }
            hits.discard(uf.find(i))
            if len(hits) == 1:
                merge(hits.pop(), i)

    # 4. A bare title joins the one named person who bears it ("The Colonel", "Colonel Brandon").
    for i, p in enumerate(parsed):
        if not p.words and p.title and p.title not in _TITLE_CLASS:
            hits = {uf.find(j) for j, q in enumerate(parsed) if q.title == p.title and q.words}
            hits.discard(uf.find(i))
            if len(hits) == 1:
                uf.union(hits.pop(), i)

    # 5. Descriptions: "The Clerk" is "The Reception Clerk" when that is the only clerk described.
    described = {i: d for i, d in ((i, _description(unique[i], p)) for i, p in enumerate(parsed)) if d}
    by_head: dict[str, list[int]] = defaultdict(list)
    for i, (head, _) in described.items():
        by_head[head].append(i)
    for same_head in by_head.values():
        if len(same_head) > 50:
            continue
        same_desc: dict[frozenset[str], int] = {}
        for i in same_head:  # "The Dogana Man" / "The Dogana Men"
            mods = described[i][1]
            if mods in same_desc:
                uf.union(same_desc[mods], i)
            same_desc.setdefault(mods, i)
        for i in same_head:
            mods = described[i][1]
            # "The Second Housemaid" is by her number not "The Housemaid".
            wider = {
                uf.find(j)
                for j in same_head
                if described[j][1] > mods and not (described[j][1] - mods) & _ORDINALS
            }
            wider.discard(uf.find(i))
            if len(wider) == 1:
                uf.union(wider.pop(), i)
    # Epithets after a given name: "Anne Of Green Gables" is the one Anne; "Harry The Peddler" is
    # "The Peddler".
    given_roots: dict[str, set[int]] = defaultdict(set)
    for j, q in enumerate(parsed):
        if not q.descriptive and (q.given or q.single):
            given_roots[q.given or q.single or ""].add(j)
    by_words = {q.words: j for j, q in enumerate(parsed) if q.descriptive}
    for i, p in enumerate(parsed):
        if not (p.descriptive and len(p.words) > 2 and p.words[0] in _given_name_genders()):
            continue
        if p.words[1] == "of":
            hits = {uf.find(j) for j in given_roots.get(p.words[0], ())}
        elif p.words[1] == "the" and p.words[2:] in by_words:
            hits = {uf.find(by_words[p.words[2:]])}
        else:
            continue
        hits.discard(uf.find(i))
        if len(hits) == 1:
            uf.union(hits.pop(), i)
    # A description cut short: "The Artful" is "The Artful Dodger" when it names no one else.
    by_modifier: dict[str, list[int]] = defaultdict(list)
    for j, (_, mods) in described.items():
        for mod in mods:
            by_modifier[mod].append(j)
    for i, (head, mods) in described.items():
        if mods or len(by_head[head]) > 1:
            continue
        hits = {uf.find(j) for j in by_modifier.get(head, ())}
        hits.discard(uf.find(i))
        if len(hits) == 1:
            uf.union(hits.pop(), i)
    # "The Labouring Man" is "The Labourer", "The Dogana Man" is "The Dogana".
    bare_heads: dict[str, set[int]] = defaultdict(set)
    for i, (head, mods) in described.items():
        if not mods and head not in _GENERIC_HEADS:
            bare_heads[_stem(head)].add(i)
    for i, (head, mods) in described.items():
        if head in _GENERIC_HEADS and len(mods) == 1:
            hits = {uf.find(j) for j in bare_heads.get(_stem(next(iter(mods))), ())}
            hits.discard(uf.find(i))
            if len(hits) == 1:
                uf.union(hits.pop(), i)

    # 5b. Blood kin share a surname: "Mrs. Beaver's Son" is the one other man named Beaver, "Pedro's
    # Brother" the one other Romero man when Pedro is Pedro Romero.
    named = {raw: j for j, raw in enumerate(unique)}
    members = groups()
    for i, raw in enumerate(unique):
        m = _KIN_OF.match(raw.strip())
        if not m:
            continue
        owner_name, relation = m.group(1), m.group(2).lower()
        owner_root = uf.find(named[owner_name]) if owner_name in named else None
        single = parse_name(owner_name).single
        if owner_root is None and single:  # "Pedro" for Pedro Romero
            roots = {uf.find(j) for j in given_index.get(single, ())}
            owner_root = roots.pop() if len(roots) == 1 else None
        if owner_root is None:
            continue
        families = {parsed[j].surname or "" for j in members[owner_root] if parsed[j].is_full} | {
            parsed[j].single or "" for j in members[owner_root] if parsed[j].title_class
        }
        families.discard("")
        gender = _KIN_GENDER[relation]
        hits = {
            uf.find(j)
            for family in families
            for j in surname_index.get(family, ())
            if uf.find(j) != owner_root and _group_gender(uf.find(j), members) in (gender, None)
        }
        hits.discard(uf.find(i))
        if len(hits) == 1:
            merge(hits.pop(), i)

    # 6. A wife named by her husband: "Mrs. Peter" is "Mrs. Peter Blewett" when one woman fits ("Mrs.
    # Blewett" is step 3a's).
    for i in (i for i in wives if len(parsed[i].words) == 1):
        word = parsed[i].words[0]
        hits = {uf.find(j) for j in wives if len(parsed[j].words) > 1 and parsed[j].words[0] == word}
        hits.discard(uf.find(i))
        if len(hits) == 1:
            uf.union(hits.pop(), i)
    out = groups()
    return [[unique[i] for i in idx] for _, idx in sorted(out.items())]


def _description(raw: str, p: ParsedName) -> tuple[str, frozenset[str]] | None:
    """(head noun, modifiers) of "The Mail Coachman" or "The Clerk At Oliver's Trial", else None."""
    tokens = [t.rstrip(".").lower() for t in _WORD.findall(_fold(raw))]
    if not tokens or not (p.descriptive or tokens[0] in _ARTICLES):
        return None
    tokens = tokens[1:] if tokens[0] in _ARTICLES else tokens
    # "A Young And Frightened Nurse": "and" joins modifiers; "of", "at", "who" start a qualifier.
    # A possessive is a modifier: "The Parish Apothecary's Apprentice" is an apprentice.
    cut = next((k for k, t in enumerate(tokens) if t != "and" and t in _FUNCTION_WORDS), len(tokens))
    core = [t for t in tokens[:cut] if t not in _ARTICLES and t != "and"]
    if not core or "'" in core[-1]:
        return None
    head = _PLURAL_HEADS.get(core[-1], core[-1])
    mods = frozenset(core[:-1]) | frozenset(t for t in tokens[cut:] if t not in _FUNCTION_WORDS)
    if head in TITLES and head not in _GENERIC_HEADS and not mods:  # "The Colonel" is step 4's
        return None
    # "The Man" identifies no one, but "The Lady" may be the one lady described, and "The Pink Lady" is
    # "The Stout Lady In Pink Silk".
    if head in _VAGUE_HEADS and not mods:
        return None
    return head, mods


def _stem(word: str) -> str:
    """Crude agent/participle stem: "labourer", "labouring" -> "labour"."""
    for suffix in ("ing", "er", "or"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _uninvert(parsed: list[ParsedName]) -> list[ParsedName]:
    """Read index-style "Schlegel Margaret" as Margaret Schlegel when Schlegel is a surname here."""
    surnames = {p.surname for p in parsed if p.is_full} | {p.single for p in parsed if p.title and p.single}
    genders = _given_name_genders()
    out = []
    for p in parsed:
        if (
            p.is_full
            and p.title is None
            and len(p.words) == 2
            and p.words[0] in surnames
            and p.words[0] not in genders
            and p.words[1] in genders
        ):
            p = replace(p, words=p.words[::-1])
        out.append(p)
    return out


def _given_candidates(word: str, index: dict[str, set[int]]) -> Iterable[tuple[str, set[int]]]:
    if word in index:
        yield word, index[word]
    for given, ids in index.items():
        if given != word and same_given_name(word, given):
            yield given, ids
