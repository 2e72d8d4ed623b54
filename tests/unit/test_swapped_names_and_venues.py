"""Readings found on news written for the check (session 40): a quote that swapped a side's name, a purchase ruled
out, a side named only by what kind it is, a fair or a camp taken for a city, a count with "additional" before
the system's name."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import MeetingsAnswer, TransfersAnswer
from extractor.assembly.build import assemble
from extractor.assembly.grounding import name_as_written
from extractor.assembly.hedges import not_bought
from extractor.run.followups import counted_names


def test_a_side_the_models_quote_swapped_is_the_one_the_article_names():
    text = ("Indonesia took delivery of its first Scorpene submarine from France in May under a contract worth "
            "about 1.2 billion euros signed in 2023.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Malaysia took delivery of its first Scorpene submarine from France in May under a contract worth "
                  "about 1.2 billion euros signed in 2023.", "system": "Scorpene submarine", "category": "ships",
         "supplier": "France", "recipient": "Malaysia", "status": "delivered", "date": "in May"}]})
    [t] = assemble(answer, text, dt.date(2025, 6, 2)).records
    assert t.evidence[0].match == "fuzzy"
    assert (t.supplier.country, t.recipient.country) == ("FRA", "IDN")  # was Malaysia, which the article never names


def test_a_side_the_quote_wrote_by_its_capital_stays_as_the_model_named_it():
    text = ("Moscow delivered two Kilo-class submarines to Vietnam in January under a contract worth about "
            "two billion dollars signed in 2009.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text.replace("Moscow", "Russia"), "system": "Kilo-class submarines", "category": "ships",
         "supplier": "Russia", "recipient": "Vietnam", "status": "delivered", "date": "in January"}]})
    [t] = assemble(answer, text, dt.date(2025, 3, 2)).records
    assert t.evidence[0].match == "fuzzy" and t.supplier.name == "Russia"  # one country, not swapped for "Moscow"


def test_a_name_the_sentence_has_or_the_quote_did_not_swap_stays():
    sentence = "The Philippines received two BrahMos batteries from India in April."
    assert name_as_written("India", "Japan received two BrahMos batteries from India in April.", sentence) == "India"
    assert name_as_written("Vietnam", "Russia delivered two Kilo submarines.", sentence) == "Vietnam"


def test_a_purchase_ruled_out_is_not_made():
    assert not_bought("Canada rules out Gripen purchase after fighter review")
    assert not_bought("Spain ruled out buying more Eurofighters this year")
    assert not_bought("The navy is not buying the frigates")
    assert not not_bought("Spain ruled out a referendum and ordered 20 more Eurofighters")


def test_a_side_named_only_by_its_kind_is_no_supplier():
    text = ("Lisbon will not pursue the F-35, the minister said. European alternatives would be studied, "
            "without naming any.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "European alternatives would be studied", "system": "F-35", "category": "aircraft",
         "supplier": "European alternatives", "recipient": "Portugal", "status": "proposed", "date": None}]})
    built = assemble(answer, text, dt.date(2025, 3, 14))
    assert built.records == [] and built.dropped == [
        "transfer of F-35 to or from a side the article does not name"]


def _met_at(place: str, text: str):
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text, "kind": "talks", "status": "held", "city": place,
        "participants": [{"name": "Rustem Umerov", "title": "Defence Minister", "country": "Ukraine"},
                         {"name": "Pal Jonson", "title": "Defence Minister", "country": "Sweden"}],
        "countries": ["Ukraine", "Sweden"]}]})
    [m] = assemble(answer, text, dt.date(2025, 9, 24)).records
    return m.location


def test_a_fair_or_a_camp_is_no_city():
    at_fair = "Umerov met Swedish Defence Minister Pal Jonson at the MSPO defence exhibition."
    assert _met_at("MSPO", at_fair).city is None
    assert _met_at("Camp Lejeune", "Umerov met Swedish Defence Minister Pal Jonson at Camp Lejeune.").city is None
    held = _met_at("Kielce", "Umerov met Swedish Defence Minister Pal Jonson in Kielce, Poland, at a fair.")
    assert (held.city, held.country) == ("Kielce", "POL")


def test_a_count_with_additional_before_the_name_counts_it():
    assert counted_names("Greece ordered six additional Rafale jets from Dassault in 2021.") == ["Rafale jets"]
    assert counted_names("Romania will buy 12 more Leopard tanks.") == ["Leopard tanks"]
    assert counted_names("The army hired 300 new Recruits this year.") == []


def test_a_veto_lifted_clears_a_sale_and_a_possible_order_is_no_order():
    from extractor.assembly.lexicon import names_instrument
    from extractor.assembly.trade_status import transfer_status_in

    assert transfer_status_in("Sweden will no longer block the sale of Archer howitzers to Turkey.") == "approved"
    assert transfer_status_in("Ottawa lifted its embargo on drone exports to Ankara on Friday.") == "approved"
    assert transfer_status_in("The decision paves the way for a potential order of 20 tanks.") == "proposed"
    assert not names_instrument("The decision paves the way for a potential order of 20 tanks.")
    assert names_instrument("The navy placed an order for 20 tanks.")


def test_an_instrument_the_sentence_only_calls_possible_is_no_agreement():
    from extractor.asking.answers import AgreementsAnswer

    text = "Sweden will no longer block the sale of Archer howitzers to Turkey, opening the way to a possible deal."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text, "kind": "agreement", "status": "signed", "parties": ["Sweden", "Turkey"]}]})
    built = assemble(answer, text, dt.date(2025, 1, 9))
    assert built.records == [] and built.dropped == ["agreement whose sentence names no instrument"]


def test_a_titled_person_joined_by_and_to_a_participant_was_there_too():
    from extractor.assembly.people import titled_beside, to_person

    text = ("Japanese Defence Minister Gen Nakatani and Foreign Minister Takeshi Iwaya met Indian Defence Minister "
            "Rajnath Singh in Tokyo on Monday.")
    nakatani, singh = to_person("Gen Nakatani", None, "Japan", text), to_person("Rajnath Singh", None, "India", text)
    [iwaya] = titled_beside([nakatani, singh], text, text)
    assert (iwaya.name, iwaya.title, iwaya.country) == ("Takeshi Iwaya", "Foreign Minister", "JPN")
    signed = "It was signed by Colombian Defence Minister Pedro Sanchez and Spanish Defence Minister Margarita Robles."
    assert [p.name for p in titled_beside([to_person("Pedro Sanchez", None, "Colombia", signed)], signed, signed)] == [
        "Margarita Robles"]  # the whole name, up to its comma or full stop
    untitled = "Nakatani and Iwaya met Singh in Tokyo."
    assert titled_beside([to_person("Nakatani", None, "Japan", untitled)], untitled, untitled) == []


def test_a_purchase_a_side_is_to_make_is_a_plan():
    from extractor.assembly.trade_status import transfer_status_in

    assert transfer_status_in("Under the pact, Norway is to buy four Type 26 frigates from Britain.") == "proposed"
    assert transfer_status_in("Norway is to buy four Type 26 frigates under a contract signed on Monday.") == "ordered"


def test_a_meeting_has_the_titled_person_its_sentence_joins_to_a_participant():
    text = ("Japanese Defence Minister Gen Nakatani and Foreign Minister Takeshi Iwaya met Indian Defence Minister "
            "Rajnath Singh in Tokyo on Monday.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text, "kind": "talks", "status": "held", "city": "Tokyo",
        "participants": [{"name": "Gen Nakatani", "title": "Defence Minister", "country": "Japan"},
                         {"name": "Rajnath Singh", "title": "Defence Minister", "country": "India"}],
        "countries": ["Japan", "India"]}]})
    [m] = assemble(answer, text, dt.date(2025, 5, 6)).records
    assert [p.name for p in m.participants] == ["Gen Nakatani", "Rajnath Singh", "Takeshi Iwaya"]


def test_a_purchase_is_not_delivered_by_the_clause_that_tells_of_its_first():
    text = "Chile bought six KC-390 transport aircraft from Brazil in 2020 and the first was delivered in 2024."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "KC-390 transport aircraft", "category": "aircraft", "supplier": "Brazil",
         "recipient": "Chile", "status": "ordered", "quantity": 6, "date": "in 2020"}]})
    [t] = assemble(answer, text, dt.date(2025, 4, 1)).records
    assert (t.status, t.quantity, t.date) == ("ordered", 6, "2020")  # was delivered: the first one's word


def test_a_firm_the_model_named_by_its_country_is_named_as_the_article_writes_it():
    from extractor.assembly.actors import to_actor

    text = "Pakistan ordered 10 Akinci drones from Turkish Aerospace in 2024."
    assert to_actor("Turkey Aerospace", text=text).name == "Turkish Aerospace"
    assert to_actor("Israel Aerospace Industries", text=text).name == "Israel Aerospace Industries"  # not there


def test_more_of_another_system_is_no_option_on_this_one():
    from extractor.assembly.stages import optioned

    text = ("Chile will lease six Black Hawk helicopters from a local firm. The helicopters enter service in 2026. "
            "Chile also plans to buy two more C-390 transport aircraft from Embraer.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:58], "system": "Black Hawk helicopters", "category": "aircraft", "supplier": "United States",
         "recipient": "Chile", "status": "ordered", "quantity": 6},
        {"quote": text[-63:], "system": "C-390 transport aircraft", "category": "aircraft", "supplier": "Embraer",
         "recipient": "Chile", "status": "proposed", "quantity": 2}]})
    records = assemble(answer, text, dt.date(2025, 2, 5)).records
    assert optioned(records, text) == []  # was two more Black Hawks, both being aircraft


def test_a_delivery_put_off_is_no_delivery():
    from extractor.assembly.trade_status import transfer_status_in

    assert transfer_status_in("Norway's K9 howitzer delivery delayed by a year") == "ordered"
    assert transfer_status_in("Ankara blamed Washington for delays in delivering the F-16 jets.") == "ordered"
    assert transfer_status_in("The last K9 howitzers were delivered in May.") == "delivered"


def test_an_emirs_title_is_no_part_of_his_name():
    from extractor.assembly.people import to_person

    text = "Kuwait's Emir Sheikh Mishal al-Ahmad al-Jaber Al Sabah received the French Defence Minister."
    person = to_person("Emir Sheikh Mishal al-Ahmad al-Jaber Al Sabah", None, "Kuwait", text)
    assert person is not None and person.name == "Mishal al-Ahmad al-Jaber Al Sabah" and person.title == "Emir Sheikh"


def test_a_datelines_day_is_not_the_signings_nearest_date():
    from extractor.assembly.dates import signing_date

    sentence = ("OSLO, March 7 - Norway signed a contract with Hanwha Aerospace on Wednesday for 24 K9 howitzers, "
                "the ministry said.")
    text = "Norway buys K9 howitzers\n\n" + sentence
    assert signing_date("on Wednesday", sentence, text, dt.date(2025, 3, 7), kind="contract") == "2025-03-05"


def test_a_price_is_the_systems_when_its_quote_is_shared_only_with_the_same_system_asked_again():
    def built(text: str, *systems: str):
        answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
            {"quote": text, "system": s, "category": "aircraft", "supplier": "Sweden", "recipient": "Brazil",
             "status": "ordered"} for s in systems]})
        return assemble(answer, text, dt.date(2025, 5, 6)).records

    one = "Brazil signed a deal on Monday to buy 12 Gripen E fighter jets, worth about 2 billion euros, officials said."
    assert {r.value.amount for r in built(one, "Gripen E", "Gripen E fighter jets")} == {2_000_000_000}  # was none
    two = ("Brazil signed a deal on Monday to buy 12 Gripen E fighter jets and Meteor missiles, worth about 2 billion "
           "euros in all, officials said.")
    assert all(r.value is None for r in built(two, "Gripen E", "Meteor missiles"))  # a price beside two is neither's


def test_a_system_approved_at_a_price_is_cleared():
    from extractor.assembly.trade_status import transfer_status_in

    cleared = "The department also approved Javelin missiles worth an estimated $90 million."
    assert transfer_status_in(cleared) == "approved"
    assert transfer_status_in("Poland ordered 32 jets after Congress approved a long-delayed defence budget bill "
                              "worth $800 billion.") == "ordered"  # a price too far from the approval is no clearance


def test_a_city_taken_from_a_datelines_capitals_is_written_as_a_name():
    location = _met_at("TALLINN", "TALLINN, Jan 15 - Umerov met Swedish Defence Minister Pal Jonson on Wednesday.")
    assert (location.city, location.country) == ("Tallinn", "EST")  # was "TALLINN"
