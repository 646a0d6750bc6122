"""The figures behind the Overzicht charts and the Word reports: grouped SQL aggregates, no Qt.

Every method is one read with a few grouped queries (never one query per row) and returns frozen
dataclasses. The SQL is portable: months are grouped with ``extract(year/month …)``, which SQLite
and PostgreSQL both understand; the latest visit per address comes from a ``row_number()`` window.
Percentages are 0–100; averages are ``None`` when there is nothing to average.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, Case, HouseVisit, Signal
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    CaseStatus,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.domain.inventory import Address, InventoryRound, house_visit_theme
from wiec_desktop.domain.organisations import Area, Organisation, Theme
from wiec_desktop.services.base import Service

STALE_AFTER_DAYS = 14  # an untriaged signal older than this is flagged (same as the signals inbox)
NO_THEME = "Geen thema"
NO_AREA = "Geen gebied"


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreetCoverage:
    """Visit coverage of one street: ``visited`` addresses have ≥1 visit; the outcome columns count
    each visited address once, by the outcome of its latest visit (so they add up to ``visited``)."""

    street: str
    area: str
    addresses: int
    visited: int
    spoken: int
    not_home: int
    refused: int
    come_back: int
    percent_visited: float


@dataclass(frozen=True)
class RatingGroup:
    """``visits``: house visits of any outcome; ``average`` over the spoken visits with a rating
    (``rated`` of them)."""

    name: str
    visits: int
    average: float | None
    rated: int = 0


@dataclass(frozen=True)
class RoundRating:
    round_id: int
    name: str
    start_date: date
    visits: int
    average: float | None
    rated: int = 0


@dataclass(frozen=True)
class ThemeMonth:
    theme: str
    month: date  # the first day of the month
    count: int


@dataclass(frozen=True)
class SignalsUsed:
    """Signals received in a period, by their status today. ``stale``: still untriaged and older
    than 14 days at today."""

    received: int
    linked: int
    closed_with_reason: int
    untriaged: int
    stale: int

    @property
    def share(self) -> float | None:
        """ "Signalen benut": the fraction (0–1) that led to a case or a reasoned closure."""
        if not self.received:
            return None
        return (self.linked + self.closed_with_reason) / self.received


@dataclass(frozen=True)
class OrganisationActions:
    """Actions owned by one organisation. ``open`` counts every open action (open or in progress),
    overdue ones included; ``overdue`` is the part of ``open`` past its due date at today."""

    organisation: str
    open: int
    overdue: int
    done: int
    done_on_time: int
    cancelled: int

    @property
    def share_on_time(self) -> float | None:
        """The fraction (0–1) of done actions completed on or before their due date."""
        return self.done_on_time / self.done if self.done else None


@dataclass(frozen=True)
class CasesInPeriod:
    """``opened``/``closed``: dates within the period; ``running``: open at the end of it."""

    opened: int
    closed: int
    running: int


@dataclass(frozen=True)
class OverviewFigures:
    """Everything the Overzicht charts show, read in one go (off the UI thread on large data)."""

    today: date
    start: date  # first day of the first month shown
    round_id: int | None
    coverage: list[StreetCoverage]
    ratings_per_street: list[RatingGroup]
    ratings_per_area: list[RatingGroup]
    rating_trend: list[RoundRating]
    signals_per_theme_month: list[ThemeMonth]
    signals_used: SignalsUsed
    signals_used_per_month: list[tuple[date, SignalsUsed]]
    actions: list[OrganisationActions]
    cases_by_status: list[tuple[str, int]]
    stale_signals: int
    months: list[date] = field(default_factory=list)  # every month shown, oldest first


# --- helpers ------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s to ``end``'s, inclusive; empty when start > end."""
    months: list[date] = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def _year_month(column: Any) -> tuple[Any, Any]:
    return extract("year", column), extract("month", column)


def _average(value: Any) -> float | None:
    return float(value) if value is not None else None


def _descendants(session: Session, area_id: int) -> list[int]:
    """The area and every area below it (a wijk with its buurten)."""
    children: dict[int | None, list[int]] = {}
    for area, parent in session.execute(select(Area.id, Area.parent_id)):
        children.setdefault(parent, []).append(area)
    found: list[int] = []
    todo = [area_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _rating_columns() -> tuple[Any, Any, Any]:
    """visits (any outcome), rated visits, average rating; for a query over HouseVisit."""
    rated = and_(HouseVisit.outcome == VisitOutcome.SPOKEN, HouseVisit.rating.is_not(None))
    rating = case((rated, HouseVisit.rating))
    return func.count(HouseVisit.id), func.count(rating), func.avg(rating)


class FiguresService(Service):
    """Read-only figures for the dashboard and the reports."""

    # --- house visits -----------------------------------------------------------------------------

    def coverage_per_street(
        self, *, area_id: int | None = None, round_id: int | None = None
    ) -> list[StreetCoverage]:
        """Per street (and area): addresses, visited addresses and their latest outcome."""
        ranked = select(
            HouseVisit.id.label("visit_id"),
            HouseVisit.address_id,
            HouseVisit.outcome,
            func.row_number()
            .over(
                partition_by=HouseVisit.address_id,
                order_by=(HouseVisit.visited_on.desc(), HouseVisit.id.desc()),
            )
            .label("position"),
        )
        if round_id is not None:
            ranked = ranked.where(HouseVisit.round_id == round_id)
        latest = ranked.subquery("latest")

        def outcome(value: VisitOutcome) -> Any:
            return func.count(case((latest.c.outcome == value, 1)))

        # NULLs are named in Python: a bound literal in GROUP BY trips PostgreSQL.
        query = (
            select(
                Address.street,
                Area.name,
                func.count(Address.id),
                func.count(latest.c.visit_id),
                outcome(VisitOutcome.SPOKEN),
                outcome(VisitOutcome.NOT_HOME),
                outcome(VisitOutcome.REFUSED),
                outcome(VisitOutcome.COME_BACK),
            )
            .select_from(Address)
            .outerjoin(Area, Area.id == Address.area_id)
            .outerjoin(latest, and_(latest.c.address_id == Address.id, latest.c.position == 1))
            .group_by(Address.street, Area.name)
        )
        with self.reading() as session:
            if area_id is not None:
                query = query.where(Address.area_id.in_(_descendants(session, area_id)))
            rows = session.execute(query).all()
        result = [
            StreetCoverage(
                street=street,
                area=area or NO_AREA,
                addresses=addresses,
                visited=visited,
                spoken=spoken,
                not_home=not_home,
                refused=refused,
                come_back=come_back,
                percent_visited=100.0 * visited / addresses if addresses else 0.0,
            )
            for street, area, addresses, visited, spoken, not_home, refused, come_back in rows
        ]
        return sorted(result, key=lambda row: (row.street, row.area))

    def ratings_per_street(self, *, round_id: int | None = None) -> list[RatingGroup]:
        """Streets with at least one visit (in the round), by name."""
        return self._ratings(Address.street, round_id)

    def ratings_per_area(self, *, round_id: int | None = None) -> list[RatingGroup]:
        """Areas (the address's own buurt or wijk) with at least one visit, by name."""
        return self._ratings(Area.name, round_id)

    def _ratings(self, name: Any, round_id: int | None) -> list[RatingGroup]:
        visits, rated, average = _rating_columns()
        query = (
            select(name, visits, rated, average)
            .select_from(HouseVisit)
            .join(Address, Address.id == HouseVisit.address_id)
            .outerjoin(Area, Area.id == Address.area_id)
            .group_by(name)
        )
        if round_id is not None:
            query = query.where(HouseVisit.round_id == round_id)
        with self.reading() as session:
            rows = session.execute(query).all()
        result = [
            RatingGroup(name=group or NO_AREA, visits=count, average=_average(mean), rated=ratings)
            for group, count, ratings, mean in rows
        ]
        return sorted(result, key=lambda row: row.name)

    def rating_trend(self, *, area_id: int | None = None) -> list[RoundRating]:
        """Every inventory round, oldest first, with its visits and average rating (visits without a
        round are left out; a round without visits has ``visits == 0`` and no average)."""
        visits, rated, average = _rating_columns()
        with self.reading() as session:
            condition = HouseVisit.round_id == InventoryRound.id
            if area_id is not None:
                inside = select(Address.id).where(Address.area_id.in_(_descendants(session, area_id)))
                condition = and_(condition, HouseVisit.address_id.in_(inside))
            rows = session.execute(
                select(InventoryRound.id, InventoryRound.name, InventoryRound.start_date)
                .add_columns(visits, rated, average)
                .select_from(InventoryRound)
                .outerjoin(HouseVisit, condition)
                .group_by(InventoryRound.id, InventoryRound.name, InventoryRound.start_date)
                .order_by(InventoryRound.start_date, InventoryRound.id)
            ).all()
        return [
            RoundRating(
                round_id=round_id,
                name=name,
                start_date=start,
                visits=count,
                average=_average(mean),
                rated=ratings,
            )
            for round_id, name, start, count, ratings, mean in rows
        ]

    def themes_named(self, *, round_id: int | None = None, limit: int = 10) -> list[tuple[str, int]]:
        """Themes ticked on house visits (in the round), most named first, then by name."""
        count = func.count()
        query = (
            select(Theme.name, count)
            .select_from(house_visit_theme)
            .join(Theme, Theme.id == house_visit_theme.c.theme_id)
            .join(HouseVisit, HouseVisit.id == house_visit_theme.c.house_visit_id)
            .group_by(Theme.name)
            .order_by(count.desc(), Theme.name)
            .limit(limit)
        )
        if round_id is not None:
            query = query.where(HouseVisit.round_id == round_id)
        with self.reading() as session:
            return [(name, number) for name, number in session.execute(query)]

    # --- signals ----------------------------------------------------------------------------------

    def signals_per_theme_month(self, start: date, end: date) -> list[ThemeMonth]:
        """Signals received within [start, end] per theme and month, by month then theme."""
        year, month = _year_month(Signal.received_on)
        query = (
            select(Theme.name, year, month, func.count(Signal.id))
            .select_from(Signal)
            .outerjoin(Theme, Theme.id == Signal.theme_id)
            .where(Signal.received_on.between(start, end))
            .group_by(Theme.name, year, month)
        )
        with self.reading() as session:
            rows = session.execute(query).all()
        result = [ThemeMonth(name or NO_THEME, date(int(y), int(m), 1), count) for name, y, m, count in rows]
        return sorted(result, key=lambda row: (row.month, row.theme))

    def signals_used(self, start: date, end: date) -> SignalsUsed:
        """ "Signalen benut" for the signals received within [start, end]."""
        with self.reading() as session:
            row = session.execute(self._used_query().where(Signal.received_on.between(start, end))).one()
        return SignalsUsed(*(int(value or 0) for value in row))

    def signals_used_per_month(self, start: date, end: date) -> list[tuple[date, SignalsUsed]]:
        """Every month from start's to end's (empty months included), for the signals received
        within [start, end]."""
        year, month = _year_month(Signal.received_on)
        query = (
            self._used_query()
            .add_columns(year, month)
            .where(Signal.received_on.between(start, end))
            .group_by(year, month)
        )
        with self.reading() as session:
            rows = session.execute(query).all()
        found = {
            date(int(y), int(m), 1): SignalsUsed(*(int(v or 0) for v in values)) for *values, y, m in rows
        }
        empty = SignalsUsed(0, 0, 0, 0, 0)
        return [(first, found.get(first, empty)) for first in months_between(start, end)]

    def _used_query(self) -> Select[Any]:
        cutoff = self.today() - timedelta(days=STALE_AFTER_DAYS)

        def counting(condition: Any) -> Any:
            return func.count(case((condition, 1)))

        new = Signal.status == SignalStatus.NEW
        reasoned = func.length(func.trim(Signal.closed_reason)) > 0
        return select(
            func.count(Signal.id),
            counting(Signal.status == SignalStatus.LINKED),
            counting(and_(Signal.status == SignalStatus.CLOSED, reasoned)),
            counting(new),
            counting(and_(new, Signal.received_on < cutoff)),
        ).select_from(Signal)

    def stale_signals(self, days: int = STALE_AFTER_DAYS) -> int:
        """Untriaged signals received more than ``days`` days before today."""
        cutoff = self.today() - timedelta(days=days)
        with self.reading() as session:
            return session.execute(
                select(func.count(Signal.id)).where(
                    Signal.status == SignalStatus.NEW, Signal.received_on < cutoff
                )
            ).scalar_one()

    # --- actions and cases ------------------------------------------------------------------------

    def actions_per_organisation(
        self, *, start: date | None = None, end: date | None = None
    ) -> list[OrganisationActions]:
        """Per owning organisation (with ≥1 action; with a period: created in it), by name."""
        today = self.today()
        is_open = Action.status.in_(OPEN_ACTION_STATUSES)
        done = Action.status == ActionStatus.DONE
        on_time = and_(done, or_(Action.due_date.is_(None), Action.completed_on <= Action.due_date))

        def counting(condition: Any) -> Any:
            return func.count(case((condition, 1)))

        query = (
            select(
                Organisation.name,
                counting(is_open),
                counting(and_(is_open, Action.due_date < today)),
                counting(done),
                counting(on_time),
                counting(Action.status == ActionStatus.CANCELLED),
            )
            .select_from(Action)
            .join(Organisation, Organisation.id == Action.owner_organisation_id)
            .group_by(Organisation.name)
            .order_by(Organisation.name)
        )
        if start is not None:
            query = query.where(Action.created_on >= start)
        if end is not None:
            query = query.where(Action.created_on <= end)
        with self.reading() as session:
            rows = session.execute(query).all()
        return [OrganisationActions(*row) for row in rows]

    def cases_by_status(self) -> list[tuple[str, int]]:
        """(Dutch status label, count) for every status, in workflow order, zeros included."""
        with self.reading() as session:
            query = select(Case.status, func.count(Case.id)).group_by(Case.status)
            counts = dict(session.execute(query).all())
        return [(status.label, counts.get(status, 0)) for status in CaseStatus]

    def cases_in_period(self, start: date, end: date) -> CasesInPeriod:
        """Opened and closed within [start, end]; running: opened by ``end`` and not closed by then."""

        def counting(condition: Any) -> Any:
            return func.count(case((condition, 1)))

        with self.reading() as session:
            opened, closed, running = session.execute(
                select(
                    counting(Case.opened_on.between(start, end)),
                    counting(Case.closed_on.between(start, end)),
                    counting(
                        and_(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on > end))
                    ),
                )
            ).one()
        return CasesInPeriod(opened=opened, closed=closed, running=running)

    # --- the dashboard ----------------------------------------------------------------------------

    def volume(self) -> int:
        """Rows the dashboard aggregates (addresses, visits, signals, actions, cases): the UI reads
        the figures off its thread above a threshold."""
        tables: Iterable[Any] = (Address, HouseVisit, Signal, Action, Case)
        with self.reading() as session:
            return sum(session.execute(select(func.count()).select_from(t)).scalar_one() for t in tables)

    def overview(self, *, round_id: int | None = None, months: int = 12) -> OverviewFigures:
        """The Overzicht charts: coverage and ratings (of one round, or all), the rating trend, the
        signals of the last ``months`` months (this one included; not before the first signal's
        month), and actions and cases as of today."""
        today = self.today()
        start = add_months(today, -(months - 1))
        with self.reading() as session:
            first = session.execute(select(func.min(Signal.received_on))).scalar_one()
        if first is not None and start < month_start(first) <= today:
            start = month_start(first)  # no empty months before the first signal
        return OverviewFigures(
            today=today,
            start=start,
            round_id=round_id,
            coverage=self.coverage_per_street(round_id=round_id),
            ratings_per_street=self.ratings_per_street(round_id=round_id),
            ratings_per_area=self.ratings_per_area(round_id=round_id),
            rating_trend=self.rating_trend(),
            signals_per_theme_month=self.signals_per_theme_month(start, today),
            signals_used=self.signals_used(start, today),
            signals_used_per_month=self.signals_used_per_month(start, today),
            actions=self.actions_per_organisation(),
            cases_by_status=self.cases_by_status(),
            stale_signals=self.stale_signals(),
            months=months_between(start, today),
        )
