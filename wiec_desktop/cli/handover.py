"""``wiec-desktop handover --db PATH -o FILE`` and ``wiec-desktop handover-open FILE --into FOLDER``:
the handover package for a successor chair, made and opened from the command line.

``--passphrase-file`` is the package's passphrase (typed twice on a terminal without it); an
encrypted database's own passphrase comes from ``--db-passphrase-file``, the keyring or the
terminal. The settings of the assignment that live in the window's settings store (mail server,
Bcc per assignment, the Word template) travel only when the package is made in the window, and
are applied only by Bestand › Overdracht openen; the command line carries the database and the
summary, and says so. One Dutch line and exit 2 for every error; nothing half-written.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from wiec_desktop.cli.arguments import PASSPHRASE_FILE_HELP
from wiec_desktop.cli.errors import UsageError
from wiec_desktop.cli.opening import ask_passphrase, new_passphrase, open_for_cli, read_passphrase_file

HANDOVER_PASSPHRASE_HELP = "bestand met de wachtwoordzin van de overdracht (eerste regel)"


def add_handover_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    make = commands.add_parser("handover", help="maak een versleutelde overdracht voor een opvolger")
    make.add_argument("--db", required=True, metavar="PAD", help="het database-bestand")
    make.add_argument("-o", "--output", required=True, metavar="BESTAND", help="nieuw overdrachtsbestand")
    make.add_argument("--passphrase-file", metavar="BESTAND", help=HANDOVER_PASSPHRASE_HELP)
    make.add_argument("--db-passphrase-file", metavar="BESTAND", help=PASSPHRASE_FILE_HELP)
    receive = commands.add_parser("handover-open", help="open een overdracht in een map (nieuw bestand)")
    receive.add_argument("package", metavar="BESTAND", help="het overdrachtsbestand (.wiec-overdracht)")
    receive.add_argument("--into", required=True, metavar="MAP", help="de map voor de ontvangen database")
    receive.add_argument("--passphrase-file", metavar="BESTAND", help=HANDOVER_PASSPHRASE_HELP)


def run_handover_command(args: argparse.Namespace) -> int:
    if args.command == "handover":
        return _make(args)
    return _open(args)


def _make(args: argparse.Namespace) -> int:
    from wiec_desktop.exports.docx.handover_package import write_handover
    from wiec_desktop.services.handover import package_target
    from wiec_desktop.services.registry import Services

    target = package_target(Path(args.output).expanduser())
    if not target.parent.is_dir():
        raise UsageError(f"De map {target.parent} bestaat niet.")
    if target.exists():
        raise UsageError(f"{target} bestaat al; kies een nieuwe naam voor de overdracht.")
    passphrase = new_passphrase(args.passphrase_file, "De wachtwoordzin van de overdracht")
    database = open_for_cli(args.db, args.db_passphrase_file, read_only=True)
    try:
        written = write_handover(
            Services(database.session_factory), database, target, passphrase, date.today()
        )
    finally:
        database.close()
    counts = written.package.summary.counts
    meetings = (
        "1 gepland overleg" if counts.next_meetings == 1 else f"{counts.next_meetings} geplande overleggen"
    )
    print(
        f"Overdracht gemaakt: {written.path} ({counts.cases} casussen, {counts.open_actions} open acties, "
        f"{meetings}); samenvatting: {written.summary.name}"
    )
    print("De instellingen (mailserver, Word-sjabloon) gaan alleen mee met Bestand › Overdracht maken.")
    return 0


def _open(args: argparse.Namespace) -> int:
    from wiec_desktop.services.handover import open_package

    package = Path(args.package).expanduser()
    folder = Path(args.into).expanduser()
    if not package.is_file():
        raise UsageError(f"Het overdrachtsbestand {package} bestaat niet.")
    if not folder.is_dir():
        raise UsageError(f"De map {folder} bestaat niet.")
    if args.passphrase_file is not None:
        passphrase = read_passphrase_file(args.passphrase_file)
    else:
        import sys

        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError(
                "De wachtwoordzin van de overdracht is nodig: geef haar met --passphrase-file BESTAND "
                "(of start de opdracht vanaf een terminal)."
            )
        passphrase = ask_passphrase(f"Wachtwoordzin voor {package.name}: ")
    received = open_package(package, passphrase, folder)
    print(f"Overdracht geopend: {received.database} ({received.counts.get('case', 0)} casussen)")
    if not received.settings.is_empty:
        print("De instellingen in de overdracht worden toegepast met Bestand › Overdracht openen.")
    if received.template is not None:
        print(f"Word-sjabloon: {received.template}")
    return 0
