"""Signalen & inventarisatie: the inbox of untriaged signals, the house visits per street, and the
full lists of signals and visits.

A triage in the inbox, and editing or deleting a visit (on the house-visit tab or in the list of
all visits: buttons, Enter/F2, Delete, double-click, context menu), shows "Ongedaan maken" in the
bar at the bottom of the page for some seconds (Ctrl+Z while it shows).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QMenu, QPushButton, QScrollArea, QWidget

from wiec_desktop.domain.enums import SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import ListTabs, SectionPage, enum_options
from wiec_desktop.ui.common.undo_bar import UndoBar
from wiec_desktop.ui.inventory import InventoryPanel
from wiec_desktop.ui.inventory.visit_actions import VisitActions
from wiec_desktop.ui.signals import SignalInbox


class SignalsPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.tabs = ListTabs(self)
        self.add_title(self.tr("Signalen & inventarisatie"), right=self.tabs.searches)
        signals = ListPage(
            context,
            "signals",
            nouns=(self.tr("signaal"), self.tr("signalen")),
            highlight_tip=self.tr("Langer dan twee weken niet beoordeeld."),
            parent=self.tabs,
        )
        signals.search.setPlaceholderText(self.tr("Zoek in signalen, straten en thema's…"))
        signals.add_quick_filter(
            "untriaged",
            self.tr("Nog niet beoordeeld"),
            tooltip=self.tr("Signalen die nog niet aan een casus gekoppeld of afgesloten zijn"),
        )
        signals.add_combo_filter(
            "status", self.tr("Status:"), enum_options(SignalStatus), all_text=self.tr("Alle statussen")
        )
        signals.add_combo_filter(
            "theme",
            self.tr("Thema:"),
            context.services.reference_data.themes(),
            all_text=self.tr("Alle thema's"),
        )
        signals.add_combo_filter(
            "source", self.tr("Bron:"), enum_options(SignalSource), all_text=self.tr("Alle bronnen")
        )
        visits = ListPage(
            context,
            "house_visits",
            nouns=(self.tr("huisbezoek"), self.tr("huisbezoeken")),
            parent=self.tabs,
        )
        visits.search.setPlaceholderText(self.tr("Zoek op straat, postcode, problemen of ideeën…"))
        visits.add_combo_filter(
            "outcome", self.tr("Uitkomst:"), enum_options(VisitOutcome), all_text=self.tr("Alle uitkomsten")
        )
        self.inbox = SignalInbox(context, self.tabs)
        self.tabs.searches.addWidget(QWidget(self.tabs.searches))  # the inbox has no search box
        self.tabs.addTab(self.inbox, self.tr("Inbox"))
        self.tabs.add_list(signals, self.tr("Alle signalen"))
        self.inventory = InventoryPanel(context)
        scroller = QScrollArea(self.tabs)  # the doorstep form may be wider than a small window
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.inventory)
        self.tabs.searches.addWidget(QWidget(self.tabs.searches))  # the panel has no search box
        self.tabs.addTab(scroller, self.tr("Huisbezoeken per straat"))
        self.tabs.add_list(visits, self.tr("Alle huisbezoeken"))
        self.lists += [signals, visits]
        self.visits = visits
        self.layout_.addWidget(self.tabs)
        self.undo_bar = UndoBar(self)
        self.layout_.addWidget(self.undo_bar)
        self.context_menu: QMenu | None = None
        self.visit_actions = VisitActions(context, self)
        self._add_visit_actions(visits)
        # The next action ends what the bar offers; an undoable one offers itself anew.
        self.inbox.changed.connect(self.undo_bar.dismiss)
        self.inbox.changed.connect(self._signals_changed)
        self.inbox.undo_offered.connect(self.undo_bar.offer)
        self.inventory.recorded.connect(self.undo_bar.dismiss)
        self.inventory.recorded.connect(self._signals_changed)
        self.visit_actions.changed.connect(self.inventory.reload)  # the tab shows its own changes itself
        for actions in (self.inventory.visit_actions, self.visit_actions):
            actions.changed.connect(self.undo_bar.dismiss)
            actions.changed.connect(self._visits_changed)
            actions.undo_offered.connect(self.undo_bar.offer)

    def _add_visit_actions(self, visits: ListPage) -> None:
        """Edit and delete buttons on the list of all visits; Enter/F2, Delete, double-click and a
        context menu too."""
        self.edit_visit_button = QPushButton(self.tr("Bewerken…"), self)
        self.edit_visit_button.setToolTip(
            self.tr("Het geselecteerde bezoek in het formulier corrigeren (Enter)")
        )
        self.delete_visit_button = QPushButton(self.tr("Verwijderen…"), self)
        self.delete_visit_button.setToolTip(self.tr("Het geselecteerde bezoek verwijderen (Delete)"))
        for number, (button, slot) in enumerate(
            ((self.edit_visit_button, self.edit_visit), (self.delete_visit_button, self.delete_visit))
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            visits.filter_bar.insertWidget(number, button)
        visits.filter_bar.insertSpacing(2, 12)
        keys: list[tuple[QKeySequence, Callable[[], object]]] = [
            (QKeySequence(Qt.Key.Key_Return), self.edit_visit),
            (QKeySequence(Qt.Key.Key_Enter), self.edit_visit),
            (QKeySequence(Qt.Key.Key_F2), self.edit_visit),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_visit),
        ]
        for sequence, slot in keys:
            shortcut = QShortcut(sequence, visits.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        visits.view.doubleClicked.connect(lambda _index: self.edit_visit())
        visits.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        visits.view.customContextMenuRequested.connect(self._visit_menu)
        visits.current_changed.connect(self._visit_selected)
        self._visit_selected(None)

    def _visit_selected(self, visit_id: int | None) -> None:
        for button in (self.edit_visit_button, self.delete_visit_button):
            button.setEnabled(visit_id is not None)

    def _visit_menu(self, pos: QPoint) -> None:
        view = self.visits.view
        index = view.indexAt(pos)
        if index.isValid():
            view.setCurrentIndex(index)
        if self.visits.current_id() is None:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Bewerken…"), self.edit_visit)
        menu.addAction(self.tr("Verwijderen…"), self.delete_visit)
        self.context_menu = menu  # the menu now open (for tests and accessibility checks)
        menu.popup(view.viewport().mapToGlobal(pos))

    def edit_visit(self) -> bool:
        """The selected visit of the list of all visits, in the doorstep form."""
        visit_id = self.visits.current_id()
        return visit_id is not None and self.visit_actions.edit(visit_id)

    def delete_visit(self) -> bool:
        visit_id = self.visits.current_id()
        return visit_id is not None and self.visit_actions.delete(visit_id)

    def _visits_changed(self) -> None:
        """Visits (and with them perhaps signals) changed: the lists and the inbox again."""
        self._signals_changed()
        if self.inbox.isVisible():
            self.inbox.reload(keep=self.inbox.current_signal_id())

    def showEvent(self, event: QShowEvent) -> None:
        """The full signal list is read with the page (its count and details are used elsewhere),
        even though the inbox tab is in front."""
        super().showEvent(event)
        self.primary.ensure_loaded()

    def reveal(self, kind: object, record_id: int, _hit: object = None) -> bool:
        """A search hit: a signal in "Alle signalen", a house visit in "Alle huisbezoeken", selected
        with its details (filters hiding it cleared: True)."""
        page = self.visits if kind == "house_visit" else self.list_page("signals")
        self.show_list(page)
        cleared = page.reveal(record_id)
        page.view.setFocus()
        return cleared

    def new_record(self) -> None:
        """Ctrl+N: a new signal (phone, e-mail, walk-in, partner, own observation)."""
        self.tabs.setCurrentWidget(self.inbox)
        self.inbox.new_signal()

    def _signals_changed(self) -> None:
        """After a triage or a new signal: the full list and the dashboard read again."""
        for page in self.lists:
            if page.model.loaded:
                page.reload()
        shell = self.window()
        if hasattr(shell, "reload_lists"):
            shell.reload_lists()
