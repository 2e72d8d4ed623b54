"""A run over many articles: the store, the cache, the output file and progress together.

Used by ``extractor run`` and ``extractor eval``. Every finished article is saved to the
store (with its raw model calls), then written to the output, within 250 ms of its end (what
finished in those 250 ms goes in one transaction), so an interrupted run loses at most the
articles in flight and those of its last 250 ms, and ``--resume`` picks up the rest.
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
from extractor.errors import ConfigError, StoreError
from extractor.store import SavedArticle, Store, cache_key
from extractor.store.rows import HEARTBEAT_S


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


def article_cache_key(extractor: Extractor, article: Article, settings: dict | None = None) -> str:
    """Everything that decides the article's result: its text, the requests as rendered (the
    publication date is in them), schemas, sampling settings, token caps and the code.
    ``settings``: ``extractor.settings()`` when the caller has them already (one run's are fixed)."""
    return cache_key(article.sha256, extractor.backend.model, extractor.prompt_version, SCHEMA_VERSION,
                     {**(settings or extractor.settings()), "requests": extractor.requests_digest(article)})


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
    earlier = 0.0
    if store is not None:
        extractor.reuse_answer = store.cached_answer if use_cache else None
    if store is not None and resume_run:
        run_id = store.resolve_run(resume_run)
        if store.run_state(run_id) == "running":  # its process is at work: resuming would extract twice
            raise ConfigError(f"run {run_id} is still running (its process is alive, or its heartbeat is "
                              "recent): --resume finishes an interrupted run; wait for it or stop it first")
        articles = stored_articles(store.pending_article_rows(run_id))
        earlier = store.recorded_time(run_id)  # the run's totals cover every process that worked on it
        store.claim_run(run_id)
    elif store is not None:
        run_id = store.start_run({**run_config(extractor), **({"options": dict(options)} if options else {})},
                                 run_group=run_group, shard=shard)
        store.planned_articles(run_id, articles)
    else:
        run_id = None
    report = RunReport(run_id)
    usage = Usage()

    def handed(result: ArticleResult, cached: bool) -> None:
        nonlocal usage
        report.results.append(result)
        if result.status == "failed":
            report.failed.append(result.article.id)
        elif result.status == "partial":
            report.partial.append(result.article.id)
        if not cached:
            usage = usage + result.provenance.usage
        on_result(result, cached)

    saver = Saver(store, run_id, handed)
    keys: dict[str, str] = {}  # articles' cache keys, from the cache look-up until their save
    settings = extractor.settings()

    def key_of(article: Article) -> str:
        if article.id not in keys:
            keys[article.id] = article_cache_key(extractor, article, settings)
        return keys[article.id]

    def save(article: Article, result: ArticleResult, calls: list, cached: bool, answers: dict | None = None) -> None:
        keep = answers if result.status != "complete" else None  # a complete result is cached whole
        key = key_of(article) if store is not None else None
        keys.pop(article.id, None)
        saver.add(SavedArticle(result, key, calls, article.text, keep), cached)

    def from_cache(article: Article) -> bool:
        if store is None or not use_cache:
            return False
        key = key_of(article)
        hit = saver.complete_result(key) or store.cached_result(key)
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
    heartbeat = Heartbeat(store, run_id, lambda: earlier + time.perf_counter() - started)
    try:
        if engine is not None:
            engine.run(extractor, articles, finished, from_cache, use_answers=store is not None and use_cache,
                       stopped=(lambda: stop.stopped) if stop is not None else (lambda: False),
                       tick=saver.flush_if_due)
        else:
            asyncio.run(_extract(extractor, articles, finished, from_cache, concurrency, stop, saver))
        saver.flush()
        status = "finished"
    except (KeyboardInterrupt, asyncio.CancelledError, BrokenPipeError):  # a closed output pipe (| head) stops it too
        status = "interrupted"
        raise
    finally:
        heartbeat.stop()
        try:
            saver.flush()  # what finished before a stop or an error is kept
        finally:
            report.duration_s = time.perf_counter() - started
            if store is not None and run_id is not None:
                total = store.spent(run_id)[1] if resume_run else usage
                store.finish_run(run_id, status, earlier + report.duration_s, total)
    return report


class Heartbeat:
    """Renews a running run's heartbeat every ``HEARTBEAT_S`` from a thread of its own, so that
    ``extractor runs`` on another machine can tell a run at work from one whose process died;
    with ``elapsed``, each beat also records the run's time so far, so that a process killed
    with no chance to record anything leaves its time (to its last beat) for the run's total."""

    def __init__(self, store: Store | None, run_id: str | None, elapsed: Callable[[], float] | None = None):
        self._stopped = threading.Event()
        self._thread = None
        self._elapsed = elapsed
        if store is not None and run_id is not None:
            self._thread = threading.Thread(target=self._beat, args=(store, run_id), name="run-heartbeat", daemon=True)
            self._thread.start()

    def _beat(self, store: Store, run_id: str) -> None:
        while not self._stopped.wait(HEARTBEAT_S):
            try:
                store.beat(run_id, self._elapsed() if self._elapsed else None)
            except StoreError:
                pass  # a busy or lost store: the saves say so; the next beat tries again

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


class Saver:
    """Finished articles saved to the store, then handed on (report, output, progress), in
    batches: whatever finished in the last ``interval`` seconds goes in one transaction, so a
    run that finishes hundreds of articles a second does not pay one commit per article,
    and one that finishes an article now and then saves each as it ends. (A transaction's own
    cost is about that of three articles' rows: batches of 50 ms cost a fast run a tenth of its CPU.)"""

    interval = 0.25
    batch = 64

    def __init__(self, store: Store | None, run_id: str | None, handed: Callable[[ArticleResult, bool], None]):
        self.store, self.run_id, self.handed = store, run_id, handed
        self.pending: list[tuple[SavedArticle, bool]] = []
        self.flushed_at = time.perf_counter()

    def flush_if_due(self) -> None:
        """Flush when ``interval`` has passed since the last flush (a loop that polls)."""
        if self.pending and time.perf_counter() - self.flushed_at >= self.interval:
            self.flush()

    def add(self, saved: SavedArticle, cached: bool) -> None:
        """Save now when the last save is ``interval`` old (a run that finishes an article now
        and then saves each at once), else with the next batch, at most ``interval`` later."""
        self.pending.append((saved, cached))
        if len(self.pending) >= self.batch:
            self.flush()
        else:
            self.flush_if_due()

    def complete_result(self, cache_key: str) -> ArticleResult | None:
        """A complete result finished under ``cache_key`` and not saved yet (the cache's newest)."""
        return next((saved.result for saved, _ in reversed(self.pending)
                     if saved.cache_key == cache_key and saved.result.status == "complete"), None)

    def flush(self) -> None:
        self.flushed_at = time.perf_counter()
        batch, self.pending = self.pending, []
        if not batch:
            return
        if self.store is not None and self.run_id is not None:
            try:
                self.store.save_results(self.run_id, [saved for saved, _ in batch])
            except BaseException:
                self.pending = batch + self.pending  # not saved: not handed on either
                raise
        for saved, cached in batch:
            self.handed(saved.result, cached)

    async def keep_flushing(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.flush()


async def _extract(extractor: Extractor, articles: list[Article], finished, from_cache, concurrency: int,
                   stop: StopSignal | None, saver: Saver) -> None:
    if stop is not None:
        stop._attach(asyncio.current_task())
    work = asyncio.ensure_future(extractor.extract_many(articles, finished, lambda problem: None,
                                                        concurrency=concurrency, skip=from_cache))
    flusher = asyncio.ensure_future(saver.keep_flushing())
    try:
        await asyncio.wait({work, flusher}, return_when=asyncio.FIRST_COMPLETED)
        if flusher.done():
            flusher.result()  # the store failed: raise its error (the work is cancelled below)
        work.result()
    finally:
        for task in (work, flusher):
            task.cancel()
        await asyncio.gather(work, flusher, return_exceptions=True)
        if stop is not None:
            stop._attach(None)
        await extractor.backend.aclose()


