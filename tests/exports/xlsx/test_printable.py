"""Issue 15, documents that print well: the matrix's and the action list's print setup, fonts, row
heights, case titles, escalation, counting formulas and cut texts, reopened with openpyxl.
(How LibreOffice prints them: tests/exports/test_print_xlsx.py.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ActionStatus, CaseStatus, InvolvementRole
from wiec_desktop.exports.xlsx.actions import (
    BODY_FONT_NAME,
    COUNTS_FIRST_ROW,
    COUNTS_TITLE,
    CUT_NOTE,
    HEADERS,
    LINE_HEIGHT,
    MAX_LINES,
    SHEET_TITLE,
    write_actions_xlsx,
)
from wiec_desktop.exports.xlsx.matrix import (
    BASE_HEADERS,
    NOTES_TITLE,
    column_points,
    write_matrix_xlsx,
)
from wiec_desktop.exports.xlsx.matrix import SHEET_TITLE as MATRIX_TITLE
from wiec_desktop.services.actions.action_list import (
    ActionList,
    ActionListRow,
    ActionListScope,
    ActionListService,
    count_per_organisation,
)
from wiec_desktop.services.partners.matrix import Matrix, MatrixColumn, MatrixRow
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

A4_PORTRAIT_WIDTH = 595.0  # points
MAX_ROW_POINTS = 409.0


def _demo_matrix_sheet(demo_db: Database, tmp_path: Path) -> openpyxl.Workbook:
    matrix = Services(demo_db.session_factory, today=lambda: DEMO_TODAY).matrix.build()
    return openpyxl.load_workbook(write_matrix_xlsx(matrix, tmp_path / "wie-doet-wat.xlsx"))


def _small_matrix(names: list[str]) -> Matrix:
    rows = [MatrixRow(1, "2026-001", "Overlast", CaseStatus.IN_PROGRESS, "Dreven", "overlast", "Dreef")]
    columns = [MatrixColumn(number, name, kind=None) for number, name in enumerate(names, start=1)]  # type: ignore[arg-type]
    cells = {(1, column.organisation_id): InvolvementRole.PARTNER for column in columns}
    return Matrix(rows=rows, columns=columns, cells=cells, flags={}, generated_on=DEMO_TODAY)


def _fonts_named(sheet: Worksheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == BODY_FONT_NAME, (sheet.title, cell.coordinate, cell.font.name)


# --- the matrix ------------------------------------------------------------------------------------


def test_matrix_prints_landscape_at_100_percent_with_repeated_titles(
    demo_db: Database, tmp_path: Path
) -> None:
    workbook = _demo_matrix_sheet(demo_db, tmp_path)
    sheet = workbook[MATRIX_TITLE]
    setup = sheet.page_setup
    # 7 case columns and 12 organisations are wider than A4 landscape at 100 %: A3
    assert setup.paperSize == int(Worksheet.PAPERSIZE_A3) and setup.orientation == "landscape"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and setup.scale == 100  # readable, not shrunk
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"
    assert sheet.oddHeader.left.text == "Vertrouwelijk" and sheet.oddHeader.center.text == "Wie doet wat"
    assert sheet.oddFooter.right.text == "Pagina &P van &N"
    assert sheet.oddFooter.left.text == "Gemaakt op 10-11-2026"
    _fonts_named(sheet)

    narrow = openpyxl.load_workbook(write_matrix_xlsx(_small_matrix(["Politie"]), tmp_path / "smal.xlsx"))
    assert narrow[MATRIX_TITLE].page_setup.paperSize == int(Worksheet.PAPERSIZE_A4)
    assert narrow[MATRIX_TITLE].page_setup.orientation == "landscape"


def test_upright_organisation_names_get_a_header_row_they_fit(tmp_path: Path) -> None:
    long_word = "Gezondheidsdienst-Haaglanden-West-Jeugdgezondheidszorg"  # one word: cannot wrap
    names = ["Politie", "Stichting Welzijn en Maatschappelijke Dienstverlening Haaglanden", long_word]
    sheet = openpyxl.load_workbook(write_matrix_xlsx(_small_matrix(names), tmp_path / "namen.xlsx"))[
        MATRIX_TITLE
    ]
    height = sheet.row_dimensions[1].height
    assert height >= len(long_word) * 6.0 and height <= MAX_ROW_POINTS  # about 6 points a bold letter
    rotated = sheet.cell(row=1, column=len(BASE_HEADERS) + 1).alignment
    assert rotated.text_rotation == 90 and rotated.wrap_text


def test_a_wrapped_title_or_flag_makes_its_row_taller(demo_db: Database, tmp_path: Path) -> None:
    sheet = _demo_matrix_sheet(demo_db, tmp_path)[MATRIX_TITLE]
    widths = {header: sheet.column_dimensions[chr(64 + n)].width for n, header in enumerate(BASE_HEADERS, 1)}
    wrapped = 0
    for row in range(2, sheet.max_row + 1):
        title, flags = sheet.cell(row=row, column=2), sheet.cell(row=row, column=len(BASE_HEADERS))
        longer = any(
            cell.value and len(cell.value) > widths[header] * 1.3
            for cell, header in ((title, "Titel"), (flags, "Signalering"))
        )
        if longer:
            wrapped += 1
            assert (sheet.row_dimensions[row].height or 0) >= 2 * LINE_HEIGHT, row
            assert title.alignment.wrap_text and title.alignment.vertical == "top"
    assert wrapped >= 2


def test_the_legend_keeps_labels_and_texts_together_on_a_portrait_page(
    demo_db: Database, tmp_path: Path
) -> None:
    sheet = _demo_matrix_sheet(demo_db, tmp_path)[NOTES_TITLE]
    margins = sheet.page_margins
    printable = A4_PORTRAIT_WIDTH - 72 * (margins.left + margins.right)
    both = column_points(sheet.column_dimensions["A"].width) + column_points(
        sheet.column_dimensions["B"].width
    )
    assert both <= printable  # label and text side by side at 100 %
    assert (
        sheet.page_setup.paperSize == int(Worksheet.PAPERSIZE_A4)
        and sheet.page_setup.orientation == "portrait"
    )
    assert sheet.oddFooter.right.text == "Pagina &P van &N"
    explanation = next(row for row in sheet.iter_rows() if row[0].value == "Mogelijke overlap")[1]
    assert explanation.alignment.wrap_text and len(explanation.value) > 100
    assert (sheet.row_dimensions[explanation.row].height or 0) >= 2 * LINE_HEIGHT
    _fonts_named(sheet)


# --- the action list -------------------------------------------------------------------------------


def _service(database: Database) -> ActionListService:
    return ActionListService(database.session_factory, lambda: DEMO_TODAY)


def _line(number: int, description: str, **changes: object) -> ActionListRow:
    row = ActionListRow(
        action_id=number,
        reference=f"A-2026-{number:03d}",
        description=description,
        owner_organisation="Stadsdeel Escamp",
        contact="",
        case_reference="2026-001",
        created_on=DEMO_TODAY,
        due_date=None,
        status=ActionStatus.OPEN,
        completed_on=None,
        meeting_date=None,
        last_update_note="",
        case_title="Overlast hangjongeren",
    )
    return replace(row, **changes)


def _list(*rows: ActionListRow) -> ActionList:
    return ActionList("Actielijst", DEMO_TODAY, "Alle", rows, count_per_organisation(rows, DEMO_TODAY))


def _column(name: str) -> int:
    return HEADERS.index(name) + 1


def test_the_header_and_titles_have_the_body_font(demo_db: Database, tmp_path: Path) -> None:
    data = _service(demo_db).action_list(ActionListScope.all_open())
    workbook = openpyxl.load_workbook(write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY))
    header = workbook[SHEET_TITLE][1]
    assert {cell.font.name for cell in header} == {BODY_FONT_NAME} and all(cell.font.b for cell in header)
    counts = workbook[COUNTS_TITLE]
    assert counts["A1"].font.name == BODY_FONT_NAME and counts["A1"].font.sz == 14
    assert {cell.font.name for cell in counts[COUNTS_FIRST_ROW]} == {BODY_FONT_NAME}


def test_the_case_is_shown_with_its_title(demo_db: Database, tmp_path: Path) -> None:
    data = _service(demo_db).action_list(ActionListScope.all_open())
    with_case = [row for row in data.rows if row.case_reference]
    assert with_case and all(row.case_title for row in with_case)
    sheet = openpyxl.load_workbook(write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY))[SHEET_TITLE]
    assert sheet.cell(row=1, column=_column("Casus")).value == "Casus"
    for number, row in enumerate(data.rows, start=2):
        cell = sheet.cell(row=number, column=_column("Casus"))
        if row.case_reference:
            assert cell.value == f"{row.case_reference} {row.case_title}" and cell.alignment.wrap_text
        else:
            assert cell.value is None


def test_the_escalation_has_its_own_column(tmp_path: Path) -> None:
    reason = "Deadline 3 keer verschoven; 5 weken te laat"
    data = _list(_line(1, "Bellen.", escalation=reason), _line(2, "Mailen."))
    sheet = openpyxl.load_workbook(write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY))[SHEET_TITLE]
    column = _column("Aandacht")
    assert column == len(HEADERS) and sheet.cell(row=1, column=column).value == "Aandacht"
    assert sheet.cell(row=2, column=column).value == reason and sheet.cell(row=2, column=column).font.b
    assert sheet.cell(row=3, column=column).value is None
    assert sheet.tables["Acties"].ref == f"A1:{chr(64 + len(HEADERS))}3"


def test_per_organisation_counts_are_formulas_over_the_table(tmp_path: Path) -> None:
    data = _list(
        _line(1, "Een.", owner_organisation="Wat nu?*"),
        _line(2, "Twee.", owner_organisation="=Buurt & <Wijk>", status=ActionStatus.DONE),
        _line(3, "Drie.", owner_organisation="Stadsdeel Escamp", due_date=DEMO_TODAY.replace(day=1)),
    )
    target = write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY)
    sheet = openpyxl.load_workbook(target)[COUNTS_TITLE]
    lines = {
        row[0].value: row
        for row in sheet.iter_rows(min_row=COUNTS_FIRST_ROW + 1, max_row=COUNTS_FIRST_ROW + 3)
    }
    assert set(lines) == {"Wat nu?*", "=Buurt & <Wijk>", "Stadsdeel Escamp"}
    for name, cells in lines.items():
        assert all(cell.data_type == "f" for cell in cells[1:]), name
    plain = lines["Stadsdeel Escamp"]
    assert plain[1].value == f'=COUNTIFS(Acties[Organisatie],"="&$A{plain[0].row},Acties[Status],"Open")'
    assert plain[5].value.count("COUNTIFS(") == 2 and '"<"&$B$3' in plain[5].value  # late on the Peildatum
    assert plain[6].value == f'=COUNTIFS(Acties[Organisatie],"="&$A{plain[0].row})'
    assert '"=Wat nu~?~*"' in lines["Wat nu?*"][6].value  # wildcards escaped, matched whole
    assert '"="&$A' in lines["=Buurt & <Wijk>"][6].value  # "=" first: the name is no operator
    totals = sheet[COUNTS_FIRST_ROW + 4]
    assert (
        totals[0].value == "Totaal"
        and totals[1].value == f"=SUM(B{COUNTS_FIRST_ROW + 1}:B{COUNTS_FIRST_ROW + 3})"
    )


def test_a_ten_thousand_character_action_is_cut_to_the_tallest_row(tmp_path: Path) -> None:
    words = "Afstemmen met de corporatie, de wijkagent en het buurtteam wie de bewoners informeert. "
    long = (words * 120)[:10_000]
    data = _list(_line(1, long), _line(2, "Kort.", last_update_note=long), _line(3, "Gewoon."))
    sheet = openpyxl.load_workbook(write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY))[SHEET_TITLE]
    for cell in (
        sheet.cell(row=2, column=_column("Actie")),
        sheet.cell(row=3, column=_column("Laatste voortgang")),
    ):
        text = cell.value
        assert text.endswith(CUT_NOTE) and CUT_NOTE.strip().endswith("(zie verslag)")
        kept = text[: -len(CUT_NOTE)]
        assert long.startswith(kept) and long[len(kept)] == " "  # cut at a word
        assert 20 * 44 < len(text) < 32 * 70  # about the lines the tallest row holds
    for row in (2, 3):
        assert sheet.row_dimensions[row].height == LINE_HEIGHT * MAX_LINES <= MAX_ROW_POINTS
    assert sheet.cell(row=4, column=_column("Actie")).value == "Gewoon."


@pytest.mark.parametrize("length", [67, 68])
def test_a_line_that_fits_keeps_the_ordinary_row_height(tmp_path: Path, length: int) -> None:
    sentence = "Handhaving op fout parkeren bij de school tijdens brengen en halen, graag."
    description = sentence[: length - 1].rstrip() + "."
    data = _list(_line(1, description), _line(2, description + " En daarna de ouders van de school bellen."))
    sheet = openpyxl.load_workbook(write_actions_xlsx(data, tmp_path / "a.xlsx", DEMO_TODAY))[SHEET_TITLE]
    assert sheet.row_dimensions[2].height is None  # one line in a column of 60: Excel's own height
    assert sheet.row_dimensions[3].height == 2 * LINE_HEIGHT
