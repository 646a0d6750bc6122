"""The Privacy overview: what personal data the database holds now, what expires when, and the last
erasures — the figures a privacy officer asks for in a DPIA. Counts only: no name leaves here.
Addresses are not counted as personal data by themselves (they are the public address list); the
addresses where residents are known are."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select

from wiec_desktop.domain import Assignment, Erasure, HouseVisit, Resident, Signal
from wiec_desktop.domain.enums import ErasureKind
from wiec_desktop.domain.organisations import DEFAULT_RETENTION_MONTHS
from wiec_desktop.services.base import Service
from wiec_desktop.services.privacy.retention import REMOVED_TEXT, retention_items

LAST_ERASURES = 10
UPCOMING_MONTHS = 12


@dataclass(frozen=True)
class PersonalDataCounts:
    """How much personal data the database holds, per kind."""

    residents: int
    residents_with_name: int
    residents_with_phone: int
    consent_given: int
    addresses_with_residents: int
    visits_with_free_text: int
    visits_with_resident: int
    signals_with_text: int
    signals_with_address: int


@dataclass(frozen=True)
class ExpiryMonth:
    """What expires in one calendar month (``month`` is its first day), per kind."""

    month: date
    first_on: date
    residents: int
    visits: int
    signals: int

    @property
    def total(self) -> int:
        return self.residents + self.visits + self.signals


@dataclass(frozen=True)
class ErasureEntry:
    """One entry of the erasure log (counts and references only)."""

    occurred_at: datetime
    kind: ErasureKind
    actor: str
    residents: int
    visits: int
    signals: int
    passages: int
    terms: int


@dataclass(frozen=True)
class PrivacyOverview:
    """The whole overview on ``today``."""

    today: date
    retention_months: int  # of the current assignment (24 when there is none)
    counts: PersonalDataCounts
    expired_residents: int
    expired_visits: int
    expired_signals: int
    next_expiry: date | None  # the first day something not yet expired expires
    upcoming: tuple[ExpiryMonth, ...]  # the next months in which something expires
    erasures: tuple[ErasureEntry, ...]  # the last ones, newest first

    @property
    def expired_total(self) -> int:
        return self.expired_residents + self.expired_visits + self.expired_signals


class PrivacyOverviewService(Service):
    """The figures of the Privacy page."""

    def overview(self) -> PrivacyOverview:
        today = self.today()
        with self.reading() as session:

            def count(*where: ColumnElement[bool]) -> int:
                return session.scalar(select(func.count()).where(*where)) or 0

            counts = PersonalDataCounts(
                residents=session.scalar(select(func.count()).select_from(Resident)) or 0,
                residents_with_name=count(Resident.name.is_not(None), Resident.name != ""),
                residents_with_phone=count(Resident.phone.is_not(None), Resident.phone != ""),
                consent_given=count(Resident.consent_on.is_not(None)),
                addresses_with_residents=session.scalar(
                    select(func.count(func.distinct(Resident.address_id))).select_from(Resident)
                )
                or 0,
                visits_with_free_text=count(
                    (HouseVisit.experience != "") | (HouseVisit.problems != "") | (HouseVisit.ideas != "")
                ),
                visits_with_resident=count(HouseVisit.resident_id.is_not(None)),
                signals_with_text=count(Signal.text != REMOVED_TEXT),
                signals_with_address=count(Signal.address_id.is_not(None)),
            )
            items = retention_items(session)
            current = session.scalar(
                select(Assignment.retention_months).where(Assignment.is_current.is_(True))
            )
            erasures = session.scalars(
                select(Erasure).order_by(Erasure.occurred_at.desc(), Erasure.id.desc()).limit(LAST_ERASURES)
            )
            entries = tuple(
                ErasureEntry(
                    e.occurred_at, e.kind, e.actor, e.residents, e.visits, e.signals, e.passages, e.terms
                )
                for e in erasures
            )
        expired = Counter(item.kind for item in items if item.expires_on <= today)
        future = sorted((item for item in items if item.expires_on > today), key=lambda item: item.expires_on)
        months: dict[date, Counter[str]] = {}
        firsts: dict[date, date] = {}
        for item in future:
            month = item.expires_on.replace(day=1)
            if month not in months:
                if len(months) == UPCOMING_MONTHS:
                    break
                months[month] = Counter()
                firsts[month] = item.expires_on
            months[month][item.kind] += 1
        upcoming = tuple(
            ExpiryMonth(month, firsts[month], c["resident"], c["visit"], c["signal"])
            for month, c in months.items()
        )
        return PrivacyOverview(
            today=today,
            retention_months=current or DEFAULT_RETENTION_MONTHS,
            counts=counts,
            expired_residents=expired["resident"],
            expired_visits=expired["visit"],
            expired_signals=expired["signal"],
            next_expiry=future[0].expires_on if future else None,
            upcoming=upcoming,
            erasures=entries,
        )
