"""Signals from the neighbourhood: recording and triage (link to a case, or close with a reason)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from wiec_desktop.domain import Case, Signal
from wiec_desktop.domain.enums import AuditKind, SignalSource, SignalStatus
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.validation import Checker, ValidationError


class SignalService(Service):
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
    ) -> Signal:
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
            return signal

    def link_to_case(self, signal_id: int, case_id: int) -> Signal:
        with self.transaction() as session:
            signal = get_or_raise(session, Signal, signal_id, "Signaal")
            get_or_raise(session, Case, case_id, "Casus")
            signal.case_id = case_id
            signal.status = SignalStatus.LINKED
            signal.closed_reason = ""
            signal.triaged_on = max(self.today(), signal.received_on)
            audit.record(session, AuditKind.STATUS, "signal", signal.id, f"gekoppeld aan casus {case_id}")
            return signal

    def close(self, signal_id: int, reason: str) -> Signal:
        if not reason.strip():
            raise ValidationError({"reason": "Geef een reden om het signaal af te sluiten."})
        with self.transaction() as session:
            signal = get_or_raise(session, Signal, signal_id, "Signaal")
            signal.status = SignalStatus.CLOSED
            signal.case_id = None
            signal.closed_reason = reason.strip()
            signal.triaged_on = max(self.today(), signal.received_on)
            audit.record(session, AuditKind.STATUS, "signal", signal.id, "afgesloten")
            return signal

    def untriaged(self) -> list[Signal]:
        stmt = select(Signal).where(Signal.status == SignalStatus.NEW).order_by(Signal.received_on)
        with self.reading() as session:
            return list(session.scalars(stmt))
