"""Indexes for saving in a long run: a run's records by article, its plan by position.

Saving an article replaces its records (``DELETE ... WHERE run_id AND article_id``) and
appends to the run's plan (``max(position)``); without these indexes both read every row of
the run, so a run's saves grew slower with every article it had already saved.

Revision ID: 0004_article_indexes
Revises: 0003_heartbeat
"""

from alembic import op

revision = "0004_article_indexes"
down_revision = "0003_heartbeat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("records_run_article", "records", ["run_id", "article_id"])
    op.create_index("run_articles_position", "run_articles", ["run_id", "position"])
