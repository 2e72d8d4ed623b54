"""The lean validation loop sends what ``instructor.patch`` sends and keeps what it keeps.

Each answer model's wrapper and JSON Schema are built once (instructor rebuilt them on every
call); the requests, the re-asks with the validation error and the validated answers must
stay exactly instructor's, in every structured-output mode.
"""

from __future__ import annotations

import asyncio
import copy
import json

import instructor
import pytest

from extractor.asking.answers import ANSWERS
from extractor.backends.base import completion_from_text
from extractor.backends.structured import NoValidAnswer, ask_validated

MODES = [instructor.Mode.JSON_SCHEMA, instructor.Mode.TOOLS, instructor.Mode.JSON]
VALID = {"agreements": {"agreements": []}, "transfers": {"systems": ["K9 Thunder"], "transfers": []},
         "meetings": {"meetings": []}}


def scripted(mode: instructor.Mode, answers: list[str]):
    """A create function answering ``answers`` in turn (as content or as a tool call), logging requests."""
    sent: list[dict] = []

    async def create(**kwargs):
        sent.append(copy.deepcopy(kwargs))
        text = answers[len(sent) - 1]
        response = completion_from_text(text, model="m", prompt_tokens=1, completion_tokens=1)
        if mode == instructor.Mode.TOOLS:
            body = response.model_dump()
            body["choices"][0].update(finish_reason="tool_calls", message={
                "role": "assistant", "content": None, "tool_calls": [{
                    "id": "call_1", "type": "function",
                    "function": {"name": kwargs["tools"][0]["function"]["name"], "arguments": text}}]})
            response = type(response).model_validate(body)
        return response

    return create, sent


def both_ways(mode, answer_model, answers, max_retries=2):
    messages = [{"role": "system", "content": "extract"}, {"role": "user", "content": "TASK: the article"}]
    kwargs = dict(messages=messages, model="m", max_tokens=50, temperature=0.0)
    theirs, sent_theirs = scripted(mode, answers)
    ours, sent_ours = scripted(mode, answers)
    patched = instructor.patch(create=theirs, mode=mode)
    results = []
    for run in (lambda: patched(response_model=answer_model, max_retries=max_retries, **copy.deepcopy(kwargs)),
                lambda: ask_validated(ours, mode, answer_model, max_retries=max_retries, **copy.deepcopy(kwargs))):
        try:
            results.append(asyncio.run(run()).model_dump())
        except Exception as exc:  # noqa: BLE001 - compared below
            results.append(type(exc).__name__)
    return results, sent_theirs, sent_ours


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("record_type", list(VALID))
def test_requests_and_answers_match_instructor_including_a_reask(mode, record_type):
    # first answer breaks the schema (a re-ask with the error follows), the second is valid
    answers = [json.dumps({record_type: "unexpected"}) if record_type != "agreements" else "not JSON at all",
               json.dumps(VALID[record_type])]
    (theirs, ours), sent_theirs, sent_ours = both_ways(mode, ANSWERS[record_type], answers)
    assert isinstance(ours, dict) and ours == theirs
    assert len(sent_ours) == 2 and sent_ours == sent_theirs
    assert "unexpected" in json.dumps(sent_ours[1]["messages"]) or "not JSON" in json.dumps(sent_ours[1]["messages"])


def test_the_schema_sent_is_the_answer_models_own_on_every_call():
    create, sent = scripted(instructor.Mode.JSON_SCHEMA, [json.dumps(VALID["transfers"])] * 3)
    for _ in range(3):
        asyncio.run(ask_validated(create, instructor.Mode.JSON_SCHEMA, ANSWERS["transfers"], max_retries=0,
                                  messages=[{"role": "user", "content": "x"}], model="m"))
    schemas = [r["response_format"]["json_schema"]["schema"] for r in sent]
    assert schemas == [ANSWERS["transfers"].model_json_schema()] * 3
    assert schemas[0] is not schemas[1]  # a fresh copy each call: a change to one never leaks into the next


def test_no_valid_answer_after_the_reasks_names_the_last_error():
    answers = ['{"meetings": 1}', "[]", "nope"]
    (theirs, ours), _, sent = both_ways(instructor.Mode.JSON_SCHEMA, ANSWERS["meetings"], answers)
    assert theirs == "InstructorRetryException" and ours == "NoValidAnswer" and len(sent) == 3
    create, _ = scripted(instructor.Mode.JSON_SCHEMA, ["nope"])
    with pytest.raises(NoValidAnswer) as caught:
        asyncio.run(ask_validated(create, instructor.Mode.JSON_SCHEMA, ANSWERS["meetings"], max_retries=0,
                                  messages=[{"role": "user", "content": "x"}], model="m"))
    assert caught.value.__cause__ is not None and "JSON" in str(caught.value.__cause__)
