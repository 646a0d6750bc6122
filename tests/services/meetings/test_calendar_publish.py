"""Issue 15: the invitation without an organiser is a valid RFC 5546 PUBLISH (no attendees, so no
RSVP), with an organiser the REQUEST is unchanged; the description warns when the timeboxes run
past the planned end. Parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, time

import icalendar
import pytest
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.meetings.calendar_invite import CalendarService
from wiec_desktop.storage.database import Database

NOW = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)
ORGANISER = ("Marieke Verbeek", "voorzitter@wiec.example.nl")
OVERRUN = "De agenda loopt 9 minuten uit (16:09, gepland tot 16:00)."

# RFC 5546 §3.2.1, the constraints for METHOD:PUBLISH of a VEVENT
PUBLISH_REQUIRED = ("DTSTAMP", "DTSTART", "SUMMARY", "UID")
PUBLISH_FORBIDDEN = ("ATTENDEE", "REQUEST-STATUS")
PUBLISH_STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")


@pytest.fixture
def calendar_service(demo_db: Database) -> CalendarService:
    return CalendarService(demo_db.session_factory, lambda: DEMO_TODAY)


@pytest.fixture
def meeting_id(demo_db: Database) -> int:
    """The next planned meeting, set to 14:00–16:00."""
    with demo_db.session_factory.begin() as session:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.date >= DEMO_TODAY)
            .order_by(Meeting.date, Meeting.start_time)
        ).first()
        assert meeting is not None and meeting.agenda_items and meeting.attendances
        meeting.start_time, meeting.planned_end_time = time(14, 0), time(16, 0)
        return meeting.id


def set_total(database: Database, meeting_id: int, minutes: int) -> None:
    """Make the agenda's timeboxes add up to ``minutes``: 1 minute per item, the rest in the last."""
    with database.session_factory.begin() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        items = sorted(meeting.agenda_items, key=lambda i: i.position)
        for item in items:
            item.timebox_minutes = 1
        items[-1].timebox_minutes = minutes - (len(items) - 1)


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def description(event: icalendar.Event) -> list[str]:
    return str(event["DESCRIPTION"]).splitlines()


def assert_valid_publish(calendar: icalendar.Calendar, event: icalendar.Event, data: bytes) -> None:
    assert calendar["METHOD"] == "PUBLISH"
    for name in PUBLISH_REQUIRED:
        assert name in event, name
    for name in PUBLISH_FORBIDDEN:
        assert name not in event, name
    assert b"RSVP" not in data and b"ATTENDEE" not in data
    assert int(event["SEQUENCE"]) >= 0
    assert str(event["STATUS"]) in PUBLISH_STATUSES
    assert not ("DTEND" in event and "DURATION" in event)


def test_without_organiser_a_valid_publish_without_rsvp(
    calendar_service: CalendarService, meeting_id: int, demo_db: Database
) -> None:
    data = calendar_service.invitation(meeting_id, now=NOW)
    calendar, event = parse(data)
    assert_valid_publish(calendar, event, data)
    # the invitees are still named, in the description
    with demo_db.session_factory() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        invited = {a.contact.name for a in meeting.attendances if a.contact is not None and a.contact.email}
    lines = description(event)
    listed = lines[lines.index("Genodigden") + 1 :]
    assert len(listed) == len(invited) > 0
    for name in invited:
        assert any(line.startswith(f"- {name} (") for line in listed), name


def test_a_cancelled_meeting_without_organiser_is_a_published_cancellation(
    calendar_service: CalendarService, meeting_id: int, demo_db: Database
) -> None:
    with demo_db.session_factory.begin() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED
    data = calendar_service.invitation(meeting_id, now=NOW)
    calendar, event = parse(data)
    assert_valid_publish(calendar, event, data)
    assert str(event["STATUS"]) == "CANCELLED"


def test_with_organiser_the_request_keeps_its_attendees(
    calendar_service: CalendarService, meeting_id: int
) -> None:
    calendar, event = parse(calendar_service.invitation(meeting_id, organiser=ORGANISER, now=NOW))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:voorzitter@wiec.example.nl"
    attendees = event["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert attendees and all(a.params["RSVP"] == "TRUE" for a in attendees)
    assert "Genodigden" not in description(event)  # they are the ATTENDEEs


def test_the_description_warns_about_an_overrun_until_it_is_corrected(
    calendar_service: CalendarService, meeting_id: int, demo_db: Database
) -> None:
    set_total(demo_db, meeting_id, 129)
    for organiser in (None, ORGANISER):
        _calendar, event = parse(calendar_service.invitation(meeting_id, organiser=organiser, now=NOW))
        lines = description(event)
        assert OVERRUN in lines
        # right after the agenda's last item, which ends at 16:09
        assert lines[lines.index(OVERRUN) - 1].split(" ", 2)[1].endswith("–16:09")
        assert event.decoded("DTEND").time() == time(16, 0)  # the planned end stays the end
    set_total(demo_db, meeting_id, 121)
    _calendar, event = parse(calendar_service.invitation(meeting_id, now=NOW))
    assert "De agenda loopt 1 minuut uit (16:01, gepland tot 16:00)." in description(event)
    set_total(demo_db, meeting_id, 120)  # corrected: exactly on time
    _calendar, event = parse(calendar_service.invitation(meeting_id, now=NOW))
    assert not any("loopt" in line for line in description(event))


def test_no_warning_for_an_empty_agenda(
    calendar_service: CalendarService, meeting_id: int, demo_db: Database
) -> None:
    with demo_db.session_factory.begin() as session:
        session.query(AgendaItem).filter(AgendaItem.meeting_id == meeting_id).delete()
    _calendar, event = parse(calendar_service.invitation(meeting_id, now=NOW))
    assert "De agenda volgt." in description(event)
    assert not any("loopt" in line for line in description(event))
