"""Relationships stage: romantic vs platonic pairs, evidence spans, AO3 categories."""

from __future__ import annotations

import pytest
from h3_stories import TORCHWOOD, make_work

from ficlens.model import Work
from ficlens.stages.characters import characters
from ficlens.stages.relationships import categories_of, category_of, relationships

ROMANCE_FF = """Mara Quill met Elena Voss at the station. Mara kissed Elena before the train left, and Elena held her hands.

Elena wrote to Mara every week. Mara read the letters in bed and smiled. She was in love with Elena, and Elena loved her too.
"""

FRIENDS = """Tom Hardwick and Sam Ellery fixed the old truck together. Tom handed Sam a wrench, and Sam laughed at him.

Sam was Tom's best friend. They drove to the lake, and Tom told Sam about the job.

Later Tom and Sam ate dinner at the diner. Sam paid, and Tom promised to pay next time.
"""


def analysed(text: str, breaks: list[int] | None = None) -> Work:
    return relationships(characters(make_work(text, breaks)))


def test_relationships_romantic_pair_with_evidence() -> None:
    work = analysed(TORCHWOOD)
    romantic = [r for r in work.inferred.relationships if r.kind == "romantic"]
    assert [r.members for r in romantic] == [["Ianto Jones", "Jack Harkness"]] or [
        r.members for r in romantic
    ] == [["Ianto", "Jack Harkness"]]
    rel = romantic[0]
    assert rel.tag == "/".join(rel.members)
    assert rel.evidence and all(work.text[e.start : e.end] == e.text for e in rel.evidence)
    assert work.inferred.categories == ["M/M"]


def test_relationships_female_pair_is_ff() -> None:
    work = analysed(ROMANCE_FF)
    assert [r.tag for r in work.inferred.relationships if r.kind == "romantic"] == ["Elena Voss/Mara Quill"]
    assert work.inferred.categories == ["F/F"]


def test_relationships_friends_are_platonic_and_gen() -> None:
    work = analysed(FRIENDS, breaks=[FRIENDS.index("Sam was"), FRIENDS.index("Later")])
    rels = work.inferred.relationships
    assert [(r.tag, r.kind) for r in rels] == [("Sam Ellery & Tom Hardwick", "platonic")]
    assert rels[0].scenes == [0, 1, 2]
    assert work.inferred.categories == ["Gen"]


def test_relationships_single_character_has_none() -> None:
    work = analysed("Anna walked alone. Anna sang to herself, and Anna went home.")
    assert work.inferred.relationships == [] and work.inferred.categories == ["Gen"]


@pytest.mark.parametrize(
    ("genders", "category"),
    [
        (["male", "male"], "M/M"),
        (["female", "male"], "F/M"),
        (["female", "female"], "F/F"),
        (["female", None], "Other"),
        (["male", "male", "female"], "Multi"),
    ],
)
def test_relationships_category_of(genders: list[str | None], category: str) -> None:
    assert category_of(genders) == category


def test_relationships_several_partners_add_multi() -> None:
    work = analysed(TORCHWOOD)
    cats = categories_of(work.inferred.relationships * 2, work.inferred.characters)
    assert "M/M" in cats


def test_relationships_crowded_romance_is_shared_out() -> None:
    import re

    from ficlens.stages.characters import build_characters

    pair = "Mara kissed Elena. Elena kissed Mara back.\n"
    crowd = "Mara, Elena, Tobin and Wren sat by the fire. Tobin spoke of a wedding, and Wren blushed.\n"
    text = pair * 2 + crowd * 2
    work = make_work(text)
    spans = sorted(
        (m.start(), m.end()) for w in ("Mara", "Elena", "Tobin", "Wren") for m in re.finditer(w, text)
    )
    work.inferred.characters = build_characters(work, spans)
    assert all(c.role != "mentioned" for c in work.inferred.characters)
    romantic = [r.tag for r in relationships(work).inferred.relationships if r.kind == "romantic"]
    # Two cues in a paragraph of four people are not a romance for every pair in it.
    assert romantic == ["Elena/Mara"]


def test_relationships_one_cue_is_enough_for_a_known_ship() -> None:
    import re

    from ficlens.stages.characters import build_characters
    from ficlens.stages.relationships import known_ships

    text = (
        "Erik and Charles played chess until dawn. Charles smiled at Erik.\n"
        # One kiss, in a sentence that names only Erik: a sentence naming the two of them would
        # make a pairing on its own (test_relationships_a_kiss_in_a_sentence_of_two_is_theirs).
        "Charles stood at the door. Erik kissed him once.\n"
        "Erik and Charles argued about the future. Charles won.\n"
    )

    def romantic(canonical: dict[str, str]) -> list[str]:
        work = make_work(text)
        spans = sorted((m.start(), m.end()) for w in ("Erik", "Charles") for m in re.finditer(w, text))
        work.inferred.characters = build_characters(work, spans)
        for c in work.inferred.characters:
            c.canonical = canonical.get(c.name)
        return [r.tag for r in relationships(work).inferred.relationships if r.kind == "romantic"]

    assert frozenset({"Erik Lehnsherr", "Charles Xavier"}) in known_ships()
    # One kiss: enough for a pairing the fandom ships (the fandom stage set the canonical tags)...
    # (named in the member order of AO3's tag)
    assert romantic({"Erik": "Erik Lehnsherr", "Charles": "Charles Xavier"}) == [
        "Erik Lehnsherr/Charles Xavier"
    ]
    # ...not for two people the knowledge base knows nothing about.
    assert romantic({}) == []


def test_relationships_relabel_follows_merged_and_tagged_characters() -> None:
    from ficlens.model import Character, Relationship
    from ficlens.stages.relationships import relabel

    chars = [
        Character(name="Kirk", aliases=["Jim"], canonical="James T. Kirk"),
        Character(name="Spock", canonical="Spock"),
        Character(name="Bones"),
    ]
    rels = [
        Relationship(tag="Jim/Spock", kind="romantic", members=["Jim", "Spock"], confidence=0.6, scenes=[0]),
        Relationship(
            tag="Kirk/Spock", kind="romantic", members=["Kirk", "Spock"], confidence=0.8, scenes=[2]
        ),
        Relationship(tag="Kirk & Spock", kind="platonic", members=["Kirk", "Spock"], confidence=0.5),
        Relationship(tag="Jim & Kirk", kind="platonic", members=["Jim", "Kirk"], confidence=0.5),
        Relationship(tag="Bones & Jim", kind="platonic", members=["Bones", "Jim"], confidence=0.4),
    ]
    out = relabel(rels, chars)
    # One romantic pair under the canonical tags, the platonic duplicate and the self-pair gone.
    assert [(r.tag, r.confidence, r.scenes) for r in out] == [
        ("James T. Kirk/Spock", 0.8, [0, 2]),
        ("Bones & James T. Kirk", 0.4, []),
    ]


def test_relationships_before_fandom_name_the_same_characters() -> None:
    from ficlens.stages.fandom import fandom

    work = fandom(analysed(TORCHWOOD))
    labels = {c.canonical or c.name for c in work.inferred.characters}
    assert work.inferred.relationships
    assert all(set(r.members) <= labels for r in work.inferred.relationships)


def test_relationship_members_in_the_knowledge_base_tag_order() -> None:
    from ficlens.stages.fandom import load_kb
    from ficlens.stages.relationships import ship_tag

    # AO3's tag for the pair keeps its own member order, not the alphabetical one...
    tag = next(r for r in load_kb().relationships if r[1] == "romantic" and r[2] != sorted(r[2]))
    assert ship_tag("romantic", sorted(tag[2]))[0] == list(tag[2])
    # ...and a pair AO3 has no tag for is listed alphabetically.
    assert ship_tag("romantic", ["Zora Quill", "Anselm Vey"])[0] == ["Anselm Vey", "Zora Quill"]
    assert ship_tag("platonic", sorted(tag[2]))[0] in (list(tag[2]), sorted(tag[2]))


def _romantic_tags(text: str, names: tuple[str, ...]) -> list[str]:
    import re

    from ficlens.stages.characters import build_characters

    work = make_work(text)
    spans = sorted((m.start(), m.end()) for w in names for m in re.finditer(rf"\b{w}\b", text))
    work.inferred.characters = build_characters(work, spans)
    return [r.tag for r in relationships(work).inferred.relationships if r.kind == "romantic"]


def test_relationships_three_lovers_are_one_ot3_tag() -> None:
    text = (
        "Idra kissed Bastien. Bastien kissed Idra back.\n"
        "Bastien kissed Corvo. Corvo held his hands.\n"
        "Corvo kissed Idra, and Idra blushed.\n"
        "Idra, Bastien and Corvo walked home.\n"
    )
    # Every pair of the three is romantic: AO3 tags them as one pairing, not three.
    assert _romantic_tags(text, ("Idra", "Bastien", "Corvo")) == ["Bastien/Corvo/Idra"]
    # Without romance between Idra and Corvo it is a triangle of two pairings.
    triangle = text.replace("Corvo kissed Idra, and Idra blushed.", "Corvo nodded at Idra.")
    assert sorted(_romantic_tags(triangle, ("Idra", "Bastien", "Corvo"))) == ["Bastien/Corvo", "Bastien/Idra"]


def test_relationships_one_surname_is_family_unless_they_are_the_couple() -> None:
    text = (
        "Wynn Harrow kissed Oren Dace. Oren kissed Wynn back, and Wynn blushed.\n"
        "Oren held Wynn's hands. Wynn kissed Oren at the door.\n"
        "Wynn Harrow and Tamsin Harrow planned the wedding. Tamsin kissed Wynn on the cheek and hugged him.\n"
        "Tamsin kissed Wynn goodbye, her little brother.\n"
    )
    names = ("Wynn Harrow", "Oren Dace", "Tamsin Harrow", "Wynn", "Oren", "Tamsin")
    # Tamsin and Wynn Harrow are family: the kisses between them are not a pairing.
    assert _romantic_tags(text, names) == ["Oren Dace/Wynn Harrow"]
    # A couple sharing a name is still a couple when they are the story's pairing.
    spouses = "Wynn Harrow kissed Tamsin Harrow. Tamsin kissed Wynn back, and Wynn blushed.\n" * 2
    assert _romantic_tags(spouses, ("Wynn Harrow", "Tamsin Harrow", "Wynn", "Tamsin")) == [
        "Tamsin Harrow/Wynn Harrow"
    ]


def test_relationship_errors_classify_each_miss() -> None:
    from ficlens.evaluation.characters import relationship_errors

    text = "Orla Pellow kissed Idris Vane. Wren waved at Ness and Corvo."
    gold = [
        ("romantic", ["Orla Pellow", "Idris Vane"]),
        ("romantic", ["Orla Pellow", "Wren Ashby"]),
        ("romantic", ["Idris Vane", "Tamsin Reed"]),
        ("romantic", ["Orla Pellow", "Ness Corrow"]),
        ("romantic", ["Orla Pellow", "Idris Vane", "Corvo"]),
        ("romantic", ["Idris Vane", "Bram Holt"]),
    ]
    pred = [("romantic", ["Orla", "Idris"]), ("romantic", ["Idris", "Orla"]), ("romantic", ["Orla", "Bram"])]
    errors = relationship_errors(
        pred, gold, ["Orla", "Idris", "Bram"], ["Orla", "Idris", "Bram", "Wren"], text
    )
    assert dict(errors["recall"]) == {
        "Orla Pellow/Wren Ashby": "a member found, not in the cast",
        "Idris Vane/Tamsin Reed": "a member not on the page",
        "Orla Pellow/Ness Corrow": "a member on the page, not found",
        "Orla Pellow/Idris Vane/Corvo": "poly tag (three or more)",
        "Idris Vane/Bram Holt": "both in the cast, too few cues",
    }
    # The second Orla/Idris has no tag left to match, nor Orla/Bram, though both are tagged elsewhere.
    assert dict(errors["precision"]) == {
        "Idris/Orla": "members tagged elsewhere",
        "Orla/Bram": "members tagged elsewhere",
    }
    lone = relationship_errors([("romantic", ["Orla", "Bram"])], gold[:1], ["Orla", "Bram"], [], text)
    assert lone["precision"] == [("Orla/Bram", "untagged pair")]


def test_relationships_a_spouse_word_is_no_cue() -> None:
    # Two colleagues talk about his late wife and her husband: nobody here is a couple.
    text = (
        "Corvo Dace told Idra Vane about his wife. Idra said her husband was away.\n"
        "Idra asked Corvo whether his wife had liked the sea. Corvo nodded; Idra thought of her husband.\n"
    )
    assert _romantic_tags(text, ("Corvo Dace", "Idra Vane", "Corvo", "Idra")) == []


def test_relationships_need_one_cue_only_lovers_give() -> None:
    # Two colleagues: his girlfriend, her date, "darling" to a sister, lips licked. Four cues that
    # come up around anyone, and no kiss or love between the two of them.
    text = (
        "Corvo Dace asked Idra Vane about her date. Idra laughed; her girlfriend was late again.\n"
        "Corvo licked his lips and told Idra the case was closed. Idra called her sister darling on the phone.\n"
    )
    assert _romantic_tags(text, ("Corvo Dace", "Idra Vane", "Corvo", "Idra")) == []
    # The same two, once they kiss: the other cues now count towards the pairing.
    kissed = text + "Corvo kissed Idra at the door.\n"
    assert _romantic_tags(kissed, ("Corvo Dace", "Idra Vane", "Corvo", "Idra")) == ["Corvo Dace/Idra Vane"]


def test_relationships_a_kiss_in_a_sentence_of_two_is_theirs() -> None:
    # Idra and Bastien are the story's couple, with many cues. Corvo and Mael kiss once, in a
    # paragraph that also names Idra: shared out among three, the kiss is below the main couple's
    # share, but the sentence names only the two of them.
    couple = "Idra kissed Bastien. Bastien kissed Idra back, in love, and Idra held his hands.\n" * 4
    side = "Idra left the room. Corvo and Mael kissed by the window.\nCorvo laughed with Mael.\n"
    tags = _romantic_tags(couple + side, ("Idra", "Bastien", "Corvo", "Mael"))
    assert sorted(tags) == ["Bastien/Idra", "Corvo/Mael"]
    # A kiss on the cheek is how family and friends kiss: no pairing.
    chaste = side.replace("Corvo and Mael kissed by the window.", "Corvo kissed Mael on the cheek.")
    assert _romantic_tags(couple + chaste, ("Idra", "Bastien", "Corvo", "Mael")) == ["Bastien/Idra"]
    # The same kiss in a sentence that also names Idra is shared out as before.
    crowded = side.replace("Idra left the room. Corvo and Mael kissed", "Corvo and Mael kissed Idra")
    assert _romantic_tags(couple + crowded, ("Idra", "Bastien", "Corvo", "Mael")) == ["Bastien/Idra"]


def test_relationships_a_chapter_titled_with_a_pairing() -> None:
    from ficlens.model import Chapter, Scene
    from ficlens.stages.relationships import title_pairings

    titles = [
        "Chapter 1: Female Reader/Male Werewolf",
        "Chapter 2: Orla/Tamsin",
        "Chapter 3: Roses / Storms",  # spaces around the slash: a title, not a tag
        "Chapter 4: Either/Or",  # two ordinary words
        "Chapter 5: Gender Neutral reader/Male Werewolf",  # the same pairing again
        "Chapter 6: 9/11",
    ]
    text, chapters = "", []
    for i, title in enumerate(titles):
        start = len(text)
        text += f"{title}\n\nYou walked home in the rain.\n\n"
        chapters.append(
            Chapter(
                index=i,
                start=start,
                end=len(text),
                title=title,
                scenes=[Scene(index=i, start=start, end=len(text))],
            )
        )
    work = Work(text=text, chapters=chapters)
    found = title_pairings(work)
    assert [r.tag for r in found] == ["Reader/Male Werewolf", "Orla/Tamsin"]
    assert all(
        r.kind == "romantic" and work.text[e.start : e.end] == e.text for r in found for e in r.evidence
    )
    # The stage reports them even with no cast on the page (a reader-insert names nobody).
    tags = [r.tag for r in relationships(characters(work)).inferred.relationships]
    assert tags == ["Orla/Tamsin", "Reader/Male Werewolf"]


def test_relationship_tags_are_written_as_ao3_writes_them() -> None:
    from ficlens.stages.fandom import load_kb
    from ficlens.stages.relationships import ship_tag

    # Members whose tags carry one canon's bracket carry it once, at the end.
    assert ship_tag("romantic", ["Zora Quill (Starfarers)", "Anselm Vey (Starfarers)"]) == (
        ["Anselm Vey (Starfarers)", "Zora Quill (Starfarers)"],
        "Anselm Vey/Zora Quill (Starfarers)",
    )
    assert ship_tag("platonic", ["Zora Quill (Starfarers)", "Anselm Vey (Starfarers)"])[1] == (
        "Anselm Vey & Zora Quill (Starfarers)"
    )
    # One bracket beside a bare name no longer disambiguates anything; a crossover keeps both.
    assert ship_tag("romantic", ["Zora Quill (Starfarers)", "Anselm Vey"])[1] == "Anselm Vey/Zora Quill"
    assert ship_tag("romantic", ["Zora Quill (Starfarers)", "Anselm Vey (Tidewatch)"])[1] == (
        "Anselm Vey (Tidewatch)/Zora Quill (Starfarers)"
    )
    # A pair the KB ships is written with AO3's own tag, its members being the characters' tags.
    ship = next(r for r in load_kb().relationships if r.tag == "Merlin/Arthur Pendragon (Merlin)")
    assert set(ship.members) == {"Merlin (Merlin)", "Arthur Pendragon (Merlin)"}
    assert ship_tag("romantic", sorted(ship.members)) == (
        ["Merlin (Merlin)", "Arthur Pendragon (Merlin)"],
        "Merlin/Arthur Pendragon (Merlin)",
    )


def _cast_work(text: str, names: tuple[str, ...], canonical: dict[str, str] | None = None) -> Work:
    import re

    from ficlens.stages.characters import build_characters

    work = make_work(text)
    spans = sorted((m.start(), m.end()) for w in names for m in re.finditer(rf"\b{w}\b", text))
    work.inferred.characters = build_characters(work, spans)
    for c in work.inferred.characters:
        c.canonical = (canonical or {}).get(c.name)
    return relationships(work)


def test_relationships_sharing_scenes_is_no_friendship_tag() -> None:
    # Five people in every paragraph, nobody's friend or kin by the text: an AO3 author tags no
    # "A & B" for them (the stage used to tag all ten pairs).
    para = "Ada, Bram, Cleo, Dov and Esme crossed the square. Bram carried the lamp, and Esme counted the steps.\n"
    work = _cast_work(para * 4, ("Ada", "Bram", "Cleo", "Dov", "Esme"))
    assert [r.tag for r in work.inferred.relationships] == []


def test_relationships_a_named_bond_is_a_friendship_with_its_evidence() -> None:
    para = "Ada, Bram, Cleo, Dov and Esme crossed the square. Bram carried the lamp.\n"
    bond = "Cleo had been Dov's best friend since school.\n"
    text = para * 3 + bond + para
    work = _cast_work(text, ("Ada", "Bram", "Cleo", "Dov", "Esme"))
    rels = work.inferred.relationships
    assert [(r.tag, r.kind) for r in rels] == [("Cleo & Dov", "platonic")]
    assert [e.text for e in rels[0].evidence] == ["Cleo had been Dov's best friend since school."]


def test_relationships_friendship_tags_are_few() -> None:
    from ficlens.stages.relationships import MAX_PLATONIC

    names = ("Ada", "Bram", "Cleo", "Dov", "Esme", "Fenn")
    # Every pair is named friends in a sentence of its own: still only the strongest few are tags.
    text = "".join(f"{a} was {b}'s friend.\n" for i, a in enumerate(names) for b in names[i + 1 :])
    work = _cast_work(text * 2, names)
    assert len([r for r in work.inferred.relationships if r.kind == "platonic"]) == MAX_PLATONIC


def test_relationships_a_friendship_the_fandom_tags_needs_no_named_bond() -> None:
    text = "Dean drove all night. Sam slept against the window, and Dean turned the radio down.\n" * 3
    canonical = {"Dean": "Dean Winchester", "Sam": "Sam Winchester"}
    # The KB holds AO3's "Dean Winchester & Sam Winchester": three shared paragraphs are enough...
    assert [r.tag for r in _cast_work(text, ("Dean", "Sam"), canonical).inferred.relationships] == [
        "Dean Winchester & Sam Winchester"
    ]
    # ...and two people nobody tags together need the text to name their bond.
    assert _cast_work(text, ("Dean", "Sam")).inferred.relationships == []


def test_relationships_a_kiss_on_the_cheek_is_no_pairing() -> None:
    # Family and friends kiss cheeks: a cue, never the sure one a pairing nobody ships needs.
    para = (
        "Dana and her brother Theo drove to the coast. Theo kissed Dana's cheek when they arrived, "
        "and Dana laughed at him.\n"
    )
    rels = _cast_work(para * 3, ("Dana", "Theo")).inferred.relationships
    assert [(r.tag, r.kind) for r in rels] == [("Dana & Theo", "platonic")]
    lovers = "Theo kissed Dana in the doorway, and Dana laughed at him.\n"
    assert [r.kind for r in _cast_work(lovers * 3, ("Dana", "Theo")).inferred.relationships] == ["romantic"]
