"""A pipeline of small named stages over a `Work`, in the manner of spaCy components.

A stage is a function `(work, **settings) -> Work` registered with `@stage(name, requires=...,
assigns=...)` (`ficlens.registry`); the built-in ones are the modules of `ficlens.stages`, which
this module imports, never the other way round. `Pipeline` checks each stage's `requires` against what earlier stages `assigns`
before any story is read, and records per-stage timings.

    >>> from ficlens.pipeline import Pipeline
    >>> Pipeline.from_profile("full", disable=["arc"]).names
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ficlens.errors import ConfigError
from ficlens.model import Work
from ficlens.registry import _REGISTRY, StageInfo

# What ingest provides before any stage runs.
INGEST_ASSIGNS = ("text", "source", "declared", "metadata")


def registered_stages() -> dict[str, StageInfo]:
    """All registered stages by name (importing `ficlens.stages` registers the built-ins)."""
    import ficlens.stages  # noqa: F401  (registration happens on import)

    return dict(_REGISTRY)


def get_stage(name: str) -> StageInfo:
    stages = registered_stages()
    if name not in stages:
        raise ConfigError(f"unknown stage {name!r}", hint=f"known stages: {', '.join(sorted(stages))}")
    return stages[name]


def _load_profiles() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(resources.files("ficlens.resources").joinpath("profiles.toml").read_text("utf-8"))
    return {name: tuple(entry["stages"]) for name, entry in data.items()}


# Config is data: the ordered stage names of each profile (resources/profiles.toml).
PROFILES: dict[str, tuple[str, ...]] = _load_profiles()


@dataclass
class Pipeline:
    stages: list[StageInfo]
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    @classmethod
    def from_names(
        cls, names: Iterable[str], *, settings: dict[str, dict[str, Any]] | None = None
    ) -> Pipeline:
        infos = [get_stage(n) for n in names]
        pipeline = cls(stages=infos, settings=settings or {})
        pipeline.check()
        return pipeline

    @classmethod
    def from_profile(
        cls,
        profile: str = "full",
        *,
        disable: Iterable[str] = (),
        settings: dict[str, dict[str, Any]] | None = None,
    ) -> Pipeline:
        if profile not in PROFILES:
            raise ConfigError(f"unknown profile {profile!r}", hint=f"known profiles: {', '.join(PROFILES)}")
        disabled = set(disable)
        known = registered_stages()
        unknown = disabled - set(known)
        if unknown:
            raise ConfigError(
                f"cannot disable unknown stage(s) {', '.join(sorted(unknown))}",
                hint=f"known stages: {', '.join(sorted(known))}",
            )
        names = [n for n in PROFILES[profile] if n not in disabled and n in known]
        return cls.from_names(names, settings=settings)

    def check(self) -> None:
        """Fail before reading a story when a stage needs what no earlier stage assigns."""
        available = set(INGEST_ASSIGNS)
        for info in self.stages:
            missing = [r for r in info.requires if r not in available]
            if missing:
                providers = sorted(
                    s.name for s in registered_stages().values() if set(missing) & set(s.assigns)
                )
                raise ConfigError(
                    f"stage {info.name!r} requires {', '.join(missing)}, which no earlier stage assigns",
                    hint=f"add one of: {', '.join(providers) or 'nothing provides it'}",
                )
            available.update(info.assigns)

    def __call__(self, work: Work) -> Work:
        for info in self.stages:
            t0 = time.perf_counter()
            result = info.func(work, **self.settings.get(info.name, {}))
            if not isinstance(result, Work):
                raise ConfigError(f"stage {info.name!r} returned {type(result).__name__}, not Work")
            work = result
            work.stages.append(info.name)
            self.timings_s[info.name] = self.timings_s.get(info.name, 0.0) + time.perf_counter() - t0
        return work
