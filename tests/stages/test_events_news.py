"""The news of a death broken just before the dead one is named again (stop 35): "He was gone before I
got here. It would have been very quick." ... "They brought Tomas home"; and a death told by the end of the
efforts to save someone ("The doctors worked on Anna for an hour. At 4:12 they stopped.") or by an old
euphemism ("crossed over in the small hours"). Written for these tests.
"""

from __future__ import annotations

import pytest
from story_helpers import analyse_story, archive_names

_DAY = (
    "Tomas Brand fixed the fence by the river. Ilse Brand fed the hens and watched him work. "
    "Tomas whistled at the dog, and Ilse laughed at him from the porch. "
) * 3
_DRIVE = (
    "Tomas kissed Ilse goodbye and drove to town for the seed. He sang with the window down. "
    "He took the hill road a little fast, the way he always did.\n\n* * *\n\n"
    "The telephone rang after dark. Ilse answered it in the hall. It was the sergeant from the village, "
    "and he asked her to come to the hill road.\n\n"
)


def test_the_news_before_the_name_tells_the_death() -> None:
    work = analyse_story(
        _DAY
        + _DRIVE
        + 'The sergeant met her by the ditch and took off his cap. "I\'m sorry," he said. "He was gone before '
        "I got here. It would have been very quick. I don't think he knew anything about it.\"\n\n"
        "They brought Tomas home under a blanket, and Ilse sat with him all night.\n"
    )
    assert "Major Character Death" in archive_names(work)
    deaths = [e for e in work.inferred.events if e.label == "death"]
    # Placed where the news is broken, not where he last drove.
    assert [e.scene for e in deaths] == [1]


def test_gone_when_she_got_home_is_no_death_without_the_news() -> None:
    work = analyse_story(
        _DAY
        + _DRIVE
        + "The sergeant said Tomas had left the truck at the pub and walked off in a temper. He was gone before "
        "I got there, Ilse thought, the way he always is.\n\n"
        "Tomas came home at midnight, muddy and sorry, and Ilse made him tea.\n"
    )
    assert "Major Character Death" not in archive_names(work)


_BAKERY = (
    "Anna Marsh and Ben Okoro ran the bakery on Mill Street. Anna kneaded the dough and Ben lit the ovens. "
    "Anna laughed at Ben's terrible singing. Ben burned the first tray, as he always did. "
) * 3
_EMPTY = (
    "\n\n* * *\n\nThe bakery stayed shut for a week. Ben came back alone. He lit the ovens and did not sing. "
    "Her apron still hung on the hook by the door, and he could not bring himself to move it.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        # found by scripts/probe_deaths.py and probe_euphemisms.py (stop 35)
        "The doctors worked on Anna for an hour. At 4:12 they stopped.",
        "The doctors work on Anna for an hour. At 4:12 they stop.",
        "Anna crossed over in the small hours.",
    ],
)
def test_a_death_told_by_the_efforts_ending_or_a_euphemism(line: str) -> None:
    work = analyse_story(f"{_BAKERY}\n\n* * *\n\n{line}{_EMPTY}")
    assert "Major Character Death" in archive_names(work)


def test_the_mechanics_stopping_work_on_her_van_is_no_death() -> None:
    work = analyse_story(
        f"{_BAKERY}\n\n* * *\n\nThe mechanics worked on Anna's van all morning. At noon they stopped.\n\n{_BAKERY}"
    )
    assert not [e for e in work.inferred.events if e.label == "death"]
