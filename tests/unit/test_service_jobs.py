"""Jobs outlive the service: stopped mid-job, a new service on the same store finishes them."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi", reason="the service needs the serve extra")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.store import Store  # noqa: E402
from extractor.store.keys import get_job  # noqa: E402
from tests.unit.service_support import SEEDS, SlowFake, auth, keyed_store, make_app, seed  # noqa: E402


def test_a_job_stopped_by_a_shutdown_is_finished_by_the_next_service(db_url):
    db = db_url  # a SQLite file, then a PostgreSQL store
    keys = keyed_store(db, "alice")
    first = SlowFake(delay_s=0.05, concurrent=False)  # one article at a time, a few calls each
    with TestClient(make_app(db, first)) as client:
        job_id = client.post("/v1/jobs", json={"articles": [seed(n) for n in range(5)]},
                             headers=auth(keys["alice"])).json()["id"]
        while client.get(f"/v1/jobs/{job_id}", headers=auth(keys["alice"])).json()["done"] < 1:
            time.sleep(0.01)
    # the service stopped mid-job: the job is left running, its run interrupted, nothing lost
    with Store.open(db) as store:
        done_before = {r.article.id for r in store.results(job_id)}
        assert get_job(store, job_id).status == "running" and 1 <= len(done_before) < 5
        assert [r.status for r in store.list_runs() if r.id == job_id] == ["interrupted"]
    second = SlowFake()
    with TestClient(make_app(db, second)) as client:
        deadline = time.monotonic() + 20
        while (status := client.get(f"/v1/jobs/{job_id}", headers=auth(keys["alice"])).json())["status"] != "finished":
            assert time.monotonic() < deadline, status
            time.sleep(0.02)
        results = client.get(f"/v1/jobs/{job_id}/results", headers=auth(keys["alice"])).json()
    assert (status["done"], status["total"]) == (5, 5)
    assert [r["article"]["id"] for r in results] == [p.stem for p in SEEDS[:5]]
    assert second.articles_asked() == {p.stem for p in SEEDS[:5]} - done_before  # nothing asked twice
    with Store.open(db) as store:
        assert [r.status for r in store.list_runs() if r.id == job_id] == ["finished"]


def test_a_job_is_not_finished_by_another_model(tmp_path):
    db = tmp_path / "service.db"
    keys = keyed_store(db, "alice")
    with TestClient(make_app(db, SlowFake(delay_s=0.5, concurrent=False))) as client:
        job_id = client.post("/v1/jobs", json={"articles": [seed(0), seed(1)]}, headers=auth(keys["alice"])).json()["id"]
    other = SlowFake()
    other.model = "another-model"
    with TestClient(make_app(db, other)) as client:
        deadline = time.monotonic() + 10
        while (status := client.get(f"/v1/jobs/{job_id}", headers=auth(keys["alice"])).json())["status"] != "failed":
            assert time.monotonic() < deadline, status
            time.sleep(0.02)
    assert "fake model fake-model" in status["error"] and "another-model" in status["error"]
    assert other.requests == []
