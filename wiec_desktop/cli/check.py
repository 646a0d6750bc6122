"""``wiec-desktop check --db PATH``: is this database sound? A list of checks, each with its lines.

Today: the schema revision, the number of records per kind, and the audit log's hash chain
("Logboek: N regels, keten intact" or "Logboek gebroken bij regel N (gewijzigd)"). Exit code 0 when
every check passes, 1 when one fails (its lines say where), 2 for bad input (no such file, …).
More checks (integrity_check, foreign keys, enum values) are added to ``CHECKS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

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


CHECKS: list[Check] = [check_schema, check_counts, check_audit_chain]


def run_checks(
    database: Database, checks: list[Check] | None = None, options: CheckOptions | None = None
) -> list[CheckResult]:
    """Run ``checks`` (default: all of ``CHECKS``) in order."""
    options = options or CheckOptions()
    return [check(database, options) for check in (CHECKS if checks is None else checks)]


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
    add_passphrase_file([parser])
    return parser


def run_check(args: argparse.Namespace) -> int:
    """``wiec-desktop check``: print every check's lines; 0 when all pass, else 1."""
    from wiec_desktop.cli.opening import open_for_cli

    database = open_for_cli(args.db, getattr(args, "passphrase_file", None))
    try:
        print(f"Database: {database.location.display()}")
        results = run_checks(database, options=CheckOptions(anchor=getattr(args, "anchor", None)))
    finally:
        database.close()
    for result in results:
        for line in result.lines:
            print(line)
    return EXIT_OK if all(result.ok for result in results) else EXIT_FAILED
