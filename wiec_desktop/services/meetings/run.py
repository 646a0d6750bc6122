"""Running a meeting (meeting mode): start, move through the agenda, attendance, minutes with
autosave, decisions, new actions, action review, parking, closing and approval of previous minutes.

Every public method is one transaction. Times of day shown to the chair are local; ``started_at``
and ``ended_at`` are naive UTC like every other timestamp. ``now`` arguments exist for tests.

All state lives in the database (meeting status, current item, item states, elapsed time and
minutes), so a meeting interrupted by a crash resumes at the same item.

Concurrency: the UI autosaves minutes from a background thread (``save_item``) while the UI thread
navigates. Meetings and agenda items carry an optimistic-locking version, so this service never
flushes changed ORM objects of those two tables: it writes them with single UPDATE statements that
bump ``version`` themselves (``_set_item``/``_set_meeting``). An autosave committed between another
call's read and write therefore cannot make that write fail with ``StaleDataError``; autosave
writes only ``minutes``/``elapsed_seconds``, navigation only ``state``/``elapsed_seconds``.

``elapsed_seconds`` arguments are always the *total* time of the item that is current when the
call is made (the UI's item timer), never an increment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Case,
    Contact,
    Decision,
    Involvement,
    Meeting,
    Organisation,
)
from wiec_desktop.domain.base import utcnow
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaItemState,
    AttendanceStatus,
    AuditKind,
    InvolvementRole,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.meetings.minutes_data import keep_approved_minutes
from wiec_desktop.services.meetings.rows import (
    action_rows as _action_rows,
)
from wiec_desktop.services.meetings.rows import (
    agenda_items as _items,
)
from wiec_desktop.services.meetings.rows import (
    decision_rows as _decisions,
)
from wiec_desktop.services.meetings.rows import (
    load_meeting as _meeting,
)
from wiec_desktop.services.meetings.rows import (
    previous_minutes_of as _previous_minutes_of,
)
from wiec_desktop.services.meetings.rows import (
    run_state as _run_state,
)
from wiec_desktop.services.meetings.rows import (
    summary_of as _summary,
)
from wiec_desktop.services.meetings.rows import (
    summary_text as _summary_text,
)
from wiec_desktop.services.meetings.rows import (
    updated_at as _updated_at,
)
from wiec_desktop.services.meetings.rows import (
    with_extra as _with_extra,
)
from wiec_desktop.services.meetings.series import before as _before
from wiec_desktop.services.meetings.series import meeting_ref as _ref
from wiec_desktop.services.meetings.series import neighbour as _neighbour
from wiec_desktop.services.meetings.views import (
    ActionRow,
    AttendanceRow,
    CaseSummary,
    ClosingSummary,
    DecisionRow,
    MeetingRef,
    PreviousMinutes,
    RunState,
)
from wiec_desktop.services.validation import Checker, ValidationError

if TYPE_CHECKING:
    from wiec_desktop.services.actions.service import ActionService
    from wiec_desktop.services.meetings.agenda import AgendaService

log = logging.getLogger(__name__)

DEFAULT_DUE_DAYS = 28  # when a series has no next meeting and no rhythm yet

HELD_MESSAGE = "Dit overleg is al gehouden; het kan niet meer worden gewijzigd."
CANCELLED_MESSAGE = "Dit overleg is geannuleerd; het kan niet meer worden gewijzigd."
NOT_STARTED_MESSAGE = "Start eerst het overleg."
FOREIGN_ITEM_MESSAGE = "Dit agendapunt hoort niet bij dit overleg."
ROLE_ORDER = {InvolvementRole.LEAD: 0, InvolvementRole.PARTNER: 1, InvolvementRole.INFORMED: 2}
NO_PREVIOUS_MESSAGE = "Er is geen eerder gehouden overleg in deze reeks."


class MeetingRunService(Service):
    """Meeting mode's use cases; actions are made through ``ActionService`` and unfinished items
    carried over through ``AgendaService`` (both handed in by the registry)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], date],
        *,
        actions: ActionService,
        agenda: AgendaService,
    ) -> None:
        super().__init__(session_factory, today)
        self.actions = actions
        self.agenda = agenda

    # --- state and navigation ------------------------------------------------------------------

    def run_state(self, meeting_id: int) -> RunState:
        with self.reading() as session:
            return _run_state(session, meeting_id)

    def start(self, meeting_id: int, *, now: datetime | None = None) -> RunState:
        """Planned → in progress: ``started_at`` set, the first pending item current. On a meeting
        already in progress nothing changes (resume). Held or cancelled: ValidationError."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_open(meeting)
            if meeting.status == MeetingStatus.PLANNED:
                first = next(
                    (i for i in _items(session, meeting_id) if i.state == AgendaItemState.PENDING), None
                )
                if first is not None:
                    _set_item(session, first.id, state=AgendaItemState.CURRENT)
                _set_meeting(
                    session,
                    meeting_id,
                    status=MeetingStatus.IN_PROGRESS,
                    started_at=_naive_utc(now),
                    current_item_id=first.id if first else None,
                )
                audit.record(session, AuditKind.STATUS, "meeting", meeting_id, "in_progress")
            return _run_state(session, meeting_id)

    def go_to(self, meeting_id: int, item_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Make ``item_id`` current (also a done or parked item: the chair takes it up again). The
        item that was current gets ``elapsed_seconds`` (when given) and becomes done (parked
        stays parked). The meeting must be in progress."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_running(meeting)
            items = _items(session, meeting_id)
            if not any(item.id == item_id for item in items):
                get_or_raise(session, AgendaItem, item_id, "Agendapunt")
                raise ValidationError({"item": FOREIGN_ITEM_MESSAGE})
            _move(session, meeting, items, item_id, elapsed_seconds)
            return _run_state(session, meeting_id)

    def next_item(self, meeting_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Go to the item right after the current one in agenda order, whether it was discussed
        already or not; parked items are passed over (they wait for the next meeting; choosing one
        with ``go_to`` takes it up again). At the last item, and with no item current, nothing
        moves (the elapsed time is still stored)."""
        return self._step(meeting_id, elapsed_seconds, forward=True)

    def previous_item(self, meeting_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Go to the item right before the current one in agenda order, passing over parked items
        (with no item current: the last item that is not parked). At the first item nothing
        moves (the elapsed time is still stored)."""
        return self._step(meeting_id, elapsed_seconds, forward=False)

    def next_open_item(self, meeting_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Go to the next item not yet discussed (pending): the first after the current one, else
        the first one before it. When every item is discussed or parked nothing moves."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_running(meeting)
            items = _items(session, meeting_id)
            index = _index(items, meeting.current_item_id)
            start = 0 if index is None else index + 1
            ordered = items[start:] + items[:start]
            target = next((item for item in ordered if item.state == AgendaItemState.PENDING), None)
            target_id = meeting.current_item_id if target is None else target.id
            _move(session, meeting, items, target_id, elapsed_seconds)
            return _run_state(session, meeting_id)

    def park_item(self, item_id: int, *, elapsed_seconds: int | None = None) -> RunState:
        """Park the item for the next meeting (state PARKED) and, if it was current, move on to the
        item right after it that is not parked (as ``next_item``; after the last item none is
        current). ``elapsed_seconds`` is the current item's timer, stored on the current item.
        Allowed on planned and in-progress meetings."""
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
            meeting = _meeting(session, item.meeting_id)
            _require_open(meeting)
            items = _items(session, meeting.id)
            current_id = meeting.current_item_id
            if current_id is not None and elapsed_seconds is not None:
                _set_item(session, current_id, elapsed_seconds=_seconds(elapsed_seconds))
            _set_item(session, item_id, state=AgendaItemState.PARKED)
            audit.record(session, AuditKind.UPDATE, "meeting", meeting.id, f"agendapunt {item_id} geparkeerd")
            if current_id == item_id:
                target = _adjacent(items, item_id, forward=True)
                if target is not None:
                    _set_item(session, target.id, state=AgendaItemState.CURRENT)
                _set_meeting(session, meeting.id, current_item_id=target.id if target else None)
            return _run_state(session, meeting.id)

    def save_item(
        self, item_id: int, *, minutes: str | None = None, elapsed_seconds: int | None = None
    ) -> None:
        """Autosave: store the minutes text and/or the elapsed time of an item. Cheap (one UPDATE
        in the normal case); safe from a background thread while the UI thread calls the other
        methods. Refused (ValidationError) once the meeting is held or cancelled."""
        values: dict[str, Any] = {}
        if minutes is not None:
            values["minutes"] = minutes
        if elapsed_seconds is not None:
            values["elapsed_seconds"] = _seconds(elapsed_seconds)
        open_meetings = select(Meeting.id).where(
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS))
        )
        with self.transaction() as session:
            if not values:
                get_or_raise(session, AgendaItem, item_id, "Agendapunt")
                return
            table = AgendaItem.__table__
            result = session.execute(
                update(table)
                .where(table.c.id == item_id, table.c.meeting_id.in_(open_meetings))
                .values(version=table.c.version + 1, **values)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
                _require_open(_meeting(session, item.meeting_id))

    def resumable_meetings(self) -> list[MeetingRef]:
        """Meetings left in progress (the program or machine stopped during the meeting)."""
        with self.reading() as session:
            meetings = session.scalars(
                select(Meeting)
                .where(Meeting.status == MeetingStatus.IN_PROGRESS)
                .order_by(Meeting.date, Meeting.start_time, Meeting.id)
            )
            return [_ref(meeting) for meeting in meetings]

    # --- attendance -----------------------------------------------------------------------------

    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        """Invited contacts by organisation then name, then the guests by organisation then name."""
        with self.reading() as session:
            _meeting(session, meeting_id)
            rows = session.execute(
                select(Attendance, Contact.name, Organisation.name)
                .outerjoin(Contact, Attendance.contact_id == Contact.id)
                .outerjoin(Organisation, Contact.organisation_id == Organisation.id)
                .where(Attendance.meeting_id == meeting_id)
            ).all()
            result = [
                AttendanceRow(
                    id=row.id,
                    contact_id=row.contact_id,
                    name=contact_name if row.contact_id is not None else (row.guest_name or ""),
                    organisation=org_name if row.contact_id is not None else row.guest_organisation,
                    status=row.status,
                    arrived_at=row.arrived_at,
                    is_guest=row.contact_id is None,
                )
                for row, contact_name, org_name in rows
            ]
            return sorted(
                result, key=lambda r: (r.is_guest, r.organisation.casefold(), r.name.casefold(), r.id)
            )

    def set_attendance(
        self, attendance_id: int, status: AttendanceStatus, *, arrived_at: time | None = None
    ) -> None:
        """Present/excused/absent/invited; ``arrived_at`` only for present (late arrival), it is
        cleared for the other statuses."""
        with self.transaction() as session:
            row = get_or_raise(session, Attendance, attendance_id, "Aanwezigheid")
            _require_open(_meeting(session, row.meeting_id))
            row.status = status
            row.arrived_at = arrived_at if status == AttendanceStatus.PRESENT else None
            audit.record(
                session, AuditKind.UPDATE, "meeting", row.meeting_id, f"aanwezigheid {row.id}: {status.value}"
            )

    def add_attendee(self, meeting_id: int, contact_id: int) -> int:
        """Add a contact who was not invited (status present). Returns the attendance id; a contact
        already on the list is marked present on that row."""
        with self.transaction() as session:
            _require_open(_meeting(session, meeting_id))
            get_or_raise(session, Contact, contact_id, "Contactpersoon")
            row = session.scalar(
                select(Attendance).where(
                    Attendance.meeting_id == meeting_id, Attendance.contact_id == contact_id
                )
            )
            if row is None:
                row = Attendance(meeting_id=meeting_id, contact_id=contact_id)
                session.add(row)
            row.status = AttendanceStatus.PRESENT
            session.flush()
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, f"aanwezig: contact {contact_id}")
            return row.id

    def add_guest(self, meeting_id: int, name: str, organisation: str = "") -> int:
        """A guest (not a contact) present at the meeting. ValidationError on a blank name."""
        check = Checker()
        name = check.required("name", name, "Naam van de gast")
        organisation = organisation.strip()
        check.max_length("name", name, 200, "Naam van de gast")
        check.max_length("organisation", organisation, 200, "Organisatie")
        check.raise_if_any()
        with self.transaction() as session:
            _require_open(_meeting(session, meeting_id))
            row = Attendance(
                meeting_id=meeting_id,
                guest_name=name,
                guest_organisation=organisation,
                status=AttendanceStatus.PRESENT,
            )
            session.add(row)
            session.flush()
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, f"gast toegevoegd ({row.id})")
            return row.id

    def remove_attendance(self, attendance_id: int) -> None:
        with self.transaction() as session:
            row = get_or_raise(session, Attendance, attendance_id, "Aanwezigheid")
            _require_open(_meeting(session, row.meeting_id))
            session.delete(row)
            detail = f"aanwezigheid {attendance_id} verwijderd"
            audit.record(session, AuditKind.UPDATE, "meeting", row.meeting_id, detail)

    # --- what is on the table -------------------------------------------------------------------

    def case_summary(self, case_id: int, meeting_id: int) -> CaseSummary:
        """The case's status, lead, involved organisations and open actions (plus those updated at
        this meeting, with that update), for a case item. Involved: lead, partner, informed, each
        by organisation name; ``lead`` joins the lead organisations' names (None without one)."""
        with self.reading() as session:
            case = get_or_raise(session, Case, case_id, "Casus")
            _meeting(session, meeting_id)
            involved = session.execute(
                select(Organisation.name, Involvement.role)
                .join(Organisation, Involvement.organisation_id == Organisation.id)
                .where(Involvement.case_id == case_id)
            ).all()
            ordered = sorted(involved, key=lambda r: (ROLE_ORDER.get(r.role, 9), r.name.casefold()))
            leads = [r.name for r in ordered if r.role == InvolvementRole.LEAD]
            condition = and_(
                Action.case_id == case_id,
                or_(Action.status.in_(OPEN_ACTION_STATUSES), _updated_at(meeting_id)),
            )
            return CaseSummary(
                case_id=case.id,
                reference=case.reference,
                title=case.title,
                status_label=case.status.label,
                lead=", ".join(leads) if leads else None,
                involved=tuple((r.name, r.role.label) for r in ordered),
                open_actions=tuple(_action_rows(session, condition, meeting_id, self.today())),
                description=case.description,
            )

    def review_actions(self, meeting_id: int) -> list[ActionRow]:
        """For the actielijst item: every action made before this meeting (created before its date
        or made in an earlier meeting) that is open or in progress, or that was updated at this
        meeting (so the list stays put while walking through it); by due date then reference.
        Actions made in this meeting itself are never listed."""
        with self.reading() as session:
            meeting = _meeting(session, meeting_id)
            not_here = or_(Action.meeting_id.is_(None), Action.meeting_id != meeting_id)
            earlier_meeting = Action.meeting_id.in_(select(Meeting.id).where(_before(meeting)))
            made_before = or_(Action.created_on < meeting.date, earlier_meeting)
            condition = and_(
                not_here,
                or_(and_(made_before, Action.status.in_(OPEN_ACTION_STATUSES)), _updated_at(meeting_id)),
            )
            return _action_rows(session, condition, meeting_id, self.today())

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
        vervallen (CANCELLED): an ActionUpdate of this meeting, applied to the action. Updating
        the same action again at this meeting replaces that meeting's earlier update (one update
        per action per meeting). A new deadline before today is refused."""
        today = self.today()
        if new_due_date is not None and new_due_date < today:
            raise ValidationError({"due_date": "De nieuwe deadline kan niet vóór vandaag liggen."})
        with self.transaction() as session:
            _require_open(_meeting(session, meeting_id))
            get_or_raise(session, Action, action_id, "Actie")
            session.expunge_all()  # the action is reloaded with its updates after the delete below
            session.execute(
                delete(ActionUpdate).where(
                    ActionUpdate.action_id == action_id, ActionUpdate.meeting_id == meeting_id
                ),
                execution_options={"synchronize_session": False},
            )
            self.actions.record_update_in(
                session, action_id, status, note=note, new_due_date=new_due_date, meeting_id=meeting_id
            )
            session.flush()
            return _action_rows(session, Action.id == action_id, meeting_id, today)[0]

    # --- decisions and new actions --------------------------------------------------------------

    def decisions(self, meeting_id: int, item_id: int | None = None) -> list[DecisionRow]:
        """Decisions of the meeting (of one item when given), in agenda order."""
        with self.reading() as session:
            return _decisions(session, meeting_id, item_id)

    def add_decision(self, item_id: int, text: str) -> DecisionRow:
        check = Checker()
        text = text.strip()
        if not text:
            check.add("text", "Een besluit mag niet leeg zijn.")
        check.raise_if_any()
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
            _require_open(_meeting(session, item.meeting_id))
            position = session.execute(
                select(func.coalesce(func.max(Decision.position) + 1, 0)).where(
                    Decision.agenda_item_id == item_id
                )
            ).scalar_one()
            # Added by foreign key, not through item.decisions: the item's version stays untouched.
            decision = Decision(agenda_item_id=item_id, position=position, text=text)
            session.add(decision)
            session.flush()
            detail = f"besluit {decision.id} (agendapunt {item_id})"
            audit.record(session, AuditKind.UPDATE, "meeting", item.meeting_id, detail)
            return DecisionRow(id=decision.id, agenda_item_id=item_id, item_title=item.title, text=text)

    def remove_decision(self, decision_id: int) -> None:
        with self.transaction() as session:
            decision = get_or_raise(session, Decision, decision_id, "Besluit")
            item = get_or_raise(session, AgendaItem, decision.agenda_item_id, "Agendapunt")
            _require_open(_meeting(session, item.meeting_id))
            session.execute(delete(Decision).where(Decision.id == decision_id))
            detail = f"besluit {decision_id} verwijderd"
            audit.record(session, AuditKind.UPDATE, "meeting", item.meeting_id, detail)

    def remove_action(self, meeting_id: int, action_id: int) -> None:
        """Take back an action entered by mistake in this meeting: only while the meeting is in
        progress, only an action made in it, and only while nobody has recorded progress on it."""
        with self.transaction() as session:
            _require_open(_meeting(session, meeting_id))
            action = get_or_raise(session, Action, action_id, "Actie")
            if action.meeting_id != meeting_id:
                raise ValidationError(
                    {"action": "Alleen een actie die in dit overleg is gemaakt kan hier worden verwijderd."}
                )
            if action.updates:
                raise ValidationError(
                    {"action": "Op deze actie is al voortgang vastgelegd; zet haar op vervallen."}
                )
            reference = action.reference
            session.delete(action)
            audit.record(session, AuditKind.DELETE, "action", action_id, reference)

    def default_due_date(self, meeting_id: int) -> date:
        """The next meeting of the series; else this date plus the series' rhythm (days between
        the previous meeting and this one); else this date + DEFAULT_DUE_DAYS. Never before today.
        Cancelled meetings do not count."""
        with self.reading() as session:
            return _default_due_date(session, _meeting(session, meeting_id), self.today())

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
        date defaults to ``default_due_date``. ValidationError with Dutch messages on the fields
        ``description``, ``owner``, ``contact``, ``due_date``, ``item`` or ``meeting``."""
        today = self.today()
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_open(meeting)
            check = Checker()
            case_id = None
            if item_id is not None:
                item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
                if item.meeting_id != meeting_id:
                    check.add("item", FOREIGN_ITEM_MESSAGE)
                case_id = item.case_id
            if due_date is None:
                due_date = _default_due_date(session, meeting, today)
            action = self.actions.create_in(
                session,
                description,
                owner_organisation_id,
                owner_contact_id=owner_contact_id,
                due_date=due_date,
                case_id=case_id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                check=check,
            )
            return _action_rows(session, Action.id == action.id, meeting_id, today)[0]

    def new_actions(self, meeting_id: int, item_id: int | None = None) -> list[ActionRow]:
        """Actions made at this meeting (under one item when given), by reference."""
        with self.reading() as session:
            _meeting(session, meeting_id)
            condition = Action.meeting_id == meeting_id
            if item_id is not None:
                condition = and_(condition, Action.agenda_item_id == item_id)
            return _action_rows(session, condition, meeting_id, self.today(), by_reference=True)

    # --- closing and approval -------------------------------------------------------------------

    def closing_summary(self, meeting_id: int) -> ClosingSummary:
        """What the meeting produced so far (preview before closing). ``carried_items``: parked,
        not-reached and still pending items (pending ones will not be reached when closing now)."""
        with self.reading() as session:
            meeting = _meeting(session, meeting_id)
            return _summary(session, meeting, self.today())

    def close(
        self, meeting_id: int, *, elapsed_seconds: int | None = None, now: datetime | None = None
    ) -> ClosingSummary:
        """Close: current item done (with ``elapsed_seconds``), pending items not reached, status
        HELD, minutes DRAFT, ``ended_at`` set, the summary stored; parked and not-reached items
        carried into the next planned meeting of the series when there is one (by
        ``AgendaService.carry_over`` after the close is committed; a failure there is logged and
        does not undo the close). Refused unless the meeting is in progress."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_open(meeting)
            if meeting.status != MeetingStatus.IN_PROGRESS:
                raise ValidationError({"meeting": "Alleen een overleg dat bezig is kan worden afgesloten."})
            current_id = meeting.current_item_id
            for item in _items(session, meeting_id):
                if item.id == current_id or item.state == AgendaItemState.CURRENT:
                    values: dict[str, Any] = {"state": AgendaItemState.DONE}
                    if item.id == current_id and elapsed_seconds is not None:
                        values["elapsed_seconds"] = _seconds(elapsed_seconds)
                    _set_item(session, item.id, **values)
                elif item.state == AgendaItemState.PENDING:
                    _set_item(session, item.id, state=AgendaItemState.NOT_REACHED)
            ended_at = _naive_utc(now)
            summary = _summary(session, meeting, self.today(), ended_at=ended_at)
            _set_meeting(
                session,
                meeting_id,
                status=MeetingStatus.HELD,
                minutes_status=MinutesStatus.DRAFT,
                ended_at=ended_at,
                current_item_id=None,
                closing_summary=_summary_text(meeting, summary),
            )
            audit.record(session, AuditKind.STATUS, "meeting", meeting_id, "held")
            following = _neighbour(session, meeting, later=True, statuses=(MeetingStatus.PLANNED,))
            following_id = following.id if following is not None else None
            following_label = f"{following.title} {short_date(following.date)}" if following else ""
        if following_id is not None and summary.carried_items:
            carried = self._carry_over(meeting_id, following_id)
            if carried:
                summary = _with_extra(summary, "Doorgeschoven naar", following_label)
        return summary

    def previous_minutes(self, meeting_id: int) -> PreviousMinutes | None:
        """The minutes this meeting's "verslag vorige keer" is about: those of the latest earlier
        held meeting of the series, approved or not (with when, where and the corrections).
        None only when the series has no earlier held meeting."""
        with self.reading() as session:
            meeting = _meeting(session, meeting_id)
            previous = _previous_held(session, meeting)
            return None if previous is None else _previous_minutes_of(session, meeting, previous)

    def approve_previous_minutes(
        self, meeting_id: int, corrections: str = "", *, previous_id: int | None = None
    ) -> PreviousMinutes:
        """The "verslag vorige keer" item: the previous held meeting's minutes become approved (on
        this meeting's date, in this meeting, the corrections recorded). ``previous_id``: the
        meeting the chair was shown; refused when the previous meeting is another one by now.
        This meeting must be planned or in progress; refused (ValidationError, nothing changed)
        when there is no previous held meeting or its minutes are approved already."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_open(meeting)
            previous = _previous_held(session, meeting)
            if previous is None:
                raise ValidationError({"previous": NO_PREVIOUS_MESSAGE})
            if previous_id is not None and previous.id != previous_id:
                raise ValidationError(
                    {"previous": "Het vorige overleg is intussen een ander; kies het agendapunt opnieuw."}
                )
            if previous.minutes_status == MinutesStatus.APPROVED:
                raise ValidationError({"previous": _already_approved(session, previous)})
            _set_meeting(
                session,
                previous.id,
                minutes_status=MinutesStatus.APPROVED,
                minutes_approved_on=meeting.date,
                minutes_approved_in_id=meeting_id,
                minutes_corrections=corrections.strip(),
            )
            keep_approved_minutes(session, previous.id, self.today())
            audit.record(
                session, AuditKind.STATUS, "meeting", previous.id, f"verslag vastgesteld in {meeting_id}"
            )
            return _previous_minutes_of(session, meeting, _meeting(session, previous.id))

    # --- private ----------------------------------------------------------------------------------

    def _step(self, meeting_id: int, elapsed_seconds: int | None, *, forward: bool) -> RunState:
        """``next_item``/``previous_item``: the adjacent item that is not parked, if any."""
        with self.transaction() as session:
            meeting = _meeting(session, meeting_id)
            _require_running(meeting)
            items = _items(session, meeting_id)
            target = _adjacent(items, meeting.current_item_id, forward=forward)
            target_id = meeting.current_item_id if target is None else target.id
            _move(session, meeting, items, target_id, elapsed_seconds)
            return _run_state(session, meeting_id)

    def _carry_over(self, meeting_id: int, next_id: int) -> int:
        """Carry parked/not-reached items into the next planned meeting (its own transaction)."""
        try:
            return self.agenda.carry_over(next_id)
        except Exception:  # the close is committed; carry_over can be repeated later
            log.warning("Carry-over from meeting %s into %s failed", meeting_id, next_id, exc_info=True)
            return 0


# --- queries and writes --------------------------------------------------------------------------


def _require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError({"meeting": HELD_MESSAGE})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": CANCELLED_MESSAGE})


def _require_running(meeting: Meeting) -> None:
    _require_open(meeting)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError({"meeting": NOT_STARTED_MESSAGE})


def _index(items: list[AgendaItem], item_id: int | None) -> int | None:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    return None


def _adjacent(items: list[AgendaItem], current_id: int | None, *, forward: bool) -> AgendaItem | None:
    """The nearest item after (``forward``) or before the current one that is not parked, in
    agenda order, whatever its state otherwise. With no item current the position is "after the
    last item": nothing comes after it, and going back finds the last item not parked."""
    index = _index(items, current_id)
    if index is None:
        candidates = [] if forward else list(reversed(items))
    else:
        candidates = items[index + 1 :] if forward else list(reversed(items[:index]))
    return next((item for item in candidates if item.state != AgendaItemState.PARKED), None)


def _previous_held(session: Session, meeting: Meeting) -> Meeting | None:
    return _neighbour(session, meeting, later=False, statuses=(MeetingStatus.HELD,))


def _already_approved(session: Session, previous: Meeting) -> str:
    """The Dutch refusal: these minutes are approved already (on which date, in which meeting)."""
    text = f"Het verslag van {previous.title} van {short_date(previous.date)} is al vastgesteld"
    if previous.minutes_approved_on is not None:
        text += f" op {short_date(previous.minutes_approved_on)}"
    approver = (
        session.get(Meeting, previous.minutes_approved_in_id) if previous.minutes_approved_in_id else None
    )
    if approver is not None:
        text += f", in {approver.title} van {short_date(approver.date)}"
    return text + "."


def _set_item(session: Session, item_id: int, **values: Any) -> None:
    """One UPDATE of an agenda item that bumps its version itself (see the module docstring)."""
    _write(session, AgendaItem, item_id, values)


def _set_meeting(session: Session, meeting_id: int, **values: Any) -> None:
    _write(session, Meeting, meeting_id, values)


def _write(
    session: Session, model: type[AgendaItem] | type[Meeting], record_id: int, values: dict[str, Any]
) -> None:
    session.flush()
    table = model.__table__
    session.execute(
        update(table).where(table.c.id == record_id).values(version=table.c.version + 1, **values)
    )
    session.expire_all()  # loaded objects of this session are reloaded with the new values


def _move(
    session: Session, meeting: Meeting, items: list[AgendaItem], target_id: int | None, elapsed: int | None
) -> None:
    """The current item is left (done unless parked, with its elapsed time) and ``target_id``
    becomes current (None: no item current)."""
    states = {item.id: item.state for item in items}
    meeting_id, current_id = meeting.id, meeting.current_item_id
    if current_id in states:
        values: dict[str, Any] = {}
        if elapsed is not None:
            values["elapsed_seconds"] = _seconds(elapsed)
        if current_id != target_id and states[current_id] != AgendaItemState.PARKED:
            values["state"] = AgendaItemState.DONE
        if values:
            _set_item(session, current_id, **values)
    if target_id is not None and (target_id != current_id or states[target_id] != AgendaItemState.CURRENT):
        _set_item(session, target_id, state=AgendaItemState.CURRENT)
    if target_id != current_id:
        _set_meeting(session, meeting_id, current_item_id=target_id)


def _seconds(value: int) -> int:
    return max(0, int(value))


def _naive_utc(now: datetime | None) -> datetime:
    if now is None:
        return utcnow()
    if now.tzinfo is not None:
        return now.astimezone(UTC).replace(tzinfo=None)
    return now


def _default_due_date(session: Session, meeting: Meeting, today: date) -> date:
    active = (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)
    following = _neighbour(session, meeting, later=True, statuses=active)
    if following is not None and following.date > meeting.date:
        due = following.date
    else:
        previous = _neighbour(session, meeting, later=False, statuses=active)
        rhythm = (meeting.date - previous.date).days if previous is not None else 0
        due = meeting.date + timedelta(days=rhythm if rhythm > 0 else DEFAULT_DUE_DAYS)
    return max(due, today)
