"""What the second pass asks about."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("system, expected", [
    ("Su-30MK2", True), ("Type 23 frigates", True), ("K9A1", True), ("Kilo-class", True),
    ("offshore patrol vessels", True), ("telecommunications", False), ("training PAVN technicians and engineers", False),
])
def test_only_weapon_like_systems_get_a_second_pass(system, expected):
    from extractor.run.followups import looks_like_weapon

    assert looks_like_weapon(system) is expected


@pytest.mark.parametrize("sentence, asked", [
    ("An exchange of notes on the assistance was signed in Nuku'alofa by the two governments.", True),
    ("The ministers signed a declaration of intent on submarine cooperation.", True),
    ("Both sides signed a protocol on military education.", True),
    ("Spain and Morocco signed a defence cooperation agreement.", True),
    ("The ministers signed the visitors' book.", False),  # a signing of no instrument
    # a joint statement is issued or adopted, not signed
    ("The eight ministers issued a joint statement pledging closer cooperation in protecting undersea cables.", True),
    ("The navy issued a tender for six patrol boats.", False),
    # won or secured, and one in force, as news words them
    ("Karachi Shipyard had secured a contract to produce four of the eight submarines, as announced in April 2016.",
     True),
    ("Hanwha won a $300 million contract to supply ammunition vehicles.", True),
    ("Spain and Senegal already cooperate under an agreement on joint patrols.", True),
    ("It builds on a defence cooperation agreement the two countries concluded long ago.", True),
    ("Under the howitzer contract, 36 of the guns will be assembled in Brazil.", False),  # the one named before
    # a plan signed (the lead's cooperation plan had not been asked about); not a plan to buy
    ("Giang and Fomin signed a plan for military cooperation for 2024 during talks in Hanoi.", True),
    ("The navy signed off on plans to buy four corvettes.", False),
])
def test_the_agreements_second_pass_asks_about_any_instrument_signed(sentence, asked):
    from extractor.run.followups import agreement_candidates

    assert (agreement_candidates([], "The two countries are close. " + sentence) == [sentence]) is asked


@pytest.mark.parametrize("sentence, asked", [
    ("The contract was signed in the presence of Defence Minister Yasar Guler and Defence Minister Sjafrie "
     "Sjamsoeddin, who held bilateral talks on the sidelines of the fair.", True),
    ("Defence Minister Gen Nakatani telephoned Prime Minister Aisake Eke on Monday.", True),
    ("Prime Minister Anthony Albanese met Indonesian President Prabowo Subianto in Jakarta.", True),
    ("The defence minister said the jets would arrive next year.", False),  # officials, no meeting
    ("Vice Minister Seo Min-ho and Deputy Minister Pawel Zaremba held a video conference to work out the details.",
     True),
    ("Mendoza informed Israel's ambassador to Peru, Yael Ben-Ami, of the decision at a meeting at the ministry.", True),
    ("President Gustavo Petro discussed the purchase with Swedish Prime Minister Ulf Kristersson by telephone on "
     "Thursday, his office said.", True),
    ("The minister, reached by telephone, said the jets would arrive next year.", False),  # a reporter's call
])
def test_the_meetings_second_pass_asks_about_officials_meeting_as_news_words_it(sentence, asked):
    from extractor.run.followups import meeting_candidates

    assert (meeting_candidates([], "The two countries are close. " + sentence) == [sentence]) is asked


def test_the_meetings_second_pass_asks_about_a_known_official_named_by_his_surname_alone():
    from extractor.contract import Evidence, Meeting, Person
    from extractor.run.followups import meeting_candidates

    text = ("Defense Minister Luis Petri of Argentina met Troels Lund Poulsen of Denmark on Tuesday. "
            "The final contract will be signed next month in Copenhagen, when Petri travels to the European country. "
            "Petri said the jets were a bargain.")
    met = Meeting(participants=[Person(name="Luis Petri"), Person(name="Troels Lund Poulsen")], countries=["ARG", "DNK"],
                  kind="talks", status="held", summary="talks.", grounded=True,
                  evidence=[Evidence(quote=text[:text.index(" The final")], start=0, end=text.index(" The final"))])
    second = "The final contract will be signed next month in Copenhagen, when Petri travels to the European country."
    # no title in that sentence, but the man a meeting record names; the third sentence tells of no meeting
    assert meeting_candidates([met], text) == [second]
    assert second not in meeting_candidates([], text)  # no record names him: his surname alone is no official


@pytest.mark.parametrize("sentence, asked", [
    ("New Zealand has scrapped plans to buy two Airbus C295 aircraft for maritime patrol.", ["C295"]),
    ("Morocco ordered 36 M777 howitzers from BAE Systems.", ["M777"]),
    ("The Jordanian delegation visited the S41 submarine during the sale talks.", []),  # a hull number, not a type
    ("Japan will provide the Philippines with three Abukuma-class destroyers.", ["Abukuma-class"]),  # aid moves too
    ("Japan will train crews of the Abukuma-class destroyers.", []),
])
def test_designations_of_one_letter_and_digits_get_a_second_pass(sentence, asked):
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import listed_but_missing

    assert listed_but_missing(TransfersAnswer(transfers=[]), sentence) == asked


@pytest.mark.parametrize("sentence, asked", [
    ("Peru has cancelled plans to acquire 24 Saab Gripen E fighters from Sweden.", ["Saab Gripen E fighters"]),
    ("The army received 18 US-made Black Hawk helicopters in May.", ["Black Hawk helicopters"]),
    ("Chile bought 24 Swedish fighters in 2005.", []),  # a nationality names no system
    # counted by kind alone: asked only where the answer has no entry of that kind (here it has none)
    ("The navy will receive 12 new patrol boats.", ["patrol boats"]),
    # a name's own number is no count ("Aster 30" is the missile's name)
    ("A contract for Aster 30 B1NT interceptor missiles is expected later this year.", []),
    # listed by name after a verb of supply, with no count ("supplier" and "supplying" are no word of trade there)
    ("India has emerged as a major arms supplier to Armenia since 2020, supplying Pinaka multiple rocket launchers "
     "and ATAGS howitzers.", ["Pinaka multiple rocket launchers", "ATAGS howitzers"]),
    ("France will deliver the Rafale jets next year.", []),  # no name before what it is
])
def test_systems_counted_by_a_name_without_digits_get_a_second_pass(sentence, asked):
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import listed_but_missing

    assert listed_but_missing(TransfersAnswer(transfers=[]), sentence) == asked


def test_a_system_counted_by_name_that_the_answer_filled_in_is_not_asked_again():
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import listed_but_missing

    sentence = "Peru has cancelled plans to acquire 24 Saab Gripen E fighters from Sweden."
    answer = TransfersAnswer.model_validate({"systems": ["Gripen E"], "transfers": [
        {"quote": sentence, "system": "Gripen E", "category": "aircraft", "supplier": "Sweden", "recipient": "Peru",
         "status": "cancelled"}]})
    assert listed_but_missing(answer, sentence) == []


LEAD = "Slovakia signed a $1.8 billion deal on Wednesday to buy 14 F-16 Block 70 fighter jets from Lockheed Martin."
SIGNING = "Defence Minister Peter Gajdos signed the contract with Lockheed Martin vice president Ana Wugofski."
LATER = "The F-16 jets are meant to replace the MiG-29s the air force has flown since the 1990s."
VISIT = "Gajdos met US Defense Secretary Jim Mattis in Washington in October."
SLOVAK_TEXT = " ".join([LEAD, SIGNING, LATER, VISIT])


def _transfers(quote: str):
    from extractor.asking.answers import TransfersAnswer

    return TransfersAnswer.model_validate({"systems": ["F-16 Block 70"], "transfers": [
        {"quote": quote, "system": "F-16 Block 70", "category": "aircraft", "supplier": "Lockheed Martin",
         "recipient": "Slovakia", "status": "ordered"}]})


def _meetings(quote: str):
    from extractor.asking.answers import MeetingsAnswer

    return MeetingsAnswer.model_validate({"meetings": [
        {"quote": quote, "kind": "talks", "status": "held", "countries": ["Slovakia", "United States"],
         "participants": [{"name": "Peter Gajdos", "country": "Slovakia"}, {"name": "Jim Mattis", "country": "US"}]}]})


def test_a_transfer_quoting_a_sentence_that_does_not_name_its_system_is_asked_again_with_those_that_do():
    from extractor.run.followups import misquoted

    [(index, fact, shown)] = misquoted(_transfers(SIGNING[:60]), SLOVAK_TEXT)
    assert index == [0] and fact == "the ordered transfer of F-16 Block 70 from Lockheed Martin to Slovakia"
    assert shown == [LEAD, LATER]  # the sentences naming it, in article order
    assert misquoted(_transfers(LEAD[:50]), SLOVAK_TEXT) == []  # its quote names it: nothing to ask
    # one sentence names it: shown beside the one the model quoted; a quote the text does not hold (a
    # paraphrase), beside the sentence it comes nearest to; an article of that one sentence: no choice
    assert misquoted(_transfers(SIGNING[:60]), SIGNING + " " + LEAD)[0][2] == [SIGNING, LEAD]
    paraphrase = "Minister Gajdos put his name to the deal with Wugofski of Lockheed Martin"
    assert misquoted(_transfers(paraphrase), " ".join([VISIT, SIGNING, LEAD]))[0][2] == [SIGNING, LEAD]
    assert misquoted(_transfers(paraphrase), LEAD) == []


def test_a_meeting_reported_by_one_sentence_is_shown_it_beside_the_one_the_model_quoted():
    from extractor.run.followups import misquoted

    [(_, fact, shown)] = misquoted(_meetings(LATER[:40]), SLOVAK_TEXT)
    assert fact == "the talks (held) of Peter Gajdos and Jim Mattis"
    assert shown == [LATER, VISIT]


def test_the_picked_quote_replaces_the_models_only_where_it_is_the_sentence_the_record_rests_on():
    from extractor.run.followups import requoted

    answer = _transfers(SIGNING[:60])
    assert requoted(answer, [(0, LEAD[:70])], SLOVAK_TEXT).transfers[0].quote == LEAD[:70]
    # names it, but the lead is where it is read: the pick goes beside it, the model's quote stays
    seconded = requoted(answer, [(0, LATER)], SLOVAK_TEXT).transfers[0]
    assert (seconded.quote, seconded.seconded) == (SIGNING[:60], LATER)
    assert requoted(answer, [(0, VISIT)], SLOVAK_TEXT) is answer  # names no F-16: the model's quote stays
    assert requoted(answer, [(0, "a sentence the article does not hold")], SLOVAK_TEXT) is answer


def test_systems_one_sentence_lists_misquoted_alike_are_asked_about_in_one_question():
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import misquoted

    listed = "Slovakia also ordered 12 Black Hawk helicopters and 30 Patria AMV vehicles from the United States."
    entry = {"quote": SIGNING[:60], "category": "aircraft", "supplier": "United States", "recipient": "Slovakia",
             "status": "ordered"}
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {**entry, "system": "Black Hawk"}, {**entry, "system": "Patria AMV"},
        {**entry, "system": "Patria AMV", "status": "delivered"}]})  # another stage: its own question
    asks = misquoted(answer, " ".join([SIGNING, listed]))
    assert [(indices, fact) for indices, fact, _ in asks] == [
        ([0, 1], "the ordered transfer of Black Hawk and Patria AMV from United States to Slovakia"),
        ([2], "the delivered transfer of Patria AMV from United States to Slovakia")]
    assert asks[0][2] == [SIGNING, listed]


def test_the_sentence_the_record_would_rest_on_is_always_among_those_shown():
    from extractor.run.followups import misquoted

    # four sentences name the F-16, the one naming it best comes last: it takes the third place
    text = " ".join(["The F-16 is a fighter.", "Many F-16s fly.", "Old F-16s are retired.", SIGNING, LEAD])
    [(_, _, shown)] = misquoted(_transfers(SIGNING[:60]), text)
    assert shown == ["The F-16 is a fighter.", "Many F-16s fly.", LEAD]


def test_a_second_look_may_answer_only_the_first_words_of_a_sentence_it_is_shown():
    """The answer schema lists the shown sentences' openings as the quote's only values (the embedded
    model's grammar keeps to it): asked to pick, the model cannot copy its first quote again. Two that
    begin alike are told apart by more words; each opening is found in the text as written."""
    from extractor.asking.answers import quote_choice
    from extractor.assembly.grounding import ground
    from extractor.run.followups import openings

    alike = LEAD.replace(" from Lockheed Martin.", ", and 12 more from Lockheed Martin later.")
    shown = openings([LEAD, alike, LATER])
    assert len(shown[2]) <= 60 and LATER.startswith(shown[2])
    assert len(shown[0]) > 60 and shown[0] != shown[1] and LEAD.startswith(shown[0]) and alike.startswith(shown[1])
    schema = quote_choice(shown).model_json_schema()
    assert schema["properties"]["quote"]["enum"] == shown
    text = " ".join([LEAD, alike, LATER])
    assert [ground(o, text).sentence for o in shown] == [LEAD, alike, LATER]
    # a sentence that opens with a quotation: its words up to the first straight quote mark
    quoted = '"We talked about the F-16" sale, Gajdos said.'
    assert openings([quoted, LATER])[0] == "We talked about the F-16"
    # past an opening quote mark, which the model leaves out when it copies
    assert openings(["\u201cWe signed it,\u201d the minister said.", LATER])[0] == "We signed it,\u201d the minister said."


def test_designations_listed_beside_a_filled_in_system_get_its_sides_and_stage_with_their_own_name():
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import list_siblings

    text = ("Russia remains Vietnam's main arms supplier. Russian sales to the Southeast Asian country have included "
            "Kilo-class diesel-electric attack submarines, Gepard-class frigates, Svetlyak-class patrol vessels and "
            "T-90S/SK main battle tanks. Moscow's latest contract covered 12 Yak-130 trainers for USD350 million.")
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": "Russian sales to the Southeast Asian country have included Kilo-class", "system": "Kilo-class",
         "category": "ships", "supplier": "Russia", "recipient": "Vietnam", "status": "delivered"},
        {"quote": "Gepard-class frigates", "system": "Gepard-class frigates", "category": "ships",
         "supplier": "Russia", "recipient": "Vietnam", "status": "delivered"},
        {"quote": "Moscow's latest contract covered 12 Yak-130 trainers", "system": "Yak-130", "category": "aircraft",
         "supplier": "Russia", "recipient": "Vietnam", "status": "ordered", "quantity": 12,
         "value": "USD350 million"}]})
    added = list_siblings(answer, text).transfers[3:]
    assert [(d.system, d.category, d.status, d.recipient, d.quantity) for d in added] == [
        ("Svetlyak-class patrol vessels", "ships", "delivered", "Vietnam", None),
        ("T-90S/SK main battle tanks", "armoured_vehicles", "delivered", "Vietnam", None)]
    assert added[0].quote == answer.transfers[0].quote  # the sentence the model quoted for the list ...
    assert added[0].read_beside and not answer.transfers[0].read_beside  # ... read by code: re-anchored
    # a sentence whose systems the answer all gives: nothing added
    assert list_siblings(TransfersAnswer.model_validate({"systems": [], "transfers": answer.transfers[2:]}), text) \
        .transfers == answer.transfers[2:]


def test_a_listed_system_from_its_own_supplier_is_that_suppliers():
    """ "F-16s from the United States, ... and MiG-29M jets from Russia": the sibling is the MiG-29M jets, from Russia
    (was "MiG-29M jets from Russia", from the F-16s' supplier); where the filled-in system's supplier is not the
    one its sentence names, that sentence's stands."""
    from extractor.asking.answers import TransfersAnswer
    from extractor.assembly.build import assemble
    from extractor.run.followups import list_siblings

    text = "Egypt's air force operates F-16s from the United States, Rafales from France and MiG-29M jets from Russia."
    answer = TransfersAnswer.model_validate({"systems": [], "transfers": [
        {"quote": text, "system": "F-16s", "category": "aircraft", "supplier": "China", "recipient": "Egypt",
         "status": "delivered"}]})
    records = assemble(list_siblings(answer, text), text, None).records
    assert [(r.system, r.supplier.country) for r in records] == [("F-16s", "USA"), ("MiG-29M jets", "RUS")]


def test_the_agreements_second_pass_asks_about_the_first_four_instruments_no_record_rests_on():
    from extractor.run.followups import agreement_candidates

    signed = [f"Country {c} signed a defence cooperation agreement with Country {c}{c}." for c in "ABCDE"]
    text = " ".join(signed)
    assert agreement_candidates([], text) == signed[:4]  # an article of several instruments: small models report one


@pytest.mark.parametrize("system, expected", [
    ("BRP Diego Silang", True), ("HMAS Anzac", True), ("RFNS Puamau", True),  # ships by their navies' prefixes
    ("US Army", False), ("NATO Summit", False),
])
def test_a_ship_listed_by_its_name_gets_a_second_pass(system, expected):
    from extractor.run.followups import looks_like_weapon

    assert looks_like_weapon(system) is expected


_ASKED = "The two ministers also signed an agreement on the transfer of Japan's retired frigates to the Philippine Navy."
_ASKED_TEXT = ("Japan's defence minister met his Philippine counterpart in Manila on Monday. " + _ASKED
               + " Japan handed over five TC-90 aircraft to the Philippine Navy in 2017.")


@pytest.mark.parametrize("quote, read_on_asked", [
    # asked about the signing, the model quoted the sentence after it, which names no instrument
    ("Japan handed over five TC-90 aircraft to the Philippine Navy in 2017.", True),
    (_ASKED, False),  # the asked sentence: the model's own
    ("Japan's defence minister met his Philippine counterpart in Manila on Monday.", True),
])
def test_a_second_pass_answer_quoting_a_sentence_of_no_instrument_is_read_on_the_asked_one(quote, read_on_asked):
    from extractor.asking.answers import AgreementItemAnswer
    from extractor.assembly.build import assemble
    from extractor.run.followups import on_the_asked_sentence

    answer = AgreementItemAnswer.model_validate({"agreements": [{
        "quote": quote, "kind": "agreement", "status": "signed", "parties": ["Japan", "Philippines"], "signers": [],
        "date": "in 2017"}]})
    [draft] = on_the_asked_sentence(answer, _ASKED, _ASKED_TEXT).agreements
    assert (draft.quote == _ASKED and draft.read_beside and draft.date is None) is read_on_asked
    if read_on_asked:  # an agreement on the asked sentence, marked as code's reading (was dropped)
        [record] = assemble(AgreementItemAnswer(agreements=[draft]), _ASKED_TEXT, None).records
        assert (record.evidence[0].quote, record.evidence[0].match, record.grounded) == (_ASKED, "reanchored", False)


def test_a_second_pass_answer_quoting_another_instrument_is_left_as_it_is():
    from extractor.asking.answers import AgreementItemAnswer
    from extractor.run.followups import on_the_asked_sentence

    other = "Manila signed a memorandum on coast guard training with Tokyo in 2016."
    answer = AgreementItemAnswer.model_validate({"agreements": [{
        "quote": other, "kind": "mou", "status": "signed", "parties": ["Japan", "Philippines"], "signers": []}]})
    assert on_the_asked_sentence(answer, _ASKED, f"{_ASKED} {other}") == answer


def test_a_listed_name_the_article_writes_with_what_it_is_gets_a_second_pass():
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import listed_but_missing

    # the model listed "FREMM" and filled in nothing; the name alone has no digit nor weapon word
    text = "The Egyptian Navy has taken delivery of its second FREMM multipurpose frigate from Fincantieri."
    assert listed_but_missing(TransfersAnswer(systems=["FREMM"], transfers=[]), text) == ["FREMM"]
    assert listed_but_missing(TransfersAnswer(systems=["Fincantieri"], transfers=[]), text) == []
