"""SQL-backed lists for the UI: columns, search, filters, sorting and paging done in SQL.

A ``ListSpec`` describes one list (its columns as SQL expressions, the FROM clause, the text
search, named filters). A ``ListSource`` runs it: ``first_page()`` (the rows and, when the page is
full, the count, in one short read transaction that reads one snapshot), ``fetch()`` of a later
page, ``count()`` and ``position()``. Each statement is built once per view of the list (search,
filters, sort; the page's offset and size are parameters; SQLAlchemy then finds it compiled in its
cache) and run on a connection straight from the engine, so showing a page again costs the query,
not building or compiling it, nor a Session around it. The Qt item models in ``ui`` wrap a
``ListSource`` and never see SQL; tests use it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Result,
    Select,
    bindparam,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables

from wiec_desktop.domain.enums import LabelledEnum
from wiec_desktop.services.base import storage_errors
from wiec_desktop.storage.read_snapshot import begin_snapshot

ValueKind = Literal["text", "int", "date", "datetime", "enum", "bool", "float"]
FilterFn = Callable[[Select[Any], Any], Select[Any]]
STATEMENTS_KEPT = 32  # built statements a source keeps (per view of the list: search, filters, sort)
_OFFSET = bindparam("list_offset", type_=Integer)
_LIMIT = bindparam("list_limit", type_=Integer)


@dataclass(frozen=True)
class ListColumn:
    """One column: its Dutch header, the SQL expression of its value, and how to sort it."""

    key: str
    header: str
    expr: ColumnElement[Any]
    kind: ValueKind = "text"
    enum: type[LabelledEnum] | None = None
    sort_exprs: tuple[ColumnElement[Any], ...] = ()
    sortable: bool = True
    give_way: int = 0  # in a narrow window, hidden before the columns of lower numbers (0: never)
    # ``sort_exprs`` run the other way round (an age in days sorts as its date, newest first): so
    # the date's index serves the sort.
    sort_reversed: bool = False
    # The listed table with only the (to-one) join this column's sort needs: the page's ids are then
    # sorted without the list's other joins, which can lead SQLite to a worse plan.
    sort_from: Callable[[Select[Any]], Select[Any]] | None = None

    def order_by(self) -> tuple[ColumnElement[Any], ...]:
        return self.sort_exprs or (self.expr,)


@dataclass(frozen=True)
class ListSpec:
    """Everything needed to list one kind of record."""

    name: str
    id_expr: ColumnElement[int]
    columns: tuple[ListColumn, ...]
    from_clause: Callable[[Select[Any]], Select[Any]]
    search_exprs: tuple[ColumnElement[Any], ...] = ()
    filters: Mapping[str, FilterFn] = field(default_factory=dict)
    default_sort: tuple[str, bool] = ("", False)  # (column key, descending)
    highlight: ColumnElement[bool] | None = None  # e.g. "overdue": the row is shown as a warning
    # The same rows as ``from_clause`` from the listed table alone (its joins are to-one and may be
    # left out), for a cheap count and the page's ids; used when the search, filters and sort need
    # no joined table (or only the sort column's ``sort_from``).
    count_from: Callable[[Select[Any]], Select[Any]] | None = None

    def column(self, key: str) -> ListColumn:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def column_index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)


@dataclass(frozen=True)
class ListRow:
    """One fetched row: the record id, raw values in column order, and the highlight flag."""

    id: int
    values: tuple[Any, ...]
    highlight: bool = False


@dataclass
class ListQuery:
    """The user's current view of a list: text search, active filters and sort order."""

    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort_key: str | None = None
    descending: bool = False


class ListSource:
    """Runs a ``ListSpec`` against the database, a page at a time."""

    def __init__(self, session_factory: sessionmaker[Session], spec: ListSpec) -> None:
        self.session_factory = session_factory
        self.spec = spec
        self._statements: dict[tuple[Any, ...], Select[Any]] = {}

    def first_page(self, query: ListQuery, limit: int) -> tuple[int, list[ListRow]]:
        """(how many rows the query has, its first ``limit`` rows), in one read transaction (one
        snapshot: the count is of the rows the page shows); a page that is not full is the count
        (no second query: a filter with few hits costs one scan)."""
        with storage_errors(), self._connect() as connection:
            begin_snapshot(connection)
            rows = self._rows(connection.execute(self._page(query), {"list_offset": 0, "list_limit": limit}))
            if len(rows) < limit:
                return len(rows), rows
            return int(connection.execute(self._count(query)).scalar_one()), rows

    def count(self, query: ListQuery) -> int:
        """How many rows the query has: from the listed table alone when it can (``count_from``),
        which an index answers, else over the joins of the list."""
        with storage_errors(), self._connect() as connection:
            return int(connection.execute(self._count(query)).scalar_one())

    def fetch(self, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
        """One page of rows in the query's order (see ``_page``)."""
        with storage_errors(), self._connect() as connection:
            return self._rows(
                connection.execute(self._page(query), {"list_offset": offset, "list_limit": limit})
            )

    def position(self, query: ListQuery, record_id: int) -> int | None:
        """Where ``record_id`` stands (0-based) in the list as ``query`` shows it, in ``fetch``'s
        order; None when the query does not list it (the window reveals a search hit with it)."""
        number = func.row_number().over(order_by=self._order(query)).label("position")
        ranked = self._filtered(select(self.spec.id_expr.label("record_id"), number), query).subquery()
        stmt = _read_by_position(select(ranked.c.position).where(ranked.c.record_id == record_id).limit(1))
        with storage_errors(), self._connect() as connection:
            found = connection.execute(stmt).scalar_one_or_none()
        return None if found is None else int(found) - 1

    def _connect(self) -> AbstractContextManager[Connection]:
        """A connection for one short read transaction, rolled back and back in the pool when the
        block ends. Straight from the engine the session factory is bound to: for Core statements
        a Session adds only its own set-up and tear-down (a fifth of a small page's time); through
        a session when the factory is bound otherwise."""
        bind = self.session_factory.kw.get("bind")  # read each time: a new passphrase rebinds it
        return bind.connect() if isinstance(bind, Engine) else self._session_connection()

    @contextmanager
    def _session_connection(self) -> Iterator[Connection]:
        """The connection of a session of the factory, for the block's length."""
        with self.session_factory() as session:
            yield session.connection()

    # --- the statements, built once per view --------------------------------------------------

    def _count(self, query: ListQuery) -> Select[Any]:
        def build() -> Select[Any]:
            stmt = self._lean_count(query)
            if stmt is None:
                stmt = self._filtered(select(func.count(func.distinct(self.spec.id_expr))), query)
            return stmt

        return self._kept(("count", *_view_key(query)), build)

    def _lean_count(self, query: ListQuery) -> Select[Any] | None:
        if self.spec.count_from is None:
            return None
        stmt = self._filtered(select(func.count()), query, self.spec.count_from)
        table = _column(self.spec.id_expr).table
        return stmt if list(stmt.get_final_froms()) == [table] else None  # no joined table needed

    def _page(self, query: ListQuery) -> Select[Any]:
        """One page of rows in the query's order, its offset and size the parameters
        ``list_offset`` and ``list_limit``.

        In two steps, in one statement: the page's ids are sorted and cut out first, from the
        filtered rows with only the sort key computed (an index serves it where one can); the
        shown columns — counts, names of joined records — are then computed for those ids only,
        not for every row that had to be sorted.
        """

        def build() -> Select[Any]:
            exprs: list[ColumnElement[Any]] = [self.spec.id_expr, *(c.expr for c in self.spec.columns)]
            if self.spec.highlight is not None:
                exprs.append(self.spec.highlight)
            order = self._order(query)
            ids = self._lean_ids(query)
            if ids is None:
                ids = self._filtered(select(self.spec.id_expr), query)
            page = ids.order_by(*order).offset(_OFFSET).limit(_LIMIT)
            return self.spec.from_clause(select(*exprs)).where(self.spec.id_expr.in_(page)).order_by(*order)

        return self._kept(("page", *_view_key(query)), build)

    def _lean_ids(self, query: ListQuery) -> Select[Any] | None:
        """The filtered ids from the listed table with only the join the sort needs (the sort
        column's ``sort_from``, else ``count_from``), when the search, filters and sort need no
        other table; else None (then the list's whole FROM clause)."""
        key = query.sort_key or self.spec.default_sort[0]
        sort_from = self.spec.column(key).sort_from if key else None
        lean_from = sort_from or self.spec.count_from
        if lean_from is None:
            return None
        base = lean_from(select(self.spec.id_expr))
        stmt = self._filtered(base, query, lambda built: built)  # ``base`` has its FROM already
        tables = _from_tables(base)
        sorted_by = {t for e in self._order(query) for t in find_tables(_column(e), check_columns=True)}
        lean = _from_tables(stmt) == tables and sorted_by <= frozenset().union(*tables)
        return stmt if lean else None  # else a filter, the search or the sort needs another table

    def _kept(self, key: tuple[Any, ...], build: Callable[[], Select[Any]]) -> Select[Any]:
        """The statement for ``key``, built on first use (a view whose filter values cannot be a
        key is built each time)."""
        try:
            stmt = self._statements.get(key)
        except TypeError:  # an unhashable filter value
            return _read_by_position(build())
        if stmt is None:
            stmt = _read_by_position(build())
            if len(self._statements) >= STATEMENTS_KEPT:
                self._statements.pop(next(iter(self._statements)))
            self._statements[key] = stmt
        return stmt

    def _rows(self, result: Result[Any]) -> list[ListRow]:
        """The fetched rows (all at once) as ``ListRow``s: the values as SQLAlchemy's result
        processors made them (dates, enums, booleans), a slice of each row, built positionally."""
        n = len(self.spec.columns)
        if self.spec.highlight is None:
            return [ListRow(row[0], row[1 : n + 1]) for row in result.all()]
        return [ListRow(row[0], row[1 : n + 1], bool(row[n + 1])) for row in result.all()]

    def _filtered(
        self,
        stmt: Select[Any],
        query: ListQuery,
        from_clause: Callable[[Select[Any]], Select[Any]] | None = None,
    ) -> Select[Any]:
        stmt = (from_clause or self.spec.from_clause)(stmt)
        words = query.search.split()
        for word in words:
            pattern = f"%{_escape_like(word)}%"
            stmt = stmt.where(
                or_(*(func.lower(e).like(pattern.lower(), escape="\\") for e in self.spec.search_exprs))
            )
        for name, value in query.filters.items():
            if value is None or value == "" or value is False:
                continue
            try:
                apply = self.spec.filters[name]
            except KeyError:
                raise KeyError(f"Unknown filter {name!r} for list {self.spec.name}") from None
            stmt = apply(stmt, value)
        return stmt

    def _order(self, query: ListQuery) -> list[ColumnElement[Any]]:
        key, descending = (query.sort_key, query.descending) if query.sort_key else self.spec.default_sort
        order: list[ColumnElement[Any]] = []
        if key:
            table = _column(self.spec.id_expr).table
            column = self.spec.column(key)
            down = descending != column.sort_reversed
            for expr in column.order_by():
                if _never_null(expr, table):  # as an index has it: no NULLS LAST to sort by
                    order.append(expr.desc() if down else expr.asc())
                else:
                    order.append(expr.desc().nulls_last() if down else expr.asc().nulls_last())
        order.append(self.spec.id_expr.desc() if descending else self.spec.id_expr.asc())
        return order


def _read_by_position(stmt: Select[Any]) -> Select[Any]:
    """``stmt``, its rows read by position only (as ``_rows`` and the counts do).

    A statement that finds its compiled form in SQLAlchemy's cache but is not the statement that
    was compiled (the same view in another ``ListSource``, as each page and the audit log make
    their own; the default sort and the same sort chosen) has its result's key map rewritten on
    every execution, so that ``row._mapping[column]`` works with its own Column objects: a tenth
    of a millisecond per page. Read by position, no key map is needed; the (private) option the
    ORM uses for the same reason leaves it out. Should a later SQLAlchemy drop it, the rows stay
    the same, only that rewrite comes back."""
    return stmt.execution_options(_result_disable_adapt_to_context=True)


def _view_key(query: ListQuery) -> tuple[Any, ...]:
    """What makes a list's statements differ: search words, filters and their values, sort."""
    filters = tuple(sorted((name, value) for name, value in query.filters.items()))
    return (tuple(query.search.split()), filters, query.sort_key, query.descending)


def _from_tables(stmt: Select[Any]) -> list[frozenset[Any]]:
    """The tables of each item of a statement's FROM list (a join: the tables it joins)."""
    return [frozenset(find_tables(item, include_joins=False)) for item in stmt.get_final_froms()]


def _column(expr: Any) -> Any:
    """The Core element of an expression (the ``Column`` behind a mapped attribute)."""
    return expr.__clause_element__() if hasattr(expr, "__clause_element__") else expr


def _never_null(expr: ColumnElement[Any], table: Any) -> bool:
    """A NOT NULL column of the listed table itself (a joined table's column may be NULL), or the
    start of one (``substr(column, …)``, as an index on it has it)."""
    column = _column(expr)
    if isinstance(column, FunctionElement) and column.name == "substr":
        return _never_null(next(iter(column.clauses)), table)
    return isinstance(column, Column) and column.table is table and not column.nullable


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def format_value(value: Any, column: ListColumn) -> str:
    """The Dutch display text of a raw value (dates dd-mm-jjjj, enums by label, yes/no)."""
    if value is None:
        return ""
    if column.kind == "enum" and column.enum is not None:
        return column.enum(value).label if not isinstance(value, Enum) else value.label  # type: ignore[attr-defined]
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if column.kind == "bool":
        return "ja" if value else "nee"
    if column.kind == "float":
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def values_by_key(spec: ListSpec, row: ListRow) -> dict[str, Any]:
    return {c.key: v for c, v in zip(spec.columns, row.values, strict=True)}


__all__: Sequence[str] = (
    "ListColumn",
    "ListQuery",
    "ListRow",
    "ListSource",
    "ListSpec",
    "format_value",
    "values_by_key",
)
