"""Acties: the action list across all meetings — who does what, by when."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import SectionPage, enum_options


class ActionsPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        page = ListPage(
            context,
            "actions",
            title=self.tr("Acties"),
            nouns=(self.tr("actie"), self.tr("acties")),
            highlight_tip=self.tr("Deze actie is over de deadline."),
            parent=self,
        )
        page.search.setPlaceholderText(self.tr("Zoek op nummer, actie, organisatie of persoon…"))
        page.add_quick_filter(
            "open", self.tr("Alleen open"), checked=True, tooltip=self.tr("Open en lopende acties")
        )
        page.add_quick_filter(
            "overdue", self.tr("Achterstallig"), tooltip=self.tr("Open acties waarvan de deadline voorbij is")
        )
        page.add_combo_filter(
            "status", self.tr("Status:"), enum_options(ActionStatus), all_text=self.tr("Alle statussen")
        )
        page.add_combo_filter(
            "organisation",
            self.tr("Wie:"),
            context.services.reference_data.organisations(),
            all_text=self.tr("Alle organisaties"),
        )
        self.lists.append(page)
        self.layout_.addWidget(page)
