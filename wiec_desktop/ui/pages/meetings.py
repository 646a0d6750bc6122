"""Overleggen: planned and held meetings, with their minutes status."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wiec_desktop.domain.enums import MeetingKind
from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import SectionPage, enum_options


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
