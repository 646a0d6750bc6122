"""Casussen: every neighbourhood problem, with status, theme, area, lead and actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import select_value
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage, enum_options


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
        self._add_actions(page)

    def _add_actions(self, page: ListPage) -> None:
        """New/edit buttons before the quick filters; Ctrl+N, Enter and double-click work too."""
        self.new_button = QPushButton(self.tr("Nieuwe casus…"), self)
        self.edit_button = QPushButton(self.tr("Bewerken…"), self)
        self.new_button.setToolTip(self.tr("Nieuwe casus (Ctrl+N)"))
        self.edit_button.setToolTip(self.tr("Geselecteerde casus bewerken (Enter)"))
        self.new_button.clicked.connect(self.new_case)
        self.edit_button.clicked.connect(self.edit_case)
        buttons = QHBoxLayout()  # under the list: the header row is full with filters and search
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        page.view.doubleClicked.connect(lambda _index: self.edit_case())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            edit_shortcut = QShortcut(QKeySequence(key), page.view)
            edit_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            edit_shortcut.activated.connect(self.edit_case)

    def new_case(self) -> None:
        self._open_dialog(None)

    new_record = new_case  # the main window's Ctrl+N

    def edit_case(self) -> None:
        case_id = self.primary.current_id()
        if case_id is not None:
            self._open_dialog(case_id)

    def _open_dialog(self, case_id: int | None) -> None:
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
