"""Shared test fixtures: where ../shared/data is, small handwritten stories, hypothesis profiles."""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests: `ci` (the default) is derandomized, so a run never fails on a change that
# did nothing wrong; `fuzz` (scripts/fuzz.sh) explores at depth. FICLENS_HYPOTHESIS_PROFILE picks one.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    max_examples=int(os.environ.get("FICLENS_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("FICLENS_HYPOTHESIS_PROFILE", "ci"))

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
