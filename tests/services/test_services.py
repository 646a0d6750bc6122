"""The services the UI and command line call: validation, one transaction per action, lists."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Action, AuditEvent, Case, Organisation, Signal
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    OrganisationKind,
    SignalSource,
    SignalStatus,
)
from wiec_desktop.services.listing.source import ListQuery, format_value
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.services.validation import ValidationError

TODAY = date(2026, 11, 10)


@pytest.fixture
def services(db) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def _count(services: Services, model: type) -> int:
    with services.session_factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_organisation_validation_in_dutch(services: Services) -> None:
    services.organisations.create_organisation("Stadsdeel Escamp", OrganisationKind.MUNICIPALITY)
    with pytest.raises(ValidationError) as error:
        services.organisations.create_organisation("  stadsdeel escamp ")
    assert error.value.errors == {"name": "Er bestaat al een organisatie met deze naam."}
    with pytest.raises(ValidationError) as error:
        services.organisations.create_organisation("")
    assert error.value.errors["name"] == "Naam is verplicht."
    assert _count(services, Organisation) == 1


def test_contact_validation_reports_every_field_at_once(services: Services) -> None:
    org = services.organisations.create_organisation("Politie wijkteam")
    with pytest.raises(ValidationError) as error:
        services.organisations.create_contact(org.id, "", email="geen-mail", phone="bel mij")
    assert set(error.value.errors) == {"name", "email", "phone"}
    contact = services.organisations.create_contact(
        org.id,
        "Karim Bouali",
        function="Wijkagent",
        email="k.bouali@politie.example.nl",
        phone="070-123 45 67",
    )
    updated = services.organisations.update_contact(
        contact.id, receives_reports=True, function="Wijkagent Escamp"
    )
    assert updated.receives_reports and updated.function == "Wijkagent Escamp"
    with pytest.raises(ValidationError):
        services.organisations.update_contact(contact.id, email="fout@")
    assert [c.name for c in services.organisations.list_contacts(org.id)] == ["Karim Bouali"]


def test_case_numbers_count_up_per_year_and_status_history_is_kept(services: Services) -> None:
    first = services.cases.create_case("Hangjongeren bij winkelcentrum")
    second = services.cases.create_case("Zwerfvuil Leyweg")
    old = services.cases.create_case("Vorig jaar", opened_on=date(2025, 12, 30))
    assert (first.reference, second.reference, old.reference) == ("2026-001", "2026-002", "2025-001")

    services.cases.change_status(first.id, CaseStatus.IN_ANALYSIS)
    with pytest.raises(ValidationError) as error:
        services.cases.change_status(first.id, CaseStatus.CLOSED)
    assert "resultaat" in error.value.errors["outcome"]
    closed = services.cases.change_status(first.id, CaseStatus.CLOSED, outcome="Overlast verdwenen.")
    assert closed.closed_on == TODAY
    reopened = services.cases.change_status(first.id, CaseStatus.MONITORING)
    assert reopened.closed_on is None
    timeline = services.timeline.for_case(first.id)
    statuses = [e.text for e in timeline if e.kind == "Status"]
    assert statuses == ["Aangemeld", "In analyse", "Afgesloten", "Monitoren"]


def test_involvements_and_lead_warning(services: Services) -> None:
    case = services.cases.create_case("Drugsoverlast portiek")
    police = services.organisations.create_organisation("Politie", OrganisationKind.POLICE)
    housing = services.organisations.create_organisation("Woonstichting Zuid", OrganisationKind.HOUSING)
    services.cases.add_involvement(case.id, housing.id, InvolvementRole.PARTNER, activity="Gesprek huurders")
    assert "geen trekker" in services.details.get("cases", case.id).subtitle
    services.cases.add_involvement(case.id, police.id, InvolvementRole.LEAD)
    with pytest.raises(ValidationError):
        services.cases.add_involvement(case.id, police.id, InvolvementRole.PARTNER)
    assert services.details.get("cases", case.id).subtitle == "Aangemeld"


def test_action_rules_and_progress(services: Services) -> None:
    org = services.organisations.create_organisation("Welzijn Escamp", OrganisationKind.WELFARE)
    other = services.organisations.create_organisation("GGD")
    stranger = services.organisations.create_contact(other.id, "Els de Boer")
    with pytest.raises(ValidationError) as error:
        services.actions.create_action(
            "Buurtgesprek", org.id, due_date=TODAY - timedelta(days=1), owner_contact_id=stranger.id
        )
    assert set(error.value.errors) == {"due_date", "contact"}
    action = services.actions.create_action(
        "Buurtgesprek organiseren", org.id, due_date=TODAY + timedelta(days=7)
    )
    assert action.reference == "A-2026-001"
    services.actions.record_update(
        action.id, ActionStatus.IN_PROGRESS, note="Zaal gereserveerd", new_due_date=TODAY + timedelta(days=14)
    )
    services.actions.record_update(action.id, ActionStatus.DONE)
    with services.session_factory() as session:
        stored = session.get(Action, action.id)
        assert stored.status == ActionStatus.DONE and stored.completed_on == TODAY
        assert stored.due_date == TODAY + timedelta(days=14) and len(stored.updates) == 2


def test_failed_action_leaves_nothing_behind(services: Services) -> None:
    before = (_count(services, Action), _count(services, AuditEvent))
    with pytest.raises(ValidationError):
        services.actions.create_action("Iets", owner_organisation_id=12345)
    assert (_count(services, Action), _count(services, AuditEvent)) == before


def test_meeting_agenda_and_decisions(services: Services) -> None:
    with pytest.raises(ValidationError) as error:
        services.agenda.plan_meeting(
            MeetingKind.CASE_MEETING, "Casuïstiekoverleg", TODAY, time(10), time(9),
            start_from=AgendaStart.EMPTY,
        )  # fmt: skip
    assert "eindtijd" in error.value.errors["planned_end_time"]
    meeting_id = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Casuïstiekoverleg Wateringseveld", TODAY, time(9, 30), time(11),
        start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    case = services.cases.create_case("Hangjongeren")
    services.agenda.add_item(meeting_id, AgendaItemKind.OPENING)
    services.agenda.add_item(meeting_id, AgendaItemKind.CASE, case_id=case.id, timebox_minutes=20)
    with pytest.raises(ValidationError):
        services.agenda.add_item(meeting_id, AgendaItemKind.CASE)
    opening, item = services.agenda.agenda(meeting_id)
    assert (opening.position, opening.title) == (0, "Opening")
    assert (item.position, item.title) == (1, "2026-001 Hangjongeren")
    services.meeting_run.add_decision(item.id, "Jongerenwerk gaat in gesprek met de groep.")
    assert [m.title for m in services.meetings.list_meetings()] == ["Casuïstiekoverleg Wateringseveld"]
    detail = services.details.get("meetings", meeting_id)
    assert detail.sections[0].lines == ("1. Opening (10 min.)", "2. 2026-001 Hangjongeren (20 min.)")


def test_signal_triage(services: Services) -> None:
    case = services.cases.create_case("Vervuiling")
    signal = services.signals.create_signal(
        "Vuilniszakken naast de container",
        SignalSource.RESIDENT_PHONE,
        received_on=TODAY - timedelta(days=20),
        street="Leyweg",
    )
    other = services.signals.create_signal("Lantaarnpaal kapot", SignalSource.OWN_OBSERVATION)
    assert [s.id for s in services.signals.untriaged()] == [signal.id, other.id]
    assert services.dashboard.summary().stale_signals == 1
    services.signals.link_to_case(signal.id, case.id)
    with pytest.raises(ValidationError):
        services.signals.close(other.id, " ")
    services.signals.close(other.id, "Doorgezet naar de gemeente (melding openbare ruimte)")
    assert services.signals.untriaged() == []
    with services.session_factory() as session:
        assert session.get(Signal, signal.id).status == SignalStatus.LINKED


def test_every_list_counts_fetches_sorts_and_searches(demo_db) -> None:
    services = Services(demo_db.session_factory, today=lambda: date(2026, 11, 10))
    for name in LIST_NAMES:
        source = services.list_source(name)
        total = source.count(ListQuery())
        rows = source.fetch(ListQuery(), 0, 50)
        assert len(rows) == min(total, 50), name
        for column in source.spec.columns:
            if column.sortable:
                source.fetch(ListQuery(sort_key=column.key, descending=True), 0, 5)
            for row in rows[:3]:
                format_value(row.values[source.spec.column_index(column.key)], column)
        if rows:
            assert services.details.get(name, rows[0].id).title


def test_case_list_filters_and_search(demo_db) -> None:
    services = Services(demo_db.session_factory, today=lambda: date(2026, 11, 10))
    source = services.list_source("cases")
    total = source.count(ListQuery())
    without_lead = source.count(ListQuery(filters={"without_lead": True}))
    overdue = source.count(ListQuery(filters={"overdue": True}))
    assert 0 < without_lead < total and 0 < overdue < total
    overdue_rows = source.fetch(ListQuery(filters={"overdue": True}), 0, 100)
    assert all(row.highlight for row in overdue_rows)
    with demo_db.session_factory() as session:
        case = session.scalars(select(Case).order_by(Case.id)).first()
    hits = source.fetch(ListQuery(search=case.reference), 0, 10)
    assert [row.id for row in hits] == [case.id]
    by_reference = source.fetch(ListQuery(sort_key="reference"), 0, total)
    keys = [row.values[0] for row in by_reference]
    assert keys == sorted(keys)


def test_search_treats_wildcards_literally(services: Services) -> None:
    services.cases.create_case("100% schoon")
    services.cases.create_case("Schoon_plein")
    source = services.list_source("cases")
    assert source.count(ListQuery(search="100%")) == 1
    assert source.count(ListQuery(search="_")) == 1


def test_dashboard_summary_on_demo(demo_db) -> None:
    summary = Services(demo_db.session_factory, today=lambda: date(2026, 11, 10)).dashboard.summary()
    assert summary.open_cases > 0 and summary.overdue_actions > 0 and summary.untriaged_signals > 0
    assert summary.next_meeting is not None and summary.next_meeting[0] >= date(2026, 11, 10)
    assert summary.average_rating is not None and 1 <= summary.average_rating <= 10
    assert sum(n for _label, n in summary.cases_by_status) == 26
