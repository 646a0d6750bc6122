"""The lists at scale keep their results: the page sorted in two steps, NULLS LAST left out where no
value is NULL, an age sorted by its date and the cheap count give exactly the rows, order and count
of the plain query they replace; and the sorts an index can serve are served by one (``EXPLAIN
QUERY PLAN``: SQLite plans without statistics, so an empty database plans as a large one does)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage.database import Database


def _plain_order(source: ListSource, query: ListQuery) -> list[ColumnElement[Any]]:
    """The order as it was written before: every sort key NULLS LAST, an age by its value."""
    spec = source.spec
    key, descending = (query.sort_key, query.descending) if query.sort_key else spec.default_sort
    order: list[ColumnElement[Any]] = []
    if key:
        column = spec.column(key)
        exprs = (column.expr,) if column.sort_reversed else column.order_by()
        order += [e.desc().nulls_last() if descending else e.asc().nulls_last() for e in exprs]
    order.append(spec.id_expr.desc() if descending else spec.id_expr.asc())
    return order


def _plain_page(session: Session, source: ListSource, query: ListQuery, offset: int, limit: int) -> list[Any]:
    """One page as one plain query: every column computed for every row, sorted, cut."""
    spec = source.spec
    stmt = source._filtered(select(spec.id_expr, *(c.expr for c in spec.columns)), query)
    return [
        tuple(row)
        for row in session.execute(stmt.order_by(*_plain_order(source, query)).offset(offset).limit(limit))
    ]


def _queries(source: ListSource) -> list[ListQuery]:
    queries = [ListQuery()]
    for column in source.spec.columns:
        if column.sortable:
            queries += [ListQuery(sort_key=column.key), ListQuery(sort_key=column.key, descending=True)]
    return queries


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


@pytest.mark.parametrize("name", LIST_NAMES)
def test_every_sort_gives_the_rows_of_the_plain_query(services: Services, name: str) -> None:
    source = services.list_source(name)
    with services.session_factory() as session:
        for query in _queries(source):
            for offset in (0, 3):  # the first page and a later one (small pages: many ties cut)
                rows = [(row.id, *row.values) for row in source.fetch(query, offset, 5)]
                assert rows == _plain_page(session, source, query, offset, 5), (query, offset)


def _filter_values(services: Services, source: ListSource) -> dict[str, Any]:
    """One value per filter of the list that selects some but usually not all rows."""
    samples = {"status": None, "kind": None, "source": None, "outcome": None}
    values: dict[str, Any] = {}
    for name in source.spec.filters:
        if name in samples:
            column = next(c for c in source.spec.columns if c.key == name)
            assert column.enum is not None
            values[name] = next(iter(column.enum)).value
        elif name == "street":
            values[name] = "Ruinenlaan"
        elif name in {"theme", "area", "organisation", "case", "meeting", "round", "lead", "assignment"}:
            values[name] = 1
        else:
            values[name] = True
    return values


@pytest.mark.parametrize("name", LIST_NAMES)
def test_the_cheap_count_counts_what_the_list_shows(services: Services, name: str) -> None:
    source = services.list_source(name)
    queries = [ListQuery(), ListQuery(search="a"), ListQuery(search="de 20")]
    queries += [ListQuery(filters={f: v}) for f, v in _filter_values(services, source).items()]
    queries += [ListQuery(search="e", filters={f: v}) for f, v in _filter_values(services, source).items()]
    full_count = select(func.count(func.distinct(source.spec.id_expr)))
    with services.session_factory() as session:
        for query in queries:
            expected = session.execute(source._filtered(full_count, query)).scalar_one()
            assert source.count(query) == expected == len(source.fetch(query, 0, 10_000)), query
    assert source._lean_count(ListQuery()) is not None  # every list counts its own table alone


# Sorts an index serves (the page's ids read in index order, no sorting of the whole table).
INDEXED_SORTS = {
    "cases": {"reference", "title", "status", "opened_on"},
    "organisations": {"name"},
    "contacts": {"name"},
    "meetings": {"date", "status"},
    "actions": {"reference", "due_date", "status"},
    "signals": {"received_on", "source", "street", "status", "age"},
    "house_visits": {"visited_on", "outcome", "rating"},
    "reports": {"date"},
    "audit": {"occurred_at", "actor", "kind", "entity_id", "detail"},
}


def _page_plan(db: Database, source: ListSource, query: ListQuery) -> list[str]:
    spec = source.spec
    ids = source._filtered(select(spec.id_expr), query).order_by(*source._order(query)).limit(200)
    sql = str(ids.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as connection:
        return [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_the_default_sort_and_the_indexed_sorts_read_an_index(db: Database, name: str) -> None:
    services = Services(db.session_factory, today=lambda: DEMO_TODAY)
    source = services.list_source(name)
    default_key = source.spec.default_sort[0]
    assert default_key in INDEXED_SORTS[name]
    for key in INDEXED_SORTS[name]:
        for descending in (False, True):
            plan = _page_plan(db, source, ListQuery(sort_key=key, descending=descending))
            assert "USING" in plan[0] and "INDEX" in plan[0], (key, plan)
            assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), (key, descending, plan)
