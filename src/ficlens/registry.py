"""The stage registry: `@stage(name, requires=..., assigns=...)` registers a function
`(work, **settings) -> Work` under `name`.

A stage module imports only this (and what it analyses with); `ficlens.pipeline` imports the
stages and runs them.

    >>> @stage("shout", requires=("text",), assigns=("text",))
    ... def shout(work: Work) -> Work: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ficlens.model import Work

StageFn = Callable[..., Work]


@dataclass(frozen=True)
class StageInfo:
    name: str
    func: StageFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    doc: str = ""


_REGISTRY: dict[str, StageInfo] = {}


def stage(
    name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
) -> Callable[[StageFn], StageFn]:
    """Register a stage function under `name`."""

    def register(func: StageFn) -> StageFn:
        _REGISTRY[name] = StageInfo(
            name=name,
            func=func,
            requires=tuple(requires),
            assigns=tuple(assigns),
            doc=(func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "",
        )
        return func

    return register
