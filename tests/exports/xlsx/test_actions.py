"""The action list as Excel: the service's scopes and counts, the workbook reopened with openpyxl,
text that stays text, arbitrary text, all-or-nothing saving and (when installed) LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select, text

from tests.conftest import DEMO_TODAY
from wiec_desktop import atomic_file
from wiec_desktop.domain import Action, AuditEvent, Contact, Meeting, Organisation
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus, AuditKind
from wiec_desktop.exports.xlsx.actions import (
    COUNT_HEADERS,
    COUNTS_FIRST_ROW,
    COUNTS_TITLE,
    DATE_COLUMNS,
    DATE_FORMAT,
    EMPTY_TEXT,
    FREEZE,
    HEADERS,
    SHEET_TITLE,
    STATUS_COLUMN,
    WRAP_COLUMNS,
    count_formulas,
    row_colour_formulas,
    write_actions_xlsx,
)
from wiec_desktop.exports.xlsx.writer import safe_text
from wiec_desktop.services.actions.action_list import (
    ActionList,
    ActionListRow,
    ActionListScope,
    ActionListService,
    OrganisationCount,
    count_per_organisation,
)
from wiec_desktop.services.actions.service import ActionService
from wiec_desktop.services.partners.service import OrganisationService
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.storage.database import Database

STATUS_LABELS = ["Open", "Loopt", "Gereed", "Vervallen"]


def _service(database: Database) -> ActionListService:
    return ActionListService(database.session_factory, lambda: DEMO_TODAY)


def _write(data: ActionList, target: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write_actions_xlsx(data, target, DEMO_TODAY))


def _numbers(count: OrganisationCount) -> list[int]:
    return [*(count.count(status) for status in ActionStatus), count.overdue, count.total]


def _as_datetime(value: date | None) -> datetime | None:
    return None if value is None else datetime(value.year, value.month, value.day)


def _expected_values(row: ActionListRow) -> list[object]:
    case = f"{row.case_reference} {row.case_title}".strip() if row.case_reference else ""
    texts = (row.description, row.owner_organisation, row.contact, case, row.last_update_note, row.escalation)
    description, organisation, contact, case_text, note, escalation = (safe_text(t) or None for t in texts)
    return [
        row.reference, description, organisation, contact, case_text, _as_datetime(row.created_on),
        _as_datetime(row.due_date), row.status.label, _as_datetime(row.completed_on),
        _as_datetime(row.meeting_date), note, escalation,
    ]  # fmt: skip


# --- the workbook ------------------------------------------------------------------------------


def test_demo_action_list_reopened(demo_db: Database, tmp_path: Path) -> None:
    data = _service(demo_db).action_list(ActionListScope.all_open())
    assert data.title == "Actielijst" and data.scope_description == "Alle openstaande acties"
    assert len(data.rows) == 38 and data.overdue_count == 24 and data.generated_on == DEMO_TODAY
    workbook = _write(data, tmp_path / "actielijst.xlsx")
    assert workbook.sheetnames == [SHEET_TITLE, COUNTS_TITLE] == ["Actielijst", "Per organisatie"]
    assert workbook.properties.title == "Actielijst" and workbook.properties.creator == "WIEC Desktop"
    sheet = workbook[SHEET_TITLE]
    last = len(data.rows) + 1

    # a real table over header + rows, banded, with its autofilter
    assert list(sheet.tables) == ["Acties"]
    table = sheet.tables["Acties"]
    assert table.ref == f"A1:L{last}" and table.autoFilter.ref == table.ref
    assert table.tableStyleInfo.showRowStripes and table.tableStyleInfo.name.startswith("TableStyle")
    assert [column.name for column in table.tableColumns] == list(HEADERS)
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert sheet[1][0].font.bold
    assert sheet.freeze_panes == FREEZE == "A2"
    assert sheet.max_row == last and sheet.max_column == len(HEADERS)

    # every row, every value; dates are dates shown dd-mm-yyyy
    for number, row in enumerate(data.rows, start=2):
        cells = sheet[number]
        assert [cell.value for cell in cells] == _expected_values(row), row.reference
        for column in DATE_COLUMNS:
            cell = cells[column - 1]
            if cell.value is not None:
                assert isinstance(cell.value, datetime) and cell.is_date
                assert cell.number_format == DATE_FORMAT == "dd-mm-yyyy"
        for column in WRAP_COLUMNS:
            if cells[column - 1].value:
                assert cells[column - 1].alignment.wrap_text
    assert sum(1 for row in data.rows if row.last_update_note) > 10  # the latest notes are there
    assert all(row.status in OPEN_ACTION_STATUSES for row in data.rows)
    dues = [row.due_date or date.max for row in data.rows]
    assert dues == sorted(dues)  # by deadline, none last

    # readable widths
    widths = {header: sheet.column_dimensions[chr(64 + n)].width for n, header in enumerate(HEADERS, 1)}
    assert all(row.case_title for row in data.rows if row.case_reference)  # the case's title is read
    assert widths["Actie"] >= 50 and widths["Laatste voortgang"] >= 40
    longest_org = max(len(row.owner_organisation) for row in data.rows)
    assert widths["Organisatie"] >= min(34, longest_org)
    assert all(widths[name] >= len(name) + 2 for name in HEADERS)

    # the status drop-down
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    choice = validations[0]
    assert choice.type == "list" and choice.showErrorMessage
    assert choice.formula1 == '"' + ",".join(status.label for status in ActionStatus) + '"'
    assert choice.formula1 == '"Open,Loopt,Gereed,Vervallen"'
    assert str(choice.sqref) == f"H2:H{last}" and HEADERS[STATUS_COLUMN - 1] == "Status"
    assert choice.showDropDown in (None, False)  # (True would hide the arrow)

    # red when overdue, amber when due within a week: formulas with TODAY(), over the whole body
    ranges = list(sheet.conditional_formatting)
    assert [str(cf.sqref) for cf in ranges] == [f"A2:L{last}"]
    rules = ranges[0].rules
    assert [rule.type for rule in rules] == ["expression", "expression"]
    overdue, due_soon = (rule.formula[0] for rule in rules)
    assert (overdue, due_soon) == row_colour_formulas()
    assert overdue == 'AND($G2<>"",$G2<TODAY(),$H2<>"Gereed",$H2<>"Vervallen")'
    assert due_soon == 'AND($G2<>"",$G2>=TODAY(),$G2<=TODAY()+7,$H2<>"Gereed",$H2<>"Vervallen")'
    red, amber = (rule.dxf.fill.fgColor.rgb for rule in rules)
    assert red.endswith("FFC7CE") and amber.endswith("FFEB9C")

    # print: landscape, one page wide, header row on every page, title and page numbers
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9  # A4
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "Actielijst" and sheet.oddHeader.left.text == "Vertrouwelijk"
    assert sheet.oddHeader.right.text == "Alle openstaande acties"
    assert sheet.oddFooter.right.text == "Pagina &P van &N"
    assert sheet.oddFooter.left.text == "Gemaakt op 10-11-2026"


def _sheet_counts(workbook: openpyxl.Workbook) -> tuple[dict[str, tuple[object, ...]], list[object]]:
    """The counts table's lines (formulas, or numbers when there is nothing to count) and totals."""
    sheet = workbook[COUNTS_TITLE]
    table = sheet.tables["PerOrganisatie"]
    header, *body = sheet[table.ref]
    assert [cell.value for cell in header] == list(COUNT_HEADERS)
    counts = {row[0].value: tuple(cell.value for cell in row[1:]) for row in body}
    totals = [cell.value for cell in sheet[body[-1][0].row + 1]]  # the line below the table
    return counts, totals


def _expected_formulas(data: ActionList, first_row: int = COUNTS_FIRST_ROW) -> dict[str, tuple[str, ...]]:
    return {
        count.organisation: tuple(count_formulas(count.organisation, number, first_row - 3))
        for number, count in enumerate(data.per_organisation, start=first_row + 1)
    }


def _sql_counts(database: Database, where: str, params: dict[str, object]) -> dict[str, tuple[int, ...]]:
    """Per organisation: open, loopt, gereed, vervallen, te laat, totaal — counted in SQL alone."""
    statement = text(
        f"""
        SELECT o.name,
               SUM(CASE WHEN a.status = 'open' THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.status = 'in_progress' THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.status = 'cancelled' THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.status IN ('open', 'in_progress') AND a.due_date < :today
                        THEN 1 ELSE 0 END),
               COUNT(*)
        FROM action a JOIN organisation o ON o.id = a.owner_organisation_id
        WHERE {where}
        GROUP BY o.name
        """
    )
    with database.engine.connect() as connection:
        rows = connection.execute(statement, {"today": DEMO_TODAY, **params}).all()
    return {row[0]: tuple(int(value) for value in row[1:]) for row in rows}


def test_per_organisation_counts_equal_sql(demo_db: Database, tmp_path: Path) -> None:
    service = _service(demo_db)
    data = service.action_list(ActionListScope.all_open())
    counts, totals = _sheet_counts(_write(data, tmp_path / "open.xlsx"))
    expected = _sql_counts(demo_db, "a.status IN ('open', 'in_progress')", {})
    assert {c.organisation: (*_numbers(c),) for c in data.per_organisation} == expected
    assert counts == _expected_formulas(data)  # formulas over the table (LibreOffice: test_print_xlsx)
    first, last = COUNTS_FIRST_ROW + 1, COUNTS_FIRST_ROW + len(expected)
    assert totals == ["Totaal", *(f"=SUM({c}{first}:{c}{last})" for c in "BCDEFG")]
    assert list(counts) == sorted(counts, key=str.casefold)

    sheet = openpyxl.load_workbook(tmp_path / "open.xlsx")[COUNTS_TITLE]
    assert sheet.tables["PerOrganisatie"].ref.startswith(f"A{COUNTS_FIRST_ROW}:G")
    assert sheet["A2"].value == "Alle openstaande acties" and sheet["B3"].value == datetime(2026, 11, 10)
    assert sheet["B3"].number_format == DATE_FORMAT

    # one organisation, all statuses
    with demo_db.session_factory() as session:
        busiest = session.execute(
            select(Organisation.id, Organisation.name)
            .join(Action, Action.owner_organisation_id == Organisation.id)
            .where(Action.status.in_([ActionStatus.DONE, ActionStatus.CANCELLED]))
            .group_by(Organisation.id, Organisation.name)
            .order_by(Organisation.name)
        ).first()
    assert busiest is not None
    data = service.action_list(ActionListScope.for_organisation(busiest.id))
    counts, _totals = _sheet_counts(_write(data, tmp_path / "org.xlsx"))
    assert counts == _expected_formulas(data)
    numbers = {c.organisation: (*_numbers(c),) for c in data.per_organisation}
    assert numbers == _sql_counts(demo_db, "a.owner_organisation_id = :org", {"org": busiest.id})
    assert numbers[busiest.name][2] + numbers[busiest.name][3] > 0  # finished ones are counted too


def test_scopes(demo_db: Database) -> None:
    service = _service(demo_db)
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.id.in_(select(Action.meeting_id))).order_by(Meeting.date)
        ).first()
        assert meeting is not None
        meeting_actions = set(session.scalars(select(Action.id).where(Action.meeting_id == meeting.id)))
        politie = session.scalars(select(Organisation).where(Organisation.name.like("Politie%"))).one()
        politie_actions = set(
            session.scalars(select(Action.id).where(Action.owner_organisation_id == politie.id))
        )
        politie_open = set(
            session.scalars(
                select(Action.id).where(
                    Action.owner_organisation_id == politie.id, Action.status.in_(OPEN_ACTION_STATUSES)
                )
            )
        )

    one_meeting = service.action_list(ActionListScope.for_meeting(meeting.id))
    assert {row.action_id for row in one_meeting.rows} == meeting_actions
    assert one_meeting.title == f"Actielijst {meeting.title}"
    assert one_meeting.scope_description.startswith(f"Acties uit {meeting.title} van ")
    assert one_meeting.scope_description.endswith(f" {meeting.date.day} juni 2026")
    assert {row.meeting_date for row in one_meeting.rows} == {meeting.date}
    finished = [row.is_open for row in one_meeting.rows]
    assert finished == sorted(finished, reverse=True)  # open ones first, then the finished
    assert not all(finished)
    only_open = service.action_list(ActionListScope.for_meeting(meeting.id, open_only=True))
    assert {row.action_id for row in only_open.rows} < meeting_actions
    assert only_open.scope_description.endswith("(alleen openstaande)")

    by_name = service.action_list(ActionListScope.for_organisation(f"  {politie.name.upper()} "))
    assert {row.action_id for row in by_name.rows} == politie_actions
    assert {row.owner_organisation for row in by_name.rows} == {politie.name}
    assert by_name.scope_description == f"Acties van {politie.name}"
    assert len(by_name.per_organisation) == 1 and by_name.per_organisation[0].total == len(politie_actions)
    by_id = service.action_list(ActionListScope.for_organisation(politie.id, open_only=True))
    assert {row.action_id for row in by_id.rows} == politie_open
    assert service.resolve_organisation(politie.name.lower()) == politie.id

    with pytest.raises(ValidationError) as raised:
        service.resolve_organisation("politie")
    message = raised.value.errors["organisation"]
    assert message == f"Organisatie 'politie' bestaat niet; bedoelt u: {politie.name}?"
    with pytest.raises(ValidationError, match="Organisatie 'Hondenclub' bestaat niet; kies uit: "):
        service.action_list(ActionListScope.for_organisation("Hondenclub"))
    with pytest.raises(NotFound, match="Overleg 9999 bestaat niet"):
        service.action_list(ActionListScope.for_meeting(9999))
    with pytest.raises(NotFound, match="Organisatie 9999 bestaat niet"):
        service.action_list(ActionListScope.for_organisation(9999))
    with pytest.raises(ValueError):
        ActionListScope(meeting_id=1, organisation_id=2)
    with pytest.raises(ValueError):
        ActionListScope(open_only=False)


def test_an_empty_list_still_makes_a_valid_workbook(db: Database, tmp_path: Path) -> None:
    service = _service(db)
    data = service.action_list(ActionListScope.all_open())
    assert data.rows == () and data.per_organisation == ()
    with pytest.raises(ValidationError, match="er zijn nog geen organisaties"):
        service.resolve_organisation("Politie")
    target = tmp_path / "leeg.xlsx"
    workbook = _write(data, target)
    sheet = workbook[SHEET_TITLE]
    # Excel refuses a table without data rows: one row says there is nothing
    assert sheet.tables["Acties"].ref == "A1:L2"
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert [cell.value for cell in sheet[2]] == [None, EMPTY_TEXT, *[None] * (len(HEADERS) - 2)]
    assert str(sheet.data_validations.dataValidation[0].sqref) == "H2"
    assert [str(cf.sqref) for cf in sheet.conditional_formatting] == ["A2:L2"]
    counts, totals = _sheet_counts(workbook)
    assert counts == {"Geen acties": (0, 0, 0, 0, 0, 0)}
    assert totals == ["Totaal", 0, 0, 0, 0, 0, 0]
    assert _convert_if_possible(target, tmp_path)


def test_formula_like_and_odd_text_is_stored_as_text(db: Database, tmp_path: Path) -> None:
    organisations = OrganisationService(db.session_factory, lambda: DEMO_TODAY)
    actions = ActionService(db.session_factory, lambda: DEMO_TODAY)
    owner = organisations.create_organisation('=HYPERLINK("http://evil.example","klik")')
    contact = organisations.create_contact(owner.id, "@Jan de Vries")
    plain_owner = organisations.create_organisation("Stadsdeel Escamp")
    texts = ["=SUM(A1)", "+31 6 12345678", "-x", "@y", "#N/A", "Bel\x07 de 🚲-stalling\x00 ‏עברית"]
    created = [
        actions.create_action(description, owner.id, owner_contact_id=contact.id, due_date=DEMO_TODAY)
        for description in texts
    ]
    actions.create_action("Gewoon", plain_owner.id)
    actions.record_update(created[0].id, ActionStatus.IN_PROGRESS, note="=1+1 loopt")

    data = _service(db).action_list(ActionListScope.all_open())
    target = tmp_path / "vreemd.xlsx"
    sheet = _write(data, target)[SHEET_TITLE]
    by_reference = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for action, description in zip(created, texts, strict=True):
        row = by_reference[action.reference]
        cell = row[1]
        assert cell.value == safe_text(description) and cell.data_type == "s", description
        assert bool(cell.quotePrefix) == description.startswith(("=", "+", "-", "@")), description
        assert cell.alignment.wrap_text
        assert row[2].value == owner.name and row[2].data_type == "s" and row[2].quotePrefix
        assert row[3].value == "@Jan de Vries" and row[3].quotePrefix
    assert by_reference[created[-1].reference][1].value == "Bel de 🚲-stalling ‏עברית"
    note = by_reference[created[0].reference][10]
    assert note.value == "=1+1 loopt" and note.data_type == "s" and note.quotePrefix
    counts = openpyxl.load_workbook(target)[COUNTS_TITLE]
    names = {row[0].value: row[0] for row in counts.iter_rows(min_row=COUNTS_FIRST_ROW + 1)}
    assert names[owner.name].data_type == "s" and names[owner.name].quotePrefix
    with zipfile.ZipFile(target) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()  # no formula in the list
        counted = re.findall(r"<f>(.*?)</f>", archive.read("xl/worksheets/sheet2.xml").decode())
        assert counted and all(f.startswith(("COUNTIFS(Acties[Organisatie],", "SUM(")) for f in counted)


def _row(number: int, description: str, note: str = "", due: date | None = None) -> ActionListRow:
    return ActionListRow(
        action_id=number,
        reference=f"A-2026-{number:03d}",
        description=description,
        owner_organisation="Stadsdeel Escamp",
        contact="",
        case_reference="2026-001",
        created_on=DEMO_TODAY,
        due_date=due,
        status=ActionStatus.OPEN,
        completed_on=None,
        meeting_date=DEMO_TODAY,
        last_update_note=note,
    )


def test_long_text_makes_taller_rows_aligned_to_the_top(tmp_path: Path) -> None:
    long = "Met de corporatie en de wijkagent afstemmen wie de bewoners van de portiek informeert. " * 2
    rows = (
        _row(1, "Kort."),
        _row(2, long, due=DEMO_TODAY),
        _row(3, "Kort.", note="eerste regel\ntweede regel\nderde regel"),
        _row(4, "=" + long),
        _row(5, "Weer kort.", due=DEMO_TODAY),
    )
    data = ActionList(
        "R&D & zo", DEMO_TODAY, "Acties van Buurt & Wijk", rows, count_per_organisation(rows, DEMO_TODAY)
    )
    workbook = _write(data, tmp_path / "lang.xlsx")
    sheet = workbook[SHEET_TITLE]
    heights = {number: sheet.row_dimensions[number].height for number in range(2, 7)}
    assert heights[2] is None and heights[6] is None  # one line: Excel's own height
    assert heights[3] == heights[5] and heights[3] >= 30 and heights[4] == 45
    for number in (3, 4, 5):
        cells = sheet[number]
        assert {cell.alignment.vertical for cell in cells if cell.value is not None} == {"top"}
        assert [cell.value for cell in cells] == _expected_values(rows[number - 2])
    assert sheet["B5"].quotePrefix and sheet["B5"].data_type == "s" and sheet["B5"].alignment.wrap_text
    assert sheet["F2"].alignment.horizontal == "center"  # dates centred: apart from their neighbours
    # an "&" in a print header is written as "&&" (a single one starts a code)
    assert sheet.oddHeader.center.text == "R&&D && zo"
    assert sheet.oddHeader.right.text == "Acties van Buurt && Wijk"


_ANY_TEXT = st.text()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    descriptions=st.lists(_ANY_TEXT, min_size=1, max_size=3),
    owner=_ANY_TEXT,
    contact=_ANY_TEXT,
    note=_ANY_TEXT,
    title=_ANY_TEXT,
)
def test_any_text_makes_a_valid_workbook(
    tmp_path: Path, descriptions: list[str], owner: str, contact: str, note: str, title: str
) -> None:
    rows = tuple(
        ActionListRow(
            action_id=number,
            reference=f"A-2026-{number:03d}",
            description=description,
            owner_organisation=owner,
            contact=contact,
            case_reference="",
            created_on=DEMO_TODAY,
            due_date=DEMO_TODAY + timedelta(days=number) if number % 2 else None,
            status=ActionStatus.OPEN,
            completed_on=None,
            meeting_date=None,
            last_update_note=note,
        )
        for number, description in enumerate(descriptions, start=1)
    )
    data = ActionList(title, DEMO_TODAY, title, rows, count_per_organisation(rows, DEMO_TODAY))
    target = tmp_path / "willekeurig.xlsx"
    workbook = _write(data, target)
    sheet = workbook[SHEET_TITLE]
    for number, row in enumerate(rows, start=2):
        assert [cell.value for cell in sheet[number]] == _expected_values(row)
        for cell in sheet[number]:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    counts = workbook[COUNTS_TITLE]
    assert counts.cell(row=COUNTS_FIRST_ROW + 1, column=1).value == (safe_text(owner) or None)
    total = counts.cell(row=COUNTS_FIRST_ROW + 1, column=7)
    assert total.data_type == "f" and total.value.startswith("=COUNTIFS(Acties[Organisatie],")


# --- all or nothing ----------------------------------------------------------------------------


def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "actielijst.xlsx"
    target.write_bytes(b"het vorige bestand")
    data = _service(demo_db).action_list(ActionListScope.all_open())

    def half_then_fail(self: Workbook, stream: object) -> None:
        stream.write(b"PK\x03\x04 half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(Workbook, "save", half_then_fail)
        with pytest.raises(OSError, match="No space"):
            write_actions_xlsx(data, target, DEMO_TODAY)
        assert target.read_bytes() == b"het vorige bestand"
        assert [p.name for p in folder.iterdir()] == ["actielijst.xlsx"]
        with pytest.raises(OSError):
            write_actions_xlsx(data, folder / "nieuw.xlsx", DEMO_TODAY)
        assert [p.name for p in folder.iterdir()] == ["actielijst.xlsx"]

    with monkeypatch.context() as patch:

        def locked(_src: object, _dst: object) -> None:
            raise PermissionError(13, "Permission denied")

        patch.setattr(atomic_file.os, "replace", locked)
        with pytest.raises(PermissionError):
            write_actions_xlsx(data, target, DEMO_TODAY)
        assert target.read_bytes() == b"het vorige bestand"
        assert [p.name for p in folder.iterdir()] == ["actielijst.xlsx"]

    write_actions_xlsx(data, target, DEMO_TODAY)
    assert openpyxl.load_workbook(target).sheetnames == [SHEET_TITLE, COUNTS_TITLE]
    assert [p.name for p in folder.iterdir()] == ["actielijst.xlsx"]


def test_nothing_is_written_outside_the_target_folder(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.worksheet import _writer

    def system_temporary_file(suffix: str = "") -> str:
        raise AssertionError("openpyxl's temporary file in the system folder was used")

    monkeypatch.setattr(_writer, "create_temporary_file", system_temporary_file)
    folder = tmp_path / "uit"
    folder.mkdir()
    data = _service(demo_db).action_list(ActionListScope.all_open())
    target = write_actions_xlsx(data, folder / "actielijst.xlsx", DEMO_TODAY)
    assert openpyxl.load_workbook(target)[SHEET_TITLE].max_row == len(data.rows) + 1
    assert [p.name for p in folder.iterdir()] == ["actielijst.xlsx"]  # the sheet files are gone


def test_the_export_is_logged_without_names(demo_db: Database) -> None:
    service = _service(demo_db)
    data = service.action_list(ActionListScope.for_organisation("Stadsdeel Escamp"))
    service.record_export(data, "actielijst.xlsx")
    with demo_db.session_factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "action_list")).one()
        contacts = set(session.scalars(select(Contact.name)))
    assert event.kind == AuditKind.EXPORT and "actielijst.xlsx" in event.detail
    assert f"{len(data.rows)} acties" in event.detail
    assert not any(name in event.detail for name in contacts)


# --- LibreOffice -------------------------------------------------------------------------------


def _convert_if_possible(workbook: Path, folder: Path) -> bool:
    """Convert to PDF with LibreOffice when it is installed (True when it is not)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return True
    return _convert(soffice, workbook, folder).exists()


def _convert(soffice: str, workbook: Path, folder: Path) -> Path:
    out = folder / "pdf"
    out.mkdir(exist_ok=True)
    profile = folder / "lo-profile"  # its own profile: a running LibreOffice does not interfere
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    pdf = out / (workbook.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    return pdf


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_workbook_to_pdf(demo_db: Database, tmp_path: Path) -> None:
    data = _service(demo_db).action_list(ActionListScope.for_organisation("Stadsdeel Escamp"))
    target = write_actions_xlsx(data, tmp_path / "actielijst.xlsx", DEMO_TODAY)
    pdf = _convert(shutil.which("soffice") or "soffice", target, tmp_path)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 5000
