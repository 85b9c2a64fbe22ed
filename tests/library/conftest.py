"""Library fixtures: a generated library whose declared and inferred tags the tests control, and a
library imported from ../shared/data/ao3 with `fast=True` (no slow inference stages)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from library_specs import Spec, make_specs, spec_work

from ficlens.library import Library


@pytest.fixture(scope="session")
def specs() -> list[Spec]:
    return make_specs()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory, specs: list[Spec]) -> tuple[Library, dict[str, int]]:
    """A library of the generated works, and spec key -> work id. Tests must not change it."""
    path = tmp_path_factory.mktemp("generated") / "lib.sqlite"
    rng = random.Random(11)
    lib = Library.open(path)
    results = lib.add_works([spec_work(s, rng) for s in specs])
    ids = {s.key: r.work_id for s, r in zip(specs, results, strict=True)}
    yield lib, ids
    lib.close()


@pytest.fixture(scope="session")
def ao3_import(tmp_path_factory: pytest.TempPathFactory, shared_data: Path):
    """The AO3 raw files imported with fast=True: (library path, report, files)."""
    from ficlens.library.importer import find_story_files, import_paths

    path = tmp_path_factory.mktemp("ao3") / "lib.sqlite"
    files = find_story_files(shared_data / "ao3" / "raw")
    with Library.open(path) as lib:
        report = import_paths(lib, files, jobs=1, fast=True)
    return path, report, files
