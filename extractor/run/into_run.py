"""Articles extracted into a run that already exists, inside a running event loop.

The HTTP service's way to use the pipeline: a job is a run whose articles were planned when it
was created, so it is resumed from the store after a restart exactly as ``--resume`` resumes
a CLI run (what has no complete result yet is done again). Each article passes the cache
first, then a *gate* (an ``asyncio.Semaphore`` the caller shares between every request and
job: of size 1 for the embedded model, so llama.cpp serves one article at a time, in order
of arrival), and is saved with its raw calls before it is handed on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from extractor.backends.base import CallRecord
from extractor.contract import ArticleResult, Usage
from extractor.inputs import Article
from extractor.run.article import Extractor
from extractor.run.batch import article_cache_key, stored_articles
from extractor.store import Store


@dataclass
class Extracted:
    """One article as saved: its result, the model calls made for it, whether the cache served it."""

    result: ArticleResult
    calls: list[CallRecord] = field(default_factory=list)
    cached: bool = False
    #: seconds spent waiting at the gate (behind other articles) before the model was asked
    queued_s: float = 0.0


async def extract_article(extractor: Extractor, store: Store, run_id: str, article: Article, *,
                          gate: asyncio.Semaphore, use_cache: bool = True) -> Extracted:
    """Extract ``article`` (or take its complete result from the cache) and save it in ``run_id``."""
    key = article_cache_key(extractor, article)
    if use_cache:
        hit = await asyncio.to_thread(store.cached_result, key)
        if hit is not None:
            hit = hit.model_copy(update={"article": article.meta(),
                                         "warnings": [*hit.warnings, "served from the cache (no model call)"]})
            await asyncio.to_thread(store.save_result, run_id, hit, key, [], article_text=article.text)
            return Extracted(hit, cached=True)
    arrived = time.perf_counter()
    async with gate:
        queued_s = time.perf_counter() - arrived
        outcome = await extractor.extract(article)
    keep = outcome.answers if outcome.result.status != "complete" else None  # a complete result is cached whole
    await asyncio.to_thread(store.save_result, run_id, outcome.result, key, outcome.calls,
                            article_text=article.text, answers=keep)
    return Extracted(outcome.result, outcome.calls, queued_s=queued_s)


async def extract_pending(extractor: Extractor, store: Store, run_id: str, *, gate: asyncio.Semaphore,
                          concurrency: int = 4, use_cache: bool = True,
                          on_result: Callable[[Extracted], None] | None = None) -> str:
    """Extract what ``run_id`` still lacks (articles without a complete result), ``concurrency`` at
    a time, and close the run: returns ``finished``; a backend error closes it ``failed`` and is
    raised; cancellation (the service stopping) closes it ``interrupted``, to be resumed."""
    started = time.perf_counter()
    articles = stored_articles(await asyncio.to_thread(store.pending_article_rows, run_id))
    await asyncio.to_thread(store.claim_run, run_id)
    limit = asyncio.Semaphore(concurrency)
    usage = Usage()

    async def one(article: Article) -> None:
        nonlocal usage
        async with limit:
            done = await extract_article(extractor, store, run_id, article, gate=gate, use_cache=use_cache)
        if not done.cached:
            usage = usage + done.result.provenance.usage
        if on_result is not None:
            on_result(done)

    tasks = [asyncio.ensure_future(one(a)) for a in articles]
    status = "failed"
    try:
        for finished in asyncio.as_completed(tasks):
            await finished
        status = "finished"
    except asyncio.CancelledError:
        status = "interrupted"
        raise
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        store.finish_run(run_id, status, time.perf_counter() - started, usage)
    return status
