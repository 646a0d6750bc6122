"""an index for Signalen sorted by text: the text's first 40 characters

Revision ID: 0011_signal_text_sort
Revises: 0010_followup
Create Date: 2026-12-03 12:30:00.000000

Index only (no table changes), the same as ``domain/list_indexes.py`` declares. A signal's text is
not indexed whole (PostgreSQL refuses index entries of more than about 2.7 kB): the list sorts by
``substr(text, 1, 40)`` first and then by the text, which is the same order, and this index serves it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_signal_text_sort"
down_revision = "0010_followup"
branch_labels = None
depends_on = None

NAME, TABLE, EXPRESSION = "ix_signal_text_prefix", "signal", "substr(text, 1, 40)"  # a frozen copy


def upgrade() -> None:
    op.create_index(NAME, TABLE, [sa.text(EXPRESSION)], unique=False)


def downgrade() -> None:
    op.drop_index(NAME, table_name=TABLE)
