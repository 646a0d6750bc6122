"""Storage errors the user can understand and act on (the other kind is a bug): the one vocabulary
from storage to the screen and the command line.

Each kind is its own class with a Dutch sentence (``.message``) that says what happened and what
the chair can do; a raise site may pass a more precise sentence. ``classify`` turns a low-level
exception — an SQLAlchemy or DB-API error, or an ``OSError`` of a file — into one of these when it
is a known condition (disk full, read-only, locked, damaged, unreachable, changed elsewhere), else
returns ``None``: a bug, shown with its traceback.

The kinds: ``DiskFull`` (and ``DiskWriteFailed``), ``DatabaseReadOnly`` (``ReadOnlyLocation``,
``ReadOnlyFile``), ``DatabaseLocked``, ``DatabaseDamaged``, ``DatabaseTooNew``,
``NotADatabase``, ``WrongPassphrase``; ``storage.writer_lock.DatabaseInUse`` (another instance of
the program) is one too.
"""

from __future__ import annotations

import errno
from pathlib import Path


class StorageError(Exception):
    """A known storage condition with a plain Dutch message (the class's own sentence by default)."""

    MESSAGE = "De database kon niet worden gebruikt."

    def __init__(self, message: str | None = None) -> None:
        text = message if message is not None else self.MESSAGE
        super().__init__(text)
        self.message = text


class DatabaseMissing(StorageError):
    MESSAGE = "De database is niet gevonden. Kies het bestand opnieuw (Bestand › Openen)."


class NotADatabase(StorageError):
    MESSAGE = (
        "Het bestand is geen (leesbare) WIEC-database; er is niets aan gewijzigd. "
        "Kies een ander bestand of zet een back-up terug."
    )


class DatabaseTooNew(StorageError):
    MESSAGE = (
        "Deze database is gemaakt met een nieuwere versie van WIEC Desktop. "
        "Werk het programma bij om haar te openen; de database is niet gewijzigd."
    )


class DatabaseDamaged(StorageError):
    """A damaged file (truncated, failing the integrity check, an enum value the program does not
    know), refused before anything is written: ``problems`` one line each, ``backup`` the newest
    good backup if one was found (storage/integrity.py)."""

    MESSAGE = "De database is beschadigd; er is niets aan gewijzigd. Zet een goede back-up terug."

    def __init__(
        self, message: str | None = None, problems: tuple[str, ...] = (), backup: Path | None = None
    ) -> None:
        super().__init__(message)
        self.problems = problems
        self.backup = backup
        # the passphrase that opened an encrypted damaged file, for restoring its backup in the window
        # (set by the passphrase dialog; never shown or logged)
        self.passphrase: str | None = None


class DatabaseLocked(StorageError):
    MESSAGE = (
        "De database is in gebruik door een ander programma. Wacht even of sluit dat programma "
        "(bijvoorbeeld een synchronisatie- of back-upprogramma) en probeer het opnieuw."
    )


class DatabaseReadOnly(StorageError):
    MESSAGE = (
        "De database kan niet worden beschreven (alleen-lezen); er is niets opgeslagen. "
        "Open een kopie in een map waarin u mag schrijven, of vraag schrijfrechten."
    )


class ReadOnlyLocation(DatabaseReadOnly):
    """The folder (or the whole disk) may not be written: a read-only medium or folder rights."""

    MESSAGE = (
        "De map of schijf is alleen-lezen; er is niets opgeslagen. Kies een map waarin u mag "
        "schrijven (bijvoorbeeld Documenten) of vraag schrijfrechten voor deze map."
    )


class ReadOnlyFile(DatabaseReadOnly):
    """The file itself may not be written (its read-only attribute or its permissions)."""

    MESSAGE = (
        "Het bestand is alleen-lezen; er is niets opgeslagen. Zet 'Alleen-lezen' uit bij de "
        "eigenschappen van het bestand, of kies een andere naam."
    )


class DiskFull(StorageError):
    MESSAGE = (
        "De schijf is vol; er is niets opgeslagen. Maak ruimte vrij (of kies een andere schijf) "
        "en probeer het opnieuw."
    )


class DiskWriteFailed(DiskFull):
    """SQLite's "disk I/O error": mostly a full disk for its -wal/-shm files, or a disk that went."""

    MESSAGE = (
        "Er kon niet naar de schijf worden geschreven (vol, losgekoppeld of defect); er is niets "
        "opgeslagen. Maak ruimte vrij of controleer de schijf en probeer het opnieuw."
    )


class DatabaseUnreachable(StorageError):
    MESSAGE = (
        "De database is niet bereikbaar: de schijf is losgekoppeld, de map mag niet worden "
        "beschreven of de server antwoordt niet. Controleer dat en probeer het opnieuw."
    )


class InvalidDatabaseAddress(StorageError):
    """``--db`` or File › Open got an address that is no file and no database URL we can use."""


class EncryptedDatabase(StorageError):
    """The file is encrypted (SQLCipher) and no passphrase was given: ask for one."""

    MESSAGE = "De database is versleuteld; de wachtwoordzin is nodig."


WRONG_PASSPHRASE_MESSAGE = (
    "Onjuiste wachtwoordzin: de database kon daarmee niet worden geopend (er is niets gewijzigd). "
    "Let op hoofdletters en probeer het opnieuw."
)


class WrongPassphrase(EncryptedDatabase):
    """The passphrase does not open the encrypted file (which is left unchanged): ask again."""

    MESSAGE = WRONG_PASSPHRASE_MESSAGE


class EncryptionUnsupported(StorageError):
    """Encryption asked where it cannot be done: a database server, or a file that is not encrypted."""


CONFLICT_MESSAGE = (
    "Dit gegeven is intussen elders gewijzigd (in een ander venster of door een ander programma). "
    "Laad het opnieuw en probeer het nog eens."
)


class DatabaseConflict(StorageError):
    """A record changed by someone else between reading and writing it (optimistic locking)."""

    MESSAGE = CONFLICT_MESSAGE


# --- classify ---------------------------------------------------------------------------------

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})

# SQLite's (and sqlite3's) messages, lower case, in the order they are tried.
_SQLITE_TEXTS: tuple[tuple[tuple[str, ...], type[StorageError]], ...] = (
    (("database is locked", "database table is locked"), DatabaseLocked),
    (("attempt to write a readonly database", "readonly", "read-only"), DatabaseReadOnly),
    (("database or disk is full", "disk is full", "no space left"), DiskFull),
    (("disk i/o error",), DiskWriteFailed),
    (("malformed",), DatabaseDamaged),
    (("file is not a database",), NotADatabase),
    (("unable to open database file", "connection refused", "could not connect"), DatabaseUnreachable),
)


def classify(exc: BaseException) -> StorageError | None:
    """The known storage error behind ``exc`` (an SQLAlchemy or DB-API error, or an ``OSError``),
    if it is one; ``None`` for anything else (a bug)."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError):
        return classify_os_error(exc)
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, StaleDataError):
        return DatabaseConflict()
    original = getattr(exc, "orig", None)
    if isinstance(original, OSError):
        return classify_os_error(original)
    # Only what the database driver said: SQLAlchemy's own errors are mistakes in the program,
    # and their texts may hold a needle ("ReadOnlyColumnCollection" read as "readonly").
    if not isinstance(exc, DBAPIError) and not _is_dbapi_error(exc):
        return None
    text = str(original or exc).lower()
    for needles, kind in _SQLITE_TEXTS:
        if any(needle in text for needle in needles):
            return kind()
    return None


def classify_os_error(exc: OSError) -> StorageError | None:
    """Disk full (ENOSPC, EDQUOT) or read-only (EROFS: the disk; EACCES/EPERM: the file or its
    folder) as the vocabulary's error; ``None`` for other file errors (not found, is a folder…)."""
    if exc.errno in DISK_FULL_ERRNOS:
        return DiskFull()
    if exc.errno == errno.EROFS:
        return ReadOnlyLocation()
    if exc.errno in READ_ONLY_ERRNOS:
        return ReadOnlyFile() if _names_a_file(exc) else ReadOnlyLocation()
    return None


def _names_a_file(exc: OSError) -> bool:
    """Whether a permission error is about an existing read-only file (not a folder we may not
    write in): no write permission bits (the read-only attribute on Windows), or no access."""
    import os
    import stat

    name = exc.filename
    if not isinstance(name, str | bytes | os.PathLike):
        return False
    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):
        return False
    writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    return stat.S_ISREG(mode) and (not mode & writable_bits or not os.access(name, os.W_OK))


def _is_dbapi_error(exc: BaseException) -> bool:
    """An sqlite3 (or sqlcipher3) error raised outside SQLAlchemy (probing, backups, integrity)."""
    import sqlite3

    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlcipher3")
