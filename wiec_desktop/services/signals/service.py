"""Signals from the neighbourhood: recording, the inbox and triage.

Triage takes an untriaged (``new``) signal and, in one transaction, links it to a case
(``link``), creates a case from it and links it (``create_case_from``), or closes it with a reason
(``close``); each sets ``triaged_on`` and refuses a signal that was already triaged. Which open
cases a signal may belong to is worked out in ``triage.py`` (``suggest_cases``).
The audit log gets references only (signal and case numbers), never the text or the reason.
A signal is handed out as ``SignalDetails`` (plain data), never as an ORM object.

Each triage returns a ``SignalTriage`` token; ``undo(token)`` puts the signal back in the inbox as it
was and, for a case made from the signal, removes that case when nothing else has come to it yet
(no other reference, no organisation involved, no further status step) — all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from wiec_desktop.domain import Address, Case, Organisation, Signal, Theme, case_reference
from wiec_desktop.domain.enums import AuditKind, CaseStatus, Priority, SignalSource, SignalStatus
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.cases.where_used import case_uses
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.signals.triage import (
    STALE_AFTER_DAYS,
    CaseDraft,
    CaseSuggestion,
    InboxRow,
    draft_title,
    signal_area_id,
    signal_street,
    suggest,
)
from wiec_desktop.services.undo import RowImage, image, put_back, too_late
from wiec_desktop.services.validation import Checker, NotFound, ValidationError

if TYPE_CHECKING:
    from wiec_desktop.services.cases.service import CaseService

STREET_CHARS = 120
CASE_CHOICES = 5000
CLOSE_REASONS = 8
# Sources the chair enters by hand; signals from house visits are made with the visit.
MANUAL_SOURCES = (
    SignalSource.RESIDENT_PHONE,
    SignalSource.RESIDENT_EMAIL,
    SignalSource.WALK_IN,
    SignalSource.PARTNER,
    SignalSource.OWN_OBSERVATION,
)


@dataclass(frozen=True)
class SignalDetails:
    """A signal's own fields, as it stands after recording or triage."""

    id: int
    received_on: date
    source: SignalSource
    theme_id: int | None
    address_id: int | None
    street: str
    text: str
    status: SignalStatus
    case_id: int | None
    house_visit_id: int | None
    organisation_id: int | None
    closed_reason: str
    triaged_on: date | None


@dataclass(frozen=True)
class SignalTriage:
    """A triage just done, to take back while "Ongedaan maken" shows: the signal as it was before,
    its version after the triage, and the case it went to (``case_created``: made from it)."""

    signal_id: int
    status: SignalStatus
    version: int
    before: RowImage
    case_id: int | None = None
    case_reference: str = ""
    case_created: bool = False


@dataclass(frozen=True)
class SignalUndone:
    """What undoing a triage did: the signal is back in the inbox; a case made from it was removed,
    or kept (``kept_case``, its reference) because something else had come to it meanwhile."""

    signal_id: int
    removed_case: str = ""
    kept_case: str = ""


def signal_details(signal: Signal) -> SignalDetails:
    """The plain view of a signal's own fields."""
    return SignalDetails(
        id=signal.id,
        received_on=signal.received_on,
        source=signal.source,
        theme_id=signal.theme_id,
        address_id=signal.address_id,
        street=signal.street,
        text=signal.text,
        status=signal.status,
        case_id=signal.case_id,
        house_visit_id=signal.house_visit_id,
        organisation_id=signal.organisation_id,
        closed_reason=signal.closed_reason,
        triaged_on=signal.triaged_on,
    )


class SignalService(Service):
    """Signals and their triage; a case made from a signal is made by ``CaseService`` (handed in by
    the registry), in the same transaction."""

    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date], *, cases: CaseService
    ) -> None:
        super().__init__(session_factory, today)
        self.cases = cases

    # --- recording -------------------------------------------------------------------------

    def create_signal(
        self,
        text: str,
        source: SignalSource,
        *,
        received_on: date | None = None,
        theme_id: int | None = None,
        street: str = "",
        address_id: int | None = None,
        organisation_id: int | None = None,
        house_visit_id: int | None = None,
    ) -> SignalDetails:
        check = Checker()
        text = check.required("text", text, "De tekst van het signaal")
        received = received_on or self.today()
        if received > self.today():
            check.add("received_on", "De datum van een signaal kan niet in de toekomst liggen.")
        check.raise_if_any()
        with self.transaction() as session:
            signal = Signal(
                text=text,
                source=source,
                received_on=received,
                theme_id=theme_id,
                street=street.strip(),
                address_id=address_id,
                organisation_id=organisation_id,
                house_visit_id=house_visit_id,
                status=SignalStatus.NEW,
            )
            session.add(signal)
            session.flush()
            audit.record(session, AuditKind.CREATE, "signal", signal.id)
            return signal_details(signal)

    def new_signal(
        self,
        received_on: date | None,
        source: SignalSource,
        text: str,
        *,
        theme_id: int | None = None,
        address_id: int | None = None,
        street: str = "",
        organisation_id: int | None = None,
    ) -> int:
        """A signal the chair enters by hand (telefoon, e-mail, inloop, partner, eigen waarneming).

        The text is required and the date may not lie in the future; a partner's signal names the
        organisation (and only a partner's does); an address fills in its street and must lie in
        the street when both are given. Returns the new signal's id.
        """
        check = Checker()
        text = check.required("text", text, "De tekst van het signaal")
        street = " ".join(street.split())
        check.max_length("street", street, STREET_CHARS, "De straat")
        if received_on is None:
            check.add("received_on", "Vul de datum in waarop het signaal binnenkwam.")
        elif received_on > self.today():
            check.add("received_on", "De datum van een signaal kan niet in de toekomst liggen.")
        source = SignalSource(source)
        if source not in MANUAL_SOURCES:
            check.add("source", "Een signaal uit een huisbezoek legt u vast bij het huisbezoek.")
        if source == SignalSource.PARTNER and organisation_id is None:
            check.add("organisation_id", "Kies de partnerorganisatie die het signaal doorgaf.")
        if source != SignalSource.PARTNER and organisation_id is not None:
            check.add("organisation_id", "Alleen een signaal van een partner hoort bij een organisatie.")
        check.raise_if_any()
        assert received_on is not None
        with self.transaction() as session:
            self._check_references(session, check, theme_id, organisation_id)
            if address_id is not None:
                address = session.get(Address, address_id)
                if address is None:
                    check.add("address_id", "Dit adres bestaat niet (meer).")
                elif street and street.casefold() != address.street.casefold():
                    check.add("address_id", f"Dit adres ligt niet in de {street}.")
                else:
                    street = address.street
            check.raise_if_any()
            signal = Signal(
                text=text,
                source=source,
                received_on=received_on,
                theme_id=theme_id,
                street=street,
                address_id=address_id,
                organisation_id=organisation_id,
                status=SignalStatus.NEW,
            )
            session.add(signal)
            session.flush()
            audit.record(session, AuditKind.CREATE, "signal", signal.id, source.value)
            return signal.id

    @staticmethod
    def _check_references(
        session: Session, check: Checker, theme_id: int | None, organisation_id: int | None
    ) -> None:
        if theme_id is not None and session.get(Theme, theme_id) is None:
            check.add("theme_id", "Dit thema bestaat niet (meer).")
        if organisation_id is not None and session.get(Organisation, organisation_id) is None:
            check.add("organisation_id", "Deze organisatie bestaat niet (meer).")

    # --- the inbox -------------------------------------------------------------------------

    def inbox(self) -> list[InboxRow]:
        """The untriaged signals, oldest first, with their age and whether they are overdue."""
        today = self.today()
        stmt = (
            select(
                Signal.id,
                Signal.received_on,
                Signal.source,
                Signal.street,
                Signal.text,
                Theme.name.label("theme"),
                Address.street.label("address_street"),
                Address.number,
                Address.addition,
                Organisation.name.label("organisation"),
            )
            .outerjoin(Theme, Theme.id == Signal.theme_id)
            .outerjoin(Address, Address.id == Signal.address_id)
            .outerjoin(Organisation, Organisation.id == Signal.organisation_id)
            .where(Signal.status == SignalStatus.NEW)
            .order_by(Signal.received_on, Signal.id)
        )
        with self.reading() as session:
            rows = session.execute(stmt).all()
        result = []
        for row in rows:
            age = max(0, (today - row.received_on).days)
            place = (
                f"{row.address_street} {row.number}{row.addition or ''}".strip()
                if row.address_street
                else row.street
            )
            result.append(
                InboxRow(
                    signal_id=row.id,
                    received_on=row.received_on,
                    age_days=age,
                    stale=age > STALE_AFTER_DAYS,
                    source=SignalSource(row.source).label,
                    theme=row.theme or "",
                    place=place,
                    text=row.text,
                    organisation=row.organisation or "",
                )
            )
        return result

    def untriaged(self) -> list[SignalDetails]:
        """The signals not yet triaged, oldest first."""
        stmt = select(Signal).where(Signal.status == SignalStatus.NEW).order_by(Signal.received_on)
        with self.reading() as session:
            return [signal_details(signal) for signal in session.scalars(stmt)]

    def suggest_cases(self, signal_id: int, limit: int = 5) -> list[CaseSuggestion]:
        """Open cases the signal may belong to, best first, each with its Dutch reasons."""
        with self.reading() as session:
            signal = self._load(session, signal_id)
            return suggest(session, signal, limit)

    def case_draft(self, signal_id: int) -> CaseDraft:
        """A new case's fields from the signal: its theme, area, street as location, text."""
        with self.reading() as session:
            signal = self._load(session, signal_id)
            return CaseDraft(
                signal_id=signal.id,
                title=draft_title(signal.text),
                description=signal.text,
                theme_id=signal.theme_id,
                area_id=signal_area_id(session, signal),
                location=signal_street(signal),
            )

    def case_choices(self, limit: int = CASE_CHOICES) -> list[tuple[int, str]]:
        """Open cases for a picker: (id, ``2026-014 Titel``), newest first."""
        stmt = (
            select(Case.id, Case.year, Case.number, Case.title)
            .where(Case.status != CaseStatus.CLOSED)
            .order_by(Case.year.desc(), Case.number.desc())
            .limit(limit)
        )
        with self.reading() as session:
            return [
                (row.id, f"{case_reference(row.year, row.number)} {row.title}")
                for row in session.execute(stmt)
            ]

    def close_reasons(self, limit: int = CLOSE_REASONS) -> list[str]:
        """The reasons signals were closed with most often, to pick from."""
        count = func.count().label("uses")
        stmt = (
            select(Signal.closed_reason, count)
            .where(Signal.status == SignalStatus.CLOSED)
            .group_by(Signal.closed_reason)
            .order_by(count.desc(), Signal.closed_reason)
            .limit(limit)
        )
        with self.reading() as session:
            return [row.closed_reason for row in session.execute(stmt) if row.closed_reason.strip()]

    def streets(self) -> list[str]:
        """The streets of the known addresses, for completing a signal's street."""
        with self.reading() as session:
            return list(session.scalars(select(Address.street).distinct().order_by(Address.street)))

    def addresses(self, street: str) -> list[tuple[int, str]]:
        """The addresses in one street (id, ``Leyweg 12a``), by number."""
        stmt = (
            select(Address)
            .where(func.lower(Address.street) == street.strip().lower())
            .order_by(Address.number, Address.addition)
        )
        with self.reading() as session:
            return [(address.id, address.label) for address in session.scalars(stmt)]

    # --- triage ----------------------------------------------------------------------------

    def link(self, signal_id: int, case_id: int) -> SignalTriage:
        """Link an untriaged signal to an existing case."""
        with self.transaction() as session:
            signal = self._untriaged(session, signal_id)
            before = image(signal)
            case = get_or_raise(session, Case, case_id, "Casus")
            self._mark_linked(session, signal, case, "gekoppeld aan casus")
            return _triage(session, signal, before, case)

    def link_to_case(self, signal_id: int, case_id: int) -> SignalTriage:
        """Older name of ``link``."""
        return self.link(signal_id, case_id)

    def create_case_from(
        self,
        signal_id: int,
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
    ) -> SignalTriage:
        """Create a case (as ``CaseService.create_case``) and link the signal to it: one transaction.
        The new case's id is the token's ``case_id``."""
        with self.transaction() as session:
            signal = self._untriaged(session, signal_id)
            before = image(signal)
            case = self.cases.create_case_in(
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
            self._mark_linked(session, signal, case, "nieuwe casus")
            return _triage(session, signal, before, case, created=True)

    def close(self, signal_id: int, reason: str) -> SignalTriage:
        """Close an untriaged signal without a case; the reason is required."""
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": "Geef een reden om het signaal af te sluiten."})
        with self.transaction() as session:
            signal = self._untriaged(session, signal_id)
            before = image(signal)
            signal.status = SignalStatus.CLOSED
            signal.case_id = None
            signal.closed_reason = reason
            signal.triaged_on = max(self.today(), signal.received_on)
            audit.record(session, AuditKind.STATUS, "signal", signal.id, "afgesloten")
            return _triage(session, signal, before, None)

    def undo(self, token: SignalTriage) -> SignalUndone:
        """Put the signal back in the inbox as it was before the triage; a case made from it goes
        too when nothing else has come to it yet. One transaction; refused when the signal has
        changed since."""
        try:
            with self.transaction() as session:
                signal = session.get(Signal, token.signal_id)
                if signal is None or signal.version != token.version:
                    raise too_late()
                put_back(session, [token.before])
                audit.record_undo(session, AuditKind.STATUS, "signal", signal.id, "terug in de inbox")
                if not token.case_created or token.case_id is None:
                    return SignalUndone(signal.id)
                return self._undo_created_case(session, signal.id, token)
        except IntegrityError:  # what it referred to is gone meanwhile
            raise too_late() from None

    @staticmethod
    def _undo_created_case(session: Session, signal_id: int, token: SignalTriage) -> SignalUndone:
        case = session.get(Case, token.case_id)
        if case is None:
            return SignalUndone(signal_id)
        if case_uses(session, case.id) or case.involvements or len(case.status_changes) > 1:
            return SignalUndone(signal_id, kept_case=case.reference)
        session.delete(case)
        audit.record_undo(session, AuditKind.DELETE, "case", token.case_id, f"casus uit signaal {signal_id}")
        return SignalUndone(signal_id, removed_case=token.case_reference)

    def _mark_linked(self, session: Session, signal: Signal, case: Case, how: str) -> None:
        signal.case_id = case.id
        signal.status = SignalStatus.LINKED
        signal.closed_reason = ""
        signal.triaged_on = max(self.today(), signal.received_on)
        audit.record(session, AuditKind.STATUS, "signal", signal.id, f"{how} {case.reference}")

    @staticmethod
    def _load(session: Session, signal_id: int) -> Signal:
        signal = session.scalars(
            select(Signal).where(Signal.id == signal_id).options(selectinload(Signal.address))
        ).first()
        if signal is None:
            raise NotFound("Signaal", signal_id)
        return signal

    @staticmethod
    def _untriaged(session: Session, signal_id: int) -> Signal:
        """The signal, if it still waits for triage; else a Dutch ``ValidationError``."""
        signal = get_or_raise(session, Signal, signal_id, "Signaal")
        if signal.status == SignalStatus.LINKED:
            reference = signal.case.reference if signal.case is not None else ""
            raise ValidationError(
                {
                    "signal": f"Dit signaal is al beoordeeld: op {short_date(signal.triaged_on)} "
                    f"gekoppeld aan casus {reference}."
                }
            )
        if signal.status == SignalStatus.CLOSED:
            raise ValidationError(
                {"signal": f"Dit signaal is al beoordeeld: op {short_date(signal.triaged_on)} afgesloten."}
            )
        return signal


def _triage(
    session: Session, signal: Signal, before: RowImage, case: Case | None, *, created: bool = False
) -> SignalTriage:
    """The undo token of a triage (written first, so that the version is the stored one)."""
    session.flush()
    return SignalTriage(
        signal_id=signal.id,
        status=signal.status,
        version=signal.version,
        before=before,
        case_id=case.id if case is not None else None,
        case_reference=case.reference if case is not None else "",
        case_created=created,
    )
