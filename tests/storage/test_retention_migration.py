"""Migration 0006 (retention period per assignment, the erasure log) goes down and up with data,
and compacting a database file is for SQLite only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from wiec_desktop.domain import Base
from wiec_desktop.storage import migrate
from wiec_desktop.storage.compaction import compact, is_compactable
from wiec_desktop.storage.database import open_database
from wiec_desktop.storage.engine import DatabaseLocation, make_engine
from wiec_desktop.storage.search_index import is_model_object


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as con:
        return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def test_the_retention_migration_goes_down_and_up_with_the_demo_data(demo_path: Path) -> None:
    with sqlite3.connect(demo_path) as con:
        titles = con.execute("SELECT id, title FROM assignment ORDER BY id").fetchall()
        assert con.execute("SELECT DISTINCT retention_months FROM assignment").fetchall() == [(24,)]
    engine = make_engine(DatabaseLocation.parse(str(demo_path)))
    migrate.migrate_engine(engine, "0005_audit_chain")
    engine.dispose()
    assert "retention_months" not in _columns(demo_path, "assignment")
    assert _columns(demo_path, "erasure") == []
    with sqlite3.connect(demo_path) as con:
        assert con.execute("SELECT id, title FROM assignment ORDER BY id").fetchall() == titles
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []

    database = open_database(demo_path)  # copied aside, then upgraded again
    try:
        with database.engine.connect() as con:
            assert con.exec_driver_sql("SELECT DISTINCT retention_months FROM assignment").fetchall() == [
                (24,)
            ]
            context = MigrationContext.configure(
                con, opts={"compare_type": True, "include_name": is_model_object}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.close()


def test_a_retention_period_outside_1_to_120_is_refused_by_the_database(db) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with db.engine.begin() as con:
        con.exec_driver_sql(
            "INSERT INTO assignment (title, start_date, end_date, report_cadence, notes, is_current, "
            "created_at, updated_at, version) VALUES ('A', '2026-01-01', '2026-12-31', 'monthly', '', 0, "
            "'2026-01-01', '2026-01-01', 1)"
        )
    with pytest.raises(IntegrityError), db.engine.begin() as con:
        con.exec_driver_sql("UPDATE assignment SET retention_months = 0")


def test_compacting_is_for_sqlite_only() -> None:
    server = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    assert not is_compactable(server)
    result = compact(server)
    assert not result.vacuumed and not result.complete


def test_compacting_empties_the_wal(db) -> None:
    path = db.location.path
    with db.engine.begin() as con:
        con.exec_driver_sql("CREATE TABLE scratch (t TEXT)")
        con.exec_driver_sql("INSERT INTO scratch VALUES ('Geheime Naam')")
    with db.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM scratch")
    result = compact(db.engine)
    assert result.complete
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert b"Geheime Naam" not in path.read_bytes()
