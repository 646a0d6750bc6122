"""The retention schedule reads plain columns: listing what expires (the Privacy page, at five
years of a busy district) builds no ORM object per resident, visit or signal (issue 14's memory
target: those objects were most of the window's peak with every page visited)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import event

from tests.services.privacy.neighbourhood import build
from wiec_desktop.domain import HouseVisit, Resident, Signal
from wiec_desktop.services.privacy.overview import PrivacyOverviewService
from wiec_desktop.services.privacy.retention import RetentionService, selection_of
from wiec_desktop.storage.database import Database

LATER = date(2026, 11, 10)  # 24 months after the contact: its resident, visit and signal expire


@pytest.fixture
def loaded() -> Iterator[Counter[str]]:
    """How many objects of each personal-data model the ORM builds while the test runs."""
    counts: Counter[str] = Counter()
    listeners = []
    for model in (Resident, HouseVisit, Signal):

        def on_load(target: object, _context: object, name: str = model.__name__) -> None:
            counts[name] += 1

        event.listen(model, "load", on_load)
        listeners.append((model, on_load))
    yield counts
    for model, on_load in listeners:
        event.remove(model, "load", on_load)


def test_listing_what_expires_builds_no_orm_objects(db: Database, loaded: Counter[str]) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    expired = RetentionService(db.session_factory, lambda: LATER).expired()
    assert [r.id for r in expired.residents] == [ids.resident]
    assert [v.id for v in expired.visits] == [ids.visit]
    assert [s.id for s in expired.signals] == [ids.signal]
    assert expired.signals[0].street == "Ruinenlaan"  # the address's street: read by a join
    PrivacyOverviewService(db.session_factory, lambda: LATER).overview()
    assert loaded == Counter()


def test_removing_loads_only_the_confirmed_records(db: Database, loaded: Counter[str]) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    retention = RetentionService(db.session_factory, lambda: LATER)
    expired = retention.expired()
    result = retention.remove_expired(selection_of(signals=[ids.signal]), compact=False)
    assert (result.residents, result.visits, result.signals) == (0, 0, 1)
    assert loaded == Counter({"Signal": 1})
    assert expired.total == 3
    assert retention.expired().total == 2
