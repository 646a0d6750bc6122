"""Reference numbers unique per year: cases ``2026-014``, actions ``A-2026-031``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, Case


def next_case_number(session: Session, year: int) -> int:
    """The next free case number of ``year`` (the unique constraint guards concurrent writers)."""
    current = session.execute(select(func.max(Case.number)).where(Case.year == year)).scalar()
    return (current or 0) + 1


def next_action_number(session: Session, year: int) -> int:
    current = session.execute(select(func.max(Action.number)).where(Action.year == year)).scalar()
    return (current or 0) + 1
