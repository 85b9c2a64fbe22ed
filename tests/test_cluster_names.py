"""`ficlens.characters.cluster_names`: nicknames, honorifics, first/last-name logic, scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.characters import cluster_names, parse_name, same_given_name
from ficlens.evaluation.characters import b_cubed, eval_pdnc


def cluster_of(clusters: list[list[str]], name: str) -> set[str]:
    return next(set(c) for c in clusters if name in c)


def test_cluster_names_nicknames_join_full_name() -> None:
    clusters = cluster_names(["Elizabeth Bennet", "Lizzy", "Eliza", "Jane Bennet", "Jane"])
    assert cluster_of(clusters, "Lizzy") == {"Elizabeth Bennet", "Lizzy", "Eliza"}
    assert cluster_of(clusters, "Jane") == {"Jane Bennet", "Jane"}


def test_cluster_names_honorifics_keep_mr_and_mrs_apart() -> None:
    clusters = cluster_names(["Mr. Bennet", "Mrs. Bennet", "Mr Bennet"])
    assert cluster_of(clusters, "Mr. Bennet") == {"Mr. Bennet", "Mr Bennet"}
    assert cluster_of(clusters, "Mrs. Bennet") == {"Mrs. Bennet"}


@pytest.mark.parametrize(
    ("names", "together"),
    [
        (["Captain Jack Harkness", "Jack", "Harkness"], {"Captain Jack Harkness", "Jack", "Harkness"}),
        (["Toshiko Sato", "Tosh"], {"Toshiko Sato", "Tosh"}),
        (["William Riker", "Bill", "Will"], {"William Riker", "Bill", "Will"}),
        (["Bumble", "Mr. Bumble"], {"Bumble", "Mr. Bumble"}),
        (["Colonel Brandon", "The Colonel", "Brandon"], {"Colonel Brandon", "The Colonel", "Brandon"}),
    ],
)
def test_cluster_names_joins_forms_of_one_person(names: list[str], together: set[str]) -> None:
    assert cluster_of(cluster_names(names), names[0]) == together


def test_cluster_names_ambiguous_surname_stays_apart() -> None:
    clusters = cluster_names(["Anne Elliot", "Elizabeth Elliot", "Miss Elliot"])
    assert cluster_of(clusters, "Miss Elliot") == {"Miss Elliot"}


def test_cluster_names_gender_blocks_wrong_join() -> None:
    clusters = cluster_names(["Minnie Beebe", "Mr. Beebe"])
    assert cluster_of(clusters, "Mr. Beebe") == {"Mr. Beebe"}


def test_cluster_names_counts_break_ties() -> None:
    names = ["Harry Potter", "James Potter", "Potter"]
    counts = {"Harry Potter": 40, "James Potter": 2, "Potter": 10}
    assert cluster_of(cluster_names(names, counts), "Potter") == {"Harry Potter", "Potter"}


def test_cluster_names_every_name_exactly_once() -> None:
    names = ["Lizzy", "Lizzy", "", "  ", "123", "The Footman", "Footman", "Mr. Darcy", "Darcy"]
    clusters = cluster_names(names)
    flat = [n for c in clusters for n in c]
    assert sorted(flat) == sorted({n for n in names if n.strip()})


def test_cluster_names_two_thousand_names() -> None:
    firsts = ["Anna", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"]
    names = [f"{firsts[i % 10]} Surname{i // 10}" for i in range(2000)]
    clusters = cluster_names([*names, "Anna", "Mr. Surname7"])
    flat = [n for c in clusters for n in c]
    assert len(flat) == 2002 and len(set(flat)) == 2002
    # "Anna" fits 200 full names: it must not be glued to one of them.
    assert cluster_of(clusters, "Anna") == {"Anna"}


def test_parse_name_reads_titles_and_particles() -> None:
    p = parse_name("Old Mr. Henry Van Der Luyden's")
    assert (p.title, p.given, p.surname) == ("mr", "henry", "van der luyden")
    assert parse_name("Fagin's Jailer").descriptive


@pytest.mark.parametrize(
    ("a", "b", "same"), [("lizzy", "eliza", True), ("gil", "gilbert", True), ("al", "alice", False)]
)
def test_same_given_name_nicknames(a: str, b: str, same: bool) -> None:
    assert same_given_name(a, b) is same


def test_b_cubed_perfect_and_singletons() -> None:
    gold = [["a", "b"], ["c"]]
    assert b_cubed(gold, gold)["f1"] == 1.0
    assert b_cubed([["a"], ["b"], ["c"]], gold)["recall"] < 1.0


def test_cluster_names_pdnc_beats_baselines(shared_data: Path) -> None:
    result = eval_pdnc(shared_data / "characters" / "pdnc_characters_dev.jsonl")
    macro = result["macro"]
    assert macro["ficlens"] > macro["last_word"] + 0.05 > macro["singletons"]
