"""The Word minutes: built from the demo database, reopened with python-docx and checked against
independent SQL; templates (shipped, a chair's own, a minimal one, a .dotx); any Unicode; atomic
saving; LibreOffice conversion when it is installed."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.exports.docx.minutes import (
    ACTION_HEADERS,
    build_minutes_document,
    person_text,
    write_minutes_docx,
)
from wiec_desktop.exports.docx.template import TemplateError, default_template
from wiec_desktop.exports.docx.writer import add_field, atomic_save, lines, safe_text
from wiec_desktop.services import formatting
from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.meetings.minutes_data import (
    ActionLine,
    MeetingInfo,
    MinutesData,
    MinutesDataService,
    MinutesItem,
    NextMeeting,
    Person,
)
from wiec_desktop.storage.database import Database

STATUS_LABELS = {s.value: s.label for s in ActionStatus}


# --- helpers --------------------------------------------------------------------------------------


def _service(database: Database) -> MinutesDataService:
    return MinutesDataService(database.session_factory, lambda: DEMO_TODAY)


def _scalar(database: Database, sql: str, **params: object) -> object:
    with database.engine.connect() as con:
        return con.execute(text(sql), params).scalar_one()


def _rows(database: Database, sql: str, **params: object) -> list:  # type: ignore[type-arg]
    with database.engine.connect() as con:
        return list(con.execute(text(sql), params).all())


def _last_held(database: Database) -> int:
    return int(
        _scalar(  # type: ignore[arg-type]
            database,
            "SELECT id FROM meeting WHERE status = 'held' ORDER BY date DESC, start_time DESC LIMIT 1",
        )
    )


def _first_planned(database: Database) -> int:
    return int(
        _scalar(database, "SELECT id FROM meeting WHERE status = 'planned' ORDER BY date, start_time LIMIT 1")  # type: ignore[arg-type]
    )


def _reopen(path: Path) -> DocumentObject:
    return docx.Document(str(path))


def _styled(document: DocumentObject, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _between(document: DocumentObject, start: str, end: str) -> list[str]:
    """Texts of the paragraphs after the one reading ``start`` up to the one reading ``end``."""
    texts = [p.text for p in document.paragraphs]
    first = texts.index(start)
    return texts[first + 1 : texts.index(end, first + 1)]


def _header_footer_xml(document: DocumentObject) -> tuple[str, str]:
    section = document.sections[0]
    return section.header._element.xml, section.footer._element.xml


def _all_text(document: DocumentObject) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _table_rows(document: DocumentObject, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def _expected_actions(database: Database, meeting_id: int) -> list[list[str]]:
    """The minutes' action list, written independently in SQL (SQLite)."""
    rows = _rows(
        database,
        """
        WITH series AS (
            SELECT s.id FROM meeting s JOIN meeting me ON me.id = :m
            WHERE s.kind = me.kind AND s.assignment_id IS me.assignment_id
              AND (s.date < me.date OR (s.date = me.date AND (s.start_time < me.start_time
                   OR (s.start_time = me.start_time AND s.id <= me.id)))))
        SELECT a.year, a.number, a.description, o.name AS org, c.name AS contact, a.due_date, a.status
        FROM action a
        JOIN organisation o ON o.id = a.owner_organisation_id
        LEFT JOIN contact c ON c.id = a.owner_contact_id
        JOIN meeting me ON me.id = :m
        WHERE a.meeting_id = me.id
           OR a.id IN (SELECT action_id FROM action_update WHERE meeting_id = me.id)
           OR (a.status IN ('open', 'in_progress') AND (
                a.meeting_id IN (SELECT id FROM series)
                OR a.id IN (SELECT action_id FROM action_update WHERE meeting_id IN (SELECT id FROM series))
                OR (a.meeting_id IS NULL AND a.created_on <= me.date)))
        ORDER BY a.year, a.number
        """,
        m=meeting_id,
    )
    return [_action_cells(row) for row in rows]


def _action_cells(row: object) -> list[str]:
    year, number, description, org, contact, due, status = row  # type: ignore[misc]
    due_date = date.fromisoformat(due) if due else None
    overdue = status in ("open", "in_progress") and due_date is not None and due_date < DEMO_TODAY
    who = f"{contact} ({org})" if contact else org
    deadline = (short_date(due_date) or "—") + ("\nverlopen" if overdue else "")
    return [f"A-{year}-{number:03d}", description, who, deadline, STATUS_LABELS[status]]


# --- the minutes of the demo meetings ------------------------------------------------------------


def test_minutes_of_last_held_meeting(demo_db: Database, tmp_path: Path) -> None:
    meeting_id = _last_held(demo_db)
    data = _service(demo_db).minutes(meeting_id)
    assert data.minutes_status == MinutesStatus.DRAFT  # the demo's last meeting is not yet approved
    target = write_minutes_docx(data, tmp_path / "verslag.docx")
    document = _reopen(target)

    meeting = _rows(
        demo_db,
        "SELECT kind, date, location, chair, minute_taker, start_time, planned_end_time "
        "FROM meeting WHERE id = :m",
        m=meeting_id,
    )[0]
    meeting_date = date.fromisoformat(meeting.date)
    kind_label = MeetingKind(meeting.kind).label
    assert _styled(document, "Title") == [f"Verslag {kind_label} Wateringseveld"]
    assert _styled(document, "Subtitle") == [long_date(meeting_date)]
    assert long_date(meeting_date) == "dinsdag 3 november 2026"

    # numbered headings in agenda order, then the action list
    titles = [r.title for r in _rows(
        demo_db, "SELECT title FROM agenda_item WHERE meeting_id = :m ORDER BY position, id", m=meeting_id
    )]  # fmt: skip
    assert _styled(document, "Heading 1") == [f"{n}. {t}" for n, t in enumerate(titles, 1)] + ["Actielijst"]

    # details table
    details = dict((label, value) for label, value in _table_rows(document, 0))
    assert details["Datum"] == long_date(meeting_date)
    assert details["Tijd"] == f"{meeting.start_time[:5]} – {meeting.planned_end_time[:5]} uur"
    assert details["Locatie"] == meeting.location
    assert details["Voorzitter"] == meeting.chair
    assert details["Notulist"] == meeting.minute_taker
    assert details["Volgend overleg"].startswith("dinsdag 24 november 2026, 14:00 uur")
    assert details["Status verslag"] == "CONCEPT – nog niet vastgesteld"

    # attendance lists (contacts: "name, organisation")
    def people(status: str) -> list[str]:
        rows = _rows(
            demo_db,
            "SELECT c.name, o.name AS org FROM attendance a JOIN contact c ON c.id = a.contact_id "
            "JOIN organisation o ON o.id = c.organisation_id WHERE a.meeting_id = :m AND a.status = :s",
            m=meeting_id,
            s=status,
        )
        return sorted(f"{r.name}, {r.org}" for r in rows)

    present = _between(document, "Aanwezig", "Afwezig met bericht")
    excused = _between(document, "Afwezig met bericht", "Afwezig")
    absent = _between(document, "Afwezig", f"1. {titles[0]}")
    assert sorted(present) == people("present") and len(present) == 12
    assert sorted(excused) == people("excused") and len(excused) == 4
    assert sorted(absent) == people("absent") and len(absent) == 1  # absent without notice: listed too
    assert _styled(document, "Heading 2") == ["Aanwezig", "Afwezig met bericht", "Afwezig"]
    bullets = set(_styled(document, "List Bullet"))
    assert set(present) <= bullets and set(excused) <= bullets and set(absent) <= bullets

    # decisions, in agenda order
    decisions = _rows(
        demo_db,
        "SELECT d.text FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "WHERE i.meeting_id = :m ORDER BY i.position, d.position, d.id",
        m=meeting_id,
    )
    assert [p for p in (p.text for p in document.paragraphs) if p.startswith("Besluit:")] == [
        f"Besluit: {r.text}" for r in decisions
    ]
    assert len(decisions) == 3

    # the new actions under their item; parked and not-reached items marked
    items = _rows(
        demo_db, "SELECT id, state FROM agenda_item WHERE meeting_id = :m ORDER BY position, id", m=meeting_id
    )
    for number, (item_id, state) in enumerate(items, start=1):
        end = f"{number + 1}. {titles[number]}" if number < len(titles) else "Actielijst"
        block = _between(document, f"{number}. {titles[number - 1]}", end)
        refs = [r[0] for r in _rows(
            demo_db,
            "SELECT printf('A-%d-%03d', year, number) FROM action WHERE agenda_item_id = :i "
            "AND meeting_id = :m ORDER BY year, number", i=item_id, m=meeting_id,
        )]  # fmt: skip
        assert [line.split(" ")[0] for line in block if line.startswith("A-")] == refs
        if state == "parked":
            assert any(line.startswith("Geparkeerd") for line in block)
        elif state == "not_reached":
            assert any(line.startswith("Niet aan toegekomen") for line in block)
        else:
            assert not any(line.startswith(("Geparkeerd", "Niet aan toegekomen")) for line in block)
    assert any(r.startswith("A-") for r in bullets)

    # the action list equals an independent query
    table = _table_rows(document, 1)
    assert tuple(table[0]) == ACTION_HEADERS
    actual = [[row[0], row[1].split("\n")[0], row[2], row[3], row[4]] for row in table[1:]]
    assert actual == _expected_actions(demo_db, meeting_id)
    assert len(actual) == 29  # 8 made here, 4 updated here, 17 more still open in the series
    assert document.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated header

    # header and footer: fields, marking, next meeting, CONCEPT
    _, footer_xml = _header_footer_xml(document)
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    instructions = [e.text.strip() for e in document.sections[0].footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer_xml.count('w:fldCharType="begin"') == 2
    footer_text = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Pagina 1 van 1" in footer_text
    assert "Volgend overleg: dinsdag 24 november 2026" in footer_text
    header_text = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Vertrouwelijk" in header_text + footer_text
    assert "CONCEPT" in header_text
    assert "Huisstijlsjabloon" not in _all_text(document)  # the template's sample text is gone

    # styles, not direct formatting: no run in the body sets bold/italic/size/colour itself
    body = document.element.body
    for tag in ("w:b", "w:i", "w:sz", "w:color", "w:rFonts"):
        assert not body.findall(f".//{qn('w:rPr')}/{qn(tag)}"), tag
    assert document.core_properties.author == "WIEC Desktop"


def test_approved_minutes_show_approval_not_concept(demo_db: Database, tmp_path: Path) -> None:
    row = _rows(
        demo_db,
        "SELECT id, minutes_approved_on, minutes_corrections FROM meeting "
        "WHERE minutes_status = 'approved' AND minutes_corrections <> '' ORDER BY date LIMIT 1",
    )[0]
    data = _service(demo_db).minutes(row.id)
    assert data.approved
    document = _reopen(write_minutes_docx(data, tmp_path / "vastgesteld.docx"))
    everything = _all_text(document)
    assert "CONCEPT" not in everything and "concept" not in everything.casefold()
    details = dict((label, value) for label, value in _table_rows(document, 0))
    assert (
        details["Status verslag"]
        == f"Vastgesteld op {long_date(date.fromisoformat(row.minutes_approved_on))}"
    )
    assert details["Correcties"] == row.minutes_corrections
    header_xml, _ = _header_footer_xml(document)
    assert "CONCEPT" not in header_xml


@pytest.mark.parametrize("status", ["planned", "in_progress", "cancelled"])
def test_minutes_of_a_meeting_not_held_are_refused(demo_db: Database, tmp_path: Path, status: str) -> None:
    """No empty skeleton: a meeting that has not been held has no minutes, and nothing is written."""
    from wiec_desktop.exports import documents
    from wiec_desktop.services.meetings.minutes_data import MinutesNotAvailable
    from wiec_desktop.services.registry import Services

    meeting_id = _first_planned(demo_db)
    with demo_db.engine.begin() as con:
        con.exec_driver_sql("UPDATE meeting SET status = ? WHERE id = ?", (status, meeting_id))
    with pytest.raises(MinutesNotAvailable) as refused:
        _service(demo_db).minutes(meeting_id)
    assert refused.value.status == MeetingStatus(status)
    expected = {
        "planned": "Dit overleg is nog niet gehouden, dus er is nog geen verslag. De agenda kunt u wel "
        "exporteren.",
        "in_progress": "Dit overleg is nog bezig.",
        "cancelled": "Dit overleg is geannuleerd; er is geen verslag.",
    }[status]
    assert refused.value.errors["meeting"].startswith(expected)
    exports_before = _scalar(demo_db, "SELECT count(*) FROM audit_event WHERE kind = 'export'")
    target = tmp_path / "verslag.docx"
    with pytest.raises(MinutesNotAvailable):
        documents.write_minutes(Services(demo_db.session_factory, lambda: DEMO_TODAY), meeting_id, target)
    assert list(tmp_path.glob("*.docx")) == []
    assert _scalar(demo_db, "SELECT count(*) FROM audit_event WHERE kind = 'export'") == exports_before


def test_unrecorded_attendance_is_not_called_absent(tmp_path: Path) -> None:
    """Who was invited but never marked is listed as such; with nothing recorded every list says so."""
    anna = Person("Anna de Vries", "Politie")
    data = dataclasses.replace(_sample_data(), present=(), excused=(), absent=(), unrecorded=(anna,))
    document = _reopen(write_minutes_docx(data, tmp_path / "v.docx"))
    assert _styled(document, "Heading 2") == [
        "Aanwezig",
        "Afwezig met bericht",
        "Afwezig",
        "Uitgenodigd, aanwezigheid niet vastgelegd",
    ]
    assert _between(document, "Aanwezig", "Afwezig met bericht") == ["Niet vastgelegd."]
    assert _between(document, "Afwezig", "Uitgenodigd, aanwezigheid niet vastgelegd") == ["Niet vastgelegd."]
    assert "Anna de Vries, Politie" in _styled(document, "List Bullet")


def test_guests_are_listed_where_their_attendance_puts_them(tmp_path: Path) -> None:
    guest = Person("Ilse Kramer", "Schuldhulp", is_guest=True)
    data = dataclasses.replace(_sample_data(), absent=(guest,))
    document = _reopen(write_minutes_docx(data, tmp_path / "v.docx"))
    first_item = next(p for p in _styled(document, "Heading 1"))
    assert "Ilse Kramer, Schuldhulp (gast)" in _between(document, "Afwezig", first_item)


def test_minutes_data_in_a_few_queries(demo_db: Database) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        data = _service(demo_db).minutes(_last_held(demo_db))
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(statements) <= 10, statements
    assert len(data.items) == 9 and len(data.actions) == 29
    assert data.next_meeting is not None and data.next_meeting.date == date(2026, 11, 24)
    assert data.approved_here and data.approved_here[0].meeting_date == date(2026, 10, 6)
    assert dataclasses.is_dataclass(data) and data.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_unknown_meeting_is_not_found(demo_db: Database) -> None:
    from wiec_desktop.services.validation import NotFound

    with pytest.raises(NotFound):
        _service(demo_db).minutes(9999)
    with pytest.raises(NotFound):
        _service(demo_db).agenda(9999)


def test_export_is_logged_without_document_text(demo_db: Database) -> None:
    meeting_id = _last_held(demo_db)
    _service(demo_db).record_export(meeting_id, "verslag", "verslag-3-11.docx")
    row = _rows(
        demo_db,
        "SELECT kind, entity_type, entity_id, detail FROM audit_event ORDER BY id DESC LIMIT 1",
    )[0]
    assert tuple(row) == ("export", "meeting", meeting_id, "verslag (Word) verslag-3-11.docx")


# --- templates ------------------------------------------------------------------------------------


def _sample_data() -> MinutesData:
    action = ActionLine(
        reference="A-2026-001",
        description="Verlichting laten repareren.",
        organisation="Stadsdeel Escamp",
        contact="Rob Hendriks",
        due_date=date(2026, 12, 1),
        status=ActionStatus.OPEN,
        overdue=False,
        made_here=True,
        agenda_item_id=1,
    )
    return MinutesData(
        meeting=MeetingInfo(
            id=1,
            kind=MeetingKind.CASE_MEETING,
            title="Casuïstiekoverleg Noord",
            areas=("Noord",),
            date=date(2026, 11, 3),
            start_time=time(9, 30),
            end_time=time(11, 0),
            location="Wijkcentrum",
            chair="Voorzitter",
            minute_taker="Notulist",
            status=MeetingStatus.HELD,
        ),
        minutes_status=MinutesStatus.DRAFT,
        approved_on=None,
        corrections="",
        present=(Person("Anna", "Politie"), Person("Gast Een", "Buurtvereniging", is_guest=True)),
        excused=(Person("Bert", "Stadsdeel"),),
        items=(
            MinutesItem(
                id=1,
                number=1,
                kind=AgendaItemKind.CASE,
                title="Overlast",
                presenter="Anna",
                state=AgendaItemState.DONE,
                minutes="Eerste regel.\n\nTweede regel.",
                decisions=("Doorgaan.",),
                new_actions=(action,),
            ),
            MinutesItem(
                id=2,
                number=2,
                kind=AgendaItemKind.THEME,
                title="Thema",
                presenter="",
                state=AgendaItemState.NOT_REACHED,
                minutes="",
            ),
        ),
        actions=(action,),
        next_meeting=NextMeeting(date(2026, 12, 1), time(9, 30), "Wijkcentrum"),
        as_of=DEMO_TODAY,
    )


def _minimal_template(path: Path, *, drop: tuple[str, ...] = ("List Bullet",), header: str = "") -> Path:
    """A chair's plain template: python-docx's default document without some styles."""
    document = docx.Document()
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")).casefold() in {d.casefold() for d in drop}:
            styles.remove(style)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Voorbeeldtekst die niet in het verslag hoort.")
    document.save(str(path))
    return path


def test_template_without_list_bullet_falls_back(tmp_path: Path) -> None:
    template = _minimal_template(tmp_path / "eigen.docx", drop=("List Bullet", "Caption", "Strong"))
    document = _reopen(write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", template))
    texts = [p.text for p in document.paragraphs]
    assert "Anna, Politie" in texts and "Gast Een, Buurtvereniging (gast)" in texts
    bullet_style = next(p.style.name for p in document.paragraphs if p.text == "Anna, Politie")
    assert bullet_style == "List Paragraph"  # the nearest style the template has
    assert "Besluit: Doorgaan." in texts
    assert any(t.startswith("Niet aan toegekomen") for t in texts)  # Caption missing: italic run
    assert "Voorbeeldtekst die niet in het verslag hoort." not in texts
    footer_text = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Vertrouwelijk" in footer_text  # the template had no marking: the footer gets it
    assert "Pagina" in footer_text


def test_own_template_keeps_its_header_and_styles(tmp_path: Path) -> None:
    template = _minimal_template(
        tmp_path / "briefhoofd.docx", drop=(), header="Gemeente Voorbeeld – Vertrouwelijk"
    )
    document = _reopen(write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", template))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "Gemeente Voorbeeld – Vertrouwelijk"
    assert any("CONCEPT" in line for line in header[1:])
    footer_text = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert not footer_text.startswith("Vertrouwelijk")  # already in the header: not repeated
    assert _styled(document, "List Bullet")


def test_template_with_own_first_page_header(tmp_path: Path) -> None:
    plain = docx.Document()
    section = plain.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Briefhoofd eerste pagina"
    section.header.paragraphs[0].text = "Vervolgpagina"
    template = tmp_path / "eerste-pagina.docx"
    plain.save(str(template))
    document = _reopen(write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", template))
    section = document.sections[0]
    for header, first_line in (
        (section.first_page_header, "Briefhoofd eerste pagina"),
        (section.header, "Vervolgpagina"),
    ):
        texts = [p.text for p in header.paragraphs]
        assert texts[0] == first_line and "CONCEPT – nog niet vastgesteld" in texts
    for footer in (section.first_page_footer, section.footer):
        instructions = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[0].text.startswith("Vertrouwelijk · Verslag Casuïstiekoverleg Noord")


def test_shipped_template_has_the_house_styles() -> None:
    document = docx.Document(str(default_template()))
    names = {s.name for s in document.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Table Grid", "Markering"} <= names
    assert "Vertrouwelijk" in document.sections[0].header.paragraphs[0].text
    assert round(document.sections[0].page_width.cm, 1) == 21.0


def _as_dotx(source: Path, target: Path) -> Path:
    """A real Word template: same package, template content type."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(item, data)
    return target


def test_dotx_template_is_refused_in_dutch(tmp_path: Path) -> None:
    dotx = _as_dotx(default_template(), tmp_path / "huisstijl.dotx")
    with pytest.raises(TemplateError, match="Word-sjabloon") as caught:
        write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", dotx)
    assert isinstance(caught.value, ValueError) and ".docx" in str(caught.value)
    disguised = _as_dotx(default_template(), tmp_path / "vermomd.docx")  # template saved as .docx
    with pytest.raises(TemplateError, match="geen gewoon Word-document"):
        write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", disguised)
    with pytest.raises(TemplateError, match="niet gevonden"):
        write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", tmp_path / "weg.docx")
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"geen zip")
    with pytest.raises(TemplateError, match="kan niet als Word-document"):
        write_minutes_docx(_sample_data(), tmp_path / "verslag.docx", broken)
    assert not (tmp_path / "verslag.docx").exists()


# --- safe text and any Unicode ------------------------------------------------------------------


def test_safe_text_strips_only_what_word_rejects() -> None:
    kept = "Zoë – 𝄞 😀 שלום عربى \u200f\t\nnaïef \x7f\x85\ufdd0"
    assert safe_text(kept) == kept
    assert safe_text("a\x00b\x08c\x0bd\x0ce\x0ef\x1fg\ufffeh\uffffi\ud800j") == "abcdefghij"
    assert safe_text("een\r\ntwee\rdrie") == "een\ntwee\ndrie"
    assert safe_text(None) == "" and safe_text(12) == "12"
    assert lines("  \neen\n\n twee \n") == ["een", " twee "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(),
    area=st.text(),
    minutes=st.text(),
    decision=st.text(),
    name=st.text(),
    organisation=st.text(),
    description=st.text(),
    note=st.text(),
    corrections=st.text(),
)
def test_any_text_gives_a_document_that_reopens(
    tmp_path: Path,
    title: str,
    area: str,
    minutes: str,
    decision: str,
    name: str,
    organisation: str,
    description: str,
    note: str,
    corrections: str,
) -> None:
    base = _sample_data()
    action = dataclasses.replace(base.actions[0], description=description, contact=name, update_note=note)
    item = dataclasses.replace(
        base.items[0], title=title, minutes=minutes, decisions=(decision,), new_actions=(action,)
    )
    person = Person(name, organisation)
    data = dataclasses.replace(
        base,
        meeting=dataclasses.replace(base.meeting, title=title, areas=(area,), location=organisation),
        present=(person,),
        items=(item, base.items[1]),
        actions=(action,),
        minutes_status=MinutesStatus.APPROVED,
        approved_on=date(2026, 12, 1),
        corrections=corrections,
    )
    target = write_minutes_docx(data, tmp_path / "unicode.docx")
    document = _reopen(target)
    texts = [p.text for p in document.paragraphs]
    heading = safe_text(data.meeting.heading)
    assert texts[0] == f"Verslag {heading}"
    assert f"1. {safe_text(title)}" in texts
    for line in lines(minutes):
        assert line in texts
    assert f"Besluit: {safe_text(decision)}" in texts
    assert safe_text(person_text(person)) in texts
    actions = _table_rows(document, 1)
    assert actions[1][1].split("\n")[0] == safe_text(description).split("\n")[0]
    assert actions[1][1].startswith(safe_text(description))
    if lines(note):
        assert actions[1][1].endswith(f"Besproken: {safe_text(note).strip()}")
    assert actions[1][2] == safe_text(action.who)
    details = dict((row[0], row[1]) for row in _table_rows(document, 0))
    # "—" when nothing visible is left (a blank or "\r" location too), as or_dash promises
    assert details["Locatie"] == (safe_text(organisation) if safe_text(organisation).strip() else "—")
    if lines(corrections):
        assert details["Correcties"] == "\n".join(lines(corrections))
    target.unlink()


# --- saving ---------------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def test_failed_save_leaves_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "verslag.docx"
    target.write_bytes(b"het vorige verslag")
    original = DocumentObject.save

    def half_then_fail(self: DocumentObject, stream: object) -> None:
        original(self, stream)  # type: ignore[arg-type]
        raise OSError("schijf vol")

    monkeypatch.setattr(DocumentObject, "save", half_then_fail)
    with pytest.raises(OSError, match="schijf vol"):
        write_minutes_docx(_sample_data(), target)
    assert target.read_bytes() == b"het vorige verslag"
    assert _leftovers(tmp_path) == []


def test_save_replaces_complete_file_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "verslag.docx"
    target.write_bytes(b"oud")
    os.chmod(target, 0o640)
    write_minutes_docx(_sample_data(), target)
    assert zipfile.is_zipfile(target) and _reopen(target).paragraphs
    assert (target.stat().st_mode & 0o777) == 0o640
    assert _leftovers(tmp_path) == []


def test_atomic_save_into_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(OSError):
        atomic_save(build_minutes_document(_sample_data()), folder / "bestaat-niet" / "verslag.docx")
    assert list(folder.iterdir()) == []


def test_add_field_writes_a_complex_field() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Pagina ")
    add_field(paragraph, "PAGE")
    kinds = [e.get(qn("w:fldCharType")) for e in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [e.text for e in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert formatting.join_dutch(["a", "b", "c"]) == "a, b en c"


# --- LibreOffice ----------------------------------------------------------------------------------


@pytest.fixture
def soffice() -> Iterator[str]:
    path = shutil.which("soffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd: PDF-conversie niet getest")
    yield path


@pytest.mark.slow
def test_libreoffice_converts_minutes_to_pdf(demo_db: Database, tmp_path: Path, soffice: str) -> None:
    source = write_minutes_docx(_service(demo_db).minutes(_last_held(demo_db)), tmp_path / "verslag.docx")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "verslag.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr[-500:]
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and content.count(b"/Type /Page") + content.count(b"/Type/Page") >= 2

    # Every action number and deadline of the table stays on one line (they wrapped as "A-2026-" /
    # "010" and "04-08-" / "2026" in LibreOffice's fallback for Arial); the fonts are not Word's,
    # so this checks the wider case.
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    table = _table_rows(_reopen(source), 1)[1:]
    body = "\n".join(p.text for p in _reopen(source).paragraphs)
    for reference in {row[0] for row in table}:
        assert text.count(reference) >= body.count(reference) + 1, reference
    for deadline in {row[3].split("\n")[0] for row in table if row[3] != "—"}:
        cells = sum(1 for row in table if row[3].startswith(deadline))
        assert text.count(deadline) >= body.count(deadline) + cells, deadline
