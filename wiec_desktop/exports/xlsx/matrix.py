"""The who-does-what matrix as an Excel workbook (pure function, no Qt).

Sheet "Wie doet wat": one row per case (number, title, status, area, theme, location, flags), one
column per organisation with its role as Dutch text, coloured per role; the header row and the
number and title columns are frozen, the whole table has an autofilter, organisation names stand
upright above narrow columns. Sheet "Toelichting": date, filter, counts and what the flags and roles
mean. Every text goes through ``xlsx.writer`` and the file is written with ``atomic_save``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wiec_desktop.domain.enums import InvolvementRole
from wiec_desktop.exports.xlsx.writer import atomic_save, mark_sheet_internal, set_internal_line, set_text
from wiec_desktop.services.partners.matrix import FlagKind, Matrix

SHEET_TITLE = "Wie doet wat"
NOTES_TITLE = "Toelichting"
BASE_HEADERS = ("Nummer", "Titel", "Status", "Wijk/buurt", "Thema", "Locatie", "Signalering")
FLAGS_COLUMN = len(BASE_HEADERS)  # 1-based column of "Signalering"
FREEZE = "C2"  # header row, number and title stay in view
BASE_WIDTHS = {"Nummer": (10, 10), "Titel": (20, 55), "Status": (12, 16), "Wijk/buurt": (12, 24),
               "Thema": (10, 20), "Locatie": (10, 26), "Signalering": (14, 48)}  # fmt: skip
ORG_COLUMN_WIDTH = 13  # fits "Geïnformeerd"
ORG_HEADER_MAX_HEIGHT = 190.0  # points
HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")
ROLE_FILLS = {
    InvolvementRole.LEAD: PatternFill("solid", fgColor="1F5F99"),
    InvolvementRole.PARTNER: PatternFill("solid", fgColor="D6E6F5"),
    InvolvementRole.INFORMED: PatternFill("solid", fgColor="EDEDED"),
}
ROLE_FONTS = {
    InvolvementRole.LEAD: Font(bold=True, color="FFFFFF"),
    InvolvementRole.PARTNER: Font(color="1F3B57"),
    InvolvementRole.INFORMED: Font(color="666666"),
}
ROLE_EXPLANATIONS = {
    InvolvementRole.LEAD: "trekt de aanpak van de casus en houdt de regie",
    InvolvementRole.PARTNER: "werkt mee aan de aanpak",
    InvolvementRole.INFORMED: "wordt op de hoogte gehouden, werkt niet mee",
}
FLAG_FILL = PatternFill("solid", fgColor="FDE3E1")
FLAG_FONT = Font(color="B42318", bold=True)
_THIN = Side(style="thin", color="B7C0CC")


def build_matrix_workbook(matrix: Matrix, *, internal: bool = False) -> Workbook:
    """The workbook of ``matrix`` (not yet saved); ``internal``: the intern variant, marked in the
    header and footer and on the first line of every sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    first = 2 if internal else 1
    _matrix_sheet(sheet, matrix, first)
    _notes_sheet(workbook.create_sheet(NOTES_TITLE), matrix, first)
    if internal:
        for marked in workbook.worksheets:
            set_internal_line(marked)
            mark_sheet_internal(marked)
    properties = workbook.properties
    properties.title = SHEET_TITLE
    properties.subject = "Casussen en betrokken organisaties"
    properties.creator = "WIEC Desktop"
    properties.created = datetime.now().replace(microsecond=0)
    return workbook


def write_matrix_xlsx(
    matrix: Matrix, target: Path | str, *, internal: bool = False, password: str | None = None
) -> Path:
    """Write ``matrix`` to ``target`` (.xlsx), replacing it only with a complete file (the intern
    variant when ``internal``; encrypted with ``password`` when one is given)."""
    target = Path(target)
    atomic_save(build_matrix_workbook(matrix, internal=internal), target, password)
    return target


def _matrix_sheet(sheet: Worksheet, matrix: Matrix, first: int = 1) -> None:
    """The matrix with its header on row ``first`` (2 in the intern variant, below the mark)."""
    org_names = [column.name for column in matrix.columns]
    headers = [*BASE_HEADERS, *org_names]
    for number, text in enumerate(headers, start=1):
        cell = set_text(sheet.cell(row=first, column=number), text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=_THIN)
        if number > len(BASE_HEADERS):
            cell.alignment = Alignment(
                text_rotation=90, horizontal="center", vertical="bottom", wrap_text=True
            )
        else:
            cell.alignment = Alignment(vertical="bottom")

    widths = {header: len(header) for header in BASE_HEADERS}
    org_ids = [column.organisation_id for column in matrix.columns]
    for row_number, row in enumerate(matrix.rows, start=first + 1):
        flags = matrix.flag_text(row.case_id)
        values = (row.reference, row.title, row.status.label, row.area, row.theme, row.location, flags)
        for column_number, (header, value) in enumerate(zip(BASE_HEADERS, values, strict=True), start=1):
            if value:
                set_text(sheet.cell(row=row_number, column=column_number), value)
                widths[header] = max(widths[header], len(value))
        if flags:
            cell = sheet.cell(row=row_number, column=FLAGS_COLUMN)
            cell.fill = FLAG_FILL
            cell.font = FLAG_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for offset, organisation_id in enumerate(org_ids, start=len(BASE_HEADERS) + 1):
            role = matrix.role(row.case_id, organisation_id)
            if role is None:
                continue
            cell = set_text(sheet.cell(row=row_number, column=offset), role.label)
            cell.fill = ROLE_FILLS[role]
            cell.font = ROLE_FONTS[role]
            cell.alignment = Alignment(horizontal="center")

    for number, header in enumerate(BASE_HEADERS, start=1):
        low, high = BASE_WIDTHS[header]
        sheet.column_dimensions[get_column_letter(number)].width = min(high, max(low, widths[header] + 2))
    for number in range(len(BASE_HEADERS) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = ORG_COLUMN_WIDTH
    if org_names:  # upright names: as tall as the longest (on two lines at most), within reason
        longest = max(len(name) for name in org_names)
        sheet.row_dimensions[first].height = min(ORG_HEADER_MAX_HEIGHT, max(40.0, longest * 6.0 / 2 + 20))

    last = f"{get_column_letter(len(headers))}{first + max(0, len(matrix.rows))}"
    sheet.auto_filter.ref = f"A{first}:{last}"
    sheet.freeze_panes = FREEZE if first == 1 else f"C{first + 1}"
    sheet.print_title_rows = f"{first}:{first}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _notes_sheet(sheet: Worksheet, matrix: Matrix, first: int = 1) -> None:
    title = set_text(sheet.cell(row=first, column=1), "Wie doet wat")
    title.font = Font(bold=True, size=14)
    row = first + 2
    set_text(sheet.cell(row=row, column=1), "Gemaakt op")
    made = sheet.cell(row=row, column=2, value=matrix.generated_on or date.today())
    made.number_format = "DD-MM-YYYY"
    made.alignment = Alignment(horizontal="left")
    for label, value in matrix.filter.describe():
        row += 1
        set_text(sheet.cell(row=row, column=1), label)
        set_text(sheet.cell(row=row, column=2), value)
    for label, count in (
        ("Casussen", len(matrix.rows)),
        ("Organisaties", len(matrix.columns)),
        ("Casussen met signalering", matrix.flagged_count),
    ):
        row += 1
        set_text(sheet.cell(row=row, column=1), label)
        cell = sheet.cell(row=row, column=2, value=count)
        cell.alignment = Alignment(horizontal="left")

    row += 2
    set_text(sheet.cell(row=row, column=1), "Signalering").font = Font(bold=True)
    for kind in FlagKind:
        row += 1
        set_text(sheet.cell(row=row, column=1), kind.label)
        set_text(sheet.cell(row=row, column=2), kind.explanation).alignment = Alignment(wrap_text=True)
    row += 2
    set_text(sheet.cell(row=row, column=1), "Rollen").font = Font(bold=True)
    for role, text in ROLE_EXPLANATIONS.items():
        row += 1
        label = set_text(sheet.cell(row=row, column=1), role.label)
        label.fill = ROLE_FILLS[role]
        label.font = ROLE_FONTS[role]
        set_text(sheet.cell(row=row, column=2), text)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90
