"""Several processes opening one new run store at the same instant: every open succeeds, and
the schema is migrated exactly once (SQLite: the write lock; PostgreSQL: an advisory lock)."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import create_engine, text

from extractor.store import Store
from extractor.store.engine import head_revision, store_url

PROCESSES = 8
OPENS_EACH = 10


def _open_many(path: str, start, opens: int) -> list[str]:
    start.wait(timeout=30)  # every process starts opening at the same instant
    failures = []
    for _ in range(opens):
        try:
            with Store.open(path) as store:
                store.start_run({"model": "m", "backend": "fake"})
        except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
            failures.append(f"{type(exc).__name__}: {exc}")
    return failures


def test_eight_processes_creating_one_new_store_at_once_all_succeed(db_url):
    context = multiprocessing.get_context("spawn")
    start = context.Manager().Barrier(PROCESSES)
    with context.Pool(PROCESSES) as pool:
        pending = [pool.apply_async(_open_many, (db_url, start, OPENS_EACH)) for _ in range(PROCESSES)]
        failures = [line for job in pending for line in job.get(timeout=120)]
    assert failures == []
    engine = create_engine(store_url(db_url))
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        runs = conn.execute(text("SELECT COUNT(*) FROM runs")).scalar()
    engine.dispose()
    assert versions == [head_revision()]  # migrated once, to the newest revision
    assert runs == PROCESSES * OPENS_EACH
