"""indexes for the sorts and filters of the list pages at five years of data

Revision ID: 0009_list_indexes
Revises: 0008_search_index
Create Date: 2026-12-03 08:30:00.000000

Indexes only (no table changes), the same as ``domain/list_indexes.py`` declares; each named for
the list sort, filter or count it serves.
"""

from __future__ import annotations

from alembic import op

revision = "0009_list_indexes"
down_revision = "0008_search_index"
branch_labels = None
depends_on = None

# (name, table, columns): a frozen copy, as a migration must not change with the models.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_case_title", "case", ("title",)),
    ("ix_case_opened_on", "case", ("opened_on",)),
    ("ix_involvement_case_role", "involvement", ("case_id", "role", "organisation_id")),
    ("ix_involvement_organisation_case", "involvement", ("organisation_id", "case_id")),
    ("ix_action_case_status_due", "action", ("case_id", "status", "due_date")),
    ("ix_action_owner_status_due", "action", ("owner_organisation_id", "status", "due_date")),
    ("ix_contact_name", "contact", ("name",)),
    ("ix_contact_organisation_active", "contact", ("organisation_id", "active")),
    ("ix_meeting_date_start", "meeting", ("date", "start_time")),
    ("ix_meeting_status_date", "meeting", ("status", "date")),
    ("ix_signal_source", "signal", ("source",)),
    ("ix_signal_street", "signal", ("street",)),
    ("ix_house_visit_outcome", "house_visit", ("outcome",)),
    ("ix_house_visit_rating", "house_visit", ("rating",)),
    ("ix_audit_event_actor", "audit_event", ("actor",)),
    ("ix_audit_event_kind", "audit_event", ("kind",)),
    ("ix_audit_event_detail", "audit_event", ("detail",)),
    ("ix_audit_event_entity_kind", "audit_event", ("entity_type", "entity_id", "kind", "occurred_at")),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
