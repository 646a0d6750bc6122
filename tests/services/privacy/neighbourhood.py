"""A small neighbourhood for the retention and erasure tests: one resident named in every kind of
free text (minutes, actions, decisions, updates, a case, a visit, a signal, approved minutes kept as
a snapshot, a term choice), a second resident who must stay, and figures for the dashboard.

The dates are fixed and far enough back to expire (created/updated timestamps too, because a change
of the record counts as a contact)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Address,
    AgendaItem,
    Area,
    Assignment,
    Attendance,
    Case,
    Decision,
    HouseVisit,
    InventoryRound,
    Meeting,
    Organisation,
    PrivacyTerm,
    Resident,
    Signal,
    Theme,
)
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    SignalSource,
    SignalStatus,
    TermDecision,
    VisitOutcome,
)

TODAY = date(2026, 11, 10)
NAME = "Emine Sitaldin"
PHONE = "06-27254302"
OTHER_NAME = "Kees Brouwer"
OTHER_PHONE = "06-11223344"
MINUTES = "Mevrouw Sitaldin (Ruinenlaan 39, 0627254302) meldt overlast; Kees Brouwer van nr. 41 ook."
ACTION = "Bel Emine Sitaldin terug op 06 27 25 43 02 over de portiek"
DECISION = "Woningcorporatie spreekt met mevrouw Sitaldin over de lekkage"
UPDATE = "Sitaldin gebeld, komt langs"
CASE_DESCRIPTION = "Overlast portiek Ruinenlaan; melder: E. Sitaldin, tel. 06-27254302"
VISIT_PROBLEMS = "Emine vertelt over de jongeren in de portiek"
SIGNAL_TEXT = "Mevrouw Sitaldin belde over vuilnis naast de container"
SNAPSHOT_MINUTES = "Sitaldin vraagt om extra verlichting"
PERSONAL = (NAME, "Sitaldin", PHONE, "0627254302", "06 27 25 43 02")


@dataclass(frozen=True)
class Ids:
    assignment: int
    resident: int
    other_resident: int
    address: int
    other_address: int
    visit: int
    other_visit: int
    signal: int
    meeting: int
    agenda_item: int
    action: int
    decision: int
    case: int


def old(day: date) -> datetime:
    return datetime.combine(day, time(9, 0))


def build(factory: sessionmaker[Session], *, contact_on: date = date(2024, 5, 1)) -> Ids:
    """The neighbourhood; the resident's last contact is ``contact_on`` (visit, consent, record)."""
    with factory.begin() as session:
        wijk = Area(name="Wateringseveld")
        theme = Theme(name="vervuiling")
        org = Organisation(name="Haag Wonen")
        assignment = Assignment(
            title="Wijkaanpak", start_date=date(2024, 1, 1), end_date=date(2027, 1, 1), is_current=True
        )
        assignment.areas = [wijk]
        session.add_all([wijk, theme, org, assignment])
        address = Address(street="Ruinenlaan", number=39, addition="", postcode="2541 AB", area=wijk)
        other_address = Address(street="Ruinenlaan", number=41, addition="", postcode="2541 AB", area=wijk)
        session.add_all([address, other_address])
        session.flush()
        stamp = old(contact_on)
        resident = Resident(
            address=address, name=NAME, phone=PHONE, consent_on=contact_on, created_at=stamp, updated_at=stamp
        )
        later = old(TODAY)
        other = Resident(
            address=other_address,
            name=OTHER_NAME,
            phone=OTHER_PHONE,
            consent_on=TODAY,
            created_at=later,
            updated_at=later,
        )
        session.add_all([resident, other])
        autumn = InventoryRound(name="voorjaar 2024", start_date=date(2024, 4, 1))
        session.add(autumn)
        visit = HouseVisit(
            address=address,
            round=autumn,
            resident=resident,
            visited_on=contact_on,
            outcome=VisitOutcome.SPOKEN,
            rating=6,
            problems=VISIT_PROBLEMS,
            ideas="Meer bankjes",
            wants_to_participate=True,
            themes=[theme],
        )
        other_visit = HouseVisit(
            address=other_address,
            round=autumn,
            resident=other,
            visited_on=TODAY,
            outcome=VisitOutcome.SPOKEN,
            rating=8,
            problems="Kees Brouwer: te hard rijden",
        )
        session.add_all([visit, other_visit])
        session.flush()
        signal = Signal(
            received_on=contact_on,
            source=SignalSource.RESIDENT_PHONE,
            theme=theme,
            address=address,
            street="",
            text=SIGNAL_TEXT,
            status=SignalStatus.NEW,
        )
        session.add(signal)
        case = Case(
            year=2024,
            number=1,
            title="Portiek Ruinenlaan",
            description=CASE_DESCRIPTION,
            opened_on=contact_on,
        )
        session.add(case)
        meeting = Meeting(
            kind=MeetingKind.CASE_MEETING,
            title="Casuïstiekoverleg",
            date=date(2024, 5, 14),
            start_time=time(10),
            planned_end_time=time(12),
            status=MeetingStatus.HELD,
            minutes_status=MinutesStatus.APPROVED,
            minutes_approved_on=date(2024, 6, 1),
            minutes_snapshot=json.dumps(
                {"version": 1, "data": {"items": [{"minutes": SNAPSHOT_MINUTES, "title": "Casus"}]}},
                ensure_ascii=True,
                sort_keys=True,
                separators=(",", ":"),
            ),
        )
        item = AgendaItem(
            meeting=meeting, position=0, kind=AgendaItemKind.CASE, title="Portiek", case=case, minutes=MINUTES
        )
        decision = Decision(agenda_item=item, position=0, text=DECISION)
        guest = Attendance(meeting=meeting, guest_name=NAME, guest_organisation="bewoner")
        session.add_all([meeting, item, decision, guest])
        session.flush()
        action = Action(
            year=2024,
            number=1,
            description=ACTION,
            case=case,
            meeting=meeting,
            owner_organisation=org,
            created_on=date(2024, 5, 14),
            status=ActionStatus.OPEN,
        )
        action.updates = [
            ActionUpdate(updated_on=date(2024, 6, 1), status=ActionStatus.IN_PROGRESS, note=UPDATE)
        ]
        session.add(action)
        session.add(PrivacyTerm(term="mevrouw sitaldin", decision=TermDecision.MARKED))
        session.add(PrivacyTerm(term="ruinenlaan", decision=TermDecision.KEPT))
        session.flush()
        return Ids(
            assignment=assignment.id,
            resident=resident.id,
            other_resident=other.id,
            address=address.id,
            other_address=other_address.id,
            visit=visit.id,
            other_visit=other_visit.id,
            signal=signal.id,
            meeting=meeting.id,
            agenda_item=item.id,
            action=action.id,
            decision=decision.id,
            case=case.id,
        )
