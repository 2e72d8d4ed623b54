"""The run store: every run, article result, record and model call in one SQLite file.

One ``save_result`` is one transaction, so a crash loses at most the article in flight, and
``pending_articles`` tells a resumed run what is left. ``cached_result`` lets any run reuse a
result whose cache key (``store.cache.cache_key``) matches. The connection is shared by the
pipeline's worker threads behind a lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import ValidationError

from extractor.contract import RECORD_TYPES, SCHEMA_VERSION, ArticleMeta, ArticleResult, Usage
from extractor.errors import InputError, StoreError
from extractor.store.migrations import migrate
from extractor.store.rows import (
    ARTICLE_FIELDS, CALL_FIELDS, RunSummary, StoredRecord, article_row, call_row, now, record_countries, run_status,
    this_host, to_json,
)

APP_NAME = "defence-extractor"
DB_ENV = "EXTRACTOR_DB"
RUN_STATUSES = ("running", "finished", "failed", "interrupted")


def default_db_path() -> Path:
    """``$EXTRACTOR_DB`` when set, else ``extractor.db`` in the user data directory."""
    env = os.environ.get(DB_ENV)
    return Path(env).expanduser() if env else Path(user_data_dir(APP_NAME)) / "extractor.db"


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


class Store:
    """Runs, results, records and model calls in one SQLite database. Open with ``Store.open``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | str):
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and migrate) the store at ``path``, default ``default_db_path()``.

        With ``create=False`` a missing file is a ``StoreError`` instead of a new empty store.
        """
        memory = str(path) == ":memory:"
        where: Path | str = ":memory:" if memory else (Path(path).expanduser() if path else default_db_path())
        if not memory and not create and not Path(where).exists():
            raise StoreError("no run store here yet: run `extractor run` first, or pass --db", source=str(where))
        try:
            if not memory:
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(where, isolation_level=None, check_same_thread=False, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")  # wait for another process's write, not fail
            _use_wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            migrate(conn)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the run store: {exc}", source=str(where), cause=exc) from exc
        return cls(conn, where)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"cannot write the run store: {exc}", source=str(self.path), cause=exc) from exc
                raise

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the run store: {exc}", source=str(self.path), cause=exc) from exc

    def _require_run(self, run_id: str) -> sqlite3.Row:
        rows = self._rows("SELECT * FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no run {run_id!r} in this store: see `extractor runs`", source=str(self.path))
        return rows[0]

    def _upsert_article(self, conn: sqlite3.Connection, row: dict[str, str | None]) -> None:
        conn.execute(
            """INSERT INTO articles (id, sha256, source, published, title, url, text)
               VALUES (:id, :sha256, :source, :published, :title, :url, :text)
               ON CONFLICT (id, sha256) DO UPDATE SET
                 source = COALESCE(excluded.source, source), published = COALESCE(excluded.published, published),
                 title = COALESCE(excluded.title, title), url = COALESCE(excluded.url, url),
                 text = COALESCE(excluded.text, text)""",
            row,
        )

    def _plan(self, conn: sqlite3.Connection, run_id: str, article_id: str, sha256: str) -> None:
        conn.execute(
            """INSERT OR IGNORE INTO run_articles (run_id, article_id, article_sha256, position)
               VALUES (?, ?, ?, (SELECT COALESCE(MAX(position) + 1, 0) FROM run_articles WHERE run_id = ?))""",
            (run_id, article_id, sha256, run_id),
        )

    # --- runs ---------------------------------------------------------------------------

    def start_run(self, config: Mapping[str, object]) -> str:
        """Record a new run with its configuration; returns its id (sortable by start time).

        ``model``, ``backend``, ``prompt_version`` and ``schema_version`` are read from
        ``config`` when present so runs can be listed without parsing it.
        """
        run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        get = lambda key: None if config.get(key) is None else str(config.get(key))  # noqa: E731
        with self._transaction() as conn:
            conn.execute(
                """INSERT INTO runs (id, created_at, status, config, model, backend, prompt_version, schema_version,
                                    pid, host)
                   VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)""",
                (run_id, now(), to_json(dict(config)), get("model"), get("backend"), get("prompt_version"),
                 get("schema_version") or SCHEMA_VERSION, os.getpid(), this_host()),
            )
        return run_id

    def planned_articles(self, run_id: str, articles: Iterable[object]) -> None:
        """Remember, in order, the articles a run must extract (for ``pending_articles``).

        Each item is an article id, a mapping, an ``ArticleMeta`` or an article object with
        ``id`` (and optionally ``text``, ``sha256``, ``source``, ``title``, ``published``,
        ``url``); text and metadata given here are stored for the review page.
        """
        self._require_run(run_id)
        rows = [article_row(a) for a in articles]
        with self._transaction() as conn:
            for row in rows:
                if any(row[k] is not None for k in ARTICLE_FIELDS if k not in ("id", "sha256")) or row["sha256"]:
                    self._upsert_article(conn, row)
                self._plan(conn, run_id, row["id"] or "", row["sha256"] or "")

    def claim_run(self, run_id: str) -> None:
        """This process now runs ``run_id`` (a resumed run): status running, its pid and host."""
        self._require_run(run_id)
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET status = 'running', finished_at = NULL, pid = ?, host = ? WHERE id = ?",
                         (os.getpid(), this_host(), run_id))

    def finish_run(self, run_id: str, status: str, duration: float | None = None,
                   usage: Usage | Mapping[str, int] | None = None) -> None:
        """Close a run: ``finished``, ``failed`` or ``interrupted``, its wall time and total usage."""
        if status not in RUN_STATUSES:
            raise ValueError(f"run status {status!r}: use one of {', '.join(RUN_STATUSES)}")
        self._require_run(run_id)
        usage_json = None if usage is None else to_json(usage.model_dump() if isinstance(usage, Usage) else dict(usage))
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET finished_at = ?, status = ?, duration = ?, usage = ? WHERE id = ?",
                         (now(), status, duration, usage_json, run_id))

    def run_config(self, run_id: str) -> dict[str, object]:
        return json.loads(self._require_run(run_id)["config"])

    def resolve_run(self, run: str | None = None) -> str:
        """The run id meant by ``run``: ``None`` or ``latest`` for the newest, else an id or unique prefix."""
        if run in (None, "", "latest"):
            rows = self._rows("SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1")
            if not rows:
                raise StoreError("no runs in this store yet: run `extractor run` first", source=str(self.path))
            return rows[0]["id"]
        rows = self._rows("SELECT id FROM runs WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY id",
                          (run, run.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"))
        ids = [r["id"] for r in rows]
        if run in ids:
            return run  # type: ignore[return-value]
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(f"no run {run!r} in this store: see `extractor runs`", source=str(self.path))
        raise StoreError(f"{run!r} matches {len(ids)} runs ({', '.join(ids[:3])}...): give more of the id")

    def list_runs(self) -> list[RunSummary]:
        """Every run, newest first, with its article and record counts."""
        rows = self._rows("""
            SELECT runs.*,
              (SELECT COUNT(*) FROM run_articles ra WHERE ra.run_id = runs.id) AS planned,
              (SELECT COUNT(*) FROM results r WHERE r.run_id = runs.id) AS done,
              (SELECT COUNT(*) FROM results r WHERE r.run_id = runs.id AND r.error IS NOT NULL) AS errors,
              (SELECT COUNT(*) FROM results r WHERE r.run_id = runs.id AND r.status = 'partial') AS partial,
              (SELECT COUNT(*) FROM records rec WHERE rec.run_id = runs.id) AS records
            FROM runs ORDER BY created_at DESC, rowid DESC""")
        return [
            RunSummary(
                id=r["id"], created_at=r["created_at"], finished_at=r["finished_at"],
                status=run_status(r["status"], r["pid"], r["host"]),
                model=r["model"], backend=r["backend"], prompt_version=r["prompt_version"],
                schema_version=r["schema_version"], duration=r["duration"],
                usage=Usage.model_validate_json(r["usage"]) if r["usage"] else Usage(),
                planned=r["planned"], done=r["done"], errors=r["errors"], records=r["records"], partial=r["partial"],
            )
            for r in rows
        ]

    # --- results ------------------------------------------------------------------------

    def save_result(self, run_id: str, result: ArticleResult, cache_key: str | None,
                    calls: Sequence[object] = (), *, article_text: str | None = None,
                    answers: Mapping[str, str] | None = None) -> None:
        """Store one article's result, its records and the raw model calls in one transaction.

        Saving an article again in the same run replaces its result and records (a resumed
        run retrying an error); calls are appended, since they all happened. Each call is a
        ``backends.base.CallRecord`` or a mapping with keys from ``CALL_FIELDS``
        (``record_type``, ``request``, ``response``, ``usage``, ``duration``, ``model_time``,
        ``error``, ``created_at``) or those of ``CallRecord.to_dict()``. Pass ``article_text``
        so the review page can be drawn from the store alone. ``answers`` (the valid answers of an
        unfinished article, by request key) are kept for ``cached_answer``.
        """
        self._require_run(run_id)
        meta: ArticleMeta = result.article
        article = article_row(meta)
        article["text"] = article_text
        call_rows = [call_row(run_id, meta.id, call) for call in calls]
        with self._transaction() as conn:
            self._upsert_article(conn, article)
            self._plan(conn, run_id, meta.id, article["sha256"] or "")
            conn.execute("DELETE FROM results WHERE run_id = ? AND article_id = ?", (run_id, meta.id))
            conn.execute("DELETE FROM records WHERE run_id = ? AND article_id = ?", (run_id, meta.id))
            conn.execute(
                """INSERT INTO results (run_id, article_id, article_sha256, cache_key, result, error, status, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (run_id, meta.id, article["sha256"], cache_key, result.model_dump_json(), result.error, result.status,
                 now()),
            )
            conn.executemany("INSERT OR REPLACE INTO answers (key, answer, created_at) VALUES (?, ?, ?)",
                             [(key, text, now()) for key, text in (answers or {}).items()])
            for record_type in RECORD_TYPES:
                for index, record in enumerate(getattr(result, record_type)):
                    conn.execute(
                        """INSERT INTO records (run_id, article_id, type, "index", countries, date, grounded, json)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                        (run_id, meta.id, record_type, index, to_json(record_countries(record)), record.date,
                         int(record.grounded), record.model_dump_json()),
                    )
            conn.executemany(
                """INSERT INTO calls (run_id, article_id, record_type, request, response, usage, duration, model_time,
                                      error, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                call_rows,
            )

    def cached_result(self, cache_key: str) -> ArticleResult | None:
        """The newest complete result stored under ``cache_key`` by any run, or None (a partial or
        failed result is never served: the next run asks again what it lacks)."""
        rows = self._rows("""SELECT result FROM results WHERE cache_key = ? AND status = 'complete'
                             ORDER BY created_at DESC, rowid DESC LIMIT 1""", (cache_key,))
        if not rows:
            return None
        try:
            return ArticleResult.model_validate_json(rows[0]["result"])
        except ValidationError:
            return None  # written under an older contract: extract again

    def cached_answer(self, key: str) -> str | None:
        """A valid model answer stored under a request key (``save_result``'s ``answers``), or None."""
        rows = self._rows("SELECT answer FROM answers WHERE key = ?", (key,))
        return rows[0]["answer"] if rows else None

    def pending_articles(self, run_id: str, *, retry_errors: bool = True) -> list[str]:
        """Planned article ids with no result yet (and, by default, those that are partial or failed)."""
        self._require_run(run_id)
        rows = self._rows("""
            SELECT ra.article_id FROM run_articles ra
            LEFT JOIN results r ON r.run_id = ra.run_id AND r.article_id = ra.article_id
            WHERE ra.run_id = ? AND (r.article_id IS NULL OR (? AND COALESCE(r.status, '') != 'complete'))
            ORDER BY ra.position""", (run_id, int(retry_errors)))
        return [r["article_id"] for r in rows]

    def pending_article_rows(self, run_id: str) -> list[dict[str, str | None]]:
        """The stored articles (text and metadata) a run still has to do, for ``--resume``."""
        pending = self.pending_articles(run_id)
        rows = self._rows("""
            SELECT a.id, a.sha256, a.source, a.published, a.title, a.url, a.text FROM run_articles ra
            JOIN articles a ON a.id = ra.article_id AND a.sha256 = ra.article_sha256
            WHERE ra.run_id = ? ORDER BY ra.position""", (run_id,))
        by_id = {r["id"]: dict(r) for r in rows}
        return [by_id[i] for i in pending if i in by_id]

    def results(self, run_id: str) -> list[ArticleResult]:
        """A run's article results in planned order."""
        self._require_run(run_id)
        rows = self._rows("""
            SELECT r.result FROM results r
            LEFT JOIN run_articles ra ON ra.run_id = r.run_id AND ra.article_id = r.article_id
            WHERE r.run_id = ? ORDER BY ra.position, r.created_at""", (run_id,))
        return [ArticleResult.model_validate_json(r["result"]) for r in rows]

    def article_texts(self, run_id: str) -> dict[str, str]:
        """The stored text of each article of a run, as it was when extracted.

        The text stored under the result's sha256 wins; else one stored without a sha256;
        else, for a result that has no sha256 itself, the newest text of that article id.
        """
        rows = self._rows("""
            SELECT r.article_id, COALESCE(
              (SELECT a.text FROM articles a WHERE a.id = r.article_id AND a.sha256 = r.article_sha256),
              (SELECT a.text FROM articles a WHERE a.id = r.article_id AND a.sha256 = ''),
              CASE WHEN r.article_sha256 = '' THEN (SELECT a.text FROM articles a WHERE a.id = r.article_id
                                                   AND a.text IS NOT NULL ORDER BY a.rowid DESC LIMIT 1) END
            ) AS text
            FROM results r WHERE r.run_id = ?""", (run_id,))
        return {r["article_id"]: r["text"] for r in rows if r["text"] is not None}

    def calls(self, run_id: str, article_id: str | None = None) -> list[dict[str, object]]:
        """The raw model calls of a run (or one of its articles), oldest first."""
        sql = "SELECT * FROM calls WHERE run_id = ?" + (" AND article_id = ?" if article_id else "") + " ORDER BY id"
        rows = self._rows(sql, (run_id, article_id) if article_id else (run_id,))
        return [{k: r[k] for k in r.keys() if k != "id"} for r in rows]

    def query_records(self, run: str | None = None, type: str | None = None, country: str | None = None,
                      since: str | None = None, until: str | None = None) -> list[StoredRecord]:
        """Records filtered by run id (None: every run), record type, ISO3 country and a date range.

        ``since`` compares partial dates as text, so a record dated ``2015`` is not "since
        2015-03" (its month is unknown) and an undated record is never returned. ``until``
        likewise: ``2015`` is not "until 2015-03" ('~' sorts after every digit and '-').
        """
        if type is not None and type not in RECORD_TYPES:
            raise InputError(f"unknown record type {type!r}: use one of {', '.join(RECORD_TYPES)}")
        where, params = [], []
        for clause, value in (("rec.run_id = ?", run), ("rec.type = ?", type),
                              ("EXISTS (SELECT 1 FROM json_each(rec.countries) WHERE value = ?)",
                               country.upper() if country else None),
                              ("rec.date IS NOT NULL AND rec.date >= ?", since),
                              ("rec.date IS NOT NULL AND rec.date || '~' <= ? || '~'", until)):
            if value is not None:
                where.append(clause)
                params.append(value)
        rows = self._rows(f"""
            SELECT rec.* FROM records rec
            JOIN runs ON runs.id = rec.run_id
            LEFT JOIN run_articles ra ON ra.run_id = rec.run_id AND ra.article_id = rec.article_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY runs.created_at DESC, runs.rowid DESC, ra.position, rec.id""", params)
        return [
            StoredRecord(run_id=r["run_id"], article_id=r["article_id"], record_type=r["type"], index=r["index"],
                         record=RECORD_TYPES[r["type"]].model_validate_json(r["json"]),  # type: ignore[arg-type]
                         countries=json.loads(r["countries"]))
            for r in rows
        ]
