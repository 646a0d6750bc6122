"""retention period of residents' personal data per assignment, and the erasure log

Revision ID: 0006_retention
Revises: 0005_audit_chain
Create Date: 2026-12-03 09:00:00.000000

(Filled in by the work on issue 12; until then it changes nothing.)
"""

from __future__ import annotations

revision = "0006_retention"
down_revision = "0005_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
