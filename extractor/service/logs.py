"""One JSON line per request (route, status, latency, key name: never the key, never a body),
request latency into the metrics, and the body-size limit, in one ASGI middleware."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from extractor.errors import StderrHandler
from extractor.service.metrics import Metrics
from extractor.service.settings import ServiceSettings

ACCESS_LOGGER = "extractor.service.access"


def access_logger() -> logging.Logger:
    """The request log: JSON lines on stderr, apart from the libraries' own logging."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body over {limit:,} bytes")


class RequestLog:
    """Times each HTTP request, logs it and counts it; refuses a body over the route's limit
    (by Content-Length before reading, or while reading a chunked body)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, settings: ServiceSettings) -> None:
        self.app = app
        self.metrics = metrics
        self.settings = settings
        self.log = access_logger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        limit = self.settings.body_limit(scope["path"])

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        received = 0

        async def receiving() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
            return message

        try:
            declared = dict(scope.get("headers") or ()).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                status = 413
                await _json_response(sending, 413, {"error": f"request body over {limit:,} bytes"})
                return
            await self.app(scope, receiving, sending)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.request(route, scope["method"], status, seconds)
            state: Any = scope.get("state") or {}
            self.log.info(json.dumps({
                "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "method": scope["method"], "route": route,
                "status": status, "latency_ms": round(seconds * 1000, 2), "key": state.get("key_name"),
            }))


async def _json_response(send: Send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})
