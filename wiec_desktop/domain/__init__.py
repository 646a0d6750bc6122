"""The domain vocabulary of DESIGN.md §2 as SQLAlchemy 2 typed models (no Qt here)."""

from wiec_desktop.domain.actions import Action, ActionUpdate, action_reference
from wiec_desktop.domain.audit import AuditEvent
from wiec_desktop.domain.base import Base
from wiec_desktop.domain.cases import Case, CaseStatusChange, Involvement, case_reference
from wiec_desktop.domain.erasure import Erasure
from wiec_desktop.domain.followup import PartnerDispatch, PeriodicReport
from wiec_desktop.domain.inventory import Address, HouseVisit, InventoryRound, Resident, Signal
from wiec_desktop.domain.list_indexes import LIST_INDEXES  # noqa: F401 - declares them on the tables
from wiec_desktop.domain.meetings import AgendaItem, Attendance, Decision, Meeting
from wiec_desktop.domain.organisations import Area, Assignment, Contact, Organisation, Theme
from wiec_desktop.domain.privacy import PrivacyTerm
from wiec_desktop.domain.search import RecentSearch
from wiec_desktop.domain.templates import AgendaTemplate, AgendaTemplateItem

__all__ = [
    "Action",
    "ActionUpdate",
    "Address",
    "AgendaItem",
    "AgendaTemplate",
    "AgendaTemplateItem",
    "Area",
    "Assignment",
    "Attendance",
    "AuditEvent",
    "Base",
    "Case",
    "CaseStatusChange",
    "Contact",
    "Decision",
    "Erasure",
    "HouseVisit",
    "InventoryRound",
    "Involvement",
    "Meeting",
    "Organisation",
    "PartnerDispatch",
    "PeriodicReport",
    "PrivacyTerm",
    "RecentSearch",
    "Resident",
    "Signal",
    "Theme",
    "action_reference",
    "case_reference",
]
