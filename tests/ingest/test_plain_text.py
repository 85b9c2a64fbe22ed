"""Plain text in any common encoding: decoded, repaired, NFC, one kind of line ending."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from ficlens.ingest import detect_format, read_source
from ficlens.ingest.plain_text import decode, normalise

STORY = "Chapter 1: Café\r\n\r\n“Don’t,” she said — and Zoë laughed. Naïve, déjà vu, 50 €.\r\n"
EXPECTED = "Chapter 1: Café\n\n“Don’t,” she said — and Zoë laughed. Naïve, déjà vu, 50 €.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(STORY.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + STORY.encode("utf-8"), id="utf-8-bom"),
        pytest.param(STORY.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(STORY.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(STORY.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(STORY.encode("cp1252"), id="cp1252"),
        pytest.param(STORY.replace("\r\n", "\r").encode("utf-8"), id="old-mac-cr"),
    ],
)
def test_plain_text_encodings(data: bytes) -> None:
    work = read_source(data, name="story.txt")
    assert work.source.format == "text"
    assert work.text == EXPECTED


def test_plain_text_cyrillic_cp1251() -> None:
    text = "Привет, как дела? Всё хорошо, спасибо. Она улыбнулась и ушла домой.\n" * 3
    assert read_source(text.encode("cp1251"), name="x.txt").text == text


def test_plain_text_latin1() -> None:
    text = "Le garçon était très fatigué après la fête. Où est-il allé? Ça va bien, merci beaucoup.\n" * 5
    assert read_source(text.encode("latin-1"), name="x.txt").text == text


def test_plain_text_mojibake_repaired() -> None:
    broken = "Don’t — Zoë’s café.".encode().decode("cp1252")
    assert "â€" in broken
    assert normalise(broken) == "Don’t — Zoë’s café."


def test_plain_text_mixed_utf8_and_cp1252() -> None:
    data = "Zoë’s café.\n".encode() + "He said \x93no\x94 twice.\n".encode("latin-1")
    assert decode(data) == "Zoë’s café.\nHe said “no” twice.\n"


def test_plain_text_nfc_and_controls() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë went to the café with her friend, déjà vu.") + "\x07\x0b!"
    text = read_source(decomposed.encode(), name="x.txt").text
    assert text == "Zoë went to the café with her friend, déjà vu.!" and unicodedata.is_normalized(
        "NFC", text
    )


def test_plain_text_leading_dashes_are_not_front_matter() -> None:
    data = b"---\nShe ran.\n\n---\n\nHe stayed.\n"
    assert detect_format(data) == "text"
    assert read_source(data, name="x.txt").text == data.decode()
