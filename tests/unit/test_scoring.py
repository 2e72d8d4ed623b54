"""The scoring rules of shared/eval-scoring.md, each pinned by numbers computed by hand."""

from __future__ import annotations

import pytest

from extractor.contract import (
    Actor, Agreement, ArmsTransfer, ArticleMeta, ArticleRecords, ArticleResult, Evidence, Meeting, Person, Provenance, Usage,
)
from extractor.evals.comparators import Comparators, normalise_name
from extractor.evals.health import pipeline_health
from extractor.evals.scoring import FIELDS, Counts, ScoringConfig, key_similarity, score_article, score_run
from tests.support.devset import DEVSET, needs_devset

DEVSET_GOLD = sorted((DEVSET / "gold").glob("*.json"))
EVIDENCE = [{"quote": "q"}]


def actor(name: str, country: str | None = None, kind: str = "state") -> Actor:
    return Actor(name=name, country=country, kind=kind)


def agreement(**fields) -> Agreement:
    base = dict(kind="mou", parties=[actor("Vietnam", "VNM"), actor("India", "IND")], status="signed",
                evidence=EVIDENCE)
    return Agreement(**{**base, **fields})


def transfer(**fields) -> ArmsTransfer:
    base = dict(supplier=actor("Russia", "RUS"), recipient=actor("Vietnam", "VNM"), system="Su-30MK2",
                category="aircraft", status="ordered", evidence=EVIDENCE)
    return ArmsTransfer(**{**base, **fields})


def meeting(**fields) -> Meeting:
    base = dict(participants=[Person(name="Sergei Shoigu", country="RUS")], countries=["RUS", "VNM"],
                kind="talks", status="held", evidence=EVIDENCE)
    return Meeting(**{**base, **fields})


def article(article_id: str = "a1", **records) -> ArticleRecords:
    return ArticleRecords(article=ArticleMeta(id=article_id), **records)


def counts(score, key: str, strict: bool = False) -> tuple[float, float, float]:
    c = (score.strict if strict else score.lenient).fields[key]
    return (c.tp, c.fp, c.fn)


def records(score, record_type: str, strict: bool = False) -> tuple[float, float, float]:
    c = (score.strict if strict else score.lenient).records[record_type]
    return (c.tp, c.fp, c.fn)


def test_every_contract_field_but_summary_evidence_grounded_is_scored():
    models = {"agreements": Agreement, "transfers": ArmsTransfer, "meetings": Meeting}
    for record_type, model in models.items():
        scored = {name.split(".")[0] for name, _ in FIELDS[record_type]}
        assert scored == set(model.model_fields) - {"summary", "evidence", "grounded"}


@needs_devset
@pytest.mark.parametrize("path", DEVSET_GOLD, ids=lambda p: p.stem)
def test_gold_against_itself_scores_one(path):
    gold = ArticleRecords.model_validate_json(path.read_bytes())
    score = score_article(gold, gold)
    assert score.field_f1 == 1.0 and score.strict_field_f1 == 1.0
    for record_type in FIELDS:
        assert score.lenient.records[record_type].f1 == 1.0
    assert score.lenient.field_counts().fp == score.lenient.field_counts().fn == 0


@needs_devset
def test_devset_is_there():
    # follows the folder: every article of ../shared/devset has its gold, and there are some
    articles = sorted((DEVSET_GOLD[0].parents[1] / "articles").glob("*.txt")) if DEVSET_GOLD else []
    assert DEVSET_GOLD and [p.stem for p in DEVSET_GOLD] == [p.stem for p in articles]


# --- §1 alignment -------------------------------------------------------------------------


def test_match_threshold_on_key_similarity():
    cmp = Comparators(ScoringConfig())
    gold = transfer()
    # system 0 (weight 2), supplier 1, recipient 1, category 0 -> (0 + 1 + 1 + 0) / 5 = 0.4
    below = transfer(system="Kilo-class", category="ships")
    assert key_similarity("transfers", below, gold, cmp) == pytest.approx(0.4)
    assert records(score_article(article(transfers=[below]), article(transfers=[gold])), "transfers") == (0, 1, 1)
    # same but category right -> (0 + 1 + 1 + 1) / 5 = 0.6: a match, whose system counts FP and FN
    above = transfer(system="Kilo-class")
    score = score_article(article(transfers=[above]), article(transfers=[gold]))
    assert records(score, "transfers") == (1, 0, 0)
    assert counts(score, "transfers.system") == (0, 1, 1)
    # a stricter threshold turns the same pair away
    strict_threshold = score_article(article(transfers=[above]), article(transfers=[gold]),
                                     ScoringConfig(match_threshold=0.7))
    assert records(strict_threshold, "transfers") == (0, 1, 1)


def test_similarity_equal_to_threshold_matches():
    # parties right (weight 2), kind and date wrong: (2 + 0 + 0) / 4 = 0.5 -> still a match
    pred = agreement(kind="treaty", date="2019")
    gold = agreement(date="2021-12-01")
    assert key_similarity("agreements", pred, gold, Comparators(ScoringConfig())) == 0.5
    assert records(score_article(article(agreements=[pred]), article(agreements=[gold])), "agreements") == (1, 0, 0)


def test_ties_on_key_fields_break_by_all_fields():
    # 180 K2 tanks ordered and 800 more planned: same key fields; the prediction lists them reversed.
    k2 = dict(supplier=actor("South Korea", "KOR"), recipient=actor("Poland", "POL"), system="K2",
              category="armoured_vehicles")
    gold = [transfer(**k2, quantity=180, status="ordered", date="2022-08"), transfer(**k2, quantity=800, status="proposed")]
    pred = [gold[1], gold[0]]
    score = score_article(article(transfers=pred), article(transfers=gold))
    assert {(m.pred, m.gold) for m in score.matches} == {(0, 1), (1, 0)}
    assert score.field_f1 == 1.0


def test_hungarian_maximises_total_similarity():
    # pred 0 suits both golds; pred 1 suits only gold 0. Greedy would pair pred 0 with gold 0.
    gold = [transfer(system="Su-30MK2"), transfer(system="Kilo-class", category="ships")]
    pred = [transfer(system="Su-30MK2", category="ships"), transfer(system="Su-30MK2")]
    score = score_article(article(transfers=pred), article(transfers=gold))
    assert records(score, "transfers") == (2, 0, 0)
    assert {(m.pred, m.gold) for m in score.matches} == {(0, 1), (1, 0)}


# --- §2 counting --------------------------------------------------------------------------


def test_unmatched_records_count_every_filled_field_once_lists_per_element():
    spurious = transfer(supplier=actor("United States", "USA"), system="Hamilton-class cutter", category="ships",
                        quantity=2, value={"amount": 1e6, "currency": "USD"}, date="2021")
    missed = meeting(participants=[Person(name="Phan Van Giang", title="Defence Minister", country="VNM"),
                                   Person(name="Sergei Shoigu")],
                     location={"city": "Hanoi", "country": "VNM"}, topics=["training"])
    score = score_article(article(transfers=[spurious]), article(meetings=[missed]))
    # the transfer: supplier, recipient, system, category, quantity, value, status, date -> 8 FP
    assert score.lenient.field_counts("transfers") == Counts(0, 8, 0)
    # the meeting: participants 2 (each person once, details not counted), countries 2, kind 1,
    # status 1, date unfilled 0, location.city 1, location.country 1, topics 1 -> 9 FN
    assert score.lenient.field_counts("meetings") == Counts(0, 0, 9)
    assert counts(score, "meetings.participants") == (0, 0, 2)
    assert counts(score, "meetings.participants.title") == (0, 0, 0)


def test_scalar_fields_tp_fp_fn():
    gold = transfer(quantity=12, date=None)
    pred = transfer(quantity=14, date="2013", status="ordered")
    score = score_article(article(transfers=[pred]), article(transfers=[gold]))
    assert counts(score, "transfers.quantity") == (0, 1, 1)  # both filled, different
    assert counts(score, "transfers.date") == (0, 1, 0)  # prediction filled, gold null
    assert counts(score, "transfers.value") == (0, 0, 0)  # both null
    assert counts(score, "transfers.status") == (1, 0, 0)
    score = score_article(article(transfers=[transfer()]), article(transfers=[gold]))
    assert counts(score, "transfers.quantity") == (0, 0, 1)  # gold filled, prediction null


def test_list_fields_match_elements_one_to_one():
    gold = agreement(areas=["arms_trade", "training", "logistics"])
    pred = agreement(areas=["arms_trade", "training", "cyber"], parties=[actor("Vietnam", "VNM")])
    score = score_article(article(agreements=[pred]), article(agreements=[gold]))
    assert counts(score, "agreements.areas") == (2, 1, 1)
    assert counts(score, "agreements.parties") == (1, 0, 1)
    assert counts(score, "agreements.signatories") == (0, 0, 0)


# --- §3 comparators -----------------------------------------------------------------------


def test_partial_date_counts_halves_lenient_and_a_miss_strict():
    score = score_article(article(transfers=[transfer(date="2021-12")]), article(transfers=[transfer(date="2021-12-01")]))
    assert counts(score, "transfers.date") == (0.5, 0.5, 0.5)
    assert counts(score, "transfers.date", strict=True) == (0, 1, 1)
    # supplier, recipient, system, category, status TP + the date: tp 5.5, fp .5, fn .5 -> F1 11/12
    assert score.lenient.field_counts("transfers").f1 == pytest.approx(11 / 12)
    other_month = score_article(article(transfers=[transfer(date="2021-11")]), article(transfers=[transfer(date="2021-12")]))
    assert counts(other_month, "transfers.date") == (0, 1, 1)
    year = score_article(article(transfers=[transfer(date="2021")]), article(transfers=[transfer(date="2021-12-01")]))
    assert counts(year, "transfers.date") == (0.5, 0.5, 0.5)


@pytest.mark.parametrize("pred, expected", [
    ({"amount": 101_000_000, "currency": "USD"}, (1, 0, 0)),   # exactly 1 % off
    ({"amount": 99_000_000, "currency": "USD"}, (1, 0, 0)),
    ({"amount": 101_500_000, "currency": "USD"}, (0, 1, 1)),   # 1.5 % off
    ({"amount": 100_000_000, "currency": "EUR"}, (0, 1, 1)),   # another currency
    (None, (0, 0, 1)),
])
def test_money_same_currency_within_one_percent(pred, expected):
    gold = transfer(value={"amount": 100_000_000, "currency": "USD"})
    score = score_article(article(transfers=[transfer(value=pred)]), article(transfers=[gold]))
    assert counts(score, "transfers.value") == expected


def test_names_drop_diacritics_and_punctuation():
    assert normalise_name("Phạm Minh Chính") == normalise_name("Pham Minh Chinh") == "pham minh chinh"
    assert normalise_name("Đỗ Mười") == "do muoi"
    gold = meeting(participants=[Person(name="Phạm Minh Chính", country="VNM")])
    pred = meeting(participants=[Person(name="Pham Minh Chinh", country="VNM")])
    score = score_article(article(meetings=[pred]), article(meetings=[gold]))
    assert counts(score, "meetings.participants") == (1, 0, 0)
    assert counts(score, "meetings.participants", strict=True) == (0, 1, 1)


def test_surname_only_matches_the_full_name():
    cmp = Comparators(ScoringConfig())
    assert cmp.names("Shoigu", "Sergei Shoigu") == 1.0
    assert cmp.names("Su-30 MK2", "Su-30MK2") == 1.0  # same once spaces go
    assert cmp.names("Hamilton-class cutter", "Su-30MK2") == 0.0
    assert Comparators(ScoringConfig(), strict=True).names("Shoigu", "Sergei Shoigu") == 0.0
    assert Comparators(ScoringConfig(), strict=True).names("SERGEI SHOIGU", "Sergei Shoigu") == 1.0
    score = score_article(article(meetings=[meeting(participants=[Person(name="Shoigu")])]), article(meetings=[meeting()]))
    assert counts(score, "meetings.participants") == (1, 0, 0)


def test_matched_person_counts_name_then_title_organization_country():
    gold = meeting(participants=[Person(name="Sergei Shoigu", title="Defence Minister", country="RUS"),
                                 Person(name="Phan Van Giang", title="Defence Minister", country="VNM")])
    pred = meeting(participants=[Person(name="Shoigu", title="defence minister", organization="Ministry of Defence"),
                                 Person(name="Lloyd Austin", title="Secretary of Defense", country="USA")])
    score = score_article(article(meetings=[pred]), article(meetings=[gold]))
    # Shoigu matched: name TP; title equal after casefold TP; organization FP (gold null); country FN.
    # Austin and Phan Van Giang unmatched: one FP and one FN, their details not counted.
    assert counts(score, "meetings.participants") == (1, 1, 1)
    assert counts(score, "meetings.participants.title") == (1, 0, 0)
    assert counts(score, "meetings.participants.organization") == (0, 1, 0)
    assert counts(score, "meetings.participants.country") == (0, 0, 1)


def test_actor_comparator_with_companies():
    cmp = Comparators(ScoringConfig())
    elbit = actor("Elbit Systems", "ISR", "company")
    assert cmp.actors(actor("IMI Systems", "ISR", "company"), elbit) == 0.0  # both companies: names decide
    assert cmp.actors(actor("Elbit", "ISR", "company"), elbit) == 1.0
    assert cmp.actors(actor("Israel", "ISR", "state"), elbit) == 1.0  # not both companies: the country
    assert cmp.actors(actor("Israel", "ISR", "state"), actor("Israel", "USA")) == 0.0
    assert cmp.actors(actor("Elbit Systems Ltd", None, "company"), elbit) == 1.0  # no country: names
    assert cmp.actors(actor("ASEAN", None, "organization"), actor("NATO", None, "organization")) == 0.0
    # supplier is one Actor field: TP, or FP and FN
    gold = transfer(supplier=elbit, recipient=actor("Philippines", "PHL"))
    wrong = transfer(supplier=actor("IMI Systems", "ISR", "company"), recipient=actor("Philippines", "PHL"))
    score = score_article(article(transfers=[wrong]), article(transfers=[gold]))
    assert counts(score, "transfers.supplier") == (0, 1, 1)
    # parties: the list, one count per element matched with the Actor comparator
    gold = agreement(parties=[actor("Slovakia", "SVK"), actor("Lockheed Martin", "USA", "company")])
    pred = agreement(parties=[actor("Slovak Republic", "SVK"), actor("Boeing", "USA", "company")])
    score = score_article(article(agreements=[pred]), article(agreements=[gold]))
    assert counts(score, "agreements.parties") == (1, 1, 1)


def test_location_is_city_and_country():
    gold = meeting(location={"city": "Hà Nội", "country": "VNM"})
    pred = meeting(location={"city": "Ha Noi", "country": None})
    score = score_article(article(meetings=[pred]), article(meetings=[gold]))
    assert counts(score, "meetings.location.city") == (1, 0, 0)
    assert counts(score, "meetings.location.country") == (0, 0, 1)


# --- a whole article with known mistakes ----------------------------------------------------

GIANG = Person(name="Phan Văn Giang", title="Defence Minister", country="VNM")
SINGH = Person(name="Rajnath Singh", title="Defence Minister", country="IND")
GOLD = article(
    agreements=[agreement(name="memorandum of understanding on defence cooperation", signatories=[GIANG, SINGH],
                          date="2022-06-08", areas=["defense_industry", "training"])],
    transfers=[transfer(quantity=12, value={"amount": 600_000_000, "currency": "USD"}, date="2013")],
    meetings=[meeting(participants=[GIANG, SINGH], countries=["VNM", "IND"], date="2022-06-08",
                      location={"city": "Hanoi", "country": "VNM"}, topics=["defense_industry"])],
)
PRED = article(
    agreements=[agreement(name="defence cooperation agreement", date="2022-06", areas=["defense_industry"],
                          signatories=[Person(name="Phan Van Giang", title="General", country="VNM")])],
    transfers=[transfer(system="Su-30 MK2", quantity=12, value={"amount": 605_000_000, "currency": "USD"},
                        status="delivered", date="2013"),
               transfer(supplier=actor("United States", "USA"), system="Hamilton-class cutter", category="ships",
                        status="delivered")],
)


def test_crafted_prediction_lenient_numbers():
    score = score_article(PRED, GOLD)
    # agreement (key (2*1 + 1 + 0.5) / 4 = 0.875, matched):
    #   name FP1 FN1 (token-set 79 < 85); kind TP1; parties TP2; signatories TP1 FN1 (Singh missed);
    #   signatories.title FP1 FN1 ("General"); .country TP1; date TP.5 FP.5 FN.5; status TP1;
    #   areas TP1 FN1  ->  TP 7.5, FP 2.5, FN 4.5
    assert score.lenient.field_counts("agreements") == Counts(7.5, 2.5, 4.5)
    # transfer 1 matched: supplier, recipient, system ("su 30 mk2" = "su 30mk2" without spaces), category,
    #   quantity, value (5M off, within 1 % of 600M), date TP7; status FP1 FN1.
    # transfer 2 unmatched (key (0 + 0 + 1 + 0) / 5 = 0.2): supplier, recipient, system, category, status FP5
    #   ->  TP 7, FP 6, FN 1
    assert score.lenient.field_counts("transfers") == Counts(7, 6, 1)
    # meeting missed: participants 2, countries 2, kind, status, date, city, country, topics 1 each -> FN 10
    assert score.lenient.field_counts("meetings") == Counts(0, 0, 10)
    # all: TP 14.5, FP 8.5, FN 15.5; P 14.5/23, R 14.5/30, F1 29/53
    headline = score.lenient.field_counts()
    assert headline == Counts(14.5, 8.5, 15.5)
    assert headline.precision == pytest.approx(14.5 / 23)
    assert headline.recall == pytest.approx(14.5 / 30)
    assert score.field_f1 == pytest.approx(29 / 53)
    assert records(score, "agreements") == (1, 0, 0)
    assert records(score, "transfers") == (1, 1, 0)
    assert records(score, "meetings") == (0, 0, 1)


def test_crafted_prediction_strict_numbers():
    score = score_article(PRED, GOLD)
    # agreement (key (2 + 1 + 0) / 4 = 0.75): name FP1 FN1; kind TP1; parties TP2;
    #   signatories FP1 FN2 ("Phan Van Giang" != "Phan Văn Giang"); date FP1 FN1; status TP1; areas TP1 FN1
    assert score.strict.field_counts("agreements") == Counts(5, 3, 5)
    # transfer 1 (key (0 + 1 + 1 + 1) / 5 = 0.6): system and status FP1 FN1 each, six TP; transfer 2: FP5
    assert score.strict.field_counts("transfers") == Counts(6, 7, 2)
    # all: TP 11, FP 10, FN 17 -> F1 22/49
    assert score.strict_field_f1 == pytest.approx(22 / 49)


# --- a run --------------------------------------------------------------------------------


def result(records_: ArticleRecords, *, error: str | None = None, attempts: int = 1, seconds: float = 2.0,
           tokens: tuple[int, int] = (1000, 100)) -> ArticleResult:
    provenance = Provenance(model="m", backend="fake", prompt_version="p1", extractor_version="0.1",
                            started_at="2024-01-01T00:00:00Z", duration_s=seconds, attempts=attempts,
                            usage=Usage(prompt_tokens=tokens[0], completion_tokens=tokens[1]))
    return ArticleResult(**records_.model_dump(), provenance=provenance, error=error)


def test_score_run_missing_prediction_is_all_fn_and_sums_counts():
    gold_b = article("b", transfers=[transfer()])
    run = score_run({"a1": result(PRED), "x": result(article("x"))}, {"a1": GOLD, "b": gold_b})
    assert run.articles["b"].predicted is False
    # the missing article's transfer: supplier, recipient, system, category, status -> FN 5
    assert run.articles["b"].lenient.field_counts() == Counts(0, 0, 5)
    assert run.lenient.field_counts() == Counts(14.5, 8.5, 20.5)
    assert run.headline_f1 == pytest.approx(29 / 58)
    assert run.per_type()["transfers"]["records"] == Counts(1, 1, 1)
    assert run.per_article_f1() == {"a1": pytest.approx(29 / 53), "b": 0.0}
    assert run.unscored == ["x"]
    summary = run.to_dict()
    assert summary["headline"]["field_f1"] == pytest.approx(29 / 58)
    assert summary["fields"]["transfers.value"]["tp"] == 1


def test_pipeline_health():
    grounded = transfer().model_copy(update={"grounded": True})
    results = {
        "a": result(article("a", transfers=[grounded, transfer()]), attempts=1, seconds=2.0, tokens=(1000, 100)),
        "b": result(article("b"), error="validation exhausted", attempts=3, seconds=4.0, tokens=(3000, 300)),
        "c": None,
    }
    health = pipeline_health(results, prices=(0.5, 2.0))
    assert health.articles == 3 and health.without_prediction == 1
    assert health.schema_valid_share == 0.5  # of the results present: a missing one is not an invalid one
    assert health.grounded_share == 0.5
    assert health.mean_attempts == 2.0
    assert health.prompt_tokens_per_article == 2000
    assert health.completion_tokens_per_article == 200
    assert health.seconds_per_article == 3.0
    assert health.cost_per_article == pytest.approx((2000 * 0.5 + 200 * 2.0) / 1e6)
    assert pipeline_health(results).cost_per_article is None


def test_counts_conventions():
    assert Counts().f1 == Counts().precision == Counts().recall == 1.0  # nothing to find, nothing found
    assert Counts(0, 0, 3).precision == 0.0
    assert Counts(0, 2, 0).recall == 0.0
    assert Counts(1, 1, 1).f1 == 0.5


def test_config_rejects_weights_on_unknown_fields():
    with pytest.raises(ValueError, match="supplier"):
        ScoringConfig(weights={"agreements": {"supplier": 1.0}})


def test_pipeline_health_counts_how_each_evidence_span_was_matched():
    def spans(*matches):
        return [Evidence(quote=f"quote {i}", start=None if m is None else 0, end=None if m is None else 7, match=m)
                for i, m in enumerate(matches)]

    records = article("a", transfers=[transfer(evidence=spans("exact", "exact")), transfer(evidence=spans("fuzzy")),
                                      transfer(evidence=spans("reanchored")), transfer(evidence=spans("normalised")),
                                      transfer(evidence=spans(None)), transfer(evidence=spans("exact"))])
    health = pipeline_health({"a": result(records)})
    assert (health.evidence_exact_share, health.evidence_normalised_share, health.evidence_fuzzy_share,
            health.evidence_reanchored_share, health.evidence_not_found_share) == (3 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7)
    assert pipeline_health({"b": result(article("b"))}).evidence_exact_share is None
