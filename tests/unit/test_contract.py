"""The contract's normalisers as a user meets them: what a model writes becomes the contract's form.

Countries, money, partial dates and vocabularies; every gold file the project ships is a valid
``ArticleRecords``; and the published JSON Schemas match the models.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.contract import Agreement, ArticleRecords, Meeting, country_code, parse_money, parse_partial_date
from extractor.contract.schemas import schema_texts

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
PUBLISHED = dt.date(2021, 12, 2)  # a Thursday
EVIDENCE = [{"quote": "Vietnam and Russia signed an agreement."}]


def _agreement(**changes) -> dict:
    data = {"kind": "agreement", "status": "signed", "evidence": EVIDENCE,
            "parties": [{"name": "Vietnam", "country": "VNM", "kind": "state"},
                        {"name": "Russia", "country": "RUS", "kind": "state"}]}
    data.update(changes)
    return data


# --- countries ---------------------------------------------------------------------------

@pytest.mark.parametrize("written, code", [
    ("Vietnam", "VNM"), ("U.S.", "USA"), ("South Korea", "KOR"), ("Russian", "RUS"), ("Türkiye", "TUR"),
    ("VNM", "VNM"), ("the Philippines", "PHL"), ("Republic of Korea", "KOR"), ("Vietnamese", "VNM"),
    ("Britain", "GBR"), ("Moscow", "RUS"), ("Russia's", "RUS"), ("  France. ", "FRA"),
    ("the Emirates", "ARE"), ("Democratic Republic of Congo", "COD"),  # an alias after "the"; was no country
    ("Republic of China", "TWN"),  # not China once "Republic of" is stripped
])
def test_country_names_demonyms_and_aliases_become_iso3(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written, code", [
    ("Albanian", "ALB"), ("Montenegrin", "MNE"), ("Maltese", "MLT"), ("Honduran", "HND"), ("Costa Rican", "CRI"),
    ("Jamaican", "JAM"), ("Chadian", "TCD"), ("Ivorian", "CIV"), ("Namibian", "NAM"), ("Motswana", "BWA"),
    ("Bruneian", "BRN"), ("Timorese", "TLS"), ("Tongan", "TON"), ("Samoan", "WSM"), ("Ni-Vanuatu", "VUT"),
    ("Solomon Islander", "SLB"), ("Bosnia", "BIH"), ("Skopje", "MKD"), ("Muscat", "OMN"), ("Lima", "PER"),
])
def test_demonyms_and_capitals_of_every_region_are_countries(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["Atlantis", "NATO", "", "Congolese", "Guinean", "Dominican", "Papuan",
                                     "Brussels", "Sofia",
                                     "Lt.", "Col.", "Sen.", "Mr."])  # ranks, not Lithuania, Colombia, Senegal, Mauritania
def test_a_non_country_has_no_code(written):
    """Also a demonym of more than one country, and a city that is also a person's name or an
    alliance's seat: no country is guessed."""
    assert country_code(written) is None


@pytest.mark.parametrize("written, code", [("U.S.A.", "USA"), ("U.K.", "GBR"), ("U.A.E.", "ARE")])
def test_dotted_abbreviations_are_countries(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written, code", [("India's", "IND"), ("Japan's", "JPN")])
def test_possessive_of_any_country_name_resolves(written, code):
    assert country_code(written) == code


def test_record_country_fields_are_normalised_on_validation():
    data = _agreement(parties=[{"name": "Hanoi", "country": "Vietnam", "kind": "state"},
                               {"name": "Washington", "country": "U.S.", "kind": "state"}])
    record = Agreement.model_validate(data)
    assert [p.country for p in record.parties] == ["VNM", "USA"]


def test_a_non_country_is_rejected_with_a_message_saying_how_to_fix_it():
    data = _agreement(parties=[{"name": "Atlantis", "country": "Atlantis", "kind": "state"}])
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(data)
    message = str(caught.value)
    assert "'Atlantis' is not a country" in message
    assert "ISO 3166-1 alpha-3" in message and "'VNM'" in message and "null" in message


def test_unknown_country_words_mean_no_country():
    data = _agreement(parties=[{"name": "ASEAN", "country": "unknown", "kind": "organization"}])
    assert Agreement.model_validate(data).parties[0].country is None


# --- money -------------------------------------------------------------------------------

@pytest.mark.parametrize("written, amount, currency", [
    ("USD350 million", 350_000_000, "USD"),
    ("$4.5bn", 4_500_000_000, "USD"),
    ("$2.9-billion", 2_900_000_000, "USD"),  # hyphenated before a noun ("a $2.9-billion deal"); was 2.9
    ("€3.75bn", 3_750_000_000, "EUR"),
    ("Rs 2,971 crore", 29_710_000_000, "INR"),
    ("1.6 billion euros", 1_600_000_000, "EUR"),
    ("KRW 1.2 trillion", 1_200_000_000_000, "KRW"),
    ("A$1.1 billion", 1_100_000_000, "AUD"),
    ("US$2 billion", 2_000_000_000, "USD"),
    ("£1.2bn", 1_200_000_000, "GBP"),
    ("five-billion-euro", 5_000_000_000, "EUR"),  # a count of billions in words (was not money: re-asked)
    ("two billion dollars", 2_000_000_000, "USD"),
])
def test_money_as_articles_write_it_becomes_amount_and_currency(written, amount, currency):
    assert parse_money(written) == {"amount": amount, "currency": currency}


@pytest.mark.parametrize("written, amount, currency", [
    ("Rs 1.2 lakh crore", 1_200_000_000_000, "INR"),  # both multipliers (was 120,000)
    ("3 billion kronor", 3_000_000_000, "SEK"),
    ("3.5bn Norwegian crowns", 3_500_000_000, "NOK"),
    ("2.5 billion zlotys", 2_500_000_000, "PLN"),
    ("NIS 1 billion", 1_000_000_000, "ILS"),
    ("Rp 1.2 trillion", 1_200_000_000_000, "IDR"),
    ("RM 2 billion", 2_000_000_000, "MYR"),
    ("3 billion baht", 3_000_000_000, "THB"),
    ("R$ 1 billion", 1_000_000_000, "BRL"),
    ("500 million Chilean pesos", 500_000_000, "CLP"),
    ("₱5 billion", 5_000_000_000, "PHP"),
    ("TL 3 billion", 3_000_000_000, "TRY"),  # Turkish lira by its usual abbreviation (was not money)
    ("3 billion liras", 3_000_000_000, "TRY"),
])
def test_money_in_the_currencies_of_every_region(written, amount, currency):
    assert parse_money(written) == {"amount": amount, "currency": currency}


def test_an_amount_with_its_conversion_in_brackets_is_the_first_that_names_its_currency():
    assert parse_money("1.6 billion euros ($1.8 billion)") == {"amount": 1_600_000_000, "currency": "EUR"}
    # pesos name no one country's money: the conversion (was 36 billion dollars, the number of one, the sign of the other)
    assert parse_money("36 billion peso ($700 million)") == {"amount": 700_000_000, "currency": "USD"}


@pytest.mark.parametrize("written", ["12 aircraft", "500 million pesos", "2 billion crowns", "1 billion dinars"])
def test_a_number_without_a_currency_is_not_money(written):
    """Nor one whose currency several countries share under that name: none is guessed."""
    assert parse_money(written) is None


def test_transfer_value_string_is_parsed_on_validation_and_bad_money_says_how_to_write_it():
    from extractor.contract import ArmsTransfer

    base = {"supplier": {"name": "Russia", "country": "RUS", "kind": "state"},
            "recipient": {"name": "Vietnam", "country": "VNM", "kind": "state"},
            "system": "Yak-130", "category": "aircraft", "status": "ordered", "evidence": EVIDENCE}
    record = ArmsTransfer.model_validate({**base, "value": "USD350 million"})
    assert (record.value.amount, record.value.currency) == (350_000_000, "USD")
    with pytest.raises(ValidationError) as caught:
        ArmsTransfer.model_validate({**base, "value": "a lot of money"})
    assert "is not an amount of money" in str(caught.value)
    assert "USD350 million" in str(caught.value)


# --- partial dates ------------------------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("2019", "2019"), ("March 2015", "2015-03"), ("December 2021", "2021-12"),
    ("1 December 2021", "2021-12-01"), ("Dec. 18, 2020", "2020-12-18"), ("2021-12-01", "2021-12-01"),
])
def test_dates_keep_the_precision_the_text_gives(written, expected):
    assert parse_partial_date(written) == expected
    assert parse_partial_date(written, PUBLISHED) == expected


@pytest.mark.parametrize("written, expected", [
    ("last week", "2021-11"),
    ("on Wednesday", "2021-12-01"),
    ("yesterday", "2021-12-01"),
    ("later this year", "2021"),
    ("last year", "2020"),
    ("next month", "2022-01"),
    ("December 18", "2021-12-18"),
    ("1 December", "2021-12-01"),
])
def test_relative_dates_resolve_against_the_publication_date(written, expected):
    assert parse_partial_date(written, PUBLISHED) == expected


@pytest.mark.parametrize("written, expected", [
    ("in January next year", "2022-01"),  # was this year's January
    ("in March last year", "2020-03"),
    ("two years ago", "2019"),
    ("three weeks ago", "2021-11"),
    ("a month ago", "2021-11"),
    ("last summer", "2020"),
    ("2019-20", "2019"),  # a fiscal year starts in its first year (was an error)
    ("the deal may be signed", None),  # the verb, not the month (was 2021-05)
    ("in May", "2021-05"),
])
def test_more_relative_dates_as_news_writes_them(written, expected):
    assert parse_partial_date(written, PUBLISHED) == expected


@pytest.mark.parametrize("written, published, expected", [
    ("over the weekend", dt.date(2021, 12, 2), "2021-11"),  # Saturday 27 and Sunday 28 November (was null)
    ("at the weekend", dt.date(2021, 12, 6), "2021-12"),  # a Monday: the 4th and 5th
    ("this weekend", dt.date(2021, 12, 2), "2021-12"),  # the one to come
    ("last weekend", dt.date(2022, 5, 2), "2022"),  # Saturday 30 April and Sunday 1 May: the year alone
    ("over the weekend", dt.date(2021, 11, 1), "2021-10"),  # a Monday's news: Saturday 30 and Sunday 31 October
])
def test_a_weekend_is_dated_by_the_month_its_two_days_share(written, published, expected):
    assert parse_partial_date(written, published) == expected


@pytest.mark.parametrize("written", ["last week", "on Wednesday", "later this year", "December 18"])
def test_relative_dates_without_a_publication_date_are_null(written):
    assert parse_partial_date(written) is None


def test_an_unyeared_month_far_after_publication_is_last_year():
    assert parse_partial_date("December 18", dt.date(2021, 3, 10)) == "2020-12-18"


def test_record_dates_resolve_with_the_publication_date_as_validation_context():
    data = _agreement(date="on Wednesday")
    assert Agreement.model_validate(data, context={"published": "2021-12-02"}).date == "2021-12-01"
    assert Agreement.model_validate(data).date is None


def test_an_impossible_date_is_rejected_saying_which_forms_to_use():
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(_agreement(date="2021-02-30"))
    assert "not a real date" in str(caught.value)
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in str(caught.value)


@pytest.mark.parametrize("written", ["2019-13", "2019-00", "0000", "0000-05"])
def test_a_month_or_year_that_does_not_exist_is_rejected_too(written):
    """The form is right, the date is not: a record never carries 2019-13."""
    with pytest.raises(ValidationError, match="not a real date"):
        Agreement.model_validate(_agreement(date=written))


# --- vocabularies -------------------------------------------------------------------------

def test_vocabulary_values_are_normalised_from_how_models_write_them():
    record = Agreement.model_validate(_agreement(kind="MoU", status="Signed",
                                                 areas=["Defence Industry", "R&D", "Technology Transfer"]))
    assert record.kind == "mou"
    assert record.status == "signed"
    assert record.areas == ["defense_industry", "research_development", "technology_transfer"]


def test_a_value_outside_the_vocabulary_is_rejected_listing_the_allowed_values():
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(_agreement(areas=["space"]))
    message = str(caught.value)
    assert "'space' is not allowed here" in message
    for allowed in ("arms_trade", "defense_industry", "maritime_security", "other"):
        assert allowed in message


def test_meeting_topics_use_the_same_vocabulary():
    meeting = Meeting.model_validate({
        "participants": [{"name": "Sergei Shoigu"}], "countries": ["Russia", "Vietnamese"], "kind": "Talks",
        "status": "held", "topics": ["Defence Industry"], "evidence": EVIDENCE})
    assert meeting.countries == ["RUS", "VNM"]
    assert meeting.topics == ["defense_industry"]


# --- shipped gold files -------------------------------------------------------------------

GOLD_FILES = sorted([*(SHARED / "devset" / "gold").glob("*.json"), *(REPO / "evals" / "gold").glob("*.json"),
                     *(REPO / "evals" / "contrast" / "gold").glob("*.json")])


def test_gold_files_are_found():
    assert len(GOLD_FILES) >= 29  # 5 seeds + 24 contrast, plus the devset when shared/ is there


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_gold_file_validates_as_article_records(path):
    gold = ArticleRecords.model_validate_json(path.read_text(encoding="utf-8"))
    assert gold.article.id


# --- published schemas --------------------------------------------------------------------

def test_committed_schemas_match_the_models():
    folder = REPO / "schemas"
    expected = schema_texts()
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    # compared as JSON values: pydantic before 2.10 writes a float bound as 0.0 where later ones write 0
    stale = sorted(name for name in expected
                   if name not in committed or json.loads(committed[name]) != json.loads(expected[name]))
    extra = sorted(set(committed) - set(expected))
    assert not stale and not extra, (
        f"schemas/ is stale (differs: {stale}, not generated: {extra}): run `extractor schema` to regenerate it")
    for text in committed.values():
        json.loads(text)
