"""Canon places and terms as fandom evidence (never characters), distinctive given names, and bare
names explained by a canon named in full. Everything runs on a small invented knowledge base."""

from __future__ import annotations

import pytest

from ficlens.model import Character, Mention

CANON = "Veldmark Chronicles (TV)"
OTHER = "Harbour Lights (TV)"


def fake(name: str, n: int, aliases: list[str] | None = None) -> Character:
    return Character(
        name=name, aliases=aliases or [], mentions=[Mention(start=i, end=i + 1) for i in range(n)]
    )


@pytest.fixture
def kb(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An invented KB: two canons, their casts, a ship, and the first canon's places and species."""
    import ficlens.stages.fandom as stage_module
    from ficlens.kb.load import DISTINCT_GIVEN_KEY, build_index
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows, RelationshipRow, TermRow

    rows = KBRows(
        fandoms=[FandomRow(CANON, 5000), FandomRow(OTHER, 8000)],
        characters=[
            CharacterRow("Oberyx Tallow", CANON, ao3_tag=True),
            CharacterRow("Anna Quell", CANON, ao3_tag=True),
            CharacterRow("Sam Quell", CANON, ao3_tag=True),
            CharacterRow("Jack Ferris", OTHER, ao3_tag=True),
            CharacterRow("Sam Dorrance", OTHER, ao3_tag=True),
        ],
        relationships=[
            RelationshipRow("Jack Ferris/Sam Dorrance", "romantic", ["Jack Ferris", "Sam Dorrance"], OTHER)
        ],
        terms=[
            TermRow("Karsh Veldt", CANON, "place"),
            TermRow("Ossuaria", CANON, "place"),
            TermRow("Thrennic", CANON, "species"),
            TermRow("Gloamhold", CANON, "place"),
        ],
        # As training/build_kb.py lists them: given names one canon person alone bears.
        meta={DISTINCT_GIVEN_KEY: "oberyx"},
    )
    index = build_index(rows)
    monkeypatch.setattr(stage_module, "load_kb", lambda: index)
    return index


def test_terms_are_found_as_names_are_written(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import find_terms

    text = (
        "They left Ossuaria at dawn. Ossuaria's towers burned behind them; two Thrennics watched from "
        "the road to Karsh Veldt. Nobody says ossuaria in lower case, and karsh veldt is no name."
    )
    assert find_terms(text, kb) == {CANON: {"Ossuaria": 2, "Thrennic": 1, "Karsh Veldt": 1}}
    # A term must be written whole: "Karsh" alone is not "Karsh Veldt".
    assert find_terms("Karsh was tired.", kb) == {}


def test_one_place_named_once_names_no_canon(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import UNKNOWN_FANDOM, detect_fandoms

    cast = [fake("Tobin Ash", 20), fake("Lisle Varn", 12)]
    # One place, however often written, is one clue.
    guesses, _ = detect_fandoms(cast, [], "They reached Ossuaria. " * 6)
    assert guesses[0].name == UNKNOWN_FANDOM
    # Three places of one canon name it, and not very surely.
    story = "From Ossuaria to Gloamhold, then on to Karsh Veldt."
    guesses, _ = detect_fandoms(cast, [], story)
    assert guesses[0].name == CANON and 0.4 <= guesses[0].confidence < 0.6
    assert {"Ossuaria", "Gloamhold", "Karsh Veldt"} <= set(guesses[0].evidence)


def test_a_place_and_a_name_are_two_clues(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import UNKNOWN_FANDOM, detect_fandoms

    # "Anna" alone fits the canon's Anna Quell but is one bare name: not enough.
    alone, _ = detect_fandoms([fake("Anna", 12)], [], "A quiet night.")
    assert alone[0].name == UNKNOWN_FANDOM
    # With the canon's own city written twice, it is the canon.
    guesses, mapping = detect_fandoms([fake("Anna", 12)], [], "Gloamhold slept. Anna watched Gloamhold.")
    assert guesses[0].name == CANON
    assert mapping[CANON]["Anna"] == "Anna Quell"


def test_terms_make_no_crossover_beside_a_canon_named_in_full(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import detect_fandoms

    cast = [fake("Jack Ferris", 30), fake("Sam Dorrance", 20)]
    story = "Jack read about Ossuaria and Gloamhold and Karsh Veldt in a novel."
    guesses, _ = detect_fandoms(cast, [], story)
    assert [g.name for g in guesses] == [OTHER]


def test_a_distinctive_given_name_is_a_clue_an_everyday_one_is_not(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import (
        DISTINCT_GIVEN_WEIGHT,
        ONE_NAME_CONFIDENCE,
        detect_fandoms,
        match_character,
    )

    # "Oberyx" is the given name of one canon person only: it names the canon, at a coin flip.
    assert [w for _, w in match_character(fake("Oberyx", 10), kb)] == [DISTINCT_GIVEN_WEIGHT]
    guesses, _ = detect_fandoms([fake("Oberyx", 40), fake("Pell", 5)])
    assert guesses[0].name == CANON and guesses[0].confidence == ONE_NAME_CONFIDENCE
    # "Anna" is an everyday given name and "Tallow" a surname: bare, they stay weak.
    assert all(w < DISTINCT_GIVEN_WEIGHT for _, w in match_character(fake("Anna", 10), kb))
    assert all(w < DISTINCT_GIVEN_WEIGHT for _, w in match_character(fake("Tallow", 10), kb))


def test_bare_names_a_full_named_canon_explains_are_its_own(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import detect_fandoms

    # "Jack" and "Sam" are the halves of the other canon's popular pairing, but "Sam" also fits the
    # canon named in full (Anna Quell's Sam Quell): only "Jack" is left for the pairing.
    cast = [fake("Anna Quell", 14), fake("Jack", 40), fake("Sam", 30)]
    guesses, _ = detect_fandoms(cast)
    assert guesses[0].name == CANON
    # Without the full name, the pairing is the better reading.
    guesses, _ = detect_fandoms([fake("Jack", 40), fake("Sam", 30)])
    assert guesses[0].name == OTHER


def test_a_canon_term_is_no_character(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.characters import drop_non_persons
    from ficlens.stages.fandom import is_canon_term

    assert is_canon_term("Ossuaria", kb) and is_canon_term("the Thrennics", kb)
    assert not is_canon_term("Anna Quell", kb) and not is_canon_term("Karsh", kb)
    people = [
        fake("Ossuaria", 3),
        fake("Thrennics", 2),
        fake("Anna", 9),
        fake("Gloamhold", 4, ["Lady Gloam"]),
    ]
    kept = drop_non_persons(people, lambda n: is_canon_term(n, kb))
    # A character also called by another name ("Lady Gloam") is kept.
    assert [c.name for c in kept] == ["Anna", "Gloamhold"]


def test_the_fandom_stage_drops_terms_from_the_characters(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.model import Work
    from ficlens.stages.fandom import fandom

    text = "Anna crossed Gloamhold. Gloamhold was cold."
    work = Work(text=text)
    work.inferred.characters = [fake("Anna", 6), fake("Gloamhold", 2)]
    out = fandom(work)
    assert [c.name for c in out.inferred.characters] == ["Anna"]
    assert out.inferred.fandoms[0].name == CANON


def test_a_name_written_often_beside_one_place_is_one_clue(kb) -> None:  # type: ignore[no-untyped-def]
    from ficlens.stages.fandom import detect_fandoms

    # "Anna" thirty times and "Gloamhold" once: two clues, named, but no surer than a coin flip plus
    # a little; with two more of the canon's places it is surer.
    once, _ = detect_fandoms([fake("Anna", 30)], [], "Anna saw Gloamhold.")
    more, _ = detect_fandoms([fake("Anna", 30)], [], "Anna saw Gloamhold, Ossuaria and Karsh Veldt.")
    assert once[0].name == more[0].name == CANON
    assert once[0].confidence < 0.6 < more[0].confidence


def test_a_one_word_canon_name_that_people_bear_as_a_given_name_is_weak(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ficlens.stages.fandom as stage_module
    from ficlens.kb.load import EVERYDAY_GIVEN_KEY, build_index
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows
    from ficlens.stages.fandom import PARTIAL_WEIGHT, SINGLE_WEIGHT, detect_fandoms, match_character

    rows = KBRows(
        fandoms=[FandomRow(CANON, 5000)],
        characters=[CharacterRow("Wolter", CANON), CharacterRow("Zavrix", CANON)],
        # As training/build_kb.py lists them: one-word KB names real people bear as given names.
        meta={EVERYDAY_GIVEN_KEY: "wolter"},
    )
    kb = build_index(rows)
    monkeypatch.setattr(stage_module, "load_kb", lambda: kb)
    # "Zavrix" is nobody's given name: a one-word canon name, a clue at a coin flip...
    assert [w for _, w in match_character(fake("Zavrix", 10), kb)] == [SINGLE_WEIGHT]
    assert detect_fandoms([fake("Zavrix", 40)])[0][0].name == CANON
    # ...a bare "Wolter" is a Dutch given name as much as the canon's Wolter: as weak as any first name.
    assert [w for _, w in match_character(fake("Wolter", 10), kb)] == [PARTIAL_WEIGHT]
    assert detect_fandoms([fake("Wolter", 40)])[0][0].name != CANON
