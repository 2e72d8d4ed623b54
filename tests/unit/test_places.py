"""Which country a meeting's city is in."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("city, country", [
    ("Nicosia", "CYP"), ("Valparaíso", "CHL"), ("Nuku'alofa", "TON"), ("Washington", "USA"), ("Geelong", "AUS"),
    ("Atlantis Prime", None),
    # another name GeoNames knows the city by ("Nay Pyi Taw", "Da Nang", "Cebu City", George Town)
    ("Naypyitaw", "MMR"), ("Danang", "VNM"), ("Cebu", "PHL"), ("Penang", "MYS"), ("New York", "USA"),
    ("CEB", None),  # an airport's code is no name of its city
])
def test_a_meeting_city_gets_its_country(city, country):
    from extractor.assembly.places import city_country

    assert city_country(city) == country


@pytest.mark.parametrize("place, location", [
    ("Western Australia", (None, "AUS")),  # a state: no city, its country
    ("Minas Gerais", (None, "BRA")),
    ("Laikipia Air Base", (None, "KEN")),  # a venue named after a county
    ("Hanoi airport", ("Hanoi", "VNM")),  # a venue named after a city: that city
    ("Nicosia", ("Nicosia", "CYP")),
    ("Atlantis Prime", ("Atlantis Prime", None)),  # nothing known: as written, no country
])
def test_a_meeting_place_that_is_a_region_or_a_venue_gives_its_country(place, location):
    from extractor.assembly.meetings import _location

    found = _location(place, f"The ministers met at {place} on Monday.")
    assert (found.city, found.country) == location


@pytest.mark.parametrize("place, sentence, location", [
    # a venue the article places in a country: that country ("at Ramstein Air Base in Germany" had none)
    ("Ramstein Air Base", "The ministers met at Ramstein Air Base in Germany on Thursday.", (None, "DEU")),
    ("Subic Bay Freeport", "They met at Subic Bay Freeport in the Philippines.", ("Subic Bay Freeport", "PHL")),
    ("Hanoi airport", "They met at Hanoi airport in Vietnam.", ("Hanoi", "VNM")),
    ("Lima", "The ministers met in Lima, Peru, on Monday.", ("Lima", "PER")),
])
def test_a_meeting_place_followed_by_its_country_is_in_that_country(place, sentence, location):
    from extractor.assembly.meetings import _location

    found = _location(place, sentence)
    assert (found.city, found.country) == location
