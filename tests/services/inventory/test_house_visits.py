"""House visits and inventory rounds on a small hand-made street, with known answers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Address, Area, AuditEvent, HouseVisit, Resident, Signal, Theme
from wiec_desktop.domain.enums import SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.services.inventory.house_visits import HouseVisitService, ProblemNote
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 4, 20)


@pytest.fixture
def setup(db: Database) -> dict[str, int]:
    """Dreeflaan 2, 4, 4a, 10 (area Dreven, a buurt of Wateringseveld) and Leyweg 1 (no area)."""
    with db.session_factory.begin() as session:
        wijk = Area(name="Wateringseveld")
        buurt = Area(name="Dreven", parent=wijk)
        session.add_all([wijk, buurt])
        themes = [Theme(name="vervuiling"), Theme(name="verkeer"), Theme(name="jeugdoverlast")]
        session.add_all(themes)
        made = [
            Address(street="Dreeflaan", number=10, addition="", postcode="2548 AA", area=buurt),
            Address(street="Dreeflaan", number=4, addition="a", postcode="2548 AA", area=buurt),
            Address(street="Dreeflaan", number=2, addition="", postcode="2548 AA", area=buurt),
            Address(street="Dreeflaan", number=4, addition="", postcode="2548 AA", area=buurt),
            Address(street="Leyweg", number=1, addition="", postcode="2545 AB"),
        ]
        session.add_all(made)
        session.flush()
        ids = {a.label: a.id for a in made}
        ids.update({t.name: t.id for t in themes})
        ids["wijk"], ids["buurt"] = wijk.id, buurt.id
    return ids


@pytest.fixture
def service(db: Database) -> HouseVisitService:
    return HouseVisitService(db.session_factory, lambda: TODAY)


def _count(db: Database, model: type) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_rounds_and_current_round(service: HouseVisitService) -> None:
    assert service.current_round() is None
    autumn = service.create_round("najaar 2025", date(2025, 9, 1), date(2025, 10, 31))
    assert service.current_round().id == autumn  # nothing runs today: the latest
    spring = service.create_round("voorjaar 2026", date(2026, 4, 1))
    later = service.create_round("zomer 2026", date(2026, 6, 1), date(2026, 7, 1))
    assert service.current_round().id == spring  # contains today, although zomer starts later
    assert [r.id for r in service.rounds()] == [later, spring, autumn]
    with pytest.raises(ValidationError) as error:
        service.create_round(" Voorjaar 2026 ", date(2026, 5, 1))
    assert "al een ronde" in error.value.errors["name"]
    with pytest.raises(ValidationError) as error:
        service.create_round("winter", date(2026, 2, 1), date(2026, 1, 1))
    assert "end_date" in error.value.errors
    service.set_recommendations(spring, "  Meer verlichting in de Dreven.  ")
    assert service.round(spring).recommendations == "Meer verlichting in de Dreven."
    service.update_round(spring, name="voorjaar 2026 (Dreven)", start_date=date(2026, 3, 30), end_date=None)
    row = service.round(spring)
    assert (row.name, row.start_date, row.recommendations) == (
        "voorjaar 2026 (Dreven)",
        date(2026, 3, 30),
        "Meer verlichting in de Dreven.",
    )


def test_round_period_cannot_leave_its_visits_out(service: HouseVisitService, setup: dict[str, int]) -> None:
    spring = service.create_round("voorjaar 2026", date(2026, 4, 1))
    service.record_visit(
        setup["Dreeflaan 2"], visited_on=date(2026, 4, 10), round_id=spring, visitors="WIEC",
        outcome=VisitOutcome.NOT_HOME,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        service.update_round(
            spring, name="voorjaar 2026", start_date=date(2026, 4, 1), end_date=date(2026, 4, 5)
        )
    assert "1 bezoek" in error.value.errors["start_date"]
    with pytest.raises(ValidationError) as error:  # a visit outside the round's period is refused
        service.record_visit(
            setup["Dreeflaan 4"], visited_on=date(2026, 3, 1), round_id=spring, visitors="WIEC",
            outcome=VisitOutcome.NOT_HOME,
        )  # fmt: skip
    assert "buiten de ronde" in error.value.errors["visited_on"]


def test_visit_with_two_problems_makes_two_signals(
    db: Database, service: HouseVisitService, setup: dict[str, int]
) -> None:
    spring = service.create_round("voorjaar 2026", date(2026, 4, 1))
    result = service.record_visit(
        setup["Dreeflaan 4a"],
        visited_on=date(2026, 4, 18),
        round_id=spring,
        visitors="Voorzitter en wijkagent",
        outcome=VisitOutcome.SPOKEN,
        rating=7,
        theme_ids=[setup["verkeer"], setup["vervuiling"]],
        experience="Prettig wonen, wel druk.",
        problems=[
            ProblemNote(" Afval naast de containers ", setup["vervuiling"]),
            ProblemNote("Hard rijden op de Dreeflaan", setup["verkeer"]),
        ],
        ideas="Buurtbarbecue",
        wants_to_participate=True,
    )
    assert len(result.signal_ids) == 2
    with db.session_factory() as session:
        signals = session.scalars(select(Signal).order_by(Signal.id)).all()
        assert [(s.text, s.theme_id) for s in signals] == [
            ("Afval naast de containers", setup["vervuiling"]),
            ("Hard rijden op de Dreeflaan", setup["verkeer"]),
        ]
        for signal in signals:
            assert signal.source is SignalSource.HOUSE_VISIT
            assert signal.status is SignalStatus.NEW
            assert signal.address_id == setup["Dreeflaan 4a"]
            assert signal.street == "Dreeflaan"
            assert signal.house_visit_id == result.visit_id
            assert signal.received_on == date(2026, 4, 18)
        visit = session.get(HouseVisit, result.visit_id)
        assert visit.problems == "Afval naast de containers\nHard rijden op de Dreeflaan"
        assert visit.rating == 7 and visit.resident_id is None
        assert sorted(t.name for t in visit.themes) == ["verkeer", "vervuiling"]
    row = service.visit(result.visit_id)
    assert row.signal_ids == result.signal_ids and row.address_label == "Dreeflaan 4a"
    assert service.last_visitors() == "Voorzitter en wijkagent"


def test_rating_only_when_spoken(db: Database, service: HouseVisitService, setup: dict[str, int]) -> None:
    for outcome, rating in ((VisitOutcome.NOT_HOME, 6), (VisitOutcome.SPOKEN, 11), (VisitOutcome.SPOKEN, 0)):
        with pytest.raises(ValidationError) as error:
            service.record_visit(
                setup["Dreeflaan 2"], visited_on=TODAY, round_id=None, visitors="WIEC",
                outcome=outcome, rating=rating,
            )  # fmt: skip
        assert "rating" in error.value.errors
    assert "Gesproken" in _errors_for_not_home(service, setup)["rating"]
    assert _count(db, HouseVisit) == 0


def _errors_for_not_home(service: HouseVisitService, setup: dict[str, int]) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        service.record_visit(
            setup["Dreeflaan 2"], visited_on=TODAY, round_id=None, visitors="WIEC",
            outcome=VisitOutcome.REFUSED, rating=5,
        )  # fmt: skip
    return error.value.errors


def test_other_refusals_write_nothing(
    db: Database, service: HouseVisitService, setup: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as error:
        service.record_visit(
            setup["Dreeflaan 2"],
            visited_on=date(2026, 4, 21),
            round_id=None,
            visitors="  ",
            outcome=VisitOutcome.SPOKEN,
            problems=[ProblemNote("Losliggende tegels"), ProblemNote("   ")],
            resident_name="Jan Jansen",
        )
    errors = error.value.errors
    assert set(errors) == {"visitors", "visited_on", "problems", "consent_on"}
    assert "Probleem 2" in errors["problems"]
    assert "toestemming" in errors["consent_on"]
    assert (_count(db, HouseVisit), _count(db, Signal), _count(db, Resident), _count(db, AuditEvent)) == (
        0,
        0,
        0,
        0,
    )


def test_name_without_consent_refused_and_consent_stores_resident(
    db: Database, service: HouseVisitService, setup: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as error:
        service.record_visit(
            setup["Dreeflaan 10"], visited_on=TODAY, round_id=None, visitors="WIEC",
            outcome=VisitOutcome.SPOKEN, resident_phone="06-12345678",
        )  # fmt: skip
    assert "consent_on" in error.value.errors
    assert (_count(db, HouseVisit), _count(db, Resident)) == (0, 0)
    with pytest.raises(ValidationError) as error:
        service.record_visit(
            setup["Dreeflaan 10"], visited_on=TODAY, round_id=None, visitors="WIEC",
            outcome=VisitOutcome.SPOKEN, resident_name="Jan", consent_on=date(2026, 4, 21),
        )  # fmt: skip
    assert "toekomst" in error.value.errors["consent_on"]

    first = service.record_visit(
        setup["Dreeflaan 10"], visited_on=TODAY, round_id=None, visitors="WIEC",
        outcome=VisitOutcome.SPOKEN, rating=8, may_be_contacted=True,
        resident_name="Jan Jansen", resident_phone="06-12345678", consent_on=TODAY,
    )  # fmt: skip
    second = service.record_visit(  # the same person again: updated, not duplicated
        setup["Dreeflaan 10"], visited_on=TODAY, round_id=None, visitors="WIEC",
        outcome=VisitOutcome.SPOKEN, wants_to_participate=True, may_be_contacted=True,
        resident_name="jan jansen", consent_on=TODAY,
    )  # fmt: skip
    with db.session_factory() as session:
        residents = session.scalars(select(Resident)).all()
        assert [(r.name, r.phone, r.consent_on, r.wants_to_participate) for r in residents] == [
            ("jan jansen", "06-12345678", TODAY, True)  # the latest spelling, phone kept
        ]
        visits = [session.get(HouseVisit, v.visit_id) for v in (first, second)]
        assert {v.resident_id for v in visits} == {residents[0].id}
        details = " ".join(e.detail for e in session.scalars(select(AuditEvent)))
    assert "Jan" not in details and "0612" not in details.replace("-", "")
    assert service.visit(first.visit_id).has_resident


def test_street_coverage_and_address_states(service: HouseVisitService, setup: dict[str, int]) -> None:
    autumn = service.create_round("najaar 2025", date(2025, 9, 1), date(2025, 10, 31))
    spring = service.create_round("voorjaar 2026", date(2026, 4, 1))

    def visit(label: str, day: date, round_id: int, outcome: VisitOutcome) -> None:
        service.record_visit(
            setup[label], visited_on=day, round_id=round_id, visitors="WIEC", outcome=outcome
        )

    visit("Dreeflaan 2", date(2025, 9, 10), autumn, VisitOutcome.SPOKEN)
    visit("Dreeflaan 2", date(2026, 4, 2), spring, VisitOutcome.NOT_HOME)
    visit("Dreeflaan 2", date(2026, 4, 9), spring, VisitOutcome.SPOKEN)
    visit("Dreeflaan 4a", date(2026, 4, 9), spring, VisitOutcome.REFUSED)
    visit("Dreeflaan 10", date(2026, 4, 12), spring, VisitOutcome.COME_BACK)

    streets = {row.street: row for row in service.streets(round_id=spring)}
    assert (streets["Dreeflaan"].addresses, streets["Dreeflaan"].visited, streets["Dreeflaan"].spoken) == (
        4,
        3,
        1,
    )
    assert streets["Dreeflaan"].area == "Dreven" and streets["Dreeflaan"].coverage == 0.75
    assert (streets["Leyweg"].addresses, streets["Leyweg"].visited, streets["Leyweg"].area) == (1, 0, "")
    autumn_row = {row.street: row for row in service.streets(round_id=autumn)}["Dreeflaan"]
    assert (autumn_row.visited, autumn_row.spoken) == (1, 1)
    assert [row.street for row in service.streets(area_id=setup["wijk"])] == ["Dreeflaan"]
    assert [row.street for row in service.streets(area_id=setup["buurt"])] == ["Dreeflaan"]

    rows = service.addresses("Dreeflaan", round_id=spring)
    assert [(r.label, r.state, r.visits) for r in rows] == [
        ("Dreeflaan 2", VisitOutcome.SPOKEN, 2),
        ("Dreeflaan 4", None, 0),
        ("Dreeflaan 4a", VisitOutcome.REFUSED, 1),
        ("Dreeflaan 10", VisitOutcome.COME_BACK, 1),
    ]
    assert rows[0].last_visit_on == date(2026, 4, 9) and rows[1].last_visit_on is None
    assert [r.visits for r in service.addresses("Dreeflaan")] == [3, 0, 1, 1]
    assert {r.name: r.visits for r in service.rounds()} == {"najaar 2025": 1, "voorjaar 2026": 4}
