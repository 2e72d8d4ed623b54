"""Validated answers through instructor's own mode handlers, without its per-call overhead.

``instructor.patch`` rebuilds the answer model's wrapper class and JSON Schema and walks the
model's type tree (looking for async validators) several times on every call: against an
endpoint that answers at once that cost more CPU than the whole rest of the pipeline. Here
the same handlers instructor uses (how the request carries the schema, how an answer is
parsed and validated, how a re-ask is worded) are looked up once per mode, the wrapper and
its schema are built once per answer model, and the loop that re-asks on a validation error
is the one instructor runs: ``max_retries`` re-asks, strict validation, the parse errors it
retries. The requests sent and the answers kept are the same as through ``instructor.patch``.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException
from instructor.v2.core.errors import ResponseParsingError
from instructor.v2.core.providers import Provider
from instructor.v2.core.registry import ModeHandlers, mode_registry
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

#: the parse errors instructor answers with a re-ask (a cut-off answer is not one of them)
RETRYABLE = (ValidationError, json.JSONDecodeError, ResponseParsingError)


class NoValidAnswer(Exception):
    """No answer validated after every re-ask; the last parse error is the cause."""


@functools.cache
def prepared_model(response_model: type[T]) -> type[T]:
    """``response_model`` as instructor's wrapped response schema, built once per answer model,
    with its default JSON Schema generated once (each call gets a fresh copy: instructor may
    add to the dict it is given)."""
    wrapped = instructor.openai_schema(response_model)
    schema_text = json.dumps(wrapped.model_json_schema())

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs or cls is not prepared:
            return super(prepared, cls).model_json_schema(*args, **kwargs)
        return json.loads(schema_text)

    prepared = type(response_model.__name__, (wrapped,), {
        "__module__": response_model.__module__, "__qualname__": response_model.__qualname__,
        "__doc__": response_model.__doc__, "model_json_schema": classmethod(model_json_schema)})
    return prepared


@functools.cache
def _handlers(mode: instructor.Mode) -> ModeHandlers:
    return mode_registry.get_handlers(Provider.OPENAI, mode)


async def ask_validated(create: Callable[..., Awaitable[ChatCompletion]], mode: instructor.Mode,
                        response_model: type[T], *, max_retries: int, **kwargs: Any) -> T:
    """Call ``create`` until its answer validates as ``response_model``, re-asking with the
    validation error at most ``max_retries`` times. Raises ``NoValidAnswer`` (the
    last parse error as its cause) when no answer validated, ``IncompleteOutputException``
    when an answer was cut off at the token cap, and whatever ``create`` raises."""
    handlers = _handlers(mode)
    model = prepared_model(response_model)
    model, request = handlers.request_handler(response_model=model, kwargs=kwargs)
    if handlers.message_converter is not None and "messages" in request:
        request["messages"] = handlers.message_converter(request["messages"], autodetect_images=False)
    request = {**request, "messages": list(request.get("messages", []))}  # re-asks append to this list
    last: Exception | None = None
    for attempt in range(1, max(max_retries, 0) + 2):
        response = await create(**request)
        try:
            parsed = handlers.response_parser(response=response, response_model=model, validation_context=None,
                                              strict=True, stream=False, is_async=True)
        except IncompleteOutputException:
            raise
        except RETRYABLE as exc:
            last = exc
            log.info("answer %d of %d did not validate as %s: %s", attempt, max(max_retries, 0) + 1,
                     response_model.__name__, " ".join(str(exc).split())[:300])
            request = handlers.reask_handler(kwargs=request, response=response, exception=exc)
            continue
        return parsed
    log.info("max retries exceeded: no valid %s after %d attempts", response_model.__name__, attempt)
    raise NoValidAnswer(attempt) from last
