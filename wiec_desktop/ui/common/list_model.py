"""``SqlListModel``: a Qt table model over a ``ListSource``; paging, sorting and filtering in SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
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
HIGHLIGHT_COLOR = QColor("#fde3e1")
NUMERIC_KINDS = frozenset({"int", "float"})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


class SqlListModel(QAbstractTableModel):
    """Rows of one list, fetched ``page_size`` at a time as the view scrolls.

    Nothing is read until ``load()``; after that every change of search, filter or sort order
    re-runs the query and resets the model. ``refreshed`` is emitted after each reset.
    """

    refreshed = Signal()

    def __init__(
        self,
        source: ListSource,
        *,
        page_size: int = PAGE_SIZE,
        highlight_tip: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.columns: tuple[ListColumn, ...] = source.spec.columns
        self.page_size = page_size
        self.highlight_tip = highlight_tip
        self.query = ListQuery()
        self.total = 0
        self.loaded = False
        self._rows: list[ListRow] = []
        self._brush = QBrush(HIGHLIGHT_COLOR)

    # --- what to show --------------------------------------------------------------------------

    def load(self) -> None:
        """Fetch the first page (again) and count the rows; a first page that is not full is the
        count (no second query: a filter or search with few hits costs one scan, not two)."""
        self.beginResetModel()
        self.total, self._rows = self.source.first_page(self.query, self.page_size)  # one transaction
        self.loaded = True
        self.endResetModel()
        self.refreshed.emit()

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

    def row(self, row: int) -> ListRow:
        return self._rows[row]

    def record_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of_id(self, record_id: int) -> int | None:
        for number, item in enumerate(self._rows):
            if item.id == record_id:
                return number
        return None

    def column_of_key(self, key: str) -> int:
        return self.source.spec.column_index(key)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.loaded and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = self.source.fetch(self.query, len(self._rows), self.page_size)
        if not more:
            self.total = len(self._rows)  # rows were deleted meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
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
