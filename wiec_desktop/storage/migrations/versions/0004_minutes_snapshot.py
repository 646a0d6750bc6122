"""approved minutes kept as they were approved

Revision ID: 0004_minutes_snapshot
Revises: 0003_round_recommendations
Create Date: 2026-12-02 21:45:00.000000

``meeting.minutes_snapshot``: the minutes as approved (JSON), written with the approval. Minutes
approved before this revision get none: what their action table showed on the day of approval is
not known, so they are exported as today and the document says so.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_minutes_snapshot"
down_revision = "0003_round_recommendations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_snapshot", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("minutes_snapshot")
