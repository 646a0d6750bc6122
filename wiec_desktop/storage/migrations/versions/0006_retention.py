"""retention period of residents' personal data per assignment, and the erasure log

Revision ID: 0006_retention
Revises: 0005_audit_chain
Create Date: 2026-12-03 09:00:00.000000

``assignment.retention_months`` (1–120, default 24: kept 24 months after the last contact, as the
Verwijsindex does for signals) and the ``erasure`` table: when, why (retention or request), the
counts per kind and by whom — references only, never the personal data itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_retention"
down_revision = "0005_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention_months", sa.Integer(), nullable=False, server_default=sa.text("24"))
        )
        batch_op.create_check_constraint(
            op.f("ck_assignment_retention_1_120"), "retention_months BETWEEN 1 AND 120"
        )
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "retention",
                "request",
                name="erasure_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("passages", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "residents >= 0 AND visits >= 0 AND signals >= 0 AND passages >= 0 AND terms >= 0",
            name=op.f("ck_erasure_counts_not_negative"),
        ),
    )
    op.create_index(op.f("ix_erasure_occurred_at"), "erasure", ["occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_erasure_occurred_at"), table_name="erasure")
    op.drop_table("erasure")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assignment_retention_1_120"), type_="check")
        batch_op.drop_column("retention_months")
