"""Overleggen: planned and held meetings, and preparing one (details, invitees, agenda).

Keys on the list: Ctrl+N plans a new meeting, Enter or a double click opens the agenda, F2 edits
the meeting, Delete removes a planned one, F5 starts the meeting (meeting mode). "Exporteren" writes
the agenda and the calendar invitation for the invitees (not after the meeting), and the minutes
of a held meeting (for a planned one it offers the agenda instead).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMenu, QMessageBox, QPushButton, QWidget

from wiec_desktop.domain.enums import MeetingKind, MeetingStatus
from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.agenda.editor import AgendaDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ExportJob
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage, enum_options
from wiec_desktop.ui.meetings.export_requests import agenda_request, invitation_or_none, minutes_or_agenda
from wiec_desktop.ui.meetings.meeting_dialog import MeetingDialog


class MeetingsPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        page = ListPage(
            context,
            "meetings",
            title=self.tr("Overleggen"),
            nouns=(self.tr("overleg"), self.tr("overleggen")),
            parent=self,
        )
        page.search.setPlaceholderText(self.tr("Zoek op titel of locatie…"))
        page.add_quick_filter(
            "upcoming", self.tr("Komend"), tooltip=self.tr("Geplande overleggen vanaf vandaag")
        )
        page.add_quick_filter(
            "held",
            self.tr("Gehouden"),
            tooltip=self.tr("Overleggen die zijn gehouden"),
            exclusive_with="upcoming",
        )
        page.add_combo_filter(
            "kind", self.tr("Soort:"), enum_options(MeetingKind), all_text=self.tr("Alle soorten")
        )
        self.lists.append(page)
        self.layout_.addWidget(page)
        self.agenda_dialog: AgendaDialog | None = None
        self.meeting_mode: QWidget | None = None
        self._add_actions(page)
        page.current_changed.connect(lambda _id: self._update_buttons())
        self._update_buttons()

    def _add_actions(self, page: ListPage) -> None:
        """Buttons under the list (the header row is full); the keys work on the list itself."""
        self.new_button = self._button(self.tr("Nieuw overleg…"), self.tr("Nieuw overleg plannen (Ctrl+N)"))
        self.edit_button = self._button(
            self.tr("Bewerken…"), self.tr("Datum, tijden, plaats, genodigden (F2)")
        )
        self.agenda_button = self._button(self.tr("Agenda…"), self.tr("Agenda voorbereiden (Enter)"))
        self.delete_button = self._button(
            self.tr("Verwijderen"), self.tr("Gepland overleg verwijderen (Delete)")
        )
        self.start_button = self._button(self.tr("Overleg starten"), self.tr("Vergadermodus openen (F5)"))
        self.start_button.setObjectName("startMeeting")
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.agenda_button.clicked.connect(self.open_agenda)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.start_button.clicked.connect(self.start_meeting)
        self.export_button = self._button(
            self.tr("Exporteren"), self.tr("Agenda en uitnodiging voor de genodigden, of het verslag")
        )
        menu = QMenu(self.export_button)
        self.export_agenda_action = menu.addAction(self.tr("Agenda (Word)…"), self.export_agenda)
        self.export_invitation_action = menu.addAction(self.tr("Uitnodiging (.ics)…"), self.export_invitation)
        self.export_minutes_action = menu.addAction(self.tr("Verslag (Word)…"), self.export_minutes)
        self.export_button.setMenu(menu)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.agenda_button,
            self.delete_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        self.layout_.addLayout(buttons)
        self.job = ExportJob(self.context, self)
        self.layout_.addWidget(self.job)

        page.view.doubleClicked.connect(lambda _index: self.open_agenda())
        self._shortcut(page.view, (Qt.Key.Key_Return, Qt.Key.Key_Enter), self.open_agenda)
        self._shortcut(page.view, (Qt.Key.Key_F2,), self.edit_meeting)
        self._shortcut(page.view, (Qt.Key.Key_Delete,), self.delete_meeting)
        start = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        start.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        start.activated.connect(self.start_meeting)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        return button

    @staticmethod
    def _shortcut(widget: QWidget, keys: tuple[Qt.Key, ...], slot: Callable[[], None]) -> None:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    # --- the selected meeting ----------------------------------------------------------------

    def current_status(self) -> MeetingStatus | None:
        page = self.primary
        index = page.view.currentIndex()
        if not index.isValid():
            return None
        row = page.model.row_at(index.row())  # None: deleted since the list was counted
        if row is None:
            return None
        value = row.values[page.model.column_of_key("status")]
        try:
            return MeetingStatus(value)
        except ValueError:
            return None

    def _update_buttons(self) -> None:
        status = self.current_status()
        selected = status is not None
        self.edit_button.setEnabled(selected)
        self.agenda_button.setEnabled(selected)
        self.delete_button.setEnabled(status == MeetingStatus.PLANNED)
        self.export_button.setEnabled(selected and status != MeetingStatus.CANCELLED)
        # A planned meeting has no minutes yet: choosing them offers the agenda instead.
        self.export_minutes_action.setEnabled(selected and status != MeetingStatus.CANCELLED)
        self.export_invitation_action.setEnabled(status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS))
        self.start_button.setEnabled(status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS))
        self.start_button.setText(
            self.tr("Overleg hervatten")
            if status == MeetingStatus.IN_PROGRESS
            else self.tr("Overleg starten")
        )

    def _reload(self, meeting_id: int | None = None) -> None:
        self.primary.reload(select_id=meeting_id if meeting_id is not None else self.primary.current_id())
        self._update_buttons()

    # --- actions -------------------------------------------------------------------------------

    def new_meeting(self) -> None:
        dialog = MeetingDialog(self.context, None, self)
        if dialog.exec() and dialog.meeting_id is not None:
            self.primary.search.clear()
            self.primary.quick_filter("held").setChecked(False)  # a new meeting is a planned one
            self._reload(dialog.meeting_id)

    new_record = new_meeting  # the main window's Ctrl+N

    def edit_meeting(self) -> None:
        meeting_id = self.primary.current_id()
        if meeting_id is None:
            return
        if MeetingDialog(self.context, meeting_id, self).exec():
            self._reload(meeting_id)

    def open_agenda(self) -> AgendaDialog | None:
        """The agenda editor in its own window (non-blocking); the list follows its changes."""
        meeting_id = self.primary.current_id()
        if meeting_id is None:
            return None
        if self.agenda_dialog is not None:
            if self.agenda_dialog.editor.meeting_id == meeting_id:
                self.agenda_dialog.raise_()
                self.agenda_dialog.activateWindow()
                return self.agenda_dialog
            self.agenda_dialog.close()
        dialog = self.agenda_dialog = AgendaDialog(self.context, meeting_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.editor.changed.connect(lambda: self._reload(meeting_id))
        dialog.finished.connect(lambda _result: self._agenda_closed(dialog))
        dialog.open()
        return dialog

    def reveal(self, kind: object, record_id: int, hit: Any = None) -> bool:
        """A search hit: the meeting selected with its details; for minutes and a decision also its
        agenda opened on that item (filters hiding the meeting cleared: True)."""
        meeting_id = getattr(hit, "meeting_id", None) or record_id
        cleared = self.primary.reveal(meeting_id)
        self._update_buttons()
        item_id = getattr(hit, "agenda_item_id", None)
        if kind in ("minutes", "decision") and item_id is not None:
            dialog = self.open_agenda()
            if dialog is not None:
                dialog.editor.reload(select_id=item_id)
                dialog.editor.view.setFocus()
        else:
            self.primary.view.setFocus()
        return cleared

    def _agenda_closed(self, dialog: AgendaDialog) -> None:
        if self.agenda_dialog is dialog:
            self.agenda_dialog = None
        self.primary.view.setFocus()

    def delete_meeting(self) -> None:
        meeting_id = self.primary.current_id()
        if meeting_id is None or self.current_status() != MeetingStatus.PLANNED:
            return
        title = self.primary.detail_pane.title or self.tr("dit overleg")
        answer = QMessageBox.question(
            self,
            self.tr("Overleg verwijderen"),
            self.tr("‘{title}’ verwijderen, met de agenda en de lijst van genodigden?").format(title=title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._attempt(lambda: self.context.services.agenda.delete_meeting(meeting_id)):
            self._reload()

    def start_meeting(self) -> None:
        """F5: meeting mode for the selected planned (or interrupted) meeting."""
        meeting_id = self.primary.current_id()
        if meeting_id is None:
            return
        if self.current_status() not in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS):
            QMessageBox.information(
                self, self.tr("Overleg starten"), self.tr("Dit overleg is al gehouden of geannuleerd.")
            )
            return
        widget = None

        def run() -> None:
            nonlocal widget
            shell = self.window()
            if hasattr(shell, "open_meeting_mode"):  # the main window keeps track of meeting windows
                widget = shell.open_meeting_mode(meeting_id)
            else:
                from wiec_desktop.ui.meeting_mode import open_meeting_mode

                widget = open_meeting_mode(self.context, meeting_id, shell)

        if not self._attempt(run) or widget is None:
            return
        self.meeting_mode = widget
        widget.destroyed.connect(self._meeting_mode_closed)
        self._reload(meeting_id)

    def _meeting_mode_closed(self) -> None:
        self.meeting_mode = None
        self._reload()

    # --- documents --------------------------------------------------------------------------------

    def _selected_meeting(self) -> tuple[int, date, str] | None:
        meeting_id = self.primary.current_id()
        if meeting_id is None:
            return None
        try:
            meeting = self.context.services.meetings.get_meeting(meeting_id)
        except NotFound:
            self._reload()
            return None
        return meeting_id, meeting.date, meeting.title

    def export_agenda(self) -> Path | None:
        """The agenda as a Word document for the invitation (written off the UI thread)."""
        meeting = self._selected_meeting()
        return None if meeting is None else self.job.export(agenda_request(self.context, *meeting))

    def export_invitation(self) -> Path | None:
        """The calendar invitation for the invitees (not for a meeting that has been held)."""
        meeting = self._selected_meeting()
        request = None if meeting is None else invitation_or_none(self, self.context, *meeting)
        return None if request is None else self.job.export(request)

    def export_minutes(self) -> Path | None:
        """The minutes of a held meeting; for a planned one the agenda, when the chair says so."""
        meeting = self._selected_meeting()
        request = None if meeting is None else minutes_or_agenda(self, self.context, *meeting)
        return None if request is None else self.job.export(request)

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Run a service call; a refusal becomes a plain Dutch message."""
        try:
            action()
        except ValidationError as error:
            QMessageBox.warning(self, self.tr("Niet gelukt"), "\n".join(error.errors.values()))
        except (InUse, NotFound) as error:
            QMessageBox.warning(self, self.tr("Niet gelukt"), str(error))
        else:
            return True
        return False
