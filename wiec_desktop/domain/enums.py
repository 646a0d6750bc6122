"""Statuses, roles and kinds of the domain, each with its Dutch label for the UI.

Values are stored as their lowercase English ``value`` strings (never as Python names), so the
database stays readable and a renamed member does not silently change stored data.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum with a Dutch label per member (``LABELS`` is filled in per class)."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def from_label(cls, label: str) -> LabelledEnum:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)


class OrganisationKind(LabelledEnum):
    MUNICIPALITY = "municipality"
    POLICE = "police"
    HOUSING = "housing"
    WELFARE = "welfare"
    YOUTH_WORK = "youth_work"
    CARE = "care"
    RESIDENTS = "residents"
    OTHER = "other"


class ReportCadence(LabelledEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class AreaKind(LabelledEnum):
    DISTRICT = "district"
    NEIGHBOURHOOD = "neighbourhood"


class CaseStatus(LabelledEnum):
    REPORTED = "reported"
    IN_ANALYSIS = "in_analysis"
    IN_PROGRESS = "in_progress"
    MONITORING = "monitoring"
    CLOSED = "closed"


class Priority(LabelledEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class InvolvementRole(LabelledEnum):
    LEAD = "lead"
    PARTNER = "partner"
    INFORMED = "informed"


class VisitOutcome(LabelledEnum):
    NOT_HOME = "not_home"
    SPOKEN = "spoken"
    REFUSED = "refused"
    COME_BACK = "come_back"


class SignalSource(LabelledEnum):
    HOUSE_VISIT = "house_visit"
    RESIDENT_PHONE = "resident_phone"
    RESIDENT_EMAIL = "resident_email"
    WALK_IN = "walk_in"
    PARTNER = "partner"
    OWN_OBSERVATION = "own_observation"


class SignalStatus(LabelledEnum):
    NEW = "new"
    LINKED = "linked"
    CLOSED = "closed"


class MeetingKind(LabelledEnum):
    CASE_MEETING = "case_meeting"
    ENVIRONMENT_MEETING = "environment_meeting"
    RESIDENTS_EVENING = "residents_evening"


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    HELD = "held"
    CANCELLED = "cancelled"


class MinutesStatus(LabelledEnum):
    NONE = "none"
    DRAFT = "draft"
    APPROVED = "approved"


class AttendanceStatus(LabelledEnum):
    INVITED = "invited"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class AgendaItemKind(LabelledEnum):
    OPENING = "opening"
    ANNOUNCEMENTS = "announcements"
    AGENDA = "agenda"
    PREVIOUS_MINUTES = "previous_minutes"
    ACTION_REVIEW = "action_review"
    CASE = "case"
    THEME = "theme"
    ANY_OTHER_BUSINESS = "any_other_business"
    CLOSING = "closing"
    OTHER = "other"


class AgendaItemState(LabelledEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    PARKED = "parked"
    NOT_REACHED = "not_reached"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class AuditKind(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    STATUS = "status"
    EXPORT = "export"
    SEND = "send"
    IMPORT = "import"
    ERASE = "erase"


class ErasureKind(LabelledEnum):
    """Why personal data was removed: its retention period ended, or a resident asked (AVG art. 17)."""

    RETENTION = "retention"
    REQUEST = "request"


class TermDecision(LabelledEnum):
    """The chair's choice about a term in a document for policymakers."""

    KEPT = "kept"  # not personal: stays as written
    MARKED = "marked"  # personal although not found: replaced


class DispatchKind(LabelledEnum):
    """What a mail with one organisation's own actions was for (issue 15)."""

    ACTIONS = "actions"  # after a meeting: your actions, please fill in the workbook
    REMINDER = "reminder"  # before a meeting: your actions for the coming meeting


class SuggestionReason(LabelledEnum):
    """Why a case is suggested for a meeting's agenda."""

    OVERDUE_ACTIONS = "overdue_actions"
    ESCALATED_ACTIONS = "escalated_actions"  # issue 15: moved too often or long overdue
    UNTRIAGED_SIGNALS = "untriaged_signals"
    NO_LEAD = "no_lead"
    NOT_DISCUSSED = "not_discussed"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

_LABELS: dict[str, dict[str, str]] = {
    "OrganisationKind": {
        "municipality": "Gemeente / stadsdeel",
        "police": "Politie",
        "housing": "Woningcorporatie",
        "welfare": "Welzijn",
        "youth_work": "Jongerenwerk",
        "care": "Zorg",
        "residents": "Bewonersorganisatie",
        "other": "Overig",
    },
    "ReportCadence": {"weekly": "Wekelijks", "monthly": "Maandelijks"},
    "AreaKind": {"district": "Wijk", "neighbourhood": "Buurt"},
    "CaseStatus": {
        "reported": "Aangemeld",
        "in_analysis": "In analyse",
        "in_progress": "In behandeling",
        "monitoring": "Monitoren",
        "closed": "Afgesloten",
    },
    "Priority": {"low": "Laag", "normal": "Normaal", "high": "Hoog", "urgent": "Urgent"},
    "InvolvementRole": {"lead": "Trekker", "partner": "Partner", "informed": "Geïnformeerd"},
    "VisitOutcome": {
        "not_home": "Niet thuis",
        "spoken": "Gesproken",
        "refused": "Geweigerd",
        "come_back": "Terugkomen",
    },
    "SignalSource": {
        "house_visit": "Huisbezoek",
        "resident_phone": "Bewoner (telefoon)",
        "resident_email": "Bewoner (e-mail)",
        "walk_in": "Bewoner (inloop)",
        "partner": "Partner",
        "own_observation": "Eigen waarneming",
    },
    "SignalStatus": {"new": "Nieuw", "linked": "Gekoppeld aan casus", "closed": "Afgesloten"},
    "MeetingKind": {
        "case_meeting": "Casuïstiekoverleg",
        "environment_meeting": "Leefomgevingoverleg",
        "residents_evening": "Bewonersavond",
    },
    "MeetingStatus": {
        "planned": "Gepland",
        "in_progress": "Bezig",
        "held": "Gehouden",
        "cancelled": "Geannuleerd",
    },
    "MinutesStatus": {"none": "Geen verslag", "draft": "Concept", "approved": "Vastgesteld"},
    "AttendanceStatus": {
        "invited": "Uitgenodigd",
        "present": "Aanwezig",
        "excused": "Afwezig met bericht",
        "absent": "Afwezig",
    },
    "AgendaItemKind": {
        "opening": "Opening",
        "announcements": "Mededelingen",
        "agenda": "Vaststellen agenda",
        "previous_minutes": "Verslag vorige keer",
        "action_review": "Actielijst",
        "case": "Casus",
        "theme": "Thema",
        "any_other_business": "Rondvraag",
        "closing": "Sluiting",
        "other": "Overig",
    },
    "AgendaItemState": {
        "pending": "Nog te doen",
        "current": "Huidig",
        "done": "Besproken",
        "parked": "Geparkeerd",
        "not_reached": "Niet aan toegekomen",
    },
    "ActionStatus": {
        "open": "Open",
        "in_progress": "Loopt",
        "done": "Gereed",
        "cancelled": "Vervallen",
    },
    "SuggestionReason": {
        "overdue_actions": "Acties over de deadline",
        "escalated_actions": "Acties die aandacht van management vragen",
        "untriaged_signals": "Signalen niet beoordeeld",
        "no_lead": "Geen trekker",
        "not_discussed": "Lang niet besproken",
    },
    "AuditKind": {
        "create": "Aangemaakt",
        "update": "Gewijzigd",
        "delete": "Verwijderd",
        "status": "Status gewijzigd",
        "export": "Geëxporteerd",
        "send": "Verstuurd",
        "import": "Geïmporteerd",
        "erase": "Gewist",
    },
    "ErasureKind": {"retention": "Bewaartermijn verlopen", "request": "Op verzoek gewist"},
    "DispatchKind": {"actions": "Acties per partner", "reminder": "Herinnering voor het overleg"},
    "TermDecision": {
        "kept": "Niet persoonlijk (blijft staan)",
        "marked": "Persoonlijk (wordt vervangen)",
    },
}
