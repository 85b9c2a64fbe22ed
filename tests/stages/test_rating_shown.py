"""What the reader is shown sets the rating (stop 35): sexual vocabulary asks for Mature only with bodies
in it (kisses and beds alone are a goodnight kiss, a hospital bed and a baby kissed, not a love scene), and a
shooting in a nightmare is still watched. Written for these tests."""

from __future__ import annotations

from story_helpers import analyse_story

_FAMILY = (
    "Clara kissed the baby and put him back in his bed. Jonah kissed Clara on the forehead and went to make "
    "tea. The baby slept in the little bed by the window, and Clara lay back on her own bed and smiled. "
    "Jonah came back with two cups and kissed her again, and the nurse laughed at them both. "
) * 2


def test_kisses_and_beds_alone_are_not_mature() -> None:
    work = analyse_story(_FAMILY + "Outside the snow came down on the car park and nobody minded.\n")
    assert work.inferred.rating is not None and work.inferred.rating.name != "Mature"


def test_a_love_scene_with_bodies_is_mature() -> None:
    scene = (
        "Later, at home, Jonah kissed her and pulled his shirt off, and they fell into bed. She kissed the bare "
        "skin of his chest, and he kissed her neck, and her hips pressed to his, and they tangled in the "
        "sheets. "
    )
    work = analyse_story(
        "Clara and Jonah came home from the party in the rain. " * 3 + scene * 2 + "They slept late.\n"
    )
    assert work.inferred.rating is not None and work.inferred.rating.name == "Mature"


_CANAL = "Mara Holt and Dev Patel walked the dog along the canal. Mara laughed at the ducks. " * 3


def test_a_shooting_in_a_nightmare_is_teen() -> None:
    work = analyse_story(
        _CANAL
        + "\n\n* * *\n\nThat night Mara dreamed of the canal again. In the dream a man in a grey coat raised a "
        "pistol, and the first shot took Dev in the back, and he fell into the water.\n\nShe woke up with her "
        "heart racing. Dev was asleep beside her, snoring, and she put her hand on his back until she was calm.\n"
    )
    assert [e.mode for e in work.inferred.events if e.label == "violence"] == ["dream"]
    assert work.inferred.rating is not None and work.inferred.rating.name == "Teen And Up Audiences"


def test_a_killing_remembered_beside_talk_of_dreams_is_no_dream() -> None:
    work = analyse_story(
        _CANAL
        + "\n\n* * *\n\nFor as long as Mara can remember, she's had the dreams. Dev knows her parents were killed "
        "by raiders when she was just barely old enough to remember it. When she wakes up, the dreams fade.\n\n"
        + _CANAL
    )
    modes = [e.mode for e in work.inferred.events if e.label == "death"]
    assert modes and "dream" not in modes, modes
