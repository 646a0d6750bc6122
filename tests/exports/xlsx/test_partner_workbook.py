"""The partner workbook (issue 15): the layout of ``services/followup/workbook_format.py``, reopened
with openpyxl as the reader will, and printed through LibreOffice as a partner prints it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from wiec_desktop.domain.enums import ActionStatus, DispatchKind
from wiec_desktop.exports.xlsx.partner_workbook import column_index, write_partner_workbook
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.partner_actions import PartnerAction, PartnerWorkbook

TOKEN = "0123456789abcdef0123456789abcdef"


def action(number: int, **changes: object) -> PartnerAction:
    values: dict[str, object] = dict(
        action_id=100 + number,
        version=number,
        reference=f"A-2026-{number:03d}",
        description=f"Zwerfvuil bij speeltuin {number} laten ruimen en bewoners informeren.",
        case="2026-014 Overlast Hoefkade",
        contact="Fatima Amrani",
        due_date=date(2026, 12, number),
        status=ActionStatus.OPEN if number % 2 else ActionStatus.IN_PROGRESS,
        last_update="Gesprek met de beheerder gehad." if number % 3 else "",
    )
    values.update(changes)
    return PartnerAction(**values)  # type: ignore[arg-type]


def workbook_data(*actions: PartnerAction, kind: DispatchKind = DispatchKind.ACTIONS) -> PartnerWorkbook:
    return PartnerWorkbook(
        token=TOKEN,
        organisation_id=7,
        organisation="Stadsdeel Escamp",
        kind=kind,
        sent_on=date(2026, 11, 10),
        next_meeting="dinsdag 24 november 2026 om 14:00 uur, Wijkcentrum De Dreef",
        actions=actions,
    )


@pytest.fixture
def written(tmp_path: Path) -> Path:
    data = workbook_data(action(1), action(2), action(3, case="", contact="", due_date=None))
    return write_partner_workbook(data, tmp_path / "acties.xlsx")


def header_map(sheet: object) -> dict[str, int]:
    row = next(sheet.iter_rows(min_row=fmt.HEADER_ROW, max_row=fmt.HEADER_ROW, values_only=True))  # type: ignore[attr-defined]
    return {name: index for index, name in enumerate(row, start=1) if name}


def test_the_table_has_the_contract_columns_from_the_header_row(written: Path) -> None:
    sheet = load_workbook(written)[fmt.ACTIONS_SHEET]
    assert list(header_map(sheet)) == list(fmt.COLUMNS)
    assert "Stadsdeel Escamp" in str(sheet["A1"].value)
    assert "24 november 2026" in str(sheet["A3"].value)
    rows = list(sheet.iter_rows(min_row=fmt.HEADER_ROW + 1, values_only=True))
    assert [row[0] for row in rows] == ["A-2026-001", "A-2026-002", "A-2026-003"]
    first = dict(zip(fmt.COLUMNS, rows[0], strict=True))
    assert first[fmt.COL_STATUS] == "Open" and rows[1][column_index(fmt.COL_STATUS) - 1] == "Loopt"
    assert first[fmt.COL_PROGRESS] is None and first[fmt.COL_NEW_DUE] is None
    assert first[fmt.COL_DUE].date() == date(2026, 12, 1)
    assert first[fmt.COL_ACTION_ID] == 101 and first[fmt.COL_VERSION] == 1
    assert sheet.cell(fmt.HEADER_ROW + 1, column_index(fmt.COL_DUE)).number_format == "dd-mm-yyyy"
    assert sheet.cell(fmt.HEADER_ROW + 1, column_index(fmt.COL_NEW_DUE)).number_format == "dd-mm-yyyy"


def test_only_the_open_columns_are_unlocked_and_the_sheet_is_protected_without_password(
    written: Path,
) -> None:
    sheet = load_workbook(written)[fmt.ACTIONS_SHEET]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    for row in range(fmt.HEADER_ROW + 1, fmt.HEADER_ROW + 4):
        unlocked = {name for name in fmt.COLUMNS if not sheet.cell(row, column_index(name)).protection.locked}
        assert unlocked == set(fmt.OPEN_COLUMNS)
    assert sheet.cell(1, 1).protection.locked and sheet.cell(fmt.HEADER_ROW, 1).protection.locked


def test_status_has_a_drop_down_and_the_new_deadline_a_date_validation(written: Path) -> None:
    sheet = load_workbook(written)[fmt.ACTIONS_SHEET]
    validations = sheet.data_validations.dataValidation
    by_type = {v.type: v for v in validations}
    status = get_column_letter(column_index(fmt.COL_STATUS))
    new_due = get_column_letter(column_index(fmt.COL_NEW_DUE))
    first, last = fmt.HEADER_ROW + 1, fmt.HEADER_ROW + 3
    assert str(by_type["list"].sqref) == f"{status}{first}:{status}{last}"
    assert by_type["list"].formula1 == '"' + ",".join(fmt.STATUS_CHOICES) + '"'
    assert by_type["list"].showErrorMessage
    assert str(by_type["date"].sqref) == f"{new_due}{first}:{new_due}{last}"
    assert by_type["date"].showErrorMessage


def test_reference_version_and_check_columns_are_hidden_and_the_digest_matches(written: Path) -> None:
    sheet = load_workbook(written)[fmt.ACTIONS_SHEET]
    for name in fmt.COLUMNS:
        hidden = sheet.column_dimensions[get_column_letter(column_index(name))].hidden
        assert hidden == (name in fmt.HIDDEN_COLUMNS), name
    for cells in sheet.iter_rows(min_row=fmt.HEADER_ROW + 1, values_only=True):
        row = dict(zip(fmt.COLUMNS, cells, strict=True))
        protected = [row[name] for name in fmt.PROTECTED_VALUE_COLUMNS]
        expected = fmt.row_digest(TOKEN, row[fmt.COL_ACTION_ID], row[fmt.COL_VERSION], protected)
        assert row[fmt.COL_CHECK] == expected
        changed = [*protected[:1], "iets anders", *protected[2:]]
        assert fmt.row_digest(TOKEN, row[fmt.COL_ACTION_ID], row[fmt.COL_VERSION], changed) != expected


def test_the_meta_sheet_is_very_hidden_and_carries_token_and_digest(written: Path) -> None:
    book = load_workbook(written)
    meta = book[fmt.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values[fmt.META_FORMAT] == fmt.FORMAT_NAME
    assert values[fmt.META_VERSION] == fmt.FORMAT_VERSION
    assert values[fmt.META_TOKEN] == TOKEN
    assert values[fmt.META_ORGANISATION_ID] == 7
    assert values[fmt.META_ORGANISATION] == "Stadsdeel Escamp"
    assert values[fmt.META_SENT_ON] == "2026-11-10"
    assert values[fmt.META_DIGEST] == fmt.meta_digest(values)
    assert book.active.title == fmt.ACTIONS_SHEET


def test_texts_that_look_like_formulas_stay_text_and_control_characters_go(tmp_path: Path) -> None:
    hostile = action(1, description='=HYPERLINK("http://x")\x07 melding', contact="+31 6 1234")
    path = write_partner_workbook(workbook_data(hostile), tmp_path / "a.xlsx")
    sheet = load_workbook(path)[fmt.ACTIONS_SHEET]
    row = fmt.HEADER_ROW + 1
    description = sheet.cell(row, column_index(fmt.COL_DESCRIPTION))
    assert description.data_type == "s" and description.value == '=HYPERLINK("http://x") melding'
    assert sheet.cell(row, column_index(fmt.COL_CONTACT)).value == "+31 6 1234"
    cells = [sheet.cell(row, column_index(name)).value for name in fmt.PROTECTED_VALUE_COLUMNS]
    check = sheet.cell(row, column_index(fmt.COL_CHECK)).value
    assert check == fmt.row_digest(TOKEN, hostile.action_id, hostile.version, cells)


def test_a_long_action_gets_a_taller_row_within_excels_limit(tmp_path: Path) -> None:
    long_text = "Lange beschrijving van de actie. " * 40
    huge = "x" * 40_000
    path = write_partner_workbook(
        workbook_data(action(1), action(2, description=long_text), action(3, description=huge)),
        tmp_path / "a.xlsx",
    )
    sheet = load_workbook(path)[fmt.ACTIONS_SHEET]
    short, tall, cut = (sheet.row_dimensions[fmt.HEADER_ROW + n].height for n in (1, 2, 3))
    assert short < tall <= 409 and cut == 409
    assert len(sheet.cell(fmt.HEADER_ROW + 3, column_index(fmt.COL_DESCRIPTION)).value) == 32767


def test_an_organisation_without_open_actions_still_gets_a_valid_workbook(tmp_path: Path) -> None:
    path = write_partner_workbook(workbook_data(kind=DispatchKind.REMINDER), tmp_path / "leeg.xlsx")
    sheet = load_workbook(path)[fmt.ACTIONS_SHEET]
    assert "volgende overleg" in str(sheet["A1"].value)
    assert str(sheet.cell(fmt.HEADER_ROW - 1, 1).value).startswith("Er staan geen")
    assert sheet.max_row == fmt.HEADER_ROW  # no row in the table that would be read back as an edit
    assert sheet.protection.sheet


def test_print_setup_a4_landscape_fitted_to_width_with_the_header_row_repeated(written: Path) -> None:
    sheet = load_workbook(written)[fmt.ACTIONS_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == f"${fmt.HEADER_ROW}:${fmt.HEADER_ROW}"
    assert sheet.freeze_panes == f"A{fmt.HEADER_ROW + 1}"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler (pdfinfo, pdftotext) is not installed",
)
def test_libreoffice_prints_it_on_a4_landscape_with_every_action(tmp_path: Path) -> None:
    actions = [action(n, description=("Speeltoestel laten inspecteren en repareren. " * (n % 5 + 1)).strip())
               for n in range(1, 29)]  # fmt: skip
    path = write_partner_workbook(workbook_data(*actions), tmp_path / "acties.xlsx")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "acties.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert "A4" in fields["Page size"] and fields["Page size"].split()[0].startswith("841")  # landscape
    pages = int(fields["Pages"])
    assert 1 <= pages <= 4
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for item in actions:
        assert item.reference in flat
        assert item.description.split(". ")[0] in flat
    assert flat.count("Nieuwe deadline") >= pages  # the header row on every page (and the how-to)
    assert "Actie-id" not in flat and TOKEN not in flat  # hidden columns are not printed
