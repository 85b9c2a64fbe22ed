"""The learn-then-predict protocol's split: a work is on one side only, each fandom on both."""

from __future__ import annotations

from ficlens.evaluation.kb_learn import split_half


def test_split_half_keeps_works_whole_and_fandoms_on_both_sides() -> None:
    fandoms = {
        "A": ["1", "2", "3", "4", "5"],
        "B": ["5", "6"],  # "5" is a crossover of A and B
        "C": ["7", "8", "9"],
    }
    train, test = split_half(fandoms)
    assert not train & test
    assert train | test == {str(i) for i in range(1, 10)}
    for ids in fandoms.values():
        assert set(ids) & train and set(ids) & test
    assert split_half(fandoms) == (train, test)  # deterministic
