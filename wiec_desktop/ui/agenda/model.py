"""``AgendaModel``: the items of one meeting's agenda, reorderable by drag and drop.

The model reads ``services.agenda.agenda(meeting_id)``; every change goes through the service and
is followed by a fresh read, so positions shown are always the stored ones.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from wiec_desktop.domain.enums import AgendaItemState
from wiec_desktop.services.meetings.views import AgendaRow
from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.common.labels import tooltip

MIME_TYPE = "application/x-wiec-agenda-items"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARRIED_COLOR = QColor("#8a4b08")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("nr", "kind", "title", "case", "presenter", "minutes", "note")
NR, KIND, TITLE, CASE, PRESENTER, MINUTES, NOTE = range(len(COLUMNS))


class AgendaModel(QAbstractTableModel):
    """One row per agenda item. ``editable`` False (held meeting) turns dragging off.

    ``order_changed`` carries the moved item ids after a drop; ``failed`` a Dutch message when
    the service refused a change.
    """

    order_changed = Signal(list)
    failed = Signal(str)

    def __init__(self, agenda: Any, meeting_id: int, *, editable: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.agenda = agenda
        self.meeting_id = meeting_id
        self.editable = editable
        self.rows: list[AgendaRow] = []
        self._headers = (
            self.tr("Nr."),
            self.tr("Soort"),
            self.tr("Titel"),
            self.tr("Casus"),
            self.tr("Inbrenger"),
            self.tr("Min."),
            self.tr("Opmerking"),
        )

    # --- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.agenda.agenda(self.meeting_id))
        self.endResetModel()

    def item_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of_id(self, item_id: int | None) -> int | None:
        for number, row in enumerate(self.rows):
            if row.id == item_id:
                return number
        return None

    def ids(self) -> list[int]:
        return [row.id for row in self.rows]

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_RIGHT if section in (NR, MINUTES) else _LEFT)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NOTE and row.carried_from_id is not None:
                return self.tr("Dit punt is vorige keer niet aan bod gekomen of geparkeerd.")
            text = self._text(row, column)
            return tooltip(text) if column == TITLE and len(text) > 30 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column in (NR, MINUTES) else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column == NOTE:
            return CARRIED_COLOR
        if role == Qt.ItemDataRole.FontRole and column == NOTE:
            font = QFont()
            font.setItalic(True)
            return font
        if role == ID_ROLE:
            return row.id
        return None

    def _text(self, row: AgendaRow, column: int) -> str:
        if column == NR:
            return str(row.position + 1)
        if column == KIND:
            return row.kind.label
        if column == TITLE:
            return row.title
        if column == CASE:
            return row.case_reference or ""
        if column == PRESENTER:
            return row.presenter
        if column == MINUTES:
            return str(row.timebox_minutes)
        notes = []
        if row.carried_from_id is not None:
            notes.append(self.tr("uit vorig overleg"))
        if row.state not in (AgendaItemState.PENDING,):
            notes.append(row.state.label.lower())
        return ", ".join(notes)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():  # dropping between rows lands on the root
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # --- drag and drop -------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [self.rows[row].id for row in rows if row < len(self.rows)]
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(json.dumps({"meeting": self.meeting_id, "items": ids}).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self.editable and action == Qt.DropAction.MoveAction and self._dragged(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        moved = self._dragged(data) if self.editable and action == Qt.DropAction.MoveAction else None
        if moved is None:
            return False
        if row < 0:  # dropped on an item: put the dragged items before it
            row = parent.row() if parent.isValid() else len(self.rows)
        return self.move_ids(moved, row)

    def _dragged(self, data: QMimeData) -> list[int] | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return None
        if not isinstance(payload, dict) or payload.get("meeting") != self.meeting_id:
            return None
        ids = payload.get("items")
        if not isinstance(ids, list) or not ids or not set(ids) <= set(self.ids()):
            return None
        return [int(item_id) for item_id in ids]

    def moveRows(
        self,
        source_parent: AnyIndex,
        source_row: int,
        count: int,
        destination_parent: AnyIndex,
        destination: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        if source_row < 0 or source_row + count > len(self.rows) or not 0 <= destination <= len(self.rows):
            return False
        return self.move_ids(self.ids()[source_row : source_row + count], destination)

    def move_ids(self, moved: Sequence[int], before_row: int) -> bool:
        """Put ``moved`` (in their current order) before the item now at ``before_row``."""
        current = self.ids()
        anchor = current[before_row] if 0 <= before_row < len(current) else None
        while anchor in moved:  # dropped onto itself: anchor on the next one not moved
            following = current.index(anchor) + 1
            anchor = current[following] if following < len(current) else None
        rest = [item_id for item_id in current if item_id not in moved]
        at = rest.index(anchor) if anchor is not None else len(rest)
        order = [*rest[:at], *moved, *rest[at:]]
        if order == current:
            return False
        if not self._call(lambda: self.agenda.reorder(self.meeting_id, order)):
            return False
        self.reload()
        self.order_changed.emit(list(moved))
        return True

    def move_row(self, row: int, new_row: int) -> bool:
        """Keyboard move (Ctrl+Up/Ctrl+Down): ``services.agenda.move_item``."""
        item_id = self.item_id(row)
        if item_id is None or not 0 <= new_row < len(self.rows) or new_row == row or not self.editable:
            return False
        if not self._call(lambda: self.agenda.move_item(item_id, new_row)):
            return False
        self.reload()
        return True

    def _call(self, action: Any) -> bool:
        try:
            action()
        except ValidationError as error:
            self.failed.emit("\n".join(error.errors.values()))
        except (InUse, NotFound) as error:
            self.failed.emit(str(error))
        else:
            return True
        self.reload()
        return False
