"""Blocklist rules hide works from search by default; `apply_blocklist=False` shows them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ficlens.errors import ConfigError
from ficlens.library import Blocklist, BlockRule, SearchQuery
from ficlens.model import SEVERITY_ORDER

RULES: list[tuple[str, dict, Callable]] = [
    (
        "tag-wildcard",
        {"kind": "tag", "pattern": "*character death*"},
        lambda s: any("character death" in t.lower() for t in s.freeform + s.warnings),
    ),
    (
        "tag-typed",
        {"kind": "tag", "pattern": "Sherlock*", "type": "fandom", "source": "declared"},
        lambda s: any(f.startswith("Sherlock") for f in s.fandoms),
    ),
    ("author", {"kind": "author", "pattern": "CAT*"}, lambda s: "cat_writes" in s.authors),
    (
        "cw-severity",
        {"kind": "cw", "id": "suicide", "min_severity": "depicted"},
        lambda s: SEVERITY_ORDER.get(s.cws.get("suicide", ""), 0) >= 2,
    ),
    ("words-min", {"kind": "words", "min": 1000}, lambda s: s.words < 1000),
    ("words-max", {"kind": "words", "max": 9000}, lambda s: s.words > 9000),
    (
        "crossover",
        {"kind": "crossover", "max_fandoms": 1, "source": "declared"},
        lambda s: len(s.fandoms) > 1,
    ),
]


@pytest.mark.parametrize(("name", "rule", "blocked"), RULES, ids=[r[0] for r in RULES])
def test_blocklist_rule_hides_matching_works(generated, specs, name, rule, blocked) -> None:
    lib, ids = generated
    expected_hidden = {ids[s.key] for s in specs if blocked(s)}
    assert 0 < len(expected_hidden) < len(specs), name
    saved = lib.blocklist
    lib.blocklist = Blocklist(saved.path.with_name("unused.toml"), [BlockRule(**rule)])
    try:
        shown = lib.search(SearchQuery(limit=1000))
        everything = lib.search(SearchQuery(limit=1000, apply_blocklist=False))
    finally:
        lib.blocklist = saved
    assert {h.id for h in shown.hits} == {h.id for h in everything.hits} - expected_hidden
    assert shown.hidden_by_blocklist == len(expected_hidden)
    assert everything.hidden_by_blocklist == 0


def test_blocklist_toml_round_trip_and_numbering(tmp_path: Path) -> None:
    bl = Blocklist.load(tmp_path / "b.toml")
    assert bl.rules == []
    assert bl.add(BlockRule(kind="tag", pattern="*Death*")) == 0
    assert bl.add(BlockRule(kind="cw", id="suicide", min_severity="graphic")) == 1
    again = Blocklist.load(tmp_path / "b.toml")
    assert again.rules == bl.rules
    removed = again.remove(0)
    assert removed.kind == "tag"
    assert [r.kind for r in Blocklist.load(tmp_path / "b.toml").rules] == ["cw"]
    with pytest.raises(ConfigError):
        again.remove(5)


@pytest.mark.parametrize(
    "text", ["not [toml", '[[rule]]\nkind = "tag"\n', '[[rule]]\nkind = "nope"\n', "rule = 3\n"]
)
def test_blocklist_bad_file_is_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=str(path.name)):
        Blocklist.load(path)
