"""Is a database file damaged? Checked strictly read-only, before the program writes to it.

``problems`` looks at a SQLite (or SQLCipher) file without changing a byte of it and without
creating anything beside it (``encryption.connect_readonly``): the file's size against the page
count and page size in its header (a truncated file), ``PRAGMA quick_check`` (or with ``thorough``
the slower ``integrity_check``, which also compares every index with its table),
``PRAGMA foreign_key_check``, and whether every enum column of the domain models holds a value the
program knows. Each problem is one short Dutch line; a line never quotes free text, at most an enum
value (shortened), table and column names and counts.

``damaged_error`` turns the problems into ``DatabaseDamaged``, naming the newest backup that passes
these checks (in the default backup folder or beside the file) and the command that restores it.

Measured (best of 3, warm cache, 2 shared cores): on the demo database (0.6 MB) quick_check 1.8 ms,
integrity_check 2.6 ms, foreign_key_check 1.0 ms; on 50,000 cases (37 MB, benchmarks/lists_benchmark)
quick_check 94 ms, integrity_check 328 ms, foreign_key_check 81 ms. Opening runs ``quick_check``
(integrity_check would add a third of a second to every start on a large database); ``check`` runs
``integrity_check``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.storage.encryption import connect_readonly, is_encrypted_file
from wiec_desktop.storage.engine import SQLITE_HEADER
from wiec_desktop.storage.errors import DatabaseDamaged, StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from wiec_desktop.storage.migrate import SchemaState

log = logging.getLogger(__name__)

MAX_INTEGRITY_LINES = 5  # lines of integrity_check output quoted (it gives up to 100)
MAX_VALUE_LENGTH = 24  # the enum columns' own length
MAX_VALUES_PER_COLUMN = 3
UNREADABLE_ENCRYPTED = "SQLite kan het versleutelde bestand niet lezen: het is beschadigd of afgekapt"
ENCRYPTED_NOT_WHOLE_PAGES = (
    "Het bestand is geen geheel aantal pagina's: een versleutelde database die is afgekapt, of geen database"
)


@dataclass(frozen=True)
class EnumColumn:
    """An enum column of the domain models and the values it may hold."""

    table: str
    column: str
    values: tuple[str, ...]


FILE = "file"  # the header and the file's size
INTEGRITY = "integrity"
FOREIGN_KEYS = "foreign_keys"
ENUMS = "enums"
ALL_PARTS = frozenset({FILE, INTEGRITY, FOREIGN_KEYS, ENUMS})
SEARCH_INDEX = "search_index"  # the search index against the tables: a full read, so only on request


def problems(
    path: Path,
    passphrase: str | None = None,
    *,
    thorough: bool = False,
    parts: frozenset[str] = ALL_PARTS,
) -> list[str]:
    """What is wrong with the database file ``path`` (empty when nothing is), one Dutch line each.

    ``parts`` chooses the checks (``check`` shows them one by one). The enum values are checked
    only when the file is at the program's own schema revision (an older one is checked after its
    migration, a newer one is refused for being newer). A file that cannot be read at all gives
    that one line whatever ``parts`` asks."""
    if not path.is_file():
        return ["Geen bestand"]
    size = path.stat().st_size
    if size == 0:
        return ["Leeg bestand (0 bytes)"]
    encrypted = is_encrypted_file(path)
    if encrypted and passphrase is None:
        return ["Versleuteld bestand: de wachtwoordzin is nodig om het te controleren"]
    found: list[str] = []
    if not encrypted:
        with path.open("rb") as handle:
            header = handle.read(100)
        if not header.startswith(SQLITE_HEADER):
            return ["Geen SQLite-database: de kop van het bestand ontbreekt"]
        if FILE in parts and not _has_write_ahead_log(path):
            found.extend(_truncation(header, size))
    try:
        connection = connect_readonly(path, passphrase if encrypted else None)
    except DatabaseDamaged:  # the key fits page 1, but the rest cannot be read
        return [*found, UNREADABLE_ENCRYPTED]
    except StorageError as error:
        return [*found, error.message]
    try:
        found.extend(_checked(connection, thorough, parts))
    finally:
        connection.close()
    return found


DEFER_DEEP_CHECKS_FROM_BYTES = 32 * 1024 * 1024
"""From this size on, a file at the program's own revision may leave ``quick_check``, the foreign
keys and the enum values for later (``inspect(defer_deep=True)``): on five years of data (160 MB)
they take about half a second, which the window does not make the chair wait for before the first
page — it runs them off the UI thread right after (ui/shell/main_window)."""


def inspect(
    path: Path, passphrase: str | None = None, *, defer_deep: bool = False
) -> tuple[SchemaState, list[str]]:
    """What the WIEC file ``path`` holds and, when it has a WIEC revision, its ``problems`` — on ONE
    read-only connection (an encrypted file pays its key derivation once). A file SQLite cannot
    read at all raises the driver's ``DatabaseError`` as ``migrate.probe_sqlite_file`` does.

    ``defer_deep``: a file of at least ``DEFER_DEEP_CHECKS_FROM_BYTES`` at the current revision gets
    only the header, size and schema checks; the state says ``deep_checked=False``."""
    from wiec_desktop.storage.migrate import SchemaState

    connection = connect_readonly(path, passphrase)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = _revision(connection) if "alembic_version" in names else None
        state = SchemaState(has_tables=bool(names - {"alembic_version"}), revision=revision)
        if revision is None:
            return state, []
        found = [] if is_encrypted_file(path) or _has_write_ahead_log(path) else _file_problems(path)
        if defer_deep and revision == _schema_head() and path.stat().st_size >= DEFER_DEEP_CHECKS_FROM_BYTES:
            found.extend(_checked(connection, False, frozenset()))  # the schema must still be readable
            return SchemaState(state.has_tables, revision, deep_checked=False), found
        found.extend(_checked(connection, False, ALL_PARTS))
        return state, found
    finally:
        connection.close()


def damaged_error(path: Path, found: list[str], passphrase: str | None = None) -> DatabaseDamaged:
    """``DatabaseDamaged`` for ``path`` with what is wrong, in one line, and the newest good backup."""
    shown = "; ".join(found[:3])
    if len(found) > 3:
        shown += f" (en nog {len(found) - 3})"
    backup = newest_good_backup(path, passphrase)
    message = f"{path.name} is beschadigd: {shown}. Er is niets aan gewijzigd."
    if backup is not None:
        message += (
            f" Nieuwste goede back-up: {backup}; terugzetten met: "
            f"wiec-desktop restore --db {_quoted(path)} {_quoted(backup)}"
        )
    else:
        message += " Er is geen goede back-up gevonden."
    return DatabaseDamaged(message, problems=tuple(found), backup=backup)


def newest_good_backup(path: Path, passphrase: str | None = None) -> Path | None:
    """The newest backup of ``path`` that passes ``problems``, in the default backup folder or
    beside the file (backups that cannot be read, e.g. with another passphrase, are skipped)."""
    from wiec_desktop.storage.backups import list_backups
    from wiec_desktop.storage.paths import default_backup_dir

    candidates = []
    for folder in _backup_folders(path, default_backup_dir):
        with contextlib.suppress(OSError):
            candidates.extend(info for info in list_backups(folder, path, passphrase) if info.readable)
    for info in sorted(candidates, key=lambda info: info.made_at, reverse=True):
        if not problems(info.path, passphrase):
            return info.path
    return None


def restore_newest_good(path: Path, backup: Path, passphrase: str | None = None) -> Path:
    """Put ``backup`` in the place of the damaged (closed) file ``path`` with ``backups.restore``
    under the writer lock; the damaged file is first copied aside unchanged into the default
    backup folder as ``NAME.beschadigd-STAMP.sqlite`` (not a backup: never offered for restoring).
    Returns where the damaged file was kept; ``BackupFailed`` and nothing changed when the backup
    does not check out."""
    from wiec_desktop.storage.backups import restore
    from wiec_desktop.storage.paths import default_backup_dir
    from wiec_desktop.storage.writer_lock import WriterLock

    folder = default_backup_dir()
    kept: list[Path] = []

    def keep_damaged() -> Path:
        kept.append(keep_aside(path, folder))
        return kept[-1]

    lock = WriterLock(path)
    try:
        restore(backup, path, folder, passphrase, make_safety_copy=keep_damaged)
    finally:
        lock.release()
    log.info("Damaged database replaced by its newest good backup (%s)", backup.name)
    return kept[-1] if kept else path


def keep_aside(path: Path, folder: Path) -> Path:
    """A byte copy of the damaged ``path`` (and its -wal) in ``folder``, under a name of its own."""
    from datetime import datetime

    from wiec_desktop.storage.encryption import copy_file_bytes

    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}.beschadigd-{stamp}{path.suffix or '.sqlite'}"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{path.stem}.beschadigd-{stamp}-{number}{path.suffix or '.sqlite'}"
    copy_file_bytes(path, target)
    return target


def enum_columns() -> list[EnumColumn]:
    """Every enum column of the domain models, with the values stored for its members."""
    from sqlalchemy import Enum

    from wiec_desktop.domain import Base

    columns = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Enum):
                columns.append(EnumColumn(table.name, column.name, tuple(column.type.enums)))
    return columns


# --- the checks ------------------------------------------------------------------------------


def _file_problems(path: Path) -> list[str]:
    with path.open("rb") as handle:
        header = handle.read(100)
    return _truncation(header, path.stat().st_size)


def _has_write_ahead_log(path: Path) -> bool:
    """A -wal with content: the newest pages (and the page count) are in it, not yet in the file."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _truncation(header: bytes, size: int) -> list[str]:
    """The file shorter than its header says (page count × page size), or not whole pages."""
    if len(header) < 100:
        return [f"Bestand is afgekapt: {size} bytes, minder dan de kop van een database"]
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return [f"Ongeldige paginagrootte in de kop van het bestand ({page_size})"]
    (pages,) = struct.unpack(">I", header[28:32])
    valid = pages > 0 and header[24:28] == header[92:96]  # else SQLite counts the file's own pages
    expected = pages * page_size if valid else -(-size // page_size) * page_size
    if size < expected:
        return [f"Bestand is afgekapt: {_bytes(expected - size)} te kort"]
    return []


def _checked(connection: Any, thorough: bool, parts: frozenset[str]) -> list[str]:
    """Integrity, foreign keys and enum values, on an open read-only connection."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # unreadable: one line
        found = _integrity(connection, thorough) if INTEGRITY in parts else []
        if FOREIGN_KEYS in parts:
            found.extend(_foreign_keys(connection))
        if ENUMS in parts and _revision(connection) == _schema_head():
            found.extend(_enum_values(connection))
        if SEARCH_INDEX in parts and _revision(connection) == _schema_head():
            from wiec_desktop.storage import search_index

            found.extend(search_index.verify(connection))
    except Exception as error:  # sqlite3 and sqlcipher3 DatabaseError alike: the file is damaged
        _raise_if_the_disk(error)
        log.info("Database could not be read for the integrity check: %s", type(error).__name__)
        return [f"SQLite kan het bestand niet lezen ({_short(str(error), 60)})"]
    return found


def _raise_if_the_disk(error: Exception) -> None:
    """A full, read-only or vanished disk is no damage of the file: its own error (W5, issue 13)."""
    from wiec_desktop.storage.errors import DatabaseLocked, DatabaseUnreachable, DiskFull, classify

    known = classify(error)
    if isinstance(known, DiskFull | DatabaseLocked | DatabaseUnreachable):
        raise known from error


def _integrity(connection: Any, thorough: bool) -> list[str]:
    pragma = "integrity_check" if thorough else "quick_check"
    rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
    if rows == ["ok"]:
        return []
    lines = [f"Integriteitscontrole: {_short(row, 100)}" for row in rows[:MAX_INTEGRITY_LINES]]
    if len(rows) > MAX_INTEGRITY_LINES:
        lines.append(f"Integriteitscontrole: nog {len(rows) - MAX_INTEGRITY_LINES} meldingen")
    return lines


def _foreign_keys(connection: Any) -> list[str]:
    """Rows that refer to a row that is not there, counted per table and referred table."""
    broken: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fkid in connection.execute("PRAGMA foreign_key_check").fetchall():
        broken[(table, parent)] = broken.get((table, parent), 0) + 1
    return [
        f"Tabel {table}: {_rows(count)} met een verwijzing naar een ontbrekende rij in {parent}"
        for (table, parent), count in sorted(broken.items())
    ]


def _enum_values(connection: Any) -> list[str]:
    """Values in enum columns that the program does not know (it could not show those rows)."""
    present = {
        row[0]: {column[1] for column in connection.execute(f'PRAGMA table_info("{row[0]}")')}
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    lines = []
    for enum in enum_columns():
        if enum.column not in present.get(enum.table, set()):
            continue
        marks = ", ".join("?" for _ in enum.values)
        rows = connection.execute(
            f'SELECT "{enum.column}", count(*) FROM "{enum.table}" NOT INDEXED '
            f'WHERE "{enum.column}" IS NOT NULL AND "{enum.column}" NOT IN ({marks}) '
            f'GROUP BY "{enum.column}" ORDER BY count(*) DESC LIMIT {MAX_VALUES_PER_COLUMN + 1}',
            enum.values,
        ).fetchall()
        for value, count in rows[:MAX_VALUES_PER_COLUMN]:
            lines.append(
                f"Tabel {enum.table}: {_rows(count)} met een onbekende waarde "
                f"'{_shown_value(value)}' in {enum.column}"
            )
        if len(rows) > MAX_VALUES_PER_COLUMN:
            lines.append(f"Tabel {enum.table}: nog meer onbekende waarden in {enum.column}")
    return lines


def _revision(connection: Any) -> str | None:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in names:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def _schema_head() -> str:
    from wiec_desktop.storage.migrate import SCHEMA_HEAD

    return SCHEMA_HEAD


# --- wording ---------------------------------------------------------------------------------


def _bytes(count: int) -> str:
    return "1 byte" if count == 1 else f"{count} bytes"


def _rows(count: int) -> str:
    return "1 rij" if count == 1 else f"{count} rijen"


def _shown_value(value: object) -> str:
    """An unknown enum value as it may be shown: printable characters only, shortened."""
    text = value.hex() if isinstance(value, bytes) else str(value)
    text = "".join(char if char.isprintable() else "?" for char in text)
    return _short(text, MAX_VALUE_LENGTH)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split()) if text.strip() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(path: Path) -> str:
    """A path as it can be pasted into a terminal (quoted when it holds a space)."""
    text = str(path)
    return f'"{text}"' if any(char.isspace() for char in text) or not text else text


def _backup_folders(path: Path, default_folder: Any) -> list[Path]:
    folders = [path.parent]
    with contextlib.suppress(OSError):  # no user-data folder (read-only home): beside the file only
        folders.insert(0, default_folder())
    unique: list[Path] = []
    for folder in folders:
        if all(os.path.abspath(folder) != os.path.abspath(seen) for seen in unique):
            unique.append(folder)
    return unique


def inspection_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine on one strictly read-only connection to ``path`` (nothing written to it, nothing
    created beside it): for ``check`` on a file that opening refuses as damaged."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    return create_engine(
        "sqlite://", creator=lambda: connect_readonly(path, passphrase), poolclass=StaticPool
    )
