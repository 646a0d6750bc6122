"""The matrix as Excel: reopened with openpyxl; text stays text; all-or-nothing saving; the CLI."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop import atomic_file
from wiec_desktop.cli.main import main
from wiec_desktop.domain import AuditEvent, Organisation
from wiec_desktop.domain.enums import AuditKind, InvolvementRole
from wiec_desktop.exports.xlsx.matrix import BASE_HEADERS, FREEZE, NOTES_TITLE, SHEET_TITLE, write_matrix_xlsx
from wiec_desktop.exports.xlsx.writer import MAX_CELL_CHARS, atomic_save, safe_text, set_text, text_cell
from wiec_desktop.services.partners.matrix import FlagKind
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


def _services(database: Database) -> Services:
    return Services(database.session_factory, today=lambda: DEMO_TODAY)


# --- the workbook ------------------------------------------------------------------------------


def test_demo_matrix_reopened(demo_db: Database, tmp_path: Path) -> None:
    matrix = _services(demo_db).matrix.build()
    target = write_matrix_xlsx(matrix, tmp_path / "wie-doet-wat.xlsx")
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == [SHEET_TITLE, NOTES_TITLE]
    assert workbook.properties.title == "Wie doet wat" and workbook.properties.creator == "WIEC Desktop"
    sheet = workbook[SHEET_TITLE]

    header = [cell.value for cell in sheet[1]]
    assert header == [*BASE_HEADERS, *(column.name for column in matrix.columns)]
    assert sheet.freeze_panes == FREEZE == "C2"
    last_column = get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last_column}{len(matrix.rows) + 1}"
    assert sheet.max_row == len(matrix.rows) + 1
    assert sheet.cell(row=1, column=len(BASE_HEADERS) + 1).alignment.text_rotation == 90
    assert sheet.column_dimensions["B"].width >= 20  # the title is readable
    assert sheet.column_dimensions[last_column].width >= 12  # "Geïnformeerd" fits

    labels = {role.label for role in InvolvementRole}
    for row_number, row in enumerate(matrix.rows, start=2):
        values = [cell.value for cell in sheet[row_number]]
        assert values[:3] == [row.reference, row.title, row.status.label]
        assert (values[6] or "") == matrix.flag_text(row.case_id)
        for offset, column in enumerate(matrix.columns, start=len(BASE_HEADERS)):
            role = matrix.role(row.case_id, column.organisation_id)
            assert values[offset] == (role.label if role else None)
            assert values[offset] is None or values[offset] in labels

    flagged = matrix.cases_with(FlagKind.POSSIBLE_OVERLAP)[0]
    row_number = 2 + matrix.rows.index(flagged)
    flags_cell = sheet.cell(row=row_number, column=len(BASE_HEADERS))
    assert flags_cell.value.startswith("Mogelijke overlap met ") and flags_cell.font.bold

    notes = {row[0]: row[1] for row in workbook[NOTES_TITLE].iter_rows(values_only=True) if row[0]}
    assert notes["Gemaakt op"] == datetime(2026, 11, 10)
    assert notes["Casussen"] == len(matrix.rows) and notes["Casussen met signalering"] == matrix.flagged_count
    assert notes["Wijk/buurt"] == "alle" and notes["Afgesloten casussen"] == "nee"
    assert notes["Mogelijke overlap"].startswith("Een andere lopende casus")


def test_an_empty_matrix_still_makes_a_valid_workbook(db: Database, tmp_path: Path) -> None:
    matrix = _services(db).matrix.build()
    sheet = openpyxl.load_workbook(write_matrix_xlsx(matrix, tmp_path / "leeg.xlsx"))[SHEET_TITLE]
    assert [c.value for c in sheet[1]] == list(BASE_HEADERS)
    assert sheet.auto_filter.ref == "A1:G1" and sheet.max_row == 1


def test_formula_like_and_odd_text_is_stored_as_text(db: Database, tmp_path: Path) -> None:
    services = _services(db)
    names = ['=HYPERLINK("http://evil.example","klik")', "+31 6 12345678", "@SUM(A1)", "-Buurtteam"]
    with services.session_factory.begin() as session:
        orgs = [Organisation(name=name) for name in names]
        session.add_all(orgs)
        session.flush()
        ids = [org.id for org in orgs]
    case = services.cases.create_case("=1+1 overlast\x07 bij de 🚲-stalling\x00", location="-Ruinenlaan")
    for organisation_id in ids:
        services.cases.add_involvement(case.id, organisation_id, InvolvementRole.PARTNER)
    target = write_matrix_xlsx(services.matrix.build(), tmp_path / "vreemd.xlsx")

    sheet = openpyxl.load_workbook(target)[SHEET_TITLE]
    header = {cell.value: cell for cell in sheet[1]}
    for name in names:
        cell = header[name]
        assert cell.data_type == "s" and cell.quotePrefix, name
    title = sheet["B2"]
    assert title.value == "=1+1 overlast bij de 🚲-stalling"  # control characters gone, emoji kept
    assert title.data_type == "s" and title.quotePrefix
    assert sheet["F2"].value == "-Ruinenlaan" and sheet["F2"].data_type == "s"
    assert sheet["A2"].value == case.reference and not sheet["A2"].quotePrefix
    raw = _sheet_xml(target)
    assert "<f>" not in raw  # not a single formula in the file


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_safe_text() -> None:
    assert safe_text(None) == ""
    assert safe_text(12) == "12"
    assert safe_text("a\x00b\x08c\x0bd\x0ce\x1ff") == "abcdef"
    assert safe_text("regel 1\nregel 2\tkolom\r") == "regel 1\nregel 2\tkolom\r"
    assert safe_text("Geïnformeerd ✓ 🚲 \u200b") == "Geïnformeerd ✓ 🚲 \u200b"
    assert safe_text("a\ufffeb\uffffc\ud83dd") == "abcd"
    long = safe_text("x" * (MAX_CELL_CHARS + 10))
    assert len(long) == MAX_CELL_CHARS and long.endswith("…")


def test_text_cells_in_normal_and_write_only_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    cell = set_text(workbook.active["A1"], "=2+2")
    assert cell.value == "=2+2" and cell.data_type == "s" and cell.quotePrefix
    assert set_text(workbook.active["A2"], "").value is None
    assert not set_text(workbook.active["A3"], "gewoon").quotePrefix

    streaming = Workbook(write_only=True)
    sheet = streaming.create_sheet("Acties")
    sheet.append([text_cell(sheet, '=HYPERLINK("x")'), text_cell(sheet, "bel\x01 +31"), "gewoon"])
    target = tmp_path / "stream.xlsx"
    atomic_save(streaming, target)
    row = next(openpyxl.load_workbook(target)["Acties"].iter_rows())
    assert [c.value for c in row] == ['=HYPERLINK("x")', "bel +31", "gewoon"]
    assert row[0].data_type == "s" and row[0].quotePrefix


# --- all or nothing ----------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "matrix.xlsx"
    target.write_bytes(b"het vorige bestand")
    real_save = Workbook.save

    def half_then_fail(self: Workbook, stream: object) -> None:
        stream.write(b"PK\x03\x04 half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", half_then_fail)
    matrix = _services(demo_db).matrix.build()
    with pytest.raises(OSError, match="No space"):
        write_matrix_xlsx(matrix, target)
    assert target.read_bytes() == b"het vorige bestand"
    assert [p.name for p in folder.iterdir()] == ["matrix.xlsx"]

    missing = folder / "nieuw.xlsx"
    with pytest.raises(OSError):
        write_matrix_xlsx(matrix, missing)
    assert [p.name for p in folder.iterdir()] == ["matrix.xlsx"]

    monkeypatch.setattr(Workbook, "save", real_save)
    write_matrix_xlsx(matrix, target)
    assert openpyxl.load_workbook(target).sheetnames == [SHEET_TITLE, NOTES_TITLE]
    assert [p.name for p in folder.iterdir()] == ["matrix.xlsx"]


def test_a_failed_rename_leaves_the_old_file(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "matrix.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic_file.os, "replace", locked)
    with pytest.raises(PermissionError):
        write_matrix_xlsx(_services(demo_db).matrix.build(), target)
    assert target.read_bytes() == b"open in Excel" and _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_new_private_replaced_kept(demo_db: Database, tmp_path: Path) -> None:
    matrix = _services(demo_db).matrix.build()
    fresh = write_matrix_xlsx(matrix, tmp_path / "nieuw.xlsx")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    shared = tmp_path / "gedeeld.xlsx"
    shared.write_bytes(b"x")
    shared.chmod(0o644)
    write_matrix_xlsx(matrix, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


# --- command line ------------------------------------------------------------------------------


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_cli_export_matrix(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "matrix.xlsx"
    assert main(["export", "matrix", "--db", str(demo_path), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Matrix geëxporteerd: {target} (22 casussen, ")
    sheet = openpyxl.load_workbook(target)[SHEET_TITLE]
    assert sheet.max_row == 23 and sheet.freeze_panes == "C2"

    filters = ["--area", "wateringseveld-noord", "--theme", " Jeugdoverlast ", "--include-closed"]
    assert main(["export", "matrix", "--db", str(demo_path), "-o", str(target), *filters]) == 0
    shown = openpyxl.load_workbook(target)[SHEET_TITLE].max_row - 1
    assert 0 < shown < 21 and f"({shown} casus" in capsys.readouterr().out
    notes = {
        r[0]: r[1] for r in openpyxl.load_workbook(target)[NOTES_TITLE].iter_rows(values_only=True) if r[0]
    }
    assert notes["Wijk/buurt"] == "Wateringseveld-Noord" and notes["Thema"] == "jeugdoverlast"
    assert notes["Afgesloten casussen"] == "ja"

    from wiec_desktop.storage.database import open_database

    database = open_database(demo_path)
    try:
        with database.session_factory() as session:
            events = session.scalars(
                select(AuditEvent).where(
                    AuditEvent.kind == AuditKind.EXPORT, AuditEvent.entity_type == "matrix"
                )
            ).all()
    finally:
        database.close()
    assert len(events) == 2 and "matrix.xlsx" in events[0].detail and str(tmp_path) not in events[0].detail


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--theme", "Hondenpoep"], "Thema 'Hondenpoep' bestaat niet; kies uit: drugsoverlast"),
        (["--area", "Nergenshuizen"], "Wijk of buurt 'Nergenshuizen' bestaat niet"),
    ],
)
def test_cli_unknown_names(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    target = tmp_path / "matrix.xlsx"
    assert main(["export", "matrix", "--db", str(demo_path), "-o", str(target), *extra]) == 2
    assert message in _one_line_error(capsys)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_cli_bad_input(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing_db = tmp_path / "bestaat-niet.sqlite"
    assert main(["export", "matrix", "--db", str(missing_db), "-o", str(tmp_path / "m.xlsx")]) == 2
    assert "niet gevonden" in _one_line_error(capsys)
    assert not missing_db.exists() and not (tmp_path / "m.xlsx").exists()

    assert main(["export", "matrix", "--db", str(demo_path), "-o", str(tmp_path / "geen" / "m.xlsx")]) == 2
    assert "bestaat niet" in _one_line_error(capsys)
    assert main(["export", "matrix", "--db", str(demo_path), "-o", str(tmp_path / "m.csv")]) == 2
    assert ".xlsx" in _one_line_error(capsys)
    assert main(["export", "matrix", "--db", str(demo_path)]) == 2
    _one_line_error(capsys)
    assert main(["export"]) == 2
    _one_line_error(capsys)
    assert main(["export", "taart", "--db", str(demo_path)]) == 2
    _one_line_error(capsys)
    assert not list(tmp_path.glob("*.xlsx"))
