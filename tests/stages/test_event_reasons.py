"""How events name their victims to a reader (stop 36): a "he" ficlens could not place reads "of him" in a
rating reason, and a warning's `characters` list holds people, never an unplaced pronoun or "someone".
Written for these tests.
"""

from __future__ import annotations

from story_helpers import analyse_story

from ficlens.stages.events import _named

_CLINIC = (
    "Late Shift\n\n"
    "Mara got to the clinic at nine. Jess was already at the desk with the kettle on.\n\n"
    '"They brought someone in an hour ago," Jess said. "He\'s got a split lip and a black eye, and two broken '
    'fingers where they stamped on his hand."\n\n'
    'Mara put her bag down. "Who did it?"\n\n'
    '"He won\'t say."\n\n'
    "They sat with the kettle between them and did not talk for a while. Outside the rain kept on, and the "
    "street lamps came on one by one along the canal.\n"
)


def test_an_unplaced_he_reads_as_him_in_the_reason() -> None:
    work = analyse_story(_CLINIC)
    rating = work.inferred.rating
    assert rating.name == "Teen And Up Audiences"
    assert "violence (depicted) of him in scene 1" in rating.reasons[0]
    assert not any(" of he " in r for r in rating.reasons)


def test_a_warning_lists_people_not_pronouns() -> None:
    names = ["he", "Anna Marsh", "them", "someone", "His", "the captain", "the narrator", "you", "Anna Marsh"]
    assert _named(names) == ["Anna Marsh", "the narrator", "you"]
