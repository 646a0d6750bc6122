"""The detail pane's summaries say what is true, in good Dutch."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Attendance, Meeting
from wiec_desktop.domain.enums import AttendanceStatus, MeetingKind, MeetingStatus, SignalSource
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


def test_a_signal_of_one_day_is_one_day_old(db: Database) -> None:
    services = Services(db.session_factory, today=lambda: date(2026, 11, 10))
    yesterday = services.signals.create_signal(
        "Losliggende stoeptegels", SignalSource.WALK_IN, received_on=date(2026, 11, 9)
    )
    today = services.signals.create_signal(
        "Lantaarn kapot", SignalSource.WALK_IN, received_on=date(2026, 11, 10)
    )
    older = services.signals.create_signal("Zwerfvuil", SignalSource.WALK_IN, received_on=date(2026, 11, 1))
    assert services.details.get("signals", yesterday.id).subtitle.endswith("· 1 dag oud")
    assert services.details.get("signals", today.id).subtitle.endswith("· vandaag")
    assert services.details.get("signals", older.id).subtitle.endswith("· 9 dagen oud")


def _sections(services: Services, meeting_id: int) -> dict[str, tuple[str, ...]]:
    return {s.heading: s.lines for s in services.details.get("meetings", meeting_id).sections}


def test_a_held_meeting_does_not_say_nobody_is_invited_any_more(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    with demo_db.session_factory() as session:
        held = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)).first()
        assert held is not None
        unrecorded = session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == held.id, Attendance.status == AttendanceStatus.INVITED
            )
        ).all()
    sections = _sections(services, held.id)
    assert "Uitgenodigd" not in sections
    if unrecorded:
        assert len(sections["Uitgenodigd, aanwezigheid niet vastgelegd"]) == len(unrecorded)
    else:
        assert "Uitgenodigd, aanwezigheid niet vastgelegd" not in sections
    texts = [line for lines in sections.values() for line in lines]
    assert not any("Niemand (meer)" in text for text in texts)

    planned = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Nieuw overleg", DEMO_TODAY + timedelta(days=30), time(9), time(10),
        start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    detail = services.details.get("meetings", planned)
    invited = next(s for s in detail.sections if s.heading == "Uitgenodigd")
    assert invited.lines == () and invited.empty_text == "Nog niemand uitgenodigd."
