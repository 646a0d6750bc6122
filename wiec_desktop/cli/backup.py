"""``wiec-desktop backup --db PATH -o FILE`` and ``wiec-desktop restore --db PATH FILE``: a verified
backup of a database file (encrypted like the database), and putting one back after the current
file has been copied aside. One line and exit 2 for whatever goes wrong; nothing half-written."""

from __future__ import annotations

import argparse
from pathlib import Path

from wiec_desktop.cli.arguments import PASSPHRASE_FILE_HELP
from wiec_desktop.cli.errors import UsageError
from wiec_desktop.cli.opening import existing_passphrase, open_for_cli


def add_backup_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser("backup", help="maak een gecontroleerde back-up van een database")
    backup.add_argument("--db", required=True, metavar="PAD", help="het database-bestand")
    backup.add_argument("-o", "--output", required=True, metavar="BESTAND", help="nieuw back-upbestand")
    restore = commands.add_parser("restore", help="zet een back-up terug (de huidige wordt eerst bewaard)")
    restore.add_argument("--db", required=True, metavar="PAD", help="het database-bestand (gesloten)")
    restore.add_argument("backup_file", metavar="BACK-UP", help="het back-upbestand")
    restore.add_argument(
        "--backup-folder", metavar="MAP", help="waar de huidige database eerst wordt bewaard"
    )
    for parser in (backup, restore):
        parser.add_argument("--passphrase-file", metavar="BESTAND", help=PASSPHRASE_FILE_HELP)


def run_backup_command(args: argparse.Namespace) -> int:
    from wiec_desktop.storage import backups

    if args.command == "backup":
        target = Path(args.output).expanduser()
        if not target.parent.is_dir():
            raise UsageError(f"De map {target.parent} bestaat niet.")
        database = open_for_cli(args.db, args.passphrase_file, read_only=True)  # beside the window
        try:
            backups.backup_to(database, target)
        finally:
            database.close()
        print(f"Back-up gemaakt en gecontroleerd: {target}")
        return 0
    return _restore(args)


def _restore(args: argparse.Namespace) -> int:
    from wiec_desktop.storage import backups, encryption
    from wiec_desktop.storage.paths import default_backup_dir
    from wiec_desktop.storage.writer_lock import WriterLock

    source = Path(args.backup_file).expanduser()
    database_path = Path(args.db).expanduser().resolve()
    if not source.is_file():
        raise UsageError(f"Het back-upbestand {source} bestaat niet.")
    if "://" in str(args.db):
        raise UsageError("Alleen een databasebestand kan worden hersteld; een server op de server zelf.")
    passphrase = (
        existing_passphrase(source, args.passphrase_file) if encryption.is_encrypted_file(source) else None
    )
    folder = Path(args.backup_folder).expanduser() if args.backup_folder else default_backup_dir()
    lock = WriterLock(database_path)  # refused while another instance writes to it
    try:
        kept = backups.restore(source, database_path, folder, passphrase)
    finally:
        lock.release()
    if kept is not None:
        print(f"De vorige database is bewaard als {kept}")
    print(f"Hersteld: {database_path} uit {source.name}")
    return 0
