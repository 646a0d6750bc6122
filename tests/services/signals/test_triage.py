"""The signals inbox and triage: ages, suggestions with reasons, and every triage path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Address, Area, AuditEvent, Case, Signal, Theme
from wiec_desktop.domain.enums import CaseStatus, SignalSource, SignalStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.services.signals.triage import CaseSuggestion, draft_title, is_clear
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 6, 15)


@dataclass
class World:
    services: Services
    database: Database
    litter: int  # theme ids
    youth: int
    traffic: int
    dreven: int  # area ids
    gaarden: int
    address: int  # Zuidwoldedreef 12 (in Dreven)
    containers: int  # case ids: the obvious match for a litter signal at the Zuidwoldedreef
    youth_case: int
    litter_elsewhere: int
    closed_case: int


@pytest.fixture
def world(db: Database) -> World:
    """Three themes, two areas, one address and four cases with known relations to the signals."""
    with db.session_factory.begin() as session:
        litter, youth, traffic = Theme(name="vervuiling"), Theme(name="jeugdoverlast"), Theme(name="verkeer")
        dreven, gaarden = Area(name="Dreven"), Area(name="Gaarden")
        session.add_all([litter, youth, traffic, dreven, gaarden])
        session.flush()
        address = Address(street="Zuidwoldedreef", number=12, postcode="2544 AB", area_id=dreven.id)
        session.add_all(
            [
                address,
                Address(street="Meppelgaarde", number=3, postcode="2544 CD", area_id=gaarden.id),
                Address(street="Meppelgaarde", number=5, postcode="2544 CD", area_id=gaarden.id),
            ]
        )
        session.flush()
        ids = (litter.id, youth.id, traffic.id, dreven.id, gaarden.id, address.id)
    services = Services(db.session_factory, today=lambda: TODAY)
    cases = services.cases
    containers = cases.create_case(
        "Afvalbijplaatsingen bij de containers",
        description="Vuilniszakken en grofvuil naast de ondergrondse containers.",
        theme_id=ids[0],
        area_id=ids[3],
        location="Zuidwoldedreef 40",
    ).id
    youth_case = cases.create_case(
        "Hangjongeren bij het winkelcentrum",
        description="Jongeren hangen 's avonds rond, geluidsoverlast en vernielingen.",
        theme_id=ids[1],
        area_id=ids[3],
        location="Zuidwoldedreef",
    ).id
    elsewhere = cases.create_case(
        "Zwerfafval in de groenstrook",
        description="Blikjes en plastic in het groen.",
        theme_id=ids[0],
        area_id=ids[4],
        location="Meppelgaarde",
    ).id
    closed = cases.create_case(
        "Vuilniszakken naast de containers (opgelost)",
        theme_id=ids[0],
        area_id=ids[3],
        location="Zuidwoldedreef",
    ).id
    cases.change_status(closed, CaseStatus.CLOSED, outcome="Extra container geplaatst")
    return World(services, db, *ids, containers, youth_case, elsewhere, closed)


def _signal(world: World, text: str, **fields: object) -> int:
    values: dict[str, object] = {"received_on": TODAY - timedelta(days=2), "source": SignalSource.WALK_IN}
    values.update(fields)
    return world.services.signals.new_signal(values.pop("received_on"), values.pop("source"), text, **values)


def _stored(world: World, signal_id: int) -> Signal:
    with world.database.session_factory() as session:
        return session.get(Signal, signal_id)


# --- suggestions -------------------------------------------------------------------------------


def test_the_obvious_case_comes_first_with_its_reasons(world: World) -> None:
    signal = _signal(
        world,
        "Weer vuilniszakken naast de containers.",
        theme_id=world.litter,
        address_id=world.address,
    )
    suggestions = world.services.signals.suggest_cases(signal)
    ids = [s.case_id for s in suggestions]
    assert ids[0] == world.containers
    first = suggestions[0]
    assert first.reference == "2026-001"
    assert first.reasons[:2] == ("zelfde thema", "zelfde straat")
    assert first.reasons[2].startswith("lijkt op: ") and "vuilniszakken" in first.reasons[2]
    assert world.closed_case not in ids  # closed cases are never suggested
    assert is_clear(suggestions)
    # only a theme (the litter case elsewhere) or only a street (the youth case) is not enough
    assert ids == [world.containers]


def test_theme_and_words_without_the_street(world: World) -> None:
    signal = _signal(world, "Blikjes en plastic in het groen", theme_id=world.litter, street="Leyweg")
    suggestions = world.services.signals.suggest_cases(signal)
    assert suggestions[0].case_id == world.litter_elsewhere
    assert suggestions[0].reasons[0] == "zelfde thema"
    assert "zelfde straat" not in suggestions[0].reasons
    assert "blikjes" in suggestions[0].reasons[-1] and "plastic" in suggestions[0].reasons[-1]


def test_street_only_and_area_from_the_street(world: World) -> None:
    # no address: the street is the signal's own; its area is the one all its addresses lie in
    signal = _signal(world, "Plastic en blikjes in het groen", street="Meppelgaarde")
    suggestions = world.services.signals.suggest_cases(signal)
    assert suggestions[0].case_id == world.litter_elsewhere
    assert "zelfde straat" in suggestions[0].reasons
    assert "zelfde thema" not in suggestions[0].reasons
    draft = world.services.signals.case_draft(signal)
    assert (draft.area_id, draft.location, draft.theme_id) == (world.gaarden, "Meppelgaarde", None)


def test_no_suggestion_without_anything_in_common(world: World) -> None:
    signal = _signal(world, "Lantaarnpaal knippert", theme_id=world.traffic, street="Ergensanderslaan")
    assert world.services.signals.suggest_cases(signal) == []


def test_a_suggestion_is_clear_only_when_well_ahead() -> None:
    def suggestion(score: int) -> CaseSuggestion:
        return CaseSuggestion(1, "2026-001", "x", score, ())

    assert is_clear([suggestion(80)])
    assert is_clear([suggestion(80), suggestion(60)])
    assert not is_clear([suggestion(80), suggestion(70)])
    assert not is_clear([suggestion(50)])
    assert not is_clear([])


def test_draft_title_is_the_first_line_cut_at_a_word() -> None:
    assert draft_title("Kapotte lantaarnpaal.\nAl weken.") == "Kapotte lantaarnpaal"
    long = "woord " * 30
    title = draft_title(long)
    assert title.endswith("…") and len(title) <= 81 and "  " not in title


# --- the inbox ---------------------------------------------------------------------------------


def test_inbox_is_oldest_first_with_age_and_stale_flag(world: World) -> None:
    fresh = _signal(world, "Fris signaal", received_on=TODAY)
    limit = _signal(world, "Precies twee weken", received_on=TODAY - timedelta(days=14))
    old = _signal(world, "Oud signaal", received_on=TODAY - timedelta(days=15), address_id=world.address)
    partner = world.services.organisations.create_organisation("Wijkteam").id
    from_partner = _signal(
        world, "Via de partner", source=SignalSource.PARTNER, organisation_id=partner, street="Leyweg"
    )
    done = _signal(world, "Al beoordeeld")
    world.services.signals.close(done, "Dubbel")
    rows = world.services.signals.inbox()
    assert [r.signal_id for r in rows] == [old, limit, from_partner, fresh]
    by_id = {r.signal_id: r for r in rows}
    assert (by_id[old].age_days, by_id[old].stale) == (15, True)
    assert (by_id[limit].age_days, by_id[limit].stale) == (14, False)
    assert (by_id[fresh].age_days, by_id[fresh].stale) == (0, False)
    assert by_id[old].place == "Zuidwoldedreef 12"
    assert (by_id[from_partner].place, by_id[from_partner].organisation) == ("Leyweg", "Wijkteam")
    assert by_id[from_partner].source == "Partner"
    # the dashboard counts the same stale signals
    assert world.services.dashboard.summary().stale_signals == 1


def test_inbox_on_the_demo_database(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    rows = services.signals.inbox()
    with demo_db.session_factory() as session:
        new = session.scalars(select(Signal).where(Signal.status == SignalStatus.NEW)).all()
    assert {r.signal_id for r in rows} == {s.id for s in new}
    assert [r.received_on for r in rows] == sorted(r.received_on for r in rows)
    for row in rows:
        assert row.age_days == (DEMO_TODAY - row.received_on).days
        assert row.stale == (row.age_days > 14)
    assert sum(r.stale for r in rows) == services.dashboard.summary().stale_signals > 0


def test_demo_drug_dealing_signal_suggests_the_drug_dealing_case(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    row = next(r for r in services.signals.inbox() if "drugshandel" in r.text.lower())
    suggestions = services.signals.suggest_cases(row.signal_id)
    with demo_db.session_factory() as session:
        case = session.get(Case, suggestions[0].case_id)
        assert "drugshandel" in case.title.lower() and case.status != CaseStatus.CLOSED
    assert {"zelfde thema", "zelfde straat"} <= set(suggestions[0].reasons)
    assert len(suggestions) <= 5
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


# --- recording ---------------------------------------------------------------------------------


def test_new_signal_validation_in_dutch(world: World) -> None:
    signals = world.services.signals
    with pytest.raises(ValidationError) as error:
        signals.new_signal(TODAY + timedelta(days=1), SignalSource.RESIDENT_PHONE, "  ")
    assert set(error.value.errors) == {"text", "received_on"}
    assert "toekomst" in error.value.errors["received_on"]
    with pytest.raises(ValidationError) as error:
        signals.new_signal(TODAY, SignalSource.PARTNER, "Melding")
    assert "partnerorganisatie" in error.value.errors["organisation_id"]
    with pytest.raises(ValidationError) as error:
        signals.new_signal(TODAY, SignalSource.HOUSE_VISIT, "Melding")
    assert "huisbezoek" in error.value.errors["source"]
    with pytest.raises(ValidationError) as error:
        signals.new_signal(TODAY, SignalSource.WALK_IN, "Melding", address_id=world.address, street="Leyweg")
    assert "Leyweg" in error.value.errors["address_id"]
    signal_id = signals.new_signal(TODAY, SignalSource.WALK_IN, " Melding ", address_id=world.address)
    stored = _stored(world, signal_id)
    assert (stored.text, stored.street, stored.status, stored.triaged_on) == (
        "Melding",
        "Zuidwoldedreef",
        SignalStatus.NEW,
        None,
    )


# --- triage ------------------------------------------------------------------------------------


def test_link_sets_status_date_and_audits_references_only(world: World) -> None:
    signal = _signal(world, "Vuilniszakken naast de containers", theme_id=world.litter)
    world.services.signals.link(signal, world.containers)
    stored = _stored(world, signal)
    assert (stored.status, stored.case_id, stored.triaged_on) == (
        SignalStatus.LINKED,
        world.containers,
        TODAY,
    )
    with world.database.session_factory() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "signal").order_by(AuditEvent.id.desc())
        ).first()
    assert event.detail == "gekoppeld aan casus 2026-001"
    assert signal not in {r.signal_id for r in world.services.signals.inbox()}


def test_new_case_from_a_signal_creates_and_links_in_one_go(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Scooters rijden over de stoep", theme_id=world.traffic, address_id=world.address)
    draft = signals.case_draft(signal)
    assert (draft.theme_id, draft.area_id, draft.location) == (world.traffic, world.dreven, "Zuidwoldedreef")
    assert (draft.title, draft.description) == (
        "Scooters rijden over de stoep",
        "Scooters rijden over de stoep",
    )
    case_id = signals.create_case_from(
        signal,
        draft.title,
        description=draft.description,
        theme_id=draft.theme_id,
        area_id=draft.area_id,
        location=draft.location,
    ).case_id
    with world.database.session_factory() as session:
        case = session.get(Case, case_id)
        assert (case.theme_id, case.area_id, case.location, case.status) == (
            world.traffic,
            world.dreven,
            "Zuidwoldedreef",
            CaseStatus.REPORTED,
        )
        assert case.reference == "2026-005" and case.assignment_id is None
        assert [c.to_status for c in case.status_changes] == [CaseStatus.REPORTED]
    stored = _stored(world, signal)
    assert (stored.status, stored.case_id, stored.triaged_on) == (SignalStatus.LINKED, case_id, TODAY)


def test_new_case_from_a_signal_is_all_or_nothing(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Iets")
    with world.database.session_factory() as session:
        cases_before = len(session.scalars(select(Case.id)).all())
    with pytest.raises(ValidationError) as error:
        signals.create_case_from(signal, "   ")
    assert "Titel" in error.value.errors["title"]
    with pytest.raises(SQLAlchemyError):  # no such theme: the case insert fails, nothing is kept
        signals.create_case_from(signal, "Titel", theme_id=9999)
    with world.database.session_factory() as session:
        assert len(session.scalars(select(Case.id)).all()) == cases_before
    assert _stored(world, signal).status == SignalStatus.NEW


def test_close_needs_a_reason(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Lantaarnpaal kapot")
    with pytest.raises(ValidationError) as error:
        signals.close(signal, "  ")
    assert error.value.errors == {"reason": "Geef een reden om het signaal af te sluiten."}
    assert _stored(world, signal).status == SignalStatus.NEW
    signals.close(signal, " Doorgezet naar de gemeente (MOR) ")
    stored = _stored(world, signal)
    assert (stored.status, stored.closed_reason, stored.triaged_on, stored.case_id) == (
        SignalStatus.CLOSED,
        "Doorgezet naar de gemeente (MOR)",
        TODAY,
        None,
    )
    assert signals.close_reasons() == ["Doorgezet naar de gemeente (MOR)"]


def test_a_triaged_signal_cannot_be_triaged_again(world: World) -> None:
    signals = world.services.signals
    linked = _signal(world, "Eerste")
    closed = _signal(world, "Tweede")
    signals.link(linked, world.containers)
    signals.close(closed, "Geen actie nodig")
    for attempt in (
        lambda: signals.link(linked, world.youth_case),
        lambda: signals.close(linked, "Toch niet"),
        lambda: signals.create_case_from(linked, "Nieuw"),
        lambda: signals.link_to_case(closed, world.containers),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "al beoordeeld" in error.value.errors["signal"]
    with pytest.raises(ValidationError) as error:
        signals.link(linked, world.youth_case)
    assert "2026-001" in error.value.errors["signal"]
    assert _stored(world, linked).case_id == world.containers
    assert _stored(world, closed).closed_reason == "Geen actie nodig"
    with world.database.session_factory() as session:  # the refused "Nieuw" case was not created
        assert session.scalars(select(Case).where(Case.title == "Nieuw")).first() is None


def test_link_to_a_missing_case_or_signal(world: World) -> None:
    signal = _signal(world, "Iets")
    with pytest.raises(NotFound):
        world.services.signals.link(signal, 9999)
    with pytest.raises(NotFound):
        world.services.signals.link(9999, world.containers)
    assert _stored(world, signal).status == SignalStatus.NEW


def test_case_choices_are_open_cases_newest_first(world: World) -> None:
    choices = world.services.signals.case_choices()
    assert [label for _id, label in choices] == [
        "2026-003 Zwerfafval in de groenstrook",
        "2026-002 Hangjongeren bij het winkelcentrum",
        "2026-001 Afvalbijplaatsingen bij de containers",
    ]
