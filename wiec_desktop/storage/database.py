"""Opening a WIEC database: checks before touching it, backup, migration, session factory.

An encrypted (SQLCipher) file needs its passphrase: without one ``EncryptedDatabase``, with a wrong
one ``WrongPassphrase``; in both cases the file is not changed and no -wal or -shm is created. The
open ``Database`` keeps the passphrase in memory (never in its repr or a log) for copies and
backups, and forgets it when closed.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.storage import encryption, migrate
from wiec_desktop.storage.engine import (
    ENCRYPTION_UNSUPPORTED,
    SQLITE_HEADER,
    DatabaseLocation,
    make_engine,
    make_session_factory,
)
from wiec_desktop.storage.errors import (
    DatabaseMissing,
    DatabaseTooNew,
    EncryptedDatabase,
    EncryptionUnsupported,
    NotADatabase,
    StorageError,
    classify,
)

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open, migrated database: its location, engine and session factory, and whether it is
    encrypted (then its passphrase, in memory only while it is open)."""

    location: DatabaseLocation
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    encrypted: bool = False
    _passphrase: str | None = field(default=None, repr=False, compare=False)

    @property
    def passphrase(self) -> str | None:
        """For storage code that must open the file itself (copies, backups); never log it."""
        return self._passphrase

    def close(self) -> None:
        self.engine.dispose()
        self._passphrase = None

    def copy_to(self, target: Path) -> None:
        """A consistent copy in the NEW file ``target`` (also while open), encrypted with the same
        passphrase when this database is encrypted: for backups."""
        path = self._file()
        if self._passphrase is not None:
            encryption.copy_encrypted(path, self._passphrase, target)
            return
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()

    def encrypt_to(self, target: Path, passphrase: str) -> None:
        """An encrypted copy of this plain database in the NEW file ``target``; this one is kept."""
        encryption.encrypt_to(self._file(), target, passphrase)

    def decrypt_to(self, target: Path) -> None:
        """A plain copy of this encrypted database in the NEW file ``target``; this one is kept."""
        if self._passphrase is None:
            raise EncryptionUnsupported("Deze database is niet versleuteld.")
        encryption.decrypt_to(self._file(), self._passphrase, target)

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-encrypt this database with ``new``; ``old`` must be the current passphrase.

        The engine's connections are closed first and a new engine (same session factory) is used
        afterwards, so services keep working. A wrong ``old`` changes nothing."""
        path = self._file()
        if self._passphrase is None:
            raise EncryptionUnsupported("Deze database is niet versleuteld.")
        encryption.check_new_passphrase(new)
        encryption.check_passphrase(path, old)
        self.engine.dispose()
        encryption.change_passphrase(path, old, new)
        engine = make_engine(self.location, new)
        self.session_factory.configure(bind=engine)
        self.engine, self._passphrase = engine, new

    def _file(self) -> Path:
        if self.location.path is None:
            raise EncryptionUnsupported(ENCRYPTION_UNSUPPORTED)
        return self.location.path


def open_database(
    path_or_url: str | Path | DatabaseLocation,
    *,
    create: bool = False,
    passphrase: str | None = None,
) -> Database:
    """Open (and if needed migrate) a database.

    ``create`` allows a new, empty database (File → New, ``demo``); without it a missing file or a
    file without WIEC data is refused. A database made by a newer version of the program is refused
    before anything is written to it. An existing SQLite file is copied aside before a migration
    (an encrypted one stays encrypted). ``passphrase`` opens an encrypted file, or with ``create``
    makes the new file encrypted; it is refused for a database server and a plain file.
    """
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    if passphrase is not None and location.path is None:
        raise EncryptionUnsupported(ENCRYPTION_UNSUPPORTED)
    if passphrase is not None and create and not _exists(location):
        encryption.check_new_passphrase(passphrase)
    state = _probe(location, create=create, passphrase=passphrase)
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
        backup = migrate.backup_sqlite_file(location.path, state.revision, encrypted=passphrase is not None)
    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location, passphrase)
    try:
        if not migrate.is_current(state):
            migrate.migrate_engine(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        known = classify(exc)
        if known:
            raise known from exc
        raise
    return Database(
        location,
        engine,
        make_session_factory(engine),
        backup,
        encrypted=passphrase is not None,
        _passphrase=passphrase,
    )


def needs_passphrase(path_or_url: str | Path | DatabaseLocation) -> bool:
    """True when the database is an existing encrypted file (ask for its passphrase first)."""
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    return location.path is not None and encryption.is_encrypted_file(location.path)


def _exists(location: DatabaseLocation) -> bool:
    return location.path is not None and location.path.exists()


def _probe(location: DatabaseLocation, *, create: bool, passphrase: str | None = None) -> migrate.SchemaState:
    path = location.path
    if path is not None:
        if not path.exists():
            if create:
                return migrate.SchemaState(has_tables=False, revision=None)
            raise DatabaseMissing(f"Database niet gevonden: {path}")
        if not path.is_file():
            raise NotADatabase(f"{path} is geen bestand.")
        if encryption.is_encrypted_file(path):
            if passphrase is None:
                raise EncryptedDatabase(f"{path.name} is versleuteld; de wachtwoordzin is nodig.")
            import sqlcipher3

            try:
                return migrate.probe_sqlite_file(path, passphrase)
            except sqlcipher3.DatabaseError as exc:
                raise NotADatabase(f"{path} is geen leesbare database ({exc}).") from exc
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise NotADatabase(f"{path} is geen WIEC-database.")
        if header and passphrase is not None:
            raise EncryptionUnsupported(
                f"{path.name} is niet versleuteld; open haar zonder wachtwoordzin "
                "(of versleutel haar naar een nieuw bestand)."
            )
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
