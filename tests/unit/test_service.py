"""The HTTP API through FastAPI's TestClient: every route, its errors, keys, limits, logs."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the service needs the serve extra")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.errors import BackendError  # noqa: E402
from extractor.store import Store  # noqa: E402
from extractor.store.keys import revoke_key  # noqa: E402
from tests.unit.service_support import GOLD, SlowFake, auth, keyed_store, make_app, seed  # noqa: E402


@pytest.fixture
def db(tmp_path):
    return tmp_path / "service.db"


@pytest.fixture
def keys(db):
    return keyed_store(db, "alice", "bob")


def wait_for(client, job_id, key, statuses=("finished", "failed"), timeout=20.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/v1/jobs/{job_id}", headers=auth(key)).json()
        if status["status"] in statuses:
            return status
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still {status}")


def test_extract_returns_the_result_and_keeps_it_in_the_store(db, keys):
    with TestClient(make_app(db)) as client:
        answer = client.post("/v1/extract", json={**seed(0), "title": "IMI", "url": "https://example.org/1"},
                             headers=auth(keys["alice"]))
        assert answer.status_code == 200
        result = answer.json()
        assert result["status"] == "complete" and result["article"]["published"] == "2024-03-27"
        assert result["article"]["title"] == "IMI" and result["transfers"]
        assert re.fullmatch(r"queue;dur=[\d.]+, extract;dur=[\d.]+", answer.headers["Server-Timing"])
        again = client.post("/v1/extract", json=seed(0), headers=auth(keys["alice"])).json()
        assert "served from the cache (no model call)" in again["warnings"]
        records = client.get("/v1/records", params={"type": "transfers"}, headers=auth(keys["alice"])).json()
        assert {r["article_id"] for r in records} == {seed(0)["id"]}
    with Store.open(db) as store:
        [run] = [r for r in store.list_runs() if r.done]
        assert run.status == "finished" and run.backend == "fake"


def test_an_article_without_an_id_gets_one_from_its_text(db, keys):
    with TestClient(make_app(db)) as client:
        result = client.post("/v1/extract", json={"text": seed(1)["text"]}, headers=auth(keys["alice"])).json()
    assert result["article"]["id"].startswith("article-") and len(result["article"]["id"]) == 20


V1 = [("post", "/v1/extract", {"text": "x"}), ("post", "/v1/jobs", {"articles": [{"text": "x"}]}),
      ("get", "/v1/jobs/any", None), ("get", "/v1/jobs/any/results", None), ("get", "/v1/records", None),
      ("get", "/v1/runs", None), ("get", "/v1/runs/any/review", None), ("get", "/v1/schemas/transfers", None)]


@pytest.mark.parametrize("method, path, body", V1)
def test_every_v1_route_needs_a_live_key(db, keys, method, path, body):
    with TestClient(make_app(db)) as client:
        call = lambda headers: client.request(method, path, json=body, headers=headers)  # noqa: E731
        for headers in ({}, auth("ext_wrong"), {"Authorization": keys["alice"]}, {"Authorization": "Basic YTpi"}):
            answer = call(headers)
            assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer", headers
            assert answer.json()["error"]
        assert call(auth(keys["alice"])).status_code != 401
        with Store.open(db) as store:
            revoke_key(store, "alice")
        assert call(auth(keys["alice"])).status_code == 401
        assert call(auth(keys["bob"])).status_code != 401


def test_health_metrics_and_docs_need_no_key(db):
    with TestClient(make_app(db)) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        assert client.get("/metrics").status_code == 200
        spec = client.get("/openapi.json").json()
        assert {"/v1/extract", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/results", "/v1/records",
                "/v1/runs", "/v1/runs/{run_id}/review", "/v1/schemas/{name}"} <= set(spec["paths"])
        assert "swagger" in client.get("/docs").text.lower()


@pytest.mark.parametrize("body, message", [
    ({}, "text: Field required"),
    ({"text": "   "}, "text: empty article"),
    ({"text": "x", "published": "27 March"}, "published: bad publication date '27 March': expected YYYY-MM-DD"),
    ({"text": "x", "pubished": "2024-01-01"}, "pubished: Extra inputs are not permitted"),
    ({"text": 5}, "text: Input should be a valid string"),
])
def test_a_bad_article_is_422_naming_the_field(db, keys, body, message):
    with TestClient(make_app(db)) as client:
        answer = client.post("/v1/extract", json=body, headers=auth(keys["alice"]))
        assert answer.status_code == 422 and answer.json()["error"] == message
        job = client.post("/v1/jobs", json={"articles": [{"text": "fine"}, body]}, headers=auth(keys["alice"]))
        assert job.status_code == 422 and job.json()["error"] == "articles.1." + message


def test_a_job_must_name_its_articles_once(db, keys):
    with TestClient(make_app(db)) as client:
        for body, message in (({"articles": []}, "articles: List should have at least 1 item"),
                              ({"articles": [seed(0), seed(0)]}, "article ids must be unique within a job")):
            answer = client.post("/v1/jobs", json=body, headers=auth(keys["alice"]))
            assert answer.status_code == 422 and message in answer.json()["error"]
        not_json = client.post("/v1/jobs", content=b"{nope", headers={**auth(keys["alice"]),
                                                                       "content-type": "application/json"})
        assert not_json.status_code == 422 and "JSON" in not_json.json()["error"]


def test_an_article_over_the_size_limit_is_413(db, keys):
    with TestClient(make_app(db, max_article_bytes=1000)) as client:
        big = {"text": "é" * 600}  # 1,200 bytes in UTF-8
        answer = client.post("/v1/extract", json=big, headers=auth(keys["alice"]))
        assert answer.status_code == 413 and "1,200 bytes, over the limit of 1,000" in answer.json()["error"]
        job = client.post("/v1/jobs", json={"articles": [{"text": "short"}, big]}, headers=auth(keys["alice"]))
        assert job.status_code == 413 and job.json()["error"].startswith("article 2:")
        huge = client.post("/v1/extract", json={"text": "a" * 200_000}, headers=auth(keys["alice"]))
        assert huge.status_code == 413 and "request body over 70,000 bytes" in huge.json()["error"]


def test_a_chunked_body_over_the_limit_is_413(db, keys):
    def chunks():
        for _ in range(100):
            yield b"a" * 1000

    with TestClient(make_app(db, max_article_bytes=10, max_body_bytes=20_000)) as client:
        answer = client.post("/v1/jobs", content=chunks(), headers={**auth(keys["alice"]),
                                                                    "content-type": "application/json"})
    assert answer.status_code == 413 and "20,000" in answer.json()["error"]


def test_a_key_over_its_requests_in_flight_gets_429_with_retry_after(db, keys):
    app = make_app(db, SlowFake(delay_s=0.3), key_requests=1)
    with TestClient(app) as client:
        first = {}
        thread = threading.Thread(target=lambda: first.update(
            answer=client.post("/v1/extract", json=seed(0), headers=auth(keys["alice"]))))
        thread.start()
        while not app.state.service.limits.in_flight.get("alice"):
            time.sleep(0.01)
        second = client.post("/v1/extract", json=seed(1), headers=auth(keys["alice"]))
        other_key = client.get("/v1/runs", headers=auth(keys["bob"]))
        thread.join()
        assert second.status_code == 429 and second.headers["Retry-After"] == "1"
        assert "in flight" in second.json()["error"]
        assert first["answer"].status_code == 200 and other_key.status_code == 200
        assert client.post("/v1/extract", json=seed(1), headers=auth(keys["alice"])).status_code == 200


def test_a_key_over_its_unfinished_jobs_gets_429(db, keys):
    with TestClient(make_app(db, SlowFake(delay_s=0.2), key_jobs=1)) as client:
        first = client.post("/v1/jobs", json={"articles": [seed(0)]}, headers=auth(keys["alice"]))
        second = client.post("/v1/jobs", json={"articles": [seed(1)]}, headers=auth(keys["alice"]))
        assert first.status_code == 202 and second.status_code == 429 and int(second.headers["Retry-After"]) > 0
        assert client.post("/v1/jobs", json={"articles": [seed(1)]}, headers=auth(keys["bob"])).status_code == 202
        wait_for(client, first.json()["id"], keys["alice"])
        assert client.post("/v1/jobs", json={"articles": [seed(1)]}, headers=auth(keys["alice"])).status_code == 202


def test_a_job_runs_in_the_background_and_its_results_come_in_order(db, keys):
    backend = SlowFake(delay_s=0.01)
    with TestClient(make_app(db, backend)) as client:
        articles = [seed(n) for n in range(4)]
        created = client.post("/v1/jobs", json={"articles": articles}, headers=auth(keys["alice"]))
        assert created.status_code == 202
        job_id = created.json()["id"]
        first = client.get(f"/v1/jobs/{job_id}", headers=auth(keys["alice"])).json()
        assert first["status"] in ("queued", "running") and first["total"] == 4
        status = wait_for(client, job_id, keys["alice"])
        assert (status["status"], status["done"], status["total"], status["error"]) == ("finished", 4, 4, None)
        results = client.get(f"/v1/jobs/{job_id}/results", headers=auth(keys["alice"])).json()
        assert [r["article"]["id"] for r in results] == [a["id"] for a in articles]
        assert all(r["status"] == "complete" for r in results) and sum(len(r["transfers"]) for r in results) > 0
        runs = client.get("/v1/runs", headers=auth(keys["alice"])).json()
        assert {"id": job_id, "status": "finished", "planned": 4, "done": 4}.items() <= runs[0].items()
        page = client.get(f"/v1/runs/{job_id}/review", headers=auth(keys["alice"]))
        assert page.headers["content-type"].startswith("text/html") and seed(0)["id"] in page.text
    assert backend.articles_asked() == {a["id"] for a in articles}


def test_a_key_sees_only_its_own_jobs(db, keys):
    with TestClient(make_app(db)) as client:
        job_id = client.post("/v1/jobs", json={"articles": [seed(0)]}, headers=auth(keys["alice"])).json()["id"]
        wait_for(client, job_id, keys["alice"])
        bob = auth(keys["bob"])
        for path in (f"/v1/jobs/{job_id}", f"/v1/jobs/{job_id}/results", f"/v1/runs/{job_id}/review"):
            answer = client.get(path, headers=bob)
            assert answer.status_code == 404 and job_id in answer.json()["error"]
        assert job_id not in {r["id"] for r in client.get("/v1/runs", headers=bob).json()}
        assert client.get("/v1/records", headers=bob).json() == []
        assert client.get("/v1/records", params={"run": job_id}, headers=bob).status_code == 404
        assert client.get("/v1/records", headers=auth(keys["alice"])).json()


def test_records_take_the_records_filters(db, keys):
    with TestClient(make_app(db)) as client:
        for n in range(3):
            client.post("/v1/extract", json=seed(n), headers=auth(keys["alice"]))
        get = lambda **params: client.get("/v1/records", params=params, headers=auth(keys["alice"]))  # noqa: E731
        every = get().json()
        vietnam = get(country="Vietnam", type="transfers").json()
        assert vietnam and len(vietnam) < len(every)
        assert all(r["record_type"] == "transfers" and "VNM" in json.dumps(r["record"]) for r in vietnam)
        dated = get(since="2019", until="2021").json()
        assert all("2019" <= r["record"]["date"][:4] <= "2021" for r in dated)
        assert get(run="latest").json() == every == get(run="all").json()
        for params, message in (({"country": "Atlantis"}, "not a country"), ({"since": "soon"}, "not a date"),
                                ({"since": "2019-13"}, "not a date"), ({"until": "2019-02-30"}, "not a date"),
                                ({"type": "ships"}, "type: Input should be")):
            answer = get(**params)
            assert answer.status_code == 422 and message in answer.json()["error"]
        assert get(run="nope").status_code == 404


def test_schemas_by_name(db, keys):
    with TestClient(make_app(db)) as client:
        transfers = client.get("/v1/schemas/transfers", headers=auth(keys["alice"])).json()
        assert "system" in transfers["properties"]
        assert "provenance" in client.get("/v1/schemas/article_result", headers=auth(keys["alice"])).json()["properties"]
        missing = client.get("/v1/schemas/ships", headers=auth(keys["alice"]))
        assert missing.status_code == 404 and "arms_transfer" in missing.json()["error"]


def test_the_embedded_model_serves_one_article_at_a_time(db, keys):
    backend = SlowFake(delay_s=0.005, concurrent=False)  # as the local backend says of itself
    app = make_app(db, backend, concurrency=8, key_requests=10)
    with TestClient(app) as client:
        job_id = client.post("/v1/jobs", json={"articles": [seed(n) for n in range(3)]},
                             headers=auth(keys["alice"])).json()["id"]
        threads = [threading.Thread(target=client.post, args=("/v1/extract",),
                                    kwargs={"json": seed(n), "headers": auth(keys["bob"])}) for n in (3, 4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wait_for(client, job_id, keys["alice"])
    assert backend.most_in_model == 1 and len(backend.articles_asked()) == 5


def test_a_backend_failure_fails_the_job_and_the_request_in_one_line(db, keys):
    backend = SlowFake()
    backend.responder = lambda messages: (_ for _ in ()).throw(BackendError("endpoint unreachable"))
    with TestClient(make_app(db, backend)) as client:
        answer = client.post("/v1/extract", json=seed(0), headers=auth(keys["alice"]))
        assert answer.status_code == 502 and answer.json() == {"error": "endpoint unreachable"}
        job_id = client.post("/v1/jobs", json={"articles": [seed(0)]}, headers=auth(keys["alice"])).json()["id"]
        status = wait_for(client, job_id, keys["alice"])
        assert (status["status"], status["error"]) == ("failed", "endpoint unreachable")


def test_metrics_count_articles_records_tokens_and_requests(db, keys):
    with TestClient(make_app(db)) as client:
        job_id = client.post("/v1/jobs", json={"articles": [seed(0), seed(1)]}, headers=auth(keys["alice"])).json()["id"]
        wait_for(client, job_id, keys["alice"])
        client.post("/v1/extract", json=seed(0), headers=auth(keys["alice"]))  # from the cache
        client.get("/v1/runs")  # 401
        text = client.get("/metrics").text
    assert 'extractor_articles_total{source="model",status="complete"} 2.0' in text
    assert 'extractor_articles_total{source="cache",status="complete"} 1.0' in text
    assert 'extractor_articles_total{source="model",status="partial"} 0.0' in text
    assert 'extractor_articles_total{source="model",status="failed"} 0.0' in text
    transfers = float(text.split('extractor_records_total{type="transfers"} ')[1].split()[0])
    assert transfers > 0
    assert float(text.split('extractor_tokens_total{kind="completion"} ')[1].split()[0]) > 0
    assert "extractor_model_seconds_total " in text
    assert 'extractor_request_seconds_count{method="GET",route="/v1/runs",status="401"} 1.0' in text
    assert 'extractor_request_seconds_count{method="POST",route="/v1/jobs",status="202"} 1.0' in text
    assert 'extractor_jobs{status="finished"} 1.0' in text


def test_one_json_log_line_per_request_without_the_key_or_the_text(db, keys, capsys):
    with TestClient(make_app(db)) as client:
        client.post("/v1/extract", json=seed(0), headers=auth(keys["alice"]))
        client.get("/v1/jobs/nope", headers=auth(keys["bob"]))
        client.get("/v1/runs")
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(x["route"], x["status"], x["key"]) for x in lines] == [
        ("/v1/extract", 200, "alice"), ("/v1/jobs/{job_id}", 404, "bob"), ("/v1/runs", 401, None)]
    assert all(isinstance(x["latency_ms"], float) for x in lines)
    assert keys["alice"] not in err and keys["bob"] not in err and seed(0)["text"][:60] not in err


def test_partial_and_failed_articles_are_counted(db, keys):
    def respond(messages):
        text = " ".join(m["content"] for m in messages)
        if "FAILED" in text or ("PARTIAL" in text and "TASK: meetings." in text):
            return "not JSON"  # never a valid answer: that question fails
        return GOLD.answer(messages)

    backend = SlowFake()
    backend.responder = respond
    with TestClient(make_app(db, backend)) as client:
        partial = client.post("/v1/extract", json={**seed(0), "text": seed(0)["text"] + " PARTIAL"},
                              headers=auth(keys["alice"])).json()
        failed = client.post("/v1/extract", json={"text": "FAILED " + seed(1)["text"]}, headers=auth(keys["alice"]))
        text = client.get("/metrics").text
    assert partial["status"] == "partial" and partial["failed"] == ["meetings"]
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    assert 'extractor_articles_total{source="model",status="partial"} 1.0' in text
    assert 'extractor_articles_total{source="model",status="failed"} 1.0' in text


def post_json(client, path, body, key, **headers):
    """``body`` as Python's json.dumps writes it (non-ASCII and lone surrogates escaped: \\u0440)."""
    return client.post(path, content=json.dumps(body).encode(), headers={**auth(key), **headers,
                                                                          "content-type": "application/json"})


@pytest.mark.parametrize("path, body, message", [
    ("/v1/extract", {"text": "\ud800 lone surrogate"}, "text: holds an invalid character ('\\ud800' at 0"),
    ("/v1/extract", {"text": "ok fine", "title": "\ud800"}, "title: holds an invalid character ('\\ud800' at 0"),
    ("/v1/extract", {"text": "ok fine", "url": "x\udfff"}, "url: holds an invalid character ('\\udfff' at 1"),
    ("/v1/jobs", {"articles": [{"text": "ok", "url": "\udfff"}]}, "articles.0.url: holds an invalid character"),
    ("/v1/jobs", {"articles": [{"text": "ok \ud800"}]}, "articles.0.text: holds an invalid character ('\\ud800' at 3"),
])
def test_a_lone_surrogate_is_422_naming_the_field_and_makes_no_run(db, keys, path, body, message):
    with TestClient(make_app(db)) as client:
        answer = post_json(client, path, body, keys["alice"])
        assert answer.status_code == 422 and answer.json()["error"].startswith(message)
        assert "a lone surrogate" in answer.json()["error"]
        assert client.get("/v1/runs", headers=auth(keys["alice"])).json() == []


def test_an_extract_id_names_one_text(db, keys):
    with TestClient(make_app(db)) as client:
        alice = auth(keys["alice"])
        first = client.post("/v1/extract", json={**seed(0), "id": "story-1"}, headers=alice)
        assert first.status_code == 200
        other = client.post("/v1/extract", json={**seed(1), "id": "story-1"}, headers=alice)
        assert other.status_code == 409
        assert other.json()["error"] == ("id 'story-1' already names another article in this service's store: "
                                         "give a new id")
        repeat = client.post("/v1/extract", json={**seed(0), "id": "story-1"}, headers=alice)
        assert repeat.status_code == 200 and "served from the cache (no model call)" in repeat.json()["warnings"]
        kept = client.get("/v1/records", headers=alice).json()
        assert kept and {r["article_id"] for r in kept} == {"story-1"}
        # jobs are runs of their own: the same id in another job is another article, not a conflict
        job = client.post("/v1/jobs", json={"articles": [{**seed(1), "id": "story-1"}]}, headers=alice)
        assert job.status_code == 202


def test_an_escaped_article_under_the_limit_is_not_413(db, keys):
    with TestClient(make_app(db, max_article_bytes=100_000)) as client:
        cyrillic = {"text": "Россия поставит Вьетнаму истребители. " * 1_300}  # 92,300 bytes of UTF-8
        assert len(json.dumps(cyrillic)) > 164_000  # escaped: over the old cap (article limit + 64,000)
        answer = post_json(client, "/v1/extract", cyrillic, keys["alice"])
        assert answer.status_code == 200, answer.text
        over = post_json(client, "/v1/extract", {"text": "д" * 50_001}, keys["alice"])
        assert over.status_code == 413
        assert over.json()["error"] == ("article: text of 100,002 bytes, over the limit of 100,000 bytes per article")
        huge = client.post("/v1/extract", content=b" " * 700_000, headers={**auth(keys["alice"]),
                                                                           "content-type": "application/json"})
        assert huge.status_code == 413 and huge.json()["error"] == "request body over 664,000 bytes"


def test_latest_and_run_prefixes_mean_the_runs_this_key_sees(db, keys):
    with TestClient(make_app(db)) as client:
        alice, bob = auth(keys["alice"]), auth(keys["bob"])
        client.post("/v1/extract", json=seed(0), headers=bob)
        job_id = client.post("/v1/jobs", json={"articles": [seed(1)]}, headers=auth(keys["alice"])).json()["id"]
        wait_for(client, job_id, keys["alice"])
        [bobs_run] = [r["id"] for r in client.get("/v1/runs", headers=bob).json()]
        assert client.get("/v1/records", params={"run": "latest"}, headers=bob).json() == \
            client.get("/v1/records", params={"run": bobs_run}, headers=bob).json() != []
        page = client.get("/v1/runs/latest/review", headers=bob)
        assert page.status_code == 200 and bobs_run in page.text
        with Store.open(db) as store:
            store.start_run({"backend": "fake"})
            store.start_run({"backend": "fake"})
            ids = [r.id for r in store.list_runs()]
        prefix = ids[0][:1]  # ids start with the year: every run matches
        visible = sorted(i for i in ids if i != job_id)
        answer = client.get("/v1/records", params={"run": prefix}, headers=bob)
        assert answer.status_code == 422 and answer.json()["error"] == \
            f"{prefix!r} matches 3 runs ({', '.join(visible)}): give more of the id"
        assert client.get("/v1/records", params={"run": bobs_run[:-1]}, headers=bob).json() != []
        assert client.get("/v1/records", params={"run": "nope"}, headers=bob).status_code == 404


@pytest.mark.parametrize("content, headers, status, message", [
    (b'{"text": nope}', {"content-type": "application/json"}, 422, "body is not valid JSON (at character 9)"),
    (b'{"text": "x"}', {}, 422, "body must be a JSON object sent with Content-Type: application/json"),
    (b'{"text": "\xff\xfe"}', {"content-type": "application/json"}, 422, "body is not UTF-8 JSON"),
])
def test_a_body_that_is_not_a_json_object_says_what_to_send(db, keys, content, headers, status, message):
    with TestClient(make_app(db)) as client:
        answer = client.post("/v1/extract", content=content, headers={**auth(keys["alice"]), **headers})
        assert answer.status_code == status and answer.json()["error"] == message
