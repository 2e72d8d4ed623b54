"""The review page: every grounded quote highlighted, ungrounded records flagged, nothing unescaped."""

from __future__ import annotations

import re

from store_samples import TEXT, UNFOUND_QUOTE, MarkText, article_result, found, grounded_quotes

from extractor.contract import Agreement
from extractor.outputs.review import UNGROUNDED_FLAG, render_review
from extractor.outputs.review.render import highlight


def refs_quoting(result, quote):
    """Refs (as the page names them) of the records whose evidence is ``quote``."""
    return [f"a0-{t}-{i}" for t in ("agreements", "transfers", "meetings")
            for i, r in enumerate(getattr(result, t)) if any(e.quote == quote for e in r.evidence)]


def test_every_grounded_quote_is_inside_marks_of_its_record():
    result = article_result()
    page = render_review([result], {result.article.id: TEXT})
    marks = MarkText.parse(page)
    for quote in grounded_quotes(result):
        for ref in refs_quoting(result, quote):
            assert quote in marks.by_ref[ref]
    assert {c.split()[0] for c in marks.mark_classes} == {"agreements", "transfers", "meetings"}


def test_ungrounded_records_are_flagged_and_their_quote_is_not_highlighted():
    result = article_result()
    page = render_review([result], {result.article.id: TEXT})
    assert page.count(UNGROUNDED_FLAG) == 1
    assert re.search(r'class="record transfers ungrounded"', page)
    assert "not found in text" in page
    assert all(UNFOUND_QUOTE not in text for text in MarkText.parse(page).by_ref.values())


def test_the_page_is_self_contained_with_a_legend():
    result = article_result()
    page = render_review([result], {result.article.id: TEXT})
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<script>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page.replace('href="https://example.org/001_vn_ru"', ""))
    assert "<link" not in page and "@import" not in page
    for label in ("Agreements", "Arms transfers", "Meetings"):
        assert label in page


def test_everything_from_the_article_and_records_is_escaped():
    text = TEXT.replace("Monday", "<script>alert(1)</script> Monday")
    result = article_result(text=text)
    result.article.title = '<img src=x onerror="alert(2)">'
    result.article.url = "javascript:alert(3)"
    page = render_review([result], {result.article.id: text})
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;training&gt;" in page and "&amp;" in page


def test_overlapping_spans_are_cut_into_marks_that_never_interleave():
    text = "Vietnam and Russia signed a memorandum on defense cooperation in Hanoi."
    outer = found(text, "Vietnam and Russia signed a memorandum on defense cooperation")
    inner = found(text, "signed a memorandum")
    tail = found(text, "defense cooperation in Hanoi")
    result = article_result().model_copy(update={"transfers": [], "meetings": [], "agreements": [
        Agreement(kind="mou", status="signed", parties=[{"name": "Vietnam", "country": "VNM", "kind": "state"}],
                  evidence=[e], grounded=True) for e in (outer, inner, tail)]})
    page = render_review([result], {result.article.id: text})
    marks = MarkText.parse(page)
    assert marks.by_ref == {"a0-agreements-0": outer.quote, "a0-agreements-1": inner.quote,
                            "a0-agreements-2": tail.quote}
    assert any("overlap" in c for c in marks.mark_classes)
    body = re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", body) == text  # every character once, in order
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", body)  # no mark inside another


def test_highlight_ignores_spans_outside_the_text():
    assert highlight("short & sweet", []) == "short &amp; sweet"
    result = article_result()
    page = render_review([result], {result.article.id: "too short"})
    assert "outside the text" in page


def test_missing_text_and_failed_articles_are_shown_as_such():
    ok, failed = article_result("a1"), article_result("a2", error="validation exhausted after 3 attempts")
    page = render_review([ok, failed], {})
    assert "text is not available" in page and "Extraction failed: validation exhausted" in page
    assert "<mark" not in page.split("<main>")[1]


def test_each_quote_says_how_it_was_matched_and_the_summary_counts_them():
    result = article_result()
    first = result.transfers[0]
    moved = first.model_copy(update={"grounded": False, "evidence": [
        first.evidence[0].model_copy(update={"match": "reanchored"})]})
    result = result.model_copy(update={"transfers": [moved, *result.transfers[1:]]})
    exact = sum(e.match == "exact" for r in result.records() for e in r.evidence)
    page = render_review([result], {result.article.id: TEXT})
    assert "RE-ANCHORED: the model quoted another sentence" in page
    assert f"evidence exact: {exact} · normalised: 0 · fuzzy: 0 · re-anchored: 1" in page
    assert page.count(UNGROUNDED_FLAG) == 2


def test_a_partial_article_says_which_questions_failed():
    result = article_result().model_copy(update={"status": "partial", "failed": ["meetings"]})
    page = render_review([result], {result.article.id: TEXT})
    assert "Partial: no valid answer for meetings" in page and "partial articles: 1" in page
