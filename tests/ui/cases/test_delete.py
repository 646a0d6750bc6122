"""Deleting a case from the Casussen page: confirmation, Delete key and context menu, the undo bar
with Ctrl+Z, and a case in use refused with where it is used and closed instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Case
from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.cases.page import CasesPage
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

CASES = 1  # sidebar position of Casussen
CTRL = Qt.KeyboardModifier.ControlModifier
OFFSCREEN_POPUPS = "This plugin does not support (raise|grabbing the keyboard)"  # the context menu


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()  # window shortcuts (Ctrl+Z) need the active window
    main.show_section(CASES)
    yield main


@pytest.fixture
def page(window: MainWindow) -> CasesPage:
    page = window.page(CASES)
    assert isinstance(page, CasesPage)
    return page


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[dict[str, Any]]:
    """Each message box gets the next answer (a button text); what each box said is recorded."""
    shown: list[dict[str, Any]] = []
    queue = list(answers)

    def fake_exec(box: QMessageBox) -> int:
        shown.append({"title": box.windowTitle(), "text": box.text(), "info": box.informativeText()})
        wanted = queue.pop(0)
        button = next(b for b in box.buttons() if b.text() == wanted)
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def _select(page: CasesPage, case_id: int) -> None:
    page.primary.reload(select_id=case_id)
    assert page.primary.current_id() == case_id


def _stored(demo_db: Database, case_id: int) -> Case | None:
    with demo_db.session_factory() as session:
        return session.get(Case, case_id)


def test_delete_a_case_then_ctrl_z_brings_it_back(qtbot, monkeypatch, window, page, demo_db) -> None:
    case = window.context.services.cases.create_case("Losliggende stoeptegels Leyweg", location="Leyweg")
    _select(page, case.id)
    page.primary.view.setFocus()

    shown = answer_boxes(monkeypatch, "Annuleren")
    qtbot.keyClick(page.primary.view, Qt.Key.Key_Delete)
    assert shown[0]["text"] == f"Casus {case.reference} ‘Losliggende stoeptegels Leyweg’ verwijderen?"
    assert "ongedaan maken" in shown[0]["info"]
    assert _stored(demo_db, case.id) is not None and not page.undo_bar.isVisible()

    answer_boxes(monkeypatch, "Verwijderen")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert _stored(demo_db, case.id) is None
    assert page.primary.current_id() != case.id
    assert page.undo_bar.isVisible()
    assert (
        page.undo_bar.message.text() == f"Casus {case.reference} ‘Losliggende stoeptegels Leyweg’ verwijderd."
    )

    qtbot.keyClick(page.primary.view, Qt.Key.Key_Z, CTRL)

    stored = _stored(demo_db, case.id)
    assert stored is not None and stored.reference == case.reference
    assert page.primary.current_id() == case.id
    assert page.undo_bar.message.text() == f"Casus {case.reference} is teruggezet."
    assert not page.undo_bar.undo_button.isVisible()
    qtbot.keyClick(page.primary.view, Qt.Key.Key_Z, CTRL)  # nothing more to undo: nothing happens
    assert _stored(demo_db, case.id) is not None


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUPS)
def test_the_bar_goes_after_its_time_and_then_nothing_is_undone(
    qtbot, monkeypatch, window, page, demo_db
) -> None:
    case = window.context.services.cases.create_case("Kapotte bank in het park")
    _select(page, case.id)
    answer_boxes(monkeypatch, "Verwijderen")
    page.primary.view.customContextMenuRequested.emit(
        page.primary.view.visualRect(page.primary.view.currentIndex()).center()
    )
    menu = page.context_menu
    assert menu is not None
    texts = [action.text() for action in menu.actions()]
    assert texts == ["Nieuwe casus…", "Bewerken…", "Verwijderen…"]
    next(action for action in menu.actions() if action.text() == "Verwijderen…").trigger()
    menu.close()
    assert _stored(demo_db, case.id) is None and page.undo_bar.isVisible()

    page.undo_bar.timer.timeout.emit()  # the seconds have passed

    assert not page.undo_bar.isVisible()
    page.primary.view.setFocus()
    qtbot.keyClick(page.primary.view, Qt.Key.Key_Z, CTRL)
    assert _stored(demo_db, case.id) is None


def test_a_case_in_use_is_refused_and_can_be_closed_instead(qtbot, monkeypatch, page, demo_db) -> None:
    with demo_db.session_factory() as session:
        used = session.scalars(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.year, Case.number)
        ).first()
        case_id, reference = used.id, used.reference
    assert page.context.services.cases.where_used_case(case_id)
    _select(page, case_id)
    outcomes: list[str] = []

    def give_outcome(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        outcomes.append(args[1])
        return "Aanpak afgerond; geen meldingen meer.", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", give_outcome)
    shown = answer_boxes(monkeypatch, "Afsluiten…")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert shown[0]["title"] == "Casus niet verwijderd"
    assert shown[0]["text"].startswith(reference)
    assert "U kunt haar afsluiten." in shown[0]["text"]
    assert shown[0]["info"].startswith("Gebruikt bij:\n• ")
    assert outcomes == [f"Casus {reference} afsluiten"]
    stored = _stored(demo_db, case_id)
    assert stored is not None and stored.status == CaseStatus.CLOSED
    assert stored.outcome == "Aanpak afgerond; geen meldingen meer."
