"""Opening a database from the command line, encrypted or not: the one helper every command uses.

An encrypted file needs its passphrase: from ``--passphrase-file FILE`` (its first line), else the
one kept in the keyring ("Onthoud op deze computer" in the window), else a prompt on the terminal
(``getpass``, three tries) when stdin is a terminal. Without a terminal and without a file: one
Dutch line and exit code 2. A passphrase is never printed or logged.

Commands that only read (``list``, ``check``, ``backup``) open with ``read_only=True``: no writer
lock, so they work while the window has the database open. A writing command on a database that
another instance holds gets ``DatabaseInUse`` (a ``StorageError``): its one line names the holder.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wiec_desktop.cli.errors import UsageError

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

PROMPT_TRIES = 3
T = TypeVar("T")


def open_for_cli(
    db: str | Path, passphrase_file: str | None, *, create: bool = False, read_only: bool = False
) -> Database:
    """Open ``db`` (a path or URL) as the command line does, asking for a passphrase when needed.

    With ``create`` and a passphrase file a new file is made encrypted (``demo``); ``read_only``
    for the commands that only read (no writer lock, an engine that cannot write)."""
    from wiec_desktop.storage.database import needs_passphrase, open_database

    if not needs_passphrase(db):
        # plain, new (encrypted when a file is given: ``demo``) or a server (refused with a file)
        passphrase = read_passphrase_file(passphrase_file) if passphrase_file is not None else None
        return open_database(db, create=create, passphrase=passphrase, read_only=read_only)
    path = Path(str(db)).expanduser()
    return _with_passphrase(
        path,
        passphrase_file,
        lambda p: open_database(db, create=create, passphrase=p, read_only=read_only),
    )


def read_passphrase_file(name: str) -> str:
    """The passphrase in the file ``name``: its first line, without the line ending."""
    path = Path(name).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"Het wachtwoordzinbestand {path} bestaat niet.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"Het wachtwoordzinbestand {path} kon niet worden gelezen ({type(exc).__name__})."
        ) from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise UsageError(f"Het wachtwoordzinbestand {path} is leeg.")
    return passphrase


def new_passphrase(passphrase_file: str | None, what: str = "De nieuwe wachtwoordzin") -> str:
    """A new passphrase: from the file, else typed twice on the terminal (refused without one)."""
    from wiec_desktop.storage.encryption import check_new_passphrase
    from wiec_desktop.storage.errors import StorageError

    if passphrase_file is not None:
        passphrase = read_passphrase_file(passphrase_file)
    elif not _interactive():
        raise UsageError(
            f"{what} is nodig: geef haar met een bestand (zie --help) of start vanaf een terminal."
        )
    else:
        passphrase = ask_passphrase(f"{what}: ")
        if ask_passphrase("Nog een keer ter controle: ") != passphrase:
            raise UsageError("De twee wachtwoordzinnen zijn niet gelijk; er is niets gewijzigd.")
    try:
        check_new_passphrase(passphrase)
    except StorageError as exc:
        raise UsageError(exc.message) from None
    return passphrase


def existing_passphrase(path: Path, passphrase_file: str | None) -> str:
    """The current passphrase of the encrypted ``path``: from the file, the keyring or the terminal,
    checked read-only (``WrongPassphrase`` after the tries, the file unchanged)."""
    from wiec_desktop.storage.encryption import check_passphrase

    def checked(passphrase: str) -> str:
        check_passphrase(path, passphrase)
        return passphrase

    return _with_passphrase(path, passphrase_file, checked)


def _with_passphrase(path: Path, passphrase_file: str | None, attempt: Callable[[str], T]) -> T:
    """``attempt(passphrase)`` with the file's passphrase, else the kept one, else up to three typed
    on the terminal; a ``WrongPassphrase`` of the last try (or of the file's) goes to the caller."""
    from wiec_desktop.storage.errors import WrongPassphrase

    if passphrase_file is not None:
        return attempt(read_passphrase_file(passphrase_file))
    kept = _kept_passphrase(path)
    if kept is not None:
        try:
            return attempt(kept)
        except WrongPassphrase:
            pass  # changed elsewhere since it was kept: ask
    if not _interactive():
        raise UsageError(
            f"{path.name} is versleuteld; geef de wachtwoordzin met --passphrase-file BESTAND "
            "(of start de opdracht vanaf een terminal)."
        )
    for number in range(1, PROMPT_TRIES + 1):
        try:
            return attempt(ask_passphrase(f"Wachtwoordzin voor {path.name}: "))
        except WrongPassphrase as exc:
            if number == PROMPT_TRIES:
                raise
            print(exc.message, file=sys.stderr)
    raise AssertionError("unreachable")


def ask_passphrase(prompt: str) -> str:
    """Read a passphrase on the terminal without echo (a seam for tests)."""
    return getpass.getpass(prompt)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _kept_passphrase(path: Path) -> str | None:
    from wiec_desktop.storage.passphrase_store import remembered_passphrase

    return remembered_passphrase(path)
