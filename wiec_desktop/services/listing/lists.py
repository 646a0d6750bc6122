"""The lists shown on the main window's pages, as ``ListSpec``s over SQL (column titles marked for
translation in the "Columns" context; the window translates them).

Each function takes ``today`` (for "overdue" and age columns) and returns a spec; nothing is loaded
until a ``ListSource`` fetches a page.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, String, and_, case, cast, exists, func, literal, select

from wiec_desktop.domain import (
    Action,
    Address,
    AgendaItem,
    Area,
    AuditEvent,
    Case,
    Contact,
    Decision,
    HouseVisit,
    InventoryRound,
    Involvement,
    Meeting,
    Organisation,
    Signal,
    Theme,
)
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AuditKind,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    OrganisationKind,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.domain.list_indexes import signal_text_prefix
from wiec_desktop.services.followup.escalation import ESCALATION_MARK, escalation_reason_sql
from wiec_desktop.services.listing.source import ListColumn, ListSpec
from wiec_desktop.storage.sql_functions import days_since
from wiec_desktop.translation import QT_TRANSLATE_NOOP

UNTRIAGED_AGE_LIMIT_DAYS = 14


def _overdue(today: date) -> Any:
    return and_(Action.status.in_(OPEN_ACTION_STATUSES), Action.due_date < today)


def _text(expr: Any) -> Any:
    return cast(expr, String)


def case_reference_sql() -> Any:
    """``2026-014`` as SQL (portable: SQLite and PostgreSQL)."""
    number = _text(Case.number)
    padded = func.substr(literal("000") + number, func.length(number) + 1)
    return _text(Case.year) + literal("-") + case((Case.number >= 1000, number), else_=padded)


def action_reference_sql() -> Any:
    number = _text(Action.number)
    padded = func.substr(literal("000") + number, func.length(number) + 1)
    return (
        literal("A-")
        + _text(Action.year)
        + literal("-")
        + case((Action.number >= 1000, number), else_=padded)
    )


# --- Cases -------------------------------------------------------------------------------------


def _lead_name_subquery() -> Any:
    return (
        select(func.min(Organisation.name))
        .join(Involvement, Involvement.organisation_id == Organisation.id)
        .where(Involvement.case_id == Case.id, Involvement.role == InvolvementRole.LEAD)
        .scalar_subquery()
    )


def _case_open_actions() -> Any:
    return (
        select(func.count(Action.id))
        .where(Action.case_id == Case.id, Action.status.in_(OPEN_ACTION_STATUSES))
        .scalar_subquery()
    )


def _case_overdue_actions(today: date) -> Any:
    return select(func.count(Action.id)).where(Action.case_id == Case.id, _overdue(today)).scalar_subquery()


def cases_list(today: date) -> ListSpec:
    """Casussen: reference, title, status, theme, area, lead, open/overdue actions."""
    overdue = _case_overdue_actions(today)
    has_lead = exists().where(Involvement.case_id == Case.id, Involvement.role == InvolvementRole.LEAD)

    def by_status(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Case.status == CaseStatus(value))

    def by_theme(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Case.theme_id == int(value))

    def by_area(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Case.area_id == int(value))

    def without_lead(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(~has_lead)

    def with_overdue(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(exists().where(Action.case_id == Case.id, _overdue(today)))

    def only_open(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Case.status != CaseStatus.CLOSED)

    def by_lead(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(
            exists().where(
                Involvement.case_id == Case.id,
                Involvement.role == InvolvementRole.LEAD,
                Involvement.organisation_id == int(value),
            )
        )

    def by_assignment(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Case.assignment_id == int(value))

    return ListSpec(
        name="cases",
        id_expr=Case.id,
        columns=(
            ListColumn(
                "reference",
                QT_TRANSLATE_NOOP("Columns", "Nummer"),
                case_reference_sql(),
                sort_exprs=(Case.year, Case.number),
            ),
            ListColumn("title", QT_TRANSLATE_NOOP("Columns", "Titel"), Case.title),
            ListColumn(
                "status", QT_TRANSLATE_NOOP("Columns", "Status"), Case.status, kind="enum", enum=CaseStatus
            ),
            ListColumn("theme", QT_TRANSLATE_NOOP("Columns", "Thema"), Theme.name),
            ListColumn("area", QT_TRANSLATE_NOOP("Columns", "Wijk/buurt"), Area.name, give_way=2),
            ListColumn("lead", QT_TRANSLATE_NOOP("Columns", "Trekker"), _lead_name_subquery(), give_way=1),
            ListColumn(
                "open_actions",
                QT_TRANSLATE_NOOP("Columns", "Open acties"),
                _case_open_actions(),
                kind="int",
                give_way=3,
            ),
            ListColumn("overdue_actions", QT_TRANSLATE_NOOP("Columns", "Achterstallig"), overdue, kind="int"),
            ListColumn(
                "opened_on",
                QT_TRANSLATE_NOOP("Columns", "Aangemeld"),
                Case.opened_on,
                kind="date",
                give_way=4,
            ),
        ),
        from_clause=lambda s: (
            s.select_from(Case)
            .outerjoin(Theme, Theme.id == Case.theme_id)
            .outerjoin(Area, Area.id == Case.area_id)
        ),
        count_from=lambda s: s.select_from(Case),
        search_exprs=(case_reference_sql(), Case.title, Case.description, Case.location),
        filters={
            "status": by_status,
            "theme": by_theme,
            "area": by_area,
            "without_lead": without_lead,
            "overdue": with_overdue,
            "open": only_open,
            "lead": by_lead,
            "assignment": by_assignment,
        },
        default_sort=("reference", True),
        highlight=overdue > 0,
    )


# --- Partners ----------------------------------------------------------------------------------


def organisations_list(today: date) -> ListSpec:
    """Partners: name, kind, number of contacts, cases involved in, open and overdue actions."""
    contacts = (
        select(func.count(Contact.id))
        .where(Contact.organisation_id == Organisation.id, Contact.active.is_(True))
        .scalar_subquery()
    )
    # Not "joined to an open case" but "not among the closed ones": the closed cases' ids are read
    # once per query from the status index, instead of one lookup in the wide case table per
    # involvement (every involvement has its case).
    closed = select(Case.id).where(Case.status == CaseStatus.CLOSED)
    cases = (
        select(func.count(Involvement.id))
        .where(Involvement.organisation_id == Organisation.id, Involvement.case_id.not_in(closed))
        .scalar_subquery()
    )
    open_actions = (
        select(func.count(Action.id))
        .where(Action.owner_organisation_id == Organisation.id, Action.status.in_(OPEN_ACTION_STATUSES))
        .scalar_subquery()
    )
    overdue = (
        select(func.count(Action.id))
        .where(Action.owner_organisation_id == Organisation.id, _overdue(today))
        .scalar_subquery()
    )

    def by_kind(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Organisation.kind == OrganisationKind(value))

    def only_active(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Organisation.active.is_(True))

    return ListSpec(
        name="organisations",
        id_expr=Organisation.id,
        columns=(
            ListColumn("name", QT_TRANSLATE_NOOP("Columns", "Naam"), Organisation.name),
            ListColumn(
                "kind",
                QT_TRANSLATE_NOOP("Columns", "Soort"),
                Organisation.kind,
                kind="enum",
                enum=OrganisationKind,
            ),
            ListColumn(
                "contacts", QT_TRANSLATE_NOOP("Columns", "Contactpersonen"), contacts, kind="int", give_way=3
            ),
            ListColumn(
                "cases", QT_TRANSLATE_NOOP("Columns", "Lopende casussen"), cases, kind="int", give_way=1
            ),
            ListColumn("open_actions", QT_TRANSLATE_NOOP("Columns", "Open acties"), open_actions, kind="int"),
            ListColumn("overdue_actions", QT_TRANSLATE_NOOP("Columns", "Achterstallig"), overdue, kind="int"),
            ListColumn(
                "active", QT_TRANSLATE_NOOP("Columns", "Actief"), Organisation.active, kind="bool", give_way=2
            ),
        ),
        from_clause=lambda s: s.select_from(Organisation),
        count_from=lambda s: s.select_from(Organisation),
        search_exprs=(Organisation.name, Organisation.notes),
        filters={"kind": by_kind, "active": only_active},
        default_sort=("name", False),
        highlight=overdue > 0,
    )


def contacts_list() -> ListSpec:
    """Contact persons, optionally of one organisation (filter ``organisation``)."""

    def by_organisation(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Contact.organisation_id == int(value))

    def receives_reports(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Contact.receives_reports.is_(True))

    return ListSpec(
        name="contacts",
        id_expr=Contact.id,
        columns=(
            ListColumn("name", QT_TRANSLATE_NOOP("Columns", "Naam"), Contact.name),
            ListColumn("organisation", QT_TRANSLATE_NOOP("Columns", "Organisatie"), Organisation.name),
            ListColumn("function", QT_TRANSLATE_NOOP("Columns", "Functie"), Contact.function, give_way=1),
            ListColumn("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), Contact.email),
            ListColumn("phone", QT_TRANSLATE_NOOP("Columns", "Telefoon"), Contact.phone, give_way=2),
            ListColumn(
                "receives_reports",
                QT_TRANSLATE_NOOP("Columns", "Ontvangt rapportages"),
                Contact.receives_reports,
                kind="bool",
                give_way=3,
            ),
        ),
        from_clause=lambda s: s.select_from(Contact).join(
            Organisation, Organisation.id == Contact.organisation_id
        ),
        count_from=lambda s: s.select_from(Contact),  # every contact has its organisation
        search_exprs=(Contact.name, Contact.function, Contact.email, Organisation.name),
        filters={"organisation": by_organisation, "receives_reports": receives_reports},
        default_sort=("name", False),
    )


# --- Meetings ----------------------------------------------------------------------------------


def meetings_list(today: date) -> ListSpec:
    """Overleggen: date, time, kind, title, location, status, minutes status, counts."""
    items = select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id).scalar_subquery()
    decisions = (
        select(func.count(Decision.id))
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .where(AgendaItem.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    new_actions = select(func.count(Action.id)).where(Action.meeting_id == Meeting.id).scalar_subquery()

    def upcoming(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(
            Meeting.date >= today, Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS])
        )

    def held(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Meeting.status == MeetingStatus.HELD)

    def by_kind(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Meeting.kind == MeetingKind(value))

    return ListSpec(
        name="meetings",
        id_expr=Meeting.id,
        columns=(
            ListColumn(
                "date",
                QT_TRANSLATE_NOOP("Columns", "Datum"),
                Meeting.date,
                kind="date",
                sort_exprs=(Meeting.date, Meeting.start_time),
            ),
            ListColumn(
                "time",
                QT_TRANSLATE_NOOP("Columns", "Aanvang"),
                func.substr(_text(Meeting.start_time), 1, 5),
                give_way=2,
            ),
            ListColumn(
                "kind", QT_TRANSLATE_NOOP("Columns", "Soort"), Meeting.kind, kind="enum", enum=MeetingKind
            ),
            ListColumn("title", QT_TRANSLATE_NOOP("Columns", "Titel"), Meeting.title),
            ListColumn("location", QT_TRANSLATE_NOOP("Columns", "Locatie"), Meeting.location, give_way=1),
            ListColumn(
                "status",
                QT_TRANSLATE_NOOP("Columns", "Status"),
                Meeting.status,
                kind="enum",
                enum=MeetingStatus,
            ),
            ListColumn(
                "minutes_status",
                QT_TRANSLATE_NOOP("Columns", "Verslag"),
                Meeting.minutes_status,
                kind="enum",
                enum=MinutesStatus,
            ),
            ListColumn("items", QT_TRANSLATE_NOOP("Columns", "Agendapunten"), items, kind="int", give_way=5),
            ListColumn(
                "decisions", QT_TRANSLATE_NOOP("Columns", "Besluiten"), decisions, kind="int", give_way=4
            ),
            ListColumn(
                "new_actions",
                QT_TRANSLATE_NOOP("Columns", "Nieuwe acties"),
                new_actions,
                kind="int",
                give_way=3,
            ),
        ),
        from_clause=lambda s: s.select_from(Meeting),
        count_from=lambda s: s.select_from(Meeting),
        search_exprs=(Meeting.title, Meeting.location),
        filters={"upcoming": upcoming, "held": held, "kind": by_kind},
        default_sort=("date", True),
    )


# --- Actions -----------------------------------------------------------------------------------


def actions_list(today: date) -> ListSpec:
    """Acties: reference, description, owner, contact, case, due date, status, origin meeting, and
    why management's attention is needed (issue 15: also "⚑" before the number, as in meeting mode)."""
    overdue = _overdue(today)
    attention = escalation_reason_sql(today)
    reference = action_reference_sql()

    def by_status(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Action.status == ActionStatus(value))

    def only_open(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Action.status.in_(OPEN_ACTION_STATUSES))

    def only_overdue(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(overdue)

    def by_organisation(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Action.owner_organisation_id == int(value))

    def by_case(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Action.case_id == int(value))

    def by_meeting(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Action.meeting_id == int(value))

    def only_escalated(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Action.status.in_(OPEN_ACTION_STATUSES), attention != "")

    return ListSpec(
        name="actions",
        id_expr=Action.id,
        columns=(
            ListColumn(
                "reference",
                QT_TRANSLATE_NOOP("Columns", "Nummer"),
                case((attention != "", literal(f"{ESCALATION_MARK} ") + reference), else_=reference),
                sort_exprs=(Action.year, Action.number),
            ),
            ListColumn("description", QT_TRANSLATE_NOOP("Columns", "Actie"), Action.description),
            ListColumn("owner", QT_TRANSLATE_NOOP("Columns", "Wie"), Organisation.name),
            ListColumn("contact", QT_TRANSLATE_NOOP("Columns", "Contactpersoon"), Contact.name, give_way=2),
            ListColumn(
                "case",
                QT_TRANSLATE_NOOP("Columns", "Casus"),
                case_reference_sql(),
                sort_exprs=(Case.year, Case.number),
                give_way=1,
            ),
            ListColumn("due_date", QT_TRANSLATE_NOOP("Columns", "Deadline"), Action.due_date, kind="date"),
            ListColumn(
                "status",
                QT_TRANSLATE_NOOP("Columns", "Status"),
                Action.status,
                kind="enum",
                enum=ActionStatus,
            ),
            ListColumn(
                "meeting_date",
                QT_TRANSLATE_NOOP("Columns", "Uit overleg van"),
                Meeting.date,
                kind="date",
                give_way=3,
            ),
            # issue 15: why management's attention is needed; computed for the shown page only
            ListColumn(
                "escalation", QT_TRANSLATE_NOOP("Columns", "Aandacht"), attention, sortable=False, give_way=1
            ),
        ),
        from_clause=lambda s: (
            s.select_from(Action)
            .join(Organisation, Organisation.id == Action.owner_organisation_id)
            .outerjoin(Contact, Contact.id == Action.owner_contact_id)
            .outerjoin(Case, Case.id == Action.case_id)
            .outerjoin(Meeting, Meeting.id == Action.meeting_id)
        ),
        count_from=lambda s: s.select_from(Action),  # every action has its owner
        search_exprs=(action_reference_sql(), Action.description, Organisation.name, Contact.name),
        filters={
            "status": by_status,
            "open": only_open,
            "overdue": only_overdue,
            "organisation": by_organisation,
            "case": by_case,
            "meeting": by_meeting,
            "escalated": only_escalated,
        },
        default_sort=("due_date", False),
        highlight=overdue,
    )


# --- Signals and inventory ---------------------------------------------------------------------


def signals_list(today: date) -> ListSpec:
    """Signalen: date, source, theme, street, text, status, case, age in days."""
    age = days_since(Signal.received_on, today)
    stale = and_(
        Signal.status == SignalStatus.NEW,
        Signal.received_on < today - timedelta(days=UNTRIAGED_AGE_LIMIT_DAYS),
    )

    def by_status(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Signal.status == SignalStatus(value))

    def untriaged(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Signal.status == SignalStatus.NEW)

    def by_theme(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Signal.theme_id == int(value))

    def by_source(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Signal.source == SignalSource(value))

    return ListSpec(
        name="signals",
        id_expr=Signal.id,
        columns=(
            ListColumn("received_on", QT_TRANSLATE_NOOP("Columns", "Datum"), Signal.received_on, kind="date"),
            ListColumn(
                "source",
                QT_TRANSLATE_NOOP("Columns", "Bron"),
                Signal.source,
                kind="enum",
                enum=SignalSource,
                give_way=3,
            ),
            ListColumn("theme", QT_TRANSLATE_NOOP("Columns", "Thema"), Theme.name),
            ListColumn("street", QT_TRANSLATE_NOOP("Columns", "Straat"), Signal.street),
            ListColumn(
                "text",
                QT_TRANSLATE_NOOP("Columns", "Signaal"),
                Signal.text,
                sort_exprs=(signal_text_prefix(), Signal.text),  # the same order; an index serves it
            ),
            ListColumn(
                "status",
                QT_TRANSLATE_NOOP("Columns", "Status"),
                Signal.status,
                kind="enum",
                enum=SignalStatus,
            ),
            ListColumn(
                "case",
                QT_TRANSLATE_NOOP("Columns", "Casus"),
                case_reference_sql(),
                sort_exprs=(Case.year, Case.number),
                sort_from=lambda s: s.select_from(Signal).outerjoin(Case, Case.id == Signal.case_id),
                give_way=1,
            ),
            ListColumn(
                "age",
                QT_TRANSLATE_NOOP("Columns", "Dagen oud"),
                age,
                kind="int",
                sort_exprs=(Signal.received_on,),
                sort_reversed=True,  # the youngest first: the latest date first
                give_way=2,
            ),
        ),
        from_clause=lambda s: (
            s.select_from(Signal)
            .outerjoin(Theme, Theme.id == Signal.theme_id)
            .outerjoin(Case, Case.id == Signal.case_id)
        ),
        count_from=lambda s: s.select_from(Signal),
        search_exprs=(Signal.text, Signal.street, Theme.name),
        filters={"status": by_status, "untriaged": untriaged, "theme": by_theme, "source": by_source},
        default_sort=("received_on", True),
        highlight=stale,
    )


def house_visits_list() -> ListSpec:
    """Huisbezoeken: date, street and number, outcome, rating, round."""

    def by_outcome(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(HouseVisit.outcome == VisitOutcome(value))

    def by_street(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(Address.street == str(value))

    def by_round(stmt: Select[Any], value: Any) -> Select[Any]:
        return stmt.where(HouseVisit.round_id == int(value))

    number = _text(Address.number) + Address.addition
    return ListSpec(
        name="house_visits",
        id_expr=HouseVisit.id,
        columns=(
            ListColumn(
                "visited_on", QT_TRANSLATE_NOOP("Columns", "Datum"), HouseVisit.visited_on, kind="date"
            ),
            ListColumn(
                "street",
                QT_TRANSLATE_NOOP("Columns", "Straat"),
                Address.street,
                sort_exprs=(Address.street, Address.number),
            ),
            ListColumn(
                "number",
                QT_TRANSLATE_NOOP("Columns", "Nr."),
                number,
                sort_exprs=(Address.number, Address.addition),
            ),
            ListColumn(
                "outcome",
                QT_TRANSLATE_NOOP("Columns", "Uitkomst"),
                HouseVisit.outcome,
                kind="enum",
                enum=VisitOutcome,
            ),
            ListColumn(
                "rating", QT_TRANSLATE_NOOP("Columns", "Cijfer"), HouseVisit.rating, kind="int", give_way=1
            ),
            ListColumn("round", QT_TRANSLATE_NOOP("Columns", "Ronde"), InventoryRound.name, give_way=2),
            ListColumn("visitors", QT_TRANSLATE_NOOP("Columns", "Bezoekers"), HouseVisit.visitors),
        ),
        from_clause=lambda s: (
            s.select_from(HouseVisit)
            .join(Address, Address.id == HouseVisit.address_id)
            .outerjoin(InventoryRound, InventoryRound.id == HouseVisit.round_id)
        ),
        count_from=lambda s: s.select_from(HouseVisit),  # every visit has its address
        search_exprs=(Address.street, Address.postcode, HouseVisit.problems, HouseVisit.ideas),
        filters={"outcome": by_outcome, "street": by_street, "round": by_round},
        default_sort=("visited_on", True),
    )


# --- Reports -----------------------------------------------------------------------------------


def reports_list() -> ListSpec:
    """Rapportages: the held meetings whose minutes and action list go to policymakers."""
    decisions = (
        select(func.count(Decision.id))
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .where(AgendaItem.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    new_actions = select(func.count(Action.id)).where(Action.meeting_id == Meeting.id).scalar_subquery()
    exported = (
        select(func.max(AuditEvent.occurred_at))
        .where(
            AuditEvent.entity_type == "meeting",
            AuditEvent.entity_id == Meeting.id,
            AuditEvent.kind.in_([AuditKind.EXPORT, AuditKind.SEND]),
        )
        .scalar_subquery()
    )

    def draft_only(stmt: Select[Any], _value: Any) -> Select[Any]:
        return stmt.where(Meeting.minutes_status == MinutesStatus.DRAFT)

    return ListSpec(
        name="reports",
        id_expr=Meeting.id,
        columns=(
            ListColumn("date", QT_TRANSLATE_NOOP("Columns", "Datum"), Meeting.date, kind="date"),
            ListColumn("title", QT_TRANSLATE_NOOP("Columns", "Overleg"), Meeting.title),
            ListColumn(
                "kind",
                QT_TRANSLATE_NOOP("Columns", "Soort"),
                Meeting.kind,
                kind="enum",
                enum=MeetingKind,
                give_way=1,
            ),
            ListColumn(
                "minutes_status",
                QT_TRANSLATE_NOOP("Columns", "Verslag"),
                Meeting.minutes_status,
                kind="enum",
                enum=MinutesStatus,
            ),
            ListColumn(
                "decisions", QT_TRANSLATE_NOOP("Columns", "Besluiten"), decisions, kind="int", give_way=3
            ),
            ListColumn(
                "new_actions",
                QT_TRANSLATE_NOOP("Columns", "Nieuwe acties"),
                new_actions,
                kind="int",
                give_way=2,
            ),
            ListColumn(
                "last_sent", QT_TRANSLATE_NOOP("Columns", "Laatst geëxporteerd"), exported, kind="datetime"
            ),
        ),
        from_clause=lambda s: s.select_from(Meeting).where(Meeting.status == MeetingStatus.HELD),
        count_from=lambda s: s.select_from(Meeting).where(Meeting.status == MeetingStatus.HELD),
        search_exprs=(Meeting.title, Meeting.location),
        filters={"draft": draft_only},
        default_sort=("date", True),
    )


ENTITY_LABELS = {
    "organisation": "Organisatie",
    "contact": "Contactpersoon",
    "case": "Casus",
    "meeting": "Overleg",
    "agenda_template": "Agendasjabloon",
    "action": "Actie",
    "signal": "Signaal",
    "house_visit": "Huisbezoek",
    "address": "Adres",
    "assignment": "Opdracht",
    "matrix": "Wie doet wat",
}


def _entity_label(expr: Any) -> Any:
    """The Dutch name of an audit event's record type, in SQL (so it sorts and searches in Dutch)."""
    return case(ENTITY_LABELS, value=expr, else_=expr)


def audit_list() -> ListSpec:
    """Logboek: every change and export, newest first (references only)."""
    return ListSpec(
        name="audit",
        id_expr=AuditEvent.id,
        columns=(
            ListColumn(
                "occurred_at",
                QT_TRANSLATE_NOOP("Columns", "Tijdstip"),
                AuditEvent.occurred_at,
                kind="datetime",
            ),
            ListColumn("actor", QT_TRANSLATE_NOOP("Columns", "Gebruiker"), AuditEvent.actor),
            ListColumn(
                "kind",
                QT_TRANSLATE_NOOP("Columns", "Handeling"),
                AuditEvent.kind,
                kind="enum",
                enum=AuditKind,
            ),
            ListColumn(
                "entity_type",
                QT_TRANSLATE_NOOP("Columns", "Soort gegeven"),
                _entity_label(AuditEvent.entity_type),
            ),
            ListColumn("entity_id", QT_TRANSLATE_NOOP("Columns", "Id"), AuditEvent.entity_id, kind="int"),
            ListColumn("detail", QT_TRANSLATE_NOOP("Columns", "Omschrijving"), AuditEvent.detail),
        ),
        from_clause=lambda s: s.select_from(AuditEvent),
        count_from=lambda s: s.select_from(AuditEvent),
        search_exprs=(AuditEvent.detail, _entity_label(AuditEvent.entity_type)),
        default_sort=("occurred_at", True),
    )
