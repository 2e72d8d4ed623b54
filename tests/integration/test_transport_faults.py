"""A 200 that is not a usable answer is a transport fault (retried like a 5xx); an answer cut
off at the token cap keeps its complete records, or fails that one question.

The real ``openai`` client, instructor and tenacity run against a loopback server.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from extractor.asking.answers import TransfersAnswer
from extractor.backends.openai import OpenAIBackend
from extractor.errors import BackendError, ValidationExhausted

PATH = "/v1/chat/completions"
MESSAGES = [{"role": "user", "content": "ARTICLE:\nVietnam has ordered 12 Yak-130 trainers from Russia.\nTASK: transfers"}]
TRANSFER = {"quote": "Vietnam has ordered 12 Yak-130 trainers from Russia.", "system": "Yak-130",
            "category": "aircraft", "supplier": "Russia", "recipient": "Vietnam", "quantity": 12, "status": "ordered"}
VALID = json.dumps({"systems": ["Yak-130"], "transfers": [TRANSFER]})


def chat(content: str | None, finish_reason: str = "stop", choices: bool = True) -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": content}}] if choices else [],
            "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}}


FAULTS = {
    "empty choices": Response(json.dumps(chat(None, choices=False)), content_type="application/json"),
    "malformed JSON body": Response('{"id": "chatcmpl-test", "choi', content_type="application/json"),
    "an HTML body": Response("<html><body>Bad gateway</body></html>", content_type="text/html"),
    "no choices key": Response(json.dumps({"id": "chatcmpl-test", "object": "chat.completion"}),
                               content_type="application/json"),
}


@pytest.fixture
def server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def complete(server: HTTPServer, **kw):
    backend = OpenAIBackend("test-model", base_url=server.url_for("/v1"), api_key="test", backoff_initial_s=0.01,
                            backoff_max_s=0.02, **kw)

    async def go():
        try:
            return await backend.complete([dict(m) for m in MESSAGES], TransfersAnswer, max_tokens=300)
        finally:
            await backend.aclose()

    return asyncio.run(go())


@pytest.mark.parametrize("fault", FAULTS)
def test_a_body_that_is_no_answer_is_retried_in_transport_and_the_answer_kept(server, fault):
    server.expect_ordered_request(PATH, method="POST").respond_with_response(FAULTS[fault])
    server.expect_ordered_request(PATH, method="POST").respond_with_json(chat(VALID))
    completion = complete(server)
    assert completion.answer.transfers[0].system == "Yak-130"
    assert completion.attempts == 1  # a transport retry, not a re-ask spent on the model
    assert len(server.log) == 2
    [sent_first, sent_second] = [request.get_json() for request, _ in server.log]
    assert sent_first["messages"] == sent_second["messages"] == MESSAGES  # the fault never reached a prompt


@pytest.mark.parametrize("fault", FAULTS)
def test_a_body_that_is_never_an_answer_is_one_backend_error_line(server, fault):
    server.expect_request(PATH, method="POST").respond_with_response(FAULTS[fault])
    with pytest.raises(BackendError) as caught:
        complete(server, transport_attempts=3)
    line = caught.value.line()
    assert server.url_for("/v1") in line and "after 3 attempts" in line and "\n" not in line
    assert len(server.log) == 3


def test_an_answer_cut_at_the_token_cap_keeps_its_complete_records(server):
    second = {**TRANSFER, "system": "Su-30MK2"}
    cut = json.dumps({"systems": ["Yak-130", "Su-30MK2"], "transfers": [TRANSFER, second]})[:-60]
    server.expect_request(PATH, method="POST").respond_with_json(chat(cut, finish_reason="length"))
    completion = complete(server)
    assert [t.system for t in completion.answer.transfers] == ["Yak-130"]
    assert len(server.log) == 1


def test_an_answer_cut_at_the_token_cap_that_cannot_be_salvaged_fails_that_question(server):
    server.expect_request(PATH, method="POST").respond_with_json(chat('{"systems": ["Yak-1', finish_reason="length"))
    with pytest.raises(ValidationExhausted) as caught:
        complete(server)
    assert "cut off" in caught.value.message
