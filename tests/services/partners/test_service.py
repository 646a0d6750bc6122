"""Partners service: Dutch validation per field, duplicates, where-used, delete refusal, deactivation."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import (
    Action,
    Assignment,
    Attendance,
    AuditEvent,
    Contact,
    Involvement,
    Organisation,
    Signal,
)
from wiec_desktop.domain.enums import AuditKind, OrganisationKind
from wiec_desktop.services.partners import service as organisations_module
from wiec_desktop.services.partners.service import CONTACT_IN_USE, ORGANISATION_IN_USE, OrganisationService
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import InUse, ValidationError
from wiec_desktop.storage.database import Database


@pytest.fixture
def partners(db: Database) -> OrganisationService:
    return Services(db.session_factory, today=lambda: DEMO_TODAY).organisations


@pytest.fixture
def demo(demo_db: Database) -> OrganisationService:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY).organisations


def _scalar(service: OrganisationService, stmt: Any) -> Any:
    with service.session_factory() as session:
        return session.execute(stmt).scalar_one()


def _count(service: OrganisationService, model: type, *where: Any) -> int:
    return _scalar(service, select(func.count()).select_from(model).where(*where))


def _events(service: OrganisationService, entity_type: str, entity_id: int) -> list[tuple[AuditKind, str]]:
    with service.session_factory() as session:
        rows = session.execute(
            select(AuditEvent.kind, AuditEvent.detail)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        ).all()
    return [(row.kind, row.detail) for row in rows]


def _errors(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.errors


def _demo_organisation(service: OrganisationService, name: str) -> Organisation:
    org = service.find_by_name(name)
    assert org is not None, name
    return org


def _demo_contact(service: OrganisationService, name: str) -> Contact:
    (contact,) = service.list_contacts(search=name)
    return contact


# --- validation ------------------------------------------------------------------------------


def test_organisation_names_are_normalised_and_unique_whatever_the_case(partners) -> None:
    org = partners.create_organisation("  Stadsdeel \t Escamp ", OrganisationKind.MUNICIPALITY, " notitie ")
    assert (org.name, org.kind, org.notes, org.active) == (
        "Stadsdeel Escamp",
        "municipality",
        "notitie",
        True,
    )
    assert _errors(partners.create_organisation, "STADSDEEL   escamp") == {
        "name": "Er bestaat al een organisatie met deze naam."
    }
    emile = partners.create_organisation("Émile Stichting")  # SQLite's lower() knows only ASCII
    assert _errors(partners.create_organisation, "émile stichting") == {
        "name": "Er bestaat al een organisatie met deze naam."
    }
    assert _errors(partners.update_organisation, emile.id, name="stadsdeel escamp") == {
        "name": "Er bestaat al een organisatie met deze naam."
    }
    assert partners.update_organisation(emile.id, name="ÉMILE  STICHTING").name == "ÉMILE STICHTING"
    assert partners.find_by_name("émile stichting").id == emile.id
    assert _count(partners, Organisation) == 2


def test_organisation_validation_messages_per_field(partners) -> None:
    assert _errors(partners.create_organisation, "   ") == {"name": "Naam is verplicht."}
    assert _errors(partners.create_organisation, "x" * 201) == {
        "name": "Naam mag hoogstens 200 tekens lang zijn."
    }
    assert _errors(partners.create_organisation, "GGD", kind="geen-soort") == {
        "kind": "Kies een soort organisatie uit de lijst."
    }
    org = partners.create_organisation("GGD", kind="care")
    assert org.kind is OrganisationKind.CARE
    assert _errors(partners.update_organisation, org.id, name="") == {"name": "Naam is verplicht."}
    with pytest.raises(TypeError):
        partners.update_organisation(org.id, version=9)
    assert _count(partners, Organisation) == 1


def test_contact_validation_messages_per_field(partners) -> None:
    org = partners.create_organisation("Politie wijkteam", OrganisationKind.POLICE)
    errors = _errors(
        partners.create_contact, org.id, " ", function="f" * 201, email="karim@", phone="bel mij maar"
    )
    assert errors == {
        "name": "Naam is verplicht.",
        "function": "Functie mag hoogstens 200 tekens lang zijn.",
        "email": "Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).",
        "phone": "Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes.",
    }
    assert _errors(partners.create_contact, 999, "Karim") == {
        "organisation_id": "Kies de organisatie van deze contactpersoon."
    }
    contact = partners.create_contact(
        org.id, "  Karim   Bouali ", " Wijkagent ", " k.bouali@politie.example.nl ", " 070 - 123  45 67 "
    )
    assert (contact.name, contact.function, contact.email, contact.phone) == (
        "Karim Bouali",
        "Wijkagent",
        "k.bouali@politie.example.nl",
        "070 - 123 45 67",
    )
    assert _errors(partners.update_contact, contact.id, email="geen-mail", name="") == {
        "name": "Naam is verplicht.",
        "email": "Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).",
    }
    assert partners.get_contact(contact.id).email == "k.bouali@politie.example.nl"


def test_duplicate_contact_names_are_refused_within_one_organisation(partners) -> None:
    police = partners.create_organisation("Politie")
    housing = partners.create_organisation("Woonstichting")
    karim = partners.create_contact(police.id, "Karim Bouali")
    duplicate = {"name": "Deze organisatie heeft al een contactpersoon met deze naam."}
    assert _errors(partners.create_contact, police.id, "karim  BOUALI") == duplicate
    other = partners.create_contact(housing.id, "Karim Bouali")  # another organisation: fine
    namesake = partners.create_contact(police.id, "Karim de Vries")
    assert _errors(partners.update_contact, namesake.id, name="Karim bouali") == duplicate
    assert _errors(partners.update_contact, other.id, organisation_id=police.id) == duplicate
    assert partners.update_contact(karim.id, name="KARIM BOUALI").name == "KARIM BOUALI"


# --- where used and deleting -------------------------------------------------------------------


def test_where_used_organisation_on_the_demo_data(demo) -> None:
    org = _demo_organisation(demo, "Stadsdeel Escamp")
    cases = _count(demo, Involvement, Involvement.organisation_id == org.id)
    actions = _count(demo, Action, Action.owner_organisation_id == org.id)
    signals = _count(demo, Signal, Signal.organisation_id == org.id)
    contacts = _count(demo, Contact, Contact.organisation_id == org.id)
    assignment = _scalar(demo, select(Assignment.title).where(Assignment.client_organisation_id == org.id))
    assert cases > 5 and actions > 5 and signals >= 1 and 1 < contacts <= 5
    uses = demo.where_used_organisation(org.id)
    assert uses[0].startswith(f"Betrokken bij {cases} casussen (2026-")
    assert uses[0].endswith(", …)") and uses[0].count("2026-") == 5
    assert uses[1].startswith(f"Eigenaar van {actions} acties (A-2026-")
    assert uses[2] == f"Opdrachtgever van opdracht ‘{assignment}’"
    assert uses[3] == f"Melder van {signals} {'signaal' if signals == 1 else 'signalen'}"
    names = sorted(c.name for c in demo.list_contacts(org.id))
    assert uses[4] == f"{contacts} contactpersonen ({', '.join(names)})"


def test_where_used_contact_on_the_demo_data(demo) -> None:
    contact = _demo_contact(demo, "Jeroen Bakker")
    meetings = _count(demo, Attendance, Attendance.contact_id == contact.id)
    uses = demo.where_used_contact(contact.id)
    assert [line.split(" (")[0].split(" ‘")[0] for line in uses] == [
        f"Contactpersoon bij {_count(demo, Involvement, Involvement.contact_id == contact.id)} casussen",
        f"Eigenaar van {_count(demo, Action, Action.owner_contact_id == contact.id)} acties",
        f"Uitgenodigd voor {meetings} overleggen",
        "Ontvangt rapportages van opdracht",
    ]
    assert "-2026" in uses[2]  # meeting dates as dd-mm-jjjj
    unused = _demo_contact(demo, "Mehmet Demir")
    assert demo.where_used_contact(unused.id) == []


def test_delete_refusal_lists_the_uses_and_changes_nothing(demo) -> None:
    org = _demo_organisation(demo, "Politie Den Haag – wijkteam Berensteinlaan")
    with pytest.raises(InUse) as refused:
        demo.delete_organisation(org.id)
    assert str(refused.value) == ORGANISATION_IN_USE
    assert refused.value.uses == demo.where_used_organisation(org.id) and len(refused.value.uses) >= 3
    contact = _demo_contact(demo, "Rob Hendriks")
    with pytest.raises(InUse) as refused:
        demo.delete_contact(contact.id)
    assert str(refused.value) == CONTACT_IN_USE
    assert refused.value.uses == demo.where_used_contact(contact.id)
    assert demo.get_organisation(org.id).active and demo.get_contact(contact.id).active
    assert _count(demo, AuditEvent, AuditEvent.kind == AuditKind.DELETE) == 0


def test_an_unused_contact_and_organisation_are_deleted_with_an_audit_event(demo) -> None:
    contact = _demo_contact(demo, "Mehmet Demir")
    demo.delete_contact(contact.id)
    assert _count(demo, Contact, Contact.id == contact.id) == 0
    assert _events(demo, "contact", contact.id) == [(AuditKind.DELETE, "")]

    org = demo.create_organisation("Sportvereniging De Dreef")
    helper = demo.create_contact(org.id, "Lotte Kramer", receives_reports=True)
    with pytest.raises(InUse) as refused:
        demo.delete_organisation(org.id)
    assert refused.value.uses == ["1 contactpersoon (Lotte Kramer)"]
    demo.delete_contact(helper.id)
    demo.delete_organisation(org.id)
    assert demo.find_by_name("Sportvereniging De Dreef") is None
    assert _events(demo, "organisation", org.id) == [(AuditKind.CREATE, ""), (AuditKind.DELETE, "")]


def test_a_failure_while_deleting_writes_nothing(demo, monkeypatch) -> None:
    org = demo.create_organisation("Tijdelijk overleg")
    events = _count(demo, AuditEvent)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk vol")

    monkeypatch.setattr(organisations_module.audit, "record", broken)
    with pytest.raises(RuntimeError):
        demo.delete_organisation(org.id)
    assert demo.get_organisation(org.id).name == "Tijdelijk overleg"
    assert _count(demo, AuditEvent) == events


# --- deactivating ------------------------------------------------------------------------------


def test_deactivating_an_organisation_deactivates_its_contacts(demo) -> None:
    org = _demo_organisation(demo, "Jongerenwerk Haagse Kracht")
    contacts = demo.list_contacts(org.id)
    assert contacts and all(c.active for c in contacts)
    assert not demo.set_organisation_active(org.id, False).active
    assert not any(c.active for c in demo.list_contacts(org.id))
    assert _events(demo, "organisation", org.id) == [(AuditKind.STATUS, "non-actief")]
    assert _events(demo, "contact", contacts[0].id) == [
        (AuditKind.STATUS, f"non-actief met organisatie {org.id}")
    ]
    # An active contact needs an active organisation.
    assert _errors(demo.set_contact_active, contacts[0].id, True) == {
        "active": organisations_module.INACTIVE_ORGANISATION
    }
    assert _errors(demo.create_contact, org.id, "Nieuwe jongerenwerker") == {
        "active": organisations_module.INACTIVE_ORGANISATION
    }
    # Reactivating leaves the contacts to the chair, one by one.
    assert demo.set_organisation_active(org.id, True).active
    assert not any(c.active for c in demo.list_contacts(org.id))
    assert demo.set_contact_active(contacts[0].id, True).active
    assert _events(demo, "contact", contacts[0].id)[-1] == (AuditKind.STATUS, "actief")
    # Still in use, so still not deletable: deactivation is the way out.
    with pytest.raises(InUse):
        demo.delete_organisation(org.id)


def test_deactivating_through_an_edit_also_reaches_the_contacts(demo) -> None:
    org = _demo_organisation(demo, "Wijkzorgteam Escamp-Zuid")
    updated = demo.update_organisation(org.id, name=org.name, notes="Gestopt per 1 november", active=False)
    assert not updated.active and updated.notes == "Gestopt per 1 november"
    assert not any(c.active for c in demo.list_contacts(org.id))
    assert _events(demo, "organisation", org.id) == [
        (AuditKind.UPDATE, "notes"),
        (AuditKind.STATUS, "non-actief"),
    ]


def test_a_failure_while_deactivating_writes_nothing(demo, monkeypatch) -> None:
    org = _demo_organisation(demo, "Gezondheidsdienst Haaglanden-West")
    calls: list[str] = []
    real_record = organisations_module.audit.record

    def record_then_fail(session: Any, kind: AuditKind, entity_type: str, *args: Any, **kw: Any) -> None:
        calls.append(entity_type)
        if entity_type == "contact":
            raise RuntimeError("schijf vol")
        real_record(session, kind, entity_type, *args, **kw)

    monkeypatch.setattr(organisations_module.audit, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        demo.set_organisation_active(org.id, False)
    assert calls == ["organisation", "contact"]
    assert demo.get_organisation(org.id).active
    assert all(c.active for c in demo.list_contacts(org.id))
    assert _events(demo, "organisation", org.id) == []


# --- editing contacts --------------------------------------------------------------------------


def test_edits_are_audited_by_field_without_personal_data(partners) -> None:
    org = partners.create_organisation("Buurthuis De Kroon")
    contact = partners.create_contact(org.id, "Sanne Vos", email="sanne@kroon.example.nl")
    partners.update_contact(contact.id, name="Sanne Vos", phone="06-12345678", receives_reports=True)
    partners.update_contact(contact.id, name=" Sanne  Vos ")  # nothing really changed: no event
    assert _events(partners, "contact", contact.id) == [
        (AuditKind.CREATE, ""),
        (AuditKind.UPDATE, "phone,receives_reports"),
    ]
    with partners.session_factory() as session:
        details = session.scalars(select(AuditEvent.detail)).all()
    assert not any("Sanne" in detail or "@" in detail for detail in details)


def test_a_contact_moves_to_another_organisation_only_when_nothing_names_it_there(demo) -> None:
    unused = _demo_contact(demo, "Mehmet Demir")
    target = _demo_organisation(demo, "Stichting Buurtbemiddeling Escamp")
    assert demo.update_contact(unused.id, organisation_id=target.id).organisation_id == target.id
    busy = _demo_contact(demo, "Ahmed El Idrissi")
    assert set(_errors(demo.update_contact, busy.id, organisation_id=target.id)) == {"organisation_id"}
    assert _events(demo, "contact", unused.id) == [(AuditKind.UPDATE, "organisation_id")]
