"""A read-only table model over a small list of plain rows (the views services return): the
shared part of the meeting-mode and house-visit tables. Subclasses name their ``COLUMNS`` (Dutch,
marked with ``QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, …)``, translated when shown) and implement ``data``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS_CONTEXT = "Columns"  # the translation context of every table's column titles


class RowsModel(QAbstractTableModel, Generic[Row]):
    """``rows`` replaced as a whole by ``set_rows``; one column per entry of ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(COLUMNS_CONTEXT, self.COLUMNS[section])
        return None
