"""Every triage in the inbox can be taken back from the bar at the bottom of the page: the button
or Ctrl+Z while it shows; the next triage ends the offer of the one before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from tests.conftest import DEMO_TODAY
from tests.ui.signals.test_inbox import _in_modal, _select, _stored
from wiec_desktop.domain import Case
from wiec_desktop.domain.enums import SignalStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.cases.overlap_dialog import OverlapChoice, OverlapDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.signals.case_from_signal import SignalCaseDialog
from wiec_desktop.ui.signals.dialogs import CloseSignalDialog
from wiec_desktop.ui.signals.page import SignalsPage

SIGNALS = 6  # sidebar position of Signalen & inventarisatie
CTRL = Qt.KeyboardModifier.ControlModifier


def _back_in_the_window(qtbot, page: SignalsPage) -> None:
    """After a modal dialog the offscreen platform does not give the main window back its focus."""
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    page.inbox.view.setFocus()


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
    yield page


def test_link_then_click_ongedaan_maken(qtbot, page: SignalsPage, demo_db: Database) -> None:
    inbox = page.inbox
    _select(inbox, "drugshandel")
    signal_id = inbox.current_signal_id()
    reference = inbox.suggestions[0].reference
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_Return)
    assert _stored(demo_db, signal_id).status == SignalStatus.LINKED
    bar = page.undo_bar
    assert bar.isVisible() and bar.message.text() == f"Signaal gekoppeld aan {reference}."

    qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)

    stored = _stored(demo_db, signal_id)
    assert (stored.status, stored.case_id, stored.triaged_on) == (SignalStatus.NEW, None, None)
    assert inbox.current_signal_id() == signal_id  # back in the inbox, selected
    assert bar.message.text() == "Het signaal staat weer in de inbox."
    assert not bar.undo_button.isVisible()


def test_new_case_from_a_signal_then_ctrl_z_removes_the_case(
    qtbot, page: SignalsPage, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = page.inbox
    _select(inbox, "koffie-ochtend")
    signal_id = inbox.current_signal_id()

    def save_anyway(dialog: OverlapDialog) -> int:
        dialog.choice = OverlapChoice.SAVE_ANYWAY
        return 1

    monkeypatch.setattr(OverlapDialog, "exec", save_anyway)
    made: dict[str, int] = {}

    def fill(dialog: SignalCaseDialog) -> None:
        dialog.title_edit.setText("Koffie-ochtend voor ouderen")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        made["case_id"] = dialog.case_id
        dialog.reject()  # "Sluiten" on the involvements tab

    _in_modal(qtbot, SignalCaseDialog, fill)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_N)
    with demo_db.session_factory() as session:
        reference = session.get(Case, made["case_id"]).reference
    assert page.undo_bar.message.text() == f"Signaal gekoppeld aan de nieuwe casus {reference}."
    _back_in_the_window(qtbot, page)

    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, CTRL)

    with demo_db.session_factory() as session:
        assert session.get(Case, made["case_id"]) is None
    assert _stored(demo_db, signal_id).status == SignalStatus.NEW
    assert page.undo_bar.message.text() == (
        f"Het signaal staat weer in de inbox; casus {reference} is weer verwijderd."
    )


def test_the_next_triage_ends_the_offer_of_the_one_before(
    qtbot, page: SignalsPage, demo_db: Database
) -> None:
    inbox = page.inbox
    first = inbox.current_signal_id()

    def close(dialog: CloseSignalDialog) -> None:
        qtbot.keyClicks(dialog.reason, "Doorgezet naar de gemeente")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _in_modal(qtbot, CloseSignalDialog, close)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_A)
    assert page.undo_bar.message.text() == "Signaal afgesloten."
    _back_in_the_window(qtbot, page)
    _select(inbox, "drugshandel")
    second = inbox.current_signal_id()
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_Return)
    assert page.undo_bar.message.text().startswith("Signaal gekoppeld aan")

    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, CTRL)  # once only: the close before it stays

    assert _stored(demo_db, second).status == SignalStatus.NEW
    assert _stored(demo_db, first).status == SignalStatus.CLOSED
