"""The meeting-mode window: agenda and attendance at the side, the current item large, timers on
top, everything by keyboard and saved as it is typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import ActionStatus, AgendaItemKind
from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.meetings.run import MeetingRunService
from wiec_desktop.services.meetings.views import ActionRow, AgendaRow, MeetingRef, RunState
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.agenda_list import AgendaModel, AgendaView
from wiec_desktop.ui.meeting_mode.attendance import AttendancePanel
from wiec_desktop.ui.meeting_mode.autosave import Autosaver
from wiec_desktop.ui.meeting_mode.case_panel import CasePanel
from wiec_desktop.ui.meeting_mode.closing import ClosingSummaryDialog
from wiec_desktop.ui.meeting_mode.common import RED, Clock, service_call, utc_now
from wiec_desktop.ui.meeting_mode.entry_dialogs import ActionDialog, DecisionDialog
from wiec_desktop.ui.meeting_mode.item_panel import CurrentItemPanel
from wiec_desktop.ui.meeting_mode.minutes_editor import MinutesEditor
from wiec_desktop.ui.meeting_mode.previous_minutes import PreviousMinutesPanel
from wiec_desktop.ui.meeting_mode.review_panel import ActionReviewPanel
from wiec_desktop.ui.meeting_mode.shortcuts import SHORTCUTS, ShortcutHelpDialog, shortcut_text
from wiec_desktop.ui.meeting_mode.timers import MeetingClock, TimerBar

SIDE_WIDTH = 340
ELAPSED_SAVE_SECONDS = 10
DELETE_DELAY_MS = 1000  # the item timer reaches the database at least this often
WINDOW_STYLE = """
QLabel#meetingTitle { font-size: 14pt; font-weight: bold; }
QLabel#sideCaption { font-size: 12pt; font-weight: bold; }
QListView#agenda { font-size: 11pt; }
"""


class MeetingModeWindow(QMainWindow):
    """One running meeting. ``closed_meeting`` carries the meeting id after it was closed."""

    closed_meeting = Signal(int)

    def __init__(
        self, context: AppContext, state: RunState, parent: QWidget | None = None, *, clock: Clock = utc_now
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = state.meeting_id
        self.run = context.services.meeting_run
        self.state = state
        self.is_closed = False
        self.delete_when_closed = False  # open_meeting_mode sets it
        self._shut_down = False
        self._side_moved = False
        self.decision_dialog: DecisionDialog | None = None
        self.action_dialog: ActionDialog | None = None
        self._shown_item_id: int | None = -1  # the item whose content is on screen
        self._elapsed_saved = 0
        self.setWindowTitle(self.tr("Overleg – {title}").format(title=state.title))
        self.setStyleSheet(WINDOW_STYLE)

        self.meeting_clock = MeetingClock(clock)
        self.autosaver = Autosaver(_writer(self.run), self, clock=clock)
        self.minutes_editor = MinutesEditor(self.autosaver, self)
        self.case_panel = CasePanel(self._record_update, self._default_due, self)
        self.review_panel = ActionReviewPanel(self._record_update, self._default_due, self)
        self.previous_panel = PreviousMinutesPanel(self._approve_previous, self)
        self.item_panel = CurrentItemPanel(
            self.minutes_editor, self.case_panel, self.review_panel, self.previous_panel, self
        )
        self.item_panel.outcome_view.remove_decision.connect(self.remove_decision)
        self.item_panel.outcome_view.remove_action.connect(self.remove_action)
        self.agenda_model = AgendaModel(self)
        self.agenda_view = AgendaView(self.agenda_model, self)
        self.agenda_view.setObjectName("agenda")
        self.agenda_view.item_activated.connect(self.go_to)
        self.attendance = AttendancePanel(context, self.meeting_id, self.autosaver.flush, self, clock_=clock)
        self.timer_bar = TimerBar(self.meeting_clock, self)
        self.timer_bar.ticked.connect(self._ticked)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("saveStatus")
        self.save_status.setMinimumWidth(220)
        self.save_status.setText(self.tr("Alles is opgeslagen"))
        self.autosaver.status_changed.connect(self._show_save_status)
        self._build_layout()
        self.actions_: dict[str, QAction] = {}
        self._build_actions()
        self.apply_state(state)
        self.attendance.reload()
        self.timer_bar.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._shutdown_autosave)
        self.statusBar().showMessage(self.tr("F1: sneltoetsen · alles wordt vanzelf opgeslagen"))
        self.focus_minutes()

    # --- building ----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        central = QWidget(self)
        self.meeting_title = QLabel(self)
        self.meeting_title.setObjectName("meetingTitle")
        self.meeting_title.setText(f"{self.state.title} — {short_date(self.state.date)}")
        self.meeting_title.setToolTip(f"{self.state.title} — {long_date(self.state.date)}")
        self.meeting_title.setMinimumWidth(120)  # clipped rather than widening the window
        self.meeting_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.meeting_title, 1)
        top.addWidget(self.timer_bar)

        side = QSplitter(Qt.Orientation.Vertical, self)
        agenda_box = QWidget(side)
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Agenda"), agenda_box)
        caption.setObjectName("sideCaption")
        agenda_layout.addWidget(caption)
        agenda_layout.addWidget(self.agenda_view, 1)
        side.addWidget(agenda_box)
        side.addWidget(self.attendance)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        side.setChildrenCollapsible(False)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(side)
        self.main_splitter.addWidget(self.item_panel)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([SIDE_WIDTH, 1000])
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.splitterMoved.connect(self._side_moved_by_user)

        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.save_status)

    def _build_actions(self) -> None:
        slots: dict[str, Callable[[], object]] = {
            "next": self.next_item,
            "previous": self.previous_item,
            "park": self.park_item,
            "decision": self.new_decision,
            "action": self.new_action,
            "minutes": self.focus_minutes,
            "attendance": self.attendance.focus,
            "agenda": lambda: self.agenda_view.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "actions": self.focus_actions,
            "fullscreen": self.toggle_full_screen,
            "close": self.close_meeting,
            "help": self.show_help,
        }
        for name, keys, text, short in SHORTCUTS:
            action = QAction(shortcut_text(text), self)
            action.setIconText(shortcut_text(short))
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{shortcut_text(text)} ({keys})")
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            self.addAction(action)
            self.actions_[name] = action
        menus = (
            (self.tr("&Overleg"), ("next", "previous", "park", None, "decision", "action", None, "close")),
            (self.tr("&Beeld"), ("minutes", "attendance", "agenda", "actions", None, "fullscreen")),
        )
        for title, names in menus:
            menu = self.menuBar().addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_[name])
        self.jump_menu = self.menuBar().addMenu(self.tr("&Ga naar"))
        self.jump_actions: list[QAction] = []
        for number in range(1, 10):
            action = QAction(self.tr("Agendapunt {n}").format(n=number), self)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.triggered.connect(lambda _checked=False, n=number: self.jump_to(n))
            self.addAction(action)
            self.jump_menu.addAction(action)
            self.jump_actions.append(action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.actions_["help"])
        toolbar = QToolBar(self.tr("Overleg"), self)
        toolbar.setObjectName("meetingToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("previous", "next", "park", "decision", "action", "fullscreen", "close"):
            toolbar.addAction(self.actions_[name])
        self.addToolBar(toolbar)

    # --- state -------------------------------------------------------------------------------

    def current_row(self) -> AgendaRow | None:
        item_id = self.state.current_item_id
        return self.state.item(item_id) if item_id is not None else None

    def apply_state(self, state: RunState, *, force_content: bool = False) -> None:
        """Show ``state``; the item's content and minutes are reloaded only when it changed."""
        self.state = state
        self.meeting_clock.set_state(state)
        self.agenda_model.set_rows(state.items, state.current_item_id)
        self.agenda_view.show_current(state.current_item_id)
        for number, action in enumerate(self.jump_actions, start=1):
            row = next((r for r in state.items if r.position == number - 1), None)
            action.setVisible(row is not None)
            action.setText(f"&{number}. {row.title}" if row else "")
        row = self.current_row()
        changed = state.current_item_id != self._shown_item_id
        if changed:
            text = row.minutes if row is not None else ""
            unsaved = self.autosaver.unsaved_minutes(row.id) if row is not None else None
            self.minutes_editor.load(state.current_item_id, text if unsaved is None else unsaved)
            self._elapsed_saved = self.meeting_clock.item_elapsed()
        if changed or force_content:
            self._shown_item_id = state.current_item_id
            self.item_panel.show_item(row, self._load_content(row))
            self._refresh_outcomes()
        self.timer_bar.tick()

    def _load_content(self, row: AgendaRow | None) -> QWidget | None:
        """Fill the panel that belongs to the item's kind; None for items with only minutes."""
        if row is None:
            return None
        if row.kind == AgendaItemKind.CASE and row.case_id is not None:
            summary = service_call(
                self, self.tr("Casus"), lambda: self.run.case_summary(row.case_id, self.meeting_id)
            )
            if summary is not None:
                self.case_panel.show_summary(summary)
                return self.case_panel
            return None
        if row.kind == AgendaItemKind.ACTION_REVIEW:
            actions = service_call(
                self, self.tr("Actielijst"), lambda: self.run.review_actions(self.meeting_id)
            )
            self.review_panel.show_actions(actions or [])
            return self.review_panel
        if row.kind == AgendaItemKind.PREVIOUS_MINUTES:
            loaded = service_call(self, self.tr("Verslag vorige keer"), self._previous_with_items)
            previous, items = loaded if loaded is not None else (None, [])
            self.previous_panel.show_previous(previous, items)
            return self.previous_panel
        return None

    def _previous_with_items(self) -> tuple[MeetingRef | None, list[AgendaRow]]:
        previous = self.run.previous_minutes(self.meeting_id)
        items = self.context.services.agenda.agenda(previous.id) if previous is not None else []
        return previous, items

    def _refresh_outcomes(self) -> None:
        item_id = self.state.current_item_id
        if item_id is None:
            self.item_panel.show_outcomes([], [])
            return
        self.item_panel.show_outcomes(
            self.run.decisions(self.meeting_id, item_id), self.run.new_actions(self.meeting_id, item_id)
        )

    def _reload_state(self, *, force_content: bool = False) -> None:
        state = service_call(self, self.tr("Overleg"), lambda: self.run.run_state(self.meeting_id))
        if state is not None:
            self.apply_state(state, force_content=force_content)

    # --- autosave and timers -----------------------------------------------------------------

    def _ticked(self, elapsed: int) -> None:
        item_id = self.meeting_clock.current_item_id
        if item_id is None:
            return
        self.agenda_model.set_live_elapsed(item_id, elapsed)
        if abs(elapsed - self._elapsed_saved) >= ELAPSED_SAVE_SECONDS:
            self._elapsed_saved = elapsed
            self.autosaver.set_elapsed(item_id, elapsed)

    def _show_save_status(self, text: str, is_error: bool) -> None:
        self.save_status.setText(text)
        self.save_status.setStyleSheet(
            f"color: {RED}; font-weight: bold;" if is_error else "color: palette(dark);"
        )

    # --- navigation --------------------------------------------------------------------------

    def _navigate(self, title: str, call: Callable[[int], RunState]) -> None:
        self.autosaver.flush()
        elapsed = self.meeting_clock.item_elapsed()
        state = service_call(self, title, lambda: call(elapsed))
        if state is None:
            return
        self.apply_state(state)
        row = self.current_row()
        if row is not None and row.kind == AgendaItemKind.ACTION_REVIEW:
            self.focus_actions()
        else:
            self.focus_minutes()

    def next_item(self) -> None:
        if self.state.current_item_id is None:
            self.statusBar().showMessage(
                self.tr("Alle punten zijn behandeld. Sluit af met Ctrl+Shift+E."), 5000
            )
            return
        self._navigate(
            self.tr("Volgend punt"), lambda e: self.run.next_item(self.meeting_id, elapsed_seconds=e)
        )

    def previous_item(self) -> None:
        self._navigate(
            self.tr("Vorig punt"), lambda e: self.run.previous_item(self.meeting_id, elapsed_seconds=e)
        )

    def go_to(self, item_id: int) -> None:
        if item_id == self.state.current_item_id:
            self.focus_minutes()
            return
        self._navigate(
            self.tr("Naar agendapunt"), lambda e: self.run.go_to(self.meeting_id, item_id, elapsed_seconds=e)
        )

    def jump_to(self, number: int) -> None:
        row = next((r for r in self.state.items if r.position == number - 1), None)
        if row is not None:
            self.go_to(row.id)

    def park_item(self) -> None:
        item_id = self.state.current_item_id
        if item_id is None:
            return
        self._navigate(self.tr("Parkeren"), lambda e: self.run.park_item(item_id, elapsed_seconds=e))
        self.statusBar().showMessage(self.tr("Geparkeerd: gaat door naar het volgende overleg."), 5000)

    def focus_minutes(self) -> None:
        self.minutes_editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_actions(self) -> None:
        content = self.item_panel.content
        if content.isVisible() and content.currentWidget() is self.review_panel:
            self.review_panel.actions.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif content.isVisible() and content.currentWidget() is self.case_panel:
            self.case_panel.actions.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._side_moved:  # the side keeps its width; the current item gets the rest
            total = self.main_splitter.width()
            self.main_splitter.setSizes([SIDE_WIDTH, max(SIDE_WIDTH, total - SIDE_WIDTH)])

    def _side_moved_by_user(self, _position: int, _index: int) -> None:
        self._side_moved = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def show_help(self) -> None:
        ShortcutHelpDialog(self).exec()

    # --- decisions, actions, updates ---------------------------------------------------------

    def new_decision(self) -> DecisionDialog | None:
        row = self.current_row()
        if row is None:
            self.statusBar().showMessage(self.tr("Kies eerst een agendapunt voor het besluit."), 5000)
            return None
        self.autosaver.flush()
        dialog = self.decision_dialog = DecisionDialog(self.context, row.id, row.title, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._entry_done(result, force=False))
        dialog.open()
        return dialog

    def new_action(self) -> ActionDialog | None:
        self.autosaver.flush()
        row = self.current_row()
        due = service_call(self, self.tr("Nieuwe actie"), self._default_due)
        if due is None:
            return None
        lead = (
            self.case_panel.summary.lead
            if row is not None
            and row.kind == AgendaItemKind.CASE
            and (self.case_panel.summary is not None and self.case_panel.summary.case_id == row.case_id)
            else None
        )
        dialog = self.action_dialog = ActionDialog(
            self.context,
            self.meeting_id,
            row.id if row is not None else None,
            row.title if row is not None else self.tr("(geen agendapunt)"),
            default_due=due,
            default_owner=lead,
            parent=self,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._entry_done(result, force=True))
        dialog.open()
        return dialog

    def remove_decision(self, decision_id: int) -> None:
        title = self.tr("Besluit verwijderen")
        answer = QMessageBox.question(self, title, self.tr("Dit besluit verwijderen?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosaver.flush()
        if service_call(
            self, self.tr("Besluit verwijderen"), lambda: self.run.remove_decision(decision_id) or True
        ):
            self._reload_state()
            self._refresh_outcomes()

    def remove_action(self, action_id: int) -> None:
        """Delete on a new action: take back an action entered by mistake (after confirmation)."""
        title = self.tr("Actie verwijderen")
        answer = QMessageBox.question(self, title, self.tr("Deze nieuwe actie verwijderen?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.autosaver.flush()
        if service_call(self, title, lambda: self.run.remove_action(self.meeting_id, action_id) or True):
            self._reload_state()
            self._refresh_outcomes()

    def _entry_done(self, result: int, *, force: bool) -> None:
        if result == QDialog.DialogCode.Accepted:
            self._reload_state(force_content=force)
            self._refresh_outcomes()
        self.focus_minutes()

    def _default_due(self) -> date:
        return self.run.default_due_date(self.meeting_id)

    def _record_update(
        self, action_id: int, status: ActionStatus, note: str, new_due: date | None
    ) -> ActionRow | None:
        self.autosaver.flush()
        return service_call(
            self,
            self.tr("Actie bijwerken"),
            lambda: self.run.update_action(
                self.meeting_id, action_id, status, note=note, new_due_date=new_due
            ),
        )

    def _approve_previous(self, corrections: str) -> MeetingRef | None:
        self.autosaver.flush()
        return service_call(
            self,
            self.tr("Verslag vaststellen"),
            lambda: self.run.approve_previous_minutes(self.meeting_id, corrections),
        )

    # --- closing -----------------------------------------------------------------------------

    def close_meeting(self) -> bool:
        """Summary, confirmation, then close: held, minutes concept. True when closed."""
        self.autosaver.flush()
        summary = service_call(
            self, self.tr("Overleg sluiten"), lambda: self.run.closing_summary(self.meeting_id)
        )
        if summary is None:
            return False
        if ClosingSummaryDialog(summary, self).exec() != QDialog.DialogCode.Accepted:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Overleg sluiten"),
            self.tr("Het overleg sluiten? Het wordt 'gehouden' en het verslag wordt een concept."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.autosaver.flush()
        elapsed = self.meeting_clock.item_elapsed()
        closed = service_call(
            self, self.tr("Overleg sluiten"), lambda: self.run.close(self.meeting_id, elapsed_seconds=elapsed)
        )
        if closed is None:
            return False
        self.is_closed = True
        self.timer_bar.timer.stop()
        self.closed_meeting.emit(self.meeting_id)
        QMessageBox.information(
            self,
            self.tr("Overleg gesloten"),
            self.tr("Overleg gesloten. Het verslag staat als concept klaar."),
        )
        self.close()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Leaving without closing the meeting keeps it in progress (it can be resumed)."""
        if self._shut_down:
            super().closeEvent(event)
            return
        self.timer_bar.timer.stop()
        if not self.is_closed and self.meeting_clock.current_item_id is not None:
            self.autosaver.set_elapsed(self.meeting_clock.current_item_id, self.meeting_clock.item_elapsed())
        if not self.autosaver.flush():
            answer = QMessageBox.warning(
                self,
                self.tr("Niet alles is opgeslagen"),
                self.tr("De laatste wijzigingen konden niet worden opgeslagen. Toch sluiten?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.timer_bar.timer.start()
                event.ignore()
                return
        self._shutdown_autosave()
        super().closeEvent(event)
        if self.delete_when_closed:
            # Deleted shortly after closing (``destroyed`` tells the Overleggen page and the main
            # window); not at once like WA_DeleteOnClose, so whoever still holds the window right
            # after ``close()`` (a test harness closing it again) does not meet a deleted object.
            QTimer.singleShot(DELETE_DELAY_MS, self, self.deleteLater)

    def _shutdown_autosave(self) -> None:
        """Write what is pending and stop the writer thread (on close and when the app quits)."""
        if not self._shut_down:
            self._shut_down = True
            self.autosaver.shutdown()


def _writer(run: MeetingRunService) -> Callable[[int, str | None, int | None], None]:
    """What the autosave thread calls: the service only, never a widget."""

    def write(item_id: int, minutes: str | None, elapsed: int | None) -> None:
        run.save_item(item_id, minutes=minutes, elapsed_seconds=elapsed)

    return write
