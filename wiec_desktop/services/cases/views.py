"""Plain, read-only views of cases for the case editor and the pick lists (no ORM objects).

The UI receives these frozen dataclasses; they never lazy-load, so they can outlive the session that
produced them. ``CaseRecord`` is a case's own fields (a pick list); ``CaseDetails`` adds the
organisations involved and the status history (the editor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wiec_desktop.domain.cases import case_reference
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole, Priority
from wiec_desktop.services.partners.views import ContactRef, OrganisationRef


@dataclass(frozen=True)
class InvolvementRow:
    """One organisation's involvement in a case: its role, contact person and what it does."""

    id: int
    case_id: int
    organisation_id: int
    contact_id: int | None
    role: InvolvementRole
    activity: str
    organisation: OrganisationRef
    contact: ContactRef | None


@dataclass(frozen=True)
class StatusChangeRow:
    """One step in a case's status history."""

    id: int
    case_id: int
    from_status: CaseStatus | None
    to_status: CaseStatus
    changed_on: date
    changed_at: datetime
    note: str


@dataclass(frozen=True)
class CaseRecord:
    """A case's own fields."""

    id: int
    year: int
    number: int
    title: str
    description: str
    assignment_id: int | None
    area_id: int | None
    theme_id: int | None
    location: str
    status: CaseStatus
    priority: Priority
    expert_analysis: str
    outcome: str
    opened_on: date
    closed_on: date | None

    @property
    def reference(self) -> str:
        """The case number as the chair writes it: ``2026-014``."""
        return case_reference(self.year, self.number)


@dataclass(frozen=True)
class CaseDetails(CaseRecord):
    """A case with the organisations involved (by role) and its status history (oldest first)."""

    involvements: tuple[InvolvementRow, ...]
    status_changes: tuple[StatusChangeRow, ...]
