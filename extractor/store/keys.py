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

from extractor.errors import InputError
from extractor.store.rows import now
from extractor.store.run_store import Store

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
    if store._rows("SELECT 1 FROM api_keys WHERE name = ?", (name,)):
        raise InputError(f"a key named {name!r} exists already (names of revoked keys are not reused)")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    with store._transaction() as conn:
        conn.execute("INSERT INTO api_keys (name, hash, created_at) VALUES (?, ?, ?)", (name, key_hash(secret), now()))
    return secret


def key_name(store: Store, secret: str) -> str | None:
    """The name of the live (not revoked) key ``secret``, or None."""
    rows = store._rows("SELECT name FROM api_keys WHERE hash = ? AND revoked_at IS NULL", (key_hash(secret),))
    return rows[0]["name"] if rows else None


def list_keys(store: Store) -> list[KeyInfo]:
    rows = store._rows("""SELECT k.name, k.created_at, k.revoked_at,
                                 (SELECT COUNT(*) FROM jobs j WHERE j.key_name = k.name) AS jobs
                          FROM api_keys k ORDER BY k.created_at, k.name""")
    return [KeyInfo(r["name"], r["created_at"], r["revoked_at"], r["jobs"]) for r in rows]


def revoke_key(store: Store, name: str) -> None:
    rows = store._rows("SELECT revoked_at FROM api_keys WHERE name = ?", (name,))
    if not rows:
        raise InputError(f"no key named {name!r}: see `extractor keys list`")
    if rows[0]["revoked_at"] is None:
        with store._transaction() as conn:
            conn.execute("UPDATE api_keys SET revoked_at = ? WHERE name = ?", (now(), name))


def add_job(store: Store, run_id: str, key: str) -> None:
    """``run_id`` (started, its articles planned) becomes a queued job of ``key``."""
    stamp = now()
    with store._transaction() as conn:
        conn.execute("INSERT INTO jobs (run_id, key_name, status, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?)",
                     (run_id, key, stamp, stamp))


def set_job_status(store: Store, run_id: str, status: str, error: str | None = None) -> None:
    if status not in JOB_STATUSES:
        raise ValueError(f"job status {status!r}: use one of {', '.join(JOB_STATUSES)}")
    with store._transaction() as conn:
        conn.execute("UPDATE jobs SET status = ?, error = ?, updated_at = ? WHERE run_id = ?",
                     (status, error, now(), run_id))


_JOB_SQL = """SELECT j.*, (SELECT COUNT(*) FROM results r WHERE r.run_id = j.run_id) AS done,
                     (SELECT COUNT(*) FROM run_articles ra WHERE ra.run_id = j.run_id) AS total
              FROM jobs j"""


def _job(row) -> Job:
    return Job(row["run_id"], row["key_name"], row["status"], row["error"], row["created_at"], row["updated_at"],
               row["done"], row["total"])


def get_job(store: Store, run_id: str) -> Job | None:
    rows = store._rows(_JOB_SQL + " WHERE j.run_id = ?", (run_id,))
    return _job(rows[0]) if rows else None


def unfinished_jobs(store: Store, key: str | None = None) -> list[Job]:
    """Queued and running jobs (of ``key``, or of every key), oldest first: what a service resumes."""
    where = " WHERE j.status IN ('queued', 'running')" + (" AND j.key_name = ?" if key else "")
    rows = store._rows(_JOB_SQL + where + " ORDER BY j.created_at, j.rowid", (key,) if key else ())
    return [_job(r) for r in rows]


def others_job_runs(store: Store, key: str) -> set[str]:
    """The runs that are jobs of other keys: hidden from ``key``."""
    return {r["run_id"] for r in store._rows("SELECT run_id FROM jobs WHERE key_name != ?", (key,))}


def job_counts(store: Store) -> dict[str, int]:
    """How many jobs there are of each status."""
    return {r["status"]: r["n"] for r in store._rows("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")}
