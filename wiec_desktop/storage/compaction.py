"""Making removed data really gone from a SQLite file: ``VACUUM`` rebuilds the file without the
freed pages, and ``wal_checkpoint(TRUNCATE)`` writes the WAL back and empties it, so that erased
names are no longer in the bytes of the database or its ``-wal``.

SQLite only (the rest of the program never sees these statements); on another database (a
PostgreSQL server) there is nothing to do here and ``compact`` says so. The rebuild runs outside
any transaction, on its own connection, with ``temp_store=MEMORY`` so that SQLite's temporary copy
of the database is never written to a temporary folder outside the database's own location.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Compaction:
    """What ``compact`` did: whether the file was rebuilt, and whether the WAL is empty now."""

    vacuumed: bool
    wal_emptied: bool

    @property
    def complete(self) -> bool:
        return self.vacuumed and self.wal_emptied


def compact(engine: Engine) -> Compaction:
    """``VACUUM`` and ``wal_checkpoint(TRUNCATE)`` on a SQLite engine; nothing on any other."""
    if engine.dialect.name != "sqlite":
        return Compaction(vacuumed=False, wal_emptied=False)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
        connection.exec_driver_sql("VACUUM")
        row = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        connection.exec_driver_sql("PRAGMA temp_store=DEFAULT")
    busy = bool(row[0]) if row is not None else False
    if busy:
        log.warning("The WAL could not be emptied after VACUUM: another connection is reading")
    return Compaction(vacuumed=True, wal_emptied=not busy)


def is_compactable(engine: Engine) -> bool:
    """Whether ``compact`` does anything for this engine (SQLite)."""
    return engine.dialect.name == "sqlite"
