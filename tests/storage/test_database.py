"""Opening databases: migrations, schema equality, refusal of newer/foreign files, backups."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from wiec_desktop.domain import Base
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import open_database
from wiec_desktop.storage.engine import DatabaseLocation, make_engine
from wiec_desktop.storage.errors import DatabaseMissing, DatabaseTooNew, NotADatabase
from wiec_desktop.storage.search_index import INDEX_TABLES, is_model_object


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_schema_head_constant_matches_migration_scripts() -> None:
    assert migrate.script_head() == migrate.SCHEMA_HEAD


def test_upgrade_from_empty_produces_exactly_the_models_schema(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sqlite", create=True)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": is_model_object}
        )
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == migrate.SCHEMA_HEAD
    database.close()


def test_sqlite_connections_use_wal_foreign_keys_and_full_sync(db) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nope.sqlite"
    with pytest.raises(DatabaseMissing):
        open_database(target)
    assert not target.exists()


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "notes.sqlite"
    target.write_text("dit is geen database\n" * 100)
    before = _digest(target)
    with pytest.raises(NotADatabase):
        open_database(target)
    assert _digest(target) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "other.sqlite"
    with sqlite3.connect(target) as con:
        con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = _digest(target)
    with pytest.raises(NotADatabase, match="geen WIEC-gegevens"):
        open_database(target, create=True)
    assert _digest(target) == before


def test_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "future.sqlite"
    open_database(target, create=True).close()
    with sqlite3.connect(target) as con:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = _digest(target)
    with pytest.raises(DatabaseTooNew, match="nieuwere versie"):
        open_database(target)
    assert _digest(target) == before
    assert not Path(f"{target}-wal").exists()
    assert sorted(p.name for p in tmp_path.glob("future*")) == ["future.sqlite"]


NEXT_REVISION = '''
"""add a column (test only)"""
import sqlalchemy as sa
from alembic import op

revision = "9002_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.add_column(sa.Column("colour", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.drop_column("colour")
'''


def test_older_database_is_copied_aside_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old.sqlite"
    database = open_database(target, create=True)
    with database.session_factory.begin() as session:
        from wiec_desktop.domain import Theme

        session.add(Theme(name="Vervuiling"))
    database.close()
    head_before = migrate.SCHEMA_HEAD

    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9002_test.py").write_text(NEXT_REVISION.format(head=migrate.SCHEMA_HEAD))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9002_test")

    database = open_database(target)
    assert database.backup_path is not None and database.backup_path.exists()
    with database.engine.connect() as con:
        assert con.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9002_test"
        assert con.exec_driver_sql("SELECT name, colour FROM theme").all() == [("Vervuiling", None)]
    database.close()
    with sqlite3.connect(database.backup_path) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_before
        assert backup.execute("SELECT name FROM theme").fetchall() == [("Vervuiling",)]


def test_location_parsing_accepts_paths_and_urls(tmp_path: Path) -> None:
    file_location = DatabaseLocation.parse(tmp_path / "a.sqlite")
    assert file_location.is_sqlite and file_location.path == tmp_path / "a.sqlite"
    url_location = DatabaseLocation.parse("postgresql+psycopg://wiec:geheim@localhost:5432/wiec")
    assert not url_location.is_sqlite and url_location.path is None
    assert "geheim" not in url_location.display()


def test_a_full_database_from_the_first_release_is_migrated_with_its_data(
    demo_path: Path, tmp_path: Path
) -> None:
    """Batch migrations on SQLite copy and drop tables that other rows refer to: with the demo's
    data in every table, going down to 0001 and up again keeps every row and every reference."""

    def counts(path: Path) -> dict[str, int]:
        with sqlite3.connect(path) as con:
            tables = [
                name
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
                if name != "alembic_version" and name not in INDEX_TABLES  # checked by search_index.verify
            ]
            return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}

    before = counts(demo_path)
    engine = make_engine(DatabaseLocation.parse(str(demo_path)))
    migrate.migrate_engine(engine, "0001_initial")
    engine.dispose()
    with sqlite3.connect(demo_path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"

    database = open_database(demo_path)  # copied aside, then upgraded in one transaction
    assert database.backup_path is not None
    database.close()
    after = counts(demo_path)
    assert {name: after[name] for name in before if name in after} == {
        name: count for name, count in before.items() if name in after
    }
    with sqlite3.connect(demo_path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.SCHEMA_HEAD
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not con.execute("SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp%'").fetchall()


def test_a_failing_migration_leaves_the_schema_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DDL runs inside the migration's transaction: a failure half-way changes nothing."""
    target = tmp_path / "half.sqlite"
    open_database(target, create=True).close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9003_fails.py").write_text(FAILING_REVISION.format(head=migrate.SCHEMA_HEAD))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9003_fails")
    with pytest.raises(Exception, match="no_such_table"):
        open_database(target)
    with sqlite3.connect(target) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(theme)")]
        assert "colour" not in columns
        assert not con.execute("SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp%'").fetchall()
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "9003_fails"


FAILING_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9003_fails"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.add_column(sa.Column("colour", sa.String(20), nullable=True))
    op.execute("UPDATE no_such_table SET x = 1")


def downgrade() -> None:
    pass
"""


def test_the_minutes_snapshot_migration_goes_down_and_up_with_the_demo_data(demo_path: Path) -> None:
    """0004 adds ``meeting.minutes_snapshot``: down to 0003 it goes (with any snapshot, nothing else
    changes), up again every meeting has none, and approved minutes are exported as today."""
    from datetime import date

    from wiec_desktop.services.registry import Services

    database = open_database(demo_path)
    services = Services(database.session_factory, lambda: date(2026, 11, 24))
    with database.engine.connect() as con:
        held = con.exec_driver_sql(
            "SELECT id FROM meeting WHERE status = 'held' ORDER BY date DESC LIMIT 1"
        ).scalar_one()
        following = con.exec_driver_sql(
            "SELECT id FROM meeting WHERE status = 'planned' AND date = '2026-11-24'"
        ).scalar_one()
    services.meeting_run.approve_previous_minutes(following, "correctie")
    kept = services.minutes_data.minutes(held)
    assert kept.frozen
    database.close()

    def meetings(path: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(path) as con:
            columns = [
                row[1] for row in con.execute("PRAGMA table_info(meeting)") if row[1] != "minutes_snapshot"
            ]
            return con.execute(f"SELECT {', '.join(columns)} FROM meeting ORDER BY id").fetchall()

    def columns(path: Path) -> list[str]:
        with sqlite3.connect(path) as con:
            return [row[1] for row in con.execute("PRAGMA table_info(meeting)")]

    before = meetings(demo_path)
    assert "minutes_snapshot" in columns(demo_path)
    engine = make_engine(DatabaseLocation.parse(str(demo_path)))
    migrate.migrate_engine(engine, "0003_round_recommendations")
    engine.dispose()
    assert "minutes_snapshot" not in columns(demo_path)
    assert meetings(demo_path) == before
    with sqlite3.connect(demo_path) as con:
        assert (
            con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            == "0003_round_recommendations"
        )
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []

    database = open_database(demo_path)  # copied aside, then upgraded again
    assert database.backup_path is not None
    with database.engine.connect() as con:
        assert (
            con.exec_driver_sql("SELECT count(*) FROM meeting WHERE minutes_snapshot IS NOT NULL").scalar()
            == 0
        )
        context = MigrationContext.configure(
            con, opts={"compare_type": True, "include_name": is_model_object}
        )
        assert compare_metadata(context, Base.metadata) == []
    assert meetings(demo_path) == before
    again = Services(database.session_factory, lambda: date(2026, 12, 15)).minutes_data.minutes(held)
    assert again.approved and not again.frozen and again.as_of == date(2026, 12, 15)
    database.close()
