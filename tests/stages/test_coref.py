"""Who a quotation and a pronoun point to (`ficlens.stages.coref`), on small hand-made casts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens.evaluation.characters import eval_litbank_references
from ficlens.model import Character, Mention
from ficlens.stages.characters import quote_spans
from ficlens.stages.coref import References


def _refs(text: str, cast: dict[str, tuple[str | None, list[str]]]) -> References:
    """References over `text` for a cast given as name -> (gender, the forms it is written as)."""
    people = []
    for name, (gender, forms) in cast.items():
        spans = sorted(
            (m.start(), m.end()) for form in forms for m in re.finditer(rf"\b{re.escape(form)}\b", text)
        )
        people.append(
            Character(name=name, gender=gender, mentions=[Mention(start=s, end=e) for s, e in spans])  # type: ignore[arg-type]
        )
    return References(text, people, quote_spans(text))


def _speaker(text: str, quote: str, cast: dict[str, tuple[str | None, list[str]]]) -> str | None:
    who = _refs(text, cast).speaker(text.index(quote) + 1)
    return who.name if who else None


TESS = {"Tess": ("female", ["Tess"]), "Angel": ("male", ["Angel"])}


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        # The attribution after the quotation names the speaker, wherever the other person is named.
        ('Angel looked up.\n\n"I cannot stay," said Tess.', '"I cannot', "Tess"),
        ('Angel looked up.\n\n"I cannot stay," Tess whispered to Angel.', '"I cannot', "Tess"),
        # A pronoun attribution is the nearest earlier person of that gender, names in dialogue passed over.
        ('Tess sat by the fire. Angel came in.\n\n"You are late," she said.', '"You are', "Tess"),
        ('Angel came in. Tess sat by the fire.\n\n"I know," he said.', '"I know', "Angel"),
        # Without an attribution, the subject of the sentence right before the quotation in its paragraph.
        ('Tess turned to Angel. "I know what you did."', '"I know', "Tess"),
        ('Angel came in. She turned to him. "I know what you did."', '"I know', None),
        # Said by someone the story names only by a title it gives them elsewhere.
        ('Parson Tringham rode on.\n\n"Good night," said the parson.', '"Good night', "Parson Tringham"),
        # Said by someone the text does not name here: no guess, although Tess is named right before.
        ('Tess waited.\n\n"Good night," said her father.', '"Good night', None),
        # A bare line of dialogue with nothing around it: no guess.
        ('Tess waited.\n\n"Good night."\n\nThe lamp went out.', '"Good night', None),
    ],
)
def test_speaker(text: str, quote: str, expected: str | None) -> None:
    cast = {**TESS, "Parson Tringham": ("male", ["Parson Tringham"])}
    assert _speaker(text, quote, cast) == expected


def test_she_in_narration_after_a_man_is_named() -> None:
    text = "Tess came home. Angel waved from the gate. She smiled at him."
    refs = _refs(text, TESS)
    she = refs.pronoun("she", text.index("She"), 0)
    him = refs.pronoun("him", text.index("him"), 0)
    assert (she.name if she else None, him.name if him else None) == ("Tess", "Angel")


def test_outside_a_quotation_there_is_no_speaker() -> None:
    text = 'Tess said nothing. "Later," said Angel.'
    assert _refs(text, TESS).speaker(text.index("nothing")) is None


def test_litbank_references_beat_nearest_name_in_precision(shared_data: Path) -> None:
    """On real novels: the pronoun resolver beats the nearest earlier name, and a named speaker is
    right far more often than the nearest name is (it answers less often, by design)."""
    result = eval_litbank_references(shared_data / "characters" / "litbank_dev.jsonl", limit=25)
    pronouns, speakers = result["pronouns"], result["speakers"]
    assert pronouns["items"] > 500 and speakers["items"] > 100
    assert pronouns["accuracy"] > pronouns["baseline_accuracy"]
    assert speakers["precision"] > speakers["baseline_accuracy"] + 0.15
    # Named mentions grouped by person in context beat grouping by the same last word.
    clusters = result["name_clusters"]
    assert clusters["ficlens"]["f1"] > clusters["last_word"]["f1"] > clusters["same_string"]["f1"]


def test_a_run_of_pronouns_carries_a_name_named_once_long_before() -> None:
    """A page about one man, named once: every "he" of the unbroken run is still him."""
    filler = " He walked on, and his boots rang on the stones of the road. " * 40
    text = "Angel set out at dawn." + filler + "At last he stopped."
    refs = _refs(text, TESS)
    at = text.index("he stopped")
    assert at > 2000
    got = refs.pronoun("he", at, 0)
    assert got is not None and got.name == "Angel"


def test_a_pronoun_after_a_long_silence_is_not_guessed() -> None:
    """No run of pronouns leads back to the name: beyond the reach, no answer."""
    filler = " The rain fell on the fields and the river rose. " * 50
    text = "Angel set out at dawn." + filler + "At last he stopped."
    assert _refs(text, TESS).pronoun("he", text.index("he stopped"), 0) is None


@pytest.mark.parametrize(
    ("text", "mine"),
    [
        ('Tess looked at me.\n\n"I took all of them," I said.', True),
        ('I turned to Tess. "I took all of them."', True),
        ('I looked at Tess.\n\n"I took all of them," she said.', False),
        ('"I took all of them," said Tess.', False),
    ],
)
def test_dialogue_of_the_story_own_i(text: str, mine: bool) -> None:
    assert _refs(text, TESS).by_narrator(text.index('"I took') + 1) is mine


def test_the_one_a_line_calls_by_name_does_not_say_it() -> None:
    text = 'Angel walked in behind Tom.\n\n"Tom, go home," he said.\n\nTess looked at Tom. "Tom, stay."'
    refs = _refs(text, {**TESS, "Tom": ("male", ["Tom"])})
    said = [refs.speaker(text.index(q) + 1) for q in ('"Tom, go', '"Tom, stay')]
    # "he said" is the man named before who is not the one told to go; the subject of the sentence
    # before "Tom, stay" is Tess, and Tom is only called.
    assert [c.name if c else None for c in said] == ["Angel", "Tess"]


def _close_to(refs: References, name: str) -> References:
    """The same references in a scene told close to `name` (the pov stage's focal character)."""
    focal = next(c for c in refs.mention_chars if c.name == name)
    return References(
        refs.text, list({id(c): c for c in refs.mention_chars}.values()), [], focal=[(0, focal)]
    )


def _name(c: Character | None) -> str | None:
    return c.name if c else None


def test_in_a_scene_told_close_to_one_person_he_is_that_person() -> None:
    text = "Cloud stood at the window for a long time. Zack came in and dropped the bag. He did not look up."
    people = {"Cloud": ("male", ["Cloud"]), "Zack": ("male", ["Zack"])}
    plain = _refs(text, people)
    at = text.index("He did")
    assert _name(plain.pronoun("he", at, 0)) == "Zack"
    assert _name(_close_to(plain, "Cloud").pronoun("he", at, 0)) == "Cloud"
    # The focal character must be named within reach: a scene where Cloud is not named is Zack's.
    other = _refs("Zack came in and dropped the bag. He did not look up.", people)
    other.focal, other.focal_starts = [(0, Character(name="Cloud", gender="male"))], [0]
    assert _name(other.pronoun("he", other.text.index("He did"), 0)) == "Zack"


def test_his_in_the_sentence_that_names_another_man_is_his_own() -> None:
    text = "Tony watched the door. McGee tripped on the step and broke his arm."
    close = _close_to(_refs(text, {"Tony": ("male", ["Tony"]), "McGee": ("male", ["McGee"])}), "Tony")
    assert _name(close.pronoun("his", text.index("his arm"), 0)) == "McGee"
