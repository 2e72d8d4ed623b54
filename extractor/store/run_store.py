"""The run store: every run, article result, record and model call, in SQLite or PostgreSQL.

One ``save_result`` is one transaction, so a crash loses at most the article in flight, and
``pending_articles`` tells a resumed run what is left. ``cached_result`` lets any run reuse a
result whose cache key (``store.cache.cache_key``) matches. Queries are SQLAlchemy Core on the
tables of ``store.tables``; the pipeline's worker threads share the store behind a lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import ValidationError
from sqlalchemy import Connection, Engine, func, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from extractor.contract import RECORD_TYPES, SCHEMA_VERSION, ArticleResult, Usage
from extractor.errors import StoreError
from extractor.store.engine import current_revision, is_url, make_engine, shown, store_url, upgrade
from extractor.store.reads import Reads
from extractor.store.rows import (
    ARTICLE_FIELDS, CALL_FIELDS, SavedArticle, Written, article_row, call_row, now, record_countries, stored_result,
    this_host, to_json,
)
from extractor.store.tables import answers as answers_table
from extractor.store.tables import articles, records, results, run_articles, runs
from extractor.store.tables import calls as calls_table

APP_NAME = "defence-extractor"
DB_ENV = "EXTRACTOR_DB"
RUN_STATUSES = ("running", "finished", "failed", "interrupted")
__all__ = ["CALL_FIELDS", "DB_ENV", "RUN_STATUSES", "Store", "default_db_path"]


def default_db_path() -> Path | str:
    """``$EXTRACTOR_DB`` when set (a path or a ``postgresql://`` URL), else ``extractor.db`` in
    the user data directory."""
    env = os.environ.get(DB_ENV)
    if env and is_url(env):
        return env
    return Path(env).expanduser() if env else Path(user_data_dir(APP_NAME)) / "extractor.db"


def _reason(exc: BaseException) -> str:
    """The driver's own message, on one line (SQLAlchemy adds the statement and a link)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Store(Reads):
    """Runs, results, records and model calls in one database. Open with ``Store.open``."""

    def __init__(self, engine: Engine, path: Path | str):
        self._engine = engine
        self._reader = engine.execution_options(store_read=True)  # SQLite: a plain BEGIN, no write lock
        self.path = path  # a SQLite file, or the URL with its password masked
        self.dialect = engine.dialect.name
        self._lock = threading.RLock()
        self._runs_seen: set[str] = set()
        self._written = Written()  # article rows and plan entries a save need not write again
        self._article_upsert = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and migrate) the store at ``path`` (a SQLite file or ``postgresql://`` URL),
        default ``default_db_path()``.

        With ``create=False`` a missing file (or an empty database) is a ``StoreError`` instead of a new store.
        """
        raw = path if path not in (None, "") else default_db_path()
        where: Path | str = raw if is_url(str(raw)) or str(raw) == ":memory:" else Path(raw).expanduser()
        if isinstance(where, Path) and where.parts and where.parts[0].split("+")[0] in ("postgresql:", "postgres:"):
            raise StoreError(f"{where} looks like a database URL whose '//' was lost (a path type?): "
                             "pass the URL as a string")
        url = store_url(where)
        if isinstance(where, Path) and not create and not where.exists():
            raise StoreError("no run store here yet: run `extractor run` first, or pass --db", source=str(where))
        shown_as = where if isinstance(where, Path) else shown(url)
        engine = None
        try:
            if isinstance(where, Path):
                where.parent.mkdir(parents=True, exist_ok=True)
            engine = make_engine(url)
            if not create and url.drivername != "sqlite" and current_revision(engine) is None:
                raise StoreError("no run store here yet: run `extractor run` first, or pass --db", source=shown_as)
            upgrade(engine)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            if engine is not None:
                engine.dispose()
            raise StoreError(f"cannot open the run store: {_reason(exc)}", source=str(shown_as), cause=exc) from exc
        except StoreError:
            if engine is not None:
                engine.dispose()
            raise
        return cls(engine, shown_as)

    @staticmethod
    def exists(path: str | Path) -> bool:
        """Is there a store at ``path`` (a SQLite file, or a database that has the store's tables)?"""
        if not is_url(str(path)):
            return str(path) == ":memory:" or Path(path).expanduser().exists()
        engine = make_engine(store_url(str(path)))
        try:
            return current_revision(engine) is not None
        except (SQLAlchemyError, OSError) as exc:  # the server is down or refuses us: say so, not "no runs"
            raise StoreError(f"cannot open the run store: {_reason(exc)}", source=shown(engine.url),
                             cause=exc) from exc
        finally:
            engine.dispose()

    def close(self) -> None:
        with self._lock:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        with self._lock:
            try:
                with self._engine.begin() as conn:
                    yield conn
            except (SQLAlchemyError, sqlite3.Error) as exc:
                raise StoreError(f"cannot write the run store: {_reason(exc)}", source=str(self.path),
                                 cause=exc) from exc

    def _rows(self, stmt) -> list:  # noqa: ANN001 - any SQLAlchemy selectable
        with self._lock:
            try:
                with self._reader.connect() as conn:
                    return list(conn.execute(stmt).mappings().all())
            except (SQLAlchemyError, sqlite3.Error) as exc:
                raise StoreError(f"cannot read the run store: {_reason(exc)}", source=str(self.path),
                                 cause=exc) from exc

    def _insert(self, table):  # noqa: ANN001, ANN202
        return (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)

    def _newest_first(self, table, fallback):  # noqa: ANN001, ANN202
        """A tie-break for rows stored in the same millisecond: SQLite's rowid, else ``fallback``."""
        if self.dialect == "sqlite":
            return literal_column(f"{table.name}.rowid").desc()
        return fallback.desc()

    def _text(self, column):  # noqa: ANN001, ANN202
        """Compare as bytes (partial dates against '~'), whatever the PostgreSQL database's locale."""
        return column.collate("C") if self.dialect == "postgresql" else column

    def _require_run(self, run_id: str):  # noqa: ANN202
        rows = self._rows(select(runs).where(runs.c.id == run_id))
        if not rows:
            raise StoreError(f"no run {run_id!r} in this store: see `extractor runs`", source=str(self.path))
        return rows[0]

    def _known_run(self, run_id: str) -> None:
        """``_require_run``, looked up once per run and store handle (runs are never deleted)."""
        if run_id not in self._runs_seen:
            self._require_run(run_id)
            self._runs_seen.add(run_id)

    def _upsert_articles(self, conn: Connection, rows: list[dict[str, str | None]]) -> None:
        if not rows:
            return
        if self._article_upsert is None:  # built once: SQLAlchemy rebuilds ``excluded`` on every access
            stmt = self._insert(articles)
            kept = {k: func.coalesce(stmt.excluded[k], articles.c[k]) for k in ARTICLE_FIELDS if k not in ("id", "sha256")}
            self._article_upsert = stmt.on_conflict_do_update(index_elements=["id", "sha256"], set_=kept)
        conn.execute(self._article_upsert, rows)

    def _plan(self, conn: Connection, run_id: str, rows: list[tuple[str, str]]) -> None:
        """Add articles (id, sha256) to the end of a run's plan; ones already planned keep their place."""
        if not rows:
            return
        last = conn.execute(select(func.max(run_articles.c.position)).where(run_articles.c.run_id == run_id)).scalar()
        start = -1 if last is None else last
        values = [{"run_id": run_id, "article_id": article_id, "article_sha256": sha256, "position": start + 1 + i}
                  for i, (article_id, sha256) in enumerate(rows)]
        conn.execute(self._insert(run_articles).on_conflict_do_nothing(index_elements=["run_id", "article_id"]),
                     values)

    # --- runs ---------------------------------------------------------------------------

    def start_run(self, config: Mapping[str, object], *, run_group: str | None = None,
                  shard: str | None = None) -> str:
        """Record a new run with its configuration; returns its id (sortable by start time).

        ``model``, ``backend``, ``prompt_version`` and ``schema_version`` are read from
        ``config`` when present so runs can be listed without parsing it. The shards of one
        feed (``--shard K/N``) share a ``run_group``; ``shard`` is "K/N".
        """
        run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        get = lambda key: None if config.get(key) is None else str(config.get(key))  # noqa: E731
        with self._transaction() as conn:
            conn.execute(runs.insert().values(
                id=run_id, created_at=now(), status="running", config=to_json(dict(config)), model=get("model"),
                backend=get("backend"), prompt_version=get("prompt_version"),
                schema_version=get("schema_version") or SCHEMA_VERSION, pid=os.getpid(), host=this_host(),
                run_group=run_group, shard=shard, heartbeat_at=now()))
        return run_id

    def planned_articles(self, run_id: str, articles: Iterable[object]) -> None:
        """Remember, in order, the articles a run must extract (for ``pending_articles``).

        Each item is an article id, a mapping, an ``ArticleMeta`` or an article object with
        ``id`` (and optionally ``text``, ``sha256``, ``source``, ``title``, ``published``,
        ``url``); text and metadata given here are stored for the review page.
        """
        self._require_run(run_id)
        rows = [article_row(a) for a in articles]
        described = [r for r in rows if r["sha256"] or any(r[k] is not None for k in ARTICLE_FIELDS[2:])]
        with self._transaction() as conn:
            self._upsert_articles(conn, described)
            self._plan(conn, run_id, [(r["id"] or "", r["sha256"] or "") for r in rows])
        self._written.remember(run_id, rows)

    def claim_run(self, run_id: str) -> None:
        """This process now runs ``run_id`` (a resumed run): status running, its pid and host."""
        self._require_run(run_id)
        with self._transaction() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(
                status="running", finished_at=None, pid=os.getpid(), host=this_host(), heartbeat_at=now()))

    def beat(self, run_id: str, duration: float | None = None) -> None:
        """This run's process is still at work (``extractor runs`` on another machine reads it),
        and, when given, the run's time so far (what a process killed later leaves recorded)."""
        values = {"heartbeat_at": now(), **({} if duration is None else {"duration": duration})}
        with self._transaction() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id, runs.c.status == "running").values(**values))

    def finish_run(self, run_id: str, status: str, duration: float | None = None,
                   usage: Usage | Mapping[str, int] | None = None) -> None:
        """Close a run: ``finished``, ``failed`` or ``interrupted``, its wall time and total usage."""
        if status not in RUN_STATUSES:
            raise ValueError(f"run status {status!r}: use one of {', '.join(RUN_STATUSES)}")
        self._require_run(run_id)
        usage_json = None if usage is None else to_json(usage.model_dump() if isinstance(usage, Usage) else dict(usage))
        with self._transaction() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(
                finished_at=now(), status=status, duration=duration, usage=usage_json))

    def run_config(self, run_id: str) -> dict[str, object]:
        return json.loads(self._require_run(run_id)["config"])

    def resolve_run(self, run: str | None = None) -> str:
        """The run id meant by ``run``: ``None`` or ``latest`` for the newest, else an id or unique prefix."""
        if run in (None, "", "latest"):
            rows = self._rows(select(runs.c.id).order_by(runs.c.created_at.desc(), self._newest_first(runs, runs.c.id))
                              .limit(1))
            if not rows:
                raise StoreError("no runs in this store yet: run `extractor run` first", source=str(self.path))
            return rows[0]["id"]
        ids = sorted(self.run_ids(run))  # type: ignore[arg-type]
        if run in ids:
            return run  # type: ignore[return-value]
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(f"no run {run!r} in this store: see `extractor runs`", source=str(self.path))
        raise StoreError(f"{run!r} matches {len(ids)} runs ({', '.join(ids[:3])}...): give more of the id")

    def group_runs(self, group: str) -> list[str]:
        """The runs of a run group (the shards of one feed), by shard; empty when no run has that group."""
        rows = self._rows(select(runs.c.id, runs.c.shard).where(runs.c.run_group == group).order_by(runs.c.created_at))
        shard_k = lambda shard: int(shard.split("/")[0]) if shard else 0  # noqa: E731
        return [r["id"] for r in sorted(rows, key=lambda r: shard_k(r["shard"]))]

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
        self.save_results(run_id, [SavedArticle(result, cache_key, calls, article_text, answers)])

    def save_results(self, run_id: str, saved: Sequence[SavedArticle]) -> None:
        """``save_result`` for several articles of one run, in one transaction (a run that
        finishes many articles a second saves them in batches)."""
        if not saved:
            return
        ids = [item.result.article.id for item in saved]
        if len(set(ids)) != len(ids):  # the same article twice in one batch: the later result wins
            for item in saved:
                self.save_results(run_id, [item])
            return
        self._known_run(run_id)
        rows = [{**article_row(item.result.article), "text": item.article_text} for item in saved]
        result_rows = [{"run_id": run_id, "article_id": item.result.article.id, "article_sha256": row["sha256"],
                        "cache_key": item.cache_key, "result": item.result.model_dump_json(), "error": item.result.error,
                        "status": item.result.status, "created_at": now()} for item, row in zip(saved, rows)]
        record_rows = [
            {"run_id": run_id, "article_id": item.result.article.id, "type": record_type, "index": index,
             "countries": to_json(record_countries(record)), "date": record.date, "grounded": int(record.grounded),
             "json": record.model_dump_json()}
            for item in saved for record_type in RECORD_TYPES
            for index, record in enumerate(getattr(item.result, record_type))
        ]
        call_rows = [call_row(run_id, item.result.article.id, call) for item in saved for call in item.calls]
        answer_rows = {key: text for item in saved for key, text in (item.answers or {}).items()}
        with self._transaction() as conn:
            self._upsert_articles(conn, self._written.new_articles(rows))
            self._plan(conn, run_id, self._written.unplanned(run_id, rows))
            for table in (results, records):
                conn.execute(table.delete().where(table.c.run_id == run_id, table.c.article_id.in_(ids)))
            conn.execute(results.insert(), result_rows)
            if answer_rows:
                stmt = self._insert(answers_table)
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=["key"], set_={"answer": stmt.excluded.answer, "created_at": stmt.excluded.created_at}),
                    [{"key": key, "answer": text, "created_at": now()} for key, text in answer_rows.items()])
            if record_rows:
                conn.execute(records.insert(), record_rows)
            if call_rows:
                conn.execute(calls_table.insert(), call_rows)
        self._written.remember(run_id, rows)

    def cached_result(self, cache_key: str) -> ArticleResult | None:
        """The newest complete result stored under ``cache_key`` by any run, or None (a partial or
        failed result is never served: the next run asks again what it lacks)."""
        rows = self._rows(select(results.c.result).where(results.c.cache_key == cache_key,
                                                         results.c.status == "complete")
                          .order_by(results.c.created_at.desc(), self._newest_first(results, results.c.run_id))
                          .limit(1))
        if not rows:
            return None
        try:
            return ArticleResult.model_validate_json(rows[0]["result"])
        except ValidationError:
            return None  # written under an older contract: extract again

    def cached_answer(self, key: str) -> str | None:
        """A valid model answer stored under a request key (``save_result``'s ``answers``), or None."""
        rows = self._rows(select(answers_table.c.answer).where(answers_table.c.key == key))
        return rows[0]["answer"] if rows else None

    def pending_articles(self, run_id: str, *, retry_errors: bool = True) -> list[str]:
        """Planned article ids with no result yet (and, by default, those that are partial or failed)."""
        self._require_run(run_id)
        undone = results.c.article_id.is_(None)
        if retry_errors:
            undone = undone | (func.coalesce(results.c.status, "") != "complete")
        rows = self._rows(
            select(run_articles.c.article_id)
            .select_from(run_articles.outerjoin(results, (results.c.run_id == run_articles.c.run_id)
                                                & (results.c.article_id == run_articles.c.article_id)))
            .where(run_articles.c.run_id == run_id, undone).order_by(run_articles.c.position))
        return [r["article_id"] for r in rows]

    def pending_article_rows(self, run_id: str) -> list[dict[str, str | None]]:
        """The stored articles (text and metadata) a run still has to do, for ``--resume``."""
        pending = self.pending_articles(run_id)
        rows = self._rows(
            select(*[articles.c[k] for k in ARTICLE_FIELDS])
            .select_from(run_articles.join(articles, (articles.c.id == run_articles.c.article_id)
                                           & (articles.c.sha256 == run_articles.c.article_sha256)))
            .where(run_articles.c.run_id == run_id).order_by(run_articles.c.position))
        by_id = {r["id"]: dict(r) for r in rows}
        return [by_id[i] for i in pending if i in by_id]

    def results(self, run_id: str) -> list[ArticleResult]:
        """A run's article results in planned order."""
        run = self._require_run(run_id)
        rows = self._rows(
            select(results.c.result, results.c.article_id, results.c.error, results.c.created_at)
            .select_from(results.outerjoin(run_articles, (run_articles.c.run_id == results.c.run_id)
                                           & (run_articles.c.article_id == results.c.article_id)))
            .where(results.c.run_id == run_id).order_by(run_articles.c.position, results.c.created_at))
        return [stored_result(r, run) for r in rows]

