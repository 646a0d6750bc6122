"""All services of one open database, built once and handed to windows and commands."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from wiec_desktop.services.actions.action_list import ActionListService
    from wiec_desktop.services.actions.service import ActionService
    from wiec_desktop.services.assignments.service import AssignmentService
    from wiec_desktop.services.assignments.taxonomy import TaxonomyService
    from wiec_desktop.services.audit_log import AuditLogService
    from wiec_desktop.services.cases.overlap import OverlapService
    from wiec_desktop.services.cases.service import CaseService
    from wiec_desktop.services.cases.timeline import TimelineService
    from wiec_desktop.services.followup.dispatch import FollowupDispatchService
    from wiec_desktop.services.followup.periodic import PeriodicReportService
    from wiec_desktop.services.followup.updates_import import UpdatesImportService
    from wiec_desktop.services.inventory.address_import import AddressImportService
    from wiec_desktop.services.inventory.house_visits import HouseVisitService
    from wiec_desktop.services.listing.details import DetailService
    from wiec_desktop.services.listing.reference_data import ReferenceDataService
    from wiec_desktop.services.listing.source import ListSource, ListSpec
    from wiec_desktop.services.mail.service import MailService
    from wiec_desktop.services.meetings.agenda import AgendaService
    from wiec_desktop.services.meetings.calendar_invite import CalendarService
    from wiec_desktop.services.meetings.minutes_data import MinutesDataService
    from wiec_desktop.services.meetings.run import MeetingRunService
    from wiec_desktop.services.meetings.service import MeetingService
    from wiec_desktop.services.partners.matrix import MatrixService
    from wiec_desktop.services.partners.service import OrganisationService
    from wiec_desktop.services.privacy.context import PrivacyContextService
    from wiec_desktop.services.privacy.erasure import ErasureService
    from wiec_desktop.services.privacy.overview import PrivacyOverviewService
    from wiec_desktop.services.privacy.retention import RetentionService
    from wiec_desktop.services.reports.dashboard import DashboardService
    from wiec_desktop.services.reports.figures import FiguresService
    from wiec_desktop.services.reports.report_data import ReportDataService
    from wiec_desktop.services.search.service import SearchService
    from wiec_desktop.services.signals.service import SignalService

LIST_NAMES = (
    "cases",
    "organisations",
    "contacts",
    "meetings",
    "actions",
    "signals",
    "house_visits",
    "reports",
    "audit",
)


_SERVICES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (module under wiec_desktop.services, class, the services it is given by name)
    "organisations": ("partners.service", "OrganisationService", ()),
    "cases": ("cases.service", "CaseService", ()),
    "meetings": ("meetings.service", "MeetingService", ()),
    "actions": ("actions.service", "ActionService", ()),
    "reference_data": ("listing.reference_data", "ReferenceDataService", ()),
    "dashboard": ("reports.dashboard", "DashboardService", ()),
    "matrix": ("partners.matrix", "MatrixService", ()),
    "overlap": ("cases.overlap", "OverlapService", ()),
    "timeline": ("cases.timeline", "TimelineService", ()),
    "details": ("listing.details", "DetailService", ("timeline",)),
    "signals": ("signals.service", "SignalService", ("cases",)),
    "assignments": ("assignments.service", "AssignmentService", ()),
    "taxonomy": ("assignments.taxonomy", "TaxonomyService", ()),
    "agenda": ("meetings.agenda", "AgendaService", ()),
    "meeting_run": ("meetings.run", "MeetingRunService", ("actions", "agenda")),
    "mail": ("mail.service", "MailService", ("meeting_run",)),
    "calendar": ("meetings.calendar_invite", "CalendarService", ()),
    "minutes_data": ("meetings.minutes_data", "MinutesDataService", ()),
    "action_list": ("actions.action_list", "ActionListService", ()),
    "house_visits": ("inventory.house_visits", "HouseVisitService", ()),
    "address_import": ("inventory.address_import", "AddressImportService", ()),
    "figures": ("reports.figures", "FiguresService", ()),
    "report_data": ("reports.report_data", "ReportDataService", ("figures",)),
    "retention": ("privacy.retention", "RetentionService", ()),
    "erasure": ("privacy.erasure", "ErasureService", ()),
    "privacy_overview": ("privacy.overview", "PrivacyOverviewService", ()),
    "privacy_context": ("privacy.context", "PrivacyContextService", ()),
    "audit_log": ("audit_log", "AuditLogService", ()),
    "search": ("search.service", "SearchService", ()),
    "followup_dispatch": ("followup.dispatch", "FollowupDispatchService", ()),
    "updates_import": ("followup.updates_import", "UpdatesImportService", ("actions",)),
    "periodic_reports": ("followup.periodic", "PeriodicReportService", ()),
}


class Services:
    """The use cases the UI and the command line call, for one database.

    Each service is built (and its module imported) when first asked for, then kept: opening the
    window imports only what its first page uses."""

    organisations: OrganisationService
    cases: CaseService
    meetings: MeetingService
    actions: ActionService
    reference_data: ReferenceDataService
    dashboard: DashboardService
    matrix: MatrixService
    overlap: OverlapService
    timeline: TimelineService
    details: DetailService
    signals: SignalService
    assignments: AssignmentService
    taxonomy: TaxonomyService
    agenda: AgendaService
    meeting_run: MeetingRunService
    mail: MailService
    calendar: CalendarService
    minutes_data: MinutesDataService
    action_list: ActionListService
    house_visits: HouseVisitService
    address_import: AddressImportService
    figures: FiguresService
    report_data: ReportDataService
    retention: RetentionService
    erasure: ErasureService
    privacy_overview: PrivacyOverviewService
    privacy_context: PrivacyContextService
    audit_log: AuditLogService
    search: SearchService
    followup_dispatch: FollowupDispatchService
    updates_import: UpdatesImportService
    periodic_reports: PeriodicReportService

    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date] = date.today
    ) -> None:
        self.session_factory = session_factory
        self.today = today
        self._building = threading.RLock()  # a worker thread may ask for a service first

    def __getattr__(self, name: str) -> Any:
        """The service ``name``, built on first use (only called for what is not built yet)."""
        try:
            module, class_name, needs = _SERVICES[name]
        except KeyError:
            raise AttributeError(name) from None
        with self._building:
            built = self.__dict__.get(name)
            if built is None:
                factory = getattr(import_module(f"wiec_desktop.services.{module}"), class_name)
                given = {need: getattr(self, need) for need in needs}
                built = factory(self.session_factory, self.today, **given)
                setattr(self, name, built)
        return built

    def list_spec(self, name: str) -> ListSpec:
        from wiec_desktop.services.listing import lists

        today = self.today()
        builders: dict[str, Callable[[], ListSpec]] = {
            "cases": lambda: lists.cases_list(today),
            "organisations": lambda: lists.organisations_list(today),
            "contacts": lists.contacts_list,
            "meetings": lambda: lists.meetings_list(today),
            "actions": lambda: lists.actions_list(today),
            "signals": lambda: lists.signals_list(today),
            "house_visits": lists.house_visits_list,
            "reports": lists.reports_list,
            "audit": lists.audit_list,
        }
        return builders[name]()

    def list_source(self, name: str) -> ListSource:
        """A pageable, sortable, searchable source for one of ``LIST_NAMES``."""
        from wiec_desktop.services.listing.source import ListSource

        return ListSource(self.session_factory, self.list_spec(name))
