"""The indexes the list pages sort, filter and count on at five years of data (migration 0009).

Each is named for what it serves; the models declare them here, together, so that the schema made by
the migrations and the models' metadata stay the same (``tests/storage/test_database.py``). Long
free texts (an action's description, a signal's text) are not indexed whole: PostgreSQL refuses index
entries of more than about 2.7 kB. Signalen sorts by its text through the first
``SIGNAL_TEXT_PREFIX`` characters (migration 0011), which the list sorts by first, then the text.
"""

from __future__ import annotations

from sqlalchemy import Index, func, literal_column

from wiec_desktop.domain.actions import Action
from wiec_desktop.domain.audit import AuditEvent
from wiec_desktop.domain.cases import Case, Involvement
from wiec_desktop.domain.inventory import HouseVisit, Signal
from wiec_desktop.domain.meetings import Meeting
from wiec_desktop.domain.organisations import Contact

SIGNAL_TEXT_PREFIX = 40  # characters; in ``signal_text_prefix`` and migration 0011's index


def signal_text_prefix() -> object:
    """``substr(signal.text, 1, 40)``, written out (no bound parameters) so that SQLite matches the
    list's ORDER BY to the index on the same expression."""
    return func.substr(Signal.text, literal_column("1"), literal_column(str(SIGNAL_TEXT_PREFIX)))


LIST_INDEXES = (
    # Casussen: sorted by title or by date reported.
    Index("ix_case_title", Case.title),
    Index("ix_case_opened_on", Case.opened_on),
    # Casussen' trekker column, "Zonder trekker" and the trekker filter; Partners' running cases.
    Index("ix_involvement_case_role", Involvement.case_id, Involvement.role, Involvement.organisation_id),
    Index("ix_involvement_organisation_case", Involvement.organisation_id, Involvement.case_id),
    # Open and overdue actions per case (Casussen, "Achterstallig") and per organisation (Partners).
    Index("ix_action_case_status_due", Action.case_id, Action.status, Action.due_date),
    Index("ix_action_owner_status_due", Action.owner_organisation_id, Action.status, Action.due_date),
    # Contactpersonen by name; active contacts per organisation (Partners).
    Index("ix_contact_name", Contact.name),
    Index("ix_contact_organisation_active", Contact.organisation_id, Contact.active),
    # Overleggen by date and starting time; Rapportages (the held ones) by date.
    Index("ix_meeting_date_start", Meeting.date, Meeting.start_time),
    Index("ix_meeting_status_date", Meeting.status, Meeting.date),
    # Signalen by source or street; by text (its first characters, migration 0011).
    Index("ix_signal_source", Signal.source),
    Index("ix_signal_street", Signal.street),
    Index("ix_signal_text_prefix", signal_text_prefix()),
    # Huisbezoeken by outcome or rating.
    Index("ix_house_visit_outcome", HouseVisit.outcome),
    Index("ix_house_visit_rating", HouseVisit.rating),
    # Logboek by user, kind or text; Rapportages' "last exported" per meeting.
    Index("ix_audit_event_actor", AuditEvent.actor),
    Index("ix_audit_event_kind", AuditEvent.kind),
    Index("ix_audit_event_detail", AuditEvent.detail),
    Index(
        "ix_audit_event_entity_kind",
        AuditEvent.entity_type,
        AuditEvent.entity_id,
        AuditEvent.kind,
        AuditEvent.occurred_at,
    ),
)
