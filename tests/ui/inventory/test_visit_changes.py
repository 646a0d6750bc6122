"""Correcting and deleting a recorded visit: from the visits of the address under the doorstep form,
and from the list of all visits, with the undo bar of the page (button and Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.ui.inventory.test_panel import TODAY
from wiec_desktop.domain import HouseVisit, Resident, Signal
from wiec_desktop.domain.enums import VisitOutcome
from wiec_desktop.services.inventory.house_visits import ProblemNote
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.inventory import InventoryPanel
from wiec_desktop.ui.inventory.visit_dialog import VisitDialog
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.signals.page import SignalsPage

SIGNALS = 6  # sidebar position of Signalen & inventarisatie
CTRL = Qt.KeyboardModifier.ControlModifier


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Each message box gets the next answer (a button text); the boxes' texts are returned."""
    shown: list[str] = []
    queue = list(answers)

    def fake_exec(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        wanted = queue.pop(0)
        button = next(b for b in box.buttons() if b.text() == wanted)
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def play_dialog(
    qtbot, monkeypatch: pytest.MonkeyPatch, steps: Callable[[VisitDialog], None]
) -> list[VisitDialog]:
    """The visit dialog, when opened, shows and runs ``steps`` (typing like the chair) instead of
    waiting for a person."""
    opened: list[VisitDialog] = []

    def fake_exec(dialog: VisitDialog) -> int:
        opened.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        steps(dialog)
        dialog.hide()
        return dialog.result()

    monkeypatch.setattr(VisitDialog, "exec", fake_exec)
    return opened


def _key(qtbot, key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def _stored(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[str | None]]:
    with db.session_factory() as session:
        visits = [
            (v.id, v.outcome, v.rating, v.problems, v.resident_id)
            for v in session.scalars(select(HouseVisit).order_by(HouseVisit.id))
        ]
        signals = [
            (s.id, s.text, s.house_visit_id) for s in session.scalars(select(Signal).order_by(Signal.id))
        ]
        residents = [r.name for r in session.scalars(select(Resident))]
    return visits, signals, residents


def test_edit_and_delete_a_visit_from_the_address(
    qtbot,
    monkeypatch,
    panel: InventoryPanel,
    db: Database,
    ids: dict[str, int],
) -> None:
    service = panel.service
    service.record_visit(
        ids["Dreeflaan 2"],
        visited_on=date(2026, 4, 18),
        round_id=ids["round"],
        visitors="Voorzitter en wijkagent",
        outcome=VisitOutcome.SPOKEN,
        rating=6,
        problems=[ProblemNote("Afval naast de containers", ids["vervuiling"]), ProblemNote("Hard rijden")],
        resident_name="Fatima de Boer",
        consent_on=date(2026, 4, 18),
    )
    panel.reload()
    assert panel.address_id == ids["Dreeflaan 2"]
    strip = panel.address_visits
    assert strip.isVisibleTo(panel) and strip.model.rowCount() == 1
    before = _stored(db)
    offers: list[tuple[str, Callable[[], str]]] = []
    panel.visit_actions.undo_offered.connect(lambda message, undo: offers.append((message, undo)))

    def correct(dialog: VisitDialog) -> None:
        form = dialog.form
        assert (form.outcome.value(), form.rating.value()) == (VisitOutcome.SPOKEN, 6)
        assert [edit.text() for _row, edit, _combo in form.problems.rows] == [
            "Afval naast de containers",
            "Hard rijden",
        ]
        assert form.consent.isChecked() and form.resident_name.text() == "Fatima de Boer"
        form.rating.setFocus()
        _key(qtbot, Qt.Key.Key_8)
        remove = form.problems.rows[1][0].findChild(QToolButton)
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)  # the ✕ of "Hard rijden"
        qtbot.keyClicks(form.problems.rows[0][1], " bij nr. 2")
        form.consent.setFocus()
        _key(qtbot, Qt.Key.Key_Space)  # consent withdrawn: name and phone go
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    opened = play_dialog(qtbot, monkeypatch, correct)
    strip.view.setFocus()
    qtbot.keyClick(strip.view, Qt.Key.Key_Return)

    assert len(opened) == 1
    visits, signals, residents = _stored(db)
    assert [(v[2], v[3], v[4]) for v in visits] == [(8, "Afval naast de containers bij nr. 2", None)]
    assert [s[1] for s in signals] == ["Afval naast de containers bij nr. 2"]
    assert residents == []
    assert offers[-1][0] == "Bezoek aan Dreeflaan 2 gewijzigd."
    assert strip.model.rows[0].rating == 8  # the list under the form shows the change

    assert offers[-1][1]() == "De wijziging van het bezoek aan Dreeflaan 2 is teruggedraaid."
    assert _stored(db) == before

    shown = answer_boxes(monkeypatch, "Verwijderen")
    panel.activateWindow()  # offscreen, the window does not get the focus back after the dialog
    qtbot.waitUntil(panel.isActiveWindow)
    strip.view.setFocus()
    qtbot.keyClick(strip.view, Qt.Key.Key_Delete)

    assert shown[0].startswith("Het bezoek aan Dreeflaan 2 van 18-04-2026 verwijderen?")
    assert "De 2 signalen uit dit bezoek" in shown[0]
    assert _stored(db) == ([], [], [])
    assert panel.addresses_model.index(0, 1).data() == "Niet bezocht"
    assert not strip.isVisibleTo(panel)
    assert offers[-1][0] == "Bezoek aan Dreeflaan 2 van 18-04-2026 verwijderd."
    assert offers[-1][1]() == "Het bezoek aan Dreeflaan 2 is teruggezet."
    assert _stored(db) == before
    assert panel.addresses_model.index(0, 1).data() == "Gesproken"


@pytest.fixture
def page(qtbot, demo_db: Database) -> Iterator[SignalsPage]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()  # the window's Ctrl+Z needs the active window
    main.show_section(SIGNALS)
    page = main.page(SIGNALS)
    assert isinstance(page, SignalsPage)
    page.tabs.setCurrentWidget(page.visits)
    page.visits.ensure_loaded()
    yield page


def _visit_with_notes(demo_db: Database) -> int:
    """A demo visit whose problem text never became signals (notes written before)."""
    with demo_db.session_factory() as session:
        return session.scalars(
            select(HouseVisit.id)
            .where(HouseVisit.problems != "", HouseVisit.outcome == VisitOutcome.SPOKEN)
            .order_by(HouseVisit.id)
        ).first()


def test_list_of_all_visits_edit_then_click_ongedaan_maken(qtbot, monkeypatch, page, demo_db) -> None:
    visit_id = _visit_with_notes(demo_db)
    page.visits.reload(select_id=visit_id)
    while page.visits.current_id() != visit_id and page.visits.model.canFetchMore():
        page.visits.model.fetchMore()
        page.visits.reload(select_id=visit_id)
    assert page.visits.current_id() == visit_id
    with demo_db.session_factory() as session:
        notes = session.get(HouseVisit, visit_id).problems

    def refuse_then_correct(dialog: VisitDialog) -> None:
        assert dialog.form.problems.older.text().startswith("Ook genoteerd: ")
        dialog.form.outcome.buttons[VisitOutcome.COME_BACK].click()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    play_dialog(qtbot, monkeypatch, refuse_then_correct)
    qtbot.mouseClick(page.edit_visit_button, Qt.MouseButton.LeftButton)

    with demo_db.session_factory() as session:
        visit = session.get(HouseVisit, visit_id)
        assert (visit.outcome, visit.rating, visit.problems) == (VisitOutcome.COME_BACK, None, notes)
    assert page.undo_bar.isVisible() and page.undo_bar.message.text().endswith("gewijzigd.")

    qtbot.mouseClick(page.undo_bar.undo_button, Qt.MouseButton.LeftButton)

    with demo_db.session_factory() as session:
        assert session.get(HouseVisit, visit_id).outcome == VisitOutcome.SPOKEN
    assert page.undo_bar.message.text().endswith("is teruggedraaid.")


def test_list_of_all_visits_delete_then_ctrl_z(qtbot, monkeypatch, page, demo_db) -> None:
    visit_id = page.visits.current_id()
    assert visit_id is not None
    answer_boxes(monkeypatch, "Verwijderen")
    page.visits.view.setFocus()
    qtbot.keyClick(page.visits.view, Qt.Key.Key_Delete)
    with demo_db.session_factory() as session:
        assert session.get(HouseVisit, visit_id) is None
    assert page.undo_bar.message.text().endswith("verwijderd.")
    assert page.visits.model.row_of_id(visit_id) is None

    qtbot.keyClick(page.visits.view, Qt.Key.Key_Z, CTRL)

    with demo_db.session_factory() as session:
        assert session.get(HouseVisit, visit_id) is not None
    assert page.visits.model.row_of_id(visit_id) is not None
    assert page.undo_bar.message.text().endswith("is teruggezet.")


def test_visit_dialog_keys(qtbot, db: Database, ids: dict[str, int]) -> None:
    context = AppContext.create(db, Settings(), today=lambda: TODAY)
    result = context.services.house_visits.record_visit(
        ids["Leyweg 1"],
        visited_on=TODAY,
        round_id=ids["round"],
        visitors="WIEC",
        outcome=VisitOutcome.NOT_HOME,
    )
    dialog = VisitDialog(context, result.visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.form.header.text() == "Leyweg 1"
    _key(qtbot, Qt.Key.Key_1)  # gesproken; the rating bar takes the next digit
    _key(qtbot, Qt.Key.Key_0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert dialog.result() == VisitDialog.DialogCode.Accepted and dialog.change is not None
    row = context.services.house_visits.visit(result.visit_id)
    assert (row.outcome, row.rating) == (VisitOutcome.SPOKEN, 10)
