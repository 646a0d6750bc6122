"""Cases: editing in one transaction, the status workflow, involvements, lead warnings, timeline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from wiec_desktop.domain import Assignment, Case, Involvement
from wiec_desktop.domain.enums import (
    ActionStatus,
    CaseStatus,
    InvolvementRole,
    OrganisationKind,
    SignalSource,
)
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def test_new_cases_belong_to_the_current_assignment(services: Services) -> None:
    with services.session_factory.begin() as session:
        session.add(Assignment(title="Oud", start_date=date(2025, 1, 1), end_date=date(2025, 12, 31)))
        current = Assignment(
            title="Wijkaanpak", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), is_current=True
        )
        session.add(current)
    case = services.cases.create_case("Hangjongeren")
    assert case.assignment_id == current.id


def test_closing_without_outcome_saves_nothing(services: Services) -> None:
    case = services.cases.create_case("Zwerfvuil")
    with pytest.raises(ValidationError) as error:
        services.cases.update_case(case.id, status=CaseStatus.CLOSED, title="Zwerfvuil Leyweg")
    assert "resultaat" in error.value.errors["outcome"]
    stored = services.cases.get_case(case.id)
    assert (stored.title, stored.status) == ("Zwerfvuil", CaseStatus.REPORTED)

    closed = services.cases.update_case(
        case.id, status=CaseStatus.CLOSED, outcome="Extra container geplaatst.", title="Zwerfvuil Leyweg"
    )
    assert (closed.title, closed.status, closed.closed_on) == ("Zwerfvuil Leyweg", CaseStatus.CLOSED, TODAY)
    assert [c.to_status for c in services.cases.get_case(case.id).status_changes] == [
        CaseStatus.REPORTED,
        CaseStatus.CLOSED,
    ]


def test_involvements_change_and_lead_warnings(services: Services) -> None:
    case = services.cases.create_case("Drugsoverlast")
    police = services.organisations.create_organisation("Politie", OrganisationKind.POLICE)
    housing = services.organisations.create_organisation("Woonstichting", OrganisationKind.HOUSING)
    officer = services.organisations.create_contact(police.id, "Wijkagent De Wit")
    assert "geen trekker" in services.cases.lead_warning(case.id)
    first = services.cases.add_involvement(case.id, police.id, InvolvementRole.LEAD, contact_id=officer.id)
    second = services.cases.add_involvement(case.id, housing.id, InvolvementRole.LEAD)
    assert "2 trekkers" in services.cases.lead_warning(case.id)
    services.cases.update_involvement(second.id, role=InvolvementRole.PARTNER, activity="Huurders aanspreken")
    assert services.cases.lead_warning(case.id) == ""
    tenant_officer = services.organisations.create_contact(housing.id, "Huismeester Bakker")
    with pytest.raises(ValidationError):
        services.cases.update_involvement(first.id, role=InvolvementRole.LEAD, contact_id=tenant_officer.id)
    services.cases.remove_involvement(second.id)
    loaded = services.cases.get_case(case.id)
    assert [(i.organisation.name, i.role, i.contact.name) for i in loaded.involvements] == [
        ("Politie", InvolvementRole.LEAD, "Wijkagent De Wit")
    ]


def test_timeline_collects_everything_in_date_order(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: TODAY)
    with demo_db.session_factory() as session:
        case_id = session.scalars(
            select(Case.id).where(Case.status == CaseStatus.IN_PROGRESS).order_by(Case.id)
        ).first()
    org = services.organisations.list_organisations()[0]
    services.signals.link_to_case(
        services.signals.create_signal("Weer overlast", SignalSource.WALK_IN).id, case_id
    )
    action = services.actions.create_action("Gesprek voeren", org.id, case_id=case_id)
    services.actions.record_update(action.id, ActionStatus.DONE, note="Gesprek gevoerd")
    timeline = services.timeline.for_case(case_id)
    kinds = {entry.kind for entry in timeline}
    assert {"Status", "Signaal", "Overleg", "Actie", "Voortgang"} <= kinds
    assert [e.on for e in timeline] == sorted(e.on for e in timeline)
    assert next(e.text for e in timeline if e.kind == "Status").startswith("Aangemeld")
    assert any(e.text.startswith(f"{action.reference}: Gereed") for e in timeline)
    detail = services.details.get("cases", case_id)
    newest_first = next(s for s in detail.sections if s.heading.startswith("Tijdlijn")).lines
    assert "Voortgang" in newest_first[0] or "Actie" in newest_first[0] or "Signaal" in newest_first[0]


def test_case_list_filter_by_lead_organisation(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: TODAY)
    with demo_db.session_factory() as session:
        lead = session.scalars(
            select(Involvement).where(Involvement.role == InvolvementRole.LEAD).order_by(Involvement.id)
        ).first()
        expected = set(
            session.scalars(
                select(Involvement.case_id).where(
                    Involvement.role == InvolvementRole.LEAD,
                    Involvement.organisation_id == lead.organisation_id,
                )
            )
        )
    source = services.list_source("cases")
    rows = source.fetch(ListQuery(filters={"lead": lead.organisation_id}), 0, 100)
    assert {row.id for row in rows} == expected
    assert source.count(ListQuery(filters={"lead": lead.organisation_id})) == len(expected)
