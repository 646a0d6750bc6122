"""What the stages of the large demo share: the counts asked for, the random source, the words,
the bulk writer and what earlier stages made (ids and the facts later stages build on)."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table

from wiec_desktop.domain import Base
from wiec_desktop.services.demo.large_text import Filler, Vocabulary

BATCH = 5000
"""Rows per ``executemany``: large enough to be fast, small enough to keep memory flat."""

Progress = Callable[[str, int], None]
"""Called after each stage with its Dutch label and how many records it wrote."""


@dataclass(frozen=True)
class LargeCounts:
    """How many records of the main kinds to make (scaled from the full-size district)."""

    cases: int = 5000
    meetings: int = 600
    agenda_items: int = 12000
    actions: int = 50000
    signals: int = 100000
    addresses: int = 20000
    house_visits: int = 30000

    def scaled(self, scale: float) -> LargeCounts:
        """Every count times ``scale`` (rounded; at least one meeting with its standard items)."""
        if scale <= 0:
            raise ValueError("scale must be positive")
        meetings = max(1, round(self.meetings * scale))
        return LargeCounts(
            cases=max(1, round(self.cases * scale)),
            meetings=meetings,
            agenda_items=max(STANDARD_ITEMS * meetings, round(self.agenda_items * scale)),
            actions=max(1, round(self.actions * scale)),
            signals=max(1, round(self.signals * scale)),
            addresses=max(1, round(self.addresses * scale)),
            house_visits=max(1, round(self.house_visits * scale)),
        )


STANDARD_ITEMS = 7
"""Opening, mededelingen, vaststellen agenda, verslag vorige keer, actielijst, rondvraag, sluiting."""


class Writer:
    """Bulk Core inserts on one connection (one transaction), counting what each table received."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.written: dict[str, int] = {}

    def table(self, name: str) -> Table:
        return Base.metadata.tables[name]

    def write(self, name: str, rows: Iterable[dict[str, Any]]) -> int:
        """Insert ``rows`` into table ``name`` in batches; every row must have the same keys."""
        table = self.table(name)
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            self.connection.execute(table.insert(), batch)
            count += len(batch)
        self.written[name] = self.written.get(name, 0) + count
        return count


@dataclass
class CaseFacts:
    """What later stages need to know of one case."""

    id: int
    reference: str
    title: str
    street: str
    area: int  # index into World.buurten
    theme: int  # index into Vocabulary.themes
    opened: date
    closed: date | None
    status: str
    leads: list[int] = field(default_factory=list)  # organisation ids
    involved: list[int] = field(default_factory=list)  # organisation ids, leads first

    def running_on(self, day: date) -> bool:
        return self.opened < day and (self.closed is None or self.closed > day)


@dataclass
class MeetingFacts:
    id: int
    series: int
    day: date
    held: bool


@dataclass
class World:
    """The shared state of one build."""

    vocabulary: Vocabulary
    rng: random.Random
    today: date
    counts: LargeCounts
    writer: Writer
    progress: Progress
    start: date = field(init=False)
    filler: Filler = field(init=False)
    now: datetime = field(init=False)
    # Filled by the stages, in order.
    org_ids: dict[str, int] = field(default_factory=dict)
    org_names: dict[int, str] = field(default_factory=dict)
    org_contacts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # (id, name)
    recipients: list[int] = field(default_factory=list)  # contact ids that receive the reports
    district_id: int = 0
    buurten: list[tuple[int, str]] = field(default_factory=list)  # (area id, name)
    streets: list[tuple[str, int, str]] = field(default_factory=list)  # (street, buurt index, postcode4)
    theme_ids: list[int] = field(default_factory=list)
    assignments: list[tuple[int, date, date]] = field(default_factory=list)  # (id, start, end)
    addresses_by_street: dict[str, list[int]] = field(default_factory=dict)
    address_street: list[str] = field(default_factory=list)  # index: address id - 1
    cases: list[CaseFacts] = field(default_factory=list)
    meetings: list[MeetingFacts] = field(default_factory=list)
    series_days: dict[int, list[tuple[date, int]]] = field(default_factory=dict)  # held (day, id)
    case_items: list[tuple[int, int, CaseFacts]] = field(default_factory=list)  # (meeting id, item id, case)
    meeting_series: dict[int, int] = field(default_factory=dict)
    spoken_visits: list[tuple[int, date, int, list[int]]] = field(default_factory=list)
    audit: list[tuple[datetime, str, str, int | None, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = self.today - timedelta(days=5 * 365 + 1)
        self.filler = Filler(self.vocabulary, self.rng)
        self.now = datetime.combine(self.today, time(8, 0))

    def day(self, first: date, last: date) -> date:
        """A random day from ``first`` to ``last`` inclusive (``first`` when the range is empty)."""
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def assignment_on(self, day: date) -> int:
        """The assignment that ran on ``day`` (the first or last one outside all of them)."""
        for assignment_id, start, end in self.assignments:
            if start <= day <= end:
                return assignment_id
        return self.assignments[0][0] if day < self.assignments[0][1] else self.assignments[-1][0]

    def next_held(self, series: int, after: date) -> tuple[date, int] | None:
        """The first meeting of ``series`` held after ``after`` (not later than today)."""
        days = self.series_days.get(series, [])
        index = bisect_right(days, (after, 1 << 62))
        return days[index] if index < len(days) else None

    def stage(self, label: str, count: int) -> None:
        self.progress(label, count)


def stamp(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A creation or change time on ``day``: the records say when they were made."""
    return datetime.combine(day, time(hour, minute))


def counter(start: int = 1) -> Iterator[int]:
    value = start
    while True:
        yield value
        value += 1
