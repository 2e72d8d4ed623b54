"""Readings found on news written for the check (session 42): how a firm is owned is no part of its name, a
letter of intent a headline reports is no order, a delivery told without its count beside the order, a ship
by its name, a system quoted on the sentence of a sibling variant, talks told after a signing, a name cut short."""

from __future__ import annotations

import datetime as dt

from extractor.asking.answers import MeetingsAnswer, TransfersAnswer
from extractor.assembly.actors import to_actor
from extractor.assembly.build import assemble
from extractor.assembly.finish import finish
from extractor.assembly.lexicon import category_of
from extractor.assembly.trade_status import transfer_status_in


def _transfers(text: str, published: dt.date, *drafts: dict) -> list:
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"category": "aircraft", "status": "ordered", "date": None, **d} for d in drafts]})
    records = assemble(answer, text, published).records
    return sorted(finish({"agreements": [], "transfers": records, "meetings": []}, text, published)["transfers"],
                  key=lambda r: r.status)


def test_how_a_firm_is_owned_is_no_part_of_its_name():
    text = "Rheinmetall and Hungary's state-owned N7 Holding signed an agreement on a joint venture."
    firm = to_actor("Hungary's state-owned N7 Holding", text=text)
    assert (firm.name, firm.country, firm.kind) == ("N7 Holding", "HUN", "company")
    assert to_actor("privately held Baykar", text="privately held Baykar").name == "Baykar"


def test_a_letter_of_intent_in_a_headline_is_no_order():
    assert transfer_status_in("Embraer signs letter of intent with Morocco for C-390 transports") == "proposed"
    assert transfer_status_in("India inks MoU for 26 Rafale M jets") == "proposed"
    assert transfer_status_in("Embraer signed a contract with Morocco for C-390 transports") == "ordered"


def test_a_delivery_told_without_its_count_beside_the_order():
    text = ("Hungary ordered 218 Lynx infantry fighting vehicles from Rheinmetall in 2020, the first of which were "
            "delivered last year.")
    delivery, order = _transfers(text, dt.date(2025, 2, 11), {
        "quote": "Hungary ordered 218 Lynx infantry fighting vehicles from Rheinmetall in 2020", "system": "Lynx",
        "category": "armoured_vehicles", "supplier": "Rheinmetall", "recipient": "Hungary", "date": "in 2020"})
    assert (order.status, order.quantity, order.date) == ("ordered", 218, "2020")  # was delivered, 2020
    assert (delivery.status, delivery.quantity, delivery.date) == ("delivered", None, "2024")  # not all 218


def test_a_ship_by_its_name_is_a_ship():
    assert category_of("BRP Miguel Malvar") == "ships"
    assert category_of("HMAS Anzac") == "ships"
    assert category_of("Miguel Malvar") is None


def test_a_system_quoted_on_a_sibling_variants_sentence_rests_on_its_own():
    from extractor.assembly.names import names_a_sibling

    assert names_a_sibling("Giraffe 4A radars", "Slovakia signed a deal for 17 Giraffe AMB radars in 2020.")
    assert not names_a_sibling("Black Hawk", "Colombia already operates about 60 Black Hawks.")
    assert not names_a_sibling("Type 209/1400mod submarines", "two more of the Type 209 family")
    text = ("Slovakia said on Monday it had selected Saab to supply the Giraffe 4A radars for its air defence. "
            "Slovakia signed a deal for 17 Giraffe AMB radars with Saab in 2020.")
    [radars] = _transfers(text, dt.date(2026, 5, 5), {
        "quote": "Slovakia signed a deal for 17 Giraffe AMB radars with Saab in 2020.", "system": "Giraffe 4A radars",
        "category": "sensors", "supplier": "Saab", "recipient": "Slovakia", "date": "in 2020"})
    assert (radars.status, radars.quantity) == ("proposed", None)  # was ordered, 17 (the AMB radars' deal)
    assert radars.evidence[0].quote.startswith("Slovakia said on Monday")


def test_talks_the_article_tells_after_a_signing_are_a_meeting():
    text = ("CANBERRA, Aug 29, 2024 - Indonesia and Australia on Thursday signed a new Defence Cooperation Agreement. "
            "It was signed by Indonesian Defence Minister Prabowo Subianto and Australian Defence Minister Richard "
            "Marles. It still has to be ratified. The two ministers also discussed maritime security during their "
            "talks at Parliament House.")
    draft = {"quote": "Indonesia and Australia on Thursday signed a new Defence Cooperation Agreement.",
             "kind": "talks", "status": "held", "participants": [
                 {"name": "Prabowo Subianto", "title": "Defence Minister", "country": "Indonesia"},
                 {"name": "Richard Marles", "title": "Defence Minister", "country": "Australia"}],
             "countries": ["Indonesia", "Australia"], "date": "on Thursday", "city": "Canberra", "topics": []}
    [talks] = assemble(MeetingsAnswer.model_validate({"meetings": [draft]}), text, dt.date(2024, 8, 29)).records
    assert (talks.kind, talks.status, talks.date) == ("talks", "held", "2024-08-29")  # was dropped as a signing
    assert talks.evidence[0].quote.startswith("The two ministers also discussed")
    alone = text.replace("The two ministers also discussed maritime security during their talks at Parliament House.",
                         "Both parliaments must ratify it.")
    assert assemble(MeetingsAnswer.model_validate({"meetings": [draft]}), alone, dt.date(2024, 8, 29)).records == []


def test_a_name_the_model_cut_short_is_written_whole():
    from extractor.assembly.build import whole_name

    text = ("Slovakia signed a deal for 17 Giraffe AMB radars with Saab in 2020. Hungary ordered 218 Lynx infantry "
            "fighting vehicles from Rheinmetall. Chile's Navy Adelaide-class frigates arrived.")
    assert whole_name("AMB radars", text) == "Giraffe AMB radars"
    assert whole_name("Lynx infantry fighting", text) == "Lynx infantry fighting vehicles"
    assert whole_name("Adelaide-class frigates", text) == "Adelaide-class frigates"  # a navy is no part of it
    assert whole_name("Lynx infantry fighting vehicles", text) == "Lynx infantry fighting vehicles"
    for other in ("It bought Saab AMB radars.", "In 2019 Swedish AMB radars came.", "In March AMB radars came.",
                  "It gave the Army AMB radars.", "Giraffe AMB radars came."):
        # a firm's, a country's, a month's, a service's or a sentence's first word
        assert whole_name("AMB radars", other) == "AMB radars"


def test_a_second_look_at_what_a_trade_sentence_counts_by_kind_alone():
    from extractor.run.followups import counted_kinds, listed_but_missing

    assert counted_kinds("Japan on Wednesday handed over two used patrol boats to the Vietnam Coast Guard") == [
        "patrol boats"]
    assert counted_kinds("one of the eight submarines") == ["submarines"]
    assert counted_kinds("signed for 24 units in 2023") == []  # "units" names no kind
    text = ("HANOI - Japan on Wednesday handed over two used patrol boats to the Vietnam Coast Guard. The vessels were "
            "donated at a ceremony in Hai Phong.")
    assert listed_but_missing(TransfersAnswer.model_validate({"systems": [], "transfers": []}), text) == [
        "patrol boats"]
    # not where the answer has a ship already: "four warships" beside the ships it names is their total
    answer = TransfersAnswer.model_validate({"systems": ["frigate"], "transfers": [{
        "quote": "The Vietnam Coast Guard also received a frigate.", "system": "frigate", "category": "ships",
        "supplier": "Japan", "recipient": "Vietnam", "status": "delivered"}]})
    assert listed_but_missing(answer, text + " The Vietnam Coast Guard also received a frigate.") == []


def test_a_designation_of_a_letter_two_digits_and_a_letter_is_asked_of():
    from extractor.assembly.lexicon import DESIGNATIONS
    from extractor.run.followups import listed_but_missing

    assert DESIGNATIONS.findall("the first S26T submarine, K9A1 howitzers and M1A1 tanks") == ["S26T", "K9A1", "M1A1"]
    text = ("The navy is still awaiting the first S26T submarine ordered from China Shipbuilding & Offshore "
            "International in 2017.")
    assert listed_but_missing(TransfersAnswer.model_validate({"systems": [], "transfers": []}), text) == ["S26T"]


def test_a_participant_named_beside_another_is_listed_once():
    from extractor.assembly.people import titled_beside, to_person

    sentence = ("Qatar and Turkey signed 12 agreements during the ninth meeting of their Supreme Strategic Committee, "
                "chaired by Emir Sheikh Tamim bin Hamad Al Thani and Turkish President Recep Tayyip Erdogan.")
    people = [to_person("Emir Sheikh Tamim bin Hamad Al Thani", "Emir", "Qatar", sentence),
              to_person("Recep Tayyip Erdogan", "President", "Turkey", sentence)]
    assert titled_beside(people, sentence, sentence) == []  # Erdogan was listed twice


def test_a_customer_the_article_does_not_name_is_no_party():
    from extractor.assembly.actors import unnamed
    from extractor.assembly.agreements import agreement_parties

    text = ("Israel's Elbit Systems said it had been awarded a contract to supply PULS rocket artillery systems to an "
            "unnamed country in Europe.")
    assert unnamed(to_actor("unnamed country in Europe", text=text))
    assert agreement_parties(["Israel", "Elbit Systems", "unnamed country in Europe"], text) == []
    named = agreement_parties(["Netherlands", "Elbit Systems"], text)
    assert [p.name for p in named] == ["Netherlands", "Elbit Systems"]


def test_an_arrangement_worked_under_is_in_force_and_a_lease_is_a_delivery():
    from extractor.assembly.lexicon import agreement_status_in

    sentence = "Under an earlier arrangement, the Netherlands already leases 18 Leopard 2A6 tanks from Germany."
    assert agreement_status_in(sentence) == "in_force"  # was the model's "signed"
    assert transfer_status_in(sentence) == "delivered"
    assert transfer_status_in("Poland leased 24 MQ-9B drones from the United States in 2023.") == "delivered"


def test_the_instrument_named_among_several_gives_its_kind_and_its_field():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.instrument_names import instrument_name

    sentence = ("Qatar and Turkey signed 12 agreements on Thursday, including a memorandum of understanding on "
                "cooperation in the defence industry, during a meeting in Doha.")
    assert instrument_name(sentence, "mou") == "memorandum of understanding on cooperation in the defence industry"
    assert instrument_name("They signed an agreement on training in Doha.", "agreement") == "agreement on training"
    answer = AgreementsAnswer.model_validate({"agreements": [{
        "quote": "Qatar and Turkey signed 12 agreements on Thursday", "kind": "agreement", "status": "signed",
        "parties": ["Qatar", "Turkey"], "signers": [], "date": "on Thursday", "areas": []}]})
    [mou] = assemble(answer, "DOHA, Dec 7 - " + sentence, dt.date(2023, 12, 7)).records
    assert (mou.kind, mou.name) == ("mou", "memorandum of understanding on cooperation in the defence industry")


def test_a_supplier_the_sentence_writes_as_the_systems_own_country():
    from extractor.assembly.build import maker_country

    sentence = "The ministry also selected Norway's NASAMS, Germany's IRIS-T SLM and France's VL MICA."
    france, denmark = to_actor("France"), to_actor("Denmark")
    assert maker_country("NASAMS", sentence, france, denmark).country == "NOR"  # was the model's France
    assert maker_country("VL MICA", sentence, france, denmark).country == "FRA"
    assert maker_country("F-16s", "It will send more jets to Ukraine's F-16s.", to_actor("Denmark"),
                         to_actor("Ukraine")).country == "DNK"  # the buyer's own fleet
    assert maker_country("NASAMS", sentence, to_actor("Kongsberg"), denmark).name == "Kongsberg"  # a firm stands


def test_an_order_the_next_sentence_tells_by_referring_back_to_a_delivery():
    text = ("MONTEVIDEO, 22 October 2026 - The Uruguayan Navy on Wednesday received the first of two offshore patrol "
            "vessels built by Spain's Cardama Shipyard. The two vessels were ordered in December 2023 for 82 million "
            "euros. The second ship is due in 2027.")
    records = _transfers(text, dt.date(2026, 10, 22), {
        "quote": "The Uruguayan Navy on Wednesday received the first of two offshore patrol vessels",
        "system": "offshore patrol vessels", "category": "ships", "supplier": "Cardama Shipyard",
        "recipient": "Uruguayan Navy", "status": "delivered", "quantity": 1, "date": "on Wednesday"})
    [order] = [r for r in records if r.status == "ordered"]
    assert (order.quantity, order.date, order.value.amount) == (2, "2023-12", 82_000_000)
    assert order.evidence[0].quote.startswith("The two vessels were ordered")
    assert [r for r in _transfers(text.replace("The two vessels", "Two tankers"), dt.date(2026, 10, 22), {
        "quote": "The Uruguayan Navy on Wednesday received the first of two offshore patrol vessels",
        "system": "offshore patrol vessels", "category": "ships", "supplier": "Cardama Shipyard",
        "recipient": "Uruguayan Navy", "status": "delivered", "quantity": 1}) if r.status == "ordered"] == []


def test_talks_told_by_referring_back_to_the_leaders_the_sentence_before_names():
    text = ("CANBERRA, Oct 6, 2025 - Australian Prime Minister Anthony Albanese and Papua New Guinea Prime Minister "
            "James Marape signed the Pukpuk mutual defence treaty in Canberra on Monday. The two leaders held talks "
            "at Parliament House before the signing. Australia gave PNG four Guardian-class patrol boats between "
            "2018 and 2021.")
    draft = {"quote": "Australia gave PNG four Guardian-class patrol boats between 2018 and 2021.", "kind": "call",
             "status": "held", "participants": [
                 {"name": "Anthony Albanese", "title": "Prime Minister", "country": "Australia"},
                 {"name": "James Marape", "title": "Prime Minister", "country": "Papua New Guinea"}],
             "countries": ["Australia", "Papua New Guinea"], "date": "between 2018 and 2021", "city": "Canberra"}
    [talks] = assemble(MeetingsAnswer.model_validate({"meetings": [draft]}), text, dt.date(2025, 10, 6)).records
    assert (talks.kind, talks.date) == ("talks", "2025-10-06")  # was dropped: the quote tells of no meeting
    assert talks.evidence[0].quote.startswith("The two leaders held talks")


def test_what_another_replaces_after_a_long_owner_is_not_moved():
    from extractor.assembly.not_moved import replaced_not_moved

    sentence = ("New Zealand will buy five MH-60R Seahawk maritime helicopters from the United States to replace the "
                "Royal New Zealand Navy's eight SH-2G(I) Seasprites, Defence Minister Judith Collins said.")
    assert replaced_not_moved("SH-2G(I) Seasprites", sentence)  # six words between "replace" and it
    assert not replaced_not_moved("MH-60R", sentence)


def test_the_agreement_a_later_sentence_speaks_of_is_the_contract_before_it():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.not_moved import passed_over

    text = ("BOGOTA, 14 November 2025 - Colombia's Ministry of National Defence signed a contract with Sweden's Saab "
            "on Friday for 17 Gripen E/F fighter jets. The agreement follows the government's decision in April to "
            "choose the Swedish jet over the Rafale and the F-16 to replace the air force's ageing Kfir fleet.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Colombia's Ministry of National Defence signed a contract with Sweden's Saab on Friday",
         "kind": "contract", "status": "signed", "parties": ["Colombia", "Saab"], "date": "on Friday"},
        {"quote": "The agreement follows the government's decision in April", "kind": "agreement",
         "status": "signed", "parties": ["Colombia", "Sweden"], "date": "in April"}]})
    records = assemble(answer, text, dt.date(2025, 11, 14)).records
    [contract] = finish({"agreements": records, "transfers": [], "meetings": []}, text,
                        dt.date(2025, 11, 14))["agreements"]
    assert (contract.kind, contract.date) == ("contract", "2025-11-14")  # no second agreement of April
    assert passed_over("F-16", text.split(". ")[1])  # "to choose the Swedish jet over the Rafale and the F-16"


def test_contracts_with_two_firms_of_one_country_are_two():
    from extractor.asking.answers import AgreementsAnswer

    text = ("Spain cancels Israeli anti-tank missile contract\n\nMADRID, 3 June 2025 - Spain's Defence Ministry has "
            "cancelled a 285 million euro contract with Israel's Rafael Advanced Defense Systems for 168 Spike LR2 "
            "launchers, the ministry said on Tuesday. The decision follows the cancellation in April of a contract "
            "for 15 million rounds of 9mm ammunition from Israeli firm IMI Systems.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Spain cancels Israeli anti-tank missile contract", "kind": "contract", "status": "ended",
         "parties": ["Spain", "Israel"], "date": "on Tuesday"},
        {"quote": "Spain's Defence Ministry has cancelled a 285 million euro contract with Israel's Rafael Advanced "
                  "Defense Systems", "kind": "contract", "status": "ended", "parties": ["Spain", "Israel"],
         "date": "on Tuesday"},
        {"quote": "The decision follows the cancellation in April of a contract for 15 million rounds of 9mm "
                  "ammunition from Israeli firm IMI Systems.", "kind": "contract", "status": "ended",
         "parties": ["Spain", "IMI Systems"], "date": "in April"}]})
    records = assemble(answer, text, dt.date(2025, 6, 3)).records
    done = finish({"agreements": records, "transfers": [], "meetings": []}, text, dt.date(2025, 6, 3))["agreements"]
    assert len(done) == 2  # the headline's Rafael contract had taken in the IMI one


def test_what_a_deal_of_a_year_is_building_is_ordered_that_year_and_the_deal_known_by_it():
    from extractor.asking.answers import AgreementsAnswer

    text = ("BRASILIA, 4 April 2025 - Lula spoke by telephone on Friday with Macron. Under a 2008 agreement, France's "
            "Naval Group is helping Brazil build four Scorpene-class submarines at Itaguai, three of which have been "
            "delivered to the Brazilian Navy.")
    quote = "Under a 2008 agreement, France's Naval Group is helping Brazil build four Scorpene-class submarines"
    order, delivery = sorted(_transfers(text, dt.date(2025, 4, 4), {
        "quote": quote, "system": "Scorpene-class", "category": "ships", "supplier": "Naval Group",
        "recipient": "Brazilian Navy", "status": "delivered", "date": "in 2008"}), key=lambda r: r.status, reverse=True)
    assert (order.status, order.quantity, order.date) == ("ordered", 4, "2008")  # was one delivery of all four
    assert (delivery.status, delivery.quantity) == ("delivered", 3)
    answer = AgreementsAnswer.model_validate({"agreements": [{
        "quote": quote, "kind": "contract", "status": "in_force", "parties": ["Brazil", "France"],
        "date": "on Friday"}]})
    [deal] = assemble(answer, text, dt.date(2025, 4, 4)).records
    assert deal.date == "2008"  # was the news's day


def test_who_met_days_after_a_signing_did_not_sign_and_the_meetings_day_is_not_the_signings():
    from extractor.asking.answers import AgreementsAnswer

    text = ("MOSCOW, Jan 22 - Iranian Defence Minister Aziz Nasirzadeh met Russian Defence Minister Andrei Belousov in "
            "Moscow on Wednesday, the Russian ministry said, days after the two countries signed a comprehensive "
            "strategic partnership treaty.")
    answer = AgreementsAnswer.model_validate({"agreements": [{
        "quote": text[14:], "kind": "treaty", "status": "signed", "parties": ["Iran", "Russia"], "date": "on Wednesday",
        "signers": [{"name": "Aziz Nasirzadeh", "title": "Defence Minister", "country": "Iran"},
                    {"name": "Andrei Belousov", "title": "Defence Minister", "country": "Russia"}]}]})
    [treaty] = assemble(answer, text, dt.date(2025, 1, 22)).records
    assert treaty.signatories == []  # were the two who met
    assert treaty.date == "2025-01"  # was the meeting's day


def test_talks_before_the_signing_are_dated_by_it():
    from extractor.asking.answers import AgreementsAnswer

    text = ("RIYADH, July 18, 2023 - Saudi Arabia's Ministry of Defence signed a contract with Turkish drone maker "
            "Baykar on Tuesday to acquire Akinci drones. Erdogan held talks with the crown prince at Al-Salam Palace "
            "before the signing ceremony.")
    published = dt.date(2023, 7, 18)
    contract = assemble(AgreementsAnswer.model_validate({"agreements": [{
        "quote": "Saudi Arabia's Ministry of Defence signed a contract with Turkish drone maker Baykar on Tuesday",
        "kind": "contract", "status": "signed", "parties": ["Saudi Arabia", "Baykar"], "date": "on Tuesday"}]}),
        text, published).records
    talks = assemble(MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Erdogan held talks with the crown prince at Al-Salam Palace before the signing ceremony.",
        "kind": "talks", "status": "held", "date": "before the signing ceremony",
        "countries": ["Turkey", "Saudi Arabia"],
        "participants": [{"name": "Erdogan", "title": "President", "country": "Turkey"},
                         {"name": "Mohammed bin Salman", "title": "Crown Prince", "country": "Saudi Arabia"}]}]}),
        text + " Mohammed bin Salman, Recep Tayyip Erdogan.", published).records
    done = finish({"agreements": contract, "transfers": [], "meetings": talks}, text, published)
    assert [m.date for m in done["meetings"]] == ["2023-07-18"]  # was undated


def test_who_signed_days_after_another_signing_still_signed():
    from extractor.assembly.signers import signed_before

    assert signed_before("A met B on Wednesday, days after the two countries signed a treaty.")
    assert not signed_before("A and B signed the accord on Monday, two days after the ministers signed an MoU.")
