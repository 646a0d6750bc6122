"""Command line: starts the window, builds demo data, lists records and exports documents, through
the same services and exports as the window.

Bad input (unknown command, missing file, not a database) gives one line on stderr and exit code 2,
with nothing created or changed. Qt is never imported here: the window is started through the
``start_gui`` function that the program's entry point (``wiec_desktop.__main__``) hands in.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop import __version__
from wiec_desktop.cli.arguments import add_passphrase_file
from wiec_desktop.cli.errors import EXIT_USAGE, Parser, UsageError, fail, known_line
from wiec_desktop.cli.opening import open_for_cli
from wiec_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

__all__ = ["EXIT_USAGE", "GuiStarter", "UsageError", "build_parser", "main"]

log = logging.getLogger("wiec_desktop")

GuiStarter = Callable[["Database | None", bool], int]
"""Shows the window on the database (None: the one used last, or a new default one) until it is
closed, with ``smoke`` visiting every section and closing again; returns the exit code."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="wiec-desktop",
        description="WIEC Desktop: casusregister, overleggen en verslagen voor de onafhankelijk voorzitter.",
    )
    parser.add_argument("--version", action="version", version=f"wiec-desktop {__version__}")
    parser.add_argument("--db", metavar="PAD_OF_URL", help="database-bestand of SQLAlchemy-URL")
    parser.add_argument("--demo", action="store_true", help="start op de demodatabase (eenmalig aangemaakt)")
    parser.add_argument("--smoke", action="store_true", help="bezoek alle onderdelen en sluit af (controle)")
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open de database van --db alleen-lezen (als een ander venster haar al open heeft)",
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=Parser)

    demo = commands.add_parser("demo", help="maak een demodatabase met een fictieve wijk")
    demo.add_argument("--db", required=True, metavar="PAD", help="nieuw database-bestand")
    demo.add_argument(
        "--passphrase-file",
        metavar="BESTAND",
        help="versleutel de demodatabase met de wachtwoordzin in dit bestand",
    )
    demo.add_argument(
        "--size",
        choices=["small", "large"],
        default="small",
        help="small: een kleine wijk om te proberen (standaard); large: vijf jaar van een drukke wijk",
    )
    demo.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)  # large: for tests

    listing = commands.add_parser("list", help="toon gegevens uit een database")
    listing.add_argument("what", choices=["meetings"], help="wat te tonen")
    listing.add_argument("--db", required=True, metavar="PAD_OF_URL")

    export = commands.add_parser("export", help="exporteer gegevens naar een bestand")
    kinds = export.add_subparsers(dest="export_kind", metavar="WAT", parser_class=Parser, required=True)
    from wiec_desktop.cli.exports import add_exports
    from wiec_desktop.cli.reports import add_report_exports

    add_exports(kinds)
    add_report_exports(kinds)
    from wiec_desktop.cli.encryption import add_encryption_commands

    add_encryption_commands(commands)
    from wiec_desktop.cli.check import add_check_command

    add_check_command(commands)
    from wiec_desktop.cli.search import add_search_command

    add_search_command(commands)
    from wiec_desktop.cli.backup import add_backup_commands

    add_backup_commands(commands)
    from wiec_desktop.cli.handover import add_handover_commands

    add_handover_commands(commands)
    from wiec_desktop.cli.updates import add_import_commands

    add_import_commands(commands)
    add_passphrase_file([parser, *commands.choices.values(), *kinds.choices.values()])
    return parser


def main(argv: Sequence[str] | None = None, *, start_gui: GuiStarter | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "demo":
            return _demo(Path(args.db), args.passphrase_file, size=args.size, scale=args.scale)
        if args.command == "list":
            return _list_meetings(args.db, args.passphrase_file)
        if args.command == "check":
            from wiec_desktop.cli.check import run_check

            return run_check(args)
        if args.command == "search":
            from wiec_desktop.cli.search import run_search

            return run_search(args)
        if args.command in ("backup", "restore"):
            from wiec_desktop.cli.backup import run_backup_command

            return run_backup_command(args)
        if args.command in ("handover", "handover-open"):
            from wiec_desktop.cli.handover import run_handover_command

            return run_handover_command(args)
        if args.command == "import":
            from wiec_desktop.cli.updates import run_import_updates

            return run_import_updates(args)
        if args.command in ("encrypt", "decrypt", "passphrase"):
            from wiec_desktop.cli.encryption import run_encryption_command

            return run_encryption_command(args)
        if args.command == "export":
            if args.export_kind in ("inventory", "report"):
                from wiec_desktop.cli.reports import export_report

                return export_report(args)
            from wiec_desktop.cli.exports import export

            return export(args)
        return _gui(args, start_gui)
    except UsageError as exc:
        return fail(str(exc))
    except StorageError as exc:
        return fail(exc.message)
    except BrokenPipeError:  # the output went to a program that stopped reading (``| head``)
        _silence_stdout()
        return 1
    except Exception as exc:  # the disk or the database (OSError, SQLAlchemy): one line, exit 2
        line = known_line(exc)
        if line is None:
            raise  # a bug: its traceback
        return fail(line)


def _silence_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so that exiting prints no second error."""
    import os
    import sys

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _demo(path: Path, passphrase_file: str | None = None, *, size: str = "small", scale: float = 1.0) -> int:
    """Build the demo database beside ``path`` and rename it into place when it is complete, so a
    kill or a full disk half-way leaves no file that the program would refuse from then on.
    ``size="large"``: five years of a busy district (services/demo/large.py), with a line per stage
    on stderr."""
    if path.exists():
        raise UsageError(f"{path} bestaat al; kies een nieuw bestand voor de demodatabase.")
    if not path.parent.is_dir():
        raise UsageError(f"De map {path.parent} bestaat niet.")
    from wiec_desktop.services.demo_data import build_demo

    building = path.with_name(f".{path.name}.wordt-gemaakt")
    _remove_sqlite_file(building)  # left by a build that was killed
    try:
        database = open_for_cli(building, passphrase_file, create=True)
        try:
            if size == "large":
                summary = _large_demo(database, scale)
            else:
                summary = build_demo(database.session_factory, today=date.today())
        finally:
            encrypted = " versleuteld," if database.encrypted else ""
            database.close()
        _finish(building, path)
    except BaseException:
        _remove_sqlite_file(building)
        raise
    print(f"Demodatabase gemaakt:{encrypted} {path} ({summary.cases} casussen, {summary.actions} acties)")
    return 0


def _large_demo(database: Database, scale: float) -> Any:
    """The large demo, telling on stderr how far it is (counts only)."""
    import sys
    import time

    from wiec_desktop.services.demo import build_large_demo

    if scale <= 0:
        raise UsageError("--scale moet groter dan 0 zijn.")
    started = time.perf_counter()

    def progress(label: str, count: int) -> None:
        print(f"{time.perf_counter() - started:6.1f} s  {label}: {count}", file=sys.stderr, flush=True)

    return build_large_demo(database, date.today(), scale=scale, progress=progress)


def _finish(building: Path, path: Path) -> None:
    """Flush the closed database to disk and give it its name. Closing the last connection has
    written the write-ahead log into the file and removed it; one still there means it did not."""
    import os

    wal = building.with_name(building.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise StorageError("De demodatabase kon niet volledig worden weggeschreven; probeer het opnieuw.")
    with building.open("rb") as handle:
        os.fsync(handle.fileno())
    if path.exists():
        raise UsageError(f"{path} bestaat al; kies een nieuw bestand voor de demodatabase.")
    os.replace(building, path)


def _list_meetings(db: str, passphrase_file: str | None) -> int:
    from wiec_desktop.services.registry import Services

    database = open_for_cli(db, passphrase_file, read_only=True)  # works beside the window
    try:
        for meeting in Services(database.session_factory).meetings.list_meetings():
            print(f"{meeting.id}\t{meeting.date.isoformat()}\t{meeting.title}")
    finally:
        database.close()
    return 0


def _gui(args: argparse.Namespace, start_gui: GuiStarter | None) -> int:
    """Open the database asked for (nothing is opened for the default: the window knows the one
    used last) and hand it to the window."""
    from wiec_desktop.storage.paths import demo_database_path

    if args.demo and args.db:
        raise UsageError("kies --demo of --db, niet allebei.")
    if args.passphrase_file and not args.db:
        raise UsageError("--passphrase-file hoort bij --db.")
    database: Database | None = None
    if args.demo:
        path = demo_database_path()
        if not path.exists():
            code = _demo(path)
            if code:
                return code
        database = open_for_cli(path, None)
    elif args.db:
        database = _open_for_window(args.db, args.passphrase_file, args.read_only)
    elif args.read_only:
        raise UsageError("--read-only hoort bij --db.")
    if start_gui is None:
        if database is not None:
            database.close()
        raise UsageError("het venster kan alleen vanuit het programma wiec-desktop worden gestart.")
    return start_gui(database, args.smoke)


def _open_for_window(db: str, passphrase_file: str | None, read_only: bool) -> Database:
    """The database for the window; held by another instance: its one line says how to open it
    read-only from the command line (the window itself asks, for the database used last)."""
    from wiec_desktop.storage.writer_lock import DatabaseInUse

    try:
        return open_for_cli(db, passphrase_file, read_only=read_only)
    except DatabaseInUse as exc:
        raise UsageError(f"{exc.message} Alleen-lezen: wiec-desktop --read-only --db {_quoted(db)}") from None


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
