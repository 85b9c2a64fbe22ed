"""95% intervals of the evaluation figures: Wilson for proportions, a seeded bootstrap over works
for F1s, and the `*_ci` keys the three evals add beside their figures (docs/evaluation.md)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.evaluation.ao3_warnings import AO3EvalResult, WorkRow
from ficlens.evaluation.intervals import (
    bootstrap,
    micro_f1,
    micro_f1_interval,
    prf_counts,
    prf_intervals,
    wilson,
    with_ci,
)


def test_wilson_known_values() -> None:
    # k=3, n=7, z=1.96: p = 3/7 = 0.428571, z²/n = 3.8416/7 = 0.548800, denominator 1.548800;
    # centre = (0.428571 + 0.274400) / 1.5488 = 0.453881;
    # half = 1.96 / 1.5488 * sqrt(0.428571 * 0.571429 / 7 + 3.8416 / 196) = 1.265496 * 0.233635 = 0.295665;
    # so [0.158216, 0.749546].
    lo, hi = wilson(3, 7)
    assert lo == pytest.approx(0.158216, abs=1e-5) and hi == pytest.approx(0.749546, abs=1e-5)
    # k=0, n=10: p = 0, centre = 0.19208 / 1.38416 = 0.138770, half = 1.96 * sqrt(0.009604) / 1.38416
    # = 0.138770: [0, 0.277540] (not the empty [0, 0] of the normal interval).
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.277540, abs=1e-5)
    # All right: mirrors k=0.
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(1 - 0.277540, abs=1e-5)
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_bootstrap_is_seeded_and_holds_the_point_estimate() -> None:
    units = [1] * 12 + [0] * 8

    def mean(sample: list[int]) -> float:
        return sum(sample) / len(sample)

    first = bootstrap(units, mean, seed=7)
    assert first == bootstrap(units, mean, seed=7)  # one input, one interval
    assert first != bootstrap(units, mean, seed=8)
    lo, hi = first
    assert lo < mean(units) < hi and 0.3 < lo and hi < 0.85
    # Close to Wilson's for the same proportion (12 of 20: about [0.39, 0.78]).
    w_lo, w_hi = wilson(12, 20)
    assert abs(lo - w_lo) < 0.1 and abs(hi - w_hi) < 0.1
    assert all(math.isnan(x) for x in bootstrap([], mean))


def test_micro_f1_interval_over_works() -> None:
    counts = [(1, 0, 0), (1, 1, 0), (0, 0, 1), (1, 0, 0), (2, 0, 1), (1, 0, 0)]
    point = micro_f1(counts)
    assert point == pytest.approx(12 / 15)
    lo, hi = micro_f1_interval(counts)
    assert lo < point < hi <= 1.0
    assert micro_f1_interval(counts) == (lo, hi)
    assert math.isnan(micro_f1([(0, 0, 0)]))
    # (tp, predicted, gold) as the characters eval counts them.
    p, r, f = prf_counts([(2, 4, 2), (1, 1, 3)])
    assert (p, r) == (0.6, 0.6) and f == pytest.approx(0.6)
    cis = prf_intervals([(2, 4, 2), (1, 1, 3), (0, 2, 1), (3, 3, 4)])
    assert set(cis) == {"precision_ci", "recall_ci", "f1_ci"}
    assert all(0.0 <= lo <= hi <= 1.0 for lo, hi in cis.values())


def test_with_ci_prints_compactly() -> None:
    assert with_ci(0.5873, [0.4641, 0.7]) == "0.587 [0.464, 0.700]"
    assert with_ci(0.5, None) == "0.500"


def test_ao3_warnings_result_intervals() -> None:
    nawa, gdov = "No Archive Warnings Apply", "Graphic Depictions Of Violence"
    rows = [
        WorkRow("1", "a", "Explicit", "Explicit", [nawa], [nawa]),
        WorkRow("2", "b", "Mature", "Teen And Up Audiences", [gdov], [nawa]),
        WorkRow("3", "c", "Mature", "Mature", [nawa], [nawa]),
    ]
    result = AO3EvalResult(rows)
    assert result.rating_interval == wilson(2, 3)
    assert result.warning_counts_per_work() == [(1, 0, 0), (0, 1, 1), (1, 0, 0)]
    assert result.warning_counts() == (2, 1, 1)
    lo, hi = result.warning_micro_f1_interval
    assert lo <= result.warning_micro_f1 <= hi


PAGE = """<html><body><div id="preface"><div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a>{rating}</a></dd><dt>Fandom:</dt><dd><a>Merlin (TV)</a></dd>
<dt>Stats:</dt><dd>Published: 2020-01-01 Words: 60 Chapters: 1/1</dd></dl>
<h1>{title}</h1><div class="byline">by <a rel="author">fen</a></div></div></div>
<div id="chapters"><div class="userstuff"><p>{text}</p></div></div></body></html>"""

STORY = (
    "Merlin polished the armour while Arthur Pendragon complained about the feast. "
    "Gwen brought bread, and Merlin laughed when Arthur dropped his sword. "
    "Later Arthur thanked Merlin, and Gwen smiled at them both from the door of Camelot."
)


def _write_ao3(folder: Path) -> Path:
    """Two tiny AO3 works in the layout of shared/data/ao3 (works.jsonl + raw/)."""
    ao3 = folder / "ao3"
    (ao3 / "raw").mkdir(parents=True)
    records = []
    for n, rating in ((1, "General Audiences"), (2, "Teen And Up Audiences")):
        name = f"ao3-{n}-html.html"
        page = PAGE.format(rating=rating, title=f"Work {n}", text=STORY)
        (ao3 / "raw" / name).write_text(page, encoding="utf-8")
        records.append(
            {
                "id": f"ao3-{n}-html",
                "work_id": str(n),
                "format": "html",
                "raw_file": f"raw/{name}",
                "rating": rating,
                "archive_warnings": ["No Archive Warnings Apply"],
                "fandoms": ["Merlin (TV)"],
                "characters": ["Merlin (Merlin)", "Arthur Pendragon (Merlin)"],
                "relationships": ["Arthur Pendragon/Merlin (Merlin)"],
            }
        )
    (ao3 / "works.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return ao3


def test_eval_ao3_warnings_json_and_table_carry_intervals(tmp_path: Path) -> None:
    ao3 = _write_ao3(tmp_path)
    result = CliRunner().invoke(app, ["eval", "ao3-warnings", "--data", str(ao3), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("rating_accuracy", "warning_micro_f1"):
        lo, hi = data[f"{key}_ci"]
        assert lo <= data[key] <= hi
    # The keys other tools read are all still there.
    assert {"works", "rating_works", "warning_works", "warning_tp_fp_fn", "misses"} <= set(data)
    table = CliRunner().invoke(app, ["eval", "ao3-warnings", "--data", str(ao3)])
    assert table.exit_code == 0, table.output
    line = next(x for x in table.stdout.splitlines() if x.startswith("rating_accuracy:"))
    assert "[" in line and "_ci" not in table.stdout


def test_eval_characters_ao3_json_and_table_carry_intervals(tmp_path: Path) -> None:
    _write_ao3(tmp_path)
    (tmp_path / "characters").mkdir()
    (tmp_path / "characters" / "litbank_dev.jsonl").write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", "characters", "--set", "ao3", "--data", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    a = json.loads(result.stdout)["ao3"]
    assert a["works"] == 2
    lo, hi = a["fandom_top1_ci"]
    assert lo <= a["fandom_top1"] <= hi
    assert len(a["fandom_top1_kb_covered_ci"]) == 2
    for key in ("characters", "relationships"):
        assert {"precision", "recall", "f1", "precision_ci", "recall_ci", "f1_ci"} <= set(a[key])
        lo, hi = a[key]["f1_ci"]
        assert lo <= a[key]["f1"] <= hi
    for half in a["halves"].values():
        assert all("f1_ci" in half[what] for what in ("char", "rel"))
    assert all("top1_ci" in f for f in a["fandom_halves"].values())
    table = CliRunner().invoke(app, ["eval", "characters", "--set", "ao3", "--data", str(tmp_path)])
    assert table.exit_code == 0, table.output
    assert "[0.342," in table.stdout  # top-1 2 of 2, with Wilson's [0.342, 1.000] beside it
