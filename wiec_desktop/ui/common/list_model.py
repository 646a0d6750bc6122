"""``SqlListModel``: a Qt table model over a ``ListSource``; paging, sorting and filtering in SQL.

The model addresses rows by position: once loaded it has as many rows as the list (the count the
first page comes with), and a row is read with its whole page when the view first asks for it, so
that scrolling to the end, the End key or opening a search hit far down reads the pages shown,
never the rows above them. At most ``pages_kept`` pages stay in memory (the first always, the
others the ones used last).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from wiec_desktop.services.listing.source import ListColumn, ListQuery, ListRow, ListSource, format_value
from wiec_desktop.ui.common.labels import tooltip
from wiec_desktop.ui.common.rows_model import COLUMNS_CONTEXT

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE_SIZE = 200
PAGES_KEPT = 32  # pages in memory at most (6,400 rows of 200): the first and the last used
HIGHLIGHT_COLOR = QColor("#fde3e1")
NUMERIC_KINDS = frozenset({"int", "float"})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


class SqlListModel(QAbstractTableModel):
    """Rows of one list, read ``page_size`` at a time where the view looks (see the module docstring).

    Nothing is read until ``load()``; after that every change of search, filter or sort order
    re-runs the query and resets the model (its pages dropped). ``refreshed`` is emitted after each
    reset. A page that comes back with other rows than the count promised (rows deleted or added
    meanwhile) makes the model count again and reset, on the next turn of the event loop; once
    until the next ``load()`` from elsewhere, so that a page that keeps disagreeing cannot make the
    model reset over and over.
    """

    refreshed = Signal()

    def __init__(
        self,
        source: ListSource,
        *,
        page_size: int = PAGE_SIZE,
        pages_kept: int = PAGES_KEPT,
        highlight_tip: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.columns: tuple[ListColumn, ...] = source.spec.columns
        self.page_size = page_size
        self.pages_kept = max(2, pages_kept)
        self.highlight_tip = highlight_tip
        self.query = ListQuery()
        self.total = 0
        self.loaded = False
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()  # page number → rows, last used last
        self._brush = QBrush(HIGHLIGHT_COLOR)
        self._recount = QTimer(self)  # the list changed under the model: count again, then reset
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self._count_again)
        self._recounted = False  # the last reset was a recount (a page that disagrees again: no loop)

    # --- what to show --------------------------------------------------------------------------

    def load(self) -> None:
        """Fetch the first page (again) and count the rows; a first page that is not full is the
        count (no second query: a filter or search with few hits costs one scan, not two)."""
        self._recount.stop()
        self._recounted = False
        self.beginResetModel()
        self.total, first = self.source.first_page(self.query, self.page_size)  # one transaction
        self._pages = OrderedDict({0: first})
        self.loaded = True
        self.endResetModel()
        self.refreshed.emit()

    def _count_again(self) -> None:
        self.load()
        self._recounted = True

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.load()

    def set_search(self, text: str) -> None:
        text = text.strip()
        if text != self.query.search:
            self.query.search = text
            self._changed()

    def set_filter(self, name: str, value: Any) -> None:
        """Apply filter ``name`` of the list spec; ``None``, ``""`` or ``False`` removes it."""
        self.set_filters({name: value})

    def set_filters(self, changes: dict[str, Any]) -> None:
        """Apply several filters with one query."""
        before = dict(self.query.filters)
        for name, value in changes.items():
            if name not in self.source.spec.filters:
                raise KeyError(f"Unknown filter {name!r} for list {self.source.spec.name}")
            if value is None or value == "" or value is False:
                self.query.filters.pop(name, None)
            else:
                self.query.filters[name] = value
        if self.query.filters != before:
            self._changed()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        key = self.columns[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (self.query.sort_key, self.query.descending) != (key, descending):
            self.query.sort_key, self.query.descending = key, descending
            self._changed()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        """The effective sort column and order (the spec's default until the user sorts)."""
        key, descending = (
            (self.query.sort_key, self.query.descending)
            if self.query.sort_key
            else self.source.spec.default_sort
        )
        column = self.source.spec.column_index(key) if key else -1
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return column, order

    def _changed(self) -> None:
        if self.loaded:
            self.load()

    # --- access for views and tests ------------------------------------------------------------

    def row_at(self, row: int) -> ListRow | None:
        """Row ``row``, its page read first when it is not in memory; None outside the list, or
        beyond the rows it still has (deleted since it was counted: a recount follows)."""
        if not 0 <= row < self.total:
            return None
        number, offset = divmod(row, self.page_size)
        rows = self._page(number)
        return rows[offset] if offset < len(rows) else None

    def row(self, row: int) -> ListRow:
        """Row ``row`` (read with its page if need be); ``IndexError`` when the list has no such row."""
        item = self.row_at(row)
        if item is None:
            raise IndexError(f"row {row} of {self.total}")
        return item

    def record_id(self, row: int) -> int:
        return self.row(row).id

    def row_of_id(self, record_id: int) -> int | None:
        """The row of ``record_id`` among the pages in memory (nothing is read); None when it is not
        in one of them (``ListSource.position`` finds it in the whole list)."""
        for number, rows in self._pages.items():
            for offset, item in enumerate(rows):
                if item.id == record_id:
                    row = number * self.page_size + offset
                    return row if row < self.total else None
        return None

    def pages_in_memory(self) -> list[int]:
        """The numbers of the pages held, in page order."""
        return sorted(self._pages)

    def first_rows_read(self) -> int:
        """How many rows from the top are in memory (nothing is read): what the columns are fitted to."""
        count = 0
        for number in range(len(self._pages)):
            rows = self._pages.get(number)
            if rows is None:
                break
            count += len(rows)
            if len(rows) < self.page_size:
                break
        return min(count, self.total)

    def _page(self, number: int) -> list[ListRow]:
        """Page ``number``: from memory (then it becomes the last used), else read now, the page
        used longest ago (never the first) making way when ``pages_kept`` are held."""
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        offset = number * self.page_size
        rows = self.source.fetch(self.query, offset, self.page_size)
        if len(rows) != min(self.page_size, self.total - offset) and not self._recounted:
            self._recount.start()  # rows deleted or added meanwhile
        self._pages[number] = rows
        while len(self._pages) > self.pages_kept:
            del self._pages[next(n for n in self._pages if n != 0)]
        return rows

    def column_of_key(self, key: str) -> int:
        return self.source.spec.column_index(key)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.loaded else self.total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Never: no rows are appended, every row is there by position (and read with its page)."""
        return False

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = self.columns[index.column()]
        value = item.values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, column)
        if role == ID_ROLE:
            return item.id
        if role == SORT_ROLE:
            return value
        if role == HIGHLIGHT_ROLE:
            return item.highlight
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in NUMERIC_KINDS else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole and item.highlight:
            return self._brush
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.highlight and self.highlight_tip:
                return self.highlight_tip
            text = format_value(value, column)
            return tooltip(text) if len(text) > 40 else None
        return None

    def match(
        self,
        start: AnyIndex,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        """Qt's ``match`` (typing in the table jumps to a row) among the rows in memory only: Qt's
        own would read every page of the list, row by row."""
        bits = flags.value if isinstance(flags, Qt.MatchFlag) else int(flags)
        matches = _matcher(value, bits)
        column, first = start.column(), start.row()
        rows = sorted(
            number * self.page_size + offset
            for number, page in self._pages.items()
            for offset in range(len(page))
            if number * self.page_size + offset < self.total
        )
        ordered = [r for r in rows if r >= first]
        if bits & Qt.MatchFlag.MatchWrap.value:
            ordered += [r for r in rows if r < first]
        found: list[QModelIndex] = []
        for row in ordered:
            index = self.index(row, column)
            if matches(self.data(index, role)):
                found.append(index)
                if len(found) == hits:
                    break
        return found

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(COLUMNS_CONTEXT, column.header)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.kind in NUMERIC_KINDS else _LEFT
        return None


def _matcher(value: Any, bits: int) -> Callable[[Any], bool]:
    """The test of one cell's data that ``QAbstractItemModel.match`` makes for ``bits`` (its flags)."""
    kind = bits & Qt.MatchFlag.MatchTypeMask.value
    case = bool(bits & Qt.MatchFlag.MatchCaseSensitive.value)
    if kind == Qt.MatchFlag.MatchExactly.value:
        return lambda data: data == value
    if kind in (Qt.MatchFlag.MatchRegularExpression.value, Qt.MatchFlag.MatchWildcard.value):
        if kind == Qt.MatchFlag.MatchWildcard.value:
            sensitivity = Qt.CaseSensitivity.CaseSensitive if case else Qt.CaseSensitivity.CaseInsensitive
            expression = QRegularExpression.fromWildcard(str(value), sensitivity)  # the whole text
        else:
            option = QRegularExpression.PatternOption
            expression = QRegularExpression(
                str(value), option.NoPatternOption if case else option.CaseInsensitiveOption
            )
        return lambda data: data is not None and expression.match(str(data)).hasMatch()
    wanted = str(value) if case else str(value).casefold()
    tests: dict[int, Callable[[str], bool]] = {
        Qt.MatchFlag.MatchContains.value: lambda text: wanted in text,
        Qt.MatchFlag.MatchStartsWith.value: lambda text: text.startswith(wanted),
        Qt.MatchFlag.MatchEndsWith.value: lambda text: text.endswith(wanted),
    }
    test = tests.get(kind, lambda text: text == wanted)  # MatchFixedString
    return lambda data: data is not None and test(str(data) if case else str(data).casefold())
