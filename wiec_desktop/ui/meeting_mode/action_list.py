"""A keyboard-driven list of actions updated in place during the meeting.

Up/Down move through the actions; G (gereed), L (loopt), N (nieuwe deadline) and V (vervallen)
open a short note line under the list (N first a date field); Enter records it as an
ActionUpdate of this meeting, Esc cancels. Used by the case panel and the action review.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.services.followup.escalation import ESCALATION_MARK
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.meetings.views import ActionRow
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.forms import ErrorLabel, date_edit
from wiec_desktop.ui.common.rows_model import RowsModel
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.meeting_mode.common import RED
from wiec_desktop.ui.settings.preferences import Settings

# key → (status, asks for a new due date)
UPDATE_KEYS: dict[int, tuple[ActionStatus, bool]] = {
    Qt.Key.Key_G: (ActionStatus.DONE, False),
    Qt.Key.Key_L: (ActionStatus.IN_PROGRESS, False),
    Qt.Key.Key_N: (ActionStatus.IN_PROGRESS, True),
    Qt.Key.Key_V: (ActionStatus.CANCELLED, False),
}
KEY_HINT = QT_TRANSLATE_NOOP(
    "MeetingShortcuts",
    "G gereed · L loopt · N nieuwe deadline · V vervallen (Enter legt vast, Esc annuleert)",
)

OWNER_WIDTH = 130
DESCRIPTION = 1  # the column that takes the room left

Recorder = Callable[[int, ActionStatus, str, "date | None"], "ActionRow | None"]


def update_text(row: ActionRow) -> str:
    """The update made at this meeting, e.g. ``Gereed — sleutel is opgehaald``."""
    if row.update_status is None:
        return ""
    return row.update_status.label + (f" — {row.update_note}" if row.update_note else "")


class ActionTableModel(RowsModel[ActionRow]):
    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Nr."),
        QT_TRANSLATE_NOOP("Columns", "Actie — eigenaar"),
        QT_TRANSLATE_NOOP("Columns", "Deadline"),
        QT_TRANSLATE_NOOP("Columns", "Status"),
    )

    def replace(self, row: ActionRow) -> int | None:
        """Put an updated action in its place; returns its row number."""
        for number, existing in enumerate(self.rows):
            if existing.id == row.id:
                self.rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))
                return number
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            status = f"✓ {row.update_status.label}" if row.update_status is not None else row.status.label
            action = f"{row.description}\n— {row.owner_organisation}"
            reference = f"{ESCALATION_MARK} {row.reference}" if row.escalation else row.reference
            return (reference, action, short_date(row.due_date), status)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            owner = row.owner_organisation + (f" — {row.owner_contact}" if row.owner_contact else "")
            update = (
                self.tr("\nDeze keer: {update}").format(update=update_text(row)) if row.update_status else ""
            )
            attention = (
                self.tr("\nAandacht van management nodig: {reason}").format(reason=row.escalation)
                if row.escalation
                else ""
            )
            return f"{row.reference}: {row.description}\n{owner}\n{row.status.label}{update}{attention}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and row.overdue:
            return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and row.escalation:
            return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.update_status is not None:
            return QBrush(QColor("#1e7b34"))
        if role == Qt.ItemDataRole.FontRole and column == 3 and row.update_status is not None:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ActionUpdateBar(QWidget):
    """The inline note line (and date for N) that records one update."""

    submitted = Signal(int, object, str, object)  # action id, status, note, new due date
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action_id: int | None = None
        self.status: ActionStatus | None = None
        self.caption = QLabel(self)
        self.caption.setStyleSheet("font-weight: bold;")
        self.due_edit: DateField = date_edit(None, self)
        self.due_edit.setToolTip(
            self.tr("Nieuwe deadline (bijvoorbeeld 15-11 of 15112026); Enter gaat naar de toelichting")
        )
        self.due_error = ErrorLabel(self)  # "31-02-2027 bestaat niet." under the bar, never saved
        self.due_edit.errorChanged.connect(self.due_error.show_message)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Toelichting (optioneel), Enter legt vast, Esc annuleert"))
        self.note.setAccessibleName(self.tr("Toelichting bij de actie"))
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.due_edit)
        layout.addWidget(self.note, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(layout)
        column.addWidget(self.due_error)
        self.due_edit.installEventFilter(self)
        self.note.installEventFilter(self)
        self.hide()

    def begin(self, row: ActionRow, status: ActionStatus, with_date: bool, due: date) -> None:
        self.action_id = row.id
        self.status = status
        label = self.tr("Nieuwe deadline") if with_date else status.label
        self.caption.setText(f"{row.reference}: {label}")
        self.due_edit.setVisible(with_date)
        self.due_edit.setDate(due)
        self.note.clear()
        self.show()
        (self.due_edit if with_date else self.note).setFocus(Qt.FocusReason.ShortcutFocusReason)
        if with_date:
            self.due_edit.selectAll()  # typing replaces the whole date

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.due_edit:
                    if self.due_edit.validate():  # a date that does not exist stays, with its message
                        self.note.setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.submit()
                return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        if self.action_id is None or self.status is None:
            return
        with_date = not self.due_edit.isHidden()
        if with_date and not self.due_edit.validate():
            self.due_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        new_due = self.due_edit.value() if with_date else None
        action_id, status = self.action_id, self.status
        self.action_id = self.status = None
        self.hide()
        self.submitted.emit(action_id, status, self.note.text().strip(), new_due)

    def cancel(self) -> None:
        self.action_id = self.status = None
        self.hide()
        self.cancelled.emit()


class ActionList(QWidget):
    """Table + keys + note line. ``record`` does the service call and returns the updated row."""

    recorded = Signal(int)  # row number that was updated

    def __init__(
        self,
        record: Recorder,
        default_due: Callable[[], date],
        parent: QWidget | None = None,
        *,
        advance: bool = False,
        settings: Settings | None = None,
        table_key: str = "meeting_mode/actions",
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.default_due = default_due
        self.advance = advance  # move to the next action after recording (action review)
        self.model = ActionTableModel(self)
        self.view = read_only_table(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Acties"))
        self.view.setToolTip(QCoreApplication.translate("MeetingShortcuts", KEY_HINT))
        self.view.installEventFilter(self)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.columns = fit_columns(self.view, table_key, settings, stretch=DESCRIPTION)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.bar = ActionUpdateBar(self)
        self.bar.submitted.connect(self._submitted)
        self.bar.cancelled.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.hint = QLabel(QCoreApplication.translate("MeetingShortcuts", KEY_HINT), self)
        self.hint.setStyleSheet("color: palette(dark);")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.hint)

    def set_rows(self, rows: list[ActionRow] | tuple[ActionRow, ...], keep_row: int = 0) -> None:
        self.model.set_rows(rows)
        if rows:
            self.select(min(keep_row, len(rows) - 1))

    def select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def current_action(self) -> ActionRow | None:
        row = self.current_row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
            and event.key() in UPDATE_KEYS
        ):
            self.begin_update(Qt.Key(event.key()))
            return True
        return super().eventFilter(watched, event)

    def begin_update(self, key: Qt.Key) -> bool:
        """Open the note line for the selected action; False when none is selected."""
        row = self.current_action()
        if row is None:
            return False
        status, with_date = UPDATE_KEYS[key]
        due = self.default_due() if with_date else (row.due_date or date.today())
        self.bar.begin(row, status, with_date, due)
        return True

    def _submitted(self, action_id: int, status: ActionStatus, note: str, new_due: date | None) -> None:
        updated = self.record(action_id, status, note, new_due)
        if updated is None:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        number = self.model.replace(updated)
        if number is not None:
            if self.advance and number + 1 < len(self.model.rows):
                number += 1
            self.select(number)
            self.recorded.emit(number)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
