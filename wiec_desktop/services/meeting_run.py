"""Running a meeting (meeting mode): start, move through the agenda, attendance, minutes with
autosave, decisions, new actions, action review, parking, closing and approval of previous minutes.

Every public method is one transaction. Times of day shown to the chair are local; ``started_at``
and ``ended_at`` are naive UTC like every other timestamp. ``now`` arguments exist for tests.
"""

from __future__ import annotations

from datetime import date, datetime, time

from wiec_desktop.domain.enums import ActionStatus, AttendanceStatus
from wiec_desktop.services.base import Service
from wiec_desktop.services.meeting_views import (
    ActionRow,
    AttendanceRow,
    CaseSummary,
    ClosingSummary,
    DecisionRow,
    MeetingRef,
    RunState,
)

DEFAULT_DUE_DAYS = 28  # when a series has no next meeting and no rhythm yet


class MeetingRunService(Service):
    # --- state and navigation ------------------------------------------------------------------

    def run_state(self, meeting_id: int) -> RunState:
        raise NotImplementedError

    def start(self, meeting_id: int, *, now: datetime | None = None) -> RunState:
        """Planned → in progress: ``started_at`` set, the first pending item current. On a meeting
        already in progress nothing changes (resume). Held or cancelled: ValidationError."""
        raise NotImplementedError

    def go_to(self, meeting_id: int, item_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Make ``item_id`` current. The item that was current gets ``elapsed_seconds`` (when
        given) and becomes done (parked stays parked)."""
        raise NotImplementedError

    def next_item(self, meeting_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Go to the first item after the current one that is not done or parked (or simply the
        next by position). At the last item: current item becomes done, no item current."""
        raise NotImplementedError

    def previous_item(self, meeting_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        raise NotImplementedError

    def park_item(self, item_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Park the item for the next meeting (state PARKED) and, if it was current, move on."""
        raise NotImplementedError

    def save_item(
        self, item_id: int, *, minutes: str | None = None, elapsed_seconds: int | None = None
    ) -> None:
        """Autosave: store the minutes text and/or the elapsed time of an item. Cheap; called from
        a background thread within 2 seconds of typing."""
        raise NotImplementedError

    def resumable_meetings(self) -> list[MeetingRef]:
        """Meetings left in progress (the program or machine stopped during the meeting)."""
        raise NotImplementedError

    # --- attendance -----------------------------------------------------------------------------

    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        """Invited contacts and guests, by organisation then name."""
        raise NotImplementedError

    def set_attendance(
        self, attendance_id: int, status: AttendanceStatus, *, arrived_at: time | None = None
    ) -> None:
        """Present/excused/absent/invited; ``arrived_at`` only for present (late arrival)."""
        raise NotImplementedError

    def add_attendee(self, meeting_id: int, contact_id: int) -> int:
        """Add a contact who was not invited (status present). Returns the attendance id."""
        raise NotImplementedError

    def add_guest(self, meeting_id: int, name: str, organisation: str = "") -> int:
        """A guest (not a contact) present at the meeting. ValidationError on a blank name."""
        raise NotImplementedError

    def remove_attendance(self, attendance_id: int) -> None:
        raise NotImplementedError

    # --- what is on the table -------------------------------------------------------------------

    def case_summary(self, case_id: int, meeting_id: int) -> CaseSummary:
        """The case's status, lead, involved organisations and open actions (plus those updated at
        this meeting, with that update), for a case item."""
        raise NotImplementedError

    def review_actions(self, meeting_id: int) -> list[ActionRow]:
        """For the actielijst item: every action made before this meeting that is open, or that
        was updated at this meeting (so the list stays put while walking through it); by due date
        then reference."""
        raise NotImplementedError

    def update_action(
        self,
        meeting_id: int,
        action_id: int,
        status: ActionStatus,
        *,
        note: str = "",
        new_due_date: date | None = None,
    ) -> ActionRow:
        """gereed (DONE), loopt (IN_PROGRESS), nieuwe deadline (IN_PROGRESS + new_due_date),
        vervallen (CANCELLED): an ActionUpdate of this meeting, applied to the action."""
        raise NotImplementedError

    # --- decisions and new actions --------------------------------------------------------------

    def decisions(self, meeting_id: int, item_id: int | None = None) -> list[DecisionRow]:
        raise NotImplementedError

    def add_decision(self, item_id: int, text: str) -> DecisionRow:
        raise NotImplementedError

    def remove_decision(self, decision_id: int) -> None:
        raise NotImplementedError

    def default_due_date(self, meeting_id: int) -> date:
        """The next meeting of the series; else this date plus the series' rhythm (days between
        the previous meeting and this one); else this date + DEFAULT_DUE_DAYS. Never before today."""
        raise NotImplementedError

    def add_action(
        self,
        meeting_id: int,
        item_id: int | None,
        description: str,
        owner_organisation_id: int | None,
        *,
        owner_contact_id: int | None = None,
        due_date: date | None = None,
    ) -> ActionRow:
        """A new action made at this meeting under ``item_id`` (its case, if a case item). The due
        date defaults to ``default_due_date``. ValidationError with Dutch messages."""
        raise NotImplementedError

    def new_actions(self, meeting_id: int, item_id: int | None = None) -> list[ActionRow]:
        """Actions made at this meeting (under one item when given), by reference."""
        raise NotImplementedError

    # --- closing and approval -------------------------------------------------------------------

    def closing_summary(self, meeting_id: int) -> ClosingSummary:
        """What the meeting produced so far (preview before closing)."""
        raise NotImplementedError

    def close(
        self, meeting_id: int, *, elapsed_seconds: int | None = None, now: datetime | None = None
    ) -> ClosingSummary:
        """Close: current item done (with ``elapsed_seconds``), pending items not reached, status
        HELD, minutes DRAFT, ``ended_at`` set, the summary stored; parked and not-reached items
        carried into the next planned meeting of the series when there is one."""
        raise NotImplementedError

    def previous_minutes(self, meeting_id: int) -> MeetingRef | None:
        """The previous held meeting of the series whose minutes this meeting can approve."""
        raise NotImplementedError

    def approve_previous_minutes(self, meeting_id: int, corrections: str = "") -> MeetingRef | None:
        """The "verslag vorige keer" item: the previous meeting's minutes become approved (date of
        this meeting, approved in this meeting, corrections recorded). None when there is none."""
        raise NotImplementedError
