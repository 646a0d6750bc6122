"""tamper-evident audit log: a hash chain over the entries

Revision ID: 0005_audit_chain
Revises: 0004_minutes_snapshot
Create Date: 2026-12-03 09:00:00.000000

(Filled in by the work on issue 12; until then it changes nothing.)
"""

from __future__ import annotations

revision = "0005_audit_chain"
down_revision = "0004_minutes_snapshot"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
