"""``wiec-desktop encrypt | decrypt | passphrase``: encrypt a plain database into a NEW file,
decrypt an encrypted one into a NEW file (the original is kept in both cases), and change the
passphrase of an encrypted database (``PRAGMA rekey``; a wrong current passphrase changes nothing)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wiec_desktop.cli.errors import UsageError
from wiec_desktop.cli.opening import existing_passphrase, new_passphrase

PASSPHRASE_FILE_HELP = "bestand met de wachtwoordzin op de eerste regel (anders wordt erom gevraagd)"


def add_encryption_commands(commands: Any) -> None:
    """The sub-commands ``encrypt``, ``decrypt`` and ``passphrase`` (``commands``: the group)."""
    encrypt = commands.add_parser("encrypt", help="versleutel een database naar een nieuw bestand")
    encrypt.add_argument("--db", required=True, metavar="PAD", help="de onversleutelde database")
    encrypt.add_argument(
        "-o", "--output", required=True, metavar="NIEUW", help="het nieuwe, versleutelde bestand"
    )
    encrypt.add_argument(
        "--passphrase-file", metavar="BESTAND", help="de nieuwe wachtwoordzin op de eerste regel"
    )

    decrypt = commands.add_parser("decrypt", help="ontsleutel een database naar een nieuw bestand")
    decrypt.add_argument("--db", required=True, metavar="PAD", help="de versleutelde database")
    decrypt.add_argument(
        "-o", "--output", required=True, metavar="NIEUW", help="het nieuwe, onversleutelde bestand"
    )
    decrypt.add_argument("--passphrase-file", metavar="BESTAND", help=PASSPHRASE_FILE_HELP)

    change = commands.add_parser("passphrase", help="wijzig de wachtwoordzin van een versleutelde database")
    change.add_argument("--db", required=True, metavar="PAD", help="de versleutelde database")
    change.add_argument("--passphrase-file", metavar="BESTAND", help="de huidige wachtwoordzin")
    change.add_argument("--new-passphrase-file", metavar="BESTAND", help="de nieuwe wachtwoordzin")


def run_encryption_command(args: argparse.Namespace) -> int:
    """Run ``encrypt``, ``decrypt`` or ``passphrase``; prints one line on success."""
    from wiec_desktop.storage import encryption

    source = _database_file(args.db)
    if args.command == "encrypt":
        target = _new_file(args.output)
        _require_wiec_file(source)
        encryption.encrypt_to(source, target, new_passphrase(args.passphrase_file))
        print(f"Versleutelde kopie gemaakt: {target} (het origineel {source.name} is niet gewijzigd)")
        return 0
    if args.command == "decrypt":
        target = _new_file(args.output)
        encryption.decrypt_to(source, existing_passphrase(source, args.passphrase_file), target)
        print(f"Onversleutelde kopie gemaakt: {target} (het origineel {source.name} is niet gewijzigd)")
        return 0
    old = existing_passphrase(source, args.passphrase_file)
    new = new_passphrase(args.new_passphrase_file)
    encryption.change_passphrase(source, old, new)
    _update_kept(source, new)
    print(f"De wachtwoordzin van {source.name} is gewijzigd.")
    return 0


def _database_file(db: str) -> Path:
    if "://" in db:
        from wiec_desktop.storage.engine import ENCRYPTION_UNSUPPORTED

        raise UsageError(ENCRYPTION_UNSUPPORTED)
    path = Path(db).expanduser()
    if not path.is_file():
        raise UsageError(f"Database niet gevonden: {path}")
    return path


def _new_file(name: str) -> Path:
    target = Path(name).expanduser()
    if target.exists():
        raise UsageError(f"{target} bestaat al; kies een nieuw bestand.")
    if not target.parent.is_dir():
        raise UsageError(f"De map {target.parent} bestaat niet.")
    return target


def _require_wiec_file(path: Path) -> None:
    """Only a WIEC database is encrypted (a plain one: an encrypted one is refused by encrypt_to)."""
    import sqlite3

    from wiec_desktop.storage import encryption, migrate

    if encryption.is_encrypted_file(path):
        raise UsageError(f"{path.name} is al versleuteld.")
    try:
        state = migrate.probe_sqlite_file(path)
    except sqlite3.DatabaseError:
        raise UsageError(f"{path} is geen WIEC-database.") from None
    if state.revision is None:
        raise UsageError(f"{path} is geen WIEC-database.")


def _update_kept(path: Path, new: str) -> None:
    """A passphrase kept in the keyring ("Onthoud op deze computer") is replaced by the new one."""
    from wiec_desktop.storage.passphrase_store import (
        PassphraseStoreError,
        forget_passphrase,
        remember_passphrase,
        remembered_passphrase,
    )

    if remembered_passphrase(path) is None:
        return
    try:
        remember_passphrase(path, new)
    except PassphraseStoreError:
        forget_passphrase(path)
