"""Casussen by keyboard and mouse: a new case that looks like an existing one, involvements, filters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Case, Involvement
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.cases.involvement_dialog import InvolvementDialog
from wiec_desktop.ui.cases.overlap_dialog import OverlapChoice, OverlapDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

CASES = 1  # sidebar position of Casussen


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()  # window shortcuts (Ctrl+N) need the active window
    main.show_section(CASES)
    yield main


def _select(combo: QComboBox, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _case_like(database: Database, words: str) -> Case:
    with database.session_factory() as session:
        return session.scalars(select(Case).where(Case.title.contains(words))).one()


def test_new_case_warns_about_overlap_then_gets_involvements(
    qtbot, window: MainWindow, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = _case_like(demo_db, "Hangjongeren bij winkelcentrum Ruinenlaan")
    shown: list[list[str]] = []

    def answer_overlap(dialog: OverlapDialog) -> int:
        shown.append([case.reference for case in dialog.similar])
        dialog.choice = OverlapChoice.SAVE_ANYWAY
        return 1

    monkeypatch.setattr(OverlapDialog, "exec", answer_overlap)
    page = window.page(CASES)
    outcome: dict[str, object] = {}

    def fill_involvement() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InvolvementDialog)
        _select(dialog.organisation, "Jongerenwerk")
        _select(dialog.role, "Trekker")
        qtbot.keyClicks(dialog.activity, "Straatwerk op vrijdagavond")
        dialog.save()

    def fill_case() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        qtbot.keyClicks(dialog.title_edit, "Jongeren hangen rond bij winkelcentrum Ruinenlaan")
        qtbot.keyClicks(dialog.location, "Ruinenlaan")
        _select(dialog.theme, "jeugdoverlast")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        outcome["case_id"] = dialog.case_id
        outcome["tab"] = dialog.tabs.currentIndex()
        outcome["warning_before"] = dialog.lead_warning.text()
        QTimer.singleShot(0, fill_involvement)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        outcome["warning_after"] = dialog.lead_warning.text()
        outcome["rows"] = dialog.involvements.rowCount()
        dialog.reject()

    QTimer.singleShot(0, fill_case)
    qtbot.keyClick(page.primary.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert shown and existing.reference in shown[0]
    assert outcome["tab"] == 1 and "geen trekker" in str(outcome["warning_before"])
    assert outcome["warning_after"] == "" and outcome["rows"] == 1
    with demo_db.session_factory() as session:
        case = session.get(Case, outcome["case_id"])
        assert case.title == "Jongeren hangen rond bij winkelcentrum Ruinenlaan"
        assert case.status == CaseStatus.REPORTED and case.theme.name == "jeugdoverlast"
        involvement = session.scalars(select(Involvement).where(Involvement.case_id == case.id)).one()
        assert (
            involvement.role == InvolvementRole.LEAD and involvement.activity == "Straatwerk op vrijdagavond"
        )
    # the list shows and selects the new case
    assert page.primary.current_id() == outcome["case_id"]


def test_choosing_the_existing_case_creates_nothing(
    qtbot, window: MainWindow, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = _case_like(demo_db, "Hangjongeren bij winkelcentrum Ruinenlaan")

    def open_existing(dialog: OverlapDialog) -> int:
        dialog.chosen_case_id = existing.id
        dialog.choice = OverlapChoice.OPEN_EXISTING
        return 1

    monkeypatch.setattr(OverlapDialog, "exec", open_existing)
    monkeypatch.setattr(CaseDialog, "exec", lambda dialog: dialog.result())
    with demo_db.session_factory() as session:
        before = len(session.scalars(select(Case.id)).all())
    dialog = CaseDialog(window.context, None, window)
    qtbot.addWidget(dialog)
    requested: list[int] = []
    dialog.open_case_requested.connect(requested.append)
    qtbot.keyClicks(dialog.title_edit, "Hangjongeren winkelcentrum Ruinenlaan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert requested == [existing.id]
    with demo_db.session_factory() as session:
        assert len(session.scalars(select(Case.id)).all()) == before


def test_closing_a_case_asks_for_the_outcome(qtbot, window: MainWindow, demo_db: Database) -> None:
    case = _case_like(demo_db, "Hangjongeren bij winkelcentrum Ruinenlaan")
    dialog = CaseDialog(window.context, case.id, window)
    qtbot.addWidget(dialog)
    dialog.outcome.clear()
    _select(dialog.status, "Afgesloten")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "resultaat" in dialog.form.error_text("outcome")
    assert dialog.isVisible() or dialog.result() == 0
    qtbot.keyClicks(dialog.outcome, "Groep is verhuisd naar het jongerenhonk.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1
    with demo_db.session_factory() as session:
        stored = session.get(Case, case.id)
        assert stored.status == CaseStatus.CLOSED and stored.closed_on == DEMO_TODAY


def test_removing_an_involvement_is_confirmed(
    qtbot, window: MainWindow, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _case_like(demo_db, "Hangjongeren bij winkelcentrum Ruinenlaan")
    dialog = CaseDialog(window.context, case.id, window)
    qtbot.addWidget(dialog)
    rows = dialog.involvements.rowCount()
    assert rows > 0
    dialog.involvement_view.setCurrentIndex(dialog.involvements.index(0, 0))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.involvements.rowCount() == rows - 1


def test_filters_narrow_the_case_list(qtbot, window: MainWindow) -> None:
    page = window.page(CASES).primary
    page.ensure_loaded()
    everything = page.model.total
    qtbot.mouseClick(page.quick_filter("without_lead"), Qt.MouseButton.LeftButton)
    without_lead = page.model.total
    assert 0 < without_lead < everything
    assert "zonder trekker" not in page.count_label.text() and str(without_lead) in page.count_label.text()
    qtbot.mouseClick(page.quick_filter("without_lead"), Qt.MouseButton.LeftButton)
    combo = page.findChild(QComboBox, "filter_lead")
    combo.setCurrentIndex(1)
    assert 0 < page.model.total < everything
    combo.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "Ruinenlaan")
    qtbot.waitUntil(lambda: page.model.total < everything)
    listed = {page.model.record_id(r) for r in range(page.model.rowCount())}
    with window.context.database.session_factory() as session:
        for case in session.scalars(select(Case).where(Case.id.in_(listed))):
            assert "ruinenlaan" in f"{case.title} {case.description} {case.location}".lower()


def test_with_several_assignments_the_list_follows_the_current_one(qtbot, demo_db: Database) -> None:
    from datetime import date

    from wiec_desktop.domain import Assignment

    with demo_db.session_factory.begin() as session:
        for assignment in session.scalars(select(Assignment)):
            assignment.is_current = False
        session.add(
            Assignment(
                title="Nieuwe wijk",
                start_date=date(2026, 11, 1),
                end_date=date(2027, 10, 31),
                is_current=True,
            )
        )
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show_section(CASES)
    page = main.page(CASES).primary
    page.ensure_loaded()
    assert page.model.total == 0 and "0 casussen" in page.count_label.text()
    combo = page.findChild(QComboBox, "filter_assignment")
    assert combo.currentText() == "Nieuwe wijk"
    combo.setCurrentIndex(0)  # Alle opdrachten
    assert page.model.total > 0
