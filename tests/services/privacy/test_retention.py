"""Retention: the period per assignment, what has expired on which day, and removing it while the
anonymous figures (dashboard, report figures) stay exactly as they were."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.services.privacy.neighbourhood import PERSONAL, TODAY, build, old
from wiec_desktop.domain import AuditEvent, Erasure, HouseVisit, Resident, Signal
from wiec_desktop.domain.enums import AuditKind, ErasureKind, SignalSource
from wiec_desktop.services.privacy.removal import ON_ERASE, ErasedRecords
from wiec_desktop.services.privacy.retention import (
    REMOVED_TEXT,
    RetentionService,
    add_months,
    checked_months,
)
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database


def service(db: Database, today: date = TODAY) -> RetentionService:
    return RetentionService(db.session_factory, lambda: today)


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2024, 11, 10), 24) == date(2026, 11, 10)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 120))
def test_add_months_is_never_early_and_lands_in_the_right_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day
    assert later > day


def test_the_period_is_validated_in_dutch(db: Database) -> None:
    ids = build(db.session_factory)
    retention = service(db)
    assert retention.period(ids.assignment) == 24  # the default, from the migration and the model
    for wrong in ("0", "121", "twaalf", "", "1.5"):
        with pytest.raises(ValidationError) as caught:
            retention.set_period(ids.assignment, wrong)
        assert "1 tot en met 120" in caught.value.errors["retention_months"]
    assert retention.set_period(ids.assignment, " 36 ") == 36
    assert retention.period(ids.assignment) == 36
    assert checked_months(120) == 120


def test_exactly_24_months_after_the_last_contact_it_expires(db: Database) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    day_before = service(db, date(2026, 11, 9)).expired()
    assert day_before.total == 0
    on_the_day = service(db, date(2026, 11, 10)).expired()
    assert [r.id for r in on_the_day.residents] == [ids.resident]
    assert on_the_day.residents[0].last_contact == date(2024, 11, 10)
    assert on_the_day.residents[0].expires_on == date(2026, 11, 10)
    assert [v.id for v in on_the_day.visits] == [ids.visit]
    assert on_the_day.visits[0].parts == ("problemen", "ideeën", "bewoner")
    assert [s.id for s in on_the_day.signals] == [ids.signal]
    assert on_the_day.signals[0].street == "Ruinenlaan"


def test_a_later_contact_renews_the_period(db: Database) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    with db.session_factory.begin() as session:  # a new signal at the address, a year later
        session.add(
            Signal(
                received_on=date(2025, 11, 1),
                source=SignalSource.WALK_IN,
                address_id=ids.address,
                text="Weer vuilnis",
                created_at=old(date(2025, 11, 1)),
                updated_at=old(date(2025, 11, 1)),
            )
        )
    expired = service(db, date(2026, 11, 10)).expired()
    assert expired.total == 0  # the resident, their visit and the old signal are renewed
    later = service(db, date(2027, 11, 1)).expired()
    assert [r.id for r in later.residents] == [ids.resident]
    assert later.residents[0].last_contact == date(2025, 11, 1)
    assert len(later.signals) == 2


def test_a_changed_record_counts_as_a_contact(db: Database) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    with db.session_factory.begin() as session:
        resident = session.get(Resident, ids.resident)
        assert resident is not None
        resident.updated_at = old(date(2025, 6, 1))
    assert service(db, date(2026, 11, 10)).expired().residents == ()


def test_the_period_of_the_assignment_of_the_area_counts(db: Database) -> None:
    ids = build(db.session_factory, contact_on=date(2024, 11, 10))
    service(db).set_period(ids.assignment, 12)
    expired = service(db, date(2025, 11, 10)).expired()
    assert [r.id for r in expired.residents] == [ids.resident]
    assert service(db, date(2025, 11, 9)).expired().total == 0


def _figures(services: Services) -> tuple[object, ...]:
    summary = services.dashboard.summary()
    overview = services.figures.overview()
    return summary, overview


def test_removing_keeps_the_dashboard_and_report_figures(db: Database) -> None:
    ids = build(db.session_factory)
    services = Services(db.session_factory, lambda: TODAY)
    before = _figures(services)
    expired = services.retention.expired()
    assert expired.total == 3
    result = services.retention.remove_expired(expired.selection())
    assert (result.residents, result.visits, result.signals) == (1, 1, 1)
    assert result.compaction is not None and result.compaction.complete
    assert _figures(services) == before
    with db.session_factory() as session:
        assert session.get(Resident, ids.resident) is None
        assert session.get(Resident, ids.other_resident) is not None  # not expired: stays
        visit = session.get(HouseVisit, ids.visit)
        assert visit is not None
        assert (visit.problems, visit.ideas, visit.experience, visit.resident_id) == ("", "", "", None)
        assert (visit.rating, visit.wants_to_participate, [t.name for t in visit.themes]) == (
            6,
            True,
            ["vervuiling"],
        )
        signal = session.get(Signal, ids.signal)
        assert signal is not None
        assert (signal.text, signal.address_id, signal.street) == (REMOVED_TEXT, None, "Ruinenlaan")
        assert signal.theme is not None and signal.received_on == date(2024, 5, 1)
        log = session.scalars(select(Erasure)).one()
        assert (log.kind, log.residents, log.visits, log.signals) == (ErasureKind.RETENTION, 1, 1, 1)
        erased = session.scalars(select(AuditEvent).where(AuditEvent.kind == AuditKind.ERASE)).all()
        assert {(e.entity_type, e.entity_id) for e in erased} == {
            ("resident", ids.resident),
            ("house_visit", ids.visit),
            ("signal", ids.signal),
        }
        assert all(p not in e.detail for e in erased for p in PERSONAL)
    assert services.retention.expired().total == 0  # nothing left to list


def test_only_the_confirmed_ids_go_and_a_second_run_changes_nothing(db: Database) -> None:
    ids = build(db.session_factory)
    retention = service(db)
    expired = retention.expired()
    chosen = expired.selection()
    only_signal = type(chosen)(signal_ids=chosen.signal_ids)
    result = retention.remove_expired(only_signal, compact=False)
    assert (result.residents, result.visits, result.signals) == (0, 0, 1)
    with db.session_factory() as session:
        assert session.get(Resident, ids.resident) is not None
    again = retention.remove_expired(only_signal, compact=False)
    assert again.total == 0
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Erasure)) == 1


def test_a_contact_after_listing_keeps_the_record(db: Database) -> None:
    ids = build(db.session_factory)
    retention = service(db)
    listed = retention.expired().selection()
    with db.session_factory.begin() as session:
        session.add(
            HouseVisit(
                address_id=ids.address,
                resident_id=ids.resident,
                visited_on=TODAY,
                outcome="spoken",
                rating=7,
            )
        )
    result = retention.remove_expired(listed, compact=False)
    assert result.residents == 0 and result.visits == 0  # renewed in between
    assert result.signals == 0  # the signal at the address is renewed by the resident's contact


def test_the_search_hook_hears_of_every_removal(db: Database) -> None:
    ids = build(db.session_factory)
    heard: list[ErasedRecords] = []
    ON_ERASE.append(lambda _session, records: heard.append(records))
    try:
        service(db).remove_expired(service(db).expired().selection(), compact=False)
    finally:
        ON_ERASE.pop()
    assert len(heard) == 1
    assert heard[0].kind is ErasureKind.RETENTION
    assert ("resident", ids.resident) in heard[0].deleted
    assert {("house_visit", ids.visit), ("signal", ids.signal)} <= set(heard[0].changed)


def test_removed_bytes_are_gone_from_the_file(db: Database) -> None:
    build(db.session_factory)
    path = db.location.path
    assert path is not None
    retention = service(db)
    retention.remove_expired(retention.expired().selection())
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    # (The name stays in minutes and actions: retention covers residents, visits and signals;
    # erasing a resident everywhere is ``ErasureService``, see test_erasure.py.)
    for text in ("jongeren in de portiek", "vuilnis naast de container", "Meer bankjes"):
        assert text.encode() not in raw, text
    assert b"te hard rijden" in raw  # not expired


def test_removed_words_leave_the_search_index_and_its_bytes(db: Database) -> None:
    """The search index keeps words one by one (not as phrases): each removed word must go too."""
    build(db.session_factory)
    services = Services(db.session_factory, lambda: TODAY)
    assert services.search.search("vuilnis").total > 0 and services.search.search("bankjes").total > 0
    retention = service(db)
    retention.remove_expired(retention.expired().selection())
    assert services.search.search("vuilnis").total == 0
    assert services.search.search("bankjes").total == 0
    assert services.search.search("rijden").total > 0  # not expired: still findable
    with db.engine.connect() as connection:
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, search_index, 'row')"
        )
        terms = {row[0] for row in connection.exec_driver_sql("SELECT term FROM temp.terms")}
    assert not {"vuilnis", "container", "bankjes"} & terms
    assert "rijden" in terms
    path = db.location.path
    assert path is not None
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    # FTS5 stores a term after the prefix it shares with the one before it: look for the ends.
    for token in (b"vuilnis", b"uilnis", b"ontainer", b"ankjes"):
        assert token not in raw, token
