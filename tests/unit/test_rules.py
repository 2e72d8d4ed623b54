"""Keyword rules and the assembly decisions built on them, on sentences worded like news."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.assemble import assemble
from extractor.drafts import AgreementsAnswer, MeetingsAnswer
from extractor.rules import areas_in, category_of, meeting_kind_in, money_in, names_instrument, transfer_status_in


@pytest.mark.parametrize("sentence, areas", [
    ("The memorandum covers joint production of drones and the transfer of technology to local firms.",
     ["arms_trade", "technology_transfer", "joint_production"]),
    ("The treaty commits both sides to joint border patrols and intelligence sharing against terrorist groups.",
     ["intelligence_sharing", "border_security", "counterterrorism"]),
    ("The plan schedules two naval exercises and a search and rescue drill.", ["exercises", "search_and_rescue"]),
    ("The two ministers discussed cyber defence and peacekeeping missions.", ["peacekeeping", "cyber"]),
    ("The leaders praised the friendship between their peoples.", []),
])
def test_areas_are_what_the_sentence_names(sentence, areas):
    assert areas_in(sentence) == areas


@pytest.mark.parametrize("sentence, expected", [
    ("Ghana and Togo signed a defence cooperation treaty on Monday.", True),
    ("Both sides inked a memorandum of understanding.", True),
    ("The first submarine was handed over in December 2016.", False),
    ("Kenya is set to receive 16 helicopters.", False),
])
def test_an_instrument_is_named_or_not(sentence, expected):
    assert names_instrument(sentence) is expected


def test_existing_rules_read_plain_statements():
    assert category_of("Mi-17 helicopters") == "aircraft"
    assert transfer_status_in("The first two frigates were delivered in May.") == "delivered"
    assert money_in("a contract worth Rs 2,971 crore for missiles") == {"amount": 29710000000.0, "currency": "INR"}
    assert meeting_kind_in("The two ministers held a phone call on Tuesday.") == "call"


TEXT = ("Ghana and Togo signed a defence cooperation treaty on Monday. "
        "The first patrol boat was handed over to Togo in 2021. "
        "Togo's defence minister Kodjo Adedze met Ghana's defence minister Kwame Mensah in Accra on Monday. "
        "The two discussed joint border patrols and training for Togolese officers.")


def agreement_draft(quote: str, kind: str = "treaty") -> dict:
    return {"quote": quote, "kind": kind, "status": "signed", "parties": ["Ghana", "Togo"],
            "areas": ["defense_industry"]}


def test_an_agreement_from_a_sentence_naming_no_instrument_is_dropped():
    answer = AgreementsAnswer.model_validate({"agreements": [
        agreement_draft("Ghana and Togo signed a defence cooperation treaty"),
        agreement_draft("The first patrol boat was handed over to Togo", kind="contract")]})
    built = assemble(answer, TEXT, dt.date(2024, 5, 8))
    assert [a.kind for a in built.records] == ["treaty"]
    assert built.dropped == ["agreement whose sentence names no instrument"]


def test_areas_come_from_the_sentence_and_a_contract_is_arms_trade():
    text = "Peru signed a contract with Hanwha for training aircraft."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Peru signed a contract with Hanwha", kind="contract"), "parties": ["Peru", "Hanwha"]}]})
    [record] = assemble(answer, text, None).records
    assert record.areas == ["arms_trade", "training"]


def test_meeting_topics_come_from_its_sentence_and_the_next():
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Togo's defence minister Kodjo Adedze met Ghana's defence minister", "kind": "talks",
        "status": "held", "participants": [{"name": "Kodjo Adedze", "country": "Togo"},
                                           {"name": "Kwame Mensah", "country": "Ghana"}],
        "countries": ["Togo", "Ghana"], "city": "Accra", "topics": ["cyber"]}]})
    [meeting] = assemble(answer, TEXT, dt.date(2024, 5, 8)).records
    assert meeting.topics == ["training", "border_security"]


@pytest.mark.parametrize("sentence, status", [
    ("The Defence Ministry approved the procurement of six Apache helicopters.", "approved"),
    ("The State Department approved a possible Foreign Military Sale of 12 helicopters.", "approved"),
    ("A contract for the missiles is expected to be signed later this year.", "proposed"),
    ("Japan is planning to export air defence systems.", "proposed"),
    ("Russia began delivering S-400 systems to Turkey this year.", "delivered"),
    ("The air force received its first four trainers on Wednesday.", "delivered"),
    ("Vietnam signed a contract for 12 Yak-130 trainers.", "ordered"),
])
def test_transfer_status_is_read_from_the_sentence(sentence, status):
    from extractor.rules import transfer_status_in

    assert transfer_status_in(sentence) == status


@pytest.mark.parametrize("sentence, status", [
    ("The final contract will be signed next month in Copenhagen.", "planned"),
    ("It replaces a 1997 accord, which the two governments formally terminated.", "ended"),
    ("The two countries implement a defence industry cooperation agreement.", "in_force"),
    ("Ghana and Togo signed a defence cooperation treaty on Monday.", "signed"),
    ("The agreement covers training.", None),
])
def test_agreement_status_is_read_from_the_sentence(sentence, status):
    from extractor.rules import agreement_status_in

    assert agreement_status_in(sentence) == status


def test_a_generic_kind_is_refined_by_the_instrument_the_sentence_names():
    from extractor.rules import agreement_kind_in

    assert agreement_kind_in("They signed a memorandum of understanding on training.", "agreement") == "mou"
    assert agreement_kind_in("They signed a letter of intent and a contract.", "contract") == "contract"
    assert agreement_kind_in("They met in Hanoi.", "agreement") is None


def test_one_sentence_read_twice_as_the_same_instrument_is_one_agreement():
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty"), "date": "Monday"},
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty", kind="agreement"), "date": "2021"}]})
    from extractor.chunking import merge_records

    merged = merge_records(assemble(answer, TEXT, dt.date(2024, 5, 8)).records)
    assert len(merged) == 1 and merged[0].kind == "treaty"


def test_a_company_takes_the_country_the_article_puts_before_it():
    from extractor.actors import country_before

    text = "Nigeria signed a deal with Turkey's Dearsan Shipyard. UAE defence group EDGE will help. NG deal with Eurosam."
    assert country_before("Dearsan Shipyard", text) == "TUR"
    assert country_before("EDGE", text) == "ARE"
    assert country_before("Eurosam", text) is None  # "NG" is a designation's letters, "with" a word


def test_party_lists_are_split_and_a_firms_own_state_is_not_a_second_party():
    from extractor.assemble import agreement_parties

    text = "Vietnam signed a contract with Russia's Rosoboronexport. Australia, New Zealand and France met."
    assert [p.country for p in agreement_parties(["Vietnam", "Russia", "Rosoboronexport"], text)] == ["VNM", "RUS"]
    assert [p.name for p in agreement_parties(["Vietnam", "Russia", "Rosoboronexport"], text)] == [
        "Vietnam", "Rosoboronexport"]
    assert [p.country for p in agreement_parties(["Australia, New Zealand and France"], text)] == ["AUS", "NZL", "FRA"]


@pytest.mark.parametrize("sentence, kind", [
    ("Esper spoke with his Indian counterpart Rajnath Singh over the phone today.", "call"),
    ("He said at a Doha press conference with his visiting Italian counterpart.", "visit"),
    ("Ministers from seven countries met at the annual summit in Suva.", "conference"),
    ("The admiral hosted General Ellery in Valparaiso last week.", "visit"),
    ("The two ministers met in Manila on Monday.", "talks"),
    ("The minister praised the deal.", None),
])
def test_meeting_kind_is_read_from_the_sentence(sentence, kind):
    assert meeting_kind_in(sentence) == kind


def test_a_meeting_quoting_another_sentence_is_anchored_on_the_sentence_reporting_it():
    text = ("Ghana and Togo signed a defence cooperation treaty on Monday. "
            "Togo's defence minister Kodjo Adedze will visit Accra next week for talks with Kwame Mensah. "
            "Analysts welcomed the treaty.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Analysts welcomed the treaty.", "kind": "talks", "status": "held",
        "participants": [{"name": "Kodjo Adedze", "country": "Togo"}, {"name": "Kwame Mensah", "country": "Ghana"}],
        "countries": ["Togo", "Ghana"], "city": "Accra"}]})
    [meeting] = assemble(answer, text, dt.date(2024, 5, 8)).records
    assert meeting.evidence[0].quote.startswith("Togo's defence minister Kodjo Adedze will visit Accra")
    assert text[meeting.evidence[0].start:meeting.evidence[0].end] == meeting.evidence[0].quote
    assert (meeting.kind, meeting.status) == ("visit", "planned")


@pytest.mark.parametrize("system, category", [
    ("Spike NLOS long-range anti-tank missiles", "missiles"),
    ("air defense radars", "sensors"),
    ("warships", "ships"),
    ("landing craft utilities", "ships"),
    ("K10 armoured ammunition resupply vehicles", "armoured_vehicles"),
    ("SAMP/T NG", None),
])
def test_the_last_word_naming_a_category_decides(system, category):
    assert category_of(system) == category


@pytest.mark.parametrize("system, sentence, quantity", [
    ("Su-35", "delivering the Sukhoi Su-57 stealth fighter jet and Su-35 aircraft to Turkey", None),
    ("Giraffe 1X radars", "an A$1.1 billion contract with Sweden's Saab for Giraffe 1X radars", None),
    ("Guardian-class patrol boat", "the handover of a new Guardian-class patrol boat to Daki", 1),
    ("Su-30MK2", "Vietnam signed a contract for Su-30MK2 fighters", None),
    ("Yak-130", "the supply of 12 Yakovlev Yak-130 trainers", 12),
    ("Yakovlev Yak-130", "the supply of 12 Yakovlev Yak-130 trainers", 12),
    ("K9A1 howitzers", "a contract to supply 54 K9A1 howitzers", 54),
])
def test_quantity_is_a_count_right_before_the_system(system, sentence, quantity):
    from extractor.rules import quantity_before

    assert quantity_before(system, sentence) == quantity


def test_a_contract_reported_in_a_transfers_sentence_becomes_an_agreement():
    from extractor.assemble import implied_contracts, transfer
    from extractor.drafts import TransferDraft

    text = "Hanwha Aerospace signed a KRW 1.5 trillion contract to supply 54 K9A1 howitzers to the Brazilian Army."
    draft = TransferDraft.model_validate({"quote": text[:40], "system": "K9A1 howitzers", "category": "artillery",
                                          "supplier": "Hanwha Aerospace", "recipient": "Brazilian Army",
                                          "status": "ordered"})
    [contract] = implied_contracts([transfer(draft, text, None, False)])
    assert (contract.kind, contract.status) == ("contract", "signed")
    assert [p.country for p in contract.parties] == ["BRA", "KOR"] and contract.areas[0] == "arms_trade"
    assert contract.evidence[0].quote == text


def test_civil_deals_yield_nothing():
    from extractor.drafts import TransfersAnswer

    text = "RwandAir has signed a US$420 million order for four Airbus A220-300 passenger jets, the carrier said."
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "contract", "status": "signed", "parties": ["RwandAir", "Airbus"]}]})
    transfers = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "A220-300 passenger jets", "category": "aircraft", "supplier": "Airbus",
         "recipient": "RwandAir", "status": "ordered"}]})
    assert assemble(agreements, text, None).records == [] and assemble(transfers, text, None).records == []


@pytest.mark.parametrize("city, country", [
    ("Nicosia", "CYP"), ("Valparaíso", "CHL"), ("Nuku'alofa", "TON"), ("Washington", "USA"), ("Geelong", "AUS"),
    ("Atlantis Prime", None),
])
def test_a_meeting_city_gets_its_country(city, country):
    from extractor.places import city_country

    assert city_country(city) == country


def test_a_call_has_no_venue_even_when_the_model_gives_the_dateline_city():
    text = ("TOKYO — Japanese Defense Minister Kenji Morita and Chilean Defence Minister Paulina Sepulveda "
            "agreed during a video call on Tuesday to begin negotiations.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:60], "kind": "talks", "status": "held", "city": "Tokyo",
        "participants": [{"name": "Kenji Morita", "country": "Japan"}, {"name": "Paulina Sepulveda", "country": "Chile"}],
        "countries": ["Japan", "Chile"]}]})
    [meeting] = assemble(answer, text, None).records
    assert meeting.kind == "call" and (meeting.location.city, meeting.location.country) == (None, None)


def test_a_meeting_whose_sentences_name_no_area_is_about_other_matters():
    text = "Kodjo Adedze met Kwame Mensah in Accra on Monday. The weather was fine."
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:30], "kind": "talks", "status": "held", "topics": ["cyber"],
        "participants": [{"name": "Kodjo Adedze", "country": "Togo"}, {"name": "Kwame Mensah", "country": "Ghana"}]}]})
    [meeting] = assemble(answer, text, None).records
    assert meeting.topics == ["other"]


def test_a_domestic_purchase_is_not_an_arms_transfer():
    from extractor.drafts import TransfersAnswer

    text = "Pakistan's KSEW will build two Agosta submarines for the Pakistan Navy."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:30], "system": "Agosta submarines", "category": "ships", "supplier": "Pakistan",
         "recipient": "Pakistan Navy", "status": "ordered"}]})
    built = assemble(answer, text, None)
    assert built.records == [] and "within one country" in built.dropped[0]


def test_a_titled_person_written_as_a_party_becomes_a_signatory_and_his_country_the_party():
    text = "Slovak Defense Minister Peter Gajdos signed the contract on Wednesday with Lockheed Martin."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "contract", "status": "signed",
         "parties": ["Slovak Defense Minister Peter Gajdos", "Lockheed Martin"]}]})
    [record] = assemble(answer, text, None).records
    assert [(p.name, p.country, p.kind) for p in record.parties] == [
        ("Slovakia", "SVK", "state"), ("Lockheed Martin", "USA", "company")]
    assert [(s.name, s.title, s.country) for s in record.signatories] == [("Peter Gajdos", "Defense Minister", "SVK")]


@pytest.mark.parametrize("system, expected", [
    ("Su-30MK2", True), ("Type 23 frigates", True), ("K9A1", True), ("Kilo-class", True),
    ("offshore patrol vessels", True), ("telecommunications", False), ("training PAVN technicians and engineers", False),
])
def test_only_weapon_like_systems_get_a_second_pass(system, expected):
    from extractor.followups import looks_like_weapon

    assert looks_like_weapon(system) is expected


def test_the_signing_date_wins_over_the_date_of_the_report():
    text = ("CANBERRA — Defence has signed an A$1.1 billion contract with Saab for radars, the minister announced "
            "on Tuesday. The contract, signed in Canberra on Monday, covers training.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:50], "kind": "contract", "status": "signed", "parties": ["Australia", "Saab"],
         "date": "on Tuesday"}]})
    [record] = assemble(answer, text, dt.date(2025, 5, 28)).records  # a Wednesday
    assert record.date == "2025-05-26"


def test_actor_names_are_cleaned_as_the_article_spells_them():
    from extractor.actors import to_actor

    text = "ThyssenKrupp Marine Systems (TKMS) will build the boats. Turkey's Dearsan Shipyard won too."
    assert (to_actor("TKMS", text=text).name, to_actor("TKMS", text=text).country) == ("ThyssenKrupp Marine Systems", "DEU")
    dearsan = to_actor("Turkey's Dearsan Shipyard", text=text)
    assert (dearsan.name, dearsan.country, dearsan.kind) == ("Dearsan Shipyard", "TUR", "company")
    assert to_actor("Royal Navy").country == "GBR"


def test_a_deadline_is_not_a_date():
    from extractor.rules import date_words_in

    assert date_words_in("Pakistan will acquire eight submarines from China by 2028.") is None
    assert date_words_in("The contract was signed in 2011.") == "in 2011"


@pytest.mark.parametrize("sentence, expected", [
    ("Thailand could turn to Sweden or the United States to replace its oldest F-16 fighters, analysts say.", True),
    ("Executives hoped to use the show to showcase new corvettes to Gulf navies.", True),
    ("Washington might be willing to offer newer F-16 Block 70 jets.", True),
    ("Thailand signed a contract for four Gripens, which could arrive in 2027.", False),
    ("Vietnam ordered 12 Yak-130 trainers.", False),
])
def test_speculation_is_not_a_transfer(sentence, expected):
    from extractor.rules import speculative

    assert speculative(sentence) is expected


def test_a_conference_whose_sides_are_unknown_is_dropped_not_a_crash():
    text = "Defence ministers met at the annual Pacific conference on Wednesday, chaired by Sione Vaipulu."
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:40], "kind": "conference", "status": "held",
        "participants": [{"name": "Sione Vaipulu"}], "countries": []}]})
    built = assemble(answer, text, None)
    assert built.records == [] and built.dropped == ["meeting with fewer than two sides"]


def test_a_draft_the_contract_rejects_is_a_warning_not_a_crash(monkeypatch):
    from extractor import assemble as assembly

    def broken(*args):
        from extractor.contract import Meeting

        return Meeting.model_validate({"participants": [], "countries": []})

    monkeypatch.setattr(assembly, "meeting", broken)
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "x x x", "kind": "talks", "status": "held", "participants": [{"name": "A B"}]}]})
    built = assembly.assemble(answer, "A B met C D.", None)
    assert built.records == [] and built.dropped[0].startswith("record the contract rejects")


@pytest.mark.parametrize("sentence, kind, name", [
    ("It builds on a defence cooperation agreement the two countries signed in 2019.", "agreement",
     "defence cooperation agreement"),
    ("They would finalise a memorandum of understanding on maritime surveillance before the end of the year.", "mou",
     "memorandum of understanding on maritime surveillance"),
    ("Qatar has signed a five-billion-euro ($5.9 billion) contract with Italy for seven warships.", "contract", None),
    ("Vietnam and Belarus signed an agreement last week.", "agreement", None),
])
def test_an_instrument_is_named_as_the_sentence_words_it(sentence, kind, name):
    from extractor.rules import instrument_name

    assert instrument_name(sentence, kind) == name


def test_a_signing_is_not_a_meeting_and_a_group_is_not_a_person():
    text = ("Armed Forces Minister Edward Pryce and Colombia's ambassador Camila Restrepo signed a memorandum on "
            "Wednesday. Mongolian peacekeepers have served alongside South Korean troops.")
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:50], "kind": "talks", "status": "held",
         "participants": [{"name": "Edward Pryce", "country": "United Kingdom"},
                          {"name": "Camila Restrepo", "country": "Colombia"}]},
        {"quote": "Mongolian peacekeepers have served", "kind": "other", "status": "held",
         "participants": [{"name": "Mongolian peacekeepers", "country": "Mongolia"},
                          {"name": "South Korean troops", "country": "South Korea"}]}]})
    built = assemble(answer, text, None)
    assert built.records == []
    assert built.dropped == ["a signing, not a meeting", "meeting without a named participant in the article"]
