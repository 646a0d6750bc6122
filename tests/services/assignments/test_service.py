"""Assignments: validation, exactly one current, progress on a fixed day, delete refusal, audit."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Assignment, AuditEvent
from wiec_desktop.domain.enums import AuditKind, MeetingKind, OrganisationKind, ReportCadence
from wiec_desktop.services.assignments.service import compute_progress
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import InUse, ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def _current_ids(services: Services) -> list[int]:
    with services.session_factory() as session:
        return list(session.scalars(select(Assignment.id).where(Assignment.is_current.is_(True))))


def test_validation_messages_in_dutch_keyed_by_field(services: Services) -> None:
    with pytest.raises(ValidationError) as error:
        services.assignments.create("  ", date(2026, 12, 31), date(2026, 1, 1))
    assert error.value.errors == {
        "title": "Titel is verplicht.",
        "end_date": "De einddatum ligt vóór de startdatum.",
    }
    with pytest.raises(ValidationError) as error:
        services.assignments.create("Wijkaanpak", None, None, area_ids=[999])
    assert error.value.errors == {
        "start_date": "Startdatum is verplicht.",
        "end_date": "Einddatum is verplicht.",
        "area_ids": "Een van de gekozen wijken of buurten bestaat niet (meer).",
    }
    same_day = services.assignments.create("Eendaagse sessie", date(2026, 5, 1), date(2026, 5, 1))
    assert same_day.start_date == same_day.end_date
    with pytest.raises(ValidationError) as error:
        services.assignments.update(same_day.id, end_date=date(2026, 4, 30))
    assert error.value.errors == {"end_date": "De einddatum ligt vóór de startdatum."}


def test_create_and_update_with_areas_recipients_and_client(services: Services) -> None:
    org = services.organisations.create_organisation("Stadsdeel Escamp", OrganisationKind.MUNICIPALITY)
    reporter = services.organisations.create_contact(org.id, "Els de Vries", receives_reports=True)
    other = services.organisations.create_contact(org.id, "Piet Jansen")
    wijk = services.taxonomy.create_area("Wateringseveld")
    buurt = services.taxonomy.create_area("Dreven", parent_id=wijk.id)
    created = services.assignments.create(
        " Wijkaanpak Wateringseveld ",
        date(2026, 1, 1),
        date(2026, 12, 31),
        client_organisation_id=org.id,
        report_cadence=ReportCadence.WEEKLY,
        notes=" Afspraken ",
        area_ids=[wijk.id, buurt.id, wijk.id],
        recipient_ids=[reporter.id],
    )
    got = services.assignments.get(created.id)
    assert (got.title, got.notes, got.report_cadence) == ("Wijkaanpak Wateringseveld", "Afspraken", "weekly")
    assert got.client.name == "Stadsdeel Escamp"
    assert sorted(a.name for a in got.areas) == ["Dreven", "Wateringseveld"]
    assert [c.organisation.name for c in got.recipients] == ["Stadsdeel Escamp"]

    services.assignments.update(created.id, area_ids=[buurt.id], recipient_ids=[reporter.id, other.id])
    got = services.assignments.get(created.id)
    assert [a.name for a in got.areas] == ["Dreven"]
    assert sorted(c.name for c in got.recipients) == ["Els de Vries", "Piet Jansen"]
    with services.session_factory() as session:
        details = list(
            session.scalars(
                select(AuditEvent.detail).where(
                    AuditEvent.entity_type == "assignment", AuditEvent.kind == AuditKind.UPDATE
                )
            )
        )
    assert details == ["area_ids,recipient_ids"]  # field names only, never the people


def test_recipients_must_be_active_contacts_but_may_stay_when_deactivated(services: Services) -> None:
    org = services.organisations.create_organisation("Politie")
    agent = services.organisations.create_contact(org.id, "Wijkagent Bakker", receives_reports=True)
    gone = services.organisations.create_contact(org.id, "Oud-collega")
    services.organisations.update_contact(gone.id, active=False)
    with pytest.raises(ValidationError) as error:
        services.assignments.create(
            "Opdracht", date(2026, 1, 1), date(2026, 6, 30), recipient_ids=[agent.id, gone.id]
        )
    assert error.value.errors == {
        "recipient_ids": "Oud-collega is niet meer actief en kan geen rapportages ontvangen."
    }
    assignment = services.assignments.create(
        "Opdracht", date(2026, 1, 1), date(2026, 6, 30), recipient_ids=[agent.id]
    )
    services.organisations.update_contact(agent.id, active=False)
    services.assignments.update(assignment.id, title="Opdracht 2026")  # a kept recipient is no error
    assert [c.name for c in services.assignments.get(assignment.id).recipients] == ["Wijkagent Bakker"]


def test_exactly_one_current_assignment(services: Services) -> None:
    first = services.assignments.create("Eerste", date(2025, 1, 1), date(2025, 12, 31))
    assert services.assignments.current().id == first.id  # the first one becomes current by itself
    second = services.assignments.create("Tweede", date(2026, 1, 1), date(2026, 12, 31))
    third = services.assignments.create("Derde", date(2027, 1, 1), date(2027, 12, 31), make_current=True)
    assert _current_ids(services) == [third.id]
    services.assignments.set_current(second.id)
    assert _current_ids(services) == [second.id]
    assert services.assignments.current().title == "Tweede"
    assert [a.title for a in services.assignments.list()] == ["Tweede", "Derde", "Eerste"]
    services.assignments.set_current(second.id)  # again: nothing changes
    assert _current_ids(services) == [second.id]
    new_case = services.cases.create_case("Hangjongeren")
    assert new_case.assignment_id == second.id


def test_progress_figures_on_a_fixed_day() -> None:
    year = compute_progress(date(2026, 1, 1), date(2026, 12, 31), TODAY)
    assert (year.days_total, year.days_elapsed, year.days_left) == (365, 314, 51)
    assert year.percent_elapsed == 86.0
    assert not year.not_started and not year.ended
    assert year.text() == "nog 51 dagen van 365"

    first_day = compute_progress(TODAY, date(2027, 11, 9), TODAY)
    assert (first_day.days_total, first_day.days_elapsed, first_day.days_left) == (365, 1, 364)
    last_day = compute_progress(date(2026, 11, 1), TODAY, TODAY)
    assert (last_day.days_total, last_day.days_left, last_day.ended) == (10, 0, False)
    assert last_day.text() == "nog 0 dagen van 10"

    later = compute_progress(date(2026, 12, 1), date(2027, 5, 31), TODAY)
    assert (later.not_started, later.days_elapsed, later.days_left, later.percent_elapsed) == (
        True, 0, 182, 0.0,
    )  # fmt: skip
    assert later.text() == "begint over 21 dagen (182 dagen)"

    past = compute_progress(date(2025, 1, 1), date(2025, 12, 31), TODAY)
    assert (past.ended, past.days_elapsed, past.days_left, past.percent_elapsed) == (True, 365, 0, 100.0)
    assert past.text() == "afgelopen (365 dagen)"


def test_progress_of_a_stored_assignment_uses_the_injected_today(services: Services) -> None:
    assignment = services.assignments.create("Wijkaanpak", date(2026, 3, 13), date(2027, 3, 12))
    progress = services.assignments.progress(assignment.id)
    assert (progress.days_total, progress.days_elapsed, progress.days_left) == (365, 243, 122)
    assert progress.text() == "nog 122 dagen van 365"
    assert services.dashboard.summary().assignment_days_left == progress.days_left  # same count


def test_delete_refused_while_cases_or_meetings_refer(services: Services) -> None:
    assignment = services.assignments.create("Wijkaanpak", date(2026, 1, 1), date(2026, 12, 31))
    case = services.cases.create_case("Zwerfafval", assignment_id=assignment.id)
    services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Casuïstiekoverleg", date(2026, 11, 12), time(10), time(11),
        assignment_id=assignment.id, start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    with pytest.raises(InUse) as error:
        services.assignments.delete(assignment.id)
    assert error.value.uses == ["1 casus", "1 overleg"]
    assert str(error.value) == (
        "Opdracht ‘Wijkaanpak’ wordt nog gebruikt door 1 casus en 1 overleg en kan niet worden verwijderd."
    )
    assert case.id and services.assignments.get(assignment.id)

    empty = services.assignments.create("Proef", date(2026, 1, 1), date(2026, 1, 31))
    services.assignments.delete(empty.id)
    with services.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 1
        kinds = list(
            session.scalars(
                select(AuditEvent.kind).where(
                    AuditEvent.entity_type == "assignment", AuditEvent.entity_id == empty.id
                )
            )
        )
    assert kinds == [AuditKind.CREATE, AuditKind.DELETE]
