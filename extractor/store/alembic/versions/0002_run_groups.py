"""Shards: each run may belong to a run group (the shards of one feed) and name its shard "K/N".

Revision ID: 0002_run_groups
Revises: 0001_baseline
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_run_groups"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("run_group", sa.Text))
    op.add_column("runs", sa.Column("shard", sa.Text))
    op.create_index("runs_run_group", "runs", ["run_group"])
