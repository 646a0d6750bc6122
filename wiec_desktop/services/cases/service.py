"""Cases: numbering, editing, the status workflow, involved organisations, and deleting.

The public methods hand out ``CaseDetails``, ``CaseRecord`` and ``InvolvementRow`` (plain data,
``views.py``); only ``create_case_in``, which runs inside another service's transaction, returns the
ORM ``Case``.

A case that nothing refers to can be deleted, with its involvements and status history; one that
actions, agenda items or signals refer to is refused with ``where_used_case`` (``InUse``), and the
chair closes it instead. ``delete_case`` returns a ``DeletedCase`` token with which ``undo`` brings
the case back, under its own id and number, while the window offers "Ongedaan maken".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from wiec_desktop.domain import Assignment, Case, CaseStatusChange, Contact, Involvement, Organisation
from wiec_desktop.domain.enums import AuditKind, CaseStatus, InvolvementRole, Priority
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, apply_changes, get_or_raise
from wiec_desktop.services.cases.views import CaseDetails, CaseRecord, InvolvementRow, StatusChangeRow
from wiec_desktop.services.cases.where_used import case_uses
from wiec_desktop.services.partners.service import contact_ref, organisation_ref
from wiec_desktop.services.references import next_case_number
from wiec_desktop.services.undo import RowImage, image, put_back, require_free, too_late
from wiec_desktop.services.validation import Checker, InUse, NotFound, ValidationError

EDITABLE = {
    "outcome",
    "title", "description", "theme_id", "area_id", "location", "priority",
    "expert_analysis", "assignment_id",
}  # fmt: skip

CASE_IN_USE = "Deze casus wordt nog gebruikt en kan niet worden verwijderd. U kunt haar afsluiten."
NUMBER_TAKEN = (
    "Het nummer {reference} is intussen aan een nieuwe casus gegeven; de verwijderde casus kan niet "
    "meer worden teruggezet."
)
ID_TAKEN = (
    "Er is intussen een nieuwe casus gemaakt; de verwijderde casus {reference} kan niet meer worden "
    "teruggezet."
)


@dataclass(frozen=True)
class DeletedCase:
    """A case just deleted, to bring back while "Ongedaan maken" shows: the case's row and those of
    its involvements and status history, as they were."""

    case_id: int
    reference: str
    rows: tuple[RowImage, ...]


def lead_warning_text(leads: int) -> str:
    """The warning for a case with ``leads`` lead organisations ('' for exactly one)."""
    if leads == 0:
        return "Deze casus heeft geen trekker: spreek af welke organisatie de aanpak trekt."
    if leads > 1:
        return f"Deze casus heeft {leads} trekkers: spreek af wie de aanpak trekt."
    return ""


def case_record(case: Case) -> CaseRecord:
    """The plain view of a case's own fields."""
    return CaseRecord(**_own_fields(case))


def case_details(case: Case) -> CaseDetails:
    """The plain view of a case with its involvements and status history (inside the session)."""
    return CaseDetails(
        **_own_fields(case),
        involvements=tuple(involvement_row(involvement) for involvement in case.involvements),
        status_changes=tuple(status_change_row(change) for change in case.status_changes),
    )


def involvement_row(involvement: Involvement) -> InvolvementRow:
    """The plain view of one involvement, naming its organisation and contact person."""
    return InvolvementRow(
        id=involvement.id,
        case_id=involvement.case_id,
        organisation_id=involvement.organisation_id,
        contact_id=involvement.contact_id,
        role=involvement.role,
        activity=involvement.activity,
        organisation=organisation_ref(involvement.organisation),
        contact=contact_ref(involvement.contact) if involvement.contact is not None else None,
    )


def status_change_row(change: CaseStatusChange) -> StatusChangeRow:
    """The plain view of one status step."""
    return StatusChangeRow(
        id=change.id,
        case_id=change.case_id,
        from_status=change.from_status,
        to_status=change.to_status,
        changed_on=change.changed_on,
        changed_at=change.changed_at,
        note=change.note,
    )


def _own_fields(case: Case) -> dict[str, Any]:
    """A case's own columns, as keyword arguments of ``CaseRecord`` and ``CaseDetails``."""
    return {
        "id": case.id, "year": case.year, "number": case.number, "title": case.title,
        "description": case.description, "assignment_id": case.assignment_id, "area_id": case.area_id,
        "theme_id": case.theme_id, "location": case.location, "status": case.status,
        "priority": case.priority, "expert_analysis": case.expert_analysis, "outcome": case.outcome,
        "opened_on": case.opened_on, "closed_on": case.closed_on,
    }  # fmt: skip


class CaseService(Service):
    def create_case(
        self,
        title: str,
        *,
        description: str = "",
        expert_analysis: str = "",
        theme_id: int | None = None,
        area_id: int | None = None,
        location: str = "",
        priority: Priority = Priority.NORMAL,
        opened_on: date | None = None,
        assignment_id: int | None = None,
    ) -> CaseDetails:
        """A new case in status "aangemeld", numbered in the year it was opened."""
        self._checked_new_case(title, opened_on)  # validate before opening a transaction
        with self.transaction() as session:
            case = self.create_case_in(
                session,
                title,
                description=description,
                expert_analysis=expert_analysis,
                theme_id=theme_id,
                area_id=area_id,
                location=location,
                priority=priority,
                opened_on=opened_on,
                assignment_id=assignment_id,
            )
            return case_details(case)

    def _checked_new_case(self, title: str, opened_on: date | None) -> tuple[str, date]:
        """The cleaned title and the opening date; a ``ValidationError`` when either is wrong."""
        check = Checker()
        title = check.required("title", title, "Titel")
        check.max_length("title", title, 200, "Titel")
        opened = opened_on or self.today()
        if opened > self.today():
            check.add("opened_on", "De aanmelddatum kan niet in de toekomst liggen.")
        check.raise_if_any()
        return title, opened

    def create_case_in(
        self,
        session: Session,
        title: str,
        *,
        description: str = "",
        expert_analysis: str = "",
        theme_id: int | None = None,
        area_id: int | None = None,
        location: str = "",
        priority: Priority = Priority.NORMAL,
        opened_on: date | None = None,
        assignment_id: int | None = None,
    ) -> Case:
        """``create_case`` inside the caller's transaction (e.g. a case made from a signal)."""
        title, opened = self._checked_new_case(title, opened_on)
        if assignment_id is None:
            assignment_id = session.scalars(
                select(Assignment.id).where(Assignment.is_current.is_(True))
            ).first()
        case = Case(
            year=opened.year,
            number=next_case_number(session, opened.year),
            title=title,
            description=description.strip(),
            expert_analysis=expert_analysis.strip(),
            theme_id=theme_id,
            area_id=area_id,
            location=location.strip(),
            priority=priority,
            opened_on=opened,
            assignment_id=assignment_id,
            status=CaseStatus.REPORTED,
        )
        case.status_changes.append(
            CaseStatusChange(from_status=None, to_status=CaseStatus.REPORTED, changed_on=opened)
        )
        session.add(case)
        session.flush()
        audit.record(session, AuditKind.CREATE, "case", case.id, case.reference)
        return case

    def update_case(
        self, case_id: int, *, status: CaseStatus | None = None, status_note: str = "", **changes: Any
    ) -> CaseDetails:
        """Save the editor's fields and, if ``status`` differs, the status step: one transaction."""
        check = Checker()
        if "title" in changes:
            changes["title"] = check.required("title", changes["title"], "Titel")
            check.max_length("title", changes["title"], 200, "Titel")
        check.raise_if_any()
        with self.transaction() as session:
            case = get_or_raise(session, Case, case_id, "Casus")
            apply_changes(case, changes, EDITABLE)
            if changes:
                audit.record(session, AuditKind.UPDATE, "case", case.id, ",".join(sorted(changes)))
            if status is not None and status != case.status:
                self._step(session, case, status, note=status_note)
            session.flush()
            return case_details(case)

    def change_status(
        self, case_id: int, status: CaseStatus, *, outcome: str | None = None, note: str = ""
    ) -> CaseDetails:
        """Move a case through the workflow; closing needs the outcome (resultaat)."""
        with self.transaction() as session:
            case = get_or_raise(session, Case, case_id, "Casus")
            if outcome is not None:
                case.outcome = outcome.strip()
            if status != case.status:
                self._step(session, case, status, note=note)
            session.flush()
            return case_details(case)

    def _step(self, session: Session, case: Case, status: CaseStatus, *, note: str) -> None:
        """Record one status change (dated today); closing needs an outcome, reopening clears the date."""
        today = self.today()
        if status == CaseStatus.CLOSED:
            if not case.outcome.strip():
                raise ValidationError({"outcome": "Vul het resultaat in om de casus af te sluiten."})
            case.closed_on = max(today, case.opened_on)
        else:
            case.closed_on = None
        change = CaseStatusChange(
            from_status=case.status, to_status=status, changed_on=today, note=note.strip()
        )
        case.status = status
        case.status_changes.append(change)
        audit.record(session, AuditKind.STATUS, "case", case.id, f"{case.reference} → {status.value}")

    def add_involvement(
        self,
        case_id: int,
        organisation_id: int,
        role: InvolvementRole = InvolvementRole.PARTNER,
        *,
        contact_id: int | None = None,
        activity: str = "",
    ) -> InvolvementRow:
        with self.transaction() as session:
            case = get_or_raise(session, Case, case_id, "Casus")
            get_or_raise(session, Organisation, organisation_id, "Organisatie")
            if any(i.organisation_id == organisation_id for i in case.involvements):
                raise ValidationError({"organisation": "Deze organisatie is al bij de casus betrokken."})
            if contact_id is not None:
                contact = get_or_raise(session, Contact, contact_id, "Contactpersoon")
                if contact.organisation_id != organisation_id:
                    raise ValidationError({"contact": "Deze contactpersoon hoort niet bij de organisatie."})
            involvement = Involvement(
                organisation_id=organisation_id, contact_id=contact_id, role=role, activity=activity.strip()
            )
            case.involvements.append(involvement)
            session.flush()
            audit.record(session, AuditKind.UPDATE, "case", case.id, f"betrokkenheid {involvement.id}")
            return involvement_row(involvement)

    def update_involvement(
        self,
        involvement_id: int,
        *,
        role: InvolvementRole,
        contact_id: int | None = None,
        activity: str = "",
    ) -> InvolvementRow:
        with self.transaction() as session:
            involvement = get_or_raise(session, Involvement, involvement_id, "Betrokkenheid")
            if contact_id is not None:
                contact = get_or_raise(session, Contact, contact_id, "Contactpersoon")
                if contact.organisation_id != involvement.organisation_id:
                    raise ValidationError({"contact": "Deze contactpersoon hoort niet bij de organisatie."})
            involvement.role = role
            involvement.contact_id = contact_id
            involvement.activity = activity.strip()
            audit.record(
                session, AuditKind.UPDATE, "case", involvement.case_id, f"betrokkenheid {involvement.id}"
            )
            session.flush()
            session.expire(involvement, ["contact"])  # may have been loaded before the contact changed
            return involvement_row(involvement)

    def remove_involvement(self, involvement_id: int) -> None:
        with self.transaction() as session:
            involvement = get_or_raise(session, Involvement, involvement_id, "Betrokkenheid")
            audit.record(
                session, AuditKind.UPDATE, "case", involvement.case_id, f"betrokkenheid {involvement.id} weg"
            )
            session.delete(involvement)

    def get_case(self, case_id: int) -> CaseDetails:
        """The case with its involvements (organisation, contact) and status history, for editing."""
        with self.reading() as session:
            case = session.scalars(
                select(Case)
                .where(Case.id == case_id)
                .options(
                    selectinload(Case.involvements).selectinload(Involvement.organisation),
                    selectinload(Case.involvements).selectinload(Involvement.contact),
                    selectinload(Case.status_changes),
                )
            ).first()
            if case is None:
                raise NotFound("Casus", case_id)
            return case_details(case)

    def lead_warning(self, case_id: int) -> str:
        """'' when exactly one organisation leads the case, else a Dutch warning."""
        with self.reading() as session:
            leads = session.execute(
                select(func.count())
                .select_from(Involvement)
                .where(Involvement.case_id == case_id, Involvement.role == InvolvementRole.LEAD)
            ).scalar_one()
        return lead_warning_text(leads)

    def search_cases(self, text: str = "", *, open_only: bool = False, limit: int = 50) -> list[CaseRecord]:
        """Cases whose title, description or location hold every word, newest first."""
        stmt = select(Case).order_by(Case.year.desc(), Case.number.desc()).limit(limit)
        for word in text.split():
            pattern = f"%{word.lower()}%"
            stmt = stmt.where(
                or_(func.lower(Case.title).like(pattern), func.lower(Case.description).like(pattern),
                    func.lower(Case.location).like(pattern))
            )  # fmt: skip
        if open_only:
            stmt = stmt.where(Case.status != CaseStatus.CLOSED)
        with self.reading() as session:
            return [case_record(case) for case in session.scalars(stmt)]

    # --- deleting and bringing back ------------------------------------------------------------

    def where_used_case(self, case_id: int) -> list[str]:
        """Dutch lines saying what refers to the case ([] when nothing does)."""
        with self.reading() as session:
            get_or_raise(session, Case, case_id, "Casus")
            return case_uses(session, case_id)

    def delete_case(self, case_id: int) -> DeletedCase:
        """Delete a case nothing refers to, with its involvements and status history; else ``InUse``
        with where it is used. The token brings it back (``undo``)."""
        try:
            with self.transaction() as session:
                case = get_or_raise(session, Case, case_id, "Casus")
                uses = case_uses(session, case.id)
                if uses:
                    raise InUse(CASE_IN_USE, uses)
                token = DeletedCase(case.id, case.reference, case_rows(case))
                session.delete(case)
                session.flush()
                audit.record(session, AuditKind.DELETE, "case", case_id, token.reference)
                return token
        except IntegrityError:  # referred to meanwhile by another user (shared server)
            raise InUse(CASE_IN_USE, self.where_used_case(case_id)) from None

    def undo(self, token: DeletedCase) -> CaseRecord:
        """Bring a deleted case back as it was, under its own id and number: one transaction."""
        try:
            with self.transaction() as session:
                case = restore_case_in(session, token)
                audit.record_undo(
                    session, AuditKind.CREATE, "case", case.id, f"verwijderen van {token.reference}"
                )
                return case_record(case)
        except IntegrityError:  # an organisation, theme or area it named is gone meanwhile
            raise too_late() from None


def case_rows(case: Case) -> tuple[RowImage, ...]:
    """Images of a case and of what belongs to it (involvements, status history), parents first."""
    return (
        image(case),
        *(image(involvement) for involvement in case.involvements),
        *(image(change) for change in case.status_changes),
    )


def restore_case_in(session: Session, token: DeletedCase) -> Case:
    """Insert a deleted case and its own rows again inside the caller's transaction; refused when its
    id or its number has been taken meanwhile."""
    first = token.rows[0]
    year, number = first.value("year"), first.value("number")
    if session.scalars(select(Case.id).where(Case.year == year, Case.number == number)).first() is not None:
        raise too_late(NUMBER_TAKEN.format(reference=token.reference))
    require_free(session, first, ID_TAKEN.format(reference=token.reference))
    restored = put_back(session, token.rows)
    case = restored[0]
    session.refresh(case)
    return case
