"""Finished articles are saved in batches: what reaches the output was saved first, a store
that fails stops the run with its own error, and nothing finished before it is lost."""

from __future__ import annotations

import dataclasses

import pytest
from test_article import article
from test_partial import NO_SECOND_PASS, Model

from extractor.errors import StoreError
from extractor.run.article import Extractor
from extractor.run.batch import execute_run
from extractor.store import Store


def articles(n: int) -> list:
    base = article()
    return [dataclasses.replace(base, id=f"a{i}", text=base.text + f" Item {i}.") for i in range(n)]


def test_every_result_handed_on_was_saved_and_a_failing_store_stops_the_run_with_its_error(tmp_path, monkeypatch):
    with Store.open(tmp_path / "runs.db") as store:
        saved: list[str] = []
        real = Store.save_results

        def save_then_fail(self, run_id, items):
            if len(saved) >= 6:
                raise StoreError("cannot write the run store: disk I/O error")
            real(self, run_id, items)
            saved.extend(i.result.article.id for i in items)

        monkeypatch.setattr(Store, "save_results", save_then_fail)
        monkeypatch.setattr("extractor.run.batch.Saver.batch", 2)  # small batches, so the failure comes mid-run
        written: list[str] = []
        with pytest.raises(StoreError, match="disk I/O error"):
            execute_run(Extractor(Model(), options=NO_SECOND_PASS), articles(20), store=store,
                        on_result=lambda result, cached: written.append(result.article.id), concurrency=4)
        assert written and set(written) <= set(saved)  # nothing reached the output unsaved
        monkeypatch.setattr(Store, "save_results", real)
        (run,) = store.list_runs()
        assert run.status == "failed" and sorted(r.article.id for r in store.results(run.id)) == sorted(saved)
