"""Readings found on news written for the check (session 41): a package's items at the stage of the sale they
belong to, a body given as a person, a venue's town from the dateline, weapons built "for" a side, each system of
a list with its own supplier and year, an instrument's scope told in the next sentence."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import AgreementsAnswer, MeetingsAnswer, TransfersAnswer
from extractor.assembly.build import assemble
from extractor.assembly.people import to_person
from extractor.assembly.places import dateline_city


def _transfers(text: str, published: dt.date, systems: list[str], *drafts: dict) -> list:
    answer = TransfersAnswer.model_validate({"systems": systems, "transfers": [
        {"category": "aircraft", "status": "ordered", "date": None, **d} for d in drafts]})
    return assemble(answer, text, published).records


def test_a_packages_items_are_at_the_stage_of_the_sale_they_belong_to():
    text = ("WASHINGTON - The U.S. State Department has approved a possible sale to Morocco of 24 F-16 Block 72 "
            "fighter jets for an estimated $2.4 billion, the agency said on Tuesday. The package includes 48 "
            "AIM-120C-8 AMRAAM missiles and 30 AIM-9X Sidewinder missiles.")
    [missiles] = _transfers(text, dt.date(2025, 10, 15), [], {
        "quote": "The U.S. State Department has approved a possible sale", "system": "AIM-120C-8 AMRAAM missiles",
        "category": "missiles", "supplier": "United States", "recipient": "Morocco", "date": "on Tuesday"})
    assert (missiles.status, missiles.date, missiles.quantity) == ("approved", "2025-10-14", 48)  # was ordered


def test_a_contracts_listed_items_are_ordered_when_it_was_signed():
    text = ("Poland signed a contract for 32 F-35 jets in January. The contract includes 12 spare engines that will "
            "be delivered in 2027.")
    [engines] = _transfers(text, dt.date(2025, 3, 1), [], {
        "quote": "The contract includes 12 spare engines that will be delivered in 2027.", "system": "spare engines",
        "category": "engines", "supplier": "United States", "recipient": "Poland", "status": "proposed"})
    assert (engines.status, engines.date) == ("ordered", "2025-01")  # was the model's proposed, undated


def test_a_body_is_no_participant():
    text = "The Australian Department of Defence said the Chilean Navy took delivery of two frigates."
    assert to_person("Australian Department of Defence", None, "Australia", text) is None
    assert to_person("Maritime Enforcement Agency", None, "Malaysia", text + " Maritime Enforcement Agency") is None
    assert to_person("Richard Marles", None, "Australia", text + " Richard Marles") is not None


def test_a_venues_town_is_the_datelines():
    text = ("Ministers pledge closer ties\n\nMANILA - The defence ministers of Japan and the Philippines met on "
            "Tuesday. Philippine Defense Secretary Gilberto Teodoro hosted Japan's Defense Minister Gen Nakatani "
            "at Camp Aguinaldo.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Philippine Defense Secretary Gilberto Teodoro hosted Japan's Defense Minister Gen Nakatani at "
                 "Camp Aguinaldo.", "kind": "visit", "status": "held", "date": "on Tuesday", "city": "Camp Aguinaldo",
        "participants": [{"name": "Gilberto Teodoro", "title": "Defense Secretary", "country": "Philippines"},
                         {"name": "Gen Nakatani", "title": "Defense Minister", "country": "Japan"}],
        "countries": ["Philippines", "Japan"], "topics": []}]})
    [m] = assemble(answer, text, dt.date(2026, 2, 18)).records
    assert (m.location.city, m.location.country) == ("Manila", "PHL")  # was no place at all
    assert dateline_city(text) == "MANILA"
    assert dateline_city("Japan, Australia and Philippines pledge ties\n\nThe ministers met.") is None


def test_weapons_built_for_a_side_go_to_it():
    text = ("The delegation toured the yard where two Istif-class frigates for Indonesia are being built under a "
            "contract signed in 2024.")
    [t] = _transfers(text, dt.date(2026, 8, 19), [], {
        "quote": text, "system": "Istif-class", "category": "ships", "supplier": "Indonesia",
        "recipient": "Turkish Naval Forces", "date": "in 2024"})
    assert (t.supplier.country, t.recipient.country) == ("TUR", "IDN")  # the model had them the other way round


def test_each_system_of_a_list_has_its_own_supplier_and_year():
    text = "Peru bought 12 Mirage 2000 jets from France in 1984 and 21 MiG-29s from Belarus in 1996."
    records = _transfers(text, dt.date(2025, 12, 1), ["MiG-29", "Mirage 2000"], {
        "quote": "Peru bought 12 Mirage 2000 jets from France in 1984", "system": "MiG-29", "supplier": "France",
        "recipient": "Peru", "date": "in 1984"}, {
        "quote": text, "system": "Mirage 2000", "supplier": "Belarus", "recipient": "Peru", "date": "in 1996"})
    assert sorted((t.system, t.supplier.country, t.date, t.quantity) for t in records) == [
        ("MiG-29", "BLR", "1996", 21), ("Mirage 2000", "FRA", "1984", 12)]  # the model had crossed them


def test_an_instruments_scope_told_in_the_next_sentence_is_its_areas():
    text = ("Senegal's National Assembly on Monday ratified a defence cooperation agreement with France that was "
            "signed in Paris in February. The agreement covers training, intelligence sharing and the joint fight "
            "against terrorism. Separately, Senegal bought patrol boats.")
    answer = AgreementsAnswer.model_validate({"agreements": [{
        "quote": "Senegal's National Assembly on Monday ratified a defence cooperation agreement with France",
        "kind": "agreement", "status": "signed", "parties": ["Senegal", "France"], "signers": [],
        "date": "in February", "areas": []}]})
    [a] = assemble(answer, text, dt.date(2026, 10, 6)).records
    assert a.areas == ["training", "intelligence_sharing", "counterterrorism"]  # was none
