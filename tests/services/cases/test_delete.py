"""Deleting a case: refused with where it is used, else gone with its own rows; undo brings it back
as it was, in one transaction, and both are in the audit log."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import AgendaItem, AuditEvent, Case, CaseStatusChange, Involvement, Meeting
from wiec_desktop.domain.enums import (
    AgendaItemKind,
    AuditKind,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    OrganisationKind,
    SignalSource,
)
from wiec_desktop.services import audit
from wiec_desktop.services.cases.service import CASE_IN_USE
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def _count(services: Services, model: type) -> int:
    with services.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _events(services: Services, case_id: int) -> list[tuple[AuditKind, str]]:
    with services.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "case", AuditEvent.entity_id == case_id)
            .order_by(AuditEvent.id)
        )
        return [(event.kind, event.detail) for event in events]


def _case_with_involvements(services: Services) -> int:
    police = services.organisations.create_organisation("Politie", OrganisationKind.POLICE)
    housing = services.organisations.create_organisation("Staedion", OrganisationKind.HOUSING)
    agent = services.organisations.create_contact(police.id, "Wijkagent Noord")
    case = services.cases.create_case("Zwerfvuil Leyweg", location="Leyweg", description="Bij de containers")
    services.cases.add_involvement(case.id, police.id, InvolvementRole.LEAD, contact_id=agent.id)
    services.cases.add_involvement(case.id, housing.id, InvolvementRole.PARTNER, activity="Schoonmaak")
    services.cases.change_status(case.id, CaseStatus.IN_ANALYSIS, note="Eerst kijken")
    return case.id


def test_a_case_nothing_refers_to_is_deleted_with_its_own_rows_and_comes_back(services: Services) -> None:
    case_id = _case_with_involvements(services)
    before = services.cases.get_case(case_id)
    assert services.cases.where_used_case(case_id) == []

    token = services.cases.delete_case(case_id)

    assert token.reference == before.reference == "2026-001"
    with pytest.raises(NotFound):
        services.cases.get_case(case_id)
    assert (_count(services, Case), _count(services, Involvement), _count(services, CaseStatusChange)) == (
        0,
        0,
        0,
    )
    assert "Zwerfvuil" not in repr(token)  # nothing of the case's text in a log line

    restored = services.cases.undo(token)

    assert restored.id == case_id and restored.reference == "2026-001"
    after = services.cases.get_case(case_id)
    assert after == before  # every field, involvement and status step as it was
    kinds = _events(services, case_id)
    assert kinds[-2:] == [
        (AuditKind.DELETE, "2026-001"),
        (AuditKind.CREATE, "ongedaan gemaakt: verwijderen van 2026-001"),
    ]


def test_a_case_in_use_is_refused_with_where_it_is_used(services: Services) -> None:
    police = services.organisations.create_organisation("Politie", OrganisationKind.POLICE)
    case = services.cases.create_case("Jongeren bij het winkelcentrum")
    services.actions.create_action("Gesprek met de jongeren", police.id, case_id=case.id)
    signal = services.signals.create_signal("Overlast 's avonds", SignalSource.RESIDENT_PHONE)
    services.signals.link(signal.id, case.id)
    with services.session_factory.begin() as session:
        meeting = Meeting(
            kind=MeetingKind.CASE_MEETING,
            title="Casusoverleg",
            date=date(2026, 11, 12),
            start_time=time(10),
            planned_end_time=time(12),
        )
        session.add(meeting)
        session.flush()
        session.add(
            AgendaItem(
                meeting_id=meeting.id, position=0, kind=AgendaItemKind.CASE, title="x", case_id=case.id
            )
        )

    with pytest.raises(InUse) as refused:
        services.cases.delete_case(case.id)

    assert str(refused.value) == CASE_IN_USE
    assert refused.value.uses == [
        "1 actie (A-2026-001)",
        "Op de agenda: 1 agendapunt (12-11-2026)",
        "1 gekoppeld signaal",
    ]
    assert services.cases.where_used_case(case.id) == refused.value.uses
    assert services.cases.get_case(case.id).title == "Jongeren bij het winkelcentrum"
    assert (AuditKind.DELETE, "2026-001") not in _events(services, case.id)


def test_undo_is_refused_when_the_number_was_given_out_again(services: Services) -> None:
    first = services.cases.create_case("Eerste")
    last = services.cases.create_case("Laatste")
    token = services.cases.delete_case(last.id)
    services.cases.delete_case(first.id)
    again = services.cases.create_case("Nieuwe")  # gets 2026-001 back: the highest number is gone
    newest = services.cases.create_case("Nog een")  # 2026-002: the deleted case's number
    assert newest.reference == token.reference

    with pytest.raises(ValidationError) as refused:
        services.cases.undo(token)

    assert "2026-002" in refused.value.errors["undo"]
    assert {case.title for case in services.cases.search_cases()} == {again.title, newest.title}


def test_undo_is_one_transaction(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = _case_with_involvements(services)
    token = services.cases.delete_case(case_id)

    def failing(*_args: object) -> None:
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(audit, "record_undo", failing)  # after every row is back, before the commit
    with pytest.raises(RuntimeError):
        services.cases.undo(token)

    assert (_count(services, Case), _count(services, Involvement), _count(services, CaseStatusChange)) == (
        0,
        0,
        0,
    )
    monkeypatch.undo()
    assert services.cases.undo(token).id == case_id
