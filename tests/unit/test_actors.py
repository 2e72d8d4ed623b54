"""Names as models write them -> actors and people."""

from __future__ import annotations

import pytest


def test_a_company_takes_the_country_the_article_puts_before_it():
    from extractor.assembly.actors import country_before

    text = "Nigeria signed a deal with Turkey's Dearsan Shipyard. UAE defence group EDGE will help. NG deal with Eurosam."
    assert country_before("Dearsan Shipyard", text) == "TUR"
    assert country_before("EDGE", text) == "ARE"
    assert country_before("Eurosam", text) is None  # "NG" is a designation's letters, "with" a word


def test_actor_names_are_cleaned_as_the_article_spells_them():
    from extractor.assembly.actors import to_actor

    text = "ThyssenKrupp Marine Systems (TKMS) will build the boats. Turkey's Dearsan Shipyard won too."
    assert (to_actor("TKMS", text=text).name, to_actor("TKMS", text=text).country) == ("ThyssenKrupp Marine Systems", "DEU")
    dearsan = to_actor("Turkey's Dearsan Shipyard", text=text)
    assert (dearsan.name, dearsan.country, dearsan.kind) == ("Dearsan Shipyard", "TUR", "company")
    assert to_actor("Royal Navy").country == "GBR"


@pytest.mark.parametrize("name, country", [("Pentagon", "USA"), ("the Pentagon", "USA"), ("Kremlin", "RUS")])
def test_a_seat_of_government_is_that_government_not_the_state(name, country):
    from extractor.assembly.actors import to_actor
    from extractor.contract import country_code

    actor = to_actor(name)
    assert (actor.name, actor.country, actor.kind) == (name, country, "government")
    assert country_code(name) is None  # not a name of the country


def test_a_city_placed_by_the_gazetteer_is_not_a_name_of_its_country():
    from extractor.assembly.places import CITY_COUNTRIES, city_country
    from extractor.contract import country_code
    from extractor.contract.countries import COUNTRY_ALIASES

    assert city_country("Mumbai") == "IND" and "mumbai" in CITY_COUNTRIES
    assert country_code("Mumbai") is None and "mumbai" not in COUNTRY_ALIASES
    assert country_code("Moscow") == "RUS"  # a capital stands for its country ("Moscow said")
