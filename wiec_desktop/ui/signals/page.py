"""Signalen & inventarisatie: the inbox of untriaged signals, the house visits per street, and the
full lists of signals and visits."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from wiec_desktop.domain.enums import SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import ListTabs, SectionPage, enum_options
from wiec_desktop.ui.inventory import InventoryPanel
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
        self.layout_.addWidget(self.tabs)
        self.inbox.changed.connect(self._signals_changed)

    def showEvent(self, event: QShowEvent) -> None:
        """The full signal list is read with the page (its count and details are used elsewhere),
        even though the inbox tab is in front."""
        super().showEvent(event)
        self.primary.ensure_loaded()

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
