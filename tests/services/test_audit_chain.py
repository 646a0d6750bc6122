"""The audit log's hash chain: written in order, and a changed, removed or inserted entry is found."""

from __future__ import annotations

import importlib.util
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.audit import GENESIS_HASH, canonical_entry, entry_hash_of
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.audit_log import CHANGED, INSERTED, MISSING, AuditFilter, AuditLogService
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.engine import DatabaseLocation, make_engine

MIGRATION = migrate.MIGRATIONS_DIR / "versions" / "0005_audit_chain.py"
COLUMNS = "sequence, occurred_at, actor, kind, entity_type, entity_id, detail, previous_hash, entry_hash"


def _log(db: Database) -> AuditLogService:
    from datetime import date

    return AuditLogService(db.session_factory, date.today)


def _write(db: Database, count: int, *, per_transaction: int = 1) -> None:
    for start in range(0, count, per_transaction):
        with db.session_factory.begin() as session:
            for number in range(start, min(start + per_transaction, count)):
                audit.record(
                    session, AuditKind.UPDATE, "case", number + 1, f"casus {number + 1}", actor="tester"
                )


def _rows(db: Database) -> list[tuple[int, int, str, str]]:
    with db.engine.connect() as con:
        return [
            tuple(row)
            for row in con.execute(
                text("SELECT id, sequence, previous_hash, entry_hash FROM audit_event ORDER BY sequence")
            )
        ]


def test_several_records_before_a_flush_are_chained_in_the_order_they_were_made(db: Database) -> None:
    with db.session_factory.begin() as session:
        for number in range(1, 6):
            audit.record(session, AuditKind.CREATE, "case", number, f"casus {number}")
    _write(db, 4)  # and then one per transaction
    rows = _rows(db)
    assert [sequence for _id, sequence, _p, _h in rows] == list(range(1, 10))
    assert rows[0][2] == GENESIS_HASH
    assert all(rows[i][2] == rows[i - 1][3] for i in range(1, len(rows)))
    with db.session_factory() as session:
        ids = session.scalars(select(AuditEvent.entity_id).order_by(AuditEvent.sequence)).all()
    assert ids == [1, 2, 3, 4, 5, 1, 2, 3, 4]
    report = _log(db).verify_chain()
    assert report.ok and report.checked == 9 and report.head_hash == rows[-1][3]


def test_an_entry_made_directly_and_one_flushed_in_between_are_chained_too(db: Database) -> None:
    with db.session_factory.begin() as session:
        session.add(AuditEvent(actor="voorzitter", kind=AuditKind.EXPORT, entity_type="meeting", entity_id=1))
        session.flush()
        audit.record(session, AuditKind.SEND, "meeting", 1, "verslag")
    assert _log(db).verify_chain().ok
    assert [row[1] for row in _rows(db)] == [1, 2]


def test_a_rolled_back_transaction_leaves_no_gap(db: Database) -> None:
    _write(db, 2)
    with pytest.raises(RuntimeError), db.session_factory.begin() as session:
        audit.record(session, AuditKind.DELETE, "case", 9)
        session.flush()
        raise RuntimeError("afgebroken")
    _write(db, 1)
    assert [row[1] for row in _rows(db)] == [1, 2, 3]
    assert _log(db).verify_chain().ok


def test_the_erase_kind_is_accepted(db: Database) -> None:
    with db.session_factory.begin() as session:
        audit.record(session, AuditKind.ERASE, "resident", 4, "bewoner gewist op verzoek")
    assert _log(db).count(AuditFilter(kind=AuditKind.ERASE)) == 1
    assert AuditKind.ERASE.label == "Gewist"


def test_an_edited_entry_is_found_at_that_entry(db: Database) -> None:
    _write(db, 6, per_transaction=2)
    with db.engine.begin() as con:
        con.execute(text("UPDATE audit_event SET detail = 'iets anders' WHERE sequence = 4"))
    report = _log(db).verify_chain()
    assert not report.ok and report.checked == 3
    assert report.first_broken is not None
    assert (report.first_broken.sequence, report.first_broken.reason) == (4, CHANGED)


@pytest.mark.parametrize("column", ["occurred_at", "actor", "kind", "entity_type", "entity_id"])
def test_every_field_is_covered_by_the_hash(db: Database, column: str) -> None:
    _write(db, 3)
    new_value = {
        "occurred_at": "'2020-01-01 00:00:00.000000'",
        "actor": "'iemand'",
        "kind": "'delete'",
        "entity_type": "'meeting'",
        "entity_id": "99",
    }[column]
    with db.engine.begin() as con:
        con.execute(text(f"UPDATE audit_event SET {column} = {new_value} WHERE sequence = 2"))
    broken = _log(db).verify_chain().first_broken
    assert broken is not None and (broken.sequence, broken.reason) == (2, CHANGED)


def test_a_removed_entry_is_found(db: Database) -> None:
    _write(db, 5)
    with db.engine.begin() as con:
        con.execute(text("DELETE FROM audit_event WHERE sequence = 3"))
    report = _log(db).verify_chain()
    assert not report.ok and report.first_broken is not None
    assert (report.first_broken.sequence, report.first_broken.entry_id, report.first_broken.reason) == (
        3,
        None,
        MISSING,
    )


def test_a_removed_entry_with_the_rest_renumbered_is_found(db: Database) -> None:
    _write(db, 5)
    with db.engine.begin() as con:
        con.execute(text("DELETE FROM audit_event WHERE sequence = 2"))
        for sequence in (3, 4, 5):
            con.execute(text(f"UPDATE audit_event SET sequence = {sequence - 1} WHERE sequence = {sequence}"))
    broken = _log(db).verify_chain().first_broken
    assert broken is not None and (broken.sequence, broken.reason) == (2, MISSING)


def test_an_entry_added_with_sql_at_the_end_is_found(db: Database) -> None:
    _write(db, 3)
    with db.engine.begin() as con:
        con.execute(
            text(
                f"INSERT INTO audit_event ({COLUMNS}) VALUES (4, '2026-12-01 10:00:00.000000', 'x', "
                f"'delete', 'case', 1, '', '{'1' * 64}', '{'2' * 64}')"
            )
        )
    broken = _log(db).verify_chain().first_broken
    assert broken is not None and (broken.sequence, broken.reason) == (4, INSERTED)


def test_an_entry_slipped_in_between_with_a_correct_hash_is_found(db: Database) -> None:
    """Even an entry with a hash made the program's way: the one after it no longer points at it."""
    _write(db, 4)
    rows = _rows(db)
    occurred = datetime(2026, 12, 1, 10, 0)
    forged = entry_hash_of(3, occurred, "x", "delete", "case", 1, "", rows[1][3])
    with db.engine.begin() as con:
        for sequence in (4, 3):
            con.execute(text(f"UPDATE audit_event SET sequence = {sequence + 1} WHERE sequence = {sequence}"))
        con.execute(
            text(
                f"INSERT INTO audit_event ({COLUMNS}) "
                "VALUES (3, :at, 'x', 'delete', 'case', 1, '', :prev, :hash)"
            ),
            {"at": occurred, "prev": rows[1][3], "hash": forged},
        )
    broken = _log(db).verify_chain().first_broken
    assert broken is not None and (broken.sequence, broken.reason) == (3, INSERTED)


def test_a_second_sqlite_writer_waits_and_chains_after_the_first(db: Database) -> None:
    """The second writer's first statement on the log blocks until the first commits; it then reads
    the new head (without the lock it read the old head first and its INSERT collided)."""
    first = db.session_factory()
    first.begin()
    audit.record(first, AuditKind.CREATE, "case", 1)
    first.flush()  # holds SQLite's write lock until commit
    started = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with db.session_factory.begin() as session:
                raw = session.connection().connection.driver_connection
                raw.set_trace_callback(
                    lambda sql: (
                        started.set() if sql.lstrip().upper().startswith(("UPDATE", "INSERT")) else None
                    )
                )
                audit.record(session, AuditKind.CREATE, "case", 2)
                session.flush()
                raw.set_trace_callback(None)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=second_writer)
    thread.start()
    assert started.wait(30)
    first.commit()
    first.close()
    thread.join()
    assert errors == []
    assert [row[1] for row in _rows(db)] == [1, 2]
    assert _log(db).verify_chain().ok


def test_an_empty_log_is_intact(db: Database) -> None:
    report = _log(db).verify_chain()
    assert report.ok and report.checked == 0 and report.head_hash == GENESIS_HASH


def test_pages_and_filters(db: Database) -> None:
    with db.session_factory.begin() as session:
        audit.record(session, AuditKind.CREATE, "case", 1)
        audit.record(session, AuditKind.UPDATE, "case", 1)
        audit.record(session, AuditKind.CREATE, "meeting", 2)
        audit.record(session, AuditKind.EXPORT, "meeting", 2)
        session.add(
            AuditEvent(
                occurred_at=datetime(2025, 3, 4, 12),
                actor="a",
                kind=AuditKind.SEND,
                entity_type="meeting",
                entity_id=2,
            )
        )
    log = _log(db)
    assert log.count() == 5
    assert [entry.sequence for entry in log.page(None, 0, 2)] == [5, 4]
    assert [entry.sequence for entry in log.page(None, 2, 2)] == [3, 2]
    assert log.count(AuditFilter(kind=AuditKind.CREATE)) == 2
    assert log.count(AuditFilter(entity_type="meeting")) == 3
    assert log.count(AuditFilter(entity_type="case", entity_id=1)) == 2
    assert log.count(AuditFilter(since=datetime(2025, 3, 4).date(), until=datetime(2025, 3, 4).date())) == 1
    assert log.count(AuditFilter(until=datetime(2025, 3, 3).date())) == 0
    assert [entry.sequence for entry in log.entries(page_size=2)] == [5, 4, 3, 2, 1]
    assert log.entity_types() == [("case", "Casus"), ("meeting", "Overleg")]
    assert log.page(AuditFilter(kind=AuditKind.SEND))[0].entity_label == "Overleg"


# --- the migration -----------------------------------------------------------------------------


def _migration_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0005", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION_MODULE = _migration_module()
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    sequence=st.integers(min_value=1, max_value=10**9),
    occurred_at=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2199, 1, 1)),
    actor=texts,
    kind=st.sampled_from([kind.value for kind in AuditKind]),
    entity_type=texts,
    entity_id=st.none() | st.integers(min_value=0, max_value=2**31),
    detail=texts,
    previous=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
)
def test_the_migration_hashes_exactly_like_the_program(
    sequence: int,
    occurred_at: datetime,
    actor: str,
    kind: str,
    entity_type: str,
    entity_id: int | None,
    detail: str,
    previous: str,
) -> None:
    fields = (sequence, occurred_at, actor, kind, entity_type, entity_id, detail, previous)
    assert MIGRATION_MODULE._canonical(*fields) == canonical_entry(*fields)


def test_an_old_database_with_audit_rows_gets_its_chain_in_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "oud.sqlite"
    engine = make_engine(DatabaseLocation.parse(str(path)))
    migrate.migrate_engine(engine, "0004_minutes_snapshot")
    engine.dispose()
    with sqlite3.connect(path) as con:
        for number in range(1, 6):
            con.execute(
                "INSERT INTO audit_event (occurred_at, actor, kind, entity_type, entity_id, detail) "
                "VALUES (?, 'voorzitter', ?, 'case', ?, ?)",
                (
                    f"2026-0{number}-02 09:3{number}:00.000000",
                    "update" if number % 2 else "export",
                    number,
                    "x",
                ),
            )
        con.execute("DELETE FROM audit_event WHERE id = 2")  # ids need not be contiguous
        with pytest.raises(sqlite3.IntegrityError):  # 'erase' is not allowed before 0005
            con.execute(
                "INSERT INTO audit_event (occurred_at, actor, kind, entity_type, detail) "
                "VALUES ('2026-01-01', 'x', 'erase', 'resident', '')"
            )
    database = open_database(path)
    try:
        with database.engine.connect() as con:
            rows = con.execute(text("SELECT id, sequence FROM audit_event ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [(1, 1), (3, 2), (4, 3), (5, 4)]
        report = _log(database).verify_chain()
        assert report.ok and report.checked == 4
        with database.session_factory.begin() as session:
            audit.record(session, AuditKind.ERASE, "resident", 7)
        report = _log(database).verify_chain()
        assert report.ok and report.checked == 5
    finally:
        database.close()
