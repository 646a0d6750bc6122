"""The table of "Voortgang van partners inlezen": one row per action of the returned workbooks, with
a check box "Overnemen" (ticked for plain changes, open for conflicts and edited rows, absent where
nothing can be taken in), the partner's answer, the program's version for a conflict, and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from wiec_desktop.services.followup.updates_import import RowKey, RowPreview, RowState, UpdatesPreview
from wiec_desktop.services.formatting import short_date
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.labels import tooltip
from wiec_desktop.ui.common.rows_model import COLUMNS_CONTEXT, RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
CONTEXT = "UpdatesModel"
ACCEPT, ORGANISATION, REFERENCE, ACTION, ANSWER, PROGRAM, REMARK = range(7)
CONFLICT_COLOUR = QColor("#fde7c8")
EDITED_COLOUR = QColor("#fff4b8")
QUIET_COLOUR = QColor("#6b6b6b")
SHEET_ROW = QT_TRANSLATE_NOOP("UpdatesModel", "regel {n}")
NO_CHANGE = QT_TRANSLATE_NOOP("UpdatesModel", "(geen wijziging)")
STATUS_AND_DEADLINE = QT_TRANSLATE_NOOP("UpdatesModel", "Status {status}, deadline {due}")
NO_DEADLINE = QT_TRANSLATE_NOOP("UpdatesModel", "geen")
LAST_UPDATE = QT_TRANSLATE_NOOP("UpdatesModel", "Laatste voortgang: {text}")


class UpdatesModel(RowsModel[tuple[str, RowPreview]]):
    """Rows of (organisation, row) over every workbook of a preview; ``accepted()`` the ticked keys."""

    COLUMNS = (
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Overnemen"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Organisatie"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Nummer"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Actie"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Antwoord van de partner"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "In het programma"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Toelichting"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.checked: set[RowKey] = set()

    def set_preview(self, preview: UpdatesPreview | None) -> None:
        rows = (
            [(workbook.organisation, row) for workbook in preview.workbooks for row in workbook.rows]
            if preview is not None
            else []
        )
        self.checked = preview.default_accepted() if preview is not None else set()
        self.set_rows(rows)

    def accepted(self) -> set[RowKey]:
        return set(self.checked)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACCEPT and self.rows[index.row()][1].can_accept:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ACCEPT or role != Qt.ItemDataRole.CheckStateRole:
            return False
        row = self.rows[index.row()][1]
        if not row.can_accept:
            return False
        state = value.value if hasattr(value, "value") else value
        if state == Qt.CheckState.Checked.value:
            self.checked.add(row.key)
        else:
            self.checked.discard(row.key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        organisation, row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == ACCEPT and row.can_accept:
            return Qt.CheckState.Checked if row.key in self.checked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(organisation, row, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(text) if len(text) > 40 else None
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.can_accept and row.edited:
                return QBrush(EDITED_COLOUR)
            if row.can_accept and row.conflict:
                return QBrush(CONFLICT_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and not row.can_accept:
            return QBrush(QUIET_COLOUR)
        return None

    def _text(self, organisation: str, row: RowPreview, column: int) -> str:
        if column == ACCEPT:
            return row.verdict  # the service's Dutch word
        if column == ORGANISATION:
            return organisation
        if column == REFERENCE:
            return row.reference or _tr(SHEET_ROW).format(n=row.sheet_row)
        if column == ACTION:
            return row.description
        if column == ANSWER:
            if row.state in (RowState.CHANGE, RowState.ALREADY):
                return "\n".join(row.changes) or _tr(NO_CHANGE)
            return ""
        if column == PROGRAM:
            return _program(row) if row.conflict else ""
        return " ".join(row.messages)


def _program(row: RowPreview) -> str:
    """The program's version of a conflicting action: status, deadline and last update."""
    current = row.current
    if current is None:
        return ""
    due = short_date(current.due_date) or _tr(NO_DEADLINE)
    lines = [_tr(STATUS_AND_DEADLINE).format(status=current.status.label, due=due)]
    if current.last_update:
        lines.append(_tr(LAST_UPDATE).format(text=current.last_update))
    return "\n".join(lines)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
