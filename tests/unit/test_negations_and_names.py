"""Readings found on news written for the check (session 39): a signing a sentence negates, a delivery told with an
adverb, a firm listed as a system, an instrument a later sentence prices or names, a deal the article says was not
made, a place that is a building, a body among the signers."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import AgreementsAnswer, TransfersAnswer
from extractor.assembly.build import assemble
from extractor.assembly.finish import finish
from extractor.assembly.hedges import denied
from extractor.assembly.people import to_person
from extractor.assembly.trade_status import transfer_status_in


def _finished(answer, text: str, published: dt.date) -> dict:
    built = assemble(answer, text, published)
    kind = "agreements" if isinstance(answer, AgreementsAnswer) else "transfers"
    return finish({"agreements": [], "transfers": [], "meetings": [], kind: built.records}, text, published)


def test_a_signing_the_sentence_negates_is_still_to_come_not_an_order():
    assert transfer_status_in("Colombia is studying KC-390 aircraft, though no contract has been signed.") == "proposed"
    assert transfer_status_in("The deal for the tanks was not signed during the visit.") == "proposed"
    # what was not said is not a negated signing
    assert transfer_status_in("The ministry did not disclose when the contract for 12 jets was signed.") == "ordered"


def test_a_system_in_a_clause_that_negates_its_contract_is_proposed():
    text = ("Colombia is studying the purchase of Gripen fighters and KC-390 transport aircraft from Saab and Embraer, "
            "though no contract has been signed.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "KC-390 transport aircraft", "category": "aircraft", "supplier": "Embraer",
         "recipient": "Colombia", "status": "ordered", "date": None}]})
    [t] = assemble(answer, text, dt.date(2025, 3, 2)).records
    assert t.status == "proposed"  # was the clause's "signed": an order


def test_a_delivery_told_with_an_adverb_is_a_delivery():
    assert transfer_status_in("Ukraine has also received Leopard 2 tanks from Norway this year.") == "delivered"
    assert transfer_status_in("Chad has already received two Hurjet trainers.") == "delivered"
    assert transfer_status_in("The navy has also received an order for two corvettes.") != "delivered"


def test_a_firm_the_model_listed_as_a_system_is_no_transfer():
    text = "Peru is weighing the purchase of K9 howitzers from Hanwha Aerospace, the defence ministry said."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "Hanwha Aerospace", "category": "other", "supplier": "Hanwha Aerospace",
         "recipient": "Peru", "status": "proposed", "date": None}]})
    built = assemble(answer, text, dt.date(2025, 1, 28))
    assert built.records == [] and built.dropped == [
        "transfer of Hanwha Aerospace: the supplier's name, not a weapon system"]


def test_the_value_of_the_contract_is_the_contract_named_before():
    text = ("Malaysia's defence ministry signed a contract with Turkish Aerospace for three Anka drones on Monday. "
            "The value of the contract was not disclosed.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "contract", "status": "signed", "parties": ["Malaysia", "Turkish Aerospace"]},
        {"quote": "The value of the contract was not disclosed.", "kind": "contract", "status": "planned",
         "parties": ["Malaysia", "Turkish Aerospace"]}]})
    records = _finished(answer, text, dt.date(2024, 5, 8))["agreements"]
    assert [(r.kind, r.status) for r in records] == [("contract", "signed")]  # not a second contract, planned


def test_a_deal_the_article_says_was_not_made_is_no_agreement():
    text = ("Thai Defence Minister Sutin Klungsang held talks with his Chinese counterpart in Beijing on Monday. "
            "No new arms deals were announced.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "No new arms deals were announced.", "kind": "mou", "status": "signed",
         "parties": ["Thailand", "China"]}]})
    built = assemble(answer, text, dt.date(2024, 6, 4))
    assert built.records == [] and built.dropped == ["agreement the article denies"]
    assert denied("No agreement was reached on the submarine deal.")
    assert not denied("Poland plans to buy 32 more F-35s, though no deal has been announced yet.")  # a wish stays


def test_a_headline_and_a_body_naming_one_instrument_by_its_name_are_one_record():
    text = ("Japan, Philippines bring reciprocal access agreement into force\n\n"
            "MANILA - A pact letting Japanese and Philippine troops train in each other's territory took effect on "
            "Wednesday. The Reciprocal Access Agreement was signed in July in Manila by the two countries' ministers.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "agreement", "status": "signed", "parties": ["Japan", "Philippines"],
         "date": "Wednesday"},
        {"quote": "The Reciprocal Access Agreement was signed in July", "kind": "agreement", "status": "signed",
         "parties": ["Japan", "Philippines"], "date": "in July"}]})
    records = _finished(answer, text, dt.date(2024, 12, 18))["agreements"]
    assert [(r.name, r.date) for r in records] == [("Reciprocal Access Agreement", "2024-07")]


def test_a_place_the_article_writes_as_a_building_is_no_city():
    from extractor.asking.answers import MeetingsAnswer

    text = "Spanish Defence Minister Margarita Robles met President Gustavo Petro at the Casa de Narino presidential palace."
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text, "kind": "talks", "status": "held", "city": "Casa de Narino",
        "participants": [{"name": "Margarita Robles", "title": "Defence Minister", "country": "Spain"},
                         {"name": "Gustavo Petro", "title": "President", "country": "Colombia"}],
        "countries": ["Spain", "Colombia"]}]})
    [m] = assemble(answer, text, dt.date(2025, 6, 11)).records
    assert m.location.city is None  # was the palace's name


def test_a_sides_body_among_the_signers_is_no_person():
    text = "The contract was signed in Vienna on March 8 by Austria's armaments directorate."
    assert to_person("Austria's armaments directorate", None, "Austria", text) is None
    assert to_person("Sean O'Sullivan", "Minister", "Ireland", "Minister Sean O'Sullivan signed it.") is not None


def test_a_purchase_made_years_before_is_not_the_one_called_off_now():
    from extractor.assembly.stages import cancelled_elsewhere

    text = ("Argentina drops plan to buy used Mirage jets from France\n\n"
            "BUENOS AIRES - Argentina has dropped its plans to buy 12 second-hand Mirage 2000 jets from France, the "
            "defence ministry said on Friday. Argentina bought 14 Mirage 2000 jets from France in 2009.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Argentina bought 14 Mirage 2000 jets from France in 2009.", "system": "Mirage 2000 jets",
         "category": "aircraft", "supplier": "France", "recipient": "Argentina", "status": "ordered",
         "date": "in 2009"}]})
    published = dt.date(2024, 5, 10)
    records = cancelled_elsewhere(assemble(answer, text, published).records, text, published)
    # the 2009 purchase had been marked cancelled; the plan called off now is a record of its own
    assert sorted((t.status, t.quantity, t.date, t.evidence[0].match) for t in records) == [
        ("cancelled", 12, "2024-05-10", "reanchored"), ("ordered", 14, "2009", "exact")]


def test_a_contract_is_not_dated_by_what_a_clause_of_its_sentence_says_another_thing_did():
    text = ("Support deal signed for Norway's frigates\n\n"
            "OSLO - Norway's defence ministry said on Thursday it had signed a contract with Navantia worth 80 million "
            "euros for the maintenance of the five frigates it bought in 2000.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Norway's defence ministry said on Thursday it had signed a contract with Navantia", "kind": "contract",
         "status": "signed", "parties": ["Norway", "Navantia"], "date": "on Thursday"},
        {"quote": "Support deal signed for Norway's frigates", "kind": "contract", "status": "signed",
         "parties": ["Norway", "Navantia"], "date": "on Thursday"}]})
    records = _finished(answer, text, dt.date(2024, 10, 17))["agreements"]
    assert [r.date for r in records] == ["2024-10-17"]  # was 2000, the frigates' purchase


def test_an_order_placed_under_a_deal_cleared_before_is_an_order():
    assert transfer_status_in("Nigeria has ordered 12 AH-1Z helicopters under a $997 million deal approved by the "
                              "State Department in 2022.") == "ordered"  # was the deal's clearance
    assert transfer_status_in("The sale of 12 F-16s was approved by Congress in May.") == "approved"


def test_a_variant_is_not_counted_by_another_variants_sentence():
    from extractor.assembly.build import counted_elsewhere

    text = ("The first ten Leopard 1A5 tanks have arrived in Ukraine, Denmark said on Wednesday. "
            "Ukraine has also received Leopard 2 tanks from Norway this year.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Ukraine has also received Leopard 2 tanks from Norway this year.", "system": "Leopard 2",
         "category": "armoured_vehicles", "supplier": "Norway", "recipient": "Ukraine", "status": "delivered"}]})
    [t] = counted_elsewhere(assemble(answer, text, dt.date(2023, 8, 30)).records, text)
    assert t.quantity is None  # was the ten Leopard 1A5s


def test_a_weapon_the_model_put_among_the_people_is_no_person():
    text = "Serbia received FK-3 missiles flown in by Chinese Y-20 transport planes, General Dan Bradley said."
    assert to_person("Chinese Y-20 transport planes", None, "China", text) is None
    assert to_person("French Rafale fighters", None, "France", "the French Rafale fighters") is None
    assert to_person("Dan Bradley", "General", "United States", text) is not None


def test_an_instrument_the_countries_concluded_has_no_firm_its_sentence_does_not_name():
    text = ("Lithuania and Poland signed a contract with Saab for Carl-Gustaf launchers on Monday. "
            "The two countries signed a letter of intent on joint ammunition production in Vilnius in May.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "The two countries signed a letter of intent on joint ammunition production",
         "kind": "letter_of_intent", "status": "signed", "parties": ["Lithuania", "Poland", "Saab"]}]})
    [record] = assemble(answer, text, dt.date(2024, 6, 3)).records
    assert [p.name for p in record.parties] == ["Lithuania", "Poland"]  # not Saab, of the contract before
