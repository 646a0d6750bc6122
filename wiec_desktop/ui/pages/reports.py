"""Rapportages: the held meetings whose minutes go out, and the Logboek of changes and exports."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import ListTabs, SectionPage


class ReportsPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.tabs = ListTabs(self)
        self.add_title(self.tr("Rapportages"), right=self.tabs.searches)
        reports = ListPage(
            context,
            "reports",
            nouns=(self.tr("verslag"), self.tr("verslagen")),
            parent=self.tabs,
        )
        reports.search.setPlaceholderText(self.tr("Zoek op overleg of locatie…"))
        reports.add_quick_filter(
            "draft", self.tr("Alleen concept"), tooltip=self.tr("Verslagen die nog niet zijn vastgesteld")
        )
        audit = ListPage(
            context,
            "audit",
            nouns=(self.tr("regel"), self.tr("regels")),
            parent=self.tabs,
        )
        audit.search.setPlaceholderText(self.tr("Zoek in het logboek…"))
        self.tabs.add_list(reports, self.tr("Rapportages"))
        self.tabs.add_list(audit, self.tr("Logboek"))
        self.lists += [reports, audit]
        self.layout_.addWidget(self.tabs)
