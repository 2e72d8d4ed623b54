"""Where the run store lives: a SQLite file (the default) or a PostgreSQL URL, opened as a
SQLAlchemy engine and brought to the newest schema by Alembic.

SQLite: WAL, a 30 s busy timeout, foreign keys, and every transaction begins IMMEDIATE (it
takes the write lock at once, so two writers never deadlock upgrading a read lock).
PostgreSQL: psycopg 3 (the ``postgres`` extra). On both, the schema upgrade runs inside one
transaction that holds the store's write lock (SQLite) or an advisory lock (PostgreSQL), and
checks the revision again under it, so several processes may open one new store at once.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from extractor.errors import StoreError

SCRIPTS = Path(__file__).with_name("alembic")
PG_LOCK = 7_301_972_014  # the advisory lock key held while migrating a PostgreSQL store
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_url(where: object) -> bool:
    return isinstance(where, str) and "://" in where


def store_url(where: str | Path) -> URL:
    """The SQLAlchemy URL of a store given as a path, ``:memory:``, ``sqlite:///...`` or ``postgresql://...``."""
    text = str(where)
    if not is_url(text):
        return URL.create("sqlite", database=text)
    if not text.startswith(POSTGRES_SCHEMES + ("sqlite://",)):
        raise StoreError(f"unsupported run store URL {text.split('://')[0]}://...: give a SQLite path or "
                         "postgresql://user@host/dbname")
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"bad run store URL: {exc}") from exc
    return url.set(drivername="postgresql+psycopg") if url.drivername.startswith("postgres") else url


def shown(url: URL) -> str:
    """The store as a user reads it: a SQLite path, or the URL with its password masked."""
    return url.database or "" if url.drivername == "sqlite" else url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    if url.drivername == "sqlite":
        memory = url.database in (None, "", ":memory:")
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **({"poolclass": StaticPool} if memory else {}))
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    if importlib.util.find_spec("psycopg") is None:
        raise StoreError("a PostgreSQL store needs the driver: pip install 'defence-extractor[postgres]'")
    return create_engine(url, pool_pre_ping=True)


def _sqlite_connected(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN IMMEDIATE itself
    dbapi_conn.execute("PRAGMA busy_timeout = 30000")  # wait for another process's write, not fail
    _use_wal(dbapi_conn)
    # WAL's usual setting: a commit survives the process being killed, only a power cut or an
    # OS crash may lose the last ones; no fsync per commit (the default, FULL, syncs each one)
    dbapi_conn.execute("PRAGMA synchronous=NORMAL")
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


def _use_wal(conn: sqlite3.Connection, tries: int = 50) -> None:
    """Switch to WAL. On a brand-new file several processes may race to switch it, and SQLite
    answers "database is locked" at once, without the busy timeout: try again briefly."""
    for attempt in range(tries):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.02 * (1 + attempt % 5))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the store to the newest revision; True when this process ran any migration."""
    head = head_revision()
    if current_revision(engine) == head:
        return False  # the usual case: nothing to do, no lock taken
    config = alembic_config()
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE holds the write lock from here
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(PG_LOCK)))
        if MigrationContext.configure(conn).get_current_revision() == head:
            return False  # another process migrated it meanwhile
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True
