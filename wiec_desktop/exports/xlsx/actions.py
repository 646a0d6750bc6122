"""The action list as an Excel workbook (pure function, no Qt).

Sheet "Actielijst": one row per action in a real Excel table (``Acties``: autofilter, banded rows)
starting at A1, the header row frozen and repeated on every printed page; dates are real dates
shown ``dd-mm-yyyy``; the status column has a drop-down list of the Dutch status labels; two
conditional-formatting rules colour a row red when its deadline has passed and amber when it falls
within the coming seven days — both use ``TODAY()``, so they stay true as the date moves and stop as
soon as the status is set to *Gereed* or *Vervallen*. Printed landscape, fitted to the page width,
with the title, "Vertrouwelijk" and "Pagina X van Y" in the header and footer.

Sheet "Per organisatie": a title, the scope and the reference day above a table (``PerOrganisatie``)
with per organisation the number of actions per status, those late on the reference day and the
total, then a totals line below the table.

An empty list still makes a valid workbook: Excel refuses a table without data rows, so the table
then holds one row saying "Geen acties in deze selectie." (and "Per organisatie" one row of zeros).

Built with a write-only (streaming) workbook, so 50,000 rows take seconds and little memory; the
sheets stream into hidden temporary files beside the target, never into the system's temporary
folder (the data is personal), and those are removed whatever happens. Every text goes through
``xlsx.writer`` (control characters removed; text that looks like a formula stays text, with the
quote prefix) and the file is written with ``atomic_save``.

Speed (``benchmarks/actions_benchmark.py``: 50,000 rows in about 1.1× the time of a bare openpyxl
write-only script writing the same values) rests on openpyxl 3.1 details, checked by the tests
when openpyxl is upgraded: a write-only sheet's ``_writer`` (set before the first row, to choose its
file), the cells' ``_style`` arrays (shared, never changed in place) and
``WriteOnlyWorksheet._values_to_row`` (replaced per sheet by ``_row_cells``; without it the export
is slower, not wrong).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus
from wiec_desktop.exports.xlsx.writer import (
    MAX_CELL_CHARS,
    atomic_save,
    internal_line,
    looks_like_formula,
    mark_sheet_internal,
    safe_text,
    text_cell,
)
from wiec_desktop.services.actions.action_list import ActionList, ActionListRow
from wiec_desktop.services.formatting import short_date

SHEET_TITLE = "Actielijst"
COUNTS_TITLE = "Per organisatie"
TABLE_NAME = "Acties"
COUNTS_TABLE_NAME = "PerOrganisatie"
HEADERS = (
    "Nummer", "Actie", "Organisatie", "Contactpersoon", "Casus", "Aangemaakt", "Deadline",
    "Status", "Gereed op", "Overleg", "Laatste voortgang", "Aandacht",
)  # fmt: skip
DATE_FORMAT = "dd-mm-yyyy"
FREEZE = "A2"
EMPTY_TEXT = "Geen acties in deze selectie."
OVERDUE_NOTE = "Te laat: nog open (Open of Loopt) en de deadline ligt vóór de peildatum."
DUE_SOON_DAYS = 7
STATUS_LABELS = tuple(status.label for status in ActionStatus)
FINISHED_LABELS = (ActionStatus.DONE.label, ActionStatus.CANCELLED.label)
OPEN_LABELS = tuple(status.label for status in OPEN_ACTION_STATUSES)

# 1-based columns of the action table
DUE_COLUMN = HEADERS.index("Deadline") + 1
STATUS_COLUMN = HEADERS.index("Status") + 1
DATE_COLUMNS = frozenset(
    HEADERS.index(name) + 1 for name in ("Aangemaakt", "Deadline", "Gereed op", "Overleg")
)
WRAPPED = ("Actie", "Casus", "Laatste voortgang", "Aandacht")
WRAP_COLUMNS = frozenset(HEADERS.index(name) + 1 for name in WRAPPED)
# (minimum, maximum) width in characters; dates and short codes fixed, names fitted to the data
WIDTHS = {"Nummer": (13, 13), "Actie": (60, 60), "Organisatie": (16, 40), "Contactpersoon": (16, 26),
          "Casus": (11, 40), "Aangemaakt": (14, 14), "Deadline": (13, 13), "Status": (11, 13),
          "Gereed op": (13, 13), "Overleg": (13, 13), "Laatste voortgang": (44, 44),
          "Aandacht": (12, 30)}  # fmt: skip
FILTER_BUTTON = 3  # characters taken by the autofilter button in a header cell

COUNT_HEADERS = ("Organisatie", *STATUS_LABELS, "Te laat", "Totaal")
COUNTS_FIRST_ROW = 6  # the counts table's header row (title, scope, reference day and a note above)

OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
OVERDUE_FONT = Font(color="9C0006")
DUE_SOON_FILL = PatternFill("solid", fgColor="FFEB9C")
DUE_SOON_FONT = Font(color="9C5700")
TABLE_STYLE = "TableStyleMedium2"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRED_TOP = Alignment(horizontal="center", vertical="top")
# Ordinary text is narrower than the "0" column widths count in: 1.12 characters per unit for
# Calibri on average (Dutch text, measured with its metric twin Carlito), more in LibreOffice's
# stand-in fonts. Lines are counted by wrapping at spaces, as Excel does.
CHARS_PER_WIDTH = 1.15
LINE_HEIGHT = 15.0  # points per line of 11-point Calibri
MAX_LINES = 27  # an Excel row is at most 409 points high: longer text is cut, with CUT_NOTE
CUT_NOTE = " … (zie verslag)"
BODY_FONT_NAME = "Calibri"  # the workbook's body font; a font without a name prints in a serif
# The header is styled on the cells too: LibreOffice does not draw Excel's table styles.
HEADER_FONT = Font(name=BODY_FONT_NAME, size=11, bold=True, color="1F3B57")
TITLE_FONT = Font(name=BODY_FONT_NAME, size=14, bold=True)
TOTAL_FONT = Font(name=BODY_FONT_NAME, size=11, bold=True)
ESCALATION_FONT = Font(name=BODY_FONT_NAME, size=11, bold=True, color="B42318")
HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")
HEADER_BORDER = Border(bottom=Side(style="thin", color="8596AA"))
MAX_HEADER_TEXT = 80  # an Excel header or footer holds at most 255 characters in all


def write_actions_xlsx(
    data: ActionList, target: Path, today: date, *, internal: bool = False, password: str | None = None
) -> Path:
    """Write ``data`` to ``target`` (.xlsx), replacing it only with a complete file; returns ``target``.
    ``internal``: the intern variant ("Vertrouwelijk – intern" in the header and footer and on the
    first line of both sheets, the tables one row lower); ``password``: encrypt the file with it.

    ``today`` is the day the file is made (footer and document properties); "te laat" in the
    counts is measured on ``data.generated_on``, the colours in Excel on the day it is opened.
    Nothing is written outside the target's folder: the sheets stream into hidden temporary files
    beside the target (openpyxl would use the system's temporary folder), removed in every case.
    """
    target = Path(target)
    streams = _Streams(target)
    try:
        workbook = _build_workbook(data, today, streams, internal=internal)
        atomic_save(workbook, target, password)
    finally:
        streams.discard()
    return target


def _build_workbook(data: ActionList, today: date, streams: _Streams, *, internal: bool = False) -> Workbook:
    """The workbook of ``data`` (write-only: it can be saved once)."""
    workbook = Workbook(write_only=True)
    streams.workbook = workbook
    _actions_sheet(workbook.create_sheet(SHEET_TITLE), data, today, streams, internal=internal)
    _counts_sheet(workbook.create_sheet(COUNTS_TITLE), data, streams, internal=internal)
    properties = workbook.properties
    properties.title = safe_text(data.title)
    properties.subject = safe_text(data.scope_description)
    properties.creator = "WIEC Desktop"
    properties.created = datetime.combine(today, datetime.min.time())
    return workbook


def _row_cells(sheet: Any) -> Callable[[Iterable[Any], int], Iterator[Cell]]:
    """openpyxl's ``WriteOnlyWorksheet._values_to_row`` without its detour for cells.

    openpyxl first tries to store every appended item as a value and only when that fails
    (a ``KeyError`` and a ``ValueError`` raised and caught) takes it as a cell; with the 300,000
    prepared cells of a 50,000-row list that detour is a fifth of the export's time. Same contract:
    yields the row's cells with their row and column set; plain values go through one reusable
    cell, renewed after a value that gave it a style.
    """

    def values_to_row(values: Iterable[Any], row_index: int) -> Iterator[Cell]:
        cell = WriteOnlyCell(sheet)
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                value.column, value.row = column, row_index
                if value.hyperlink is not None:
                    value.hyperlink.ref = value.coordinate
                yield value
                continue
            cell.value = value
            cell.column, cell.row = column, row_index
            yield cell
            if cell.has_style:
                cell = WriteOnlyCell(sheet)

    return values_to_row


class _SheetStream(WorksheetWriter):
    """openpyxl's sheet writer with its XML in a file we chose (removed by us if it is left)."""

    def cleanup(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.out)


class _Streams:
    """The temporary sheet files of one export, beside its target."""

    def __init__(self, target: Path) -> None:
        self.folder = target.parent
        self.prefix = f".{target.name}."
        self.paths: list[str] = []
        self.workbook: Workbook | None = None

    def start(self, sheet: Any) -> None:
        """Start writing ``sheet`` (call after its widths, panes and page setup: they come first)."""
        handle, path = tempfile.mkstemp(prefix=self.prefix, suffix=".xml.tmp", dir=self.folder)
        os.close(handle)
        self.paths.append(path)
        sheet._writer = _SheetStream(sheet, out=path)
        sheet._writer.write_top()
        if hasattr(type(sheet), "_values_to_row"):
            sheet._values_to_row = _row_cells(sheet)

    def discard(self) -> None:
        """Close sheets a failed save left open and remove what is left of the files."""
        for sheet in self.workbook.worksheets if self.workbook else ():
            if not sheet.closed and sheet._writer is not None:
                with contextlib.suppress(Exception):
                    sheet.close()
        for path in self.paths:
            with contextlib.suppress(OSError):
                os.remove(path)


# --- Actielijst ----------------------------------------------------------------------------------


def _actions_sheet(
    sheet: Any, data: ActionList, today: date, streams: _Streams, *, internal: bool = False
) -> None:
    rows = data.rows
    top = 2 if internal else 1  # the header row: below the mark in the intern variant
    last_row = top + max(1, len(rows))
    last_column = get_column_letter(len(HEADERS))
    body = f"A{top + 1}:{last_column}{last_row}"

    # Everything above the cells (widths, frozen pane, page setup) must be set before the first row.
    widths = _set_widths(sheet, rows)
    sheet.freeze_panes = FREEZE if top == 1 else f"A{top + 1}"
    _print_setup(sheet, data, today)
    if internal:
        sheet.print_title_rows = f"{top}:{top}"
        mark_sheet_internal(sheet)
    streams.start(sheet)

    if internal:
        sheet.append([internal_line(sheet)])
    sheet.append(_header_cells(sheet, HEADERS))
    if rows:
        cells = _Cells(sheet, first_row=top + 1, widths=widths)
        for row in rows:
            sheet.append(cells.row(row))
    else:
        sheet.append([None, text_cell(sheet, EMPTY_TEXT)])

    _add_table(sheet, TABLE_NAME, f"A{top}:{last_column}{last_row}", HEADERS)
    status = get_column_letter(STATUS_COLUMN)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Onbekende status",
        error="Kies een status uit de lijst: " + ", ".join(STATUS_LABELS) + ".",
        showInputMessage=False,
    )
    choices.add(f"{status}{top + 1}:{status}{last_row}")
    sheet.data_validations.append(choices)
    overdue, due_soon = row_colour_formulas(top + 1)
    sheet.conditional_formatting.add(
        body, FormulaRule(formula=[overdue], fill=OVERDUE_FILL, font=OVERDUE_FONT)
    )
    sheet.conditional_formatting.add(
        body, FormulaRule(formula=[due_soon], fill=DUE_SOON_FILL, font=DUE_SOON_FONT)
    )


def row_colour_formulas(first_row: int = 2) -> tuple[str, str]:
    """The conditional-formatting formulas for the first body row (Excel shifts them per row):
    overdue (red) and due within ``DUE_SOON_DAYS`` days (amber), both only while not finished."""
    due = f"${get_column_letter(DUE_COLUMN)}{first_row}"
    status = f"${get_column_letter(STATUS_COLUMN)}{first_row}"
    unfinished = ",".join(f'{status}<>"{label}"' for label in FINISHED_LABELS)
    overdue = f'AND({due}<>"",{due}<TODAY(),{unfinished})'
    due_soon = f'AND({due}<>"",{due}>=TODAY(),{due}<=TODAY()+{DUE_SOON_DAYS},{unfinished})'
    return overdue, due_soon


class _StreamCell(Cell):
    """A cell handed to a write-only row. A write-only sheet first tries to store whatever it is
    given as a value and, when that fails, uses it as a cell: the failure formats the cell's
    ``repr``, which for 200,000 cells costs a tenth of the whole export; this ``repr`` is cheap."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<StreamCell>"


class _Cells:
    """Turns rows into cells fast: plain values where openpyxl keeps them as they are, prepared
    cells for dates (one number format) and for text that wraps or needs the quote prefix.

    A write-only sheet writes a row out completely while it is appended, so one prepared cell per
    column serves every row: only its value changes. Its style (indexes into the workbook's style
    tables, registered once here) is assigned whole, never changed in place.

    A row whose wrapped texts take more than one line gets its height set (Excel and LibreOffice
    do not grow it when they open the file) and all its cells aligned to the top; a description or
    note longer than the tallest row holds is cut at a word, ending in ``CUT_NOTE``.
    """

    def __init__(self, sheet: Any, first_row: int, widths: dict[str, float]) -> None:
        self.sheet = sheet
        self.row_number = first_row
        self.date_style = _style_of(WriteOnlyCell(sheet), number_format=DATE_FORMAT, alignment=CENTRED_TOP)
        self.wrap_style = _style_of(WriteOnlyCell(sheet), alignment=WRAP)
        self.quoted_wrap_style = _style_of(WriteOnlyCell(sheet), alignment=WRAP, quotePrefix=True)
        self.top_style = _style_of(WriteOnlyCell(sheet), alignment=TOP)
        self.quoted_top_style = _style_of(WriteOnlyCell(sheet), alignment=TOP, quotePrefix=True)
        self.escalation_style = _style_of(WriteOnlyCell(sheet), alignment=WRAP, font=ESCALATION_FONT)
        self.dates = [self._cell(self.date_style) for _column in range(4)]
        self.texts = [self._cell(self.wrap_style) for _column in range(4)]
        self.tops = [self._cell(self.top_style) for _column in range(4)]
        self.heights: dict[int, RowDimension] = {}
        self.description_chars, self.case_chars, self.note_chars, self.escalation_chars = (
            max(1, int(widths[name] * CHARS_PER_WIDTH)) for name in WRAPPED
        )

    def _height(self, lines: int) -> RowDimension:
        """One row dimension per height, shared by the rows of that height (only read when
        the row is written)."""
        dimension = self.heights.get(lines)
        if dimension is None:
            dimension = self.heights[lines] = RowDimension(self.sheet, ht=LINE_HEIGHT * lines)
        return dimension

    def _cell(self, style: Any) -> _StreamCell:
        cell = _StreamCell(self.sheet, 1, 1)
        cell._style = style
        return cell

    def row(self, row: ActionListRow) -> list[Any]:
        created, due, completed, meeting = self.dates
        description_cell, case_cell, note_cell, escalation_cell = self.texts
        description, description_lines = fitted_text(row.description, self.description_chars)
        note, note_lines = fitted_text(row.last_update_note, self.note_chars)
        case = case_text(row)
        escalation = fast_safe_text(row.escalation)
        lines = max(
            description_lines,
            note_lines,
            wrapped_lines(case, self.case_chars),
            wrapped_lines(escalation, self.escalation_chars),
        )
        number = self.row_number
        self.row_number += 1
        if lines > 1:
            self.sheet.row_dimensions[number] = self._height(min(lines, MAX_LINES))
            return self.tall_row(row, description, note, case, escalation)
        return [
            row.reference,
            self.wrapped(description_cell, description),
            text_value(self.sheet, row.owner_organisation),
            text_value(self.sheet, row.contact),
            self.wrapped(case_cell, case),
            _date(created, row.created_on),
            _date(due, row.due_date),
            row.status.label,
            _date(completed, row.completed_on),
            _date(meeting, row.meeting_date),
            self.wrapped(note_cell, note),
            self.wrapped(escalation_cell, escalation, self.escalation_style),
        ]

    def tall_row(
        self, row: ActionListRow, description: str, note: str, case: str, escalation: str
    ) -> list[Any]:
        """A row of several lines: every cell aligned to the top."""
        created, due, completed, meeting = self.dates
        description_cell, case_cell, note_cell, escalation_cell = self.texts
        reference, organisation, contact, status = self.tops
        return [
            self.top_text(reference, row.reference),
            self.wrapped(description_cell, description),
            self.top_text(organisation, row.owner_organisation),
            self.top_text(contact, row.contact),
            self.wrapped(case_cell, case),
            _date(created, row.created_on),
            _date(due, row.due_date),
            self.top_text(status, row.status.label),
            _date(completed, row.completed_on),
            _date(meeting, row.meeting_date),
            self.wrapped(note_cell, note),
            self.wrapped(escalation_cell, escalation, self.escalation_style),
        ]

    def wrapped(self, cell: _StreamCell, text: str, style: Any = None) -> _StreamCell | None:
        """Safe text, wrapped, always text (as ``writer.text_cell``: quote prefix when it
        looks like a formula)."""
        if not text:
            return None
        if looks_like_formula(text):
            cell._style = self.quoted_wrap_style
        else:
            cell._style = self.wrap_style if style is None else style
        cell.value = text
        cell.data_type = "s"
        return cell

    def top_text(self, cell: _StreamCell, value: str) -> _StreamCell | None:
        """Safe text aligned to the top, always text."""
        text = fast_safe_text(value)
        if not text:
            return None
        cell._style = self.quoted_top_style if looks_like_formula(text) else self.top_style
        cell.value = text
        cell.data_type = "s"
        return cell


def case_text(row: ActionListRow) -> str:
    """The "Casus" cell: the case's number and title ("2026-005 Speeltuin …"), '' without a case."""
    if not row.case_reference:
        return ""
    if not row.case_title:
        return row.case_reference
    return fast_safe_text(f"{row.case_reference} {row.case_title}")


_WORDS = re.compile(r"\n|[^ \n]+")


def wrapped_lines(text: str, per_line: int) -> int:
    """About how many lines ``text`` takes in a wrapped column of ``per_line`` characters
    (wrapped at spaces as Excel does; a word longer than a line is broken)."""
    if len(text) <= per_line and "\n" not in text:
        return 1
    return _wrap(text, per_line)[0]


def _wrap(text: str, per_line: int, max_lines: int | None = None) -> tuple[int, int | None]:
    """(lines, offset): the lines ``text`` takes; with ``max_lines``, counting stops at the first word
    (or line break) that would go beyond line ``max_lines`` and ``offset`` is where it starts."""
    lines, column = 1, 0  # column: the characters on the current line
    for match in _WORDS.finditer(text):
        word = match.group()
        if word == "\n":
            lines, column = lines + 1, 0
        elif column and column + 1 + len(word) <= per_line:
            column += 1 + len(word)
        else:
            if column:
                lines += 1  # the word goes to the next line
            extra, column = divmod(len(word), per_line)  # a word longer than a line is broken
            if column == 0:
                extra, column = extra - 1, per_line
            lines += extra
        if max_lines is not None and lines > max_lines:
            return lines, match.start()
    return lines, None


def fitted_text(value: str, per_line: int) -> tuple[str, int]:
    """``value`` as safe text that fits the tallest row (cut at a word, ``CUT_NOTE`` added, when it
    does not) and the lines it takes in a column of ``per_line`` characters."""
    text = fast_safe_text(value)
    if len(text) <= per_line and "\n" not in text:
        return text, 1
    lines, cut = _wrap(text, per_line, MAX_LINES)
    if cut is None:
        return text, lines
    kept = text[:cut].rstrip()
    while True:
        kept = kept[: max(0, len(kept) - len(CUT_NOTE))]  # room for the note on the last line
        space = max(kept.rfind(" "), kept.rfind("\n"))
        kept = kept[:space].rstrip() if space > 0 else kept
        shortened = kept + CUT_NOTE
        lines, over = _wrap(shortened, per_line, MAX_LINES)
        if over is None:
            return shortened, lines


def _date(cell: _StreamCell, value: date | None) -> _StreamCell | None:
    if value is None:
        return None
    cell.value = value  # the cell has a date format already: assigning a date keeps it
    return cell


def fast_safe_text(value: str) -> str:
    """``writer.safe_text`` without its two searches for the common case: printable text
    (``str.isprintable`` is false for every character ``safe_text`` removes) of a length a cell holds."""
    if value.isprintable() and len(value) <= MAX_CELL_CHARS:
        return value
    return safe_text(value)


def _style_of(cell: Any, **attributes: Any) -> Any:
    for name, value in attributes.items():
        setattr(cell, name, value)
    return cell._style


def text_value(sheet: Any, value: str) -> Any:
    """``value`` for a write-only row as safe text: a plain string when openpyxl stores it as text
    anyway, a text cell (quote prefix) when it would become a formula or an error value."""
    text = fast_safe_text(value)
    if not text:
        return None
    if looks_like_formula(text) or text in ERROR_CODES:
        return text_cell(sheet, text)
    return text


def _header_cells(sheet: Any, headers: tuple[str, ...]) -> list[Any]:
    cells = [text_cell(sheet, header) for header in headers]
    for cell in cells:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
    return cells


def _set_widths(sheet: Any, rows: tuple[ActionListRow, ...]) -> dict[str, float]:
    """Sets the column widths (fixed, or fitted to the longest value within bounds); returns them."""
    values: dict[str, set[str]] = {
        "Organisatie": {row.owner_organisation for row in rows},
        "Contactpersoon": {row.contact for row in rows},
        "Casus": {case_text(row) for row in rows if row.case_reference},
        "Aandacht": {row.escalation for row in rows},
    }
    widths: dict[str, float] = {}
    for number, header in enumerate(HEADERS, start=1):
        low, high = WIDTHS[header]
        longest = max((len(value) for value in values.get(header, ())), default=0)
        wanted = max(len(header) + FILTER_BUTTON, longest + 2)
        widths[header] = min(high, max(low, wanted))
        sheet.column_dimensions[get_column_letter(number)].width = widths[header]
    return widths


def _print_setup(sheet: Any, data: ActionList, today: date) -> None:
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.gridLines = False
    header = sheet.oddHeader
    header.left.text = "Vertrouwelijk"
    header.center.text = _header_text(data.title)
    header.center.font = "-,Bold"
    header.right.text = _header_text(data.scope_description)
    footer = sheet.oddFooter
    footer.left.text = f"Gemaakt op {short_date(today)}"
    footer.right.text = "Pagina &P van &N"


def _header_text(text: str) -> str:
    """Text for a print header: safe, on one line, short, and its ``&`` not read as a code."""
    cleaned = " ".join(safe_text(text).split())
    escaped = cleaned.replace("&", "&&")
    if len(escaped) > MAX_HEADER_TEXT:
        cut = cleaned[: MAX_HEADER_TEXT - 1]
        while len(cut.replace("&", "&&")) > MAX_HEADER_TEXT - 1:
            cut = cut[:-1]
        escaped = cut.replace("&", "&&") + "…"
    return escaped


def _add_table(sheet: Any, name: str, ref: str, headers: tuple[str, ...]) -> None:
    """A styled table over ``ref``; a write-only sheet cannot read its header cells back, so the
    column names are given (they must equal the header cells)."""
    table = Table(displayName=name, name=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name=TABLE_STYLE,
        showRowStripes=True,
        showColumnStripes=False,
        showFirstColumn=False,
        showLastColumn=False,
    )
    table._initialise_columns()  # one TableColumn per column and the autofilter over ``ref``
    for column, header in zip(table.tableColumns, headers, strict=True):
        column.name = header
    sheet.tables.add(table)  # not ``add_table``: that only warns that write-only needs the names


# --- Per organisatie -----------------------------------------------------------------------------


def _counts_sheet(sheet: Any, data: ActionList, streams: _Streams, *, internal: bool = False) -> None:
    first_row = COUNTS_FIRST_ROW + (1 if internal else 0)
    reference_row = first_row - 3  # "Peildatum" and the day, in column B
    counts = data.per_organisation
    widths = [max(24, min(48, max((len(c.organisation) for c in counts), default=0) + 2))]
    widths += [max(12, len(header) + FILTER_BUTTON + 1) for header in COUNT_HEADERS[1:]]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"A{first_row + 1}"
    sheet.print_title_rows = f"{first_row}:{first_row}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.left.text = "Vertrouwelijk"
    sheet.oddHeader.center.text = _header_text(data.title)
    sheet.oddFooter.right.text = "Pagina &P van &N"
    if internal:
        mark_sheet_internal(sheet)

    title = text_cell(sheet, f"{data.title} – per organisatie")
    title.font = TITLE_FONT
    streams.start(sheet)
    if internal:
        sheet.append([internal_line(sheet)])
    sheet.append([title])
    sheet.append([text_cell(sheet, data.scope_description)])
    reference_day = WriteOnlyCell(sheet, value=data.generated_on)
    reference_day.number_format = DATE_FORMAT
    reference_day.alignment = Alignment(horizontal="left")
    sheet.append([text_cell(sheet, "Peildatum"), reference_day])
    sheet.append([text_cell(sheet, OVERDUE_NOTE)])
    sheet.append([])
    sheet.append(_header_cells(sheet, COUNT_HEADERS))
    if counts:
        for number, count in enumerate(counts, start=first_row + 1):
            name = safe_text(count.organisation)
            sheet.append(
                [text_value(sheet, count.organisation), *count_formulas(name, number, reference_row)]
            )
        last_row = first_row + len(counts)
        totals: list[Any] = [
            f"=SUM({column}{first_row + 1}:{column}{last_row})"
            for column in (get_column_letter(n) for n in range(2, len(COUNT_HEADERS) + 1))
        ]
    else:  # no actions, nothing to count: one row of zeros
        sheet.append([text_value(sheet, "Geen acties"), *[0] * (len(COUNT_HEADERS) - 1)])
        last_row = first_row + 1
        totals = [0] * (len(COUNT_HEADERS) - 1)
    total_cells = [text_cell(sheet, "Totaal")] + [WriteOnlyCell(sheet, value=value) for value in totals]
    for cell in total_cells:
        cell.font = TOTAL_FONT
    sheet.append(total_cells)
    ref = f"A{first_row}:{get_column_letter(len(COUNT_HEADERS))}{last_row}"
    _add_table(sheet, COUNTS_TABLE_NAME, ref, COUNT_HEADERS)


_WILDCARDS = str.maketrans({"~": "~~", "*": "~*", "?": "~?"})


def count_formulas(organisation: str, row_number: int, reference_row: int) -> list[str]:
    """The formulas of one line of "Per organisatie" (row ``row_number``, the organisation's name in
    column A): per status, late on the day in ``B{reference_row}``, and the total — ``COUNTIFS`` over
    the columns of the ``Acties`` table, so they follow a status changed in the list.

    The name is compared whole ("=" first: a name starting with "<" or "=" is no operator); a name
    with ``*``, ``?`` or ``~`` (wildcards in a criterion) is written into the formula escaped."""
    if organisation.translate(_WILDCARDS) == organisation:
        criterion = f'"="&$A{row_number}'
    else:
        escaped = organisation.translate(_WILDCARDS).replace('"', '""')
        criterion = f'"={escaped}"'
    owner = f"{TABLE_NAME}[Organisatie],{criterion}"
    status = f"{TABLE_NAME}[Status]"
    by_status = [f'=COUNTIFS({owner},{status},"{label}")' for label in STATUS_LABELS]
    late_before = f'{TABLE_NAME}[Deadline],"<"&$B${reference_row}'
    late = "=" + "+".join(f'COUNTIFS({owner},{late_before},{status},"{label}")' for label in OPEN_LABELS)
    return [*by_status, late, f"=COUNTIFS({owner})"]
