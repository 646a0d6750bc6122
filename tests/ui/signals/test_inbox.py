"""The signals inbox by keyboard and mouse: link to the suggested case, close with a reason, a new
case from a signal, a case picked by typing, and a new signal."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Case, Signal
from wiec_desktop.domain.enums import CaseStatus, SignalSource, SignalStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.cases.overlap_dialog import OverlapChoice, OverlapDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.signals import SignalInbox
from wiec_desktop.ui.signals.case_from_signal import SignalCaseDialog
from wiec_desktop.ui.signals.dialogs import CasePickerDialog, CloseSignalDialog, NewSignalDialog
from wiec_desktop.ui.signals.model import AGE

# The completer popup asks the offscreen platform for things it cannot do; that says nothing about us.
OFFSCREEN_POPUPS = "This plugin does not support (raise|grabbing the keyboard)"


@pytest.fixture
def inbox(qtbot, demo_db: Database) -> Iterator[SignalInbox]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    widget = SignalInbox(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # the single-key shortcuts need the active window
    yield widget


def _stored(database: Database, signal_id: int) -> Signal:
    with database.session_factory() as session:
        return session.get(Signal, signal_id)


def _select(inbox: SignalInbox, words: str) -> int:
    """Select the first inbox row whose text contains ``words``; its row number."""
    row = next(i for i, r in enumerate(inbox.model.rows) if words in r.text.lower())
    inbox.view.setCurrentIndex(inbox.model.index(row, 0))
    assert inbox.current_signal_id() == inbox.model.rows[row].signal_id
    return row


def _in_modal(qtbot, kind: type, handle: Callable[[object], None]) -> None:
    """Run ``handle`` on the modal dialog of type ``kind`` as soon as it is open."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, run)
            return
        handle(dialog)

    QTimer.singleShot(0, run)


def test_inbox_shows_ages_and_marks_stale_signals(inbox: SignalInbox) -> None:
    rows = inbox.model.rows
    assert rows and [r.received_on for r in rows] == sorted(r.received_on for r in rows)
    stale = [i for i, r in enumerate(rows) if r.stale]
    assert stale and stale[0] == 0
    text = inbox.model.index(stale[0], AGE).data()
    assert text.endswith("14+ dagen")
    assert inbox.model.index(stale[0], AGE).data(Qt.ItemDataRole.ForegroundRole) is not None
    fresh = next(i for i, r in enumerate(rows) if not r.stale)
    assert "14+" not in inbox.model.index(fresh, AGE).data()
    assert inbox.model.index(fresh, AGE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert f"waarvan {len(stale)} langer dan 14 dagen" in inbox.summary.text()
    assert inbox.current_row() == rows[0] and inbox.stale_badge.isVisibleTo(inbox)


def test_enter_links_the_clearly_suggested_case_and_selects_the_next(
    qtbot, inbox: SignalInbox, demo_db: Database
) -> None:
    row = _select(inbox, "drugshandel")
    signal_id = inbox.current_signal_id()
    following = inbox.model.rows[row + 1].signal_id if row + 1 < len(inbox.model.rows) else None
    first = inbox.suggestions[0]
    assert "drugshandel" in first.title.lower()
    assert {"zelfde thema", "zelfde straat"} <= set(first.reasons)
    assert inbox.link_buttons[0].text() == "Koppelen (Enter)"
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_Return)
    stored = _stored(demo_db, signal_id)
    assert (stored.status, stored.case_id, stored.triaged_on) == (
        SignalStatus.LINKED,
        first.case_id,
        DEMO_TODAY,
    )
    assert inbox.model.row_of(signal_id) == -1
    assert inbox.current_signal_id() == (following or inbox.model.rows[-1].signal_id)


def test_enter_does_nothing_without_a_clear_suggestion(qtbot, inbox: SignalInbox, demo_db: Database) -> None:
    _select(inbox, "ingebroken")  # two suggestions close together
    signal_id = inbox.current_signal_id()
    assert len(inbox.suggestions) >= 2 and inbox.link_buttons[0].text() == "Koppelen"
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_Return)
    assert _stored(demo_db, signal_id).status == SignalStatus.NEW
    # the mouse links to the second suggestion
    second = inbox.suggestions[1]
    qtbot.mouseClick(inbox.link_buttons[1], Qt.MouseButton.LeftButton)
    assert _stored(demo_db, signal_id).case_id == second.case_id


def test_close_with_a_reason_by_keyboard(qtbot, inbox: SignalInbox, demo_db: Database) -> None:
    signal_id = inbox.current_signal_id()
    count = len(inbox.model.rows)
    seen: dict[str, str] = {}

    def fill(dialog: CloseSignalDialog) -> None:
        dialog.save()  # no reason yet: refused, the dialog stays open
        seen["error"] = dialog.form.error_text("reason")
        qtbot.keyClicks(dialog.reason, "Doorgezet naar de gemeente")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _in_modal(qtbot, CloseSignalDialog, fill)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_A)
    assert seen["error"] == "Geef een reden om het signaal af te sluiten."
    stored = _stored(demo_db, signal_id)
    assert (stored.status, stored.closed_reason, stored.triaged_on) == (
        SignalStatus.CLOSED,
        "Doorgezet naar de gemeente",
        DEMO_TODAY,
    )
    assert len(inbox.model.rows) == count - 1
    assert inbox.view.currentIndex().row() == 0  # the next signal (now first) is selected


def test_new_case_from_the_signal_is_prefilled_and_links_it(
    qtbot, inbox: SignalInbox, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(inbox, "koffie-ochtend")
    row = inbox.current_row()
    draft = inbox.context.services.signals.case_draft(row.signal_id)

    def save_anyway(dialog: OverlapDialog) -> int:
        dialog.choice = OverlapChoice.SAVE_ANYWAY
        return 1

    monkeypatch.setattr(OverlapDialog, "exec", save_anyway)
    seen: dict[str, object] = {}

    def fill(dialog: SignalCaseDialog) -> None:
        seen["prefilled"] = (
            dialog.theme.currentText(),
            dialog.location.text(),
            dialog.description.toPlainText(),
            dialog.area.currentData(),
        )
        dialog.title_edit.setText("Koffie-ochtend voor ouderen")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["case_id"] = dialog.case_id
        dialog.reject()  # "Sluiten" after the involvements tab was shown

    _in_modal(qtbot, SignalCaseDialog, fill)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_N)
    assert seen["prefilled"] == (row.theme, draft.location, row.text, draft.area_id)
    assert draft.location == "Dedemsvaartweg" and draft.area_id is not None
    with demo_db.session_factory() as session:
        case = session.get(Case, seen["case_id"])
        assert (case.title, case.theme.name, case.location, case.status) == (
            "Koffie-ochtend voor ouderen",
            row.theme,
            "Dedemsvaartweg",
            CaseStatus.REPORTED,
        )
    stored = _stored(demo_db, row.signal_id)
    assert (stored.status, stored.case_id) == (SignalStatus.LINKED, seen["case_id"])
    assert inbox.model.row_of(row.signal_id) == -1


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUPS)
def test_link_to_another_case_picked_by_typing(qtbot, inbox: SignalInbox, demo_db: Database) -> None:
    signal_id = inbox.current_signal_id()
    with demo_db.session_factory() as session:
        target = session.scalars(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        ).first()
        reference = target.reference

    def pick(dialog: CasePickerDialog) -> None:
        qtbot.keyClicks(dialog.edit, "geen-bestaande-casus")
        dialog.save()
        assert "Kies een open casus" in dialog.form.error_text("case")
        dialog.edit.clear()
        qtbot.keyClicks(dialog.edit, reference)
        assert dialog.edit.completer().completionCount() == 1
        dialog.edit.completer().popup().hide()
        dialog.save()

    _in_modal(qtbot, CasePickerDialog, pick)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_K)
    stored = _stored(demo_db, signal_id)
    assert (stored.status, stored.case_id) == (SignalStatus.LINKED, target.id)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUPS)
def test_new_signal_from_a_partner(qtbot, inbox: SignalInbox, demo_db: Database) -> None:
    def fill(dialog: NewSignalDialog) -> None:
        source: QComboBox = dialog.source
        source.setCurrentIndex(source.findData(SignalSource.PARTNER.value))
        qtbot.keyClicks(dialog.text, "Losliggende stoeptegels")
        dialog.save()  # the partner is missing
        assert "partnerorganisatie" in dialog.form.error_text("organisation_id")
        dialog.organisation.setCurrentIndex(1)
        qtbot.keyClicks(dialog.street, "Ruinenlaan")
        dialog.street.completer().popup().hide()
        dialog.street.editingFinished.emit()
        assert dialog.address.count() > 1
        dialog.address.setCurrentIndex(1)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _in_modal(qtbot, NewSignalDialog, fill)
    qtbot.mouseClick(inbox.new_button, Qt.MouseButton.LeftButton)
    with demo_db.session_factory() as session:
        signal = session.scalars(select(Signal).where(Signal.text == "Losliggende stoeptegels")).one()
        assert (signal.source, signal.status, signal.received_on, signal.street) == (
            SignalSource.PARTNER,
            SignalStatus.NEW,
            DEMO_TODAY,
            "Ruinenlaan",
        )
        assert signal.organisation_id is not None and signal.address.street == "Ruinenlaan"
    assert inbox.current_signal_id() == signal.id
