"""Fixtures for the ingest tests: the shared AO3 records and their parsed works (read once)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ficlens.ingest import read_source
from ficlens.model import Work


@pytest.fixture(scope="session")
def ao3_records(shared_data: Path) -> dict[str, dict[str, Any]]:
    lines = (shared_data / "ao3" / "works.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["id"]: rec for rec in map(json.loads, filter(None, lines))}


@pytest.fixture(scope="session")
def ao3_works(shared_data: Path, ao3_records: dict[str, dict[str, Any]]) -> dict[str, Work]:
    """Every raw file ingested (no stages): id -> Work."""
    return {rid: read_source(shared_data / "ao3" / rec["raw_file"]) for rid, rec in ao3_records.items()}
