"""What a handover hands over, read in one go for the one-page summary: the assignment and its
period, counts, the open cases, the open actions and the next meetings.

The lists are capped so that the summary fits one page (``MAX_CASES``, ``MAX_ACTIONS``,
``MAX_MEETINGS``); the counts always tell the whole number. Frozen dataclasses, no Qt; the document
for policymakers is made from this data by the caller (``exports.documents.for_audience``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from wiec_desktop.domain.actions import Action
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import ActionStatus, CaseStatus, MeetingStatus
from wiec_desktop.domain.meetings import Meeting
from wiec_desktop.domain.organisations import Assignment, Contact, Organisation
from wiec_desktop.domain.templates import AgendaTemplate
from wiec_desktop.services.base import Service

MAX_CASES = 8
MAX_ACTIONS = 6
MAX_MEETINGS = 4
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class OpenCase:
    """One open case: its number and title."""

    reference: str
    title: str


@dataclass(frozen=True)
class OpenAction:
    """One open action: what, who (organisation, contact) and when it is due."""

    reference: str
    description: str
    who: str
    due: date | None


@dataclass(frozen=True)
class NextMeeting:
    """A planned meeting: its date and title."""

    day: date
    title: str


@dataclass(frozen=True)
class HandoverCounts:
    """The whole numbers behind the (capped) lists."""

    cases: int
    open_cases: int
    open_actions: int
    overdue_actions: int
    meetings: int
    next_meetings: int
    organisations: int
    contacts: int
    agenda_templates: int


@dataclass(frozen=True)
class HandoverSummary:
    """Everything the one-page summary shows."""

    assignment: str
    client: str
    period_start: date | None
    period_end: date | None
    made_on: date
    counts: HandoverCounts
    open_cases: tuple[OpenCase, ...]
    open_actions: tuple[OpenAction, ...]
    next_meetings: tuple[NextMeeting, ...]


class HandoverSummaryService(Service):
    """Reads the summary of a handover from the database."""

    def summary(self, today: date | None = None) -> HandoverSummary:
        """The summary as of ``today`` (default: the service's clock)."""
        with self.reading() as session:
            return read_summary(session, today or self.today())


def read_summary(session: Session, today: date) -> HandoverSummary:
    """The ``HandoverSummary`` of the database ``session`` reads (one read transaction)."""
    assignment = session.scalar(
        select(Assignment)
        .options(selectinload(Assignment.client))
        .order_by(Assignment.is_current.desc(), Assignment.start_date.desc(), Assignment.id)
        .limit(1)
    )
    open_case = Case.status != CaseStatus.CLOSED
    open_action = Action.status.in_(OPEN_ACTION_STATUSES)
    upcoming = (Meeting.status == MeetingStatus.PLANNED) & (Meeting.date >= today)
    counts = HandoverCounts(
        cases=_count(session, Case),
        open_cases=_count(session, Case, open_case),
        open_actions=_count(session, Action, open_action),
        overdue_actions=_count(session, Action, open_action & (Action.due_date < today)),
        meetings=_count(session, Meeting),
        next_meetings=_count(session, Meeting, upcoming),
        organisations=_count(session, Organisation),
        contacts=_count(session, Contact),
        agenda_templates=_count(session, AgendaTemplate),
    )
    cases = session.scalars(
        select(Case).where(open_case).order_by(Case.year, Case.number).limit(MAX_CASES)
    ).all()
    actions = session.scalars(
        select(Action)
        .where(open_action)
        .options(selectinload(Action.owner_organisation), selectinload(Action.owner_contact))
        .order_by(Action.due_date.is_(None), Action.due_date, Action.year, Action.number)
        .limit(MAX_ACTIONS)
    ).all()
    meetings = session.scalars(
        select(Meeting).where(upcoming).order_by(Meeting.date, Meeting.start_time).limit(MAX_MEETINGS)
    ).all()
    return HandoverSummary(
        assignment=assignment.title if assignment else "",
        client=assignment.client.name if assignment and assignment.client else "",
        period_start=assignment.start_date if assignment else None,
        period_end=assignment.end_date if assignment else None,
        made_on=today,
        counts=counts,
        open_cases=tuple(OpenCase(c.reference, c.title) for c in cases),
        open_actions=tuple(OpenAction(a.reference, a.description, _who(a), a.due_date) for a in actions),
        next_meetings=tuple(NextMeeting(m.date, m.title) for m in meetings),
    )


def _who(action: Action) -> str:
    organisation = action.owner_organisation.name
    if action.owner_contact is not None:
        return f"{action.owner_contact.name} ({organisation})"
    return organisation


def _count(session: Session, model: type, where: object = None) -> int:
    query = select(func.count()).select_from(model)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    return int(session.scalar(query) or 0)
