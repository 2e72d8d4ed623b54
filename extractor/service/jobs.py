"""The service's work: synchronous extractions and background jobs, over one store, one
extractor and one *gate* (the queue in front of the model: one article at a time for the
embedded model, the CLI's concurrency for an HTTP endpoint).

A job is a run in the store, owned by a key. Its articles are planned (stored with their
text) before its id is returned, so nothing is lost when the client goes away, and a job
the service did not finish (stopped, killed) is resumed when the service starts again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping

from extractor.errors import ExtractorError, InputError
from extractor.inputs import Article
from extractor.run.article import Extractor
from extractor.run.batch import run_config
from extractor.run.into_run import Extracted, extract_article, extract_pending
from extractor.service.auth import KeyLimits, TooMany
from extractor.service.metrics import Metrics
from extractor.service.settings import ServiceSettings
from extractor.store import Store
from extractor.store.keys import JOB_STATUSES, add_job, get_job, job_counts, set_job_status, unfinished_jobs

log = logging.getLogger(__name__)


class IdTaken(InputError):
    """An article id already used for another text in the run of /v1/extract (409)."""


class Service:
    def __init__(self, store: Store, extractor: Extractor, settings: ServiceSettings, metrics: Metrics,
                 options: Mapping[str, object] | None = None):
        self.store = store
        self.extractor = extractor
        self.settings = settings
        self.metrics = metrics
        self.options = dict(options) if options else None
        self.limits = KeyLimits(settings.key_requests)
        self.gate: asyncio.Semaphore | None = None
        self.queue: asyncio.Queue[str] | None = None
        self.workers: list[asyncio.Task] = []
        self.single_run: str | None = None  # the run that keeps /v1/extract's results
        #: the article ids in ``single_run`` (and in flight to it), with their text's SHA-256: one id, one text
        self._single_ids: dict[str, str] = {}
        self._submitting: asyncio.Lock | None = None  # one key's cap is checked and taken at once
        if settings.use_cache:
            extractor.reuse_answer = store.cached_answer

    def _config(self, **extra: object) -> dict:
        return {**run_config(self.extractor), **({"options": self.options} if self.options else {}), **extra}

    async def start(self) -> None:
        """Open the queue and the workers; queue the jobs a previous service left unfinished."""
        backend = self.extractor.backend
        self.gate = asyncio.Semaphore(self.settings.concurrency if backend.concurrent else 1)
        self.queue = asyncio.Queue()
        self._submitting = asyncio.Lock()
        for job in await asyncio.to_thread(unfinished_jobs, self.store):
            self.queue.put_nowait(job.id)
        self.workers = [asyncio.create_task(self._work()) for _ in range(max(1, self.settings.job_workers))]
        self._count_jobs()

    async def stop(self) -> None:
        """Stop the workers (their jobs stay queued or running in the store, to be resumed) and
        close the synchronous run."""
        for worker in self.workers:
            worker.cancel()
        await asyncio.gather(*self.workers, return_exceptions=True)
        self.workers = []
        if self.single_run is not None:
            self.store.finish_run(self.single_run, "finished")
            self.single_run = None
        await self.extractor.backend.aclose()

    # --- one article, synchronously -------------------------------------------------------

    async def extract(self, article: Article) -> Extracted:
        """Extract ``article`` into the run shared by every /v1/extract call. An id that already
        names another text there is refused (``IdTaken``, 409): saving it would replace that
        article's result and records; the same id with the same text is a repeat (the cache)."""
        sha256 = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        fresh = article.id not in self._single_ids
        claimed = self._single_ids.setdefault(article.id, sha256)
        if claimed != sha256:
            raise IdTaken(f"id {article.id!r} already names another article in this service's store: give a new id")
        try:
            if self.single_run is None:
                self.single_run = await asyncio.to_thread(self.store.start_run, self._config(service="extract"))
            assert self.gate is not None, "the service is not started"
            done = await extract_article(self.extractor, self.store, self.single_run, article, gate=self.gate,
                                         use_cache=self.settings.use_cache)
        except BaseException:
            if fresh:  # nothing was stored under the id (a result is saved last): it is free again
                self._single_ids.pop(article.id, None)
            raise
        self.metrics.extracted(done)
        return done

    # --- jobs -----------------------------------------------------------------------------

    async def submit(self, key: str, articles: list[Article]) -> str:
        """A new job of ``key`` over ``articles``, stored and queued; 429 over the key's job cap."""
        assert self.queue is not None and self._submitting is not None, "the service is not started"

        def create() -> str:
            run_id = self.store.start_run(self._config(service="job", key=key))
            self.store.planned_articles(run_id, articles)
            add_job(self.store, run_id, key)
            return run_id

        async with self._submitting:
            if len(await asyncio.to_thread(unfinished_jobs, self.store, key)) >= self.settings.key_jobs:
                raise TooMany(f"key {key!r} has {self.settings.key_jobs} unfinished jobs: retry when one is finished",
                              10)
            run_id = await asyncio.to_thread(create)
        self.queue.put_nowait(run_id)
        self._count_jobs()
        return run_id

    async def _work(self) -> None:
        assert self.queue is not None
        while True:
            job_id = await self.queue.get()
            try:
                await self._run_job(job_id)
            finally:
                self.queue.task_done()
                self._count_jobs()

    async def _run_job(self, job_id: str) -> None:
        config = await asyncio.to_thread(self.store.run_config, job_id)
        backend = self.extractor.backend
        made_with = (config.get("backend"), config.get("model"), config.get("model_digest"))
        if made_with != (backend.name, backend.model, backend.model_digest):
            await asyncio.to_thread(set_job_status, self.store, job_id, "failed",
                                    f"the job was started with {made_with[0]} model {made_with[1]}; this service runs "
                                    f"{backend.name} model {backend.model}: serve that model to finish it")
            return
        await asyncio.to_thread(set_job_status, self.store, job_id, "running")
        assert self.gate is not None
        try:
            await extract_pending(self.extractor, self.store, job_id, gate=self.gate,
                                  concurrency=self.settings.concurrency, use_cache=self.settings.use_cache,
                                  on_result=self.metrics.extracted)
        except ExtractorError as exc:
            await asyncio.to_thread(set_job_status, self.store, job_id, "failed", exc.line())
            return
        except Exception as exc:  # a bug: the job fails, the service goes on
            log.exception("job %s failed", job_id)
            await asyncio.to_thread(set_job_status, self.store, job_id, "failed", f"internal error: {type(exc).__name__}")
            return
        await asyncio.to_thread(set_job_status, self.store, job_id, "finished")

    def _count_jobs(self) -> None:
        counts = job_counts(self.store)
        for status in JOB_STATUSES:
            self.metrics.jobs.labels(status).set(counts.get(status, 0))

    def job(self, job_id: str, key: str):
        """``job_id`` if ``key`` owns it, else None (another key's job is as good as missing)."""
        job = get_job(self.store, job_id)
        return job if job is not None and job.key_name == key else None
