"""What a work's own words say about its canon: fandom names in the notes, and signs of an original work.

A careful archivist reads the author's notes and summary, not only the cast: "Disclaimer: I don't
own Naruto", "set after season 3 of Supernatural", a series called "Legend of the Galactic Heroes
AU". `canon_mentions` finds such names conservatively against the knowledge base's fandom names:

- a name of two or more words ("Good Omens", "Legend of the Galactic Heroes") counts wherever it is
  written with its capitals in the notes, summary, title or series name (as weaker evidence: an
  author may only mention another canon), if the canon has at least 1,000 AO3 works (the title of
  a small canon, "Golden Time", "Love Lab", is likelier an ordinary phrase);
- a one-word name ("Naruto", "Merlin", "House") counts only right after a phrase that introduces a
  canon ("I don't own", "belongs to", "season 3 of", "books 16 to 18 of", "spoilers for", "fandom:"),
  right before one that says it is one ("Outlander season 2 spoilers", "a Naruto fic", "a Merlin
  one-shot"; not an everyday word, "Major spoilers", nor "a Titanic AU", another canon set in that
  world), since most such words are also everyday words or first names (a one-word title with its article, "the Iliad",
  "the Mandalorian", only so, and not when the capitalised name goes on: "the Fall of Beleriand");
  a name of two or more words also counts as the whole of "this is X," / "it's X," ("It's Chainsaw
  Man, there is blood everywhere"), however small the canon;
- a name right after "inspired by", "a nod to", "in the style of" is another work the story borrows
  from, not its canon: it is returned as `weak` (evidence only beside a matching cast);
- a name after "not the" or "not a" ("Not the Song of Achilles version", "not a Titanic AU") is the
  canon the author says this is not, and no evidence at all.

`original_work_evidence` finds the author saying the story is their own ("an original story",
"my own characters", "not fan fiction"): the only reason to answer "Original Work".

`medium_cue` reads which telling of a canon the notes mean ("set in season one", "1x10 spoilers",
"film-verse", "book-verse", "my playthrough"), and `tag_medium` which telling a fandom tag is ("(TV)",
"(Movies)", "- Bernard Cornwell"): the same people filed under a book and its series are told apart by it.

The story prose itself is not searched: characters say "Star Wars" in stories of every fandom.

    >>> canon_mentions(["Disclaimer: I don't own Naruto."], {"Naruto": 500000})
    [Mention(tag='Naruto', words="Disclaimer: I don't own Naruto", introduced=True, weak=False)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

# The names an author writes for a fandom tag; search filters read them too.
from ficlens.kb.lookup import fandom_variants as name_variants

_WORD = re.compile(r"[\w'’]+(?:[.:-][\w'’]+)*")
# Small words that stay lower case inside a title ("Legend of the Galactic Heroes").
_SMALL = {"of", "the", "and", "in", "a", "an", "to", "on", "at", "for", "with", "from", "&"}
# Phrases after which a capitalised name is the canon the author writes in.
_INTRO = re.compile(
    r"(?:(?:do not|don'?t|dont|doesn'?t|does not|never) own(?: any(?: of)?| the characters of)?"
    r"|(?:belongs?|belonged) to|property of|owned by"
    r"|(?:season|series|book|episode|chapter|movie|film|volume|arc)s?\s+\d+(?:\s*(?:to|-|–|and|&)\s*\d+)?\s+of"
    r"|spoilers? (?:for|through|up to)(?: the (?:end|ending|finale|whole|rest|events) of)?|fandom\s*:|canon\s*:"
    r"|crossover (?:with|between)"
    r"|set (?:after|during|before)(?: the (?:events|end) of)?|fic for|story for)"
    r"\s+(?:the\s+)?(?:characters of\s+|world of\s+|show\s+|series\s+)?",
    re.IGNORECASE,
)
# Words right after a name that make it a canon ("Outlander season 2 spoilers", "a Merlin fic"). Not "AU":
# on AO3 "a Titanic AU" or "a Hogwarts AU" is a story of another canon set in that one's world.
_OUTRO = re.compile(
    r"(?:'s)?\s+(?:(?:season|series|book|episode|ep|chapter|part|volume|arc)\s*\d|s\d|spoilers?\b|finale\b"
    r"|canon\b|fandom\b|fic\b|fics\b|fanfic\b|fan ?fiction\b|one-?shot\b|oneshot\b|drabbles?\b|ficlet\b)",
    re.IGNORECASE,
)
# "This is Castlevania, so…", "It's Chainsaw Man, there is blood": the name alone between the phrase and a stop.
_THIS_IS = re.compile(r"\b(?:this is|it'?s|it is)\s+$", re.IGNORECASE)
_STOP_AFTER = re.compile(r"\s*[,.!;:—–-]")
# Phrases after which a named work is one the story borrows from ("inspired by the X remake").
_BORROWED = re.compile(
    r"(?:(?:loosely |partly |heavily )?inspired by|inspiration from|(?:a )?nods? to|homage to"
    r"|references? to|in the style of|reminiscent of|[àa] la)\s+(?:the\s+|an?\s+)?",
    re.IGNORECASE,
)
# A capitalised name that goes on ("the Fall of Beleriand", "the Battle Royale"): not a one-word title.
_NAME_GOES_ON = re.compile(r"\s+(?:of\s+)?[A-Z]")
# The rest of a capitalised name and a word saying it is a part of some canon ("the Dark Kingdom arc",
# "the Here Lies the Abyss quest"): the one word before is that part's name, not a canon's. Not
# "episode" or "chapter": "Sherlock BBC episode 3" is still Sherlock.
_PART_NAMED = re.compile(
    r"(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’-]*){1,4}\s+(?:arc|saga|quest|questline|route|storyline|mission|dlc|"
    r"expansion|campaign)s?\b"
)
# "Not the Song of Achilles version", "not a Titanic AU": the author says which canon this is not.
_NEGATED = re.compile(r"\bnot\s+(?:the|a|an)\s+$", re.IGNORECASE)
# The author saying *this* story is their own. "Read my original fiction at ..." advertises another
# work, so "my original ..." alone is not enough.
_ORIGINAL = re.compile(
    r"\b(?:(?:this|it) is (?:an? |my )?(?:own )?original(?: (?:work|story|fiction|fic|piece|novel))?"
    r"|an original (?:work|story|fic|fiction|piece|novel)(?! (?:of|by|from|at)\b)"
    r"|(?:all )?my own characters"
    r"|not (?:a )?fan ?fic(?:tion)?|isn'?t (?:a )?fan ?fic(?:tion)?|no fandom)\b",
    re.IGNORECASE,
)
# A title and a name with a possessive in running text are a person's ("from Dr. Stone's suit recorder",
# "Captain America's shield"), not the canon of the same name.
_PERSON_TITLES = frozenset(
    "dr mr mrs ms miss mx prof professor captain capt sir lady lord saint st king queen prince princess "
    "agent detective inspector sergeant sgt general colonel major lieutenant".split()
)
# A canon named in running text, not led in by "I don't own"…, needs this many AO3 works: the title
# of a small canon ("Golden Time", "Love Lab") is likelier an ordinary phrase.
PLAIN_MIN_WORKS = 1000
# Longest fandom name looked for, in words.
_MAX_WORDS = 8


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in words)


@lru_cache(maxsize=4)
def _index(fandoms: tuple[tuple[str, int], ...]) -> dict[tuple[str, ...], str]:
    """Lower-case word tuple -> the most-used fandom tag written that way."""
    best: dict[tuple[str, ...], tuple[int, str]] = {}
    for tag, works in fandoms:
        for variant in name_variants(tag):
            key = _key(_WORD.findall(variant))
            if not key or len(key) > _MAX_WORDS:
                continue
            # "a Locked Tomb AU": authors drop the article of "The Locked Tomb". A one-word title with
            # its article ("The Iliad") is keyed without it as ("<the>", "iliad"): found only where the
            # author introduces a canon ("spoilers for the Iliad"), never in running text.
            keys = [key, key[1:]] if key[0] == "the" and len(key) > 2 else [key]
            if key[0] == "the" and len(key) == 2:
                keys.append(("<the>", key[1]))
            for k in keys:
                if k not in best or best[k] < (works, tag):
                    best[k] = (works, tag)
    return {key: tag for key, (_, tag) in best.items()}


def _title_cased(words: list[str]) -> bool:
    """ "Legend of the Galactic Heroes", "Good Omens": every word capitalised but the small ones,
    and the first and last word capitalised."""
    if not words[0][:1].isupper() or (not words[-1][:1].isupper() and not words[-1][:1].isdigit()):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words)


def _strip_possessive(start: int, end: int, word: str) -> tuple[int, int, str]:
    """ "Lanternfall's" -> "Lanternfall": the canon, not its possessive."""
    if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
        return start, end - 2, word[:-2]
    return start, end, word


class Mention(NamedTuple):
    tag: str  # the knowledge base's fandom tag
    words: str  # the words that name it
    introduced: bool  # led in by "I don't own", "set after", "spoilers for"…: strong evidence
    weak: bool = False  # only ever named as a work the story borrows from ("inspired by X")


def _said_to_be_a_canon(text: str, start: int, end: int, words: int) -> int:
    """Where the words that make the name at text[start:end] a canon end: the words after it ("season
    2", "AU", "fic"), or the name itself when it stands alone after "it's" (0: neither)."""
    if m := _OUTRO.match(text, end):
        return m.end()
    # One word alone after "it's" is too often an everyday one ("it's Lost", "it's House").
    alone = words >= 2 and _THIS_IS.search(text, 0, start) and _STOP_AFTER.match(text, end)
    return end if alone else 0


def canon_mentions(
    texts: Iterable[str], fandoms: dict[str, int], everyday: frozenset[str] = frozenset()
) -> list[Mention]:
    """Each canon the texts name, first mention first (see `Mention`); a canon named both as a
    borrowing and plainly is not weak. `everyday`: one-word fandom names that are everyday words
    ("major"), which the words after them never make a canon ("Major spoilers")."""
    index = _index(tuple(sorted(fandoms.items())))
    found: dict[str, tuple[str, bool]] = {}
    plain: set[str] = set()  # named at least once not as a borrowing
    for text in texts:
        if not text:
            continue
        tokens = [_strip_possessive(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        starts = {start: i for i, (start, _, _) in enumerate(tokens)}
        introduced = set()
        for m in _INTRO.finditer(text):
            i = starts.get(m.end())
            if i is not None:
                introduced.add(i)

        outro: dict[int, int] = {}  # a name said to be a canon by the words after it -> their end
        borrowed = {starts[m.end()] for m in _BORROWED.finditer(text) if m.end() in starts}
        for i in range(len(tokens)):
            for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                words = [t[2] for t in tokens[i : i + n]]
                tag = index.get(_key(words))
                if (
                    tag is None
                    and n == 1
                    and i in introduced
                    and i > 0
                    and tokens[i - 1][2].lower() == "the"
                    and not _NAME_GOES_ON.match(text, tokens[i][1])
                ):
                    tag = index.get(("<the>", *_key(words)))  # "spoilers for the Iliad"
                if tag is None or not _title_cased(words):
                    continue
                # One word is enough only where the author introduces a canon.
                if (
                    i not in introduced
                    and not (n == 1 and words[0].lower() in everyday)
                    and (said := _said_to_be_a_canon(text, tokens[i][0], tokens[i + n - 1][1], n))
                ):
                    introduced.add(i)
                    if said > tokens[i + n - 1][1]:
                        outro[i] = said
                if n == 1 and i not in introduced:
                    continue
                if n == 1 and _PART_NAMED.match(text, tokens[i][1]) and not _OUTRO.match(text, tokens[i][1]):
                    continue  # "spoilers for the Dark Kingdom arc": an arc's name, not the canon "Dark"
                if n >= 2 and sum(1 for w in words if w.lower() not in _SMALL) < 2 and i not in introduced:
                    continue  # "The Office" in running text is an office
                last_end = tokens[i + n - 1][1]
                if (
                    i not in introduced
                    and words[0].lower().rstrip(".") in _PERSON_TITLES
                    and text[last_end : last_end + 2] in ("'s", "’s")
                ):
                    continue  # "Dr. Stone's suit recorder": a person's
                if i not in introduced and fandoms.get(tag, 0) < PLAIN_MIN_WORKS:
                    continue  # "Golden Time", "Black Cat": a small canon's title is likelier a phrase
                if i not in introduced and _NEGATED.search(text, max(0, tokens[i][0] - 12), tokens[i][0]):
                    break  # "Not the Song of Achilles version"
                if i not in borrowed or i in introduced:
                    plain.add(tag)
                if tag not in found or (i in introduced and not found[tag][1]):
                    if i in outro:  # "Outlander season 2 spoilers": the words after it say why
                        start, end = tokens[i][0], outro[i]
                    else:
                        start = tokens[max(i - 4, 0)][0] if i in introduced or i in borrowed else tokens[i][0]
                        end = tokens[i + n - 1][1]
                    found[tag] = (text[start:end], i in introduced)
                break
    return [Mention(tag, words, introduced, tag not in plain) for tag, (words, introduced) in found.items()]


def original_work_evidence(texts: Iterable[str]) -> str | None:
    """The words in which the author says the story is their own ("an original story"), if any."""
    for text in texts:
        m = _ORIGINAL.search(text or "")
        if m:
            return m.group()
    return None


# Words of the notes that say which telling of a canon the story follows. "Not the book" and
# "no movie spoilers" name the telling it does not follow, so a cue right after a negation is no cue.
# Not the words alone: "a panic episode", "movie night", "the big game", the Hunger Games' "the Games".
_MEDIUM_CUES = {
    "tv": r"seasons?\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)|episodes?\s+\d+|"
    r"(?:the|this|that|last|first|final|latest|next|previous)\s+episodes?|the\s+(?:tv\s+)?show|"
    r"show-?verse|tv-?verse|\d{1,2}x\d{1,2}|s\d{1,2}(?:\s*e\d{1,2})?|series\s+finale",
    "film": r"(?:the|this)\s+(?:films?|movies?)(?!\s+night)|film-?verse|movie-?verse|(?:film|movie)\s+canon",
    "book": r"the\s+books?|book-?verse|the\s+novels?",
    "game": r"(?-i:the game)(?!\s+(?:of|night))|playthroughs?|dlc|game-?verse",
}
_CUE = re.compile(
    r"(?P<neg>\b(?:not|no|never)\s+(?:the\s+|a\s+|any\s+)?)?\b(?:"
    + "|".join(f"(?P<{medium}>{cues})" for medium, cues in _MEDIUM_CUES.items())
    + r")\b",
    re.IGNORECASE,
)
_TAG_MEDIUM = (
    ("tv", re.compile(r"\((?:TV|Cartoon|Web Series|Anime)\b[^)]*\)")),
    ("film", re.compile(r"\((?:[^)]*\s)?Movies?\b[^)]*\)")),
    ("game", re.compile(r"\((?:[^)]*\s)?Video Games?\b[^)]*\)")),
    # "Six of Crows Series - Leigh Bardugo": a book series tag ends with its author.
    ("book", re.compile(r"\s-\s(?!All Media Types$)[A-Z][\w.'-]*(?:\s+[\w.'-]+){0,3}$")),
)


def medium_cue(texts: Iterable[str]) -> str | None:
    """The one telling ("tv", "film", "book", "game") the author's notes point to, if they point to one."""
    found: set[str] = set()
    for text in texts:
        for m in _CUE.finditer(text or ""):
            if m.group("neg"):
                continue
            found.update(medium for medium in _MEDIUM_CUES if m.group(medium))
    return found.pop() if len(found) == 1 else None


def tag_medium(tag: str) -> str | None:
    """Which telling a fandom tag names, or None for a franchise tag or one that does not say."""
    for medium, pattern in _TAG_MEDIUM:
        if pattern.search(tag):
            return medium
    return None
