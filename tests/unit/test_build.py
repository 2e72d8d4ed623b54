"""Building records from model answers: the assembly decisions built on the keyword rules."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.asking.answers import AgreementsAnswer, MeetingsAnswer
from extractor.assembly.build import assemble


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
    text = "Peru signed a contract with Hanwha for aircraft and pilot training."
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


def test_meeting_topics_come_from_what_the_article_says_about_its_people_or_its_talks():
    text = ("Austria's defence minister Klaudia Tanner met Hungary's Kristof Szalay-Bobrovniczky in Vienna on Monday. "
            "It was their third meeting this year. The weather was cold. "
            "Tanner said Austria would share intelligence on smuggling routes. "
            "Talks also touched on joint exercises. Separately, Polish officials discussed cyber defence.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "Austria's defence minister Klaudia Tanner met Hungary's", "kind": "talks", "status": "held",
        "participants": [{"name": "Klaudia Tanner", "country": "Austria"},
                         {"name": "Kristof Szalay-Bobrovniczky", "country": "Hungary"}],
        "countries": ["Austria", "Hungary"], "city": "Vienna", "topics": []}]})
    [meeting] = assemble(answer, text, dt.date(2024, 5, 8)).records
    # the sentence after the meeting names nothing; one naming Tanner and the talks four sentences on do,
    # a sentence five on about something else does not
    assert meeting.topics == ["exercises", "intelligence_sharing"]


def test_a_generic_kind_is_refined_by_the_instrument_the_sentence_names():
    from extractor.assembly.lexicon import agreement_kind_in

    assert agreement_kind_in("They signed a memorandum of understanding on training.", "agreement") == "mou"
    assert agreement_kind_in("They signed a letter of intent and a contract.", "contract") == "contract"
    assert agreement_kind_in("They met in Hanoi.", "agreement") is None


def test_a_specific_kind_the_sentence_contradicts_gives_way_to_the_instrument_it_names():
    text = ("Argentina and Denmark signed a letter of intent on the F-16s. "
            "Peru signed an agreement to buy two frigates from Korea.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Argentina and Denmark signed a letter of intent", kind="contract"),
         "parties": ["Argentina", "Denmark"]},
        {**agreement_draft("Peru signed an agreement to buy two frigates", kind="contract"), "parties": ["Peru", "Korea"]}]})
    kinds = [a.kind for a in assemble(answer, text, None).records]
    # a letter of intent is not a contract; "an agreement to buy" does not show a contract wrong
    assert kinds == ["letter_of_intent", "contract"]


def test_a_kind_the_sentence_does_not_name_gives_way_to_the_instrument_it_names():
    text = ("Ghana and Togo signed a defence cooperation treaty on Monday. It replaces a 1997 military cooperation "
            "accord between the two. EDGE and Pindad signed a joint venture agreement to produce armoured vehicles. "
            "Japan and Chile agreed to begin negotiations on a memorandum of understanding.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty", kind="treaty"), "parties": ["Ghana", "Togo"]},
        {**agreement_draft("It replaces a 1997 military cooperation accord", kind="treaty"), "parties": ["Ghana", "Togo"]},
        {**agreement_draft("EDGE and Pindad signed a joint venture agreement", kind="contract"), "parties": ["EDGE", "Pindad"]},
        {**agreement_draft("Japan and Chile agreed to begin negotiations", kind="agreement"), "parties": ["Japan", "Chile"]}]})
    kinds = [a.kind for a in assemble(answer, text, None).records]
    # the model's treaty stands where its sentence names one; an accord is an agreement, and so is a
    # joint venture agreement that buys nothing; a generic guess takes the MoU the sentence names
    assert kinds == ["treaty", "agreement", "agreement", "mou"]


def test_one_sentence_read_twice_as_the_same_instrument_is_one_agreement():
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty"), "date": "Monday"},
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty", kind="agreement"), "date": "2021"}]})
    from extractor.assembly.merge import merge_records

    merged = merge_records(assemble(answer, TEXT, dt.date(2024, 5, 8)).records)
    assert len(merged) == 1 and merged[0].kind == "treaty"


def test_party_lists_are_split_and_a_firms_own_state_is_not_a_second_party():
    from extractor.assembly.agreements import agreement_parties

    text = "Vietnam signed a contract with Russia's Rosoboronexport. Australia, New Zealand and France met."
    assert [p.country for p in agreement_parties(["Vietnam", "Russia", "Rosoboronexport"], text)] == ["VNM", "RUS"]
    assert [p.name for p in agreement_parties(["Vietnam", "Russia", "Rosoboronexport"], text)] == [
        "Vietnam", "Rosoboronexport"]
    assert [p.country for p in agreement_parties(["Australia, New Zealand and France"], text)] == ["AUS", "NZL", "FRA"]


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


def test_a_meeting_whose_sentence_calls_a_korean_minister_by_his_family_name_rests_on_that_sentence():
    text = ("South Korean Defence Minister Han Seung-won and Polish Defence Minister Tomasz Wierzbicki agreed in a "
            "telephone call on Tuesday to launch a strategic dialogue. "
            "Han and Wierzbicki last met in person in Warsaw in October, when Han visited Poland.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[text.index("Han and"):], "kind": "visit", "status": "held", "date": "in October",
        "participants": [{"name": "Han Seung-won", "country": "South Korea"},
                         {"name": "Tomasz Wierzbicki", "country": "Poland"}],
        "countries": ["South Korea", "Poland"], "city": "Warsaw"}]})
    [meeting] = assemble(answer, text, dt.date(2025, 1, 16)).records
    assert meeting.evidence[0].match == "exact" and meeting.grounded  # was re-anchored on the call's sentence
    assert (meeting.kind, meeting.date, meeting.location.city) == ("visit", "2024-10", "Warsaw")


def test_a_report_the_article_denies_is_no_deal():
    from extractor.asking.answers import TransfersAnswer

    text = ("Chile's defence ministry on Wednesday denied a newspaper report that the country was close to buying "
            "German submarines. The daily El Informante reported on Monday that Chile was preparing to order two "
            "Type 214 submarines from TKMS, and that a contract could be signed before the end of the year.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[text.index("The daily"):], "system": "Type 214 submarines", "category": "ships",
         "supplier": "TKMS", "recipient": "Chile", "status": "ordered"}]})
    built = assemble(answer, text, dt.date(2025, 6, 5))
    assert built.records == [] and built.dropped == ["transfer of Type 214 submarines: a report the article denies"]
    # the same report where nothing denies it stands
    assert len(assemble(answer, text[text.index("The daily"):], dt.date(2025, 6, 5)).records) == 1


def test_a_side_the_article_does_not_name_is_no_recipient():
    from extractor.assembly.actors import unnamed
    from extractor.contract import Actor

    assert unnamed(Actor(name="several navies in Asia, Latin America and Africa", country=None, kind="military"))
    assert unnamed(Actor(name="foreign customers", country=None, kind="company"))
    assert unnamed(Actor(name="European manufacturers", country=None, kind="company"))
    assert unnamed(Actor(name="Gulf and Middle Eastern forces", country=None, kind="military"))
    assert not unnamed(Actor(name="UAE Armed Forces", country=None, kind="military"))
    assert unnamed(Actor(name="European country", country=None, kind="state"))  # "a European country it did not name"
    assert unnamed(Actor(name="Asian customer", country=None, kind="company"))
    assert not unnamed(Actor(name="ASEAN", country=None, kind="organization"))


def test_a_year_the_model_gave_takes_the_month_its_sentence_gives():
    from extractor.assembly.dates import resolve_date

    sentence = "In July 2024, Romania signed a contract with Hanwha Aerospace for 54 K9 howitzers."
    assert resolve_date("in 2024", sentence, sentence, dt.date(2025, 4, 16)) == "2024-07"
    reported = "The ministry said on Monday it signed the contract in 2025."  # the report's day dates nothing
    assert resolve_date("in 2025", reported, reported, dt.date(2025, 4, 16)) == "2025"
    two = "The army received its first K9 in 2024 and the rest in March 2024."  # two dates of that year: which?
    assert resolve_date("in 2024", two, two, dt.date(2025, 4, 16)) == "2024"


def test_an_instruments_signing_and_its_ending_told_apart_are_one_instrument_dated_by_its_signing():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.merge import merge_records

    text = ("Peru scraps Elbit drone deal after audit\n\nPeru has cancelled its contract with Elbit Systems for four "
            "Hermes 900 drones, the ministry said on Monday. The US$86.4 million contract, signed with Elbit in "
            "November 2023, covered the four aircraft.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Peru has cancelled its contract with Elbit Systems", "kind": "contract", "status": "ended",
         "parties": ["Peru", "Elbit Systems"], "date": "on Monday"},
        {"quote": "The US$86.4 million contract, signed with Elbit in November 2023", "kind": "contract",
         "status": "signed", "parties": ["Peru", "Elbit Systems"], "date": "November 2023"}]})
    ended, signed = assemble(answer, text, dt.date(2024, 6, 18)).records
    [contract] = merge_records([ended.model_copy(update={"date": "2024-06-17"}), signed])
    assert (contract.status, contract.date) == ("ended", "2023-11") and len(contract.evidence) == 2
    # a new contract signed after the old one ended is another instrument
    assert len(merge_records([ended.model_copy(update={"date": "2023-03"}), signed])) == 2


def test_a_transfer_quoted_on_what_its_weapon_is_rests_on_the_sentence_that_trades_it():
    from extractor.asking.answers import TransfersAnswer

    text = ("Under the contract, signed last week, Thales will deliver four Kingklip Mk2 hull-mounted sonars to "
            "COTECMAR. The Kingklip Mk2 is a medium-frequency sonar designed for anti-submarine warfare, and is in "
            "service with several NATO and Asian navies.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[text.index("The Kingklip"):], "system": "Kingklip Mk2", "category": "sensors",
         "supplier": "Thales", "recipient": "COTECMAR", "status": "delivered"}]})
    [t] = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert t.evidence[0].quote.startswith("Under the contract") and t.evidence[0].match == "reanchored"
    assert (t.status, t.quantity) == ("ordered", 4)  # was "delivered", from "in service with several navies"
    alone = TransfersAnswer.model_validate({"systems": [], "transfers": [{**answer.transfers[0].model_dump(),
                                                                          "quote": text[text.index("The Kingklip"):]}]})
    assert assemble(alone, text[text.index("The Kingklip"):], None).records == []  # nothing trades it


def test_an_instrument_ratified_in_the_news_is_dated_by_its_signing():
    from extractor.assembly.dates import signing_date

    text = ("Guyana's National Assembly on Thursday ratified a status-of-forces agreement with the United Kingdom. "
            "The agreement was signed in London last September by the two ministers.")
    lead = text[:text.index(" The agreement")]
    assert signing_date("on Thursday", lead, text, dt.date(2025, 3, 14), kind="agreement") == "2024-09"
    # no signing told: the day the sentence gives stays
    assert signing_date("on Thursday", lead, lead, dt.date(2025, 3, 14), kind="agreement") == "2025-03-13"


def test_a_delivery_beside_a_further_order_its_sentence_counts_is_two_stages():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    text = ("Kazakhstan took delivery of its first four Su-30SM multirole fighters from Russia in April 2015 and "
            "ordered a further eight in 2018.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "Su-30SM", "category": "aircraft", "supplier": "Russia", "recipient": "Kazakhstan",
         "status": "delivered", "date": "in April 2015"}]})
    records = staged(assemble(answer, text, dt.date(2025, 4, 9)).records, dt.date(2025, 4, 9))
    assert sorted((t.status, t.quantity, t.date) for t in records) == [("delivered", 4, "2015-04"),
                                                                       ("ordered", 8, "2018")]


def test_ministers_of_three_or_more_countries_meeting_is_a_conference_and_a_tour_a_visit():
    text = ("The meeting was hosted by Estonian Defence Minister Margus Ilves and attended by Finland's Defence Minister "
            "Antti Rautio and Sweden's Minister for Defence Karin Lundberg. "
            "Prime Minister Benjamin Netanyahu's week-long visit to Singapore and Australia ended with talks with "
            "Singapore's Lee Hsien Loong and Australia's Malcolm Turnbull.")
    people = [{"name": "Margus Ilves", "country": "Estonia"}, {"name": "Antti Rautio", "country": "Finland"},
              {"name": "Karin Lundberg", "country": "Sweden"}]
    tour = [{"name": "Benjamin Netanyahu", "country": "Israel"}, {"name": "Lee Hsien Loong", "country": "Singapore"},
            {"name": "Malcolm Turnbull", "country": "Australia"}]
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:text.index(" Prime")], "kind": "visit", "status": "held", "participants": people,
         "countries": ["Estonia", "Finland", "Sweden"]},
        {"quote": text[text.index("Prime"):], "kind": "visit", "status": "held", "participants": tour,
         "countries": ["Israel", "Singapore", "Australia"]}]})
    assert [m.kind for m in assemble(answer, text, None).records] == ["conference", "visit"]


def test_an_agreement_its_name_calls_an_agreement_stays_one_when_a_headline_calls_it_a_pact():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.merge import merge_records

    text = ("Philippines, Indonesia sign defence pact\n\nThe Philippines and Indonesia signed a defence cooperation "
            "agreement on Monday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "The Philippines and Indonesia signed a defence cooperation agreement on Monday.", "kind": "agreement",
         "status": "signed", "parties": ["Philippines", "Indonesia"], "date": "on Monday"},
        {"quote": "Philippines, Indonesia sign defence pact", "kind": "treaty", "status": "signed",
         "parties": ["Philippines", "Indonesia"], "date": "on Monday"}]})
    [one] = merge_records(assemble(answer, text, dt.date(2025, 3, 12)).records)
    assert (one.kind, one.name) == ("agreement", "defence cooperation agreement")  # was a treaty


def test_a_transfer_re_anchored_takes_no_date_from_the_sentence_the_model_quoted():
    from extractor.asking.answers import TransfersAnswer

    text = ("Ghana Air Force receives first two of 12 H125M helicopters\n\nThe Ghana Air Force took delivery of its "
            "first two Airbus H125M light military helicopters, the first of a dozen ordered under a 2021 contract. "
            "Ghana signed the contract with Airbus Helicopters in 2021 for 12 of the single-engine helicopters.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[text.index("Ghana signed"):], "system": "H125M helicopters", "category": "aircraft",
         "supplier": "Airbus Helicopters", "recipient": "Ghana", "status": "delivered", "date": "in 2021"}]})
    [t] = assemble(answer, text, dt.date(2024, 11, 22)).records
    assert t.evidence[0].match == "reanchored" and t.status == "delivered"
    assert t.date is None  # was 2021: the contract's year, from the sentence the model quoted


def test_a_record_read_twice_rests_on_the_models_own_quote_not_on_a_re_anchored_duplicate():
    from extractor.assembly.merge import merge_records

    text = ("Togo's defence minister Kodjo Adedze met Ghana's defence minister Kwame Mensah in Accra on Monday. "
            "Analysts welcomed the talks.")
    meeting = {"kind": "talks", "status": "held", "countries": ["Togo", "Ghana"],
               "participants": [{"name": "Kodjo Adedze", "country": "Togo"}, {"name": "Kwame Mensah", "country": "Ghana"}]}
    answer = MeetingsAnswer.model_validate({"meetings": [
        {**meeting, "quote": "Analysts welcomed the talks."},  # re-anchored by code: not grounded
        {**meeting, "quote": "Togo's defence minister Kodjo Adedze met Ghana's defence minister Kwame Mensah"}]})
    records = assemble(answer, text, dt.date(2024, 5, 8)).records
    assert [r.grounded for r in records] == [False, True]
    [merged] = merge_records(records)
    assert merged.grounded  # kept by --drop-ungrounded: the model's own words hold it up
    assert [e.match for e in merged.evidence] == ["exact"]  # nothing of the weaker reading added


def test_an_ended_contract_is_dated_when_it_was_signed_not_when_it_ended():
    text = ("AMMAN — Jordan has cancelled its order for eight AW149 helicopters from Italy's Leonardo, the army said. "
            "The decision was taken last week, and the 2020 contract with Leonardo has been terminated.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "The decision was taken last week, and the 2020 contract", "kind": "contract", "status": "ended",
         "parties": ["Jordan", "Leonardo"], "date": "last week"}]})
    [contract] = assemble(answer, text, dt.date(2022, 10, 20)).records
    assert (contract.status, contract.date) == ("ended", "2020")
    from extractor.assembly.agreements import implied_contracts
    from extractor.assembly.build import transfer
    from extractor.asking.answers import TransferDraft

    draft = TransferDraft.model_validate({"quote": text[:60], "system": "AW149 helicopters", "category": "aircraft",
                                          "supplier": "Leonardo", "recipient": "Jordan", "status": "cancelled",
                                          "date": "last week"})
    [implied] = implied_contracts([transfer(draft, text, dt.date(2022, 10, 20), False)])
    assert (implied.status, implied.date) == ("ended", None)  # its sentence does not say when it was signed


def test_a_contract_reported_in_a_transfers_sentence_becomes_an_agreement():
    from extractor.assembly.agreements import implied_contracts
    from extractor.assembly.build import transfer
    from extractor.asking.answers import TransferDraft

    text = "Hanwha Aerospace signed a KRW 1.5 trillion contract to supply 54 K9A1 howitzers to the Brazilian Army."
    draft = TransferDraft.model_validate({"quote": text[:40], "system": "K9A1 howitzers", "category": "artillery",
                                          "supplier": "Hanwha Aerospace", "recipient": "Brazilian Army",
                                          "status": "ordered"})
    [contract] = implied_contracts([transfer(draft, text, None, False)])
    assert (contract.kind, contract.status) == ("contract", "signed")
    assert [p.country for p in contract.parties] == ["BRA", "KOR"] and contract.areas[0] == "arms_trade"
    assert contract.evidence[0].quote == text


def test_civil_deals_yield_nothing():
    from extractor.asking.answers import TransfersAnswer

    text = "RwandAir has signed a US$420 million order for four Airbus A220-300 passenger jets, the carrier said."
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "contract", "status": "signed", "parties": ["RwandAir", "Airbus"]}]})
    transfers = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "A220-300 passenger jets", "category": "aircraft", "supplier": "Airbus",
         "recipient": "RwandAir", "status": "ordered"}]})
    assert assemble(agreements, text, None).records == [] and assemble(transfers, text, None).records == []


def test_a_call_has_no_venue_even_when_the_model_gives_the_dateline_city():
    text = ("TOKYO — Japanese Defense Minister Kenji Morita and Chilean Defence Minister Paulina Sepulveda "
            "agreed during a video call on Tuesday to begin negotiations.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:60], "kind": "talks", "status": "held", "city": "Tokyo",
        "participants": [{"name": "Kenji Morita", "country": "Japan"}, {"name": "Paulina Sepulveda", "country": "Chile"}],
        "countries": ["Japan", "Chile"]}]})
    [meeting] = assemble(answer, text, None).records
    assert meeting.kind == "call" and (meeting.location.city, meeting.location.country) == (None, None)


def test_a_visit_planned_during_a_call_is_a_visit_with_its_city():
    text = ("US Secretary of Defense Mark Esper spoke over the telephone with Indian Defense Minister Rajnath Singh "
            "and said he plans to visit him in Delhi as soon as possible.")
    people = [{"name": "Mark Esper", "country": "United States"}, {"name": "Rajnath Singh", "country": "India"}]
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:60], "kind": "call", "status": "planned", "participants": people, "countries": ["USA", "India"],
         "city": "Delhi"}]})
    [visit] = assemble(answer, text, None).records
    assert (visit.kind, visit.status, visit.location.city) == ("visit", "planned", "Delhi")


def test_a_meeting_whose_sentences_name_no_area_is_about_other_matters():
    text = "Kodjo Adedze met Kwame Mensah in Accra on Monday. The weather was fine."
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:30], "kind": "talks", "status": "held", "topics": ["cyber"],
        "participants": [{"name": "Kodjo Adedze", "country": "Togo"}, {"name": "Kwame Mensah", "country": "Ghana"}]}]})
    [meeting] = assemble(answer, text, None).records
    assert meeting.topics == ["other"]


def test_a_domestic_purchase_is_not_an_arms_transfer():
    from extractor.asking.answers import TransfersAnswer

    text = "Pakistan's KSEW will build two Agosta submarines for the Pakistan Navy."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:30], "system": "Agosta submarines", "category": "ships", "supplier": "Pakistan",
         "recipient": "Pakistan Navy", "status": "ordered"}]})
    built = assemble(answer, text, None)
    assert built.records == [] and "within one country" in built.dropped[0]


@pytest.mark.parametrize("system, quoted", [("EXTRA", False), ("K2PL tanks", True)])
def test_a_quote_names_a_system_spelt_otherwise_but_not_letters_across_two_words(system, quoted):
    """"defense trade" holds the letters "e tra", close to "extra": that sentence does not name the EXTRA
    rockets, so the record rests on the one that does and is marked re-anchored; "K-2PL tanks" is a
    spelling of "K2PL tanks", so that quote is the model's own and grounded."""
    from extractor.asking.answers import TransfersAnswer

    first = "Vietnam's president hailed growing defense trade with Israel and its K-2PL tanks."
    text = first + " IMI Systems has sold EXTRA rockets to Vietnam."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": first, "system": system, "category": "artillery", "supplier": "IMI Systems",
         "recipient": "Vietnam", "status": "delivered"}]})
    [record] = assemble(answer, text, None).records
    assert record.grounded is quoted
    assert record.evidence[0].quote == (first if quoted else "IMI Systems has sold EXTRA rockets to Vietnam.")


@pytest.mark.parametrize("later, system", [
    ("The AH-64E Apache is one of the most advanced attack helicopters.", "AH-64E Apache"),
    ("The Apache AH-64E flies with the US Army.", "Apache AH-64E"),
    ("The US Army flies both the AH-64D Apache and the AH-64E Apache.", "Apache helicopters"),  # which one: not said
    ("The Apache is one of the most advanced attack helicopters.", "Apache helicopters"),
])
def test_a_system_written_by_its_name_takes_the_designation_the_article_gives_it(later, system):
    """The contract's system is the designation: where the answer wrote "Apache helicopters" and the
    article designates the Apache once ("AH-64E Apache"), the record says so."""
    from extractor.asking.answers import TransfersAnswer

    text = "Boeing delivered the first four Apache helicopters to the Indian Air Force on Saturday. " + later
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "Apache helicopters", "category": "aircraft", "supplier": "Boeing",
         "recipient": "Indian Air Force", "status": "delivered"}]})
    [record] = assemble(answer, text, None).records
    assert (record.system, record.quantity, record.category) == (system, 4, "aircraft")


@pytest.mark.parametrize("system, expected", [("Saab radars", "Giraffe 1X radars"),
                                               ("Saab air defence systems", "RBS 70 NG air defence systems"),
                                               ("Saab anti-ship missiles", "Saab anti-ship missiles"),
                                               ("Saab trucks", "Saab trucks")])  # "12 trucks": a count
def test_a_system_written_as_its_makers_name_takes_the_designation_its_sentence_gives(system, expected):
    """"Saab radars" is the maker and what it makes; the sentence designates them ("Giraffe 1X radars").
    Where it designates nothing of that kind, the answer's words stay."""
    from extractor.asking.answers import TransfersAnswer

    text = ("Australia has signed a contract with Sweden's Saab for Giraffe 1X radars and RBS 70 NG air defence "
            "systems and 12 trucks, the minister said.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": system, "category": "sensors", "supplier": "Saab", "recipient": "Australia",
         "status": "ordered"}]})
    [record] = assemble(answer, text + " Saab also builds anti-ship missiles.", None).records
    assert record.system == expected


def test_a_titled_person_written_as_a_party_becomes_a_signatory_and_his_country_the_party():
    text = "Slovak Defense Minister Peter Gajdos signed the contract on Wednesday with Lockheed Martin."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "contract", "status": "signed",
         "parties": ["Slovak Defense Minister Peter Gajdos", "Lockheed Martin"]}]})
    [record] = assemble(answer, text, None).records
    assert [(p.name, p.country, p.kind) for p in record.parties] == [
        ("Slovakia", "SVK", "state"), ("Lockheed Martin", "USA", "company")]
    assert [(s.name, s.title, s.country) for s in record.signatories] == [("Peter Gajdos", "Defense Minister", "SVK")]


@pytest.mark.parametrize("text, published, expected", [
    ("CANBERRA — Defence has signed an A$1.1 billion contract with Saab for radars, the minister announced "
     "on Tuesday. The contract, signed in Canberra on Monday, covers training.", dt.date(2025, 5, 28), "2025-05-26"),
    # the record's own sentence dates it, where the model's words date a report in another sentence
    ("Australia signed for 42 Saab radars in three tranches between 2022 and 2023. The air force received three "
     "more, the ministry said on Tuesday.", dt.date(2025, 5, 28), "2022"),
])
def test_the_signing_date_wins_over_the_date_of_the_report(text, published, expected):
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:50], "kind": "contract", "status": "signed", "parties": ["Australia", "Saab"],
         "date": "on Tuesday"}]})
    [record] = assemble(answer, text, published).records  # a Wednesday
    assert record.date == expected


def test_the_report_s_day_taken_from_another_sentence_gives_way_to_the_signing_ceremony_s():
    text = ("Hyundai has won an order worth $462 million to build four warships for Peru.\n\n"
            "According to Hyundai on Wednesday, Peru's defence minister attended a signing ceremony in Lima, Tuesday. "
            "In a separate contract worth $80 million, Hyundai will also refit two frigates.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "contract", "status": "signed", "parties": ["Peru", "Hyundai"],
         "date": "on Wednesday"},
        {"quote": "In a separate contract worth $80 million", "kind": "contract", "status": "signed",
         "parties": ["Peru", "Hyundai"], "date": "Tuesday"}]})
    records = assemble(answer, text, dt.date(2024, 4, 18)).records  # a Thursday
    # the model's "on Wednesday" dates the report ("according to Hyundai on Wednesday"): the ceremony's day wins;
    # two contracts of one day and sides, at two prices, stay two
    assert [(r.date, r.evidence[0].quote[:20]) for r in records] == [
        ("2024-04-16", "Hyundai has won an o"), ("2024-04-16", "In a separate contra")]


def test_the_signing_date_of_another_instrument_does_not_date_this_one():
    text = ("LIMA — Peru has signed a contract with Hyundai Rotem for 54 K2 tanks, the ministry said on Monday. "
            "The two countries also signed a memorandum of understanding on defence industry cooperation last year. "
            "Elbit Systems will supply ten trainers under a separate contract signed in 2023. "
            "A final contract for 20 more tanks is expected to be signed next month.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[7:60], "kind": "contract", "status": "signed", "parties": ["Peru", "Hyundai Rotem"],
         "date": "on Monday"}]})
    [record] = assemble(answer, text, dt.date(2025, 6, 12)).records  # a Thursday
    assert record.date == "2025-06-09"  # the report's day, the only one this contract has
    # the same contract told of again ("the first of its kind") still gives its signing day
    text = ("LIMA — Peru has signed a contract with Hyundai Rotem for 54 K2 tanks, the ministry said on Wednesday. "
            "The contract, the first of its kind for Peru, was signed in Lima on Monday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[7:60], "kind": "contract", "status": "signed", "parties": ["Peru", "Hyundai Rotem"],
         "date": "on Wednesday"}]})
    [record] = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert record.date == "2025-06-09"


def test_an_instrument_still_to_be_signed_is_not_dated_by_the_report():
    text = ("CANBERRA — Australia and Papua New Guinea have agreed to negotiate a mutual defence treaty, Albanese "
            "said after talks on Thursday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[12:70], "kind": "treaty", "status": "planned", "parties": ["Australia", "Papua New Guinea"],
         "date": "on Thursday"}]})
    [record] = assemble(answer, text, dt.date(2025, 6, 12)).records  # a Thursday
    assert (record.status, record.date) == ("planned", None)


def test_an_offer_is_dated_by_its_own_sentence_not_by_a_neighbouring_signing():
    from extractor.asking.answers import TransfersAnswer

    text = ("The treaty builds on a security agreement the two countries signed in December 2023. "
            "Australia has also offered PNG four Guardian-class patrol boats.")
    offer = text.split(". ")[1]
    answer = TransfersAnswer.model_validate({"systems": ["Guardian-class patrol boats"], "transfers": [
        {"quote": offer, "system": "Guardian-class patrol boats", "category": "ships", "supplier": "Australia",
         "recipient": "Papua New Guinea", "status": "proposed", "date": "December 2023"}]})
    [record] = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert (record.status, record.quantity, record.date) == ("proposed", 4, None)


def test_a_conference_whose_sides_are_unknown_is_dropped_not_a_crash():
    text = "Defence ministers met at the annual Pacific conference on Wednesday, chaired by Sione Vaipulu."
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:40], "kind": "conference", "status": "held",
        "participants": [{"name": "Sione Vaipulu"}], "countries": []}]})
    built = assemble(answer, text, None)
    assert built.records == [] and built.dropped == ["meeting with fewer than two sides"]


def test_a_draft_the_contract_rejects_is_a_warning_not_a_crash(monkeypatch):
    from extractor.assembly import build as assembly

    def broken(*args):
        from extractor.contract import Meeting

        return Meeting.model_validate({"participants": [], "countries": []})

    monkeypatch.setattr(assembly, "meeting", broken)
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": "x x x", "kind": "talks", "status": "held", "participants": [{"name": "A B"}]}]})
    built = assembly.assemble(answer, "A B met C D.", None)
    assert built.records == [] and built.dropped[0].startswith("record the contract rejects")


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


def test_an_agreement_the_sentence_says_was_not_signed_or_about_investment_is_dropped():
    text = ("The agency has notified Congress of the possible sale, which does not mean that a contract has been signed. "
            "Chile and Indonesia sign investment protection treaty. "
            "Ghana and Togo signed a defence cooperation treaty on Monday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("which does not mean that a contract has been signed", kind="contract"),
         "parties": ["United States", "Poland"]},
        {**agreement_draft("Chile and Indonesia sign investment protection treaty"), "parties": ["Chile", "Indonesia"]},
        agreement_draft("Ghana and Togo signed a defence cooperation treaty")]})
    built = assemble(answer, text, None)
    assert [[p.country for p in a.parties] for a in built.records] == [["GHA", "TGO"]]
    assert built.dropped == ["agreement whose sentence says it was not signed", "agreement about a civil deal"]


def test_the_treaty_a_sentence_refers_back_to_is_the_civil_one_named_before_it():
    text = ("Peru and Morocco signed a bilateral investment treaty on Tuesday. The treaty was signed in Lima by the two "
            "trade ministers. Ghana and Togo signed a defence cooperation treaty on Monday. The treaty was signed in "
            "Accra by the two defence ministers.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("The treaty was signed in Lima by the two trade ministers."), "parties": ["Peru", "Morocco"]},
        {**agreement_draft("The treaty was signed in Accra by the two defence ministers."), "parties": ["Ghana", "Togo"]}]})
    built = assemble(answer, text, None)
    assert [[p.country for p in a.parties] for a in built.records] == [["GHA", "TGO"]]
    assert built.dropped == ["agreement about a civil deal"]


def test_signatories_are_the_people_a_sentence_about_signing_that_instrument_names():
    text = ("Ghana and Togo signed a defence cooperation treaty on Monday. "
            "The treaty was signed in Accra by defence ministers Kwame Mensah and Kodjo Adedze. "
            "President John Doe welcomed the agreement at a dinner with Boeing executives. "
            "A contract for patrol boats will be signed next month by Kwame Mensah.")
    people = [{"name": "Kwame Mensah", "title": "Defence Minister", "country": "Ghana"},
              {"name": "Kodjo Adedze", "title": "Defence Minister", "country": "Togo"},
              {"name": "John Doe", "title": "President", "country": "Ghana"},
              {"name": "Boeing", "title": None, "country": None}]
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Ghana and Togo signed a defence cooperation treaty"), "signers": people},
        {**agreement_draft("A contract for patrol boats will be signed next month", kind="contract"),
         "status": "planned", "signers": people[:1]}]})
    treaty, contract = assemble(answer, text, None).records
    # named where the treaty's signing is reported: signers; present elsewhere or a firm: not
    assert [p.name for p in treaty.signatories] == ["Kwame Mensah", "Kodjo Adedze"]
    assert contract.status == "planned" and contract.signatories == []  # nobody has signed it yet


def test_a_transfers_date_comes_from_its_sentence_or_those_beside_it_not_from_elsewhere():
    from extractor.asking.answers import TransfersAnswer

    text = ("Vietnam ordered 12 Yak-130 trainers from Russia in 2019. "
            "Analysts expect more orders. "
            "Over the past decade Russia has also sold Vietnam Kilo-class submarines. "
            "India delivered two patrol boats to Vietnam. The handover took place in March 2023.")

    def draft(quote: str, system: str, status: str, date: str | None) -> dict:
        return {"quote": quote, "system": system, "category": "ships", "supplier": "Russia", "recipient": "Vietnam",
                "status": status, "date": date}

    answer = TransfersAnswer.model_validate({"systems": ["Yak-130", "Kilo-class", "patrol boats"], "transfers": [
        draft("Vietnam ordered 12 Yak-130 trainers from Russia in 2019.", "Yak-130", "ordered", "2019"),
        draft("Over the past decade Russia has also sold Vietnam Kilo-class submarines.", "Kilo-class", "delivered",
              "2019"),
        {**draft("India delivered two patrol boats to Vietnam.", "patrol boats", "delivered", "March 2023"),
         "supplier": "India"}]})
    dates = {t.system: t.date for t in assemble(answer, text, dt.date(2024, 1, 10)).records}
    assert dates == {"Yak-130": "2019", "Kilo-class": None, "patrol boats": "2023-03"}


def test_one_sentence_read_twice_for_one_system_is_one_transfer_and_its_stages_stay_apart():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.merge import merge_records

    text = ("Pakistan will acquire eight submarines from China. "
            "Egypt received two Type 209 submarines in 2016 and two more in 2021.")

    def draft(quote: str, system: str, status: str, date: str | None, supplier: str, recipient: str) -> dict:
        return {"quote": quote, "system": system, "category": "ships", "supplier": supplier, "recipient": recipient,
                "quantity": None, "status": status, "date": date}

    first = "Pakistan will acquire eight submarines from China."
    second = "Egypt received two Type 209 submarines in 2016 and two more in 2021."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        draft(first, "submarines", "ordered", None, "China", "Pakistan"),
        draft(first, "submarines", "proposed", None, "Pakistan", "China"),  # the same sentence, misread
        draft(second, "Type 209", "delivered", "2016", "Germany", "Egypt"),
        draft(second, "Type 209", "delivered", "2021", "Germany", "Egypt")]})
    merged = merge_records(assemble(answer, text, dt.date(2024, 1, 10)).records)
    assert [(t.system, t.status, t.recipient.name) for t in merged] == [
        ("submarines", "ordered", "Pakistan"), ("Type 209", "delivered", "Egypt"), ("Type 209", "delivered", "Egypt")]


def test_an_instrument_reported_twice_keeps_each_side_once():
    from extractor.asking.answers import AgreementsAnswer
    from extractor.assembly.merge import merge_records

    text = ("India signs Rs 2,971 crore deal with Rafael for Spike NLOS missiles. "
            "India's defence ministry signed the contract with Israel's Rafael Advanced Defense Systems on Monday.")
    headline, body = text.split(". ")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": headline, "kind": "contract", "status": "signed", "parties": ["India", "Rafael"]},
        {"quote": body, "kind": "contract", "status": "signed",
         "parties": ["India", "Israel", "Rafael Advanced Defense Systems"]}]})
    [contract] = merge_records(assemble(answer, text, dt.date(2024, 1, 10)).records)
    assert [(p.name, p.country) for p in contract.parties] == [
        ("India", "IND"), ("Rafael Advanced Defense Systems", "ISR")]  # Israel is Rafael's side already


def test_transfers_ordered_in_the_articles_news_take_its_date_and_background_ones_do_not():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.news_dates import dated_by_news

    text = ("Peru has ordered warships from Korea's HD Hyundai. "
            "According to the company on Wednesday, ministers attended a signing ceremony in Lima on Tuesday. "
            "Under the contract, the shipbuilder will build a frigate and an offshore patrol vessel by 2030. "
            "Peru is also considering submarines. Peru had already ordered two landing ships from Korea. "
            "The frigate will replace M109 howitzers bought from the United States in the 1990s.")

    def draft(quote: str, system: str, status: str, supplier: str = "HD Hyundai") -> dict:
        return {"quote": quote, "system": system, "category": "ships", "supplier": supplier, "recipient": "Peru",
                "status": status, "date": None}

    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        draft("the shipbuilder will build a frigate", "frigate", "ordered"),
        draft("Peru is also considering submarines.", "submarines", "proposed"),
        draft("Peru had already ordered two landing ships from Korea.", "landing ships", "ordered", "Korea"),
        draft("The frigate will replace M109 howitzers", "M109 howitzers", "ordered", "United States")]})
    published = dt.date(2024, 4, 17)  # a Wednesday
    records = dated_by_news(assemble(answer, text, published).records, text, published)
    # the signing's Tuesday, not the Wednesday of the report; a plan and earlier orders ("in the 1990s") stay undated
    assert {t.system: t.date for t in records} == {"frigate": "2024-04-16", "submarines": None, "landing ships": None,
                                                   "M109 howitzers": None}


def test_a_transfer_without_a_count_takes_the_one_other_sentences_give_for_its_system_and_recipient():
    from extractor.assembly.build import counted_elsewhere
    from extractor.contract import ArmsTransfer

    text = ("Slovakia is to buy 14 F-16 jets from Lockheed Martin. "
            "The F-16 Block 70 jets are meant to replace the MiG-29. "
            "Denmark is donating 19 F-16s to Ukraine, and will sell 24 F-16 fighters to Argentina. "
            "Peru ordered two Type 209 submarines in 2015. Peru has asked for four more Type 209 boats.")

    def transfer(system: str, recipient: str, country: str) -> ArmsTransfer:
        quote = next(s for s in text.split(". ") if system.split()[0] in s and recipient in s)
        return ArmsTransfer.model_validate({
            "supplier": {"name": "Lockheed Martin", "country": "USA", "kind": "company"},
            "recipient": {"name": recipient, "country": country, "kind": "state"}, "system": system,
            "category": "aircraft", "status": "ordered", "summary": "s.", "evidence": [{"quote": quote}]})

    slovak, argentine, peruvian = (transfer("F-16 Block 70", "Slovakia", "SVK"), transfer("F-16", "Argentina", "ARG"),
                                   transfer("Type 209", "Peru", "PER"))
    counted = counted_elsewhere([slovak], text) + counted_elsewhere([argentine], text)
    # the lead's count; none from a sentence naming the system twice (19 for Ukraine, 24 for Argentina)
    assert [t.quantity for t in counted] == [14, None]
    # none when the article gives its own records of the system (stages), or different counts
    assert counted_elsewhere([slovak, slovak.model_copy(update={"status": "delivered"})], text)[0].quantity is None
    assert counted_elsewhere([peruvian], text)[0].quantity is None


def test_a_planned_instrument_is_not_dated_by_the_day_talks_on_it_were_agreed():
    text = ("Japan and Chile agreed during a video call on Tuesday to begin negotiating a defence equipment "
            "agreement. They expect to sign a memorandum of understanding on training next month.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Japan and Chile agreed during a video call on Tuesday to begin negotiating", kind="agreement"),
         "parties": ["Japan", "Chile"], "status": "planned", "date": "on Tuesday"},
        {**agreement_draft("They expect to sign a memorandum of understanding", kind="mou"),
         "parties": ["Japan", "Chile"], "status": "planned", "date": "next month"}]})
    dates = [a.date for a in assemble(answer, text, dt.date(2025, 10, 9)).records]
    assert dates == [None, "2025-11"]  # Tuesday 2025-10-07 is before publication; next month is not


def test_an_ordered_transfer_is_not_dated_by_when_it_is_due():
    from extractor.asking.answers import TransfersAnswer

    text = "Kenya will receive 150 M1117 vehicles from the United States, projected to arrive in August."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [{
        "quote": text, "system": "M1117", "category": "armoured_vehicles", "supplier": "United States",
        "recipient": "Kenya", "status": "approved", "date": "in August"}]})
    [record] = assemble(answer, text, dt.date(2024, 5, 23)).records
    assert record.date is None  # August 2024 is after publication: a delivery forecast, not the approval
    proposed = answer.model_copy(update={"transfers": [answer.transfers[0].model_copy(update={"status": "proposed"})]})
    assert assemble(proposed, text.replace("will receive", "may be offered"), dt.date(2024, 5, 23)).records[0].date \
        == "2024-08"  # a plan may be dated ahead


def test_a_titled_person_written_as_a_party_is_never_a_party_even_when_his_country_is_not_known():
    text = "Argentina and Denmark signed a letter of intent for F-16 jets, witnessed by Ambassador Marc Stanley."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Argentina and Denmark signed a letter of intent", kind="letter_of_intent"),
         "parties": ["Argentina", "Denmark", "Ambassador Marc Stanley"]}]})
    [record] = assemble(answer, text, None).records
    assert [p.name for p in record.parties] == ["Argentina", "Denmark"]


def test_a_transfers_date_from_the_next_sentence_only_when_it_tells_of_the_same_deal():
    from extractor.asking.answers import TransfersAnswer

    text = ("Russian sales to Vietnam have included Kilo-class submarines and Gepard-class frigates. "
            "Moscow's most recent contract was a deal in 2019 for 12 Yak-130 jets. "
            "Sources said the list includes advanced tank rounds. The minister last visited Vietnam in 2014. "
            "Australia has signed a contract with Saab for Giraffe 1X radars. "
            "The contract, signed in Canberra in May 2025, covers training and spare parts.")

    def draft(quote: str, system: str, date: str, status: str = "delivered") -> dict:
        return {"quote": quote, "system": system, "category": "other", "supplier": "Russia", "recipient": "Vietnam",
                "status": status, "date": date}

    answer = TransfersAnswer.model_validate({"transfers": [
        draft("Russian sales to Vietnam have included", "Kilo-class submarines", "in 2019"),
        draft("Sources said the list includes advanced tank rounds", "tank rounds", "in 2014"),
        {**draft("Australia has signed a contract with Saab", "Giraffe 1X radars", "in May 2025", "ordered"),
         "supplier": "Saab", "recipient": "Australia"}]})
    dates = {t.system: t.date for t in assemble(answer, text, dt.date(2025, 6, 1)).records}
    # another system's deal and a visit date nothing here; the sentence after about the same contract does
    assert dates == {"Kilo-class submarines": None, "tank rounds": None, "Giraffe 1X radars": "2025-05"}


def test_a_weapon_made_together_or_at_home_is_not_a_transfer_unless_the_sentence_moves_it():
    from extractor.asking.answers import TransfersAnswer

    text = ("China is Pakistan's biggest supplier of military hardware and the two jointly manufacture the JF-17 jet. "
            "EDGE and Pindad set up a joint venture that will produce armoured vehicles in Indonesia. "
            "Turkey will export 48 KAAN jets, which it jointly developed with BAE Systems, to Indonesia.")

    def draft(quote: str, system: str, supplier: str, recipient: str) -> dict:
        return {"quote": quote, "system": system, "category": "aircraft", "supplier": supplier,
                "recipient": recipient, "status": "delivered"}

    answer = TransfersAnswer.model_validate({"transfers": [
        draft("China is Pakistan's biggest supplier", "JF-17 jet", "China", "Pakistan"),
        draft("EDGE and Pindad set up a joint venture", "armoured vehicles", "EDGE", "Pindad"),
        draft("Turkey will export 48 KAAN jets", "KAAN jets", "Turkey", "Indonesia")]})
    built = assemble(answer, text, None)
    assert [t.system for t in built.records] == ["KAAN jets"]  # an export of a jointly developed jet still moves
    assert len(built.dropped) == 2 and all("not transferred" in reason for reason in built.dropped)


def test_officials_attending_a_signing_are_not_its_signatories():
    text = ("Hanwha Aerospace signed a contract to supply 54 K9A1 howitzers to the Brazilian Army. The contract was "
            "signed in Brasilia at a ceremony attended by Defence Minister Ricardo Lins and Minister Park Sung-hoon. "
            "Army chief Tomas Paiva signed the contract in the presence of Minister Lins.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Hanwha Aerospace signed a contract", kind="contract"), "parties": ["Brazil", "Hanwha Aerospace"],
         "signers": [{"name": "Ricardo Lins"}, {"name": "Park Sung-hoon"}, {"name": "Tomas Paiva"}]}]})
    [contract] = assemble(answer, text, None).records
    assert [p.name for p in contract.signatories] == ["Tomas Paiva"]


def test_who_reports_a_signing_and_who_stands_beside_him_are_not_its_signatories():
    text = ("“Today we signed the contract for four frigates,” Defence Minister Ana Costa told reporters in Lisbon "
            "alongside her Spanish counterpart Luis Vidal. The contract was signed by navy chief Rui Matos and Navantia "
            "director Pedro Ruiz, the ministry said.")
    [contract] = _agreements(text, kind="contract", status="signed", parties=["Portugal", "Navantia"],
                             signers=[{"name": n} for n in ("Ana Costa", "Luis Vidal", "Rui Matos", "Pedro Ruiz")])
    assert [p.name for p in contract.signatories] == ["Rui Matos", "Pedro Ruiz"]  # named as signing, before "said"


@pytest.mark.parametrize("text, signers", [
    # leaders who oversee or witness a signing, written as its subject, did not sign
    ("Presidents Ana Lopes and Marc Dubois oversaw the signing of a defence cooperation agreement in Lisbon.", []),
    ("Prime Minister Ravi Nair and President Tom Hale witnessed the exchange of the signed defence memorandum.", []),
    ("Kings Ali Saad and Omar Hadi attended the signing ceremony of the defence pact in Amman.", []),
    # who looks on did not sign; who signs as he looks on did
    ("President Joko Santoso looked on as Defence Minister Rui Matos signed the defence pact.", ["Rui Matos"]),
    # an event attended before the signing does not make an onlooker of the signer
    ("Minister Rui Matos attended the forum and signed the defence pact with his counterpart.", ["Rui Matos"]),
    ("Minister Rui Matos attended the signing ceremony and signed the defence pact himself.", ["Rui Matos"]),
])
def test_onlookers_written_as_the_subject_of_a_signing_are_not_its_signatories(text, signers):
    named = [n for n in ("Ana Lopes", "Marc Dubois", "Ravi Nair", "Tom Hale", "Ali Saad", "Omar Hadi", "Joko Santoso",
                         "Rui Matos") if n in text]
    [record] = _agreements(text, kind="agreement", status="signed", parties=["Portugal", "France"],
                           signers=[{"name": n} for n in named])
    assert [p.name for p in record.signatories] == signers


def test_a_signing_sentence_that_names_no_instrument_is_about_the_one_named_before_it():
    text = ("Nigeria's Ministry of Defence signed a contract with Dearsan Shipyard for two patrol vessels. "
            "Permanent Secretary Ibrahim Danjuma signed for the ministry, and Selim Arikan for the yard. "
            "The deal follows a letter of intent that the ministry and the shipyard signed in 2022.")
    signers = [{"name": "Ibrahim Danjuma"}, {"name": "Selim Arikan"}]
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Nigeria's Ministry of Defence signed a contract", kind="contract"),
         "parties": ["Nigeria", "Dearsan Shipyard"], "signers": signers},
        {**agreement_draft("The deal follows a letter of intent", kind="letter_of_intent"),
         "parties": ["Nigeria", "Dearsan Shipyard"], "signers": signers}]})
    contract, letter = assemble(answer, text, None).records
    # "signed for the ministry" follows the contract's sentence: they signed the contract, not the letter
    assert [p.name for p in contract.signatories] == ["Ibrahim Danjuma", "Selim Arikan"]
    assert letter.kind == "letter_of_intent" and letter.signatories == []


def test_each_system_of_a_sentence_takes_the_status_and_price_of_its_own_part():
    from extractor.asking.answers import TransfersAnswer

    text = ("Indonesia took delivery of its first two Rafale jets in January and has also signed for 12 Mirage "
            "2000-5 aircraft from Qatar, a deal that was later cancelled. "
            "The $23 billion package, which also included 18 MQ-9B Reaper drones and munitions, was approved in 2021. "
            "Poland ordered K2 tanks worth $3.4 billion and K9 howitzers worth $2.4 billion. "
            "Peru signed for 54 K2 Black Panther tanks and 141 K808 armoured vehicles, in a deal worth $2.9 billion.")
    first, second, third, fourth = (s + "." for s in text.rstrip(".").split(". "))

    def draft(quote: str, system: str, status: str, supplier: str, recipient: str) -> dict:
        return {"quote": quote, "system": system, "category": "aircraft", "supplier": supplier,
                "recipient": recipient, "status": status, "date": None}

    answer = TransfersAnswer.model_validate({"systems": ["Rafale jets", "Mirage 2000-5", "MQ-9B Reaper", "munitions"],
                                             "transfers": [
        draft(first, "Rafale jets", "cancelled", "France", "Indonesia"),
        draft(first, "Mirage 2000-5", "ordered", "Qatar", "Indonesia"),
        draft(second, "MQ-9B Reaper", "ordered", "United States", "United Arab Emirates"),
        draft(third, "K2 tanks", "ordered", "South Korea", "Poland"),
        draft(third, "K9 howitzers", "ordered", "South Korea", "Poland"),
        draft(fourth, "K2 Black Panther tanks", "ordered", "Hyundai Rotem", "Peru"),
        draft(fourth, "K808 armoured vehicles", "ordered", "Hyundai Rotem", "Peru")]})
    records = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert [(t.system, t.status, t.value and t.value.amount) for t in records] == [
        ("Rafale jets", "delivered", None), ("Mirage 2000-5", "cancelled", None),
        ("MQ-9B Reaper", "approved", None),  # the package's price is the total of several systems
        ("K2 tanks", "ordered", 3.4e9), ("K9 howitzers", "ordered", 2.4e9),
        ("K2 Black Panther tanks", "ordered", None), ("K808 armoured vehicles", "ordered", None)]  # the deal's total


def test_a_system_is_named_as_the_article_writes_it_and_its_variant_is_its_own_sentence():
    from extractor.asking.answers import TransfersAnswer

    text = ("Egypt has taken delivery of the first of two FREMM frigates from Fincantieri. "
            "Romania will also buy more F-35 fighter jets. "
            "Romania signed a letter of acceptance for 32 F-35A jets in November 2024.")
    first, _, third = (s + "." for s in text.rstrip(".").split(". "))
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": first, "system": " FREMm frigates", "category": "ships", "supplier": "Fincantieri",
         "recipient": "Egypt", "status": "delivered", "date": None},
        {"quote": third, "system": "F-35 fighter jets", "category": "aircraft", "supplier": "United States",
         "recipient": "Romania", "status": "ordered", "date": "November 2024"}]})
    frigates, jets = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert (frigates.system, frigates.quantity) == ("FREMM frigates", 1)
    # "F-35A" names the model's "F-35": the record rests on the model's own sentence, not on another one
    assert (jets.grounded, jets.evidence[0].quote, jets.quantity, jets.date) == (True, third, 32, "2024-11")


def test_an_office_written_as_a_party_stands_for_its_state():
    from extractor.assembly.agreements import agreement_parties

    parties = agreement_parties(["Philippine Defence Secretary", "Korea Aerospace Industries"],
                                "The Philippine Defence Secretary signed the contract with Korea Aerospace Industries.")
    assert [(p.name, p.country, p.kind) for p in parties] == [
        ("Philippines", "PHL", "state"), ("Korea Aerospace Industries", "KOR", "company")]


def test_a_cancellation_in_another_clause_is_another_deals():
    from extractor.asking.answers import TransfersAnswer

    text = ("Malaysia has decided not to proceed with the purchase of 18 Tejas jets and will instead buy 18 FA-50 "
            "jets from Korea Aerospace Industries. The contract for the FA-50s was signed on May 23.")
    lead = text.split(". ")[0] + "."
    answer = TransfersAnswer.model_validate({"systems": ["FA-50"], "transfers": [
        {"quote": lead, "system": "FA-50", "category": "aircraft", "supplier": "Korea Aerospace Industries",
         "recipient": "Malaysia", "status": "ordered", "date": None}]})
    [record] = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert record.status == "ordered"  # before: "cancelled", the Tejas purchase's status


def test_a_planned_meeting_on_a_weekday_is_the_next_one_and_a_place_is_no_participant():
    from extractor.asking.answers import MeetingsAnswer

    text = ("Netanyahu will travel to Mumbai on Friday to meet Indian Defence Minister Rajnath Singh. "
            "Air Marshal Hasan Abubakar received the aircraft at Kainji air base on Tuesday in the presence of "
            "Italian Ambassador Roberto Vellano.")
    first, second = text.split(". ")
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": first, "kind": "visit", "status": "planned", "date": "on Friday", "countries": ["Israel", "India"],
         "participants": [{"name": "Benjamin Netanyahu", "country": "Israel"},
                          {"name": "Rajnath Singh", "title": "Defence Minister", "country": "India"}]},
        {"quote": second, "kind": "reception", "status": "held", "date": "on Tuesday", "countries": ["Nigeria", "Italy"],
         "participants": [{"name": "Hasan Abubakar", "country": "Nigeria"}, {"name": "Kainji air base", "country": "Nigeria"},
                          {"name": "Roberto Vellano", "country": "Italy"}]}]})
    visit, reception = assemble(answer, text, dt.date(2025, 6, 12)).records  # a Thursday
    assert (visit.status, visit.date) == ("planned", "2025-06-13")  # before: the Friday gone, 2025-06-06
    assert [p.name for p in reception.participants] == ["Hasan Abubakar", "Roberto Vellano"]


def test_an_events_name_is_no_city():
    from extractor.asking.answers import MeetingsAnswer

    text = "Ng Eng Hen and Richard Marles held bilateral talks at the Shangri-La Dialogue in Singapore on Friday."
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text, "kind": "talks", "status": "held", "date": "on Friday", "city": "Shangri-La Dialogue",
         "countries": ["Singapore", "Australia"],
         "participants": [{"name": "Ng Eng Hen", "country": "Singapore"}, {"name": "Richard Marles", "country": "Australia"}]}]})
    [meeting] = assemble(answer, text, dt.date(2025, 6, 12)).records
    assert (meeting.location.city, meeting.location.country) == (None, None)


@pytest.mark.parametrize("text, kept", [
    # who signed with his counterpart is no meeting: a signing alone is not one
    ("Defence Minister Phan Van Giang and his Indonesian counterpart Sjafrie Sjamsoeddin signed a memorandum of "
     "understanding on defence industry cooperation.", False),
    ("Defence Minister Phan Van Giang met his Indonesian counterpart Sjafrie Sjamsoeddin and the two signed a "
     "memorandum of understanding on defence industry cooperation.", True),
])
def test_ministers_signing_with_their_counterparts_are_no_meeting_unless_they_meet(text, kept):
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:60], "kind": "talks", "status": "held",
         "participants": [{"name": "Phan Van Giang", "country": "Vietnam"},
                          {"name": "Sjafrie Sjamsoeddin", "country": "Indonesia"}],
         "countries": ["Vietnam", "Indonesia"]}]})
    assert bool(assemble(answer, text, None).records) is kept


def test_people_attending_a_signing_ceremony_are_no_meeting():
    text = ("Chile's President Ana Soto and Defence Minister Luis Vera, as well as Kim Min-jae, head of Hanwha's "
            "naval unit, attended a signing ceremony held at the naval base in Valparaiso on Tuesday.")
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:60], "kind": "visit", "status": "held",
         "participants": [{"name": "Ana Soto", "title": "President", "country": "Chile"},
                          {"name": "Kim Min-jae", "title": "head", "country": "South Korea"}],
         "countries": ["Chile", "South Korea"]}]})
    built = assemble(answer, text, None)
    assert built.records == []
    assert built.dropped == ["a signing, not a meeting"]


def test_an_instrument_a_later_sentence_calls_the_agreement_is_one_record():
    from extractor.assembly.finish import finish

    text = ("The Philippines and the United States have extended their Mutual Logistics Support Agreement for another "
            "10 years, the military said on Wednesday. The agreement, first signed in 2002, allows the two militaries "
            "to exchange fuel and spare parts. The contract is the first under a framework agreement the two sides "
            "concluded in June.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:90], "kind": "agreement", "status": "signed", "parties": ["Philippines", "United States"]},
        {"quote": "The agreement, first signed in 2002", "kind": "agreement", "status": "signed",
         "parties": ["Philippines", "United States"], "date": "2002"},
        # a sentence that names another instrument beside the one it refers to is not read as a reference
        {"quote": "The contract is the first under a framework agreement", "kind": "agreement", "status": "signed",
         "parties": ["Philippines", "United States"], "date": "June"}]})
    published = dt.date(2024, 11, 20)
    agreements = finish({"agreements": assemble(answer, text, published).records, "transfers": [], "meetings": []},
                        text, published)["agreements"]
    assert [a.name for a in agreements] == ["Mutual Logistics Support Agreement", "framework agreement"]
    assert len(agreements[0].evidence) == 2 and agreements[0].evidence[1].quote.startswith("The agreement, first")


def test_a_system_quoted_in_an_exercise_rests_on_the_sentence_that_trades_it_or_is_none():
    from extractor.asking.answers import TransfersAnswer

    drill = ("The French carrier Charles de Gaulle and its Rafale M jets will operate alongside INS Vikrant during "
             "the five-day drill.")
    deal = " The Indian Navy is due to receive 26 Rafale M jets under a deal that is still being negotiated."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": drill[:70], "system": "Rafale M jets", "category": "aircraft", "supplier": "France",
         "recipient": "India", "status": "ordered"}]})
    [t] = assemble(answer, drill + deal, dt.date(2024, 9, 2)).records
    assert (t.status, t.evidence[0].match, t.grounded) == ("proposed", "reanchored", False)  # was ordered, on the drill
    built = assemble(answer, drill, dt.date(2024, 9, 2))
    assert built.records == [] and built.dropped == ["transfer of Rafale M jets: in an exercise or described, not transferred"]
    from extractor.assembly.not_moved import in_exercise
    assert not in_exercise("Greece exercises option for two more Belharra frigates")


def test_a_count_written_into_the_system_name_is_its_quantity():
    from extractor.asking.answers import TransfersAnswer

    text = ("The United States will send Ukraine a new $425 million package including Stinger missiles and "
            "50 Bradley infantry fighting vehicles, the Pentagon said on Thursday.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "50 Bradley infantry fighting vehicles", "category": "armoured_vehicles",
         "supplier": "United States", "recipient": "Ukraine", "status": "approved"}]})
    [t] = assemble(answer, text, dt.date(2023, 10, 26)).records
    assert (t.system, t.quantity) == ("Bradley infantry fighting vehicles", 50)


def test_a_minister_who_only_speaks_holds_no_meeting():
    """A meeting needs its sentence, or the next, to tell of one (met, talks, a visit, a call): the
    minister who announced a purchase to parliament met no one (was a meeting of Malaysia and Turkey)."""
    text = ("KUALA LUMPUR, July 19 - Malaysia will pay for three littoral mission ships from Turkey partly with palm "
            "oil, Defence Minister Mohamed Khaled Nordin said on Friday. Up to half of the price will be settled in "
            "commodities, Khaled told parliament. Khaled met Turkish Defence Minister Yasar Guler in Ankara in May.")
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:80], "kind": "talks", "status": "held",
         "participants": [{"name": "Mohamed Khaled Nordin", "title": "Defence Minister", "country": "Malaysia"}],
         "countries": ["Malaysia", "Turkey"]}]})
    built = assemble(answer, text, dt.date(2024, 7, 19))
    assert built.records == [] and built.dropped == ["meeting the article does not report"]
    # the same minister quoted where the article tells of his talks is a meeting
    answer.meetings[0].quote = "Khaled met Turkish Defence Minister Yasar Guler in Ankara in May."
    [meeting] = assemble(answer, text, dt.date(2024, 7, 19)).records
    assert meeting.countries == ["MYS", "TUR"]


@pytest.mark.parametrize("sentence, supplier, recipient, expected", [
    # the answer had the sides the other way round: the sentence marks them ("from", "to")
    ("Turkey bought the S-400 air defence system from Russia in 2017.", "Turkey", "Russia", ("RUS", "TUR")),
    ("Russia began delivering the S-400 air defence system to Turkey in 2019.", "Turkey", "Russia", ("RUS", "TUR")),
    # the right way round, or a contract a firm received from its buyer: as answered
    ("Turkey bought the S-400 air defence system from Russia in 2017.", "Russia", "Turkey", ("RUS", "TUR")),
    ("Hanwha received a contract from Poland for 212 K9 howitzers.", "Hanwha", "Poland", ("KOR", "POL")),
    # the buyer or the seller as the subject of its verb
    ("Turkey bought the S-400 air defence system in 2017.", "Turkey", "Russia", ("RUS", "TUR")),
    ("Russia has supplied the S-400 air defence system since 2019.", "Turkey", "Russia", ("RUS", "TUR")),
    ("Turkey bought the S-400 air defence system in 2017.", "Russia", "Turkey", ("RUS", "TUR")),
    ("Hanwha received a $2.5 billion contract for 212 K9 howitzers.", "Hanwha", "Poland", ("KOR", "POL")),
])
def test_supplier_and_recipient_follow_the_sentences_from_and_to(sentence, supplier, recipient, expected):
    from extractor.asking.answers import TransfersAnswer

    system = "S-400" if "S-400" in sentence else "K9"
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": sentence, "system": system, "category": "artillery", "supplier": supplier, "recipient": recipient,
         "status": "ordered"}]})
    [record] = assemble(answer, sentence, None).records
    assert (record.supplier.country, record.recipient.country) == expected


def test_records_of_one_system_that_count_no_stage_apart_are_all_kept():
    # two orders of one system, one without its count: the stage reading neither drops nor adds a
    # record (an early version dropped the one with the count, which the other seemed to hold already)
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    first = "Poland ordered K9 howitzers from South Korea's Hanwha in 2020."
    second = "Poland ordered 24 more K9 howitzers from South Korea's Hanwha in 2022."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": q, "system": "K9 howitzers", "category": "artillery", "supplier": "Hanwha", "recipient": "Poland",
         "status": "ordered"} for q in (first, second)]})
    records = assemble(answer, f"{first} {second}", None).records
    assert [t.quantity for t in records] == [None, 24]
    assert staged(records, None) == records


def _meetings(text: str, published=None, *, quote: str, people: list[tuple[str, str | None, str]], **entry):
    """The records of one meeting answer whose participants are ``people`` (name, title, country) and
    whose sides are their countries."""
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": quote, "status": "held", **entry,
        "participants": [{"name": n, "title": title, "country": c} for n, title, c in people],
        "countries": list(dict.fromkeys(c for _, _, c in people))}]})
    return assemble(answer, text, published).records


def test_a_meeting_re_anchored_on_a_sentence_that_tells_it_as_past_is_held():
    # the model quoted the sentence about a visit to come, then listed both ministers, whom only the
    # sentence before names: the record rests there, and that sentence reports a visit held
    text = ("Greek Defence Minister Nikos Dendias and his Cypriot counterpart Vasilis Palmas signed a defence "
            "cooperation plan on 14 March, during Dendias' visit to Nicosia. "
            "Dendias is due to return to Cyprus in the autumn to observe an exercise.")
    [meeting] = _meetings(text, quote="Dendias is due to return to Cyprus in the autumn", kind="visit", status="planned",
                          people=[("Nikos Dendias", "Defence Minister", "Greece"),
                                  ("Vasilis Palmas", "Defence Minister", "Cyprus")])
    assert meeting.evidence[0].match == "reanchored" and meeting.evidence[0].quote.startswith("Greek Defence")
    assert meeting.status == "held"


def test_entries_a_second_look_rests_on_one_sentence_were_not_quoted_together_so_its_price_is_read():
    from extractor.asking.answers import TransfersAnswer

    text = ("Pakistan will buy eight Hangor submarines from China in a $5 billion deal. "
            "The first Hangor submarine is due in 2028, officials said.")

    def entry(quote: str, status: str) -> dict:
        return {"quote": quote, "system": "Hangor", "category": "ships", "supplier": "China", "recipient": "Pakistan",
                "status": status}

    together = TransfersAnswer.model_validate({"transfers": [entry(text[:40], "ordered"), entry(text[:40], "delivered")]})
    # one quote for two entries: the first answer's, so the price in it is a total, no one's
    assert [t.value for t in assemble(together, text, None).records] == [None, None]
    apart = TransfersAnswer.model_validate({"transfers": [entry("officials said", "ordered"), entry("due in", "delivered")]})
    looked = apart.model_copy(update={"transfers": [d.requoted(text[:40]) for d in apart.transfers]})
    [ordered, _] = assemble(looked, text, None).records
    assert ordered.value is not None and ordered.value.amount == 5e9


def test_a_system_named_in_the_plural_rests_on_its_own_sentence():
    # "Typhoons" names "Typhoon jets": the record stays on the model's quote, not on another sentence
    from extractor.asking.answers import TransfersAnswer

    text = ("Talks on a second batch of 48 Eurofighter Typhoon jets have been suspended. "
            "Saudi Arabia bought 72 Typhoons from Britain under a 2007 deal.")
    quote = "Saudi Arabia bought 72 Typhoons from Britain under a 2007 deal."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": quote, "system": "Typhoon jets", "category": "aircraft", "supplier": "Britain",
         "recipient": "Saudi Arabia", "status": "ordered", "quantity": 72}]})
    [record] = assemble(answer, text, None).records
    assert record.grounded and record.evidence[0].quote == quote and record.quantity == 72


def test_an_instrument_reported_signed_and_ended_is_one_ended_instrument():
    text = ("The Philippines has terminated a contract to buy 16 Mi-17 helicopters from Russia. "
            "The deal was signed in November 2021 with Russia.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "contract", "status": "ended", "parties": ["Philippines", "Russia"]},
        {"quote": "The deal was signed in November 2021", "kind": "contract", "status": "signed",
         "parties": ["Philippines", "Russia"], "date": "November 2021"}]})
    from extractor.assembly.merge import merge_records

    [record] = merge_records(assemble(answer, text, dt.date(2022, 7, 26)).records)
    assert (record.status, record.date) == ("ended", "2021-11")
    assert "(ended)" in record.summary


@pytest.mark.parametrize("text, published, quote, words, city, people, date", [
    # dated right after its meeting word, not by the report's day the model took
    ("Talks on the jets have stalled, two people said on Thursday. German Chancellor Olaf Scholz discussed the issue "
     "with Crown Prince Mohammed bin Salman during a visit to Jeddah in September.", dt.date(2024, 11, 7),
     "German Chancellor Olaf Scholz discussed the issue", "on Thursday", "Jeddah",
     [("Olaf Scholz", "Chancellor", "Germany"), ("Mohammed bin Salman", "Crown Prince", "Saudi Arabia")], "2024-09"),
    # dated by the words that open its sentence, not by the lead's "said on Friday"
    ("The Dutch Defence Ministry signed a contract for 22 Skyranger 30 systems, the ministry said on Friday. On "
     "Thursday, State Secretary Gijs Tuinman held talks in Berlin with German Defence Minister Boris Pistorius on joint "
     "procurement.", dt.date(2025, 6, 20), "On Thursday, State Secretary Gijs Tuinman held talks", "Friday", "Berlin",
     [("Gijs Tuinman", "State Secretary", "Netherlands"), ("Boris Pistorius", "Defence Minister", "Germany")], "2025-06-19"),
])
def test_a_meeting_dated_in_its_own_sentence_is_not_dated_by_a_report_elsewhere(text, published, quote, words, city,
                                                                                people, date):
    [meeting] = _meetings(text, published, quote=quote, kind="talks", date=words, city=city, people=people)
    assert meeting.date == date


def test_one_whose_greetings_or_message_a_participant_brings_did_not_take_part():
    text = ("Egyptian Defence Minister Abdel Mageed Saqr received Greek Defence Minister Nikos Dendias in Cairo on "
            "Tuesday and conveyed greetings from the President of Egypt, Abdel Fattah al-Sisi, to the Greek Prime "
            "Minister. On behalf of President Joko Widodo, Minister Prabowo Subianto met Vietnamese Defence Minister "
            "Phan Van Giang in Hanoi.")
    [cairo] = _meetings(text, dt.date(2025, 5, 14), quote=text[:60], kind="visit", city="Cairo",
                        people=[("Abdel Mageed Saqr", "Defence Minister", "Egypt"), ("Nikos Dendias", "Defence Minister", "Greece"),
                                ("Abdel Fattah al-Sisi", "President", "Egypt")])
    assert [p.name for p in cairo.participants] == ["Abdel Mageed Saqr", "Nikos Dendias"]
    [hanoi] = _meetings(text, dt.date(2025, 5, 14), quote="On behalf of President Joko Widodo, Minister Prabowo", kind="talks",
                        people=[("Prabowo Subianto", "Minister", "Indonesia"), ("Phan Van Giang", "Defence Minister", "Vietnam"),
                                ("Joko Widodo", "President", "Indonesia")])
    # the president on whose behalf he came was not there; the one who came for him was
    assert [p.name for p in hanoi.participants] == ["Prabowo Subianto", "Phan Van Giang"]


def test_a_meeting_whose_people_only_a_signing_sentence_names_is_the_signing():
    text = ("HANOI — Vietnam and Russia signed a roadmap for military cooperation during Russian President Vladimir "
            "Putin's state visit to Hanoi on Thursday. The document was signed by Vietnamese Defence Minister Phan Van "
            "Giang and Russian Deputy Defence Minister Alexander Fomin.")
    built = assemble(MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:50], "kind": "visit", "status": "held", "countries": ["Vietnam", "Russia"], "city": "Hanoi",
        "participants": [{"name": "Phan Van Giang", "country": "Vietnam"},
                         {"name": "Alexander Fomin", "country": "Russia"}]}]}), text, dt.date(2024, 6, 21))
    assert built.records == [] and built.dropped == ["a signing, not a meeting"]


def test_a_minister_telling_a_legislature_or_the_press_is_no_meeting():
    text = ("Peru has cancelled plans to buy 24 Gripen E fighters from Sweden and will negotiate the purchase of 24 F-16 "
            "jets from the United States, Defence Minister Walter Astudillo told Congress on Thursday. "
            "The decision ends two years of talks with Saab.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:60], "kind": "talks", "status": "held", "countries": ["Peru", "United States"],
        "participants": [{"name": "Walter Astudillo", "title": "Defence Minister", "country": "Peru"},
                         {"name": "Congress", "title": None, "country": None}]}]})
    built = assemble(answer, text, dt.date(2025, 11, 14))
    assert built.records == [] and built.dropped == ["a statement to a legislature or the press, not a meeting"]


def test_an_instrument_a_sentence_tells_what_happens_under_is_the_one_named_before():
    from extractor.assembly.merge import merge_records, referred_back

    text = ("Australia and Papua New Guinea signed the Pukpuk Defence Treaty in Port Moresby on Monday. "
            "Under the treaty, citizens of Papua New Guinea will be able to serve in the Australian Defence Force.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Australia and Papua New Guinea signed the Pukpuk Defence Treaty"),
         "parties": ["Australia", "Papua New Guinea"]},
        {**agreement_draft("Under the treaty, citizens of Papua New Guinea will be able to serve"),
         "status": "in_force", "parties": ["Australia", "Papua New Guinea"]}]})
    [treaty] = referred_back(merge_records(assemble(answer, text, dt.date(2025, 10, 7)).records))
    assert (treaty.name, treaty.status, len(treaty.evidence)) == ("Pukpuk Defence Treaty", "signed", 2)


def _agreements(text: str, published=None, **entry):
    """The records of one agreement answer quoting the text's first words."""
    answer = AgreementsAnswer.model_validate({"agreements": [{"quote": text[:50], **entry}]})
    return assemble(answer, text, published).records


def test_an_agreement_quoted_with_words_the_article_lacks_rests_on_an_instrument_of_its_parties_or_is_none():
    text = ("Australia handed over a second Guardian-class patrol boat, RFNS Puamau, to Fiji on Friday. "
            "Fiji received its first boat in 2022.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "RFNS Puamau, RFNS Puamau, RFNS Puamau, RFNS Puamau", "kind": "contract", "status": "signed",
         "parties": ["Australia", "Fiji"]}]})
    built = assemble(answer, text, dt.date(2024, 8, 23))
    assert built.records == []  # no sentence names an instrument between them (was a signed contract, ungrounded)
    text += " The boats are gifted under a 2018 agreement between Australia and Fiji."
    [record] = assemble(answer, text, dt.date(2024, 8, 23)).records
    assert record.evidence[0].match == "reanchored" and record.evidence[0].quote.startswith("The boats are gifted")


def test_an_instrument_only_guessed_at_is_no_agreement():
    text = ("Vietnam could become the next buyer of the BrahMos missile, analysts said, although no deal has been "
            "announced.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:50], "kind": "agreement", "status": "planned", "parties": ["Vietnam", "India"]}]})
    built = assemble(answer, text, None)
    assert built.records == [] and built.dropped == ["agreement only guessed at"]


def test_an_instrument_the_sides_would_also_sign_is_planned_not_guessed():
    text = "Jonson said the two countries would also sign a memorandum on military logistics before the end of the year."
    [record] = _agreements(text, kind="mou", status="signed", parties=["Brazil", "Sweden"])
    assert (record.kind, record.status) == ("mou", "planned")


def test_a_cooperation_programme_is_a_plan_with_its_name():
    text = ("Egyptian Defence Minister Abdel Mageed Saqr and his Greek counterpart Nikos Dendias signed a military "
            "cooperation programme for 2025 in Cairo on Sunday.")
    [record] = _agreements(text, kind="agreement", status="signed", parties=["Egypt", "Greece"])
    assert (record.kind, record.name) == ("plan", "military cooperation programme")


def test_an_instrument_known_by_its_year_is_not_dated_by_a_day_from_another_sentence():
    text = ("Biden spoke by telephone with Albanese on Thursday. "
            "Under the 2021 AUKUS pact, Britain and the United States will help Australia acquire submarines.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Under the 2021 AUKUS pact", "kind": "treaty", "status": "signed",
         "parties": ["Britain", "U. S.", "Australia"], "date": "on Thursday"}]})
    [record] = assemble(answer, text, dt.date(2024, 3, 14)).records
    assert record.date == "2021"
    assert [p.country for p in record.parties] == ["GBR", "USA", "AUS"]  # "U. S." as the model spaced it


def test_an_onlooker_at_the_signing_is_no_signer_though_another_sentence_names_him_beside_it():
    text = ("Serbia signed a contract on Thursday for 12 Rafale jets during a visit by French President Emmanuel "
            "Macron, Serbian President Aleksandar Vucic said. The deal was signed by Defence Minister Bratislav Gasic "
            "and Dassault chief executive Eric Trappier in the presence of Macron and Vucic.")
    [record] = _agreements(text, kind="contract", status="signed", parties=["Serbia", "Dassault Aviation"],
                           signers=[{"name": n} for n in ("Bratislav Gasic", "Eric Trappier", "Aleksandar Vucic",
                                                          "Emmanuel Macron")])
    assert [p.name for p in record.signatories] == ["Bratislav Gasic", "Eric Trappier"]


def test_a_leader_whose_visit_a_deal_was_sealed_during_and_who_attended_its_signing_is_no_signer():
    text = ("Serbia signed a contract on Thursday to buy 12 Rafale fighter jets from France, in a deal sealed during "
            "French President Emmanuel Macron's visit to Belgrade. Serbian President Aleksandar Vucic and Macron "
            "attended the signing of the contract with Dassault Aviation.")
    [record] = _agreements(text, kind="contract", status="signed", parties=["Serbia", "France"],
                           signers=[{"name": "Emmanuel Macron"}, {"name": "Aleksandar Vucic"}])
    assert record.signatories == []


def test_the_supplier_a_sentence_names_stands_where_the_model_gave_another_sentences():
    """The model copies a supplier from the article's other transfer; the sentence says who supplied this one."""
    donated = "Serbia had previously relied on Russian-made MiG-29 jets, six of which were donated by Moscow in 2017."
    [mig] = _transfers(donated, {"quote": donated, "system": "MiG-29 jets", "supplier": "Dassault Aviation",
                                 "recipient": "Serbia", "status": "delivered"}).records
    assert (mig.supplier.country, mig.supplier.kind) == ("RUS", "state")  # Russia, not the city that stands for it
    approved = "The US approved the sale of 12 more F-16s to Egypt in 2023, but the deal has not been signed."
    [f16] = _transfers(approved, {"quote": approved, "system": "F-16s", "supplier": "China", "recipient": "Egypt",
                                  "status": "approved"}).records
    assert f16.supplier.country == "USA"
    named = "Lockheed Martin will deliver 12 more F-16s to Egypt, the US said."  # the model's own, named: it stands
    [own] = _transfers(named, {"quote": named, "system": "F-16s", "supplier": "Lockheed Martin", "recipient": "Egypt"}).records
    assert own.supplier.name == "Lockheed Martin"


def test_a_name_in_the_plural_takes_the_count_its_sentence_gives_it():
    from extractor.assembly.amounts import quantity_before

    assert quantity_before("Gripens", "Saab has offered Peru 24 Gripen E/F fighters, the company said.") == 24


def test_an_offer_is_not_dated_by_the_day_it_was_reported():
    from extractor.asking.answers import TransfersAnswer

    text = "Nigeria is also in talks to buy 24 M-346 trainers from Italy's Leonardo, officials said last month."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:50], "system": "M-346", "category": "aircraft", "supplier": "Leonardo",
         "recipient": "Nigeria", "status": "proposed", "date": "last month"}]})
    [record] = assemble(answer, text, dt.date(2021, 5, 24)).records
    assert (record.status, record.date) == ("proposed", None)


def _transfers(text: str, *drafts: dict, published: dt.date | None = None):
    from extractor.asking.answers import TransfersAnswer

    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"category": "aircraft", "status": "ordered", **d} for d in drafts]})
    return assemble(answer, text, published)


def _one_transfer(text: str, published=None, **entry):
    return _transfers(text, {"quote": text[:50], **entry}, published=published).records


def test_a_foreign_firms_local_arm_sells_from_its_firms_country():
    # not a transfer "within one country", which was dropped
    text = "Australia has signed a contract with Hanwha Defense Australia for 129 Redback infantry fighting vehicles."
    [t] = _one_transfer(text, system="Redback infantry fighting vehicles", supplier="Hanwha Defense Australia",
                        recipient="Australia")
    assert (t.supplier.country, t.recipient.country, t.quantity) == ("KOR", "AUS", 129)


def test_a_system_named_with_its_maker_is_the_makers_not_another_firms():
    text = "Colombia will pursue a deal for Dassault Rafale jets after talks with Saab failed."
    [t] = _one_transfer(text, system="Dassault Rafale jets", supplier="Saab", recipient="Colombia")
    assert (t.supplier.name, t.supplier.country, t.status) == ("Dassault", "FRA", "proposed")


def test_earlier_purchases_are_not_dated_by_the_report_of_the_news():
    from extractor.asking.answers import TransfersAnswer

    text = ("Armenia has ordered 84 ATAGS howitzers from India, officials said on Monday. "
            "The order follows earlier Armenian purchases of Pinaka rocket launchers from India.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "The order follows earlier Armenian purchases", "system": "Pinaka rocket launchers",
         "category": "artillery", "supplier": "India", "recipient": "Armenia", "status": "ordered", "date": "on Monday"}]})
    [t] = assemble(answer, text, dt.date(2024, 9, 23)).records
    assert t.date is None


def test_a_purchase_another_sentence_calls_off_is_cancelled_with_both_sentences():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import cancelled_elsewhere

    text = ("Colombia had selected the Gripen in 2023 to replace its Kfir fleet. "
            "Colombia has broken off negotiations with Saab for 16 Gripen E/F fighters, the minister said.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "Gripen E/F fighters", "category": "aircraft", "supplier": "Saab",
         "recipient": "Colombia", "status": "ordered"}]})
    [t] = cancelled_elsewhere(assemble(answer, text, None).records, text)
    assert t.status == "cancelled" and "(cancelled)" in t.summary
    assert [e.match for e in t.evidence][1:] == ["reanchored"] and t.evidence[1].quote.startswith("Colombia has broken")


def test_a_cancellation_whose_clause_names_another_system_is_that_systems():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import cancelled_elsewhere

    text = ("Peru scraps KF-21 purchase, opts for F-16 instead\n\n"
            "Peru will instead negotiate the purchase of 24 F-16 Block 70 jets from the United States, the ministry said.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Peru scraps KF-21 purchase", "system": "KF-21", "category": "aircraft", "supplier": "South Korea",
         "recipient": "Peru", "status": "cancelled"},
        {"quote": "Peru will instead negotiate the purchase of 24 F-16 Block 70 jets", "system": "F-16 Block 70",
         "category": "aircraft", "supplier": "United States", "recipient": "Peru", "status": "proposed"}]})
    records = cancelled_elsewhere(assemble(answer, text, None).records, text)
    assert [(t.system, t.status) for t in records] == [("KF-21", "cancelled"), ("F-16 Block 70", "proposed")]


def test_an_option_for_more_of_a_system_ordered_is_a_proposed_transfer():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    def built(text: str) -> list:
        answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
            {"quote": text[:40], "system": "K9 self-propelled howitzers", "category": "artillery",
             "supplier": "Hanwha Aerospace", "recipient": "Romania", "quantity": 54, "status": "ordered"},
            {"quote": text[:40], "system": "K10 resupply vehicles", "category": "armoured_vehicles",
             "supplier": "Hanwha Aerospace", "recipient": "Romania", "quantity": 36, "status": "ordered"}]})
        records = assemble(answer, text, dt.date(2023, 9, 12)).records
        return finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2023, 9, 12))["transfers"]

    order = "Romania signed a contract with Hanwha Aerospace for 54 K9 self-propelled howitzers and 36 K10 resupply vehicles."
    records = built(order + " The contract includes an option for a further 18 howitzers, which could be exercised in 2025.")
    [option] = [t for t in records if t.status == "proposed"]
    # the system the option's words name, with its count, on the option's sentence chosen by code
    assert (option.system, option.quantity, option.date) == ("K9 self-propelled howitzers", 18, None)
    assert option.evidence[0].quote.startswith("The contract includes") and not option.grounded
    # an option exercised is an order, not an offer; an order alone has none
    assert not [t for t in built(order + " Romania exercised an option for 18 more howitzers in 2025.")
                if t.status == "proposed"]
    assert not [t for t in built(order) if t.status == "proposed"]
    # the option told two sentences after the order, its words naming the system
    later = built(order + " The first guns are due in 2025. Romania also has an option for a further 18 howitzers.")
    assert [(t.system, t.quantity) for t in later if t.status == "proposed"] == [("K9 self-propelled howitzers", 18)]
    assert not [t for t in built(order + " In 2025 Romania decided to take the option for 18 more howitzers.")
                if t.status == "proposed"]


def test_a_wish_to_buy_more_of_a_system_delivered_is_a_proposed_transfer():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    def proposed(text: str) -> list:
        answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
            {"quote": text[:40], "system": "Rafale jets", "category": "aircraft", "supplier": "Dassault Aviation",
             "recipient": "Greece", "quantity": 24, "status": "delivered"}]})
        records = assemble(answer, text, dt.date(2023, 1, 19)).records
        done = finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2023, 1, 19))
        return [(t.system, t.quantity) for t in done["transfers"] if t.status == "proposed"]

    delivered = "Greece took delivery of the last of 24 Rafale jets from Dassault Aviation on Thursday"
    assert proposed(delivered + ", and the government wants to buy six more, the minister said.") == [("Rafale jets", 6)]
    assert proposed(delivered + ", and the air force may buy six more.") == []  # a guess, not a wish
    assert proposed(delivered + ". Greece ordered 18 in 2021 and another six in 2022.") == []  # orders, not a wish


def test_a_delivery_under_a_contract_signed_earlier_is_the_delivery_and_the_order():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("BrahMos Aerospace has shipped the second batch of BrahMos missile systems to the Philippines under a "
            "$375 million contract signed in January 2022, the company said on Friday.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "BrahMos missile systems", "category": "missiles", "supplier": "BrahMos Aerospace",
         "recipient": "Philippines", "value": "$375 million", "status": "delivered", "date": "in January 2022"}]})
    records = assemble(answer, text, dt.date(2025, 4, 19)).records
    done = finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2025, 4, 19))["transfers"]
    # the shipment is dated by the report, not by the contract, and has no price; the order has both
    assert sorted((t.status, t.date, t.value.amount if t.value else None) for t in done) == [
        ("delivered", "2025-04-18", None), ("ordered", "2022-01", 375_000_000)]


def test_a_delivery_completing_an_order_signed_earlier_is_the_delivery_and_the_order():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("The Philippine Air Force received its last two FA-50PH jets from Korea Aerospace Industries on Wednesday, "
            "completing a 12-aircraft order signed in 2014, the air force said.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "FA-50PH", "category": "aircraft", "supplier": "Korea Aerospace Industries",
         "recipient": "Philippine Air Force", "quantity": 2, "status": "delivered", "date": "on Wednesday"}]})
    records = assemble(answer, text, dt.date(2023, 6, 1)).records
    done = finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2023, 6, 1))["transfers"]
    assert sorted((t.status, t.date, t.quantity) for t in done) == [("delivered", "2023-05-31", 2), ("ordered", "2014", 12)]


def test_the_first_of_an_order_under_a_contract_of_a_year_is_the_delivery_and_the_order():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("Japan delivered the first of four TPS-P14ME air surveillance radars to the Philippine Air Force in 2023 "
            "under a 2020 contract with Mitsubishi Electric.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "TPS-P14ME air surveillance radars", "category": "sensors", "supplier": "Japan",
         "recipient": "Philippines", "status": "delivered", "date": "in 2023"}]})
    records = assemble(answer, text, dt.date(2025, 2, 27)).records
    done = finish({"agreements": [], "transfers": records, "meetings": []}, text, dt.date(2025, 2, 27))["transfers"]
    assert sorted((t.status, t.date, t.quantity) for t in done) == [("delivered", "2023", 1), ("ordered", "2020", 4)]
    first = ("Romania received the first 18 of 54 K9 Thunder howitzers from Hanwha Aerospace on Tuesday, under a "
             "$920 million contract signed in September 2023.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": first, "system": "K9 Thunder howitzers", "category": "artillery", "supplier": "Hanwha Aerospace",
         "recipient": "Romania", "quantity": 18, "status": "delivered", "date": "on Tuesday"}]})
    records = assemble(answer, first, dt.date(2024, 11, 20)).records
    done = finish({"agreements": [], "transfers": records, "meetings": []}, first, dt.date(2024, 11, 20))["transfers"]
    assert sorted((t.status, t.date, t.quantity) for t in done) == [("delivered", "2024-11-19", 18), ("ordered", "2023-09", 54)]


def test_a_signed_instrument_is_not_dated_by_a_year_still_to_come():
    text = ("Embraer said it had signed a contract with the Netherlands for five C-390 Millennium transport aircraft, "
            "with deliveries from 2026.")
    [contract] = _agreements(text, dt.date(2024, 10, 2), kind="contract", status="signed",
                             parties=["Embraer", "Netherlands"], date="2026")
    assert (contract.status, contract.date) == ("signed", None)


def test_an_instrument_its_sentence_joins_on_to_another_is_a_record_of_its_own():
    from extractor.assembly.finish import finish

    text = ("Defence Minister Phan Van Giang and his Indonesian counterpart Sjafrie Sjamsoeddin signed a memorandum of "
            "understanding on defence industry cooperation and a letter of intent on maritime security training on Monday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft(text[:60], kind="mou"), "parties": ["Vietnam", "Indonesia"], "date": "on Monday"}]})
    built = assemble(answer, text, dt.date(2025, 3, 11)).records
    done = finish({"agreements": built, "transfers": [], "meetings": []}, text, dt.date(2025, 3, 11))["agreements"]
    assert [(a.kind, a.name, a.date, a.areas) for a in done] == [
        ("mou", "memorandum of understanding on defence industry cooperation", "2025-03-10", ["defense_industry"]),
        ("letter_of_intent", "letter of intent on maritime security training", "2025-03-10",
         ["training", "maritime_security"])]
    assert [a.grounded for a in done] == [True, False]  # the second is code's reading of the model's sentence
    # one instrument named twice is one record
    once = "Spain and Senegal signed a memorandum of understanding on maritime surveillance and the memorandum of understanding on maritime surveillance was welcomed."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft(once[:40], kind="mou"), "parties": ["Spain", "Senegal"]}]})
    built = assemble(answer, once, None).records
    assert len(finish({"agreements": built, "transfers": [], "meetings": []}, once, None)["agreements"]) == 1


def test_an_instruments_own_name_wins_over_a_headlines_words_for_it():
    from extractor.assembly.finish import finish

    text = ("Malaysia and Brunei sign Kinabalu defence treaty\n\n"
            "Malaysia and Brunei signed the Kinabalu Treaty in Kuala Lumpur on Monday, committing each to the other's defence.")
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Malaysia and Brunei sign Kinabalu defence treaty"), "parties": ["Malaysia", "Brunei"]},
        {**agreement_draft("Malaysia and Brunei signed the Kinabalu Treaty in Kuala Lumpur on Monday"),
         "parties": ["Malaysia", "Brunei"]}]})
    built = assemble(agreements, text, dt.date(2025, 10, 7)).records
    [treaty] = finish({"agreements": built, "transfers": [], "meetings": []}, text, dt.date(2025, 10, 7))["agreements"]
    assert treaty.name == "Kinabalu Treaty"


def test_a_firm_written_as_the_recipient_of_a_states_transfer_is_its_supplier():
    from extractor.asking.answers import TransfersAnswer

    text = "Egypt signed a letter of request for 12 CH-47F Chinook helicopters from Boeing in May."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:40], "system": "CH-47F Chinook", "category": "aircraft", "supplier": "Egypt",
         "recipient": "Boeing", "status": "ordered"}]})
    [t] = assemble(answer, text, dt.date(2024, 6, 3)).records
    assert (t.supplier.name, t.recipient.name) == ("Boeing", "Egypt")
    assert t.status == "proposed"  # a request to buy, signed or sent, is no order yet


def test_talks_on_the_sidelines_take_the_day_of_the_conference():
    from extractor.assembly.finish import finish

    text = ("Defence ministers of the Pacific states met in Suva on Thursday for their annual conference, hosted by "
            "Fiji's Defence Minister Pio Tikoduadua. Tonga's Lord Fakafanua held separate talks with Samoa's Defence "
            "Minister Fiame Mata'afa on the sidelines.")
    answer = MeetingsAnswer.model_validate({"meetings": [
        {"quote": text[:60], "kind": "conference", "status": "held", "date": "on Thursday", "city": "Suva",
         "participants": [{"name": "Pio Tikoduadua", "country": "Fiji"}], "countries": ["Fiji", "Tonga", "Samoa"]},
        {"quote": "Tonga's Lord Fakafanua held separate talks", "kind": "talks", "status": "held",
         "participants": [{"name": "Lord Fakafanua", "country": "Tonga"}, {"name": "Fiame Mata'afa", "country": "Samoa"}],
         "countries": ["Tonga", "Samoa"]}]})
    built = assemble(answer, text, dt.date(2024, 11, 22)).records
    meetings = finish({"agreements": [], "transfers": [], "meetings": built}, text, dt.date(2024, 11, 22))["meetings"]
    assert [(m.kind, m.date) for m in meetings] == [("conference", "2024-11-21"), ("talks", "2024-11-21")]


def test_several_countries_written_as_one_recipient_are_one_transfer_each_without_one_buyers_count():
    from extractor.asking.answers import TransfersAnswer

    text = ("Saab expects to deliver the first Gripen E fighters to Thailand, Colombia and the Philippines next "
            "year, the company said on Tuesday.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "Gripen E", "category": "aircraft", "supplier": "Saab",
         "recipient": "Thailand, Colombia and the Philippines", "status": "ordered", "quantity": 12}]})
    records = assemble(answer, text, dt.date(2026, 3, 4)).records
    assert [(t.recipient.country, t.quantity) for t in records] == [("THA", None), ("COL", None), ("PHL", None)]


def test_a_state_the_instruments_sentence_does_not_name_beside_two_it_does_is_no_party():
    text = ("The defence chiefs of Japan, the Philippines and the United States met in Tokyo. Japan and the "
            "Philippines are expected to sign an agreement on the transfer of destroyers later this year.")
    [one] = _agreements(text[text.index("Japan and the"):], kind="agreement", status="planned",
                        parties=["Japan", "Philippines", "United States"])
    assert sorted(p.country for p in one.parties) == ["JPN", "PHL"]


def test_a_cancellation_of_what_replaces_a_weapon_is_not_that_weapons():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import cancelled_elsewhere

    text = ("Portugal has decided not to buy Lockheed Martin's F-35 fighter jets to replace its ageing F-16s. "
            "Portugal operates 28 F-16s bought from the United States in the 1990s.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "F-16s", "category": "aircraft", "supplier": "United States",
         "recipient": "Portugal", "status": "cancelled"},
        {"quote": "Portugal operates 28 F-16s", "system": "F-16", "category": "aircraft", "supplier": "United States",
         "recipient": "Portugal", "status": "delivered"}]})
    result = assemble(answer, text, None)
    [t] = cancelled_elsewhere(result.records, text)
    assert (t.quantity, t.status) == (28, "delivered")
    assert any("what another replaces" in w for w in result.dropped)


def test_a_designation_in_the_plural_is_the_same_system_when_merging():
    from extractor.assembly.merge import same_name

    assert same_name("Bayraktar TB2 drones", "TB2s") and same_name("F-16s", "F-16 fighters")
    assert not same_name("F-16s", "F-35 jets")


def test_one_system_worded_twice_in_its_sentence_is_one_transfer():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.merge import merge_records, same_designation

    text = "Kazakhstan signed a contract in 2023 for the supply of two Airbus A400M Atlas military transport aircraft."
    sides = {"quote": text, "category": "aircraft", "supplier": "Airbus", "recipient": "Kazakhstan", "status": "ordered"}
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {**sides, "system": "A400M Atlas military transport aircraft"}, {**sides, "system": "Airbus A400M"}]})
    [one] = merge_records(assemble(answer, text, dt.date(2024, 2, 1)).records)
    assert (one.system, one.quantity) == ("A400M Atlas military transport aircraft", 2)
    assert not same_designation("F-16 Block 52 jets", "F-16 Block 70 jets") and not same_designation("frigates", "corvettes")


def test_one_delivered_of_an_order_of_two_is_two_stages():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    text = "Naval Group on Thursday delivered the first of two Gowind-class corvettes ordered by the UAE in 2019."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "Gowind-class corvettes", "category": "ships", "supplier": "Naval Group",
         "recipient": "United Arab Emirates", "status": "delivered", "date": "on Thursday"}]})
    records = staged(assemble(answer, text, dt.date(2023, 6, 22)).records, dt.date(2023, 6, 22))
    assert [(t.status, t.quantity, t.date) for t in records] == [("ordered", 2, "2019"), ("delivered", 1, "2023-06-22")]
    # the day after "ordered from ..." that is the news's is the delivery's: none is delivered the day it is ordered
    text = "Greece took delivery of the last of 24 Rafale jets ordered from Dassault Aviation on Thursday."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "Rafale jets", "category": "aircraft", "supplier": "Dassault Aviation",
         "recipient": "Greece", "status": "delivered", "date": "on Thursday"}]})
    records = staged(assemble(answer, text, dt.date(2023, 1, 20)).records, dt.date(2023, 1, 20))
    assert [(t.status, t.quantity, t.date) for t in records] == [("ordered", 24, None), ("delivered", 1, "2023-01-19")]


def test_the_first_few_of_an_order_counted_without_an_article_are_two_stages_even_read_twice():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    text = ("Argentina's air force received the first six of 24 F-16AM/BM fighter jets bought from Denmark, the "
            "ministry said on Thursday. The remaining jets will arrive by 2028.")
    entry = {"quote": text[:60], "system": "F-16AM/BM", "category": "aircraft", "supplier": "Denmark",
             "recipient": "Argentina", "status": "delivered", "quantity": 6}
    once = TransfersAnswer.model_validate({"systems": [], "transfers": [{**entry, "date": "on Thursday"}]})
    records = staged(assemble(once, text, dt.date(2024, 12, 6)).records, dt.date(2024, 12, 6))
    assert [(t.status, t.quantity) for t in records] == [("ordered", 24), ("delivered", 6)]
    # the same delivery read twice from its sentence with two dates: still one order and one delivery (each
    # reading had taken the other for the delivery and kept only the order)
    twice = TransfersAnswer.model_validate({"systems": [], "transfers": [{**entry, "date": "on Thursday"},
                                                                          {**entry, "date": "2021"}]})
    records = staged(assemble(twice, text, dt.date(2024, 12, 6)).records, dt.date(2024, 12, 6))
    assert sorted((t.status, t.quantity) for t in records) == [("delivered", 6), ("ordered", 24)]


def test_a_further_order_a_sentence_counts_after_the_first_is_an_order_of_its_own():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    def orders(text: str) -> list:
        answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
            {"quote": text[:30], "system": "Rafale jets", "category": "aircraft", "supplier": "Dassault Aviation",
             "recipient": "Greece", "quantity": 18, "status": "ordered", "date": "in January 2021"}]})
        records = staged(assemble(answer, text, dt.date(2023, 1, 20)).records, dt.date(2023, 1, 20))
        return [(t.status, t.quantity, t.date) for t in records]

    assert orders("Greece ordered 18 Rafale jets in January 2021 and another six in March 2022.") == [
        ("ordered", 18, "2021-01"), ("ordered", 6, "2022-03")]
    # a wish for more is no order (step 6's reading makes it a proposal)
    assert orders("Greece ordered 18 Rafale jets in January 2021 and wants another six.") == [("ordered", 18, "2021-01")]


def test_a_count_before_the_words_an_acronym_stands_for_counts_it():
    from extractor.assembly.amounts import quantity_before

    sentence = "It approved the sale of three National Advanced Surface-to-Air Missile Systems (NASAMS) to Taiwan."
    assert quantity_before("NASAMS", sentence) == 3
    assert quantity_before("NASAMS", "It approved National Advanced Surface-to-Air Missile Systems (NASAMS).") is None


def test_what_a_country_has_long_bought_is_not_dated_by_the_news():
    from extractor.asking.answers import TransfersAnswer

    text = ("Putin and To Lam agreed on Thursday to deepen defence ties. "
            "Vietnam has bought most of its weapons from Russia, including Su-30MK2 fighters.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Vietnam has bought most of its weapons", "system": "Su-30MK2", "category": "aircraft",
         "supplier": "Russia", "recipient": "Vietnam", "status": "ordered"}]})
    from extractor.assembly.finish import finish

    [t] = finish({"agreements": [], "transfers": assemble(answer, text, dt.date(2025, 6, 20)).records,
                  "meetings": []}, text, dt.date(2025, 6, 20))["transfers"]
    assert t.date is None


def test_a_package_total_is_no_systems_price():
    from extractor.assembly.amounts import package_total

    assert package_total("Germany delivered an IRIS-T system as part of an aid package worth 1.4 billion euros.")
    assert package_total("The $23 billion package, which included 18 MQ-9B drones, was approved.")
    assert not package_total("Poland signed a $10 billion deal for 96 Apaches.")
    # several contracts' total, one of which is the order
    assert package_total("The council awarded contracts worth 5.6 billion dirhams, including an order with Al Tariq "
                         "for guided munitions kits.")
    assert not package_total("The deal is valued at about $290 million including training and spare parts.")


def test_a_firms_backlog_or_sales_are_no_price_of_its_order():
    """A results report names the firm's figures beside its orders: the order's price is the one its own
    sentence gives (was the 52-billion backlog, in the model's answer)."""
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.amounts import figures_in
    from extractor.assembly.finish import finish

    text = ("Rheinmetall said on Wednesday its order backlog rose to a record 52 billion euros, helped by a framework "
            "contract with Italy for Lynx infantry fighting vehicles. The Italian contract covers an initial 21 Lynx "
            "vehicles worth 450 million euros.")
    answer = TransfersAnswer.model_validate({"systems": ["Lynx"], "transfers": [
        {"quote": "Rheinmetall said on Wednesday its order backlog rose to a record 52 billion euros",
         "system": "Lynx infantry fighting vehicles", "category": "armoured_vehicles", "supplier": "Rheinmetall",
         "recipient": "Italy", "status": "ordered", "value": "52 billion euros"}]})
    published = dt.date(2024, 11, 6)
    [t] = finish({"agreements": [], "transfers": assemble(answer, text, published).records, "meetings": []},
                 text, published)["transfers"]
    assert t.value.amount == 450_000_000 and t.value.currency == "EUR"
    assert figures_in("Sales rose to $2.1 billion, the company said.") == [{"amount": 2_100_000_000, "currency": "USD"}]
    assert figures_in("Leonardo estimates the market at 100 billion dollars.")
    assert not figures_in("They signed a foreign military sales contract worth $500 million.")
    assert not figures_in("Poland signed a $10 billion deal for 96 Apaches, the ministry said.")


def test_a_delivery_counted_after_the_order_is_its_own_stage():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.stages import staged

    text = "Brazil ordered 36 Gripen E/F jets from Saab in 2014 for about $4.7 billion; eight have been delivered so far."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:50], "system": "Gripen E/F", "category": "aircraft", "supplier": "Saab",
         "recipient": "Brazil", "status": "ordered", "quantity": 36, "date": "in 2014"}]})
    records = staged(assemble(answer, text, None).records, None)
    assert [(t.status, t.quantity) for t in records] == [("ordered", 36), ("delivered", 8)]


def test_the_day_of_a_statement_is_not_the_day_of_a_signing_it_reports():
    text = ("Greece signed a contract for three frigates, the ministry said in a statement on Tuesday. "
            "The contract was signed in Paris on Monday.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "contract", "status": "signed", "parties": ["Greece", "France"],
         "date": "on Tuesday"}]})
    [record] = assemble(answer, text, dt.date(2025, 1, 15)).records
    assert record.date == "2025-01-13"


def test_a_short_designation_names_its_system():
    # "K2" names "K2 Black Panther main battle tanks": the order rests on its own sentence, not on the delivery's
    from extractor.assembly.names import named_in

    assert named_in("K2 Black Panther main battle tanks", "Poland signed a contract for 180 K2 tanks in August 2022.")
    assert not named_in("K2 Black Panther main battle tanks", "Poland signed a contract for 180 K9 howitzers.")


def test_a_transfer_the_model_gives_null_sides_is_no_record():
    from extractor.asking.answers import TransfersAnswer

    text = "The two ministers also discussed cooperation on the KAAN fighter jet."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "KAAN fighter jet", "system": "KAAN fighter jet", "category": "aircraft", "supplier": "null",
         "recipient": "null", "status": "ordered"}]})
    built = assemble(answer, text, None)
    assert built.records == [] and built.dropped == ["transfer of KAAN fighter jet without its sides"]


def test_a_visitor_during_whose_visit_an_instrument_was_signed_is_no_signer():
    text = ("Vietnam and Indonesia on Friday signed an agreement on defence cooperation during a visit by Vietnamese "
            "Prime Minister Pham Minh Chinh to Jakarta. Defence Minister Prabowo Subianto and his Vietnamese "
            "counterpart Phan Van Giang signed the agreement.")
    [record] = _agreements(text, kind="agreement", status="signed", parties=["Vietnam", "Indonesia"],
                           signers=[{"name": n} for n in ("Pham Minh Chinh", "Prabowo Subianto", "Phan Van Giang")])
    assert [p.name for p in record.signatories] == ["Prabowo Subianto", "Phan Van Giang"]


def test_a_supply_to_come_is_not_the_delivery_another_clause_tells():
    from extractor.asking.answers import TransfersAnswer

    text = ("The United States will transfer a third decommissioned Hamilton-class cutter to Vietnam, the U.S. embassy "
            "said on Monday, after two earlier cutters were handed over in 2017 and 2020.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text[:60], "system": "Hamilton-class cutter", "category": "ships", "supplier": "United States",
         "recipient": "Vietnam", "status": "ordered", "date": "on Monday"}]})
    [t] = assemble(answer, text, dt.date(2024, 9, 23)).records
    assert (t.status, t.date) == ("ordered", "2024-09-23")  # not delivered, not dated by the earlier cutters' 2017


def test_a_meeting_keeps_the_leads_day_where_its_sentence_dates_another_event():
    text = ("Indonesia signed a contract for two submarines on Thursday. The deal follows a memorandum the two "
            "companies signed in 2022 and was signed in the presence of Prabowo Subianto and Sebastien Lecornu, who "
            "held talks earlier in the day.")
    [meeting] = _meetings(text, dt.date(2024, 3, 28), quote="The deal follows a memorandum", kind="talks",
                          date="on Thursday", people=[("Prabowo Subianto", None, "Indonesia"),
                                                      ("Sebastien Lecornu", None, "France")])
    assert meeting.date == "2024-03-28"  # not the memorandum's 2022


def test_a_deal_the_article_denies_is_neither_an_agreement_nor_a_transfer():
    text = ("Iraq's defence ministry on Sunday denied media reports that it had signed a deal to buy JF-17 fighter "
            "jets from Pakistan.")
    assert _agreements(text, kind="contract", status="signed", parties=["Iraq", "Pakistan"]) == []
    assert _one_transfer(text, system="JF-17", supplier="Pakistan", recipient="Iraq") == []


def test_customers_the_article_does_not_name_are_no_side():
    text = ("Rosoboronexport signed contracts with foreign customers for the supply of air defense systems, the firm "
            "said.")
    assert _one_transfer(text, system="air defense systems", supplier="Rosoboronexport",
                         recipient="foreign customers") == []
    assert _agreements(text, kind="contract", status="signed", parties=["Rosoboronexport", "foreign customers"]) == []


def test_a_firm_written_by_its_initials_is_named_without_its_owners_country():
    text = ("Germany's ThyssenKrupp Marine Systems (TKMS) handed over the MEKO A-200 frigate Al-Qahhar to the "
            "Egyptian Navy on Thursday.")
    [t] = _one_transfer(text, system="MEKO A-200 frigate", supplier="TKMS", recipient="Egyptian Navy",
                        status="delivered")
    assert (t.supplier.name, t.supplier.country) == ("ThyssenKrupp Marine Systems", "DEU")


def test_ministers_signing_a_letter_at_a_ceremony_hold_no_meeting():
    text = ("The three countries' defence ministers, Jana Cernochova, Robert Kalinak and Pal Jonson, signed the letter "
            "at a ceremony in Stockholm.")
    assert _meetings(text, quote=text[:60], kind="talks", people=[("Jana Cernochova", None, "Czech Republic"),
                                                                 ("Robert Kalinak", None, "Slovakia"),
                                                                 ("Pal Jonson", None, "Sweden")]) == []


def test_a_designation_the_model_misspelt_is_written_as_the_article_writes_it():
    text = "Egypt has also bought two FREMM frigates from Italy's Fincantieri, delivered in 2020 and 2021."
    [t] = _one_transfer(text, system="FREMMA frigates", supplier="Fincantieri", recipient="Egypt", status="delivered")
    assert (t.system, t.quantity) == ("FREMM frigates", 2)  # the count read once the name is the article's


def test_a_headlines_loose_words_give_way_to_the_body_that_tells_the_same_deal():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("Kenya, Uganda sign defence pact, CV90 buy\n\n"
            "Kenya and Uganda on Monday signed a memorandum of understanding on defence cooperation. "
            "Kenya also signed a letter of intent to buy CV90 vehicles from Sweden.")
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Kenya, Uganda sign defence pact", "kind": "treaty", "status": "signed", "parties": ["Kenya", "Uganda"]},
        {"quote": "Kenya and Uganda on Monday signed a memorandum", "kind": "mou", "status": "signed",
         "parties": ["Kenya", "Uganda"]}]})
    transfers = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "CV90 buy", "system": "CV90", "category": "armoured_vehicles", "supplier": "Sweden", "recipient": "Kenya",
         "status": "ordered"},
        {"quote": "Kenya also signed a letter of intent", "system": "CV90 vehicles", "category": "armoured_vehicles",
         "supplier": "Sweden", "recipient": "Kenya", "status": "proposed"}]})
    built = [*assemble(agreements, text, dt.date(2024, 7, 8)).records, *assemble(transfers, text, dt.date(2024, 7, 8)).records]
    records = finish({"agreements": [r for r in built if hasattr(r, "kind") and hasattr(r, "parties")],
                      "transfers": [r for r in built if hasattr(r, "system")], "meetings": []}, text, dt.date(2024, 7, 8))
    assert [(a.kind, a.name) for a in records["agreements"]] == [("mou", "memorandum of understanding on defence cooperation")]
    assert [(t.system, t.status) for t in records["transfers"]] == [("CV90 vehicles", "proposed")]


def test_a_headline_that_names_fewer_sides_tells_the_bodys_instrument():
    from extractor.assembly.finish import finish

    text = ("Argentina signs letter of intent to buy Danish F-16s\n\n"
            "Argentina and Denmark on Tuesday signed a letter of intent in Buenos Aires, with the United States "
            "approving the resale of the jets.")
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Argentina signs letter of intent to buy Danish F-16s", "letter_of_intent"),
         "parties": ["Argentina", "Denmark"]},
        {**agreement_draft("Argentina and Denmark on Tuesday signed a letter of intent", "letter_of_intent"),
         "parties": ["Argentina", "Denmark", "United States"]}]})
    built = assemble(agreements, text, dt.date(2024, 4, 17)).records
    records = finish({"agreements": built, "transfers": [], "meetings": []}, text, dt.date(2024, 4, 17))
    [one] = records["agreements"]  # were two: a headline names fewer sides than the body it sums up
    assert sorted(p.country for p in one.parties) == ["ARG", "DNK", "USA"]


def test_a_headlines_purchase_is_not_the_memorandum_signed_beside_it_which_takes_the_days_date():
    from extractor.assembly.finish import finish

    text = ("Estonia orders 12 K9 howitzers from Hanwha\n\n"
            "The Estonian Centre for Defence Investment placed the order with Hanwha Aerospace on Tuesday, the centre "
            "said. At the same ceremony, the centre and Hanwha Aerospace also signed a memorandum of understanding on "
            "local maintenance of the guns.")
    agreements = AgreementsAnswer.model_validate({"agreements": [
        {**agreement_draft("Estonia orders 12 K9 howitzers from Hanwha", "contract"),
         "parties": ["Estonia", "Hanwha Aerospace"], "date": "on Tuesday"},
        {**agreement_draft("the centre and Hanwha Aerospace also signed a memorandum of understanding", "mou"),
         "parties": ["Estonia", "Hanwha Aerospace"]}]})
    built = assemble(agreements, text, dt.date(2024, 5, 22)).records
    records = finish({"agreements": built, "transfers": [], "meetings": []}, text, dt.date(2024, 5, 22))
    # were one memorandum: the headline's order had been read as the body's instrument of other kind
    assert [(a.kind, a.date) for a in records["agreements"]] == [("contract", "2024-05-21"), ("mou", "2024-05-21")]


def test_a_headlines_purchase_is_the_bodys_of_that_system_on_that_day_whatever_stage_each_names():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("Mongolia to buy Indian patrol boats with credit line\n\n"
            "ULAANBAATAR, Aug 9 - Mongolia will buy four fast patrol boats from India's Goa Shipyard Limited, the "
            "defence ministry said on Friday. India sold two patrol boats to Mongolia in 2019.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Mongolia to buy Indian patrol boats", "system": "patrol boats", "category": "ships",
         "supplier": "India", "recipient": "Mongolia", "status": "approved"},
        {"quote": "Mongolia will buy four fast patrol boats", "system": "fast patrol boats", "category": "ships",
         "supplier": "Goa Shipyard Limited", "recipient": "Mongolia", "status": "ordered"},
        {"quote": "India sold two patrol boats to Mongolia in 2019.", "system": "patrol boats", "category": "ships",
         "supplier": "India", "recipient": "Mongolia", "status": "ordered", "date": "in 2019"}]})
    published = dt.date(2024, 8, 9)
    transfers = finish({"agreements": [], "transfers": assemble(answer, text, published).records, "meetings": []},
                       text, published)["transfers"]
    # one record for the news (the body's), the earlier sale of another day stays apart
    assert sorted((t.quantity, t.date) for t in transfers) == [(2, "2019"), (4, "2024-08-09")]


def test_a_year_the_sentence_gives_only_as_a_deadline_to_come_dates_nothing():
    from extractor.assembly.dates import resolve_date

    sentence = ("Defence Minister Luis Petri, who signed the contract with his Danish counterpart, said the remaining "
                "jets would arrive in batches through 2028.")
    assert resolve_date("in 2028", sentence, sentence, dt.date(2025, 12, 5)) is None  # was 2028, the contract's date
    delivered = "The first 46 of those were built in Germany and delivered by 2023."
    assert resolve_date("2023", delivered, delivered, dt.date(2024, 2, 21)) == "2023"  # done by then: its year


def test_a_contract_is_dated_by_the_date_next_to_its_signing_not_by_another_clauses():
    text = ("Uzbekistan took delivery of its first Airbus C295 transport aircraft in 2023, and in March this year "
            "signed a contract with France's Thales for Ground Master 200 radars.")
    [record] = _agreements(text, dt.date(2024, 6, 10), kind="contract", status="signed", parties=["Uzbekistan", "Thales"],
                           date="in 2023")
    assert record.date == "2024-03"


def test_a_ministrys_contract_with_its_own_countrys_firm_is_no_agreement_between_countries():
    text = ("Raytheon Co., Andover, Massachusetts, was awarded a $1.2 billion contract by U.S. Army Contracting Command "
            "for Patriot missiles for the government of Poland.")
    assert _agreements(text, kind="contract", status="signed",
                       parties=["Raytheon Co", "U.S. Army Contracting Command"]) == []
    [record] = _agreements(text, kind="contract", status="signed", parties=["Raytheon Co", "Poland"])
    assert [p.country for p in record.parties] == ["USA", "POL"]


def test_a_person_written_as_a_party_is_his_country_where_the_article_gives_his_title():
    text = "German Defence Minister Boris Pistorius and Kenya signed a memorandum on training."
    [record] = _agreements(text, kind="mou", status="signed", parties=["Boris Pistorius", "Kenya"])
    assert [p.country for p in record.parties] == ["DEU", "KEN"]
    assert [(s.name, s.title) for s in record.signatories] == [("Boris Pistorius", "Defence Minister")]


def test_a_firm_whose_name_begins_with_a_rank_is_a_party_not_a_signer():
    text = "General Electric signed an agreement with India's Hindustan Aeronautics Ltd to produce F414 engines in India."
    [record] = _agreements(text, kind="agreement", status="signed", parties=["General Electric", "Hindustan Aeronautics Ltd"],
                           signers=[{"name": "General Electric"}])
    assert [(p.name, p.country) for p in record.parties] == [("General Electric", "USA"), ("Hindustan Aeronautics Ltd", "IND")]
    assert record.signatories == []


def test_two_instruments_of_the_same_two_countries_with_other_firms_stay_two():
    from extractor.assembly.merge import merge_records

    text = ("General Electric signed an agreement with Hindustan Aeronautics Ltd to produce engines in India. "
            "India also signed a contract with General Atomics for 31 drones.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:40], "kind": "agreement", "status": "signed", "parties": ["General Electric", "Hindustan Aeronautics Ltd"]},
        {"quote": "India also signed a contract", "kind": "contract", "status": "signed", "parties": ["India", "General Atomics"]}]})
    assert len(merge_records(assemble(answer, text, None).records)) == 2


def test_a_side_the_meetings_sentences_do_not_name_is_not_the_meetings():
    text = ("Greece's Defence Minister Nikos Dendias said talks with several suppliers were under way. "
            "Athens also wants to buy drones.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text[:60], "kind": "talks", "status": "planned",
        "participants": [{"name": "Nikos Dendias", "country": "Greece"}], "countries": ["Greece", "Israel"]}]})
    built = assemble(answer, text, None)
    assert built.records == [] and built.dropped == ["meeting with fewer than two sides"]


def test_a_datelines_day_is_no_count():
    from extractor.assembly.amounts import quantity_before

    assert quantity_before("Ground Master 200 radars", "YEREVAN, Dec 27 - Armenia has received Ground Master 200 radars.") is None
    assert quantity_before("Ground Master 200 radars", "YEREVAN - Armenia has received 27 Ground Master 200 radars.") == 27


def test_an_instrument_the_article_builds_on_stays_apart_from_the_one_signed_now():
    from extractor.assembly.merge import merge_records

    text = ("NICOSIA — Greece and Cyprus signed a bilateral defence cooperation plan for the coming year. "
            "It builds on a defence cooperation agreement the two countries signed in 2019, which allows Greek "
            "warships to use Cypriot ports. The agreement was signed in Athens by the two defence ministers.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[10:70], "kind": "plan", "status": "signed", "parties": ["Greece", "Cyprus"]},
        {"quote": "It builds on a defence cooperation agreement", "kind": "agreement", "status": "signed",
         "parties": ["Greece", "Cyprus"], "date": "in 2019"}]})
    plan, earlier = merge_records(assemble(answer, text, dt.date(2024, 3, 6)).records)
    # the model's generic "agreement" had merged into the plan and lent it 2019: each sentence names its own kind
    assert (plan.kind, plan.date) == ("plan", None) and (earlier.kind, earlier.date) == ("agreement", "2019")
    # a sentence speaking of "the agreement" refers back to the one named before: one instrument
    text = ("DOHA — Qatar has signed a five-billion-euro contract with Italy for seven warships. "
            "The agreement was signed in the midst of a diplomatic crisis.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[7:60], "kind": "contract", "status": "signed", "parties": ["Qatar", "Italy"]},
        {"quote": "The agreement was signed in the midst", "kind": "agreement", "status": "signed",
         "parties": ["Qatar", "Italy"]}]})
    [contract] = merge_records(assemble(answer, text, dt.date(2017, 8, 2)).records)
    assert contract.kind == "contract" and len(contract.evidence) == 2


def test_news_told_in_the_present_perfect_with_no_date_takes_the_publication_year():
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.finish import finish

    text = ("Qatar has signed a five-billion-euro contract with Italy for seven warships. "
            "The ships will be built in Italy. The deal comes amid a diplomatic crisis in the Gulf. "
            "Qatar bought Rafale jets from France in 2015.")
    answers = {
        "agreements": AgreementsAnswer.model_validate({"agreements": [
            {"quote": text[:50], "kind": "contract", "status": "signed", "parties": ["Qatar", "Italy"]}]}),
        "transfers": TransfersAnswer.model_validate({"systems": [], "transfers": [
            {"quote": text[:50], "system": "warships", "category": "ships", "supplier": "Italy", "recipient": "Qatar",
             "status": "ordered"},
            {"quote": "Qatar bought Rafale jets from France", "system": "Rafale", "category": "aircraft",
             "supplier": "France", "recipient": "Qatar", "status": "delivered"}]}),
        "meetings": MeetingsAnswer.model_validate({"meetings": []})}
    published = dt.date(2017, 8, 2)
    records = {t: assemble(a, text, published).records for t, a in answers.items()}
    done = finish(records, text, published)
    assert [a.date for a in done["agreements"]] == ["2017"]  # a year, no more precise than the text
    assert {t.system: t.date for t in done["transfers"]} == {"warships": "2017", "Rafale": "2015"}
    assert finish({t: assemble(a, text, None).records for t, a in answers.items()}, text, None)["agreements"][0].date \
        is None  # no publication date: no year


def test_an_instrument_planned_before_the_end_of_the_year_is_planned_for_the_publication_year():
    from extractor.assembly.finish import finish

    text = "The ministers agreed that their ministries would finalise a memorandum on maritime surveillance " \
           "before the end of the year."
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "mou", "status": "planned", "parties": ["Spain", "Senegal"]}]})
    published = dt.date(2023, 8, 30)
    [mou] = finish({"agreements": assemble(answer, text, published).records, "transfers": [], "meetings": []},
                   text, published)["agreements"]
    assert (mou.status, mou.date) == ("planned", "2023")


@pytest.mark.parametrize("text, system, kept", [
    ("Egypt will not purchase more Rafale jets from France, the minister told parliament.", "Rafale", False),
    ("Greece is not expected to buy the F-35 before 2030, officials said.", "F-35", False),
    ("Peru has never ordered the K2 tanks it tested last year.", "K2", False),
    # the negation is another clause's, not said, or not of the purchase
    ("Poland ordered 96 Apache helicopters, but it will not buy more Black Hawks.", "Apache", True),
    ("The ministry did not disclose how many Rafale jets it ordered from France.", "Rafale", True),
    ("It is not the first purchase of K9 howitzers by Egypt from South Korea.", "K9", True),
    ("Switzerland decided not to buy the Gripen jets after a referendum.", "Gripen", True),  # a cancellation
    ("Chile did not place an order for the Gripen jets, the minister said.", "Gripen", False),
    ("The deal is not a lease but an order for 12 Rafale jets from France.", "Rafale", True),
])
def test_a_purchase_the_article_says_is_not_made_is_no_transfer(text, system, kept):
    records = _one_transfer(text, system=system, supplier="France" if "Rafale" in system else "United States",
                            recipient=text.split()[0])
    assert bool(records) is kept


def test_a_buyers_choice_is_a_proposal_and_the_bids_it_beat_are_no_transfers():
    """A selection with no contract yet is an intent (proposed); the rivals it beat, named in the same sentence,
    move nowhere (were orders from the model: "ending a contest with the F-16 and the Rafale")."""
    text = ("Colombia has selected the Saab Gripen E/F to replace its Kfir fighters, President Gustavo Petro said on "
            "Friday, ending a long contest with the Lockheed Martin F-16 and the Dassault Rafale.")
    result = _transfers(text, *({"quote": text[:60], "system": s, "supplier": p, "recipient": "Colombia"}
                                for s, p in [("Saab Gripen E/F", "Sweden"), ("F-16", "United States"),
                                             ("Dassault Rafale", "France")]), published=dt.date(2025, 11, 8))
    [gripen] = result.records
    assert (gripen.system, gripen.status) == ("Saab Gripen E/F", "proposed")
    assert sum("passed over" in w for w in result.dropped) == 2
    chosen = "Australia has chosen the Mogami-class frigate, beating Germany's TKMS MEKO A-200."
    [mogami] = _transfers(chosen, *({"quote": chosen, "system": s, "supplier": "Japan", "recipient": "Australia",
                                     "category": "ships"} for s in ("Mogami-class frigate", "MEKO A-200"))).records
    assert (mogami.system, mogami.status) == ("Mogami-class frigate", "proposed")
    signed = "Poland signed a contract for the selected K2 tanks, beating the deadline by a month."
    [k2] = _transfers(signed, {"quote": signed, "system": "K2 tanks", "supplier": "South Korea", "recipient": "Poland",
                               "category": "armoured_vehicles"}).records
    assert k2.status == "ordered"  # a choice already bought; nothing named after "beating" is a weapon


def test_the_first_of_an_order_is_one_jet_arriving_but_the_whole_order_was_ordered():
    text = "Indonesia expects the first of 42 Rafale jets it ordered from France in 2022 to arrive in early 2026."
    [order] = _transfers(text, {"quote": text, "system": "Rafale jets", "supplier": "France",
                                "recipient": "Indonesia"}, published=dt.date(2024, 1, 3)).records
    assert (order.quantity, order.status) == (42, "ordered")
    arrived = "Indonesia received the first of 42 Rafale jets on Monday."
    [delivery] = _transfers(arrived, {"quote": arrived, "system": "Rafale jets", "supplier": "France",
                                      "recipient": "Indonesia", "status": "delivered"}).records
    assert (delivery.quantity, delivery.status) == (1, "delivered")


def test_arms_go_to_forces_and_states_not_from_one_firm_to_another():
    """Two firms of one industrial deal are no supplier and recipient (the model reads a joint venture as a sale
    between them); where the sentence says which force the weapons are for, that force receives them."""
    venture = ("The venture of Leonardo and Rheinmetall will be based in Rome and will lead work on 132 Panther KF51 "
               "main battle tanks.")
    result = _transfers(venture, {"quote": venture, "system": "Panther KF51 main battle tanks", "supplier": "Leonardo",
                                  "recipient": "Rheinmetall", "category": "armoured_vehicles"})
    assert not result.records and "between two firms" in result.dropped[0]
    built = ("Under the contract, HD Hyundai Heavy Industries will work with SIMA to build a 3,400-ton frigate at "
             "the Peruvian shipyard and deliver it to the Peruvian Navy in phases.")
    [frigate] = _transfers(built, {"quote": built, "system": "3,400-ton frigate", "supplier": "HD Hyundai Heavy Industries",
                                   "recipient": "SIMA", "category": "ships"}).records
    assert (frigate.recipient.name, frigate.recipient.kind, frigate.recipient.country) == ("Peruvian Navy", "military", "PER")


def test_a_meeting_dated_after_the_article_is_still_to_come():
    text = ("Poland and France will sign a treaty on enhanced cooperation and friendship during French President "
            "Emmanuel Macron's visit to Warsaw in May, Polish Prime Minister Donald Tusk said on Wednesday.")
    answer = MeetingsAnswer.model_validate({"meetings": [{
        "quote": text, "kind": "visit", "status": "held", "date": "in May", "city": "Warsaw",
        "participants": [{"name": "Emmanuel Macron", "country": "France"}, {"name": "Donald Tusk", "country": "Poland"}],
        "countries": ["France", "Poland"]}]})
    [visit] = assemble(answer, text, dt.date(2025, 3, 20)).records
    assert (visit.status, visit.date) == ("planned", "2025-05")


def test_what_is_sent_for_a_buyers_own_weapon_is_the_transfer_not_the_weapon():
    # the model gave the fighters the recipient already flies as the system
    text = "Norway will send Ukraine a package including air-to-air missiles for its F-16 jets, the ministry said."
    [t] = _one_transfer(text, system="F-16 jets", supplier="Norway", recipient="Ukraine")
    assert (t.system, t.category, t.status) == ("air-to-air missiles", "missiles", "approved")


def test_a_gift_to_come_is_not_the_earlier_deliveries_beside_it():
    # "in addition to the ten it handed over" is another stage: the three vessels were read as delivered
    text = "Japan will also give the Philippine Navy three patrol vessels next year, in addition to the ten it handed over since 2016."
    [t] = _one_transfer(text, dt.date(2025, 5, 2), system="patrol vessels", category="ships", supplier="Japan",
                        recipient="Philippines")
    assert (t.quantity, t.status) == (3, "approved")


def test_a_contract_reported_on_a_weekday_is_not_dated_by_an_earlier_memorandum():
    # the memorandum's year had dated the contract signed this week
    text = ("Aselsan has signed a contract with Indonesia's defence ministry to supply radars, the company said on "
            "Tuesday. Indonesia had signed a memorandum on defence industry cooperation with Turkey in 2021.")
    [t] = _one_transfer(text, dt.date(2025, 3, 6), system="radars", category="sensors", supplier="Aselsan",
                        recipient="Indonesia", date="on Tuesday")
    assert (t.status, t.date) == ("ordered", "2025-03-04")


_TWO_DEALS = ("Madrid signed a contract for 25 Eurofighter Typhoon jets in December 2024 under the Halcón II "
              "programme, and is negotiating with Turkish Aerospace to acquire 45 Hürjet trainers.")


def test_an_instrument_has_the_status_and_parties_of_its_own_clause_not_the_weapons_or_the_next_deals():
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": "Madrid signed a contract for 25 Eurofighter Typhoon jets in December 2024", "kind": "contract",
         "status": "signed", "parties": ["Spain", "Eurofighter Typhoon", "Halcón II programme"],
         "date": "December 2024"}]})
    [contract] = assemble(answer, _TWO_DEALS, dt.date(2025, 8, 7)).records
    # was planned (the next clause negotiates), undated, with a weapon and a programme among its parties
    assert (contract.status, contract.date, [p.name for p in contract.parties]) == ("signed", "2024-12", ["Spain"])


def test_a_contract_a_transfers_clause_reports_is_signed_whatever_the_next_clause_negotiates():
    from extractor.assembly.agreements import implied_contracts

    [t] = _one_transfer(_TWO_DEALS, dt.date(2025, 8, 7), system="Eurofighter Typhoon jets", supplier="Airbus",
                        recipient="Spain", date="December 2024")
    assert (t.status, t.date) == ("ordered", "2024-12")
    [contract] = implied_contracts([t])
    assert contract.status == "signed"  # was planned


def test_a_purchase_under_negotiation_is_not_dated_by_the_other_clauses_contract():
    records = _transfers(_TWO_DEALS, {"quote": _TWO_DEALS, "system": "Hürjet trainers", "supplier": "Turkish Aerospace",
                                      "recipient": "Spain", "status": "proposed", "date": "December 2024"},
                         published=dt.date(2025, 8, 7)).records
    assert [(t.status, t.date) for t in records] == [("proposed", None)]  # was 2024-12


def test_the_deal_a_later_sentence_speaks_of_is_the_instrument_named_before():
    text = ("Peru's defence minister signed a contract in Seoul on Tuesday to buy two frigates from South Korea. "
            "He signed the deal with his South Korean counterpart.")
    answer = AgreementsAnswer.model_validate({"agreements": [
        {"quote": text[:60], "kind": "contract", "status": "signed", "parties": ["Peru", "South Korea"]},
        {"quote": "He signed the deal with his South Korean counterpart.", "kind": "mou", "status": "signed",
         "parties": ["Peru", "South Korea"]}]})
    from extractor.assembly.finish import finish

    published = dt.date(2024, 4, 17)
    records = finish({"agreements": assemble(answer, text, published).records, "transfers": [], "meetings": []}, text,
                     published)["agreements"]
    assert [r.kind for r in records] == ["contract"]  # the model's "mou" for "the deal" had been a second instrument


def test_a_meeting_to_come_is_not_re_anchored_on_the_one_held_that_names_more_of_its_people():
    text = ("Indonesian Defence Minister Sjafrie Sjamsoeddin met his Australian counterpart Richard Marles in Jakarta "
            "on Tuesday. Sjafrie will travel to Canberra in July for the annual dialogue.")
    records = _meetings(text, dt.date(2025, 3, 5), quote="Sjafrie will travel to Canberra in July", kind="visit",
                        status="planned", date="in July", city="Canberra",
                        people=[("Sjafrie Sjamsoeddin", "Defence Minister", "Indonesia"),
                                ("Richard Marles", "Defence Minister", "Australia")])
    # it had rested on the talks held (both named there), a duplicate of them
    assert [(m.status, m.date, m.location.city, m.evidence[0].match) for m in records] == [
        ("planned", "2025-07", "Canberra", "exact")]


@pytest.mark.parametrize("date, words, expected", [
    ("2024-06", "in June", "2025-06"),  # "will travel to Tokyo in June", in an article of February 2025
    ("2024-06", "in June 2024", "2024-06"),  # its year said: as said
    ("2025-03", "in March", "2025-03"),  # this month
    ("2025-02-21", "on Friday", "2025-02-28"),
])
def test_a_meeting_to_come_takes_the_next_month_or_day_of_its_name(date, words, expected):
    from extractor.assembly.dates import upcoming

    assert upcoming(date, words, dt.date(2025, 3, 5)) == expected


def test_a_delivery_to_come_is_the_order_another_sentence_reports():
    from extractor.assembly.finish import finish

    text = ("Egypt will receive its first four Rafale jets from France in 2027, the ministry said. "
            "Cairo ordered 30 Rafales from Dassault Aviation in a deal worth $4.5 billion signed in May 2021.")
    published = dt.date(2025, 3, 5)
    records = _transfers(text, {"quote": text[:60], "system": "Rafale jets", "supplier": "France", "recipient": "Egypt",
                                "quantity": 4, "date": "in 2027"},
                         {"quote": text[:60], "system": "Rafale fighter", "supplier": "France", "recipient": "Egypt",
                          "quantity": 4}, published=published).records
    done = finish({"agreements": [], "transfers": records, "meetings": []}, text, published)["transfers"]
    # the model's two "orders" of the four jets to come were one order of 30, dated and priced by its sentence
    assert [(t.quantity, t.status, t.date, t.value.amount if t.value else None) for t in done] == [
        (30, "ordered", "2021-05", 4.5e9)]


def test_a_contract_is_dated_by_the_date_no_comma_parts_from_its_signing():
    from extractor.assembly.dates import signing_date

    sentence = ("India delivered the first missile batteries to Indonesia on Friday, two years after Jakarta signed a "
                "$400 million contract for five batteries in March 2022.")
    # the delivery's Friday, nearer the word "signed", had dated the contract
    assert signing_date("on Friday", sentence, sentence, dt.date(2024, 4, 20), kind="contract") == "2022-03"


def test_weapons_a_buyer_acquired_over_the_years_are_delivered_and_undated():
    text = ("Ukrainian Defence Minister Rustem Umerov and his Polish counterpart signed a cooperation plan in Kyiv on "
            "Monday. Ukraine is one of the largest users of Soviet weapons, having acquired T-72 tanks and Mi-24 "
            "helicopters over the past two decades.")
    records = _transfers(text, {"quote": text[text.index("Ukraine is"):][:70], "system": "T-72 tanks",
                                "category": "armoured_vehicles", "supplier": "Russia", "recipient": "Ukraine",
                                "date": "in Kyiv on Monday"}, published=dt.date(2024, 1, 9)).records
    # was ordered, on the day of the talks the sentence before reports
    assert [(t.status, t.date) for t in records] == [("delivered", None)]

