"""Issue 15: the agenda document warns, below the agenda table, when the timeboxes run past the
planned end, and says nothing once they fit."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import docx
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.exports.docx.agenda import write_agenda_docx
from wiec_desktop.services.meetings.minutes_data import MinutesDataService
from wiec_desktop.storage.database import Database

OVERRUN = "De agenda loopt 9 minuten uit (16:09, gepland tot 16:00)."


def _planned(database: Database) -> int:
    """The next planned meeting, set to 14:00–16:00."""
    with database.session_factory.begin() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()
        assert meeting is not None and meeting.agenda_items
        meeting.start_time, meeting.planned_end_time = time(14, 0), time(16, 0)
        return meeting.id


def _set_total(database: Database, meeting_id: int, minutes: int) -> None:
    """1 minute per item, the rest in the last one."""
    with database.session_factory.begin() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        items = sorted(meeting.agenda_items, key=lambda i: i.position)
        for item in items:
            item.timebox_minutes = 1
        items[-1].timebox_minutes = minutes - (len(items) - 1)


def _after_agenda(database: Database, meeting_id: int, target: Path) -> list[str]:
    """The paragraphs between the agenda table and "Genodigden" (and the agenda table's last start)."""
    data = MinutesDataService(database.session_factory, lambda: DEMO_TODAY).agenda(meeting_id)
    document = docx.Document(str(write_agenda_docx(data, target)))
    body = document.element.body
    table = document.tables[1]._tbl
    texts: list[str] = []
    for element in body.iterchildren():
        if element is table:
            texts = []
        elif element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
            if text == "Genodigden":
                return texts
            texts.append(text)
    raise AssertionError("no Genodigden heading")


def test_the_agenda_document_warns_about_an_overrun(demo_db: Database, tmp_path: Path) -> None:
    meeting_id = _planned(demo_db)
    _set_total(demo_db, meeting_id, 129)
    assert _after_agenda(demo_db, meeting_id, tmp_path / "over.docx") == [OVERRUN]
    document = docx.Document(str(tmp_path / "over.docx"))
    warning = next(p for p in document.paragraphs if p.text == OVERRUN)
    assert all(run.style.name == "Strong" or run.bold for run in warning.runs)  # it stands out


def test_the_warning_goes_once_the_timeboxes_fit(demo_db: Database, tmp_path: Path) -> None:
    meeting_id = _planned(demo_db)
    _set_total(demo_db, meeting_id, 121)
    assert _after_agenda(demo_db, meeting_id, tmp_path / "one.docx") == [
        "De agenda loopt 1 minuut uit (16:01, gepland tot 16:00)."
    ]
    _set_total(demo_db, meeting_id, 120)
    assert _after_agenda(demo_db, meeting_id, tmp_path / "fits.docx") == []
    _set_total(demo_db, meeting_id, 90)
    assert _after_agenda(demo_db, meeting_id, tmp_path / "short.docx") == []
