"""Names as models write them -> actors and people."""

from __future__ import annotations

import pytest


def test_a_company_takes_the_country_the_article_puts_before_it():
    from extractor.assembly.actors import country_before

    text = "Nigeria signed a deal with Turkey's Dearsan Shipyard. UAE defence group EDGE will help. NG deal with Eurosam."
    assert country_before("Dearsan Shipyard", text) == "TUR"
    assert country_before("EDGE", text) == "ARE"
    assert country_before("Eurosam", text) is None  # "NG" is a designation's letters, "with" a word
    assert country_before("Navy", "He thanked the PNG Navy.") == "PNG"  # a country's usual short name


def test_a_company_takes_the_country_of_the_place_the_article_says_it_is_based_in():
    from extractor.assembly.actors import to_actor

    text = ("Portugal signed a contract with Eurosam, the Paris-based joint venture of MBDA and Thales. "
            "The Ankara-based defence firm Kale Kalip will supply parts. Acme Corp, a Texas-based maker, sells.")
    assert [to_actor(n, text=text).country for n in ("Eurosam", "Kale Kalip", "Acme Corp")] == ["FRA", "TUR", None]


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


@pytest.mark.parametrize("name, title, text, expected", [
    ("Li Wei", "Joint Secretary", "It was signed by Li Wei, Joint Secretary at the Ministry of Defence, and others.",
     ("Joint Secretary", "Ministry of Defence")),
    ("Ana Costa", "Commander", "Admiral Ana Costa, commander of the Brazilian Navy, hosted the talks.",
     ("Commander", "Brazilian Navy")),
    ("Tom Reed", None, "The deal was signed with Boeing senior vice president Tom Reed on Monday.", (None, "Boeing")),
    ("Ari Ben", "Chairman of Israel's state-owned Elbit Systems", "x", ("Chairman", "Elbit Systems")),
    ("Omar Said", "chief executive", "Abu Dhabi's EDGE chief executive Omar Said spoke.", ("chief executive", "EDGE")),
])
def test_a_person_keeps_the_body_the_article_names_apart_from_the_title(name, title, text, expected):
    from extractor.assembly.people import person_organization

    assert person_organization(name, title, text) == expected


@pytest.mark.parametrize("name, title, text", [
    ("Rajnath Singh", "Defence Minister", "Indian Defence Minister Rajnath Singh met his counterpart."),
    ("Mark Esper", "Secretary of Defense", "Mark Esper, Secretary of Defense, said."),
    ("Kim Lee", "Minister of National Defense", "Kim Lee, Minister of National Defense of South Korea, said."),
    ("Ana Ruiz", "Chief of Defence Staff", "Spain's Chief of Defence Staff Ana Ruiz visited."),
    ("Dong Jun", "defence minister", "Chinese defence minister Dong Jun arrived."),
    ("Joo Won", "head", "Joo Won, head of HD Hyundai Heavy Industries' ship business unit, attended."),
])
def test_a_title_or_a_portfolio_alone_names_no_organization(name, title, text):
    from extractor.assembly.people import person_organization

    assert person_organization(name, title, text)[1] is None


@pytest.mark.parametrize("title, country, expected", [
    ("Russian Defence Minister", "Vietnam", ("Defence Minister", "VNM")),  # one side's nationality copied onto the other
    ("Indonesian Defence Minister", None, ("Defence Minister", "IDN")),
    ("US Secretary of Defense", None, ("Secretary of Defense", "USA")),
    ("Deputy Prime Minister and Defence Minister", "Tonga", ("Deputy Prime Minister and Defence Minister", "TON")),
    ("IT Director", "India", ("IT Director", "IND")),  # initials that are an ISO code stay in the title
    ("Honduran Defence Minister", None, ("Defence Minister", "HND")),
    ("Tongan Chief of Defence", None, ("Chief of Defence", "TON")),
])
def test_a_title_does_not_repeat_the_persons_country(title, country, expected):
    from extractor.assembly.people import to_person

    person = to_person("Phan Van Giang", title, country, "Phan Van Giang met Sergei Shoigu.")
    assert (person.title, person.country) == expected


@pytest.mark.parametrize("name, country", [
    ("AM Tech Solutions", None),  # initials, not Armenia
    ("IT Systems", None),  # not Italy
    ("US Army", "USA"),
    ("UAE Armed Forces", "ARE"),
    ("Albanian Armed Forces", "ALB"),
    ("Samoan Police", "WSM"),
    ("Philippine Navy", "PHL"),
])
def test_initials_that_are_an_iso_code_do_not_give_a_firm_a_country(name, country):
    from extractor.assembly.actors import to_actor

    assert to_actor(name).country == country


@pytest.mark.parametrize("name, country", [
    ("Larsen & Toubro", "IND"), ("PT Dirgantara Indonesia", "IDN"), ("Czechoslovak Group", "CZE"),
    ("Boustead Naval Shipyard", "MYS"), ("Leonardo DRS", "USA"), ("Leonardo", "ITA"), ("AM General", "USA"),
])
def test_well_known_defence_firms_of_every_region_have_their_country(name, country):
    from extractor.assembly.actors import to_actor

    assert to_actor(name).country == country


@pytest.mark.parametrize("name, country", [("TNI", "IDN"), ("Tatmadaw", "MMR"), ("JMSDF", "JPN"), ("Marina Militare", "ITA"),
                                           ("Hellenic Navy", "GRC"), ("Royal Navy of Oman", "OMN"),
                                           ("Armed Forces of Ukraine", "UKR"), ("Lao People's Army", "LAO"),
                                           ("RAAF", "AUS"), ("ROKAF", "KOR"), ("ROC Air Force", "TWN"),
                                           ("Armada de Chile", "CHL"), ("Marinha do Brasil", "BRA")])
def test_forces_whose_name_hides_their_country_have_it(name, country):
    from extractor.assembly.actors import to_actor

    assert (to_actor(name).kind, to_actor(name).country) == ("military", country)


@pytest.mark.parametrize("name", ["NSPA", "European Defence Agency", "OCCAR", "Pacific Islands Forum"])
def test_alliances_agencies_and_blocs_are_organisations_of_no_country(name):
    from extractor.assembly.actors import to_actor

    assert (to_actor(name).kind, to_actor(name).country) == ("organization", None)


@pytest.mark.parametrize("written, name, title", [
    ("Lt. Gen. Sanjay Verma", "Sanjay Verma", "Lt. Gen."),  # was "Gen." and a Lithuanian
    ("Col. Ahmed Al-Harbi", "Ahmed Al-Harbi", "Col."),  # was a Colombian
    ("Brig. Gen. Ali Khan", "Ali Khan", "Brig. Gen."),
    ("Capt. Maria Silva", "Maria Silva", "Capt."),
    ("Commodore Ravi Nair", "Ravi Nair", "Commodore"),
    ("Air Vice-Marshal Ian Tan", "Ian Tan", "Air Vice-Marshal"),
    ("Field Marshal Asim Munir", "Asim Munir", "Field Marshal"),
])
def test_a_rank_written_into_the_name_becomes_the_title_and_names_no_country(written, name, title):
    from extractor.assembly.people import to_person

    person = to_person(written, None, None, f"{written} met the delegation.")
    assert (person.name, person.title, person.country) == (name, title, None)


@pytest.mark.parametrize("written, title", [("Lithuanian counterpart Laurynas Kasciunas", None),
                                            ("his counterpart Laurynas Kasciunas", "Defence Minister")])
def test_a_counterpart_written_into_the_name_is_the_name_alone(written, title):
    """"counterpart" is no office of his: the name is the person's (was "Lithuanian counterpart Laurynas
    Kasciunas", as the model wrote it), the country the one the words give."""
    from extractor.assembly.people import to_person

    text = "Boris Pistorius and his Lithuanian counterpart Laurynas Kasciunas held a bilateral meeting."
    person = to_person(written, title, "LTU" if title else None, text)
    assert (person.name, person.title, person.country) == ("Laurynas Kasciunas", title, "LTU")


@pytest.mark.parametrize("name, kind, country", [
    ("Papua New Guinea Defence Force", "military", "PNG"),  # was a company
    ("Defence Force Technologies Ltd", "company", None),  # a legal form makes a firm whatever its words
    ("Navy Group Inc.", "company", None),
    ("Royal Thai Navy", "military", "THA"),  # the country after "Royal" (was none)
    ("Royal Australian Air Force", "military", "AUS"),
])
def test_a_force_is_military_and_a_firm_with_a_legal_form_a_company(name, kind, country):
    from extractor.assembly.actors import to_actor

    actor = to_actor(name)
    assert (actor.kind, actor.country) == (kind, country)


@pytest.mark.parametrize("name, country", [
    ("Thales Australia", "AUS"),  # a subsidiary named after its country
    ("Rolls-Royce Solutions America", "USA"),
    ("Leonardo UK", "GBR"),
    ("Lockheed Martin", "USA"),
    ("BAE Systems Hägglunds", "SWE"),  # the longest firm the name holds: BAE's Swedish arm
    ("Thales", "FRA"),
])
def test_a_firms_subsidiary_named_after_a_country_is_of_that_country(name, country):
    from extractor.assembly.actors import to_actor

    assert to_actor(name).country == country


@pytest.mark.parametrize("name", ["PNG defence minister", "the Indian counterpart", "Defence Minister", "senior officials",
                                  "suppliers"])
def test_an_office_without_a_name_is_not_a_person(name):
    from extractor.assembly.people import to_person

    text = ("PNG defence minister met Matt Keogh; the Indian counterpart, the Defence Minister and senior officials spoke "
            "with suppliers.")
    assert to_person(name, None, None, text) is None
    assert to_person("Matt Keogh", "Defence Personnel Minister", None, text).name == "Matt Keogh"


def test_a_person_written_by_the_surname_alone_gets_the_fullest_name_the_article_gives():
    from extractor.assembly.people import to_person

    text = ("In Geelong Marles said. Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan. "
            "Mr Putin said. In Accra, Koffi said. Defence Minister Richard Marles spoke.")
    assert [to_person(n, None, None, text).name for n in ("Putin", "Erdogan", "Koffi", "Marles")] == [
        "Vladimir Putin", "Recep Tayyip Erdogan", "Koffi", "Richard Marles"]  # not a place or a sentence's first word


@pytest.mark.parametrize("name", ["Congress", "Parliament", "the Senate", "reporters", "the National Assembly"])
def test_a_body_a_minister_speaks_to_is_not_a_person(name):
    from extractor.assembly.people import to_person

    text = f"Defence Minister Walter Astudillo told {name} on Thursday that the purchase was cancelled."
    assert to_person(name, None, "Peru", text) is None
    assert to_person("Walter Astudillo", "Defence Minister", "Peru", text).name == "Walter Astudillo"


@pytest.mark.parametrize("name", ["BlueBird Aero Systems", "Tata Advanced Systems Ltd", "Hyundai Heavy Industries"])
def test_a_firm_named_as_a_signer_is_not_a_person(name):
    from extractor.assembly.people import to_person

    assert to_person(name, None, None, f"Morocco signed an agreement with {name}.") is None


def test_a_given_name_like_a_rank_stays_a_name_where_no_other_name_ends_so():
    from extractor.assembly.people import to_person

    text = "Japanese Defence Minister Gen Nakatani met Gen Mark Milley. Gen Milley said."
    assert to_person("Gen Nakatani", "Defence Minister", "Japan", text).name == "Gen Nakatani"
    assert to_person("Gen Milley", None, None, text).name == "Mark Milley"


def test_a_country_before_a_persons_title_is_his_country_not_part_of_his_name():
    from extractor.assembly.people import to_person

    person = to_person("German Defence Minister Boris Pistorius", None, None, "German Defence Minister Boris Pistorius said.")
    assert (person.name, person.title, person.country) == ("Boris Pistorius", "Defence Minister", "DEU")


def test_an_office_for_a_portfolio_stands_for_its_state():
    from extractor.assembly.actors import to_actor

    assert to_actor("Dutch State Secretary for Defence").country == "NLD"


def test_a_name_the_model_misspelt_is_written_as_the_article_spells_it():
    from extractor.assembly.people import to_person

    text = "Ghana's Defence Minister Omane Boamah and Turkish Defence Minister Yasar Guler signed the agreement."
    assert to_person("Omene Boamah", "Defence Minister", "Ghana", text).name == "Omane Boamah"
    assert to_person("Yasar Guler", None, None, text).name == "Yasar Guler"
    assert to_person("Kwame Boamah", None, None, text).name == "Kwame Boamah"  # another first name: not a slip


def test_a_place_the_model_put_among_the_people_is_no_person():
    from extractor.assembly.people import to_person

    text = "India handed the submarine to Myanmar at a ceremony in Visakhapatnam. Marles later met Singh."
    assert to_person("Visakhapatnam", None, None, text) is None
    assert to_person("Marles", None, None, text).name == "Marles"  # a surname the article names no place by


@pytest.mark.parametrize("written, name, country", [
    ("Czech company Excalibur International", "Excalibur International", "CZE"),
    ("South Korean shipbuilder Hanwha Ocean", "Hanwha Ocean", "KOR"),
    ("US defence contractor Lockheed Martin", "Lockheed Martin", "USA"),
    ("Turkish drone maker Baykar", "Baykar", "TUR"),
])
def test_a_firm_is_named_without_the_words_that_introduce_it(written, name, country):
    from extractor.assembly.actors import to_actor

    actor = to_actor(written)
    assert (actor.name, actor.country, actor.kind) == (name, country, "company")


@pytest.mark.parametrize("name, text, country", [
    # a force the model named without its country, which the article puts before it (it had none)
    ("Air Force", "BRASILIA — Brazil's Air Force and Saab signed an amendment on Tuesday.", "BRA"),
    ("Navy", "The Chilean Navy ordered two frigates.", "CHL"),
    ("Navy", "Saab signed a contract with the Navy.", None),  # no country before it: none
])
def test_a_force_named_alone_is_of_the_country_the_article_puts_before_it(name, text, country):
    from extractor.assembly.actors import to_actor

    actor = to_actor(name, text=text)
    assert (actor.kind, actor.country) == ("military", country)
