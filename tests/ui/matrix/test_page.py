"""The "Wie doet wat" page on the demo database: matrix, filters, details and the Excel export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.enums import AuditKind, InvolvementRole
from wiec_desktop.services.partners.matrix import FlagKind
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_model import ID_ROLE
from wiec_desktop.ui.matrix import page as matrix_page
from wiec_desktop.ui.matrix.model import (
    COL_FLAGS,
    COL_REFERENCE,
    COL_TITLE,
    FIRST_ORGANISATION,
    FLAGS_ROLE,
    ROLE_ROLE,
    MatrixModel,
)
from wiec_desktop.ui.matrix.page import MatrixPage
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def page(qtbot, context: AppContext) -> Iterator[MatrixPage]:
    widget = MatrixPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.exporting and not widget.building, timeout=10_000)


def _combo(page: MatrixPage, name: str) -> QComboBox:
    combo = page.findChild(QComboBox, f"filter_{name}")
    assert combo is not None
    return combo


def test_model_without_widgets(qtmodeltester, context: AppContext) -> None:
    model = MatrixModel()
    qtmodeltester.check(model)
    matrix = context.services.matrix.build()
    model.set_matrix(matrix)
    qtmodeltester.check(model)
    assert model.rowCount() == len(matrix.rows) == 22
    assert model.columnCount() == FIRST_ORGANISATION + len(matrix.columns)
    first = matrix.rows[0]
    assert model.data(model.index(0, COL_REFERENCE)) == first.reference
    assert model.data(model.index(0, COL_TITLE)) == first.title
    assert model.data(model.index(0, COL_REFERENCE), ID_ROLE) == first.case_id
    assert "Status: " in model.data(model.index(0, COL_TITLE), Qt.ItemDataRole.ToolTipRole)
    org = matrix.columns[0]
    assert model.headerData(FIRST_ORGANISATION, Qt.Orientation.Horizontal) == org.name
    assert org.kind.label in model.headerData(
        FIRST_ORGANISATION, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )

    # A lead cell: short text, strong colour, tooltip with what the organisation does.
    case_id, organisation_id = next(key for key, role in matrix.cells.items() if role == InvolvementRole.LEAD)
    index = model.index(model.row_of_id(case_id), model.column_of_organisation(organisation_id))
    assert model.data(index) == "Trekker" and model.data(index, ROLE_ROLE) == InvolvementRole.LEAD
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#1f5f99"
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert "Trekker bij" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    informed = next(key for key, role in matrix.cells.items() if role == InvolvementRole.INFORMED)
    cell = model.index(model.row_of_id(informed[0]), model.column_of_organisation(informed[1]))
    assert model.data(cell) == "Geïnf." and model.data(
        cell, Qt.ItemDataRole.BackgroundRole
    ).color().name() == ("#ededed")
    empty = next(
        (r, c)
        for r in range(model.rowCount())
        for c in range(FIRST_ORGANISATION, model.columnCount())
        if model.data(model.index(r, c), ROLE_ROLE) is None
    )
    assert model.data(model.index(*empty)) == ""
    assert model.data(model.index(*empty), Qt.ItemDataRole.BackgroundRole) is None

    flagged = matrix.cases_with(FlagKind.NO_LEAD)[0]
    flags = model.index(model.row_of_id(flagged.case_id), COL_FLAGS)
    assert model.data(flags) == matrix.flag_text(flagged.case_id)
    assert model.data(flags, Qt.ItemDataRole.ForegroundRole).color().name() == "#b42318"
    assert FlagKind.NO_LEAD in model.data(flags, FLAGS_ROLE)
    assert "niemand is trekker" in model.data(flags, Qt.ItemDataRole.ToolTipRole)

    model.set_matrix(matrix, only_flagged=True)
    assert model.rowCount() == matrix.flagged_count
    model.set_matrix(None)
    assert model.rowCount() == 0 and model.columnCount() == FIRST_ORGANISATION


def test_page_shows_the_matrix_with_frozen_columns_and_details(qtbot, page: MatrixPage) -> None:
    assert page.primary is page and page.loaded
    matrix = page.matrix
    assert matrix is not None and page.model.rowCount() == 22
    assert page.count_label.text() == f"22 casussen · {matrix.flagged_count} met signalering"
    # number and title on the left, the rest scrolls on the right
    assert [page.frozen_view.isColumnHidden(c) for c in range(3)] == [False, False, True]
    assert [page.view.isColumnHidden(c) for c in range(3)] == [True, True, False]
    assert not page.view.isColumnHidden(page.model.columnCount() - 1)
    assert page.frozen_view.selectionModel() is page.view.selectionModel()
    assert page.view.horizontalHeader().height() == page.frozen_view.horizontalHeader().height() > 40

    assert page.view.currentIndex().row() == 0
    assert page.detail_pane.title.startswith(matrix.rows[0].reference)
    page.frozen_view.selectRow(3)
    assert page.current_id() == matrix.rows[3].case_id
    assert page.detail_pane.title == f"{matrix.rows[3].reference} {matrix.rows[3].title}"
    assert page.flagged_rows(FlagKind.NO_LEAD) == [
        page.model.row_of_id(r.case_id) for r in matrix.cases_with(FlagKind.NO_LEAD)
    ]
    page.view.verticalScrollBar().setValue(5)
    assert page.frozen_view.verticalScrollBar().value() == page.view.verticalScrollBar().value()
    assert page.grab().width() == 1200


def test_filters_rebuild_the_matrix(qtbot, page: MatrixPage, context: AppContext) -> None:
    youth_rows = [r for r in range(page.model.rowCount()) if page.model.case_row(r).theme == "jeugdoverlast"]
    page.view.selectRow(youth_rows[-1])
    selected = page.current_id()

    theme = _combo(page, "theme")
    theme.setCurrentIndex(theme.findText("jeugdoverlast"))
    expected = context.services.matrix.build(theme_id=theme.currentData())
    assert 0 < page.model.rowCount() == len(expected.rows) < 22
    assert page.model.columnCount() == FIRST_ORGANISATION + len(expected.columns)
    assert {page.model.case_row(r).theme for r in range(page.model.rowCount())} == {"jeugdoverlast"}
    assert page.count_label.text().startswith(f"{len(expected.rows)} ")

    fresh = MatrixPage(context)  # not shown yet: asked for its rows, it builds them at once
    qtbot.addWidget(fresh)
    fresh.ensure_loaded()
    assert fresh.loaded and not fresh.building and fresh.model.rowCount() == 22
    assert page.current_id() == selected  # still listed: stays selected
    theme.setCurrentIndex(0)
    assert page.model.rowCount() == 22
    assert page.current_id() == selected

    page.closed_check.setChecked(True)
    assert page.model.rowCount() == 26
    status = _combo(page, "status")
    status.setCurrentIndex(status.findText("Afgesloten"))
    assert page.model.rowCount() == 4
    status.setCurrentIndex(0)
    page.closed_check.setChecked(False)

    area = _combo(page, "area")
    area.setCurrentIndex(area.findText("Wateringseveld › Wateringseveld-Noord"))
    assert 0 < page.model.rowCount() < 22
    area.setCurrentIndex(0)

    page.flagged_check.setChecked(True)
    assert page.model.rowCount() == page.matrix.flagged_count
    assert all(page.matrix.flags_of(page.model.record_id(r)) for r in range(page.model.rowCount()))
    page.flagged_check.setChecked(False)

    qtbot.keyClicks(page.search, "geen-zo-casus")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count_label.text().startswith("0 casussen")
    assert "Geen casussen gevonden." in page.detail_pane.browser.toPlainText()
    assert not page.export_button.isEnabled()
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 22)
    assert page.export_button.isEnabled()


def test_export_button_writes_the_file_off_the_ui_thread(
    qtbot, page: MatrixPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, context: AppContext
) -> None:
    theme = _combo(page, "theme")
    theme.setCurrentIndex(theme.findText("jeugdoverlast"))
    shown = page.model.rowCount()
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "wie-doet-wat"), "Excel-werkmap (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    target = tmp_path / "wie-doet-wat.xlsx"

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].endswith(f"wie-doet-wat-{DEMO_TODAY.isoformat()}.xlsx")
    assert page.exporting or target.exists()
    qtbot.waitUntil(lambda: not page.exporting and target.exists(), timeout=10_000)
    assert page.progress.isHidden() and page.export_button.isEnabled()
    assert page.export_label.text() == "Opgeslagen als wie-doet-wat.xlsx"
    sheet = openpyxl.load_workbook(target)["Wie doet wat"]
    assert sheet.max_row == shown + 1
    assert {sheet.cell(row=r, column=5).value for r in range(2, shown + 2)} == {"jeugdoverlast"}

    assert page.open_folder_button.isVisible()
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]
    with context.services.session_factory() as session:
        logged = session.scalars(select(AuditEvent).where(AuditEvent.kind == AuditKind.EXPORT)).all()
    assert any(e.entity_type == "matrix" and "wie-doet-wat.xlsx" in e.detail for e in logged)


def test_export_cancelled_or_failing(
    qtbot, page: MatrixPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.export_to_excel()
    assert not page.exporting and page.export_label.text() == ""

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    target = tmp_path / "bestaat-niet" / "matrix.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_to_excel()
    qtbot.waitUntil(lambda: not page.exporting and bool(warnings), timeout=10_000)
    assert "kon niet worden opgeslagen" in warnings[0]
    assert page.export_label.text() == "Exporteren mislukt." and not page.open_folder_button.isVisible()
    assert not target.exists()


def test_a_large_matrix_is_built_off_the_ui_thread(
    qtbot, page: MatrixPage, monkeypatch: pytest.MonkeyPatch, context: AppContext
) -> None:
    monkeypatch.setattr(matrix_page, "SYNC_ROWS", 1)
    theme = _combo(page, "theme")
    theme.setCurrentIndex(theme.findText("jeugdoverlast"))  # a build starts …
    assert page.building and page.count_label.text() == "De matrix wordt opgebouwd…"
    assert page.progress.isVisibleTo(page) and not page.export_button.isEnabled()
    theme.setCurrentIndex(theme.findText("vervuiling"))  # … and is overtaken by the next one
    qtbot.waitUntil(lambda: not page.building, timeout=10_000)
    expected = context.services.matrix.build(theme_id=theme.currentData())
    assert page.matrix is not None and page.matrix.filter.theme == "vervuiling"
    assert page.model.rowCount() == len(expected.rows) > 0
    assert not page.progress.isVisibleTo(page) and page.export_button.isEnabled()
    assert page.count_label.text().startswith(f"{len(expected.rows)} ")

    fresh = MatrixPage(context)  # not shown yet: asked for its rows, it builds them at once
    qtbot.addWidget(fresh)
    fresh.ensure_loaded()
    assert fresh.loaded and not fresh.building and fresh.model.rowCount() == 22
