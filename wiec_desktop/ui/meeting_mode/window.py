"""The meeting-mode window: agenda and attendance at the side, the current item large, timers on
top, everything by keyboard and saved as it is typed.

Typing goes to the autosaver under the id of the item the minutes editor shows; the editor is
switched to another item only after the autosaver was flushed for the old one, in one step with
the heading, so text typed for one item can never be stored under another. The window opens
maximised, or as it was left last time on the same screen (``Settings.window_layout``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QScreen
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

from wiec_desktop.domain.enums import ActionStatus, AgendaItemKind, AgendaItemState
from wiec_desktop.services.formatting import counted, long_date, short_date
from wiec_desktop.services.meetings.run import MeetingRunService
from wiec_desktop.services.meetings.views import (
    ActionRow,
    AgendaRow,
    ClosingSummary,
    PreviousMinutes,
    RunState,
)
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.agenda_list import AgendaModel, AgendaView
from wiec_desktop.ui.meeting_mode.attendance import AttendancePanel
from wiec_desktop.ui.meeting_mode.autosave import Autosaver
from wiec_desktop.ui.meeting_mode.case_panel import CasePanel
from wiec_desktop.ui.meeting_mode.closing import ClosingSummaryDialog, offer_partner_dispatch
from wiec_desktop.ui.meeting_mode.common import RED, Clock, service_call, utc_now
from wiec_desktop.ui.meeting_mode.entry_dialogs import ActionDialog, DecisionDialog
from wiec_desktop.ui.meeting_mode.item_panel import CurrentItemPanel, item_heading
from wiec_desktop.ui.meeting_mode.minutes_editor import MinutesEditor
from wiec_desktop.ui.meeting_mode.previous_minutes import PreviousMinutesPanel
from wiec_desktop.ui.meeting_mode.review_panel import ActionReviewPanel
from wiec_desktop.ui.meeting_mode.shortcuts import SHORTCUTS, ShortcutHelpDialog, shortcut_text
from wiec_desktop.ui.meeting_mode.timers import MeetingClock, TimerBar
from wiec_desktop.ui.settings.preferences import WindowLayout

SIDE_WIDTH = 340
AGENDA_SHARE = 0.6  # of the side's height; the attendance has the rest
LAYOUT_NAME = "meeting_mode"  # the window's key in the saved layouts
ELAPSED_SAVE_SECONDS = 10
DELETE_DELAY_MS = 1000  # the item timer reaches the database at least this often
WINDOW_STYLE = """
QLabel#meetingTitle { font-size: 14pt; font-weight: bold; }
QLabel#sideCaption { font-size: 12pt; font-weight: bold; }
QListView#agenda { font-size: 11pt; }
"""


def screen_key(screen: QScreen | None) -> str:
    """The screen a layout is saved for: its name and size (another size is another layout)."""
    if screen is None:
        return "unknown"
    size = screen.size()
    return f"{screen.name() or 'screen'}-{size.width()}x{size.height()}"


class MeetingModeWindow(QMainWindow):
    """One running meeting. ``closed_meeting`` carries the meeting id after it was closed;
    ``closing_result`` the id and a short Dutch message for the main window's status bar
    ("Overleg … gesloten; het verslag staat als concept klaar …"), kept in ``closing_message``."""

    closed_meeting = Signal(int)
    closing_result = Signal(int, str)

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
        self._side_width = SIDE_WIDTH  # kept when the window is resized
        self._agenda_share = AGENDA_SHARE
        self.closing_message = ""
        self.decision_dialog: DecisionDialog | None = None
        self.action_dialog: ActionDialog | None = None
        self.closing_dialog: ClosingSummaryDialog | None = None
        self._shown_item_id: int | None = -1  # the item whose content is on screen
        self._elapsed_saved = 0
        self.setWindowTitle(self.tr("Overleg – {title}").format(title=state.title))
        self.setStyleSheet(WINDOW_STYLE)

        self.meeting_clock = MeetingClock(clock)
        self.autosaver = Autosaver(_writer(self.run), self, clock=clock)
        self.minutes_editor = MinutesEditor(self.autosaver, self)
        self.case_panel = CasePanel(self._record_update, self._default_due, self, settings=context.settings)
        self.review_panel = ActionReviewPanel(
            self._record_update, self._default_due, self, settings=context.settings
        )
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
            app.aboutToQuit.connect(self._save_layout_on_quit)
        self.statusBar().showMessage(self.tr("F1: sneltoetsen · alles wordt vanzelf opgeslagen"))
        self.focus_minutes()

    # --- building ----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        central = QWidget(self)
        self.meeting_title = QLabel(self)
        self.meeting_title.setObjectName("meetingTitle")
        self.meeting_title.setTextFormat(Qt.TextFormat.PlainText)
        self.meeting_title.setText(f"{self.state.title} — {short_date(self.state.date)}")
        self.meeting_title.setToolTip(f"{self.state.title} — {long_date(self.state.date)}")
        self.meeting_title.setWordWrap(True)  # on two lines rather than clipped or widening the window
        self.meeting_title.setMinimumWidth(120)
        self.meeting_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.meeting_title, 1)
        top.addWidget(self.timer_bar)

        side = self.side_splitter = QSplitter(Qt.Orientation.Vertical, self)
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
        side.splitterMoved.connect(self._agenda_moved_by_user)

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
            "next_open": self.next_open_item,
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
            (
                self.tr("&Overleg"),
                ("next", "previous", "next_open", "park", None, "decision", "action", None, "close"),
            ),
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
            action.setText(f"&{number}. {row.title.replace('&', '&&')}" if row else "")
        row = self.current_row()
        changed = state.current_item_id != self._shown_item_id
        first = self._shown_item_id == -1
        if changed:
            text = row.minutes if row is not None else ""
            unsaved = self.autosaver.unsaved_minutes(row.id) if row is not None else None
            self.minutes_editor.load(state.current_item_id, text if unsaved is None else unsaved)
            self._elapsed_saved = self.meeting_clock.item_elapsed()
        if changed or force_content:
            self._shown_item_id = state.current_item_id
            pending = sum(1 for r in state.items if r.state == AgendaItemState.PENDING)
            self.item_panel.show_item(row, self._load_content(row), pending=pending)
            self._refresh_outcomes()
        if changed and not first:
            self.item_panel.flash()
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

    def _previous_with_items(self) -> tuple[PreviousMinutes | None, list[AgendaRow]]:
        previous = self.run.previous_minutes(self.meeting_id)
        items = self.context.services.agenda.agenda(previous.meeting.id) if previous is not None else []
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

    def _navigate(self, title: str, call: Callable[[int], RunState], *, stay_message: str = "") -> None:
        """Flush the minutes typed for the item on screen, move (``call`` gets the item's timer),
        show the new item; ``stay_message`` goes to the status bar when the item did not change."""
        self.autosaver.flush()
        before = self.state.current_item_id
        elapsed = self.meeting_clock.item_elapsed()
        state = service_call(self, title, lambda: call(elapsed))
        if state is None:
            return
        self.apply_state(state)
        row = self.current_row()
        if state.current_item_id != before:
            self.statusBar().showMessage(
                self.tr("Aan de orde: {item}").format(item=item_heading(row))
                if row is not None
                else self.tr("Geen agendapunt aan de orde"),
                5000,
            )
        elif stay_message:
            self.statusBar().showMessage(stay_message, 5000)
        if row is not None and row.kind == AgendaItemKind.ACTION_REVIEW:
            self.focus_actions()
        else:
            self.focus_minutes()

    def next_item(self) -> None:
        """Ctrl+PgDown: the item right below the current one (passing over parked items)."""
        if self.state.current_item_id is None:
            self.statusBar().showMessage(
                self.tr("Er is geen agendapunt aan de orde: Ctrl+PgUp gaat terug naar het laatste punt."),
                5000,
            )
            return
        self._navigate(
            self.tr("Volgend punt"),
            lambda e: self.run.next_item(self.meeting_id, elapsed_seconds=e),
            stay_message=self.tr("Dit is het laatste agendapunt. Sluit af met Ctrl+Shift+E."),
        )

    def next_open_item(self) -> None:
        """Ctrl+Shift+PgDown: the next item not discussed yet."""
        self._navigate(
            self.tr("Volgend open punt"),
            lambda e: self.run.next_open_item(self.meeting_id, elapsed_seconds=e),
            stay_message=self.tr("Alle agendapunten zijn besproken of geparkeerd."),
        )

    def previous_item(self) -> None:
        """Ctrl+PgUp: the item right above the current one (passing over parked items)."""
        self._navigate(
            self.tr("Vorig punt"),
            lambda e: self.run.previous_item(self.meeting_id, elapsed_seconds=e),
            stay_message=self.tr("Dit is het eerste agendapunt."),
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
        self.statusBar().showMessage(
            self.tr("Geparkeerd: gaat door naar het volgende overleg (Enter in de agenda haalt het terug)."),
            5000,
        )

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
        """The side keeps its width and the agenda its share of the side; the item gets the rest."""
        super().resizeEvent(event)
        self._apply_side_sizes()

    def _apply_side_sizes(self) -> None:
        total = self.main_splitter.width() - self.main_splitter.handleWidth()
        side = min(self._side_width, max(0, total - SIDE_WIDTH))
        self.main_splitter.setSizes([side, max(0, total - side)])
        height = self.side_splitter.height() - self.side_splitter.handleWidth()
        agenda = int(height * self._agenda_share)
        self.side_splitter.setSizes([agenda, max(0, height - agenda)])

    def _side_moved_by_user(self, _position: int, _index: int) -> None:
        self._side_width = self.main_splitter.sizes()[0]

    def _agenda_moved_by_user(self, _position: int, _index: int) -> None:
        sizes = self.side_splitter.sizes()
        if sum(sizes) > 0:
            self._agenda_share = sizes[0] / sum(sizes)

    # --- the window's layout, per screen ----------------------------------------------------

    def show_with_layout(self) -> None:
        """Show the window as it was left last time on this screen, else maximised."""
        layout = self.context.settings.window_layout(LAYOUT_NAME, screen_key(self.screen()))
        if layout is not None and self.restoreGeometry(layout.geometry):
            self._side_width = int(layout.sizes.get("side", SIDE_WIDTH))
            self._agenda_share = min(0.9, max(0.1, layout.sizes.get("agenda", AGENDA_SHARE)))
            self.item_panel.set_content_share(layout.sizes.get("content", self.item_panel.content_share))
            if self.windowState() & Qt.WindowState.WindowFullScreen:  # F11 is for now, not for next time
                self.setWindowState(Qt.WindowState.WindowMaximized)
            self.show()
            self._apply_side_sizes()
            return
        self.show_maximised()

    def show_maximised(self) -> None:
        """Maximised; the geometry is set to the screen's free area first, so that the window fills
        it also where the window manager ignores the request (or there is none)."""
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    def save_layout(self) -> None:
        """Remember size, position, maximised state and dividers for this screen."""
        if self.isFullScreen():  # remembered as maximised, with the normal size under it
            self.setWindowState(Qt.WindowState.WindowMaximized)
        layout = WindowLayout(
            self.saveGeometry(),
            {
                "side": float(self._side_width),
                "agenda": self._agenda_share,
                "content": self.item_panel.content_share,
            },
        )
        self.context.settings.set_window_layout(LAYOUT_NAME, screen_key(self.screen()), layout)

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

    def _approve_previous(self, corrections: str, previous_id: int) -> PreviousMinutes | None:
        self.autosaver.flush()
        return service_call(
            self,
            self.tr("Verslag vaststellen"),
            lambda: self.run.approve_previous_minutes(self.meeting_id, corrections, previous_id=previous_id),
        )

    # --- closing -----------------------------------------------------------------------------

    def close_meeting(self) -> ClosingSummaryDialog | None:
        """Ctrl+Shift+E: the summary with "Overleg sluiten" / "Annuleren", the only question asked.
        Closing makes the meeting held (minutes concept) and closes the window; the result goes
        out with ``closing_result``."""
        self.autosaver.flush()
        summary = service_call(
            self, self.tr("Overleg sluiten"), lambda: self.run.closing_summary(self.meeting_id)
        )
        if summary is None:
            return None
        if self.closing_dialog is not None:  # cancelled before: a fresh summary each time
            self.closing_dialog.deleteLater()
        dialog = self.closing_dialog = ClosingSummaryDialog(summary, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(self._close_confirmed)
        dialog.rejected.connect(self.focus_minutes)
        dialog.open()
        return dialog

    def _close_confirmed(self) -> None:
        self.autosaver.flush()
        elapsed = self.meeting_clock.item_elapsed()
        closed = service_call(
            self, self.tr("Overleg sluiten"), lambda: self.run.close(self.meeting_id, elapsed_seconds=elapsed)
        )
        if closed is None:
            self.focus_minutes()
            return
        self.is_closed = True
        self.timer_bar.timer.stop()
        self.closing_message = self._closing_text(closed)
        self.closed_meeting.emit(self.meeting_id)
        self.closing_result.emit(self.meeting_id, self.closing_message)
        if self.closing_dialog is not None and self.closing_dialog.send_partners.isChecked():
            offer_partner_dispatch(self.context, self.meeting_id, self.parentWidget())
        self.close()

    def _closing_text(self, summary: ClosingSummary) -> str:
        text = self.tr(
            "Overleg ‘{title}’ van {day} gesloten; het verslag staat als concept klaar. "
            "{decisions}, {actions}, {carried} naar de volgende keer."
        ).format(
            title=self.state.title,
            day=short_date(self.state.date),
            decisions=counted(len(summary.decisions), self.tr("besluit"), self.tr("besluiten")),
            actions=counted(len(summary.new_actions), self.tr("nieuwe actie"), self.tr("nieuwe acties")),
            carried=counted(len(summary.carried_items), self.tr("punt"), self.tr("punten")),
        )
        following = summary.extra.get("Doorgeschoven naar")
        if following:
            text += " " + self.tr("Doorgeschoven naar {meeting}.").format(meeting=following)
        return text

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
        self.save_layout()
        super().closeEvent(event)
        if self.delete_when_closed:
            # Deleted shortly after closing (``destroyed`` tells the Overleggen page and the main
            # window); not at once like WA_DeleteOnClose, so whoever still holds the window right
            # after ``close()`` (a test harness closing it again) does not meet a deleted object.
            QTimer.singleShot(DELETE_DELAY_MS, self, self.deleteLater)

    def _save_layout_on_quit(self) -> None:
        if self.isVisible():  # a window closed before saved its layout then
            self.save_layout()

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
