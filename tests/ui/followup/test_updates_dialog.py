"""Voortgang van partners inlezen in the window: the file question (patched), the preview with a
check box per action, conflicts with both versions, a refused file explained, ticking by keyboard and
mouse, "Overnemen" in one go, and the menu entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QStyle, QStyleOptionViewItem

from tests.services.followup.partner_workbook_fixture import (
    A1,
    A2,
    A3,
    TODAY,
    World,
    build_world,
    send_list,
    type_answer,
)
from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.followup.updates_dialog import UpdatesDialog
from wiec_desktop.ui.followup.updates_model import ACCEPT, ANSWER, PROGRAM, REFERENCE, REMARK
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


@pytest.fixture
def context(db: Database, world: World) -> AppContext:
    return AppContext(db, world.services, Settings())


@pytest.fixture
def answered(world: World, tmp_path: Path) -> list[Path]:
    """The police's list answered (A1 a change, A2 a conflict), and a file that is not ours."""
    path = tmp_path / "politie.xlsx"
    send_list(world.services.session_factory, path, world.police, sent_on=TODAY)
    world.services.actions.record_update(world.refs[A2], ActionStatus.IN_PROGRESS, note="In overleg")
    type_answer(path, A1, status="Gereed", progress="Drie avonden gelopen")
    type_answer(path, A2, new_due=date(2027, 1, 15))
    other = tmp_path / "notulen.xlsx"
    other.write_bytes(b"geen werkmap")
    return [path, other]


@pytest.fixture
def choose(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[Path]], list[str]]:
    """Make the file question answer ``paths`` (empty: cancelled); returns the filters asked with."""
    asked: list[str] = []

    def answer(paths: list[Path]) -> list[str]:
        def fake(_parent: object, _title: str, _folder: str, file_filter: str) -> tuple[list[str], str]:
            asked.append(file_filter)
            return [str(path) for path in paths], file_filter

        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
        return asked

    return answer


def _open(qtbot, context: AppContext) -> UpdatesDialog:
    dialog = UpdatesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.paths) or not dialog.isVisible())
    _wait_idle(qtbot, dialog)
    return dialog


def _wait_idle(qtbot, dialog: UpdatesDialog) -> None:
    qtbot.waitUntil(lambda: dialog.busy is None)
    assert QApplication.overrideCursor() is None


def _row_of(dialog: UpdatesDialog, reference: str) -> int:
    model = dialog.model
    return next(n for n in range(model.rowCount()) if model.index(n, REFERENCE).data() == reference)


def _click_check_box(qtbot, dialog: UpdatesDialog, row: int) -> None:
    index = dialog.model.index(row, ACCEPT)
    option = QStyleOptionViewItem()
    dialog.view.itemDelegate().initStyleOption(option, index)
    option.rect = dialog.view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = dialog.view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, dialog.view
    )
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_preview_tick_by_keyboard_and_mouse_then_take_in(
    qtbot, context: AppContext, world: World, answered: list[Path], choose
) -> None:
    asked = choose(answered)
    dialog = _open(qtbot, context)

    assert asked == ["Actielijsten (*.xlsx)"]
    assert dialog.error.text().startswith("notulen.xlsx: Het bestand is beschadigd of geen Excel-werkmap")
    assert dialog.summary.text() == (
        "Van Politie Haaglanden: 1 wijziging, 1 conflict, 1 zonder wijziging of al ingelezen."
    )
    model = dialog.model
    first, second, third = (_row_of(dialog, ref) for ref in (A1, A2, A3))
    assert model.index(first, ACCEPT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(first, ANSWER).data() == "Status: Open → Gereed\nVoortgang: Drie avonden gelopen"
    assert model.index(second, ACCEPT).data() == "Conflict"
    assert model.index(second, ACCEPT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(second, PROGRAM).data() == (
        "Status Loopt, deadline 15-12-2026\nLaatste voortgang: 12-11-2026 Loopt — In overleg"
    )
    assert "gewijzigd nadat de actielijst is verstuurd" in model.index(second, REMARK).data()
    assert model.index(third, ACCEPT).data(Qt.ItemDataRole.CheckStateRole) is None  # nothing to take in
    assert dialog.apply_button.isEnabled()

    # Keyboard: the current row starts on the first action that can be taken in; Down, then Space ticks.
    dialog.view.setFocus()
    assert dialog.view.currentIndex().row() == first
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    assert model.index(second, ACCEPT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # Mouse: untick A1's check box.
    _click_check_box(qtbot, dialog, first)
    assert model.index(first, ACCEPT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)

    assert world.action(A2).due_date == date(2027, 1, 15)  # the conflict the chair chose
    assert world.action(A2).status is ActionStatus.IN_PROGRESS  # the status left as sent stays
    assert world.action(A1).status is ActionStatus.OPEN  # unticked: not taken in
    assert dialog.result_label.text() == (
        "1 wijziging overgenomen van Politie Haaglanden. U ziet ze bij de acties en in de tijdlijn van de "
        "casussen."
    )
    assert dialog.apply_button.isHidden() and dialog.cancel_button.text() == "Sluiten"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_nothing_ticked_cannot_be_taken_in_and_cancel_writes_nothing(
    qtbot, context: AppContext, world: World, answered: list[Path], choose
) -> None:
    choose(answered[:1])
    dialog = _open(qtbot, context)
    count = world.updates()
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)  # untick A1, the only ticked row
    assert not dialog.apply_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert world.updates() == count


def test_cancelling_the_file_question_closes_the_dialog(qtbot, context: AppContext, choose) -> None:
    choose([])
    dialog = UpdatesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_file_menu_opens_it_and_the_lists_follow(
    qtbot, context: AppContext, world: World, answered: list[Path], choose
) -> None:
    from wiec_desktop.ui.shell.main_window import MainWindow

    choose(answered[:1])
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.import_updates_action.text() == "Voortgang van &partners inlezen…"
    window.import_updates_action.trigger()
    dialog = window.findChild(UpdatesDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.paths))
    _wait_idle(qtbot, dialog)
    reloaded: list[bool] = []
    window.reload_lists = lambda: reloaded.append(True)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert world.action(A1).status is ActionStatus.DONE and reloaded == [True]


def test_render_for_a_look(qtbot, context: AppContext, answered: list[Path], choose, tmp_path: Path) -> None:
    """Not an assertion of looks: writes the dialog at 1280×720 for a person to open (WIEC_SHOTS)."""
    import os

    choose(answered)
    dialog = _open(qtbot, context)
    dialog.resize(1280, 720)
    QApplication.processEvents()
    folder = Path(os.environ.get("WIEC_SHOTS", tmp_path))
    assert dialog.grab().save(str(folder / "updates_dialog.png"))


def test_the_model_passes_the_model_tester(qtmodeltester, world: World, answered: list[Path]) -> None:
    from wiec_desktop.ui.followup.updates_model import UpdatesModel

    model = UpdatesModel()
    model.set_preview(world.services.updates_import.preview(answered))
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)
    assert not model.setData(
        model.index(2, ACCEPT), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
