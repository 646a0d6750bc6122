"""The list page on its bare connection on PostgreSQL: the values and types a Session gives, and
the page and its count from one snapshot (REPEATABLE READ: at READ COMMITTED each statement would
see the commits made before it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, text

from tests.postgres_server import postgres_bin_dir, running_postgres
from tests.services.listing.test_page_connection import ADD_CONTACT
from wiec_desktop.services.demo_data import build_demo
from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage.database import Database, open_database

# On CI (.ci/run installs PostgreSQL) a missing server is a failure, not a skip.
pytestmark = pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)
TODAY = date(2026, 11, 10)


@pytest.fixture(scope="module")
def pg_db() -> Iterator[Database]:
    with running_postgres() as url:
        database = open_database(url, create=True)
        build_demo(database.session_factory, today=TODAY)
        yield database
        database.close()


@pytest.fixture
def services(pg_db: Database) -> Services:
    return Services(pg_db.session_factory, today=lambda: TODAY)


def _through_a_session(database: Database, source: ListSource, query: ListQuery) -> list[tuple[Any, ...]]:
    with database.session_factory() as session:
        result = session.connection().execute(source._page(query), {"list_offset": 0, "list_limit": 10_000})
        return [tuple(row) for row in result]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_every_view_gives_the_values_and_types_of_a_session(
    services: Services, pg_db: Database, name: str
) -> None:
    source = services.list_source(name)
    views = [ListQuery()] + [
        ListQuery(sort_key=c.key, descending=True) for c in source.spec.columns if c.sortable
    ]
    for query in views:
        total, rows = source.first_page(query, 10_000)
        expected = _through_a_session(pg_db, source, query)
        if source.spec.highlight is not None:
            expected = [(*row[:-1], bool(row[-1])) for row in expected]
        mine = [
            (r.id, *r.values, r.highlight) if source.spec.highlight is not None else (r.id, *r.values)
            for r in rows
        ]
        assert total == len(rows) and mine == expected, query
        assert [tuple(map(type, row)) for row in mine] == [tuple(map(type, row)) for row in expected]


def test_a_commit_between_the_page_and_its_count_is_not_counted(services: Services, pg_db: Database) -> None:
    source = services.list_source("contacts")
    before = source.count(ListQuery())
    written: list[bool] = []

    def write_after_the_page(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not written and "IN (SELECT" in statement:  # the page, not the count
            written.append(True)
            with pg_db.engine.begin() as other:  # another connection of the pool, committed
                other.execute(text(ADD_CONTACT))

    event.listen(pg_db.engine, "after_cursor_execute", write_after_the_page)
    try:
        total, rows = source.first_page(ListQuery(), 5)
    finally:
        event.remove(pg_db.engine, "after_cursor_execute", write_after_the_page)
    assert written and len(rows) == 5
    assert total == before  # the snapshot of the page (at READ COMMITTED: before + 1)
    assert source.count(ListQuery()) == before + 1
    with pg_db.engine.connect() as connection:  # the level is the pool's default again
        assert connection.get_isolation_level() == "READ COMMITTED"
