"""Plain, read-only views of organisations and contact persons for the UI (no ORM objects).

The partner dialogs and pages receive these frozen dataclasses; they never lazy-load, so they can
outlive the session that produced them. ``OrganisationRef`` and ``ContactRef`` name a partner inside
another record's view (an involvement, an assignment's recipients).
"""

from __future__ import annotations

from dataclasses import dataclass

from wiec_desktop.domain.enums import OrganisationKind


@dataclass(frozen=True)
class OrganisationRef:
    """Enough of an organisation to name it in another record's view."""

    id: int
    name: str


@dataclass(frozen=True)
class ContactRef:
    """Enough of a contact person to name them in another record's view."""

    id: int
    name: str


@dataclass(frozen=True)
class OrganisationDetails:
    """An organisation's own fields, as the partner dialogs and pick lists show them."""

    id: int
    name: str
    kind: OrganisationKind
    notes: str
    active: bool


@dataclass(frozen=True)
class ContactDetails:
    """A contact person's own fields, as the contact dialog and the partners page show them."""

    id: int
    organisation_id: int
    name: str
    function: str
    email: str
    phone: str
    receives_reports: bool
    active: bool
