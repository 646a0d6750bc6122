"""Each list page's first rows through the program against the same page written by hand.

For every list of ``LIST_NAMES``: the page's default view (its default filters, default sort),
the same without filters when the page has default filters, and every sortable column in both
directions. The program does what the list model does on showing a page (``first_page``: the first
200 rows and, when the page is full, the count, in one read transaction); the baseline runs the
hand-written SQL of ``baselines.py`` on a bare ``sqlite3`` connection to the same file, the same way
(one transaction, the values converted to the program's types). Before timing, the rows of both
are compared, value and type: when they differ the baseline is wrong (or the list changed) and
``BaselineMismatch`` says where.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from baselines import HAND_LISTS, HandList, HandPage, first_difference, typed_rows
from sqlalchemy import event
from timing import Figure, figure_from, timed_pair

from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage.database import Database

PAGE = 200  # ui.common.list_model.PAGE_SIZE (not imported: that would import Qt)
LIMIT_MS = 100.0
MAX_RATIO = 3.0
MIN_SECONDS = 0.2  # each page and its baseline timed until they took this long (``timed_pair``)


class BaselineMismatch(Exception):
    """The hand-written rows differ from the program's: the baseline does not do the same work."""


@dataclass(frozen=True)
class PageCase:
    """One page to measure: the list, its filters and sort."""

    list_name: str
    filters: tuple[str, ...]
    sort_key: str | None
    descending: bool

    @property
    def title(self) -> str:
        sort = "default sort" if self.sort_key is None else f"by {self.sort_key}"
        arrow = "" if self.sort_key is None else (" ↓" if self.descending else " ↑")
        shown = f" [{', '.join(self.filters)}]" if self.filters else ""
        return f"{self.list_name}{shown}: {sort}{arrow}"


def page_cases(services: Services, names: tuple[str, ...] = LIST_NAMES) -> Iterator[PageCase]:
    """Every page to measure, list by list."""
    for name in names:
        hand = HAND_LISTS.get(name)
        user_filters = tuple(k for k in (hand.ui_filters if hand else {}) if k != "held")
        yield PageCase(name, user_filters, None, False)
        if user_filters:
            yield PageCase(name, (), None, False)
        for column in services.list_spec(name).columns:
            if column.sortable:
                for descending in (False, True):
                    yield PageCase(name, user_filters, column.key, descending)


def _query(case: PageCase) -> ListQuery:
    return ListQuery(
        filters={name: True for name in case.filters}, sort_key=case.sort_key, descending=case.descending
    )


def program_page(source: ListSource, query: ListQuery) -> Callable[[], tuple[int, list[Any]]]:
    """What the list model does when a page is shown: the first page and its count (counted only
    when the page is full), in one transaction."""

    def run() -> tuple[int, list[Any]]:
        return source.first_page(query, PAGE)

    return run


def check_same(case: PageCase, source: ListSource, hand: HandList, ours: Any, theirs: Any) -> None:
    """Raise ``BaselineMismatch`` unless the hand-written count and rows equal the program's (each
    value of the same type: a baseline that leaves a date as text does less work)."""
    (total, rows), (hand_total, hand_page) = ours, theirs
    if total != hand_total:
        raise BaselineMismatch(f"{case.title}: count {total} against {hand_total} by hand")
    mine = typed_rows(rows, source.spec.highlight is not None)
    difference = first_difference(mine, hand_page, types=True)
    if difference:
        keys = ["id", *(c.key for c in source.spec.columns), "highlight"]
        column = difference.split("column ")[-1].split(":")[0]
        where = f" ({keys[int(column)]})" if column.isdigit() and int(column) < len(keys) else ""
        raise BaselineMismatch(f"{case.title}: the hand-written page differs: {difference}{where}")


def verify_page(
    case: PageCase, services: Services, connection: sqlite3.Connection, today: date
) -> tuple[Callable[[], Any], HandPage]:
    """The program's page and the hand-written one, after checking they give the same rows."""
    hand = HAND_LISTS.get(case.list_name)
    if hand is None:
        raise BaselineMismatch(f"{case.list_name}: no hand-written SQL in baselines.py")
    if case.sort_key is not None and case.sort_key not in hand.order:
        raise BaselineMismatch(f"{case.title}: no hand-written ORDER BY for {case.sort_key!r}")
    source = services.list_source(case.list_name)
    ours = program_page(source, _query(case))
    theirs = HandPage(connection, hand, case.filters, case.sort_key, case.descending, today, PAGE)
    check_same(case, source, hand, ours(), theirs())
    return ours, theirs


def measure_page(
    case: PageCase, services: Services, connection: sqlite3.Connection, today: date, repeat: int
) -> Figure:
    """One page, verified and timed against its hand-written SQL."""
    ours, theirs = verify_page(case, services, connection, today)
    mine, by_hand = timed_pair(ours, theirs, repeat, min_seconds=MIN_SECONDS)
    rows = len(theirs()[1])
    return figure_from(
        case.title,
        mine,
        by_hand,
        "same page by hand",
        limit=LIMIT_MS,
        max_ratio=MAX_RATIO if rows else None,  # an empty list: only the fixed cost of a query
        note="" if rows else "no rows in this database",
        extra={
            "rows": len(theirs()[1]),
            "list": case.list_name,
            "sort": case.sort_key,
            "desc": case.descending,
        },
    )


def query_plans(database: Database, services: Services, case: PageCase) -> tuple[str, str]:
    """``EXPLAIN QUERY PLAN`` of the program's count and page statements, as SQLite prints them."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, params))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        program_page(services.list_source(case.list_name), _query(case))()
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
    plans = []
    with database.engine.connect() as connection:
        for statement, params in statements[-2:]:
            raw = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
            plans.append("\n".join(f"{'  ' * _depth(raw, row)}{row[-1]}" for row in raw))
    count_plan, page_plan = [*plans, "", ""][:2]
    return count_plan, page_plan


def _depth(rows: list[Any], row: Any) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent in parents and depth < 20:
        depth, parent = depth + 1, parents[parent]
    return depth
