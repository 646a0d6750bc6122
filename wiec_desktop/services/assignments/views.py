"""Plain, read-only views of assignments, areas and themes for the UI (no ORM objects).

The assignment and taxonomy dialogs and the status bar receive these frozen dataclasses; they never
lazy-load, so they can outlive the session that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wiec_desktop.domain.enums import AreaKind, ReportCadence
from wiec_desktop.domain.organisations import DEFAULT_ESCALATE_AFTER_MOVES, DEFAULT_ESCALATE_AFTER_WEEKS
from wiec_desktop.services.partners.views import OrganisationRef


@dataclass(frozen=True)
class AreaDetails:
    """A wijk or buurt's own fields (``parent_id`` is the wijk of a buurt)."""

    id: int
    name: str
    kind: AreaKind
    parent_id: int | None


@dataclass(frozen=True)
class ThemeDetails:
    """A theme's own fields."""

    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class RecipientRef:
    """A contact person who receives an assignment's reports, with their organisation."""

    id: int
    name: str
    organisation: OrganisationRef


@dataclass(frozen=True)
class AssignmentDetails:
    """An assignment with its client, areas and report recipients, as the editor shows it."""

    id: int
    title: str
    client_organisation_id: int | None
    start_date: date
    end_date: date
    report_cadence: ReportCadence
    notes: str
    is_current: bool
    client: OrganisationRef | None
    areas: tuple[AreaDetails, ...]
    recipients: tuple[RecipientRef, ...]
    # issue 15: an open action moved this often or this many weeks overdue is escalated
    escalate_after_moves: int = DEFAULT_ESCALATE_AFTER_MOVES
    escalate_after_weeks: int = DEFAULT_ESCALATE_AFTER_WEEKS
