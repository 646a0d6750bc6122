"""A list page run on a bare connection from the engine (issue 14, small pages within 3x of their
hand-written SQL): the same rows, values and types as through a Session, with statements kept
across pages as built fresh; and the page and its count read one snapshot, also on SQLite, whose
driver begins no transaction before a SELECT."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine.cursor import CursorResultMetaData
from sqlalchemy.orm import sessionmaker

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ActionStatus, AuditKind
from wiec_desktop.services.listing.source import ListQuery, ListRow, ListSource
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage.database import Database

PARAMETERS = {"list_offset": 0, "list_limit": 10_000}
ADD_CONTACT = (  # a copy of a contact, as a commit made by another connection
    "INSERT INTO contact (organisation_id, name, function, email, phone, receives_reports, active,"
    " created_at, updated_at, version) SELECT organisation_id, 'Nieuw', function, email, phone,"
    " receives_reports, active, created_at, updated_at, 1 FROM contact LIMIT 1"
)


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


def _views(source: ListSource) -> list[ListQuery]:
    views = [ListQuery()]
    for column in source.spec.columns:
        if column.sortable:
            views += [ListQuery(sort_key=column.key), ListQuery(sort_key=column.key, descending=True)]
    return views


def _through_a_session(database: Database, source: ListSource, query: ListQuery) -> list[tuple[Any, ...]]:
    """The page's statement run as it was before: on a Session's connection, rows as tuples."""
    with database.session_factory() as session:
        return [tuple(row) for row in session.connection().execute(source._page(query), PARAMETERS)]


def _as_tuples(source: ListSource, rows: list[ListRow]) -> list[tuple[Any, ...]]:
    if source.spec.highlight is None:
        return [(row.id, *row.values) for row in rows]
    return [(row.id, *row.values, row.highlight) for row in rows]


def _types(rows: list[tuple[Any, ...]]) -> list[tuple[type, ...]]:
    return [tuple(type(value) for value in row) for row in rows]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_every_view_gives_the_values_and_types_of_a_session(
    services: Services, demo_db: Database, name: str
) -> None:
    source = services.list_source(name)
    for query in _views(source):
        total, rows = source.first_page(query, 10_000)
        expected = _through_a_session(demo_db, source, query)
        if source.spec.highlight is not None:
            expected = [(*row[:-1], bool(row[-1])) for row in expected]
        assert total == len(rows)
        assert _as_tuples(source, rows) == expected, query
        assert _types(_as_tuples(source, rows)) == _types(expected), query  # a date stays a date
        assert all(type(row.values) is tuple for row in rows)


def test_dates_enums_booleans_and_nulls_come_out_as_the_program_shows_them(services: Services) -> None:
    _, audit = services.list_source("audit").first_page(ListQuery(), 50)
    assert all(isinstance(r.values[0], datetime) and isinstance(r.values[2], AuditKind) for r in audit)
    _, contacts = services.list_source("contacts").first_page(ListQuery(), 50)
    assert {type(r.values[5]) for r in contacts} == {bool}
    actions = services.list_source("actions")
    _, rows = actions.first_page(ListQuery(), 10_000)
    due, status, contact = (actions.spec.column_index(k) for k in ("due_date", "status", "contact"))
    assert all(isinstance(r.values[status], ActionStatus) and type(r.highlight) is bool for r in rows)
    assert {type(r.values[due]) for r in rows} == {date, type(None)}  # actions without a deadline
    assert {type(r.values[contact]) for r in rows} == {str, type(None)}  # and without a contact


@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_kept_statement_gives_the_pages_of_one_built_fresh(services: Services, name: str) -> None:
    kept = services.list_source(name)
    for query in _views(kept)[:5]:
        first = kept.fetch(query, 0, 7)
        again = [kept.fetch(query, offset, 7) for offset in (0, 7, 14)]
        fresh = [services.list_source(name).fetch(query, offset, 7) for offset in (0, 7, 14)]
        assert kept._page(query) is kept._page(query)  # the same statement, reused
        assert again == fresh and again[0] == first
        everything = kept.fetch(query, 0, 10_000)
        assert [row for page in again for row in page] == everything[:21]


def _add_contact(connection: sqlite3.Connection) -> None:
    connection.execute(ADD_CONTACT)
    connection.commit()


def test_a_commit_between_the_page_and_its_count_is_not_counted(
    services: Services, demo_db: Database, writer: sqlite3.Connection
) -> None:
    source = services.list_source("contacts")
    before, _ = source.first_page(ListQuery(), 10_000)
    written: list[str] = []

    def write_after_the_page(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "list_offset" not in written and "IN (SELECT" in statement:  # the page, not the count
            written.append("list_offset")
            _add_contact(writer)

    event.listen(demo_db.engine, "after_cursor_execute", write_after_the_page)
    try:
        total, rows = source.first_page(ListQuery(), 5)
    finally:
        event.remove(demo_db.engine, "after_cursor_execute", write_after_the_page)
    assert written and len(rows) == 5
    assert total == before  # the count of the snapshot the page was read from (before: before + 1)
    assert source.count(ListQuery()) == before + 1  # a new transaction sees the commit


def test_the_connection_is_left_with_no_transaction_open(services: Services, demo_db: Database) -> None:
    source = services.list_source("audit")
    source.first_page(ListQuery(), 5)
    with demo_db.engine.connect() as connection:  # the pool's one connection, back from the page
        assert not connection.connection.driver_connection.in_transaction


def test_a_session_factory_bound_to_a_connection_is_served_through_a_session(
    services: Services, demo_db: Database
) -> None:
    with demo_db.engine.connect() as connection:
        bound = ListSource(sessionmaker(bind=connection), services.list_spec("actions"))
        total, rows = bound.first_page(ListQuery(sort_key="due_date"), 20)
    assert (total, rows) == services.list_source("actions").first_page(ListQuery(sort_key="due_date"), 20)
    assert total > 20


def test_the_rows_of_another_sources_statements_are_not_remapped_per_execution(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page makes its own ``ListSource``: its statements find the compiled form another
    source's statements left in SQLAlchemy's cache; read by position, their results need no key
    map of their own (rebuilt on every execution: a tenth of a millisecond a page)."""
    remapped: list[object] = []
    original = CursorResultMetaData._adapt_to_context

    def counting(self: CursorResultMetaData, context: Any) -> CursorResultMetaData:
        remapped.append(context)
        return original(self, context)

    monkeypatch.setattr(CursorResultMetaData, "_adapt_to_context", counting)
    query = ListQuery(sort_key="name")
    first = services.list_source("contacts")
    expected = first.first_page(query, 10), first.fetch(ListQuery(), 0, 5), first.count(query)
    second = services.list_source("contacts")  # the same statements, built anew
    again = second.first_page(query, 10), second.fetch(ListQuery(), 0, 5), second.count(query)
    assert again == expected and second.position(query, expected[0][1][3].id) == 3
    assert remapped == []
