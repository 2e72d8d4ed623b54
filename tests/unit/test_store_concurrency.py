"""Several processes opening one new run store at the same instant: every open succeeds."""

from __future__ import annotations

import multiprocessing
import sqlite3

from extractor.store import Store
from extractor.store.migrations import MIGRATIONS

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


def test_eight_processes_creating_one_new_store_at_once_all_succeed(tmp_path):
    path = str(tmp_path / "new" / "runs.db")
    context = multiprocessing.get_context("spawn")
    start = context.Manager().Barrier(PROCESSES)
    with context.Pool(PROCESSES) as pool:
        pending = [pool.apply_async(_open_many, (path, start, OPENS_EACH)) for _ in range(PROCESSES)]
        failures = [line for job in pending for line in job.get(timeout=120)]
    assert failures == []
    conn = sqlite3.connect(path)
    applied = [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
    runs = conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    conn.close()
    assert applied == [fn.__name__ for fn in MIGRATIONS]  # each migration ran exactly once
    assert runs == PROCESSES * OPENS_EACH
