"""The HTTP service's tables in the run store: API keys and jobs.

A key is shown once, when it is made; the store keeps only its SHA-256 (the key is 256 random
bits, so a plain hash cannot be reversed by guessing). A job is a run of the store (its
planned articles, results and records) owned by one key, with the status the service
reports: ``queued``, ``running``, ``finished`` or ``failed``. Names of keys are never reused,
so a new key cannot inherit a revoked one's jobs.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from extractor.errors import InputError
from extractor.store.rows import now
from extractor.store.run_store import Store
from extractor.store.tables import api_keys, jobs, results, run_articles

KEY_PREFIX = "ext_"
JOB_STATUSES = ("queued", "running", "finished", "failed")
UNFINISHED = ("queued", "running")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@dataclass(frozen=True)
class KeyInfo:
    name: str
    created_at: str
    revoked_at: str | None
    jobs: int = 0


@dataclass(frozen=True)
class Job:
    id: str
    key_name: str
    status: str
    error: str | None
    created_at: str
    updated_at: str
    done: int
    total: int


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(store: Store, name: str) -> str:
    """A new key named ``name``; returns the key itself (the only time it is seen)."""
    if not _NAME.fullmatch(name):
        raise InputError(f"key name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-'")
    if store._rows(select(api_keys.c.name).where(api_keys.c.name == name)):
        raise InputError(f"a key named {name!r} exists already (names of revoked keys are not reused)")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    with store._transaction() as conn:
        conn.execute(api_keys.insert().values(name=name, hash=key_hash(secret), created_at=now()))
    return secret


def key_name(store: Store, secret: str) -> str | None:
    """The name of the live (not revoked) key ``secret``, or None."""
    rows = store._rows(select(api_keys.c.name).where(api_keys.c.hash == key_hash(secret), api_keys.c.revoked_at.is_(None)))
    return rows[0]["name"] if rows else None


def list_keys(store: Store) -> list[KeyInfo]:
    count = select(func.count()).select_from(jobs).where(jobs.c.key_name == api_keys.c.name).scalar_subquery()
    rows = store._rows(select(api_keys.c.name, api_keys.c.created_at, api_keys.c.revoked_at, count.label("jobs"))
                       .order_by(api_keys.c.created_at, api_keys.c.name))
    return [KeyInfo(r["name"], r["created_at"], r["revoked_at"], r["jobs"]) for r in rows]


def revoke_key(store: Store, name: str) -> None:
    rows = store._rows(select(api_keys.c.revoked_at).where(api_keys.c.name == name))
    if not rows:
        raise InputError(f"no key named {name!r}: see `extractor keys list`")
    if rows[0]["revoked_at"] is None:
        with store._transaction() as conn:
            conn.execute(api_keys.update().where(api_keys.c.name == name).values(revoked_at=now()))


def add_job(store: Store, run_id: str, key: str) -> None:
    """``run_id`` (started, its articles planned) becomes a queued job of ``key``."""
    stamp = now()
    with store._transaction() as conn:
        conn.execute(jobs.insert().values(run_id=run_id, key_name=key, status="queued", created_at=stamp,
                                          updated_at=stamp))


def set_job_status(store: Store, run_id: str, status: str, error: str | None = None) -> None:
    if status not in JOB_STATUSES:
        raise ValueError(f"job status {status!r}: use one of {', '.join(JOB_STATUSES)}")
    with store._transaction() as conn:
        conn.execute(jobs.update().where(jobs.c.run_id == run_id).values(status=status, error=error, updated_at=now()))


def _job_query():  # noqa: ANN202
    def count(table):  # noqa: ANN001, ANN202
        return select(func.count()).select_from(table).where(table.c.run_id == jobs.c.run_id).scalar_subquery()

    return select(jobs, count(results).label("done"), count(run_articles).label("total"))


def _job(row) -> Job:
    return Job(row["run_id"], row["key_name"], row["status"], row["error"], row["created_at"], row["updated_at"],
               row["done"], row["total"])


def get_job(store: Store, run_id: str) -> Job | None:
    rows = store._rows(_job_query().where(jobs.c.run_id == run_id))
    return _job(rows[0]) if rows else None


def unfinished_jobs(store: Store, key: str | None = None) -> list[Job]:
    """Queued and running jobs (of ``key``, or of every key), oldest first: what a service resumes."""
    stmt = _job_query().where(jobs.c.status.in_(UNFINISHED))
    if key:
        stmt = stmt.where(jobs.c.key_name == key)
    rows = store._rows(stmt.order_by(jobs.c.created_at, jobs.c.run_id))  # run ids sort by start time
    return [_job(r) for r in rows]


def others_job_runs(store: Store, key: str) -> set[str]:
    """The runs that are jobs of other keys: hidden from ``key``."""
    return {r["run_id"] for r in store._rows(select(jobs.c.run_id).where(jobs.c.key_name != key))}


def job_counts(store: Store) -> dict[str, int]:
    """How many jobs there are of each status."""
    rows = store._rows(select(jobs.c.status, func.count().label("n")).group_by(jobs.c.status))
    return {r["status"]: r["n"] for r in rows}
