"""Answers replayed from a stored run: re-run everything after the model, with no model.

A run keeps every raw model call (request and answer). When the prompts and the answer
schemas are unchanged, the requests a new run would send are the stored ones, so their stored
answers can stand in for the model: validation, grounding, normalisation and merging then run
again with today's code. That is how a change to the deterministic rules is measured in seconds
instead of half an hour of local-model time (``extractor eval --replay RUN``). With a ``live``
model, requests the run never made (a second pass added since) are sent to it, so only the new
calls cost model time (``--replay RUN --live``). A request is known by its messages and the
answer schema it asks for: an answer given to another schema (a field added since) is never
served for it, since the model would have answered otherwise.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from typing import Any

import instructor
from openai.types.chat import ChatCompletion

from extractor.backends.base import Backend, completion_from_text, schema_of
from extractor.errors import BackendError


def request_key(messages: list[dict[str, Any]], schema: Mapping[str, Any] | None = None) -> str:
    """The identity of a request: its messages and the answer schema it asked for (when it
    names one), canonically serialised."""
    body: Any = messages if schema is None else {"messages": messages, "schema": schema}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReplayBackend(Backend):
    """Serves each request the answer a stored run got for the identical request."""

    name = "replay"

    def __init__(self, run_id: str, calls: Iterable[Mapping[str, Any]], config: Mapping[str, Any],
                 live: Backend | None = None):
        super().__init__(str(config.get("model") or "unknown"), max_retries=int(config.get("max_retries") or 1))
        self.run_id = run_id
        #: the model that answers requests the run never made (a new second-pass call), if any
        self.live = live
        if live is not None:  # a model in this process answers one request at a time, in a run's order
            self.concurrent = live.concurrent
        self._digest = config.get("model_digest")
        mode = (config.get("settings") or {}).get("mode") if isinstance(config.get("settings"), Mapping) else None
        if mode:
            self.instructor_mode = instructor.Mode(mode)
        self.answers: dict[str, deque[tuple[str, dict]]] = defaultdict(deque)
        for call in calls:
            request, response = call.get("request"), call.get("response")
            if isinstance(request, str):
                request = json.loads(request)
            if not request or response is None or call.get("error"):
                continue
            usage = call.get("usage")
            usage = json.loads(usage) if isinstance(usage, str) else (usage or {})
            # a request that kept no answer schema (another structured-output mode) is known by its
            # messages alone
            self.answers[request_key(request["messages"], schema_of(request))].append((response, usage))
        if not self.answers:
            raise BackendError(f"run {run_id} has no stored model answers to replay")

    @property
    def model_digest(self) -> str | None:
        return self._digest

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "replayed_run": self.run_id, "live": self.live.model if self.live else None}

    @property
    def side_by_side(self) -> bool:
        return self.live.side_by_side if self.live is not None else True

    def runtime(self) -> str | None:
        """The live model's build: the run's new answers are its (the replayed ones are the stored
        run's, whose eval config names its own build)."""
        return self.live.runtime() if self.live is not None else None

    def model_time_of(self, response: ChatCompletion) -> float | None:
        return self.live.model_time_of(response) if self.live is not None else None

    async def aclose(self) -> None:
        if self.live is not None:
            await self.live.aclose()

    async def create(self, **kwargs: Any) -> ChatCompletion:
        queue = (self.answers.get(request_key(kwargs["messages"], schema_of(kwargs)))
                 or self.answers.get(request_key(kwargs["messages"])))
        if not queue and self.live is not None:
            return await self.live.create(**kwargs)
        if not queue:
            raise BackendError(f"run {self.run_id} holds no answer to this request: replay needs the prompts, "
                               "answer schemas and articles of that run (the prompt or an answer schema changed?)")
        text, usage = queue[0] if len(queue) == 1 else queue.popleft()
        return completion_from_text(text, model=self.model, prompt_tokens=int(usage.get("prompt_tokens") or 0),
                                    completion_tokens=int(usage.get("completion_tokens") or 0))


__all__ = ["ReplayBackend", "request_key"]
