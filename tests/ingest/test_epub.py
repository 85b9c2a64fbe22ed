"""EPUB: spine order, AO3 and generic layouts, and every way a hostile or broken zip is refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from ficlens.errors import InputError, UnsafeInput
from ficlens.ingest import read_source

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>Salt and Iron</dc:title>
    <dc:creator opf:role="aut">Rook</dc:creator>
    <dc:language>en</dc:language>
    <dc:description>&lt;p&gt;Two &lt;i&gt;sailors&lt;/i&gt;.&lt;/p&gt;</dc:description>
    <dc:subject>Fanworks</dc:subject>
    <dc:subject>Mature</dc:subject>
    <dc:subject>Choose Not To Use Archive Warnings</dc:subject>
    <dc:subject>F/F</dc:subject>
    <dc:subject>Pirates</dc:subject>
    <meta name="calibre:series" content="Tides"/>
    <meta name="calibre:series_index" content="2"/>
  </metadata>
  <manifest>
    <item id="a" href="Text/one%20a.xhtml" media-type="application/xhtml+xml"/>
    <item id="b" href="Text/two.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="b"/><itemref idref="a"/></spine>
</package>"""

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
<body class="calibre"><h2 class="calibre3">{title}</h2><p class="calibre5">{text}</p>{extra}</body></html>"""


def make_epub(members: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def generic_epub(extra: str = "", text_b: str = "The anchor dropped.") -> bytes:
    return make_epub(
        {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": OPF,
            "OEBPS/Text/one a.xhtml": XHTML.format(
                title="Landfall", text="They reached the shore.", extra=extra
            ),
            "OEBPS/Text/two.xhtml": XHTML.format(title="At Sea", text=text_b, extra="<hr/><p>Night.</p>"),
        }
    )


def test_epub_generic_spine_order_and_opf_metadata() -> None:
    work = read_source(generic_epub(), name="salt.epub")
    assert work.source.format == "epub"
    assert [c.title for c in work.chapters] == ["At Sea", "Landfall"]  # spine order, not manifest order
    assert (
        work.text == "At Sea\n\nThe anchor dropped.\n\n* * *\n\nNight.\n\nLandfall\n\nThey reached the shore."
    )
    assert (work.title, work.authors, work.language, work.summary) == (
        "Salt and Iron",
        ["Rook"],
        "en",
        "Two sailors.",
    )
    assert work.series is not None and (work.series.name, work.series.part) == ("Tides", 2)
    dec = work.declared
    assert dec.rating == "Mature"
    assert dec.archive_warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert dec.categories == ["F/F"] and dec.freeform == ["Pirates"]


def test_epub_html_entities_in_xhtml_are_tolerated() -> None:
    work = read_source(generic_epub(text_b="Calm&nbsp;seas &amp; clear&mdash;skies."), name="x.epub")
    assert "Calm seas & clear—skies." in work.text


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param(
            '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
            id="billion-laughs",
        ),
        pytest.param('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', id="external-entity"),
    ],
)
def test_epub_xml_entity_attacks_refused(doctype: str) -> None:
    evil = f'<?xml version="1.0"?>{doctype}<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol3;&xxe;</p></body></html>'
    data = make_epub(
        {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": OPF,
            "OEBPS/Text/one a.xhtml": evil,
            "OEBPS/Text/two.xhtml": XHTML.format(title="t", text="x", extra=""),
        }
    )
    with pytest.raises(UnsafeInput, match="entities"):
        read_source(data, name="evil.epub")


def test_epub_zip_bomb_refused() -> None:
    data = make_epub(
        {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": OPF,
            "OEBPS/Text/two.xhtml": b"\0" * 40_000_000,
        }
    )
    assert len(data) < 200_000
    with pytest.raises(UnsafeInput, match="zip bomb"):
        read_source(data, name="bomb.epub")


def test_epub_truncated_zip() -> None:
    data = generic_epub()
    with pytest.raises(InputError, match="not a valid EPUB"):
        read_source(data[: len(data) // 2], name="cut.epub")


def test_epub_without_package_file() -> None:
    with pytest.raises(InputError, match=r"no \.opf"):
        read_source(make_epub({"readme.txt": "hello"}), name="empty.epub")


def test_epub_too_many_members() -> None:
    members: dict[str, bytes | str] = {f"f{i}.txt": "" for i in range(2_100)}
    with pytest.raises(UnsafeInput, match="files"):
        read_source(make_epub(members, compression=zipfile.ZIP_STORED), name="many.epub")
