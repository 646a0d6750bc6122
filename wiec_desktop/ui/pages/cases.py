"""Casussen: every neighbourhood problem, with status, theme, area, lead and actions."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import SectionPage, enum_options


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
