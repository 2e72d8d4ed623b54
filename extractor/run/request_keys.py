"""What identifies a request and the code that answers it: the hashes behind a reused answer
(``Extractor.answer_key``) and a cached result (the ``code`` setting)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel


@functools.cache
def code_digest() -> str:
    """A hash of the package's code: a cached result stands in for a new extraction only when
    the code that assembled it (rules, validation) is the same, not just the version number."""
    digest = hashlib.sha256()
    root = Path(__file__).parents[1]  # the whole package, not just run/
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def schema_digest(answer_model: type[BaseModel]) -> str:
    return value_digest(answer_model.model_json_schema())


def hash_messages(digest: hashlib._Hash, messages: list[dict[str, str]]) -> hashlib._Hash:
    """``digest`` updated with the messages as they are (no JSON encoding of the long texts)."""
    for message in messages:
        digest.update(b"\x1e" + message["role"].encode() + b"\x1f" + message["content"].encode("utf-8", "surrogatepass"))
    return digest


def value_digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
