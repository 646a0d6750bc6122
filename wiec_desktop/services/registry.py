"""All services of one open database, built once and handed to windows and commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.services.listing import lists
from wiec_desktop.services.listing.source import ListSource, ListSpec

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


class Services:
    """The use cases the UI and the command line call, for one database."""

    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date] = date.today
    ) -> None:
        from wiec_desktop.services.actions.action_list import ActionListService
        from wiec_desktop.services.actions.service import ActionService
        from wiec_desktop.services.assignments.service import AssignmentService
        from wiec_desktop.services.assignments.taxonomy import TaxonomyService
        from wiec_desktop.services.audit_log import AuditLogService
        from wiec_desktop.services.cases.overlap import OverlapService
        from wiec_desktop.services.cases.service import CaseService
        from wiec_desktop.services.cases.timeline import TimelineService
        from wiec_desktop.services.inventory.address_import import AddressImportService
        from wiec_desktop.services.inventory.house_visits import HouseVisitService
        from wiec_desktop.services.listing.details import DetailService
        from wiec_desktop.services.listing.reference_data import ReferenceDataService
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
        from wiec_desktop.services.signals.service import SignalService

        self.session_factory = session_factory
        self.today = today
        self.organisations = OrganisationService(session_factory, today)
        self.cases = CaseService(session_factory, today)
        self.meetings = MeetingService(session_factory, today)
        self.actions = ActionService(session_factory, today)
        self.reference_data = ReferenceDataService(session_factory, today)
        self.dashboard = DashboardService(session_factory, today)
        self.matrix = MatrixService(session_factory, today)
        self.overlap = OverlapService(session_factory, today)
        self.timeline = TimelineService(session_factory, today)
        self.details = DetailService(session_factory, today, timeline=self.timeline)
        self.signals = SignalService(session_factory, today, cases=self.cases)
        self.assignments = AssignmentService(session_factory, today)
        self.taxonomy = TaxonomyService(session_factory, today)
        self.agenda = AgendaService(session_factory, today)
        self.meeting_run = MeetingRunService(session_factory, today, actions=self.actions, agenda=self.agenda)
        self.mail = MailService(session_factory, today, meeting_run=self.meeting_run)
        self.calendar = CalendarService(session_factory, today)
        self.minutes_data = MinutesDataService(session_factory, today)
        self.action_list = ActionListService(session_factory, today)
        self.house_visits = HouseVisitService(session_factory, today)
        self.address_import = AddressImportService(session_factory, today)
        self.figures = FiguresService(session_factory, today)
        self.report_data = ReportDataService(session_factory, today, figures=self.figures)
        self.retention = RetentionService(session_factory, today)
        self.erasure = ErasureService(session_factory, today)
        self.privacy_overview = PrivacyOverviewService(session_factory, today)
        self.privacy_context = PrivacyContextService(session_factory, today)
        self.audit_log = AuditLogService(session_factory, today)

    def list_spec(self, name: str) -> ListSpec:
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
        return ListSource(self.session_factory, self.list_spec(name))
