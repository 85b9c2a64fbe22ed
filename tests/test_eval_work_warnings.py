"""`ficlens eval work-warnings`: scoring whole stories against gold lines (issue 15)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.evaluation.work_warnings import run_work_eval, same_name

sys.path.insert(0, str(Path(__file__).parent / "stages"))
import events_stories as S


def _write_set(folder: Path) -> None:
    (folder / "01-watch.txt").write_text(S.MAIN_DIES_GRAPHIC, encoding="utf-8")
    (folder / "02-dream.txt").write_text(S.DREAM_DEATH, encoding="utf-8")
    (folder / "03-quiet.txt").write_text(S.SUICIDE_ATTEMPT_GUN, encoding="utf-8")
    gold = [
        {
            "id": 1,
            "file": "01-watch.txt",
            "rating": "Mature",
            "archive_warnings": ["Major Character Death", "Graphic Depictions Of Violence"],
            "mcd_characters": ["Marcus"],
            "self_harm": None,
            "events": [{"label": "death", "victim": "Marcus", "mode": "present", "scene": 1}],
            "spoiler_notice": None,
        },
        {
            "id": 2,
            "file": "02-dream.txt",
            "rating": "General Audiences",
            "archive_warnings": ["No Archive Warnings Apply"],
            "mcd_characters": [],
            "self_harm": None,
            "events": [{"label": "death", "victim": "Tom", "mode": "dream", "scene": 0}],
            "spoiler_notice": "season 2",
        },
        {
            "id": 3,
            "file": "03-quiet.txt",
            "rating": "Teen And Up Audiences",
            "archive_warnings": ["No Archive Warnings Apply"],
            "mcd_characters": [],
            "self_harm": {"kind": "attempt", "who": "Daniel", "severity": "depicted"},
            "events": [{"label": "suicide_attempt", "victim": "Daniel", "mode": "present", "scene": 0}],
            "spoiler_notice": None,
        },
    ]
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")


def test_same_name() -> None:
    assert same_name("Marcus", "Marcus Hale") and same_name("the Fuhrer", "Fuhrer")
    assert not same_name("the Doctor", "the Master") and not same_name(None, "x")


def test_work_eval_scores_a_small_set(tmp_path: Path) -> None:
    _write_set(tmp_path)
    summary = run_work_eval(tmp_path).summary()
    assert summary["stories"] == 3 and summary["errors"] == 0
    assert summary["mcd"]["tp_fp_fn"] == [1, 0, 0]
    assert summary["mcd_characters"]["recall"] == 1.0
    assert summary["self_harm_work"]["tp_fp_fn"] == [1, 0, 0]
    assert summary["events"]["tp_fp_fn"][0] == 3 and summary["event_victim_agreement"] == 1.0
    # The dream story's gold names a spoiler notice the text does not have: one miss, counted.
    assert summary["spoiler_notice"]["tp_fp_fn"] == [0, 0, 1]


def test_work_eval_cli_rejects_a_set_with_a_missing_story(tmp_path: Path) -> None:
    _write_set(tmp_path)
    (tmp_path / "02-dream.txt").unlink()
    result = CliRunner().invoke(app, ["eval", "work-warnings", "--data", str(tmp_path)])
    assert result.exit_code == 3
    assert "02-dream.txt" in result.output and "Traceback" not in result.output


def test_work_eval_scores_each_split_alone(tmp_path: Path) -> None:
    _write_set(tmp_path)
    lines = (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    later = json.loads(lines[2]) | {"split": "fresh"}
    (tmp_path / "gold.jsonl").write_text("\n".join([*lines[:2], json.dumps(later)]) + "\n", encoding="utf-8")
    summary = run_work_eval(tmp_path).summary()
    assert summary["stories"] == 3 and set(summary["splits"]) == {"blind", "fresh"}
    assert summary["splits"]["blind"]["stories"] == 2 and summary["splits"]["fresh"]["stories"] == 1
    assert summary["splits"]["fresh"]["self_harm_work"]["tp_fp_fn"] == [1, 0, 0]
    assert summary["splits"]["blind"]["mcd"]["tp_fp_fn"] == [1, 0, 0]


def test_work_eval_reads_only_the_splits_asked_for(tmp_path: Path) -> None:
    _write_set(tmp_path)
    lines = (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    held_out = json.loads(lines[2]) | {"split": "held-out"}
    (tmp_path / "gold.jsonl").write_text(
        "\n".join([*lines[:2], json.dumps(held_out)]) + "\n", encoding="utf-8"
    )
    summary = run_work_eval(tmp_path, splits=["blind"]).summary()
    assert summary["stories"] == 2 and summary["errors"] == 0
    result = CliRunner().invoke(
        app, ["eval", "work-warnings", "--data", str(tmp_path), "--split", "blind", "--json"]
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["stories"] == 2


def test_work_eval_json_carries_intervals_overall_and_per_split(tmp_path: Path) -> None:
    _write_set(tmp_path)
    lines = (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    later = json.loads(lines[2]) | {"split": "fresh"}
    (tmp_path / "gold.jsonl").write_text("\n".join([*lines[:2], json.dumps(later)]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "work-warnings", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for part in (data, *data["splits"].values()):
        lo, hi = part["archive_micro_f1_ci"]
        assert lo <= part["archive_micro_f1"] <= hi
        assert len(part["rating_exact_ci"]) == 2 and len(part["rating_within_one_ci"]) == 2
        for key in ("mcd", "self_harm_work", "spoiler_notice"):
            assert {"precision", "recall", "f1", "tp_fp_fn", "precision_ci", "recall_ci"} <= set(part[key])
        assert all("recall_ci" in pr for pr in part["archive"].values())
    # MCD found in the one story that has it: Wilson's 1 of 1, [0.2065, 1.0].
    assert data["mcd"]["recall_ci"] == [0.2065, 1.0]
    table = CliRunner().invoke(app, ["eval", "work-warnings", "--data", str(tmp_path)])
    assert table.exit_code == 0, table.output
    assert "archive_micro_f1: " in table.stdout and "_ci" not in table.stdout
