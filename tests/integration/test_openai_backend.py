"""The OpenAI-compatible backend against a loopback server replaying canned responses.

The real ``openai`` client, instructor's re-ask and tenacity's transport retries all run; only
the server is canned. Backoffs are shrunk so the suite stays fast.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from extractor.backends.base import Completion
from extractor.backends.openai import OpenAIBackend
from extractor.cli import app
from extractor.contract import ArticleResult
from extractor.asking.answers import TransfersAnswer
from extractor.errors import AuthError, BackendError, StructuredOutputError, ValidationExhausted
from tests.support.replay_server import serve_in_background

REPO = Path(__file__).resolve().parents[2]
PATH = "/v1/chat/completions"
MESSAGES = [
    {"role": "system", "content": "You extract defence-cooperation facts. Answer with JSON only."},
    {"role": "user", "content": "ARTICLE (published 2021-12-02):\nVietnam has ordered 12 Yak-130 trainers from Russia.\n"
                                "TASK: list the arms transfers in the article."},
]
TRANSFER = {"quote": "Vietnam has ordered 12 Yak-130 trainers from Russia.", "system": "Yak-130",
            "category": "aircraft", "supplier": "Russia", "recipient": "Vietnam", "quantity": 12,
            "status": "ordered"}
VALID = {"systems": ["Yak-130"], "transfers": [TRANSFER]}


def chat(content: str) -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}}


@pytest.fixture(scope="module")
def threaded_server():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(threaded_server: HTTPServer):
    threaded_server.clear()
    yield threaded_server
    threaded_server.check_assertions()
    threaded_server.clear()


def backend(server: HTTPServer, **kw) -> OpenAIBackend:
    options = {"api_key": "test", "backoff_initial_s": 0.01, "backoff_max_s": 0.05, **kw}
    return OpenAIBackend("test-model", base_url=server.url_for("/v1"), **options)


def complete(b: OpenAIBackend, response_model=TransfersAnswer) -> Completion:
    async def go():
        try:
            return await b.complete([dict(m) for m in MESSAGES], response_model, max_tokens=300)
        finally:
            await b.aclose()

    return asyncio.run(go())


def requests_sent(server: HTTPServer) -> list[dict]:
    return [request.get_json() for request, _ in server.log]


def expect(server: HTTPServer, *responses: Response | dict | str) -> None:
    for response in responses:
        handler = server.expect_ordered_request(PATH, method="POST")
        if isinstance(response, Response):
            handler.respond_with_response(response)
        elif isinstance(response, str):
            handler.respond_with_json(chat(response))
        else:
            handler.respond_with_json(response)


def error(status: int, message: str, headers: dict | None = None) -> Response:
    body = json.dumps({"error": {"message": message, "type": "server_error", "code": None}})
    return Response(body, status=status, headers=headers or {}, content_type="application/json")


def test_a_valid_answer_comes_back_parsed_with_its_usage(server):
    expect(server, json.dumps(VALID))
    completion = complete(backend(server))
    assert completion.answer.model_dump() == TransfersAnswer.model_validate(VALID).model_dump()
    assert completion.attempts == 1
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (120, 30)
    [sent] = requests_sent(server)
    assert sent["model"] == "test-model" and sent["messages"] == MESSAGES
    assert sent["response_format"]["type"] == "json_schema"


def test_a_rate_limit_is_retried_in_transport_and_never_reaches_the_prompt(server):
    expect(server, error(429, "Rate limit reached for test-model: slow down", {"Retry-After": "0"}),
           json.dumps(VALID))
    completion = complete(backend(server))
    assert completion.answer.transfers[0].system == "Yak-130"
    assert completion.attempts == 1  # a transport retry is not a re-ask
    sent = requests_sent(server)
    assert len(sent) == 2
    assert sent[0]["messages"] == sent[1]["messages"] == MESSAGES
    assert not any("Rate limit" in m["content"] or "429" in m["content"] for s in sent for m in s["messages"])


def test_a_server_error_is_retried_then_succeeds(server):
    expect(server, error(500, "internal error, please retry"), json.dumps(VALID))
    completion = complete(backend(server))
    assert completion.answer.transfers[0].quantity == 12
    assert completion.attempts == 1
    assert len(server.log) == 2


def test_a_timeout_is_retried_then_succeeds(server):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(json.dumps(chat(json.dumps(VALID))), content_type="application/json")

    server.expect_ordered_request(PATH, method="POST").respond_with_handler(slow)
    expect(server, json.dumps(VALID))
    started = time.perf_counter()
    completion = complete(backend(server, timeout_s=0.25))
    assert completion.answer.transfers[0].system == "Yak-130"
    assert completion.attempts == 1
    assert time.perf_counter() - started < 1.0  # did not wait for the slow answer
    deadline = time.monotonic() + 5  # the abandoned slow answer is logged late: not into the next test's log
    while len(server.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)


def test_malformed_json_is_reasked_with_the_error_and_then_accepted(server):
    expect(server, '{"systems": ["Yak-130"], "transfers": [', json.dumps(VALID))
    completion = complete(backend(server))
    assert completion.answer.transfers[0].system == "Yak-130"
    assert completion.attempts == 2
    first, second = requests_sent(server)
    assert first["messages"] == MESSAGES
    assert second["messages"][:2] == MESSAGES
    feedback = second["messages"][2:]
    assert [m["role"] for m in feedback] == ["assistant", "user"]
    assert feedback[0]["content"].startswith('{"systems": ["Yak-130"], "transfers": [')
    assert "json" in feedback[1]["content"].casefold()


def test_a_schema_invalid_answer_is_fixed_on_reask(server):
    wrong = {"systems": ["Yak-130"], "transfers": [{**TRANSFER, "status": "bought", "quantity": 0}]}
    expect(server, json.dumps(wrong), json.dumps(VALID))
    completion = complete(backend(server))
    assert completion.answer.transfers[0].status == "ordered"
    assert completion.attempts == 2
    second = requests_sent(server)[1]
    feedback = second["messages"][-1]["content"]
    assert "status" in feedback and "bought" in feedback and "quantity" in feedback


def test_each_call_logs_the_request_exactly_as_the_server_received_it(server):
    expect(server, '{"systems": ["Yak-130"], "transfers": [', json.dumps(VALID))
    completion = complete(backend(server))
    received = [request.get_data(as_text=True) for request, _ in server.log]
    logged = [call.to_dict()["request"] for call in completion.calls]
    assert logged == received  # the re-ask too, with its feedback turns
    assert json.loads(logged[1])["messages"][2]["role"] == "assistant"


def test_text_outside_ascii_reaches_the_server_and_the_log_unchanged(server):
    quote = "Hélène Marchetti signed the €3.75bn “SAMP/T NG” contract in Lisbon."
    answer = {"systems": ["SAMP/T NG"], "transfers": [{**TRANSFER, "system": "SAMP/T NG", "quote": quote}]}
    expect(server, json.dumps(answer, ensure_ascii=False))
    messages = [MESSAGES[0], {"role": "user", "content": quote}]

    async def go():
        b = backend(server)
        try:
            return await b.complete(messages, TransfersAnswer, max_tokens=300)
        finally:
            await b.aclose()

    completion = asyncio.run(go())
    assert requests_sent(server)[0]["messages"] == messages
    assert completion.answer.transfers[0].quote == quote
    assert json.loads(completion.calls[0].to_dict()["request"])["messages"][1]["content"] == quote


def test_a_rejected_api_key_is_an_auth_error_with_one_line(server):
    expect(server, error(401, "Incorrect API key provided: test"))
    with pytest.raises(AuthError) as caught:
        complete(backend(server))
    line = caught.value.line()
    assert "\n" not in line
    assert "401" in line and "API key" in line and server.url_for("/v1") in line
    assert len(server.log) == 1  # not retried


@pytest.mark.parametrize("message", [
    "This model's maximum context length is 8192 tokens. However, you requested 9100 tokens.",  # OpenAI, vLLM
    "the request exceeds the available context size, try increasing it",  # llama.cpp's server
])
def test_a_request_longer_than_the_servers_context_fails_that_question_not_the_run(server, message):
    expect(server, error(400, message))
    with pytest.raises(ValidationExhausted) as caught:
        complete(backend(server))
    line = caught.value.line()
    assert "longer than the model's context (400)" in line and "\n" not in line
    assert len(server.log) == 1  # neither retried nor re-asked: the same request cannot fit


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_a_backend_error_naming_the_url():
    url = f"http://127.0.0.1:{unused_port()}/v1"
    b = OpenAIBackend("test-model", base_url=url, api_key="test", transport_attempts=2,
                      backoff_initial_s=0.01, backoff_max_s=0.02)
    started = time.perf_counter()
    with pytest.raises(BackendError) as caught:
        complete(b)
    assert url in caught.value.line()
    assert "cannot connect" in caught.value.line() and "\n" not in caught.value.line()
    assert time.perf_counter() - started < 10


def test_a_server_rejecting_response_format_names_another_mode(server):
    server.expect_request(PATH, method="POST").respond_with_response(
        error(500, "'response_format.type' must be 'json_object' or 'text'"))
    with pytest.raises(StructuredOutputError) as caught:
        complete(backend(server, transport_attempts=2))
    line = caught.value.line()
    assert "json_schema" in line and "--structured-output json_object" in line
    assert "\n" not in line


def test_json_object_mode_sends_the_schema_inside_response_format(server):
    expect(server, json.dumps(VALID))
    completion = complete(backend(server, structured_output="json_object"))
    assert completion.answer.transfers[0].system == "Yak-130"
    [sent] = requests_sent(server)
    assert sent["response_format"] == {"type": "json_object", "schema": TransfersAnswer.model_json_schema()}


# --- the CLI against a server replaying the gold answers ---------------------------------------

@pytest.fixture
def replay_url():
    server, url = serve_in_background([REPO / "evals" / "gold"])
    yield url
    server.shutdown()
    server.server_close()


def test_cli_run_over_the_seed_articles_writes_grounded_results(replay_url, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["run", str(REPO / "evals" / "articles"), "--base-url", replay_url,
                                      "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    results = [ArticleResult.model_validate_json(line) for line in lines]
    assert sorted(r.article.id for r in results) == sorted(p.stem for p in (REPO / "evals" / "articles").glob("*.txt"))
    assert len(results) == 5
    assert sum(len(r.records()) for r in results) > 0
    grounded = 0
    for r in results:
        text = (REPO / "evals" / "articles" / f"{r.article.id}.txt").read_bytes().decode("utf-8-sig")
        assert r.error is None
        assert r.provenance.backend == "openai"
        for record in r.records():
            for evidence in record.evidence:
                if evidence.start is not None:
                    assert text[evidence.start:evidence.end] == evidence.quote
                    grounded += 1
    assert grounded > 0
