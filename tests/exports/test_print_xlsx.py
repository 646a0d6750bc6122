"""The two workbooks as a recipient prints them: converted to PDF by LibreOffice (headless), then the
paper size and orientation of every page, the page count, and the text of every table cell found
in the PDF's text (pdftotext) — nothing cut off; the "Per organisatie" formulas computed by
LibreOffice, also after a status is changed in the file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import DEMO_TODAY
from wiec_desktop.exports.xlsx.actions import COUNTS_TITLE, SHEET_TITLE, write_actions_xlsx
from wiec_desktop.exports.xlsx.matrix import NOTES_TITLE, write_matrix_xlsx
from wiec_desktop.exports.xlsx.matrix import SHEET_TITLE as MATRIX_TITLE
from wiec_desktop.services.actions.action_list import ActionListScope, count_per_organisation
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) are not installed"),
]
A4 = (842, 595)  # landscape, points
A3 = (1191, 842)
_PAGE_SIZE = re.compile(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts")


def _pdf(workbook: Path, folder: Path) -> Path:
    out = folder / "pdf"
    out.mkdir(exist_ok=True)
    profile = folder / "lo-profile"  # its own profile: a running LibreOffice does not interfere
    result = subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    pdf = out / (workbook.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    return pdf


def _page_sizes(pdf: Path) -> list[tuple[int, int]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [(round(float(w)), round(float(h))) for w, h in _PAGE_SIZE.findall(sizes)]


def _text(pdf: Path, *pages: int) -> str:
    options = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(
        ["pdftotext", "-layout", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _words(text: str) -> list[str]:
    """The words of ``text``, split at hyphens too (a wrapped "Escamp-Zuid" may break after the "-")."""
    return [part for word in text.split() for part in word.split("-") if part]


def _assert_cells_printed(sheet: openpyxl.worksheet.worksheet.Worksheet, printed: str) -> None:
    """Every cell's text is in the PDF: whole when it fits one line, word for word when it wraps
    (a wrapped cell's lines are interleaved with its neighbours' in the text)."""
    flat = " ".join(printed.split())
    words = set(_words(printed))
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or str(cell.value).startswith("="):
                continue
            text = " ".join(cell.value.split())
            if cell.alignment.wrap_text:
                missing = [word for word in _words(text) if word not in words]
                assert not missing, (cell.coordinate, text, missing)
            else:
                assert text in flat, (sheet.title, cell.coordinate, text)


def test_the_matrix_prints_readably(demo_db: Database, tmp_path: Path) -> None:
    matrix = Services(demo_db.session_factory, today=lambda: DEMO_TODAY).matrix.build()
    target = write_matrix_xlsx(matrix, tmp_path / "wie-doet-wat.xlsx")
    pdf = _pdf(target, tmp_path)
    sizes = _page_sizes(pdf)
    # 12 organisations at 100 %: a few A3 landscape pages across, then the legend on A4 portrait
    assert 2 <= len(sizes) <= 6, sizes
    assert set(sizes[:-1]) == {A3} and sizes[-1] == (A4[1], A4[0])
    workbook = openpyxl.load_workbook(target)
    matrix_pages = _text(pdf, 1, len(sizes) - 1)
    assert matrix_pages.count("Wie doet wat") >= len(sizes) - 1  # the title on every page
    assert f"Pagina 1 van {len(sizes)}" in matrix_pages
    _assert_cells_printed(workbook[MATRIX_TITLE], matrix_pages)
    for page in range(1, len(sizes)):  # number and title repeated on every page across
        assert "Nummer" in _text(pdf, page) and matrix.rows[0].reference in _text(pdf, page)
    legend = _text(pdf, len(sizes))
    _assert_cells_printed(workbook[NOTES_TITLE], legend)
    for line in legend.splitlines():  # label and value on one line: together on the page
        if line.strip().startswith("Casussen met signalering"):
            assert line.split()[-1] == str(matrix.flagged_count)


def _counts_in(printed: str, organisation: str) -> list[int]:
    line = next(line for line in printed.splitlines() if line.strip().startswith(organisation))
    return [int(value) for value in line[line.index(organisation) + len(organisation) :].split()]


def test_the_action_list_prints_and_counts(demo_db: Database, tmp_path: Path) -> None:
    service = Services(demo_db.session_factory, today=lambda: DEMO_TODAY).action_list
    data = service.action_list(ActionListScope.all_open())
    target = write_actions_xlsx(data, tmp_path / "actielijst.xlsx", DEMO_TODAY)
    pdf = _pdf(target, tmp_path)
    sizes = _page_sizes(pdf)
    assert 2 <= len(sizes) <= 5, sizes
    assert sizes[0] == A4 and sizes[-1] == (A4[1], A4[0])  # the list landscape, the counts portrait
    workbook = openpyxl.load_workbook(target)
    _assert_cells_printed(workbook[SHEET_TITLE], _text(pdf, 1, len(sizes) - 1))
    counts_page = _text(pdf, len(sizes))
    for count in data.per_organisation:  # LibreOffice computed the formulas
        expected = [
            *(count.count(status) for status in type(data.rows[0].status)),
            count.overdue,
            count.total,
        ]
        assert _counts_in(counts_page, count.organisation) == expected, count.organisation

    # a partner sets an action to "Gereed" in the file: the counts follow
    sheet = workbook[SHEET_TITLE]
    changed = next(row for row in sheet.iter_rows(min_row=2) if row[7].value == "Open")
    organisation = changed[2].value
    changed[7].value = "Gereed"
    edited = tmp_path / "bewerkt.xlsx"
    workbook.save(edited)
    rows = tuple(row for row in data.rows if row.reference != changed[0].value)
    before = next(c for c in count_per_organisation(data.rows, DEMO_TODAY) if c.organisation == organisation)
    after = _counts_in(_text(_pdf(edited, tmp_path)).split("per organisatie")[-1], organisation)
    assert after[0] == before.open - 1 and after[2] == before.done + 1 and after[-1] == before.total
    assert len(rows) == len(data.rows) - 1
    assert COUNTS_TITLE in workbook.sheetnames
