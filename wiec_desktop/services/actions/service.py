"""Action points: numbering, owners, due dates and progress updates across meetings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, ActionUpdate, Contact, Organisation
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus, AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.followup.escalation import creation_detail
from wiec_desktop.services.references import next_action_number
from wiec_desktop.services.validation import Checker


class ActionService(Service):
    def create_action(
        self,
        description: str,
        owner_organisation_id: int,
        *,
        owner_contact_id: int | None = None,
        due_date: date | None = None,
        case_id: int | None = None,
        meeting_id: int | None = None,
        agenda_item_id: int | None = None,
    ) -> Action:
        """A new open action, numbered in the current year (``A-2026-031``)."""
        with self.transaction() as session:
            return self.create_in(
                session,
                description,
                owner_organisation_id,
                owner_contact_id=owner_contact_id,
                due_date=due_date,
                case_id=case_id,
                meeting_id=meeting_id,
                agenda_item_id=agenda_item_id,
            )

    def create_in(
        self,
        session: Session,
        description: str,
        owner_organisation_id: int | None,
        *,
        owner_contact_id: int | None = None,
        due_date: date | None = None,
        case_id: int | None = None,
        meeting_id: int | None = None,
        agenda_item_id: int | None = None,
        check: Checker | None = None,
    ) -> Action:
        """``create_action`` inside the caller's transaction; errors already in ``check`` (the
        caller's own validation) are raised together with these."""
        today = self.today()
        check = check or Checker()
        description = check.required("description", description, "Omschrijving")
        if due_date is not None and due_date < today:
            check.add("due_date", "De deadline kan niet vóór vandaag liggen.")
        if owner_organisation_id is None or session.get(Organisation, owner_organisation_id) is None:
            check.add("owner", "Kies de organisatie die de actie uitvoert.")
        if owner_contact_id is not None:
            contact = session.get(Contact, owner_contact_id)
            if contact is None or contact.organisation_id != owner_organisation_id:
                check.add("contact", "Deze contactpersoon hoort niet bij de gekozen organisatie.")
        check.raise_if_any()
        assert owner_organisation_id is not None
        action = Action(
            year=today.year,
            number=next_action_number(session, today.year),
            description=description,
            owner_organisation_id=owner_organisation_id,
            owner_contact_id=owner_contact_id,
            created_on=today,
            due_date=due_date,
            case_id=case_id,
            meeting_id=meeting_id,
            agenda_item_id=agenda_item_id,
            status=ActionStatus.OPEN,
        )
        session.add(action)
        session.flush()
        # with the deadline it got: so that a first new deadline counts as a move (escalation)
        detail = creation_detail(action.reference, due_date)
        audit.record(session, AuditKind.CREATE, "action", action.id, detail)
        return action

    def record_update(
        self,
        action_id: int,
        status: ActionStatus,
        *,
        note: str = "",
        new_due_date: date | None = None,
        meeting_id: int | None = None,
    ) -> ActionUpdate:
        """Record progress (gereed, loopt, nieuwe deadline, vervallen) and apply it to the action."""
        with self.transaction() as session:
            return self.record_update_in(
                session, action_id, status, note=note, new_due_date=new_due_date, meeting_id=meeting_id
            )

    def record_update_in(
        self,
        session: Session,
        action_id: int,
        status: ActionStatus,
        *,
        note: str = "",
        new_due_date: date | None = None,
        meeting_id: int | None = None,
    ) -> ActionUpdate:
        """``record_update`` inside the caller's transaction."""
        today = self.today()
        action = get_or_raise(session, Action, action_id, "Actie")
        check = Checker()
        if new_due_date is not None and new_due_date < action.created_on:
            check.add("due_date", "De nieuwe deadline kan niet vóór de aanmaakdatum liggen.")
        check.raise_if_any()
        update = ActionUpdate(
            updated_on=today,
            status=status,
            new_due_date=new_due_date,
            note=note.strip(),
            meeting_id=meeting_id,
        )
        action.updates.append(update)
        action.status = status
        action.completed_on = max(today, action.created_on) if status == ActionStatus.DONE else None
        if new_due_date is not None:
            action.due_date = new_due_date
        session.flush()
        audit.record(session, AuditKind.STATUS, "action", action.id, f"{action.reference} → {status.value}")
        return update

    def list_actions(
        self, *, open_only: bool = False, organisation_id: int | None = None, meeting_id: int | None = None
    ) -> list[Action]:
        stmt = select(Action).order_by(Action.due_date.is_(None), Action.due_date, Action.year, Action.number)
        if open_only:
            stmt = stmt.where(Action.status.in_(OPEN_ACTION_STATUSES))
        if organisation_id is not None:
            stmt = stmt.where(Action.owner_organisation_id == organisation_id)
        if meeting_id is not None:
            stmt = stmt.where(Action.meeting_id == meeting_id)
        with self.reading() as session:
            return list(session.scalars(stmt))

    def overdue(self) -> list[Action]:
        today = self.today()
        stmt = (
            select(Action)
            .where(Action.status.in_(OPEN_ACTION_STATUSES), Action.due_date < today)
            .order_by(Action.due_date)
        )
        with self.reading() as session:
            return list(session.scalars(stmt))
