"""Opening a WIEC database: checks before touching it, backup, migration, session factory.

An encrypted (SQLCipher) file needs its passphrase: without one ``EncryptedDatabase``, with a wrong
one ``WrongPassphrase``; in both cases the file is not changed and no -wal or -shm is created. The
open ``Database`` keeps the passphrase in memory (never in its repr or a log) for copies and
backups, and forgets it when closed.

One writer per file: a SQLite file opened for writing is held with ``writer_lock.WriterLock`` until
``close``; while another instance holds it, opening for writing raises ``DatabaseInUse`` naming the
holder, and ``read_only=True`` opens it without the lock on an engine that cannot write. A file or
folder that cannot be written opens read-only by itself, with ``read_only_reason`` saying why; a
read-only database that needs a migration is refused (it cannot be upgraded).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.storage import encryption, migrate, open_policy
from wiec_desktop.storage.engine import (
    ENCRYPTION_UNSUPPORTED,
    SQLITE_HEADER,
    DatabaseLocation,
    make_engine,
    make_session_factory,
)
from wiec_desktop.storage.errors import (
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseTooNew,
    EncryptedDatabase,
    EncryptionUnsupported,
    NotADatabase,
    StorageError,
    classify,
)
from wiec_desktop.storage.writer_lock import DatabaseInUse, WriterLock

FILE_READ_ONLY = "het bestand is alleen-lezen"
FOLDER_READ_ONLY = "de map is alleen-lezen"
OPENED_READ_ONLY = "de database is alleen-lezen geopend"

log = logging.getLogger(__name__)



@dataclass
class Database:
    """An open, migrated database: its location, engine and session factory, whether it is
    encrypted (then its passphrase, in memory only while it is open) and whether it is read-only
    (then ``read_only_reason`` when the file or folder cannot be written; no writer lock)."""

    location: DatabaseLocation
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    encrypted: bool = False
    _passphrase: str | None = field(default=None, repr=False, compare=False)
    read_only: bool = False
    read_only_reason: str | None = None
    _lock: WriterLock | None = field(default=None, repr=False, compare=False)
    deep_checks_pending: bool = False  # a large file opened with its integrity checks left for later

    @property
    def passphrase(self) -> str | None:
        """For storage code that must open the file itself (copies, backups); never log it."""
        return self._passphrase

    @property
    def holds_writer_lock(self) -> bool:
        return self._lock is not None and self._lock.held

    def close(self) -> None:
        """Close every connection, then let the writer lock go (the next writer may open it)."""
        self.engine.dispose()
        self._passphrase = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def copy_to(self, target: Path) -> None:
        """A consistent copy in the NEW file ``target`` (also while open), encrypted with the same
        passphrase when this database is encrypted: for backups."""
        path = self._file()
        if self._passphrase is not None:
            encryption.copy_encrypted(path, self._passphrase, target)
            return
        # immutable when no -wal lies beside the file (a closed or read-only database): a plain
        # mode=ro reader would leave -wal and -shm beside it
        source = sqlite3.connect(encryption.readonly_uri(path), uri=True)
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
        if self.read_only:
            raise DatabaseReadOnly(read_only_message(self.read_only_reason))
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
    read_only: bool = False,
    defer_deep_checks: bool | None = None,
) -> Database:
    """Open (and if needed migrate) a database.

    ``create`` allows a new, empty database (File → New, ``demo``); without it a missing file or a
    file without WIEC data is refused. A database made by a newer version of the program is refused
    before anything is written to it. An existing SQLite file is copied aside before a migration
    (an encrypted one stays encrypted). ``passphrase`` opens an encrypted file, or with ``create``
    makes the new file encrypted; it is refused for a database server and a plain file.

    A SQLite file opened for writing is held with the writer lock (``DatabaseInUse`` while another
    instance holds it). ``read_only`` (or a file or folder that cannot be written) opens it
    without the lock on an engine that cannot write; such a database is never migrated.

    ``defer_deep_checks`` (default: ``storage/open_policy.DEFER_DEEP_CHECKS``, which the window
    switches on): a large file at the current revision is opened after the cheap checks only, with
    ``deep_checks_pending`` set; whoever opened it runs ``integrity.problems`` afterwards.
    """
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    if passphrase is not None and location.path is None:
        raise EncryptionUnsupported(ENCRYPTION_UNSUPPORTED)
    reason = _unwritable_reason(location.path) if location.path is not None else None
    if reason is not None and create and not _exists(location):
        raise DatabaseReadOnly(f"De database kan hier niet worden gemaakt: {reason}. Kies een andere map.")
    if read_only and create and not _exists(location):
        raise DatabaseReadOnly("Een nieuwe database kan niet alleen-lezen worden geopend.")
    read_only = read_only or reason is not None
    if passphrase is not None and create and not _exists(location):
        encryption.check_new_passphrase(passphrase)
    defer = open_policy.DEFER_DEEP_CHECKS if defer_deep_checks is None else defer_deep_checks
    state = _probe(location, create=create, passphrase=passphrase, defer_deep=defer)
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
    if read_only:
        if not migrate.is_current(state):
            raise DatabaseReadOnly(_cannot_upgrade_message(reason))
        opened = _open_read_only(location, passphrase, reason)
        opened.deep_checks_pending = not state.deep_checked
        return opened
    lock = _take_writer_lock(location, create=create)
    try:
        database = _open_for_writing(location, state, passphrase)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    database._lock = lock
    database.deep_checks_pending = not state.deep_checked
    return database


def read_only_message(reason: str | None) -> str:
    """What a refused write says on a read-only database (the window's first write, services)."""
    return (
        f"De database kan niet worden beschreven: {reason or OPENED_READ_ONLY}. "
        "Wat u nu wijzigt kan niet worden bewaard."
    )


def _cannot_upgrade_message(reason: str | None) -> str:
    if reason is None:
        return (
            "Deze database moet worden bijgewerkt voor deze versie van WIEC Desktop, en dat kan niet "
            "alleen-lezen. Open haar gewoon (niet alleen-lezen) om haar bij te werken; er is niets gewijzigd."
        )
    return (
        f"Deze database moet worden bijgewerkt voor deze versie van WIEC Desktop, maar {reason}: zo kan "
        "ze niet worden bijgewerkt. Kopieer haar naar een map waarin u mag schrijven (of maak het "
        "bestand beschrijfbaar) en open haar opnieuw; er is niets gewijzigd."
    )


def _unwritable_reason(path: Path) -> str | None:
    """Why the SQLite file ``path`` cannot be written (a read-only folder or mount, a read-only
    file), or None. ``os.access`` also sees a read-only mount (EROFS), even for root."""
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return FOLDER_READ_ONLY
    if path.is_file() and not os.access(path, os.W_OK):
        return FILE_READ_ONLY
    return None


def _take_writer_lock(location: DatabaseLocation, *, create: bool) -> WriterLock | None:
    """The writer lock of a SQLite file (None for a server or memory); ``DatabaseInUse`` if held."""
    path = location.path
    if path is None:
        return None
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    return WriterLock(path)


def _open_read_only(location: DatabaseLocation, passphrase: str | None, reason: str | None) -> Database:
    engine = make_engine(location, passphrase, read_only=True)
    return Database(
        location,
        engine,
        make_session_factory(engine),
        encrypted=passphrase is not None,
        _passphrase=passphrase,
        read_only=True,
        read_only_reason=reason,
    )


def _open_for_writing(
    location: DatabaseLocation, state: migrate.SchemaState, passphrase: str | None
) -> Database:
    backup = None
    if migrate.needs_backup(location, state):
        assert location.path is not None
        backup = migrate.backup_sqlite_file(location.path, state.revision, encrypted=passphrase is not None)
    if location.path is not None:
        location.path.parent.mkdir(parents=True, exist_ok=True)
    side_files_before = _side_files(location.path)
    engine = make_engine(location, passphrase)
    try:
        with engine.connect():  # the first connection switches to WAL: a full disk fails here
            pass
        if not migrate.is_current(state):
            migrate.migrate_engine(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        _remove_new_side_files(location.path, side_files_before)
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


def _side_files(path: Path | None) -> set[str]:
    if path is None:
        return set()
    return {suffix for suffix in ("-wal", "-shm") if path.with_name(path.name + suffix).exists()}


def _remove_new_side_files(path: Path | None, before: set[str]) -> None:
    """After a failed first opening (a full disk): remove the -wal and -shm it created, as long as
    the -wal holds nothing, so a refused open leaves the folder as it was."""
    if path is None or "-wal" in before:
        return
    wal = path.with_name(path.name + "-wal")
    with contextlib.suppress(OSError):
        if wal.exists() and wal.stat().st_size:
            return
        wal.unlink(missing_ok=True)
        if "-shm" not in before:
            path.with_name(path.name + "-shm").unlink(missing_ok=True)


def writer_elsewhere(path_or_url: str | Path | DatabaseLocation) -> DatabaseInUse | None:
    """The ``DatabaseInUse`` (with its holder) when another instance writes to this existing SQLite
    file, else None: asked before a passphrase, so the window can offer read-only first."""
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    path = location.path
    if path is None or not path.is_file() or _unwritable_reason(path) is not None:
        return None
    try:
        WriterLock(path).release()
    except DatabaseInUse as error:
        return error
    except OSError:  # no lock can be taken here at all: opening will say why
        return None
    return None


def needs_passphrase(path_or_url: str | Path | DatabaseLocation) -> bool:
    """True when the database is an existing encrypted file (ask for its passphrase first)."""
    location = (
        path_or_url if isinstance(path_or_url, DatabaseLocation) else DatabaseLocation.parse(path_or_url)
    )
    return location.path is not None and encryption.is_encrypted_file(location.path)


def _exists(location: DatabaseLocation) -> bool:
    return location.path is not None and location.path.exists()


def _probe(
    location: DatabaseLocation, *, create: bool, passphrase: str | None = None, defer_deep: bool = False
) -> migrate.SchemaState:
    """What the database holds, read strictly read-only; a damaged WIEC file (storage/integrity.py)
    raises ``DatabaseDamaged`` here, before anything is written to it or created beside it."""
    from wiec_desktop.storage import integrity
    from wiec_desktop.storage.errors import DatabaseDamaged

    path = location.path
    if path is not None:
        if not path.exists():
            if create:
                return migrate.SchemaState(has_tables=False, revision=None)
            raise DatabaseMissing(f"Database niet gevonden: {path}")
        if not path.is_file():
            raise NotADatabase(f"{path} is geen bestand.")
        if not create and path.stat().st_size == 0:
            raise NotADatabase(f"{path} is een leeg bestand (0 bytes), geen WIEC-database.")
        if encryption.is_encrypted_file(path):
            if passphrase is None:
                raise EncryptedDatabase(f"{path.name} is versleuteld; de wachtwoordzin is nodig.")
            import sqlcipher3

            try:
                state, found = integrity.inspect(path, passphrase, defer_deep=defer_deep)
            except (sqlcipher3.DatabaseError, DatabaseDamaged) as exc:  # the key fits, a page does not
                found = integrity.problems(path, passphrase)
                if found:
                    raise integrity.damaged_error(path, found, passphrase) from exc
                raise NotADatabase(f"{path} is geen leesbare database ({exc}).") from exc
            if found:  # a WIEC file that fails storage/integrity's checks
                raise integrity.damaged_error(path, found, passphrase)
            return state
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            if passphrase is not None and not create:  # meant as encrypted, but not whole pages
                raise integrity.damaged_error(path, [integrity.ENCRYPTED_NOT_WHOLE_PAGES], passphrase)
            raise NotADatabase(f"{path} is geen WIEC-database.")
        if header and passphrase is not None:
            raise EncryptionUnsupported(
                f"{path.name} is niet versleuteld; open haar zonder wachtwoordzin "
                "(of versleutel haar naar een nieuw bestand)."
            )
        try:
            state, found = integrity.inspect(path, defer_deep=defer_deep)
        except sqlite3.DatabaseError as exc:
            found = integrity.problems(path)
            if found:
                raise integrity.damaged_error(path, found) from exc
            raise NotADatabase(f"{path} is geen leesbare database ({exc}).") from exc
        if found:  # a WIEC file that fails storage/integrity's checks
            raise integrity.damaged_error(path, found)
        return state
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
