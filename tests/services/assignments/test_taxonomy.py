"""Areas and themes: unique names, wijk/buurt rules, usage counts, delete refusal and merging."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Address, Area, AuditEvent, Case, HouseVisit, Signal, Theme
from wiec_desktop.domain.enums import AreaKind, AuditKind, SignalSource, VisitOutcome
from wiec_desktop.domain.inventory import house_visit_theme
from wiec_desktop.domain.organisations import assignment_area
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import InUse, ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def _count(services: Services, stmt) -> int:
    with services.session_factory() as session:
        return session.scalar(stmt)


def _address(services: Services, number: int, area_id: int | None) -> int:
    with services.session_factory.begin() as session:
        address = Address(street="Dreef", number=number, postcode="2545 AA", area_id=area_id)
        session.add(address)
        session.flush()
        return address.id


def _visit(services: Services, address_id: int, theme_ids: list[int]) -> int:
    with services.session_factory.begin() as session:
        visit = HouseVisit(address_id=address_id, visited_on=TODAY, outcome=VisitOutcome.SPOKEN)
        visit.themes = [session.get(Theme, theme_id) for theme_id in theme_ids]
        session.add(visit)
        session.flush()
        return visit.id


# --- areas -----------------------------------------------------------------------------------


def test_area_names_unique_case_insensitive_and_wijk_buurt_rules(services: Services) -> None:
    taxonomy = services.taxonomy
    wijk = taxonomy.create_area("Wateringseveld")
    assert wijk.kind == AreaKind.DISTRICT and wijk.parent_id is None
    buurt = taxonomy.create_area(" Dreven ", parent_id=wijk.id)
    assert (buurt.name, buurt.kind, buurt.parent_id) == ("Dreven", AreaKind.NEIGHBOURHOOD, wijk.id)
    with pytest.raises(ValidationError) as error:
        taxonomy.create_area("  dREVEN")
    assert error.value.errors == {"name": "Er bestaat al een wijk of buurt met deze naam."}
    with pytest.raises(ValidationError) as error:
        taxonomy.create_area("Gaarden", parent_id=buurt.id)
    assert error.value.errors == {"parent_id": "Een buurt ligt in een wijk, niet in een andere buurt."}
    with pytest.raises(ValidationError) as error:
        taxonomy.create_area("", AreaKind.DISTRICT, parent_id=wijk.id)
    assert error.value.errors == {
        "name": "Naam is verplicht.",
        "parent_id": "Een wijk ligt niet in een andere wijk; kies ‘Buurt’ als soort.",
    }
    with pytest.raises(ValidationError) as error:
        taxonomy.update_area(wijk.id, kind=AreaKind.NEIGHBOURHOOD)
    assert error.value.errors == {"kind": "Deze wijk heeft buurten en kan daarom zelf geen buurt worden."}
    loose = taxonomy.create_area("Losse buurt", AreaKind.NEIGHBOURHOOD)
    taxonomy.update_area(loose.id, parent_id=wijk.id)
    taxonomy.rename_area(buurt.id, "De Dreven")
    taxonomy.rename_area(buurt.id, "de dreven")  # a change of case of its own name is allowed
    assert [a.label for a in taxonomy.areas()] == [
        "Wateringseveld",
        "Wateringseveld › de dreven",
        "Wateringseveld › Losse buurt",
    ]


def test_area_usage_counts_and_delete_refusal(services: Services) -> None:
    taxonomy = services.taxonomy
    wijk = taxonomy.create_area("Wateringseveld")
    buurt = taxonomy.create_area("Dreven", parent_id=wijk.id)
    for number in range(1, 4):
        _address(services, number, buurt.id)
    services.cases.create_case("Zwerfafval", area_id=buurt.id)
    services.cases.create_case("Verkeer", area_id=buurt.id)
    services.assignments.create("Opdracht", date(2026, 1, 1), date(2026, 12, 31), area_ids=[wijk.id])
    usage = services.taxonomy.usage_counts().areas
    assert usage[buurt.id].text() == "2 casussen, 3 adressen"
    assert usage[wijk.id].text() == "1 opdracht, 1 buurt"
    unused = taxonomy.create_area("Gaarden")
    assert taxonomy.area_usage(unused.id).text() == "niet in gebruik"
    with pytest.raises(InUse) as error:
        taxonomy.delete_area(buurt.id)
    assert error.value.uses == ["2 casussen", "3 adressen"]
    assert "Buurt ‘Dreven’ wordt nog gebruikt door 2 casussen en 3 adressen" in str(error.value)
    with pytest.raises(InUse):
        taxonomy.delete_area(wijk.id)
    taxonomy.delete_area(unused.id)
    assert _count(services, select(func.count()).select_from(Area)) == 2


def test_merge_areas_moves_every_reference(services: Services) -> None:
    taxonomy = services.taxonomy
    old = taxonomy.create_area("Wateringse Veld")  # a duplicate spelling of the wijk
    new = taxonomy.create_area("Wateringseveld")
    buurt = taxonomy.create_area("Dreven", parent_id=old.id)
    other_buurt = taxonomy.create_area("Gaarden", parent_id=new.id)
    case = services.cases.create_case("Zwerfafval", area_id=old.id)
    address = _address(services, 1, old.id)
    both = services.assignments.create(
        "Beide", date(2026, 1, 1), date(2026, 12, 31), area_ids=[old.id, new.id]
    )
    only_old = services.assignments.create("Oud", date(2025, 1, 1), date(2025, 12, 31), area_ids=[old.id])

    target = taxonomy.merge_areas(old.id, new.id)

    assert target.id == new.id
    with services.session_factory() as session:
        assert session.get(Area, old.id) is None
        assert session.get(Case, case.id).area_id == new.id
        assert session.get(Case, case.id).version == 2  # a bulk move still counts as a change
        assert session.get(Address, address).area_id == new.id
        assert session.get(Area, buurt.id).parent_id == new.id
        assert session.get(Area, other_buurt.id).parent_id == new.id
        rows = sorted(session.execute(select(assignment_area.c.assignment_id, assignment_area.c.area_id)))
        assert rows == sorted([(both.id, new.id), (only_old.id, new.id)])  # no duplicate for "Beide"
        audit = session.execute(
            select(AuditEvent.kind, AuditEvent.entity_id, AuditEvent.detail).where(
                AuditEvent.entity_type == "area", AuditEvent.kind != AuditKind.CREATE
            )
        ).all()
    assert (AuditKind.DELETE, old.id, f"samengevoegd met area {new.id}") in audit
    moved = "cases=1, addresses=1, children=1, assignments=2"
    assert (AuditKind.UPDATE, new.id, f"samengevoegd uit {old.id}: {moved}") in audit
    assert taxonomy.usage_counts().areas[new.id].text() == "1 casus, 1 adres, 2 opdrachten, 2 buurten"


def test_merge_areas_refusals(services: Services) -> None:
    taxonomy = services.taxonomy
    wijk = taxonomy.create_area("Wateringseveld")
    buurt = taxonomy.create_area("Dreven", parent_id=wijk.id)
    other = taxonomy.create_area("Leyenburg", AreaKind.NEIGHBOURHOOD)
    with pytest.raises(ValidationError) as error:
        taxonomy.merge_areas(wijk.id, wijk.id)
    assert error.value.errors == {"target": "Kies een andere wijk of buurt om mee samen te voegen."}
    with pytest.raises(ValidationError) as error:
        taxonomy.merge_areas(wijk.id, buurt.id)
    assert "een van zijn eigen buurten" in error.value.errors["target"]
    with pytest.raises(ValidationError) as error:
        taxonomy.merge_areas(wijk.id, other.id)
    assert "heeft buurten en kan alleen met een andere wijk" in error.value.errors["target"]
    assert _count(services, select(func.count()).select_from(Area)) == 3
    taxonomy.merge_areas(buurt.id, wijk.id)  # a buurt into its own wijk is fine
    assert [a.name for a in taxonomy.areas()] == ["Leyenburg", "Wateringseveld"]


# --- themes ----------------------------------------------------------------------------------


def test_theme_names_unique_rename_in_use_and_deactivate(services: Services) -> None:
    taxonomy = services.taxonomy
    theme = taxonomy.create_theme("Jeugdoverlast")
    with pytest.raises(ValidationError) as error:
        taxonomy.create_theme(" JEUGDOVERLAST ")
    assert error.value.errors == {"name": "Er bestaat al een thema met deze naam."}
    case = services.cases.create_case("Hangjongeren bij winkelcentrum", theme_id=theme.id)
    renamed = taxonomy.rename_theme(theme.id, "Jongerenoverlast")
    assert renamed.name == "Jongerenoverlast"
    with services.session_factory() as session:
        assert session.get(Case, case.id).theme.name == "Jongerenoverlast"
    other = taxonomy.create_theme("Vervuiling")
    with pytest.raises(ValidationError) as error:
        taxonomy.rename_theme(other.id, "jongerenoverlast")
    assert error.value.errors == {"name": "Er bestaat al een thema met deze naam."}
    taxonomy.set_theme_active(other.id, False)
    assert [t.name for t in taxonomy.themes(active_only=True)] == ["Jongerenoverlast"]
    assert [(t.name, t.active) for t in taxonomy.themes()] == [
        ("Jongerenoverlast", True),
        ("Vervuiling", False),
    ]
    assert [name for _id, name in services.reference_data.themes()] == ["Jongerenoverlast"]


def test_theme_delete_refused_while_used(services: Services) -> None:
    taxonomy = services.taxonomy
    theme = taxonomy.create_theme("Verkeer")
    services.cases.create_case("Hardrijders", theme_id=theme.id)
    services.signals.create_signal("Te hard gereden", SignalSource.RESIDENT_PHONE, theme_id=theme.id)
    _visit(services, _address(services, 1, None), [theme.id])
    with pytest.raises(InUse) as error:
        taxonomy.delete_theme(theme.id)
    assert error.value.uses == ["1 casus", "1 signaal", "1 huisbezoek"]
    assert str(error.value).startswith(
        "Thema ‘Verkeer’ wordt nog gebruikt door 1 casus, 1 signaal en 1 huisbezoek"
    )
    spare = taxonomy.create_theme("Eenzaamheid")
    taxonomy.delete_theme(spare.id)
    assert [t.name for t in taxonomy.themes()] == ["Verkeer"]


def test_merge_themes_moves_cases_signals_and_visit_links_without_duplicates(services: Services) -> None:
    taxonomy = services.taxonomy
    source = taxonomy.create_theme("Hondenpoep")
    target = taxonomy.create_theme("Vervuiling")
    unrelated = taxonomy.create_theme("Verkeer")
    case = services.cases.create_case("Poep op speelveld", theme_id=source.id)
    signal = services.signals.create_signal("Poep", SignalSource.WALK_IN, theme_id=source.id)
    address = _address(services, 1, None)
    both = _visit(services, address, [source.id, target.id, unrelated.id])
    only_source = _visit(services, _address(services, 2, None), [source.id])
    only_target = _visit(services, _address(services, 3, None), [target.id])

    merged = taxonomy.merge_themes(source.id, target.id)

    assert merged.id == target.id
    with services.session_factory() as session:
        assert session.get(Theme, source.id) is None
        assert session.get(Case, case.id).theme_id == target.id
        assert session.get(Signal, signal.id).theme_id == target.id
        rows = sorted(
            session.execute(select(house_visit_theme.c.house_visit_id, house_visit_theme.c.theme_id))
        )
    assert rows == sorted(
        [(both, target.id), (both, unrelated.id), (only_source, target.id), (only_target, target.id)]
    )
    assert taxonomy.theme_usage(target.id).text() == "1 casus, 1 signaal, 3 huisbezoeken"
    with pytest.raises(ValidationError):
        taxonomy.merge_themes(target.id, target.id)


def test_merge_on_the_demo_data_keeps_every_count(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: TODAY)
    themes = services.taxonomy.themes()
    source, target = themes[0], themes[1]
    before = {key: source.usage.counts.get(key, 0) + target.usage.counts.get(key, 0) for key in
              ("cases", "signals")}  # fmt: skip
    services.taxonomy.merge_themes(source.id, target.id)
    after = services.taxonomy.theme_usage(target.id)
    assert {key: after.counts.get(key, 0) for key in before} == before
    with services.session_factory() as session:
        pairs = session.execute(
            select(house_visit_theme.c.house_visit_id, func.count())
            .group_by(house_visit_theme.c.house_visit_id, house_visit_theme.c.theme_id)
            .having(func.count() > 1)
        ).all()
    assert pairs == []
