"""Markdown with YAML front matter (an author's AO3 backup)."""

from __future__ import annotations

import pytest

from ficlens.errors import InputError
from ficlens.ingest import detect_format, read_source

BACKUP = r"""---
author: wren
characters: []
date: '2017-02-07'
fandom:
- Don't Trust the B---- in Apartment 23
- 'Star Trek: The Original Series'
notes: Thanks to [my beta](https://example.org). Not \-\- a note about
  two lines.
rating: Teen And Up Audiences
relationship:
- Chloe/June Colburn
series:
- Fake Dating Week
series_weight: '4'
summary: 'Chloe has a plan \- as usual.'
tags:
- Fake/Pretend Relationship
- Alternate Universe - Fashion & Models
title: '''Til You Make It'
warnings: Creator Chose Not To Use Archive Warnings, Major Character Death
---

### Chapter 1: Plans

#### Chapter Summary



#### Chapter Notes

> Written for a prompt.

June never gets *advance* warning \-\- never.

---

The party was loud.

### Chapter 2

Then it was quiet.
"""


def test_markdown_front_matter() -> None:
    work = read_source(BACKUP.encode(), name="backup.md")
    assert work.source.format == "markdown"
    dec = work.declared
    assert (work.title, work.authors) == ("'Til You Make It", ["wren"])
    assert dec.fandoms == ["Don't Trust the B---- in Apartment 23", "Star Trek: The Original Series"]
    assert dec.archive_warnings == ["Creator Chose Not To Use Archive Warnings", "Major Character Death"]
    assert dec.freeform == ["Fake/Pretend Relationship", "Alternate Universe - Fashion & Models"]
    assert dec.relationships == ["Chloe/June Colburn"] and dec.characters == []
    assert dec.published == "2017-02-07" and dec.rating == "Teen And Up Audiences"
    assert work.series is not None and (work.series.name, work.series.part) == ("Fake Dating Week", 4)
    assert work.summary == "Chloe has a plan - as usual."
    assert [(n.kind, n.text, n.start) for n in work.notes[:2]] == [
        ("summary", "Chloe has a plan - as usual.", None),
        ("author-note", "Thanks to my beta. Not -- a note about two lines.", None),
    ]


def test_markdown_body_chapters_notes_breaks() -> None:
    work = read_source(BACKUP.encode(), name="backup.md")
    assert work.text == (
        "Chapter 1: Plans\n\nWritten for a prompt.\n\nJune never gets advance warning -- never.\n\n"
        "* * *\n\nThe party was loud.\n\nChapter 2\n\nThen it was quiet."
    )
    assert [c.title for c in work.chapters] == ["Chapter 1: Plans", "Chapter 2"]
    chapter_note = work.notes[-1]
    assert (chapter_note.kind, work.text[chapter_note.start : chapter_note.end]) == (
        "author-note",
        "Written for a prompt.",
    )


def test_markdown_missing_keys() -> None:
    work = read_source(b"---\ntitle: Short\n---\n\nJust prose here.\n", name="x.md")
    assert work.title == "Short" and work.declared.archive_warnings == [] and work.authors == []
    assert work.text == "Just prose here."


def test_markdown_invalid_yaml_is_an_input_error() -> None:
    data = b"---\ntitle: [unclosed\nauthor: x\n---\n\nProse.\n"
    assert detect_format(data) == "markdown"
    with pytest.raises(InputError, match="front matter"):
        read_source(data, name="broken.md")


def test_markdown_other_backup_keys() -> None:
    data = (
        b"---\ntitle: Two\nauthors: [a, b]\nwords: '1,024'\nchapters: 2/?\n"
        b"series:\n- name: Saga\n  part: 5\n- Other\n---\n\n## One\n\nText.\n\n## Two\n\nMore.\n"
    )
    work = read_source(data, name="x.md")
    assert work.authors == ["a", "b"]
    assert (work.declared.words, work.declared.chapters, work.declared.complete) == (1024, "2/?", False)
    assert [(s.name, s.part) for s in work.declared.series] == [("Saga", 5), ("Other", None)]
    assert [c.title for c in work.chapters] == ["One", "Two"]
