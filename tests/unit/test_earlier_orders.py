"""An earlier order of a system the news orders, with its own count and year, is a stage of its own (session 41)."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import TransfersAnswer
from extractor.assembly.build import assemble
from extractor.assembly.finish import finish


def _transfers(text: str) -> list:
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [{
        "quote": text.split(". ")[0] + ".", "system": "Belharra frigate", "category": "ships",
        "supplier": "Naval Group", "recipient": "Greece", "status": "ordered", "date": "on Tuesday"}]})
    records = assemble(answer, text, dt.date(2026, 9, 15)).records
    return finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2026, 9, 15))["transfers"]


def _finished(text: str, published: dt.date, **draft: str) -> dict:
    """An article's records once finished, from one transfer the model gave (dated "on Wednesday")."""
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [{"date": "on Wednesday", **draft}]})
    records = assemble(answer, text, published).records
    return finish({"agreements": [], "transfers": records, "meetings": []}, text, published)


def test_an_earlier_order_with_its_own_count_and_year_is_a_record():
    text = ("Greece on Tuesday signed a contract with France's Naval Group for a fourth FDI Belharra frigate, worth "
            "about 1 billion euros. Greece ordered its first three Belharra frigates in March 2022; the first was "
            "delivered in December 2025.")
    got = sorted((t.quantity, t.status, t.date, t.value is None, t.grounded) for t in _transfers(text))
    assert got == [(1, "ordered", "2026-09-15", False, True), (3, "ordered", "2022-03", True, False)]  # was one


def test_the_same_order_told_again_or_a_later_one_is_none():
    again = ("Greece on Tuesday signed a contract with Naval Group for one Belharra frigate. The Belharra frigate "
             "was ordered for the Hellenic Navy in March 2026.")
    assert [t.quantity for t in _transfers(again)] == [1]  # the same count: no earlier stage
    hedged = ("Greece on Tuesday signed a contract with Naval Group for one Belharra frigate. Greece could order "
              "three more Belharra frigates in 2022, analysts said.")
    assert [t.quantity for t in _transfers(hedged)] == [1]


def test_a_new_order_the_model_names_in_the_plural_rests_on_its_sentence_and_older_ones_stay():
    text = ("Egypt buys two dozen Rafales in new deal\n\nCAIRO - Egypt has signed a deal with France for two dozen "
            "more Rafale fighter jets, bringing its fleet to 54, the Egyptian military spokesman said on Saturday. "
            "Egypt first ordered 24 Rafales in 2015 and a further 30 in 2021.")
    answer = TransfersAnswer.model_validate({"systems": ["Rafales"], "transfers": [
        {"quote": "Egypt has signed a deal with France for two dozen more Rafale fighter jets", "system": "Rafales",
         "category": "aircraft", "supplier": "France", "recipient": "Egypt", "status": "ordered", "date": "2028"},
        {"quote": "Egypt first ordered 24 Rafales in 2015 and a further 30 in 2021.", "system": "Rafales",
         "category": "aircraft", "supplier": "France", "recipient": "Egypt", "status": "ordered", "date": "2015"}]})
    published = dt.date(2026, 8, 8)
    records = assemble(answer, text, published).records
    assert records[0].evidence[0].match == "exact"  # was re-anchored on the headline, "Rafale" not read as named
    got = finish({"agreements": [], "transfers": records, "meetings": []}, text, published)["transfers"]
    # an order of 24 years before one of 24 now is an order of its own (was taken for the same stage and lost)
    assert sorted((t.date, t.quantity) for t in got) == [("2015", 24), ("2021", 30), ("2026-08-08", 24)]


def test_a_delivery_the_seller_will_make_is_the_order_another_sentence_reports():
    text = ("Russia will deliver the remaining two squadrons of S-400 air defence systems to India by the end of 2026, "
            "an official said on Wednesday. India signed a $5.43 billion contract for five S-400 squadrons in "
            "October 2018.")
    [t] = _finished(text, dt.date(2026, 2, 25), quote=text.split(", an official")[0],
                    system="S-400 air defence systems", category="air_defence", supplier="Russia", recipient="India",
                    status="ordered")["transfers"]
    assert (t.quantity, t.date, t.value.amount) == (5, "2018-10", 5_430_000_000)  # was an order of two, dated today


def test_a_cancelled_contract_is_dated_by_the_sentence_that_tells_its_signing():
    text = ("Colombia's defence ministry has cancelled a contract with Airbus Helicopters for 12 H145M helicopters "
            "worth $230 million, the minister said on Wednesday. The contract was signed in March 2024.")
    [contract] = _finished(text, dt.date(2025, 8, 14), quote=text.split(", the minister")[0],
                           system="H145M helicopters", category="aircraft", supplier="Airbus Helicopters",
                           recipient="Colombia", status="cancelled")["agreements"]
    assert (contract.status, contract.date) == ("ended", "2024-03")  # was undated
