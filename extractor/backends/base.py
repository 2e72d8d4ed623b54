"""The backend seam: a structured completion plus what it cost, nothing else.

Two retry layers stay apart. Transport errors (rate limits, timeouts, connection errors,
5xx) are retried inside each backend's ``create`` with backoff and jitter, and only a final
transport failure leaves it, as a ``BackendError``. Validation failures are re-asked by
instructor with the validation error, while ``max_retries`` lasts. Neither layer sees the
other's errors: instructor never pastes a rate-limit error into a prompt, and a transport
error is never spent as a re-ask.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from extractor.backends.structured import NoValidAnswer, ask_validated
from extractor.contract import Usage
from extractor.errors import ExtractorError, QuestionRefused, ValidationExhausted

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]


@dataclass
class CallRecord:
    """One request to the model and its raw answer (stored for audit and debugging): the
    request as a dict, or as the JSON text a backend sent (``sent_body``)."""

    request: dict[str, Any] | str
    response_text: str | None
    usage: Usage
    duration_s: float
    model_time_s: float | None = None
    error: str | None = None
    #: cut off at the token cap; its complete records were kept (the rest of the answer is lost)
    salvaged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"request": self.request, "response_text": self.response_text, "usage": self.usage.model_dump(),
                "duration_s": round(self.duration_s, 4), "model_time_s": self.model_time_s, "error": self.error}


@dataclass
class Completion:
    """A validated answer and every call it took to get it."""

    answer: BaseModel
    calls: list[CallRecord] = field(default_factory=list)

    @property
    def usage(self) -> Usage:
        return sum((c.usage for c in self.calls), Usage())

    @property
    def attempts(self) -> int:
        return len(self.calls)

    @property
    def salvaged(self) -> bool:
        return bool(self.calls) and self.calls[-1].salvaged


class Backend(ABC):
    """A model that answers chat messages with JSON matching a response model."""

    name: str = "backend"
    #: instructor mode: how the response model's schema reaches the server
    instructor_mode: instructor.Mode = instructor.Mode.JSON_SCHEMA
    #: whether several articles may be in flight at once
    concurrent: bool = True
    #: prompt tokens an article may take before it is split into pieces
    context_tokens: int = 6000
    #: the model's whole context in tokens (prompt and answer together) where it is known and
    #: small: pieces are then cut so that every request and its answer fit in it
    context_window: int | None = None

    def __init__(self, model: str, *, max_retries: int = 2, temperature: float = 0.0):
        self.model = model
        self.max_retries = max_retries
        self.temperature = temperature

    @property
    def model_digest(self) -> str | None:
        return None

    def settings(self) -> dict[str, Any]:
        """Settings that change the output: part of the cache key."""
        return {"backend": self.name, "model": self.model, "temperature": self.temperature,
                "max_retries": self.max_retries, "mode": self.instructor_mode.value}

    @property
    def side_by_side(self) -> bool:
        """Whether an article's record types are asked at once (a server answers them in parallel;
        a model in this process decodes them together where it can)."""
        return self.concurrent

    def runtime(self) -> str | None:
        """What runs the model beside its weights, where the answers depend on it (a local llama.cpp
        build): written into an eval run's config so that runs made by different builds can be told
        apart. Not part of the cache key."""
        return None

    @abstractmethod
    async def create(self, **kwargs: Any) -> ChatCompletion:
        """One raw chat completion (OpenAI shapes in and out); transport retries live here."""

    def usage_of(self, response: ChatCompletion) -> Usage:
        if response.usage is None:
            return Usage()
        return Usage(prompt_tokens=response.usage.prompt_tokens or 0,
                     completion_tokens=response.usage.completion_tokens or 0)

    def model_time_of(self, response: ChatCompletion) -> float | None:
        return None

    async def complete(self, messages: list[Message], response_model: type[T], *, max_tokens: int) -> Completion:
        """Ask for ``response_model``; re-ask on validation errors; log every call."""
        calls: list[CallRecord] = []

        async def logged_create(**kwargs: Any) -> ChatCompletion:
            started = time.perf_counter()
            try:
                response = await self.create(**kwargs)
            except ExtractorError as exc:
                calls.append(CallRecord(_logged_request(kwargs), None, Usage(), time.perf_counter() - started,
                                        error=exc.message))
                raise
            request = getattr(response, _SENT_BODY, None) or _logged_request(kwargs)
            text = response.choices[0].message.content if response.choices else None
            if text is None and response.choices and response.choices[0].message.tool_calls:
                text = response.choices[0].message.tool_calls[0].function.arguments
            calls.append(CallRecord(request, text, self.usage_of(response), time.perf_counter() - started,
                                    self.model_time_of(response), salvaged=bool(getattr(response, "_salvaged", False))))
            return response

        try:
            answer = await ask_validated(logged_create, self.instructor_mode, response_model, max_retries=self.max_retries,
                                         messages=messages, model=self.model, max_tokens=max_tokens,
                                         temperature=self.temperature)
        except NoValidAnswer as exc:
            raise ValidationExhausted(
                f"no valid answer after {len(calls)} attempts: {_first_line(str(exc.__cause__ or exc))}",
                attempts=len(calls), last_completion=calls[-1].response_text if calls else None,
                partial_calls=calls,
            ) from None
        except IncompleteOutputException:
            raise ValidationExhausted(
                f"answer cut off at {max_tokens} tokens", attempts=len(calls),
                last_completion=calls[-1].response_text if calls else None, partial_calls=calls,
            ) from None
        except QuestionRefused as exc:  # this question cannot be asked; the article's others can
            raise ValidationExhausted(exc.message, attempts=len(calls), partial_calls=calls) from None
        return Completion(answer=answer, calls=calls)

    async def aclose(self) -> None:
        """Release connections or model memory."""


_SENT_BODY = "_sent_body"


def sent_body(response: ChatCompletion, body: str) -> ChatCompletion:
    """Keep the JSON body a request was sent as on its response: the call log stores that text
    as it is (what was sent, byte for byte) instead of encoding the request a second time."""
    object.__setattr__(response, _SENT_BODY, body)
    return response


def _logged_request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """What a call record keeps of a request. The message list is copied (instructor appends
    its re-ask turns to it later; the messages themselves are not changed); the schema parts
    are built per call (``prepared_model``) and never changed after, so they are kept as they are."""
    request = {k: v for k, v in kwargs.items() if k in ("messages", "response_format", "tools", "tool_choice")}
    if "messages" in request:
        request["messages"] = [dict(m) for m in request["messages"]]
    return request


def _first_line(text: str) -> str:
    return " ".join(text.split())[:300]


def completion_from_text(text: str, *, model: str, prompt_tokens: int, completion_tokens: int,
                         finish_reason: str = "stop") -> ChatCompletion:
    """An OpenAI ChatCompletion around raw text, for backends that are not HTTP servers."""
    return ChatCompletion.model_validate({
        "id": "local", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def schema_of(kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON Schema instructor attached to a request, whatever mode it used."""
    fmt = kwargs.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt["json_schema"]["schema"]
    if fmt.get("type") == "json_object" and "schema" in fmt:
        return fmt["schema"]
    return None


__all__ = ["Backend", "CallRecord", "Completion", "completion_from_text", "schema_of", "sent_body"]
