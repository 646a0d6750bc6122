"""The database of a handover package as plain SQLite bytes, made and checked in memory.

The copy is made with ``Database.copy_to`` (SQLite's online backup API, consistent while the
database is open) into a staging file in the package's own folder, read into memory and removed
again. An encrypted (SQLCipher) database is copied encrypted and decrypted in memory only: its
plain text never touches a disk. Inside the package the database is plain, because the package
itself is encrypted (AES-256-GCM) and the successor should need one secret, the handover
passphrase, not the predecessor's own database passphrase. No Qt.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.storage.encryption import SIDE_FILES, sql_string
from wiec_desktop.storage.search_index import FTS_SHADOW_TABLES, FTS_TABLE, VOCAB_TABLE

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database


def plain_database_bytes(database: Database, folder: Path) -> bytes:
    """A consistent plain copy of ``database`` as bytes; the staging file in ``folder`` is gone
    afterwards, whatever happens."""
    staging = folder / f".{uuid.uuid4().hex}.overdracht-kopie"
    try:
        database.copy_to(staging)
        if database.passphrase is not None:
            return _decrypted(staging, database.passphrase)
        source = sqlite3.connect(f"{staging.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _serialized(source)
        finally:
            source.close()
    finally:
        remove_database_file(staging)


def open_in_memory(data: bytes) -> sqlite3.Connection:
    """A private in-memory connection on the plain database ``data`` (for counts and checks)."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (the ``sqlite_`` tables left out), for the manifest."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def remove_database_file(path: Path) -> None:
    """Remove ``path`` and its side files (-wal, -shm, -journal), if there."""
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _serialized(source: sqlite3.Connection) -> bytes:
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        return rollback_journal_header(memory.serialize())
    finally:
        memory.close()


def rollback_journal_header(data: bytes) -> bytes:
    """``data`` with the file-format bytes (18, 19) of a rollback-journal database: a copy of a WAL
    database keeps WAL's, which an in-memory database (and a file without its -wal) cannot open.
    The program switches the received file to WAL again when it opens it."""
    if len(data) < 20 or data[18:20] == b"\x01\x01":
        return data
    patched = bytearray(data)
    patched[18:20] = b"\x01\x01"
    return bytes(patched)


def _decrypted(encrypted_copy: Path, passphrase: str) -> bytes:
    """The plain bytes of an encrypted copy: exported into a SQLCipher in-memory database, copied
    schema and rows into a plain in-memory SQLite database and serialised (sqlcipher3 can neither
    serialise nor dump)."""
    import sqlcipher3

    cipher = sqlcipher3.connect(f"file:overdracht-{uuid.uuid4().hex}?mode=memory", uri=True)
    plain = sqlite3.connect(":memory:")
    try:
        with contextlib.suppress(Exception):
            cipher.execute("PRAGMA cipher_log_level = NONE")
        uri = f"{encrypted_copy.resolve().as_uri()}?mode=ro"
        cipher.execute(f"ATTACH DATABASE {sql_string(uri)} AS source KEY {sql_string(passphrase)}")
        cipher.execute("SELECT sqlcipher_export('main', 'source')")
        cipher.commit()
        cipher.execute("DETACH DATABASE source")
        _copy_schema_and_rows(cipher, plain)
        return plain.serialize()
    finally:
        cipher.close()
        plain.close()


def _copy_schema_and_rows(source: Any, target: sqlite3.Connection) -> None:
    """Every table with its rows, then the indexes, triggers and views, from ``source`` (any DB-API
    connection to SQLite) into the empty ``target``, in one transaction."""
    objects = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    objects = [row for row in objects if row[1] not in FTS_SHADOW_TABLES]  # made by the FTS5 table itself
    order = {"table": 0, "index": 1, "view": 2, "trigger": 3}
    target.execute("PRAGMA foreign_keys = OFF")
    with target:
        for kind, name, sql in sorted(objects, key=lambda row: order.get(row[0], 9)):
            target.execute(sql)
            if name == FTS_TABLE:  # the search index: its own tables as they are (the source
                for shadow in FTS_SHADOW_TABLES:  # connection may not know the FTS5 table yet)
                    target.execute(f'DELETE FROM "{shadow}"')
                    _copy_rows(source, target, shadow)
            elif kind == "table" and name != VOCAB_TABLE:  # the index's word list: no rows of its own
                _copy_rows(source, target, name)
        if source.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            target.execute("DELETE FROM sqlite_sequence")
            _copy_rows(source, target, "sqlite_sequence")


def _copy_rows(source: Any, target: sqlite3.Connection, table: str) -> None:
    cursor = source.execute(f'SELECT * FROM "{table}"')
    width = len(cursor.description)
    insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * width)})'
    while rows := cursor.fetchmany(1000):
        target.executemany(insert, rows)
