"""The news of a death broken just before the dead one is named again (stop 35): "He was gone before I
got here. It would have been very quick." ... "They brought Tomas home". Written for these tests (the end of
the efforts to save someone is in test_events_reported.py).
"""

from __future__ import annotations

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
