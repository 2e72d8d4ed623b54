"""Which country a meeting's city is in."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("city, country", [
    ("Nicosia", "CYP"), ("Valparaíso", "CHL"), ("Nuku'alofa", "TON"), ("Washington", "USA"), ("Geelong", "AUS"),
    ("Atlantis Prime", None),
])
def test_a_meeting_city_gets_its_country(city, country):
    from extractor.assembly.places import city_country

    assert city_country(city) == country
