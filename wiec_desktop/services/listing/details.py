"""The read-only summary of one record for the detail pane beside every list: ``Detail`` (title,
label/value fields, titled sections of lines) and ``DetailService``, which builds it per kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import (
    Action,
    AgendaItem,
    Attendance,
    AuditEvent,
    Case,
    Contact,
    HouseVisit,
    Involvement,
    Meeting,
    Organisation,
    Signal,
)
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, AgendaItemState, InvolvementRole, MeetingStatus
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.cases.service import lead_warning_text
from wiec_desktop.services.followup.escalation import ESCALATION_MARK, escalations
from wiec_desktop.services.formatting import age_text, clock, long_date, short_date, timestamp
from wiec_desktop.services.listing.lists import ENTITY_LABELS

if TYPE_CHECKING:
    from wiec_desktop.services.cases.timeline import TimelineService


@dataclass(frozen=True)
class DetailSection:
    heading: str
    lines: tuple[str, ...]
    empty_text: str = "—"


@dataclass(frozen=True)
class Detail:
    """What a detail pane shows: a title, label/value pairs and titled sections of lines."""

    title: str
    subtitle: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    sections: tuple[DetailSection, ...] = field(default_factory=tuple)


class DetailService(Service):
    """``get(kind, id)`` where kind is a list name from ``registry.LIST_NAMES``; a case's timeline
    comes from ``TimelineService`` (handed in by the registry)."""

    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date], *, timeline: TimelineService
    ) -> None:
        super().__init__(session_factory, today)
        self.timeline = timeline

    def get(self, kind: str, record_id: int) -> Detail:
        builders: dict[str, Callable[[Session, int], Detail]] = {
            "cases": self._case,
            "organisations": self._organisation,
            "contacts": self._contact,
            "meetings": self._meeting,
            "reports": self._meeting,
            "actions": self._action,
            "signals": self._signal,
            "house_visits": self._house_visit,
            "audit": self._audit_event,
        }
        with self.reading() as session:
            return builders[kind](session, record_id)

    def _case(self, session: Session, record_id: int) -> Detail:
        case = get_or_raise(session, Case, record_id, "Casus")
        leads = [i for i in case.involvements if i.role == InvolvementRole.LEAD]
        involvement_lines = tuple(
            f"{i.organisation.name} — {i.role.label}"
            + (f" ({i.contact.name})" if i.contact else "")
            + (f": {i.activity}" if i.activity else "")
            for i in case.involvements
        )
        actions = session.scalars(
            select(Action)
            .where(Action.case_id == case.id, Action.status.in_(OPEN_ACTION_STATUSES))
            .order_by(Action.due_date)
        ).all()
        signals = session.scalars(
            select(Signal).where(Signal.case_id == case.id).order_by(Signal.received_on.desc())
        ).all()
        warning = lead_warning_text(len(leads))
        timeline = self.timeline.for_case(case.id)
        return Detail(
            title=f"{case.reference} {case.title}",
            subtitle=warning or case.status.label,
            fields=(
                ("Status", case.status.label),
                ("Prioriteit", case.priority.label),
                ("Thema", case.theme.name if case.theme else ""),
                ("Wijk/buurt", case.area.name if case.area else ""),
                ("Locatie", case.location),
                ("Aangemeld", short_date(case.opened_on)),
                ("Afgesloten", short_date(case.closed_on)),
            ),
            sections=(
                DetailSection("Omschrijving", _paragraphs(case.description)),
                DetailSection("Deskundige analyse", _paragraphs(case.expert_analysis)),
                DetailSection(
                    "Betrokken organisaties", involvement_lines, "Nog geen organisaties betrokken."
                ),
                DetailSection("Open acties", tuple(_action_line(a, self.today()) for a in actions), "Geen."),
                DetailSection(
                    "Signalen", tuple(f"{short_date(s.received_on)} {s.text}" for s in signals), "Geen."
                ),
                DetailSection("Resultaat", _paragraphs(case.outcome)),
                DetailSection(
                    "Tijdlijn (nieuwste eerst)",
                    tuple(f"{short_date(e.on)} {e.kind}: {e.text}" for e in reversed(timeline)),
                ),
            ),
        )

    def _organisation(self, session: Session, record_id: int) -> Detail:
        org = get_or_raise(session, Organisation, record_id, "Organisatie")
        involvements = session.scalars(
            select(Involvement)
            .join(Case)
            .where(Involvement.organisation_id == org.id)
            .order_by(Case.year, Case.number)
        ).all()
        actions = session.scalars(
            select(Action)
            .where(Action.owner_organisation_id == org.id, Action.status.in_(OPEN_ACTION_STATUSES))
            .order_by(Action.due_date)
        ).all()
        return Detail(
            title=org.name,
            subtitle=org.kind.label + ("" if org.active else " (niet actief)"),
            fields=(
                ("Soort", org.kind.label),
                ("Actief", "ja" if org.active else "nee"),
                ("Notities", org.notes),
            ),
            sections=(
                DetailSection(
                    "Contactpersonen",
                    tuple(
                        f"{c.name}"
                        + (f", {c.function}" if c.function else "")
                        + (" (ontvangt rapportages)" if c.receives_reports else "")
                        for c in org.contacts
                    ),
                    "Geen contactpersonen.",
                ),
                DetailSection(
                    "Casussen",
                    tuple(f"{i.case.reference} {i.case.title} — {i.role.label}" for i in involvements),
                    "Niet betrokken bij casussen.",
                ),
                DetailSection("Open acties", tuple(_action_line(a, self.today()) for a in actions), "Geen."),
            ),
        )

    def _contact(self, session: Session, record_id: int) -> Detail:
        contact = get_or_raise(session, Contact, record_id, "Contactpersoon")
        return Detail(
            title=contact.name,
            subtitle=contact.organisation.name,
            fields=(
                ("Organisatie", contact.organisation.name),
                ("Functie", contact.function),
                ("E-mail", contact.email),
                ("Telefoon", contact.phone),
                ("Ontvangt rapportages", "ja" if contact.receives_reports else "nee"),
                ("Actief", "ja" if contact.active else "nee"),
            ),
        )

    def _meeting(self, session: Session, record_id: int) -> Detail:
        meeting = get_or_raise(session, Meeting, record_id, "Overleg")
        present = [a for a in meeting.attendances if a.status.value == "present"]
        absent = [a for a in meeting.attendances if a.status.value in ("excused", "absent")]
        invited = [a for a in meeting.attendances if a.status.value == "invited"]
        decisions = [(i, d) for i in meeting.agenda_items for d in i.decisions]
        approval = ""
        if meeting.minutes_approved_on is not None:
            approval = f"Vastgesteld op {short_date(meeting.minutes_approved_on)}"
            if meeting.minutes_corrections.strip():
                approval += f", met correcties: {meeting.minutes_corrections.strip()}"
        actions = session.scalars(
            select(Action).where(Action.meeting_id == meeting.id).order_by(Action.number)
        ).all()
        return Detail(
            title=meeting.title,
            subtitle=f"{meeting.kind.label} · {long_date(meeting.date)}",
            fields=(
                ("Datum", long_date(meeting.date)),
                ("Tijd", f"{clock(meeting.start_time)}–{clock(meeting.planned_end_time)}"),
                ("Locatie", meeting.location),
                ("Voorzitter", meeting.chair),
                ("Notulist", meeting.minute_taker),
                ("Status", meeting.status.label),
                ("Verslag", meeting.minutes_status.label),
                ("Vaststelling", approval),
            ),
            sections=(
                DetailSection(
                    "Agenda", tuple(_agenda_line(i) for i in meeting.agenda_items), "Nog geen agenda."
                ),
                *_invited_sections(meeting, invited),
                DetailSection("Aanwezig", tuple(_attendee(a) for a in present), "Nog niet bijgehouden."),
                DetailSection(
                    "Afwezig", tuple(f"{_attendee(a)} ({a.status.label.lower()})" for a in absent), "Niemand."
                ),
                DetailSection(
                    "Besluiten", tuple(f"{i.position + 1}. {d.text}" for i, d in decisions), "Geen."
                ),
                DetailSection(
                    "Nieuwe acties", tuple(_action_line(a, self.today()) for a in actions), "Geen."
                ),
            ),
        )

    def _action(self, session: Session, record_id: int) -> Detail:
        action = get_or_raise(session, Action, record_id, "Actie")
        overdue = action.status in OPEN_ACTION_STATUSES and action.due_date and action.due_date < self.today()
        return Detail(
            title=f"{action.reference} {action.description}",
            subtitle="Achterstallig" if overdue else action.status.label,
            fields=(
                ("Wie", action.owner_organisation.name),
                ("Contactpersoon", action.owner_contact.name if action.owner_contact else ""),
                ("Casus", f"{action.case.reference} {action.case.title}" if action.case else ""),
                ("Aangemaakt", short_date(action.created_on)),
                ("Deadline", short_date(action.due_date)),
                ("Status", action.status.label),
                ("Aandacht", _escalation(session, action.id, self.today())),  # issue 15
                ("Gereed op", short_date(action.completed_on)),
                ("Uit overleg van", short_date(action.meeting.date) if action.meeting else ""),
            ),
            sections=(
                DetailSection(
                    "Voortgang",
                    tuple(
                        f"{short_date(u.updated_on)} {u.status.label}"
                        + (f", nieuwe deadline {short_date(u.new_due_date)}" if u.new_due_date else "")
                        + (f" — {u.note}" if u.note else "")
                        for u in action.updates
                    ),
                    "Nog geen voortgang gemeld.",
                ),
            ),
        )

    def _signal(self, session: Session, record_id: int) -> Detail:
        signal = get_or_raise(session, Signal, record_id, "Signaal")
        age = (self.today() - signal.received_on).days
        return Detail(
            title=f"Signaal van {short_date(signal.received_on)}",
            subtitle=f"{signal.status.label} · {age_text(age)}",
            fields=(
                ("Bron", signal.source.label),
                ("Thema", signal.theme.name if signal.theme else ""),
                ("Straat", signal.street or (signal.address.street if signal.address else "")),
                ("Partner", signal.organisation.name if signal.organisation else ""),
                ("Status", signal.status.label),
                ("Casus", f"{signal.case.reference} {signal.case.title}" if signal.case else ""),
                ("Beoordeeld op", short_date(signal.triaged_on)),
                ("Reden afsluiting", signal.closed_reason),
            ),
            sections=(DetailSection("Signaal", _paragraphs(signal.text)),),
        )

    def _house_visit(self, session: Session, record_id: int) -> Detail:
        visit = get_or_raise(session, HouseVisit, record_id, "Huisbezoek")
        return Detail(
            title=f"Huisbezoek {visit.address.label}",
            subtitle=f"{visit.outcome.label} · {short_date(visit.visited_on)}",
            fields=(
                ("Adres", f"{visit.address.label}, {visit.address.postcode}"),
                ("Ronde", visit.round.name if visit.round else ""),
                ("Bezoekers", visit.visitors),
                ("Uitkomst", visit.outcome.label),
                ("Cijfer wonen", str(visit.rating) if visit.rating else ""),
                ("Thema's", ", ".join(t.name for t in visit.themes)),
                ("Wil meedoen", "ja" if visit.wants_to_participate else "nee"),
                ("Mag benaderd worden", "ja" if visit.may_be_contacted else "nee"),
            ),
            sections=(
                DetailSection("Beleving", _paragraphs(visit.experience)),
                DetailSection("Problemen", _paragraphs(visit.problems)),
                DetailSection("Ideeën", _paragraphs(visit.ideas)),
            ),
        )

    def _audit_event(self, session: Session, record_id: int) -> Detail:
        event = get_or_raise(session, AuditEvent, record_id, "Logboekregel")
        return Detail(
            title=f"{event.kind.label}: {ENTITY_LABELS.get(event.entity_type, event.entity_type).lower()}",
            subtitle=timestamp(event.occurred_at),
            fields=(
                ("Tijdstip", timestamp(event.occurred_at)),
                ("Gebruiker", event.actor),
                ("Handeling", event.kind.label),
                ("Soort gegeven", ENTITY_LABELS.get(event.entity_type, event.entity_type)),
                ("Id", str(event.entity_id or "")),
                ("Omschrijving", event.detail),
            ),
        )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line for line in (text or "").splitlines() if line.strip())


def _action_line(action: Action, today: date) -> str:
    due = f", deadline {short_date(action.due_date)}" if action.due_date else ""
    late = (
        " — ACHTERSTALLIG"
        if action.due_date and action.due_date < today and action.status in OPEN_ACTION_STATUSES
        else ""
    )
    return f"{action.reference} {action.description} ({action.owner_organisation.name}{due}){late}"


def _agenda_line(item: AgendaItem) -> str:
    case = f" [{item.case.reference}]" if item.case and item.case.reference not in item.title else ""
    state = {
        AgendaItemState.PARKED: " — geparkeerd",
        AgendaItemState.NOT_REACHED: " — niet aan toegekomen",
    }.get(item.state, "")
    carried = " (uit vorig overleg)" if item.carried_from_id is not None else ""
    return f"{item.position + 1}. {item.title}{case} ({item.timebox_minutes} min.){carried}{state}"


def _invited_sections(meeting: Meeting, invited: list[Attendance]) -> tuple[DetailSection, ...]:
    """Before the meeting: who is invited. Once it started or was held, invitees without a recorded
    attendance are named as such (and left out when every attendance was recorded)."""
    names = tuple(_attendee(a) for a in invited)
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED):
        return (DetailSection("Uitgenodigd", names, "Nog niemand uitgenodigd."),)
    if not names:
        return ()
    return (DetailSection("Uitgenodigd, aanwezigheid niet vastgelegd", names),)


def _attendee(attendance: Attendance) -> str:
    if attendance.contact:
        return f"{attendance.contact.name} ({attendance.contact.organisation.name})"
    org = f" ({attendance.guest_organisation})" if attendance.guest_organisation else ""
    return f"{attendance.guest_name}{org} (gast)"


def _escalation(session: Session, action_id: int, today: date) -> str:
    """Why the action needs management's attention (issue 15), "" when it does not."""
    found = escalations(session, today, Action.id == action_id).get(action_id)
    return f"{ESCALATION_MARK} {found.reason}" if found is not None else ""
