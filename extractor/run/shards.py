"""Shards: N processes (or machines) split one feed by article id and share one run store.

``--shard K/N`` keeps the articles whose id hashes (sha256, the same on every machine and
Python) to K-1 modulo N, so the N shards together take every article exactly once. Each shard
is a run of its own in one *run group*: ``--run-group NAME``, or by default an id derived
from the whole feed (every article's id and text hash) and the extraction settings, so the
shards of one feed started with the same options find each other without being told.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence

from extractor.errors import ConfigError
from extractor.inputs import Article

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N), 1 <= K <= N; anything else is a one-line ``ConfigError``."""
    match = _SHARD.fullmatch(text or "")
    if not match:
        raise ConfigError(f"--shard {text!r}: give K/N, this process's share K of N (e.g. 1/4)")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= k <= n:
        raise ConfigError(f"--shard {text!r}: K must be between 1 and N (e.g. 1/4 ... 4/4)")
    return k, n


def shard_index(article_id: str, n: int) -> int:
    """The 0-based shard an article id belongs to among ``n``: stable across processes and machines."""
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") % n


def take_shard(articles: Sequence[Article], k: int, n: int) -> list[Article]:
    return [a for a in articles if shard_index(a.id, n) == k - 1]


def group_id(articles: Sequence[Article], config: Mapping[str, object]) -> str:
    """A run group id from the whole feed and the settings that decide its results."""
    feed = sorted((a.id, a.sha256) for a in articles)
    text = json.dumps({"feed": feed, "config": config}, sort_keys=True, default=str, separators=(",", ":"))
    return "g-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
