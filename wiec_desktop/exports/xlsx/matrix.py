"""The who-does-what matrix as an Excel workbook (pure function, no Qt).

Sheet "Wie doet wat": one row per case (number, title, status, area, theme, location, flags), one
column per organisation with its role as Dutch text, coloured per role; the header row and the
number and title columns are frozen, the whole table has an autofilter, organisation names stand
upright above narrow columns (the header row as tall as the longest name needs, wrapped on at most
``ORG_HEADER_LINES`` lines). Sheet "Toelichting": date, filter, counts and what the flags and roles
mean, label and text side by side on one portrait page width.

Printed as a recipient opens it in Excel or LibreOffice: at 100 % (never shrunk to fit), on A4
landscape when the table is that narrow, else A3 landscape, with the header row and the number and
title columns repeated on every page, and the title, "Vertrouwelijk" and "Pagina X van Y" in the
header and footer. Rows with a wrapped title or flag text get their height (neither program grows
a row when it opens the file). Every text goes through ``xlsx.writer`` and the file is written
with ``atomic_save``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wiec_desktop.domain.enums import InvolvementRole
from wiec_desktop.exports.xlsx.actions import (
    BODY_FONT_NAME,
    CHARS_PER_WIDTH,
    LINE_HEIGHT,
    MAX_LINES,
    wrapped_lines,
)
from wiec_desktop.exports.xlsx.writer import atomic_save, mark_sheet_internal, set_internal_line, set_text
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.partners.matrix import FlagKind, Matrix

SHEET_TITLE = "Wie doet wat"
NOTES_TITLE = "Toelichting"
BASE_HEADERS = ("Nummer", "Titel", "Status", "Wijk/buurt", "Thema", "Locatie", "Signalering")
FLAGS_COLUMN = len(BASE_HEADERS)  # 1-based column of "Signalering"
FREEZE = "C2"  # header row, number and title stay in view
BASE_WIDTHS = {"Nummer": (10, 10), "Titel": (20, 40), "Status": (12, 16), "Wijk/buurt": (12, 24),
               "Thema": (10, 20), "Locatie": (10, 26), "Signalering": (14, 32)}  # fmt: skip
WRAPPED = ("Titel", "Signalering")  # long ones wrap, the row grows
ORG_COLUMN_WIDTH = 13  # fits "Geïnformeerd"
ORG_HEADER_LINES = 3  # upright names wrap on at most this many lines (four fit the column width)
HEADER_CHAR_POINTS = 6.8  # an 11-point bold character, generous: LibreOffice's stand-in is wide
HEADER_PADDING = 12.0  # points above and below an upright name
MAX_ROW_HEIGHT = 409.0  # points, Excel's limit
# Printing at 100 %: the printable width of A4 and A3 landscape within the margins, in points.
MARGIN_INCHES = 0.4
PRINTABLE_WIDTH = {Worksheet.PAPERSIZE_A4: 842 - 2 * 72 * MARGIN_INCHES,
                   Worksheet.PAPERSIZE_A3: 1191 - 2 * 72 * MARGIN_INCHES}  # fmt: skip
FONT = Font(name=BODY_FONT_NAME, size=11)
BOLD = Font(name=BODY_FONT_NAME, size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")
ROLE_FILLS = {
    InvolvementRole.LEAD: PatternFill("solid", fgColor="1F5F99"),
    InvolvementRole.PARTNER: PatternFill("solid", fgColor="D6E6F5"),
    InvolvementRole.INFORMED: PatternFill("solid", fgColor="EDEDED"),
}
ROLE_FONTS = {
    InvolvementRole.LEAD: Font(name=BODY_FONT_NAME, size=11, bold=True, color="FFFFFF"),
    InvolvementRole.PARTNER: Font(name=BODY_FONT_NAME, size=11, color="1F3B57"),
    InvolvementRole.INFORMED: Font(name=BODY_FONT_NAME, size=11, color="666666"),
}
ROLE_EXPLANATIONS = {
    InvolvementRole.LEAD: "trekt de aanpak van de casus en houdt de regie",
    InvolvementRole.PARTNER: "werkt mee aan de aanpak",
    InvolvementRole.INFORMED: "wordt op de hoogte gehouden, werkt niet mee",
}
FLAG_FILL = PatternFill("solid", fgColor="FDE3E1")
FLAG_FONT = Font(name=BODY_FONT_NAME, size=11, color="B42318", bold=True)
_THIN = Side(style="thin", color="B7C0CC")
NOTES_WIDTHS = (30, 58)  # label, text: together within A4 portrait's printable width


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
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=_THIN)
        if number > len(BASE_HEADERS):
            cell.alignment = Alignment(
                text_rotation=90, horizontal="center", vertical="bottom", wrap_text=True
            )
        else:
            cell.alignment = Alignment(vertical="bottom")

    rows = [
        (row, (row.reference, row.title, row.status.label, row.area, row.theme, row.location,
               matrix.flag_text(row.case_id)))
        for row in matrix.rows
    ]  # fmt: skip
    widths = _base_widths(rows)
    org_ids = [column.organisation_id for column in matrix.columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for row_number, (row, values) in enumerate(rows, start=first + 1):
        lines = 1
        for column_number, (header, value) in enumerate(zip(BASE_HEADERS, values, strict=True), start=1):
            if not value:
                continue
            cell = set_text(sheet.cell(row=row_number, column=column_number), value)
            cell.font = FONT
            if header in WRAPPED:
                cell.alignment = wrap
                lines = max(lines, wrapped_lines(value, int(widths[header] * CHARS_PER_WIDTH)))
            else:
                cell.alignment = top
        if values[-1]:
            cell = sheet.cell(row=row_number, column=FLAGS_COLUMN)
            cell.fill = FLAG_FILL
            cell.font = FLAG_FONT
        if lines > 1:  # neither Excel nor LibreOffice grows the row on opening
            sheet.row_dimensions[row_number].height = LINE_HEIGHT * min(lines, MAX_LINES)
        for offset, organisation_id in enumerate(org_ids, start=len(BASE_HEADERS) + 1):
            role = matrix.role(row.case_id, organisation_id)
            if role is None:
                continue
            cell = set_text(sheet.cell(row=row_number, column=offset), role.label)
            cell.fill = ROLE_FILLS[role]
            cell.font = ROLE_FONTS[role]
            cell.alignment = Alignment(horizontal="center", vertical="top")

    for number, header in enumerate(BASE_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = widths[header]
    for number in range(len(BASE_HEADERS) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = ORG_COLUMN_WIDTH
    if org_names:
        sheet.row_dimensions[first].height = org_header_height(org_names)

    last = f"{get_column_letter(len(headers))}{first + max(0, len(matrix.rows))}"
    sheet.auto_filter.ref = f"A{first}:{last}"
    sheet.freeze_panes = FREEZE if first == 1 else f"C{first + 1}"
    total_width = sum(widths.values()) + ORG_COLUMN_WIDTH * len(org_names)
    _print_setup(sheet, matrix, paper_size(total_width))
    sheet.print_title_rows = f"{first}:{first}"
    sheet.print_title_cols = "A:B"  # number and title on every page across


def _base_widths(rows: list[tuple[object, tuple[str, ...]]]) -> dict[str, float]:
    """The widths of the case columns: fitted to the longest value, within ``BASE_WIDTHS``."""
    widths: dict[str, float] = {}
    for index, header in enumerate(BASE_HEADERS):
        low, high = BASE_WIDTHS[header]
        longest = max((len(values[index]) for _row, values in rows), default=0)
        widths[header] = min(high, max(low, len(header) + 2, longest + 2))
    return widths


def org_header_height(names: list[str]) -> float:
    """The header row's height (points) that shows every upright name whole: the longest line of
    the name that needs the longest one when wrapped at spaces on ``ORG_HEADER_LINES`` lines."""
    longest_line = max(_shortest_wrap(name, ORG_HEADER_LINES) for name in names)
    return min(MAX_ROW_HEIGHT, max(40.0, longest_line * HEADER_CHAR_POINTS + 2 * HEADER_PADDING))


def _shortest_wrap(name: str, max_lines: int) -> int:
    """The fewest characters per line with which ``name`` wraps on at most ``max_lines`` lines."""
    words = name.split() or [""]
    for width in range(max(len(word) for word in words), len(name) + 1):
        if wrapped_lines(" ".join(words), width) <= max_lines:
            return width
    return len(name)


def column_points(width: float) -> float:
    """The printed width (points) of a column ``width`` characters wide (Calibri 11: 7 pixels a
    character plus 5 of padding, at 96 pixels an inch)."""
    return (width * 7 + 5) * 0.75


def paper_size(total_width: float) -> int:
    """A4 when a table of ``total_width`` characters fits its landscape width at 100 %, else A3."""
    needed = column_points(total_width)
    if needed <= PRINTABLE_WIDTH[Worksheet.PAPERSIZE_A4]:
        return Worksheet.PAPERSIZE_A4
    return Worksheet.PAPERSIZE_A3


def _print_setup(sheet: Worksheet, matrix: Matrix, paper: int, orientation: str = "landscape") -> None:
    """Paper, 100 %, margins, and the header and footer (title, "Vertrouwelijk", page numbers)."""
    setup = sheet.page_setup
    setup.paperSize = paper
    setup.orientation = orientation
    setup.scale = 100
    setup.pageOrder = "overThenDown"
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    margins = sheet.page_margins
    margins.left = margins.right = MARGIN_INCHES
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3
    sheet.oddHeader.left.text = "Vertrouwelijk"
    sheet.oddHeader.center.text = SHEET_TITLE
    sheet.oddHeader.center.font = "-,Bold"
    sheet.oddFooter.left.text = f"Gemaakt op {short_date(matrix.generated_on or date.today())}"
    sheet.oddFooter.right.text = "Pagina &P van &N"


def _notes_sheet(sheet: Worksheet, matrix: Matrix, first: int = 1) -> None:
    """The legend: labels in column A, their values and explanations beside them in B (wrapped)."""
    label_width, text_width = NOTES_WIDTHS
    per_line = int(text_width * CHARS_PER_WIDTH)
    top = Alignment(vertical="top")

    def line(row: int, label: str, value: object = None, label_font: Font = FONT) -> Cell:
        label_cell = set_text(sheet.cell(row=row, column=1), label)
        label_cell.font = label_font
        label_cell.alignment = top
        cell = sheet.cell(row=row, column=2)
        if isinstance(value, str):
            set_text(cell, value)
            lines = wrapped_lines(value, per_line)
            if lines > 1:
                sheet.row_dimensions[row].height = LINE_HEIGHT * min(lines, MAX_LINES)
        elif value is not None:
            cell.value = value
        cell.font = FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        return label_cell

    title = set_text(sheet.cell(row=first, column=1), "Wie doet wat")
    title.font = Font(name=BODY_FONT_NAME, bold=True, size=14)
    row = first + 2
    made = sheet.cell(row=row, column=2)
    line(row, "Gemaakt op", matrix.generated_on or date.today())
    made.number_format = "DD-MM-YYYY"
    for label, value in matrix.filter.describe():
        row += 1
        line(row, label, value)
    for label, count in (
        ("Casussen", len(matrix.rows)),
        ("Organisaties", len(matrix.columns)),
        ("Casussen met signalering", matrix.flagged_count),
    ):
        row += 1
        line(row, label, count)

    row += 2
    line(row, "Signalering", label_font=BOLD)
    for kind in FlagKind:
        row += 1
        line(row, kind.label, kind.explanation)
    row += 2
    line(row, "Rollen", label_font=BOLD)
    for role, text in ROLE_EXPLANATIONS.items():
        row += 1
        label = line(row, role.label, text)
        label.fill = ROLE_FILLS[role]
        label.font = ROLE_FONTS[role]
    sheet.column_dimensions["A"].width = label_width
    sheet.column_dimensions["B"].width = text_width
    _print_setup(sheet, matrix, Worksheet.PAPERSIZE_A4, "portrait")
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # a safeguard: it fits at 100 % already
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
