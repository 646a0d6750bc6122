"""indexes for the sorts and filters of the list pages at five years of data

Revision ID: 0009_list_indexes
Revises: 0008_search_index
Create Date: 2026-12-03 08:30:00.000000
"""

from __future__ import annotations

revision = "0009_list_indexes"
down_revision = "0008_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
