"""Messages under form fields go as soon as the field is right, and a text over its limit is shown
and refused instead of cut: "Titel is verplicht." stayed under a corrected title, and a
600-character title was cut to 200 without a word."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit
from sqlalchemy import func, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.domain.meetings import Meeting
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.cases.involvement_dialog import InvolvementDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, date_edit
from wiec_desktop.ui.common.text_limit import length_counter, limit_length
from wiec_desktop.ui.meetings.meeting_dialog import MeetingDialog
from wiec_desktop.ui.settings.preferences import Settings

LONG_TITLE = ("Jongeren op het Hengelolaan-plein tot laat in de avond, met brommers en muziek. " * 8)[:600]


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


def _shown(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _paste(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all and paste ``text`` from the clipboard, as the chair does with a long title."""
    QApplication.clipboard().setText(text)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _cases(database: Database) -> int:
    with database.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


# --- messages that stay -------------------------------------------------------------------------


def test_titel_is_verplicht_goes_as_soon_as_a_title_is_typed(qtbot, context: AppContext) -> None:
    dialog = _shown(qtbot, CaseDialog(context))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("title") == "Titel is verplicht."
    qtbot.keyClicks(dialog.title_edit, " ")
    assert dialog.form.error_text("title") == "Titel is verplicht."  # still no title
    qtbot.keyClicks(dialog.title_edit, "Zwerfafval")
    assert dialog.form.error_text("title") == ""


def test_kies_de_organisatie_goes_once_one_is_chosen(qtbot, context: AppContext, demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        case_id = session.scalars(select(Case.id).order_by(Case.id)).first()
    dialog = _shown(qtbot, InvolvementDialog(context, case_id))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("organisation") == "Kies de organisatie die betrokken is."
    combo = dialog.organisation
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the first organisation
    assert combo.currentData() is not None
    assert dialog.form.error_text("organisation") == ""


def test_a_service_message_goes_when_its_field_is_edited(qtbot) -> None:
    form = Form()
    qtbot.addWidget(form)
    name, kind, notes = QLineEdit(form), QComboBox(form), QPlainTextEdit(form)
    kind.addItems(["a", "b"])
    form.add_row("name", "Naam", name)
    form.add_row("kind", "Soort", kind)
    form.add_row("notes", "Notities", notes)
    form.show_errors(
        {"name": "Er bestaat al een organisatie met deze naam.", "kind": "Kies.", "notes": "Te kort."}
    )
    assert [form.error_text(k) for k in ("name", "kind", "notes")] == [
        "Er bestaat al een organisatie met deze naam.",
        "Kies.",
        "Te kort.",
    ]
    qtbot.keyClicks(name, "x")
    kind.setCurrentIndex(1)
    assert [form.error_text(k) for k in ("name", "kind", "notes")] == ["", "", "Te kort."]
    qtbot.keyClicks(notes, "meer tekst")
    assert form.error_text("notes") == ""


def test_a_form_refuses_a_date_that_does_not_exist_and_forgets_it_once_corrected(qtbot) -> None:
    form = Form()
    qtbot.addWidget(form)
    field = date_edit(date(2026, 11, 3), form, today=lambda: DEMO_TODAY)
    form.add_row("due_date", "Deadline", field)
    form.show()
    qtbot.waitExposed(form)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "31-02-2027")
    assert form.error_text("due_date") == "31-02-2027 bestaat niet."  # said while typing
    calls: list[str] = []
    assert form.attempt(lambda: calls.append("saved")) is None and calls == []
    assert form.error_text("due_date") == "31-02-2027 bestaat niet."
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert form.error_text("due_date") == ""
    field.selectAll()
    qtbot.keyClicks(field, "26-2-2027")
    assert form.error_text("due_date") == ""
    form.attempt(lambda: calls.append("saved"))
    assert calls == ["saved"] and field.value() == date(2027, 2, 26)


# --- limits -------------------------------------------------------------------------------------


def test_a_600_character_title_is_shown_and_refused_not_cut(
    qtbot, context: AppContext, demo_db: Database
) -> None:
    before = _cases(demo_db)
    dialog = _shown(qtbot, CaseDialog(context))
    _paste(qtbot, dialog.title_edit, LONG_TITLE)
    assert dialog.title_edit.text() == LONG_TITLE.strip()  # nothing cut
    counter = length_counter(dialog.title_edit)
    assert counter is not None and counter.text() == f"{len(LONG_TITLE.strip())}/200"
    assert counter.isVisible() and "#b3261e" in counter.styleSheet()  # red over the limit
    assert dialog.form.error_text("title") == "Titel mag hoogstens 200 tekens lang zijn."  # while typing
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and _cases(demo_db) == before
    assert dialog.form.error_text("title") == "Titel mag hoogstens 200 tekens lang zijn."
    assert dialog.title_edit.text() == LONG_TITLE.strip()

    dialog.title_edit.setFocus()
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_End)
    for _ in range(len(LONG_TITLE.strip()) - 200):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Backspace)
    assert counter.text() == "200/200" and "#b3261e" not in counter.styleSheet()
    assert dialog.form.error_text("title") == ""


def test_the_counter_shows_while_typing(qtbot) -> None:
    form = Form()
    qtbot.addWidget(form)
    edit = QLineEdit(form)
    after = QLineEdit(form)
    counter = limit_length(edit, 10, "Naam")
    form.add_row("name", "Naam", edit)
    form.add_row("other", "Ander", after)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "Jan Jansen")
    assert counter.isVisible() and counter.text() == "10/10" and form.error_text("name") == ""
    qtbot.keyClicks(edit, "!")
    assert counter.text() == "11/10" and form.error_text("name") == "Naam mag hoogstens 10 tekens lang zijn."
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert after.hasFocus() and not counter.isVisible() and form.error_text("name") == ""
    assert edit.maxLength() == 32767  # never cut


def test_a_too_long_meeting_title_is_refused_when_the_meeting_is_changed(
    qtbot, context: AppContext, demo_db: Database
) -> None:
    """Changing a meeting: the service did not check the title's length, the field cut it."""
    with demo_db.session_factory() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)).first()
        meeting_id, title = meeting.id, meeting.title
    dialog = _shown(qtbot, MeetingDialog(context, meeting_id))
    _paste(qtbot, dialog.title_edit, LONG_TITLE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.isVisible() and dialog.form.error_text("title") == "Titel mag hoogstens 200 tekens lang zijn."
    )
    with demo_db.session_factory() as session:
        assert session.get(Meeting, meeting_id).title == title


def test_no_text_field_of_the_program_cuts_what_is_typed() -> None:
    """Limits are shown with ``limit_length``; ``setMaxLength`` cut silently."""
    from tests.test_layers import modules

    cutting = [
        f"{file.name}:{number}"
        for module, file in modules()
        if module.startswith("wiec_desktop.ui")
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1)
        if ".setMaxLength(" in line
    ]
    assert cutting == []
