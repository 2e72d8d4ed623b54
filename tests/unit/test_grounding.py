"""Evidence quotes located in the article: offsets a reader can follow back to the text."""

from __future__ import annotations

import pytest

from extractor.contract import Evidence
from extractor.assembly.grounding import ground_evidence, locate_quote, sentence_around

TEXT = (
    "Vietnam and Russia have signed an agreement to expand co-operation on military trade and technologies, "
    "the Ministry of Defence (MoD) in Moscow has announced.\n\n"
    "The Russian MoD said the agreement is supported by a new plan for \u201cjoint work in the future\u201d that "
    "will feature expanded \u201cmilitary and military-technical co-operation\u201d between the two countries.\n\n"
    "Moscow\u2019s most recent major contract featured a deal in 2019 for the supply of 12 Yakovlev Yak-130 "
    "advanced jet trainer/light combat aircraft for USD350 million."
)


def test_an_exact_quote_gets_the_offsets_of_that_text():
    quote = "the Ministry of Defence (MoD) in Moscow has announced."
    span = locate_quote(quote, TEXT)
    assert span.status == "exact" and span.found
    assert TEXT[span.start:span.end] == quote


def test_quote_marks_the_model_wrapped_around_a_quote_are_ignored():
    span = locate_quote('"Vietnam and Russia have signed an agreement"', TEXT)
    assert span.status == "exact"
    assert TEXT[span.start:span.end] == "Vietnam and Russia have signed an agreement"


@pytest.mark.parametrize("quote, expected", [
    ("vietnam and  russia have signed\nan agreement", "Vietnam and Russia have signed an agreement"),
    ('a new plan for "joint work in the future" that will feature',
     "a new plan for \u201cjoint work in the future\u201d that will feature"),
    ("Moscow's most recent major contract", "Moscow\u2019s most recent major contract"),
    ("THE RUSSIAN MOD SAID", "The Russian MoD said"),
])
def test_whitespace_case_and_typographic_quotes_do_not_stop_a_match(quote, expected):
    span = locate_quote(quote, TEXT)
    assert span.status == "normalised"
    assert TEXT[span.start:span.end] == expected


def test_a_quote_with_a_small_paraphrase_is_found_fuzzily_on_whole_words():
    quote = ("Moscow's most recent major contract included a deal in 2019 for the supply of 12 Yakovlev Yak-130 "
             "advanced jet trainers")
    span = locate_quote(quote, TEXT)
    assert span.status == "fuzzy"
    matched = TEXT[span.start:span.end]
    assert matched.startswith("Moscow\u2019s most recent major contract featured a deal in 2019")
    assert "12 Yakovlev Yak-130 advanced jet trainer" in matched
    assert not TEXT[span.start - 1].isalnum() and not TEXT[span.end].isalnum()


def test_a_fuzzy_span_starts_at_the_quote_not_at_the_end_of_the_sentence_before():
    """A quote the model closed with "..." aligns best with a window that begins at the previous
    sentence's full stop; the span (and so the sentence the record rests on) is the quoted one."""
    span = locate_quote("The Russian MoD said the agreement is supported by a new...", TEXT)
    assert span.status == "fuzzy"
    assert TEXT[span.start:span.end].startswith("The Russian MoD said the agreement is supported by a new")
    assert sentence_around(TEXT, span.start, span.end)[0] == TEXT.index("The Russian MoD said")


@pytest.mark.parametrize("quote", [
    "India and France signed a contract for 36 Rafale fighter jets worth EUR7.87 billion.",
    "Moscow's latest deal featured supplying jet trainers to Hanoi",
    "",
    "Hanoi",
])
def test_an_unrelated_or_absent_quote_is_not_found(quote):
    span = locate_quote(quote, TEXT)
    assert span.status == "none" and not span.found
    assert (span.start, span.end) == (None, None)


def test_ground_evidence_fills_offsets_and_says_whether_every_quote_was_found():
    found = Evidence(quote="the Ministry of Defence (MoD) in Moscow has announced.")
    paraphrased = Evidence(quote="vietnam and russia have signed an agreement")
    grounded, all_found = ground_evidence([found, paraphrased], TEXT)
    assert all_found
    assert [TEXT[e.start:e.end] for e in grounded] == [
        "the Ministry of Defence (MoD) in Moscow has announced.", "Vietnam and Russia have signed an agreement"]

    grounded, all_found = ground_evidence([found, Evidence(quote="Seoul and Warsaw agreed on K2 tanks.")], TEXT)
    assert not all_found
    assert grounded[1].start is None and grounded[1].end is None
    assert grounded[1].quote == "Seoul and Warsaw agreed on K2 tanks."


def test_the_sentence_around_a_span_is_the_whole_sentence():
    start = TEXT.index("12 Yakovlev")
    left, right = sentence_around(TEXT, start, start + len("12 Yakovlev"))
    assert TEXT[left:right].startswith("Moscow\u2019s most recent major contract")
    assert TEXT[left:right].endswith("for USD350 million.")


def test_an_abbreviation_s_full_stop_ends_no_sentence():
    """News writes "U.S.", "Sen.", "Nov. 5" and "Corp." inside sentences: the rules that read a count, a
    date or a side from a record's sentence must get all of it."""
    from extractor.assembly.grounding import sentences

    text = ("The U.S. Navy signed a contract with Lockheed Martin Corp. for 12 jets on Nov. 5, Sen. Jane Doe said. "
            "The jets went to the U.S. The deal was the largest since 2019.\n\nJ. Smith of the U.N. agreed.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "The U.S. Navy signed a contract with Lockheed Martin Corp. for 12 jets on Nov. 5, Sen. Jane Doe said.",
        "The jets went to the U.S.", "The deal was the largest since 2019.", "J. Smith of the U.N. agreed."]
    # a blank line ends a paragraph whatever stands before it (spaces on the blank line too)
    assert len(sentences("Talks with the U.S.\n \nWashington signed a deal.")) == 2
    start = text.index("12 jets")
    left, right = sentence_around(text, start, start + 7)
    assert text[left:right].startswith("The U.S. Navy") and text[left:right].endswith("Jane Doe said.")


def test_a_line_break_before_a_headline_list_item_or_paragraph_ends_a_sentence():
    """Text taken from a web page (trafilatura) puts one line break between paragraphs, and headlines and
    list items end without a full stop: each is a sentence of its own, not the start of the next one."""
    from extractor.assembly.grounding import sentences

    text = ("Qatar To Buy 7 Warships From Italy\nQatar has signed a contract with Italy for seven warships.\n"
            "The package covers:\n\u2022 four corvettes\n\u2022 two patrol vessels\nDelivery starts in 2021.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Qatar To Buy 7 Warships From Italy", "Qatar has signed a contract with Italy for seven warships.",
        "The package covers:", "\u2022 four corvettes", "\u2022 two patrol vessels", "Delivery starts in 2021."]
    # a Windows line end too, its carriage return in neither sentence
    crlf = "Qatar To Buy 7 Warships\r\nQatar signed a contract."
    assert [crlf[a:b] for a, b in sentences(crlf)] == ["Qatar To Buy 7 Warships", "Qatar signed a contract."]
    # a text wrapped at a width breaks its lines inside sentences: those breaks end nothing
    wrapped = ("Qatar has signed a contract with Italy for seven\nwarships worth five billion euros, the foreign\n"
               "minister said on Wednesday in Doha. Italy\nwill deliver them from 2021.")
    assert [wrapped[a:b].replace("\n", " ") for a, b in sentences(wrapped)] == [
        "Qatar has signed a contract with Italy for seven warships worth five billion euros, the foreign "
        "minister said on Wednesday in Doha.", "Italy will deliver them from 2021."]


def test_word_patterns_find_the_spans_an_ignorecase_search_finds():
    import re

    from extractor.assembly.grounding import first_span, match_spans, sentences_with

    signs = re.compile(r"\b(sign(s|ed)?|inked)\b", re.I)
    text = "Poland SIGNED the deal. Nothing here. Both sides Inked a MoU and signs more."
    assert first_span(signs, text) == signs.search(text).span()
    assert match_spans(signs, text) == [m.span() for m in signs.finditer(text)]
    assert sorted(sentences_with(signs, text)) == [(0, 23), (38, len(text))]
    # lower case that moves offsets ("İ" lowers to two characters): the pattern itself is used
    dotted = "İstanbul hosted it. Turkey SIGNED."
    assert match_spans(signs, dotted) == [m.span() for m in signs.finditer(dotted)]
    # a pattern that spells a capital is never searched in lower case
    acronym = re.compile(r"\bMoU\b", re.I)
    assert first_span(acronym, text) == acronym.search(text).span()
    assert first_span(re.compile(r"MoU"), "a mou") is None  # case-sensitive stays case-sensitive


def test_a_letter_that_folds_to_two_characters_moves_no_span():
    """Names with "İ" or "ß" (Turkish and German officials are in defence news) before a quote, a system or
    a list's other item: what is found is what the article writes there, not a character off."""
    from extractor.assembly.grounding import fold, locate_quote, stretch_of

    assert len(fold("İsmail Demir, Großmann, ﬁnal")) == len("İsmail Demir, Großmann, ﬁnal")
    assert fold("Straße F-16") == "straße f-16"

    text = "İsmail Demir  of the SSB said on Monday that the Navy will receive two  MILGEM corvettes by 2027."
    span = locate_quote("the navy will receive two milgem corvettes by 2027", text)  # case differs: normalised
    assert span.status == "normalised" and text[span.start:span.end] == "the Navy will receive two  MILGEM corvettes by 2027"

    sentence = ("Under minister Großmann and envoy İlhan the air force took delivery of two Rafale jets in "
                "January and has also signed for 12 Mirage 2000-5s, a deal later cancelled.")
    assert stretch_of("Rafale jets", ["Mirage 2000-5"], sentence).endswith("signed for 12 ")
