"""Acties: the action list across all meetings — who does what, by when — and its Excel export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ExportJob, action_list_request, slug
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage, enum_options


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
        page.add_quick_filter(
            "escalated",
            self.tr("⚑ Aandacht"),
            tooltip=self.tr(
                "Open acties waarvan de deadline te vaak is verschoven of die te lang over de deadline zijn "
                "(in te stellen per opdracht)"
            ),
        )
        page.add_combo_filter(
            "status", self.tr("Status:"), enum_options(ActionStatus), all_text=self.tr("Alle statussen")
        )
        self.organisation_combo = page.add_combo_filter(
            "organisation",
            self.tr("Wie:"),
            context.services.reference_data.organisations(),
            all_text=self.tr("Alle organisaties"),
        )
        self.export_button = QPushButton(self.tr("Exporteren naar Excel…"), self)
        self.export_button.setObjectName("exportActions")
        self.export_button.setToolTip(
            self.tr(
                "Alle openstaande acties als Excel-werkmap; met een organisatie gekozen bij "
                "‘Wie’ de acties van die organisatie"
            )
        )
        self.export_button.clicked.connect(lambda _checked=False: self.export_to_excel())
        page.filter_bar.addSpacing(8)
        page.filter_bar.addWidget(self.export_button)
        self.partners_button = QPushButton(self.tr("Acties per partner versturen…"), self)
        self.partners_button.setObjectName("sendPerPartner")
        self.partners_button.setToolTip(
            self.tr("Elke organisatie een Excel-bestand met haar eigen open acties, per e-mail")
        )
        self.partners_button.clicked.connect(lambda _checked=False: self.send_per_partner())
        page.filter_bar.addWidget(self.partners_button)
        self.page = page
        self.lists.append(page)
        self.layout_.addWidget(page, 1)
        self.job = ExportJob(context, self)
        self.layout_.addWidget(self.job)

    def reveal(self, _kind: object, record_id: int, _hit: object = None) -> bool:
        """A search hit: the action selected with its details (filters hiding it cleared: True)."""
        cleared = self.page.reveal(record_id)
        self.page.view.setFocus()
        return cleared

    def send_per_partner(self) -> QWidget:
        """Acties per partner versturen (all open actions; the kind can be chosen in the dialog)."""
        from wiec_desktop.ui.followup.send_dialog import open_send_dialog

        return open_send_dialog(self.context, self)

    def export_to_excel(self) -> Path | None:
        """All open actions, or (an organisation chosen under "Wie") that organisation's actions:
        only the open ones while "Alleen open" is on."""
        from wiec_desktop.services.actions.action_list import ActionListScope

        today = self.context.services.today().isoformat()
        organisation_id = self.organisation_combo.currentData()
        if organisation_id is None:
            scope = ActionListScope.all_open()
            name = f"actielijst-{today}.xlsx"
        else:
            open_only = self.page.quick_filter("open").isChecked()
            scope = ActionListScope.for_organisation(int(organisation_id), open_only=open_only)
            name = f"actielijst-{slug(self.organisation_combo.currentText())}-{today}.xlsx"
        return self.job.export(action_list_request(self.context, scope, name, self.tr("Actielijst opslaan")))
