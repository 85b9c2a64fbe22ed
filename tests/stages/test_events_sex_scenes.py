"""Sex scenes as events and on the scene map (stop 36): a love scene written without explicit terms is
still a scene a reader may want to skip; blood in a mouth, a wound in the thigh or a man called Dick is
not one. Written for these tests.
"""

from __future__ import annotations

from story_helpers import analyse_story

_BREAK = "\n\n* * *\n\n"

_DINNER = (
    "Tomas and Ilse ate dinner on the porch. Tomas talked about the fence and Ilse laughed at him. "
    "They washed the plates together and watched the light go off the river.\n\n"
) * 2

_LOVE = (
    "Ilse kissed him in the doorway of the bedroom and he kissed her back, slow. She pulled his shirt off "
    "over his head and put her mouth to his collarbone, and he laughed against her hair. They fell into bed "
    "together. He went down on her with the sheets tangled round his legs, and later he moved inside her, "
    "her hips rising to meet him, her breath hitching, and she said his name into his shoulder.\n"
)


def _sex_events(work):
    return [e for e in work.inferred.events if e.label == "sexual_content"]


def test_a_love_scene_without_explicit_terms_is_on_the_scene_map() -> None:
    work = analyse_story(_DINNER + _BREAK + _LOVE + _BREAK + _DINNER)
    sex = _sex_events(work)
    assert [(e.scene, e.severity) for e in sex] == [(1, "graphic")]
    assert {p.name for p in sex[0].participants} == {"Tomas", "Ilse"}
    assert ("pornography", "graphic") in work.warnings_by_scene()[1]
    assert "pornography" not in dict(work.warnings_by_scene().get(0, []))


def test_violence_to_the_mouth_and_thigh_is_no_sex_scene() -> None:
    fight = (
        "The man came over the wall with a knife. Tomas hit him in the face and blood ran into his mouth, "
        "and the knife went into Tomas's thigh, between his legs and the fence post. The skin split. Tomas "
        "fell and lay on his back in the mud, and the man came apart in his hands like wet paper.\n"
    )
    work = analyse_story(_DINNER + _BREAK + fight)
    assert _sex_events(work) == []
    assert all(sw.id != "pornography" for sw in work.inferred.scene_warnings)


def test_a_man_called_dick_is_no_explicit_term() -> None:
    scene = (
        "Dick kissed Barbara on the roof and said goodnight. Dick went home. Barbara watched Dick go, and "
        "Dick waved from the fire escape before he went in to bed.\n"
    )
    work = analyse_story(_DINNER + _BREAK + scene)
    assert _sex_events(work) == []


def test_sex_only_told_is_an_event_but_no_scene_to_skip() -> None:
    told = (
        "In the morning Ilse made coffee and did not look at him. She had slept with him. It had been a "
        "mistake, she told herself, and she poured the milk and went out to the hens.\n"
    )
    work = analyse_story(_DINNER + _BREAK + told)
    assert [(e.scene, e.severity) for e in _sex_events(work)] == [(1, "mentioned")]
    assert all(sw.id != "pornography" for sw in work.inferred.scene_warnings)


def test_a_few_soft_words_over_a_long_chapter_are_no_love_scene() -> None:
    quiet = (
        "She kissed her mother goodbye at the station and took the slow train north. "
        + "The fields went by, and the rivers, and the small towns with their churches and their schools. "
        * 70
        + "At the hotel the bed was hard and the sheets smelled of soap, and she lay with the sun on her skin "
        "and her hip against the wall and listened to the trams. Her lips were dry from the journey.\n"
    )
    work = analyse_story(_DINNER + _BREAK + quiet)
    assert _sex_events(work) == []


def test_sex_described_act_by_act_is_explicit_without_explicit_terms() -> None:
    work = analyse_story(_DINNER + _BREAK + _LOVE + _BREAK + _DINNER)
    assert work.inferred.rating.name == "Explicit"
    assert "sex described act by act in scene 2" in work.inferred.rating.reasons[0]


def test_a_love_scene_with_one_act_stays_mature() -> None:
    gentle = (
        "Ilse kissed him in the doorway and he kissed her back. They undressed each other slowly in the "
        "half-dark, laughing at the buttons, her bare shoulders cold, and they fell into bed with the sheets "
        "tangled round them. Afterwards she lay with her head on his chest and listened to the rain.\n"
    )
    work = analyse_story(_DINNER + _BREAK + gentle + _BREAK + _DINNER)
    assert [(e.scene, e.severity) for e in _sex_events(work)] == [(1, "depicted")]
    assert work.inferred.rating.name == "Mature"
