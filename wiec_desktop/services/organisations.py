"""Partners: organisations and their contact persons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from wiec_desktop.domain import Contact, Organisation
from wiec_desktop.domain.enums import AuditKind, OrganisationKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, apply_changes, get_or_raise
from wiec_desktop.services.validation import Checker

CONTACT_FIELDS = {"name", "function", "email", "phone", "receives_reports", "active"}


class OrganisationService(Service):
    # --- organisations ---------------------------------------------------------------------

    def create_organisation(
        self, name: str, kind: OrganisationKind = OrganisationKind.OTHER, notes: str = ""
    ) -> Organisation:
        with self.transaction() as session:
            check = Checker()
            name = self._checked_name(session, check, name, exclude_id=None)
            check.raise_if_any()
            org = Organisation(name=name, kind=kind, notes=notes.strip(), active=True)
            session.add(org)
            session.flush()
            audit.record(session, AuditKind.CREATE, "organisation", org.id)
            return org

    def update_organisation(self, organisation_id: int, **changes: Any) -> Organisation:
        """Change ``name``, ``kind``, ``notes`` or ``active``."""
        with self.transaction() as session:
            org = get_or_raise(session, Organisation, organisation_id, "Organisatie")
            check = Checker()
            if "name" in changes:
                changes["name"] = self._checked_name(session, check, changes["name"], exclude_id=org.id)
            check.raise_if_any()
            apply_changes(org, changes, {"name", "kind", "notes", "active"})
            audit.record(session, AuditKind.UPDATE, "organisation", org.id, ",".join(sorted(changes)))
            return org

    def list_organisations(
        self, search: str = "", kind: OrganisationKind | None = None, active_only: bool = False
    ) -> list[Organisation]:
        stmt = select(Organisation).order_by(Organisation.name)
        if search.strip():
            stmt = stmt.where(func.lower(Organisation.name).contains(search.strip().lower()))
        if kind is not None:
            stmt = stmt.where(Organisation.kind == kind)
        if active_only:
            stmt = stmt.where(Organisation.active.is_(True))
        with self.reading() as session:
            return list(session.scalars(stmt))

    def find_by_name(self, name: str) -> Organisation | None:
        with self.reading() as session:
            return session.scalars(
                select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
            ).first()

    @staticmethod
    def _checked_name(session: Any, check: Checker, name: str, exclude_id: int | None) -> str:
        name = check.required("name", name, "Naam")
        check.max_length("name", name, 200, "Naam")
        if name:
            stmt = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
            if exclude_id is not None:
                stmt = stmt.where(Organisation.id != exclude_id)
            if session.scalars(stmt).first() is not None:
                check.add("name", "Er bestaat al een organisatie met deze naam.")
        return name

    # --- contacts --------------------------------------------------------------------------

    def create_contact(
        self,
        organisation_id: int,
        name: str,
        function: str = "",
        email: str = "",
        phone: str = "",
        receives_reports: bool = False,
    ) -> Contact:
        with self.transaction() as session:
            get_or_raise(session, Organisation, organisation_id, "Organisatie")
            fields = _checked_contact({"name": name, "function": function, "email": email, "phone": phone})
            contact = Contact(organisation_id=organisation_id, receives_reports=receives_reports, **fields)
            session.add(contact)
            session.flush()
            audit.record(session, AuditKind.CREATE, "contact", contact.id)
            return contact

    def update_contact(self, contact_id: int, **changes: Any) -> Contact:
        """Change ``name``, ``function``, ``email``, ``phone``, ``receives_reports`` or ``active``."""
        with self.transaction() as session:
            contact = get_or_raise(session, Contact, contact_id, "Contactpersoon")
            text_fields = {k: changes[k] for k in ("name", "function", "email", "phone") if k in changes}
            merged = {
                "name": contact.name, "function": contact.function,
                "email": contact.email, "phone": contact.phone, **text_fields,
            }  # fmt: skip
            changes.update({k: v for k, v in _checked_contact(merged).items() if k in text_fields})
            apply_changes(contact, changes, CONTACT_FIELDS)
            audit.record(session, AuditKind.UPDATE, "contact", contact.id, ",".join(sorted(changes)))
            return contact

    def list_contacts(self, organisation_id: int | None = None, search: str = "") -> list[Contact]:
        stmt = select(Contact).order_by(Contact.name)
        if organisation_id is not None:
            stmt = stmt.where(Contact.organisation_id == organisation_id)
        if search.strip():
            stmt = stmt.where(func.lower(Contact.name).contains(search.strip().lower()))
        with self.reading() as session:
            return list(session.scalars(stmt))


def _checked_contact(fields: dict[str, str]) -> dict[str, str]:
    check = Checker()
    cleaned = {
        "name": check.required("name", fields["name"], "Naam"),
        "function": (fields.get("function") or "").strip(),
        "email": check.email("email", fields.get("email")),
        "phone": check.phone("phone", fields.get("phone")),
    }
    check.max_length("name", cleaned["name"], 200, "Naam")
    check.max_length("function", cleaned["function"], 200, "Functie")
    check.raise_if_any()
    return cleaned
