"""Escalation of what keeps slipping (issue 15): which open actions need management's attention.

An open action (status Open or Loopt) is escalated when its deadline was moved at least
``escalate_after_moves`` times, or when it is more than ``escalate_after_weeks`` weeks overdue
(both set per assignment; the current assignment's values count, the defaults 2 and 4 without one).
The reason is said in Dutch: "Deadline 3× verschoven", "6 weken over de deadline", or both.

A *move* is a change of an existing deadline to another date, not the setting of the first one.
Deadlines change only through action updates (``ActionUpdate.new_due_date``); the deadline an action
was made with is written in its "create" audit entry (``creation_detail``), so that the first new
deadline can be told apart from the first deadline. An update that repeats the deadline it already
had is no move. Actions made before this was recorded have no known first deadline: their first
new deadline is not counted (never a false alarm).

``escalation_reason`` is the rule as a pure function; ``escalation_reason_sql`` is the same rule as
one SQL expression (for the Acties list and meeting mode's rows, computed only for the rows shown);
``escalations`` reads many actions at once in one query, and their deadline history on request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, ActionUpdate, Assignment, AuditEvent, Organisation, action_reference
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus, AuditKind
from wiec_desktop.domain.organisations import DEFAULT_ESCALATE_AFTER_MOVES, DEFAULT_ESCALATE_AFTER_WEEKS
from wiec_desktop.storage.sql_functions import days_since

ESCALATION_MARK = "⚑"  # before an escalated action's number in lists (as meeting mode shows it)
DEADLINE_MARK = "; deadline "  # in a create entry's detail: "A-2026-031; deadline 2026-11-01"
ISO_DATE_LENGTH = 10
CHUNK = 500  # ids per IN (...): under every database's parameter limit


@dataclass(frozen=True)
class Thresholds:
    """When an open action needs management's attention (from the assignment)."""

    moves: int = DEFAULT_ESCALATE_AFTER_MOVES
    weeks: int = DEFAULT_ESCALATE_AFTER_WEEKS


@dataclass(frozen=True)
class Escalation:
    """One escalated action: how often its deadline moved, why, and its deadlines in order."""

    action_id: int
    moves: int
    reason: str
    history: tuple[date, ...] = ()


@dataclass(frozen=True)
class EscalatedAction:
    """An escalated action as a report lists it: who, what, why, and its deadlines in order."""

    action_id: int
    reference: str
    organisation: str
    description: str
    reason: str
    history: tuple[date, ...]


# --- the rule -------------------------------------------------------------------------------------


def weeks_overdue(due_date: date | None, today: date) -> int:
    """Whole weeks past the deadline (0 when not past it, or without one)."""
    if due_date is None or due_date >= today:
        return 0
    return (today - due_date).days // 7


def escalation_reason(
    status: ActionStatus, due_date: date | None, moves: int, today: date, thresholds: Thresholds
) -> str:
    """Why this action needs management's attention, in Dutch; "" when it does not.

    Done and cancelled actions never do. "More than M weeks overdue" means more than ``7·M`` days
    past the deadline; the reason names the whole weeks."""
    if status not in OPEN_ACTION_STATUSES:
        return ""
    parts = []
    if moves >= thresholds.moves:
        parts.append(moved_text(moves))
    if due_date is not None and (today - due_date).days > 7 * thresholds.weeks:
        parts.append(overdue_text(weeks_overdue(due_date, today)))
    return ", ".join(parts)


def moved_text(moves: int) -> str:
    return f"Deadline {moves}× verschoven"


def overdue_text(weeks: int) -> str:
    return f"{weeks} {'week' if weeks == 1 else 'weken'} over de deadline"


def creation_detail(reference: str, due_date: date | None) -> str:
    """The detail of an action's "create" audit entry: its reference, and the deadline it got."""
    return reference + (f"{DEADLINE_MARK}{due_date.isoformat()}" if due_date is not None else "")


def deadline_history(first: date | None, new_deadlines: Iterable[date]) -> tuple[date, ...]:
    """The deadlines an action had, in order: the first one, then each different new one."""
    history: list[date] = [first] if first is not None else []
    for day in new_deadlines:
        if not history or history[-1] != day:
            history.append(day)
    return tuple(history)


def count_moves(first: date | None, new_deadlines: Iterable[date]) -> int:
    """How often an existing deadline was changed to another date (as the SQL counts it)."""
    before, moves = first, 0
    for day in new_deadlines:
        if before is not None and day != before:
            moves += 1
        before = day
    return moves


# --- the thresholds -------------------------------------------------------------------------------


def current_thresholds(session: Session, assignment_id: int | None = None) -> Thresholds:
    """The thresholds of ``assignment_id`` (None: the current assignment); defaults without one."""
    stmt = select(Assignment.escalate_after_moves, Assignment.escalate_after_weeks)
    if assignment_id is None:
        stmt = stmt.where(Assignment.is_current.is_(True)).order_by(Assignment.id)
    else:
        stmt = stmt.where(Assignment.id == assignment_id)
    row = session.execute(stmt.limit(1)).first()
    return Thresholds(row[0], row[1]) if row is not None else Thresholds()


def _current_threshold_sql(column: ColumnElement[int], default: int) -> ColumnElement[int]:
    current = (
        select(column)
        .where(Assignment.is_current.is_(True))
        .order_by(Assignment.id)
        .limit(1)
        .correlate(None)
        .scalar_subquery()
    )
    return func.coalesce(current, default)


# --- the rule in SQL --------------------------------------------------------------------------------


def creation_deadline_sql(action_id: ColumnElement[int]) -> ColumnElement[str]:
    """The deadline (ISO text) an action was made with, from its create entry; NULL if unknown."""
    return (
        select(func.substr(AuditEvent.detail, func.length(AuditEvent.detail) - (ISO_DATE_LENGTH - 1)))
        .where(
            AuditEvent.entity_type == "action",
            AuditEvent.entity_id == action_id,
            AuditEvent.kind == AuditKind.CREATE,
            AuditEvent.detail.like(f"%{DEADLINE_MARK}____-__-__"),
        )
        .order_by(AuditEvent.sequence)
        .limit(1)
        .scalar_subquery()
    )


def deadline_moves_sql() -> ColumnElement[int]:
    """The number of deadline moves of ``Action`` (a correlated subquery): updates with a new
    deadline that differs from the deadline before it (the previous new one, else the first).

    Table aliases, not ``aliased()``: building the expression then needs no configured mappers,
    so that a page that shows it does not configure them before its first paint."""
    moved_update = ActionUpdate.__table__.alias("moved_update")
    moved, earlier = moved_update.c, ActionUpdate.__table__.alias("earlier_update").c
    previous = (
        select(cast(earlier.new_due_date, String))
        .where(
            earlier.action_id == moved.action_id,
            earlier.new_due_date.is_not(None),
            or_(
                earlier.updated_on < moved.updated_on,
                and_(earlier.updated_on == moved.updated_on, earlier.id < moved.id),
            ),
        )
        .order_by(earlier.updated_on.desc(), earlier.id.desc())
        .limit(1)
        .correlate(moved_update)
        .scalar_subquery()
    )
    before = func.coalesce(previous, creation_deadline_sql(moved.action_id))
    return (
        select(func.count(moved.id))
        .where(
            moved.action_id == Action.id,
            moved.new_due_date.is_not(None),
            before.is_not(None),
            cast(moved.new_due_date, String) != before,
        )
        .correlate(Action)
        .scalar_subquery()
    )


def escalation_reason_sql(today: date, thresholds: Thresholds | None = None) -> ColumnElement[str]:
    """``escalation_reason`` of ``Action`` as one SQL expression ("" when not escalated).

    ``thresholds`` None: the current assignment's, read in the same statement (for list specs that
    are built once and read later)."""
    if thresholds is None:
        after_moves = _current_threshold_sql(Assignment.escalate_after_moves, DEFAULT_ESCALATE_AFTER_MOVES)
        after_weeks = _current_threshold_sql(Assignment.escalate_after_weeks, DEFAULT_ESCALATE_AFTER_WEEKS)
    else:
        after_moves = literal(thresholds.moves, Integer)
        after_weeks = literal(thresholds.weeks, Integer)
    moves = deadline_moves_sql()
    days = days_since(Action.due_date, today)
    weeks = days // 7  # floor division on both databases (``/`` is true division, rounded by PostgreSQL)
    moved = literal("Deadline ") + cast(moves, String) + literal("× verschoven")
    late = (
        cast(weeks, String)
        + case((weeks == 1, literal(" week")), else_=literal(" weken"))
        + literal(" over de deadline")
    )
    is_late = and_(Action.due_date.is_not(None), days > after_weeks * 7)
    is_moved = moves >= after_moves
    return case(
        (Action.status.not_in(OPEN_ACTION_STATUSES), literal("")),
        (and_(is_moved, is_late), moved + literal(", ") + late),
        (is_moved, moved),
        (is_late, late),
        else_=literal(""),
    )


# --- many actions at once -----------------------------------------------------------------------------


def escalations(
    session: Session,
    today: date,
    *conditions: ColumnElement[bool],
    thresholds: Thresholds | None = None,
    with_history: bool = False,
) -> dict[int, Escalation]:
    """The escalated actions among the open ones matching ``conditions``, by action id: one query
    for the moves and the reasons; with ``with_history`` one more for the deadlines of the
    escalated ones. ``thresholds`` None: the current assignment's."""
    limits = thresholds or current_thresholds(session)
    stmt = select(Action.id, deadline_moves_sql(), escalation_reason_sql(today, limits)).where(
        Action.status.in_(OPEN_ACTION_STATUSES), *conditions
    )
    found = {
        ident: Escalation(ident, int(moves or 0), reason)
        for ident, moves, reason in session.execute(stmt)
        if reason
    }
    if with_history and found:
        histories = deadline_histories(session, list(found))
        found = {
            ident: Escalation(e.action_id, e.moves, e.reason, histories.get(ident, ()))
            for ident, e in found.items()
        }
    return found


def escalated_actions(
    session: Session, today: date, *conditions: ColumnElement[bool], thresholds: Thresholds | None = None
) -> list[EscalatedAction]:
    """The escalated open actions (matching ``conditions``) with owner, description, reason and
    deadline history, by reference: three queries however many there are."""
    found = escalations(session, today, *conditions, thresholds=thresholds, with_history=True)
    if not found:
        return []
    ids = list(found)
    rows = []
    for start in range(0, len(ids), CHUNK):
        rows += session.execute(
            select(Action.id, Action.year, Action.number, Action.description, Organisation.name)
            .join(Organisation, Organisation.id == Action.owner_organisation_id)
            .where(Action.id.in_(ids[start : start + CHUNK]))
        ).all()
    rows.sort(key=lambda row: (row.year, row.number))
    return [
        EscalatedAction(
            ident,
            action_reference(year, number),
            organisation,
            description,
            found[ident].reason,
            found[ident].history,
        )
        for ident, year, number, description, organisation in rows
    ]


def escalated_per_case(session: Session, today: date, case_ids: Any) -> dict[int, int]:
    """How many escalated actions each of ``case_ids`` (ids or a select of them) has: one grouped
    query, with the current assignment's thresholds."""
    reason = escalation_reason_sql(today, current_thresholds(session))
    return {
        case_id: count
        for case_id, count in session.execute(
            select(Action.case_id, func.count(Action.id))
            .where(Action.case_id.in_(case_ids), Action.status.in_(OPEN_ACTION_STATUSES), reason != "")
            .group_by(Action.case_id)
        )
    }


def deadline_histories(session: Session, action_ids: list[int]) -> dict[int, tuple[date, ...]]:
    """The deadlines each action had, in order: the first one (if known), each new one, and its
    deadline now when that was not recorded (an action made or changed before deadlines were)."""
    firsts: dict[int, date] = {}
    currents: dict[int, date | None] = {}
    new: dict[int, list[date]] = {ident: [] for ident in action_ids}
    for start in range(0, len(action_ids), CHUNK):
        chunk = action_ids[start : start + CHUNK]
        for ident, detail in session.execute(
            select(AuditEvent.entity_id, AuditEvent.detail)
            .where(
                AuditEvent.entity_type == "action",
                AuditEvent.entity_id.in_(chunk),
                AuditEvent.kind == AuditKind.CREATE,
                AuditEvent.detail.like(f"%{DEADLINE_MARK}____-__-__"),
            )
            .order_by(AuditEvent.sequence.desc())
        ):
            try:
                firsts[ident] = date.fromisoformat(detail[-ISO_DATE_LENGTH:])
            except ValueError:  # pragma: no cover - not written by creation_detail
                continue
        for ident, day in session.execute(
            select(ActionUpdate.action_id, ActionUpdate.new_due_date)
            .where(ActionUpdate.action_id.in_(chunk), ActionUpdate.new_due_date.is_not(None))
            .order_by(ActionUpdate.action_id, ActionUpdate.updated_on, ActionUpdate.id)
        ):
            new[ident].append(day)
        for ident, current in session.execute(select(Action.id, Action.due_date).where(Action.id.in_(chunk))):
            currents[ident] = current
    histories = {}
    for ident, days in new.items():
        history = deadline_history(firsts.get(ident), days)
        current = currents.get(ident)
        if current is not None and (not history or history[-1] != current):
            history = (*history, current)  # what was not recorded: at least the deadline it has now
        histories[ident] = history
    return histories


__all__ = [
    "EscalatedAction",
    "Escalation",
    "Thresholds",
    "count_moves",
    "creation_detail",
    "current_thresholds",
    "deadline_histories",
    "deadline_moves_sql",
    "escalated_actions",
    "escalated_per_case",
    "escalation_reason",
    "escalation_reason_sql",
    "escalations",
    "weeks_overdue",
]
