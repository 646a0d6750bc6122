"""The visits already recorded at the chosen address (in the round), under the doorstep form, each to
edit (Enter, F2, double-click) or delete (Delete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.inventory.house_visits import VisitRow
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.rows_model import RowsModel
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table

AnyIndex = QModelIndex | QPersistentModelIndex
VISIBLE_ROWS = 2


class VisitsModel(RowsModel[VisitRow]):
    """Visits of one address: date, outcome, rating and visitors (no resident's name)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Datum"),
        QT_TRANSLATE_NOOP("Columns", "Uitkomst"),
        QT_TRANSLATE_NOOP("Columns", "Cijfer"),
        QT_TRANSLATE_NOOP("Columns", "Bezoekers"),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (
            short_date(row.visited_on),
            row.outcome.label,
            str(row.rating) if row.rating is not None else "",
            row.visitors,
        )[index.column()]


class AddressVisits(QWidget):
    """A short table of the address's visits with "Bezoek bewerken…" and "Bezoek verwijderen…"."""

    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self.tr("Eerdere bezoeken aan dit adres"), self)
        self.caption.setObjectName("sectionTitle")
        self.model = VisitsModel(self)
        self.view = read_only_table(self, self.model, word_wrap=False)
        self.view.setAccessibleName(self.tr("Eerdere bezoeken aan dit adres"))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        visitors = len(VisitsModel.COLUMNS) - 1  # the visitors take what is left
        self.columns = fit_columns(self.view, "inventory/address_visits", None, stretch=visitors)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.doubleClicked.connect(lambda _index: self._request(self.edit_requested))
        self.edit_button = QPushButton(self.tr("Bezoek bewerken…"), self)
        self.edit_button.setToolTip(self.tr("Het gekozen bezoek in het formulier corrigeren (Enter)"))
        self.delete_button = QPushButton(self.tr("Bezoek verwijderen…"), self)
        self.delete_button.setToolTip(self.tr("Het gekozen bezoek verwijderen (Delete)"))
        for button, signal in (
            (self.edit_button, self.edit_requested),
            (self.delete_button, self.delete_requested),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, s=signal: self._request(s))
        keys = [
            (QKeySequence(Qt.Key.Key_Return), self.edit_requested),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_requested),
            (QKeySequence(Qt.Key.Key_F2), self.edit_requested),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_requested),
        ]
        for sequence, signal in keys:
            shortcut = QShortcut(sequence, self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=signal: self._request(s))
        buttons = QVBoxLayout()  # beside the table: the form above keeps the height
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        self.hide()

    def set_visits(self, rows: list[VisitRow]) -> None:
        """Show ``rows`` (the latest first, selected); hidden when there are none."""
        self.model.set_rows(rows)
        self.setVisible(bool(rows))
        if rows:
            self.view.setCurrentIndex(self.model.index(0, 0))
            header = self.view.horizontalHeader().height()
            rows_height = self.view.rowHeight(0) * min(len(rows), VISIBLE_ROWS)
            buttons = self.edit_button.sizeHint().height() + self.delete_button.sizeHint().height() + 6
            self.view.setFixedHeight(max(header + rows_height + 4, buttons))

    def current_visit_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() else None

    def _request(self, signal: Any) -> None:
        visit_id = self.current_visit_id()
        if visit_id is not None:
            signal.emit(visit_id)
