"""The Privacy page as the chair uses it: the figures, ticking what has expired and removing it after
the confirmation, "Bewoner wissen…" with a check box per passage, and the retention period in the
assignment editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from tests.services.privacy.neighbourhood import NAME, PHONE, TODAY, Ids, build
from wiec_desktop.services.privacy import erasure as erasure_module
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
from wiec_desktop.ui.common.background import SynchronousRunner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.privacy.confirm_removal import RemovalConfirmation
from wiec_desktop.ui.privacy.erase_dialog import EraseResidentDialog
from wiec_desktop.ui.privacy.models import ErasuresModel, ExpiredModel, PassagesModel
from wiec_desktop.ui.privacy.page import PrivacyPage
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture(autouse=True)
def patterns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same passages whether or not the de-identification tables happen to be built here."""
    monkeypatch.setattr(erasure_module, "_free_text_detector", lambda _context: None)


@pytest.fixture
def context(db: Database) -> AppContext:
    return AppContext(db, Services(db.session_factory, today=lambda: TODAY), Settings())


@pytest.fixture
def ids(db: Database) -> Ids:
    return build(db.session_factory)


@pytest.fixture
def page(qtbot, context: AppContext, ids: Ids) -> Iterator[PrivacyPage]:
    widget = PrivacyPage(context, runner=SynchronousRunner())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The information boxes shown (their text), answered at once."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *_a: shown.append(text))
    return shown


def _raw(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_page_shows_the_figures_and_what_has_expired(page: PrivacyPage) -> None:
    assert page.count_values["residents"].text() == "2"
    assert page.count_values["residents_with_phone"].text() == "2"
    assert page.count_values["signals_with_text"].text() == "1"
    assert "24 maanden" in page.period_label.text()
    assert "november 2028" in page.upcoming_label.text()
    model = page.expired_model
    kinds = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert kinds == ["Bewoner", "Huisbezoek", "Signaal"]
    assert model.index(0, 1).data() == f"{NAME} — Ruinenlaan 39"
    assert model.index(0, 4).data() == "01-05-2026"
    assert all(
        model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked for row in range(3)
    )
    assert page.remove_button.isEnabled()


def test_removing_the_ticked_records_after_the_confirmation(
    qtbot, page: PrivacyPage, ids: Ids, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(box: RemovalConfirmation) -> int:
        asked.append(box.text() + box.informativeText())
        box.remove_button.click()
        return 0

    monkeypatch.setattr(RemovalConfirmation, "exec", answer)
    qtbot.mouseClick(page.none_button, Qt.MouseButton.LeftButton)
    table = page.expired_table
    table.setFocus()
    table.setCurrentIndex(page.expired_model.index(2, 0))  # the signal
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert page.expired_model.selection().signal_ids == {ids.signal}
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "Signalen: 1" in asked[0] and "Bewoners: 0" in asked[0]
    assert "Blijft: adressen en straten" in asked[0]
    assert answers and "signalen: 1" in answers[0]
    kinds = [page.expired_model.index(row, 0).data() for row in range(page.expired_model.rowCount())]
    assert kinds == ["Bewoner", "Huisbezoek"]  # the signal is gone from the list
    assert page.erasures_model.rowCount() == 1
    assert page.erasures_model.index(0, 1).data() == "Bewaartermijn verlopen"


def test_cancelling_the_confirmation_removes_nothing(
    qtbot, page: PrivacyPage, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RemovalConfirmation, "exec", lambda box: box.cancel_button.click() or 0)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.expired_model.rowCount() == 3 and answers == []


def test_erasing_a_resident_from_the_page(
    qtbot, page: PrivacyPage, ids: Ids, db: Database, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def confirm(box: QMessageBox) -> int:
        next(button for button in box.buttons() if button.text() == "Wissen").click()
        return 0

    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(EraseResidentDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.resident_combo.currentText() == f"{NAME} — Ruinenlaan 39"
    model = dialog.model
    originals = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert "Sitaldin" in originals and PHONE in originals
    decision = next(
        row for row in range(model.rowCount()) if model.index(row, 0).data().startswith("Besluit")
    )
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(model.index(decision, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # the chair keeps this passage
    assert len(model.chosen()) == model.rowCount() - 1
    monkeypatch.setattr(QMessageBox, "exec", confirm)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None and dialog.result_.passages == model.rowCount() - 1
    assert answers and "Het databasebestand is opgeschoond." in answers[0]
    assert not dialog.isVisible()
    assert page.count_values["residents"].text() == "1"
    assert page.erasures_model.index(0, 1).data() == "Op verzoek gewist"
    path = db.location.path
    assert path is not None
    raw = _raw(path)
    assert PHONE.encode() not in raw and NAME.encode() not in raw
    assert b"spreekt met mevrouw Sitaldin" in raw  # the passage the chair kept


def test_the_erase_dialog_picks_another_resident(qtbot, context: AppContext, ids: Ids) -> None:
    dialog = EraseResidentDialog(context, resident_id=ids.other_resident, runner=SynchronousRunner())
    qtbot.addWidget(dialog)
    assert dialog.current_resident() == ids.other_resident
    originals = {dialog.model.index(row, 1).data() for row in range(dialog.model.rowCount())}
    assert originals == {"Kees Brouwer"}
    dialog.resident_combo.setCurrentIndex(dialog.resident_combo.findData(ids.resident))
    assert dialog.searched_for == ids.resident and dialog.model.rowCount() > 5


def test_the_models_pass_the_model_tester(
    qtmodeltester, page: PrivacyPage, context: AppContext, ids: Ids
) -> None:
    qtmodeltester.check(page.expired_model)
    passages = PassagesModel()
    passages.set_rows(context.services.erasure.find_resident_passages(ids.resident))
    qtmodeltester.check(passages)
    erasures = ErasuresModel()
    qtmodeltester.check(erasures)
    assert isinstance(page.expired_model, ExpiredModel)
    assert not page.expired_model.setData(page.expired_model.index(0, 1), Qt.CheckState.Unchecked.value)
    assert page.expired_model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_retention_period_is_edited_with_the_assignment(qtbot, context: AppContext, ids: Ids) -> None:
    dialog = AssignmentDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.retention_edit.text() == "24"
    dialog.retention_edit.clear()
    qtbot.keyClicks(dialog.retention_edit, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "1 tot en met 120" in dialog.form.error_text("retention_months")
    assert context.services.retention.period(ids.assignment) == 24
    dialog.retention_edit.clear()
    qtbot.keyClicks(dialog.retention_edit, "36")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("retention_months") == ""
    assert context.services.retention.period(ids.assignment) == 36
    assert not dialog.is_dirty()


def test_the_assignment_menu_opens_the_erasure(qtbot, context: AppContext, ids: Ids) -> None:
    from wiec_desktop.ui.shell.main_window import MainWindow
    from wiec_desktop.ui.shell.sections import SECTIONS

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.erase_resident_action.trigger()
    assert SECTIONS[window.stack.currentIndex()].key == "privacy"
    dialog = window.current_page().findChild(EraseResidentDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
