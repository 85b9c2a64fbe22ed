"""Canon names and original-work claims in the author's own words (`stages/fandom_text`)."""

from __future__ import annotations

from ficlens.stages.fandom_text import canon_mentions, name_variants, original_work_evidence

# Invented canons, so the rules are tested, not the shipped knowledge base.
FANDOMS = {
    "Lanternfall": 9000,
    "Lanternfall (Comics)": 40,
    "The Brass Meridian Saga | Meridian Kōki": 3000,
    "Harbour Lights - T. Vance": 1200,
    "The Office Hours (US)": 800,
    "Quiet Harbour (Anime)": 40,
    "Original Work": 500000,
}


def test_name_variants_strip_medium_author_and_split_translations() -> None:
    assert name_variants("The Brass Meridian Saga | Meridian Kōki") == [
        "The Brass Meridian Saga",
        "Meridian Kōki",
    ]
    assert name_variants("Harbour Lights - T. Vance") == ["Harbour Lights"]
    assert name_variants("Lanternfall (Comics)") == ["Lanternfall"]


def test_one_word_canon_only_where_the_author_introduces_one() -> None:
    for text in (
        "Disclaimer: I don't own Lanternfall.",
        "Everything belongs to Lanternfall's creators",
        "Set after season 2 of Lanternfall.",
        "Spoilers for Lanternfall!",
        "Fandom: Lanternfall",
    ):
        assert [m[0] for m in canon_mentions([text], FANDOMS)] == ["Lanternfall"], text
    assert canon_mentions(["The lanternfall festival began; Lanternfall was loud."], FANDOMS) == []


def test_several_word_canon_anywhere_with_its_capitals() -> None:
    found = canon_mentions(["", "A Brass Meridian Saga romance.", "also Harbour Lights"], FANDOMS)
    assert [m[0] for m in found] == ["The Brass Meridian Saga | Meridian Kōki", "Harbour Lights - T. Vance"]
    assert found[0][1:] == ("Brass Meridian Saga", False, False)
    # A phrase that introduces the canon makes the mention stronger evidence.
    assert canon_mentions(["Spoilers for The Brass Meridian Saga"], FANDOMS)[0][2] is True
    # Lower case is a phrase, not a title; "The Office Hours" needs two capitalised words anyway.
    assert canon_mentions(["harbour lights flickered"], FANDOMS) == []


def test_a_work_the_story_borrows_from_is_weak() -> None:
    (weak,) = canon_mentions(["Inspired by the Harbour Lights remake, not a fan fic of it"], FANDOMS)
    assert weak.tag == "Harbour Lights - T. Vance" and weak.weak and not weak.introduced
    # Named plainly elsewhere too, it is the canon after all.
    (plain,) = canon_mentions(["A nod to Harbour Lights.", "A Harbour Lights AU."], FANDOMS)
    assert not plain.weak


def test_a_small_canon_needs_an_introduction() -> None:
    # Forty works: "Quiet Harbour" in running text is a phrase, after "I don't own" a canon.
    assert canon_mentions(["We sailed into Quiet Harbour at dawn."], FANDOMS) == []
    assert [m.tag for m in canon_mentions(["I don't own Quiet Harbour."], FANDOMS)] == [
        "Quiet Harbour (Anime)"
    ]


def test_most_used_tag_wins_a_shared_name() -> None:
    assert canon_mentions(["I do not own Lanternfall"], FANDOMS)[0][0] == "Lanternfall"


def test_original_work_evidence() -> None:
    assert (original_work_evidence(["", "This is an original story of mine."]) or "").endswith(
        "original story"
    )
    assert original_work_evidence(["my own characters and world"]) == "my own characters"
    assert original_work_evidence(["Star Trek: The Original Series", "original characters appear"]) is None
    # An advertisement for another work says nothing about this one.
    assert (
        original_work_evidence(
            ["Read my original fiction at example.org", "check out my original space opera"]
        )
        is None
    )


def test_words_after_a_name_can_say_it_is_the_canon() -> None:
    for text, words in (
        ("So Lanternfall season 2 spoilers, sort of.", "Lanternfall season 2"),
        ("My first Lanternfall fic!", "Lanternfall fic"),
        ("Lanternfall spoilers ahead", "Lanternfall spoilers"),
    ):
        (found,) = canon_mentions([text], FANDOMS)
        assert (found.tag, found.words, found.introduced) == ("Lanternfall", words, True), text
    # A name of several words alone after "it's": a small canon too; one word is too often an everyday one.
    (small,) = canon_mentions(["Spoilers up to the end. It's Quiet Harbour, there is blood."], FANDOMS)
    assert small.tag == "Quiet Harbour (Anime)" and small.introduced
    assert canon_mentions(["It's Lanternfall, so mind the tags."], FANDOMS) == []
    assert canon_mentions(["the lanternfall season 2 was long"], FANDOMS) == []
    # "A Titanic AU" is a story of another canon set on the Titanic; "Major spoilers" is an adjective.
    assert canon_mentions(["A Lanternfall AU where nobody dies."], FANDOMS) == []
    major = {**FANDOMS, "Major (TV)": 400}
    assert canon_mentions(["Major spoilers for the finale!"], major, frozenset({"major"})) == []
    assert [m.tag for m in canon_mentions(["Spoilers for Major!"], major, frozenset({"major"}))] == [
        "Major (TV)"
    ]


def test_spoilers_for_the_end_of_a_canon_and_a_franchise_tag_by_its_name() -> None:
    fandoms = {**FANDOMS, "Halvard (Video Games) & Related Fandoms": 1500}
    (found,) = canon_mentions(["Spoilers for the end of Halvard, the last mission."], fandoms)
    assert found.tag == "Halvard (Video Games) & Related Fandoms" and found.introduced
    assert name_variants("Halvard (Video Games) & Related Fandoms") == ["Halvard"]
    (found,) = canon_mentions(["Spoilers for the whole of Lanternfall."], FANDOMS)
    assert found.tag == "Lanternfall"


def test_a_title_and_name_with_a_possessive_is_a_person() -> None:
    fandoms = {"Captain Lanternfall (Movies)": 5000, "Dr. Meridian": 2000}
    # "from Dr. Meridian's suit recorder": the doctor's recorder, not a story of the canon.
    assert canon_mentions(["A transcript from Dr. Meridian's suit recorder."], fandoms) == []
    assert canon_mentions(["Captain Lanternfall's shield rang."], fandoms) == []
    # Without the possessive, or led in as a canon, the name is the canon's.
    assert [m[0] for m in canon_mentions(["A Dr. Meridian story."], fandoms)] == ["Dr. Meridian"]
    assert [m[0] for m in canon_mentions(["Spoilers for Dr. Meridian's finale."], fandoms)] == [
        "Dr. Meridian"
    ]


def test_a_canon_the_author_says_this_is_not_is_no_evidence() -> None:
    # "Not the X version": the author names the canon the story is not.
    assert canon_mentions(["Not the Harbour Lights version, just mine."], FANDOMS) == []
    assert canon_mentions(["Not a Harbour Lights AU, sorry."], FANDOMS) == []
    assert [m.tag for m in canon_mentions(["The Harbour Lights version, of course."], FANDOMS)] == [
        "Harbour Lights - T. Vance"
    ]


def test_a_range_of_books_or_seasons_introduces_a_canon() -> None:
    found = canon_mentions(["Spoilers for books 2 to 4 of Lanternfall."], FANDOMS)
    assert [(m.tag, m.introduced) for m in found] == [("Lanternfall", True)]
    found = canon_mentions(["Covers seasons 1-3 of Lanternfall."], FANDOMS)
    assert [(m.tag, m.introduced) for m in found] == [("Lanternfall", True)]


def test_a_one_word_title_with_its_article_where_the_author_introduces_a_canon() -> None:
    fandoms = {**FANDOMS, "The Wayfarer - A. Quill": 3000}
    found = canon_mentions(["Spoilers for the Wayfarer, obviously."], fandoms)
    assert [(m.tag, m.introduced) for m in found] == [("The Wayfarer - A. Quill", True)]
    # Not in running text, and not when the capitalised name goes on ("the Wayfarer Rebellion").
    assert canon_mentions(["The Wayfarer was late again."], fandoms) == []
    assert canon_mentions(["Set after the Wayfarer Rebellion."], fandoms) == []
    assert canon_mentions(["Set after the Wayfarer of Old Quay."], fandoms) == []


def test_a_one_shot_or_a_drabble_says_the_name_before_it_is_a_canon() -> None:
    for note in (
        "My first Lanternfall one-shot, be nice.",
        "A quick Lanternfall drabble.",
        "Lanternfall oneshot.",
    ):
        assert [(m.tag, m.introduced) for m in canon_mentions([note], FANDOMS)] == [("Lanternfall", True)]


def test_a_word_of_a_named_arc_or_quest_is_not_the_canon() -> None:
    # "the Lanternfall Kingdom arc" is a part of some canon named by more words than the one the index holds.
    for note in (
        "Spoilers for the end of the Lanternfall Kingdom arc!!",
        "Spoilers for the Lanternfall Deep quest, obviously.",
    ):
        assert canon_mentions([note], FANDOMS) == [], note
    # The canon itself, with its season or its own arc after it, still counts.
    for note in (
        "Spoilers for Lanternfall Season 2.",
        "Spoilers for Lanternfall, the Ember arc.",
        "Spoilers for Lanternfall BBC episode 3.",
    ):
        assert [m.tag for m in canon_mentions([note], FANDOMS)] == ["Lanternfall"], note
