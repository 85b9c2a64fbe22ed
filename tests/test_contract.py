"""The JSON output contract: schema generation, validation of real output, docs kept honest."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import ficlens
from ficlens.cli import app
from ficlens.contract import output_schema
from ficlens.model import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-lighthouse-keeper.txt"
TOP_LEVEL = [
    "schema_version",
    "source",
    "title",
    "authors",
    "summary",
    "series",
    "language",
    "stats",
    "notes",
    "chapters",
    "declared",
    "inferred",
]


def test_contract_schema_is_valid_json_schema() -> None:
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for key in TOP_LEVEL:
        assert key in schema["properties"], key


def test_contract_structure_output_validates() -> None:
    work = ficlens.analyze(EXAMPLE, profile="fast")
    data = work.to_output(include_text=True)
    jsonschema.validate(data, output_schema())
    assert data["schema_version"] == SCHEMA_VERSION
    for key in TOP_LEVEL:
        assert key in data
    assert "text" in data and "text" not in work.to_output()


def test_contract_offsets_index_the_body_text() -> None:
    work = ficlens.analyze(EXAMPLE, profile="fast")
    for chapter in work.chapters:
        assert 0 <= chapter.start <= chapter.end <= len(work.text)
        for scene in chapter.scenes:
            assert chapter.start <= scene.start < scene.end <= chapter.end
    indexes = [s.index for s in work.scenes]
    assert indexes == list(range(len(indexes)))


def test_contract_schema_command_matches_model() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == output_schema()


@pytest.mark.parametrize("key", [*TOP_LEVEL, "stages", "text"])
def test_contract_docs_mention_every_top_level_key(key: str) -> None:
    doc = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    assert f"`{key}`" in doc


def test_contract_docs_mention_every_inferred_field() -> None:
    doc = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    inferred = output_schema()["$defs"]["Inferred"]["properties"]
    missing = [k for k in inferred if f"`{k}`" not in doc]
    assert not missing, f"docs/output.md does not describe inferred fields {missing}"
