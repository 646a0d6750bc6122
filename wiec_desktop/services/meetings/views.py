"""Plain, read-only views of a meeting for the agenda editor and meeting mode (no ORM objects).

The UI receives these frozen dataclasses; they never lazy-load, so they can cross threads and
outlive the session that produced them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    SuggestionReason,
)


@dataclass(frozen=True)
class MeetingRef:
    """Enough of a meeting to name it in a list or a question."""

    id: int
    kind: MeetingKind
    title: str
    date: date
    start_time: time
    status: MeetingStatus
    minutes_status: MinutesStatus


@dataclass(frozen=True)
class PreviousMinutes:
    """The minutes a "verslag vorige keer" item is about: those of the latest earlier held meeting
    of the series, and whether and where they were approved."""

    meeting: MeetingRef
    approved_on: date | None  # None: not approved (yet)
    approved_in: MeetingRef | None  # the meeting that approved them, when it still exists
    corrections: str  # recorded with the approval
    approved_here: bool  # approved by the meeting that asks
    can_approve: bool  # not approved yet, and the meeting that asks can still change

    @property
    def approved(self) -> bool:
        return self.meeting.minutes_status == MinutesStatus.APPROVED


@dataclass(frozen=True)
class MeetingDetails:
    """A meeting's own fields, as the meeting dialog, the pages and the command line show them."""

    id: int
    kind: MeetingKind
    title: str
    date: date
    start_time: time
    planned_end_time: time
    location: str
    chair: str
    minute_taker: str
    assignment_id: int | None
    status: MeetingStatus
    minutes_status: MinutesStatus


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as the editor and meeting mode show it."""

    id: int
    position: int
    kind: AgendaItemKind
    title: str
    case_id: int | None
    case_reference: str | None
    presenter: str
    timebox_minutes: int
    state: AgendaItemState
    elapsed_seconds: int
    minutes: str
    carried_from_id: int | None
    decision_count: int = 0


@dataclass(frozen=True)
class AgendaTotals:
    """The agenda's summed timeboxes against the meeting's planned duration (minutes).

    ``start`` (the meeting's date and start time) gives the clock times: ``runs_until`` where the
    timeboxes end and ``planned_end``. Build it with ``of`` so every place (agenda editor, agenda
    document, invitation) computes the overrun the same way."""

    timebox_minutes: int
    planned_minutes: int
    start: datetime | None = None

    @classmethod
    def of(cls, start: datetime, planned_end: datetime, timeboxes: Iterable[int]) -> AgendaTotals:
        """The totals of ``timeboxes`` (negative ones count as 0) from ``start`` to ``planned_end``."""
        planned = max(0, int((planned_end - start).total_seconds() // 60))
        return cls(sum(max(0, minutes or 0) for minutes in timeboxes), planned, start)

    @property
    def over_by(self) -> int:
        return max(0, self.timebox_minutes - self.planned_minutes)

    @property
    def runs_until(self) -> datetime | None:
        """Where the last timebox ends (None without ``start``)."""
        return None if self.start is None else self.start + timedelta(minutes=self.timebox_minutes)

    @property
    def planned_end(self) -> datetime | None:
        return None if self.start is None else self.start + timedelta(minutes=self.planned_minutes)

    def overrun_text(self) -> str:
        """The Dutch warning for the documents, e.g. "De agenda loopt 9 minuten uit (16:09, gepland
        tot 16:00)."; "" when the timeboxes fit."""
        if self.over_by <= 0:
            return ""
        minutes = "1 minuut" if self.over_by == 1 else f"{self.over_by} minuten"
        if self.runs_until is None or self.planned_end is None:
            return f"De agenda loopt {minutes} uit."
        return (
            f"De agenda loopt {minutes} uit ({self.runs_until:%H:%M}, gepland tot {self.planned_end:%H:%M})."
        )


@dataclass(frozen=True)
class TemplateItem:
    kind: AgendaItemKind
    title: str
    timebox_minutes: int
    presenter: str = ""


@dataclass(frozen=True)
class TemplateInfo:
    """An agenda template; ``id`` is None for the built-in standard Dutch order."""

    id: int | None
    name: str
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True)
class Suggestion:
    """A case worth putting on the agenda, with the reason in Dutch (``detail``)."""

    case_id: int
    case_reference: str
    case_title: str
    reasons: tuple[SuggestionReason, ...]
    detail: str


@dataclass(frozen=True)
class InviteeRow:
    contact_id: int
    name: str
    organisation: str


@dataclass(frozen=True)
class AttendanceRow:
    """A contact or guest on the attendance list of a meeting."""

    id: int
    contact_id: int | None
    name: str
    organisation: str
    status: AttendanceStatus
    arrived_at: time | None
    is_guest: bool


@dataclass(frozen=True)
class ActionRow:
    """An action as meeting mode shows it; ``update_*`` is its update made at this meeting, if any."""

    id: int
    reference: str
    description: str
    owner_organisation_id: int
    owner_organisation: str
    owner_contact: str
    case_id: int | None
    case_reference: str | None
    created_on: date
    due_date: date | None
    status: ActionStatus
    overdue: bool
    update_status: ActionStatus | None = None
    update_note: str = ""
    escalation: str = ""  # issue 15: why management's attention is needed, in Dutch ("" = not escalated)


@dataclass(frozen=True)
class CaseSummary:
    """What the chair sees of a case item: status, lead, involved organisations, open actions."""

    case_id: int
    reference: str
    title: str
    status_label: str
    lead: str | None
    involved: tuple[tuple[str, str], ...]  # (organisation, Dutch role label)
    open_actions: tuple[ActionRow, ...]
    description: str = ""


@dataclass(frozen=True)
class DecisionRow:
    id: int
    agenda_item_id: int
    item_title: str
    text: str


@dataclass(frozen=True)
class RunState:
    """A meeting in meeting mode: its times, state and agenda."""

    meeting_id: int
    title: str
    kind: MeetingKind
    date: date
    start_time: time
    planned_end_time: time
    status: MeetingStatus
    started_at: datetime | None  # naive UTC
    current_item_id: int | None
    items: tuple[AgendaRow, ...]

    def item(self, item_id: int) -> AgendaRow:
        for row in self.items:
            if row.id == item_id:
                return row
        raise KeyError(item_id)


@dataclass(frozen=True)
class ClosingSummary:
    """What a meeting produced, shown before and stored when it is closed."""

    decisions: tuple[DecisionRow, ...]
    new_actions: tuple[ActionRow, ...]
    updated_actions: tuple[ActionRow, ...]
    carried_items: tuple[str, ...]  # titles of parked and not-reached items
    items_with_minutes: int
    present: int = 0
    excused: int = 0
    absent: int = 0  # afwezig without notice
    extra: dict[str, str] = field(default_factory=dict)
