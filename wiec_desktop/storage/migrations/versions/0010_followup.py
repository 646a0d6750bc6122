"""follow-through with the partners: escalation thresholds, sent workbooks, periodic reports

Revision ID: 0010_followup
Revises: 0009_list_indexes
Create Date: 2026-12-03 12:00:00.000000

``assignment.escalate_after_moves`` (1–20, default 2) and ``assignment.escalate_after_weeks``
(1–52, default 4): when an open action needs management's attention. ``partner_dispatch``: one
workbook with one organisation's own actions, with the token that matches a returned workbook to
this database. ``periodic_report``: the report to policymakers per period of the cadence.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_followup"
down_revision = "0009_list_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("escalate_after_moves", sa.Integer(), nullable=False, server_default=sa.text("2"))
        )
        batch_op.add_column(
            sa.Column("escalate_after_weeks", sa.Integer(), nullable=False, server_default=sa.text("4"))
        )
        batch_op.create_check_constraint(
            op.f("ck_assignment_escalate_moves_1_20"), "escalate_after_moves BETWEEN 1 AND 20"
        )
        batch_op.create_check_constraint(
            op.f("ck_assignment_escalate_weeks_1_52"), "escalate_after_weeks BETWEEN 1 AND 52"
        )
    op.create_table(
        "partner_dispatch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey(
                "organisation.id",
                name=op.f("fk_partner_dispatch_organisation_id_organisation"),
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "actions",
                "reminder",
                name="dispatch_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey(
                "meeting.id", name=op.f("fk_partner_dispatch_meeting_id_meeting"), ondelete="SET NULL"
            ),
            nullable=True,
        ),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("action_count", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("action_count >= 0", name=op.f("ck_partner_dispatch_action_count_not_negative")),
        sa.UniqueConstraint("token", name=op.f("uq_partner_dispatch_token")),
    )
    op.create_index(
        op.f("ix_partner_dispatch_organisation_id"), "partner_dispatch", ["organisation_id"], unique=False
    )
    op.create_table(
        "periodic_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assignment_id",
            sa.Integer(),
            sa.ForeignKey(
                "assignment.id", name=op.f("fk_periodic_report_assignment_id_assignment"), ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_periodic_report_end_after_start")),
        sa.CheckConstraint("recipients >= 0", name=op.f("ck_periodic_report_recipients_not_negative")),
        sa.UniqueConstraint("assignment_id", "period_start", name=op.f("uq_periodic_report_assignment_id_period_start")),
    )
    op.create_index(
        op.f("ix_periodic_report_assignment_id"), "periodic_report", ["assignment_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_periodic_report_assignment_id"), table_name="periodic_report")
    op.drop_table("periodic_report")
    op.drop_index(op.f("ix_partner_dispatch_organisation_id"), table_name="partner_dispatch")
    op.drop_table("partner_dispatch")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assignment_escalate_weeks_1_52"), type_="check")
        batch_op.drop_constraint(op.f("ck_assignment_escalate_moves_1_20"), type_="check")
        batch_op.drop_column("escalate_after_weeks")
        batch_op.drop_column("escalate_after_moves")
