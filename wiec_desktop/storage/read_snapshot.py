"""One snapshot for the statements of a short read: a list page and its count see the same rows.

Neither database gives that by itself. SQLite's Python drivers (``sqlite3`` and ``sqlcipher3`` in
their default mode) begin no transaction before a SELECT: each statement reads the database as it
is at that moment, so a commit in between (another thread, in WAL mode) would give a page and a
count of different states. ``begin_snapshot`` begins the read transaction explicitly there (a
deferred ``BEGIN``: no lock until the first read; the connection's rollback ends it when it is
closed). PostgreSQL begins the transaction, but at its default level (READ COMMITTED) each
statement takes a new snapshot; the transaction is begun REPEATABLE READ instead, whose snapshot
is the transaction's (for a read, no more than that: it cannot fail on a conflict).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def begin_snapshot(connection: Connection) -> None:
    """Let the statements that follow on ``connection``, until its transaction ends, read one
    snapshot of the database (see the module's docstring). Call it before the first statement; on
    a connection whose transaction has begun already (a session's) it leaves PostgreSQL's level as
    it is."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        driver = connection.connection.driver_connection
        if driver is not None and not driver.in_transaction:  # already in one: it is the snapshot
            driver.execute("BEGIN")
    elif dialect == "postgresql" and not connection.in_transaction():
        connection.execution_options(isolation_level="REPEATABLE READ")


def begin_session_snapshot(session: Session) -> None:
    """``begin_snapshot`` for ``session`` (before any statement): on PostgreSQL its transaction is
    begun REPEATABLE READ, as a session's transaction begins with its connection."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        begin_snapshot(session.connection())
