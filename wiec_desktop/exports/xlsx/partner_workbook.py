"""One organisation's own actions as a workbook to fill in and send back (issue 15; pure function,
no Qt).

The layout is the contract in ``services/followup/workbook_format.py`` (read by
``services/followup/updates_import.py``): sheet ``ACTIONS_SHEET`` with a title block above
``HEADER_ROW`` (title, organisation, next meeting, how to fill in) and the table from there; only
``OPEN_COLUMNS`` are unlocked and the sheet is protected without a password (guidance, not
security); ``Status`` has a drop-down of ``STATUS_CHOICES`` filled in with the current status,
``Voortgang`` is empty, ``Nieuwe deadline`` accepts only a date (shown ``dd-mm-yyyy``). The columns
``Actie-id``, ``Versie`` and ``Controle`` are hidden; ``Controle`` is ``row_digest`` over the token
and the protected values exactly as written. The very hidden ``META_SHEET`` holds the key/value
pairs and ``meta_digest``.

Printed A4 landscape, fitted to the page width, the header row repeated on every page, long texts
wrapped with rows tall enough to show them. Every text goes through ``xlsx.writer`` (control
characters removed, text that looks like a formula stays text); the file is written with
``atomic_save``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wiec_desktop.domain.enums import DispatchKind
from wiec_desktop.exports.xlsx.writer import atomic_save, safe_text, set_text
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.partner_actions import PartnerAction, PartnerWorkbook
from wiec_desktop.services.formatting import short_date

DATE_FORMAT = "dd-mm-yyyy"
FONT_NAME = "Calibri"
# Width in characters per column; the hidden ones are kept narrow.
WIDTHS = {
    fmt.COL_REFERENCE: 12, fmt.COL_DESCRIPTION: 42, fmt.COL_CASE: 18, fmt.COL_CONTACT: 15,
    fmt.COL_DUE: 11, fmt.COL_LAST_UPDATE: 28, fmt.COL_STATUS: 11, fmt.COL_PROGRESS: 32,
    fmt.COL_NEW_DUE: 15, fmt.COL_ACTION_ID: 8, fmt.COL_VERSION: 6, fmt.COL_CHECK: 26,
}  # fmt: skip
WRAP_COLUMNS = (fmt.COL_DESCRIPTION, fmt.COL_CASE, fmt.COL_CONTACT, fmt.COL_LAST_UPDATE, fmt.COL_PROGRESS)
DATE_COLUMNS = (fmt.COL_DUE, fmt.COL_NEW_DUE)
CHARS_PER_WIDTH = 1.2  # ordinary 10-point text is narrower than the "0" that column widths count
LINE_HEIGHT = 12.75  # points per line of 10-point Calibri
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MIN_LINES_OPEN = 2  # room to write in Voortgang
# Dates a partner may type as a new deadline (Excel serial numbers: 1-1-2000 to 31-12-2099).
FIRST_DATE_SERIAL, LAST_DATE_SERIAL = 36526, 73050

TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True, color="1F3B57")
TEXT_FONT = Font(name=FONT_NAME, size=10)
NOTE_FONT = Font(name=FONT_NAME, size=10, italic=True, color="44546A")
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True, color="1F3B57")
HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")
OPEN_HEADER_FILL = PatternFill("solid", fgColor="FFE699")
OPEN_FILL = PatternFill("solid", fgColor="FFF9E5")
THIN = Side(style="thin", color="A6B2C0")
CELL_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)

TITLES = {
    DispatchKind.ACTIONS: "Uw acties na het overleg",
    DispatchKind.REMINDER: "Uw acties voor het volgende overleg",
}
HOW_TO = (
    "Invullen: kies bij Status de stand van zaken, schrijf bij Voortgang wat er is gebeurd en vul "
    "alleen bij uitstel een Nieuwe deadline in (dd-mm-jjjj). De gele kolommen zijn open, de andere "
    "zijn beschermd. Stuur het bestand daarna terug aan de voorzitter."
)
EMPTY_TEXT = "Er staan geen open acties op naam van uw organisatie."


def write_partner_workbook(data: PartnerWorkbook, target: Path) -> Path:
    """Write ``data`` to ``target`` (.xlsx), replacing it only with a complete file; returns it."""
    target = Path(target)
    atomic_save(build_partner_workbook(data), target)
    return target


def build_partner_workbook(data: PartnerWorkbook) -> Workbook:
    """The workbook of ``data`` (not yet saved)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = fmt.ACTIONS_SHEET
    _title_block(sheet, data)
    _table(sheet, data)
    _print_setup(sheet, data)
    _meta_sheet(workbook.create_sheet(fmt.META_SHEET), data)
    workbook.active = 0
    properties = workbook.properties
    properties.title = safe_text(f"{TITLES[data.kind]} – {data.organisation}")
    properties.creator = "WIEC Desktop"
    properties.created = datetime.combine(data.sent_on, datetime.min.time())
    return workbook


def column_index(name: str) -> int:
    """The 1-based column of ``name`` in the table."""
    return fmt.COLUMNS.index(name) + 1


def _title_block(sheet: Worksheet, data: PartnerWorkbook) -> None:
    lines = [
        (f"{TITLES[data.kind]} – {data.organisation}", TITLE_FONT),
        (f"Organisatie: {data.organisation} · verstuurd op {short_date(data.sent_on)}", TEXT_FONT),
        (f"Volgend overleg: {data.next_meeting}", TEXT_FONT),
        (HOW_TO, NOTE_FONT),
    ]
    last = get_column_letter(column_index(fmt.COL_NEW_DUE))
    for row, (text, font) in enumerate(lines, start=1):
        cell = set_text(sheet.cell(row=row, column=1), text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.row_dimensions[1].height = 22
    sheet.row_dimensions[4].height = 2 * LINE_HEIGHT + 4
    assert len(lines) < fmt.HEADER_ROW


def _table(sheet: Worksheet, data: PartnerWorkbook) -> None:
    for column, name in enumerate(fmt.COLUMNS, start=1):
        cell = set_text(sheet.cell(row=fmt.HEADER_ROW, column=column), name)
        cell.font = HEADER_FONT
        cell.fill = OPEN_HEADER_FILL if name in fmt.OPEN_COLUMNS else HEADER_FILL
        cell.border = CELL_BORDER
        cell.alignment = WRAP
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        if name in fmt.HIDDEN_COLUMNS:
            sheet.column_dimensions[letter].hidden = True
    sheet.row_dimensions[fmt.HEADER_ROW].height = 2 * LINE_HEIGHT + 2
    sheet.freeze_panes = f"A{fmt.HEADER_ROW + 1}"

    first = fmt.HEADER_ROW + 1
    for row, action in enumerate(data.actions, start=first):
        _action_row(sheet, row, action, data.token)
    if not data.actions:  # said above the table: a row in it would be read back as an edit
        cell = set_text(sheet.cell(row=fmt.HEADER_ROW - 1, column=1), EMPTY_TEXT)
        cell.font = NOTE_FONT
        return
    last = first + len(data.actions) - 1
    _validations(sheet, first, last)


def _action_row(sheet: Worksheet, row: int, action: PartnerAction, token: str) -> None:
    values: dict[str, Any] = {
        fmt.COL_REFERENCE: safe_text(action.reference),
        fmt.COL_DESCRIPTION: safe_text(action.description),
        fmt.COL_CASE: safe_text(action.case),
        fmt.COL_CONTACT: safe_text(action.contact),
        fmt.COL_DUE: action.due_date,
        fmt.COL_LAST_UPDATE: safe_text(action.last_update),
        fmt.COL_STATUS: action.status.label,
        fmt.COL_PROGRESS: None,
        fmt.COL_NEW_DUE: None,
        fmt.COL_ACTION_ID: action.action_id,
        fmt.COL_VERSION: action.version,
    }
    protected = [values[name] or None for name in fmt.PROTECTED_VALUE_COLUMNS]
    values[fmt.COL_CHECK] = fmt.row_digest(token, action.action_id, action.version, protected)
    for column, name in enumerate(fmt.COLUMNS, start=1):
        cell = sheet.cell(row=row, column=column)
        value = values[name]
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        cell.font = TEXT_FONT
        cell.border = CELL_BORDER
        cell.alignment = WRAP if name in WRAP_COLUMNS else TOP
        if name in DATE_COLUMNS:
            cell.number_format = DATE_FORMAT
        if name in fmt.OPEN_COLUMNS:
            cell.protection = UNLOCKED
            cell.fill = OPEN_FILL
    sheet.row_dimensions[row].height = _row_height(values)


def _row_height(values: dict[str, Any]) -> float:
    """Tall enough for the longest wrapped text (Excel does not grow rows of a protected sheet)."""
    lines = MIN_LINES_OPEN
    for name in WRAP_COLUMNS:
        text = values.get(name)
        if isinstance(text, str) and text:
            lines = max(lines, _lines(text, WIDTHS[name]))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


def _lines(text: str, width: int) -> int:
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _validations(sheet: Worksheet, first: int, last: int) -> None:
    status = get_column_letter(column_index(fmt.COL_STATUS))
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(fmt.STATUS_CHOICES) + '"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the drop-down arrow
        showErrorMessage=True,
        errorTitle="Status",
        error="Kies een status uit de lijst: " + ", ".join(fmt.STATUS_CHOICES) + ".",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Kies de stand van zaken uit de lijst.",
    )
    choices.add(f"{status}{first}:{status}{last}")
    new_due = get_column_letter(column_index(fmt.COL_NEW_DUE))
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=str(FIRST_DATE_SERIAL),
        formula2=str(LAST_DATE_SERIAL),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Nieuwe deadline",
        error="Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-01-2027.",
        showInputMessage=True,
        promptTitle="Nieuwe deadline",
        prompt="Alleen bij uitstel: de nieuwe datum (dd-mm-jjjj).",
    )
    dates.add(f"{new_due}{first}:{new_due}{last}")
    sheet.add_data_validation(choices)
    sheet.add_data_validation(dates)


def _protect(sheet: Worksheet) -> None:
    """Sheet protection without a password; rows and columns may still be resized."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatRows = False
    protection.formatColumns = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _print_setup(sheet: Worksheet, data: PartnerWorkbook) -> None:
    _protect(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{fmt.HEADER_ROW}:{fmt.HEADER_ROW}"
    last = get_column_letter(column_index(fmt.COL_NEW_DUE))
    sheet.print_area = f"A1:{last}{max(sheet.max_row, fmt.HEADER_ROW + 1)}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddHeader.left.text = safe_text(data.organisation)[:80].replace("&", "&&")
    sheet.oddHeader.right.text = TITLES[data.kind]
    sheet.oddFooter.left.text = f"Verstuurd op {short_date(data.sent_on)}"
    sheet.oddFooter.right.text = "Pagina &P van &N"


def meta_values(data: PartnerWorkbook) -> dict[str, object]:
    """The meta sheet's pairs before the digest, as written."""
    return {
        fmt.META_FORMAT: fmt.FORMAT_NAME,
        fmt.META_VERSION: fmt.FORMAT_VERSION,
        fmt.META_TOKEN: data.token,
        fmt.META_ORGANISATION_ID: data.organisation_id,
        fmt.META_ORGANISATION: safe_text(data.organisation),
        fmt.META_SENT_ON: data.sent_on.isoformat(),
    }


def _meta_sheet(sheet: Worksheet, data: PartnerWorkbook) -> None:
    values = meta_values(data)
    values[fmt.META_DIGEST] = fmt.meta_digest(values)
    for row, (key, value) in enumerate(values.items(), start=1):
        set_text(sheet.cell(row=row, column=1), key)
        if isinstance(value, str):
            set_text(sheet.cell(row=row, column=2), value)
        else:
            sheet.cell(row=row, column=2).value = value
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


__all__ = ["build_partner_workbook", "meta_values", "write_partner_workbook"]
