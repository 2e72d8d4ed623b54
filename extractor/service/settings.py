"""The service's limits and options, with their documented defaults."""

from __future__ import annotations

from dataclasses import dataclass

#: an article's text may take this many bytes (UTF-8) before the service answers 413
MAX_ARTICLE_BYTES = 1_000_000
#: a request body (a job's articles, all together) may take this many bytes
MAX_BODY_BYTES = 50_000_000


@dataclass(frozen=True)
class ServiceSettings:
    max_article_bytes: int = MAX_ARTICLE_BYTES
    max_body_bytes: int = MAX_BODY_BYTES
    #: requests one key may have in flight at once; more get 429 with Retry-After
    key_requests: int = 8
    #: queued or running jobs one key may have; more get 429 with Retry-After
    key_jobs: int = 4
    #: articles in flight against an HTTP endpoint (the CLI's --concurrency); the embedded model takes one
    concurrency: int = 4
    #: jobs worked on at once (their articles share the model through one queue)
    job_workers: int = 2
    use_cache: bool = True

    def body_limit(self, path: str) -> int:
        """The largest body a route takes: one article (and its metadata) for /v1/extract, allowing
        for JSON that escapes every character (``\\u0440``: 6 bytes for a Cyrillic letter's 2 in
        UTF-8); the article's own UTF-8 size is checked against ``max_article_bytes`` once parsed."""
        return 6 * self.max_article_bytes + 64_000 if path.rstrip("/") == "/v1/extract" else self.max_body_bytes
