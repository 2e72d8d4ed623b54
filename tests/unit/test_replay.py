"""``extractor eval --replay RUN``: a stored run's answers re-run through today's code, no model."""

from __future__ import annotations

import asyncio
import json

from typer.testing import CliRunner

from extractor.backends.replay import ReplayBackend
from extractor.cli.app import app
from extractor.errors import BackendError
from extractor.run.article import Extractor
from extractor.store import Store
from tests.unit.test_eval_cli import eval_set  # noqa: F401  (fixture)
from tests.unit.test_article import ANSWERS, answering, article

runner = CliRunner()


def stored_calls(outcome) -> list[dict]:
    return [{"request": c.request, "response": c.response_text, "usage": c.usage.model_dump()} for c in outcome.calls]


def test_replaying_the_stored_answers_reproduces_the_records():
    first = asyncio.run(Extractor(answering(ANSWERS)).extract(article()))
    replay = ReplayBackend("r1", stored_calls(first), {"model": "fake-model"})
    again = asyncio.run(Extractor(replay).extract(article()))
    dump = lambda result: [r.model_dump() for t in ("agreements", "transfers", "meetings") for r in getattr(result, t)]
    assert dump(again.result) == dump(first.result) and dump(first.result)
    assert again.result.provenance.usage == first.result.provenance.usage


def test_a_request_the_run_never_sent_is_a_clear_backend_error():
    first = asyncio.run(Extractor(answering(ANSWERS)).extract(article()))
    replay = ReplayBackend("r1", stored_calls(first), {"model": "fake-model"})
    other = article(text="Another article entirely, about Brazil and Sweden.", id="other")
    try:
        asyncio.run(Extractor(replay).extract(other))
    except BackendError as exc:
        assert "holds no answer to this request" in exc.message
    else:
        raise AssertionError("a request outside the run was answered")


def test_eval_replay_rescores_a_stored_run_without_a_model(eval_set, tmp_path, monkeypatch):  # noqa: F811
    from tests.support.replay_server import serve_in_background

    db = tmp_path / "store.db"
    monkeypatch.setenv("EXTRACTOR_DB", str(db))
    server, url = serve_in_background([eval_set / "gold"])
    try:
        first = runner.invoke(app, ["eval", "--set", str(eval_set), "--base-url", url, "--model", "replay",
                                    "--out-dir", str(tmp_path / "runs"), "-q"])
    finally:
        server.shutdown()  # from here on no model answers
    assert first.exit_code == 0, first.output
    with Store.open(db) as store:
        run_id = store.resolve_run()
    again = runner.invoke(app, ["eval", "--set", str(eval_set), "--replay", run_id,
                                "--out-dir", str(tmp_path / "replayed"), "-q"])
    assert again.exit_code == 0, again.output
    headline = lambda out: [line for line in out.splitlines() if "headline" in line]
    assert headline(again.output) == headline(first.output)
    [folder] = (tmp_path / "replayed").iterdir()
    assert json.loads((folder / "config.json").read_text())["backend"] == "replay"


def test_eval_replay_of_an_unknown_run_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_DB", str(tmp_path / "store.db"))
    result = runner.invoke(app, ["eval", "--set", "seeds", "--replay", "nope", "--out-dir", str(tmp_path)])
    assert result.exit_code != 0 and "no run 'nope'" in result.output and "Traceback" not in result.output


def test_an_answer_given_to_another_answer_schema_is_not_replayed():
    # a run made before a field was added to what the model is asked: its answers would lack it
    from extractor.backends.base import schema_of

    first = asyncio.run(Extractor(answering(ANSWERS)).extract(article()))
    calls = stored_calls(first)
    assert all(schema_of(json.loads(json.dumps(c["request"]))) for c in calls)
    for call in calls:
        schema = schema_of(call["request"])
        schema["$defs"] = {name: {**d, "description": "an older version"} for name, d in schema.get("$defs", {}).items()}
        schema["description"] = "an older version"
    replay = ReplayBackend("r1", calls, {"model": "fake-model"})
    try:
        asyncio.run(Extractor(replay).extract(article()))
    except BackendError as exc:
        assert "an answer schema changed" in exc.message
    else:
        raise AssertionError("an answer to another schema was replayed")


def test_with_a_live_model_only_the_requests_the_run_never_made_reach_it():
    from extractor.backends.fake import FakeBackend
    from extractor.run.article import ExtractOptions
    from tests.unit.test_article import EMPTY, TWO_SYSTEMS, record_type_of, sale

    def respond(messages):
        if record_type_of(messages) == "transfers":
            return {"systems": ["Yak-130", "Gepard-class frigates"],
                    "transfers": [sale("Vietnam has ordered 12 Yak-130 trainer aircraft")]}
        return EMPTY[record_type_of(messages)]

    first = asyncio.run(Extractor(FakeBackend(responder=respond), options=ExtractOptions(second_pass=())).extract(
        article(TWO_SYSTEMS)))
    live = FakeBackend(responder=lambda m: {"transfers": [sale("Russia has also delivered two Gepard-class frigates",
                                                               system="Gepard-class frigates", category="ships",
                                                               quantity=2, value=None, status="delivered")]})
    replay = ReplayBackend("r1", stored_calls(first), {"model": "fake-model"}, live=live)
    again = asyncio.run(Extractor(replay).extract(article(TWO_SYSTEMS)))
    assert len(live.requests) == 1  # the second pass for the frigates; the three record types were replayed
    assert sorted(t.system for t in again.result.transfers) == ["Gepard-class frigates", "Yak-130"]


def test_a_replay_names_the_build_of_the_live_model_that_answered_what_was_new():
    from extractor.backends.fake import FakeBackend

    class Built(FakeBackend):
        def runtime(self):
            return "llama-cpp-python 9.9: AVX2"

    first = asyncio.run(Extractor(answering(ANSWERS)).extract(article()))
    assert ReplayBackend("r1", stored_calls(first), {"model": "fake-model"}, live=Built()).runtime() == \
        "llama-cpp-python 9.9: AVX2"
    assert ReplayBackend("r1", stored_calls(first), {"model": "fake-model"}).runtime() is None


def test_live_without_replay_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["eval", "--set", "seeds", "--live", "--out-dir", str(tmp_path)])
    assert result.exit_code == 2 and "--live only goes with --replay" in result.output


def test_eval_replay_of_a_run_served_from_the_cache_names_the_run_that_made_the_answers(tmp_path, monkeypatch):
    from tests.unit.store_samples import article_result

    db = tmp_path / "store.db"
    monkeypatch.setenv("EXTRACTOR_DB", str(db))
    with Store.open(db) as store:
        maker = store.start_run({"model": "m"})
        store.save_result(maker, article_result(), "k", [{"request": {"messages": []}, "response": "{}"}])
        cached = store.start_run({"model": "m"})
        store.save_result(cached, article_result(), "k")
    result = runner.invoke(app, ["eval", "--set", "seeds", "--replay", cached, "--out-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "served from the cache" in result.output and f"replay run {maker}" in result.output
