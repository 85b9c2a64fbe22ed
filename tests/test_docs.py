"""Docs kept honest: the stage table and the registry snapshot."""

from __future__ import annotations

from pathlib import Path

from ficlens.cli.analyze import stages_markdown
from ficlens.pipeline import PROFILES, registered_stages

ROOT = Path(__file__).resolve().parents[1]


def test_docs_stage_table_matches_registry() -> None:
    doc = (ROOT / "docs" / "stages.md").read_text(encoding="utf-8")
    assert stages_markdown() in doc, "docs/stages.md is stale: regenerate it with `ficlens stages`"


def test_docs_registry_snapshot() -> None:
    # The public stage names are part of the contract (`--stages`, `--disable`): renaming one is a breaking change.
    names = sorted(n for n in registered_stages() if not n.startswith("_"))
    assert names == sorted(PROFILES["full"])
