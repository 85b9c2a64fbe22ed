"""`ficlens eval characters --set stories`: fandom top-1 on hand-written stories, held-out splits unread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficlens.evaluation.characters import eval_stories

# A story of a canon the KB knows well, by full names and a place.
STAR_WARS_STORY = (
    "Tatooine Noon\nby someone\n\n"
    "Obi-Wan Kenobi walked the dunes of Tatooine. Obi-Wan watched the Jawas haggle.\n\n"
    "Luke Skywalker waved from the farm. Obi-Wan Kenobi waved back at Luke Skywalker.\n"
)


def test_eval_stories_scores_listed_splits_and_never_opens_others(tmp_path: Path) -> None:
    (tmp_path / "01-noon.txt").write_text(STAR_WARS_STORY, encoding="utf-8")
    (tmp_path / "02-plain.txt").write_text(
        "Plain\nby someone\n\nOrla Brisk fed the cat. Tamsin Vey laughed at Orla Brisk.\n", encoding="utf-8"
    )
    gold = [
        {"id": "01", "file": "01-noon.txt", "fandom": "Star Wars - All Media Types"},
        {"id": "02", "file": "02-plain.txt", "fandom": "Original Work", "split": "fresh"},
        # A held-out split: its file does not even exist, and must not be read.
        {"id": "M1", "file": "M01-missing.txt", "fandom": "Sherlock (TV)", "split": "fresh8"},
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    result = eval_stories(tmp_path)
    assert result["stories"] == 2 and set(result["splits"]) == {"blind", "fresh"}
    by_file = {r["file"]: r for r in result["per_story"]}
    assert by_file["01-noon.txt"]["ok"]
    # The original story says nothing of being original: "Unknown fandom", wrong by the strict
    # measure, right by the lenient one.
    plain = by_file["02-plain.txt"]
    assert not plain["ok"] and plain["no_canon_ok"]
    assert result["top1"] == 0.5 and result["top1_no_canon_ok"] == 1.0
    # One canon named, and it is right; "Unknown fandom" is no canon named.
    assert result["named"] == 1 and result["named_precision"] == 1.0


def test_eval_unseen_canon_leaves_each_story_canon_out_of_the_kb(tmp_path: Path) -> None:
    from ficlens.evaluation.characters import eval_unseen_canon

    (tmp_path / "01-noon.txt").write_text(STAR_WARS_STORY, encoding="utf-8")
    gold = [
        {"id": "01", "file": "01-noon.txt", "fandom": "Star Wars - All Media Types"},
        # No canon to leave out: not scored.
        {"id": "02", "file": "02-missing.txt", "fandom": "Original Work", "split": "fresh"},
        # A held-out split: its file does not even exist, and must not be read.
        {"id": "M1", "file": "M01-missing.txt", "fandom": "Sherlock (TV)", "split": "fresh8"},
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    result = eval_unseen_canon(tmp_path)
    assert result["stories"] == 1
    (row,) = result["per_story"]
    # With the KB's Star Wars people, ships and terms gone, the story is no longer named Star Wars.
    assert row["left_out_people"] > 10 and row["answer"] != "right"
    assert row["answer"] in ("none", "related", "other")
    assert result[row["answer"]] == 1.0


def test_the_cli_scores_a_held_out_split_only_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import ficlens.cli.characters as cli_characters
    from ficlens.cli import app

    (tmp_path / "M01-plain.txt").write_text(
        "Plain\nby someone\n\nOrla Brisk fed the cat. Tamsin Vey laughed at Orla Brisk.\n", encoding="utf-8"
    )
    gold = [
        {"id": "B1", "file": "B01-missing.txt", "fandom": "Sherlock (TV)"},
        {"id": "M1", "file": "M01-plain.txt", "fandom": "Original Work", "split": "fresh8"},
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    monkeypatch.setattr(cli_characters, "STORIES", tmp_path)
    result = CliRunner().invoke(
        app, ["eval", "characters", "--set", "stories", "--split", "fresh8", "--json"]
    )
    assert result.exit_code == 0, result.output
    stories = json.loads(result.stdout)["stories"]
    assert stories["stories"] == 1 and set(stories["splits"]) == {"fresh8"}


def test_same_fandom_reads_one_canon_under_its_renamed_and_bilingual_spellings() -> None:
    from ficlens.evaluation.characters import same_fandom

    # The 2021 dump's names against today's AO3 tags, and the two sides of a bilingual tag.
    assert same_fandom("MASH (TV)", "M*A*S*H (TV)")
    assert same_fandom("TokyoRevengers", "東京卍リベンジャーズ | Tokyo Revengers")
    assert same_fandom("Princess Bride (1987)", "The Princess Bride (1987)")
    assert same_fandom("SPY x FAMILY (Manga)", "SPY×FAMILY (Anime)")
    assert same_fandom("Shigatsu Wa Kimi No Uso", "Shigatsu wa Kimi no Uso | Your Lie in April")
    assert same_fandom("Kimetsu no Yaiba", "鬼滅の刃 | Demon Slayer: Kimetsu no Yaiba")
    assert same_fandom("Fast & Furious (Movies)", "The Fast and the Furious (2001)")
    assert same_fandom("Fast & Furious (Movies)", "Fast and the Furious Series")
    # A title after a subtitle colon matches whole only: two games of one franchise stay apart.
    assert not same_fandom("Final Fantasy VII: Advent Children", "Crisis Core: Final Fantasy VII")
    assert not same_fandom("The Avengers (Marvel Movies)", "Marvel Cinematic Universe")
    assert not same_fandom("Original Work", "The Office (US)")
