"""Rapportages: the held meetings whose minutes go out, and the Logboek of changes and exports.

For the selected meeting: the Word minutes and agenda, the Excel action list (this meeting's, all
open actions or one organisation's), the calendar invitation, and "Verslag versturen". Files are
written off the UI thread by an ``ExportJob`` (status row at the bottom of the page).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMenu, QPushButton, QWidget

from wiec_desktop.services.validation import NotFound
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ExportJob, action_list_request, dated_name, slug
from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import ListTabs, SectionPage
from wiec_desktop.ui.meetings.export_requests import agenda_request, invitation_or_none, minutes_or_agenda
from wiec_desktop.ui.reports.export_requests import PeriodDialog, inventory_request, progress_request


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
        self.reports = reports
        self.audit = audit
        self.layout_.addLayout(self._build_buttons())
        self.tabs.add_list(reports, self.tr("Rapportages"))
        self.tabs.add_list(audit, self.tr("Logboek"))
        self.lists += [reports, audit]
        self.layout_.addWidget(self.tabs, 1)
        self.job = ExportJob(context, self)
        self.job.finished.connect(lambda _target: self._exported())
        self.layout_.addWidget(self.job)
        reports.current_changed.connect(lambda _id: self._update_buttons())
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        self._update_buttons()

    # --- layout ----------------------------------------------------------------------------------

    def _build_buttons(self) -> QHBoxLayout:
        self.minutes_button = self._button("exportMinutes", self.tr("Verslag (Word)…"), self.export_minutes)
        self.minutes_button.setToolTip(self.tr("Het verslag van dit overleg als Word-document"))
        self.agenda_button = self._button("exportAgenda", self.tr("Agenda (Word)…"), self.export_agenda)
        self.agenda_button.setToolTip(self.tr("De agenda van dit overleg als Word-document"))
        self.actions_button = QPushButton(self)
        self.actions_button.setObjectName("exportActions")
        self.actions_button.setText(self.tr("Actielijst (Excel)…"))
        self.actions_button.setToolTip(self.tr("De actielijst als Excel-werkmap"))
        self.actions_menu = QMenu(self.actions_button)
        self.meeting_actions = self.actions_menu.addAction(self.tr("Acties uit dit overleg…"))
        self.meeting_actions.triggered.connect(lambda _checked=False: self.export_meeting_actions())
        self.open_actions = self.actions_menu.addAction(self.tr("Alle openstaande acties…"))
        self.open_actions.triggered.connect(lambda _checked=False: self.export_open_actions())
        self.organisation_menu = self.actions_menu.addMenu(self.tr("Acties van één organisatie"))
        self.organisation_menu.aboutToShow.connect(self._fill_organisations)
        self.actions_button.setMenu(self.actions_menu)
        self.ics_button = self._button("exportIcs", self.tr("Uitnodiging (.ics)…"), self.export_invitation)
        self.ics_button.setToolTip(self.tr("Agenda-uitnodiging voor Outlook, Thunderbird of Google Agenda"))
        self.periodic_button = QPushButton(self.tr("Rapporten"), self)
        self.periodic_button.setObjectName("periodicReports")
        self.periodic_button.setToolTip(
            self.tr("Inventarisatierapport van een ronde huisbezoeken, voortgangsrapportage van een periode")
        )
        self.periodic_menu = QMenu(self.periodic_button)
        self.inventory_menu = self.periodic_menu.addMenu(self.tr("Inventarisatierapport"))
        self.inventory_menu.aboutToShow.connect(self._fill_rounds)
        self.progress_action = self.periodic_menu.addAction(self.tr("Voortgangsrapportage…"))
        self.progress_action.triggered.connect(lambda _checked=False: self.export_progress())
        self.periodic_button.setMenu(self.periodic_menu)
        self.send_button = self._button("sendReport", self.tr("Verslag versturen…"), self.send_report)
        self.send_button.setToolTip(self.tr("Het verslag en de actielijst mailen aan de ontvangers"))
        row = QHBoxLayout()
        row.setSpacing(6)
        for widget in (self.minutes_button, self.agenda_button, self.actions_button, self.ics_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.periodic_button)
        row.addWidget(self.send_button)
        return row

    def _fill_rounds(self) -> None:
        self.inventory_menu.clear()
        rounds = self.context.services.report_data.rounds()
        for round_id, name in rounds:
            action = self.inventory_menu.addAction(plain(name))
            action.triggered.connect(
                lambda _checked=False, i=round_id, n=name: self.export_inventory(i, n)
            )
        if not rounds:
            action = self.inventory_menu.addAction(self.tr("Alle huisbezoeken (nog geen rondes)"))
            action.triggered.connect(lambda _checked=False: self.export_inventory(None, "huisbezoeken"))

    def export_inventory(self, round_id: int | None, name: str) -> Path | None:
        """The inventarisatierapport of a round, written off the UI thread."""
        return self.job.export(inventory_request(self.context, round_id, name))

    def export_progress(self, period: tuple[date, date] | None = None) -> Path | None:
        """The voortgangsrapportage; asks the period unless given."""
        if period is None:
            dialog = PeriodDialog(self.context, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            period = dialog.period()
        return self.job.export(progress_request(self.context, *period))

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    def _fill_organisations(self) -> None:
        self.organisation_menu.clear()
        for organisation_id, name in self.context.services.reference_data.organisations():
            action = self.organisation_menu.addAction(plain(name))
            action.triggered.connect(
                lambda _checked=False, i=organisation_id, n=name: self.export_organisation_actions(i, n)
            )

    def _update_buttons(self) -> None:
        chosen = self.meeting_id() is not None and self.tabs.currentWidget() is self.reports
        for widget in (self.minutes_button, self.agenda_button, self.ics_button, self.send_button):
            widget.setEnabled(chosen)
        self.meeting_actions.setEnabled(chosen)

    def _exported(self) -> None:
        self.reports.reload()  # "Laatst geëxporteerd"
        if self.audit.model.loaded:
            self.audit.reload()

    # --- the selected meeting --------------------------------------------------------------------

    def meeting_id(self) -> int | None:
        return self.reports.current_id()

    def _meeting(self) -> tuple[int, date, str] | None:
        meeting_id = self.meeting_id()
        if meeting_id is None:
            return None
        try:
            meeting = self.context.services.meetings.get_meeting(meeting_id)
        except NotFound:
            self.reports.reload()
            return None
        return meeting_id, meeting.date, meeting.title

    # --- exports ---------------------------------------------------------------------------------

    def export_minutes(self) -> Path | None:
        """The minutes (for a meeting that turns out not to be held: the agenda, if the chair says so)."""
        meeting = self._meeting()
        request = None if meeting is None else minutes_or_agenda(self, self.context, *meeting)
        return None if request is None else self.job.export(request)

    def export_agenda(self) -> Path | None:
        meeting = self._meeting()
        return None if meeting is None else self.job.export(agenda_request(self.context, *meeting))

    def export_meeting_actions(self) -> Path | None:
        from wiec_desktop.services.actions.action_list import ActionListScope

        meeting = self._meeting()
        if meeting is None:
            return None
        meeting_id, day, title = meeting
        return self.job.export(
            action_list_request(
                self.context,
                ActionListScope.for_meeting(meeting_id),
                dated_name("actielijst", day, title, ".xlsx"),
                self.tr("Actielijst opslaan"),
            )
        )

    def export_open_actions(self) -> Path | None:
        from wiec_desktop.services.actions.action_list import ActionListScope

        today = self.context.services.today()
        return self.job.export(
            action_list_request(
                self.context,
                ActionListScope.all_open(),
                f"actielijst-{today.isoformat()}.xlsx",
                self.tr("Actielijst opslaan"),
            )
        )

    def export_organisation_actions(self, organisation_id: int, name: str) -> Path | None:
        from wiec_desktop.services.actions.action_list import ActionListScope

        today = self.context.services.today()
        return self.job.export(
            action_list_request(
                self.context,
                ActionListScope.for_organisation(organisation_id),
                f"actielijst-{slug(name)}-{today.isoformat()}.xlsx",
                self.tr("Actielijst opslaan"),
            )
        )

    def export_invitation(self) -> Path | None:
        """The calendar invitation; the meetings here are held, so this explains why there is none."""
        meeting = self._meeting()
        request = None if meeting is None else invitation_or_none(self, self.context, *meeting)
        return None if request is None else self.job.export(request)

    def send_report(self) -> QWidget | None:
        """The "Verslag versturen" dialog for the selected meeting (window-modal)."""
        from wiec_desktop.ui.reports.send_report import SendReportDialog

        meeting_id = self.meeting_id()
        if meeting_id is None:
            return None
        dialog = SendReportDialog(self.context, meeting_id, self)
        dialog.sent.connect(lambda: self._exported())
        dialog.open()
        return dialog
