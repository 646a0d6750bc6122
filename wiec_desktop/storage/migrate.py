"""Schema migrations with Alembic: probing a database's revision, backing it up and upgrading it.

``SCHEMA_HEAD`` names the newest revision so that opening an up-to-date database needs no Alembic
import at all (Alembic costs ~0.7 s of start-up); a test keeps it equal to the scripts' head.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from wiec_desktop.storage.encryption import connect_readonly, copy_file_bytes
from wiec_desktop.storage.engine import DatabaseLocation

SCHEMA_HEAD = "0011_signal_text_sort"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SchemaState:
    """What a database holds before we touch it."""

    has_tables: bool
    revision: str | None
    deep_checked: bool = True  # False: the integrity checks of a large file were left for later


def probe_sqlite_file(path: Path, passphrase: str | None = None) -> SchemaState:
    """Read the revision of a SQLite file strictly read-only (no WAL switch, no journal, no -wal
    or -shm created); with ``passphrase`` of a SQLCipher file (``WrongPassphrase`` if it does not fit)."""
    con = connect_readonly(path, passphrase)
    try:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in names:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return SchemaState(has_tables=bool(names - {"alembic_version"}), revision=revision)
    finally:
        con.close()


def probe_engine(engine: Engine) -> SchemaState:
    with engine.connect() as con:
        names = set(inspect(con).get_table_names())
        revision = None
        if "alembic_version" in names:
            revision = con.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return SchemaState(has_tables=bool(names - {"alembic_version"}), revision=revision)


def known_revisions() -> set[str]:
    return {script.revision for script in _script_directory().walk_revisions()}


def script_head() -> str:
    head = _script_directory().get_current_head()
    assert head is not None
    return head


def backup_sqlite_file(path: Path, revision: str | None, *, encrypted: bool = False) -> Path:
    """Copy a SQLite file aside with the online backup API (consistent even with a WAL). An
    encrypted file is copied byte for byte (with its write-ahead log): the copy stays encrypted
    with the same passphrase and nothing is decrypted on the way."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{revision or 'leeg'}-{stamp}{path.suffix or '.sqlite'}")
    if encrypted:
        _copy_bytes_then_rename(path, target)
        log.info("Encrypted database copied aside before migration (%s)", target.name)
        return target
    # Built under a hidden name and renamed when complete: a kill half-way left an empty file
    # under the copy's own name (tests/fault/test_migration_kills.py).
    building = _building(target)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(building)
        try:
            source.backup(dest)
        finally:
            dest.close()
        os.replace(building, target)
    finally:
        source.close()
        for leftover in (building, building.with_name(building.name + "-journal")):
            leftover.unlink(missing_ok=True)
    log.info("Database copied aside before migration (%s)", target.name)
    return target


def _building(target: Path) -> Path:
    return target.with_name(f".{target.name}.wordt-gemaakt")


def _copy_bytes_then_rename(path: Path, target: Path) -> None:
    """The byte copy of an encrypted file (and its write-ahead log) under hidden names, renamed
    when complete (the log first): a kill half-way leaves no partial copy under the copy's name."""
    building = _building(target)
    building_wal = building.with_name(building.name + "-wal")
    try:
        copy_file_bytes(path, building)
        if building_wal.exists():
            os.replace(building_wal, target.with_name(target.name + "-wal"))
        os.replace(building, target)
    finally:
        building.unlink(missing_ok=True)
        building_wal.unlink(missing_ok=True)


def upgrade_to_head(connection: Connection) -> None:
    """Run all pending migrations on ``connection`` (committed by the caller's transaction)."""
    migrate_to(connection, "head")


def migrate_to(connection: Connection, revision: str) -> None:
    """Upgrade or downgrade to ``revision`` on ``connection`` inside the caller's transaction."""
    from alembic import command

    config = _config()
    config.attributes["connection"] = connection
    current = (
        connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if ("alembic_version" in inspect(connection).get_table_names())
        else None
    )
    scripts = _script_directory()
    if revision != "head" and current is not None and _is_ancestor(scripts, revision, current):
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


def migrate_engine(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` in ONE transaction: all or nothing.

    On SQLite two things are needed for that. Python's sqlite3 module opens a transaction only
    before INSERT/UPDATE/DELETE, so CREATE/DROP/ALTER would run in autocommit and a failure would
    leave the schema half changed: for the migration the connection's transaction control is taken
    over (``isolation_level = None`` and an explicit BEGIN). And batch migrations copy a table,
    drop the original and rename the copy; with foreign keys enforced, dropping a table that other
    rows refer to fails: they are switched off for the migration (possible only outside a
    transaction), checked with ``PRAGMA foreign_key_check`` before committing, and switched on
    again after. Normal sessions keep the driver's default behaviour.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.commit()
            default_isolation = raw.isolation_level
            raw.isolation_level = None
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN")
                migrate_to(connection, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"Migration left {len(broken)} broken references")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
                raw.isolation_level = default_isolation


def _is_ancestor(scripts, revision: str, current: str) -> bool:  # type: ignore[no-untyped-def]
    """True when ``revision`` lies below ``current`` (so reaching it is a downgrade)."""
    return any(script.revision == revision for script in scripts.iterate_revisions(current, "base"))


def is_current(state: SchemaState) -> bool:
    return state.revision == SCHEMA_HEAD


def needs_backup(location: DatabaseLocation, state: SchemaState) -> bool:
    return location.path is not None and state.has_tables and not is_current(state)


def _config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script_directory():  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())
