"""The agenda document: built from the demo database, reopened with python-docx and checked against
independent SQL; a minimal template; any Unicode; LibreOffice conversion when it is installed."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ActionStatus, AgendaItemKind, MeetingKind, MeetingStatus, MinutesStatus
from wiec_desktop.exports.docx.agenda import AGENDA_HEADERS, write_agenda_docx
from wiec_desktop.exports.docx.minutes import ACTION_HEADERS, person_text
from wiec_desktop.exports.docx.template import TemplateError, default_template
from wiec_desktop.exports.docx.writer import safe_text
from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.meetings.minutes_data import (
    ActionLine,
    AgendaData,
    AgendaLine,
    MeetingInfo,
    MinutesDataService,
    Person,
)
from wiec_desktop.storage.database import Database

STATUS_LABELS = {s.value: s.label for s in ActionStatus}


def _service(database: Database) -> MinutesDataService:
    return MinutesDataService(database.session_factory, lambda: DEMO_TODAY)


def _rows(database: Database, sql: str, **params: object) -> list:  # type: ignore[type-arg]
    with database.engine.connect() as con:
        return list(con.execute(text(sql), params).all())


def _planned(database: Database) -> int:
    return int(_rows(database, "SELECT id FROM meeting WHERE status = 'planned' ORDER BY date LIMIT 1")[0][0])


def _table(document: DocumentObject, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def _between(document: DocumentObject, start: str, end: str) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    first = texts.index(start)
    return texts[first + 1 : texts.index(end, first + 1)]


def test_agenda_of_planned_meeting(demo_db: Database, tmp_path: Path) -> None:
    meeting_id = _planned(demo_db)
    data = _service(demo_db).agenda(meeting_id)
    document = docx.Document(str(write_agenda_docx(data, tmp_path / "agenda.docx")))
    meeting = _rows(
        demo_db,
        "SELECT kind, date, start_time, planned_end_time, location, chair FROM meeting WHERE id = :m",
        m=meeting_id,
    )[0]
    meeting_date = date.fromisoformat(meeting.date)
    title = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert title == [f"Agenda {MeetingKind(meeting.kind).label} Wateringseveld"]
    assert [p.text for p in document.paragraphs if p.style.name == "Subtitle"] == [long_date(meeting_date)]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["Agenda", "Actielijst"]

    details = dict((row[0], row[1]) for row in _table(document, 0))
    assert details["Datum"] == long_date(meeting_date) == "dinsdag 24 november 2026"
    assert details["Tijd"] == f"{meeting.start_time[:5]} – {meeting.planned_end_time[:5]} uur"
    assert details["Locatie"] == meeting.location and details["Voorzitter"] == meeting.chair

    # the agenda: numbers, start times from the timeboxes, titles, presenters, carried items marked
    items = _rows(
        demo_db,
        "SELECT i.title, i.presenter, i.timebox_minutes, i.kind, src_m.date AS carried "
        "FROM agenda_item i LEFT JOIN agenda_item src ON src.id = i.carried_from_id "
        "LEFT JOIN meeting src_m ON src_m.id = src.meeting_id "
        "WHERE i.meeting_id = :m ORDER BY i.position, i.id",
        m=meeting_id,
    )
    table = _table(document, 1)
    assert tuple(table[0]) == AGENDA_HEADERS
    start = datetime.combine(meeting_date, time.fromisoformat(meeting.start_time[:8]))
    previous = _rows(
        demo_db,
        "SELECT date FROM meeting WHERE status = 'held' AND kind = :k AND date < :d "
        "ORDER BY date DESC LIMIT 1",
        k=meeting.kind,
        d=meeting.date,
    )[0][0]
    for number, (row, item) in enumerate(zip(table[1:], items, strict=True), start=1):
        what = row[2].split("\n")
        assert row[0] == f"{number}." and row[1] == start.strftime("%H:%M")
        assert what[0] == item.title and row[3] == item.presenter
        assert row[4] == (str(item.timebox_minutes) if item.timebox_minutes else "")
        if item.carried:
            assert (
                what[1] == f"Doorgeschoven uit het overleg van {long_date(date.fromisoformat(item.carried))}"
            )
        elif item.kind == "previous_minutes":
            assert what[1] == f"Verslag van {long_date(date.fromisoformat(previous))} (ter vaststelling)"
        else:
            assert len(what) == 1
        start += timedelta(minutes=item.timebox_minutes)
    assert sum(1 for item in items if item.carried) == 2

    invited = _rows(
        demo_db,
        "SELECT c.name, o.name AS org FROM attendance a JOIN contact c ON c.id = a.contact_id "
        "JOIN organisation o ON o.id = c.organisation_id WHERE a.meeting_id = :m",
        m=meeting_id,
    )
    listed = _between(document, "Genodigden", "Actielijst")
    assert sorted(listed) == sorted(f"{r.name}, {r.org}" for r in invited) and len(listed) == 17

    # the action list the meeting reviews: open actions made at earlier meetings of the series
    expected = _rows(
        demo_db,
        """
        WITH series AS (
            SELECT s.id FROM meeting s JOIN meeting me ON me.id = :m
            WHERE s.kind = me.kind AND s.assignment_id IS me.assignment_id AND s.date < me.date)
        SELECT a.year, a.number, a.description, o.name AS org, c.name AS contact, a.due_date, a.status
        FROM action a JOIN organisation o ON o.id = a.owner_organisation_id
        LEFT JOIN contact c ON c.id = a.owner_contact_id
        JOIN meeting me ON me.id = :m
        WHERE a.status IN ('open', 'in_progress') AND (
            a.meeting_id IN (SELECT id FROM series)
            OR a.id IN (SELECT action_id FROM action_update WHERE meeting_id IN (SELECT id FROM series))
            OR (a.meeting_id IS NULL AND a.created_on <= me.date))
        ORDER BY a.year, a.number
        """,
        m=meeting_id,
    )
    actions = _table(document, 2)
    assert tuple(actions[0]) == ACTION_HEADERS
    rows = []
    for year, number, description, org, contact, due, status in expected:
        due_date = date.fromisoformat(due) if due else None
        late = "\nverlopen" if due_date is not None and due_date < DEMO_TODAY else ""
        who = f"{contact} ({org})" if contact else org
        rows.append([f"A-{year}-{number:03d}", description, who, (short_date(due_date) or "—") + late,
                     STATUS_LABELS[status]])  # fmt: skip
    assert actions[1:] == rows and len(rows) == 28  # made or reviewed in the series, still open

    footer = document.sections[0].footer
    instructions = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    header_text = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Vertrouwelijk" in header_text and "CONCEPT" not in header_text


def test_agenda_of_held_meeting_and_minimal_template(demo_db: Database, tmp_path: Path) -> None:
    held = int(
        _rows(demo_db, "SELECT id FROM meeting WHERE status = 'held' ORDER BY date DESC LIMIT 1")[0][0]
    )
    plain = docx.Document()
    styles = plain.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.find(qn("w:name")).get(qn("w:val")) in ("List Bullet", "Table Grid", "Caption"):
            styles.remove(style)
    template = tmp_path / "kaal.docx"
    plain.save(str(template))
    document = docx.Document(
        str(write_agenda_docx(_service(demo_db).agenda(held), tmp_path / "agenda.docx", template))
    )
    assert len(document.tables) == 3 and document.tables[1].style.name != "Table Grid"
    assert any(p.text == "Genodigden" for p in document.paragraphs)
    footer_text = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert footer_text.startswith("Vertrouwelijk · Agenda") and "Pagina" in footer_text


def test_agenda_refuses_dotx(demo_db: Database, tmp_path: Path) -> None:
    dotx = tmp_path / "sjabloon.dotx"
    shutil.copyfile(default_template(), dotx)
    with pytest.raises(TemplateError, match="Word-sjabloon"):
        write_agenda_docx(_service(demo_db).agenda(_planned(demo_db)), tmp_path / "agenda.docx", dotx)
    assert not (tmp_path / "agenda.docx").exists()


def _sample() -> AgendaData:
    meeting = MeetingInfo(
        id=1,
        kind=MeetingKind.ENVIRONMENT_MEETING,
        title="Leefomgevingoverleg Zuid",
        areas=("Zuid",),
        date=date(2026, 12, 1),
        start_time=time(14, 0),
        end_time=time(16, 0),
        location="Buurthuis",
        chair="Voorzitter",
        minute_taker="",
        status=MeetingStatus.PLANNED,
    )
    return AgendaData(
        meeting=meeting,
        items=(AgendaLine(1, AgendaItemKind.OPENING, "Opening", "Voorzitter", 5, time(14, 0)),),
        invited=(Person("Anna", "Politie"),),
        actions=(
            ActionLine("A-2026-001", "Iets doen.", "Stadsdeel", "", None, ActionStatus.OPEN, overdue=False),
        ),
        previous_meeting=None,
        previous_minutes_status=MinutesStatus.NONE,
        as_of=DEMO_TODAY,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(), presenter=st.text(), name=st.text(), organisation=st.text(), description=st.text())
def test_any_text_gives_an_agenda_that_reopens(
    tmp_path: Path, title: str, presenter: str, name: str, organisation: str, description: str
) -> None:
    base = _sample()
    data = dataclasses.replace(
        base,
        meeting=dataclasses.replace(base.meeting, title=title, location=organisation),
        items=(dataclasses.replace(base.items[0], title=title, presenter=presenter),),
        invited=(Person(name, organisation, is_guest=True),),
        actions=(dataclasses.replace(base.actions[0], description=description, contact=name),),
    )
    target = write_agenda_docx(data, tmp_path / "agenda.docx")
    document = docx.Document(str(target))
    agenda = _table(document, 1)
    assert agenda[1][2] == safe_text(title) and agenda[1][3] == safe_text(presenter)
    assert person_text(data.invited[0]) in [p.text for p in document.paragraphs]
    actions = _table(document, 2)
    assert actions[1][1] == safe_text(description) and actions[1][2] == safe_text(data.actions[0].who)
    target.unlink()


@pytest.mark.slow
def test_libreoffice_converts_agenda_to_pdf(demo_db: Database, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd: PDF-conversie niet getest")
    source = write_agenda_docx(_service(demo_db).agenda(_planned(demo_db)), tmp_path / "agenda.docx")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "agenda.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr[-500:]
    assert pdf.read_bytes().startswith(b"%PDF")
