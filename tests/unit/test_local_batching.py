"""The embedded backend takes the questions an article asks at once as one batch (the model itself
is stubbed here; tests/e2e decodes real batches)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from extractor.backends.base import completion_from_text
from extractor.backends.decoding import Decoded
from extractor.backends.local import LocalBackend
from extractor.backends.model_files import ModelFile
from extractor.errors import PromptTooLong
from extractor.run.article import Extractor
from tests.unit.test_article import ANSWERS, article, record_type_of


class Batched(LocalBackend):
    """A local backend whose model answers per record type and logs the batches it was given."""

    def __init__(self):
        super().__init__(ModelFile(name="m", path=Path("m.gguf"), sha256="0" * 64), llama=object(), n_threads=1)
        self.batches: list[list[str]] = []
        self.refused: set[str] = set()  # record types whose question is too long

    def count_tokens(self, text: str) -> int:
        return len(text) // 4

    def create_many_sync(self, requests):
        asked = [record_type_of(r["messages"]) for r in requests]
        self.batches.append(asked)
        return [PromptTooLong("too long") if t in self.refused else
                completion_from_text(json.dumps(ANSWERS[t]), model="m", prompt_tokens=1, completion_tokens=1)
                for t in asked]


def asked(*record_types: str) -> list[dict]:
    return [{"messages": [{"role": "user", "content": f"TASK: {t}."}], "response_format": {"type": "json_object"}}
            for t in record_types]


async def at_once(backend: LocalBackend, *record_types: str) -> list:
    return await asyncio.gather(*(backend.create(**kwargs) for kwargs in asked(*record_types)), return_exceptions=True)


def test_questions_asked_at_once_reach_the_model_as_one_batch_and_those_asked_in_turn_one_by_one():
    backend = Batched()
    answers = asyncio.run(at_once(backend, "agreements", "transfers", "meetings"))
    assert backend.batches == [["agreements", "transfers", "meetings"]]
    assert [json.loads(a.choices[0].message.content) for a in answers] == [
        ANSWERS["agreements"], ANSWERS["transfers"], ANSWERS["meetings"]]

    async def in_turn():
        for kwargs in asked("meetings", "agreements"):
            await backend.create(**kwargs)

    asyncio.run(in_turn())
    assert backend.batches[1:] == [["meetings"], ["agreements"]]


def test_an_article_asks_its_record_types_in_one_batch_and_keeps_record_type_order():
    backend = Batched()
    outcome = asyncio.run(Extractor(backend).extract(article()))
    assert backend.batches[0] == ["agreements", "transfers", "meetings"]
    assert len(outcome.result.agreements) == 1 and len(outcome.result.transfers) == 1
    assert len(outcome.result.meetings) == 1
    first_pass = [record_type_of(c.request["messages"]) for c in outcome.calls][:3]
    assert first_pass == ["agreements", "transfers", "meetings"]


def test_a_question_too_long_fails_alone_and_a_failed_batch_fails_each_of_its_questions():
    backend = Batched()
    backend.refused = {"agreements"}
    too_long, transfers = asyncio.run(at_once(backend, "agreements", "transfers"))
    assert isinstance(too_long, PromptTooLong)
    assert json.loads(transfers.choices[0].message.content) == ANSWERS["transfers"]

    def broken(requests):
        raise RuntimeError("llama_decode failed")

    backend.create_many_sync = broken
    failures = asyncio.run(at_once(backend, "agreements", "transfers"))
    assert [type(f) for f in failures] == [RuntimeError, RuntimeError]


def test_without_batching_each_question_is_decoded_on_its_own():
    backend = Batched()
    backend.batching = False
    assert not backend.side_by_side
    asyncio.run(at_once(backend, "agreements", "transfers", "meetings"))
    assert sorted(backend.batches) == [["agreements"], ["meetings"], ["transfers"]]


class Grouped(LocalBackend):
    """A local backend whose stubbed model holds four sequences and logs the groups it decodes."""

    def __init__(self):
        super().__init__(ModelFile(name="m", path=Path("m.gguf"), sha256="0" * 64), llama=object(), n_threads=1)
        self.warm_start = False
        self.groups: list[list[str]] = []

    def _reset_perf(self) -> None:
        pass

    def _llama_seconds(self) -> float | None:
        return None

    def _decode_group(self, group):
        self.groups.append([record_type_of(kwargs["messages"]) for kwargs, _ in group])
        return [Decoded(json.dumps(ANSWERS[record_type_of(kwargs["messages"])]), "stop", 1, 1) for kwargs, _ in group]


def test_more_questions_at_once_than_the_context_has_sequences_are_decoded_four_by_four_in_order(monkeypatch):
    import extractor.backends.local as local

    monkeypatch.setattr(local, "sequences_of", lambda llama: 4)
    monkeypatch.setattr(local.decoding, "supports", lambda llama: True)
    backend = Grouped()
    types = ["agreements", "transfers", "meetings", "transfers", "agreements", "meetings"]
    requests = [{**kwargs, "response_format": {"type": "json_object", "schema": {"type": "object"}}}
                for kwargs in asked(*types)]
    answers = backend.create_many_sync(requests)
    assert backend.groups == [types[:4], types[4:]]  # not six one at a time
    assert [json.loads(a.choices[0].message.content) for a in answers] == [ANSWERS[t] for t in types]
