"""Reading a workbook an organisation sent back (the layout of ``workbook_format``), without the
database: the meta sheet's values and, per table row, the hidden id/version/check, the protected
values as they are now and what the partner put in the open columns.

Anything that makes the file unusable as a whole — not an ``.xlsx``, damaged, too large, not our
format, a newer format, meta values that do not match their check, columns changed — raises
``WorkbookRefused`` with a Dutch message; the caller then writes nothing for that file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wiec_desktop.services.followup import workbook_format as fmt

MAX_FILE_BYTES = 16 * 1024 * 1024  # one organisation's actions: a few dozen kB
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 5_000
MAX_META_ROWS = 50


class WorkbookRefused(Exception):
    """The file cannot be taken in at all; ``message`` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReturnedRow:
    """One table row as found (``sheet_row``: the row number Excel shows)."""

    sheet_row: int
    action_id: int | None  # None: the hidden cell is empty or no whole number
    version: int | None
    check: str
    protected: tuple[Any, ...]  # the cells of ``PROTECTED_VALUE_COLUMNS``, in that order
    status_text: str
    progress: str
    new_due: Any  # the cell as read: a date, text typed as a date, a number, or None


@dataclass(frozen=True)
class ReturnedWorkbook:
    """A returned workbook whose format and meta check are right (the database is not asked yet)."""

    path: Path
    token: str
    organisation_id: int
    organisation: str
    rows: tuple[ReturnedRow, ...]


NOT_OURS = (
    "Dit is geen actielijst die met WIEC Desktop is verstuurd. Lees alleen de werkmap in die de "
    "organisatie met haar acties heeft ontvangen en teruggestuurd."
)


def read_returned_workbook(path: Path) -> ReturnedWorkbook:
    """The verified contents of ``path``; raises ``WorkbookRefused``."""
    if path.suffix.lower() != ".xlsx":
        hint = " Sla een .xls-bestand in Excel op als .xlsx." if path.suffix.lower() == ".xls" else ""
        raise WorkbookRefused(
            "Alleen Excel-werkmappen (.xlsx) die met WIEC Desktop zijn verstuurd kunnen worden ingelezen."
            + hint
        )
    workbook = _open(path)
    try:
        if fmt.META_SHEET not in workbook.sheetnames or fmt.ACTIONS_SHEET not in workbook.sheetnames:
            raise WorkbookRefused(NOT_OURS)
        meta = _meta(workbook[fmt.META_SHEET])
        rows = _rows(workbook[fmt.ACTIONS_SHEET])
    finally:
        workbook.close()
    if str(meta.get(fmt.META_FORMAT) or "").strip() != fmt.FORMAT_NAME:
        raise WorkbookRefused(NOT_OURS)
    version = _whole_number(meta.get(fmt.META_VERSION))
    if version is None:
        raise WorkbookRefused(NOT_OURS)
    if version > fmt.FORMAT_VERSION:
        raise WorkbookRefused(
            "Deze actielijst is gemaakt met een nieuwere versie van WIEC Desktop. Werk het programma bij "
            "en lees het bestand opnieuw in."
        )
    if str(meta.get(fmt.META_DIGEST) or "").strip() != fmt.meta_digest(meta):
        raise WorkbookRefused(
            "De verborgen gegevens van deze actielijst zijn gewijzigd, dus de antwoorden kunnen niet "
            "veilig aan de acties worden gekoppeld. Vraag de organisatie om de ontvangen werkmap in te "
            "vullen zonder het verborgen blad te wijzigen."
        )
    token = str(meta.get(fmt.META_TOKEN) or "").strip()
    organisation_id = _whole_number(meta.get(fmt.META_ORGANISATION_ID))
    if not token or organisation_id is None:
        raise WorkbookRefused(NOT_OURS)
    return ReturnedWorkbook(
        path=path,
        token=token,
        organisation_id=organisation_id,
        organisation=str(meta.get(fmt.META_ORGANISATION) or "").strip(),
        rows=rows,
    )


def _open(path: Path) -> Any:
    import openpyxl

    try:
        size = path.stat().st_size
    except OSError as error:
        raise WorkbookRefused(f"Het bestand kan niet worden gelezen ({error.strerror or error}).") from error
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused("Het bestand is te groot voor een actielijst van één organisatie.")
    damaged = WorkbookRefused(
        "Het bestand is beschadigd of geen Excel-werkmap (.xlsx). Vraag de organisatie het opnieuw "
        "op te slaan en te sturen."
    )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise damaged from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRefused("Het bestand is uitgepakt te groot voor een actielijst van één organisatie.")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise damaged from error


def _meta(sheet: Any) -> dict[str, object]:
    values: dict[str, object] = {}
    for cells in sheet.iter_rows(min_row=1, max_row=MAX_META_ROWS, max_col=2, values_only=True):
        key = cells[0] if cells else None
        if key is None or str(key).strip() == "":
            break
        values[str(key).strip()] = cells[1] if len(cells) > 1 else None
    return values


def _rows(sheet: Any) -> tuple[ReturnedRow, ...]:
    header: dict[str, int] = {}
    rows: list[ReturnedRow] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=fmt.HEADER_ROW, values_only=True), fmt.HEADER_ROW):
        if number == fmt.HEADER_ROW:
            header = {str(cell).strip(): index for index, cell in enumerate(cells) if cell is not None}
            if any(name not in header for name in fmt.COLUMNS):
                raise WorkbookRefused(
                    "De kolommen van de actielijst zijn gewijzigd (kolommen verplaatst, verwijderd of "
                    "hernoemd). Vraag de organisatie de ontvangen werkmap in te vullen zoals hij is."
                )
            continue
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookRefused("De actielijst heeft te veel regels voor de acties van één organisatie.")

        def cell(name: str, cells: tuple[Any, ...] = cells, header: dict[str, int] = header) -> Any:
            index = header[name]
            return cells[index] if index < len(cells) else None

        rows.append(
            ReturnedRow(
                sheet_row=number,
                action_id=_whole_number(cell(fmt.COL_ACTION_ID)),
                version=_whole_number(cell(fmt.COL_VERSION)),
                check=str(cell(fmt.COL_CHECK) or "").strip(),
                protected=tuple(cell(name) for name in fmt.PROTECTED_VALUE_COLUMNS),
                status_text=_text(cell(fmt.COL_STATUS)),
                progress=_text(cell(fmt.COL_PROGRESS)),
                new_due=cell(fmt.COL_NEW_DUE),
            )
        )
    if not header:
        raise WorkbookRefused(NOT_OURS)
    return tuple(rows)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _whole_number(value: object) -> int | None:
    """An id, version or count as written: an int (or a float/text holding one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
