"""What the database knows about who is personal and what is not, for documents for policymakers:
the ``PrivacyContext`` read once per document, and the chair's choices about single terms (a false
positive kept, a missed term marked), remembered in ``privacy_term``.

References only leave this module's callers: the context holds names and phones in memory for the
redaction and is never logged. No Qt.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wiec_desktop.domain.enums import TermDecision
from wiec_desktop.domain.inventory import Address, Resident, Signal
from wiec_desktop.domain.meetings import Attendance, Meeting
from wiec_desktop.domain.organisations import Area, Contact, Organisation, Theme
from wiec_desktop.domain.privacy import PrivacyTerm
from wiec_desktop.services.base import Service
from wiec_desktop.services.privacy.redaction import PrivacyContext
from wiec_desktop.services.validation import ValidationError

MAX_TERM_LENGTH = 200
EMPTY_TERM_MESSAGE = "Vul het woord of de woorden in die het gaat."
LONG_TERM_MESSAGE = "Dat is te lang voor één term (hoogstens 200 tekens)."


def fold_term(term: str) -> str:
    """A term as it is stored: case-folded, inner white space collapsed."""
    return " ".join(term.casefold().split())


class PrivacyContextService(Service):
    """The privacy context of the open database and the chair's choices about terms."""

    def context(self) -> PrivacyContext:
        """Residents' names and phones (and guests of no organisation), professionals (contacts,
        guests of an organisation, chairs and minute takers), organisations, streets, areas, themes,
        and the terms kept and marked — in one read."""
        with self.reading() as session:
            return read_context(session)

    def remember(self, term: str, decision: TermDecision) -> None:
        """Remember ``decision`` for ``term`` (a later choice replaces an earlier one)."""
        folded = fold_term(term)
        if not folded:
            raise ValidationError({"term": EMPTY_TERM_MESSAGE})
        if len(folded) > MAX_TERM_LENGTH:
            raise ValidationError({"term": LONG_TERM_MESSAGE})
        with self.transaction() as session:
            existing = session.scalar(select(PrivacyTerm).where(PrivacyTerm.term == folded))
            if existing is None:
                session.add(PrivacyTerm(term=folded, decision=decision))
            else:
                existing.decision = decision

    def forget(self, term: str) -> None:
        """Forget the choice about ``term`` (nothing happens when there is none)."""
        with self.transaction() as session:
            existing = session.scalar(select(PrivacyTerm).where(PrivacyTerm.term == fold_term(term)))
            if existing is not None:
                session.delete(existing)

    def decisions(self) -> dict[str, TermDecision]:
        """Every remembered term (folded) and its decision."""
        with self.reading() as session:
            return {t.term: t.decision for t in session.scalars(select(PrivacyTerm))}


def read_context(session: Session) -> PrivacyContext:
    """The ``PrivacyContext`` of the database ``session`` reads (see ``PrivacyContextService``)."""
    residents: set[str] = set()
    phones: set[str] = set()
    for name, phone in session.execute(select(Resident.name, Resident.phone)):
        if name and name.strip():
            residents.add(name.strip())
        if phone and phone.strip():
            phones.add(phone.strip())
    professionals = {n.strip() for n in session.scalars(select(Contact.name)) if n and n.strip()}
    for chair, minute_taker in session.execute(select(Meeting.chair, Meeting.minute_taker)):
        professionals.update(n.strip() for n in (chair, minute_taker) if n and n.strip())
    guests = session.execute(
        select(Attendance.guest_name, Attendance.guest_organisation).where(
            Attendance.contact_id.is_(None), Attendance.guest_name.is_not(None)
        )
    )
    for guest, organisation in guests:
        if guest and guest.strip():
            # A guest from an organisation is a professional; a guest without one is a resident.
            (professionals if organisation and organisation.strip() else residents).add(guest.strip())
    organisations = {n for n in session.scalars(select(Organisation.name)) if n}
    streets = {s.strip() for s in session.scalars(select(Address.street).distinct()) if s and s.strip()}
    streets.update(s.strip() for s in session.scalars(select(Signal.street).distinct()) if s and s.strip())
    places = {n for n in session.scalars(select(Area.name)) if n}
    places.update(n for n in session.scalars(select(Theme.name)) if n)
    kept: set[str] = set()
    marked: set[str] = set()
    for term, decision in session.execute(select(PrivacyTerm.term, PrivacyTerm.decision)):
        (kept if decision == TermDecision.KEPT else marked).add(term)
    return PrivacyContext(
        residents=frozenset(residents - professionals),
        resident_phones=frozenset(phones),
        professionals=frozenset(professionals),
        organisations=frozenset(organisations),
        streets=frozenset(streets),
        places=frozenset(places),
        kept=frozenset(kept),
        marked=frozenset(marked),
    )


__all__ = ["PrivacyContextService", "fold_term", "read_context"]
