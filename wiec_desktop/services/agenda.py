"""Preparing a meeting: planning it with invitees, editing and ordering its agenda, templates,
copying the previous meeting of the series, suggestions and carry-over of unfinished items.

A *series* is the meetings of the same kind and the same assignment (``None`` matches ``None``).
Positions of a meeting's items are always contiguous 0..n-1 after every operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from wiec_desktop.domain.enums import AgendaItemKind, MeetingKind
from wiec_desktop.services.base import Service
from wiec_desktop.services.meeting_views import (
    AgendaRow,
    AgendaTotals,
    InviteeRow,
    MeetingRef,
    Suggestion,
    TemplateInfo,
    TemplateItem,
)

STANDARD_TEMPLATE_NAME = "Standaard (opening t/m sluiting)"
STANDARD_ITEMS: tuple[TemplateItem, ...] = (
    TemplateItem(AgendaItemKind.OPENING, "Opening en mededelingen", 5),
    TemplateItem(AgendaItemKind.AGENDA, "Vaststellen agenda", 2),
    TemplateItem(AgendaItemKind.PREVIOUS_MINUTES, "Verslag vorige keer", 5),
    TemplateItem(AgendaItemKind.ACTION_REVIEW, "Actielijst", 15),
    TemplateItem(AgendaItemKind.ANY_OTHER_BUSINESS, "Rondvraag", 5),
    TemplateItem(AgendaItemKind.CLOSING, "Sluiting", 2),
)
# Case and theme items are inserted before these trailing kinds when no position is given.
TRAILING_KINDS = (AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING)
DEFAULT_NOT_DISCUSSED_WEEKS = 8


class AgendaStart:
    """How a new meeting's agenda starts: ``EMPTY``, ``STANDARD``, ``PREVIOUS`` or a template id."""

    EMPTY = "empty"
    STANDARD = "standard"
    PREVIOUS = "previous"


class AgendaService(Service):
    # --- planning -------------------------------------------------------------------------------

    def plan_meeting(
        self,
        kind: MeetingKind,
        title: str,
        on: date,
        start_time: time,
        planned_end_time: time,
        *,
        location: str = "",
        chair: str = "",
        minute_taker: str = "",
        assignment_id: int | None = None,
        invitee_ids: Sequence[int] = (),
        start_from: str | int = AgendaStart.STANDARD,
    ) -> int:
        """Create a planned meeting in one transaction: the meeting, its invitees (attendance
        INVITED), its agenda from ``start_from`` (AgendaStart value or an AgendaTemplate id) and the
        items carried over from the previous meeting of the series. Returns the meeting id.
        Raises ValidationError (title, planned_end_time, date …) before writing anything."""
        raise NotImplementedError

    def invitees(self, meeting_id: int) -> list[InviteeRow]:
        """Contacts invited to (on the attendance list of) the meeting, by organisation and name."""
        raise NotImplementedError

    def set_invitees(self, meeting_id: int, contact_ids: Sequence[int]) -> None:
        """Make the invited contacts exactly ``contact_ids`` (guests are kept; rows of contacts
        whose attendance was already recorded as present/excused/absent are kept too)."""
        raise NotImplementedError

    def delete_meeting(self, meeting_id: int) -> None:
        """Delete a planned meeting with its agenda; raises InUse when actions were made in it or
        it is in progress or held."""
        raise NotImplementedError

    def previous_meeting(self, meeting_id: int) -> MeetingRef | None:
        """The latest earlier held meeting of the same series (by date, start time)."""
        raise NotImplementedError

    def next_meeting(self, meeting_id: int) -> MeetingRef | None:
        """The first later planned meeting of the same series."""
        raise NotImplementedError

    # --- the agenda -----------------------------------------------------------------------------

    def agenda(self, meeting_id: int) -> list[AgendaRow]:
        raise NotImplementedError

    def totals(self, meeting_id: int) -> AgendaTotals:
        raise NotImplementedError

    def add_item(
        self,
        meeting_id: int,
        kind: AgendaItemKind,
        title: str = "",
        *,
        case_id: int | None = None,
        presenter: str = "",
        timebox_minutes: int = 10,
        position: int | None = None,
    ) -> int:
        """Insert an item at ``position`` (None: at the end, but case and theme items go before a
        trailing rondvraag/sluiting). The title defaults to the case ("2026-014 Overlast …") or the
        kind's label. Returns the item id. ValidationError: case item without case, negative
        timebox, unknown case; refused (ValidationError on "meeting") when the meeting is held."""
        raise NotImplementedError

    def update_item(self, item_id: int, **changes: Any) -> None:
        """Change kind, title, case_id, presenter or timebox_minutes of an item (validated)."""
        raise NotImplementedError

    def remove_item(self, item_id: int) -> None:
        """Remove an item (with its decisions) and close the gap; refused for held meetings and
        for items that have actions."""
        raise NotImplementedError

    def move_item(self, item_id: int, new_position: int) -> None:
        """Move an item to ``new_position`` (clamped to 0..n-1); the others shift."""
        raise NotImplementedError

    def reorder(self, meeting_id: int, item_ids: Sequence[int]) -> None:
        """Set the whole order at once (drag and drop); ``item_ids`` must be exactly the meeting's
        items, otherwise ValidationError."""
        raise NotImplementedError

    # --- templates ------------------------------------------------------------------------------

    def templates(self) -> list[TemplateInfo]:
        """The built-in standard order (id None) first, then the chair's own by name."""
        raise NotImplementedError

    def save_as_template(self, meeting_id: int, name: str, *, replace: bool = False) -> int:
        """Save the meeting's agenda as a template (case items are left out, their kinds and
        timeboxes are not generic). ValidationError on a blank name or, unless ``replace``, an
        existing name ("Er is al een sjabloon met deze naam.")."""
        raise NotImplementedError

    def delete_template(self, template_id: int) -> None:
        raise NotImplementedError

    def apply_template(self, meeting_id: int, template_id: int | None) -> int:
        """Append the template's items (None: the standard order) to the agenda; returns count."""
        raise NotImplementedError

    def copy_previous_agenda(self, meeting_id: int) -> int:
        """Append the items of the previous meeting of the series (case items only for cases not
        closed; no minutes, states reset). Returns the number of items added (0 if none)."""
        raise NotImplementedError

    # --- suggestions and carry-over -------------------------------------------------------------

    def suggestions(self, meeting_id: int, *, weeks: int = DEFAULT_NOT_DISCUSSED_WEEKS) -> list[Suggestion]:
        """Open cases (of the meeting's assignment's areas when it has any) not yet on this agenda
        with overdue actions, untriaged signals, no lead organisation, or not discussed in any
        meeting in the last ``weeks`` weeks before the meeting date. Most reasons first."""
        raise NotImplementedError

    def carry_over(self, meeting_id: int) -> int:
        """Copy the parked and not-reached items of the previous meeting of the series into this
        planned meeting (``carried_from_id`` set, title kept, before a trailing rondvraag/sluiting),
        each only once across all meetings. Returns how many were added."""
        raise NotImplementedError
