"""The inbox table: untriaged signals, oldest first, with their age (overdue ones in red)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.signals.triage import InboxRow
from wiec_desktop.ui.common.labels import tooltip

SIGNAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_COLOR = QColor("#b3261e")
AGE, TEXT, THEME, PLACE = range(4)
TEXT_CHARS = 160

AnyIndex = QModelIndex | QPersistentModelIndex


class InboxModel(QAbstractTableModel):
    """Read-only rows of ``InboxRow``; ``SIGNAL_ID_ROLE`` gives a row's signal id."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[InboxRow] = []
        headers = {
            AGE: self.tr("Leeftijd"),
            TEXT: self.tr("Signaal"),
            THEME: self.tr("Thema"),
            PLACE: self.tr("Adres of straat"),
        }
        self._headers = tuple(headers[column] for column in sorted(headers))
        self._stale_brush = QBrush(STALE_COLOR)

    def set_rows(self, rows: Sequence[InboxRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> InboxRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, signal_id: int) -> int:
        """The row showing ``signal_id``; -1 when it is not (or no longer) in the inbox."""
        return next((i for i, r in enumerate(self._rows) if r.signal_id == signal_id), -1)

    @property
    def rows(self) -> list[InboxRow]:
        return list(self._rows)

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SIGNAL_ID_ROLE:
            return row.signal_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == AGE:
                received = self.tr("Ontvangen op {date}").format(date=short_date(row.received_on))
                stale = self.tr("Langer dan 14 dagen niet beoordeeld.")
                return f"{received}\n{stale}" if row.stale else received
            if column == TEXT:
                text = f"{row.source}: {row.organisation}\n{row.text}" if row.organisation else row.text
                return tooltip(text)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == AGE and row.stale:
            return self._stale_brush
        if role == Qt.ItemDataRole.FontRole and column == AGE and row.stale:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AGE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _display(self, row: InboxRow, column: int) -> str:
        if column == AGE:
            return age_text(row.age_days, row.stale, self.tr)
        if column == THEME:
            return row.theme
        if column == PLACE:
            return row.place
        text = " ".join(row.text.split())
        return text if len(text) <= TEXT_CHARS else f"{text[:TEXT_CHARS]}…"


def age_text(days: int, stale: bool, tr: Any) -> str:
    """``vandaag``, ``1 dag``, ``9 dagen``; overdue ones say so: ``21 dagen · 14+ dagen``."""
    if days == 0:
        text = tr("vandaag")
    elif days == 1:
        text = tr("1 dag")
    else:
        text = tr("{days} dagen").format(days=days)
    return tr("{age} · 14+ dagen").format(age=text) if stale else text
