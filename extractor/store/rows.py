"""Row shapes of the run store and the conversions between contract objects and rows."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from extractor.contract import SCHEMA_VERSION, ArticleMeta, ArticleResult, Provenance, Record, Usage
from extractor.errors import InputError, StoreError

CALL_FIELDS = {"record_type", "request", "response", "usage", "duration", "model_time", "error", "created_at"}
# ``backends.base.CallRecord.to_dict()`` spells three of them its own way
CALL_ALIASES = {"response_text": "response", "duration_s": "duration", "model_time_s": "model_time"}
ARTICLE_FIELDS = ("id", "sha256", "source", "published", "title", "url", "text")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class RunSummary:
    """One row of ``extractor runs``: the run and how far it got."""

    id: str
    created_at: str
    finished_at: str | None
    status: str
    model: str | None
    backend: str | None
    prompt_version: str | None
    schema_version: str | None
    duration: float | None
    usage: Usage
    planned: int
    done: int
    errors: int
    records: int
    partial: int = 0
    run_group: str | None = None  # the shards of one feed share a group
    shard: str | None = None  # "K/N"


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: where it came from and the contract record itself."""

    run_id: str
    article_id: str
    record_type: str
    index: int
    record: Record
    countries: list[str] = field(default_factory=list)


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


#: how often a running run renews its heartbeat, and how old one may be before the run reads
#: as interrupted on a machine that cannot see its process
HEARTBEAT_S = 30.0
STALE_AFTER_S = 4 * HEARTBEAT_S


def run_status(stored: str, pid: int | None, host: str | None, heartbeat_at: str | None = None) -> str:
    """A run's status as a user should read it: one still marked running whose process is gone
    (killed, crashed, the machine rebooted) was interrupted. On this host its pid says so; on
    another, a heartbeat older than ``STALE_AFTER_S`` (runs of older versions have none)."""
    if stored != "running":
        return stored
    if host == this_host():
        return "interrupted" if pid is not None and not process_alive(pid) else stored
    if heartbeat_at:
        try:
            age = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(heartbeat_at)
        except ValueError:
            return stored
        if age.total_seconds() > STALE_AFTER_S:
            return "interrupted"
    return stored


def article_row(item: object) -> dict[str, str | None]:
    """Article fields from an id, a mapping, an ``ArticleMeta`` or any object with ``.id``."""
    if isinstance(item, str):
        row: dict[str, object] = {"id": item}
    elif isinstance(item, Mapping):
        row = {k: item.get(k) for k in ARTICLE_FIELDS}
    else:
        row = {k: getattr(item, k, None) for k in ARTICLE_FIELDS}
    if not row.get("id"):
        raise InputError(f"an article to store has no id: {item!r:.80}")
    published = row.get("published")
    if isinstance(published, (dt.date, dt.datetime)):
        row["published"] = published.isoformat()
    out = {k: (None if row.get(k) is None else str(row[k])) for k in ARTICLE_FIELDS}
    out["sha256"] = out["sha256"] or ""
    return out


def record_countries(record: Record) -> list[str]:
    """Every country a record names (actors, people, meeting sides, location), for filtering."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "country" and isinstance(item, str):
                    found.add(item)
                elif key == "countries" and isinstance(item, list):
                    found.update(c for c in item if isinstance(c, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record.model_dump(mode="json", exclude={"evidence"}))
    return sorted(found)


def call_row(run_id: str, article_id: str, call: object) -> dict[str, object]:
    """A ``calls`` row from a mapping (``CALL_FIELDS`` or ``CallRecord.to_dict()`` keys) or a ``CallRecord``."""
    to_dict = getattr(call, "to_dict", None)
    if not isinstance(call, Mapping):
        if not callable(to_dict):
            raise StoreError(f"a model call to store must be a mapping or have to_dict(): {call!r:.80}")
        call = to_dict()
    fields = {CALL_ALIASES.get(k, k): v for k, v in call.items()}  # type: ignore[union-attr]
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise StoreError(f"unknown call field(s) {', '.join(sorted(unknown))}: use {', '.join(sorted(CALL_FIELDS))}")
    request, response, usage = fields.get("request"), fields.get("response"), fields.get("usage")
    if isinstance(usage, Usage):
        usage = usage.model_dump()
    number = lambda key: None if fields.get(key) is None else float(fields[key])  # noqa: E731
    return {
        "run_id": run_id, "article_id": article_id, "record_type": fields.get("record_type"),
        "request": None if request is None else (request if isinstance(request, str) else to_json(request)),
        "response": None if response is None else (response if isinstance(response, str) else to_json(response)),
        "usage": None if usage is None else to_json(usage),
        "duration": number("duration"), "model_time": number("model_time"), "error": fields.get("error"),
        "created_at": fields.get("created_at") or now(),
    }


def stored_result(row: Mapping[str, object], run: Mapping[str, object]) -> ArticleResult:
    """A stored result row as an ``ArticleResult``; one that no longer reads (an older store's
    failed row holds ``{}``) comes back as a failed result for its article, its provenance
    taken from the run."""
    try:
        return ArticleResult.model_validate_json(str(row["result"]))
    except ValidationError:
        pass
    try:
        config = json.loads(str(run.get("config") or "{}"))
    except ValueError:
        config = {}
    config = config if isinstance(config, dict) else {}

    def pick(key: str) -> str:
        value = run.get(key) or config.get(key)
        return str(value) if value else "unknown"

    provenance = Provenance(model=pick("model"), backend=pick("backend"), prompt_version=pick("prompt_version"),
                            schema_version=str(run.get("schema_version") or SCHEMA_VERSION),
                            extractor_version=pick("extractor_version"),
                            started_at=str(row.get("created_at") or run.get("created_at") or ""), duration_s=0.0)
    return ArticleResult(article=ArticleMeta(id=str(row["article_id"]) or "unknown"), provenance=provenance,
                         status="failed", error=str(row.get("error") or "stored result could not be read"))


@dataclass
class SavedArticle:
    """One finished article for ``Store.save_results``: what ``save_result`` takes."""

    result: ArticleResult
    cache_key: str | None
    calls: Sequence[object] = ()
    article_text: str | None = None
    answers: Mapping[str, str] | None = None


@dataclass
class Written:
    """What one store handle has written already, so that saving a result does not write it
    again: article rows stored with their text (id, sha256), and each run's planned article ids.
    Remembered after a commit; both are only ever added to, so skipping them is safe."""

    texts: set[tuple[str, str]] = field(default_factory=set)
    planned: dict[str, set[str]] = field(default_factory=dict)

    def remember(self, run_id: str, rows: list[dict[str, str | None]]) -> None:
        self.texts.update((r["id"] or "", r["sha256"] or "") for r in rows if r.get("text") is not None)
        self.planned.setdefault(run_id, set()).update(r["id"] or "" for r in rows)

    def new_articles(self, rows: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
        return [r for r in rows if r.get("text") is None or (r["id"] or "", r["sha256"] or "") not in self.texts]

    def unplanned(self, run_id: str, rows: list[dict[str, str | None]]) -> list[tuple[str, str]]:
        planned = self.planned.get(run_id, set())
        return [(r["id"] or "", r["sha256"] or "") for r in rows if r["id"] not in planned]
