"""Prometheus metrics of one service instance (its own registry, so several apps in one
process, as in the tests, never share counters)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest

from extractor.contract import RECORD_TYPES
from extractor.run.into_run import Extracted

disable_created_metrics()  # the *_created series say when a counter was made: noise here

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.articles = Counter("extractor_articles", "articles extracted, by status and source (model or cache)",
                                ["status", "source"], registry=r)
        self.records = Counter("extractor_records", "records extracted, by type", ["type"], registry=r)
        self.model_seconds = Counter("extractor_model_seconds", "seconds spent in model calls", registry=r)
        self.tokens = Counter("extractor_tokens", "model tokens, by kind (prompt or completion)", ["kind"], registry=r)
        self.latency = Histogram("extractor_request_seconds", "HTTP request latency, by route, method and status",
                                 ["route", "method", "status"], buckets=LATENCY_BUCKETS, registry=r)
        self.jobs = Gauge("extractor_jobs", "jobs of this service by status", ["status"], registry=r)
        for status in ("complete", "partial", "failed"):
            for source in ("model", "cache"):
                self.articles.labels(status, source)
        for record_type in RECORD_TYPES:
            self.records.labels(record_type)
        for kind in ("prompt", "completion"):
            self.tokens.labels(kind)

    def extracted(self, done: Extracted) -> None:
        result = done.result
        self.articles.labels(result.status, "cache" if done.cached else "model").inc()
        for record_type in RECORD_TYPES:
            found = len(getattr(result, record_type))
            if found:
                self.records.labels(record_type).inc(found)
        if done.cached:
            return
        seconds = sum(c.model_time_s if c.model_time_s is not None else c.duration_s for c in done.calls)
        self.model_seconds.inc(seconds)
        self.tokens.labels("prompt").inc(result.provenance.usage.prompt_tokens)
        self.tokens.labels("completion").inc(result.provenance.usage.completion_tokens)

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.latency.labels(route, method, str(status)).observe(seconds)

    def text(self) -> bytes:
        return generate_latest(self.registry)
