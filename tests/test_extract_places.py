"""Place mentions: what a claim names as a place, and what only looks like one."""

from __future__ import annotations

from kg.extract.placenames import find_places


def _names(text: str) -> list[str]:
    return [s.text for s in find_places(text, 0)]


def test_frames_name_small_places() -> None:
    names = _names("Warplanes struck the village of Al-Buqa'an and the town of Hajin on Saturday.")
    assert "Al-Buqa'an" in names and "Hajin" in names


def test_where_a_source_is_based_is_no_place_of_the_event() -> None:
    assert _names("The Britain-based monitor reported at least 36 people killed.") == []


def test_possessive_ending_is_not_part_of_the_name() -> None:
    text = "Airstrikes hit Syria’s Deir ez-Zor Province."
    spans = find_places(text, 10)
    assert "Syria" in [s.text for s in spans]
    for span in spans:
        assert text[span.start - 10:span.end - 10] == span.text
