"""Runs side by side: deltas, the articles that moved, and the paired bootstrap."""

from __future__ import annotations

import pytest

from extractor.evals.compare import compare_runs, comparison_markdown, paired_bootstrap, run_markdown
from extractor.evals.scoring import ArticleScore, Counts, PipelineHealth, RunScore, ScoringConfig, Tally


def article_score(article_id: str, tp: float, fp: float, fn: float) -> ArticleScore:
    tally = Tally()
    tally.fields["transfers.system"] = Counts(tp, fp, fn)
    return ArticleScore(article_id, tally, Tally())


def run(*articles: ArticleScore, seconds: float | None = None) -> RunScore:
    return RunScore({a.article_id: a for a in articles}, PipelineHealth(articles=len(articles), seconds_per_article=seconds))


# base: a1 (1, 1, 1) + a2 (2, 0, 2) = (3, 1, 3) -> F1 6/10 = 0.6
# other: a1 (2, 0, 0) + a2 (2, 0, 2) = (4, 0, 2) -> F1 8/10 = 0.8; observed delta +0.2
BASE = run(article_score("a1", 1, 1, 1), article_score("a2", 2, 0, 2), seconds=3.0)
OTHER = run(article_score("a1", 2, 0, 0), article_score("a2", 2, 0, 2), seconds=2.0)


def test_paired_bootstrap_contains_observed_delta_and_is_deterministic():
    interval = paired_bootstrap(BASE, OTHER, samples=2000, seed=7)
    assert interval.delta == pytest.approx(0.2)
    assert interval.low <= interval.delta <= interval.high
    assert interval == paired_bootstrap(BASE, OTHER, samples=2000, seed=7)
    # Two articles give three resamples: {a2, a2} (p 1/4) has delta 0, {a1, a1} (p 1/4) has
    # 1.0 - 0.5 = 0.5, {a1, a2} has 0.2; so the 2.5 and 97.5 percentiles are 0 and 0.5.
    assert interval.low == pytest.approx(0.0)
    assert interval.high == pytest.approx(0.5)
    assert (interval.articles, interval.samples) == (2, 2000)


def test_bootstrap_over_shared_articles_only():
    assert paired_bootstrap(BASE, run(article_score("zz", 1, 0, 0))) is None
    only_a1 = paired_bootstrap(BASE, run(article_score("a1", 2, 0, 0)), samples=200)
    assert only_a1.articles == 1
    assert only_a1.delta == pytest.approx(1.0 - 0.5)  # a1 alone: (1, 1, 1) F1 0.5 -> (2, 0, 0) F1 1.0


def test_compare_runs_deltas_fields_and_changed_articles():
    comparison = compare_runs([("base", BASE), ("new", OTHER)], ScoringConfig(bootstrap_samples=500))
    rows = {row.name: row for row in comparison.metrics}
    assert rows["field F1 (headline)"].values == [pytest.approx(0.6), pytest.approx(0.8)]
    assert rows["field F1 (headline)"].deltas == [None, pytest.approx(0.2)]
    assert rows["seconds per article"].deltas == [None, pytest.approx(-1.0)]
    assert rows["cost per article"].deltas == [None, None]
    assert [row.name for row in comparison.fields] == ["transfers.system"]
    assert [(c.article_id, c.delta) for c in comparison.changes[0]] == [("a1", pytest.approx(0.5))]
    assert comparison.intervals[0].delta == pytest.approx(0.2)
    assert comparison.to_dict()["names"] == ["base", "new"]


def test_markdown_names_runs_deltas_and_interval():
    text = comparison_markdown(compare_runs([("base", BASE), ("new", OTHER), ("same", BASE)],
                                            ScoringConfig(bootstrap_samples=500)))
    assert "| field F1 (headline) | 0.600 | 0.800 (+0.200) | 0.600 (+0.000) |" in text
    assert "headline field F1 delta +0.200, 95% paired bootstrap interval [+0.000, +0.500]" in text
    assert "- `a1`: 0.500 → 1.000 (+0.500)" in text
    assert "**same**: no article's field F1 changed." in text


def test_compare_needs_two_runs():
    with pytest.raises(ValueError):
        compare_runs([("base", BASE)])


def test_run_markdown_has_headline_and_fields():
    text = run_markdown("r1", BASE)
    assert "Headline field F1 **0.600**" in text
    assert "| transfers.system | 3 | 1 | 3 |" in text
