"""``MatrixModel``: a built who-does-what ``Matrix`` as a table — number, title, flags, then one
column per organisation with its role (colours per role, flags in red)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from wiec_desktop.domain.enums import InvolvementRole
from wiec_desktop.services.partners.matrix import Matrix, MatrixColumn, MatrixRow, role_short
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.labels import tooltip
from wiec_desktop.ui.common.list_model import ID_ROLE

COL_REFERENCE, COL_TITLE, COL_FLAGS = 0, 1, 2
FIXED_HEADERS = (
    QT_TRANSLATE_NOOP("Columns", "Nummer"),
    QT_TRANSLATE_NOOP("Columns", "Titel"),
    QT_TRANSLATE_NOOP("Columns", "Signalering"),
)
FIRST_ORGANISATION = len(FIXED_HEADERS)
ROLE_ROLE = Qt.ItemDataRole.UserRole + 20  # the InvolvementRole of an organisation cell (or None)
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 21  # the FlagKinds of the row's case

ROLE_COLOURS = {  # (background, text, bold)
    InvolvementRole.LEAD: (QColor("#1f5f99"), QColor("#ffffff"), True),
    InvolvementRole.PARTNER: (QColor("#d6e6f5"), QColor("#1f3b57"), False),
    InvolvementRole.INFORMED: (QColor("#ededed"), QColor("#666666"), False),
}
FLAG_BACKGROUND = QColor("#fde3e1")
FLAG_TEXT = QColor("#b42318")

AnyIndex = QModelIndex | QPersistentModelIndex


class MatrixModel(QAbstractTableModel):
    """A built ``Matrix`` as a table: number, title, flags, then one column per organisation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self._rows: list[MatrixRow] = []
        self._row_of: dict[int, int] = {}
        self._columns: list[MatrixColumn] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {
            role: (QBrush(back), QBrush(text), bold) for role, (back, text, bold) in ROLE_COLOURS.items()
        }

    def set_matrix(self, matrix: Matrix | None, *, only_flagged: bool = False) -> None:
        self.beginResetModel()
        self.matrix = matrix
        rows = matrix.rows if matrix else []
        self._rows = [r for r in rows if matrix and matrix.flags_of(r.case_id)] if only_flagged else rows
        self._row_of = {item.case_id: number for number, item in enumerate(self._rows)}
        self._columns = list(matrix.columns) if matrix else []
        self.endResetModel()

    def flags_changed(self, case_ids: Iterable[int]) -> None:
        """The flags of these cases were added to (the overlap check came in): repaint their cells."""
        rows = sorted(self._row_of[i] for i in case_ids if i in self._row_of)
        if not rows:
            return
        index = self.index
        self.dataChanged.emit(index(rows[0], COL_REFERENCE), index(rows[-1], COL_FLAGS))

    # --- access for the page and tests ---------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._rows)

    def case_row(self, row: int) -> MatrixRow:
        return self._rows[row]

    def record_id(self, row: int) -> int:
        return self._rows[row].case_id

    def row_of_id(self, case_id: int) -> int | None:
        return self._row_of.get(case_id)

    def organisation(self, column: int) -> MatrixColumn | None:
        offset = column - FIRST_ORGANISATION
        return self._columns[offset] if 0 <= offset < len(self._columns) else None

    def column_of_organisation(self, organisation_id: int) -> int:
        for offset, item in enumerate(self._columns):
            if item.organisation_id == organisation_id:
                return FIRST_ORGANISATION + offset
        raise KeyError(organisation_id)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_ORGANISATION + len(self._columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.matrix is None or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return item.case_id
        if role == FLAGS_ROLE:
            return [flag.kind for flag in self.matrix.flags_of(item.case_id)]
        if column == COL_REFERENCE:
            return self._case_data(item, item.reference, role)
        if column == COL_TITLE:
            return self._case_data(item, item.title, role)
        if column == COL_FLAGS:
            return self._flags_data(item, role)
        organisation = self.organisation(column)
        if organisation is None:
            return None
        involvement = self.matrix.role(item.case_id, organisation.organisation_id)
        if role == ROLE_ROLE:
            return involvement
        if role == Qt.ItemDataRole.DisplayRole:
            return role_short(involvement)
        if involvement is None:
            return None
        background, foreground, bold = self._brushes[involvement]
        if role == Qt.ItemDataRole.BackgroundRole:
            return background
        if role == Qt.ItemDataRole.ForegroundRole:
            return foreground
        if role == Qt.ItemDataRole.FontRole and bold:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            activity = self.matrix.activity(item.case_id, organisation.organisation_id)
            text = f"{organisation.name}: {involvement.label} bij {item.reference} {item.title}"
            return tooltip(f"{text}\n{activity}" if activity else text)
        return None

    def _case_data(self, item: MatrixRow, text: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{item.reference} {item.title}", f"Status: {item.status.label}"]
            extra = (("Thema", item.theme), ("Wijk/buurt", item.area), ("Locatie", item.location))
            lines += [f"{label}: {value}" for label, value in extra if value]
            return tooltip("\n".join(lines))
        return None

    def _flags_data(self, item: MatrixRow, role: int) -> Any:
        assert self.matrix is not None
        text = self.matrix.flag_text(item.case_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if not text:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FLAG_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(FLAG_TEXT)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            flags = self.matrix.flags_of(item.case_id)
            return tooltip("\n".join(f"{flag.text}: {flag.kind.explanation}" for flag in flags))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        organisation = self.organisation(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                organisation.name
                if organisation
                else QCoreApplication.translate("Columns", FIXED_HEADERS[section])
            )
        if role == Qt.ItemDataRole.ToolTipRole and organisation:
            state = "" if organisation.active else " (niet actief)"
            return tooltip(f"{organisation.name}\n{organisation.kind.label}{state}")
        return None
