"""Run by tests/fault/test_migration_kills.py in its own process: open a database as the program
does for writing (which copies an old one aside and migrates it), then close it again.

With ``--slow-copy`` the copy made before the migration goes one page at a time with a pause
after each, and ``COPYING`` is printed when it begins: so that the parent can kill the child
inside that copy, which a kill at a random moment hits only rarely (it takes milliseconds).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from typing import Any

from wiec_desktop.cli.opening import open_for_cli
from wiec_desktop.storage import migrate

PAUSE_PER_PAGE_S = 0.005


class _SlowSource:
    """A source connection whose ``backup`` copies one page at a time, slowly."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def backup(self, target: sqlite3.Connection, **_options: Any) -> None:
        print("COPYING", flush=True)
        self._connection.backup(target, pages=1, progress=lambda *_: time.sleep(PAUSE_PER_PAGE_S))

    def close(self) -> None:
        self._connection.close()


class _SlowSqlite:
    """``sqlite3`` as storage/migrate.py sees it, with a slow copy from a read-only (uri) source."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args: Any, **kwargs: Any) -> Any:
        connection = sqlite3.connect(*args, **kwargs)
        return _SlowSource(connection) if kwargs.get("uri") else connection


def main(path: str, slow_copy: bool = False) -> int:
    if slow_copy:
        migrate.sqlite3 = _SlowSqlite()  # type: ignore[assignment]
    open_for_cli(path, None).close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--slow-copy" in sys.argv[2:]))
