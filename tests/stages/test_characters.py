"""Characters stage: mentions, aliases, roles, genders, chunking and bad input."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from h3_stories import CHINESE, FRENCH, NO_NAMES, TORCHWOOD, make_work

from ficlens.evaluation.characters import eval_litbank
from ficlens.model import Work
from ficlens.nlp import chunk_spans, get_nlp, prose_chunks
from ficlens.stages.characters import characters, quote_spans


def by_name(work: Work, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in work.inferred.characters if c.name == name)


@pytest.fixture(scope="module")
def torchwood() -> Work:
    return characters(make_work(TORCHWOOD))


def test_characters_mentions_point_into_text(torchwood: Work) -> None:
    jack = by_name(torchwood, "Jack Harkness")
    forms = {torchwood.text[m.start : m.end] for m in jack.mentions}
    assert forms == {"Captain Jack Harkness", "Jack", "Harkness"}
    assert all(torchwood.text[m.start : m.end] in [jack.name, *jack.aliases] for m in jack.mentions)


def test_characters_aliases_cluster_nickname(torchwood: Work) -> None:
    tosh = by_name(torchwood, "Toshiko Sato")
    assert tosh.aliases == ["Tosh"]


def test_characters_gender_from_pronouns(torchwood: Work) -> None:
    assert by_name(torchwood, "Toshiko Sato").gender == "female"
    assert by_name(torchwood, "Owen Harper").gender == "male"


def test_characters_roles(torchwood: Work) -> None:
    assert by_name(torchwood, "Jack Harkness").role == "main"
    assert by_name(torchwood, "Rhys").role == "secondary"


def test_characters_only_in_dialogue_are_mentioned() -> None:
    text = 'Anna looked at Ben. "Did you hear from Margaret?" Anna asked. Ben shook his head. Anna sighed and Ben left.'
    work = characters(make_work(text))
    names = {c.name: c.role for c in work.inferred.characters}
    assert names.get("Margaret") == "mentioned"
    assert names["Anna"] != "mentioned"


def test_characters_author_notes_are_not_read() -> None:
    note = "A/N: thanks to Bartholomew Quince for the beta!\n"
    text = note + "Anna looked at Ben. Anna smiled, and Ben smiled back.\n"
    work = characters(make_work(text, notes=[(0, len(note))]))
    assert "Bartholomew Quince" not in {c.name for c in work.inferred.characters}
    assert {"Anna", "Ben"} <= {c.name for c in work.inferred.characters}


@pytest.mark.parametrize("text", [NO_NAMES, CHINESE, FRENCH, "...", "\n\n"])
def test_characters_no_names_or_foreign_text_is_calm(text: str) -> None:
    work = characters(make_work(text))
    assert all(c.name.strip() for c in work.inferred.characters)
    if text in (NO_NAMES, CHINESE):
        assert work.inferred.characters == []


def test_nlp_chunk_spans_cover_text_in_order() -> None:
    text = ("A line of prose about Anna.\n" * 3000) + "x" * 50_000
    pieces = list(chunk_spans(text, 0, len(text), max_chars=20_000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert all(e - s <= 20_000 for s, e in pieces)


def test_nlp_long_work_mentions_stay_aligned() -> None:
    paragraph = "Anna Vale walked to the harbour. Ben Okafor waited for her there.\n\n"
    text = paragraph * 800  # ~9,600 words, several chunks
    work = make_work(text)
    assert len(prose_chunks(work)) > 1
    work = characters(work)
    anna = by_name(work, "Anna Vale")
    assert len(anna.mentions) == 800
    assert all(work.text[m.start : m.end] == "Anna Vale" for m in anna.mentions)


def test_nlp_loader_is_cached_and_lean() -> None:
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert "ner" in nlp.pipe_names and "parser" not in nlp.pipe_names


def test_quote_spans_curly_and_straight() -> None:
    text = 'He said “hello there” and then "goodbye" twice.'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["“hello there”", '"goodbye"']


def test_characters_litbank_beats_spacy_baseline(shared_data: Path) -> None:
    result = eval_litbank(shared_data / "characters" / "litbank_dev.jsonl", limit=8)
    assert result["ficlens"]["prop_per"]["f1"] > result["spacy"]["prop_per"]["f1"] + 0.1


def test_characters_cli_lists_cast(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app

    story = tmp_path / "story.txt"
    story.write_text(TORCHWOOD, encoding="utf-8")
    result = CliRunner().invoke(app, ["characters", str(story), "--json"])
    assert result.exit_code == 0, result.output

    data = json.loads(result.output)
    assert data["characters"][0]["name"] == "Jack Harkness"
    assert data["fandoms"][0]["name"] == "Torchwood"


def test_characters_cli_missing_file_is_input_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app
    from ficlens.errors import InputError

    result = CliRunner().invoke(app, ["characters", str(tmp_path / "nope.txt")])
    assert isinstance(result.exception, InputError)


def test_cluster_names_cli_reads_stdin() -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app

    result = CliRunner().invoke(app, ["cluster-names"], input="Lizzy\nElizabeth Bennet\nMr. Bennet\n")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == '["Lizzy", "Elizabeth Bennet"]'


# ---- mention spans (find_person_mentions) ------------------------------------------------------


def _mentions(text: str) -> list[str]:
    from ficlens.nlp import parse_texts
    from ficlens.stages.characters import find_person_mentions

    doc = next(parse_texts([text]))
    return [text[s:e] for s, e in find_person_mentions([(0, doc)])]


def test_find_person_mentions_take_in_the_name_phrase() -> None:
    found = _mentions("After that, the talented Miss Cowley drove a van. Dear Judy: your letter came.")
    assert found == ["the talented Miss Cowley", "Dear Judy"]


def test_refine_spans_take_in_regnal_numbers() -> None:
    from ficlens.nlp import parse_texts
    from ficlens.stages.characters import _refine_spans

    text = "Rudolf the Fifth was crowned, as Louis XIV had been. At this moment Robert came."
    doc = next(parse_texts([text]))
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Rudolf", "Louis", "Robert")]
    assert [text[s:e] for s, e in _refine_spans([(0, doc)], spans)] == [
        "Rudolf the Fifth",
        "Louis XIV",
        "Robert",
    ]


def test_find_person_mentions_name_as_modifier_keeps_bare_name() -> None:
    text = (
        "The brook came from the woods of the old Cuthbert place. Matthew Cuthbert lived there. "
        "Cuthbert smiled. Cuthbert nodded at the old Cuthbert barn."
    )
    found = _mentions(text)
    assert "Cuthbert" in found
    assert not any(f.startswith(("the ", "old ")) for f in found)


def test_find_person_mentions_headings_and_chapter_numbers() -> None:
    found = _mentions(
        "CHAPTER I\nOLIVER TWIST WAS BORN\nOliver Twist was born in a workhouse. Oliver Twist cried."
    )
    assert found.count("Oliver Twist") == 2
    assert "OLIVER TWIST" in found


def test_find_person_mentions_speaker_outweighs_other_labels() -> None:
    # The NER reads "Turkey" as a country; a speaker is a person all the same.
    text = '"It is late," said Turkey. Turkey went home. Turkey slept, and Nippers laughed at Turkey.'
    assert _mentions(text).count("Turkey") == 4


def test_find_person_mentions_a_month_can_be_a_given_name() -> None:
    # "June" and "August" are given names as well as months: a June who speaks is a person, while
    # the months stay dates.
    from ficlens.nlp import parse_texts
    from ficlens.stages.characters import find_person_mentions

    text = (
        'June says hello to Chloe. June laughs. "Wait," June says. June\'s shoes hurt. '
        "Chloe drags June inside. In June the club closes; they met last August."
    )
    spans = find_person_mentions([(0, next(parse_texts([text])))])
    june = [s for s, e in spans if text[s:e] == "June"]
    assert june and all(s < text.index("In June") for s in june)
    assert "August" not in {text[s:e] for s, e in spans}


def test_characters_an_epithet_that_speaks_is_a_character() -> None:
    # "the Middleman" is always written with "the", as places are ("the Moonstone"), but he speaks:
    # a person, tagged as AO3 tags such characters, with the article.
    text = (
        '"Not again," the Middleman says. Wendy laughs at him. The Middleman frowns. "Fine," the '
        "Middleman says, and Wendy follows the Middleman out. They walked to the Moonstone and sat "
        "at the Moonstone."
    )
    assert _mentions(text).count("Middleman") == 4
    assert "Moonstone" not in _mentions(text)
    work = characters(make_work(text))
    assert [c.name for c in work.inferred.characters] == ["The Middleman", "Wendy"]


def test_find_person_mentions_given_name_read_as_organisation() -> None:
    # The NER calls two of these "Agnes" an organisation; a known given name is a person.
    text = "Agnes went to the market. Agnes bought bread. Later Agnes came home. Agnes smiled."
    assert _mentions(text).count("Agnes") == 4


def test_drop_places_uses_every_occurrence() -> None:
    from ficlens.nlp import parse_texts
    from ficlens.stages.characters import _drop_places

    text = "They met at Selby. From Selby they walked towards Minton. Selby was grey. Then Klein came to Klein's shop."
    doc = next(parse_texts([text]))
    spans = [(m, m + len(w)) for w in ("Selby", "Klein") for m in _all(text, w + " ")]
    kept = {text[s:e] for s, e in _drop_places([(0, doc)], spans)}
    assert kept == {"Klein"}


def _all(text: str, word: str) -> list[int]:
    import re

    return [m.start() for m in re.finditer(re.escape(word), text)]


def test_characters_names_drop_the_mention_phrase() -> None:
    text = (
        "Harry Potter woke early. The exhausted Harry Potter went down to breakfast. "
        "Ron Weasley laughed. Ron ate toast. The brave Hermione Granger sighed. Hermione left."
    )
    work = characters(make_work(text))
    names = {c.name for c in work.inferred.characters}
    assert {"Harry Potter", "Hermione Granger"} <= names
    assert not any(n.lower().startswith("the ") for n in names)
    harry = by_name(work, "Harry Potter")
    assert "The exhausted Harry Potter" in {work.text[m.start : m.end] for m in harry.mentions}


def test_characters_surname_after_an_elided_particle_stays_in_the_name() -> None:
    from ficlens.stages.characters import find_person_mentions

    text = "Then Sir Pagan d'Urberville came to the house with his men."
    spans = find_person_mentions([(0, get_nlp()(text))])
    assert [text[s:e] for s, e in spans] == ["Sir Pagan d'Urberville"]


# Stop 32: spaCy's small-model NER calls "Thorin" a title or a product six times in seven here; a word
# the KB knows as one canon person's own name is a person when the NER said so at least once.
_ON_THE_ICE = """The battle on the ice was over by the time Bilbo found him. Thorin lay where he had fallen, Orcrist beside him, and the snow around him was red.

"Bilbo." Thorin's voice was thin. "You came back."

"Of course I came back, you great fool." Bilbo knelt on the ice and took Thorin's hand. It was very cold. "Don't talk. The eagles are here. Someone will come."

Thorin smiled at that, the old proud smile, and closed his eyes for a moment. "I was wrong. About you. About the gold." Thorin's eyes were wet.

"I know. I forgave you ages ago." Bilbo could not see for crying. "Stay. Please stay. You can see the Shire. You can complain about the chairs."

"Plant your acorn. Watch it grow." Thorin breathed in, slow and shallow, and looked up at Bilbo as if there were nothing else left on the mountain.

"Thorin?"

Thorin did not answer.
"""


def test_a_canon_persons_name_the_ner_mislabels_is_still_a_character() -> None:
    import ficlens

    work = ficlens.analyze(_ON_THE_ICE.encode(), stages=["structure", "stats", "characters"])
    thorin = next((c for c in work.inferred.characters if c.name == "Thorin"), None)
    assert thorin is not None and len(thorin.mentions) >= 7 and thorin.role == "main"


# Stop 41: the NER reads "Leofric" (a Last Kingdom warrior the KB knows) as a date every time, so he was
# never a person. A word the story writes capitalised three times or more, never in lower case, that
# the KB knows as one canon person's own name is a person.
_SHIELD_WALL = """The wall held until noon. Leofric was beside me, his shield locked against mine, and he was laughing at the Danes.

Leofric took a blow on the helmet and went down on one knee. I dragged him back up by the collar and he swore at me.

"You owe me a horn of ale," Leofric said, when the Danes broke and ran for their ships.

Leofric sat on the shingle afterwards and counted his teeth. All of them were still there, which annoyed him.
"""


def test_a_canon_persons_name_the_ner_never_calls_a_person_is_a_character() -> None:
    import ficlens

    work = ficlens.analyze(_SHIELD_WALL.encode(), stages=["structure", "stats", "characters"])
    leofric = next((c for c in work.inferred.characters if c.name == "Leofric"), None)
    assert leofric is not None and len(leofric.mentions) == 4
    # "Danes" is no one's name in the KB: still no character.
    assert all(c.name != "Danes" for c in work.inferred.characters)
