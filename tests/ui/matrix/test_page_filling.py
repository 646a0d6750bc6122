"""The matrix page on a large matrix: the first rows at once, the rest and the overlap flags filled in
off the UI thread; the Excel file still gets every flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.partners.matrix import FlagKind
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.matrix import page as matrix_page
from wiec_desktop.ui.matrix.model import COL_FLAGS
from wiec_desktop.ui.matrix.page import MatrixPage
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's 22 open cases treated as a large matrix: 5 rows at once, overlap 3 at a time."""
    monkeypatch.setattr(matrix_page, "SYNC_ROWS", 1)
    monkeypatch.setattr(matrix_page, "FIRST_ROWS", 5)
    monkeypatch.setattr(matrix_page, "OVERLAP_NOW", 0)
    monkeypatch.setattr(matrix_page, "OVERLAP_CHUNK", 3)


@pytest.fixture
def page(qtbot, context: AppContext, large: None) -> Iterator[MatrixPage]:
    widget = MatrixPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()  # showing it builds the matrix
    qtbot.waitExposed(widget)
    yield widget
    qtbot.waitUntil(
        lambda: not widget.exporting and not widget.building and not widget.checking, timeout=20_000
    )


def _overlap_texts(page: MatrixPage) -> dict[int, str]:
    model = page.model
    return {
        model.record_id(row): model.data(model.index(row, COL_FLAGS))
        for row in range(model.rowCount())
        if FlagKind.POSSIBLE_OVERLAP in model.data(model.index(row, 0), matrix_page.FLAGS_ROLE)
    }


def test_first_rows_at_once_then_all_rows_then_every_flag(qtbot, context: AppContext, large: None) -> None:
    whole = context.services.matrix.build()
    page = MatrixPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    # At once, before any worker result: the first rows with their cells and trekker flags.
    assert page.building and page.model.rowCount() == 5
    assert page.count_label.text() == "De matrix wordt opgebouwd…"
    first = page.model.case_row(0)
    assert first == whole.rows[0]
    qtbot.waitUntil(lambda: not page.building, timeout=20_000)
    assert page.model.rowCount() == len(whole.rows) == 22
    qtbot.waitUntil(lambda: not page.checking, timeout=20_000)
    assert page.matrix is not None and page.matrix.overlap_checked
    assert _overlap_texts(page) == {
        row.case_id: whole.flag_text(row.case_id) for row in whole.cases_with(FlagKind.POSSIBLE_OVERLAP)
    }
    assert page.count_label.text() == f"22 casussen · {whole.flagged_count} met signalering"


def test_only_flagged_grows_as_the_overlap_check_comes_in(
    qtbot, page: MatrixPage, context: AppContext
) -> None:
    qtbot.waitUntil(lambda: not page.building and not page.checking, timeout=20_000)
    whole = context.services.matrix.build()
    page.flagged_check.setChecked(True)
    assert page.model.rowCount() == whole.flagged_count
    page.flagged_check.setChecked(False)
    page.reload()  # again: rows first, flags later; meanwhile "only flagged" shows what is known
    page.flagged_check.setChecked(True)
    qtbot.waitUntil(lambda: not page.building and not page.checking, timeout=20_000)
    assert page.model.rowCount() == whole.flagged_count


def test_export_while_the_flags_are_still_coming_has_them_all(
    qtbot, page: MatrixPage, context: AppContext, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: not page.building, timeout=20_000)
    whole = context.services.matrix.build()
    page.reload()
    qtbot.waitUntil(lambda: not page.building, timeout=20_000)
    target = tmp_path / "matrix.xlsx"
    page.start_export(target)
    qtbot.waitUntil(lambda: not page.exporting, timeout=20_000)
    sheet = openpyxl.load_workbook(target).worksheets[0]
    text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    for row in whole.cases_with(FlagKind.POSSIBLE_OVERLAP):
        flag = next(f for f in whole.flags_of(row.case_id) if f.kind == FlagKind.POSSIBLE_OVERLAP)
        assert flag.text in text
