"""A running run's heartbeat: a run on another machine whose process is gone shows as interrupted.

Revision ID: 0003_heartbeat
Revises: 0002_run_groups
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_heartbeat"
down_revision = "0002_run_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("heartbeat_at", sa.Text))
