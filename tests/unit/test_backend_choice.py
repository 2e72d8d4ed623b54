"""Which backend a command line gets: the embedded model, an endpoint, or OpenAI for a model name
that is not a local model; a missing key is one line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from extractor.backends.choice import BackendOptions, backend_kind, make_backend
from extractor.cli import app
from extractor.errors import ConfigError


@pytest.fixture
def no_keys(monkeypatch):
    for name in ("OPENAI_API_KEY", "EXTRACTOR_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("options", "kind"), [
    ({}, "local"),
    ({"model": "qwen2.5-coder-1.5b"}, "local"),
    ({"model": "qwen2.5-coder-0.5b"}, "local"),
    ({"model": "hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"}, "local"),
    ({"model_path": "any.gguf"}, "local"),
    ({"model": "gpt-4o-mini"}, "openai"),
    ({"model": "Qwen2.5-7B-Instruct", "base_url": "http://localhost:8000/v1"}, "openai"),
    ({"base_url": "http://localhost:8000/v1"}, "openai"),
])
def test_the_backend_follows_the_options(options, kind):
    assert backend_kind(BackendOptions(**options)) == kind


def test_a_model_that_is_not_local_goes_to_openai_with_the_key_from_the_environment(no_keys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    backend = make_backend(BackendOptions(model="gpt-4o-mini"))
    assert (backend.name, backend.model) == ("openai", "gpt-4o-mini")
    assert backend.endpoint == "https://api.openai.com/v1"
    assert backend.api_key == "sk-test-not-real"


def test_a_model_that_is_not_local_without_a_key_is_one_line_and_exit_2(no_keys, tmp_path):
    with pytest.raises(ConfigError) as caught:
        make_backend(BackendOptions(model="gpt-4o-mini"))
    assert "gpt-4o-mini is not a local model" in caught.value.line() and "OPENAI_API_KEY" in caught.value.line()
    article = tmp_path / "a.txt"
    article.write_text("Vietnam ordered trainers.", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--model", "gpt-4o-mini"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --model gpt-4o-mini is not a local model") and "OPENAI_API_KEY" in line


def test_a_servers_small_context_given_with_context_cuts_pieces_to_fit_it():
    # A llama.cpp server started with --n_ctx 4096 refuses longer requests; told its context, the
    # run cuts articles so that the system message, a piece, the task and the answer fit.
    from extractor.run.article import Extractor

    backend = make_backend(BackendOptions(base_url="http://localhost:8000/v1", context=4096))
    assert backend.context_window == 4096
    assert Extractor(backend).piece_tokens <= 4096 - 700 - 1000
    assert make_backend(BackendOptions(base_url="http://localhost:8000/v1")).context_window is None


def test_a_context_too_small_to_be_a_models_is_one_line_and_exit_2(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Vietnam ordered trainers.", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--context", "512"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line == "error: the model's context must be 1024 tokens or more, not 512"
