"""Casussen: every neighbourhood problem, with status, theme, area, lead and actions.

New, edit and delete by button, key (Ctrl+N, Enter/F2, Delete), double-click or context menu. A case
that actions, agenda items or signals refer to is not deleted: the page says where it is used and
offers to close it instead (as partners are deactivated). A deleted case comes back with "Ongedaan
maken" (or Ctrl+Z) in the bar at the bottom of the page, for some seconds after the deletion.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMenu, QMessageBox, QPushButton, QWidget

from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.services.cases.service import CASE_IN_USE, DeletedCase
from wiec_desktop.services.cases.views import CaseDetails
from wiec_desktop.services.validation import InUse, NotFound
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.common.forms import select_value
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage, enum_options
from wiec_desktop.ui.common.undo_bar import UndoBar


class CasesPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        reference = context.services.reference_data
        page = ListPage(
            context,
            "cases",
            title=self.tr("Casussen"),
            nouns=(self.tr("casus"), self.tr("casussen")),
            highlight_tip=self.tr("Deze casus heeft achterstallige acties."),
            parent=self,
        )
        page.search.setPlaceholderText(self.tr("Zoek op nummer, titel of locatie…"))
        page.add_combo_filter(
            "status", self.tr("Status:"), enum_options(CaseStatus), all_text=self.tr("Alle statussen")
        )
        page.add_combo_filter(
            "theme", self.tr("Thema:"), reference.themes(), all_text=self.tr("Alle thema's")
        )
        page.add_combo_filter("area", self.tr("Wijk:"), reference.areas(), all_text=self.tr("Alle wijken"))
        page.add_combo_filter(
            "lead", self.tr("Trekker:"), reference.organisations(), all_text=self.tr("Alle trekkers")
        )
        assignments = reference.assignments()
        if len(assignments) > 1:  # with one assignment the filter would only take room
            combo = page.add_combo_filter(
                "assignment", self.tr("Opdracht:"), assignments, all_text=self.tr("Alle opdrachten")
            )
            select_value(combo, reference.current_assignment_id())
        page.add_quick_filter(
            "without_lead",
            self.tr("Zonder trekker"),
            tooltip=self.tr("Alleen casussen waarvoor nog geen organisatie de trekker is"),
        )
        page.add_quick_filter(
            "overdue",
            self.tr("Achterstallige acties"),
            tooltip=self.tr("Alleen casussen met acties over de deadline"),
        )
        page.add_quick_filter(
            "open",
            self.tr("Alleen lopend"),
            checked=True,
            tooltip=self.tr("Afgesloten casussen verbergen"),
        )
        self.lists.append(page)
        self.layout_.addWidget(page)
        self.context_menu: QMenu | None = None
        self._add_actions(page)
        self.undo_bar = UndoBar(self)
        self.layout_.addWidget(self.undo_bar)

    def _add_actions(self, page: ListPage) -> None:
        """New/edit/delete buttons under the list; Ctrl+N, Enter, Delete, double-click and a context
        menu work too."""
        self.new_button = QPushButton(self.tr("Nieuwe casus…"), self)
        self.edit_button = QPushButton(self.tr("Bewerken…"), self)
        self.delete_button = QPushButton(self.tr("Verwijderen…"), self)
        self.new_button.setToolTip(self.tr("Nieuwe casus (Ctrl+N)"))
        self.edit_button.setToolTip(self.tr("Geselecteerde casus bewerken (Enter)"))
        self.delete_button.setToolTip(self.tr("Geselecteerde casus verwijderen (Delete)"))
        self.new_button.clicked.connect(self.new_case)
        self.edit_button.clicked.connect(self.edit_case)
        self.delete_button.clicked.connect(self.delete_case)
        buttons = QHBoxLayout()  # under the list: the header row is full with filters and search
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        page.view.doubleClicked.connect(lambda _index: self.edit_case())
        keys: list[tuple[QKeySequence, Callable[[], None]]] = [
            (QKeySequence(Qt.Key.Key_Return), self.edit_case),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_case),
            (QKeySequence(Qt.Key.Key_F2), self.edit_case),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_case),
        ]
        for sequence, slot in keys:
            shortcut = QShortcut(sequence, page.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        page.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        page.view.customContextMenuRequested.connect(self._show_menu)
        page.current_changed.connect(self._selection_changed)
        self._selection_changed(None)

    def _selection_changed(self, case_id: int | None) -> None:
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(case_id is not None)

    def _show_menu(self, pos: QPoint) -> None:
        view = self.primary.view
        index = view.indexAt(pos)
        if index.isValid():
            view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Nieuwe casus…"), self.new_case)
        selected = self.primary.current_id() is not None
        menu.addAction(self.tr("Bewerken…"), self.edit_case).setEnabled(selected)
        menu.addAction(self.tr("Verwijderen…"), self.delete_case).setEnabled(selected)
        self.context_menu = menu  # the menu now open (for tests and accessibility checks)
        menu.popup(view.viewport().mapToGlobal(pos))

    def new_case(self) -> None:
        self._open_dialog(None)

    def reveal(self, _kind: object, record_id: int, _hit: object = None) -> bool:
        """A search hit: the case selected with its details (filters hiding it cleared: True)."""
        cleared = self.primary.reveal(record_id)
        self.primary.view.setFocus()
        return cleared

    new_record = new_case  # the main window's Ctrl+N

    def edit_case(self) -> None:
        case_id = self.primary.current_id()
        if case_id is not None:
            self._open_dialog(case_id)

    def _open_dialog(self, case_id: int | None) -> None:
        self.undo_bar.dismiss()  # the next action: what the bar offered can no longer be taken back
        dialog = CaseDialog(self.context, case_id, self)
        saved: list[int] = []
        requested: list[int] = []
        dialog.case_saved.connect(saved.append)
        dialog.open_case_requested.connect(requested.append)
        dialog.exec()
        if requested:
            self._show_existing(requested[-1])
        elif saved:
            self.primary.reload(select_id=saved[-1])

    def _show_existing(self, case_id: int) -> None:
        """The chair chose an existing similar case instead of a new one: show and open it."""
        self.primary.search.clear()
        self.primary.quick_filter("open").setChecked(False)
        self.primary.reload(select_id=case_id)
        self._open_dialog(case_id)

    # --- deleting and bringing back ----------------------------------------------------------

    def delete_case(self) -> None:
        """Delete the selected case after confirmation (undo in the bar); a case in use is refused
        with where it is used, and closing it is offered instead."""
        case_id = self.primary.current_id()
        if case_id is None:
            return
        cases = self.context.services.cases
        try:
            case = cases.get_case(case_id)
            uses = cases.where_used_case(case_id)
        except NotFound as gone:
            QMessageBox.warning(self, self.tr("Casus verwijderen"), str(gone))
            self.primary.reload()
            return
        if uses:
            self._offer_closing(case, InUse(CASE_IN_USE, uses))
            return
        if not self._confirm_delete(case):
            return
        row = self.primary.view.currentIndex().row()
        try:
            token = cases.delete_case(case_id)
        except InUse as refused:  # referred to by someone else in the meantime
            self._offer_closing(case, refused)
            return
        except Exception as error:  # gone, locked, read-only: a plain message; a bug propagates
            if not show_known_error(self, self.tr("Casus verwijderen"), error):
                raise
            self.primary.reload()
            return
        self._reload_at_row(row)
        self.undo_bar.offer(
            self.tr("Casus {reference} ‘{title}’ verwijderd.").format(
                reference=case.reference, title=case.title
            ),
            lambda: self._undo_delete(token),
        )

    def _undo_delete(self, token: DeletedCase) -> str:
        record = self.context.services.cases.undo(token)
        self.primary.reload(select_id=record.id)
        return self.tr("Casus {reference} is teruggezet.").format(reference=record.reference)

    def _reload_at_row(self, row: int) -> None:
        """After a delete: read the list again and select the row that took the deleted one's place."""
        page = self.primary
        page.reload()
        count = page.model.rowCount()
        if count > 0:
            page.view.setCurrentIndex(page.model.index(max(0, min(row, count - 1)), 0))

    def _confirm_delete(self, case: CaseDetails) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Casus verwijderen"),
            self.tr("Casus {reference} ‘{title}’ verwijderen?").format(
                reference=case.reference, title=case.title
            ),
            parent=self,
        )
        involved = len(case.involvements)
        details = (
            self.tr("De betrokkenheid van {count} organisaties en de statusgeschiedenis gaan mee.").format(
                count=involved
            )
            if involved > 1
            else self.tr("De betrokkenheid van 1 organisatie en de statusgeschiedenis gaan mee.")
            if involved == 1
            else self.tr("De statusgeschiedenis gaat mee.")
        )
        box.setInformativeText(
            details + " " + self.tr("Direct daarna kunt u het verwijderen nog ongedaan maken.")
        )
        delete = box.addButton(self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        box.deleteLater()
        return box.clickedButton() is delete

    def _offer_closing(self, case: CaseDetails, in_use: InUse) -> None:
        """Say where the case is used; close it (asking the outcome) when the chair chooses so."""
        is_open = case.status != CaseStatus.CLOSED
        # The service's message ends in "U kunt haar afsluiten": not when that is done already.
        text = (
            str(in_use) if is_open else str(in_use).split(". ")[0] + ". " + self.tr("Zij is al afgesloten.")
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Casus niet verwijderd"),
            f"{case.reference} ‘{case.title}’\n\n{text}",
            parent=self,
        )
        uses = "\n".join(f"• {use}" for use in in_use.uses)
        box.setInformativeText(self.tr("Gebruikt bij:\n{uses}").format(uses=uses))
        cancel = box.addButton(
            self.tr("Annuleren") if is_open else self.tr("Sluiten"), QMessageBox.ButtonRole.RejectRole
        )
        close = None
        if is_open:
            close = box.addButton(self.tr("Afsluiten…"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(close)
        box.setEscapeButton(cancel)
        box.exec()
        box.deleteLater()
        if close is not None and box.clickedButton() is close:
            self.close_case(case)

    def close_case(self, case: CaseDetails) -> bool:
        """Close ``case`` with the outcome the chair gives (required); True when it was closed."""
        outcome, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Casus {reference} afsluiten").format(reference=case.reference),
            self.tr("Resultaat: wat is bereikt? (verplicht bij afsluiten)"),
            case.outcome,
        )
        if not ok:
            return False
        self.undo_bar.dismiss()
        try:
            self.context.services.cases.change_status(case.id, CaseStatus.CLOSED, outcome=outcome)
        except Exception as error:  # no outcome, gone, locked: a plain message; a bug propagates
            if not show_known_error(self, self.tr("Casus afsluiten"), error):
                raise
            return False
        self.primary.reload(select_id=case.id)
        return True
