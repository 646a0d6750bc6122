"""FiguresService on a small hand-made dataset with answers worked out by hand, on the demo
database for sanity, and the same answers on PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import DEMO_TODAY
from tests.postgres_server import postgres_bin_dir, running_postgres
from wiec_desktop.domain import (
    Action,
    Address,
    Area,
    Case,
    HouseVisit,
    InventoryRound,
    Organisation,
    Signal,
    Theme,
)
from wiec_desktop.domain.enums import (
    ActionStatus,
    AreaKind,
    CaseStatus,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.services.reports.figures import (
    CasesInPeriod,
    FiguresService,
    OrganisationActions,
    RatingGroup,
    RoundRating,
    SignalsUsed,
    StreetCoverage,
    ThemeMonth,
    add_months,
    months_between,
)
from wiec_desktop.storage.database import Database, open_database

TODAY = date(2026, 11, 10)
D = date


@dataclass(frozen=True)
class Ids:
    noord: int  # wijk
    noord_a: int  # buurt in Noord
    zuid: int  # wijk without buurten
    voorjaar: int
    najaar: int
    winter: int  # a round without visits


def build_dataset(factory: sessionmaker[Session]) -> Ids:
    """Akkerstraat 1–4 (buurt Noord-A in wijk Noord), Beukenlaan 1–4 (wijk Zuid), Cederweg 1 (no
    area); three rounds; signals in Aug–Nov; cases in every status but one; two organisations'
    actions done on time, late, open, overdue and cancelled."""
    with factory.begin() as s:
        noord = Area(name="Noord", kind=AreaKind.DISTRICT)
        noord_a = Area(name="Noord-A", kind=AreaKind.NEIGHBOURHOOD, parent=noord)
        zuid = Area(name="Zuid", kind=AreaKind.DISTRICT)
        s.add_all([noord, noord_a, zuid])
        verkeer, vervuiling, jeugd = Theme(name="verkeer"), Theme(name="vervuiling"), Theme(name="jeugd")
        s.add_all([verkeer, vervuiling, jeugd])
        a = {
            n: Address(street="Akkerstraat", number=n, postcode="2500 AA", area=noord_a) for n in range(1, 5)
        }
        b = {n: Address(street="Beukenlaan", number=n, postcode="2500 AB", area=zuid) for n in range(1, 5)}
        ceder = Address(street="Cederweg", number=1, postcode="2500 AC", area=None)
        s.add_all([*a.values(), *b.values(), ceder])
        # Inserted out of date order: the trend must follow start_date.
        najaar = InventoryRound(name="Najaar 2026", start_date=D(2026, 9, 1))
        winter = InventoryRound(name="Winter 2026", start_date=D(2026, 12, 1))
        voorjaar = InventoryRound(name="Voorjaar 2026", start_date=D(2026, 3, 1))
        s.add_all([najaar, winter, voorjaar])

        def visit(address, rnd, day, outcome, rating=None, themes=()):  # type: ignore[no-untyped-def]
            s.add(
                HouseVisit(
                    address=address, round=rnd, visited_on=day, outcome=outcome, rating=rating,
                    themes=list(themes),
                )
            )  # fmt: skip

        spoken, not_home = VisitOutcome.SPOKEN, VisitOutcome.NOT_HOME
        visit(a[1], voorjaar, D(2026, 3, 10), not_home)
        visit(a[1], najaar, D(2026, 9, 10), spoken, 8, [verkeer])
        visit(a[2], voorjaar, D(2026, 3, 11), spoken, 6, [verkeer, vervuiling])
        visit(a[3], voorjaar, D(2026, 3, 12), VisitOutcome.REFUSED)
        visit(b[1], voorjaar, D(2026, 3, 20), spoken, 9, [vervuiling])  # added before the earlier one
        visit(b[1], voorjaar, D(2026, 3, 15), VisitOutcome.COME_BACK)
        visit(b[2], najaar, D(2026, 9, 12), spoken)  # spoken without a rating
        visit(b[3], najaar, D(2026, 9, 13), not_home)
        visit(ceder, None, D(2026, 5, 1), spoken, 4, [verkeer])  # outside any round

        def case(number, status, opened, closed=None):  # type: ignore[no-untyped-def]
            record = Case(
                year=2026, number=number, title=f"Casus {number}", status=status, opened_on=opened,
                closed_on=closed,
            )  # fmt: skip
            s.add(record)
            return record

        c1 = case(1, CaseStatus.REPORTED, D(2026, 8, 20))
        case(2, CaseStatus.IN_PROGRESS, D(2026, 2, 1))
        case(3, CaseStatus.IN_PROGRESS, D(2026, 10, 1))
        case(4, CaseStatus.MONITORING, D(2025, 12, 1))
        case(5, CaseStatus.CLOSED, D(2026, 1, 10), D(2026, 3, 5))
        case(6, CaseStatus.CLOSED, D(2026, 9, 10), D(2026, 10, 20))

        def signal(received, theme, status=SignalStatus.NEW, triaged=None):  # type: ignore[no-untyped-def]
            s.add(
                Signal(
                    received_on=received, source=SignalSource.WALK_IN, theme=theme, text="Melding",
                    status=status, triaged_on=triaged,
                    case=c1 if status is SignalStatus.LINKED else None,
                    closed_reason="Doorgezet naar de gemeente" if status is SignalStatus.CLOSED else "",
                )
            )  # fmt: skip

        linked, closed = SignalStatus.LINKED, SignalStatus.CLOSED
        signal(D(2026, 8, 31), verkeer, linked, D(2026, 9, 1))
        signal(D(2026, 9, 5), verkeer, linked, D(2026, 9, 6))
        signal(D(2026, 9, 20), verkeer, closed, D(2026, 9, 21))
        signal(D(2026, 9, 25), vervuiling)  # untriaged, 46 days old: stale
        signal(D(2026, 10, 3), None, linked, D(2026, 10, 4))
        signal(D(2026, 10, 15), vervuiling)  # untriaged, 26 days: stale
        signal(D(2026, 10, 27), verkeer)  # untriaged, exactly 14 days: not stale yet
        signal(D(2026, 10, 28), verkeer)  # untriaged, 13 days
        signal(D(2026, 11, 2), vervuiling, closed, D(2026, 11, 3))

        gemeente, politie = Organisation(name="Gemeente"), Organisation(name="Politie")
        s.add_all([gemeente, politie, Organisation(name="Woonstichting")])  # no actions: not listed
        numbers = iter(range(1, 100))

        def action(owner, created, status, due=None, completed=None):  # type: ignore[no-untyped-def]
            s.add(
                Action(
                    year=2026, number=next(numbers), description="Actie", owner_organisation=owner,
                    created_on=created, due_date=due, status=status, completed_on=completed,
                )
            )  # fmt: skip

        o, busy, done = ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE
        action(gemeente, D(2026, 10, 1), o, D(2026, 11, 1))  # overdue
        action(gemeente, D(2026, 10, 5), busy, D(2026, 12, 1))
        action(gemeente, D(2026, 6, 1), o)  # no due date: never overdue
        action(gemeente, D(2026, 9, 1), done, D(2026, 9, 30), D(2026, 9, 30))  # on the day: on time
        action(gemeente, D(2026, 9, 2), done, D(2026, 9, 30), D(2026, 10, 2))  # late
        action(gemeente, D(2026, 8, 1), ActionStatus.CANCELLED)
        action(politie, D(2026, 10, 1), done, None, D(2026, 10, 10))  # no due date: on time
        action(politie, D(2026, 10, 20), busy, D(2026, 11, 9))  # overdue
        action(politie, D(2026, 11, 1), done, D(2026, 11, 20), D(2026, 11, 5))
        s.flush()
        return Ids(noord.id, noord_a.id, zuid.id, voorjaar.id, najaar.id, winter.id)


@pytest.fixture
def hand(db: Database) -> tuple[FiguresService, Ids]:
    ids = build_dataset(db.session_factory)
    return FiguresService(db.session_factory, lambda: TODAY), ids


def _cov(street, area, addresses, visited, spoken, not_home, refused, come_back):  # type: ignore[no-untyped-def]
    return StreetCoverage(
        street, area, addresses, visited, spoken, not_home, refused, come_back, 100.0 * visited / addresses
    )


# --- the hand-made dataset ------------------------------------------------------------------------


def test_coverage_counts_addresses_once_by_their_latest_visit(hand) -> None:
    figures, _ids = hand
    assert figures.coverage_per_street() == [
        _cov("Akkerstraat", "Noord-A", 4, 3, 2, 0, 1, 0),  # A1 spoken (autumn), A2 spoken, A3 refused
        _cov("Beukenlaan", "Zuid", 4, 3, 2, 1, 0, 0),  # B1 spoken (latest by date), B2 spoken, B3 not home
        _cov("Cederweg", "Geen gebied", 1, 1, 1, 0, 0, 0),
    ]
    assert [row.percent_visited for row in figures.coverage_per_street()] == [75.0, 75.0, 100.0]


def test_coverage_of_one_round(hand) -> None:
    figures, ids = hand
    assert figures.coverage_per_street(round_id=ids.voorjaar) == [
        _cov("Akkerstraat", "Noord-A", 4, 3, 1, 1, 1, 0),  # A1 was not at home in spring
        _cov("Beukenlaan", "Zuid", 4, 1, 1, 0, 0, 0),  # come back, then spoken: the latest counts
        _cov("Cederweg", "Geen gebied", 1, 0, 0, 0, 0, 0),
    ]
    assert [row.percent_visited for row in figures.coverage_per_street(round_id=ids.najaar)] == [
        25.0,
        50.0,
        0.0,
    ]
    assert [row.visited for row in figures.coverage_per_street(round_id=ids.winter)] == [0, 0, 0]


def test_coverage_of_an_area_includes_its_buurten(hand) -> None:
    figures, ids = hand
    assert [row.street for row in figures.coverage_per_street(area_id=ids.noord)] == ["Akkerstraat"]
    assert [row.street for row in figures.coverage_per_street(area_id=ids.noord_a)] == ["Akkerstraat"]
    assert figures.coverage_per_street(area_id=ids.zuid, round_id=ids.najaar) == [
        _cov("Beukenlaan", "Zuid", 4, 2, 1, 1, 0, 0)
    ]


def test_ratings_per_street_and_area(hand) -> None:
    figures, ids = hand
    assert figures.ratings_per_street() == [
        RatingGroup("Akkerstraat", visits=4, average=7.0, rated=2),  # (8 + 6) / 2
        RatingGroup("Beukenlaan", visits=4, average=9.0, rated=1),  # a spoken visit without rating
        RatingGroup("Cederweg", visits=1, average=4.0, rated=1),
    ]
    assert figures.ratings_per_street(round_id=ids.najaar) == [
        RatingGroup("Akkerstraat", visits=1, average=8.0, rated=1),
        RatingGroup("Beukenlaan", visits=2, average=None, rated=0),
    ]
    assert figures.ratings_per_street(round_id=ids.winter) == []
    assert figures.ratings_per_area() == [
        RatingGroup("Geen gebied", visits=1, average=4.0, rated=1),
        RatingGroup("Noord-A", visits=4, average=7.0, rated=2),
        RatingGroup("Zuid", visits=4, average=9.0, rated=1),
    ]
    assert figures.ratings_per_area(round_id=ids.voorjaar) == [
        RatingGroup("Noord-A", visits=3, average=6.0, rated=1),
        RatingGroup("Zuid", visits=2, average=9.0, rated=1),
    ]


def test_rating_trend_follows_the_rounds_by_start_date(hand) -> None:
    figures, ids = hand
    assert figures.rating_trend() == [
        RoundRating(ids.voorjaar, "Voorjaar 2026", D(2026, 3, 1), visits=5, average=7.5, rated=2),
        RoundRating(ids.najaar, "Najaar 2026", D(2026, 9, 1), visits=3, average=8.0, rated=1),
        RoundRating(ids.winter, "Winter 2026", D(2026, 12, 1), visits=0, average=None, rated=0),
    ]  # the visit outside any round (Cederweg, rating 4) is left out
    assert [(r.visits, r.average) for r in figures.rating_trend(area_id=ids.noord)] == [
        (3, 6.0),
        (1, 8.0),
        (0, None),
    ]
    assert [(r.visits, r.average) for r in figures.rating_trend(area_id=ids.zuid)] == [
        (2, 9.0),
        (2, None),
        (0, None),
    ]


def test_themes_named_on_visits(hand) -> None:
    figures, ids = hand
    assert figures.themes_named() == [("verkeer", 3), ("vervuiling", 2)]
    assert figures.themes_named(limit=1) == [("verkeer", 3)]
    assert figures.themes_named(round_id=ids.voorjaar) == [("vervuiling", 2), ("verkeer", 1)]
    assert figures.themes_named(round_id=ids.winter) == []


def test_signals_per_theme_and_month(hand) -> None:
    figures, _ids = hand
    sep, oct_, nov = D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)
    assert figures.signals_per_theme_month(D(2026, 9, 1), D(2026, 11, 30)) == [
        ThemeMonth("verkeer", sep, 2),
        ThemeMonth("vervuiling", sep, 1),
        ThemeMonth("Geen thema", oct_, 1),
        ThemeMonth("verkeer", oct_, 2),
        ThemeMonth("vervuiling", oct_, 1),
        ThemeMonth("vervuiling", nov, 1),
    ]  # 31 August is outside the period
    assert figures.signals_per_theme_month(D(2026, 8, 31), D(2026, 9, 5)) == [
        ThemeMonth("verkeer", D(2026, 8, 1), 1),
        ThemeMonth("verkeer", sep, 1),
    ]  # both ends are inclusive
    assert figures.signals_per_theme_month(D(2026, 1, 1), D(2026, 6, 30)) == []


def test_signals_used_and_stale(hand) -> None:
    figures, _ids = hand
    used = figures.signals_used(D(2026, 9, 1), D(2026, 11, 30))
    assert used == SignalsUsed(received=8, linked=2, closed_with_reason=2, untriaged=4, stale=2)
    assert used.share == 0.5
    assert figures.signals_used(D(2026, 8, 1), D(2026, 8, 31)).share == 1.0
    nothing = figures.signals_used(D(2026, 1, 1), D(2026, 1, 31))
    assert nothing == SignalsUsed(0, 0, 0, 0, 0) and nothing.share is None
    assert figures.stale_signals() == 2  # 25 Sep and 15 Oct; 27 Oct is exactly 14 days old
    assert figures.stale_signals(days=13) == 3
    assert figures.stale_signals(days=30) == 1


def test_signals_used_per_month_lists_every_month(hand) -> None:
    figures, _ids = hand
    per_month = figures.signals_used_per_month(D(2026, 7, 20), TODAY)
    assert per_month == [
        (D(2026, 7, 1), SignalsUsed(0, 0, 0, 0, 0)),
        (D(2026, 8, 1), SignalsUsed(1, 1, 0, 0, 0)),
        (D(2026, 9, 1), SignalsUsed(3, 1, 1, 1, 1)),
        (D(2026, 10, 1), SignalsUsed(4, 1, 0, 3, 1)),
        (D(2026, 11, 1), SignalsUsed(1, 0, 1, 0, 0)),
    ]
    assert [used.share for _month, used in per_month] == [None, 1.0, 2 / 3, 0.25, 1.0]


def test_actions_per_organisation(hand) -> None:
    figures, _ids = hand
    rows = figures.actions_per_organisation()
    assert rows == [
        OrganisationActions("Gemeente", open=3, overdue=1, done=2, done_on_time=1, cancelled=1),
        OrganisationActions("Politie", open=1, overdue=1, done=2, done_on_time=2, cancelled=0),
    ]
    assert [row.share_on_time for row in rows] == [0.5, 1.0]
    october = figures.actions_per_organisation(start=D(2026, 10, 1), end=D(2026, 10, 31))
    assert october == [
        OrganisationActions("Gemeente", open=2, overdue=1, done=0, done_on_time=0, cancelled=0),
        OrganisationActions("Politie", open=1, overdue=1, done=1, done_on_time=1, cancelled=0),
    ]
    assert october[0].share_on_time is None
    assert [r.organisation for r in figures.actions_per_organisation(start=D(2026, 11, 1))] == ["Politie"]
    assert [r.done for r in figures.actions_per_organisation(end=D(2026, 9, 1))] == [1]


def test_cases_by_status_and_in_period(hand) -> None:
    figures, _ids = hand
    assert figures.cases_by_status() == [
        ("Aangemeld", 1),
        ("In analyse", 0),
        ("In behandeling", 2),
        ("Monitoren", 1),
        ("Afgesloten", 2),
    ]
    # Opened 1 Sep–31 Oct: cases 3 and 6; closed: 6; running on 31 Oct: 1, 2, 3 and 4.
    assert figures.cases_in_period(D(2026, 9, 1), D(2026, 10, 31)) == CasesInPeriod(2, 1, 4)
    # First quarter: opened 2 and 5, closed 5; running on 31 March: 2 and 4.
    assert figures.cases_in_period(D(2026, 1, 1), D(2026, 3, 31)) == CasesInPeriod(2, 1, 2)


def test_overview_bundles_the_figures(hand) -> None:
    figures, ids = hand
    three = figures.overview(months=3)
    assert three.start == D(2026, 9, 1)
    assert three.months == [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
    assert three.signals_used == figures.signals_used(D(2026, 9, 1), TODAY)
    assert three.stale_signals == 2 and three.cases_by_status == figures.cases_by_status()
    assert three.coverage == figures.coverage_per_street()
    year = figures.overview(round_id=ids.najaar)
    assert year.start == D(2026, 8, 1)  # not before the month of the first signal
    assert year.months[0] == D(2026, 8, 1) and year.months[-1] == D(2026, 11, 1)
    assert year.ratings_per_street == figures.ratings_per_street(round_id=ids.najaar)
    assert figures.volume() == 9 + 9 + 9 + 9 + 6  # addresses, visits, signals, actions, cases


def test_month_helpers() -> None:
    assert add_months(D(2026, 11, 10), -11) == D(2025, 12, 1)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 1)
    assert months_between(D(2025, 11, 30), D(2026, 2, 1)) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert months_between(D(2026, 3, 1), D(2026, 2, 1)) == []


def test_an_empty_database(db: Database) -> None:
    figures = FiguresService(db.session_factory, lambda: TODAY)
    assert figures.coverage_per_street() == [] and figures.ratings_per_area() == []
    assert figures.rating_trend() == [] and figures.actions_per_organisation() == []
    assert figures.signals_used(D(2026, 1, 1), TODAY).share is None
    assert [count for _label, count in figures.cases_by_status()] == [0] * 5
    assert figures.overview().months[0] == D(2025, 12, 1)


# --- the demo database ----------------------------------------------------------------------------


def test_demo_database_figures_are_sane(demo_db: Database) -> None:
    figures = FiguresService(demo_db.session_factory, lambda: DEMO_TODAY)
    coverage = figures.coverage_per_street()
    assert coverage and all(0 <= row.percent_visited <= 100 for row in coverage)
    assert all(row.spoken + row.not_home + row.refused + row.come_back == row.visited for row in coverage)
    with demo_db.session_factory() as session:
        visited = session.scalar(select(func.count(distinct(HouseVisit.address_id))))
        addresses = session.scalar(select(func.count(Address.id)))
        signals = session.scalar(select(func.count(Signal.id)))
        actions = session.scalar(select(func.count(Action.id)))
        cases = session.scalar(select(func.count(Case.id)))
    assert sum(row.visited for row in coverage) == visited
    assert sum(row.addresses for row in coverage) == addresses
    for groups in (figures.ratings_per_street(), figures.ratings_per_area()):
        assert groups and all(g.average is None or 1 <= g.average <= 10 for g in groups)
    trend = figures.rating_trend()
    assert len(trend) == 2 and all(r.average is not None for r in trend)
    assert sum(r.visits for r in trend) == 120
    used = figures.signals_used(D(2000, 1, 1), DEMO_TODAY)
    assert used.received == signals and 0 <= used.share <= 1
    assert used.linked + used.closed_with_reason + used.untriaged == signals
    assert used.stale == figures.stale_signals() > 0
    per_month = figures.signals_used_per_month(add_months(DEMO_TODAY, -11), DEMO_TODAY)
    assert len(per_month) == 12
    assert all(u.share is None or 0 <= u.share <= 1 for _month, u in per_month)
    themed = figures.signals_per_theme_month(D(2000, 1, 1), DEMO_TODAY)
    assert sum(row.count for row in themed) == signals
    rows = figures.actions_per_organisation()
    assert sum(r.open + r.done + r.cancelled for r in rows) == actions
    assert all(r.overdue <= r.open and r.done_on_time <= r.done for r in rows)
    assert sum(count for _label, count in figures.cases_by_status()) == cases
    assert figures.themes_named(limit=3) and len(figures.themes_named(limit=3)) == 3
    overview = figures.overview()
    assert overview.coverage == coverage and len(overview.months) >= 1


# --- PostgreSQL -----------------------------------------------------------------------------------


def _everything(figures: FiguresService, ids: Ids) -> list[object]:
    """Every method with the arguments of the tests above."""
    period = (D(2026, 9, 1), D(2026, 11, 30))
    return [
        figures.coverage_per_street(),
        figures.coverage_per_street(round_id=ids.voorjaar),
        figures.coverage_per_street(area_id=ids.noord, round_id=ids.najaar),
        figures.ratings_per_street(),
        figures.ratings_per_street(round_id=ids.najaar),
        figures.ratings_per_area(),
        figures.rating_trend(),
        figures.rating_trend(area_id=ids.zuid),
        figures.themes_named(round_id=ids.voorjaar),
        figures.signals_per_theme_month(*period),
        figures.signals_used(*period),
        figures.signals_used_per_month(D(2026, 7, 20), TODAY),
        figures.stale_signals(),
        figures.actions_per_organisation(),
        figures.actions_per_organisation(start=D(2026, 10, 1), end=D(2026, 10, 31)),
        figures.cases_by_status(),
        figures.cases_in_period(D(2026, 9, 1), D(2026, 10, 31)),
        figures.overview(round_id=ids.voorjaar),
        figures.volume(),
    ]


@pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)
def test_the_same_answers_on_postgresql(hand) -> None:
    figures, ids = hand
    expected = _everything(figures, ids)
    with running_postgres() as url:
        database = open_database(url, create=True)
        try:
            pg_ids = build_dataset(database.session_factory)
            assert pg_ids == ids
            assert _everything(FiguresService(database.session_factory, lambda: TODAY), pg_ids) == expected
        finally:
            database.close()
