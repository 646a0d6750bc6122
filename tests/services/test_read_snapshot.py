"""A service's read sees one snapshot: its figures agree with each other when another connection
commits while it reads (SQLite's driver began no transaction before a SELECT, so each statement
of an answer read the database as it was at that moment)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import event

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


def _add_open_case(connection: sqlite3.Connection) -> None:
    """A copy of an open case with the next number, committed."""
    columns = [row[1] for row in connection.execute('PRAGMA table_info("case")') if row[1] != "id"]
    chosen = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join('(SELECT max(number) + 1 FROM "case")' if c == "number" else f'"{c}"' for c in columns)
    connection.execute(
        f'INSERT INTO "case" ({chosen}) SELECT {values} FROM "case" WHERE status != ? LIMIT 1',
        (CaseStatus.CLOSED.value,),
    )
    connection.commit()


def test_the_overzichts_cards_agree_when_a_case_is_added_while_they_are_read(
    services: Services, demo_db: Database, writer: sqlite3.Connection
) -> None:
    before = services.dashboard.summary()
    written: list[bool] = []

    def commit_after_the_first_count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not written and statement.startswith("SELECT count(*)"):
            written.append(True)
            _add_open_case(writer)

    event.listen(demo_db.engine, "after_cursor_execute", commit_after_the_first_count)
    try:
        summary = services.dashboard.summary()
    finally:
        event.remove(demo_db.engine, "after_cursor_execute", commit_after_the_first_count)
    assert written
    open_by_status = sum(n for label, n in summary.cases_by_status if label != CaseStatus.CLOSED.label)
    assert summary.open_cases == before.open_cases  # read before the commit
    assert open_by_status == summary.open_cases  # the last statement read the same snapshot
    assert services.dashboard.summary().open_cases == before.open_cases + 1  # a new read sees it
