"""An in-process fake model for tests: answers from a queue or a responder function."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion

from extractor.backends.base import Backend, completion_from_text
from extractor.errors import BackendError

Responder = Callable[[list[dict[str, str]]], "str | dict[str, Any]"]


class FakeBackend(Backend):
    """Replays canned answers. ``enqueue`` queues raw text or JSON; ``responder`` answers any request."""

    name = "fake"

    def __init__(self, model: str = "fake-model", *, responder: Responder | None = None, max_retries: int = 2):
        super().__init__(model, max_retries=max_retries)
        self.queue: deque[str | dict[str, Any] | BaseException] = deque()
        self.responder = responder
        self.requests: list[dict[str, Any]] = []

    def enqueue(self, *answers: str | dict[str, Any] | BaseException) -> FakeBackend:
        self.queue.extend(answers)
        return self

    async def create(self, **kwargs: Any) -> ChatCompletion:
        self.requests.append(kwargs)
        if self.queue:
            answer = self.queue.popleft()
        elif self.responder is not None:
            answer = self.responder(kwargs["messages"])
        else:
            raise BackendError("fake backend has no answer queued")
        if isinstance(answer, BaseException):
            raise answer
        text = answer if isinstance(answer, str) else json.dumps(answer)
        prompt_words = sum(len(m["content"].split()) for m in kwargs["messages"])
        return completion_from_text(text, model=self.model, prompt_tokens=prompt_words,
                                    completion_tokens=len(text.split()))
