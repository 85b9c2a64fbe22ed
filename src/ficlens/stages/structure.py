"""Structure stage: front matter, chapters, scenes, notes and basic stats from the body text.

Most fan fiction arrives as pasted text, so everything here is found from lines alone, in one
linear pass with regular expressions (no model, no quadratic scans):

1. every line is classified once: blank, scene break, chapter heading, note label ("A/N:",
   "Disclaimer:", "End Notes"...), header field ("Pairing: A/B"), byline ("by X") or prose;
2. lines are grouped into blocks (paragraphs: one line, or a run of lines in hard-wrapped text);
3. the top of the text yields title, authors, series and summary; each chapter's leading and
   trailing note blocks become `Note` spans; the rest of the chapter is split into scenes at
   break lines and long blank runs.

Works that arrive with chapters (AO3 HTML, EPUB, Markdown) keep ingest's chapters and notes;
only their scene breaks are found here.

    >>> story = b"Rain\nby wren\n\nChapter 1\n\nIt rained.\n\n* * *\n\nIt stopped."
    >>> work = ficlens.analyze(story, profile="structure", name="rain.txt")
    >>> work.title, work.authors, [(c.title, len(c.scenes)) for c in work.chapters], work.stats.words
    ('Rain', ['wren'], [('Chapter 1', 2)], 4)

Word counts follow AO3 (`ficlens.text.count_words`) over each chapter's body, from its first
scene to its last: headings and notes are left out, break lines between scenes are counted as
AO3 counts them (an "xxx" break is one word). On the shared AO3 downloads this reproduces AO3's
own `words` exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.model import Chapter, Note, Scene, Series, Work
from ficlens.registry import stage
from ficlens.stages._structure_lines import (
    AUTHOR_KEYS,
    AUTHOR_SPLIT,
    BLANK,
    BREAK,
    BYLINE,
    DISCLAIMER_CUE,
    DISCLAIMER_FREE,
    DISCLAIMER_SURE,
    END_NOTE_FREE,
    FIELD,
    HEADING,
    HEADING_LINE,
    LABEL,
    NOT_A_NAME,
    NOTE,
    QUOTES,
    SKIP,
    SPOILER_FREE,
    TEXT,
    TITLE_KEYS,
    Block,
    Lines,
    group_blocks,
    parse_series,
    read_lines,
)
from ficlens.stages.spoilers import mark_spoilers
from ficlens.text import count_words, reading_minutes, strip_span

# ---- the stage ------------------------------------------------------------------------------------


@dataclass
class _Found:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    series: Series | None = None
    summary: str | None = None
    notes: list[Note] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)


@stage("structure", requires=("text",), assigns=("chapters", "scenes", "notes", "stats"))
def structure(work: Work) -> Work:
    """Find title, authors, series, notes, chapters and scenes, then count words and reading time.

    Raw text gets everything found from its lines; works whose ingest already found chapters
    keep them and their notes, and get scene breaks found inside each chapter. Word counts are
    AO3's: chapter bodies without headings or notes, counted with `ficlens.text.count_words`.
    """
    doc = read_lines(work.text)
    if work.chapters:
        chapters = _scenes_in_given_chapters(doc, work)
        work.chapters = chapters
    else:
        found = _parse_raw(doc)
        work.chapters = found.chapters
        work.notes = [*work.notes, *found.notes]
        work.title = work.title or found.title
        work.authors = work.authors or found.authors
        work.series = work.series or found.series
        work.summary = work.summary or found.summary
    index = 0
    for chapter in work.chapters:
        for scene in chapter.scenes:
            scene.index = index
            index += 1
    work.stats.words = _count_prose_words(work)
    work.stats.chapters = len(work.chapters)
    work.stats.scenes = index
    work.stats.reading_minutes = reading_minutes(work.stats.words)
    mark_spoilers(work)
    return work


def _count_prose_words(work: Work) -> int:
    """Words from each chapter's first scene to its last, minus notes: what AO3 counts.

    Break lines between scenes count (AO3 counts the "xxx" of an "xxx" break as a word); headings
    and notes do not. Notes are swept once in order, so this stays linear.
    """
    notes = sorted((n.start, n.end) for n in work.notes if n.start is not None and n.end is not None)
    total = 0
    k = 0
    for chapter in work.chapters:
        if not chapter.scenes:
            continue
        lo, hi = chapter.scenes[0].start, chapter.scenes[-1].end
        cursor = lo
        while k < len(notes) and notes[k][1] <= lo:
            k += 1
        j = k
        while j < len(notes) and notes[j][0] < hi:
            start, end = notes[j]
            if start > cursor:
                total += count_words(work.text, cursor, start)
            cursor = max(cursor, end)
            j += 1
        if cursor < hi:
            total += count_words(work.text, cursor, hi)
    return total


# ---- raw text -------------------------------------------------------------------------------------


def _title_like(doc: Lines, block: Block, following: Block | None) -> bool:
    """Is this first block a title line? Prose first lines end like sentences or start with a quote."""
    if block.first != block.last or block.kind != TEXT:
        return False
    line = doc.lines[block.first].strip()
    words = line.split()
    if not words or len(words) > 15 or len(line) > 120 or line[0] in "-–—":
        return False
    if line[-1] in ".,;:…" or line.endswith("..."):
        return False
    if following is None:
        return False
    strong = following.kind in (BYLINE, FIELD, LABEL, HEADING, BREAK, SKIP)
    if strong:
        return True  # '"Hold On"' over "by someone" is a quoted title, not dialogue
    weak = (
        len(words) <= 12
        and line[0] not in QUOTES
        and line[-1] not in "!?" + QUOTES + ")"
        and (line[0].isupper() or line[0].isdigit())
    )
    if following.gap == 0 and following.first == following.last and following.kind == TEXT:
        # Title, then a bare pseud line (AO3's page copied as text); see `_bare_author_line`.
        pseud = doc.lines[following.first].strip()
        if len(pseud.split()) <= 4 and pseud[-1:] not in ".!?,;:":
            return weak
    # In blank-separated text a title stands alone; with one paragraph per line it cannot.
    return weak and (following.gap >= 1 or not doc.wrapped)


def _bare_author_line(doc: Lines, blocks: list[Block], i: int) -> bool:
    """A lone pseud right under the title ("pomona_writes"), with a blank line after it."""
    block = blocks[i]
    if block.kind != TEXT or block.gap != 0 or block.first != block.last:
        return False
    line = doc.lines[block.first].strip()
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    return (
        len(line) <= 40
        and len(line.split()) <= 4
        and line[0] not in QUOTES
        and line[-1] not in ".!?,;:…" + QUOTES
        and following is not None
        and following.gap >= 1
        and NOT_A_NAME.search(line) is None
    )


def _authors_from(names: str) -> list[str]:
    return [name.strip(" *_") for name in AUTHOR_SPLIT.split(names) if name.strip(" *_")]


def _valid_byline(names: str) -> bool:
    names = names.strip()
    return (
        0 < len(names) <= 60
        and len(names.split()) <= 8
        and names[-1] not in ".!?,;:"
        and NOT_A_NAME.search(names) is None
    )


def _note_text(doc: Lines, blocks: list[Block], rest: str) -> str:
    """The note's words without its label, brackets or bold markers, whitespace-normalised."""
    parts = [rest] if rest else []
    first = blocks[0]
    for i in range(first.first + 1, first.last + 1):
        parts.append(doc.lines[i])
    for block in blocks[1:]:
        parts.extend(doc.lines[block.first : block.last + 1])
    text = " ".join(" ".join(parts).split())
    text = text.strip("*_ ")
    if text[:1] in "([{" and text[-1:] in ")]}":
        text = text[1:-1].strip()
    elif text[-1:] in ")]}" and text.count(text[-1]) > text.count({")": "(", "]": "[", "}": "{"}[text[-1]]):
        text = text[:-1].strip()
    return text


def _make_note(doc: Lines, kind: str, blocks: list[Block], rest: str) -> Note:
    start = doc.start(blocks[0].first)
    end = doc.end(blocks[-1].last)
    # A bare label ("SPOILERS!") is its own text rather than an empty note.
    text = _note_text(doc, blocks, rest) or _note_text(doc, blocks[:1], doc.lines[blocks[0].first].strip())
    return Note(kind=kind, text=text, start=start, end=end)  # type: ignore[arg-type]


def _free_note_kind(doc: Lines, block: Block) -> str | None:
    """Kind of an unlabelled note paragraph ("I don't own...", "Spoilers for..."), if it is one."""
    line = doc.lines[block.first]
    if DISCLAIMER_SURE.match(line):
        return "disclaimer"
    if DISCLAIMER_FREE.match(line):
        para = " ".join(doc.lines[block.first : block.last + 1])
        if DISCLAIMER_CUE.search(para) and len(para.split()) <= 80:
            return "disclaimer"
    if SPOILER_FREE.match(line):
        return "spoiler-notice"
    return None


def _parse_raw(doc: Lines) -> _Found:
    found = _Found()
    blocks = group_blocks(doc)
    n = len(blocks)
    i = 0
    front_end = -1  # index of the last title/author/summary/header block
    meta: list[Block] = []

    def flush_meta() -> None:
        if meta:
            found.notes.append(_make_note_lines(doc, meta))
            meta.clear()

    # 1. front matter: title, byline, header fields, summary, notes up to the first heading or prose.
    seen_content = False
    while i < n:
        block = blocks[i]
        kind = block.kind
        if kind in (BREAK, SKIP):
            i += 1
            continue
        if kind == HEADING:
            break
        if kind == FIELD:
            key, value = block.info
            if key in TITLE_KEYS and found.title is None and value:
                found.title = value
                flush_meta()
            elif key in AUTHOR_KEYS and value:
                found.authors.extend(_authors_from(value))
                flush_meta()
            else:
                if key == "series" and value:
                    found.series = parse_series(value) or Series(name=value)
                meta.append(block)
            front_end = i
            seen_content = True
            i += 1
            continue
        flush_meta()
        if kind == LABEL:
            note, i = _take_labelled(doc, blocks, i)
            found.notes.append(note)
            if note.kind == "summary":
                found.summary = found.summary or note.text
                front_end = i - 1
            seen_content = True
            continue
        if kind == BYLINE and (found.title is not None or not seen_content) and _valid_byline(block.info):
            found.authors.extend(_authors_from(block.info))
            front_end = i
            seen_content = True
            i += 1
            continue
        if (
            not seen_content
            and found.title is None
            and _title_like(doc, block, blocks[i + 1] if i + 1 < n else None)
        ):
            found.title = doc.lines[block.first].strip()
            front_end = i
            seen_content = True
            i += 1
            if i < n and _bare_author_line(doc, blocks, i):
                # AO3's page copied as text: the title, then the pseud on the next line.
                found.authors.extend(_authors_from(doc.lines[blocks[i].first].strip()))
                front_end = i
                i += 1
            continue
        free = _free_note_kind(doc, block)
        if free is not None:
            found.notes.append(_make_note(doc, free, [block], doc.lines[block.first].strip()))
            seen_content = True
            i += 1
            continue
        break
    flush_meta()
    if found.title and found.series is None:
        found.series = parse_series(found.title)

    # 2. chapters: at each heading, or one chapter from the end of the front matter.
    headings = [j for j in range(i, n) if blocks[j].kind == HEADING]
    segments: list[tuple[int | None, int, int]] = []  # (heading block, body start, body end)
    if not headings or headings[0] > i:
        segments.append((None, i, headings[0] if headings else n))
    for k, h in enumerate(headings):
        segments.append((h, h + 1, headings[k + 1] if k + 1 < len(headings) else n))

    chapters: list[Chapter] = []
    pending_title: list[str] = []
    pending_start: int | None = None
    for seg_index, (h, a, b) in enumerate(segments):
        if h is None:
            # Chapter 0 starts right after the front matter; notes above its prose were read already.
            first = front_end + 1
            while first < i and blocks[first].kind in (BREAK, SKIP):
                first += 1
            start = doc.start(blocks[first].first) if first < n else len(doc.text)
            title = None
        elif a == b and seg_index + 1 < len(segments):
            # "Part One" straight above "Chapter 1": one heading for the chapter that follows.
            pending_title.append(blocks[h].info)
            pending_start = doc.start(blocks[h].first) if pending_start is None else pending_start
            continue
        else:
            parts = [" — ".join([*pending_title, blocks[h].info])]
            start = pending_start if pending_start is not None else doc.start(blocks[h].first)
            a = _take_subtitle(doc, blocks, a, b, parts, heading=blocks[h].info)
            title = parts[0]
        pending_title, pending_start = [], None
        chapter = _read_chapter(doc, blocks, a, b, start, title, found.notes)
        if chapter is not None:
            chapters.append(chapter)
    if not chapters:
        # Nothing but front matter: one chapter and one scene over all of it, so neither is missing.
        start, end = strip_span(doc.text, 0, len(doc.text))
        if front_end + 1 < n:
            start = doc.start(blocks[front_end + 1].first)
        chapters.append(Chapter(index=0, start=start, end=end, scenes=[Scene(index=0, start=start, end=end)]))
    # Chapters run from their heading to the next heading; trailing blank lines belong to none.
    for k, chapter in enumerate(chapters):
        chapter.index = k
        limit = chapters[k + 1].start if k + 1 < len(chapters) else len(doc.text)
        end = limit
        while end > chapter.start and doc.text[end - 1].isspace():
            end -= 1
        chapter.end = max(end, max((s.end for s in chapter.scenes), default=chapter.start))
    found.chapters = chapters
    found.notes.sort(key=lambda note: note.start or 0)
    return found


def _make_note_lines(doc: Lines, blocks: list[Block]) -> Note:
    """One author-note for a group of header fields ("Fandom: X", "Pairing: A/B"), a line each."""
    lines = [" ".join(doc.lines[i].split()) for b in blocks for i in range(b.first, b.last + 1)]
    return Note(
        kind="author-note",
        text="\n".join(lines),
        start=doc.start(blocks[0].first),
        end=doc.end(blocks[-1].last),
    )


def _take_subtitle(doc: Lines, blocks: list[Block], a: int, b: int, title: list[str], *, heading: str) -> int:
    """'Chapter 3' over a line 'The Storm' (then prose): the line is the chapter's title."""
    bare = HEADING_LINE.match(heading)
    if bare is None or bare["rest"].strip(" :.-–—|~/") or a + 1 >= b:
        return a
    block = blocks[a]
    if block.kind != TEXT or block.first != block.last:
        return a
    line = doc.lines[block.first].strip()
    words = line.split()
    if (
        len(words) > 10
        or line[0] in QUOTES
        or line[-1] in ".,;:…!?" + QUOTES
        or not (line[0].isupper() or line[0].isdigit())
    ):
        return a
    title[0] = f"{title[0]}: {line}"
    return a + 1


def _take_labelled(doc: Lines, blocks: list[Block], i: int) -> tuple[Note, int]:
    """The note that starts at labelled block i, and the index after it.

    A label alone on its line ("Author's Note:") takes the next paragraph as its text, and a
    bracketed note ("(A/N: ...") runs to its closing bracket. Notes after a chapter's prose are
    read by `_read_chapter`'s trailing walk, which makes them end notes.
    """
    block = blocks[i]
    kind, _strong, rest = block.info
    taken = [block]
    j = i + 1
    if not rest.strip(" :") and block.first == block.last and j < len(blocks) and blocks[j].kind == TEXT:
        taken.append(blocks[j])
        j += 1
    opener = doc.lines[block.first].lstrip(" \t*_")[:1]
    closer = {"(": ")", "[": "]", "{": "}"}.get(opener)
    if closer is not None and not doc.lines[taken[-1].last].rstrip(" \t*_").endswith(closer):
        # "(A/N: ..." over several paragraphs runs to its closing bracket (a few paragraphs at most).
        for m in range(j, min(len(blocks), j + 4)):
            if blocks[m].kind != TEXT:
                break
            if doc.lines[blocks[m].last].rstrip(" \t*_").endswith(closer):
                taken.extend(blocks[j : m + 1])
                j = m + 1
                break
    return _make_note(doc, kind, taken, rest), j


def _read_chapter(
    doc: Lines,
    blocks: list[Block],
    a: int,
    b: int,
    start: int,
    title: str | None,
    notes: list[Note],
) -> Chapter | None:
    """Leading notes, trailing notes and scenes of the chapter whose body is blocks a..b-1."""
    # Leading zone: notes and header fields before the first prose paragraph.
    j = a
    meta: list[Block] = []
    while j < b:
        block = blocks[j]
        if block.kind in (BREAK, SKIP):
            j += 1
            continue
        if block.kind == FIELD:
            meta.append(block)
            j += 1
            continue
        if meta:
            notes.append(_make_note_lines(doc, meta))
            meta = []
        if block.kind == LABEL:
            note, j = _take_labelled(doc, blocks, j)
            notes.append(note)
            continue
        free = _free_note_kind(doc, block) if block.kind == TEXT else None
        if free is not None:
            notes.append(_make_note(doc, free, [block], doc.lines[block.first].strip()))
            j += 1
            continue
        break
    if meta:
        notes.append(_make_note_lines(doc, meta))

    # Trailing zone, read backwards: labelled notes, "Thanks for reading!" paragraphs, breaks.
    # A mid-chapter "A/N:" followed by more story is not trailing: the story paragraph stops the walk.
    k = b - 1
    trailing: list[Note] = []
    while k >= j:
        block = blocks[k]
        if block.kind in (BREAK, SKIP):
            k -= 1
            continue
        if block.kind == LABEL:
            kind, _strong, rest = block.info
            trailing.append(_make_note(doc, "end-note" if kind == "author-note" else kind, [block], rest))
            k -= 1
            continue
        if (
            block.kind == TEXT
            and k > j
            and blocks[k - 1].kind == LABEL
            and not blocks[k - 1].info[2].strip(" :")
        ):
            # "Author's Note:" alone on its line, then the note's paragraph.
            label = blocks[k - 1]
            kind = label.info[0]
            trailing.append(
                _make_note(doc, "end-note" if kind == "author-note" else kind, [label, block], "")
            )
            k -= 2
            continue
        if block.kind in (TEXT, FIELD, BYLINE):
            para = " ".join(doc.lines[block.first : block.last + 1])
            # '"Until next time," she said.' is the story's last line, not a note.
            if len(para.split()) <= 80 and para.lstrip()[:1] not in QUOTES and END_NOTE_FREE.search(para):
                trailing.append(_make_note(doc, "end-note", [block], para.strip()))
                k -= 1
                continue
        break
    notes.extend(trailing)

    # Scenes: prose paragraphs between breaks; labelled notes inside stay notes.
    scenes: list[Scene] = []
    first_text: int | None = None
    last_text: int | None = None

    def close() -> None:
        if first_text is not None and last_text is not None:
            scenes.append(
                Scene(index=0, start=doc.start(blocks[first_text].first), end=doc.end(blocks[last_text].last))
            )

    for m in range(j, k + 1):
        block = blocks[m]
        if block.kind == BREAK or (block.gap >= doc.blank_break and first_text is not None):
            close()
            first_text = last_text = None
            if block.kind == BREAK:
                continue
        if block.kind == LABEL and block.info[1]:
            note, _ = _take_labelled(doc, blocks[m : m + 1], 0)
            notes.append(note)
            continue
        if first_text is None:
            first_text = m
        last_text = m
    close()

    if not scenes:
        # A chapter of notes only still gets one scene (its body), so every chapter has one.
        body = blocks[a:b]
        if not body:
            return None
        scenes.append(Scene(index=0, start=doc.start(body[0].first), end=doc.end(body[-1].last)))
    return Chapter(index=0, title=title, start=min(start, scenes[0].start), end=scenes[-1].end, scenes=scenes)


# ---- chapters from markup -------------------------------------------------------------------------


def _scenes_in_given_chapters(doc: Lines, work: Work) -> list[Chapter]:
    """Keep ingest's chapters and notes; split each chapter's prose into scenes at breaks."""
    note_spans = sorted((n.start, n.end) for n in work.notes if n.start is not None and n.end is not None)
    # Lines inside a note are not prose; labels and fields are prose here (ingest found the notes).
    kinds = doc.kinds
    k = 0
    for i, start in enumerate(doc.starts[:-1]):
        end = start + len(doc.lines[i])
        while k < len(note_spans) and note_spans[k][1] <= start:
            k += 1
        if k < len(note_spans) and note_spans[k][0] < end and kinds[i] != BLANK:
            kinds[i] = NOTE
        elif kinds[i] in (LABEL, FIELD, BYLINE, SKIP):
            kinds[i] = TEXT
    chapters: list[Chapter] = []
    line = 0
    n_lines = len(doc.lines)
    for chapter in work.chapters:
        while line < n_lines and doc.starts[line] < chapter.start:
            line += 1
        lo = line
        while line < n_lines and doc.starts[line] < chapter.end:
            line += 1
        blocks = group_blocks(doc, lo, line)
        # The heading line ingest put at the top of the chapter is not prose.
        if blocks and blocks[0].kind in (HEADING, TEXT) and blocks[0].first == blocks[0].last:
            head = doc.lines[blocks[0].first].strip()
            if blocks[0].kind == HEADING or (chapter.title and head == chapter.title.strip()):
                blocks = blocks[1:]
        scenes: list[Scene] = []
        first: Block | None = None
        last: Block | None = None
        for block in blocks:
            if block.kind == BREAK or (block.gap >= doc.blank_break and first is not None):
                if first is not None and last is not None:
                    scenes.append(Scene(index=0, start=doc.start(first.first), end=doc.end(last.last)))
                first = last = None
                if block.kind == BREAK:
                    continue
            if block.kind == NOTE:
                continue
            first = first or block
            last = block
        if first is not None and last is not None:
            scenes.append(Scene(index=0, start=doc.start(first.first), end=doc.end(last.last)))
        if not scenes:
            scenes.append(Scene(index=0, start=chapter.start, end=chapter.end))
        chapters.append(chapter.model_copy(update={"scenes": scenes}))
    return chapters


__all__ = ["parse_series", "structure"]
