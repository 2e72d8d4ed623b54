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
])
def test_the_meetings_second_pass_asks_about_officials_meeting_as_news_words_it(sentence, asked):
    from extractor.run.followups import meeting_candidates

    assert (meeting_candidates([], "The two countries are close. " + sentence) == [sentence]) is asked


@pytest.mark.parametrize("sentence, asked", [
    ("New Zealand has scrapped plans to buy two Airbus C295 aircraft for maritime patrol.", ["C295"]),
    ("Morocco ordered 36 M777 howitzers from BAE Systems.", ["M777"]),
    ("The Jordanian delegation visited the S41 submarine during the sale talks.", []),  # a hull number, not a type
])
def test_designations_of_one_letter_and_digits_get_a_second_pass(sentence, asked):
    from extractor.asking.answers import TransfersAnswer
    from extractor.run.followups import listed_but_missing

    assert listed_but_missing(TransfersAnswer(transfers=[]), sentence) == asked
