"""A run over many articles: the store, the cache, the output file and progress together.

Used by ``extractor run`` and ``extractor eval``. Every finished article is saved to the
store (with its raw model calls) and written to the output before the next one finishes, so
an interrupted run loses at most the articles in flight, and ``--resume`` picks up the rest.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from extractor.contract import SCHEMA_VERSION, ArticleResult, Usage
from extractor.inputs import Article, parse_published
from extractor.run.article import ArticleOutcome, Extractor
from extractor.run.ray_engine import RayEngine
from extractor.store import Store, cache_key


@dataclass
class RunReport:
    run_id: str | None
    results: list[ArticleResult] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    cached: int = 0
    duration_s: float = 0.0


class StopSignal:
    """Stops a run from another thread (the Python API, when its caller stops reading results):
    the articles in flight are cancelled, every finished one is already saved, and the run is
    marked interrupted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self._running: tuple[asyncio.AbstractEventLoop, asyncio.Task] | None = None

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._running is not None:
                loop, task = self._running
                loop.call_soon_threadsafe(task.cancel)

    def _attach(self, task: asyncio.Task | None) -> None:
        with self._lock:
            self._running = (asyncio.get_running_loop(), task) if task is not None else None
            if task is not None and self._stopped:
                task.cancel()


def run_config(extractor: Extractor) -> dict:
    backend = extractor.backend
    return {"model": backend.model, "backend": backend.name, "prompt_version": extractor.prompt_version,
            "schema_version": SCHEMA_VERSION, "model_digest": backend.model_digest, "settings": extractor.settings()}


def article_cache_key(extractor: Extractor, article: Article) -> str:
    """Everything that decides the article's result: its text, the requests as rendered (the
    publication date is in them), schemas, sampling settings, token caps and the code."""
    return cache_key(article.sha256, extractor.backend.model, extractor.prompt_version, SCHEMA_VERSION,
                     {**extractor.settings(), "requests": extractor.requests_digest(article)})


def stored_articles(rows: list[dict]) -> list[Article]:
    return [Article(id=r["id"], text=r["text"] or "", source=r["source"] or r["id"], sha256=r["sha256"] or "",
                    published=parse_published(r["published"], r["id"]), title=r["title"], url=r["url"])
            for r in rows if r.get("text")]


def execute_run(
    extractor: Extractor,
    articles: list[Article],
    *,
    store: Store | None,
    on_result: Callable[[ArticleResult, bool], None],
    concurrency: int = 4,
    use_cache: bool = True,
    resume_run: str | None = None,
    options: Mapping[str, object] | None = None,
    stop: StopSignal | None = None,
    run_group: str | None = None,
    shard: str | None = None,
    engine: RayEngine | None = None,
) -> RunReport:
    """Extract ``articles`` (or what ``resume_run`` left undone: articles never finished, partial
    or failed), saving each as it finishes. ``options`` (``run.resume.options_record``) are kept
    in the run's config for ``--resume``. With the cache on, an unfinished article's valid
    answers are kept, and a rerun or resume asks the model only the questions that failed.
    ``stop`` lets another thread end the run early (status interrupted).

    ``engine`` (a ``RayEngine``) extracts on Ray actors instead of this process's event loop;
    saving stays here, one article at a time as each arrives."""
    started = time.perf_counter()
    if store is not None:
        extractor.reuse_answer = store.cached_answer if use_cache else None
    if store is not None and resume_run:
        run_id = store.resolve_run(resume_run)
        articles = stored_articles(store.pending_article_rows(run_id))
        store.claim_run(run_id)
    elif store is not None:
        run_id = store.start_run({**run_config(extractor), **({"options": dict(options)} if options else {})},
                                 run_group=run_group, shard=shard)
        store.planned_articles(run_id, articles)
    else:
        run_id = None
    report = RunReport(run_id)
    usage = Usage()

    def save(article: Article, result: ArticleResult, calls: list, cached: bool, answers: dict | None = None) -> None:
        nonlocal usage
        if store is not None and run_id is not None:
            keep = answers if result.status != "complete" else None  # a complete result is cached whole
            store.save_result(run_id, result, article_cache_key(extractor, article), calls, article_text=article.text,
                              answers=keep)
        report.results.append(result)
        if result.status == "failed":
            report.failed.append(article.id)
        elif result.status == "partial":
            report.partial.append(article.id)
        if not cached:
            usage = usage + result.provenance.usage
        on_result(result, cached)

    def from_cache(article: Article) -> bool:
        if store is None or not use_cache:
            return False
        hit = store.cached_result(article_cache_key(extractor, article))
        if hit is None:
            return False
        hit = hit.model_copy(update={"article": article.meta(),
                                     "warnings": [*hit.warnings, "served from the cache (no model call)"]})
        report.cached += 1
        save(article, hit, [], cached=True)
        return True

    def finished(outcome: ArticleOutcome) -> None:
        save(outcome.article, outcome.result, outcome.calls, cached=False, answers=outcome.answers)

    status = "failed"
    try:
        if engine is not None:
            engine.run(extractor, articles, finished, from_cache, use_answers=store is not None and use_cache)
        else:
            asyncio.run(_extract(extractor, articles, finished, from_cache, concurrency, stop))
        status = "finished"
    except (KeyboardInterrupt, asyncio.CancelledError):
        status = "interrupted"
        raise
    finally:
        report.duration_s = time.perf_counter() - started
        if store is not None and run_id is not None:
            store.finish_run(run_id, status, report.duration_s, usage)
    return report


async def _extract(extractor: Extractor, articles: list[Article], finished, from_cache, concurrency: int,
                   stop: StopSignal | None = None) -> None:
    if stop is not None:
        stop._attach(asyncio.current_task())
    try:
        await extractor.extract_many(articles, finished, lambda problem: None, concurrency=concurrency,
                                     skip=from_cache)
    finally:
        if stop is not None:
            stop._attach(None)
        await extractor.backend.aclose()


