"""The run store's tables (SQLAlchemy Core), as the newest Alembic revision leaves them.

The schema itself is created and changed only by the revisions in ``store/alembic/versions``;
these ``Table`` objects are what the queries are written against.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("sha256", Text, primary_key=True, server_default=""),
    Column("source", Text), Column("published", Text), Column("title", Text), Column("url", Text),
    Column("text", Text),
)

runs = Table(
    "runs", metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Text, nullable=False),
    Column("finished_at", Text),
    Column("status", Text, nullable=False),
    Column("config", Text, nullable=False),
    Column("model", Text), Column("backend", Text), Column("prompt_version", Text), Column("schema_version", Text),
    Column("duration", Float),
    Column("usage", Text),
    Column("pid", Integer), Column("host", Text),
    Column("run_group", Text),  # shards of one feed share a group (``--shard K/N``)
    Column("shard", Text),  # "K/N", or NULL for an unsharded run
    Column("heartbeat_at", Text),  # renewed while the run's process works (``Store.beat``)
)

results = Table(
    "results", metadata,
    Column("run_id", Text, ForeignKey("runs.id"), primary_key=True),
    Column("article_id", Text, primary_key=True),
    Column("article_sha256", Text, nullable=False, server_default=""),
    Column("cache_key", Text),
    Column("result", Text, nullable=False),
    Column("error", Text),
    Column("created_at", Text, nullable=False),
    Column("status", Text),
    Index("results_cache_key", "cache_key"),
)

records = Table(
    "records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Text, ForeignKey("runs.id"), nullable=False),
    Column("article_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("index", Integer, nullable=False),
    Column("countries", Text, nullable=False, server_default="[]"),
    Column("date", Text),
    Column("grounded", Integer, nullable=False, server_default="0"),
    Column("json", Text, nullable=False),
    Index("records_run_type", "run_id", "type"),
    Index("records_run_article", "run_id", "article_id"),  # an article's records are replaced on a resave
    Index("records_date", "date"),
)

calls = Table(
    "calls", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Text, ForeignKey("runs.id"), nullable=False),
    Column("article_id", Text, nullable=False),
    Column("record_type", Text),
    Column("request", Text),
    Column("response", Text),
    Column("usage", Text),
    Column("duration", Float),
    Column("created_at", Text, nullable=False),
    Column("model_time", Float),
    Column("error", Text),
    Index("calls_run_article", "run_id", "article_id"),
)

run_articles = Table(
    "run_articles", metadata,
    Column("run_id", Text, ForeignKey("runs.id"), primary_key=True),
    Column("article_id", Text, primary_key=True),
    Column("article_sha256", Text, nullable=False, server_default=""),
    Column("position", Integer, nullable=False),
    Index("run_articles_position", "run_id", "position"),  # the plan's end, found per save
)

answers = Table(
    "answers", metadata,
    Column("key", Text, primary_key=True),
    Column("answer", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

api_keys = Table(  # the HTTP service's keys: only a hash of each is kept
    "api_keys", metadata,
    Column("name", Text, primary_key=True),
    Column("hash", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    Column("revoked_at", Text),
)

jobs = Table(  # a job of the service is a run, owned by the key that created it
    "jobs", metadata,
    Column("run_id", Text, ForeignKey("runs.id"), primary_key=True),
    Column("key_name", Text, ForeignKey("api_keys.name"), nullable=False),
    Column("status", Text, nullable=False),
    Column("error", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("jobs_key_status", "key_name", "status"),
)
