"""Assignments (opdrachten): the agreed periods the chair works under, exactly one of them current.

Lists and reports follow the current assignment; ``progress`` says how much of its period is left,
counted on the injected ``today``. Assignments are handed out as ``AssignmentDetails`` (plain data,
``views.py``), never as ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from wiec_desktop.domain import Area, Assignment, Case, Contact, Meeting, Organisation
from wiec_desktop.domain.enums import AuditKind, ReportCadence
from wiec_desktop.domain.organisations import (
    DEFAULT_ESCALATE_AFTER_MOVES,
    DEFAULT_ESCALATE_AFTER_WEEKS,
    assignment_recipient,
)
from wiec_desktop.services import audit
from wiec_desktop.services.assignments.taxonomy import Usage, area_details, joined
from wiec_desktop.services.assignments.views import AssignmentDetails, RecipientRef
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import counted
from wiec_desktop.services.partners.service import organisation_ref
from wiec_desktop.services.validation import Checker, InUse

TITLE_LIMIT = 200
FIELDS = {
    "title", "client_organisation_id", "start_date", "end_date", "report_cadence", "notes",
    "area_ids", "recipient_ids", "escalate_after_moves", "escalate_after_weeks",
}  # fmt: skip
MOVES_RANGE = (1, 20)  # escalation thresholds (issue 15), as the database's check constraints
WEEKS_RANGE = (1, 52)


@dataclass(frozen=True)
class AssignmentProgress:
    """How far the agreed period has come on ``today``.

    Days are whole calendar days and both ends count: 1 January to 31 December is 365 days. Today
    counts as elapsed, so ``days_left`` is the number of days after today, as on the Overzicht page;
    ``days_elapsed + days_left == days_total`` always.
    """

    start_date: date
    end_date: date
    today: date
    days_total: int
    days_elapsed: int
    days_left: int
    percent_elapsed: float
    not_started: bool
    ended: bool

    @property
    def percent_left(self) -> float:
        return 100.0 - self.percent_elapsed

    def text(self) -> str:
        """``nog 122 dagen van 365`` (or that it has not started / has ended)."""
        if self.not_started:
            days = (self.start_date - self.today).days
            return f"begint over {counted(days, 'dag', 'dagen')} ({counted(self.days_total, 'dag', 'dagen')})"
        if self.ended:
            return f"afgelopen ({counted(self.days_total, 'dag', 'dagen')})"
        noun = "dag" if self.days_left == 1 else "dagen"
        return f"nog {self.days_left} {noun} van {self.days_total}"


def compute_progress(start_date: date, end_date: date, today: date) -> AssignmentProgress:
    """The progress figures of a period (also for unsaved dates in the editor)."""
    total = max((end_date - start_date).days + 1, 1)
    elapsed = min(max((today - start_date).days + 1, 0), total)
    return AssignmentProgress(
        start_date=start_date,
        end_date=end_date,
        today=today,
        days_total=total,
        days_elapsed=elapsed,
        days_left=total - elapsed,
        percent_elapsed=round(100.0 * elapsed / total, 1),
        not_started=today < start_date,
        ended=today > end_date,
    )


@dataclass(frozen=True)
class RecipientOption:
    """A contact the editor offers as report recipient."""

    id: int
    name: str
    organisation: str
    function: str
    receives_reports: bool
    active: bool

    @property
    def label(self) -> str:
        """``Els de Vries — Stadsdeel Escamp``, marked when not active."""
        return f"{self.name} — {self.organisation}" + ("" if self.active else " (niet actief)")


def assignment_details(assignment: Assignment) -> AssignmentDetails:
    """The plain view of an assignment with its client, areas and recipients (inside the session)."""
    return AssignmentDetails(
        id=assignment.id,
        title=assignment.title,
        client_organisation_id=assignment.client_organisation_id,
        start_date=assignment.start_date,
        end_date=assignment.end_date,
        report_cadence=assignment.report_cadence,
        notes=assignment.notes,
        is_current=assignment.is_current,
        client=organisation_ref(assignment.client) if assignment.client is not None else None,
        areas=tuple(area_details(area) for area in assignment.areas),
        recipients=tuple(
            RecipientRef(contact.id, contact.name, organisation_ref(contact.organisation))
            for contact in assignment.recipients
        ),
        escalate_after_moves=assignment.escalate_after_moves,
        escalate_after_weeks=assignment.escalate_after_weeks,
    )


class AssignmentService(Service):
    # --- reading -----------------------------------------------------------------------------

    def list(self) -> list[AssignmentDetails]:
        """All assignments, the current first, then the latest start first."""
        with self.reading() as session:
            assignments = session.scalars(
                select(Assignment)
                .options(*_full())
                .order_by(Assignment.is_current.desc(), Assignment.start_date.desc(), Assignment.id)
            )
            return [assignment_details(assignment) for assignment in assignments]

    def get(self, assignment_id: int) -> AssignmentDetails:
        """One assignment with its client, areas and recipients (and their organisations)."""
        with self.reading() as session:
            assignment = session.scalars(
                select(Assignment).where(Assignment.id == assignment_id).options(*_full())
            ).first()
            if assignment is None:
                assignment = get_or_raise(session, Assignment, assignment_id, "Opdracht")  # raises NotFound
            return assignment_details(assignment)

    def current(self) -> AssignmentDetails | None:
        """The current assignment (the status bar's), or None when there is none."""
        with self.reading() as session:
            assignment = session.scalars(
                select(Assignment).where(Assignment.is_current.is_(True)).options(*_full()).limit(1)
            ).first()
            return assignment_details(assignment) if assignment is not None else None

    def progress(self, assignment_id: int) -> AssignmentProgress:
        with self.reading() as session:
            assignment = get_or_raise(session, Assignment, assignment_id, "Opdracht")
            return compute_progress(assignment.start_date, assignment.end_date, self.today())

    def recipient_options(self, assignment_id: int | None = None) -> list[RecipientOption]:
        """Active contacts, those who receive reports first (then by name), plus any recipient of
        ``assignment_id`` that is no longer active, so that it can be seen and unticked."""
        keep = select(assignment_recipient.c.contact_id).where(
            assignment_recipient.c.assignment_id == assignment_id
        )
        stmt = (
            select(Contact, Organisation.name)
            .join(Organisation, Organisation.id == Contact.organisation_id)
            .where(or_(Contact.active.is_(True), Contact.id.in_(keep)))
            .order_by(Contact.receives_reports.desc(), func.lower(Contact.name), Organisation.name)
        )
        with self.reading() as session:
            return [
                RecipientOption(c.id, c.name, org, c.function, c.receives_reports, c.active)
                for c, org in session.execute(stmt)
            ]

    def usage(self, assignment_id: int) -> Usage:
        with self.reading() as session:
            return _usage(session, assignment_id)

    # --- writing -----------------------------------------------------------------------------

    def create(
        self,
        title: str,
        start_date: date | None,
        end_date: date | None,
        *,
        client_organisation_id: int | None = None,
        report_cadence: ReportCadence = ReportCadence.MONTHLY,
        notes: str = "",
        area_ids: Iterable[int] = (),
        recipient_ids: Iterable[int] = (),
        make_current: bool | None = None,
        escalate_after_moves: int | str = DEFAULT_ESCALATE_AFTER_MOVES,
        escalate_after_weeks: int | str = DEFAULT_ESCALATE_AFTER_WEEKS,
    ) -> AssignmentDetails:
        """A new assignment. It becomes current when ``make_current``, or (``None``) when none is.
        The escalation thresholds may be given as typed text ("3"): checked with Dutch messages."""
        values = {
            "title": title, "start_date": start_date, "end_date": end_date,
            "client_organisation_id": client_organisation_id, "report_cadence": report_cadence,
            "notes": notes, "area_ids": list(area_ids), "recipient_ids": list(recipient_ids),
            "escalate_after_moves": escalate_after_moves, "escalate_after_weeks": escalate_after_weeks,
        }  # fmt: skip
        with self.transaction() as session:
            cleaned = _checked(session, values, kept_recipients=set())
            has_current = session.scalar(
                select(func.count()).select_from(Assignment).where(Assignment.is_current.is_(True))
            )
            current = make_current if make_current is not None else not has_current
            assignment = Assignment(is_current=False)
            _apply(session, assignment, cleaned)
            session.add(assignment)
            session.flush()
            audit.record(session, AuditKind.CREATE, "assignment", assignment.id)
            if current:
                _make_current(session, assignment)
            return assignment_details(assignment)

    def update(self, assignment_id: int, **changes: Any) -> AssignmentDetails:
        """Change any of ``title``, ``client_organisation_id``, ``start_date``, ``end_date``,
        ``report_cadence``, ``notes``, ``area_ids``, ``recipient_ids`` (lists replace the old ones),
        ``escalate_after_moves``, ``escalate_after_weeks``."""
        unknown = set(changes) - FIELDS
        if unknown:
            raise TypeError(f"Cannot change {sorted(unknown)} on Assignment")
        with self.transaction() as session:
            assignment = session.scalars(
                select(Assignment).where(Assignment.id == assignment_id).options(*_full())
            ).first() or get_or_raise(session, Assignment, assignment_id, "Opdracht")
            values = {
                "title": assignment.title,
                "start_date": assignment.start_date,
                "end_date": assignment.end_date,
                "client_organisation_id": assignment.client_organisation_id,
                "report_cadence": assignment.report_cadence,
                "notes": assignment.notes,
                "area_ids": [a.id for a in assignment.areas],
                "recipient_ids": [c.id for c in assignment.recipients],
                "escalate_after_moves": assignment.escalate_after_moves,
                "escalate_after_weeks": assignment.escalate_after_weeks,
            }
            before = dict(values)
            values.update({k: list(v) if k.endswith("_ids") else v for k, v in changes.items()})
            kept = {c.id for c in assignment.recipients}
            cleaned = _checked(session, values, kept_recipients=kept)
            changed = sorted(
                key
                for key in FIELDS
                if (
                    set(cleaned[key]) != set(before[key])
                    if key.endswith("_ids")
                    else cleaned[key] != before[key]
                )
            )
            if changed:
                _apply(session, assignment, cleaned)
                audit.record(session, AuditKind.UPDATE, "assignment", assignment.id, ",".join(changed))
                session.flush()
                session.expire(assignment, ["client"])  # loaded before the client was changed
            return assignment_details(assignment)

    def set_current(self, assignment_id: int) -> AssignmentDetails:
        """Make this the one current assignment; every other one stops being current."""
        with self.transaction() as session:
            assignment = get_or_raise(session, Assignment, assignment_id, "Opdracht")
            _make_current(session, assignment)
            return assignment_details(assignment)

    def delete(self, assignment_id: int) -> None:
        """Delete an assignment nothing refers to; else ``InUse`` naming the cases and meetings."""
        with self.transaction() as session:
            assignment = get_or_raise(session, Assignment, assignment_id, "Opdracht")
            usage = _usage(session, assignment_id)
            if usage.in_use:
                raise InUse(
                    f"Opdracht ‘{assignment.title}’ wordt nog gebruikt door {joined(usage.parts())} "
                    "en kan niet worden verwijderd.",
                    usage.parts(),
                )
            session.delete(assignment)
            audit.record(session, AuditKind.DELETE, "assignment", assignment_id)


def _full() -> Sequence[Any]:
    return (
        selectinload(Assignment.client),
        selectinload(Assignment.areas),
        selectinload(Assignment.recipients).selectinload(Contact.organisation),
    )


def _usage(session: Session, assignment_id: int) -> Usage:
    counts = {
        "cases": session.scalar(select(func.count()).where(Case.assignment_id == assignment_id)) or 0,
        "meetings": session.scalar(select(func.count()).where(Meeting.assignment_id == assignment_id)) or 0,
    }
    return Usage({key: count for key, count in counts.items() if count})


def _make_current(session: Session, assignment: Assignment) -> None:
    """Unset every other current assignment and set this one (ORM updates, so versions count up)."""
    others = session.scalars(
        select(Assignment).where(Assignment.is_current.is_(True), Assignment.id != assignment.id)
    )
    for other in others:
        other.is_current = False
    if not assignment.is_current:
        assignment.is_current = True
        audit.record(session, AuditKind.STATUS, "assignment", assignment.id, "huidige opdracht")


def _checked(session: Session, values: dict[str, Any], *, kept_recipients: set[int]) -> dict[str, Any]:
    """Validated, cleaned values; ``kept_recipients`` may stay even if no longer active."""
    check = Checker()
    title = check.required("title", values["title"], "Titel")
    check.max_length("title", title, TITLE_LIMIT, "Titel")
    start, end = values["start_date"], values["end_date"]
    if start is None:
        check.add("start_date", "Startdatum is verplicht.")
    if end is None:
        check.add("end_date", "Einddatum is verplicht.")
    if start is not None and end is not None and end < start:
        check.add("end_date", "De einddatum ligt vóór de startdatum.")
    client_id = values["client_organisation_id"]
    if client_id is not None and session.get(Organisation, client_id) is None:
        check.add("client_organisation_id", "Deze organisatie bestaat niet (meer).")
    cadence = values["report_cadence"]
    if not isinstance(cadence, ReportCadence):
        try:
            cadence = ReportCadence(cadence)
        except ValueError:
            check.add("report_cadence", "Kies wekelijks of maandelijks.")
    area_ids = list(dict.fromkeys(values["area_ids"]))
    if area_ids:
        found = set(session.scalars(select(Area.id).where(Area.id.in_(area_ids))))
        if len(found) != len(area_ids):
            check.add("area_ids", "Een van de gekozen wijken of buurten bestaat niet (meer).")
    recipient_ids = list(dict.fromkeys(values["recipient_ids"]))
    if recipient_ids:
        contacts = {c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_(recipient_ids)))}
        if len(contacts) != len(recipient_ids):
            check.add("recipient_ids", "Een van de gekozen contactpersonen bestaat niet (meer).")
        inactive = sorted(c.name for c in contacts.values() if not c.active and c.id not in kept_recipients)
        if inactive:
            check.add(
                "recipient_ids",
                f"{joined(inactive)} {'is' if len(inactive) == 1 else 'zijn'} niet meer actief "
                "en kan geen rapportages ontvangen.",
            )
    moves = _whole_number(
        check, "escalate_after_moves", values["escalate_after_moves"], MOVES_RANGE,
        "Het aantal keer verschuiven moet een heel getal van {low} tot en met {high} zijn.",
    )  # fmt: skip
    weeks = _whole_number(
        check, "escalate_after_weeks", values["escalate_after_weeks"], WEEKS_RANGE,
        "Het aantal weken over de deadline moet een heel getal van {low} tot en met {high} zijn.",
    )  # fmt: skip
    check.raise_if_any()
    return {
        "escalate_after_moves": moves,
        "escalate_after_weeks": weeks,
        "title": title,
        "start_date": start,
        "end_date": end,
        "client_organisation_id": client_id,
        "report_cadence": cadence,
        "notes": (values["notes"] or "").strip(),
        "area_ids": area_ids,
        "recipient_ids": recipient_ids,
    }


def _whole_number(
    check: Checker, field: str, value: int | str | None, bounds: tuple[int, int], message: str
) -> int | None:
    """``value`` (a number or the typed text) as a whole number within ``bounds``; else a message."""
    low, high = bounds
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        check.add(field, message.format(low=low, high=high))
        return None
    return number


def _apply(session: Session, assignment: Assignment, cleaned: dict[str, Any]) -> None:
    for key in (
        "title", "start_date", "end_date", "client_organisation_id", "report_cadence", "notes",
        "escalate_after_moves", "escalate_after_weeks",
    ):  # fmt: skip
        setattr(assignment, key, cleaned[key])
    assignment.areas = (
        list(session.scalars(select(Area).where(Area.id.in_(cleaned["area_ids"]))))
        if cleaned["area_ids"]
        else []
    )
    assignment.recipients = (
        list(session.scalars(select(Contact).where(Contact.id.in_(cleaned["recipient_ids"]))))
        if cleaned["recipient_ids"]
        else []
    )
