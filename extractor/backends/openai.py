"""Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp server, LM Studio.

Requests go out through one aiohttp session per event loop, as JSON bodies posted to
``{base_url}/chat/completions``; the answers are read into the ``openai`` package's
``ChatCompletion`` type (leniently, as its own client does). The ``openai`` client itself
cost more CPU per call (its request building and response casting) than everything else an
article needs against a fast server. Transport retries live here (tenacity: rate limits honouring Retry-After, timeouts,
connection errors, 5xx, and a 200 whose body is no chat completion: malformed JSON, an empty
``choices`` list; exponential backoff with jitter). What is left after them becomes one
``BackendError`` with a line a user can act on. An answer cut off at the token cap keeps its
complete records when they can be salvaged (as the embedded backend does).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import ssl
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
import instructor
import orjson
from openai.types.chat import ChatCompletion
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_random_exponential

from extractor.backends.base import Backend, schema_of, sent_body
from extractor.backends.salvage import salvage_truncated_json
from extractor.errors import AuthError, BackendError, ConfigError, ExtractorError, PromptTooLong, StructuredOutputError

#: how the response model's schema reaches the server
STRUCTURED_MODES: dict[str, instructor.Mode] = {
    "json_schema": instructor.Mode.JSON_SCHEMA,  # OpenAI structured outputs, vLLM, LM Studio, Ollama
    "json_object": instructor.Mode.JSON_SCHEMA,  # llama.cpp servers: {"type": "json_object", "schema": ...}
    "tools": instructor.Mode.TOOLS,              # function calling
    "json": instructor.Mode.JSON,                # schema in the prompt, plain JSON mode
}
OTHER_MODE = {"json_schema": "json_object", "json_object": "json_schema", "tools": "json_schema", "json": "json_schema"}


KEY_ENV = ("EXTRACTOR_API_KEY", "OPENAI_API_KEY")
#: how much of a server's error body an error line quotes
BODY_CHARS = 160
#: how servers say a request is longer than the model's context (OpenAI and vLLM, llama.cpp's
#: server, llama-cpp-python's): one question fails, not the run
_CONTEXT_OVERFLOW = re.compile(r"context_length_exceeded|maximum context length|context (size|window|length)",
                               re.I)
_KEY_LIKE = re.compile(
    r"(?i)(?:bearer\s+|(?:api[_-]?key|token|secret|password|authorization)[\"']?\s*[:=]\s*[\"']?)[^\s\"',;}]+"
    r"|\bsk-[A-Za-z0-9_-]{6,}|\b[A-Za-z0-9_\-]{32,}\b")


def api_key_from_env() -> str | None:
    return next((os.environ[name] for name in KEY_ENV if os.environ.get(name)), None)


def redact_url(url: str | None, mask: str = "***@") -> str | None:
    """``http://user:KEY@host/v1`` -> ``http://***@host/v1`` (``mask=""``: ``http://host/v1``):
    a key in the URL never reaches a line or the store."""
    if not url:
        return url
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=mask + parts.netloc.rpartition("@")[2]))


def redact(text: str, secrets: tuple[str | None, ...] = ()) -> str:
    """A server's error body fit for one line: keys and key-like tokens masked, whitespace folded, cut short."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _KEY_LIKE.sub("***", " ".join(text.split()))
    return text if len(text) <= BODY_CHARS else text[:BODY_CHARS] + "…"


class MalformedResponse(Exception):
    """A 200 whose body is not a usable chat completion: a transport fault, retried like a 5xx."""


class StatusAnswer(Exception):
    """The server answered with an HTTP error status."""

    def __init__(self, status: int, message: str, retry_after: str | None):
        super().__init__(f"{status}: {message}")
        self.status, self.message, self.retry_after = status, message, retry_after


class Unreachable(Exception):
    """No answer at all: the connection failed or the request timed out."""

    def __init__(self, timed_out: bool):
        super().__init__("timed out" if timed_out else "cannot connect")
        self.timed_out = timed_out


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, (Unreachable, MalformedResponse)) or (
        isinstance(exc, StatusAnswer) and (exc.status == 429 or exc.status >= 500))


def _retry_after(exc: BaseException | None) -> float | None:
    header = getattr(exc, "retry_after", None)
    try:
        return min(float(header), 120.0) if header else None
    except ValueError:
        return None


def _error_message(body: bytes) -> str:
    """What a server's error body says: its ``error.message`` when it is OpenAI-shaped."""
    text = body.decode("utf-8", "replace")
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        return text
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])
    return str(error) if error else text


class _WaitRetryAfterOrBackoff:
    """Wait what the server asked for (Retry-After), else exponential backoff with jitter."""

    def __init__(self, initial: float, maximum: float):
        self.backoff = wait_random_exponential(multiplier=initial, max=maximum)  # full jitter

    def __call__(self, state: Any) -> float:
        asked = _retry_after(state.outcome.exception() if state.outcome else None)
        return asked if asked is not None else self.backoff(state)


class OpenAIBackend(Backend):
    """Chat completions over HTTP with the official ``openai`` async client."""

    name = "openai"

    def __init__(self, model: str, *, base_url: str | None = None, api_key: str | None = None,
                 structured_output: str = "json_schema", timeout_s: float = 120.0, transport_attempts: int = 5,
                 backoff_initial_s: float = 1.0, backoff_max_s: float = 30.0, max_retries: int = 2,
                 context_tokens: int = 12000, max_wait_s: float = 600.0, context_window: int | None = None):
        if structured_output not in STRUCTURED_MODES:
            raise ConfigError(f"unknown structured-output mode {structured_output!r}: use one of "
                              + ", ".join(STRUCTURED_MODES))
        if base_url is not None and (urlsplit(base_url).scheme not in ("http", "https")
                                     or not urlsplit(base_url).hostname):
            raise ConfigError(f"the base URL {redact_url(base_url)!r} is not an http(s) URL with a host "
                              "(e.g. http://localhost:8080/v1)")
        super().__init__(model, max_retries=max_retries)
        self.structured_output = structured_output
        self.instructor_mode = STRUCTURED_MODES[structured_output]
        self.context_tokens = context_tokens
        self.context_window = context_window
        self.base_url = redact_url(base_url)  # what settings, the store and error lines see
        key = api_key or api_key_from_env()
        if not key and base_url is None:
            raise ConfigError("no API key: set OPENAI_API_KEY or EXTRACTOR_API_KEY, or give --base-url for a local server")
        self._secrets = (key, *((urlsplit(base_url).username, urlsplit(base_url).password) if base_url else ()))
        self.endpoint = (base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
        self.api_key = key
        self._url, self._headers = _target(self.endpoint, key)
        self._proxy = _env_proxy(self._url)  # looked up once, not per request
        self.timeout_s = timeout_s
        self._http: aiohttp.ClientSession | None = None
        self._http_loop: asyncio.AbstractEventLoop | None = None
        self.transport_attempts = transport_attempts
        self.wait = _WaitRetryAfterOrBackoff(backoff_initial_s, backoff_max_s)
        self.max_wait_s = max_wait_s

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "base_url": self.base_url, "structured_output": self.structured_output}

    def _request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        if self.structured_output == "json_object":
            schema = schema_of(kwargs)
            if schema is not None:
                kwargs = {**kwargs, "response_format": {"type": "json_object", "schema": schema}}
        return kwargs

    async def create(self, **kwargs: Any) -> ChatCompletion:
        request = self._request(kwargs)
        try:
            try:  # the usual call answers at the first attempt, without the retry loop's machinery
                return _salvaged(_checked(await self._send(request)))
            except (Unreachable, StatusAnswer, MalformedResponse) as exc:
                if not _transient(exc):
                    raise
                failed: Exception | None = exc
            retrying = AsyncRetrying(
                retry=retry_if_exception(_transient), wait=self.wait, reraise=True,
                stop=stop_after_attempt(self.transport_attempts) | stop_after_delay(self.max_wait_s),
            )
            async for attempt in retrying:
                with attempt:
                    if failed is not None:  # the attempt above is the loop's first (its wait and count)
                        exc, failed = failed, None
                        raise exc
                    return _salvaged(_checked(await self._send(request)))
        except Unreachable as exc:
            raise BackendError(f"{exc}: backend {self._where()} unreachable after "
                               f"{self.transport_attempts} attempts") from None
        except StatusAnswer as exc:
            raise self._status_error(exc) from None
        except MalformedResponse as exc:
            raise BackendError(f"the server at {self._where()} answered {exc} after {self.transport_attempts} "
                               "attempts") from None
        raise BackendError("no response")  # pragma: no cover - AsyncRetrying always returns or raises

    def _session(self) -> aiohttp.ClientSession:
        """This event loop's session (a session belongs to the loop that made it)."""
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.closed or self._http_loop is not loop:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout_s),
                                               connector=aiohttp.TCPConnector(ssl=_tls()))
            self._http_loop = loop
        return self._http

    async def _send(self, request: dict[str, Any]) -> ChatCompletion:
        sent = orjson.dumps(request)  # UTF-8 bytes, as sent and as logged (several times faster than json)
        try:
            async with self._session().post(self._url, data=sent, headers=self._headers,
                                            proxy=self._proxy) as response:
                status, body = response.status, await response.read()
                retry_after = response.headers.get("retry-after")
        except asyncio.TimeoutError:
            raise Unreachable(timed_out=True) from None
        except aiohttp.ClientError:
            raise Unreachable(timed_out=False) from None
        if status >= 400:
            raise StatusAnswer(status, _error_message(body), retry_after)
        try:  # the usual answer: parsed and checked in one pass
            return sent_body(ChatCompletion.model_validate_json(body), sent.decode())
        except ValueError:
            pass
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise MalformedResponse(f"with a body that is not JSON ({' '.join(str(exc).split())[:80]})") from exc
        if not isinstance(data, dict):
            raise MalformedResponse("with a body that is not a chat completion")
        try:
            completion = ChatCompletion.model_validate(data)
        except ValueError:  # a server that leaves out or bends fields: read leniently, as the openai client does
            completion = ChatCompletion.construct(**data)
        return sent_body(completion, sent.decode())

    def _status_error(self, exc: StatusAnswer) -> ExtractorError:
        if exc.status == 401:
            return AuthError(f"the endpoint rejected the API key (401) at {self._where()}: "
                             "check OPENAI_API_KEY or EXTRACTOR_API_KEY")
        if exc.status == 403:
            return AuthError(f"the API key may not use model {self.model!r} (403) at {self._where()}")
        if exc.status == 404:
            return BackendError(f"model {self.model!r} or the chat endpoint was not found (404) at {self._where()}")
        body = redact(exc.message, self._secrets)
        if exc.status in (400, 413, 422) and _CONTEXT_OVERFLOW.search(body):
            return PromptTooLong(f"the server at {self._where()} refused a request longer than the model's context "
                                 f"({exc.status}): {body}")
        if exc.status in (400, 422, 500) and any(w in body for w in ("response_format", "json_schema", "tool")):
            return StructuredOutputError(
                f"the server rejected structured-output mode {self.structured_output!r} ({exc.status}); "
                f"try --structured-output {OTHER_MODE[self.structured_output]}")
        if exc.status == 429:
            return BackendError(f"rate limited (429) at {self._where()} after {self.transport_attempts} attempts")
        return BackendError(f"the server answered {exc.status} at {self._where()}: {body}")

    def _where(self) -> str:
        return self.base_url or "api.openai.com"

    async def aclose(self) -> None:
        if self._http is not None and not self._http.closed and self._http_loop is asyncio.get_running_loop():
            await self._http.close()
        self._http = None


@functools.cache
def _tls() -> ssl.SSLContext:
    """The system's certificate authorities (``SSL_CERT_FILE`` honoured) plus certifi's bundle
    where it is installed, as the openai client trusted: an HTTPS endpoint that worked before
    still verifies on a machine whose system store is empty."""
    context = ssl.create_default_context()
    try:
        import certifi
    except ImportError:
        return context
    context.load_verify_locations(certifi.where())
    return context


def _env_proxy(url: str) -> str | None:
    """The proxy the environment names for ``url`` (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``)."""
    parts = urlsplit(url)
    if proxy_bypass(parts.hostname or ""):
        return None
    return getproxies().get(parts.scheme)


def _target(endpoint: str, key: str | None) -> tuple[str, dict[str, str]]:
    """The chat URL and headers: the key as a bearer token, or the URL's own credentials
    (``http://user:pass@host/v1``) as basic auth, which then take its place."""
    parts = urlsplit(endpoint)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if parts.username is not None or parts.password is not None:
        auth = aiohttp.BasicAuth(unquote(parts.username or ""), unquote(parts.password or ""))
        headers["Authorization"] = auth.encode()
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
    else:
        headers["Authorization"] = f"Bearer {key or 'not-needed'}"
    return urlunsplit(parts) + "/chat/completions", headers


def _checked(response: object) -> ChatCompletion:
    """The response, if it is a chat completion with a choice; else a transport fault."""
    if not isinstance(response, ChatCompletion):
        raise MalformedResponse("with a body that is not a chat completion")
    if not response.choices or response.choices[0].message is None:
        raise MalformedResponse("with an empty choices list")
    return response


def _salvaged(response: ChatCompletion) -> ChatCompletion:
    """An answer cut off at the token cap, with its complete records kept, as a finished one."""
    choice = response.choices[0]
    if choice.finish_reason != "length" or not choice.message.content:
        return response
    salvaged = salvage_truncated_json(choice.message.content)
    if salvaged is None:
        return response  # instructor reports it as cut off: the question failed, the article is partial
    message = choice.message.model_copy(update={"content": salvaged})
    kept = response.model_copy(update={"choices": [choice.model_copy(update={"message": message,
                                                                              "finish_reason": "stop"})]})
    object.__setattr__(kept, "_salvaged", True)
    return kept
