"""SQL-backed lists for the UI: columns, search, filters, sorting and paging done in SQL.

A ``ListSpec`` describes one list (its columns as SQL expressions, the FROM clause, the text
search, named filters). A ``ListSource`` runs it: ``count()`` and ``fetch()`` of one page at a time,
each in its own short read transaction. The Qt item models in ``ui`` wrap a ``ListSource`` and never
see SQL; tests use it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from sqlalchemy import Column, ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain.enums import LabelledEnum
from wiec_desktop.services.base import storage_errors

ValueKind = Literal["text", "int", "date", "datetime", "enum", "bool", "float"]
FilterFn = Callable[[Select[Any], Any], Select[Any]]


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
    # left out), for a cheap count; used when the search and filters need no joined table.
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

    def count(self, query: ListQuery) -> int:
        """How many rows the query has: from the listed table alone when it can (``count_from``),
        which an index answers, else over the joins of the list."""
        stmt = self._lean_count(query)
        if stmt is None:
            stmt = self._filtered(select(func.count(func.distinct(self.spec.id_expr))), query)
        with storage_errors(), self.session_factory() as session:
            return int(session.execute(stmt).scalar_one())

    def _lean_count(self, query: ListQuery) -> Select[Any] | None:
        if self.spec.count_from is None:
            return None
        stmt = self._filtered(select(func.count()), query, self.spec.count_from)
        table = _column(self.spec.id_expr).table
        return stmt if list(stmt.get_final_froms()) == [table] else None  # no joined table needed

    def fetch(self, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
        """One page of rows in the query's order.

        In two steps, in one statement: the page's ids are sorted and cut out first, from the
        filtered rows with only the sort key computed (an index serves it where one can); the
        shown columns — counts, names of joined records — are then computed for those ids only,
        not for every row that had to be sorted.
        """
        exprs: list[ColumnElement[Any]] = [self.spec.id_expr, *(c.expr for c in self.spec.columns)]
        if self.spec.highlight is not None:
            exprs.append(self.spec.highlight)
        order = self._order(query)
        page = self._filtered(select(self.spec.id_expr), query).order_by(*order).offset(offset).limit(limit)
        stmt = self.spec.from_clause(select(*exprs)).where(self.spec.id_expr.in_(page)).order_by(*order)
        with storage_errors(), self.session_factory() as session:
            rows = session.execute(stmt).all()
        n = len(self.spec.columns)
        return [
            ListRow(
                id=row[0],
                values=tuple(row[1 : n + 1]),
                highlight=bool(row[n + 1]) if self.spec.highlight is not None else False,
            )
            for row in rows
        ]

    def position(self, query: ListQuery, record_id: int) -> int | None:
        """Where ``record_id`` stands (0-based) in the list as ``query`` shows it, in ``fetch``'s
        order; None when the query does not list it (the window reveals a search hit with it)."""
        number = func.row_number().over(order_by=self._order(query)).label("position")
        ranked = self._filtered(select(self.spec.id_expr.label("record_id"), number), query).subquery()
        stmt = select(ranked.c.position).where(ranked.c.record_id == record_id).limit(1)
        with storage_errors(), self.session_factory() as session:
            found = session.execute(stmt).scalar_one_or_none()
        return None if found is None else int(found) - 1

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


def _column(expr: Any) -> Any:
    """The Core element of an expression (the ``Column`` behind a mapped attribute)."""
    return expr.__clause_element__() if hasattr(expr, "__clause_element__") else expr


def _never_null(expr: ColumnElement[Any], table: Any) -> bool:
    """A NOT NULL column of the listed table itself (a joined table's column may be NULL)."""
    column = _column(expr)
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
