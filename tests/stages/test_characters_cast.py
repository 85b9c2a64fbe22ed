"""Characters stage: which names make the cast (NER boundary repairs, passing mentions, groups)."""

from __future__ import annotations

import re
from collections import Counter

from h3_stories import make_work

from ficlens.stages.characters import (
    _best_name,
    _Candidate,
    _split_name_pair,
    _trim_common_lead,
    build_characters,
    cast,
    character_tags,
)


def _spans(text: str, *words: str) -> list[tuple[int, int]]:
    """Every occurrence of each word (whole words only), sorted."""
    return sorted((m.start(), m.end()) for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", text))


def test_trim_common_lead_drops_a_sentence_opening_verb() -> None:
    # "Watches Dev build a fire": the verb opens the sentence, so its capital says nothing.
    opening = _Candidate(0, 11, "Watches Dev", "ner", initial=True)
    assert _trim_common_lead(opening, Counter()) == (8, 11)
    # Mid-sentence and never written in lower case, it may be part of a name.
    inside = _Candidate(0, 11, "Watches Dev", "ner", initial=False)
    assert _trim_common_lead(inside, Counter()) == (0, 11)
    # A given name or a title in front stays: "Grace Brannock", "Farmer Brannock".
    assert _trim_common_lead(_Candidate(0, 14, "Grace Brannock", "ner", initial=True), Counter()) == (0, 14)


def test_split_name_pair_cuts_two_adjacent_names() -> None:
    known = Counter({"Brannock": 12, "Grace": 30, "Brannock Grace": 1, "Grace Brannock": 1})
    # "the Brannock Grace remembers": a surname and a given name side by side, seen once.
    assert _split_name_pair("Brannock Grace", 100, 114, known) == [(100, 108), (109, 114)]
    # Given name first is a full name, and a pair written twice is a name of its own.
    assert _split_name_pair("Grace Brannock", 100, 114, known) == [(100, 114)]
    known["Brannock Grace"] = 2
    assert _split_name_pair("Brannock Grace", 100, 114, known) == [(100, 114)]
    # Words that are not names elsewhere in the story stay together.
    assert _split_name_pair("Brannock Grace", 0, 14, Counter({"Brannock Grace": 1})) == [(0, 14)]


def test_best_name_prefers_the_formal_given_name() -> None:
    counts = Counter({"Ambro": 40, "Ambrose": 2})
    assert _best_name(["Ambro", "Ambrose"], counts) == "Ambrose"
    # Unrelated single names keep the most frequent.
    assert _best_name(["Ambro", "Tobin"], Counter({"Ambro": 40, "Tobin": 2})) == "Ambro"


def test_best_name_never_prefers_a_pet_form() -> None:
    # "Johnny" once beside "John" 569 times is John's nickname, not his formal name (AO3 tags
    # "John Sheppard"); nor is an unknown name's pet ending ("Skaggsy" of "Skaggs").
    assert _best_name(["John", "Johnny"], Counter({"John": 569, "Johnny": 1})) == "John"
    assert _best_name(["Tom", "Tommy"], Counter({"Tom": 30, "Tommy": 2})) == "Tom"
    assert _best_name(["Skaggs", "Skaggsy"], Counter({"Skaggs": 12, "Skaggsy": 1})) == "Skaggs"
    # The formal name still wins over its nickname, however rare.
    assert _best_name(["Liz", "Elizabeth"], Counter({"Liz": 20, "Elizabeth": 1})) == "Elizabeth"


def test_cast_leaves_out_passing_mentions_but_keeps_their_role() -> None:
    lead = "Orla walked the pier. " * 20 + "Tamsin helped Orla. " * 4
    text = lead + "Orla thought of Wren Pellow, who once sold her a boat. Wren Pellow had waved."
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin", "Wren Pellow"))
    roles = {c.name: c.role for c in characters}
    assert roles["Orla"] == "main"
    # Wren Pellow waves on the page: secondary by role, but two mentions beside the lead's 24 is
    # a passing part, not the cast an author tags. Tamsin's four mentions are.
    assert roles["Tamsin"] == roles["Wren Pellow"] == "secondary"
    assert [c.name for c in cast(characters)] == ["Orla", "Tamsin"]


def test_cast_of_a_short_story_keeps_its_small_cast() -> None:
    text = "Orla met Tamsin at the pier. Orla laughed. Tamsin waved and left."
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin"))
    assert {c.name for c in cast(characters)} == {"Orla", "Tamsin"}


def test_cast_leaves_out_those_only_talked_about() -> None:
    text = 'Orla walked the pier. Orla sat down. "Wren would have loved this," Orla said.'
    characters = build_characters(make_work(text), _spans(text, "Orla", "Wren"))
    assert {c.name: c.role for c in characters}["Wren"] == "mentioned"
    assert [c.name for c in cast(characters)] == ["Orla"]


def test_build_characters_plural_group_with_the_is_no_character() -> None:
    text = (
        "Orla hummed a song by the Larkspurs. Orla had loved the Larkspurs for years. "
        "Later the Larkspurs played in town, and Orla went."
    )
    spans = _spans(text, "Orla") + [(m.start(), m.end()) for m in re.finditer(r"the Larkspurs", text)]
    names = {c.name for c in build_characters(make_work(text), sorted(spans))}
    assert names == {"Orla"}


def test_cast_keeps_an_often_named_side_character() -> None:
    # Fifty-five mentions is a real part even beside a lead named four hundred times.
    text = "Orla walked the pier. " * 400 + "Tamsin helped her. " * 55 + "Wren Pellow waved. " * 3
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin", "Wren Pellow"))
    assert [c.name for c in cast(characters)] == ["Orla", "Tamsin"]


def test_character_tags_list_the_whole_cast_of_an_ensemble() -> None:
    # A long ensemble piece: eight people with real parts (each above PASSING_MAX), one passer-by.
    crew = ["Orla", "Tamsin", "Idris", "Ness", "Corrow", "Ashby", "Vane", "Pellow"]
    text = "".join(f"{name} climbed the mast. " * (400 if name == "Orla" else 60) for name in crew)
    text += "Brannock waved. Brannock left."
    characters = build_characters(make_work(text), _spans(text, *crew, "Brannock"))
    # An author tags all eight, not a fixed first six, and never the man who waved.
    assert [c.name for c in character_tags(characters)] == crew


def test_character_tags_leave_out_a_name_written_once() -> None:
    text = "Orla met Tamsin at the pier. Orla laughed. Tamsin waved to Wren."
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin", "Wren"))
    assert "Wren" in {c.name for c in cast(characters)}
    assert [c.name for c in character_tags(characters)] == ["Orla", "Tamsin"]


def test_character_tags_leave_out_a_walk_on_part_but_not_a_drabble_lead() -> None:
    # Ivo opens the door seven times in a story Orla carries: a walk-on part, no tag (stop 31: on the
    # AO3 works whose authors tag characters, every side character named under ten times was untagged).
    text = "Orla walked the pier. " * 40 + "Tamsin helped her. " * 30 + "Ivo opened the door. " * 7
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin", "Ivo"))
    assert "Ivo" in {c.name for c in cast(characters)}
    assert [c.name for c in character_tags(characters)] == ["Orla", "Tamsin"]
    # Named ten times, the side character has a part and is tagged.
    text = text.replace("Ivo opened the door. " * 7, "Ivo opened the door. " * 10)
    characters = build_characters(make_work(text), _spans(text, "Orla", "Tamsin", "Ivo"))
    assert [c.name for c in character_tags(characters)] == ["Orla", "Tamsin", "Ivo"]


def test_character_errors_classify_each_miss() -> None:
    from ficlens.evaluation.characters import character_errors

    text = "Orla Pellow met Tamsin. Orla laughed. Wren waved at Ness."
    found = [("Orla", True, True), ("Tamsin", True, True), ("Wren", False, True), ("Pellow", True, True)]
    errors = character_errors(
        ["Orla", "Tamsin", "Pellow"],
        ["Orla Pellow", "Wren Ashby", "Idris Vane", "Ness Corrow"],
        found,
        text,
        [],
    )
    assert dict(errors["precision"]) == {
        "Tamsin": "untagged character",
        "Pellow": "second name of a tagged character",
    }
    assert dict(errors["recall"]) == {
        "Wren Ashby": "found, not in the cast",
        # Neither "Idris" nor "Vane" is written: no method reading the text could tag her.
        "Idris Vane": "not on the page",
        "Ness Corrow": "on the page, not found",
    }
    # A work that tags no one: every name counts against precision, shipped or not.
    untagged = character_errors(["Orla", "Tamsin"], [], found, text, ["Orla Pellow", "Idris Vane"])
    assert dict(untagged["precision"]) == {"Orla": "untagged work, shipped", "Tamsin": "untagged work"}


def test_a_surname_that_is_a_given_name_joins_its_full_name_when_the_pronouns_agree() -> None:
    # "Rose" is a woman's given name, so the names alone keep it apart from the man Edmund Rose.
    text = (
        "Edmund Rose opened the door. Rose said he was tired. Rose shrugged, and he left. "
        "Rose laughed; he waved. Later Rose wrote that he would come back."
    )
    characters = build_characters(make_work(text), _spans(text, "Edmund Rose", "Rose"))
    assert [c.name for c in characters] == ["Edmund Rose"]
    # A woman called Rose beside him stays herself.
    text = "Edmund Rose opened the door. Rose said she was tired. Rose shrugged, and she left. Rose smiled; she waved."
    characters = build_characters(make_work(text), _spans(text, "Edmund Rose", "Rose"))
    assert sorted(c.name for c in characters) == ["Edmund Rose", "Rose"]


def test_a_clipped_name_joins_its_full_form_when_the_pronouns_agree() -> None:
    text = (
        "Thad ran to the gate. He laughed. Thad sat down; he slept. Thad woke and he ate. "
        "His mother called him Thaddeon, and he hated it."
    )
    characters = build_characters(make_work(text), _spans(text, "Thad", "Thaddeon"))
    # One person, named by the formal name as AO3 tags do.
    assert [(c.name, len(c.mentions)) for c in characters] == [("Thaddeon", 4)]
    text = "Thad ran to the gate. He laughed. Thad sat down; he slept. Thad woke and he ate. Thaddea smiled, and she left."
    characters = build_characters(make_work(text), _spans(text, "Thad", "Thaddea"))
    assert sorted(c.name for c in characters) == ["Thad", "Thaddea"]


def test_a_name_cut_off_in_speech_keeps_no_dashes() -> None:
    from ficlens.stages.characters import _bare_name

    assert _bare_name("Mr. Pellow--") == "Mr. Pellow"
    assert _bare_name("Lord Harrowgate’s—") == "Lord Harrowgate"
    assert _bare_name("Anne-Marie") == "Anne-Marie"


def test_on_page_reads_names_with_inner_capitals() -> None:
    from ficlens.evaluation.characters import _on_page

    assert _on_page("Rodric McTavish", "Then McTavish left.")
    assert _on_page("Brenna O'Dowd", "“O'Dowd,” she said.")
    # The word in lower case is an ordinary word, not the name.
    assert not _on_page("Will Hale", "a hale and hearty man")


def test_same_character_reads_a_hyphen_as_a_space() -> None:
    from ficlens.evaluation.characters import same_character

    assert same_character("Fritz-Joseph Bittenfeld", "Fritz Joseph Bittenfeld")
    assert same_character("Obi-Wan", "Obi-Wan Kenobi")
    assert not same_character("Fritz-Joseph Bittenfeld", "Fritz Wahlen")


def test_character_tags_of_a_story_about_one_couple() -> None:
    from ficlens.model import Relationship

    # Orla and Tamsin are the story's couple; Idris has a real part, Ness and Corrow are the crew
    # around them, named a dozen times.
    parts = {"Orla": 40, "Tamsin": 30, "Idris": 20, "Ness": 14, "Corrow": 12}
    text = "".join(f"{name} climbed the mast. " * n for name, n in parts.items())
    characters = build_characters(make_work(text), _spans(text, *parts))
    couple = Relationship(tag="Orla/Tamsin", kind="romantic", members=["Orla", "Tamsin"], confidence=0.9)
    assert [c.name for c in character_tags(characters)] == list(parts)
    # With the couple known, the crew below half the lesser lover's part is left out.
    assert [c.name for c in character_tags(characters, [couple])] == ["Orla", "Tamsin", "Idris"]
    # Two couples, or a couple that leaves out the lead, make an ensemble piece: all are listed.
    second = Relationship(tag="Idris/Ness", kind="romantic", members=["Idris", "Ness"], confidence=0.9)
    assert [c.name for c in character_tags(characters, [couple, second])] == list(parts)
    side = Relationship(tag="Tamsin/Idris", kind="romantic", members=["Idris", "Tamsin"], confidence=0.9)
    assert [c.name for c in character_tags(characters, [side])] == list(parts)
    # A friendship is no couple.
    friends = couple.model_copy(update={"kind": "platonic", "tag": "Orla & Tamsin"})
    assert [c.name for c in character_tags(characters, [friends])] == list(parts)


def test_a_word_broken_off_and_another_begun_is_no_name() -> None:
    # "That's Sol— Earth": the speaker corrects herself; no one is called "Sol— Earth".
    text = "Orla pointed at the sky. “That's Sol— Earth,” Orla said. Tamsin looked up. Tamsin laughed."
    spans = [*_spans(text, "Orla", "Tamsin"), (text.index("Sol"), text.index("Earth") + 5)]
    names = {c.name for c in build_characters(make_work(text), sorted(spans))}
    assert "Sol— Earth" not in names and {"Orla", "Tamsin"} <= names
    # A hyphenated name is a name.
    text = "Jean-Luc walked in. Jean-Luc sat down. Tamsin laughed."
    names = {c.name for c in build_characters(make_work(text), _spans(text, "Jean-Luc", "Tamsin"))}
    assert "Jean-Luc" in names
