"""Who was there, in the minutes and the closing summary: present, absent with notice, absent
without notice, guests among them, and whoever was never marked. A meeting run through the
services on the demo database, no Qt."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Meeting
from wiec_desktop.domain.enums import AttendanceStatus, MeetingStatus
from wiec_desktop.exports import documents
from wiec_desktop.services.meetings.minutes_data import Person
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


def _run_a_meeting(database: Database) -> tuple[Services, int, dict[AttendanceStatus, list[Person]]]:
    """The demo's next planned meeting, held: the first three invitees present, excused and absent,
    a guest present and one absent, the others never marked."""
    services = Services(database.session_factory, lambda: DEMO_TODAY)
    with database.session_factory() as session:
        meeting_id = session.scalars(
            select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()
    run = services.meeting_run
    run.start(meeting_id, now=datetime(2026, 11, 10, 13, 0))
    rows = run.attendance(meeting_id)
    expected: dict[AttendanceStatus, list[Person]] = {status: [] for status in AttendanceStatus}
    marks = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
    for row, status in zip(rows[:3], marks, strict=True):
        run.set_attendance(row.id, status)
        expected[status].append(Person(row.name, row.organisation))
    expected[AttendanceStatus.INVITED] = [Person(row.name, row.organisation) for row in rows[3:]]
    run.set_attendance(run.add_guest(meeting_id, "Ilse Kramer", "Schuldhulp"), AttendanceStatus.PRESENT)
    run.set_attendance(run.add_guest(meeting_id, "Gert Gast", "Buurtpreventie"), AttendanceStatus.ABSENT)
    expected[AttendanceStatus.PRESENT].append(Person("Ilse Kramer", "Schuldhulp", is_guest=True))
    expected[AttendanceStatus.ABSENT].append(Person("Gert Gast", "Buurtpreventie", is_guest=True))
    run.close(meeting_id, now=datetime(2026, 11, 10, 15, 0))
    return services, meeting_id, expected


def test_the_minutes_list_every_attendance_and_the_guests(demo_db: Database, tmp_path: Path) -> None:
    services, meeting_id, expected = _run_a_meeting(demo_db)
    data = documents.write_minutes(services, meeting_id, tmp_path / "verslag.docx")
    assert list(data.present) == expected[AttendanceStatus.PRESENT]
    assert list(data.excused) == expected[AttendanceStatus.EXCUSED]
    assert list(data.absent) == expected[AttendanceStatus.ABSENT]
    assert list(data.unrecorded) == expected[AttendanceStatus.INVITED] and data.unrecorded

    texts = [p.text for p in docx.Document(str(tmp_path / "verslag.docx")).paragraphs]
    headings = ["Aanwezig", "Afwezig met bericht", "Afwezig", "Uitgenodigd, aanwezigheid niet vastgelegd"]
    positions = [texts.index(heading) for heading in headings]
    assert positions == sorted(positions)
    absent = texts[positions[2] + 1 : positions[3]]
    assert absent == [f"{p.name}, {p.organisation}" + (" (gast)" if p.is_guest else "") for p in data.absent]
    assert "Gert Gast, Buurtpreventie (gast)" in absent
    assert "Ilse Kramer, Schuldhulp (gast)" in texts[positions[0] + 1 : positions[1]]


def test_the_closing_summary_counts_the_absent_too(demo_db: Database) -> None:
    services, meeting_id, expected = _run_a_meeting(demo_db)
    summary = services.meeting_run.closing_summary(meeting_id)
    assert (summary.present, summary.excused, summary.absent) == (2, 1, 2)
    with demo_db.session_factory() as session:
        stored = session.get(Meeting, meeting_id).closing_summary
    assert "Aanwezig: 2, afwezig met bericht: 1, afwezig: 2" in stored
    assert len(expected[AttendanceStatus.ABSENT]) == 2
