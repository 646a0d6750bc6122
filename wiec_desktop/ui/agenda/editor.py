"""The agenda editor: ordered items with timeboxes, templates, suggestions and the time total.

Next to the total a red warning says when the timeboxes run past the planned end ("De agenda loopt
9 minuten uit (16:09, gepland tot 16:00)."); it goes as soon as the timeboxes fit again.

Keyboard: Insert or Ctrl+Shift+N adds an item, Enter or F2 edits the selected one, Delete removes
it (after confirmation), Ctrl+Up / Ctrl+Down move it. Items can also be dragged into place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import AgendaItemKind, MeetingStatus
from wiec_desktop.services.formatting import clock, long_date
from wiec_desktop.services.meetings.views import AgendaTotals
from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.agenda.item_dialog import AgendaItemDialog
from wiec_desktop.ui.agenda.model import TITLE, AgendaModel
from wiec_desktop.ui.agenda.suggestions import SuggestionsPanel
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.common.table_columns import fit_columns

OVER_STYLE = "color: #b3261e; font-weight: bold;"
TRAILING = (AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING)
LOCKED = (MeetingStatus.HELD, MeetingStatus.CANCELLED)


class AgendaView(QTableView):
    """The agenda table; its keys are turned into the editor's requests."""

    move_requested = Signal(int)  # -1 up, +1 down
    add_requested = Signal()
    edit_requested = Signal()
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        ctrl = modifiers & Qt.KeyboardModifier.ControlModifier
        shift = modifiers & Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Insert or (ctrl and shift and key == Qt.Key.Key_N):
            self.add_requested.emit()
        elif ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and not ctrl:
            self.edit_requested.emit()
        elif key == Qt.Key.Key_Delete:
            self.remove_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class AgendaEditor(QWidget):
    """Edits the agenda of ``meeting_id``; ``changed`` is emitted after every stored change."""

    changed = Signal()

    def __init__(self, context: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.agenda = context.services.agenda
        meeting = context.services.meetings.get_meeting(meeting_id)
        self.meeting_title = meeting.title
        self.editable = meeting.status not in LOCKED

        self.heading = QLabel(meeting.title, self)
        self.heading.setObjectName("sectionTitle")
        self.subheading = QLabel(
            self.tr("{day}, {start}–{end}{where} · {status}").format(
                day=long_date(meeting.date),
                start=clock(meeting.start_time),
                end=clock(meeting.planned_end_time),
                where=f", {meeting.location}" if meeting.location else "",
                status=meeting.status.label,
            ),
            self,
        )
        self.subheading.setObjectName("pageSubtitle")
        self.locked_label = QLabel(
            self.tr("Dit overleg is {status}; de agenda kan niet meer worden gewijzigd.").format(
                status=meeting.status.label.lower()
            ),
            self,
        )
        self.locked_label.setStyleSheet(OVER_STYLE)
        self.locked_label.setVisible(not self.editable)

        self.model = AgendaModel(self.agenda, meeting_id, editable=self.editable, parent=self)
        self.model.failed.connect(self._show_problem)
        self.model.order_changed.connect(self._after_drop)
        self.view = self._make_view()
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("agendaTotals")
        self.overrun_label = QLabel(self)
        self.overrun_label.setObjectName("agendaOverrun")
        self.overrun_label.setStyleSheet(OVER_STYLE)
        self.overrun_label.setVisible(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.keys_label = keys = QLabel(
            self.tr(
                "Insert: toevoegen · Enter: wijzigen · Delete: verwijderen · Ctrl+↑/↓ of slepen: verplaatsen"
            ),
            self,
        )
        keys.setObjectName("pageSubtitle")
        keys.setWordWrap(True)
        keys.setVisible(self.editable)

        self.suggestions = SuggestionsPanel(self.agenda, meeting_id, self)
        self.suggestions.add_requested.connect(self.add_case)
        self.suggestions.setVisible(self.editable)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._buttons())
        column.addWidget(self.view, 1)
        totals = QHBoxLayout()
        totals.addWidget(self.totals_label)
        totals.addSpacing(12)
        totals.addWidget(self.overrun_label)
        totals.addSpacing(16)
        totals.addWidget(self.message, 1)
        column.addLayout(totals)
        column.addWidget(keys)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.suggestions)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([830, 350])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.locked_label)
        layout.addWidget(self.splitter, 1)

        # the same keys anywhere in the editor (the table handles them itself when it has focus)
        for sequence in (QKeySequence(Qt.Key.Key_Insert), QKeySequence("Ctrl+Shift+N")):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.add_item)
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _make_view(self) -> AgendaView:
        view = AgendaView(self)
        view.setModel(self.model)
        view.setAccessibleName(self.tr("Agenda"))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        self.columns = fit_columns(view, "agenda", self.context.settings, stretch=TITLE)
        if self.editable:
            view.setDragEnabled(True)
            view.setAcceptDrops(True)
            view.setDropIndicatorShown(True)
            view.setDragDropOverwriteMode(False)
            view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.move_requested.connect(self.move_selected)
        view.add_requested.connect(self.add_item)
        view.edit_requested.connect(self.edit_item)
        view.remove_requested.connect(self.remove_item)
        view.doubleClicked.connect(lambda _index: self.edit_item())
        return view

    def _buttons(self) -> QHBoxLayout:
        self.add_button = self._button(
            self.tr("Toevoegen…"), self.tr("Agendapunt toevoegen (Insert)"), self.add_item
        )
        self.edit_button = self._button(
            self.tr("Wijzigen…"), self.tr("Agendapunt wijzigen (Enter)"), self.edit_item
        )
        self.remove_button = self._button(
            self.tr("Verwijderen"), self.tr("Agendapunt verwijderen (Delete)"), self.remove_item
        )
        self.up_button = self._button(
            self.tr("Omhoog"), self.tr("Eén plaats omhoog (Ctrl+↑)"), lambda: self.move_selected(-1)
        )
        self.down_button = self._button(
            self.tr("Omlaag"), self.tr("Eén plaats omlaag (Ctrl+↓)"), lambda: self.move_selected(1)
        )
        self.template_button = QPushButton(self.tr("Sjablonen"), self)
        self.template_button.setAutoDefault(False)
        self.template_button.setToolTip(self.tr("Standaardvolgorde, eigen sjablonen, vorig overleg"))
        self.template_menu = self._template_menu()
        self.template_button.setMenu(self.template_menu)
        row = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            button.setEnabled(self.editable)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.template_button)
        return row

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _template_menu(self) -> QMenu:
        menu = QMenu(self)
        self.apply_menu = menu.addMenu(self.tr("Sjabloon toepassen"))
        self.apply_menu.aboutToShow.connect(self._fill_apply_menu)
        self.copy_action = menu.addAction(self.tr("Agenda van vorig overleg overnemen"))
        self.copy_action.triggered.connect(lambda _c=False: self.copy_previous())
        self.carry_action = menu.addAction(self.tr("Onafgemaakte punten van vorig overleg ophalen"))
        self.carry_action.triggered.connect(lambda _c=False: self.carry_over())
        menu.addSeparator()
        self.save_template_action = menu.addAction(self.tr("Opslaan als sjabloon…"))
        self.save_template_action.triggered.connect(lambda _c=False: self.save_as_template())
        self.delete_template_action = menu.addAction(self.tr("Sjabloon verwijderen…"))
        self.delete_template_action.triggered.connect(lambda _c=False: self.delete_template())
        for action in (self.apply_menu.menuAction(), self.copy_action, self.carry_action):
            action.setEnabled(self.editable)
        return menu

    def _fill_apply_menu(self) -> None:
        self.apply_menu.clear()
        for template in self.agenda.templates():
            action = self.apply_menu.addAction(plain(template.name))
            action.setToolTip(", ".join(item.title for item in template.items))
            action.triggered.connect(
                lambda _c=False, tid=template.id, name=template.name: self.apply_template(tid, name)
            )

    # --- reading -------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Read agenda, totals and suggestions again; select ``select_id`` (or the same item)."""
        keep = select_id if select_id is not None else self.current_item_id()
        self.model.reload()
        self._select(keep)
        self.update_totals()
        if self.editable:
            self.suggestions.reload()

    def _select(self, item_id: int | None) -> None:
        row = self.model.row_of_id(item_id)
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, TITLE))
            self.view.scrollTo(self.model.index(row, TITLE))

    def current_item_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.item_id(index.row()) if index.isValid() else None

    def update_totals(self) -> None:
        """The total against the planned time, and the overrun warning exactly while it runs over."""
        totals = self.agenda.totals(self.meeting_id)
        text = self.tr("Totaal {used} van {planned} minuten").format(
            used=totals.timebox_minutes, planned=totals.planned_minutes
        )
        self.overrun_label.setText(self._overrun_text(totals))
        self.overrun_label.setVisible(totals.over_by > 0)
        if totals.over_by > 0:
            self.totals_label.setStyleSheet(OVER_STYLE)
        else:
            spare = totals.planned_minutes - totals.timebox_minutes
            if spare > 0:
                text += " " + self.tr("(nog {spare} minuten vrij)").format(spare=spare)
            self.totals_label.setStyleSheet("font-weight: bold;")
        self.totals_label.setText(text)
        self.totals_label.setProperty("over", totals.over_by > 0)

    def _overrun_text(self, totals: AgendaTotals) -> str:
        if totals.over_by <= 0 or totals.runs_until is None or totals.planned_end is None:
            return ""
        until, end = clock(totals.runs_until.time()), clock(totals.planned_end.time())
        if totals.over_by == 1:
            return self.tr("⚠ De agenda loopt 1 minuut uit ({until}, gepland tot {end}).").format(
                until=until, end=end
            )
        return self.tr("⚠ De agenda loopt {over} minuten uit ({until}, gepland tot {end}).").format(
            over=totals.over_by, until=until, end=end
        )

    # --- changing ------------------------------------------------------------------------------

    def _changed(self, select_id: int | None = None, message: str = "") -> None:
        self.reload(select_id)
        self.message.setText(message)
        self.changed.emit()

    def _run(self, action: Callable[[], Any]) -> tuple[bool, Any]:
        """Call the service; a refusal is shown as a plain Dutch message."""
        try:
            return True, action()
        except ValidationError as error:
            self._show_problem("\n".join(error.errors.values()))
        except (InUse, NotFound) as error:
            self._show_problem(str(error))
        return False, None

    def _show_problem(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Agenda"), text)

    def _insert_position(self) -> int | None:
        """After the selected item, unless that is the rondvraag or sluiting (the service decides)."""
        index = self.view.currentIndex()
        if not index.isValid() or self.model.rows[index.row()].kind in TRAILING:
            return None
        return index.row() + 1

    def add_item(self) -> None:
        if not self.editable:
            return
        dialog = AgendaItemDialog(
            self.context, self.meeting_id, position=self._insert_position(), parent=self
        )
        if dialog.exec() and dialog.item_id is not None:
            self._changed(dialog.item_id)
        self.view.setFocus()

    def edit_item(self) -> None:
        index = self.view.currentIndex()
        if not self.editable or not index.isValid():
            return
        row = self.model.rows[index.row()]
        if AgendaItemDialog(self.context, self.meeting_id, row, parent=self).exec():
            self._changed(row.id)
        self.view.setFocus()

    def remove_item(self) -> None:
        index = self.view.currentIndex()
        if not self.editable or not index.isValid():
            return
        row = self.model.rows[index.row()]
        answer = QMessageBox.question(
            self,
            self.tr("Agendapunt verwijderen"),
            self.tr("‘{title}’ van de agenda halen?").format(title=row.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _ = self._run(lambda: self.agenda.remove_item(row.id))
        if ok:
            following = self.model.item_id(index.row() + 1) or self.model.item_id(index.row() - 1)
            self._changed(following, self.tr("‘{title}’ is van de agenda gehaald.").format(title=row.title))

    def move_selected(self, step: int) -> None:
        index = self.view.currentIndex()
        if not self.editable or not index.isValid():
            return
        item_id = self.model.item_id(index.row())
        if self.model.move_row(index.row(), index.row() + step):
            self._changed(item_id)

    def _after_drop(self, moved: list[int]) -> None:
        self.update_totals()
        self._select(moved[0] if moved else None)
        self.changed.emit()

    def add_case(self, case_id: int) -> None:
        """One click on a suggestion: the case becomes an item (before rondvraag and sluiting)."""
        ok, item_id = self._run(
            lambda: self.agenda.add_item(self.meeting_id, AgendaItemKind.CASE, case_id=case_id)
        )
        if ok:
            self._changed(item_id)
            row = self.model.row_of_id(item_id)
            title = self.model.rows[row].title if row is not None else ""
            self.message.setText(self.tr("‘{title}’ staat op de agenda.").format(title=title))

    # --- templates and the previous meeting ----------------------------------------------------

    def apply_template(self, template_id: int | None, name: str) -> None:
        ok, count = self._run(lambda: self.agenda.apply_template(self.meeting_id, template_id))
        if ok:
            self._changed(
                None,
                self.tr("{count} punten toegevoegd uit sjabloon ‘{name}’.").format(count=count, name=name),
            )

    def copy_previous(self) -> None:
        ok, count = self._run(lambda: self.agenda.copy_previous_agenda(self.meeting_id))
        if ok:
            message = (
                self.tr("{count} punten overgenomen van het vorige overleg.").format(count=count)
                if count
                else self.tr("Er is geen eerder overleg van deze reeks om over te nemen.")
            )
            self._changed(None, message)

    def carry_over(self) -> None:
        ok, count = self._run(lambda: self.agenda.carry_over(self.meeting_id))
        if ok:
            message = (
                self.tr("{count} onafgemaakte punten van het vorige overleg toegevoegd.").format(count=count)
                if count
                else self.tr("Er zijn geen geparkeerde of niet behandelde punten (meer) op te halen.")
            )
            self._changed(None, message)

    def save_as_template(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Opslaan als sjabloon"),
            self.tr("Naam van het sjabloon (casuspunten worden niet opgeslagen):"),
            text=self.meeting_title,
        )
        if not ok:
            return
        existing = {
            template.name.casefold() for template in self.agenda.templates() if template.id is not None
        }
        replace = False
        if name.strip().casefold() in existing:
            answer = QMessageBox.question(
                self,
                self.tr("Sjabloon vervangen"),
                self.tr("Er is al een sjabloon ‘{name}’. Vervangen door deze agenda?").format(
                    name=name.strip()
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            replace = True
        done, _ = self._run(lambda: self.agenda.save_as_template(self.meeting_id, name, replace=replace))
        if done:
            self.message.setText(self.tr("Sjabloon ‘{name}’ opgeslagen.").format(name=name.strip()))

    def delete_template(self) -> None:
        own = [template for template in self.agenda.templates() if template.id is not None]
        if not own:
            QMessageBox.information(
                self, self.tr("Sjabloon verwijderen"), self.tr("Er zijn nog geen eigen sjablonen.")
            )
            return
        names = [template.name for template in own]
        name, ok = QInputDialog.getItem(
            self, self.tr("Sjabloon verwijderen"), self.tr("Welk sjabloon verwijderen?"), names, 0, False
        )
        if not ok or name not in names:
            return
        template = own[names.index(name)]
        done, _ = self._run(lambda: self.agenda.delete_template(template.id))
        if done:
            self.message.setText(self.tr("Sjabloon ‘{name}’ verwijderd.").format(name=name))


class AgendaDialog(QDialog):
    """The agenda editor in its own window, sized for a 1366×768 laptop."""

    def __init__(self, context: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = AgendaEditor(context, meeting_id, self)
        self.setWindowTitle(self.tr("Agenda — {title}").format(title=self.editor.meeting_title))
        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        width, height = 1240, 700
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width, height = min(width, screen.width() - 24), min(height, screen.height() - 40)
        self.resize(width, height)
        self.editor.view.setFocus()
