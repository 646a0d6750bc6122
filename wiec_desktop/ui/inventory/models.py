"""Item models of the house-visit panel: streets with their coverage, addresses with their state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from wiec_desktop.domain.enums import VisitOutcome
from wiec_desktop.services.formatting import counted, short_date
from wiec_desktop.services.inventory.house_visits import AddressVisitRow, StreetRow
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.rows_model import RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2

# Colour per state (None: not visited). Text always goes with it, so colour is never the only cue.
STATE_COLOURS: dict[VisitOutcome | None, str] = {
    None: "#9e9e9e",
    VisitOutcome.NOT_HOME: "#e0a100",
    VisitOutcome.SPOKEN: "#2e7d32",
    VisitOutcome.REFUSED: "#c62828",
    VisitOutcome.COME_BACK: "#1565c0",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def state_label(state: VisitOutcome | None) -> str:
    """The Dutch label of a visit state ("Niet bezocht" for none), in the user's language."""
    if state is None:
        return QCoreApplication.translate("VisitStates", "Niet bezocht")
    return state.label


def state_icon(state: VisitOutcome | None, size: int = 12) -> QIcon:
    """A filled dot in the state's colour (an open ring for "niet bezocht")."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(STATE_COLOURS[state])
    painter.setPen(QPen(colour, 2))
    painter.setBrush(QBrush(colour) if state is not None else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


class StreetsModel(RowsModel[StreetRow]):
    """Streets: name and "12 van 30" under "Bezocht" (the tooltip says it in full)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Straat"),
        QT_TRANSLATE_NOOP("Columns", "Bezocht"),
    )

    def row_of(self, street: str) -> int:
        return next((i for i, row in enumerate(self.rows) if row.street == street), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.street
            return self.tr("%1 van %2").replace("%1", str(row.visited)).replace("%2", str(row.addresses))
        if role == Qt.ItemDataRole.ToolTipRole:
            area = f"{row.area} · " if row.area else ""
            return (
                self.tr("%1%2 van %3 adressen bezocht (%4%), met %5 gesproken")
                .replace("%1", area)
                .replace("%2", str(row.visited))
                .replace("%3", str(row.addresses))
                .replace("%4", str(round(row.coverage * 100)))
                .replace("%5", str(row.spoken))
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return _RIGHT
        complete = bool(row.addresses) and row.visited == row.addresses
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and complete:
            return QBrush(QColor(STATE_COLOURS[VisitOutcome.SPOKEN]))
        if role == ID_ROLE:
            return row.street
        return None


class AddressesModel(RowsModel[AddressVisitRow]):
    """The addresses of one street: label, state (dot + text) and date of the latest visit."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Nr."),
        QT_TRANSLATE_NOOP("Columns", "Status"),
        QT_TRANSLATE_NOOP("Columns", "Laatst"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons = {state: state_icon(state) for state in STATE_COLOURS}

    def row_of(self, address_id: int) -> int:
        return next((i for i, row in enumerate(self.rows) if row.address_id == address_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:  # the street is in the caption above the list
                return row.label.rsplit(" ", 1)[-1]
            if column == 1:
                return state_label(row.state)
            return short_date(row.last_visit_on)[:5]
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return self._icons[row.state]
        if role == Qt.ItemDataRole.ToolTipRole:
            visits = self.tr("%1 in deze ronde").replace(
                "%1", counted(row.visits, self.tr("bezoek"), self.tr("bezoeken"))
            )
            return f"{row.label}, {row.postcode}\n{visits}"
        if role == ID_ROLE:
            return row.address_id
        if role == STATE_ROLE:
            return row.state
        return None
