"""Articles fanned out to Ray actors; results stream back to the driver, which saves them.

Each actor builds one backend when it starts (the embedded model is loaded once per actor;
an endpoint client is one connection pool) and extracts the articles it is handed, several
at a time against an endpoint, one at a time with an embedded model. The driver keeps the
store: it serves cached articles itself, hands the rest out, and saves each outcome as it
arrives, exactly once, so the cache, ``--resume`` and the output file work as in a local
run. Answers an earlier run kept for an unfinished article are looked up by a small actor
placed on the driver's machine, which reads the same store. ``ray`` is imported only here,
and only when this engine runs (the ``ray`` extra).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from extractor.backends.base import Backend
from extractor.backends.choice import BackendOptions, make_backend
from extractor.backends.local import default_threads
from extractor.errors import ConfigError, ExtractorError
from extractor.inputs import Article
from extractor.run.article import ArticleOutcome, Extractor

KEY_ENV = ("EXTRACTOR_API_KEY", "OPENAI_API_KEY")


@dataclass
class RayEngine:
    """``workers`` actors on the Ray cluster at ``address`` (None: a local Ray started for the run)."""

    workers: int
    make_backend: Callable[[], Backend]  # picklable: how each actor builds its backend
    address: str | None = None
    store: str | None = None  # the store's path or URL, for the answer look-up actor
    concurrency: int = 4  # articles in flight per actor against an endpoint

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, not {self.workers}")

    def run(self, extractor: Extractor, articles: list[Article], finished: Callable[[ArticleOutcome], None],
            from_cache: Callable[[Article], bool], use_answers: bool,
            stopped: Callable[[], bool] = lambda: False, tick: Callable[[], None] = lambda: None) -> None:
        """Extract ``articles`` on the actors, ``finished`` called with each outcome as it
        arrives and ``tick`` at least every 50 ms (the driver's saves are batched); ``stopped()``
        turning true (the Python API's caller stopped reading) ends the run with
        ``asyncio.CancelledError``, the articles in flight dropped with their actors."""
        ray, started_here = _start(self.address, self.workers)
        try:
            self._fan_out(ray, extractor, [a for a in articles if not from_cache(a)], finished, use_answers, stopped,
                          tick)
        finally:
            if started_here:
                ray.shutdown()

    def _fan_out(self, ray: Any, extractor: Extractor, articles: list[Article],
                 finished: Callable[[ArticleOutcome], None], use_answers: bool, stopped: Callable[[], bool],
                 tick: Callable[[], None]) -> None:
        if not articles:
            return
        env = {name: os.environ[name] for name in KEY_ENV if os.environ.get(name)}
        lookup = None
        if use_answers and self.store is not None:
            from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

            here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
            lookup = ray.remote(num_cpus=0)(AnswerBook).options(scheduling_strategy=here).remote(self.store)
        actor = ray.remote(num_cpus=1)(Worker)
        per_actor = 1  # decided by the backend, once the first actor has built it
        workers = [actor.options(max_concurrency=max(1, self.concurrency), runtime_env={"env_vars": env})
                   .remote(self.make_backend, extractor.prompts, extractor.options, lookup)
                   for _ in range(min(self.workers, len(articles)))]
        try:
            per_actor = self.concurrency if _get(ray, workers[0].concurrent.remote()) else 1
            todo = iter(articles)
            running: dict[Any, Any] = {}

            def hand_out(worker: Any) -> None:
                article = next(todo, None)
                if article is not None:
                    running[worker.extract.remote(article)] = worker

            for worker in workers:
                for _ in range(per_actor):
                    hand_out(worker)
            while running:
                done, rest = ray.wait(list(running), num_returns=1, timeout=0.05)
                if done and rest:  # and every other one already back: one batch for the driver
                    done += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
                if stopped():
                    raise asyncio.CancelledError("the run was stopped")
                for ref, outcome in zip(done, _get(ray, done) if done else []):
                    worker = running.pop(ref)
                    finished(outcome)
                    hand_out(worker)
                tick()
        finally:
            for worker in workers:
                ray.kill(worker)
            if lookup is not None:
                ray.kill(lookup)


class Worker:
    """One Ray actor: one backend, one extractor, built when the actor starts."""

    def __init__(self, make_backend: Callable[[], Backend], prompts: Any, options: Any, lookup: Any):
        self.extractor = Extractor(make_backend(), prompts, options)
        if lookup is not None:
            import ray

            self.extractor.reuse_answer = lambda key: ray.get(lookup.answer.remote(key))

    def concurrent(self) -> bool:
        return self.extractor.backend.concurrent

    async def extract(self, article: Article) -> ArticleOutcome:
        return await self.extractor.extract(article)


class AnswerBook:
    """The valid answers earlier runs kept, read from the driver's store (on the driver's machine)."""

    def __init__(self, store: str):
        from extractor.store import Store

        self.store = Store.open(store, create=False)

    def answer(self, key: str) -> str | None:
        return self.store.cached_answer(key)


def _get(ray: Any, ref: Any) -> Any:
    """``ray.get``, with an error raised in an actor re-raised as itself (its one line, its exit code)."""
    from ray.exceptions import RayActorError, RayTaskError

    try:
        return ray.get(ref)
    except RayTaskError as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, ExtractorError):
            raise cause from None
        raise ExtractorError(f"a Ray worker failed: {_first_line(cause or exc)}") from None
    except RayActorError as exc:
        raise ExtractorError(f"a Ray worker died: {_first_line(exc)}") from None


def _start(address: str | None, workers: int) -> tuple[Any, bool]:
    """Join the cluster at ``address``, or start a local Ray sized for ``workers`` actors (True:
    started here, to be shut down after the run). A Ray this process already joined is used as it is."""
    try:
        import ray
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install '.[ray]'") from None
    if ray.is_initialized():
        return ray, False
    if address is not None:
        _reachable(address)
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    try:
        if address is None:
            ray.init(num_cpus=max(workers, 1), **options)
        else:
            ray.init(address=address, **options)
    except Exception as exc:  # noqa: BLE001 - Ray raises plain Exception when its node does not start
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise ConfigError(f"cannot start or join {where}: {_first_line(exc)}") from None
    return ray, address is None


def _reachable(address: str) -> None:
    """ConfigError at once when ``host:port`` (or ``ray://host:port``) takes no connection: Ray
    itself retries a dead address for minutes. ``auto`` (a cluster started on this machine) is
    left to Ray."""
    if address == "auto":
        return
    where = address.split("://", 1)[-1]
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--ray-address {address!r}: give host:port (the Ray head's GCS port, 6379 by default), "
                          "ray://host:port or auto")
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as exc:
        raise ConfigError(f"cannot reach the Ray cluster at {address}: {_first_line(exc)}") from None


def _first_line(exc: object) -> str:
    return " ".join(str(exc).split())[:200]


def engine_options(engine: str, address: str | None, workers: int | None, *, flags: bool = True) -> int | None:
    """The number of Ray actors, or None for a local run; ConfigError for options that do not
    fit, naming them as the CLI's flags (``flags``) or as the Python API's arguments."""
    def name(option: str) -> str:
        return "--" + option.replace("_", "-") if flags else option

    if engine not in ("local", "ray"):
        raise ConfigError(f"unknown {name('engine')} {engine!r}: use local or ray")
    if engine == "local":
        if address is not None or workers is not None:
            raise ConfigError(f"{name('ray_address' if address is not None else 'workers')} needs {name('engine')} ray")
        return None
    if workers is not None and workers < 1:
        raise ConfigError(f"{name('workers')} must be at least 1, not {workers}")
    if address is not None and not address.strip():
        raise ConfigError(f"{name('ray_address')} is empty: give host:port of a Ray cluster, or leave it out for a "
                          "local Ray")
    return workers or 2


def per_actor(chosen: BackendOptions, backend: Backend, workers: int) -> BackendOptions:
    """The options each actor builds its backend from: an embedded model gets its share of the
    cores (unless threads are given), so that actors on one machine do not fight over them."""
    if backend.concurrent or chosen.threads:
        return chosen
    return dataclasses.replace(chosen, threads=max(1, default_threads() // workers))


def engine_for(workers: int | None, address: str | None, chosen: BackendOptions, backend: Backend,
               store: str | None, concurrency: int) -> RayEngine | None:
    """The Ray engine for ``workers`` actors (None: a local run), each building its backend
    from ``chosen``."""
    if not workers:
        return None
    return RayEngine(workers, functools.partial(make_backend, per_actor(chosen, backend, workers)), address=address,
                     store=store, concurrency=concurrency)
