"""Numbered schema migrations, each a small function, recorded in ``_migrations``.

Following simonw/llm: a migration runs once, in order, and is never edited after release;
change the schema by adding ``m00N_what_it_does``. Each migration and its record commit
together, so a crash mid-migration leaves the database at the previous step.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database has not seen; return their names.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each step opens its own
    transaction. Safe when several processes open one new store at once: each step takes the
    write lock first (``BEGIN IMMEDIATE``, waiting up to the busy timeout) and checks again,
    under the lock, whether another process has applied it meanwhile.
    """
    if _applied(conn) >= {fn.__name__ for fn in MIGRATIONS}:
        return []  # the usual case: nothing to do, and no write lock taken
    ran = []
    for fn in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            if fn.__name__ in _applied(conn):
                conn.execute("COMMIT")
                continue
            fn(conn)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                         (fn.__name__, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        ran.append(fn.__name__)
    return ran


def _applied(conn: sqlite3.Connection) -> set[str]:
    try:
        return {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return set()
        raise


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE IF NOT EXISTS articles (
            id TEXT NOT NULL,
            sha256 TEXT NOT NULL DEFAULT '',
            source TEXT, published TEXT, title TEXT, url TEXT,
            text TEXT,
            PRIMARY KEY (id, sha256)
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            config TEXT NOT NULL,
            model TEXT, backend TEXT, prompt_version TEXT, schema_version TEXT,
            duration REAL,
            usage TEXT
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS results (
            run_id TEXT NOT NULL REFERENCES runs(id),
            article_id TEXT NOT NULL,
            article_sha256 TEXT NOT NULL DEFAULT '',
            cache_key TEXT,
            result TEXT NOT NULL,
            error TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (run_id, article_id)
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS records (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id),
            article_id TEXT NOT NULL,
            type TEXT NOT NULL,
            "index" INTEGER NOT NULL,
            countries TEXT NOT NULL DEFAULT '[]',
            date TEXT,
            grounded INTEGER NOT NULL DEFAULT 0,
            json TEXT NOT NULL
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS calls (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id),
            article_id TEXT NOT NULL,
            record_type TEXT,
            request TEXT,
            response TEXT,
            usage TEXT,
            duration REAL,
            created_at TEXT NOT NULL
        )""")


@migration
def m002_run_articles(conn: sqlite3.Connection) -> None:
    """What each run must do, so an interrupted run can resume where it stopped."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS run_articles (
            run_id TEXT NOT NULL REFERENCES runs(id),
            article_id TEXT NOT NULL,
            article_sha256 TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            PRIMARY KEY (run_id, article_id)
        )""")


@migration
def m003_indexes(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX IF NOT EXISTS results_cache_key ON results (cache_key)")
    conn.execute("CREATE INDEX IF NOT EXISTS records_run_type ON records (run_id, type)")
    conn.execute("CREATE INDEX IF NOT EXISTS records_date ON records (date)")
    conn.execute("CREATE INDEX IF NOT EXISTS calls_run_article ON calls (run_id, article_id)")


@migration
def m004_call_outcome(conn: sqlite3.Connection) -> None:
    """Keep what the backends report per call beside the raw text: model time and the error, if any."""
    conn.execute("ALTER TABLE calls ADD COLUMN model_time REAL")
    conn.execute("ALTER TABLE calls ADD COLUMN error TEXT")


@migration
def m005_partial_results(conn: sqlite3.Connection) -> None:
    """A result's status (complete, partial, failed): only a complete one is served from the cache
    or left alone by ``--resume``. And the valid answers of unfinished articles, by the exact
    request, so a rerun asks the model only what never got a valid answer."""
    conn.execute("ALTER TABLE results ADD COLUMN status TEXT")
    conn.execute("UPDATE results SET status = CASE WHEN error IS NULL THEN 'complete' ELSE 'failed' END")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS answers (
            key TEXT PRIMARY KEY,
            answer TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")


@migration
def m006_run_owner(conn: sqlite3.Connection) -> None:
    """The process running a run (pid and host): a run whose process is gone was interrupted."""
    conn.execute("ALTER TABLE runs ADD COLUMN pid INTEGER")
    conn.execute("ALTER TABLE runs ADD COLUMN host TEXT")


@migration
def m007_keys_and_jobs(conn: sqlite3.Connection) -> None:
    """The HTTP service's API keys (only a hash of each is kept) and its jobs: a job is a run,
    owned by the key that created it, with the status the service reports for it."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS api_keys (
            name TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS jobs (
            run_id TEXT PRIMARY KEY REFERENCES runs(id),
            key_name TEXT NOT NULL REFERENCES api_keys(name),
            status TEXT NOT NULL,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS jobs_key_status ON jobs (key_name, status)")
