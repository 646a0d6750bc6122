"""Attendance during the meeting: 1 aanwezig, 2 afwezig met bericht, 3 afwezig, L later binnen
(present, arrival time now), guests and contacts who were not invited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from wiec_desktop.domain.enums import AttendanceStatus
from wiec_desktop.services.formatting import clock
from wiec_desktop.services.meetings.views import AttendanceRow
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.rows_model import RowsModel
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.meeting_mode.attendee_dialogs import AddContactDialog, GuestDialog
from wiec_desktop.ui.meeting_mode.common import Clock, service_call, to_local, utc_now

STATUS_KEYS = {
    Qt.Key.Key_1: AttendanceStatus.PRESENT,
    Qt.Key.Key_2: AttendanceStatus.EXCUSED,
    Qt.Key.Key_3: AttendanceStatus.ABSENT,
    Qt.Key.Key_0: AttendanceStatus.INVITED,
}
STATUS_COLOURS = {
    AttendanceStatus.PRESENT: "#1e7b34",
    AttendanceStatus.EXCUSED: "#7a4a00",
    AttendanceStatus.ABSENT: "#b3261e",
}


class AttendanceModel(RowsModel[AttendanceRow]):
    """Who is on the list: the person with their organisation below the name (a narrow side panel
    squashed a separate organisation column to "anis"), the status, the time of a late arrival."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Deelnemer"),
        QT_TRANSLATE_NOOP("Columns", "Status"),
        QT_TRANSLATE_NOOP("Columns", "Binnen"),
    )

    def row_of(self, attendance_id: int) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.id == attendance_id), None)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            name = row.name + (self.tr(" (gast)") if row.is_guest else "")
            person = f"{name}\n{row.organisation}" if row.organisation else name
            return (person, row.status.label, clock(row.arrived_at))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[row.status]))
        return None


class AttendancePanel(QWidget):
    """The attendance list of one meeting; ``before_write`` runs before every service write."""

    def __init__(
        self,
        context: AppContext,
        meeting_id: int,
        before_write: Callable[[], object],
        parent: QWidget | None = None,
        *,
        clock_: Clock = utc_now,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.before_write = before_write
        self.clock = clock_
        self.service = context.services.meeting_run
        self.caption = QLabel(self)
        self.caption.setObjectName("sectionTitle")
        self.caption.setWordWrap(True)
        self.model = AttendanceModel(self)
        self.view = read_only_table(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Aanwezigheid"))
        self.view.setToolTip(
            self.tr(
                "1 aanwezig · 2 afwezig met bericht · 3 afwezig · 0 uitgenodigd · L later binnen (nu) · "
                "Delete van de lijst"
            )
        )
        self.view.installEventFilter(self)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.columns = fit_columns(self.view, "meeting_mode/attendance", context.settings, stretch=0)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        specs = (
            ("present", self.tr("Aanwezig"), self.tr("Aanwezig (1)"), self._present),
            ("excused", self.tr("Bericht"), self.tr("Afwezig met bericht (2)"), self._excused),
            ("absent", self.tr("Afwezig"), self.tr("Afwezig (3)"), self._absent),
            ("late", self.tr("Later binnen"), self.tr("Aanwezig vanaf nu (L)"), self.arrived_now),
            ("guest", self.tr("Gast…"), self.tr("Gast toevoegen (geen contactpersoon)"), self.add_guest),
            ("contact", self.tr("Deelnemer…"), self.tr("Een niet-uitgenodigde contactpersoon toevoegen"),
             self.add_contact),
        )  # fmt: skip
        for number, (key, text, tip, slot) in enumerate(specs):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            grid.addWidget(button, number // 3, number % 3)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addLayout(grid)

    # --- loading -----------------------------------------------------------------------------

    def reload(self, keep_id: int | None = None) -> None:
        rows = self.service.attendance(self.meeting_id)
        current = keep_id if keep_id is not None else self.current_id()
        self.model.set_rows(rows)
        counts = {status: sum(1 for r in rows if r.status == status) for status in AttendanceStatus}
        self.caption.setText(
            self.tr("Aanwezigheid: {p} aanwezig · {e} met bericht · {a} afwezig · {i} onbekend").format(
                p=counts[AttendanceStatus.PRESENT],
                e=counts[AttendanceStatus.EXCUSED],
                a=counts[AttendanceStatus.ABSENT],
                i=counts[AttendanceStatus.INVITED],
            )
        )
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        elif rows and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return (
            self.model.rows[index.row()].id
            if index.isValid() and index.row() < len(self.model.rows)
            else None
        )

    def focus(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rows:
            self.view.setCurrentIndex(self.model.index(0, 0))

    # --- changes -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            if event.key() in STATUS_KEYS:
                self.set_status(STATUS_KEYS[Qt.Key(event.key())])
                return True
            if event.key() == Qt.Key.Key_L:
                self.arrived_now()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
        return super().eventFilter(watched, event)

    def set_status(self, status: AttendanceStatus, arrived_at: Any = None) -> None:
        attendance_id = self.current_id()
        if attendance_id is None:
            return
        self.before_write()
        done = service_call(
            self,
            self.tr("Aanwezigheid"),
            lambda: self.service.set_attendance(attendance_id, status, arrived_at=arrived_at) or True,
        )
        if done:
            self.reload(attendance_id)
            self._next_row()

    def _present(self) -> None:
        self.set_status(AttendanceStatus.PRESENT)

    def _excused(self) -> None:
        self.set_status(AttendanceStatus.EXCUSED)

    def _absent(self) -> None:
        self.set_status(AttendanceStatus.ABSENT)

    def arrived_now(self) -> None:
        """Later binnen: present, arrival time now (to the minute)."""
        now = to_local(self.clock()).time().replace(second=0, microsecond=0)
        self.set_status(AttendanceStatus.PRESENT, arrived_at=now)

    def _next_row(self) -> None:
        row = self.view.currentIndex().row()
        if 0 <= row < self.model.rowCount() - 1:
            self.view.setCurrentIndex(self.model.index(row + 1, 0))

    def remove_current(self) -> None:
        """Delete: take a guest or added person off the list (after confirmation)."""
        attendance_id = self.current_id()
        row = next((r for r in self.model.rows if r.id == attendance_id), None)
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Van de lijst halen"),
            self.tr("{name} van de aanwezigheidslijst halen?").format(name=row.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.before_write()
        if service_call(
            self, self.tr("Aanwezigheid"), lambda: self.service.remove_attendance(row.id) or True
        ):
            self.reload()

    def add_guest(self) -> None:
        self.before_write()
        dialog = GuestDialog(self.context, self.meeting_id, self)
        if dialog.exec() and dialog.attendance_id is not None:
            self.reload(dialog.attendance_id)

    def add_contact(self) -> None:
        self.before_write()
        listed = {row.contact_id for row in self.model.rows if row.contact_id is not None}
        dialog = AddContactDialog(self.context, self.meeting_id, listed, self)
        if dialog.exec() and dialog.attendance_id is not None:
            self.reload(dialog.attendance_id)
