"""the chair's choices about terms in documents for policymakers (kept or marked as personal)

Revision ID: 0007_privacy_terms
Revises: 0006_retention
Create Date: 2026-12-03 09:00:00.000000

``privacy_term``: a term the redaction took for personal but is not (``kept``), or one it missed
(``marked``), so that the next document treats the same text the same way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_privacy_terms"
down_revision = "0006_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_term",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "kept", "marked", name="term_decision", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("term", name=op.f("uq_privacy_term_term")),
    )


def downgrade() -> None:
    op.drop_table("privacy_term")
