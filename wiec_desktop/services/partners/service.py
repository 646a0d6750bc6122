"""Partners: organisations and their contact persons.

Names are trimmed and their inner whitespace collapsed; duplicates are found case-insensitively (in
Python, so that ``É`` and ``é`` match on SQLite too): an organisation name is unique, a contact name is
unique within its organisation.

A referenced organisation or contact is never deleted: ``delete_*`` raises ``InUse`` with the Dutch
lines of ``where_used_*`` and the chair deactivates it instead. Deactivating an organisation also
deactivates its contacts (they stop receiving reports and are no longer offered in pick lists);
reactivating it leaves the contacts as they are, because who still works there is the chair's call.
An active contact therefore always belongs to an active organisation.

The methods hand out ``OrganisationDetails`` and ``ContactDetails`` (plain data, ``views.py``), never
ORM objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    Assignment,
    Attendance,
    Case,
    Contact,
    Involvement,
    Meeting,
    Organisation,
    Signal,
)
from wiec_desktop.domain.actions import action_reference
from wiec_desktop.domain.cases import case_reference
from wiec_desktop.domain.enums import AuditKind, OrganisationKind
from wiec_desktop.domain.organisations import assignment_recipient
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, apply_changes, get_or_raise
from wiec_desktop.services.formatting import counted, short_date
from wiec_desktop.services.partners.views import (
    ContactDetails,
    ContactRef,
    OrganisationDetails,
    OrganisationRef,
)
from wiec_desktop.services.validation import Checker, InUse

ORGANISATION_FIELDS = {"name", "kind", "notes", "active"}
CONTACT_FIELDS = {"organisation_id", "name", "function", "email", "phone", "receives_reports", "active"}
CONTACT_TEXT_FIELDS = ("name", "function", "email", "phone")

MAX_REFERENCES = 5  # references named per where-used line; the rest is "…"

ORGANISATION_IN_USE = (
    "Deze organisatie wordt nog gebruikt en kan niet worden verwijderd. U kunt haar op non-actief zetten."
)
CONTACT_IN_USE = (
    "Deze contactpersoon wordt nog gebruikt en kan niet worden verwijderd. "
    "U kunt deze contactpersoon op non-actief zetten."
)
INACTIVE_ORGANISATION = (
    "De organisatie staat op non-actief; een contactpersoon van haar kan niet actief zijn. "
    "Zet eerst de organisatie weer op actief."
)
CONTACT_MOVE_REFUSED = (
    "Deze contactpersoon is bij casussen of acties betrokken namens de huidige organisatie en kan "
    "niet naar een andere organisatie. Maak bij de andere organisatie een nieuwe contactpersoon aan."
)


def clean_name(value: str | None) -> str:
    """Trimmed, with runs of spaces, tabs and line breaks inside made one space."""
    return " ".join((value or "").split())


def same_name(a: str, b: str) -> bool:
    return clean_name(a).casefold() == clean_name(b).casefold()


def organisation_details(org: Organisation) -> OrganisationDetails:
    """The plain view of an organisation's own fields."""
    return OrganisationDetails(id=org.id, name=org.name, kind=org.kind, notes=org.notes, active=org.active)


def organisation_ref(org: Organisation) -> OrganisationRef:
    """The plain name of an organisation inside another record's view."""
    return OrganisationRef(id=org.id, name=org.name)


def contact_details(contact: Contact) -> ContactDetails:
    """The plain view of a contact person's own fields."""
    return ContactDetails(
        id=contact.id,
        organisation_id=contact.organisation_id,
        name=contact.name,
        function=contact.function,
        email=contact.email,
        phone=contact.phone,
        receives_reports=contact.receives_reports,
        active=contact.active,
    )


def contact_ref(contact: Contact) -> ContactRef:
    """The plain name of a contact person inside another record's view."""
    return ContactRef(id=contact.id, name=contact.name)


class OrganisationService(Service):
    # --- organisations ---------------------------------------------------------------------

    def get_organisation(self, organisation_id: int) -> OrganisationDetails:
        with self.reading() as session:
            return organisation_details(get_or_raise(session, Organisation, organisation_id, "Organisatie"))

    def create_organisation(
        self,
        name: str,
        kind: OrganisationKind | str = OrganisationKind.OTHER,
        notes: str = "",
        active: bool = True,
    ) -> OrganisationDetails:
        with self.transaction() as session:
            check = Checker()
            name = self._checked_name(session, check, name, exclude_id=None)
            kind = _checked_kind(check, kind)
            check.raise_if_any()
            org = Organisation(name=name, kind=kind, notes=(notes or "").strip(), active=bool(active))
            session.add(org)
            session.flush()
            audit.record(session, AuditKind.CREATE, "organisation", org.id)
            return organisation_details(org)

    def update_organisation(self, organisation_id: int, **changes: Any) -> OrganisationDetails:
        """Change ``name``, ``kind``, ``notes`` or ``active`` (deactivating also deactivates contacts)."""
        with self.transaction() as session:
            org = get_or_raise(session, Organisation, organisation_id, "Organisatie")
            unknown = set(changes) - ORGANISATION_FIELDS
            if unknown:
                raise TypeError(f"Cannot change {sorted(unknown)} on Organisation")
            check = Checker()
            if "name" in changes:
                changes["name"] = self._checked_name(session, check, changes["name"], exclude_id=org.id)
            if "kind" in changes:
                changes["kind"] = _checked_kind(check, changes["kind"])
            if "notes" in changes:
                changes["notes"] = (changes["notes"] or "").strip()
            check.raise_if_any()
            changed = {key: value for key, value in changes.items() if getattr(org, key) != value}
            active = changed.pop("active", None)
            apply_changes(org, changed, ORGANISATION_FIELDS)
            if changed:
                detail = ",".join(sorted(changed))
                audit.record(session, AuditKind.UPDATE, "organisation", org.id, detail)
            if active is not None:
                self._set_organisation_active(session, org, bool(active))
            return organisation_details(org)

    def set_organisation_active(self, organisation_id: int, active: bool) -> OrganisationDetails:
        """(De)activate; deactivating also deactivates its active contacts (reactivating does not)."""
        with self.transaction() as session:
            org = get_or_raise(session, Organisation, organisation_id, "Organisatie")
            self._set_organisation_active(session, org, bool(active))
            return organisation_details(org)

    @staticmethod
    def _set_organisation_active(session: Session, org: Organisation, active: bool) -> None:
        if org.active == active:
            return
        org.active = active
        detail = "actief" if active else "non-actief"
        audit.record(session, AuditKind.STATUS, "organisation", org.id, detail)
        if not active:
            contacts = session.scalars(
                select(Contact).where(Contact.organisation_id == org.id, Contact.active.is_(True))
            ).all()
            for contact in contacts:
                contact.active = False
                audit.record(
                    session, AuditKind.STATUS, "contact", contact.id, f"non-actief met organisatie {org.id}"
                )
        session.flush()

    def where_used_organisation(self, organisation_id: int) -> list[str]:
        """Dutch lines saying where the organisation is referenced ([] when nowhere)."""
        with self.reading() as session:
            get_or_raise(session, Organisation, organisation_id, "Organisatie")
            return _organisation_uses(session, organisation_id)

    def delete_organisation(self, organisation_id: int) -> None:
        """Delete an organisation nothing refers to; else ``InUse`` with where it is used."""
        try:
            with self.transaction() as session:
                org = get_or_raise(session, Organisation, organisation_id, "Organisatie")
                uses = _organisation_uses(session, org.id)
                if uses:
                    raise InUse(ORGANISATION_IN_USE, uses)
                session.delete(org)
                session.flush()
                audit.record(session, AuditKind.DELETE, "organisation", organisation_id)
        except IntegrityError:  # referenced meanwhile by another user (shared server)
            raise InUse(ORGANISATION_IN_USE, self.where_used_organisation(organisation_id)) from None

    def list_organisations(
        self, search: str = "", kind: OrganisationKind | None = None, active_only: bool = False
    ) -> list[OrganisationDetails]:
        stmt = select(Organisation).order_by(Organisation.name)
        if search.strip():
            stmt = stmt.where(func.lower(Organisation.name).contains(search.strip().lower()))
        if kind is not None:
            stmt = stmt.where(Organisation.kind == kind)
        if active_only:
            stmt = stmt.where(Organisation.active.is_(True))
        with self.reading() as session:
            return [organisation_details(org) for org in session.scalars(stmt)]

    def find_by_name(self, name: str) -> OrganisationDetails | None:
        with self.reading() as session:
            for org in session.scalars(select(Organisation)):
                if same_name(org.name, name):
                    return organisation_details(org)
        return None

    @staticmethod
    def _checked_name(session: Session, check: Checker, name: str, exclude_id: int | None) -> str:
        name = check.required("name", clean_name(name), "Naam")
        check.max_length("name", name, 200, "Naam")
        if name:
            stmt = select(Organisation.id, Organisation.name)
            if exclude_id is not None:
                stmt = stmt.where(Organisation.id != exclude_id)
            if any(same_name(row.name, name) for row in session.execute(stmt)):
                check.add("name", "Er bestaat al een organisatie met deze naam.")
        return name

    # --- contacts --------------------------------------------------------------------------

    def get_contact(self, contact_id: int) -> ContactDetails:
        with self.reading() as session:
            return contact_details(get_or_raise(session, Contact, contact_id, "Contactpersoon"))

    def create_contact(
        self,
        organisation_id: int,
        name: str,
        function: str = "",
        email: str = "",
        phone: str = "",
        receives_reports: bool = False,
        active: bool = True,
    ) -> ContactDetails:
        with self.transaction() as session:
            check = Checker()
            org = _checked_organisation(session, check, organisation_id)
            fields = _checked_contact(
                check, {"name": name, "function": function, "email": email, "phone": phone}
            )
            if org is not None:
                _check_unique_contact(session, check, org.id, fields["name"], exclude_id=None)
                if active and not org.active:
                    check.add("active", INACTIVE_ORGANISATION)
            check.raise_if_any()
            contact = Contact(
                organisation_id=organisation_id,
                receives_reports=bool(receives_reports),
                active=bool(active),
                **fields,
            )
            session.add(contact)
            session.flush()
            audit.record(session, AuditKind.CREATE, "contact", contact.id)
            return contact_details(contact)

    def update_contact(self, contact_id: int, **changes: Any) -> ContactDetails:
        """Change ``organisation_id``, ``name``, ``function``, ``email``, ``phone``,
        ``receives_reports`` or ``active``."""
        with self.transaction() as session:
            contact = get_or_raise(session, Contact, contact_id, "Contactpersoon")
            unknown = set(changes) - CONTACT_FIELDS
            if unknown:
                raise TypeError(f"Cannot change {sorted(unknown)} on Contact")
            check = Checker()
            org = contact.organisation
            if "organisation_id" in changes and changes["organisation_id"] != contact.organisation_id:
                org = _checked_organisation(session, check, changes["organisation_id"])
                if org is not None and _is_used_for_its_organisation(session, contact.id):
                    check.add("organisation_id", CONTACT_MOVE_REFUSED)
            merged = {key: changes.get(key, getattr(contact, key)) for key in CONTACT_TEXT_FIELDS}
            cleaned = _checked_contact(check, merged)
            changes.update({key: cleaned[key] for key in CONTACT_TEXT_FIELDS if key in changes})
            if org is not None:
                _check_unique_contact(session, check, org.id, cleaned["name"], exclude_id=contact.id)
                if changes.get("active", contact.active) and not org.active:
                    check.add("active", INACTIVE_ORGANISATION)
            check.raise_if_any()
            changed = {key: value for key, value in changes.items() if getattr(contact, key) != value}
            active = changed.pop("active", None)
            apply_changes(contact, changed, CONTACT_FIELDS)
            if changed:
                audit.record(session, AuditKind.UPDATE, "contact", contact.id, ",".join(sorted(changed)))
            if active is not None:
                contact.active = bool(active)
                detail = "actief" if active else "non-actief"
                audit.record(session, AuditKind.STATUS, "contact", contact.id, detail)
            session.flush()
            return contact_details(contact)

    def set_contact_active(self, contact_id: int, active: bool) -> ContactDetails:
        """(De)activate a contact; an active contact needs an active organisation."""
        return self.update_contact(contact_id, active=active)

    def where_used_contact(self, contact_id: int) -> list[str]:
        """Dutch lines saying where the contact is referenced ([] when nowhere)."""
        with self.reading() as session:
            get_or_raise(session, Contact, contact_id, "Contactpersoon")
            return _contact_uses(session, contact_id)

    def delete_contact(self, contact_id: int) -> None:
        """Delete a contact nothing refers to; else ``InUse`` with where it is used."""
        try:
            with self.transaction() as session:
                contact = get_or_raise(session, Contact, contact_id, "Contactpersoon")
                uses = _contact_uses(session, contact.id)
                if uses:
                    raise InUse(CONTACT_IN_USE, uses)
                session.delete(contact)
                session.flush()
                audit.record(session, AuditKind.DELETE, "contact", contact_id)
        except IntegrityError:  # referenced meanwhile by another user (shared server)
            raise InUse(CONTACT_IN_USE, self.where_used_contact(contact_id)) from None

    def list_contacts(self, organisation_id: int | None = None, search: str = "") -> list[ContactDetails]:
        stmt = select(Contact).order_by(Contact.name)
        if organisation_id is not None:
            stmt = stmt.where(Contact.organisation_id == organisation_id)
        if search.strip():
            stmt = stmt.where(func.lower(Contact.name).contains(search.strip().lower()))
        with self.reading() as session:
            return [contact_details(contact) for contact in session.scalars(stmt)]


# --- validation ------------------------------------------------------------------------------


def _checked_kind(check: Checker, kind: Any) -> OrganisationKind:
    try:
        return OrganisationKind(kind)
    except ValueError:
        check.add("kind", "Kies een soort organisatie uit de lijst.")
        return OrganisationKind.OTHER


def _checked_organisation(session: Session, check: Checker, organisation_id: Any) -> Organisation | None:
    org = session.get(Organisation, organisation_id) if organisation_id is not None else None
    if org is None:
        check.add("organisation_id", "Kies de organisatie van deze contactpersoon.")
    return org


def _checked_contact(check: Checker, fields: dict[str, Any]) -> dict[str, str]:
    cleaned = {
        "name": check.required("name", clean_name(fields.get("name")), "Naam"),
        "function": clean_name(fields.get("function")),
        "email": check.email("email", fields.get("email")),
        "phone": check.phone("phone", clean_name(fields.get("phone"))),
    }
    check.max_length("name", cleaned["name"], 200, "Naam")
    check.max_length("function", cleaned["function"], 200, "Functie")
    check.max_length("email", cleaned["email"], 254, "E-mailadres")
    return cleaned


def _check_unique_contact(
    session: Session, check: Checker, organisation_id: int, name: str, exclude_id: int | None
) -> None:
    if not name:
        return
    stmt = select(Contact.name).where(Contact.organisation_id == organisation_id)
    if exclude_id is not None:
        stmt = stmt.where(Contact.id != exclude_id)
    if any(same_name(other, name) for other in session.scalars(stmt)):
        check.add("name", "Deze organisatie heeft al een contactpersoon met deze naam.")


def _is_used_for_its_organisation(session: Session, contact_id: int) -> bool:
    """Involvements and actions name the contact together with its organisation."""
    for stmt in (
        select(Involvement.id).where(Involvement.contact_id == contact_id),
        select(Action.id).where(Action.owner_contact_id == contact_id),
    ):
        if session.scalars(stmt.limit(1)).first() is not None:
            return True
    return False


# --- where used --------------------------------------------------------------------------------


def _references(session: Session, stmt: Select[Any], count: int) -> str:
    """`` (2026-004, 2026-011, …)`` for the first ``MAX_REFERENCES`` rows of ``stmt``."""
    names = [str(name) for name in session.scalars(stmt.limit(MAX_REFERENCES))]
    if not names:
        return ""
    more = ", …" if count > len(names) else ""
    return f" ({', '.join(names)}{more})"


def _count(session: Session, stmt: Select[Any]) -> int:
    return int(session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _case_line(session: Session, prefix: str, where: Any) -> str | None:
    stmt = select(Case.year, Case.number).join(Involvement, Involvement.case_id == Case.id).where(where)
    count = _count(session, stmt)
    if not count:
        return None
    rows = session.execute(stmt.order_by(Case.year, Case.number).limit(MAX_REFERENCES)).all()
    refs = _joined([case_reference(row.year, row.number) for row in rows], count)
    return f"{prefix} {counted(count, 'casus', 'casussen')}{refs}"


def _action_line(session: Session, where: Any) -> str | None:
    stmt = select(Action.year, Action.number).where(where)
    count = _count(session, stmt)
    if not count:
        return None
    rows = session.execute(stmt.order_by(Action.year, Action.number).limit(MAX_REFERENCES)).all()
    refs = _joined([action_reference(row.year, row.number) for row in rows], count)
    return f"Eigenaar van {counted(count, 'actie', 'acties')}{refs}"


def _assignment_line(session: Session, prefix: str, stmt: Select[Any]) -> str | None:
    count = _count(session, stmt)
    if not count:
        return None
    if count == 1:
        title = session.scalars(stmt).first()
        return f"{prefix} opdracht ‘{title}’"
    refs = _references(session, stmt.order_by(Assignment.start_date), count)
    return f"{prefix} {count} opdrachten{refs}"


def _joined(names: Sequence[str], count: int) -> str:
    if not names:
        return ""
    more = ", …" if count > len(names) else ""
    return f" ({', '.join(names)}{more})"


def _organisation_uses(session: Session, organisation_id: int) -> list[str]:
    lines = [
        _case_line(session, "Betrokken bij", Involvement.organisation_id == organisation_id),
        _action_line(session, Action.owner_organisation_id == organisation_id),
        _assignment_line(
            session,
            "Opdrachtgever van",
            select(Assignment.title).where(Assignment.client_organisation_id == organisation_id),
        ),
    ]
    signals = _count(session, select(Signal.id).where(Signal.organisation_id == organisation_id))
    if signals:
        lines.append(f"Melder van {counted(signals, 'signaal', 'signalen')}")
    contacts = select(Contact.name).where(Contact.organisation_id == organisation_id)
    count = _count(session, contacts)
    if count:
        names = _references(session, contacts.order_by(Contact.name), count)
        lines.append(f"{counted(count, 'contactpersoon', 'contactpersonen')}{names}")
    return [line for line in lines if line]


def _contact_uses(session: Session, contact_id: int) -> list[str]:
    lines = [
        _case_line(session, "Contactpersoon bij", Involvement.contact_id == contact_id),
        _action_line(session, Action.owner_contact_id == contact_id),
    ]
    meetings = (
        select(Meeting.date)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.contact_id == contact_id)
    )
    count = _count(session, meetings)
    if count:
        first = session.scalars(meetings.order_by(Meeting.date).limit(MAX_REFERENCES))
        dates = [short_date(day) for day in first]
        lines.append(f"Uitgenodigd voor {counted(count, 'overleg', 'overleggen')}{_joined(dates, count)}")
    lines.append(
        _assignment_line(
            session,
            "Ontvangt rapportages van",
            select(Assignment.title)
            .join(assignment_recipient, assignment_recipient.c.assignment_id == Assignment.id)
            .where(assignment_recipient.c.contact_id == contact_id),
        )
    )
    return [line for line in lines if line]
