"""Everything the Word minutes (verslag) and the agenda document of one meeting need, as plain data.

``MinutesDataService.minutes`` and ``.agenda`` read a meeting in a handful of column queries and
return frozen dataclasses (no ORM objects, no Qt, no python-docx), so the documents can be written
off the UI thread, and the benchmark can build the same data in memory.

The action list (``actions``) of the minutes holds, by reference:

- the actions made at this meeting and those updated at it (whatever their status now), and
- the actions still open or in progress that belong to the meeting's series (same kind of meeting
  for the same assignment): made or updated at this meeting or an earlier one of the series, or
  made outside any meeting on or before the meeting's date.

The agenda's action list is what the meeting will review (the previous minutes' list as it stands
now): the open or in-progress actions made or updated at earlier meetings of the series, or made
outside any meeting on or before the meeting's date.
Statuses are those of today (``as_of``), which the documents show as "Stand van de acties op …".

Minutes exist only for a held meeting: ``minutes`` refuses a planned, running or cancelled one
(``MinutesNotAvailable``, a ValidationError with the Dutch reason). Approved minutes are kept as
they were approved: ``keep_approved_minutes`` (called by the approval, in its transaction) stores
the whole ``MinutesData`` as JSON on the meeting (``minutes_snapshot``), action table "as of
approval" included, and ``minutes`` returns that snapshot (``frozen``) from then on, so the same
approved minutes always give the same document; the current state is the action list's. Minutes
approved before snapshots existed have none and are read as today, which the document says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
    Area,
    Attendance,
    Case,
    Contact,
    Decision,
    Meeting,
    Organisation,
    action_reference,
    case_reference,
)
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    AuditKind,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.domain.organisations import assignment_area
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.meetings import minutes_snapshot
from wiec_desktop.services.meetings.series import before as _before
from wiec_desktop.services.meetings.series import in_series as _in_series
from wiec_desktop.services.meetings.series import neighbour, previous_held
from wiec_desktop.services.meetings.views import AgendaTotals
from wiec_desktop.services.validation import ValidationError

ACTIVE_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)
NO_MINUTES_MESSAGES = {
    MeetingStatus.PLANNED: "Dit overleg is nog niet gehouden, dus er is nog geen verslag. "
    "De agenda kunt u wel exporteren.",
    MeetingStatus.IN_PROGRESS: "Dit overleg is nog bezig. Het verslag kan worden geëxporteerd "
    "nadat het overleg in de vergadermodus is afgesloten.",
    MeetingStatus.CANCELLED: "Dit overleg is geannuleerd; er is geen verslag.",
}

log = logging.getLogger(__name__)


class MinutesNotAvailable(ValidationError):
    """The meeting has no minutes (yet): ``status`` says why (planned, in progress, cancelled)."""

    def __init__(self, status: MeetingStatus) -> None:
        super().__init__({"meeting": NO_MINUTES_MESSAGES[status]})
        self.status = status


@dataclass(frozen=True)
class MeetingInfo:
    """The meeting as the documents name it. ``heading``: kind and area(s), e.g.
    "Leefomgevingoverleg Wateringseveld" (the meeting's own title when it has no areas)."""

    id: int
    kind: MeetingKind
    title: str
    areas: tuple[str, ...]
    date: date
    start_time: time
    end_time: time
    location: str
    chair: str
    minute_taker: str
    status: MeetingStatus

    @property
    def heading(self) -> str:
        if not self.areas:
            return self.title
        return f"{self.kind.label} {_join(self.areas)}"


@dataclass(frozen=True)
class Person:
    """Someone on an attendance list: a contact or a guest."""

    name: str
    organisation: str
    is_guest: bool = False


@dataclass(frozen=True)
class ActionLine:
    """One action as the documents show it; ``update_*``: its update at this meeting, if any."""

    reference: str
    description: str
    organisation: str
    contact: str
    due_date: date | None
    status: ActionStatus
    overdue: bool
    made_here: bool = False
    agenda_item_id: int | None = None
    update_status: ActionStatus | None = None
    update_note: str = ""

    @property
    def who(self) -> str:
        """ "Rob Hendriks (Politie Den Haag)", or only the organisation without a contact."""
        if self.contact and self.organisation:
            return f"{self.contact} ({self.organisation})"
        return self.contact or self.organisation


@dataclass(frozen=True)
class MinutesItem:
    """One agenda item in the minutes: its number (1, 2, …), minutes text, decisions, new actions."""

    id: int
    number: int
    kind: AgendaItemKind
    title: str
    presenter: str
    state: AgendaItemState
    minutes: str
    decisions: tuple[str, ...] = ()
    new_actions: tuple[ActionLine, ...] = ()
    case_reference: str | None = None

    @property
    def carried(self) -> bool:
        """Parked or not reached: it goes to the next meeting."""
        return self.state in (AgendaItemState.PARKED, AgendaItemState.NOT_REACHED)


@dataclass(frozen=True)
class NextMeeting:
    date: date
    start_time: time
    location: str


@dataclass(frozen=True)
class ApprovedMinutes:
    """Minutes of an earlier meeting that this meeting approved (with the corrections made)."""

    meeting_date: date
    heading: str
    corrections: str


@dataclass(frozen=True)
class MinutesData:
    """What the Word minutes of one meeting show. Attendance: ``present``, ``excused`` (afwezig
    met bericht), ``absent`` (afwezig) and ``unrecorded`` (invited, attendance never recorded);
    guests are among them, marked ``is_guest``. ``as_of``: the day of the action table's
    statuses; ``frozen``: read from the snapshot kept at approval (``as_of`` is then that day)."""

    meeting: MeetingInfo
    minutes_status: MinutesStatus
    approved_on: date | None
    corrections: str
    present: tuple[Person, ...]
    excused: tuple[Person, ...]
    items: tuple[MinutesItem, ...]
    actions: tuple[ActionLine, ...]
    next_meeting: NextMeeting | None
    as_of: date
    approved_here: tuple[ApprovedMinutes, ...] = ()
    loose_actions: tuple[ActionLine, ...] = ()  # made at the meeting under no agenda item
    absent: tuple[Person, ...] = ()
    unrecorded: tuple[Person, ...] = ()
    frozen: bool = False

    @property
    def approved(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED and self.approved_on is not None


@dataclass(frozen=True)
class AgendaLine:
    """One item of an agenda document; ``start``: planned start from the timeboxes before it."""

    number: int
    kind: AgendaItemKind
    title: str
    presenter: str
    timebox_minutes: int
    start: time
    case_reference: str | None = None
    carried_from: date | None = None


@dataclass(frozen=True)
class AgendaData:
    """What the agenda document (with the invitation) shows."""

    meeting: MeetingInfo
    items: tuple[AgendaLine, ...]
    invited: tuple[Person, ...]
    actions: tuple[ActionLine, ...]
    previous_meeting: date | None
    previous_minutes_status: MinutesStatus | None
    as_of: date

    @property
    def totals(self) -> AgendaTotals:
        """The timeboxes against the planned time: the overrun the document warns about."""
        day = self.meeting.date
        return AgendaTotals.of(
            datetime.combine(day, self.meeting.start_time),
            datetime.combine(day, self.meeting.end_time),
            (line.timebox_minutes for line in self.items),
        )


class MinutesDataService(Service):
    """Reads a meeting for the Word exports (``minutes``/``agenda`` only read) and logs exports."""

    def minutes(self, meeting_id: int) -> MinutesData:
        """The minutes of the held meeting ``meeting_id``: as kept at approval when they were
        approved with a snapshot, else as the database has them today. ``MinutesNotAvailable``
        for a planned, running or cancelled meeting; ``NotFound`` for an unknown one."""
        today = self.today()
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            if meeting.status != MeetingStatus.HELD:
                raise MinutesNotAvailable(meeting.status)
            kept = _kept(meeting)
            return kept if kept is not None else read_minutes(session, meeting, today)

    def agenda(self, meeting_id: int) -> AgendaData:
        """The agenda of ``meeting_id`` with planned start times, the invitees and the actions the
        meeting will review. ``NotFound`` for an unknown meeting."""
        today = self.today()
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            info = _info(session, meeting)
            start = datetime.combine(meeting.date, meeting.start_time)
            lines: list[AgendaLine] = []
            for number, row in enumerate(_item_rows(session, meeting_id), start=1):
                lines.append(
                    AgendaLine(
                        number=number,
                        kind=row.kind,
                        title=row.title,
                        presenter=row.presenter,
                        timebox_minutes=row.timebox_minutes,
                        start=start.time(),
                        case_reference=_case_ref(row.case_year, row.case_number),
                        carried_from=row.carried_from_date,
                    )
                )
                start += timedelta(minutes=max(0, row.timebox_minutes))
            people = _attendance(session, meeting_id)
            invited = tuple(p for p, status in people)
            previous = previous_held(session, meeting)
            return AgendaData(
                meeting=info,
                items=tuple(lines),
                invited=invited,
                actions=_actions(session, meeting, _agenda_scope(meeting), today, with_updates=False),
                previous_meeting=previous.date if previous else None,
                previous_minutes_status=previous.minutes_status if previous else None,
                as_of=today,
            )

    def record_export(self, meeting_id: int, document: str, file_name: str) -> None:
        """Log an export in the logboek: ``document`` ("verslag" or "agenda") and the file name
        only (no text of the document, no people). ``NotFound`` for an unknown meeting."""
        with self.transaction() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            audit.record(session, AuditKind.EXPORT, "meeting", meeting_id, f"{document} (Word) {file_name}")


# --- the minutes, read and kept -------------------------------------------------------------------


def read_minutes(session: Session, meeting: Meeting, today: date) -> MinutesData:
    """The minutes of ``meeting`` as the database has them now, statuses as of ``today``."""
    meeting_id = meeting.id
    info = _info(session, meeting)
    actions = _actions(session, meeting, _minutes_scope(meeting), today)
    new_by_item: dict[int | None, list[ActionLine]] = {}
    for line in actions:
        if line.made_here:
            new_by_item.setdefault(line.agenda_item_id, []).append(line)
    decisions = _decisions(session, meeting_id)
    items = tuple(
        MinutesItem(
            id=row.id,
            number=number,
            kind=row.kind,
            title=row.title,
            presenter=row.presenter,
            state=row.state,
            minutes=row.minutes,
            decisions=tuple(decisions.get(row.id, ())),
            new_actions=tuple(new_by_item.pop(row.id, ())),
            case_reference=_case_ref(row.case_year, row.case_number),
        )
        for number, row in enumerate(_item_rows(session, meeting_id), start=1)
    )
    loose = tuple(line for lines in new_by_item.values() for line in lines)
    people = _attendance(session, meeting_id)

    def with_status(status: AttendanceStatus) -> tuple[Person, ...]:
        return tuple(person for person, their in people if their == status)

    return MinutesData(
        meeting=info,
        minutes_status=meeting.minutes_status,
        approved_on=meeting.minutes_approved_on,
        corrections=meeting.minutes_corrections or "",
        present=with_status(AttendanceStatus.PRESENT),
        excused=with_status(AttendanceStatus.EXCUSED),
        absent=with_status(AttendanceStatus.ABSENT),
        unrecorded=with_status(AttendanceStatus.INVITED),
        items=items,
        actions=actions,
        next_meeting=_next_meeting(session, meeting),
        as_of=today,
        approved_here=_approved_here(session, meeting_id),
        loose_actions=loose,
    )


def keep_approved_minutes(session: Session, meeting_id: int, today: date) -> None:
    """Keep the minutes of ``meeting_id`` as they are now approved (in the approval's own
    transaction, after its approval was written): the whole ``MinutesData``, the action table as
    of ``today``, stored as JSON on the meeting. The meeting's version goes up, as with every
    write of a meeting outside the ORM."""
    session.flush()
    meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
    text = minutes_snapshot.dumps(read_minutes(session, meeting, today))
    table = Meeting.__table__
    values = {"version": table.c.version + 1, "minutes_snapshot": text}
    session.execute(update(table).where(table.c.id == meeting_id).values(**values))
    session.expire_all()


def _kept(meeting: Meeting) -> MinutesData | None:
    """The minutes as kept at approval, or None (not approved, approved before snapshots existed,
    or a snapshot this version cannot read: then the minutes are read as today, which the
    document says, and the log says why without any of the text)."""
    if meeting.minutes_status != MinutesStatus.APPROVED or not meeting.minutes_snapshot:
        return None
    try:
        data = minutes_snapshot.loads(MinutesData, meeting.minutes_snapshot)
    except minutes_snapshot.SnapshotError as error:
        log.warning("Kept minutes of meeting %s cannot be read (%s); using today's", meeting.id, error)
        return None
    return replace(data, frozen=True)


# --- queries ----------------------------------------------------------------------------------------


def _info(session: Session, meeting: Meeting) -> MeetingInfo:
    areas: tuple[str, ...] = ()
    if meeting.assignment_id is not None:
        rows = session.execute(
            select(Area.id, Area.name, Area.parent_id)
            .join(assignment_area, assignment_area.c.area_id == Area.id)
            .where(assignment_area.c.assignment_id == meeting.assignment_id)
        ).all()
        ids = {row.id for row in rows}
        # A buurt whose wijk is also in the assignment is covered by the wijk's name.
        areas = tuple(sorted((row.name for row in rows if row.parent_id not in ids), key=str.casefold))
    return MeetingInfo(
        id=meeting.id,
        kind=meeting.kind,
        title=meeting.title,
        areas=areas,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.planned_end_time,
        location=meeting.location or "",
        chair=meeting.chair or "",
        minute_taker=meeting.minute_taker or "",
        status=meeting.status,
    )


def _item_rows(session: Session, meeting_id: int) -> list[Row[Any]]:
    source = aliased(AgendaItem)
    source_meeting = aliased(Meeting)
    return list(
        session.execute(
            select(
                AgendaItem.id,
                AgendaItem.kind,
                AgendaItem.title,
                AgendaItem.presenter,
                AgendaItem.timebox_minutes,
                AgendaItem.state,
                AgendaItem.minutes,
                Case.year.label("case_year"),
                Case.number.label("case_number"),
                source_meeting.date.label("carried_from_date"),
            )
            .outerjoin(Case, AgendaItem.case_id == Case.id)
            .outerjoin(source, AgendaItem.carried_from_id == source.id)
            .outerjoin(source_meeting, source.meeting_id == source_meeting.id)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
    )


def _decisions(session: Session, meeting_id: int) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    rows = session.execute(
        select(Decision.agenda_item_id, Decision.text)
        .join(AgendaItem, Decision.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(Decision.agenda_item_id, Decision.position, Decision.id)
    )
    for item_id, text in rows:
        result.setdefault(item_id, []).append(text)
    return result


def _attendance(session: Session, meeting_id: int) -> list[tuple[Person, AttendanceStatus]]:
    """Contacts by organisation then name, then guests by organisation then name."""
    rows = session.execute(
        select(
            Attendance.id,
            Attendance.contact_id,
            Attendance.guest_name,
            Attendance.guest_organisation,
            Attendance.status,
            Contact.name,
            Organisation.name,
        )
        .outerjoin(Contact, Attendance.contact_id == Contact.id)
        .outerjoin(Organisation, Contact.organisation_id == Organisation.id)
        .where(Attendance.meeting_id == meeting_id)
    ).all()
    people = []
    for att_id, contact_id, guest, guest_org, status, contact_name, org_name in rows:
        if contact_id is not None:
            person = Person(name=contact_name or "", organisation=org_name or "")
        else:
            person = Person(name=guest or "", organisation=guest_org or "", is_guest=True)
        people.append((person, status, att_id))
    people.sort(key=lambda r: (r[0].is_guest, r[0].organisation.casefold(), r[0].name.casefold(), r[2]))
    return [(person, status) for person, status, _ in people]


def _actions(
    session: Session,
    meeting: Meeting,
    condition: ColumnElement[bool],
    today: date,
    *,
    with_updates: bool = True,
) -> tuple[ActionLine, ...]:
    rows = session.execute(
        select(
            Action.id,
            Action.year,
            Action.number,
            Action.description,
            Action.meeting_id,
            Action.agenda_item_id,
            Action.due_date,
            Action.status,
            Organisation.name,
            Contact.name,
        )
        .join(Organisation, Action.owner_organisation_id == Organisation.id)
        .outerjoin(Contact, Action.owner_contact_id == Contact.id)
        .where(condition)
        .order_by(Action.year, Action.number)
    ).all()
    updates: dict[int, tuple[ActionStatus, str]] = {}
    if with_updates and rows:
        for action_id, status, note in session.execute(
            select(ActionUpdate.action_id, ActionUpdate.status, ActionUpdate.note)
            .where(ActionUpdate.meeting_id == meeting.id)
            .order_by(ActionUpdate.id)
        ):
            updates[action_id] = (status, note or "")
    result = []
    for action_id, year, number, description, meeting_id, item_id, due, status, org, contact in rows:
        update = updates.get(action_id)
        result.append(
            ActionLine(
                reference=action_reference(year, number),
                description=description,
                organisation=org or "",
                contact=contact or "",
                due_date=due,
                status=status,
                overdue=status in OPEN_ACTION_STATUSES and due is not None and due < today,
                made_here=meeting_id == meeting.id,
                agenda_item_id=item_id,
                update_status=update[0] if update else None,
                update_note=update[1] if update else "",
            )
        )
    return tuple(result)


def _next_meeting(session: Session, meeting: Meeting) -> NextMeeting | None:
    following = neighbour(session, meeting, later=True, statuses=ACTIVE_MEETINGS)
    if following is None:
        return None
    return NextMeeting(following.date, following.start_time, following.location or "")


def _approved_here(session: Session, meeting_id: int) -> tuple[ApprovedMinutes, ...]:
    rows = session.execute(
        select(Meeting.date, Meeting.title, Meeting.minutes_corrections)
        .where(Meeting.minutes_approved_in_id == meeting_id, Meeting.id != meeting_id)
        .order_by(Meeting.date, Meeting.id)
    ).all()
    return tuple(
        ApprovedMinutes(meeting_date=row.date, heading=row.title, corrections=row.minutes_corrections or "")
        for row in rows
    )


# --- conditions -------------------------------------------------------------------------------------


def _minutes_scope(meeting: Meeting) -> ColumnElement[bool]:
    series = select(Meeting.id).where(_in_series(meeting), or_(_before(meeting), Meeting.id == meeting.id))
    updated_here = select(ActionUpdate.action_id).where(ActionUpdate.meeting_id == meeting.id)
    return or_(
        Action.meeting_id == meeting.id,
        Action.id.in_(updated_here),
        _open_in_series(series, meeting),
    )


def minutes_action_scope(meeting: Meeting) -> ColumnElement[bool]:
    """The actions of the minutes' action list of ``meeting`` (see the module docstring); the report
    e-mail counts the overdue ones among them."""
    return _minutes_scope(meeting)


def _agenda_scope(meeting: Meeting) -> ColumnElement[bool]:
    return _open_in_series(select(Meeting.id).where(_in_series(meeting), _before(meeting)), meeting)


def _open_in_series(series: Select[Any], meeting: Meeting) -> ColumnElement[bool]:
    """Open or in progress, and made or updated at one of the ``series`` meetings, or made outside
    any meeting on or before the meeting's date."""
    updated_in_series = select(ActionUpdate.action_id).where(ActionUpdate.meeting_id.in_(series))
    return and_(
        Action.status.in_(OPEN_ACTION_STATUSES),
        or_(
            Action.meeting_id.in_(series),
            Action.id.in_(updated_in_series),
            and_(Action.meeting_id.is_(None), Action.created_on <= meeting.date),
        ),
    )


def _case_ref(year: int | None, number: int | None) -> str | None:
    return case_reference(year, number) if year is not None and number is not None else None


def _join(parts: tuple[str, ...]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


__all__ = [
    "ActionLine",
    "AgendaData",
    "AgendaLine",
    "ApprovedMinutes",
    "MeetingInfo",
    "MinutesData",
    "MinutesDataService",
    "MinutesItem",
    "MinutesNotAvailable",
    "NextMeeting",
    "Person",
    "keep_approved_minutes",
    "minutes_action_scope",
    "read_minutes",
]
