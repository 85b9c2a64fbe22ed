"""Shared test fixtures: where ../shared/data is, and small handwritten stories."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("FICLENS_SHARED_DATA", ROOT.parent / "shared" / "data"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The user's KB overlay (fandom packs, what their library taught) must not leak into tests, and
# one test's learning must not reach the next: every test gets its own empty KB dir.
_KB_BASE = Path(tempfile.mkdtemp(prefix="ficlens-kb-"))
_KB_DIRS = itertools.count()
os.environ["FICLENS_KB_DIR"] = str(_KB_BASE / "session")


@pytest.fixture(autouse=True)
def _own_kb_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FICLENS_KB_DIR", str(_KB_BASE / f"kb{next(_KB_DIRS)}"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
