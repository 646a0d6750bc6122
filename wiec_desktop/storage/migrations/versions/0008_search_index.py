"""the search index over cases, minutes, decisions, actions, signals, visits, organisations, contacts and meetings

Revision ID: 0008_search_index
Revises: 0007_privacy_terms
Create Date: 2026-12-03 08:30:00.000000

SQLite: the FTS5 table ``search_index`` with the triggers that keep it up to date, filled from the
existing rows. PostgreSQL: ``search_document`` with a generated ``tsvector`` (``dutch``,
``unaccent``), a GIN index and PL/pgSQL triggers. Both: ``recent_search``, the chair's last
searches. The statements are those of ``storage/search_index.py`` at this revision (a later change
of what is indexed comes with a migration of its own that calls ``search_index.rebuild``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from wiec_desktop.storage import search_index

revision = "0008_search_index"
down_revision = "0007_privacy_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recent_search",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("searched_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("text", name=op.f("uq_recent_search_text")),
    )
    bind = op.get_bind()
    for statement in search_index.create_statements(bind.dialect.name):
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in search_index.drop_statements(bind.dialect.name):
        bind.exec_driver_sql(statement)
    op.drop_table("recent_search")
