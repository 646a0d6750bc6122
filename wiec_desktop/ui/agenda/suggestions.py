"""Suggested cases for the agenda, each with its reasons and a one-click "Toevoegen"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import SuggestionReason
from wiec_desktop.services.followup.escalation import ESCALATION_MARK
from wiec_desktop.services.meetings.views import Suggestion
from wiec_desktop.ui.common.labels import tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
CASE, ADD = range(2)
DEFAULT_WEEKS = 8
ESCALATION_COLOUR = "#b3261e"


class SuggestionModel(QAbstractTableModel):
    """Columns: the case, why it is suggested, and an empty column for the add button."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Suggestion] = []
        self._headers = (self.tr("Casus en reden"), "")

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 3
        ):
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or index.column() != CASE:
            return None
        row = self.rows[index.row()]
        reasons = row.detail or ", ".join(reason.label for reason in row.reasons)
        escalated = SuggestionReason.ESCALATED_ACTIONS in row.reasons
        if role == Qt.ItemDataRole.DisplayRole:
            mark = f"{ESCALATION_MARK} " if escalated else ""
            return f"{row.case_reference} {row.case_title}\n{mark}{reasons}"
        if role == Qt.ItemDataRole.ForegroundRole and escalated:
            return QBrush(QColor(ESCALATION_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole:
            labels = ", ".join(reason.label for reason in row.reasons)
            return tooltip(f"{row.case_reference} {row.case_title}\n{labels}\n{row.detail}".strip())
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class SuggestionView(QTableView):
    """Enter (or Return) on a row asks for that case to be added."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class SuggestionsPanel(QWidget):
    """``add_requested`` carries the case id of the suggestion the chair wants on the agenda."""

    add_requested = Signal(int)

    def __init__(self, agenda: Any, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda = agenda
        self.meeting_id = meeting_id
        self.model = SuggestionModel(self)
        title = QLabel(self.tr("Suggesties"), self)
        title.setObjectName("sectionTitle")
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(DEFAULT_WEEKS)
        self.weeks.setSuffix(self.tr(" weken"))
        self.weeks.setToolTip(self.tr("Casussen voorstellen die zo lang niet besproken zijn"))
        self.weeks.valueChanged.connect(lambda _v: self.reload())
        weeks_label = QLabel(self.tr("Niet besproken in:"), self)
        weeks_label.setBuddy(self.weeks)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("pageSubtitle")

        self.view = SuggestionView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Suggesties voor de agenda"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(CASE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ADD, QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated_row.connect(self._add_row)
        self.view.doubleClicked.connect(lambda index: self._add_row(index.row()))

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(weeks_label)
        top.addWidget(self.weeks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.buttons: list[QPushButton] = []

    def reload(self) -> None:
        """Read the suggestions again; the same row stays current (Enter, Enter adds two in a row)."""
        keep = self.view.currentIndex().row()
        self.model.set_rows(self.agenda.suggestions(self.meeting_id, weeks=self.weeks.value()))
        if keep >= 0 and self.model.rows:
            self.view.setCurrentIndex(self.model.index(min(keep, len(self.model.rows) - 1), 0))
        self.buttons = []
        for row, suggestion in enumerate(self.model.rows):
            button = QPushButton(self.tr("Toevoegen"), self.view)
            button.setObjectName(f"suggestion_add_{suggestion.case_id}")
            button.setToolTip(
                self.tr("{case} als agendapunt toevoegen").format(case=suggestion.case_reference)
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter on the row does the same
            button.clicked.connect(
                lambda _checked=False, case_id=suggestion.case_id: self.add_requested.emit(case_id)
            )
            self.view.setIndexWidget(self.model.index(row, ADD), button)
            self.buttons.append(button)
        count = len(self.model.rows)
        self.hint.setText(
            self.tr("Geen casussen die aandacht vragen.")
            if count == 0
            else self.tr(
                "Casussen met acties over de deadline (⚑: vraagt aandacht van management), onbeoordeelde "
                "signalen, zonder trekker of lang niet besproken. Enter of Toevoegen zet de casus op de "
                "agenda."
            )
        )

    def button_for(self, case_id: int) -> QPushButton | None:
        name = f"suggestion_add_{case_id}"
        return next((button for button in self.buttons if button.objectName() == name), None)

    def _add_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.add_requested.emit(self.model.rows[row].case_id)
