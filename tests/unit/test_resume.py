"""``--resume`` finishes a run with its own backend, model and settings, and refuses others."""

from __future__ import annotations

import json

import pytest
from cli_samples import ARTICLE, answer, invoke
from test_cli_run import error_lines

from extractor.backends.choice import BackendOptions
from extractor.backends.fake import FakeBackend
from extractor.errors import BackendError
from extractor.store import Store

URL = "http://127.0.0.1:9/v1"


class Endpoint:
    """The fake model behind a URL: down until ``up``; remembers the options each run chose."""

    def __init__(self):
        self.up = False
        self.chosen: list[BackendOptions] = []
        self.backend = FakeBackend(responder=self.answer)

    def answer(self, messages):
        if not self.up and "SECOND" in messages[-1]["content"]:
            raise BackendError(f"cannot connect: backend {URL} unreachable after 5 attempts")
        return answer(messages)

    def make(self, options: BackendOptions) -> FakeBackend:
        self.chosen.append(options)
        return self.backend


@pytest.fixture
def endpoint(monkeypatch) -> Endpoint:
    endpoint = Endpoint()
    monkeypatch.setattr("extractor.cli.run.make_backend", endpoint.make)
    return endpoint


@pytest.fixture
def stopped_run(endpoint, tmp_path) -> str:
    """A run against an endpoint that went down after the first article."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_first.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "b_second.txt").write_text(ARTICLE + "\nSECOND\n", encoding="utf-8")
    result = invoke(str(tmp_path / "in"), "--base-url", f"http://user:SECRET@{URL[7:]}", "--model", "served-model",
                    "--structured-output", "tools", "--no-second-pass", "--concurrency", "1", "--quiet")
    assert result.exit_code == 3, result.output
    with Store.open() as store:
        run_id = store.resolve_run()
        assert store.pending_articles(run_id) == ["b_second"]
    return run_id


def test_resume_uses_the_runs_own_backend_model_and_settings(endpoint, stopped_run):
    endpoint.up = True
    result = invoke("--resume", stopped_run, "--quiet")
    assert result.exit_code == 0, result.output
    resumed = endpoint.chosen[-1]
    assert (resumed.base_url, resumed.model, resumed.structured_output) == (URL, "served-model", "tools")
    assert resumed.backend == "fake"  # the kind of backend the run was made with
    assert all("TASK: transfers of" not in r["messages"][-1]["content"] for r in endpoint.backend.requests)
    with Store.open() as store:
        assert store.pending_articles(stopped_run) == []
        [summary] = [s for s in store.list_runs() if s.id == stopped_run]
        assert summary.status == "finished" and summary.done == 2


def test_the_store_never_holds_a_key_given_inside_the_url(endpoint, stopped_run):
    with Store.open() as store:
        assert "SECRET" not in json.dumps(store.run_config(stopped_run)["options"])


@pytest.mark.parametrize("conflict", [["--model", "another-model"], ["--base-url", "http://127.0.0.1:10/v1"],
                                      ["--structured-output", "json_object"], ["--drop-ungrounded"],
                                      ["--context", "4096"]])
def test_resume_refuses_options_that_contradict_the_run_in_one_line(endpoint, stopped_run, conflict):
    endpoint.up = True
    result = invoke("--resume", stopped_run, *conflict, "--quiet")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error:") and conflict[0] in line and stopped_run in line
    with Store.open() as store:
        assert store.pending_articles(stopped_run) == ["b_second"]  # nothing was run


def test_resume_with_article_paths_is_refused(endpoint, stopped_run, tmp_path):
    result = invoke("--resume", stopped_run, str(tmp_path / "in"))
    assert result.exit_code == 2 and len(error_lines(result)) == 1
