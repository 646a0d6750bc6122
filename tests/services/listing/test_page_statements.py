"""Issue 14's list pages at five years of data: a page is one transaction with statements built
once per view; Signalen sorted by text is served by the index on the text's first characters and
sorted by case without the list's other joins — with exactly the rows of the plain ORDER BY."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Case, Signal
from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def transactions(demo_db: Database) -> Iterator[list[str]]:
    """Each transaction begun on the database while the test runs."""
    begun: list[str] = []

    def on_begin(_connection: Any) -> None:
        begun.append("begin")

    event.listen(demo_db.engine, "begin", on_begin)
    yield begun
    event.remove(demo_db.engine, "begin", on_begin)


def _plan(database: Database, source: ListSource, query: ListQuery) -> str:
    stmt = source._page(query).compile(database.engine)
    params = stmt.construct_params({"list_offset": 0, "list_limit": 200})
    sql = stmt.string
    with database.engine.connect() as connection:
        values = [params[name] for name in stmt.positiontup or ()]
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple(values)).all()
    return "\n".join(row[-1] for row in rows)


def test_a_full_first_page_and_its_count_are_one_transaction(
    services: Services, transactions: list[str]
) -> None:
    source = services.list_source("signals")
    total, rows = source.first_page(ListQuery(), 5)
    assert len(rows) == 5 and total > 5
    assert transactions == ["begin"]  # before: the page and the count each in their own


def test_a_short_first_page_is_one_query(services: Services, demo_db: Database) -> None:
    statements: list[str] = []
    event.listen(demo_db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    total, rows = services.list_source("contacts").first_page(ListQuery(), 10_000)
    assert total == len(rows) > 0 and len(statements) == 1


def test_the_statements_of_a_view_are_built_once(services: Services) -> None:
    source = services.list_source("cases")
    query = ListQuery(search="jongeren", filters={"open": True}, sort_key="title", descending=True)
    assert source._page(query) is source._page(query)
    assert source._count(query) is source._count(query)
    other = ListQuery(search="jongeren", filters={"open": True}, sort_key="title")
    assert source._page(other) is not source._page(query)
    first = source.fetch(query, 0, 3)
    assert source.fetch(query, 0, 3) == first and source.fetch(query, 3, 3) != first


@pytest.mark.parametrize("descending", [False, True])
def test_signals_by_text_are_sorted_as_the_plain_order_by_the_index(
    services: Services, demo_db: Database, descending: bool
) -> None:
    source = services.list_source("signals")
    query = ListQuery(sort_key="text", descending=descending)
    text = Signal.text.desc() if descending else Signal.text.asc()
    ident = Signal.id.desc() if descending else Signal.id.asc()
    with demo_db.session_factory() as session:
        plain = list(session.scalars(select(Signal.id).order_by(text, ident)))
    shown = [row.id for row in source.fetch(query, 0, len(plain) + 1)]
    assert shown == plain
    assert "ix_signal_text_prefix" in _plan(demo_db, source, query)


@pytest.mark.parametrize("descending", [False, True])
def test_signals_by_case_are_sorted_without_the_theme_join(
    services: Services, demo_db: Database, descending: bool
) -> None:
    source = services.list_source("signals")
    query = ListQuery(sort_key="case", descending=descending)
    keys = (Case.year, Case.number)
    order = [k.desc().nulls_last() if descending else k.asc().nulls_last() for k in keys]
    order.append(Signal.id.desc() if descending else Signal.id.asc())
    with demo_db.session_factory() as session:
        plain = list(
            session.scalars(select(Signal.id).outerjoin(Case, Case.id == Signal.case_id).order_by(*order))
        )
    assert [row.id for row in source.fetch(query, 0, len(plain) + 1)] == plain
    page_ids = source._page(query).compile(demo_db.engine).string.split("IN (", 1)[1]
    assert "theme" not in page_ids.split(") ORDER BY")[0]  # the page's ids: signal and case only
    searched = ListQuery(search="a", sort_key="case")  # the search needs the theme: the whole FROM
    assert "theme" in source._page(searched).compile(demo_db.engine).string.split("IN (", 1)[1]
