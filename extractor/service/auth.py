"""Who is asking (``Authorization: Bearer KEY``) and how much one key may ask at once."""

from __future__ import annotations

import asyncio
from collections import Counter

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from extractor.store import Store
from extractor.store.keys import key_name

bearer = HTTPBearer(auto_error=False, description="a key from `extractor keys create NAME`")


class TooMany(HTTPException):
    """429 with ``Retry-After``."""

    def __init__(self, message: str, retry_after_s: int):
        super().__init__(429, message, headers={"Retry-After": str(retry_after_s)})


class KeyLimits:
    """Requests in flight per key, within one service process."""

    def __init__(self, per_key: int):
        self.per_key = per_key
        self.in_flight: Counter[str] = Counter()

    def enter(self, key: str) -> None:
        if self.in_flight[key] >= self.per_key:
            raise TooMany(f"key {key!r} has {self.per_key} requests in flight already: retry after one finishes", 1)
        self.in_flight[key] += 1

    def leave(self, key: str) -> None:
        self.in_flight[key] -= 1
        if self.in_flight[key] <= 0:
            del self.in_flight[key]


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


async def key_of(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """The name of the live key the request carries; 401 without one, or with an unknown or revoked key."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("missing key: send 'Authorization: Bearer KEY' (`extractor keys create NAME` makes one)")
    store: Store = request.app.state.service.store
    name = await asyncio.to_thread(key_name, store, credentials.credentials)
    if name is None:
        raise _unauthorized("unknown or revoked key")
    request.state.key_name = name
    return name

