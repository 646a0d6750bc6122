"""The action list (actielijst) as policymakers read it: rows and counts per organisation.

``ActionListService.action_list(scope)`` returns an ``ActionList`` for one of three scopes:

- ``ActionListScope.all_open()`` — every open action (status *Open* or *Loopt*);
- ``ActionListScope.for_meeting(id)`` — the actions made in one meeting (all statuses, unless
  ``open_only``);
- ``ActionListScope.for_organisation(id or name)`` — the actions one organisation carries out (all
  statuses, unless ``open_only``); a name is matched case-insensitively, an unknown one gives a
  ``ValidationError`` naming the organisations with a similar name.

The rows are read with one query (owner, contact, case, meeting and the latest progress note
joined or sub-selected, never one query per action), the counts are computed from those rows.
Open actions come first, by deadline (none last), then the finished ones. "Te laat" means: still
open and the deadline lies before ``generated_on`` (the service's today). No Qt.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Case,
    Contact,
    Meeting,
    Organisation,
    action_reference,
    case_reference,
)
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus, AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.followup.escalation import escalations
from wiec_desktop.services.formatting import long_date
from wiec_desktop.services.validation import NotFound, ValidationError

MAX_SUGGESTIONS = 5
CLOSED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


@dataclass(frozen=True)
class ActionListScope:
    """Which actions: all open ones, one meeting's, or one organisation's (by id or by name).

    Build it with ``all_open()``, ``for_meeting()`` or ``for_organisation()``.
    """

    meeting_id: int | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    open_only: bool = True

    def __post_init__(self) -> None:
        chosen = [self.meeting_id, self.organisation_id, self.organisation_name]
        if sum(value is not None for value in chosen) > 1:
            raise ValueError("choose one scope: a meeting, an organisation id or an organisation name")
        if self.is_all and not self.open_only:
            raise ValueError("the all-actions scope holds the open actions only")

    @classmethod
    def all_open(cls) -> ActionListScope:
        return cls()

    @classmethod
    def for_meeting(cls, meeting_id: int, *, open_only: bool = False) -> ActionListScope:
        return cls(meeting_id=meeting_id, open_only=open_only)

    @classmethod
    def for_organisation(cls, organisation: int | str, *, open_only: bool = False) -> ActionListScope:
        if isinstance(organisation, str):
            return cls(organisation_name=organisation, open_only=open_only)
        return cls(organisation_id=organisation, open_only=open_only)

    @property
    def is_all(self) -> bool:
        return self.meeting_id is None and self.organisation_id is None and self.organisation_name is None


@dataclass(frozen=True, slots=True)
class ActionListRow:
    """One action as a line of the list (texts as stored; the export makes them safe)."""

    action_id: int
    reference: str
    description: str
    owner_organisation: str
    contact: str
    case_reference: str
    created_on: date
    due_date: date | None
    status: ActionStatus
    completed_on: date | None
    meeting_date: date | None
    last_update_note: str
    case_title: str = ""  # the case's title ("" without a case), read with the row in _read_rows
    escalation: str = ""  # issue 15: why management's attention is needed, in Dutch ("" = not escalated)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


@dataclass(frozen=True, slots=True)
class OrganisationCount:
    """How many actions of the list one organisation carries, per status, and how many are late."""

    organisation: str
    open: int = 0
    in_progress: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.open + self.in_progress + self.done + self.cancelled

    def count(self, status: ActionStatus) -> int:
        return int(getattr(self, _COUNT_FIELDS[status]))


_COUNT_FIELDS = {
    ActionStatus.OPEN: "open",
    ActionStatus.IN_PROGRESS: "in_progress",
    ActionStatus.DONE: "done",
    ActionStatus.CANCELLED: "cancelled",
}


@dataclass(frozen=True)
class ActionList:
    """What the export writes: a title, the day it was made, the scope in Dutch, rows and counts."""

    title: str
    generated_on: date
    scope_description: str
    rows: tuple[ActionListRow, ...]
    per_organisation: tuple[OrganisationCount, ...]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.is_overdue(self.generated_on))


def count_per_organisation(rows: tuple[ActionListRow, ...], today: date) -> tuple[OrganisationCount, ...]:
    """Counts per owner organisation (by name, alphabetical, case ignored)."""
    tallies: dict[str, dict[str, int]] = {}
    for row in rows:
        tally = tallies.setdefault(
            row.owner_organisation, dict.fromkeys((*_COUNT_FIELDS.values(), "overdue"), 0)
        )
        tally[_COUNT_FIELDS[row.status]] += 1
        if row.is_overdue(today):
            tally["overdue"] += 1
    return tuple(
        OrganisationCount(organisation=name, **tallies[name])
        for name in sorted(tallies, key=lambda name: (name.casefold(), name))
    )


class ActionListService(Service):
    """The action list for the Excel export (and the e-mail summary)."""

    def action_list(self, scope: ActionListScope) -> ActionList:
        """The rows and counts of ``scope``; ``NotFound``/``ValidationError`` for an unknown meeting
        or organisation."""
        today = self.today()
        with self.reading() as session:
            conditions: list[ColumnElement[bool]] = []
            if scope.open_only:
                conditions.append(Action.status.in_(OPEN_ACTION_STATUSES))
            if scope.meeting_id is not None:
                meeting = session.get(Meeting, scope.meeting_id)
                if meeting is None:
                    raise NotFound("Overleg", scope.meeting_id)
                conditions.append(Action.meeting_id == meeting.id)
                title = f"Actielijst {meeting.title}"
                described = f"Acties uit {meeting.title} van {long_date(meeting.date)}"
            elif scope.organisation_id is not None or scope.organisation_name is not None:
                organisation = self._organisation(session, scope)
                conditions.append(Action.owner_organisation_id == organisation.id)
                title = f"Actielijst {organisation.name}"
                described = f"Acties van {organisation.name}"
            else:
                title = "Actielijst"
                described = "Alle openstaande acties"
            if scope.open_only and not scope.is_all:
                described += " (alleen openstaande)"
            rows = with_escalation(session, tuple(_read_rows(session, conditions)), today, conditions)
        return ActionList(
            title=title,
            generated_on=today,
            scope_description=described,
            rows=rows,
            per_organisation=count_per_organisation(rows, today),
        )

    def resolve_organisation(self, name: str) -> int:
        """The id of the organisation called ``name`` (case and surrounding spaces ignored)."""
        with self.reading() as session:
            return _organisation_by_name(session, name).id

    def record_export(self, data: ActionList, file_name: str) -> None:
        """Log the export in the logboek (file name and counts only, no personal data)."""
        with self.transaction() as session:
            audit.record(
                session,
                AuditKind.EXPORT,
                "action_list",
                None,
                f"actielijst (Excel) {file_name}: {len(data.rows)} acties, {data.overdue_count} te laat",
            )

    def _organisation(self, session: Session, scope: ActionListScope) -> Organisation:
        if scope.organisation_id is not None:
            organisation = session.get(Organisation, scope.organisation_id)
            if organisation is None:
                raise NotFound("Organisatie", scope.organisation_id)
            return organisation
        assert scope.organisation_name is not None
        return _organisation_by_name(session, scope.organisation_name)


def _organisation_by_name(session: Session, name: str) -> Organisation:
    wanted = " ".join(name.split()).casefold()
    # Organisations are few (dozens, at most a few thousand): compare in Python, where casefold
    # handles accents the same on every database (SQLite's lower() only knows ASCII).
    known = list(session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name)))
    for ident, known_name in known:
        if " ".join(known_name.split()).casefold() == wanted:
            organisation = session.get(Organisation, ident)
            assert organisation is not None
            return organisation
    raise ValidationError({"organisation": _unknown_message(name, [n for _i, n in known])})


def _unknown_message(name: str, names: list[str]) -> str:
    shown = name.strip()
    if not names:
        return f"Organisatie '{shown}' bestaat niet; er zijn nog geen organisaties."
    by_folded = {known.casefold(): known for known in names}
    wanted = shown.casefold()
    close = difflib.get_close_matches(wanted, list(by_folded), n=MAX_SUGGESTIONS, cutoff=0.5)
    close += [
        folded
        for folded in by_folded
        if wanted and wanted in folded and folded not in close and len(close) < MAX_SUGGESTIONS
    ]
    if close:
        return f"Organisatie '{shown}' bestaat niet; bedoelt u: {', '.join(by_folded[f] for f in close)}?"
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"Organisatie '{shown}' bestaat niet; kies uit: {listed}."


def with_escalation(
    session: Session,
    rows: tuple[ActionListRow, ...],
    today: date,
    conditions: list[ColumnElement[bool]],
) -> tuple[ActionListRow, ...]:
    """The rows with ``escalation`` filled in (issue 15): one query over the same conditions."""
    reasons = {ident: found.reason for ident, found in escalations(session, today, *conditions).items()}
    if not reasons:
        return rows
    return tuple(
        replace(row, escalation=reasons[row.action_id]) if row.action_id in reasons else row for row in rows
    )


def _read_rows(session: Session, conditions: list[ColumnElement[bool]]) -> list[ActionListRow]:
    latest_note = (
        select(ActionUpdate.note)
        .where(ActionUpdate.action_id == Action.id, ActionUpdate.note != "")
        .order_by(ActionUpdate.updated_on.desc(), ActionUpdate.id.desc())
        .limit(1)
        .correlate(Action)
        .scalar_subquery()
    )
    finished_last = case((Action.status.in_(CLOSED_ACTION_STATUSES), 1), else_=0)
    stmt = (
        select(
            Action.id,
            Action.year,
            Action.number,
            Action.description,
            Organisation.name,
            Contact.name,
            Case.year,
            Case.number,
            Case.title,
            Action.created_on,
            Action.due_date,
            Action.status,
            Action.completed_on,
            Meeting.date,
            latest_note,
        )
        .join(Organisation, Organisation.id == Action.owner_organisation_id)
        .outerjoin(Contact, Contact.id == Action.owner_contact_id)
        .outerjoin(Case, Case.id == Action.case_id)
        .outerjoin(Meeting, Meeting.id == Action.meeting_id)
        .where(*conditions)
        .order_by(finished_last, Action.due_date.is_(None), Action.due_date, Action.year, Action.number)
    )
    return [_row(values) for values in session.execute(stmt)]


def _row(values: Any) -> ActionListRow:
    (ident, year, number, description, organisation, contact, case_year, case_number, case_title,
     created_on, due_date, status, completed_on, meeting_date, note) = values  # fmt: skip
    return ActionListRow(
        action_id=ident,
        reference=action_reference(year, number),
        description=description,
        owner_organisation=organisation,
        contact=contact or "",
        case_reference=case_reference(case_year, case_number) if case_year is not None else "",
        case_title=case_title or "",
        created_on=created_on,
        due_date=due_date,
        status=status,
        completed_on=completed_on,
        meeting_date=meeting_date,
        last_update_note=note or "",
    )


__all__ = [
    "ActionList",
    "ActionListRow",
    "ActionListScope",
    "ActionListService",
    "OrganisationCount",
    "count_per_organisation",
]
