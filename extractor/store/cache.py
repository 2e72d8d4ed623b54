"""The cache key: what must be equal for a stored result to stand in for a new extraction.

Pure: the same article text, model, prompts, schema and settings give the same key on any
machine, so a re-run skips articles it has already extracted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePath


def _canonical(value: object) -> object:
    """A JSON-ready form in which equal settings are equal: ``0`` and ``0.0`` agree, sets sort."""
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, PurePath):
        return value.as_posix()
    return str(value)


def cache_key(article_sha256: str, model: str, prompt_version: str, schema_version: str,
              settings: Mapping[str, object]) -> str:
    """sha256 hex digest of the canonical JSON of everything that decides an article's result.

    ``settings`` holds the extraction settings that change answers (temperature, max tokens,
    chunk size, structured-output mode...); leave out ones that do not (concurrency, paths).
    """
    payload = {
        "article_sha256": article_sha256,
        "model": model,
        "prompt_version": prompt_version,
        "schema_version": schema_version,
        "settings": _canonical(settings),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
