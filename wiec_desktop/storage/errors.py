"""Storage errors the user can understand and act on (the other kind is a bug).

Each carries a Dutch message for the UI and the command line. ``classify`` turns a low-level
database exception into one of these when it is a known condition, else returns ``None``.
"""

from __future__ import annotations


class StorageError(Exception):
    """A known storage condition with a plain Dutch message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseMissing(StorageError):
    pass


class NotADatabase(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class DatabaseLocked(StorageError):
    pass


class DatabaseReadOnly(StorageError):
    pass


class DiskFull(StorageError):
    pass


class DatabaseUnreachable(StorageError):
    pass


class InvalidDatabaseAddress(StorageError):
    """``--db`` or File › Open got an address that is no file and no database URL we can use."""


class EncryptedDatabase(StorageError):
    """The file is encrypted (SQLCipher) and no passphrase was given: ask for one."""


class WrongPassphrase(EncryptedDatabase):
    """The passphrase does not open the encrypted file (which is left unchanged): ask again."""


class EncryptionUnsupported(StorageError):
    """Encryption asked where it cannot be done: a database server, or a file that is not encrypted."""


WRONG_PASSPHRASE_MESSAGE = (
    "Onjuiste wachtwoordzin: de database kon daarmee niet worden geopend (er is niets gewijzigd). "
    "Let op hoofdletters en probeer het opnieuw."
)


class DatabaseConflict(StorageError):
    """A record changed by someone else between reading and writing it (optimistic locking)."""


CONFLICT_MESSAGE = (
    "Dit gegeven is intussen elders gewijzigd (in een ander venster of door een ander programma). "
    "Laad het opnieuw en probeer het nog eens."
)


def classify(exc: BaseException) -> StorageError | None:
    """The known storage error behind ``exc`` (an SQLAlchemy or DB-API error), if it is one."""
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, StaleDataError):
        return DatabaseConflict(CONFLICT_MESSAGE)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseLocked(
            "De database is in gebruik door een ander programma. Sluit dat en probeer het opnieuw."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly("De database kan niet worden beschreven (alleen-lezen).")
    if "disk is full" in text or "no space left" in text:
        return DiskFull("De schijf is vol. Maak ruimte vrij en probeer het opnieuw.")
    if "file is not a database" in text or "malformed" in text:
        return NotADatabase("Het bestand is geen (leesbare) WIEC-database.")
    if "connection refused" in text or "could not connect" in text or "unable to open" in text:
        return DatabaseUnreachable("De database is niet bereikbaar.")
    return None
