"""Opening a WIEC database: checks before touching it, backup, migration, session factory."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.storage import migrate
from wiec_desktop.storage.engine import (
    SQLITE_HEADER,
    DatabaseLocation,
    make_engine,
    make_session_factory,
)
from wiec_desktop.storage.errors import (
    DatabaseMissing,
    DatabaseTooNew,
    NotADatabase,
    StorageError,
    classify,
)

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open, migrated database: its location, engine and session factory."""

    location: DatabaseLocation
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path_or_url: str | Path | DatabaseLocation, *, create: bool = False
) -> Database:
    """Open (and if needed migrate) a database.

    ``create`` allows a new, empty database (File → New, ``demo``); without it a missing file or a
    file without WIEC data is refused. A database made by a newer version of the program is refused
    before anything is written to it. An existing SQLite file is copied aside before a migration.
    """
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    state = _probe(location, create=create)
    if state.revision is None and state.has_tables:
        raise NotADatabase(f"{location.display()} bevat geen WIEC-gegevens.")
    if state.revision is None and not create:
        raise NotADatabase(f"{location.display()} is geen WIEC-database.")
    if (
        state.revision is not None
        and not migrate.is_current(state)
        and state.revision not in migrate.known_revisions()
    ):
        raise DatabaseTooNew(
            "Deze database is gemaakt met een nieuwere versie van WIEC Desktop. "
            "Werk het programma bij om haar te openen; de database is niet gewijzigd."
        )
    backup = None
    if migrate.needs_backup(location, state):
        assert location.path is not None
        backup = migrate.backup_sqlite_file(location.path, state.revision)
    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location)
    try:
        if not migrate.is_current(state):
            migrate.migrate_engine(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        known = classify(exc)
        if known:
            raise known from exc
        raise
    return Database(location, engine, make_session_factory(engine), backup)


def _probe(location: DatabaseLocation, *, create: bool) -> migrate.SchemaState:
    path = location.path
    if path is not None:
        if not path.exists():
            if create:
                return migrate.SchemaState(has_tables=False, revision=None)
            raise DatabaseMissing(f"Database niet gevonden: {path}")
        if not path.is_file():
            raise NotADatabase(f"{path} is geen bestand.")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise NotADatabase(f"{path} is geen WIEC-database.")
        try:
            return migrate.probe_sqlite_file(path)
        except sqlite3.DatabaseError as exc:
            raise NotADatabase(f"{path} is geen leesbare database ({exc}).") from exc
    engine = make_engine(location)
    try:
        return migrate.probe_engine(engine)
    except SQLAlchemyError as exc:
        known = classify(exc)
        if known:
            raise known from exc
        raise StorageError(f"De database kon niet worden geopend: {exc.__class__.__name__}") from exc
    finally:
        engine.dispose()
