"""The audit log (logboek) as an Excel workbook (pure function, no Qt).

Sheet "Logboek": one row per entry (number, time, user, action, record type, id, description, hash),
newest first as in the viewer, header frozen and filtered. Sheet "Toelichting": when it was made,
the filter used and the chain's state ("keten intact" or where it breaks). Every text goes through
``xlsx.writer``; the file is written all or nothing with ``atomic_save``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wiec_desktop.exports.xlsx.writer import atomic_save, set_text
from wiec_desktop.services.audit_log import AuditEntry, ChainReport

SHEET_TITLE = "Logboek"
NOTES_TITLE = "Toelichting"
HEADERS = ("Nr.", "Tijdstip (UTC)", "Gebruiker", "Handeling", "Soort gegeven", "Id", "Omschrijving")
WIDTHS = (7, 18, 14, 18, 18, 8, 70)
HEADER_FILL = PatternFill("solid", fgColor="E9EDF2")
BROKEN_FONT = Font(color="B42318", bold=True)
TIME_FORMAT = "dd-mm-yyyy hh:mm:ss"


def build_audit_workbook(
    entries: Iterable[AuditEntry], chain: ChainReport, filter_lines: Iterable[tuple[str, str]] = ()
) -> tuple[Workbook, int]:
    """The workbook of ``entries`` (not yet saved) and the number of rows written."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    rows = _log_sheet(sheet, entries)
    _notes_sheet(workbook.create_sheet(NOTES_TITLE), chain, rows, filter_lines)
    properties = workbook.properties
    properties.title = SHEET_TITLE
    properties.subject = "Logboek van WIEC Desktop (alleen verwijzingen)"
    properties.creator = "WIEC Desktop"
    properties.lastModifiedBy = "WIEC Desktop"
    properties.created = datetime.now().replace(microsecond=0)
    return workbook, rows


def write_audit_xlsx(
    entries: Iterable[AuditEntry],
    chain: ChainReport,
    target: Path | str,
    filter_lines: Iterable[tuple[str, str]] = (),
) -> int:
    """Write the log to ``target`` (.xlsx), replacing it only with a complete file; the row count."""
    workbook, rows = build_audit_workbook(entries, chain, filter_lines)
    atomic_save(workbook, Path(target))
    return rows


def _log_sheet(sheet: Worksheet, entries: Iterable[AuditEntry]) -> int:
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = set_text(sheet.cell(row=1, column=column), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = 1
    for entry in entries:
        row += 1
        sheet.cell(row=row, column=1, value=entry.sequence)
        when = sheet.cell(row=row, column=2, value=entry.occurred_at.replace(microsecond=0))
        when.number_format = TIME_FORMAT
        set_text(sheet.cell(row=row, column=3), entry.actor)
        set_text(sheet.cell(row=row, column=4), entry.kind.label)
        set_text(sheet.cell(row=row, column=5), entry.entity_label)
        if entry.entity_id is not None:
            sheet.cell(row=row, column=6, value=entry.entity_id)
        detail = set_text(sheet.cell(row=row, column=7), entry.detail)
        detail.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(row, 1)}"
    return row - 1


def _notes_sheet(
    sheet: Worksheet, chain: ChainReport, rows: int, filter_lines: Iterable[tuple[str, str]]
) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 80
    lines: list[tuple[str, str]] = [
        ("Gemaakt op", datetime.now().strftime("%d-%m-%Y %H:%M")),
        ("Regels in dit bestand", str(rows)),
        *filter_lines,
    ]
    if chain.ok:
        lines.append(("Keten", f"intact ({chain.checked} regels gecontroleerd)"))
        lines.append(("Laatste hash", chain.head_hash))
    else:
        broken = chain.first_broken
        assert broken is not None
        lines.append(("Keten", f"gebroken bij regel {broken.sequence} ({broken.reason})"))
    lines.append(
        ("Let op", "Het logboek bevat alleen verwijzingen (soort gegeven en id), geen persoonsgegevens.")
    )
    for number, (label, value) in enumerate(lines, start=1):
        set_text(sheet.cell(row=number, column=1), label).font = Font(bold=True)
        cell = set_text(sheet.cell(row=number, column=2), value)
        if label == "Keten" and not chain.ok:
            cell.font = BROKEN_FONT
