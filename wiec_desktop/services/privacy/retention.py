"""Retention of residents' personal data: what has expired, and removing it after the chair confirms.

**The period.** Each assignment has ``retention_months`` (1–120, default 24: as the Verwijsindex
keeps signals, 24 months after the last contact). An address falls under the assignment whose
areas hold the address's area (or the wijk above its buurt) — the current one when several do,
else the one that ends last; anything else (no area, no such assignment, a signal without an
address) falls under the current assignment, or under 24 months when there is none.

**The last contact** of a resident is the latest of: their house visits, the signals at their
address, their consent date, and when their record was made or last changed. Of a house visit: its
date, or its resident's last contact when it names one. Of a signal: the day it came in, or the last
contact of a resident at its address when that is later. So a later contact renews everything that
belongs to the person. Data **expires** on the day ``last contact + period`` (counted in calendar
months; 31 March + 1 month is 30 April): from that day on it is listed here.

**What goes, what stays** (so that the Overzicht, the figures and the reports keep working):

- a resident: the whole record goes — name, phone number, consent, wishes to take part or be
  contacted; their visits lose the link to them;
- a house visit keeps its address, street, round, date, visitors, outcome, rating, themes and the
  anonymous yes/no of taking part; its free text (ervaring, problemen, ideeën) is emptied and its
  link to the resident removed;
- a signal keeps its theme, street (taken from the address when it had none), dates, status, source,
  case and visit; its text and closing reason become ``REMOVED_TEXT`` and its link to the address
  is removed;
- addresses stay as they are: they come from the public address list and are the frame of the
  visit coverage per street; what made them personal (residents, free text) is gone.

``remove_expired`` is one transaction over the ids the chair confirmed, limited to what is still
expired at that moment (a contact in between renews it); it logs one ``Erasure`` (kind
``retention``) and an audit entry per record, calls the ``ON_ERASE`` hooks, and then compacts the
database file (``VACUUM`` and an emptied WAL on SQLite) so the removed bytes are gone.
"""

from __future__ import annotations

import calendar
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Area, Assignment, HouseVisit, Resident, Signal
from wiec_desktop.domain.enums import AuditKind, ErasureKind
from wiec_desktop.domain.organisations import DEFAULT_RETENTION_MONTHS, assignment_area
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.privacy.removal import ErasedRecords, compact_database, log_erasure, notify_erased
from wiec_desktop.services.search.upkeep import after_erasure
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.compaction import Compaction

MIN_MONTHS, MAX_MONTHS = 1, 120
REMOVED_TEXT = "[verwijderd wegens bewaartermijn]"
PERIOD_MESSAGE = "De bewaartermijn is een heel aantal maanden van 1 tot en met 120."


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, the day clamped to the month's end (31-03 + 1 → 30-04)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checked_months(value: object) -> int:
    """A retention period in months (text or number), or ``ValidationError`` with a Dutch message."""
    text = str(value).strip() if value is not None else ""
    try:
        months = int(text)
    except ValueError:
        raise ValidationError({"retention_months": PERIOD_MESSAGE}) from None
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ValidationError({"retention_months": PERIOD_MESSAGE})
    return months


@dataclass(frozen=True)
class ExpiredResident:
    """A resident whose personal data has expired. ``name`` is for the chair's own screen only."""

    id: int
    name: str | None
    address: str
    has_phone: bool
    last_contact: date
    expires_on: date


@dataclass(frozen=True)
class ExpiredVisit:
    """A house visit whose free text or resident link has expired; ``parts`` name what goes."""

    id: int
    address: str
    visited_on: date
    parts: tuple[str, ...]
    last_contact: date
    expires_on: date


@dataclass(frozen=True)
class ExpiredSignal:
    """A signal whose text or address link has expired; ``parts`` name what goes."""

    id: int
    received_on: date
    street: str
    parts: tuple[str, ...]
    last_contact: date
    expires_on: date


@dataclass(frozen=True)
class ExpiredData:
    """Everything expired on ``today``, per kind, the earliest expiry first."""

    today: date
    residents: tuple[ExpiredResident, ...] = ()
    visits: tuple[ExpiredVisit, ...] = ()
    signals: tuple[ExpiredSignal, ...] = ()

    @property
    def total(self) -> int:
        return len(self.residents) + len(self.visits) + len(self.signals)

    def selection(self) -> ExpiredSelection:
        """All of it, as the ids ``remove_expired`` takes."""
        return ExpiredSelection(
            frozenset(r.id for r in self.residents),
            frozenset(v.id for v in self.visits),
            frozenset(s.id for s in self.signals),
        )


@dataclass(frozen=True)
class ExpiredSelection:
    """The ids the chair confirmed for removal, per kind."""

    resident_ids: frozenset[int] = frozenset()
    visit_ids: frozenset[int] = frozenset()
    signal_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RemovalResult:
    """What ``remove_expired`` removed, and whether the file was compacted afterwards."""

    residents: int
    visits: int
    signals: int
    compaction: Compaction | None = None

    @property
    def total(self) -> int:
        return self.residents + self.visits + self.signals


@dataclass(frozen=True)
class RetentionItem:
    """Anything holding personal data with its last contact and expiry (for the overview too)."""

    kind: str  # "resident", "visit" or "signal"
    id: int
    last_contact: date
    expires_on: date


class _ResidentRow(NamedTuple):
    """What the schedule needs of a resident (plain columns: no ORM objects for every record)."""

    id: int
    name: str | None
    phone: str | None
    address_id: int | None


class _VisitRow(NamedTuple):
    id: int
    visited_on: date
    address_id: int | None
    resident_id: int | None


class _SignalRow(NamedTuple):
    id: int
    received_on: date
    street: str  # its own street, else its address's


@dataclass
class _Schedule:
    residents: list[tuple[_ResidentRow, str, date, date]] = field(default_factory=list)
    visits: list[tuple[_VisitRow, str, tuple[str, ...], date, date]] = field(default_factory=list)
    signals: list[tuple[_SignalRow, tuple[str, ...], date, date]] = field(default_factory=list)

    def items(self) -> list[RetentionItem]:
        return [
            *(RetentionItem("resident", r.id, last, ends) for r, _a, last, ends in self.residents),
            *(RetentionItem("visit", v.id, last, ends) for v, _a, _p, last, ends in self.visits),
            *(RetentionItem("signal", s.id, last, ends) for s, _p, last, ends in self.signals),
        ]


class RetentionService(Service):
    """The retention period per assignment, what has expired, and removing it."""

    # --- the period --------------------------------------------------------------------------

    def period(self, assignment_id: int) -> int:
        """The retention period of an assignment, in months."""
        with self.reading() as session:
            return get_or_raise(session, Assignment, assignment_id, "Opdracht").retention_months

    def set_period(self, assignment_id: int, months: object) -> int:
        """Change an assignment's retention period (1–120 months; Dutch message otherwise)."""
        value = checked_months(months)
        with self.transaction() as session:
            assignment = get_or_raise(session, Assignment, assignment_id, "Opdracht")
            if assignment.retention_months != value:
                assignment.retention_months = value
                audit.record(session, AuditKind.UPDATE, "assignment", assignment_id, "retention_months")
            return value

    # --- what has expired --------------------------------------------------------------------

    def expired(self) -> ExpiredData:
        """Everything whose retention period has ended on ``today``."""
        today = self.today()
        with self.reading() as session:
            schedule = _schedule(session)
            return ExpiredData(
                today=today,
                residents=tuple(
                    sorted(
                        (
                            ExpiredResident(r.id, r.name, label, bool(r.phone), last, ends)
                            for r, label, last, ends in schedule.residents
                            if ends <= today
                        ),
                        key=lambda item: (item.expires_on, item.id),
                    )
                ),
                visits=tuple(
                    sorted(
                        (
                            ExpiredVisit(v.id, label, v.visited_on, parts, last, ends)
                            for v, label, parts, last, ends in schedule.visits
                            if ends <= today
                        ),
                        key=lambda item: (item.expires_on, item.id),
                    )
                ),
                signals=tuple(
                    sorted(
                        (
                            ExpiredSignal(s.id, s.received_on, s.street, parts, last, ends)
                            for s, parts, last, ends in schedule.signals
                            if ends <= today
                        ),
                        key=lambda item: (item.expires_on, item.id),
                    )
                ),
            )

    def schedule(self) -> list[RetentionItem]:
        """Every record holding personal data with its last contact and expiry date."""
        with self.reading() as session:
            return _schedule(session).items()

    # --- removing ----------------------------------------------------------------------------

    def remove_expired(self, confirmed: ExpiredSelection, *, compact: bool = True) -> RemovalResult:
        """Remove the personal parts of the confirmed records that are still expired (one
        transaction), log it, then compact the database file (see the module docstring)."""
        today = self.today()
        with self.transaction() as session:
            schedule = _schedule(session)
            residents = _loaded(
                session,
                Resident,
                [
                    r.id
                    for r, _a, _l, ends in schedule.residents
                    if ends <= today and r.id in confirmed.resident_ids
                ],
            )
            visits = _loaded(
                session,
                HouseVisit,
                [
                    v.id
                    for v, _a, _p, _l, ends in schedule.visits
                    if ends <= today and v.id in confirmed.visit_ids
                ],
            )
            signals = _loaded(
                session,
                Signal,
                [
                    s.id
                    for s, _p, _l, ends in schedule.signals
                    if ends <= today and s.id in confirmed.signal_ids
                ],
            )
            changed: list[tuple[str, int]] = []
            for visit in visits:
                _clear_visit(visit)
                changed.append(("house_visit", visit.id))
                audit.record(session, AuditKind.ERASE, "house_visit", visit.id, "bewaartermijn")
            resident_ids = [r.id for r in residents]
            if resident_ids:
                for visit in session.scalars(
                    select(HouseVisit).where(HouseVisit.resident_id.in_(resident_ids))
                ):
                    visit.resident_id = None
                    changed.append(("house_visit", visit.id))
            for signal in signals:
                _clear_signal(signal)
                changed.append(("signal", signal.id))
                audit.record(session, AuditKind.ERASE, "signal", signal.id, "bewaartermijn")
            session.flush()
            for resident in residents:
                session.delete(resident)
                audit.record(session, AuditKind.ERASE, "resident", resident.id, "bewaartermijn")
            result = RemovalResult(len(residents), len(visits), len(signals))
            if result.total:
                log_erasure(
                    session,
                    ErasureKind.RETENTION,
                    residents=result.residents,
                    visits=result.visits,
                    signals=result.signals,
                )
                notify_erased(
                    session,
                    ErasedRecords(
                        ErasureKind.RETENTION,
                        deleted=tuple(("resident", rid) for rid in resident_ids),
                        changed=tuple(dict.fromkeys(changed)),
                    ),
                )
                after_erasure(session)  # the removed words out of the search index, recent searches gone
        if compact and result.total:
            return RemovalResult(
                result.residents, result.visits, result.signals, compact_database(self.session_factory)
            )
        return result


def _clear_visit(visit: HouseVisit) -> None:
    visit.experience = ""
    visit.problems = ""
    visit.ideas = ""
    visit.resident_id = None


def _clear_signal(signal: Signal) -> None:
    if not signal.street and signal.address is not None:
        signal.street = signal.address.street
    signal.text = REMOVED_TEXT
    if signal.closed_reason:
        signal.closed_reason = REMOVED_TEXT
    signal.address_id = None


Record = TypeVar("Record", Resident, HouseVisit, Signal)
STREAMED = {"yield_per": 2_000}  # the schedule's rows read in batches, not all at once
LOAD_CHUNK = 500  # ids per IN (…): well under every database's limit of bound parameters


def _loaded(session: Session, model: type[Record], ids: list[int]) -> list[Record]:
    """The records ``ids`` of ``model`` as ORM objects, in the order of ``ids`` (only those that
    are removed are loaded as objects; the schedule itself reads plain columns)."""
    found: dict[int, Record] = {}
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start : start + LOAD_CHUNK]
        found.update(
            (record.id, record) for record in session.scalars(select(model).where(model.id.in_(chunk)))
        )
    return [found[record_id] for record_id in ids if record_id in found]


@functools.cache
def _visit_parts(experience: bool, problems: bool, ideas: bool, resident: bool) -> tuple[str, ...]:
    """The personal parts a visit still holds (one shared tuple per combination)."""
    flags = (("ervaring", experience), ("problemen", problems), ("ideeën", ideas), ("bewoner", resident))
    return tuple(label for label, present in flags if present)


@functools.cache
def _signal_parts(text: bool, closed_reason: bool, address: bool) -> tuple[str, ...]:
    """The personal parts a signal still holds (one shared tuple per combination)."""
    flags = (("tekst", text), ("reden afsluiten", closed_reason), ("adres", address))
    return tuple(label for label, present in flags if present)


class _Periods:
    """The retention period of an address (see the module docstring)."""

    def __init__(self, session: Session) -> None:
        assignments = list(session.scalars(select(Assignment)))
        current = next((a for a in assignments if a.is_current), None)
        self.default = current.retention_months if current is not None else DEFAULT_RETENTION_MONTHS
        ranked = sorted(assignments, key=lambda a: (a.is_current, a.end_date, a.id), reverse=True)
        months = {a.id: a.retention_months for a in assignments}
        by_area: dict[int, int] = {}
        areas_of: dict[int, set[int]] = defaultdict(set)
        for assignment_id, area_id in session.execute(
            select(assignment_area.c.assignment_id, assignment_area.c.area_id)
        ):
            areas_of[assignment_id].add(area_id)
        for assignment in reversed(ranked):  # the best-ranked assignment is written last and wins
            for area_id in areas_of[assignment.id]:
                by_area[area_id] = months[assignment.id]
        self.parent = {a: b for a, b in session.execute(select(Area.id, Area.parent_id))}
        self.by_area = by_area
        self.area_of: dict[int, int | None] = {
            a: b for a, b in session.execute(select(Address.id, Address.area_id))
        }

    def for_address(self, address_id: int | None) -> int:
        if address_id is None:
            return self.default
        area_id = self.area_of.get(address_id)
        seen: set[int] = set()
        while area_id is not None and area_id not in seen:
            if area_id in self.by_area:
                return self.by_area[area_id]
            seen.add(area_id)
            area_id = self.parent.get(area_id)
        return self.default


def _schedule(session: Session) -> _Schedule:
    """Every resident, and every visit and signal that still holds personal parts, with its last
    contact and expiry date (the rules of the module docstring)."""
    periods = _Periods(session)
    visits_by_resident = (
        select(HouseVisit.resident_id, func.max(HouseVisit.visited_on))
        .where(HouseVisit.resident_id.is_not(None))
        .group_by(HouseVisit.resident_id)
    )
    visit_last: dict[int, date] = {key: day for key, day in session.execute(visits_by_resident)}
    signals_by_address = (
        select(Signal.address_id, func.max(Signal.received_on))
        .where(Signal.address_id.is_not(None))
        .group_by(Signal.address_id)
    )
    signal_last: dict[int, date] = {key: day for key, day in session.execute(signals_by_address)}
    labels = {
        row.id: f"{row.street} {row.number}{row.addition}".strip()
        for row in session.execute(select(Address.id, Address.street, Address.number, Address.addition))
    }
    schedule = _Schedule()
    resident_last: dict[int, date] = {}
    household_last: dict[int, date] = {}  # address → the latest last contact of its residents
    residents = select(
        Resident.id,
        Resident.name,
        Resident.phone,
        Resident.address_id,
        Resident.created_at,
        Resident.updated_at,
        Resident.consent_on,
    ).order_by(Resident.id)
    for resident_id, name, phone, address_id, created_at, updated_at, consent_on in session.execute(
        residents
    ):
        moments = [created_at.date(), updated_at.date()]
        moments += [d for d in (consent_on, visit_last.get(resident_id)) if d is not None]
        moments += [d for d in (signal_last.get(address_id),) if d is not None]
        last = max(moments)
        resident_last[resident_id] = last
        if last > household_last.get(address_id, date.min):
            household_last[address_id] = last
        ends = add_months(last, periods.for_address(address_id))
        row = _ResidentRow(resident_id, name, phone, address_id)
        schedule.residents.append((row, labels.get(address_id, ""), last, ends))
    visits = (
        select(
            HouseVisit.id,
            HouseVisit.visited_on,
            HouseVisit.address_id,
            HouseVisit.resident_id,
            HouseVisit.experience != "",
            HouseVisit.problems != "",
            HouseVisit.ideas != "",
        )
        .where(
            (HouseVisit.experience != "")
            | (HouseVisit.problems != "")
            | (HouseVisit.ideas != "")
            | HouseVisit.resident_id.is_not(None)
        )
        .order_by(HouseVisit.id)
    )
    for visit_id, visited_on, address_id, resident_id, experience, problems, ideas in session.execute(
        visits, execution_options=STREAMED
    ):
        last = visited_on
        if resident_id is not None:
            last = max(last, resident_last.get(resident_id, last))
        ends = add_months(last, periods.for_address(address_id))
        parts = _visit_parts(bool(experience), bool(problems), bool(ideas), resident_id is not None)
        row = _VisitRow(visit_id, visited_on, address_id, resident_id)
        schedule.visits.append((row, labels.get(address_id, ""), parts, last, ends))
    signals = (
        select(
            Signal.id,
            Signal.received_on,
            Signal.street,
            Address.street,
            Signal.address_id,
            Signal.text != REMOVED_TEXT,
            (Signal.closed_reason != "") & (Signal.closed_reason != REMOVED_TEXT),
        )
        .outerjoin(Address, Address.id == Signal.address_id)
        .where(
            (Signal.text != REMOVED_TEXT)
            | Signal.address_id.is_not(None)
            | ((Signal.closed_reason != "") & (Signal.closed_reason != REMOVED_TEXT))
        )
        .order_by(Signal.id)
    )
    for signal_id, received_on, street, address_street, address_id, text, reason in session.execute(
        signals, execution_options=STREAMED
    ):
        last = received_on
        if address_id is not None:
            last = max(last, household_last.get(address_id, last))
        ends = add_months(last, periods.for_address(address_id))
        row = _SignalRow(signal_id, received_on, street or address_street or "")
        schedule.signals.append(
            (row, _signal_parts(bool(text), bool(reason), address_id is not None), last, ends)
        )
    return schedule


def retention_items(session: Session) -> list[RetentionItem]:
    """Every record holding personal data with its last contact and expiry (inside a session)."""
    return _schedule(session).items()


def selection_of(
    residents: Iterable[int] = (), visits: Iterable[int] = (), signals: Iterable[int] = ()
) -> ExpiredSelection:
    """An ``ExpiredSelection`` from plain id lists."""
    return ExpiredSelection(frozenset(residents), frozenset(visits), frozenset(signals))
