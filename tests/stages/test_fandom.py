"""Fandom stage: knowledge-base lookups, crossovers, Original Work and canonical tags."""

from __future__ import annotations

from importlib import resources

import pytest
from h3_stories import CROSSOVER, ORIGINAL, TORCHWOOD, make_work

from ficlens.kb import KnowledgeBase
from ficlens.model import Character, Mention, Work
from ficlens.stages.characters import characters
from ficlens.stages.fandom import (
    ORIGINAL_WORK,
    UNKNOWN_FANDOM,
    detect_fandoms,
    fandom,
    load_kb,
    romantic_ships,
)


def analysed(text: str) -> Work:
    return fandom(characters(make_work(text)))


def fake(name: str, n: int, aliases: list[str] | None = None) -> Character:
    return Character(
        name=name, aliases=aliases or [], mentions=[Mention(start=i, end=i + 1) for i in range(n)]
    )


def test_fandom_detects_torchwood_and_maps_tags() -> None:
    work = analysed(TORCHWOOD)
    assert work.inferred.fandoms[0].name == "Torchwood"
    tags = {c.name: c.canonical for c in work.inferred.characters}
    assert tags["Jack Harkness"] == "Jack Harkness"
    assert "Jack Harkness" in work.inferred.fandoms[0].evidence


def test_fandom_crossover_names_both() -> None:
    names = [f.name for f in analysed(CROSSOVER).inferred.fandoms]
    assert len(names) >= 2
    assert any("Sherlock" in n for n in names) and any("Stargate" in n for n in names)


def test_fandom_unknown_when_no_canon_explains_the_cast() -> None:
    guesses = analysed(ORIGINAL).inferred.fandoms
    # A named cast that no canon explains is not evidence of an original work.
    assert [g.name for g in guesses] == [UNKNOWN_FANDOM]
    assert guesses[0].confidence < 0.5 and guesses[0].evidence


def test_fandom_no_characters_is_unknown_with_least_confidence() -> None:
    guesses, mapping = detect_fandoms([])
    assert [g.name for g in guesses] == [UNKNOWN_FANDOM] and mapping == {}
    cast, _ = detect_fandoms([fake("Orla Brisk", 30), fake("Tamsin Vey", 20)])
    assert cast[0].evidence == ["Orla Brisk", "Tamsin Vey"]
    assert guesses[0].confidence < cast[0].confidence < 0.5


def test_fandom_original_work_only_when_the_author_says_so() -> None:
    cast = [fake("Orla Brisk", 30), fake("Tamsin Vey", 20)]
    for note in ("This is an original story.", "All my own characters!", "Not fanfic, for once."):
        guesses, _ = detect_fandoms(cast, ["A title", note])
        assert guesses[0].name == ORIGINAL_WORK and 0.5 < guesses[0].confidence < 0.8, note
        assert guesses[0].evidence
    # "The Original Series" is a canon, not a claim of originality.
    guesses, _ = detect_fandoms(cast, ["Set after The Original Series ended."])
    assert guesses[0].name != ORIGINAL_WORK
    # A found canon wins over a stray phrase.
    guesses, _ = detect_fandoms(
        [fake("Aziraphale", 20), fake("Crowley", 20)], ["my own take on it, original fic"]
    )
    assert "Good Omens" in guesses[0].name


def test_fandom_named_in_the_notes_is_evidence() -> None:
    cast = [fake("Orla Brisk", 30), fake("Tamsin Vey", 20)]
    guesses, _ = detect_fandoms(cast, ["Disclaimer: I don't own Supernatural."])
    assert guesses[0].name == "Supernatural" and guesses[0].confidence > 0.5
    assert any("Supernatural" in e for e in guesses[0].evidence)
    # Written without a phrase that introduces it, a canon is weaker evidence.
    plain, _ = detect_fandoms(cast, ["The Good Omens reference is deliberate."])
    assert "Good Omens" in plain[0].name and plain[0].confidence < guesses[0].confidence
    # A one-word canon name in running text is an everyday word, not a canon.
    guesses, _ = detect_fandoms(cast, ["They watched Supernatural together."])
    assert guesses[0].name == UNKNOWN_FANDOM
    # A name of several words counts wherever the author writes it with its capitals.
    guesses, _ = detect_fandoms(cast, ["A Good Omens AU where nobody is an angel."])
    assert "Good Omens" in guesses[0].name
    guesses, _ = detect_fandoms(cast, ["good omens, bad weather"])
    assert guesses[0].name == UNKNOWN_FANDOM
    # A work the story only borrows from is no canon of its own cast...
    guesses, _ = detect_fandoms(cast, ["Loosely inspired by the Good Omens TV show."])
    assert guesses[0].name == UNKNOWN_FANDOM
    # ...but it still supports that work's cast.
    pair = [fake("Aziraphale", 5), fake("Crowley", 5)]
    alone, _ = detect_fandoms(pair)
    helped, _ = detect_fandoms(pair, ["Inspired by Good Omens."])
    assert "Good Omens" in helped[0].name and helped[0].confidence > alone[0].confidence


def test_fandom_one_common_first_name_is_not_a_canon() -> None:
    guesses, _ = detect_fandoms([fake("John", 30)])
    assert guesses[0].name == UNKNOWN_FANDOM


def test_fandom_more_mentions_more_confidence() -> None:
    low, _ = detect_fandoms([fake("Aziraphale", 2), fake("Crowley", 2)])
    high, _ = detect_fandoms([fake("Aziraphale", 40), fake("Crowley", 40)])
    assert "Good Omens" in high[0].name
    assert high[0].confidence > low[0].confidence


@pytest.mark.parametrize(
    ("name", "limit"),
    [("kb.sqlite", 3_000_000), ("kb_nicknames.tsv", 200_000), ("kb_given_names.txt", 200_000)],
)
def test_fandom_resources_ship_small(name: str, limit: int) -> None:
    size = len(resources.files("ficlens.resources").joinpath(name).read_bytes())
    assert 0 < size < limit


def test_fandom_kb_indexes_aliases() -> None:
    kb = load_kb()
    assert any(e.name == "Jack Harkness" for e in kb.full["jack harkness"])
    assert "castiel" in kb.single


def test_fandom_bare_first_names_make_no_crossover_beside_full_names() -> None:
    partials = [fake("Natasha", 40), fake("Clint", 40)]
    # Alone, two bare first names are enough to name their canon...
    alone, _ = detect_fandoms(partials)
    assert alone[0].name not in (ORIGINAL_WORK, UNKNOWN_FANDOM)
    # ...but beside a canon named by full names they are common names, not a crossover.
    guesses, mapping = detect_fandoms([fake("Jack Harkness", 40), fake("Ianto Jones", 30), *partials])
    assert [g.name for g in guesses] == ["Torchwood"]
    assert "Natasha" not in mapping["Torchwood"]


def test_fandom_given_name_and_surname_apart_count_as_a_full_name() -> None:
    guesses, mapping = detect_fandoms(
        [fake("Jack Harkness", 40), fake("Ianto Jones", 30), fake("Tony", 25), fake("Stark", 25)]
    )
    names = [g.name for g in guesses]
    assert names[0] == "Torchwood" and len(names) == 2
    assert mapping[names[1]] == {"Tony": "Tony Stark", "Stark": "Tony Stark"}


def test_fandom_full_name_with_a_nickname_matches_the_canon_name() -> None:
    guesses, mapping = detect_fandoms([fake("Samuel Winchester", 30), fake("Dean Winchester", 30)])
    assert guesses[0].name == "Supernatural"
    assert mapping["Supernatural"]["Samuel Winchester"] == "Sam Winchester"


def test_fandom_one_canonical_tag_is_one_character() -> None:
    from ficlens.stages.fandom import merge_same_canonical

    def tagged(name: str, n: int, start: int, tag: str | None, role: str = "secondary") -> Character:
        mentions = [Mention(start=start + 10 * i, end=start + 10 * i + 3) for i in range(n)]
        return Character(name=name, canonical=tag, role=role, mentions=mentions)  # type: ignore[arg-type]

    merged = merge_same_canonical(
        [
            tagged("Vell", 6, 0, "Corvin Vell | The Grey Knight"),
            tagged("Brisa", 5, 1000, None),
            tagged("Corvin", 4, 2000, "Corvin Vell | The Grey Knight", role="main"),
            tagged("Grey", 2, 3000, "Corvin Vell | The Grey Knight", role="mentioned"),
        ]
    )
    assert [c.name for c in merged] == ["Vell", "Brisa"]
    vell = merged[0]
    assert len(vell.mentions) == 12 and vell.aliases == ["Corvin", "Grey"]
    assert vell.role == "main"
    assert [m.start for m in vell.mentions] == sorted(m.start for m in vell.mentions)


def test_fandom_bare_first_name_is_the_shipped_partner_of_a_named_character() -> None:
    from ficlens.stages.fandom import KnowledgeBase, _add_ship_partners

    kb = KnowledgeBase(
        fandoms={},
        umbrella=set(),
        relationships=[
            ["Theodore Vance/Orla", "romantic", ["Theodore Vance", "Orla"], "Lanterns", "F/M", 900],
            ["Orla/Mira Holt", "romantic", ["Orla", "Mira Holt"], "Lanterns", "F/F", 300],
            ["Orla & Teddy Marsh", "platonic", ["Orla", "Teddy Marsh"], "Lanterns", "", 100],
        ],
    )
    tags = {"Orla": "Orla"}
    # "Ted" is a form of Theodore: Orla's one shipped partner it fits. "Sam" fits none; the
    # platonic "Teddy Marsh" is no partner.
    _add_ship_partners(tags, ["Orla", "Ted", "Sam"], kb)
    assert tags == {"Orla": "Orla", "Ted": "Theodore Vance"}
    # Two names fitting one partner leave both unnamed rather than guess.
    tags = {"Orla": "Orla"}
    _add_ship_partners(tags, ["Orla", "Ted", "Theo"], kb)
    assert tags == {"Orla": "Orla"}
    # Nobody named yet: nothing to anchor a partner to.
    tags = {}
    _add_ship_partners(tags, ["Ted", "Mira"], kb)
    assert tags == {}


def test_fandom_two_bare_names_of_one_popular_pairing() -> None:
    from ficlens.stages.fandom import KnowledgeBase, _shipped_pairs

    kb = KnowledgeBase(
        fandoms={},
        umbrella=set(),
        relationships=[
            ["Theodore Vance/Orla", "romantic", ["Theodore Vance", "Orla"], "Lanterns", "F/M", 900]
        ],
    )
    pairs = _shipped_pairs([fake("Orla", 40), fake("Theodore", 30), fake("Brisa", 20)], kb)
    assert [(f, sorted((c.name, tag) for c, tag in pair)) for f, pair in pairs] == [
        ("Lanterns", [("Orla", "Orla"), ("Theodore", "Theodore Vance")])
    ]
    # A nickname is not enough here ("Ted" of another canon is not Theodore Vance)...
    assert _shipped_pairs([fake("Orla", 40), fake("Ted", 30)], kb) == []
    # ...and a pairing needs its two halves in the cast.
    assert _shipped_pairs([fake("Orla", 40), fake("Brisa", 30)], kb) == []


def test_fandom_everyday_given_name_alone_is_no_canon() -> None:
    kb = load_kb()
    assert "evie" in kb.single and "castiel" in kb.single
    # "Evie" is a one-word canon name (Descendants) but also an everyday name: alone, no canon.
    guesses, _ = detect_fandoms([fake("Evie", 40), fake("Agatha Thrimble", 30)])
    assert guesses[0].name == UNKNOWN_FANDOM
    # "Castiel" is nobody's everyday name.
    guesses, _ = detect_fandoms([fake("Castiel", 40), fake("Agatha Thrimble", 30)])
    assert "Supernatural" in guesses[0].name


def test_fandom_eval_on_classics_lists_canons(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from ficlens.evaluation.characters import eval_fandom_on_classics

    rows = [
        {"id": "1_a", "title": "A", "text": "Evie walked to the mill . Evie was tired , and Evie slept ."},
        {
            "id": "2_b",
            "title": "The Adventures of Sherlock Holmes",
            "text": "Sherlock Holmes looked up . John Watson sat down . Holmes smiled at Watson .",
        },
    ]
    path = tmp_path / "lb.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = eval_fandom_on_classics(path)
    assert result["excerpts"] == 2 and result["named_a_canon"] == 1
    row = result["rows"][0]
    assert row["title"] == "The Adventures of Sherlock Holmes" and "Sherlock" in row["fandom"]
    # The book's own canon is named: no other canon.
    assert row["own_canon"] and result["named_another_canon"] == 0


def test_own_canon_is_the_books_title_not_a_namesakes() -> None:
    from ficlens.evaluation.characters import _own_canon

    assert _own_canon("Persuasion", "Persuasion - Jane Austen")
    assert _own_canon("The Legend of Sleepy Hollow", "Sleepy Hollow (TV)")
    assert _own_canon("Frankenstein; Or, The Modern Prometheus", "Frankenstein - Mary Shelley")
    assert not _own_canon("The Masque of the Red Death", "The Tempest - Shakespeare")
    assert not _own_canon("Oliver Twist", "Harry Potter - J. K. Rowling")


def test_fandom_everyday_first_names_need_a_shipped_pair() -> None:
    # Two everyday first names of some canon's characters are a coincidence...
    guesses, _ = detect_fandoms([fake("George", 40), fake("Peter", 30)])
    assert guesses[0].name == UNKNOWN_FANDOM
    # ...unless the canon ships exactly those two.
    kb = load_kb()
    assert any({a, b} == {"Colin Bridgerton", "Penelope Featherington"} for _f, a, b in romantic_ships(kb))
    guesses, _ = detect_fandoms([fake("Colin", 40), fake("Penelope", 30)])
    assert "Bridgerton" in guesses[0].name


def test_fandom_titled_name_matches_a_canon_surname_only() -> None:
    from ficlens.stages.fandom import match_character

    kb = load_kb()
    # "Brooke" is a given name in some canon; "Mr. Brooke" can only be a family name.
    bare = {e.name for e, _ in match_character(fake("Brooke", 5), kb)}
    titled = {e.name for e, _ in match_character(fake("Mr. Brooke", 5), kb)}
    assert any(n.split()[0] == "Brooke" for n in bare)
    assert not any(n.split()[0] == "Brooke" for n in titled)


def test_fandom_one_inexact_minor_character_is_a_namesake() -> None:
    # "Jim Wilson" is James Wilson (House M.D.) only by a nickname: as a minor character of a
    # bigger invented cast he is a namesake...
    minor, _ = detect_fandoms([fake("Orla Brisk", 40), fake("Tamsin Vey", 30), fake("Jim Wilson", 12)])
    assert minor[0].name == UNKNOWN_FANDOM
    # ...as the lead he still names the canon.
    lead, _ = detect_fandoms([fake("Jim Wilson", 40), fake("Orla Brisk", 30)])
    assert lead[0].name == "House M.D."


def test_fandom_kb_keys_a_quoted_nickname_with_the_surname() -> None:
    from ficlens.kb import name_keys

    assert "buck buckley" in name_keys('Evan "Buck" Buckley')
    assert name_keys("Jaskier | Dandelion") == ("jaskier", "dandelion")
    # "Bucky Barnes" is how stories write James "Bucky" Barnes: a full-name match.
    guesses, mapping = detect_fandoms([fake("Bucky Barnes", 20), fake("Natasha", 10)])
    assert any(tag == 'James "Bucky" Barnes' for tags in mapping.values() for tag in tags.values())
    assert guesses[0].confidence > 0.5


def test_a_bare_name_fits_one_person_however_many_rows_name_them() -> None:
    from ficlens.kb.index import KBCharacter
    from ficlens.stages.fandom import _distinct_people

    rows = [
        KBCharacter("Ysolde Marrin", "Tidewatch", 40, True),
        KBCharacter("Princess Ysolde", "Tidewatch", 5, False),  # a title and the given name: the same woman
        KBCharacter("Ysolde Marrin/Oswin Tal", "Tidewatch", 3, False),  # a pairing filed as a character
        KBCharacter("Ysolde Brand", "Tidewatch", 9, True),  # another Ysolde of the same canon
        KBCharacter("Princess Ysolde", "Saltmarsh", 2, False),  # the same words in another canon
    ]
    people = _distinct_people(rows)
    assert [(e.name, e.fandom) for e in people] == [
        ("Ysolde Marrin", "Tidewatch"),
        ("Ysolde Brand", "Tidewatch"),
        ("Princess Ysolde", "Saltmarsh"),
    ]


def _invented_kb(
    monkeypatch: pytest.MonkeyPatch, fandoms: dict[str, int], cast: dict[str, list[str]]
) -> KnowledgeBase:
    """Let the fandom stage read a small invented knowledge base: fandom -> AO3 works, and
    fandom -> its characters (AO3 character tags)."""
    import ficlens.stages.fandom as stage_module
    from ficlens.kb.load import build_index
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows

    rows = KBRows(
        fandoms=[FandomRow(name, works) for name, works in fandoms.items()],
        characters=[CharacterRow(c, f, ao3_tag=True) for f, names in cast.items() for c in names],
    )
    kb = build_index(rows)
    monkeypatch.setattr(stage_module, "load_kb", lambda: kb)
    return kb


def test_fandom_equal_evidence_goes_to_the_most_tagged_canon(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same two characters are filed under the franchise tag and one of its series; another
    # series has no characters in the KB. The text cannot tell them apart: the most used tag wins.
    fandoms = {"Starfarers": 9000, "Starfarers: New Voyage (Movies)": 7000, "Starfarers: First Voyage": 4000}
    pair = ["Corin Vale", "Tessaly Orn"]
    _invented_kb(monkeypatch, fandoms, {"Starfarers": pair, "Starfarers: New Voyage (Movies)": pair})
    guesses, mapping = detect_fandoms([fake("Corin Vale", 30), fake("Tessaly Orn", 20)])
    assert [g.name for g in guesses] == ["Starfarers"]
    assert mapping["Starfarers"]["Corin Vale"] == "Corin Vale"
    # The other way round in works, the other tag: the rule is the count, not the shorter name.
    fandoms = {**fandoms, "Starfarers": 5000}
    _invented_kb(monkeypatch, fandoms, {"Starfarers": pair, "Starfarers: New Voyage (Movies)": pair})
    guesses, _ = detect_fandoms([fake("Corin Vale", 30), fake("Tessaly Orn", 20)])
    assert guesses[0].name == "Starfarers: New Voyage (Movies)"
    # More evidence still beats more works: a third character only the series has.
    cast = {"Starfarers": pair, "Starfarers: New Voyage (Movies)": [*pair, "Imre Castellane"]}
    _invented_kb(monkeypatch, {**fandoms, "Starfarers": 90000}, cast)
    guesses, _ = detect_fandoms([fake("Corin Vale", 30), fake("Tessaly Orn", 20), fake("Imre Castellane", 9)])
    assert guesses[0].name == "Starfarers: New Voyage (Movies)"


def test_fandom_telling_the_notes_name_goes_before_another_telling(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.stages.fandom_text import medium_cue, tag_medium

    # The books have more of the story's people than the series made of them; the notes say
    # which one the story follows.
    books, show = "The Fenwick Chronicles - Ada Marlowe", "Fenwick (TV)"
    fandoms = {books: 900, show: 3000}
    cast = {books: ["Osric Vane", "Aldith Rook", "Wystan Crane"], show: ["Osric Vane", "Maud Fenner"]}
    _invented_kb(monkeypatch, fandoms, cast)
    story = [
        fake("Osric Vane", 40),
        fake("Aldith Rook", 12),
        fake("Wystan Crane", 10),
        fake("Maud Fenner", 6),
    ]
    plain, _ = detect_fandoms(story, ["A shield-wall fic."])
    assert [g.name for g in plain] == [books]
    guesses, mapping = detect_fandoms(story, ["Set in season one. Spoilers, obviously."])
    # The series, and no crossover with the books it tells; the books' people keep their tags.
    assert [g.name for g in guesses] == [show]
    assert mapping[show]["Aldith Rook"] == "Aldith Rook"
    # A telling the notes deny ("not the book") is no cue, and notes about two tellings name none.
    for notes in [
        "Based on the show, not the book.",
        "No show spoilers.",
        "I read the books and loved the show.",
    ]:
        assert [g.name for g in detect_fandoms(story, [notes])[0]] == (
            [show] if "not the" in notes else [books]
        )
    # A tag that does not say its telling ("Fenwick") is often the series itself: it keeps its place.
    _invented_kb(monkeypatch, {"Fenwick": 900, show: 3000}, {"Fenwick": cast[books], show: cast[show]})
    assert [g.name for g in detect_fandoms(story, ["Set in season one."])[0]] == ["Fenwick"]
    assert medium_cue(["Film-verse; spoilers for the end of the movie."]) == "film"
    # Words that name no telling in notes: a title, a night in, a state of mind.
    assert medium_cue(["the Hunger Games trilogy", "a movie night fic", "after a panic episode"]) is None
    assert [tag_medium(t) for t in [show, books, "Fenwick", "Fenwick (Video Games)", "Fenwick (Movies)"]] == [
        "tv",
        "book",
        None,
        "game",
        "film",
    ]


def test_fandom_resting_on_one_bare_name_is_no_surer_than_a_coin(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.stages.fandom import ONE_NAME_CONFIDENCE

    _invented_kb(
        monkeypatch, {"Quillon Heights (TV)": 3000}, {"Quillon Heights (TV)": ["Zephyrine", "Odo Marsh"]}
    )
    # Written 200 times, one name is still one clue.
    one, _ = detect_fandoms([fake("Zephyrine", 200), fake("Pell", 12)])
    assert one[0].name == "Quillon Heights (TV)" and one[0].confidence == ONE_NAME_CONFIDENCE
    # A full name, or a second character, is more than one clue.
    full, _ = detect_fandoms([fake("Odo Marsh", 200), fake("Pell", 12)])
    both, _ = detect_fandoms([fake("Zephyrine", 100), fake("Odo Marsh", 100)])
    assert full[0].confidence > 0.8 and both[0].confidence > 0.8


def test_fandom_calibration_measures() -> None:
    from ficlens.evaluation.characters import calibration, fandom_halves

    # Two answers at 0.9, one right; two at 0.1, both wrong: |0.5 - 0.9| and |0 - 0.1|, half each.
    cal = calibration([(0.9, True), (0.9, False), (0.1, False), (0.1, False)])
    assert cal["ece"] == pytest.approx(0.25) and cal["confident"] == 2 and cal["confident_accuracy"] == 0.5
    works = [
        {"fandom_confidence": 0.9, "fandom_ok": True},
        {"fandom_confidence": 0.9, "fandom_ok": False},
        {"error": "unreadable"},
        {"fandom_confidence": 0.1, "fandom_ok": False},
    ]
    halves = fandom_halves(works)
    assert halves["even"]["works"] == 1 and halves["even"]["top1"] == 1.0  # works 0 and 2 (an error)
    assert halves["odd"]["works"] == 2 and halves["odd"]["top1"] == 0.0
    assert halves["odd"]["ece"] == pytest.approx(0.5)  # (|0 - 0.9| + |0 - 0.1|) / 2


def test_fandom_a_titled_surname_is_not_a_canon_character_of_the_other_gender() -> None:
    from ficlens.kb.load import build_index
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows
    from ficlens.stages.fandom import match_character

    kb = build_index(
        KBRows(
            fandoms=[FandomRow("Tremaine Hall (TV)", 2000)],
            characters=[CharacterRow("Margaret Tremaine", "Tremaine Hall (TV)", ao3_tag=True)],
        )
    )
    # "Mr. Tremaine" is a man of her family, not Margaret; "Mrs." or "Miss Tremaine" may be her.
    assert match_character(fake("Mr. Tremaine", 5), kb) == []
    assert [e.name for e, _ in match_character(fake("Mrs. Tremaine", 5), kb)] == ["Margaret Tremaine"]
    assert [e.name for e, _ in match_character(fake("Miss Tremaine", 5), kb)] == ["Margaret Tremaine"]


def test_fandom_a_romanised_name_matches_hyphenated_or_joined() -> None:
    from ficlens.stages.fandom import match_character

    kb = load_kb()
    # The KB spells him "Yang Wenli"; stories write "Yang Wen-li" as often.
    for written in ("Yang Wen-li", "Yang Wenli"):
        found = {e.fandom for e, w in match_character(fake(written, 5), kb) if w == 1.0}
        assert any("Galactic Heroes" in f for f in found), written
    # The given name alone, as a story that says "Yang" and "Wen-li" apart writes it.
    for written in ("Wen-li", "Wenli"):
        assert any(e.name == "Yang Wenli" for e, _ in match_character(fake(written, 5), kb)), written
    # A hyphen is not dropped inside a name that matches as written ("Obi-Wan Kenobi").
    assert any(e.name == "Obi-Wan Kenobi" for e, _ in match_character(fake("Obi-Wan Kenobi", 5), kb))


def test_characters_get_ao3s_canonical_tag_not_the_kb_name() -> None:
    import ficlens

    text = (
        "Merlin carried the water up from the well while Arthur Pendragon sulked in the armoury. "
        "Gwen laughed at both of them. Morgana watched from the window of her chamber.\n\n"
        '"You\'re late," Arthur said. Merlin shrugged, and Gwen handed him a cloth.\n\n'
        "Later Morgana found Gwen in the kitchens, and Merlin fell asleep over Gaius's books.\n"
    ) * 3
    work = ficlens.analyze(text.encode(), name="camelot.txt", stages=["structure", "characters", "fandom"])
    assert work.inferred.fandoms[0].name in ("Merlin (TV)", "Merlin")
    tags = {c.name: c.canonical for c in work.inferred.characters}
    # AO3 files a bare "Gwen" under the canon's bracketed tag (another "Gwen" tag is not hers).
    assert tags["Gwen"] == "Gwen (Merlin)"
    assert tags["Morgana"] == "Morgana (Merlin)"
    assert tags["Arthur Pendragon"] == "Arthur Pendragon (Merlin)"


def test_a_one_word_canon_name_used_as_a_surname_is_weak(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.stages.fandom import PARTIAL_WEIGHT, SINGLE_WEIGHT, match_character

    kb = _invented_kb(
        monkeypatch, {"Vault Tales (Video Games)": 5000}, {"Vault Tales (Video Games)": ["Quorrel"]}
    )

    def weight(name: str, aliases: list[str]) -> float:
        character = Character(name=name, aliases=aliases, mentions=[Mention(start=0, end=1)])
        return max((w for e, w in match_character(character, kb)), default=0.0)

    assert weight("Quorrel", []) == SINGLE_WEIGHT  # the canon's own one-word name
    # The last word of the character's full name, or after "Mr."/"Dr.": a surname, a weak clue.
    assert weight("Tom Quorrel", ["Quorrel"]) == PARTIAL_WEIGHT
    assert weight("Dr Quorrel", []) == PARTIAL_WEIGHT
    assert weight("Mr. Quorrel", []) == PARTIAL_WEIGHT


def test_a_franchise_tag_beside_its_own_canon_is_no_crossover() -> None:
    from ficlens.stages.fandom import _franchise_of

    assert _franchise_of("Stargate Atlantis", "Stargate - All Media Types")
    assert _franchise_of("Doctor Who Universe", "Doctor Who (2005)")
    assert _franchise_of("Star Wars - All Media Types", "Star Wars: The Clone Wars (2008) - All Media Types")
    assert not _franchise_of("Star Wars - All Media Types", "Star Trek")
    assert not _franchise_of("Marvel", "The Avengers (Marvel Movies)")


def test_fandom_bare_names_that_leave_the_leads_unexplained_are_namesakes() -> None:
    # "Steve" and "Mr Henderson" are bare names of Stranger Things people, but as two walk-ons
    # beside leads no canon knows they are a coincidence of names, not fan fiction...
    walk_ons, _ = detect_fandoms(
        [fake("Orla Brisk", 30), fake("Tamsin Vey", 20), fake("Steve", 4), fake("Mr Henderson", 3)]
    )
    assert walk_ons[0].name == UNKNOWN_FANDOM
    # ...while the same two names as the story's leads still name the canon.
    leads, _ = detect_fandoms([fake("Steve", 30), fake("Mr Henderson", 20), fake("Orla Brisk", 4)])
    assert "Stranger Things" in leads[0].name


def test_fandom_a_canons_species_named_in_the_story_are_evidence() -> None:
    # Invented trainers and two Pokémon: the species (the KB's terms from Faker's list) name the canon.
    story = (
        "Orla Brisk climbed the last ridge with her Arcanine beside her. Tamsin Vey waited at the top, "
        "and the Pikachu on her shoulder sparked once when it saw them. The Arcanine lay down in the snow; "
        "the Pikachu jumped onto its back, and an Eevee watched them both from the cave."
    )
    guesses, _ = detect_fandoms([fake("Orla Brisk", 12), fake("Tamsin Vey", 8)], story=story)
    assert guesses[0].name.startswith("Pocket Monsters | Pokemon")
    # The same trainers without the species are nobody's.
    guesses, _ = detect_fandoms(
        [fake("Orla Brisk", 12), fake("Tamsin Vey", 8)], story=story.split(" with")[0]
    )
    assert guesses[0].name == UNKNOWN_FANDOM


def test_fandom_a_full_name_goes_before_bare_first_names_of_another_canon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Torvald" and "Emeric" are first names of one canon's people; "Jefferson Dace" is another
    # canon's full name. Two first names that happen to meet in a canon are weaker than a full name.
    fandoms = {"Harrow Bay (TV)": 5000, "Ironvale (Comics)": 900}
    cast = {"Harrow Bay (TV)": ["Torvald Crane", "Emeric Pell"], "Ironvale (Comics)": ["Jefferson Dace"]}
    _invented_kb(monkeypatch, fandoms, cast)
    story = [fake("Torvald", 14), fake("Emeric", 2), fake("Jefferson Dace", 3)]
    guesses, _ = detect_fandoms(story)
    assert guesses[0].name == "Ironvale (Comics)"
    # With the full name a passing mention, the first names' canon keeps the lead.
    guesses, _ = detect_fandoms([fake("Torvald", 40), fake("Emeric", 30), fake("Jefferson Dace", 1)])
    assert guesses[0].name == "Harrow Bay (TV)"
    # Any clue stronger than a bare first name counts as the full name does: a one-word canon name.
    cast = {**cast, "Ironvale (Comics)": ["Zephrael"]}
    _invented_kb(monkeypatch, fandoms, cast)
    guesses, _ = detect_fandoms([fake("Torvald", 8), fake("Emeric", 2), fake("Zephrael", 6)])
    assert guesses[0].name == "Ironvale (Comics)"


def test_fandom_bare_first_names_name_a_crowded_canon_only_as_a_shipped_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ficlens.stages.fandom import BIG_CAST

    syllables = ["bra", "cel", "dov", "fen", "gar", "hol", "jun", "kes", "lom", "mar", "nev"]
    crowd = [f"{a.title()}{b}ric {b.title()}{a}wen" for a in syllables for b in syllables][: BIG_CAST + 5]
    small = ["Bracelric Celbrawen", "Celdovric Dovcelwen"]  # the same first names as two of the crowd
    fandoms = {"Crowded Canon": 9000, "Small Canon": 100}
    _invented_kb(monkeypatch, fandoms, {"Crowded Canon": crowd})
    guesses, _ = detect_fandoms([fake("Bracelric", 30), fake("Celdovric", 20)])
    assert guesses[0].name == UNKNOWN_FANDOM
    # The same two first names in a canon of a few people are two clues.
    _invented_kb(monkeypatch, fandoms, {"Small Canon": small})
    guesses, _ = detect_fandoms([fake("Bracelric", 30), fake("Celdovric", 20)])
    assert guesses[0].name == "Small Canon"


def test_fandom_a_kin_titled_everyday_name_is_the_storys_own_family() -> None:
    from ficlens.stages.fandom import match_character

    kb = load_kb()
    # "Sally" alone may be some canon's Sally; "Aunt Sally" is the narrator's aunt.
    assert match_character(fake("Sally", 3), kb)
    assert not match_character(fake("Aunt Sally", 3), kb)
    # Nor is a given name the nickname table does not list, which a canon's one-word person also bears.
    assert not match_character(fake("Auntie Jean", 3), kb)
    # A kin title before a name no one bears in everyday life is still a canon's person.
    assert match_character(fake("Uncle Iroh", 3), kb)


def test_fandom_two_given_names_of_one_canon_name_are_two_people(monkeypatch: pytest.MonkeyPatch) -> None:
    # A canon's "Mary Jane Vantreth" is not found in halves in a story of a Mary and a Jane...
    fandoms = {"Vantreth Manor (TV)": 3000, "Orlwick Hall (TV)": 3000}
    cast = {"Vantreth Manor (TV)": ["Mary Jane"], "Orlwick Hall (TV)": ["Odile Marchbank"]}
    _invented_kb(monkeypatch, fandoms, cast)
    guesses, _ = detect_fandoms([fake("Mary", 6), fake("Jane", 2), fake("Orla", 30)])
    assert guesses[0].name == UNKNOWN_FANDOM
    # ...while a given name and a surname found apart are still one person's full name.
    guesses, _ = detect_fandoms([fake("Odile", 6), fake("Marchbank", 2), fake("Orla", 3)])
    assert guesses[0].name == "Orlwick Hall (TV)"


def test_two_forms_of_one_persons_given_name_are_one_bare_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tom Sawyer's "Sid" and "Sidney" had named a police drama whose Sid Gormwell is also "Sidney Gormwell".
    import ficlens.stages.fandom as stage_module
    from ficlens.kb.load import build_index
    from ficlens.kb.store import CharacterRow, FandomRow, KBRows

    rows = KBRows(
        fandoms=[FandomRow("Harbour Watch (TV)", 900)],
        characters=[
            CharacterRow("Sid Gormwell", "Harbour Watch (TV)", aliases=["Sidney Gormwell"], ao3_tag=True),
            CharacterRow("Orla Brisk", "Harbour Watch (TV)", ao3_tag=True),
        ],
    )
    monkeypatch.setattr(stage_module, "load_kb", lambda: build_index(rows))
    guesses, _ = detect_fandoms([fake("Sid", 12), fake("Sidney", 4)])
    assert guesses[0].name == "Unknown fandom"
    # Given name and surname apart are still the person, and two people still name the canon.
    guesses, _ = detect_fandoms([fake("Sid", 12), fake("Gormwell", 4)])
    assert guesses[0].name == "Harbour Watch (TV)"
    guesses, _ = detect_fandoms([fake("Sid", 12), fake("Orla", 4)])
    assert guesses[0].name == "Harbour Watch (TV)"


def test_a_small_canon_is_not_named_by_two_everyday_given_names_alone() -> None:
    # Stop 41: "Peter" and "Morgan" are two people of The Mindy Project (under 1,000 AO3 works), and
    # a Marvel story of a Peter and a Morgan was filed there. Names real people bear, meeting in a
    # small canon, are likelier of a canon the KB lacks.
    guesses, _ = detect_fandoms([fake("Peter", 20), fake("Morgan", 15)])
    assert guesses[0].name == UNKNOWN_FANDOM
    # The same kind of names still name a canon of many works.
    guesses, _ = detect_fandoms([fake("Sam", 20), fake("Dean", 15)])
    assert "Supernatural" in guesses[0].name


def test_a_given_name_of_a_full_name_is_no_one_word_canon_name_that_people_bear() -> None:
    # Stop 41: Henry VI's "Charles" (the Dauphin) is a one-word canon name that is also an everyday
    # given name. "Charles" of Howards End's Charles Wilcox is not him, as "Bruce" beside "Bruce Wayne"
    # is not Bruce Banner; with "Margaret" the novel had become Henry VI fan fiction.
    guesses, _ = detect_fandoms([fake("Margaret", 20), fake("Charles Wilcox", 8, aliases=["Charles"])])
    assert all("Henry VI" not in g.name for g in guesses)
