"""What every Excel export needs: text that openpyxl accepts and Excel never runs, and safe saving.

- ``safe_text`` removes the characters that cannot be stored in a workbook: the control characters
  openpyxl refuses on assignment (``ILLEGAL_CHARACTERS_RE``: ``\\x00``–``\\x08``, ``\\x0b``,
  ``\\x0c``, ``\\x0e``–``\\x1f``) and those that only fail when the file is written (``\\ufffe``,
  ``\\uffff`` and lone surrogates). Tabs, line breaks, accents and emoji are kept. Text longer than
  an Excel cell holds is cut off with "…".
- ``set_text`` / ``text_cell`` write a value as **text**: openpyxl stores any string starting with
  ``=`` as a formula, and Excel treats ``+``, ``-`` and ``@`` as the start of one when a cell is
  edited. Such cells get ``data_type = "s"`` and the quote prefix (Excel shows the text, and keeps it
  text when the cell is edited): an organisation called ``=HYPERLINK(…)`` or a phone number
  ``+31 6 …`` stays exactly that.
- ``atomic_save`` writes the workbook to a temporary file next to the target and renames it over the
  target only when it is complete: the target is never half written, an existing file is replaced
  only by a complete one, and the temporary file is removed when anything fails.

Pure functions, no Qt; import only from export code (openpyxl takes 0.16 s to import).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.cell import WriteOnlyCell as _WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook

from wiec_desktop.exports.protection import scrub_workbook, write_package
from wiec_desktop.services.privacy.redaction import INTERNAL_MARK

MAX_CELL_CHARS = 32767  # Excel's limit per cell
FORMULA_TRIGGERS = ("=", "+", "-", "@")
_UNWRITABLE_RE = re.compile("[\ufffe\uffff\ud800-\udfff]")


def safe_text(value: Any) -> str:
    """``value`` as text that a workbook can hold ('' for ``None``)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _UNWRITABLE_RE.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def set_text(cell: Cell, value: Any) -> Cell:
    """Put ``value`` in ``cell`` as text (never a formula; '' leaves the cell empty); returns the cell."""
    text = safe_text(value)
    if not text:
        cell.value = None
        return cell
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def text_cell(worksheet: Any, value: Any) -> _WriteOnlyCell:
    """A cell for a write-only worksheet holding ``value`` as text (never a formula)."""
    text = safe_text(value)
    cell = _WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def atomic_save(workbook: Workbook, target: Path, password: str | None = None) -> None:
    """Save ``workbook`` as ``target``, all or nothing (see ``wiec_desktop.atomic_file``), its
    personal document properties emptied first and encrypted with ``password`` when one is given.
    Raises ``OSError`` (e.g. the file is open in Excel on Windows, the disk is full) with the target
    untouched."""
    scrub_workbook(workbook)
    write_package(target, workbook.save, password)


# --- the intern variant -----------------------------------------------------------------------------

INTERNAL_FONT = Font(bold=True, color="B42318")


def mark_sheet_internal(sheet: Any) -> None:
    """ "Vertrouwelijk – intern" in the print header and footer of ``sheet`` (every printed page;
    set before a write-only sheet's first row)."""
    sheet.oddHeader.left.text = INTERNAL_MARK
    sheet.oddHeader.left.font = "-,Bold"
    sheet.oddFooter.center.text = INTERNAL_MARK


def internal_line(sheet: Any) -> _WriteOnlyCell:
    """The first line of a write-only sheet of the intern variant (a cell to append)."""
    cell = text_cell(sheet, INTERNAL_MARK)
    cell.font = INTERNAL_FONT
    return cell


def set_internal_line(sheet: Any) -> None:
    """The first line of an ordinary sheet of the intern variant (cell A1)."""
    set_text(sheet.cell(row=1, column=1), INTERNAL_MARK).font = INTERNAL_FONT


__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_CELL_CHARS",
    "atomic_save",
    "internal_line",
    "looks_like_formula",
    "mark_sheet_internal",
    "safe_text",
    "set_internal_line",
    "set_text",
    "text_cell",
]
