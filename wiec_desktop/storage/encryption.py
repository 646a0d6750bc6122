"""Encryption at rest with SQLCipher: recognising an encrypted file, checking a passphrase without
changing a byte, copying a database into a NEW file encrypted or decrypted (the original is kept),
and changing the passphrase (``PRAGMA rekey``).

A SQLCipher file has no "SQLite format 3" header: its first 16 bytes are a random salt and every
page is encrypted. ``sqlcipher3.connect`` succeeds with any key; a wrong key shows at the first
query ("file is not a database"), so a key is always tried on a read-only connection first. That
connection is ``immutable`` when no write-ahead log lies next to the file, so a failed attempt
leaves no -wal or -shm behind. Decrypted data is only ever written to the file the chair chose.
A passphrase is never logged; SQLCipher's own log (which would print to stderr) is switched off.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from wiec_desktop.storage.engine import SQLITE_HEADER
from wiec_desktop.storage.errors import (
    WRONG_PASSPHRASE_MESSAGE,
    EncryptionUnsupported,
    NotADatabase,
    StorageError,
    WrongPassphrase,
    classify,
)

log = logging.getLogger(__name__)

MIN_PASSPHRASE_LENGTH = 8
PAGE_QUANTUM = 512  # every SQLite/SQLCipher page size is a multiple of this
SIDE_FILES = ("-wal", "-shm", "-journal")


class PassphraseTooWeak(StorageError):
    """A new passphrase that is empty or too short (an empty key would mean "not encrypted")."""


def is_encrypted_file(path: Path) -> bool:
    """True for what looks like a SQLCipher file: whole pages and no "SQLite format 3" header."""
    try:
        size = path.stat().st_size
        if size == 0 or size % PAGE_QUANTUM or not path.is_file():
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER
    except OSError:
        return False


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a new passphrase that is empty or shorter than ``MIN_PASSPHRASE_LENGTH``."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseTooWeak(
            f"Kies een wachtwoordzin van minstens {MIN_PASSPHRASE_LENGTH} tekens "
            "(bijvoorbeeld een paar woorden achter elkaar)."
        )


def connect_readonly(path: Path, passphrase: str | None = None) -> Any:
    """A read-only DB-API connection to ``path`` that changes no byte of it.

    With ``passphrase`` a SQLCipher connection whose key has been checked (``WrongPassphrase``
    when it does not fit, ``EncryptedDatabase`` without one when the file is encrypted).
    """
    uri = readonly_uri(path)
    if passphrase is None:
        return sqlite3.connect(uri, uri=True)
    import sqlcipher3

    connection = sqlcipher3.connect(uri, uri=True)
    try:
        _quiet(connection)
        connection.execute(f"PRAGMA key = {sql_string(passphrase)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        connection.close()
        raise _key_error(exc) from None
    except BaseException:
        connection.close()
        raise
    return connection


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise ``WrongPassphrase`` unless ``passphrase`` opens the encrypted file ``path``."""
    _require_encrypted(path)
    connect_readonly(path, passphrase).close()


def encrypt_to(source: Path, target: Path, passphrase: str) -> None:
    """Write an encrypted copy of the plain database ``source`` to the NEW file ``target``."""
    check_new_passphrase(passphrase)
    if is_encrypted_file(source):
        raise EncryptionUnsupported(f"{source.name} is al versleuteld.")
    _require_sqlite(source)
    _export(source, None, target, passphrase)
    log.info("Database encrypted into a new file (%s)", target.name)


def decrypt_to(source: Path, passphrase: str, target: Path) -> None:
    """Write a plain copy of the encrypted database ``source`` to the NEW file ``target``."""
    check_passphrase(source, passphrase)
    _export(source, passphrase, target, None)
    log.info("Database decrypted into a new file (%s)", target.name)


def copy_encrypted(source: Path, passphrase: str, target: Path) -> None:
    """A consistent copy of the encrypted ``source`` (also while it is open) in the NEW file
    ``target``, encrypted with the same passphrase: for backups. (No separate key check first: the
    export's ATTACH fails with ``WrongPassphrase`` and removes ``target``, and each check costs a
    key derivation of ~0.2 s.)"""
    _require_encrypted(source)
    _export(source, passphrase, target, passphrase)


def copy_file_bytes(source: Path, target: Path) -> None:
    """Copy a closed database file and its write-ahead log byte for byte (an encrypted file stays
    encrypted: nothing is decrypted on the way)."""
    shutil.copyfile(source, target)
    wal = _side(source, "-wal")
    if wal.exists():
        shutil.copyfile(wal, _side(target, "-wal"))


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-encrypt ``path`` with ``new`` (``PRAGMA rekey``). The old one is checked first on a
    read-only connection, so a wrong old passphrase changes nothing. The database must not be in
    use by other connections (``Database.change_passphrase`` closes its own first)."""
    check_new_passphrase(new)
    check_passphrase(path, old)
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), timeout=5)
    try:
        _quiet(connection)
        connection.execute(f"PRAGMA key = {sql_string(old)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute(f"PRAGMA rekey = {sql_string(new)}")
    except sqlcipher3.DatabaseError as exc:
        raise _key_error(exc) from None
    finally:
        connection.close()
    log.info("Database passphrase changed (%s)", path.name)


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal (PRAGMA and ATTACH take no parameters)."""
    if "\x00" in text:
        raise PassphraseTooWeak("Een wachtwoordzin kan geen nul-teken bevatten.")
    return "'" + text.replace("'", "''") + "'"


# --- helpers ---------------------------------------------------------------------------------


def _export(source: Path, source_key: str | None, target: Path, target_key: str | None) -> None:
    """``sqlcipher_export`` from ``source`` (attached read-only) into the new file ``target``."""
    import sqlcipher3

    _require_new_target(source, target)
    connection = sqlcipher3.connect(f"{target.resolve().as_uri()}?mode=rwc", uri=True)
    try:
        _quiet(connection)
        if target_key is not None:
            connection.execute(f"PRAGMA key = {sql_string(target_key)}")
        attach = f"ATTACH DATABASE {sql_string(readonly_uri(source))} AS source"
        connection.execute(f"{attach} KEY {sql_string(source_key or '')}")
        connection.execute("SELECT count(*) FROM source.sqlite_master").fetchone()
        connection.execute("SELECT sqlcipher_export('main', 'source')")
        connection.commit()
        connection.execute("DETACH DATABASE source")
    except BaseException as exc:
        connection.close()
        _remove_database_file(target)
        if isinstance(exc, sqlcipher3.DatabaseError):
            raise _key_error(exc) from None
        raise
    connection.close()


def readonly_uri(path: Path) -> str:
    """A URI that reads ``path`` without writing anything, beside it either."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not _side(path, "-wal").exists():
        uri += "&immutable=1"  # no log to read: no locks, and no -shm or -wal created
    return uri


def _quiet(connection: Any) -> None:
    """Switch SQLCipher's log off (it would print every failed key check on stderr)."""
    with contextlib.suppress(Exception):
        connection.execute("PRAGMA cipher_log_level = NONE")


def _key_error(exc: Exception) -> StorageError:
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return WrongPassphrase(WRONG_PASSPHRASE_MESSAGE)
    return classify(exc) or StorageError(f"De database kon niet worden gelezen ({type(exc).__name__}).")


def _require_encrypted(path: Path) -> None:
    if not path.is_file():
        raise NotADatabase(f"Database niet gevonden: {path}")
    if not is_encrypted_file(path):
        raise EncryptionUnsupported(f"{path.name} is niet versleuteld; er is geen wachtwoordzin nodig.")


def _require_sqlite(path: Path) -> None:
    if not path.is_file():
        raise NotADatabase(f"Database niet gevonden: {path}")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADatabase(f"{path.name} is geen WIEC-database.")


def _require_new_target(source: Path, target: Path) -> None:
    if target.exists() or any(_side(target, suffix).exists() for suffix in SIDE_FILES):
        raise EncryptionUnsupported(f"{target} bestaat al; kies een nieuw bestand.")
    if target.resolve() == source.resolve():
        raise EncryptionUnsupported("Kies een ander bestand dan de database zelf.")
    if not target.parent.is_dir():
        raise EncryptionUnsupported(f"De map {target.parent} bestaat niet.")


def _remove_database_file(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            _side(path, suffix).unlink()


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "PassphraseTooWeak",
    "change_passphrase",
    "check_new_passphrase",
    "check_passphrase",
    "connect_readonly",
    "copy_encrypted",
    "copy_file_bytes",
    "decrypt_to",
    "encrypt_to",
    "is_encrypted_file",
]
