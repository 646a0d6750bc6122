"""Starting the window from the command line: the database asked for, or the one used last (if it
still opens), or a new default database; logging to the log folder; then the window."""

from __future__ import annotations

import logging

from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.storage.paths import default_database_path

log = logging.getLogger("wiec_desktop")


def start(database: Database | None, *, smoke: bool = False) -> int:
    """Show the window on ``database`` (None: the last or the default one) until it is closed."""
    from wiec_desktop.ui.shell.app import run_gui
    from wiec_desktop.ui.shell.logging_setup import configure_logging

    if database is None:
        database = open_last_or_default()
    configure_logging()
    return run_gui(database, smoke=smoke)


def open_last_or_default() -> Database:
    """The database used last time if it still opens, else the default file (created if new)."""
    from wiec_desktop.ui.settings.preferences import last_database

    last = last_database()
    if last:
        try:
            return open_database(last)
        except StorageError as exc:
            log.warning("Last database could not be opened: %s", type(exc).__name__)
    return open_database(default_database_path(), create=True)
