"""The agenda at the side of meeting mode: each item's state and time used against its timebox."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from wiec_desktop.domain.enums import AgendaItemState
from wiec_desktop.services.meetings.views import AgendaRow
from wiec_desktop.ui.meeting_mode.common import mmss
from wiec_desktop.ui.meeting_mode.timers import TimeState, item_time_state

ItemIdRole = Qt.ItemDataRole.UserRole + 1

STATE_MARKS = {
    AgendaItemState.PENDING: "○",
    AgendaItemState.CURRENT: "▶",
    AgendaItemState.DONE: "✓",
    AgendaItemState.PARKED: "⏸",
    AgendaItemState.NOT_REACHED: "–",
}
TIME_COLOURS = {TimeState.WARNING: QColor("#b26a00"), TimeState.OVER: QColor("#b3261e")}


class AgendaModel(QAbstractListModel):
    """One row per agenda item; the current item's time is updated live by ``set_live_elapsed``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AgendaRow] = []
        self.current_item_id: int | None = None
        self._live: dict[int, int] = {}

    def set_rows(self, rows: tuple[AgendaRow, ...], current_item_id: int | None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.current_item_id = current_item_id
        self._live = {}
        self.endResetModel()

    def set_live_elapsed(self, item_id: int, seconds: int) -> None:
        """The running item's timer (UI only; the database gets it through the autosaver)."""
        if self._live.get(item_id) == seconds:
            return
        self._live[item_id] = seconds
        row = self.row_of(item_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.id == item_id), None)

    def elapsed(self, row: AgendaRow) -> int:
        return self._live.get(row.id, row.elapsed_seconds)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        is_current = row.id == self.current_item_id
        state = AgendaItemState.CURRENT if is_current else row.state
        elapsed = self.elapsed(row)
        if role == Qt.ItemDataRole.DisplayRole:
            timing = mmss(elapsed) if elapsed or is_current else "—"
            timebox = f" / {row.timebox_minutes} min" if row.timebox_minutes else ""
            decisions = f" · {row.decision_count} besl." if row.decision_count else ""
            return (
                f"{row.position + 1}. {row.title}\n"
                f"   {STATE_MARKS[state]} {state.label} · {timing}{timebox}{decisions}"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{state.label}; {mmss(elapsed)} van {row.timebox_minutes} minuten" + (
                f"\n{row.presenter}" if row.presenter else ""
            )
        if role == ItemIdRole:
            return row.id
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(is_current)
            font.setItalic(state == AgendaItemState.PARKED)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            time_state = item_time_state(elapsed, row.timebox_minutes)
            if time_state in TIME_COLOURS and (is_current or state == AgendaItemState.DONE):
                return QBrush(TIME_COLOURS[time_state])
            if state in (AgendaItemState.DONE, AgendaItemState.NOT_REACHED, AgendaItemState.PARKED):
                return QBrush(QColor("#666666"))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and is_current:
            return QBrush(QColor("#dbe8fb"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.position + 1}. {row.title}, {state.label}"
        return None


class AgendaView(QListView):
    """The side list; Enter or a double click goes to the item (``item_activated``)."""

    item_activated = Signal(int)

    def __init__(self, model: AgendaModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName(self.tr("Agenda"))
        self.activated.connect(self._activate)  # Enter, or a double click

    def _activate(self, index: QModelIndex) -> None:
        item_id = index.data(ItemIdRole)
        if item_id is not None:
            self.item_activated.emit(int(item_id))

    def show_current(self, item_id: int | None) -> None:
        model = self.model()
        assert isinstance(model, AgendaModel)
        row = model.row_of(item_id) if item_id is not None else None
        if row is not None:
            index = model.index(row)
            self.setCurrentIndex(index)
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
