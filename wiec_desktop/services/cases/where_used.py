"""Where a case is referred to: its actions, agenda items and signals (in Dutch, by reference).

A case that is still referred to is not deleted: ``CaseService.delete_case`` refuses with these lines
and the chair closes the case instead, as a referenced partner is deactivated instead of deleted.
Its involvements and status history are part of the case itself and go (and come back) with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, AgendaItem, Meeting, Signal
from wiec_desktop.domain.actions import action_reference
from wiec_desktop.services.formatting import short_date

MAX_REFERENCES = 5  # references named per line; the rest is "…"


def case_uses(session: Session, case_id: int, *, except_signal_id: int | None = None) -> list[str]:
    """Dutch lines saying what refers to the case ([] when nothing does); ``except_signal_id`` leaves
    one signal out (the one a case was just made from)."""
    lines = []
    actions = select(Action.year, Action.number).where(Action.case_id == case_id)
    count = _count(session, actions)
    if count:
        rows = session.execute(actions.order_by(Action.year, Action.number).limit(MAX_REFERENCES)).all()
        refs = _joined([action_reference(row.year, row.number) for row in rows], count)
        lines.append(f"{_counted(count, 'actie', 'acties')}{refs}")
    items = (
        select(Meeting.date)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.case_id == case_id)
    )
    count = _count(session, items)
    if count:
        days = session.scalars(items.order_by(Meeting.date).limit(MAX_REFERENCES))
        refs = _joined([short_date(day) for day in days], count)
        lines.append(f"Op de agenda: {_counted(count, 'agendapunt', 'agendapunten')}{refs}")
    signals = select(Signal.id).where(Signal.case_id == case_id)
    if except_signal_id is not None:
        signals = signals.where(Signal.id != except_signal_id)
    count = _count(session, signals)
    if count:
        lines.append(f"{_counted(count, 'gekoppeld signaal', 'gekoppelde signalen')}")
    return lines


def _count(session: Session, stmt: Select[Any]) -> int:
    return int(session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _joined(names: Sequence[str], count: int) -> str:
    if not names:
        return ""
    more = ", …" if count > len(names) else ""
    return f" ({', '.join(names)}{more})"
