"""The schema the store had before Alembic (its own migrations m001-m007), created where absent.

A store made by the earlier code (with a ``_migrations`` table, at any of its steps) is
brought to this schema in place: missing tables, columns and indexes are added, nothing is
dropped. A new store gets all of it. The ``_migrations`` table of an older store is kept.

Revision ID: 0001_baseline
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    have = sa.inspect(op.get_bind())
    tables = set(have.get_table_names())
    if "articles" not in tables:
        op.create_table("articles", sa.Column("id", T, primary_key=True),
                        sa.Column("sha256", T, primary_key=True, server_default=""),
                        sa.Column("source", T), sa.Column("published", T), sa.Column("title", T),
                        sa.Column("url", T), sa.Column("text", T))
    if "runs" not in tables:
        op.create_table("runs", sa.Column("id", T, primary_key=True), sa.Column("created_at", T, nullable=False),
                        sa.Column("finished_at", T), sa.Column("status", T, nullable=False),
                        sa.Column("config", T, nullable=False), sa.Column("model", T), sa.Column("backend", T),
                        sa.Column("prompt_version", T), sa.Column("schema_version", T),
                        sa.Column("duration", sa.Float), sa.Column("usage", T))
    if "results" not in tables:
        op.create_table("results", sa.Column("run_id", T, sa.ForeignKey("runs.id"), primary_key=True),
                        sa.Column("article_id", T, primary_key=True),
                        sa.Column("article_sha256", T, nullable=False, server_default=""),
                        sa.Column("cache_key", T), sa.Column("result", T, nullable=False), sa.Column("error", T),
                        sa.Column("created_at", T, nullable=False))
    if "records" not in tables:
        op.create_table("records", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                        sa.Column("run_id", T, sa.ForeignKey("runs.id"), nullable=False),
                        sa.Column("article_id", T, nullable=False), sa.Column("type", T, nullable=False),
                        sa.Column("index", sa.Integer, nullable=False),
                        sa.Column("countries", T, nullable=False, server_default="[]"), sa.Column("date", T),
                        sa.Column("grounded", sa.Integer, nullable=False, server_default="0"),
                        sa.Column("json", T, nullable=False))
    if "calls" not in tables:
        op.create_table("calls", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                        sa.Column("run_id", T, sa.ForeignKey("runs.id"), nullable=False),
                        sa.Column("article_id", T, nullable=False), sa.Column("record_type", T),
                        sa.Column("request", T), sa.Column("response", T), sa.Column("usage", T),
                        sa.Column("duration", sa.Float), sa.Column("created_at", T, nullable=False))
    if "run_articles" not in tables:
        op.create_table("run_articles", sa.Column("run_id", T, sa.ForeignKey("runs.id"), primary_key=True),
                        sa.Column("article_id", T, primary_key=True),
                        sa.Column("article_sha256", T, nullable=False, server_default=""),
                        sa.Column("position", sa.Integer, nullable=False))
    if "answers" not in tables:
        op.create_table("answers", sa.Column("key", T, primary_key=True), sa.Column("answer", T, nullable=False),
                        sa.Column("created_at", T, nullable=False))
    if "api_keys" not in tables:  # m007: the HTTP service's keys (a hash of each) and jobs (runs it owns)
        op.create_table("api_keys", sa.Column("name", T, primary_key=True), sa.Column("hash", T, nullable=False, unique=True),
                        sa.Column("created_at", T, nullable=False), sa.Column("revoked_at", T))
    if "jobs" not in tables:
        op.create_table("jobs", sa.Column("run_id", T, sa.ForeignKey("runs.id"), primary_key=True),
                        sa.Column("key_name", T, sa.ForeignKey("api_keys.name"), nullable=False),
                        sa.Column("status", T, nullable=False), sa.Column("error", T),
                        sa.Column("created_at", T, nullable=False), sa.Column("updated_at", T, nullable=False))
        op.create_index("jobs_key_status", "jobs", ["key_name", "status"])
    indexes = {ix["name"] for table in ("results", "records", "calls") for ix in have.get_indexes(table)} \
        if tables else set()
    for name, table, columns in (("results_cache_key", "results", ["cache_key"]),
                                 ("records_run_type", "records", ["run_id", "type"]),
                                 ("records_date", "records", ["date"]),
                                 ("calls_run_article", "calls", ["run_id", "article_id"])):
        if name not in indexes:
            op.create_index(name, table, columns)
    _add_missing("calls", [sa.Column("model_time", sa.Float), sa.Column("error", T)])
    if _add_missing("results", [sa.Column("status", T)]):
        op.execute("UPDATE results SET status = CASE WHEN error IS NULL THEN 'complete' ELSE 'failed' END")
    _add_missing("runs", [sa.Column("pid", sa.Integer), sa.Column("host", T)])


def _add_missing(table: str, columns: list[sa.Column]) -> bool:
    """Add the columns ``table`` lacks; True when any was added."""
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [c for c in columns if c.name not in have]
    for column in missing:
        op.add_column(table, column)
    return bool(missing)
