"""``wiec-desktop check --db PATH``: is this database sound? A list of checks, each with its lines.

The schema revision, the file's integrity (its size against its header and ``PRAGMA
integrity_check``), the foreign keys, every enum column holding a value the program knows, the
number of records per kind, the audit log's hash chain ("Logboek: N regels, keten intact" or
"Logboek gebroken bij regel N (gewijzigd)"), and the search index against the tables
(``--rebuild-search-index`` makes it again first, on a writable connection). Exit code 0 when
every check passes, 1 when one fails (one line per problem), 2 for bad input (no such file, not a
database, …).

A file that opening refuses as damaged (``DatabaseDamaged``) is checked all the same, on a strictly
read-only connection that writes nothing and creates nothing beside it: its problems are printed
and the exit code is 1, not 2. A check that cannot read what it needs says so in its own line.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

EXIT_OK = 0
EXIT_FAILED = 1


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: passed or not, and the lines to print."""

    name: str
    ok: bool
    lines: tuple[str, ...]


@dataclass(frozen=True)
class CheckOptions:
    """What the command line passes on to the checks."""

    anchor: str | None = None  # a "Laatste hash" written down earlier


Check = Callable[["Database", CheckOptions], CheckResult]


def check_schema(database: Database, _options: CheckOptions) -> CheckResult:
    """The schema revision the database is at (after opening: the program's own)."""
    with database.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return CheckResult("schema", True, (f"Schemaversie: {revision}",))


def _file_check(
    database: Database, name: str, label: str, parts: frozenset[str], thorough: bool = False
) -> CheckResult:
    """One part of storage/integrity's checks on the database file, one line per problem."""
    from wiec_desktop.storage import integrity

    path = database.location.path
    if path is None:
        return CheckResult(name, True, (f"{label}: niet van toepassing op een databaseserver",))
    found = integrity.problems(path, database.passphrase, thorough=thorough, parts=parts)
    return CheckResult(name, not found, tuple(found) or (f"{label}: in orde",))


def check_integrity(database: Database, _options: CheckOptions) -> CheckResult:
    """The file's size against its header, and ``PRAGMA integrity_check`` (tables and indexes)."""
    from wiec_desktop.storage import integrity

    parts = frozenset({integrity.FILE, integrity.INTEGRITY})
    return _file_check(database, "integrity", "Integriteitscontrole", parts, thorough=True)


def check_foreign_keys(database: Database, _options: CheckOptions) -> CheckResult:
    """Rows that refer to a row that is not there (``PRAGMA foreign_key_check``)."""
    from wiec_desktop.storage import integrity

    return _file_check(database, "foreign_keys", "Verwijzingen", frozenset({integrity.FOREIGN_KEYS}))


def check_enum_values(database: Database, _options: CheckOptions) -> CheckResult:
    """Every enum column (status, role, kind…) holding a value the program knows."""
    from wiec_desktop.storage import integrity

    return _file_check(database, "enum_values", "Keuzewaarden", frozenset({integrity.ENUMS}))


def check_search_index(database: Database, _options: CheckOptions) -> CheckResult:
    """The search index against the tables: every record indexed with its current text, nothing
    indexed that is gone, the triggers that keep it so all there (``--rebuild-search-index``)."""
    from wiec_desktop.storage import integrity, search_index

    if database.location.path is not None:
        return _file_check(database, "search_index", "Zoekindex", frozenset({integrity.SEARCH_INDEX}))
    with database.engine.connect() as connection:  # a server
        found = search_index.verify(connection)
    return CheckResult("search_index", not found, tuple(found) or ("Zoekindex: in orde",))


def rebuild_search_index(db: str, passphrase_file: str | None) -> str:
    """Make the search index again from the tables (``check --rebuild-search-index``): one line."""
    from wiec_desktop.cli.opening import open_for_cli
    from wiec_desktop.storage import search_index

    database = open_for_cli(db, passphrase_file)
    try:
        with database.engine.begin() as connection:
            search_index.rebuild(connection)
            rows = search_index.row_count(connection)
    finally:
        database.close()
    return f"Zoekindex opnieuw opgebouwd: {rows} records"


def _counted() -> tuple[tuple[str, Any], ...]:
    from wiec_desktop.domain import (
        Action,
        AuditEvent,
        Case,
        Contact,
        HouseVisit,
        Meeting,
        Organisation,
        Resident,
        Signal,
    )

    return (
        ("casussen", Case),
        ("bewoners", Resident),
        ("huisbezoeken", HouseVisit),
        ("signalen", Signal),
        ("acties", Action),
        ("overleggen", Meeting),
        ("organisaties", Organisation),
        ("contactpersonen", Contact),
        ("logboekregels", AuditEvent),
    )


def check_counts(database: Database, _options: CheckOptions) -> CheckResult:
    """How many records of each main kind the database holds (numbers only)."""
    parts = []
    with database.session_factory() as session:
        for label, model in _counted():
            parts.append(f"{session.execute(select(func.count()).select_from(model)).scalar_one()} {label}")
    return CheckResult("counts", True, ("Aantallen: " + ", ".join(parts),))


def check_audit_chain(database: Database, options: CheckOptions) -> CheckResult:
    """The audit log's hash chain, from the first entry to the last; with an anchor (a last hash
    written down earlier) also whether the entry with that hash is still there, so that a log cut
    short at its end, or rewritten from some entry on with fresh hashes, is noticed too."""
    from wiec_desktop.services.audit_log import AuditLogService

    anchor = options.anchor

    report = AuditLogService(database.session_factory, date.today).verify_chain(anchor)
    if report.ok and anchor is not None and report.anchor_sequence is None:
        return CheckResult(
            "audit_chain",
            False,
            (
                f"Logboek: {report.checked} regels, keten intact, maar de regel met hash "
                f"{anchor.strip()[:16]}… ontbreekt: het logboek is ingekort of herschreven",
            ),
        )
    if report.ok:
        lines = [f"Logboek: {report.checked} regels, keten intact", f"Laatste hash: {report.head_hash}"]
        if report.anchor_sequence is not None:
            lines.append(f"De opgegeven hash is die van regel {report.anchor_sequence}.")
        return CheckResult("audit_chain", True, tuple(lines))
    broken = report.first_broken
    assert broken is not None
    lines = [f"Logboek gebroken bij regel {broken.sequence} ({broken.reason})"]
    lines.append(f"De {report.checked} regels daarvoor zijn in orde.")
    return CheckResult("audit_chain", False, tuple(lines))


CHECKS: list[Check] = [
    check_schema,
    check_integrity,
    check_foreign_keys,
    check_enum_values,
    check_counts,
    check_audit_chain,
    check_search_index,
]

_UNREADABLE = {
    "check_schema": "Schemaversie",
    "check_counts": "Aantallen",
    "check_audit_chain": "Logboek",
    "check_search_index": "Zoekindex",
}


def run_checks(
    database: Database, checks: list[Check] | None = None, options: CheckOptions | None = None
) -> list[CheckResult]:
    """Run ``checks`` (default: all of ``CHECKS``) in order. A check that cannot read what it needs
    (a damaged file, a value the models refuse) fails with one line saying so."""
    options = options or CheckOptions()
    return [_run_one(check, database, options) for check in (CHECKS if checks is None else checks)]


def _run_one(check: Check, database: Database, options: CheckOptions) -> CheckResult:
    name = getattr(check, "__name__", "check")
    try:
        return check(database, options)
    except Exception as error:
        if not _unreadable(error):
            raise  # a bug: its traceback
        label = _UNREADABLE.get(name, name.removeprefix("check_"))
        return CheckResult(
            name.removeprefix("check_"),
            False,
            (f"{label}: kon niet worden gelezen ({_kind(error)})",),
        )


def add_check_command(commands: Any) -> argparse.ArgumentParser:
    """Register ``check`` on the sub-command parsers of ``wiec-desktop``."""
    from wiec_desktop.cli.arguments import add_passphrase_file

    parser: argparse.ArgumentParser = commands.add_parser(
        "check", help="controleer een database en het logboek"
    )
    parser.add_argument(
        "--db", required=True, metavar="PAD_OF_URL", help="database-bestand of SQLAlchemy-URL"
    )
    parser.add_argument(
        "--anchor",
        metavar="HASH",
        help="een eerder genoteerde 'Laatste hash': meldt ook een logboek dat sindsdien is ingekort",
    )
    parser.add_argument(
        "--rebuild-search-index",
        action="store_true",
        help="maak de zoekindex eerst opnieuw uit de tabellen (als de controle hem afkeurt)",
    )
    add_passphrase_file([parser])
    return parser


def _unreadable(error: Exception) -> bool:
    """A database that cannot be read as the models expect (sqlite3 or sqlcipher3 alike)."""
    from wiec_desktop.storage.errors import StorageError

    known = (StorageError, SQLAlchemyError, LookupError, ValueError, sqlite3.Error)
    return isinstance(error, known) or type(error).__module__.startswith("sqlcipher3")


def _kind(error: Exception) -> str:
    from wiec_desktop.storage.errors import DatabaseDamaged

    if isinstance(error, DatabaseDamaged) or "malformed" in str(error):
        return "het bestand is beschadigd"
    return type(error).__name__


def run_check(args: argparse.Namespace) -> int:
    """``wiec-desktop check``: print every check's lines; 0 when all pass, else 1."""
    from wiec_desktop.cli.opening import open_for_cli
    from wiec_desktop.storage.errors import DatabaseDamaged

    passphrase_file = getattr(args, "passphrase_file", None)
    if getattr(args, "rebuild_search_index", False):
        print(rebuild_search_index(args.db, passphrase_file))
    damaged = False
    try:
        database = open_for_cli(args.db, passphrase_file, read_only=True)
    except DatabaseDamaged:
        database = _open_damaged(Path(str(args.db)).expanduser().resolve(), passphrase_file)
        damaged = True
    try:
        print(f"Database: {database.location.display()}")
        if damaged:
            print("De database is beschadigd; ze is alleen-lezen gecontroleerd en niet gewijzigd.")
        results = run_checks(database, options=CheckOptions(anchor=getattr(args, "anchor", None)))
    finally:
        database.close()
    printed: set[str] = set()
    for result in results:
        for line in result.lines:
            if result.ok or line not in printed:  # a file SQLite cannot read: said once
                print(line)
                printed.add(line)
    return EXIT_OK if all(result.ok for result in results) and not damaged else EXIT_FAILED


def _open_damaged(path: Path, passphrase_file: str | None) -> Database:
    """The damaged file ``path`` on a strictly read-only engine: not migrated, nothing written."""
    from wiec_desktop.cli.opening import existing_passphrase, read_passphrase_file
    from wiec_desktop.storage import encryption, integrity
    from wiec_desktop.storage.database import Database
    from wiec_desktop.storage.engine import DatabaseLocation, make_session_factory
    from wiec_desktop.storage.errors import DatabaseDamaged
    from wiec_desktop.storage.passphrase_store import remembered_passphrase

    passphrase = None
    if encryption.is_encrypted_file(path):
        try:
            passphrase = existing_passphrase(path, passphrase_file)
        except DatabaseDamaged:  # the key fits page 1 but the check of it reads further: damaged
            given = read_passphrase_file(passphrase_file) if passphrase_file else None
            passphrase = given or remembered_passphrase(path)
            if passphrase is None:
                raise
    engine = integrity.inspection_engine(path, passphrase)
    return Database(
        DatabaseLocation.parse(path),
        engine,
        make_session_factory(engine),
        encrypted=passphrase is not None,
        _passphrase=passphrase,
    )
