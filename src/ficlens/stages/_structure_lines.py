"""Line-level reading for the structure stage: classify each line once, group lines into blocks.

Everything here is a regular expression or a single pass over the lines, so the stage stays
linear. `read_lines` classifies; `group_blocks` makes paragraphs; the patterns say what a
heading, a scene break, a note label, a header field and a byline look like in pasted fan fiction.

    >>> doc = read_lines("Chapter 1\n\nShe ran.\n\n* * *\n\nHe followed.")
    >>> [(b.kind, b.first) for b in group_blocks(doc)]
    [(3, 0), (1, 2), (2, 4), (1, 6)]
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from ficlens.model import Series

# ---- line kinds -------------------------------------------------------------------------------

BLANK, TEXT, BREAK, HEADING, LABEL, FIELD, BYLINE, SKIP, NOTE = range(9)

_MAX_HEADING_CHARS = 100
_MAX_BREAK_CHARS = 120

# Numbers as chapter and part headings write them: 3, III, iii, Three, Twenty-One.
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SPELLED = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:{_UNITS}))?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    rf"|(?:one\s+)?hundred|{_UNITS})"
)
_ROMAN = r"(?=[ivxlcdm]+\b)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUM = rf"(?:\d{{1,4}}|{_ROMAN}|{_SPELLED})"

HEADING_LINE = re.compile(
    rf"^(?:(?P<kw>chapter|chap\.?|ch\.?|part|pt\.?|book)\s*(?P<num>{_NUM})"
    rf"|(?P<named>prologue|epilogue|interlude|coda)(?:\s+(?P<num2>{_NUM}))?"
    r"|(?P<frac>\d{1,3})\s*/\s*(?P<of>\d{1,3}|\?))"
    r"(?=\W|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
_OF_TOTAL = re.compile(rf"\s+of\s+(?:{_NUM}|\?)(?:\s*[:.\-–—(\[]|\s*$)", re.IGNORECASE)
# Decoration around headings: "** Chapter 3 **", "~ Part II ~", "=== 3/7 ===", "[Chapter 4]".
_DECOR_LEFT = " \t*#=~_+•·|<>-–—[("
_DECOR_RIGHT = " \t*#=~_+•·|<>-–—])"

# Note labels. Strong ones mark a note anywhere; weak ones ("Notes:", "Summary:") only where notes
# live, before or after a chapter's prose, because a story can have a character read "Note: ...".
_LABEL = re.compile(
    r"""^[\s*_\[({<#~=+\-–—]*
    (?:
      (?P<end>(?:chapter\s+)?end(?:ing)?\s*notes?|end\s*a\s*/\s*n|closing\s+notes?
         |final\s+(?:a\s*/\s*n|notes?)|notes?\s+at\s+the\s+end)
     |(?P<disclaimer>disclaimers?)
     |(?P<spoiler>spoiler\s+(?:warnings?|alert|notice)|spoilers?)
     |(?P<summary>(?:chapter\s+|work\s+)?summary)
     |(?P<an>a\s*/\s*n|a\.\s*n\.|authou?r'?s?['’]?\s*notes?|t\s*/\s*n|translator'?s?['’]?\s*notes?
         |notes?\s+from\s+(?:the\s+)?author)
     |(?P<weak>(?:chapter\s+)?notes?|beta'?s?['’]?\s*notes?)
     |(?P<skip>chapter\s+text|work\s+text|see\s+the\s+end\s+of\s+the\s+(?:chapter|work)\s+for\s+(?:more\s+)?notes?)
    )
    [*_]*(?P<sep>\s*[:\-–—.!)\]]+|\s*$|\s+)""",
    re.IGNORECASE | re.VERBOSE,
)
_AN_UPPER = re.compile(r"^[\s*_\[({]*AN\s*[:\-–—]")
SPOILER_FREE = re.compile(
    r"^[\s*_\[({]*(?:(?:warning|caution)\s*[:\-–—]?\s*)?spoilers?\s+(?:for|through|up\s+to|until|from|in|ahead|abound|below|galore)\b"
    r"|^[\s*_\[({]*(?:warning|caution)\s*[:\-–—]\s*(?:contains\s+)?spoilers?\b"
    r"|^[\s*_\[({]*(?:this|the)\s+(?:story|fic|chapter|work)\s+(?:contains|has)\s+spoilers\b"
    # "Contains spoilers for Endgame!!", "Heavy spoilers for s3", "Spoiler warning, I guess": a notice
    # line of its own in the preface.
    r"|^[\s*_\[({]*(?:(?:contains|has|includes)\s+)?(?:(?:major|minor|mild|heavy|some|huge|big|massive)\s+)?"
    r"spoilers?\s+(?:for|through|up\s+to|until|from|in|ahead|abound|below|galore)\b"
    r"|^[\s*_\[({]*contains\s+spoilers\b"
    r"|^[\s*_\[({]*spoilers?\s+(?:warning|alert)\b",
    re.IGNORECASE,
)
DISCLAIMER_FREE = re.compile(
    r"^[\s*_\[({]*(?:i\s+(?:do\s+not|don['’]?t|dont|did\s+not|didn['’]?t)\s+(?:own|write|create)\b|i\s+own\s+nothing\b"
    r"|(?:none\s+of\s+(?:this|these|the)|nothing)\b.{0,80}\b(?:mine|belongs?\s+to)\b"
    r"|all\s+(?:characters|rights)\b.{0,80}\bbelong|(?:the\s+)?characters\s+(?:are\s+not\s+mine|belong\s+to)\b)",
    re.IGNORECASE,
)
DISCLAIMER_SURE = re.compile(
    r"^[\s*_\[({]*(?:(?:the\s+)?(?:standard|usual)\s+disclaimers?\b|no\s+(?:copyright\s+)?infringement\b"
    r"|i\s+(?:make|made|am\s+making)\s+no\s+(?:money|profit)\b|no\s+(?:money|profit)\s+(?:is|was)\s+(?:being\s+)?made\b"
    r"|(?:this\s+(?:story|fic|work)\s+is\s+)?not\s+affiliated\s+with\b)",
    re.IGNORECASE,
)
# A first-person narrator can also start "I don't own a car": a disclaimer names what is not owned.
DISCLAIMER_CUE = re.compile(
    r"\b(?:belongs?|property|rights|profit|characters|franchise|copyright|canon|fandom|universe|mine|"
    r"sadly|unfortunately|if\s+i\s+did|wish\s+i\s+did|only\s+the\s+plot|just\s+the\s+plot)\b|©",
    re.IGNORECASE,
)
END_NOTE_FREE = re.compile(
    r"\b(?:thanks?\s+(?:you\s+)?(?:so\s+much\s+)?for\s+reading|please\s+(?:review|comment|leave)|reviews?\s+(?:are|is)\s+"
    r"(?:love|appreciated|welcome)|read\s+(?:and|&)\s+review|r\s*&\s*r\b|leave\s+(?:a\s+)?(?:review|comment|kudos)"
    r"|kudos\s+(?:and|&)\s+comments|comments?\s+(?:and|&)\s+kudos|to\s+be\s+continued|tbc\b|next\s+(?:chapter|update)\s+"
    r"(?:will|should|is|soon|coming)|until\s+next\s+time|see\s+you\s+(?:all\s+)?(?:next|soon|in\s+the\s+next))",
    re.IGNORECASE,
)

# Header fields of LiveJournal/FFN-style headers: "Pairing: A/B", "Rating: T", "Word count: 2,000".
_FIELD = re.compile(
    r"""^[\s*_]*(?P<key>title|authors?|pseuds?|written\s+by|fandoms?|pairings?|relationships?|ships?
      |characters?|ratings?|rated|warnings?|archive\s+warnings?|content\s+(?:warnings?|notes?)|trigger\s+warnings?|cw|tw
      |categor(?:y|ies)|genres?|words?|word\s*count|length|series|betas?|beta(?:['’]?d)?\s+by|beta\s+reader
      |prompt|status|chapters|tags|additional\s+tags|freeform|language|published|updated|completed|stats
      |timeline|setting|dedication|written\s+for|for|recipient|challenge|feedback|archiving|type|format)
      [*_]*\s*:[*_]*\s*(?P<value>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
TITLE_KEYS = {"title"}
AUTHOR_KEYS = {"author", "authors", "pseud", "pseuds", "written by"}

_BYLINE = re.compile(
    r"^(?:(?:an?\s+)?(?:story|fic|fanfic|fanfiction|one-?shot|drabble)\s+)?(?:written\s+)?by\s*[:\-–—]?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
NOT_A_NAME = re.compile(
    r"\b(?:the|a|an|was|were|had|has|she|he|they|it|i|we|his|her|their|when|then|time|way)\b"
)
AUTHOR_SPLIT = re.compile(r"\s*(?:,|&|\+|\band\b)\s*", re.IGNORECASE)

# Series markers in titles: "Title (Pt III)", "Title, Part 2", "Series Name 3/7", "Book 2".
_PART_WORD = r"(?:part|pt\.?|book|vol\.?|volume)"
_SERIES_IN_TITLE = [
    re.compile(rf"^(?P<name>.+?)\s*[(\[]\s*{_PART_WORD}\s*(?P<num>{_NUM})(?:\s+of\s+\S+)?\s*[)\]]$", re.I),
    re.compile(rf"^(?P<name>.+?)\s*(?:[,:\-–—]\s*|\s){_PART_WORD}\s+(?P<num>{_NUM})$", re.I),
    re.compile(r"^(?P<name>.+?)\s*[(\[]?\s*(?P<num>\d{1,3})\s*/\s*(?:\d{1,3}|\?)\s*[)\]]?$"),
    re.compile(rf"^{_PART_WORD}\s+(?P<num>{_NUM})\s+of\s+(?:the\s+)?(?P<name>.+?)(?:\s+series)?$", re.I),
]

QUOTES = "\"'“”‘’«»„‚‹›「」『』"
_SENTENCE_PUNCT = frozenset(".…!?,;:")
_DASHES = frozenset("-–—")
_EMOTICON = re.compile(r"[:;=][-'^]?[()\[\]/\\|*3]|<3|\^_*\^|[>T]_+[<T]|[-=]_+[-=]")
# "oOo", "OoOoO", "0o0", "xXx", "XXX", "x-x-x", "o.O.o"; not "ooo" or "OOO" (a sound, a shout).
_WORD_BREAK = re.compile(
    r"^[^\w\s]*(?:(?=[oO0]*(?:o[O0]|O[o0]|0[oO]))[oO0]{3,}|[xX]{3,}"
    r"|(?:[xXoO0](?:\s*[^\w\s]+\s*|\s+)){2,}[xXoO0])[^\w\s]*$"
)


def _is_break(line: str) -> bool:
    """A scene-break line: "* * *", "~~~", "oOo", "x-x-x", "§", "<hr>"; not "--" or '"..."'."""
    core = "".join(line.split())
    if not core or len(core) > _MAX_BREAK_CHARS:
        return False
    if any(ch.isalnum() for ch in core):
        return core.lower() in ("<hr>", "<hr/>") or _WORD_BREAK.match(line) is not None
    if any(ch in QUOTES for ch in core):
        return False  # '"..."', "'?!'": a wordless line of dialogue
    if _EMOTICON.search(core):
        return False  # "< :)" in a text-message exchange, "^_^"
    chars = set(core)
    if chars <= _SENTENCE_PUNCT:
        return len(core) >= 5 and chars <= {".", "…"}  # "....." is a break; "...", "?!" are a reaction
    if "?" in chars or "!" in chars:
        return False
    if chars <= _DASHES:
        return len(core) >= 3  # "---" is a break; "--" and "—" are an interrupted line
    if len(core) >= 3 or (len(core) == 2 and core[0] == core[1]):
        return True
    return len(core) == 1 and (unicodedata.category(core)[0] == "S" or core in "*#~§¶•·※⁂")


def _undecorate(line: str) -> str:
    """Strip heading decoration ("** Chapter 3 **", "[Part II]") but keep "Chapter 3 (Title)"."""
    head = line.lstrip(_DECOR_LEFT)
    tail = head.rstrip(_DECOR_RIGHT)
    # Give back closing brackets that close something inside the heading.
    while (
        len(tail) < len(head)
        and head[len(tail)] in ")]"
        and tail.count("(") + tail.count("[") > tail.count(")") + tail.count("]")
    ):
        tail = head[: len(tail) + 1]
    return tail.strip()


def _heading_title(line: str) -> str | None:
    """The cleaned heading ("Chapter 3: The Storm") when `line` is a chapter heading, else None.

    "Chapter and verse, he said." and "Part of me wanted to stay" are prose: a heading needs a
    number, then nothing, a separator, or a capitalised title on a short line.
    """
    if len(line) > _MAX_HEADING_CHARS:
        return None
    head = _undecorate(line)
    match = HEADING_LINE.match(head)
    if match is None:
        return None
    if match["frac"] and match["of"] != "?" and int(match["frac"]) > int(match["of"]):
        return None
    rest = match["rest"]
    stripped = rest.strip()
    if not stripped.strip(":.-–—|~/"):
        return head[: len(head) - len(rest)] if stripped else head  # "Chapter 1:" -> "Chapter 1"
    if rest[0] in ":.-–—|~/)" or stripped[0] in ":.-–—|~":
        return head
    if _OF_TOTAL.match(rest):
        return head  # "Chapter 1 of 10", "Part 2 of ?"
    if rest[0].isspace() and (
        stripped[0] in "([" or stripped[0] in QUOTES or stripped[0].isupper() or stripped[0].isdigit()
    ):
        return head if stripped[-1] not in ".,;" and not stripped.endswith("said") else None
    return None


def _to_int(num: str) -> int | None:
    num = num.strip().lower()
    if num.isdigit():
        return int(num)
    romans = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    if num and all(ch in romans for ch in num):
        total = 0
        for ch, nxt in zip(num, [*num[1:], ""], strict=True):
            value = romans[ch]
            total += -value if nxt and romans[nxt] > value else value
        return total
    words = {w: i for i, w in enumerate(_UNITS.split("|"), start=1)}
    words.update(
        {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16}
    )
    words.update({"seventeen": 17, "eighteen": 18, "nineteen": 19, "hundred": 100})
    tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
    tens["ninety"] = 90
    total = 0
    for part in re.split(r"[\s-]+", num):
        if part in tens:
            total += tens[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        elif part in words:
            total += words[part]
        else:
            return None
    return total or None


def parse_series(title: str) -> Series | None:
    """The series and part a title announces: "Title (Pt III)" -> Series("Title", 3); else None.

    >>> parse_series("Winter Roads, Part 2")
    Series(name='Winter Roads', part=2)
    """
    for pattern in _SERIES_IN_TITLE:
        match = pattern.match(title.strip())
        if match:
            name = match["name"].strip(" \t,:-–—([")
            part = _to_int(match["num"])
            if name and part is not None:
                return Series(name=name, part=part)
    return None


# ---- lines and blocks ---------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """Consecutive lines [first, last] of one kind; `gap` blank lines precede it."""

    kind: int
    first: int
    last: int
    gap: int
    info: Any = None


class LineView(Sequence[str]):
    """The lines of a text, sliced on demand: a 200 MB paste never exists twice as a list of lines."""

    def __init__(self, text: str, starts: array[int]) -> None:
        self._text = text
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._text[self._starts[i] : self._starts[i + 1] - 1]


@dataclass
class Lines:
    """A text's lines (`starts[i]` is where line i begins; one extra entry past the end) and their kinds."""

    text: str
    starts: array[int]
    kinds: bytearray
    info: list[Any]
    # True when adjacent non-blank lines are one paragraph (blank-separated or hard-wrapped text).
    wrapped: bool = False
    blank_break: int = 3

    @property
    def lines(self) -> LineView:
        return LineView(self.text, self.starts)

    def start(self, i: int) -> int:
        """Offset of the first non-space character of line i."""
        line = self.lines[i]
        return self.starts[i] + len(line) - len(line.lstrip())

    def end(self, i: int) -> int:
        """Offset just after the last non-space character of line i."""
        return self.starts[i] + len(self.lines[i].rstrip())


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _classify(line: str) -> tuple[int, Any]:
    s = line.strip()
    if not s or not s.strip(_INVISIBLE):
        return BLANK, None
    if len(s) <= _MAX_BREAK_CHARS and (not s[0].isalnum() or s[0] in "oOxX0<"):
        if _is_break(s):
            return BREAK, None
    if len(s) <= _MAX_HEADING_CHARS:
        title = _heading_title(s)
        if title is not None:
            return HEADING, title
    label = _LABEL.match(s)
    if label is not None:
        info = _label_info(s, label)
        if info is not None:
            return (SKIP if info[0] == "skip" else LABEL), info
    if _AN_UPPER.match(s):
        return LABEL, ("author-note", True, _label_rest(s, s.index("AN") + 2))
    if SPOILER_FREE.match(s):
        return LABEL, ("spoiler-notice", False, s)
    field_match = _FIELD.match(s)
    if field_match is not None:
        key = " ".join(field_match["key"].lower().split())
        return FIELD, (key, field_match["value"].strip(" *_"))
    if len(s) <= 80:
        byline = _BYLINE.match(s)
        if byline is not None:
            return BYLINE, byline["names"]
    return TEXT, None


def _label_rest(line: str, pos: int) -> str:
    rest = line[pos:].lstrip(" \t:-–—.)]*_")
    return rest


def _label_info(line: str, match: re.Match[str]) -> tuple[str, bool, str] | None:
    """(note kind, strong?, text after the label) for a note label line, or None for prose."""
    sep = match["sep"]
    spaced_only = sep and not sep.strip()
    kind: str
    strong = False
    if match["skip"]:
        return ("skip", True, "")
    if match["an"]:
        kind, strong = "author-note", True
    elif match["end"]:
        kind, strong = "end-note", True
    elif match["disclaimer"]:
        kind, strong = "disclaimer", not spaced_only
    elif match["spoiler"]:
        kind = "spoiler-notice"
    elif match["summary"]:
        kind = "summary"
    else:
        kind = "author-note"
    # "Notes were passed" / "Summary of events" are prose: a bare word label needs ":" or its own line.
    if spaced_only and not match["an"] and not match["end"]:
        return None
    return (kind, strong, _label_rest(line, match.end()))


def read_lines(text: str) -> Lines:
    """Classify every line of `text` once (one pass, each line sliced and dropped in turn)."""
    starts = array("q", [0])
    kinds = bytearray()
    info: list[Any] = []
    find, size, pos = text.find, len(text), 0
    while True:
        newline = find("\n", pos)
        if newline < 0:
            newline = size
        kind, data = _classify(text[pos:newline])
        kinds.append(kind)
        info.append(data)
        starts.append(newline + 1)
        if newline >= size:
            break
        pos = newline + 1
    doc = Lines(text=text, starts=starts, kinds=kinds, info=info)
    _mark_numbered_sections(doc)
    _measure_layout(doc)
    return doc


_LONE_NUMERAL = re.compile(r"(?P<num>\d{1,3}|[IVXLC]{1,7}|[ivxlc]{1,7})\.?")


def _mark_numbered_sections(doc: Lines) -> None:
    """Lone numerals on their own lines ("1.", "II") counting up from one are section breaks.

    Fics in numbered parts ("five times...", "I" ... "V") use them like "* * *". A single "2" or a
    list does not count: the numerals must run 1, 2, 3... (restarting at 1 is allowed).
    """
    candidates: list[tuple[int, int]] = []
    kinds, lines = doc.kinds, doc.lines
    for i, kind in enumerate(kinds):
        if kind != TEXT or len(lines[i]) > 24:
            continue
        match = _LONE_NUMERAL.fullmatch(_undecorate(lines[i].strip()))
        if match is None:
            continue
        before = kinds[i - 1] if i > 0 else BLANK
        after = kinds[i + 1] if i + 1 < len(kinds) else BLANK
        value = _to_int(match["num"])
        if value is not None and before == BLANK and after == BLANK:
            candidates.append((i, value))
    if len(candidates) < 2:
        return
    expected = 1
    for _, value in candidates:
        if value == expected:
            expected += 1
        elif value == 1:
            expected = 2
        else:
            return
    for i, _ in candidates:
        kinds[i] = BREAK


def _measure_layout(doc: Lines) -> None:
    """Decide whether paragraphs are hard-wrapped runs of lines, and how long a blank run breaks a scene."""
    gaps: Counter[int] = Counter()
    joined = text_lines = 0
    lengths: list[int] = []
    previous = -1  # index of the previous non-blank line
    for i, kind in enumerate(doc.kinds):
        if kind == BLANK:
            continue
        if previous >= 0 and kind == TEXT and doc.kinds[previous] == TEXT:
            # Only prose-to-prose gaps: header lines sit together even in blank-separated text.
            gap = i - previous - 1
            gaps[gap] += 1
            joined += gap == 0
        if kind == TEXT:
            text_lines += 1
            lengths.append(len(doc.lines[i].strip()))
        previous = i
    # The most common gap; on a tie (tiny texts) the one nearest a single blank line, the usual paste.
    usual = max(gaps.items(), key=lambda item: (item[1], -abs(item[0] - 1), -item[0]))[0] if gaps else 1
    if usual >= 1:
        # Paragraphs are separated by blank lines, so adjacent lines belong to one paragraph.
        doc.wrapped = True
    elif text_lines >= 10:
        # No blank lines: hard-wrapped prose (short lines) or one paragraph per line.
        lengths.sort()
        p95 = lengths[int(0.95 * (len(lengths) - 1))]
        doc.wrapped = p95 <= 100 and joined >= 0.5 * text_lines
    # Double-spaced pastes put 2+ blank lines between every paragraph; only a longer run breaks.
    doc.blank_break = max(3, 2 * usual + 1)


def group_blocks(doc: Lines, lo: int = 0, hi: int | None = None) -> list[Block]:
    """Group lines lo..hi-1 into blocks; in hard-wrapped text a paragraph's lines form one block."""
    hi = len(doc.lines) if hi is None else hi
    blocks: list[Block] = []
    current: Block | None = None
    gap = 0
    first_line = True
    for i in range(lo, hi):
        kind = doc.kinds[i]
        if kind == BLANK:
            current = None
            gap += 1
            continue
        if (
            kind == TEXT
            and doc.wrapped
            and current is not None
            and current.kind in (TEXT, LABEL, FIELD, NOTE)
            and current.last == i - 1
        ):
            current.last = i
            continue
        current = Block(kind, i, i, gap, doc.info[i])
        blocks.append(current)
        gap = 0
        if kind in (BREAK, HEADING, BYLINE, SKIP):
            current = None
        elif first_line and kind == TEXT and doc.wrapped:
            # A short first line is a title of its own, not the start of a wrapped paragraph.
            if len(doc.lines[i].strip()) < 50:
                current = None
        first_line = False
    return blocks
