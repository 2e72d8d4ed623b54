"""The read side of the run store: runs listed with their counts, records by filter, texts and calls.

A mixin of ``Store``: it needs ``_rows``, ``_text``, ``_newest_first`` and ``dialect`` from it.
"""

from __future__ import annotations

import json

from sqlalchemy import case, func, literal, literal_column, select

from extractor.contract import RECORD_TYPES, Usage
from extractor.errors import InputError
from extractor.store.rows import RunSummary, StoredRecord, run_status
from extractor.store.tables import articles, records, results, run_articles, runs
from extractor.store.tables import calls as calls_table


class Reads:
    def run_ids(self, prefix: str = "") -> list[str]:
        """Run ids, newest first; those that start with ``prefix`` when one is given. Ids only, no
        counts: what resolving ``latest`` or a prefix needs, cheap however many records a store holds."""
        query = select(runs.c.id).order_by(runs.c.created_at.desc(), self._newest_first(runs, runs.c.id))
        if prefix:
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(runs.c.id.like(escaped + "%", escape="\\"))
        return [r["id"] for r in self._rows(query)]

    def list_runs(self) -> list[RunSummary]:
        """Every run, newest first, with its article and record counts."""
        def count(table, *where):  # noqa: ANN001, ANN202
            return select(func.count()).select_from(table).where(table.c.run_id == runs.c.id, *where).scalar_subquery()

        rows = self._rows(select(
            runs, count(run_articles).label("planned"), count(results).label("done"),
            count(results, results.c.error.isnot(None)).label("errors"),
            count(results, results.c.status == "partial").label("partial"), count(records).label("records"),
        ).order_by(runs.c.created_at.desc(), self._newest_first(runs, runs.c.id)))
        return [
            RunSummary(
                id=r["id"], created_at=r["created_at"], finished_at=r["finished_at"],
                status=run_status(r["status"], r["pid"], r["host"], r["heartbeat_at"]),
                model=r["model"], backend=r["backend"], prompt_version=r["prompt_version"],
                schema_version=r["schema_version"], duration=r["duration"],
                usage=Usage.model_validate_json(r["usage"]) if r["usage"] else Usage(),
                planned=r["planned"], done=r["done"], errors=r["errors"], records=r["records"], partial=r["partial"],
                run_group=r["run_group"], shard=r["shard"],
            )
            for r in rows
        ]

    def run_state(self, run_id: str) -> str:
        """A run's status as ``extractor runs`` shows it: one still marked running whose process
        is gone (killed, crashed) reads interrupted."""
        row = self._require_run(run_id)
        return run_status(row["status"], row["pid"], row["host"], row["heartbeat_at"])

    def article_texts(self, run_id: str) -> dict[str, str]:
        """The stored text of each article of a run, as it was when extracted.

        The text stored under the result's sha256 wins; else one stored without a sha256;
        else, for a result that has no sha256 itself, the newest text of that article id.
        """
        same, bare, any_ = articles.alias("a_same"), articles.alias("a_bare"), articles.alias("a_any")
        newest = (literal_column("a_any.rowid") if self.dialect == "sqlite"
                  else literal_column("a_any.xmin::text::bigint")).desc()
        text = func.coalesce(
            select(same.c.text).where(same.c.id == results.c.article_id, same.c.sha256 == results.c.article_sha256)
            .scalar_subquery(),
            select(bare.c.text).where(bare.c.id == results.c.article_id, bare.c.sha256 == "").scalar_subquery(),
            case((results.c.article_sha256 == "",
                  select(any_.c.text).where(any_.c.id == results.c.article_id, any_.c.text.isnot(None))
                  .order_by(newest).limit(1).scalar_subquery())),
        )
        rows = self._rows(select(results.c.article_id, text.label("text")).where(results.c.run_id == run_id))
        return {r["article_id"]: r["text"] for r in rows if r["text"] is not None}

    def calls(self, run_id: str, article_id: str | None = None) -> list[dict[str, object]]:
        """The raw model calls of a run (or one of its articles), oldest first."""
        table = calls_table
        stmt = select(*[c for c in table.c if c.name != "id"]).where(table.c.run_id == run_id)
        if article_id:
            stmt = stmt.where(table.c.article_id == article_id)
        return [dict(r) for r in self._rows(stmt.order_by(table.c.id))]

    def recorded_time(self, run_id: str) -> float:
        """The time a run's processes have recorded (0 when its process died before recording any)."""
        return self._require_run(run_id)["duration"] or 0.0

    def result_count(self, run_id: str) -> int:
        """How many articles of a run have a result (done or failed)."""
        return self._rows(select(func.count().label("n")).select_from(results).where(results.c.run_id == run_id))[0]["n"]

    def spent(self, run_id: str) -> tuple[float, Usage]:
        """What a run has cost so far, whichever processes worked on it: its recorded time and the
        tokens of every model call it stored."""
        duration = self.recorded_time(run_id)
        rows = self._rows(select(calls_table.c.usage).where(calls_table.c.run_id == run_id,
                                                             calls_table.c.usage.isnot(None)))
        return duration, sum((Usage.model_validate_json(r["usage"]) for r in rows), Usage())

    def cache_source(self, run_id: str) -> str | None:
        """The newest other run with stored model calls for a result ``run_id`` took from the
        cache (the same cache key), or None: the run that made the answers a cached run reused."""
        mine, theirs = results.alias("r_mine"), results.alias("r_theirs")
        has_calls = (select(calls_table.c.id).where(calls_table.c.run_id == theirs.c.run_id,
                                                    calls_table.c.article_id == theirs.c.article_id).exists())
        rows = self._rows(
            select(theirs.c.run_id)
            .select_from(mine.join(theirs, (theirs.c.cache_key == mine.c.cache_key) & (theirs.c.run_id != mine.c.run_id)))
            .where(mine.c.run_id == run_id, mine.c.cache_key.isnot(None), has_calls)
            .order_by(theirs.c.created_at.desc(), theirs.c.run_id.desc()).limit(1))
        return rows[0]["run_id"] if rows else None

    def query_records(self, run: str | None = None, type: str | None = None, country: str | None = None,
                      since: str | None = None, until: str | None = None) -> list[StoredRecord]:
        """Records filtered by run id (None: every run), record type, ISO3 country and a date range.

        ``since`` compares partial dates as text, so a record dated ``2015`` is not "since
        2015-03" (its month is unknown) and an undated record is never returned. ``until``
        likewise: ``2015`` is not "until 2015-03" ('~' sorts after every digit and '-').
        """
        if type is not None and type not in RECORD_TYPES:
            raise InputError(f"unknown record type {type!r}: use one of {', '.join(RECORD_TYPES)}")
        where = []
        if run is not None:
            where.append(records.c.run_id == run)
        if type is not None:
            where.append(records.c.type == type)
        if country:  # countries is a JSON list of ISO codes: match the quoted code
            code = country.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(records.c.countries.like(f'%"{code}"%', escape="\\"))
        if since is not None:
            where.append(records.c.date.isnot(None) & (self._text(records.c.date) >= literal(since)))
        if until is not None:
            where.append(records.c.date.isnot(None)
                         & (self._text(records.c.date + "~") <= self._text(literal(until) + "~")))
        rows = self._rows(
            select(records)
            .select_from(records.join(runs, runs.c.id == records.c.run_id)
                         .outerjoin(run_articles, (run_articles.c.run_id == records.c.run_id)
                                    & (run_articles.c.article_id == records.c.article_id)))
            .where(*where)
            .order_by(runs.c.created_at.desc(), self._newest_first(runs, runs.c.id), run_articles.c.position,
                      records.c.id))
        return [
            StoredRecord(run_id=r["run_id"], article_id=r["article_id"], record_type=r["type"], index=r["index"],
                         record=RECORD_TYPES[r["type"]].model_validate_json(r["json"]),  # type: ignore[arg-type]
                         countries=json.loads(r["countries"]))
            for r in rows
        ]
