"""the search index over cases, minutes, decisions, actions, signals, visits, organisations, contacts and meetings

Revision ID: 0008_search_index
Revises: 0007_privacy_terms
Create Date: 2026-12-03 08:30:00.000000
"""

from __future__ import annotations

revision = "0008_search_index"
down_revision = "0007_privacy_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
