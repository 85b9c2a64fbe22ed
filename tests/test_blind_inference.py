"""Inference is blind to what the author declared: removing the AO3 preface must not change `inferred`.

Runs every stage of the `full` profile that is registered now. A stage whose trained artefact is
not built yet (it raises `ConfigError`) is left out of both runs alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from ficlens.errors import ConfigError
from ficlens.ingest import read_source
from ficlens.model import Work
from ficlens.pipeline import INGEST_ASSIGNS, PROFILES, registered_stages


def run_available(work: Work, skip: set[str]) -> tuple[Work, set[str]]:
    """Run the full profile stage by stage; returns the work and the stages that could not run."""
    stages = registered_stages()
    available = set(INGEST_ASSIGNS)
    skipped = set(skip)
    for name in PROFILES["full"]:
        info = stages.get(name)
        if info is None or name in skipped or any(r not in available for r in info.requires):
            skipped.add(name)
            continue
        try:
            work = info.func(work)
        except ConfigError:
            skipped.add(name)
            continue
        work.stages.append(name)
        available.update(info.assigns)
    return work, skipped


def strip_preface(data: bytes) -> bytes:
    doc = html.document_fromstring(data)
    # The head <title> is AO3 metadata too ("Title - Author - Fandom").
    for el in doc.xpath('//*[@id="preface" or @id="afterword"] | //head/title'):
        el.getparent().remove(el)
    return html.tostring(doc, encoding="utf-8")


@pytest.fixture(scope="module")
def ao3_download(shared_data: Path) -> bytes:
    return (shared_data / "ao3" / "raw" / "ao3-23009290-html.html").read_bytes()


def test_blind_inference_preface_stripped(ao3_download: bytes) -> None:
    full = read_source(ao3_download, name="with-preface.html")
    bare = read_source(strip_preface(ao3_download), name="without-preface.html")
    assert full.declared.fandoms and not bare.declared.fandoms and bare.title is None
    assert full.text == bare.text

    full, skipped = run_available(full, set())
    bare, _ = run_available(bare, skipped)
    assert "structure" in full.stages and full.stages == bare.stages
    assert full.inferred.model_dump(mode="json") == bare.inferred.model_dump(mode="json")


def test_blind_inference_declared_tags_swapped(ao3_download: bytes) -> None:
    """Lying tags (another rating, fandom, warnings) change nothing either."""
    honest = read_source(ao3_download, name="a.html")
    liar = read_source(ao3_download, name="b.html")
    liar.declared.rating = "Explicit"
    liar.declared.fandoms = ["Star Wars - All Media Types"]
    liar.declared.archive_warnings = ["Major Character Death", "Rape/Non-Con"]
    liar.declared.characters = ["Obi-Wan Kenobi"]
    liar.declared.relationships = ["Anakin Skywalker/Obi-Wan Kenobi"]
    liar.declared.freeform = ["Character Death", "Suicide"]
    honest, skipped = run_available(honest, set())
    liar, _ = run_available(liar, skipped)
    assert honest.inferred.model_dump(mode="json") == liar.inferred.model_dump(mode="json")
