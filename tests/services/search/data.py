"""A small district with one record of every kind that search finds, each with words of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Address,
    AgendaItem,
    Case,
    Contact,
    Decision,
    HouseVisit,
    Meeting,
    Organisation,
    Signal,
)
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    MeetingKind,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)

TODAY = date(2026, 11, 10)
CASE_TITLE = "Overlast bij café De Hoek"
CASE_TEXT = "Jongeren hangen 's avonds bij de bergingen van de Erasmusweg."
MEETING_TITLE = "Buurtavond Wateringseveld"
MEETING_PLACE = "Wijkcentrum De Zonnewijzer"
MINUTES = "De wijkagent vertelt over de scooters bij de bergingen en de glascontainer."
DECISION = "Handhaving plaatst tijdelijk extra camera's bij het speelveld."
ACTION = "Verlichting repareren bij de fietsenstalling."
UPDATE = "Offerte aangevraagd bij de aannemer Klinkhamer."
SIGNAL = "Zwerfvuil rond de glasbak, al weken niet geleegd."
VISIT = "Geluidsoverlast van de bovenburen, vooral in het weekend."
ORGANISATION = "Stichting Buurtbemiddeling Escamp"
ORGANISATION_NOTES = "Bemiddelt bij conflicten tussen buren."
CONTACT = "Fatima Özdemir"
CONTACT_FUNCTION = "Coördinator vrijwilligers"


@dataclass(frozen=True)
class District:
    case: int
    meeting: int
    agenda_item: int
    empty_item: int
    decision: int
    action: int
    signal: int
    visit: int
    organisation: int
    contact: int
    address: int


def build(factory: sessionmaker[Session]) -> District:
    """The district, written straight through the ORM (the triggers index it)."""
    with factory.begin() as session:
        organisation = Organisation(name=ORGANISATION, notes=ORGANISATION_NOTES)
        session.add(organisation)
        session.flush()
        contact = Contact(organisation=organisation, name=CONTACT, function=CONTACT_FUNCTION)
        case = Case(
            year=2026, number=14, title=CASE_TITLE, description=CASE_TEXT, location="Erasmusweg",
            opened_on=date(2026, 3, 2),
        )  # fmt: skip
        meeting = Meeting(
            kind=MeetingKind.CASE_MEETING, title=MEETING_TITLE, date=date(2026, 4, 14), start_time=time(19),
            planned_end_time=time(21), location=MEETING_PLACE,
        )  # fmt: skip
        session.add_all([contact, case, meeting])
        session.flush()
        item = AgendaItem(
            meeting=meeting,
            position=0,
            kind=AgendaItemKind.CASE,
            title="Casus café",
            case=case,
            minutes=MINUTES,
        )
        empty = AgendaItem(meeting=meeting, position=1, kind=AgendaItemKind.CLOSING, title="Sluiting")
        decision = Decision(agenda_item=item, position=0, text=DECISION)
        session.add_all([item, empty, decision])
        session.flush()
        action = Action(
            year=2026, number=31, description=ACTION, case=case, meeting=meeting, agenda_item=item,
            owner_organisation=organisation, created_on=date(2026, 4, 14), status=ActionStatus.OPEN,
        )  # fmt: skip
        action.updates = [
            ActionUpdate(updated_on=date(2026, 5, 1), status=ActionStatus.IN_PROGRESS, note=UPDATE)
        ]
        address = Address(street="Erasmusweg", number=12, addition="", postcode="2532 CA")
        session.add_all([action, address])
        session.flush()
        signal = Signal(
            received_on=date(2026, 5, 3), source=SignalSource.RESIDENT_PHONE, street="Leyweg", text=SIGNAL,
            status=SignalStatus.NEW,
        )  # fmt: skip
        visit = HouseVisit(
            address=address,
            visited_on=date(2026, 4, 20),
            outcome=VisitOutcome.SPOKEN,
            rating=6,
            problems=VISIT,
        )
        session.add_all([signal, visit])
        session.flush()
        return District(
            case.id, meeting.id, item.id, empty.id, decision.id, action.id, signal.id, visit.id,
            organisation.id, contact.id, address.id,
        )  # fmt: skip
