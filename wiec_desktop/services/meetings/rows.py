"""The plain views of a meeting, built from the database: its agenda rows, run state, action rows,
decisions, closing summary and the previous minutes (used by ``AgendaService`` and
``MeetingRunService``; no writes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
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
    AgendaItemState,
    AttendanceStatus,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.services.base import get_or_raise
from wiec_desktop.services.followup.escalation import escalation_reason_sql
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.meetings.series import meeting_ref
from wiec_desktop.services.meetings.views import (
    ActionRow,
    AgendaRow,
    ClosingSummary,
    DecisionRow,
    PreviousMinutes,
    RunState,
)

CARRIED = (AgendaItemState.PARKED, AgendaItemState.NOT_REACHED)


def agenda_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    return get_or_raise(session, Meeting, meeting_id, "Overleg")


def agenda_rows(session: Session, meeting_id: int) -> tuple[AgendaRow, ...]:
    """The meeting's items by position, with their case reference and number of decisions."""
    counts = dict(
        session.execute(
            select(Decision.agenda_item_id, func.count(Decision.id))
            .join(AgendaItem, Decision.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.meeting_id == meeting_id)
            .group_by(Decision.agenda_item_id)
        ).all()
    )
    rows = session.execute(
        select(AgendaItem, Case.year, Case.number)
        .outerjoin(Case, AgendaItem.case_id == Case.id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    return tuple(
        AgendaRow(
            id=item.id,
            position=item.position,
            kind=item.kind,
            title=item.title,
            case_id=item.case_id,
            case_reference=case_reference(year, number) if item.case_id is not None else None,
            presenter=item.presenter,
            timebox_minutes=item.timebox_minutes,
            state=item.state,
            elapsed_seconds=item.elapsed_seconds,
            minutes=item.minutes,
            carried_from_id=item.carried_from_id,
            decision_count=counts.get(item.id, 0),
        )
        for item, year, number in rows
    )


def run_state(session: Session, meeting_id: int) -> RunState:
    meeting = load_meeting(session, meeting_id)
    items = agenda_rows(session, meeting_id)
    return RunState(
        meeting_id=meeting.id,
        title=meeting.title,
        kind=meeting.kind,
        date=meeting.date,
        start_time=meeting.start_time,
        planned_end_time=meeting.planned_end_time,
        status=meeting.status,
        started_at=meeting.started_at,
        current_item_id=meeting.current_item_id,
        items=items,
    )


def previous_minutes_of(session: Session, meeting: Meeting, previous: Meeting) -> PreviousMinutes:
    """``previous``'s minutes as ``meeting`` (the one holding the "verslag vorige keer" item) sees them."""
    approved = previous.minutes_status == MinutesStatus.APPROVED
    approver = None
    if approved and previous.minutes_approved_in_id is not None:
        approver = session.get(Meeting, previous.minutes_approved_in_id)
    return PreviousMinutes(
        meeting=meeting_ref(previous),
        approved_on=previous.minutes_approved_on if approved else None,
        approved_in=meeting_ref(approver) if approver is not None else None,
        corrections=(previous.minutes_corrections or "") if approved else "",
        approved_here=approved and previous.minutes_approved_in_id == meeting.id,
        can_approve=not approved and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS),
    )


def updated_at(meeting_id: int) -> ColumnElement[bool]:
    return Action.id.in_(select(ActionUpdate.action_id).where(ActionUpdate.meeting_id == meeting_id))


def action_rows(
    session: Session,
    condition: ColumnElement[bool],
    meeting_id: int,
    today: date,
    *,
    by_reference: bool = False,
) -> list[ActionRow]:
    """Actions matching ``condition`` with their update at ``meeting_id`` (the latest, if any) and
    their escalation reason (issue 15)."""
    stmt = (
        select(Action, Organisation.name, Contact.name, Case.year, Case.number, escalation_reason_sql(today))
        .join(Organisation, Action.owner_organisation_id == Organisation.id)
        .outerjoin(Contact, Action.owner_contact_id == Contact.id)
        .outerjoin(Case, Action.case_id == Case.id)
        .where(condition)
    )
    if by_reference:
        stmt = stmt.order_by(Action.year, Action.number)
    else:
        stmt = stmt.order_by(Action.due_date.is_(None), Action.due_date, Action.year, Action.number)
    rows = session.execute(stmt).all()
    updates: dict[int, ActionUpdate] = {}
    ids = [row[0].id for row in rows]
    if ids:
        for upd in session.scalars(
            select(ActionUpdate)
            .where(ActionUpdate.meeting_id == meeting_id, ActionUpdate.action_id.in_(ids))
            .order_by(ActionUpdate.id)
        ):
            updates[upd.action_id] = upd
    result = []
    for action, org_name, contact_name, case_year, case_number, escalation in rows:
        upd = updates.get(action.id)
        result.append(
            ActionRow(
                id=action.id,
                reference=action_reference(action.year, action.number),
                description=action.description,
                owner_organisation_id=action.owner_organisation_id,
                owner_organisation=org_name,
                owner_contact=contact_name or "",
                case_id=action.case_id,
                case_reference=case_reference(case_year, case_number) if action.case_id is not None else None,
                created_on=action.created_on,
                due_date=action.due_date,
                status=action.status,
                overdue=action.status in OPEN_ACTION_STATUSES
                and action.due_date is not None
                and action.due_date < today,
                update_status=upd.status if upd else None,
                update_note=upd.note if upd else "",
                escalation=escalation or "",
            )
        )
    return result


def decision_rows(session: Session, meeting_id: int, item_id: int | None) -> list[DecisionRow]:
    stmt = (
        select(Decision, AgendaItem.title)
        .join(AgendaItem, Decision.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id, Decision.position, Decision.id)
    )
    if item_id is not None:
        stmt = stmt.where(Decision.agenda_item_id == item_id)
    return [
        DecisionRow(id=d.id, agenda_item_id=d.agenda_item_id, item_title=title, text=d.text)
        for d, title in session.execute(stmt).all()
    ]


def summary_of(
    session: Session, meeting: Meeting, today: date, *, ended_at: datetime | None = None
) -> ClosingSummary:
    meeting_id = meeting.id
    items = agenda_items(session, meeting_id)
    carried = tuple(
        item.title
        for item in items
        if item.state in (*CARRIED, AgendaItemState.PENDING) and item.id != meeting.current_item_id
    )
    statuses = list(session.scalars(select(Attendance.status).where(Attendance.meeting_id == meeting_id)))
    extra: dict[str, str] = {}
    if meeting.started_at is not None and ended_at is not None:
        minutes = max(0, int((ended_at - meeting.started_at).total_seconds() // 60))
        extra["Duur"] = f"{minutes} minuten"
    return ClosingSummary(
        decisions=tuple(decision_rows(session, meeting_id, None)),
        new_actions=tuple(
            action_rows(session, Action.meeting_id == meeting_id, meeting_id, today, by_reference=True)
        ),
        updated_actions=tuple(action_rows(session, updated_at(meeting_id), meeting_id, today)),
        carried_items=carried,
        items_with_minutes=sum(1 for item in items if item.minutes.strip()),
        present=statuses.count(AttendanceStatus.PRESENT),
        excused=statuses.count(AttendanceStatus.EXCUSED),
        absent=statuses.count(AttendanceStatus.ABSENT),
        extra=extra,
    )


def with_extra(summary: ClosingSummary, key: str, value: str) -> ClosingSummary:
    return ClosingSummary(
        decisions=summary.decisions,
        new_actions=summary.new_actions,
        updated_actions=summary.updated_actions,
        carried_items=summary.carried_items,
        items_with_minutes=summary.items_with_minutes,
        present=summary.present,
        excused=summary.excused,
        absent=summary.absent,
        extra={**summary.extra, key: value},
    )


def summary_text(meeting: Meeting, summary: ClosingSummary) -> str:
    """The stored closing summary: short Dutch plain text for the meeting's record."""
    lines = [
        f"{meeting.title}, {short_date(meeting.date)}",
        f"Aanwezig: {summary.present}, afwezig met bericht: {summary.excused}, afwezig: {summary.absent}",
        f"Agendapunten met notulen: {summary.items_with_minutes}",
        "",
        f"Besluiten ({len(summary.decisions)}):",
        *(f"- {d.item_title}: {d.text}" for d in summary.decisions),
        "",
        f"Nieuwe acties ({len(summary.new_actions)}):",
        *(
            f"- {a.reference} {a.description} ({a.owner_organisation}"
            + (f", deadline {short_date(a.due_date)}" if a.due_date else "")
            + ")"
            for a in summary.new_actions
        ),
        "",
        f"Bijgewerkte acties ({len(summary.updated_actions)}):",
        *(
            f"- {a.reference} {a.description}: "
            + (a.update_status.label if a.update_status else a.status.label)
            + (
                f" (deadline {short_date(a.due_date)})"
                if a.due_date and a.status in OPEN_ACTION_STATUSES
                else ""
            )
            + (f" — {a.update_note}" if a.update_note else "")
            for a in summary.updated_actions
        ),
        "",
        f"Naar de volgende keer ({len(summary.carried_items)}):",
        *(f"- {title}" for title in summary.carried_items),
    ]
    return "\n".join(lines).strip() + "\n"
