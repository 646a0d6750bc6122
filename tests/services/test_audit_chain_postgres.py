"""The audit chain on a real PostgreSQL server: two writers at once take turns and never fork it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from tests.postgres_server import postgres_bin_dir, running_postgres
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.audit_log import AuditLogService
from wiec_desktop.storage.database import Database, open_database

pytestmark = pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)


@pytest.fixture(scope="module")
def pg_db() -> Iterator[Database]:
    with running_postgres() as url:
        database = open_database(url, create=True)
        yield database
        database.close()


@pytest.fixture(autouse=True)
def empty_log(pg_db: Database) -> None:
    with pg_db.engine.begin() as con:
        con.execute(text("DELETE FROM audit_event"))


def _waiting_for_a_lock(database: Database) -> bool:
    with database.engine.connect() as con:
        return bool(con.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar())


def test_a_second_writer_waits_for_the_first_and_chains_after_it(pg_db: Database) -> None:
    errors: list[BaseException] = []
    first = pg_db.session_factory()
    first.begin()
    audit.record(first, AuditKind.CREATE, "case", 1)
    first.flush()  # holds the chain lock until commit

    def second_writer() -> None:
        try:
            with pg_db.session_factory.begin() as session:
                audit.record(session, AuditKind.CREATE, "case", 2)
        except BaseException as error:  # pragma: no cover - only on failure
            errors.append(error)

    thread = threading.Thread(target=second_writer)
    thread.start()
    while thread.is_alive() and not _waiting_for_a_lock(pg_db):
        pass  # until the second writer is blocked on the lock (or has finished)
    assert thread.is_alive(), "the second writer did not wait for the first"
    first.commit()
    first.close()
    thread.join()
    assert errors == []
    with pg_db.engine.connect() as con:
        rows = con.execute(text("SELECT sequence, entity_id FROM audit_event ORDER BY sequence")).all()
    assert [tuple(row) for row in rows] == [(1, 1), (2, 2)]
    assert AuditLogService(pg_db.session_factory, date.today).verify_chain().ok


def test_many_writers_at_once_leave_one_unbroken_chain(pg_db: Database) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(number: int) -> None:
        start.wait()
        try:
            for round_number in range(15):
                with pg_db.session_factory.begin() as session:
                    audit.record(session, AuditKind.UPDATE, "case", number)
                    audit.record(session, AuditKind.STATUS, "case", round_number)
        except BaseException as error:  # pragma: no cover - only on failure
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = AuditLogService(pg_db.session_factory, date.today).verify_chain()
    assert report.ok and report.checked == 4 * 15 * 2


def test_the_migration_chains_existing_entries_on_postgres(pg_db: Database) -> None:
    from sqlalchemy import create_engine

    from wiec_desktop.storage import migrate

    url = pg_db.engine.url
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as con:
        con.execute(text("DROP DATABASE IF EXISTS oud"))
        con.execute(text("CREATE DATABASE oud"))
    old_url = url.set(database="oud")
    engine = create_engine(old_url)
    try:
        migrate.migrate_engine(engine, "0004_minutes_snapshot")
        with engine.begin() as con:
            for number in range(1, 4):
                con.execute(
                    text(
                        "INSERT INTO audit_event (occurred_at, actor, kind, entity_type, entity_id, detail) "
                        "VALUES (:at, 'voorzitter', 'update', 'case', :id, '')"
                    ),
                    {"at": f"2026-03-0{number} 10:00:00.123456", "id": number},
                )
    finally:
        engine.dispose()
    database = open_database(old_url.render_as_string(hide_password=False))
    try:
        with database.engine.connect() as con:
            rows = con.execute(text("SELECT entity_id, sequence FROM audit_event ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [(1, 1), (2, 2), (3, 3)]
        log = AuditLogService(database.session_factory, date.today)
        assert log.verify_chain().ok
        with database.session_factory.begin() as session:
            audit.record(session, AuditKind.ERASE, "resident", 5)
        report = log.verify_chain()
        assert report.ok and report.checked == 4
    finally:
        database.close()
