"""A *series* of meetings: the meetings of the same kind and the same assignment (``None`` matches
``None``), ordered by (date, start time, id). Shared by preparing, running and reporting meetings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.meetings.views import MeetingDetails, MeetingRef


def in_series(meeting: Meeting) -> ColumnElement[bool]:
    """Meetings of the same series as ``meeting`` (itself included)."""
    if meeting.assignment_id is None:
        same_assignment = Meeting.assignment_id.is_(None)
    else:
        same_assignment = Meeting.assignment_id == meeting.assignment_id
    return and_(Meeting.kind == meeting.kind, same_assignment)


def before(meeting: Meeting) -> ColumnElement[bool]:
    """Meetings ordered before ``meeting`` by (date, start time, id), in portable SQL."""
    return or_(
        Meeting.date < meeting.date,
        and_(
            Meeting.date == meeting.date,
            or_(
                Meeting.start_time < meeting.start_time,
                and_(Meeting.start_time == meeting.start_time, Meeting.id < meeting.id),
            ),
        ),
    )


def after(meeting: Meeting) -> ColumnElement[bool]:
    """Meetings ordered after ``meeting`` by (date, start time, id), in portable SQL."""
    return or_(
        Meeting.date > meeting.date,
        and_(
            Meeting.date == meeting.date,
            or_(
                Meeting.start_time > meeting.start_time,
                and_(Meeting.start_time == meeting.start_time, Meeting.id > meeting.id),
            ),
        ),
    )


def neighbour(
    session: Session, meeting: Meeting, *, later: bool, statuses: Iterable[MeetingStatus]
) -> Meeting | None:
    """The nearest later (``later``) or earlier meeting of ``meeting``'s series with one of
    ``statuses``: the one question "the previous / next meeting of this series" asked everywhere
    (the agenda's carry-over and copy, meeting mode's approval and due dates, the documents' next
    meeting, the report e-mail)."""
    stmt = select(Meeting).where(
        in_series(meeting), after(meeting) if later else before(meeting), Meeting.status.in_(tuple(statuses))
    )
    if later:
        stmt = stmt.order_by(Meeting.date, Meeting.start_time, Meeting.id)
    else:
        stmt = stmt.order_by(Meeting.date.desc(), Meeting.start_time.desc(), Meeting.id.desc())
    return session.scalars(stmt.limit(1)).first()


def previous_held(session: Session, meeting: Meeting) -> Meeting | None:
    """The latest earlier held meeting of the series (whose agenda and minutes come next)."""
    return neighbour(session, meeting, later=False, statuses=(MeetingStatus.HELD,))


def meeting_ref(meeting: Meeting) -> MeetingRef:
    """The plain view of a meeting used in lists and questions."""
    return MeetingRef(
        id=meeting.id,
        kind=meeting.kind,
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        status=meeting.status,
        minutes_status=meeting.minutes_status,
    )


def meeting_details(meeting: Meeting) -> MeetingDetails:
    """The plain view of a meeting's own fields."""
    return MeetingDetails(
        id=meeting.id,
        kind=meeting.kind,
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        planned_end_time=meeting.planned_end_time,
        location=meeting.location,
        chair=meeting.chair,
        minute_taker=meeting.minute_taker,
        assignment_id=meeting.assignment_id,
        status=meeting.status,
        minutes_status=meeting.minutes_status,
    )
