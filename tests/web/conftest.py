"""Fixtures for the web UI tests (the works and the stub library live in web_works.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_works import StubLibrary, make_hostile_work, make_lighthouse_work


@pytest.fixture
def stub_library() -> StubLibrary:
    lib = StubLibrary()
    lib.add_work(make_lighthouse_work())
    lib.add_work(make_hostile_work())
    return lib


@pytest.fixture(scope="session")
def example_story() -> Path:
    return Path(__file__).resolve().parents[2] / "examples" / "the-lighthouse-keeper.txt"
