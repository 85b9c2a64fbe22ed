"""Generated library works whose declared and inferred tags the tests control (used by conftest.py
and by tests that build their own variants). A module of its own, not conftest, so that
`from library_specs import ...` cannot pick up another folder's conftest."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ficlens.model import (
    AO3_ARCHIVE_WARNINGS,
    AO3_RATINGS,
    ContentWarning,
    Declared,
    FandomGuess,
    Inferred,
    Rating,
    Series,
    Work,
)

FANDOMS = {
    "Merlin (TV)": ["Merlin (Merlin)", "Arthur Pendragon (Merlin)", "Morgana (Merlin)"],
    "Sherlock (TV)": ["Sherlock Holmes", "John Watson", "Molly Hooper"],
    "Good Omens (TV)": ["Crowley (Good Omens)", "Aziraphale (Good Omens)"],
    "Star Wars - All Media Types": ["Obi-Wan Kenobi", "Anakin Skywalker"],
}
FREEFORM = [
    "Fluff",
    "Angst",
    "Major Character Death",
    "Hurt/Comfort",
    "Character Death Fix-It",
    "Slow Burn",
    "Alternate Universe - Coffee Shops & Cafés",
]
CWS = ["suicide", "self-harm", "violence", "grief"]
SEVERITIES = ["mentioned", "depicted", "graphic"]
AUTHORS = ["ann", "bob", "cat_writes", "dan"]
WORDS = (
    "castle river lantern winter letter garden sword harbour library storm kitchen violin forest "
    "window bridge market candle ocean mountain promise"
).split()


@dataclass
class Spec:
    """What a generated work declares and what is 'inferred' for it: the oracle for filter tests."""

    key: str
    title: str
    authors: list[str]
    rating: str
    warnings: list[str]
    fandoms: list[str]
    characters: list[str]
    relationships: list[str]
    freeform: list[str]
    words: int
    complete: bool | None
    language: str
    inferred_fandoms: list[str]
    inferred_rating: str
    cws: dict[str, str] = field(default_factory=dict)
    series: tuple[str, int] | None = None
    phrase: bool = False


def make_specs(n: int = 48, seed: int = 7) -> list[Spec]:
    rng = random.Random(seed)
    specs = []
    names = list(FANDOMS)
    for i in range(n):
        fandoms = [names[i % len(names)]]
        if i % 7 == 3:
            fandoms.append(names[(i + 1) % len(names)])
        chars = [c for f in fandoms for c in FANDOMS[f][: 1 + i % 2]]
        rels = [f"{chars[0]}/{chars[1]}"] if len(chars) > 1 and i % 3 == 0 else []
        specs.append(
            Spec(
                key=f"tok{i:03d}",
                title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
                authors=[AUTHORS[i % len(AUTHORS)]] + (["dan"] if i % 11 == 5 else []),
                rating=AO3_RATINGS[i % len(AO3_RATINGS)],
                warnings=[AO3_ARCHIVE_WARNINGS[i % len(AO3_ARCHIVE_WARNINGS)]],
                fandoms=fandoms,
                characters=chars,
                relationships=rels,
                freeform=rng.sample(FREEFORM, 2),
                words=rng.choice([120, 800, 2500, 9000, 40000]) + i,
                complete=[True, False, None][i % 3],
                language="English" if i % 5 else "Deutsch",
                inferred_fandoms=[names[(i + 2) % len(names)]] if i % 4 == 0 else fandoms[:1],
                inferred_rating=AO3_RATINGS[(i + 1) % len(AO3_RATINGS)],
                cws={CWS[i % 4]: SEVERITIES[i % 3]} | ({"grief": "graphic"} if i % 9 == 0 else {}),
                series=("The Long Saga", [3, 1, 2][i % 3]) if i in (4, 10, 16) else None,
                phrase=i % 6 == 0,
            )
        )
    return specs


def spec_text(spec: Spec, rng: random.Random) -> str:
    paras = []
    for _ in range(6):
        paras.append(" ".join(rng.choice(WORDS) for _ in range(40)) + ".")
    if spec.phrase:
        paras.insert(2, "Under the bridge slept a silver dragon.")
    paras.append(f"The end of {spec.key}.")
    return "\n\n".join(paras)


def spec_work(spec: Spec, rng: random.Random) -> Work:
    work = Work(
        title=spec.title,
        authors=spec.authors,
        summary=f"A story about {spec.fandoms[0]}.",
        language=spec.language,
        text=spec_text(spec, rng),
        stages=["structure", "stats", "content_warnings"],
        declared=Declared(
            rating=spec.rating,
            archive_warnings=spec.warnings,
            fandoms=spec.fandoms,
            characters=spec.characters,
            relationships=spec.relationships,
            freeform=spec.freeform,
            complete=spec.complete,
            language=spec.language,
            series=[Series(name=spec.series[0], part=spec.series[1])] if spec.series else [],
        ),
        inferred=Inferred(
            rating=Rating(name=spec.inferred_rating, confidence=0.8),
            fandoms=[FandomGuess(name=f, confidence=0.9) for f in spec.inferred_fandoms],
            content_warnings=[
                ContentWarning(id=cw, label=cw, coarse=cw, severity=sev, confidence=0.9)  # type: ignore[arg-type]
                for cw, sev in spec.cws.items()
            ],
        ),
    )
    work.stats.words = spec.words
    return work
