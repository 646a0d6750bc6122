"""A calendar invitation (``.ics``) per meeting: time, place, organiser, attendees and the agenda.

- One VEVENT with a UID that is stable per meeting (``meeting-<id>@wiec-desktop``) and a SEQUENCE
  that follows the meeting's version, so a changed meeting updates the entry in the attendees'
  calendars instead of adding a second one.
- Start and end in local time with ``TZID=Europe/Amsterdam`` and the matching VTIMEZONE (the usual
  rule-based definition that Outlook, Thunderbird and Google read).
- ``METHOD:REQUEST`` with an ORGANIZER and an ATTENDEE for every invited contact with an e-mail
  address (CN, ROLE=REQ-PARTICIPANT, RSVP=TRUE): the invitees answer the organiser.
- Without an organiser there is no one to answer, so the file is ``METHOD:PUBLISH`` (to put in
  one's own calendar) and, as RFC 5546 §3.2.1 says for a published event, has no ATTENDEE (so no
  RSVP either); the invitees are named in the description instead. (§3.2.1 also asks for an
  ORGANIZER, which cannot be given without an address; calendar programs import the file without.)
  A cancelled meeting gives ``STATUS:CANCELLED`` (``METHOD:CANCEL`` with an organiser).
- DESCRIPTION: the agenda, each item with its number, time slot (from the start time and the
  timeboxes), title and presenter, and a warning when the timeboxes run past the planned end
  (``AgendaTotals.overrun_text``: "De agenda loopt 9 minuten uit (16:09, gepland tot 16:00).").

No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from wiec_desktop import APP_NAME, __version__
from wiec_desktop.atomic_file import write_atomically
from wiec_desktop.domain import AgendaItem, Attendance, Contact, Meeting, Organisation
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import clock, long_date
from wiec_desktop.services.meetings.views import AgendaTotals
from wiec_desktop.services.validation import EMAIL_RE, Checker

TIMEZONE = "Europe/Amsterdam"
PRODID = f"-//{APP_NAME}//{__version__}//NL"
UID_DOMAIN = "wiec-desktop"


if TYPE_CHECKING:
    import icalendar


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


class CalendarService(Service):
    """Calendar invitations for meetings."""

    def invitation(
        self,
        meeting_id: int,
        *,
        organiser: tuple[str, str] | None = None,
        now: datetime | None = None,
        redact: Callable[[str], str] | None = None,
        mark: str = "",
    ) -> bytes:
        """The ``.ics`` file of ``meeting_id``; ``organiser`` is (name, e-mail address); ``redact``
        makes the summary, location and description fit for policymakers (the invited
        professionals keep their names and addresses: they are who it is sent to).
        ``mark`` is a first line of the description (the intern variant's "Vertrouwelijk – intern").
        ValidationError on an invalid organiser address; NotFound for an unknown meeting."""
        if organiser is not None:
            check = Checker()
            address = check.required("organiser", organiser[1], "Het e-mailadres van de organisator")
            if address and not EMAIL_RE.match(address):
                check.add("organiser", "Het e-mailadres van de organisator is niet geldig.")
            check.raise_if_any()
        stamp = (now or datetime.now(UTC)).astimezone(UTC)
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            items = list(
                session.scalars(
                    select(AgendaItem)
                    .where(AgendaItem.meeting_id == meeting_id)
                    .order_by(AgendaItem.position, AgendaItem.id)
                )
            )
            attendees = _attendees(session, meeting_id)
            calendar = _calendar(meeting, items, attendees, organiser, stamp, redact or _as_is, mark)
        return calendar.to_ical()

    def write_invitation(
        self,
        meeting_id: int,
        target: Path,
        organiser: tuple[str, str] | None = None,
        redact: Callable[[str], str] | None = None,
        mark: str = "",
    ) -> Path:
        """Write the invitation to ``target`` (all or nothing); returns ``target``."""
        target = Path(target)
        data = self.invitation(meeting_id, organiser=organiser, redact=redact, mark=mark)
        write_atomically(target, lambda stream: stream.write(data))
        return target


def agenda_lines(meeting: Meeting, items: Iterable[AgendaItem]) -> list[str]:
    """``1. 14:00–14:05 Opening (Marieke Verbeek)``: number, time slot from the start time and
    the timeboxes, title, presenter."""
    current = datetime.combine(meeting.date, meeting.start_time)
    lines = []
    for number, item in enumerate(items, start=1):
        end = current + timedelta(minutes=max(0, item.timebox_minutes))
        slot = clock(current.time()) if end == current else f"{clock(current.time())}–{clock(end.time())}"
        line = f"{number}. {slot} {' '.join(item.title.split())}"
        if item.presenter.strip():
            line += f" ({item.presenter.strip()})"
        lines.append(line)
        current = end
    return lines


def _attendees(session: Session, meeting_id: int) -> list[tuple[str, str, str]]:
    """(name, address, organisation) of the invited contacts with a valid address, unique by address."""
    rows = session.execute(
        select(Contact.name, Contact.email, Organisation.name)
        .join(Attendance, Attendance.contact_id == Contact.id)
        .join(Organisation, Contact.organisation_id == Organisation.id)
        .where(Attendance.meeting_id == meeting_id)
    ).all()
    result: dict[str, tuple[str, str, str]] = {}
    for name, email, organisation in sorted(rows, key=lambda r: (r[2].casefold(), r[0].casefold())):
        address = (email or "").strip()
        if EMAIL_RE.match(address) and address.lower() not in result:
            result[address.lower()] = (name.strip(), address, organisation)
    return list(result.values())


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(TIMEZONE))


def _calendar(
    meeting: Meeting,
    items: list[AgendaItem],
    attendees: list[tuple[str, str, str]],
    organiser: tuple[str, str] | None,
    stamp: datetime,
    redact: Callable[[str], str],
    mark: str = "",
) -> icalendar.Calendar:
    import icalendar  # 30 ms: only when an invitation is written

    cancelled = meeting.status == MeetingStatus.CANCELLED
    method = "PUBLISH" if organiser is None else "CANCEL" if cancelled else "REQUEST"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(_amsterdam())

    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting.id))
    event.add("dtstamp", stamp)
    event.add("sequence", max(0, (meeting.version or 1) - 1))
    start = _local(meeting.date, meeting.start_time)
    end = _local(meeting.date, meeting.planned_end_time)
    if end <= start:
        end = start + timedelta(minutes=sum(max(0, i.timebox_minutes) for i in items) or 60)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", redact(_summary(meeting)))
    if meeting.location.strip():
        event.add("location", redact(meeting.location.strip()))
    invitees = attendees if organiser is None else []
    description = redact(_description(meeting, items, invitees))
    event.add("description", f"{mark}\n{description}" if mark else description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if meeting.updated_at is not None:
        event.add("last-modified", meeting.updated_at.replace(tzinfo=UTC))
    if organiser is not None:
        name, address = organiser
        who = icalendar.vCalAddress(f"mailto:{address.strip()}")
        if name.strip():
            who.params["CN"] = icalendar.vText(" ".join(name.split()))
        event.add("organizer", who)
    for name, address, _organisation in attendees if organiser is not None else []:
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        attendee.params["CN"] = icalendar.vText(" ".join(name.split()))
        attendee.params["CUTYPE"] = icalendar.vText("INDIVIDUAL")
        attendee.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
        attendee.params["RSVP"] = icalendar.vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar


def _as_is(text: str) -> str:
    return text


def _summary(meeting: Meeting) -> str:
    """Kind and title; the kind is left out when the title already names it."""
    title = " ".join(meeting.title.split())
    kind = meeting.kind.label
    if kind.casefold() in title.casefold():
        return title
    return f"{kind}: {title}"


def _description(
    meeting: Meeting, items: list[AgendaItem], invitees: list[tuple[str, str, str]] | None = None
) -> str:
    """The summary, date, place, agenda (with the overrun warning) and, for a published file
    without attendees, the ``invitees`` by name and organisation."""
    lines = [
        _summary(meeting),
        f"{long_date(meeting.date)}, {clock(meeting.start_time)}–{clock(meeting.planned_end_time)} uur",
    ]
    if meeting.location.strip():
        lines.append(f"Locatie: {meeting.location.strip()}")
    if meeting.chair.strip():
        lines.append(f"Voorzitter: {meeting.chair.strip()}")
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append("Dit overleg gaat niet door.")
    lines.append("")
    if items:
        lines.append("Agenda")
        lines.extend(agenda_lines(meeting, items))
        overrun = overrun_text(meeting, items)
        if overrun:
            lines.append(overrun)
    else:
        lines.append("De agenda volgt.")
    if invitees:
        lines.extend(["", "Genodigden"])
        lines.extend(f"- {' '.join(name.split())} ({organisation})" for name, _a, organisation in invitees)
    return "\n".join(lines)


def overrun_text(meeting: Meeting, items: Iterable[AgendaItem]) -> str:
    """The warning "De agenda loopt 9 minuten uit (16:09, gepland tot 16:00)." or "" when it fits."""
    start = datetime.combine(meeting.date, meeting.start_time)
    end = datetime.combine(meeting.date, meeting.planned_end_time)
    return AgendaTotals.of(start, end, (item.timebox_minutes for item in items)).overrun_text()


def _amsterdam() -> icalendar.Timezone:
    import icalendar

    """Europe/Amsterdam as the rule-based VTIMEZONE (CET/CEST, EU rules since 1996)."""
    timezone = icalendar.Timezone()
    timezone.add("tzid", TIMEZONE)
    daylight = icalendar.TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    standard = icalendar.TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


__all__ = ["PRODID", "TIMEZONE", "CalendarService", "agenda_lines", "meeting_uid", "overrun_text"]
