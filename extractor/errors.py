"""One exception hierarchy. Each error knows the one line a user should read.

The CLI maps ``ExtractorError`` to that line and an exit code; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
import unicodedata


class ExtractorError(Exception):
    """Base of every error a user can cause or fix."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, cause: BaseException | None = None):
        self.message = message
        self.source = source
        self.cause = cause
        super().__init__(self.line())

    def line(self) -> str:
        return printable(f"{self.source}: {self.message}" if self.source else self.message)


def printable(text: str) -> str:
    """``text`` safe for a terminal line: control characters (escape codes, newlines, bidi
    overrides) and lone surrogates written as escapes (``\\x1b``), so an article id cannot
    move the cursor, recolour the screen or split one error into several lines."""
    if text.isprintable():
        return text
    return "".join(ch if ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
                   else ascii(ch)[1:-1] for ch in text)


class InputError(ExtractorError):
    """An article cannot be read: missing, binary, empty, a bad JSONL line, a bad date."""

    exit_code = 2


class ConfigError(ExtractorError):
    """Options that cannot work together, or a missing setting."""

    exit_code = 2


class BackendError(ExtractorError):
    """The model endpoint failed after transport retries (unreachable, refused, 5xx)."""

    exit_code = 3


class AuthError(BackendError):
    """The endpoint rejected the API key."""


class StructuredOutputError(BackendError):
    """The server rejected the structured-output mode; the message names a mode to try."""


class ValidationExhausted(ExtractorError):
    """The model never produced an answer that validates, after every re-ask."""

    exit_code = 4

    def __init__(self, message: str, *, attempts: int, last_completion: str | None = None,
                 partial_calls: list | None = None, **kw):
        self.attempts = attempts
        self.last_completion = last_completion
        self.partial_calls = partial_calls or []
        super().__init__(message, **kw)


class QuestionRefused(ExtractorError):
    """One question cannot be asked: that question fails (the article is partial), the rest of the
    article and of the run go on."""

    exit_code = 4


class PromptTooLong(QuestionRefused):
    """One request is longer than the model's context window: that question fails (the article
    is partial), the rest of the article and of the run go on."""

    exit_code = 4


class ModelFileError(ExtractorError):
    """A local model file is missing, not GGUF, or fails its digest check."""

    exit_code = 5


class StoreError(ExtractorError):
    """The run store cannot be opened or written."""

    exit_code = 6


class StderrHandler(logging.StreamHandler):
    """A log handler that writes to whatever ``sys.stderr`` is when the line is written (test
    runners swap it): the CLI's ``-v`` lines and the service's request log."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass
