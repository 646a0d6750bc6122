"""Everything the inventory report and the progress report show, as plain frozen dataclasses.

``ReportDataService.inventory`` reads one inventory round (the latest by default) and
``.progress`` a period, mostly through ``FiguresService`` (the same figures as the dashboard) plus
a few queries of its own: the visits of the round (willingness, ideas, problems) and the signals
made from them. No ORM objects, no Qt, no python-docx: the documents are written from this data.

Privacy: the inventory report names no residents. Every resident text that goes into it (problems,
ideas) passes ``anonymise``: the names and phone numbers of residents known in the database, any
phone number, e-mail address, postcode and house number ("nummer 12", "Dreeflaan 12a", "12a") are
replaced by an ellipsis in brackets; numbers followed by a unit ("20 jaar", "22 uur") stay.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain.enums import AuditKind, SignalSource, VisitOutcome
from wiec_desktop.domain.inventory import HouseVisit, InventoryRound, Resident, Signal, house_visit_theme
from wiec_desktop.domain.organisations import Area, Assignment, Organisation, Theme, assignment_area
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.followup.escalation import (
    EscalatedAction,
    Thresholds,
    current_thresholds,
    escalated_actions,
)
from wiec_desktop.services.reports.figures import FiguresService, OrganisationActions
from wiec_desktop.services.validation import ValidationError

NO_THEME = "Geen thema"
REDACTED = "[…]"
QUOTES_PER_THEME = 3
MAX_PROBLEM_THEMES = 8
MAX_IDEAS = 12
MAX_THEMES = 10
DEFAULT_MONTHS = 3
# An average rating is shown only over at least this many ratings: fewer could be one resident's own
# score (a street with one conversation), which the reports must not reveal.
MIN_RATINGS = 5


# --- anonymising ------------------------------------------------------------------------------------

_UNITS = (
    r"jaar|jaren|maand|maanden|week|weken|dag|dagen|uur|uren|minuut|minuten|keer|euro|procent|%|"
    r"km|kilometer|meter|m|cm|kinderen|kind|jongeren|personen|mensen|auto's|scooters|containers"
)
# "12a", "12-a", "12bis", "12 A", "12-2": the addition of a house number.
_ADDITION = r"(?:-?[A-Za-z]{1,3}\b|\s[A-Za-z]\b|\s*-\s*\d+)"
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?<![\w])(?:\+|00)?\d[\d\s().-]{6,}\d(?![\w])")
_POSTCODE_RE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
_NUMBER_WORD_RE = re.compile(
    rf"\b(?:huis\s*nummer|huisnummer|huisnr|nummer|nr|no)\.?\s*\d+{_ADDITION}?",
    re.IGNORECASE,
)
# A number (with an addition like "12a", "12-2", "12 bis") not followed by a unit word.
_HOUSE_NUMBER_RE = re.compile(
    rf"(?<!\d)\d+{_ADDITION}?(?!\s*(?:{_UNITS})\b)(?![\d:])(?!-[A-Za-z]{{4,}})",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"[ \t]{2,}")
_REPEATED_RE = re.compile(rf"{re.escape(REDACTED)}(?:[\s,]*{re.escape(REDACTED)})+")


def name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for residents' names: the whole name and every capitalised part of 3+ letters
    (so "Anna de Vries" also hides "Anna" and "Vries"), longest first."""
    words: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        words.add(name)
        words.update(part for part in re.split(r"[\s,.-]+", name) if len(part) >= 3 and part[0].isupper())
    return [
        re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE if " " in word else 0)
        for word in sorted(words, key=len, reverse=True)
    ]


def anonymise(text: str, names: Sequence[re.Pattern[str]] = (), phones: Iterable[str] = ()) -> str:
    """``text`` without residents' names, phone numbers, e-mail addresses, postcodes and house
    numbers (each replaced by "[…]"); whitespace tidied, one line."""
    result = " ".join(text.split())
    for phone in phones:
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 6:
            spaced = r"[\s().-]*".join(re.escape(d) for d in digits)
            result = re.sub(spaced, REDACTED, result)
    for pattern in names:
        result = pattern.sub(REDACTED, result)
    for pattern in (_EMAIL_RE, _PHONE_RE, _POSTCODE_RE, _NUMBER_WORD_RE, _HOUSE_NUMBER_RE):
        result = pattern.sub(REDACTED, result)
    result = _REPEATED_RE.sub(REDACTED, result)
    return _SPACES_RE.sub(" ", result).strip()


# --- inventory report data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """How many addresses were visited and what came of it (each address's latest visit)."""

    addresses: int
    visited: int
    spoken: int
    not_home: int
    refused: int
    come_back: int

    @property
    def not_visited(self) -> int:
        return max(self.addresses - self.visited, 0)

    def share(self, count: int, of: int | None = None) -> float | None:
        """``count`` as a fraction of ``of`` (default: all addresses); None when that is 0."""
        total = self.addresses if of is None else of
        return count / total if total else None


@dataclass(frozen=True)
class StreetLine:
    """One street in the report: coverage and the average rating of the residents spoken to
    (None with fewer than ``InventoryReportData.min_ratings`` ratings)."""

    street: str
    area: str
    addresses: int
    visited: int
    spoken: int
    ratings: int
    average: float | None

    @property
    def percent_visited(self) -> float:
        return 100.0 * self.visited / self.addresses if self.addresses else 0.0


@dataclass(frozen=True)
class ThemeProblems:
    """Problems named at the doors under one theme: how often, with a few anonymised quotes."""

    theme: str
    count: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Idea:
    text: str  # anonymised
    count: int


@dataclass(frozen=True)
class Willingness:
    spoken: int
    wants_to_participate: int
    may_be_contacted: int


@dataclass(frozen=True)
class InventoryReportData:
    """What the inventarisatierapport shows; no resident names, phone numbers or house numbers."""

    round_name: str  # "" when no round exists (all visits)
    round_start: date | None
    round_end: date | None
    first_visit: date | None
    last_visit: date | None
    visit_days: int
    visits: int
    areas: tuple[str, ...]
    response: Response
    streets: tuple[StreetLine, ...]
    average_rating: float | None
    ratings: int
    themes: tuple[tuple[str, int], ...]
    problems: tuple[ThemeProblems, ...]
    ideas: tuple[Idea, ...]
    willingness: Willingness
    recommendations: str
    as_of: date
    min_ratings: int = MIN_RATINGS  # averages over fewer ratings are left out (None)

    @property
    def title(self) -> str:
        return f"Inventarisatierapport {self.round_name}".strip()


# --- progress report data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseCounts:
    opened: int
    closed: int
    running: int


@dataclass(frozen=True)
class ScoreLine(OrganisationActions):
    """One organisation on the partner scorecard (actions created in the period)."""

    @property
    def total(self) -> int:
        return self.open + self.done + self.cancelled


@dataclass(frozen=True)
class SignalUse:
    """Signals received in a period and what became of them ("signalen benut")."""

    received: int
    linked: int
    closed_with_reason: int
    untriaged: int
    stale: int

    @property
    def share(self) -> float | None:
        return (self.linked + self.closed_with_reason) / self.received if self.received else None


@dataclass(frozen=True)
class MonthUse:
    month: date  # first day
    use: SignalUse


@dataclass(frozen=True)
class RoundAverage:
    name: str
    start_date: date
    visits: int
    rated: int  # visits with a rating
    average: float | None


@dataclass(frozen=True)
class ProgressReportData:
    """What the voortgangsrapportage shows for one period (and the assignment it reports on)."""

    start: date
    end: date
    assignment: str
    client: str
    areas: tuple[str, ...]
    cases: CaseCounts
    cases_by_status: tuple[tuple[str, int], ...]
    scorecard: tuple[ScoreLine, ...]
    signals_by_theme: tuple[tuple[str, int], ...]
    signals_received: int
    signal_use: SignalUse
    signal_use_per_month: tuple[MonthUse, ...]
    rating_trend: tuple[RoundAverage, ...]
    as_of: date
    # issue 15: open actions that need management's attention today (descriptions anonymised)
    attention: tuple[EscalatedAction, ...] = ()
    escalate_after: tuple[int, int] = (2, 4)  # the thresholds used: deadline moves, weeks overdue

    @property
    def actions_total(self) -> ScoreLine:
        """The scorecard's totals row."""
        lines = self.scorecard
        return ScoreLine(
            "Totaal",
            sum(x.open for x in lines),
            sum(x.overdue for x in lines),
            sum(x.done for x in lines),
            sum(x.done_on_time for x in lines),
            sum(x.cancelled for x in lines),
        )


# --- the service ------------------------------------------------------------------------------------


class ReportDataService(Service):
    """Reads the data of the two Word reports (only reads)."""

    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date], *, figures: FiguresService
    ) -> None:
        super().__init__(session_factory, today)
        self.figures = figures

    def rounds(self) -> list[tuple[int, str]]:
        """The inventory rounds (id, name), latest first."""
        with self.reading() as session:
            rows = session.execute(
                select(InventoryRound.id, InventoryRound.name).order_by(
                    InventoryRound.start_date.desc(), InventoryRound.id.desc()
                )
            ).all()
        return [(row.id, row.name) for row in rows]

    def default_period(self) -> tuple[date, date]:
        """The current assignment's period up to today, else the last three months."""
        today = self.today()
        with self.reading() as session:
            row = session.execute(
                select(Assignment.start_date, Assignment.end_date)
                .where(Assignment.is_current.is_(True))
                .order_by(Assignment.start_date.desc(), Assignment.id.desc())
                .limit(1)
            ).first()
        if row is not None and row.start_date <= today:
            return row.start_date, min(row.end_date, today)
        return months_before(today, DEFAULT_MONTHS) + timedelta(days=1), today

    def inventory(
        self, round_id: int | None = None, *, min_ratings: int = MIN_RATINGS
    ) -> InventoryReportData:
        """The inventory report of ``round_id`` (None: the latest round; all visits when there
        are no rounds). Averages over fewer than ``min_ratings`` ratings (a street's, the
        round's) are None, so that no one resident's score shows. ``NotFound`` for an unknown round."""
        today = self.today()
        with self.reading() as session:
            if round_id is not None:
                found = get_or_raise(session, InventoryRound, round_id, "Inventarisatieronde")
                current: tuple[int, str, date, date | None, str] | None = (
                    found.id, found.name, found.start_date, found.end_date, found.recommendations or "",
                )  # fmt: skip
            else:
                row = session.execute(
                    select(
                        InventoryRound.id,
                        InventoryRound.name,
                        InventoryRound.start_date,
                        InventoryRound.end_date,
                        InventoryRound.recommendations,
                    )
                    .order_by(InventoryRound.start_date.desc(), InventoryRound.id.desc())
                    .limit(1)
                ).first()
                current = (row[0], row[1], row[2], row[3], row[4] or "") if row is not None else None
            rid = current[0] if current else None
            visits = _round_visits(session, rid)
            names, phones = _resident_identifiers(session)
            patterns = name_patterns(names)
            problems = _problems(session, rid, visits, patterns, phones)
            ideas = _ideas((v.ideas for v in visits if v.outcome == VisitOutcome.SPOKEN), patterns, phones)
        figures = self.figures
        coverage = figures.coverage_per_street(round_id=rid)
        ratings = {group.name: group for group in figures.ratings_per_street(round_id=rid)}
        themes = tuple(figures.themes_named(round_id=rid, limit=MAX_THEMES))
        streets = tuple(
            StreetLine(
                street=c.street,
                area=c.area,
                addresses=c.addresses,
                visited=c.visited,
                spoken=c.spoken,
                ratings=ratings[c.street].rated if c.street in ratings else 0,
                average=_shown_average(ratings[c.street], min_ratings) if c.street in ratings else None,
            )
            for c in coverage
        )
        response = Response(
            addresses=sum(c.addresses for c in coverage),
            visited=sum(c.visited for c in coverage),
            spoken=sum(c.spoken for c in coverage),
            not_home=sum(c.not_home for c in coverage),
            refused=sum(c.refused for c in coverage),
            come_back=sum(c.come_back for c in coverage),
        )
        rated = [v.rating for v in visits if v.outcome == VisitOutcome.SPOKEN and v.rating is not None]
        spoken = [v for v in visits if v.outcome == VisitOutcome.SPOKEN]
        days = sorted({v.visited_on for v in visits})
        return InventoryReportData(
            round_name=current[1] if current else "",
            round_start=current[2] if current else None,
            round_end=current[3] if current else None,
            first_visit=days[0] if days else None,
            last_visit=days[-1] if days else None,
            visit_days=len(days),
            visits=len(visits),
            areas=tuple(sorted({c.area for c in coverage if c.area}, key=str.casefold)),
            response=response,
            streets=streets,
            average_rating=sum(rated) / len(rated) if rated and len(rated) >= min_ratings else None,
            ratings=len(rated),
            themes=themes,
            problems=problems,
            ideas=ideas,
            willingness=Willingness(
                spoken=len(spoken),
                wants_to_participate=sum(1 for v in spoken if v.wants_to_participate),
                may_be_contacted=sum(1 for v in spoken if v.may_be_contacted),
            ),
            recommendations=current[4] if current else "",
            as_of=today,
            min_ratings=min_ratings,
        )

    def progress(self, start: date, end: date, assignment_id: int | None = None) -> ProgressReportData:
        """The progress report for ``start``–``end`` (inclusive); ``assignment_id`` (None: the
        current assignment, if any) gives its title, client and areas. ``ValidationError`` when
        the period is reversed, ``NotFound`` for an unknown assignment."""
        if end < start:
            raise ValidationError(
                {"period": "De einddatum ligt voor de begindatum; kies een geldige periode."}
            )
        with self.reading() as session:
            title, client, areas = _assignment_heading(session, assignment_id)
            limits = current_thresholds(session, assignment_id)
            attention = _attention(session, self.today(), limits)
        figures = self.figures
        cases = figures.cases_in_period(start, end)
        theme_counts: Counter[str] = Counter()
        for item in figures.signals_per_theme_month(start, end):
            theme_counts[item.theme or NO_THEME] += item.count
        used = figures.signals_used(start, end)
        per_month = figures.signals_used_per_month(start, end)
        return ProgressReportData(
            start=start,
            end=end,
            assignment=title,
            client=client,
            areas=areas,
            cases=CaseCounts(opened=cases.opened, closed=cases.closed, running=cases.running),
            cases_by_status=tuple(figures.cases_by_status()),
            scorecard=tuple(
                ScoreLine(o.organisation, o.open, o.overdue, o.done, o.done_on_time, o.cancelled)
                for o in figures.actions_per_organisation(start=start, end=end)
            ),
            signals_by_theme=tuple(sorted(theme_counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))),
            signals_received=used.received,
            signal_use=_use(used),
            signal_use_per_month=tuple(MonthUse(month, _use(u)) for month, u in per_month),
            rating_trend=tuple(
                RoundAverage(r.name, r.start_date, r.visits, r.rated, _shown_average(r, MIN_RATINGS))
                for r in figures.rating_trend()
            ),
            as_of=self.today(),
            attention=attention,
            escalate_after=(limits.moves, limits.weeks),
        )

    def record_export(self, document: str, file_name: str, round_id: int | None = None) -> None:
        """Log an export in the logboek: ``document`` ("inventarisatierapport" or
        "voortgangsrapportage") and the file name only."""
        with self.transaction() as session:
            entity = "inventory_round" if round_id is not None else "report"
            audit.record(session, AuditKind.EXPORT, entity, round_id, f"{document} (Word) {file_name}")


# --- helpers ----------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (clamped to the month's last day)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _Rated(Protocol):
    """A group of ratings (a street's, a round's) as the figures give it."""

    @property
    def rated(self) -> int: ...

    @property
    def average(self) -> float | None: ...


def _shown_average(group: _Rated, min_ratings: int) -> float | None:
    """A group's average rating, or None over fewer than ``min_ratings`` ratings (privacy)."""
    return group.average if group.rated >= min_ratings else None


def _attention(session: Session, today: date, limits: Thresholds) -> tuple[EscalatedAction, ...]:
    """The escalated open actions on the thresholds of the report's assignment, their descriptions
    without residents' names, phone numbers or addresses."""
    found = escalated_actions(session, today, thresholds=limits)
    if not found:
        return ()
    names, phones = _resident_identifiers(session)
    # Only the names and phone numbers that could occur in these lines: a thousand residents'
    # patterns over every line took seconds (the same lines come out).
    text = " ".join(" ".join(line.description.split()) for line in found)
    folded, digits = text.casefold(), re.sub(r"\D", "", text)
    patterns = name_patterns(name for name in names if _may_occur(name, text, folded))
    phones = [phone for phone in phones if re.sub(r"\D", "", phone) in digits]
    return tuple(replace(line, description=anonymise(line.description, patterns, phones)) for line in found)


def _may_occur(name: str, text: str, folded: str) -> bool:
    """Whether ``name`` (any case) or one of the parts ``name_patterns`` looks for (as written)
    is in ``text``: a name that is not cannot match."""
    whole = " ".join(name.split()).casefold()
    parts = (part for part in re.split(r"[\s,.-]+", name) if len(part) >= 3 and part[0].isupper())
    return bool(whole) and (whole in folded or any(part in text for part in parts))


def _use(value: object) -> SignalUse:
    return SignalUse(
        received=value.received,  # type: ignore[attr-defined]
        linked=value.linked,  # type: ignore[attr-defined]
        closed_with_reason=value.closed_with_reason,  # type: ignore[attr-defined]
        untriaged=value.untriaged,  # type: ignore[attr-defined]
        stale=value.stale,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class _Visit:
    id: int
    visited_on: date
    outcome: VisitOutcome
    rating: int | None
    problems: str
    ideas: str
    wants_to_participate: bool
    may_be_contacted: bool


def _round_visits(session: Session, round_id: int | None) -> list[_Visit]:
    query = select(
        HouseVisit.id,
        HouseVisit.visited_on,
        HouseVisit.outcome,
        HouseVisit.rating,
        HouseVisit.problems,
        HouseVisit.ideas,
        HouseVisit.wants_to_participate,
        HouseVisit.may_be_contacted,
    ).order_by(HouseVisit.visited_on, HouseVisit.id)
    if round_id is not None:
        query = query.where(HouseVisit.round_id == round_id)
    return [
        _Visit(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", bool(r[6]), bool(r[7]))
        for r in session.execute(query)
    ]


def _resident_identifiers(session: Session) -> tuple[list[str], list[str]]:
    """All residents' names and phone numbers (to hide them from quotes; never shown)."""
    names: list[str] = []
    phones: list[str] = []
    for name, phone in session.execute(select(Resident.name, Resident.phone)):
        if name:
            names.append(name)
        if phone:
            phones.append(phone)
    return names, phones


def _problems(
    session: Session,
    round_id: int | None,
    visits: list[_Visit],
    patterns: Sequence[re.Pattern[str]],
    phones: Sequence[str],
) -> tuple[ThemeProblems, ...]:
    """Problems named at the doors, by theme: the house-visit signals of the round's visits, and
    the problems text of spoken visits that made no signal (under each theme ticked, or "Geen
    thema"). Most named first; a few distinct anonymised quotes each."""
    ids = {v.id for v in visits}
    query = (
        select(Signal.house_visit_id, Theme.name, Signal.text)
        .outerjoin(Theme, Signal.theme_id == Theme.id)
        .where(Signal.source == SignalSource.HOUSE_VISIT)
        .order_by(Signal.received_on, Signal.id)
    )
    if round_id is not None:
        query = query.join(HouseVisit, Signal.house_visit_id == HouseVisit.id).where(
            HouseVisit.round_id == round_id
        )
    statements: list[tuple[str, str]] = []
    with_signal: set[int] = set()
    for visit_id, theme, text in session.execute(query):
        if visit_id is not None:
            with_signal.add(visit_id)
        statements.append((theme or NO_THEME, text or ""))
    rest = [v for v in visits if v.problems.strip() and v.id not in with_signal]
    if rest:
        themes: dict[int, list[str]] = {}
        for visit_id, name in session.execute(
            select(house_visit_theme.c.house_visit_id, Theme.name)
            .join(Theme, Theme.id == house_visit_theme.c.theme_id)
            .where(house_visit_theme.c.house_visit_id.in_([v.id for v in rest]))
        ):
            if visit_id in ids:
                themes.setdefault(visit_id, []).append(name)
        for visit in rest:
            for name in sorted(themes.get(visit.id, [NO_THEME])):
                statements.append((name, visit.problems))
    counts: Counter[str] = Counter(theme for theme, _ in statements)
    quotes: dict[str, list[str]] = {}
    seen: set[str] = set()
    for theme, text in statements:
        quote = anonymise(text, patterns, phones)
        key = quote.casefold()
        if not quote or key in seen or len(quotes.setdefault(theme, [])) >= QUOTES_PER_THEME:
            continue
        seen.add(key)
        quotes[theme].append(quote)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:MAX_PROBLEM_THEMES]
    return tuple(ThemeProblems(theme, count, tuple(quotes.get(theme, ()))) for theme, count in ordered)


def _ideas(
    texts: Iterable[str], patterns: Sequence[re.Pattern[str]], phones: Sequence[str]
) -> tuple[Idea, ...]:
    """Residents' ideas, anonymised, the same idea counted once with how often, most named first."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        idea = anonymise(text, patterns, phones)
        if not idea.strip(" .[]…"):
            continue
        key = idea.casefold().rstrip(".")
        shown.setdefault(key, idea)
        counts[key] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_IDEAS]
    return tuple(Idea(shown[key], count) for key, count in ordered)


def _assignment_heading(session: Session, assignment_id: int | None) -> tuple[str, str, tuple[str, ...]]:
    if assignment_id is not None:
        assignment: Assignment | None = get_or_raise(session, Assignment, assignment_id, "Opdracht")
    else:
        assignment = session.scalars(
            select(Assignment)
            .where(Assignment.is_current.is_(True))
            .order_by(Assignment.start_date.desc(), Assignment.id.desc())
            .limit(1)
        ).first()
    if assignment is None:
        return "", "", ()
    client = ""
    if assignment.client_organisation_id is not None:
        client = (
            session.scalar(
                select(Organisation.name).where(Organisation.id == assignment.client_organisation_id)
            )
            or ""
        )
    rows = session.execute(
        select(Area.id, Area.name, Area.parent_id)
        .join(assignment_area, assignment_area.c.area_id == Area.id)
        .where(assignment_area.c.assignment_id == assignment.id)
    ).all()
    ids = {row.id for row in rows}
    # A buurt whose wijk is also in the assignment is covered by the wijk's name.
    areas = tuple(sorted((row.name for row in rows if row.parent_id not in ids), key=str.casefold))
    return assignment.title, client, areas


__all__ = [
    "MIN_RATINGS",
    "CaseCounts",
    "Idea",
    "InventoryReportData",
    "MonthUse",
    "ProgressReportData",
    "ReportDataService",
    "Response",
    "RoundAverage",
    "ScoreLine",
    "SignalUse",
    "StreetLine",
    "ThemeProblems",
    "Willingness",
    "anonymise",
    "months_before",
    "name_patterns",
]
