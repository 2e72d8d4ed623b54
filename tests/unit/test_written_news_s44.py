"""Readings found on news written for the check (session 44): a command is a force, a name with a number in
it counted, a system whose only entry goes to a side the article does not name asked about again."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import TransfersAnswer
from extractor.assembly.actors import to_actor
from extractor.assembly.build import assemble
from extractor.run.followups import counted_names, listed_but_missing


def test_a_command_is_a_force_and_takes_arms_from_a_firm():
    assert to_actor("Kenya Naval Command").kind == "military"
    assert to_actor("Pacific Fleet").kind == "military"
    text = "The Kenya Naval Command on Monday received two Shaldag Mk V patrol boats built by Israel Shipyards."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [{
        "quote": text, "system": "Shaldag Mk V patrol boats", "category": "ships", "supplier": "Israel Shipyards",
        "recipient": "Kenya Naval Command", "status": "delivered", "date": "on Monday"}]})
    records = assemble(answer, text, dt.date(2025, 3, 5)).records
    assert [(r.recipient.name, r.recipient.kind, r.status) for r in records] == [
        ("Kenya Naval Command", "military", "delivered")]


def test_a_name_with_a_number_in_it_is_counted_by_name():
    assert counted_names("The jets join 16 Mirage 2000 fighters that Greece bought in 1985.") == ["Mirage 2000 fighters"]
    assert counted_names("It operates 40 Leopard 2 tanks and 12 F-16 Block 70 jets.") == ["Leopard 2 tanks",
                                                                                          "F-16 Block 70 jets"]


def test_a_system_whose_entry_goes_to_an_unnamed_side_is_asked_about_again():
    text = ("Peru signed a contract with Saab for 24 Gripen E fighters on Monday. "
            "Saab has sold the Gripen to several air forces.")
    answer = TransfersAnswer.model_validate({"systems": ["Gripen E fighters"], "transfers": [{
        "quote": "Saab has sold the Gripen to several air forces.", "system": "Gripen E fighters",
        "category": "aircraft", "supplier": "Saab", "recipient": "several air forces", "status": "ordered",
        "date": None}]})
    assert listed_but_missing(answer, text) == ["Gripen E fighters"]
    named = answer.model_copy(update={"transfers": [answer.transfers[0].model_copy(update={"recipient": "Peru"})]})
    assert listed_but_missing(named, text) == []
