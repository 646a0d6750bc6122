"""the chair's choices about terms in documents for policymakers (kept or marked as personal)

Revision ID: 0007_privacy_terms
Revises: 0006_retention
Create Date: 2026-12-03 09:00:00.000000

(Filled in by the work on issue 12; until then it changes nothing.)
"""

from __future__ import annotations

revision = "0007_privacy_terms"
down_revision = "0006_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
