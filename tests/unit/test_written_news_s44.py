"""Readings found on news written for the check (session 44): a command is a force, a name with a number in
it counted, a system whose only entry goes to a side the article does not name asked about again."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import TransfersAnswer
from extractor.assembly.actors import to_actor
from extractor.assembly.build import assemble
from extractor.assembly.finish import finish
from extractor.run.followups import counted_names, listed_but_missing


def _transfers(*drafts: dict, systems: tuple[str, ...] = ()) -> TransfersAnswer:
    """A transfers answer of ``drafts``, as the model gives one."""
    return TransfersAnswer.model_validate({"systems": list(systems), "transfers": list(drafts)})


def _finished(answer, text: str, published: dt.date, record_type: str) -> list:
    """An answer's records once the article's every answer is in (``finish``), of its record type."""
    records = {"agreements": [], "transfers": [], "meetings": []}
    records[record_type] = assemble(answer, text, published).records
    return finish(records, text, published)[record_type]


def test_a_command_is_a_force_and_takes_arms_from_a_firm():
    assert to_actor("Kenya Naval Command").kind == "military"
    assert to_actor("Pacific Fleet").kind == "military"
    text = "The Kenya Naval Command on Monday received two Shaldag Mk V patrol boats built by Israel Shipyards."
    answer = _transfers({
        "quote": text, "system": "Shaldag Mk V patrol boats", "category": "ships", "supplier": "Israel Shipyards",
        "recipient": "Kenya Naval Command", "status": "delivered", "date": "on Monday"})
    records = assemble(answer, text, dt.date(2025, 3, 5)).records
    assert [(r.recipient.name, r.recipient.kind, r.status) for r in records] == [
        ("Kenya Naval Command", "military", "delivered")]


def test_a_name_with_a_number_in_it_is_counted_by_name():
    assert counted_names("The jets join 16 Mirage 2000 fighters that Greece bought in 1985.") == [
        "Mirage 2000 fighters"]
    assert counted_names("It operates 40 Leopard 2 tanks and 12 F-16 Block 70 jets.") == ["Leopard 2 tanks",
                                                                                          "F-16 Block 70 jets"]


def test_a_system_whose_entry_goes_to_an_unnamed_side_is_asked_about_again():
    text = ("Peru signed a contract with Saab for 24 Gripen E fighters on Monday. "
            "Saab has sold the Gripen to several air forces.")
    answer = _transfers({
        "quote": "Saab has sold the Gripen to several air forces.", "system": "Gripen E fighters",
        "category": "aircraft", "supplier": "Saab", "recipient": "several air forces", "status": "ordered",
        "date": None}, systems=("Gripen E fighters",))
    assert listed_but_missing(answer, text) == ["Gripen E fighters"]
    named = answer.model_copy(update={"transfers": [answer.transfers[0].model_copy(update={"recipient": "Peru"})]})
    assert listed_but_missing(named, text) == []


def test_an_amount_a_deals_word_follows_is_its_price_not_a_figure():
    from extractor.assembly.amounts import figures_in
    sentence = ("Latvia dropped its order for six Black Hawk helicopters after an audit of military spending judged "
                "the 200-million-dollar purchase too costly.")
    assert figures_in(sentence) == []
    assert figures_in("Its order backlog rose to a record 40 billion euros.") == [
        {"amount": 40_000_000_000, "currency": "EUR"}]
    text = sentence
    answer = _transfers({
        "quote": text, "system": "Black Hawk helicopters", "category": "aircraft", "supplier": "United States",
        "recipient": "Latvia", "status": "cancelled", "date": None})
    [record] = assemble(answer, text, dt.date(2025, 1, 10)).records
    assert record.value is not None and record.value.amount == 200_000_000


def test_what_a_side_retired_is_not_moved():
    text = ("The new jets will give the air force a modern fighter for the first time since the country retired its "
            "last MiG-21 jets in 2019.")
    answer = _transfers({
        "quote": text, "system": "MiG-21 jets", "category": "aircraft", "supplier": "Russia",
        "recipient": "Croatia", "status": "ordered", "date": "in 2019"})
    built = assemble(answer, text, dt.date(2025, 1, 10))
    assert built.records == [] and "not transferred" in built.dropped[0]
    bought = "Argentina bought 12 retired Mirage III jets from France."
    answer = _transfers({
        "quote": bought, "system": "Mirage III jets", "category": "aircraft", "supplier": "France",
        "recipient": "Argentina", "status": "ordered", "date": None})
    assert len(assemble(answer, bought, dt.date(2025, 1, 10)).records) == 1


def test_a_government_sales_principal_contractor_is_not_its_supplier():
    text = ("The State Department has approved a possible sale to Kenya of six AH-1Z helicopters for $410 million. "
            "The approval is for the helicopters, spares and training. "
            "Bell Textron would be the principal contractor, the Defense Security Cooperation Agency said.")
    answer = _transfers({
        "quote": "The approval is for the helicopters, spares and training.", "system": "AH-1Z helicopters",
        "category": "aircraft", "supplier": "Bell Textron", "recipient": "Kenya", "status": "ordered", "date": None})
    [record] = assemble(answer, text, dt.date(2025, 1, 10)).records
    assert (record.supplier.name, record.supplier.kind, record.status) == ("United States", "state", "approved")
    sold = "Bell Textron signed a contract with Kenya for six AH-1Z helicopters."
    answer = answer.model_copy(update={"transfers": [answer.transfers[0].model_copy(update={"quote": sold})]})
    [record] = assemble(answer, sold, dt.date(2025, 1, 10)).records
    assert record.supplier.name == "Bell Textron"


def test_no_contract_names_no_instrument():
    from extractor.assembly.instrument_names import instrument_name
    assert instrument_name("Talks with Navantia go on, and no contract has been signed yet.", "contract") is None
    assert instrument_name("Neither side has signed any agreement yet.", "agreement") is None
    assert instrument_name("They signed a defence cooperation agreement.", "agreement") == \
        "defence cooperation agreement"


def test_what_a_firm_is_is_no_persons_title():
    from extractor.assembly.people import to_person
    text = ("Nordic Wings and Baltic Air signed a deal. Nordic Wings general manager Mikkel Sand met "
            "Baltic Air chief executive Ilze Ozola.")
    assert to_person("Nordic Wings", "drone maker", "Norway", text) is None
    assert to_person("Baltic Air", "Aerospace Division", "Latvia", text) is None
    person = to_person("Mikkel Sand", "general manager", "Norway", text)
    assert person is not None and person.name == "Mikkel Sand"


def test_where_weapons_are_made_is_no_weapon():
    from extractor.assembly.lexicon import not_a_weapon
    assert not_a_weapon("patrol boat production lines") and not_a_weapon("drone factory")
    assert not_a_weapon("production technology") and not_a_weapon("missile know-how")
    assert not not_a_weapon("Type 209 submarines") and not not_a_weapon("F-16 Block 70 jets")


def test_a_country_after_a_signers_name_stays_a_party():
    from extractor.assembly.agreements import agreement_parties
    text = ("The pact was signed in Apia by Samoan Prime Minister Tala Mose and New Zealand Prime Minister Ana Reid. "
            "New Zealand's parliament approved it in May.")
    assert [p.name for p in agreement_parties(["Samoa", "New Zealand"], text)] == ["Samoa", "New Zealand"]


def test_the_ministers_who_also_signed_are_the_signers_named_before():
    from extractor.asking.answers import AgreementsAnswer
    text = ("Chile and Peru signed a memorandum of understanding on military education on Monday in Lima. "
            "Chilean Defence Minister Ana Soto and Peruvian Defence Minister Luis Vera signed the memorandum after "
            "talks. The ministers also signed a plan of cooperation for 2026.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Chilean Defence Minister Ana Soto and Peruvian Defence Minister Luis Vera signed the memorandum",
         "kind": "mou", "status": "signed", "parties": ["Chile", "Peru"], "date": "on Monday", "areas": ["training"],
         "signers": [{"name": "Ana Soto", "title": "Defence Minister", "country": "Chile"},
                     {"name": "Luis Vera", "title": "Defence Minister", "country": "Peru"}]},
        {"quote": "The ministers also signed a plan of cooperation for 2026.", "kind": "plan", "status": "signed",
         "parties": ["Chile", "Peru"], "signers": [], "date": None, "areas": ["training"]}]})
    plan = next(a for a in _finished(answer, text, dt.date(2025, 6, 3), "agreements") if a.kind == "plan")
    assert [p.name for p in plan.signatories] == ["Ana Soto", "Luis Vera"]
    assert plan.name == "plan of cooperation"


def test_the_two_ministers_who_last_met_elsewhere_are_another_meeting():
    from extractor.asking.answers import MeetingsAnswer
    from extractor.run.followups import meeting_candidates
    text = ("OSLO, June 5 (Wire) — Norwegian Defence Minister Kari Dahl and Danish Defence Minister Peter Holm "
            "discussed air defence in a telephone call on Tuesday. "
            "The two ministers last met in Copenhagen in March, when they discussed naval patrols.")
    call = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Norwegian Defence Minister Kari Dahl and Danish Defence Minister Peter Holm discussed air defence",
        "kind": "call", "status": "held", "countries": ["Norway", "Denmark"], "date": "on Tuesday", "city": None,
        "topics": [], "participants": [{"name": "Kari Dahl", "title": "Defence Minister", "country": "Norway"},
                                       {"name": "Peter Holm", "title": "Defence Minister", "country": "Denmark"}]}]})
    records = assemble(call, text, dt.date(2025, 6, 5)).records
    assert meeting_candidates(records, text) == [
        "The two ministers last met in Copenhagen in March, when they discussed naval patrols."]
    earlier = call.model_copy(update={"meetings": [call.meetings[0].model_copy(update={
        "quote": "The two ministers last met in Copenhagen in March", "kind": "talks", "date": "in March",
        "city": "Copenhagen"})]})
    [record] = assemble(earlier, text, dt.date(2025, 6, 5)).records
    assert (record.date, record.location.city, record.grounded) == ("2025-03", "Copenhagen", True)


def test_a_datelines_day_dates_no_signing_and_two_instruments_named_apart_stay_two():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.people import to_person
    text = ("LIMA, May 14 (Wire) — Italy will lend two ATR 72 patrol aircraft to Peru under two agreements signed on "
            "Monday during a visit by Peru's defence minister. "
            "Minister Rosa Campos and Italian Defence Minister Marco Neri signed the loan agreement and a separate "
            "agreement on pilot training, the ministry said on Tuesday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Italy will lend two ATR 72 patrol aircraft to Peru", "kind": "contract", "status": "signed",
         "parties": ["Italy", "Peru"], "signers": [], "date": "on Monday", "areas": ["arms_trade"]},
        {"quote": "Minister Rosa Campos and Italian Defence Minister Marco Neri signed the loan agreement",
         "kind": "agreement", "status": "signed", "parties": ["Italy", "Peru"], "date": "on Monday",
         "areas": ["training"], "signers": [{"name": "Rosa Campos", "title": "Minister", "country": "Peru"},
                                           {"name": "Marco Neri", "title": "Defence Minister", "country": "Italy"}]}]})
    published = dt.date(2025, 5, 14)
    done = _finished(answer, text, published, "agreements")
    assert sorted((a.name, a.date) for a in done) == [("agreement on pilot training", "2025-05-12"),
                                                      ("loan agreement", "2025-05-12")]
    person = to_person("Ramon Cruz", "Defence Undersecretary for acquisition", "Philippines", "Ramon Cruz met them.")
    assert person is not None


def test_the_dateline_of_the_sentence_that_tells_the_signing_is_not_its_day():
    from extractor.assembly.dates import signing_date
    text = ("LIMA, Oct 14 (Wire) — Italy will lend two ATR 72 patrol aircraft to Peru under two agreements signed on "
            "Monday. Minister Rosa Campos and Italian Defence Minister Marco Neri signed the loan agreement, the "
            "ministry said on Tuesday.")
    sentence = ("Minister Rosa Campos and Italian Defence Minister Marco Neri signed the loan agreement, the ministry "
                "said on Tuesday.")
    assert signing_date("on Monday", sentence, text, dt.date(2025, 10, 14), kind="agreement") == "2025-10-13"


def test_two_instruments_whose_names_share_no_word_are_two():
    from extractor.assembly.merge import same_record
    from extractor.contract import Actor, Agreement, Evidence
    sides = [Actor(name="Italy", country="ITA", kind="state"), Actor(name="Peru", country="PER", kind="state")]

    def agreement(name: str) -> Agreement:
        return Agreement(name=name, kind="agreement", status="signed", parties=sides, date="2025-05-12",
                         evidence=[Evidence(quote="They signed two agreements.", start=0, end=27)], grounded=True,
                         summary="agreement (signed) between Italy, Peru.")
    assert not same_record(agreement("loan agreement"), agreement("agreement on pilot training"))
    assert same_record(agreement("defence cooperation agreement"), agreement("agreement on defence cooperation"))


def test_a_delivery_completing_an_order_placed_years_ago_is_also_that_order():
    text = ("The Ghana Navy on Monday received two more Flyvefisken patrol boats, completing a four-boat order placed "
            "two years ago.")
    answer = _transfers({
        "quote": text, "system": "Flyvefisken patrol boats", "category": "ships", "supplier": "Denmark",
        "recipient": "Ghana Navy", "status": "delivered", "date": "on Monday", "quantity": 2})
    published = dt.date(2025, 3, 12)
    done = _finished(answer, text, published, "transfers")
    assert sorted((t.status, t.quantity, t.date) for t in done) == [("delivered", 2, "2025-03-10"),
                                                                    ("ordered", 4, "2023")]


def test_the_first_batch_told_by_its_kind_is_a_delivery_and_the_order_stays():
    text = ("Ghana navy takes delivery of more Danish-built patrol boats\n\n"
            "The Ghana Navy on Monday received two more Flyvefisken patrol boats, completing a four-boat order placed "
            "two years ago. The first two boats were handed over in May 2024 and now patrol the coast.")
    answer = _transfers(
        {"quote": text[62:120], "system": "Flyvefisken patrol boats", "category": "ships", "supplier": "Denmark",
         "recipient": "Ghana Navy", "status": "delivered", "date": "on Monday", "quantity": 2},
        {"quote": text[:58], "system": "Flyvefisken patrol boats", "category": "ships", "supplier": "Denmark",
         "recipient": "Ghana Navy", "status": "ordered", "date": "on Monday"})
    published = dt.date(2025, 3, 12)
    done = _finished(answer, text, published, "transfers")
    stages = {(t.status, t.quantity, t.date) for t in done}
    assert ("delivered", 2, "2024-05") in stages and ("ordered", 4, "2023") in stages


def test_weapons_a_firm_builds_are_the_force_that_bought_them():
    text = ("Under the deal, Aselsan will assemble in Ankara the 12 Korkut systems that the Azerbaijani Army ordered "
            "from Roketsan in 2024.")
    answer = _transfers({
        "quote": text, "system": "Korkut systems", "category": "air_defence", "supplier": "Roketsan",
        "recipient": "Aselsan", "status": "ordered", "date": "in 2024"})
    [record] = assemble(answer, text, dt.date(2025, 4, 2)).records
    assert (record.recipient.name, record.recipient.kind) == ("Azerbaijani Army", "military")


def test_such_an_agreement_and_a_parliament_make_no_instrument_and_no_party():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.agreements import agreement_parties
    text = "Peru is the first Andean country to sign such an agreement with Fiji, the spokesperson said."
    answer = AgreementsAnswer.model_validate({"agreements": [{
        "quote": text, "kind": "agreement", "status": "planned", "parties": ["Peru", "Fiji"], "signers": [],
        "date": None, "areas": []}]})
    built = assemble(answer, text, dt.date(2025, 2, 1))
    assert built.records == [] and "likens" in built.dropped[0]
    similar = "Peru signed a similar agreement with Japan in 2019."
    answer = answer.model_copy(update={"agreements": [answer.agreements[0].model_copy(
        update={"quote": similar, "status": "signed", "parties": ["Peru", "Japan"]})]})
    assert len(assemble(answer, similar, dt.date(2025, 2, 1)).records) == 1
    assert [p.name for p in agreement_parties(["Peru", "Parliament"], "Parliament must still approve it.")] == ["Peru"]


def test_an_acronym_spelled_out_with_a_brand_in_lower_case():
    from extractor.assembly.actors import spelled_out
    text = "Poland ordered three submarines from Sweden's saab Kockums Group (SKG) in 2024."
    assert spelled_out("SKG", text) == "saab Kockums Group"
    assert spelled_out("IAI", "signed with state-owned Israel Aerospace Industries (IAI) today") == \
        "Israel Aerospace Industries"
