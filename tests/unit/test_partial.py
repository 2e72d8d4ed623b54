"""An article with a question that never got a valid answer is *partial*: it says so, it is
never served from the cache, and a rerun or ``--resume`` asks the model exactly what failed."""

from __future__ import annotations

import asyncio

import pytest

from test_article import ANSWERS, MEETING_DRAFT, article, record_type_of

from extractor.backends.fake import FakeBackend
from extractor.contract import Usage
from extractor.errors import ConfigError
from extractor.run.article import ExtractOptions, Extractor
from extractor.run.batch import article_cache_key, execute_run
from extractor.store import Store

NO_SECOND_PASS = ExtractOptions(second_pass=())


class Model(FakeBackend):
    """Answers per record type; ``broken`` record types never validate."""

    def __init__(self, broken: tuple[str, ...] = ()):
        super().__init__(responder=self.answer, max_retries=1)
        self.broken = broken

    def answer(self, messages):
        record_type = record_type_of(messages)
        if record_type in self.broken:
            return {"meetings": [{**MEETING_DRAFT, "status": "maybe"}]} if record_type == "meetings" else "no JSON"
        return ANSWERS[record_type]

    def asked(self) -> list[str]:
        return [record_type_of(r["messages"]) for r in self.requests]


def run(store: Store, model: Model, articles=None, **kw):
    return execute_run(Extractor(model, options=NO_SECOND_PASS), articles or [article()], store=store,
                       on_result=lambda result, cached: None, **kw)


def test_a_record_type_that_never_validates_makes_the_article_partial():
    result = asyncio.run(Extractor(Model(broken=("meetings",)), options=NO_SECOND_PASS).extract(article())).result
    assert result.status == "partial" and result.failed == ["meetings"]
    assert result.error is None
    assert len(result.agreements) == 1 and len(result.transfers) == 1 and result.meetings == []


def test_every_record_type_failing_makes_it_failed_and_all_valid_makes_it_complete():
    failed = asyncio.run(Extractor(Model(broken=("agreements", "transfers", "meetings")),
                                   options=NO_SECOND_PASS).extract(article())).result
    assert failed.status == "failed" and failed.error and failed.failed == ["agreements", "transfers", "meetings"]
    complete = asyncio.run(Extractor(Model(), options=NO_SECOND_PASS).extract(article())).result
    assert complete.status == "complete" and complete.failed == []


def test_a_second_pass_question_that_never_validates_makes_the_article_partial():
    def answer(messages):
        if "TASK: transfers of" in messages[-1]["content"]:
            return "no JSON"  # the second pass about Kilo-class never validates
        if record_type_of(messages) == "transfers":
            return {"systems": ["Yak-130", "Kilo-class"], "transfers": ANSWERS["transfers"]["transfers"]}
        return ANSWERS[record_type_of(messages)]

    text = article().text + "\nRussia has also sold Kilo-class submarines to Vietnam.\n"
    result = asyncio.run(Extractor(FakeBackend(responder=answer, max_retries=0)).extract(article(text))).result
    assert result.status == "partial"
    assert result.failed == ["transfers of Kilo-class"]


def test_a_partial_result_is_never_served_from_the_cache_and_a_rerun_asks_only_what_failed(tmp_path):
    with Store.open(tmp_path / "runs.db") as store:
        first = run(store, Model(broken=("meetings",)))
        assert [r.status for r in first.results] == ["partial"] and first.partial == ["yak130"]

        healthy = Model()
        second = run(store, healthy)
        assert second.cached == 0
        assert healthy.asked() == ["meetings"]  # the valid agreements and transfers answers were reused
        [result] = second.results
        assert result.status == "complete" and len(result.meetings) == 1
        assert len(result.agreements) == 1 and len(result.transfers) == 1

        third_model = Model()
        third = run(store, third_model)
        assert third.cached == 1 and third_model.requests == []  # now complete: served whole


def test_resume_redoes_exactly_the_failed_parts_of_partial_articles(tmp_path):
    other = article(id="other")
    with Store.open(tmp_path / "runs.db") as store:
        first = run(store, Model(broken=("transfers",)), [article(), other])
        assert sorted(first.partial) == ["other", "yak130"]
        assert store.pending_articles(first.run_id) == ["yak130", "other"]

        healthy = Model()
        resumed = run(store, healthy, resume_run=first.run_id)
        assert set(healthy.asked()) == {"transfers"}  # only the failed question, of each article
        assert sorted(r.status for r in resumed.results) == ["complete", "complete"]
        assert store.pending_articles(first.run_id) == []
        assert all(len(r.transfers) == 1 for r in store.results(first.run_id))


def test_no_cache_asks_every_question_again(tmp_path):
    with Store.open(tmp_path / "runs.db") as store:
        run(store, Model(broken=("meetings",)))
        again = Model()
        run(store, again, use_cache=False)
        assert sorted(again.asked()) == ["agreements", "meetings", "transfers"]


def test_the_cache_key_covers_the_publication_date_and_the_requests():
    extractor = Extractor(Model(), options=NO_SECOND_PASS)
    base = article_cache_key(extractor, article())
    assert base == article_cache_key(extractor, article())
    assert base != article_cache_key(extractor, article(published=None))
    other_cap = Extractor(Model(), options=ExtractOptions(second_pass=(), max_tokens={
        **NO_SECOND_PASS.max_tokens, "meetings": 900}))
    assert base != article_cache_key(other_cap, article())


def test_an_answer_without_its_list_is_re_asked_and_fails_not_an_empty_article():
    """A server that ignores the schema and answers another shape ("{}", another task's keys)
    gave a complete article with nothing in it; now it is a question that failed."""
    def answer(messages):
        return {"foo": 1} if record_type_of(messages) == "agreements" else ANSWERS[record_type_of(messages)]

    model = FakeBackend(responder=answer, max_retries=1)
    result = asyncio.run(Extractor(model, options=NO_SECOND_PASS).extract(article())).result
    assert result.status == "partial" and result.failed == ["agreements"]
    assert any("key 'agreements'" in w for w in result.warnings)
    assert len(result.transfers) == 1 and len(result.meetings) == 1
    assert sum(record_type_of(r["messages"]) == "agreements" for r in model.requests) == 2  # asked, then re-asked


def test_a_run_still_at_work_is_not_resumed(tmp_path):
    """Resuming a run whose process is alive would extract its articles in flight twice."""
    with Store.open(tmp_path / "s.db") as store:
        running = store.start_run({"model": "m"})  # this process: alive, on this host
        store.planned_articles(running, [article()])
        with pytest.raises(ConfigError, match="still running"):
            run(store, Model(), resume_run=running)
        assert store.results(running) == []


def test_a_resumed_runs_totals_cover_every_process_that_worked_on_it(tmp_path):
    """`extractor runs` showed only the resuming process's tokens and time after --resume."""
    with Store.open(tmp_path / "runs.db") as store:
        first = run(store, Model(broken=("transfers",)), [article(), article(id="other")])
        [before] = store.list_runs()
        assert before.usage.prompt_tokens > 0
        resumed = run(store, Model(), resume_run=first.run_id)
        [after] = store.list_runs()
        calls = [Usage.model_validate_json(c["usage"]) for c in store.calls(first.run_id)]
        assert after.usage == sum(calls, Usage()) and after.usage.prompt_tokens > before.usage.prompt_tokens
        assert after.duration == pytest.approx(before.duration + resumed.duration_s)
