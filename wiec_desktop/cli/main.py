"""Command line: starts the GUI, builds demo data and lists records, through the same services.

Bad input (unknown command, missing file, not a database) gives one line on stderr and exit code 2,
with nothing created or changed. Qt is imported only when a window is opened.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from wiec_desktop import __version__
from wiec_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

EXIT_USAGE = 2
log = logging.getLogger("wiec_desktop")


class UsageError(Exception):
    """Input the user must correct; printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wiec-desktop",
        description="WIEC Desktop: casusregister, overleggen en verslagen voor de onafhankelijk voorzitter.",
    )
    parser.add_argument("--version", action="version", version=f"wiec-desktop {__version__}")
    parser.add_argument("--db", metavar="PAD_OF_URL", help="database-bestand of SQLAlchemy-URL")
    parser.add_argument("--demo", action="store_true", help="start op de demodatabase (eenmalig aangemaakt)")
    parser.add_argument("--smoke", action="store_true", help="bezoek alle onderdelen en sluit af (controle)")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser)

    demo = commands.add_parser("demo", help="maak een demodatabase met een fictieve wijk")
    demo.add_argument("--db", required=True, metavar="PAD", help="nieuw database-bestand")

    listing = commands.add_parser("list", help="toon gegevens uit een database")
    listing.add_argument("what", choices=["meetings"], help="wat te tonen")
    listing.add_argument("--db", required=True, metavar="PAD_OF_URL")

    export = commands.add_parser("export", help="exporteer gegevens naar een bestand")
    kinds = export.add_subparsers(dest="export_kind", metavar="WAT", parser_class=_Parser, required=True)
    matrix = kinds.add_parser("matrix", help="wie doet wat: casussen × organisaties als Excel-bestand")
    matrix.add_argument("--db", required=True, metavar="PAD_OF_URL")
    matrix.add_argument("-o", "--output", required=True, metavar="BESTAND.xlsx", help="nieuw of te vervangen")
    matrix.add_argument("--area", metavar="NAAM", help="alleen deze wijk of buurt (met haar buurten)")
    matrix.add_argument("--theme", metavar="NAAM", help="alleen dit thema")
    matrix.add_argument("--include-closed", action="store_true", help="ook afgesloten casussen")
    from wiec_desktop.cli.exports import add_action_list_export, add_meeting_exports
    from wiec_desktop.cli.reports import add_report_exports

    add_meeting_exports(kinds)
    add_action_list_export(kinds)
    add_report_exports(kinds)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "demo":
            return _demo(Path(args.db))
        if args.command == "list":
            return _list_meetings(args.db)
        if args.command == "export":
            if args.export_kind == "matrix":
                return _export_matrix(args)
            from wiec_desktop.cli.exports import export_action_list, export_meeting_document

            if args.export_kind == "actions":
                return export_action_list(args)
            if args.export_kind in ("inventory", "report"):
                from wiec_desktop.cli.reports import export_report

                return export_report(args)
            return export_meeting_document(args)
        return _gui(args)
    except UsageError as exc:
        return _fail(str(exc))
    except StorageError as exc:
        return _fail(exc.message)


def _fail(message: str) -> int:
    print(f"wiec-desktop: {message}", file=sys.stderr)
    return EXIT_USAGE


def _demo(path: Path) -> int:
    if path.exists():
        raise UsageError(f"{path} bestaat al; kies een nieuw bestand voor de demodatabase.")
    if not path.parent.is_dir():
        raise UsageError(f"De map {path.parent} bestaat niet.")
    from wiec_desktop.services.demo_data import build_demo
    from wiec_desktop.storage.database import open_database

    database = open_database(path, create=True)
    try:
        summary = build_demo(database.session_factory, today=date.today())
    except BaseException:
        database.close()
        _remove_sqlite_file(path)
        raise
    database.close()
    print(f"Demodatabase gemaakt: {path} ({summary.cases} casussen, {summary.actions} acties)")
    return 0


def _list_meetings(db: str) -> int:
    from wiec_desktop.services.registry import Services
    from wiec_desktop.storage.database import open_database

    database = open_database(db)
    try:
        for meeting in Services(database.session_factory).meetings.list_meetings():
            print(f"{meeting.id}\t{meeting.date.isoformat()}\t{meeting.title}")
    finally:
        database.close()
    return 0


def _export_matrix(args: argparse.Namespace) -> int:
    """``export matrix``: the who-does-what matrix as .xlsx (the same file as the page's export)."""
    from wiec_desktop.cli.exports import checked_output

    target = checked_output(args.output, ".xlsx")
    from wiec_desktop.services.registry import Services
    from wiec_desktop.storage.database import open_database

    database = open_database(args.db)
    try:
        services = Services(database.session_factory)
        areas = services.reference_data.areas()
        area_id = _by_name(args.area, [(i, label.split(" › ")[-1]) for i, label in areas], "wijk of buurt")
        theme_id = _by_name(args.theme, services.reference_data.themes(active_only=False), "thema")
        matrix = services.matrix.build(area_id=area_id, theme_id=theme_id, include_closed=args.include_closed)
        from wiec_desktop.exports.xlsx.matrix import write_matrix_xlsx

        try:
            write_matrix_xlsx(matrix, target)
        except OSError as exc:
            raise UsageError(f"{target} kon niet worden geschreven: {exc.strerror or exc}.") from exc
        services.matrix.record_export(matrix, target.name)
    finally:
        database.close()
    print(
        f"Matrix geëxporteerd: {target} ({len(matrix.rows)} casussen, {len(matrix.columns)} organisaties, "
        f"{matrix.flagged_count} met signalering)"
    )
    return 0


def _by_name(name: str | None, options: Sequence[tuple[int, str]], what: str) -> int | None:
    """The id of the option called ``name`` (case and surrounding spaces ignored)."""
    if name is None:
        return None
    wanted = name.strip().casefold()
    for ident, label in options:
        if label.casefold() == wanted:
            return ident
    known = ", ".join(label for _i, label in options[:12]) + (", …" if len(options) > 12 else "")
    raise UsageError(f"{what.capitalize()} {name!r} bestaat niet; kies uit: {known or '(geen)'}.")


def _gui(args: argparse.Namespace) -> int:
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.storage.paths import demo_database_path

    if args.demo and args.db:
        raise UsageError("kies --demo of --db, niet allebei.")
    if args.demo:
        path = demo_database_path()
        if not path.exists():
            code = _demo(path)
            if code:
                return code
        database = open_database(path)
    elif args.db:
        database = open_database(args.db)
    else:
        database = _open_last_or_default()
    from wiec_desktop.logging_setup import configure_logging
    from wiec_desktop.ui.shell.app import run_gui

    configure_logging()
    return run_gui(database, smoke=args.smoke)


def _open_last_or_default() -> Database:
    """The database used last time if it still opens, else the default file (created if new)."""
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.storage.paths import default_database_path
    from wiec_desktop.ui.settings.preferences import last_database

    last = last_database()
    if last:
        try:
            return open_database(last)
        except StorageError as exc:
            log.warning("Last database could not be opened: %s", type(exc).__name__)
    return open_database(default_database_path(), create=True)


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()
