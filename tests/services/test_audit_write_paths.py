"""Every write of the services leaves an entry in the logboek, with references only.

A walk through the typical calls of a chair's week — partners, a case, house visits and signals,
a meeting prepared, run and closed, its documents — asserts after each call that it added at least
one audit entry about the expected kind of record, that the chain is intact at the end, and that no
entry holds any of the personal data that went in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select

from wiec_desktop.domain import Address, AuditEvent
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AttendanceStatus,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    OrganisationKind,
    SignalSource,
    VisitOutcome,
)
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.inventory.house_visits import ProblemNote
from wiec_desktop.services.privacy.redaction import Audience
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)
INTERNAL = Audience.INTERNAL  # the policymakers' variant needs deduce's tables; the log is the same
T = TypeVar("T")
PERSONAL = ("Emine Sitaldin", "06-27254302", "emine@example.nl", "lekkage bij de buren", "Gast Jansen")


class Walk:
    """Runs one service call and checks what it added to the log."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.steps: list[str] = []
        self.missing: list[str] = []  # calls without an entry about the expected kind of record

    def _last(self) -> int:
        with self.db.session_factory() as session:
            return session.scalar(select(AuditEvent.sequence).order_by(AuditEvent.sequence.desc())) or 0

    def __call__(self, what: str, entity_type: str | tuple[str, ...], call: Callable[[], T]) -> T:
        before = self._last()
        result = call()
        with self.db.session_factory() as session:
            added = session.scalars(select(AuditEvent).where(AuditEvent.sequence > before)).all()
        wanted = {entity_type} if isinstance(entity_type, str) else set(entity_type)
        if not wanted <= {event.entity_type for event in added}:
            self.missing.append(what)
        self.steps.append(what)
        return result


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def test_every_typical_write_is_in_the_log(db: Database, services: Services, tmp_path: Path) -> None:
    walk = Walk(db)
    org = walk("organisatie", "organisation", lambda: services.organisations.create_organisation("Politie"))
    walk(
        "organisatie wijzigen",
        "organisation",
        lambda: services.organisations.update_organisation(org.id, notes="x"),
    )
    contact = walk(
        "contactpersoon",
        "contact",
        lambda: services.organisations.create_contact(org.id, "Karim Bouali", email="k@politie.example.nl"),
    )
    walk(
        "contact wijzigen",
        "contact",
        lambda: services.organisations.update_contact(contact.id, function="agent"),
    )
    other = services.organisations.create_organisation("Woonstad", OrganisationKind.HOUSING)

    case = walk("casus", "case", lambda: services.cases.create_case("Overlast portiek", opened_on=TODAY))
    walk("casus wijzigen", "case", lambda: services.cases.update_case(case.id, description="portiek 3"))
    walk("status", "case", lambda: services.cases.change_status(case.id, CaseStatus.IN_ANALYSIS))
    walk(
        "betrokkenheid",
        "case",
        lambda: services.cases.add_involvement(case.id, org.id, InvolvementRole.LEAD, contact_id=contact.id),
    )
    second = services.cases.add_involvement(case.id, other.id)
    walk(
        "betrokkenheid wijzigen",
        "case",
        lambda: services.cases.update_involvement(second.id, role=InvolvementRole.INFORMED),
    )
    walk("betrokkenheid weg", "case", lambda: services.cases.remove_involvement(second.id))

    with db.session_factory.begin() as session:
        address = Address(street="Ruinenlaan", number=39, addition="", postcode="2541AB")
        session.add(address)
        session.flush()
        address_id = address.id
    round_id = walk(
        "ronde", "inventory_round", lambda: services.house_visits.create_round("Najaar", date(2026, 10, 1))
    )
    visit = walk(
        "huisbezoek",
        ("house_visit", "resident", "signal"),
        lambda: services.house_visits.record_visit(
            address_id,
            visited_on=TODAY,
            round_id=round_id,
            visitors="wijkagent",
            outcome=VisitOutcome.SPOKEN,
            problems=(ProblemNote("lekkage bij de buren"),),
            resident_name="Emine Sitaldin",
            resident_phone="06-27254302",
            consent_on=TODAY,
        ),
    )
    visit_id = visit.visit_id
    walk(
        "huisbezoek wijzigen",
        "house_visit",
        lambda: services.house_visits.update_visit(
            visit_id, visited_on=TODAY, visitors="wijkagent", outcome=VisitOutcome.SPOKEN, rating=4
        ),
    )
    token = walk("huisbezoek weg", "house_visit", lambda: services.house_visits.delete_visit(visit_id))
    walk("huisbezoek terug", "house_visit", lambda: services.house_visits.undo(token))

    signal = walk(
        "signaal",
        "signal",
        lambda: services.signals.create_signal(
            "lekkage bij de buren", SignalSource.RESIDENT_PHONE, received_on=TODAY
        ),
    )
    triage = walk("signaal koppelen", "signal", lambda: services.signals.link(signal.id, case.id))
    walk("koppelen ongedaan", "signal", lambda: services.signals.undo(triage))
    walk("signaal sluiten", "signal", lambda: services.signals.close(signal.id, "dubbel"))

    action = walk(
        "actie",
        "action",
        lambda: services.actions.create_action("Buurtgesprek", org.id, case_id=case.id, due_date=TODAY),
    )
    walk(
        "actie bijwerken",
        "action",
        lambda: services.actions.record_update(action.id, ActionStatus.IN_PROGRESS),
    )

    meeting_id = walk(
        "overleg",
        "meeting",
        lambda: services.agenda.plan_meeting(
            MeetingKind.CASE_MEETING, "Casusoverleg", TODAY, time(9, 30), time(11), invitee_ids=[contact.id]
        ),
    )
    walk(
        "overleg wijzigen",
        "meeting",
        lambda: services.agenda.update_meeting(meeting_id, location="Buurthuis"),
    )
    item_id = walk(
        "agendapunt",
        "meeting",
        lambda: services.agenda.add_item(meeting_id, AgendaItemKind.CASE, case_id=case.id),
    )
    walk("agendapunt wijzigen", "meeting", lambda: services.agenda.update_item(item_id, timebox_minutes=15))
    walk("agendapunt verplaatsen", "meeting", lambda: services.agenda.move_item(item_id, 0))
    order = [row.id for row in services.agenda.agenda(meeting_id)]
    walk("agenda ordenen", "meeting", lambda: services.agenda.reorder(meeting_id, list(reversed(order))))
    extra = services.agenda.add_item(meeting_id, AgendaItemKind.OTHER, "Extra")
    walk("agendapunt weg", "meeting", lambda: services.agenda.remove_item(extra))

    run = services.meeting_run
    walk("overleg starten", "meeting", lambda: run.start(meeting_id))
    attendance = run.attendance(meeting_id)[0]
    walk("aanwezigheid", "meeting", lambda: run.set_attendance(attendance.id, AttendanceStatus.PRESENT))
    guest = walk("gast", "meeting", lambda: run.add_guest(meeting_id, "Gast Jansen"))
    walk("gast weg", "meeting", lambda: run.remove_attendance(guest))
    decision = walk("besluit", "meeting", lambda: run.add_decision(item_id, "Gesprek met de bewoners"))
    walk("besluit weg", "meeting", lambda: run.remove_decision(decision.id))
    walk("actie in overleg", "action", lambda: run.add_action(meeting_id, item_id, "Brief sturen", org.id))
    walk(
        "actie in overleg bijwerken",
        "action",
        lambda: run.update_action(meeting_id, action.id, ActionStatus.DONE),
    )
    walk("agendapunt parkeren", "meeting", lambda: run.park_item(item_id))
    walk("overleg sluiten", "meeting", lambda: run.close(meeting_id))

    from wiec_desktop.exports import documents

    walk(
        "actielijst",
        "action_list",
        lambda: documents.write_action_list(
            services, ActionListScope.all_open(), tmp_path / "acties.xlsx", audience=INTERNAL
        ),
    )
    walk(
        "verslag",
        "meeting",
        lambda: documents.write_minutes(services, meeting_id, tmp_path / "verslag.docx", audience=INTERNAL),
    )

    planned = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Volgende", date(2026, 12, 1), time(9), time(10)
    )
    walk(
        "uitnodiging",
        "meeting",
        lambda: documents.write_invitation(
            services, planned, tmp_path / "uitnodiging.ics", audience=INTERNAL
        ),
    )
    walk("overleg weg", "meeting", lambda: services.agenda.delete_meeting(planned))
    deleted = walk(
        "casus weg", "case", lambda: services.cases.delete_case(services.cases.create_case("Tijdelijk").id)
    )
    walk("casus terug", "case", lambda: services.cases.undo(deleted))

    assert walk.missing == []
    report = services.audit_log.verify_chain()
    assert report.ok and report.checked >= len(walk.steps)
    with db.session_factory() as session:
        details = session.scalars(select(AuditEvent.detail)).all()
    leaked = [(text, detail) for detail in details for text in PERSONAL if text.lower() in detail.lower()]
    assert leaked == []
