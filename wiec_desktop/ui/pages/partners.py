"""Partners: the participating organisations and, below, the contact persons of the selected one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

from wiec_desktop.domain.enums import OrganisationKind
from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import SectionPage, enum_options


class PartnersPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.organisations = ListPage(
            context,
            "organisations",
            title=self.tr("Partners"),
            nouns=(self.tr("organisatie"), self.tr("organisaties")),
            highlight_tip=self.tr("Deze organisatie heeft achterstallige acties."),
            parent=splitter,
        )
        self.organisations.search.setPlaceholderText(self.tr("Zoek een organisatie…"))
        self.organisations.add_combo_filter(
            "kind", self.tr("Soort:"), enum_options(OrganisationKind), all_text=self.tr("Alle soorten")
        )
        self.organisations.add_quick_filter(
            "active",
            self.tr("Alleen actief"),
            checked=True,
            tooltip=self.tr("Niet-actieve partners verbergen"),
        )
        self.contacts = ListPage(
            context,
            "contacts",
            title=self.tr("Contactpersonen"),
            nouns=(self.tr("contactpersoon"), self.tr("contactpersonen")),
            searchable=False,
            parent=splitter,
        )
        self.contacts.title_label.setObjectName("sectionTitle")
        self.contacts.title_label.setMinimumWidth(120)  # long names are clipped, not widening the window
        self.contacts.add_quick_filter(
            "receives_reports",
            self.tr("Ontvangt rapportages"),
            tooltip=self.tr("Alleen wie de verslagen en actielijsten ontvangt"),
        )
        self.contacts.hide_columns("organisation")
        # No organisation selected yet: show nobody rather than everybody.
        self.contacts.set_fixed_filter("organisation", -1)
        splitter.addWidget(self.organisations)
        splitter.addWidget(self.contacts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.lists += [self.organisations, self.contacts]
        self.layout_.addWidget(splitter)
        self.organisations.current_changed.connect(self._organisation_changed)

    def _organisation_changed(self, organisation_id: int | None) -> None:
        self.contacts.set_fixed_filter("organisation", organisation_id if organisation_id is not None else -1)
        name = self.organisations.detail_pane.title if organisation_id is not None else ""
        self.contacts.title_label.setText(
            self.tr("Contactpersonen van {name}").format(name=name) if name else self.tr("Contactpersonen")
        )
