"""The stage registry and pipeline runner."""

from __future__ import annotations

import pytest

from ficlens.errors import ConfigError
from ficlens.model import Work
from ficlens.pipeline import PROFILES, Pipeline, registered_stages
from ficlens.registry import _REGISTRY, stage


@pytest.fixture(autouse=True)
def _restore_registry():
    """Stages registered by a test must not leak into others (e.g. the registry snapshot)."""
    before = registered_stages()
    yield
    _REGISTRY.clear()
    _REGISTRY.update(before)


def test_pipeline_unknown_stage_names_known_ones() -> None:
    with pytest.raises(ConfigError) as info:
        Pipeline.from_names(["structure", "no-such-stage"])
    assert "no-such-stage" in info.value.message
    assert "structure" in (info.value.hint or "")


def test_pipeline_unknown_profile() -> None:
    with pytest.raises(ConfigError):
        Pipeline.from_profile("nope")


def test_pipeline_requires_checked_before_running() -> None:
    @stage("_test_needs_unicorns", requires=("unicorns",), assigns=("rainbows",))
    def _needs(work: Work) -> Work:  # pragma: no cover - never runs
        raise AssertionError("a pipeline with unmet requires must not run")

    with pytest.raises(ConfigError) as info:
        Pipeline.from_names(["_test_needs_unicorns"])
    assert "unicorns" in info.value.message


def test_pipeline_records_stages_and_timings() -> None:
    pipeline = Pipeline.from_names(["structure"])
    work = pipeline(Work(text="Once upon a time.\n"))
    assert work.stages == ["structure"]
    assert "structure" in pipeline.timings_s
    assert work.stats.words == 4


def test_pipeline_stage_must_return_work() -> None:
    @stage("_test_returns_none", requires=("text",))
    def _bad(work: Work) -> Work:
        return None  # type: ignore[return-value]

    with pytest.raises(ConfigError):
        Pipeline.from_names(["_test_returns_none"])(Work(text="x"))


def test_pipeline_profiles_name_only_registered_or_planned_stages() -> None:
    known = registered_stages()
    for name in PROFILES["full"]:
        # Every registered stage of the full profile must be runnable in that order.
        if name in known:
            assert known[name].name == name
    Pipeline.from_profile("full")  # requires/assigns consistent


def test_pipeline_disable_unknown_stage_fails() -> None:
    with pytest.raises(ConfigError):
        Pipeline.from_profile("full", disable=["nonsense"])
