"""Starting the window from the command line: the database asked for, or the one used last (if it
still opens; an encrypted one asks its passphrase unless it is kept in the keyring), or the
default database (at the very first start a new one, with encryption offered first); logging to
the log folder; then the window. A database another instance writes to is opened only after the
chair chose "Alleen-lezen openen" (ui/shell/in_use.py); Cancel opens nothing.

The window's shell is painted first; the database is opened (and its dialogs shown, over the shell)
on the next turn of the event loop (ui/shell/app.py). Nothing here is imported before that.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database
    from wiec_desktop.ui.shell.passphrase_dialog import DialogRunner

log = logging.getLogger("wiec_desktop")


def start(database: Database | None, *, smoke: bool = False) -> int:
    """Show the window on ``database`` (None: the last or the default one) until it is closed."""
    from wiec_desktop.ui.shell.app import run_gui
    from wiec_desktop.ui.shell.logging_setup import configure_logging

    configure_logging()
    if database is None:  # asked once the shell is painted; Cancel: nothing opened, exit code 0
        return run_gui(None, smoke=smoke, choose_database=lambda window: open_last_or_default(parent=window))
    return run_gui(database, smoke=smoke)


def open_last_or_default(
    exec_dialog: DialogRunner | None = None, parent: QWidget | None = None
) -> Database | None:
    """The database used last time if it still opens, else the default file (created if new,
    encryption offered first). None when the chair cancels a passphrase dialog of the default,
    or the question about a database another instance writes to (then nothing is opened).
    The dialogs are shown over ``parent`` (the shell of the main window)."""
    from wiec_desktop.storage.database import writer_elsewhere
    from wiec_desktop.storage.errors import DatabaseDamaged, StorageError
    from wiec_desktop.storage.paths import default_database_path
    from wiec_desktop.ui.settings.preferences import last_database
    from wiec_desktop.ui.shell.in_use import open_for_window

    run = exec_dialog or _exec
    last = last_database()
    default = default_database_path()
    if last:
        try:
            if writer_elsewhere(last) is not None:  # who has it, and read-only or nothing at all
                return open_for_window(last, run, parent)
            opened = open_for_window(last, run, parent)
            if opened is not None or Path(last).resolve() == default.resolve():
                return opened
        except DatabaseDamaged as exc:  # W2: what is wrong; the newest good backup or another file
            from wiec_desktop.ui.shell.damaged_dialog import offer_damaged

            return offer_damaged(Path(last), exc, run, parent, passphrase=exc.passphrase)
        except StorageError as exc:
            log.warning("Last database could not be opened: %s", type(exc).__name__)
    if default.exists():
        try:
            return open_for_window(default, run, parent, create=True)
        except DatabaseDamaged as exc:  # W2: as for the last database above
            from wiec_desktop.ui.shell.damaged_dialog import offer_damaged

            return offer_damaged(default, exc, run, parent, passphrase=exc.passphrase)
    return create_default(default, run, parent)


def create_default(path: Path, exec_dialog: DialogRunner, parent: QWidget | None = None) -> Database | None:
    """The first start: a new default database, encrypted unless the chair unticks it."""
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.storage.passphrase_store import PassphraseStoreError, remember_passphrase
    from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphrasePurpose

    dialog = NewPassphraseDialog(PassphrasePurpose.NEW_DATABASE, parent)
    if not exec_dialog(dialog):
        return None
    passphrase = dialog.chosen_passphrase()
    database = open_database(path, create=True, passphrase=passphrase)
    if passphrase is not None and dialog.remember.isChecked():
        try:
            remember_passphrase(path, passphrase)
        except PassphraseStoreError as exc:
            log.warning("Passphrase not kept: %s", type(exc).__name__)
    return database


def _exec(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted
