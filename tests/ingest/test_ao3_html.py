"""AO3 HTML downloads, saved pages and generic HTML, on small handwritten documents."""

from __future__ import annotations

import pytest

from ficlens.ingest import detect_format, read_source
from ficlens.model import Work

PREFACE = """
<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message"><b>The Lantern Keeper</b><br/>Posted originally on the Archive of Our Own.</p>
  <div class="meta">
    <dl class="tags">
      <dt>{rating_label}:</dt><dd><a href="/tags/Mature">Mature</a></dd>
      <dt>Archive Warning:</dt>
      <dd><a href="/tags/Choose%20Not%20To%20Use%20Archive%20Warnings">Choose Not To Use Archive Warnings</a>,
          <a href="/tags/Major%20Character%20Death">Major Character Death</a></dd>
      <dt>Category:</dt><dd><a href="/tags/F*s*M">F/M</a>, <a href="/tags/Gen">Gen</a></dd>
      <dt>Fandom:</dt><dd><a href="/t/1">Ginga Eiyuu Densetsu | Legend of the Galactic Heroes</a>, <a href="/t/2">Downton Abbey</a></dd>
      <dt>Character:</dt><dd><a href="/t/3">Mara &amp; the Keeper</a>, <a href="/t/4">O&#39;Neill</a></dd>
      <dt>Additional Tags:</dt><dd><a href="/t/5">Angst</a>, <a href="/t/6">Lighthouses</a></dd>
      <dt>Language:</dt><dd>English</dd>
      <dt>Series:</dt><dd>Part 2 of <a href="/series/1">Lights</a>, Part 7 of <a href="/series/2">Harbours</a></dd>
      <dt>Stats:</dt><dd>Published: 2020-01-02 Updated: 2020-03-04 Words: 1,234 Chapters: 2/?</dd>
    </dl>
    <h1>The Lantern Keeper</h1>
    <div class="byline">by <a rel="author" href="/users/wren">wren</a>, <a rel="author" href="/users/ash">ash</a></div>
    <p>Summary</p>
    <blockquote class="userstuff"><p>A keeper, a storm, a light that will not go out.</p></blockquote>
    <p>Notes</p>
    <blockquote class="userstuff"><p>Thanks to my beta.</p></blockquote>
  </div>
</div>
"""

CHAPTERS = """
<div id="chapters" class="userstuff">
  <div class="meta group">
    <h2 class="heading">The Storm</h2>
    <p>Chapter Summary</p>
    <blockquote class="userstuff"><p>Rain.</p></blockquote>
    <p>Chapter Notes</p>
    <blockquote class="userstuff"><p>Written in one sitting.</p></blockquote>
    <div class="endnote-link">See the end of the chapter for <a href="#endnotes1">more notes</a></div>
  </div>
  <div class="userstuff">
    <p>The lamp hissed   and
       flared.</p><p>Mara climbed<br/>the stairs.</p>
    <hr/>
    <p align="center">~ ❦ ~</p>
    <p>Morning came grey.</p>
  </div>
  <div class="meta" id="endnotes1"><p>Chapter End Notes</p><blockquote class="userstuff"><p>More soon.</p></blockquote></div>
  <div class="meta group"><h2 class="heading">Chapter 2: The Calm</h2></div>
  <div class="userstuff"><p>The sea lay flat.</p><p style="text-align: center">* * *</p><p>She slept.</p></div>
</div>
<div id="afterword"><h2 class="toc-heading">Afterword</h2>
  <div class="meta"><div id="endnotes"><p>End Notes</p><blockquote class="userstuff"><p>Thank you for reading.</p></blockquote></div></div>
  <p class="message">Please drop by the Archive and comment!</p>
</div>
"""


def _download(rating_label: str = "Rating") -> bytes:
    body = PREFACE.format(rating_label=rating_label) + CHAPTERS
    return f"<!DOCTYPE html><html><head><title>x</title></head><body>{body}</body></html>".encode()


@pytest.fixture(scope="module")
def download() -> Work:
    return read_source(_download(), name="lantern.html")


def test_ao3_html_sniffed_from_content_not_name() -> None:
    assert detect_format(_download()) == "html"
    assert read_source(_download(), name="lantern.txt").source.format == "html"


def test_ao3_html_metadata(download: Work) -> None:
    dec = download.declared
    assert download.title == "The Lantern Keeper"
    assert download.authors == ["wren", "ash"]
    assert dec.rating == "Mature"
    assert dec.archive_warnings == ["Creator Chose Not To Use Archive Warnings", "Major Character Death"]
    assert dec.categories == ["F/M", "Gen"]
    assert dec.fandoms == ["Ginga Eiyuu Densetsu | Legend of the Galactic Heroes", "Downton Abbey"]
    assert dec.characters == ["Mara & the Keeper", "O'Neill"]
    assert dec.freeform == ["Angst", "Lighthouses"]
    assert [(s.name, s.part) for s in dec.series] == [("Lights", 2), ("Harbours", 7)]
    assert download.series is not None and download.series.name == "Lights"
    assert (dec.words, dec.chapters, dec.complete) == (1234, "2/?", False)
    assert (dec.published, dec.updated) == ("2020-01-02", "2020-03-04")
    assert (dec.language, download.language) == ("English", "en")
    assert download.summary == "A keeper, a storm, a light that will not go out."


def test_ao3_html_plural_labels_read_the_same() -> None:
    work = read_source(_download(rating_label="Ratings"), name="x.html")
    assert work.declared.rating == "Mature"


def test_ao3_html_body_layout(download: Work) -> None:
    assert download.text == (
        "Chapter 1: The Storm\n\nRain.\n\nWritten in one sitting.\n\n"
        "The lamp hissed and flared.\n\nMara climbed\nthe stairs.\n\n* * *\n\nMorning came grey.\n\n"
        "More soon.\n\n"
        "Chapter 2: The Calm\n\nThe sea lay flat.\n\n* * *\n\nShe slept."
    )
    assert [(c.index, c.title) for c in download.chapters] == [
        (0, "Chapter 1: The Storm"),
        (1, "Chapter 2: The Calm"),
    ]
    first, second = download.chapters
    assert download.text[first.start : first.end].endswith("More soon.")
    assert download.text[second.start : second.end].startswith("Chapter 2: The Calm")
    assert all(not c.scenes for c in download.chapters)


def test_ao3_html_notes(download: Work) -> None:
    outside = [(n.kind, n.text) for n in download.notes if n.start is None]
    assert outside == [
        ("summary", "A keeper, a storm, a light that will not go out."),
        ("author-note", "Thanks to my beta."),
        ("end-note", "Thank you for reading."),
    ]
    inside = [(n.kind, download.text[n.start : n.end]) for n in download.notes if n.start is not None]
    assert inside == [
        ("summary", "Rain."),
        ("author-note", "Written in one sitting."),
        ("end-note", "More soon."),
    ]
    prose = "".join(download.text[p.start : p.end] for p in download.prose())
    assert "Written in one sitting." not in prose and "More soon." not in prose


def test_ao3_html_calibre_renamed_classes() -> None:
    renamed = (
        _download()
        .replace(b'class="userstuff"', b'class="calibre7"')
        .replace(b'class="meta', b'class="calibre3')
    )
    work = read_source(renamed, name="renamed.html")
    reference = read_source(_download(), name="x.html")
    assert work.text == reference.text
    assert [n.kind for n in work.notes] == [n.kind for n in reference.notes]


SAVED_PAGE = """<!DOCTYPE html><html><body><div id="main">
<ul class="navigation"><li>Entire Work</li></ul>
<dl class="work meta group">
  <dt class="rating tags">Rating:</dt><dd class="rating tags"><ul class="commas"><li><a class="tag">General Audiences</a></li></ul></dd>
  <dt class="warning tags"><a href="/tos_faq#tags">Archive Warnings</a>:</dt>
  <dd class="warning tags"><ul><li><a class="tag">No Archive Warnings Apply</a></li></ul></dd>
  <dt class="fandom tags">Fandoms:</dt><dd class="fandom tags"><ul><li><a class="tag">Merlin (TV)</a></li></ul></dd>
  <dt class="language">Language:</dt><dd class="language" lang="en">English</dd>
  <dt class="series">Series:</dt><dd class="series">
    <span class="series"><a class="previous" href="/works/1">&#8592; Previous Work</a>
    <span class="position">Part 3 of <a href="/series/9">Old Roads</a></span></span>
    <span class="series"><span class="position">Part 1 of <a href="/series/10">Fireside</a></span></span></dd>
  <dt class="stats">Stats:</dt><dd class="stats"><dl class="stats"><dt>Published:</dt><dd>2019-05-06</dd>
    <dt>Words:</dt><dd>2,000</dd><dt>Chapters:</dt><dd>1/3</dd><dt>Kudos:</dt><dd>12</dd></dl></dd>
</dl>
<div id="workskin">
  <div class="preface group">
    <h2 class="title heading">Old Roads Home</h2>
    <h3 class="byline heading"><a rel="author" href="/users/fen">fen</a></h3>
    <div class="summary module"><h3 class="heading">Summary:</h3><blockquote class="userstuff"><p>Walking.</p></blockquote></div>
  </div>
  <div id="chapters" role="article">
    <div class="chapter" id="chapter-1">
      <div class="chapter preface group">
        <h3 class="title"><a href="/works/5/chapters/6">Chapter 1</a>: Mud</h3>
        <div id="notes" class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Hi.</p></blockquote></div>
      </div>
      <div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3><p>The road was mud.</p></div>
      <div class="chapter preface group"><div id="chapter_1_endnotes" class="end notes module">
        <h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Bye.</p></blockquote></div></div>
    </div>
  </div>
  <div class="afterword preface group"><div id="work_endnotes" class="end notes module">
    <h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>The end notes.</p></blockquote></div></div>
</div>
<div id="feedback"><p>Kudos</p><p>Comments are here.</p></div>
</div></body></html>"""


def test_ao3_html_saved_page_partial() -> None:
    work = read_source(SAVED_PAGE.encode(), name="page.html")
    assert work.source.format == "page"
    assert (work.title, work.authors) == ("Old Roads Home", ["fen"])
    assert work.declared.archive_warnings == ["No Archive Warnings Apply"]
    assert work.declared.fandoms == ["Merlin (TV)"]
    assert [(s.name, s.part) for s in work.declared.series] == [("Old Roads", 3), ("Fireside", 1)]
    assert (work.declared.words, work.declared.chapters, work.declared.complete) == (2000, "1/3", False)
    assert work.text == "Chapter 1: Mud\n\nHi.\n\nThe road was mud.\n\nBye."
    assert [(n.kind, n.start is None) for n in work.notes] == [
        ("summary", True),
        ("end-note", True),
        ("author-note", False),
        ("end-note", False),
    ]
    assert "Comments" not in work.text and "Chapter Text" not in work.text


def test_ao3_html_generic_html_story() -> None:
    doc = b"<html><head><title>Sea Glass</title></head><body><h1>Sea Glass</h1><p>One.</p><hr><p>Two.</p></body></html>"
    work = read_source(doc, name="story.html")
    assert work.title == "Sea Glass"
    assert work.text == "One.\n\n* * *\n\nTwo."
    assert work.declared.rating is None


def test_ao3_html_breaks_collapse_and_never_open_a_chapter() -> None:
    doc = b"<html><body><div id='chapters'><div class='userstuff'><hr/><p>One.</p><hr/><hr/><p>Two.</p><hr/></div></div></body></html>"
    assert read_source(doc, name="x.html").text == "One.\n\n* * *\n\nTwo."


def test_ao3_html_entity_declarations_are_not_expanded() -> None:
    doc = b"""<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;">]>
    <html><body><p>Hello &b;</p></body></html>"""
    from ficlens.errors import UnsafeInput

    with pytest.raises(UnsafeInput, match="entities"):
        read_source(doc, name="evil.xhtml")


def test_ao3_html_bare_text_with_line_breaks() -> None:
    doc = b"<html><body><div>First line<br>same paragraph<br><br>Second paragraph.<hr>After.</div></body></html>"
    assert (
        read_source(doc, name="old.html").text
        == "First line\nsame paragraph\n\nSecond paragraph.\n\n* * *\n\nAfter."
    )


def test_ao3_html_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(_download()))
    monkeypatch.setattr(sys, "stdin", fake)
    work = read_source("-")
    assert work.source.path is None and work.source.format == "html" and work.title == "The Lantern Keeper"


def test_ao3_html_anonymous_byline_and_associations() -> None:
    doc = b"""<html><body><div id="preface"><div class="meta">
    <dl class="tags"><dt>Rating:</dt><dd><a>Not Rated</a></dd></dl>
    <h1>Nameless</h1><div class="byline">by Anonymous</div>
    <p>Notes</p><ul class="associations"><li>A translation of <a href="/works/1">Original</a></li></ul>
    <blockquote class="userstuff"><p>Translated with permission.</p></blockquote></div></div>
    <div id="chapters" class="userstuff"><div class="userstuff"><p>Prose.</p></div></div></body></html>"""
    work = read_source(doc, name="anon.html")
    assert work.authors == ["Anonymous"]
    assert [(n.kind, n.text, n.start) for n in work.notes] == [
        ("author-note", "Translated with permission.", None)
    ]
    assert work.text == "Prose."
