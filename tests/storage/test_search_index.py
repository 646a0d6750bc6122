"""The search index in the SQLite file: the 0008 migration fills it for the rows of a database of
the previous revision and goes down again, ``verify`` finds an index out of step and ``rebuild``
puts it right, and it survives encryption and the handover copy."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from tests.services.search.data import CASE_TEXT, TODAY, build
from wiec_desktop.services.handover.database_copy import open_in_memory, plain_database_bytes
from wiec_desktop.services.registry import Services
from wiec_desktop.services.search.model import SearchKind
from wiec_desktop.storage import encryption, migrate, search_index
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.engine import DatabaseLocation, make_engine
from wiec_desktop.storage.search_index import FTS_TABLE, KIND_SPAN

PASSPHRASE = "correct paard batterij niet"


def _verify(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return search_index.verify(connection)


def _names(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {row[0] for row in con.execute("SELECT name FROM sqlite_master")}


def test_the_migration_fills_the_index_of_a_database_of_the_previous_revision(tmp_path: Path) -> None:
    path = tmp_path / "vorige.sqlite"
    engine = make_engine(DatabaseLocation.parse(str(path)))
    migrate.migrate_engine(engine, "0007_privacy_terms")
    engine.dispose()
    with sqlite3.connect(path) as con:
        assert FTS_TABLE not in _names(path)
        con.execute(
            'INSERT INTO "case" (id, year, number, title, description, location, status, priority,'
            " expert_analysis, outcome, opened_on, version, created_at, updated_at) VALUES"
            " (7, 2025, 3, 'Hondenpoep op het grasveld', 'Bewoners ergeren zich', '', 'reported', 'normal',"
            " '', '', '2025-03-01', 1, '2025-03-01 10:00:00', '2025-03-01 10:00:00')"
        )
    database = open_database(path)  # migrated to the head
    try:
        assert _verify(database) == []
        services = Services(database.session_factory, lambda: TODAY)
        [hit] = services.search.search("hondenpoep").hits()
        assert (hit.kind, hit.record_id, hit.title) == (
            SearchKind.CASE,
            7,
            "2025-003 Hondenpoep op het grasveld",
        )
        built = build(database.session_factory)  # the triggers of the migration index new rows
        assert {h.record_id for h in services.search.search("bergingen erasmusweg").hits()} == {built.case}
    finally:
        database.close()
    engine = make_engine(DatabaseLocation.parse(str(path)))
    migrate.migrate_engine(engine, "0007_privacy_terms")
    engine.dispose()
    left = {name for name in _names(path) if name.startswith("search") or name == "recent_search"}
    assert left == set()
    again = open_database(path)
    try:
        assert _verify(again) == []
        assert len(Services(again.session_factory, lambda: TODAY).search.search("bergingen").hits()) == 2
    finally:
        again.close()


def test_verify_finds_an_index_out_of_step_and_rebuild_puts_it_right(db: Database) -> None:
    built = build(db.session_factory)
    assert _verify(db) == []
    case_row = 1 * KIND_SPAN + built.case
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE {FTS_TABLE} SET body = 'iets anders' WHERE rowid = {case_row}")
        connection.exec_driver_sql(f"DELETE FROM {FTS_TABLE} WHERE rowid = {9 * KIND_SPAN + built.contact}")
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES ({5 * KIND_SPAN + 99}, 'x', 'y')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES ({15 * KIND_SPAN}, 'x', 'y')"
        )
        connection.exec_driver_sql("DROP TRIGGER search_signal_signal_update")
    found = _verify(db)
    assert found == [
        "Zoekindex: 1 trigger ontbreekt; de index volgt niet elke wijziging",
        "Zoekindex, casussen: 1 rij ontbreekt of heeft een andere tekst dan de tabel",
        "Zoekindex, acties: 1 rij zonder bijbehorend record",
        "Zoekindex, contactpersonen: 1 rij ontbreekt of heeft een andere tekst dan de tabel",
        "Zoekindex: 1 rij van een onbekende soort",
        "Zoekindex herstellen: wiec-desktop check --rebuild-search-index --db …",
    ]
    with db.engine.begin() as connection:
        search_index.rebuild(connection)
    assert _verify(db) == []
    with db.engine.begin() as connection:  # the trigger is back
        connection.exec_driver_sql(
            f"UPDATE signal SET text = 'Kapotte lantaarnpaal' WHERE id = {built.signal}"
        )
    services = Services(db.session_factory, lambda: TODAY)
    assert [h.record_id for h in services.search.search("lantaarnpaal").hits()] == [built.signal]
    assert CASE_TEXT.split()[0].lower() in services.search.search("jongeren").hits()[0].snippet.text.lower()


def test_a_missing_index_is_one_line(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
    assert _verify(db) == [
        "Zoekindex ontbreekt; maak hem opnieuw met: wiec-desktop check --rebuild-search-index"
    ]


def test_the_index_survives_encryption_and_the_handover_copy(db: Database, tmp_path: Path) -> None:
    built = build(db.session_factory)
    plain = db.location.path
    assert plain is not None
    db.close()
    secret = tmp_path / "versleuteld.sqlite"
    encryption.encrypt_to(plain, secret, PASSPHRASE)
    encrypted = open_database(secret, passphrase=PASSPHRASE)
    try:
        assert _verify(encrypted) == []
        services = Services(encrypted.session_factory, lambda: TODAY)
        services.cases.update_case(built.case, title="Overlast bij de snackbar")
        assert [h.record_id for h in services.search.search("snackbar").hits()] == [built.case]
        copy = open_in_memory(plain_database_bytes(encrypted, tmp_path))
    finally:
        encrypted.close()
    try:
        assert search_index.verify(copy) == []
        rows = copy.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'snack*'").fetchall()
        assert rows == [(1 * KIND_SPAN + built.case,)]
    finally:
        copy.close()


def test_meeting_mode_saving_the_time_of_an_item_does_not_touch_the_index(db: Database) -> None:
    """Only an update of an indexed column re-indexes (the autosave of the item timer does not)."""
    build(db.session_factory)
    with db.engine.connect() as connection:
        trigger = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'search_minutes_agenda_item_update'"
        ).scalar_one()
    assert 'AFTER UPDATE OF "title", "minutes" ON "agenda_item"' in trigger


def test_the_migration_holds_the_statements_of_this_revision() -> None:
    """0008 keeps its own copy of the statements; a change of what is indexed needs a migration of
    its own (that calls ``search_index.rebuild``) and then this test is updated with it."""
    spec = importlib.util.spec_from_file_location(
        "migration_0008", migrate.MIGRATIONS_DIR / "versions" / "0008_search_index.py"
    )
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert list(migration.SQLITE_CREATE) == search_index.create_statements("sqlite")
    assert list(migration.SQLITE_DROP) == search_index.drop_statements("sqlite")
    assert list(migration.POSTGRES_CREATE) == search_index.create_statements("postgresql")
    assert list(migration.POSTGRES_DROP) == search_index.drop_statements("postgresql")
