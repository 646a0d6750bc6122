"""The window and a database another instance writes to: the chair is told who has it open and may
open it read-only or cancel (at start and from the File menu); a read-only window says so in its
title and status bar, and a write is refused with the Dutch message, never the crash dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import DatabaseReadOnly
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell import start
from wiec_desktop.ui.shell.in_use import InUseDialog
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.read_only_state import LABEL_NAME
from wiec_desktop.ui.shell.smoke import check_sections


def _context(database: Database) -> AppContext:
    return AppContext(database, Services(database.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def other_instance(demo_path: Path) -> Iterator[Database]:
    """The demo database held for writing by 'another instance' (the lock is per open file, so
    this process holding it is refused like another process would be)."""
    database = open_database(demo_path)
    yield database
    database.close()


class Answers:
    """A dialog runner for the tests: records each dialog and answers it."""

    def __init__(self, read_only: bool) -> None:
        self.read_only = read_only
        self.asked: list[QDialog] = []

    def __call__(self, dialog: QDialog) -> bool:
        self.asked.append(dialog)
        assert isinstance(dialog, InUseDialog)
        return self.read_only


def _window(qtbot, database: Database) -> MainWindow:
    window = MainWindow(_context(database))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_at_start_the_chair_is_told_who_has_it_and_may_open_it_read_only(
    qtbot, other_instance: Database, demo_path: Path
) -> None:
    Settings().remember_database(str(demo_path))
    answers = Answers(read_only=True)
    database = start.open_last_or_default(answers)
    assert database is not None
    try:
        (dialog,) = answers.asked
        holder = other_instance._lock.holder  # type: ignore[union-attr]
        assert holder.user in dialog.text.text() and holder.computer in dialog.text.text()
        assert f"{holder.since:%d-%m-%Y %H:%M}" in dialog.text.text()
        assert dialog.read_only_button.text() == "Alleen-lezen openen"
        assert database.read_only and database.location == other_instance.location
    finally:
        database.close()
    assert other_instance.holds_writer_lock


def test_at_start_cancel_opens_nothing(qtbot, other_instance: Database, demo_path: Path) -> None:
    Settings().remember_database(str(demo_path))
    assert start.open_last_or_default(Answers(read_only=False)) is None


def test_the_in_use_dialog_by_mouse(qtbot, other_instance: Database) -> None:
    from wiec_desktop.storage.database import writer_elsewhere

    error = writer_elsewhere(other_instance.location)
    assert error is not None
    dialog = InUseDialog("demo.sqlite", error)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.read_only_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_read_only_window_says_so_and_refuses_a_write_with_the_dutch_message(
    qtbot, other_instance: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(demo_path, read_only=True)
    window = _window(qtbot, database)
    try:
        assert window.windowTitle().endswith("— alleen-lezen")
        label = window.statusBar().findChild(type(window.database_label), LABEL_NAME)
        assert label is not None and label.isVisible() and "Alleen-lezen" in label.text()
        assert window.offer_resume() == []  # resuming a meeting would write
        assert check_sections(window) == []  # every page reads without a write
        with pytest.raises(DatabaseReadOnly) as raised:
            window.context.services.organisations.create_organisation(name="Politie")
        assert "alleen-lezen" in raised.value.message
    finally:
        window.close()
        database.close()


def test_switching_to_a_database_in_use_from_the_file_menu(
    qtbot, db: Database, other_instance: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, db)
    answers = Answers(read_only=False)
    monkeypatch.setattr(window, "exec_dialog", answers)
    try:
        assert not window.switch_database(str(demo_path))  # cancelled: the current one stays
        assert window.context.database is db and not window.windowTitle().endswith("alleen-lezen")
        answers.read_only = True
        assert window.switch_database(str(demo_path))
        assert window.context.database.read_only
        assert window.windowTitle().endswith("— alleen-lezen")
        assert len(answers.asked) == 2
        assert window.switch_database(str(demo_path))  # the one open already: nothing asked
        assert len(answers.asked) == 2
        assert window.switch_database(db.location.display())  # back: the first one was closed
        assert not window.context.database.read_only
        assert not window.windowTitle().endswith("alleen-lezen")
        label = window.statusBar().findChild(type(window.database_label), LABEL_NAME)
        assert label is not None and not label.isVisible()
    finally:
        window.close()
        window.context.database.close()


def test_saving_a_new_organisation_in_a_read_only_window_says_why_and_keeps_the_text(
    qtbot, other_instance: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real write from the window: typed and saved, refused with the Dutch message in a plain
    warning (no crash dialog), the dialog stays open with what was typed."""
    from wiec_desktop.ui.partners.organisation_dialog import OrganisationDialog

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    database = open_database(demo_path, read_only=True)
    window = _window(qtbot, database)
    try:
        dialog = OrganisationDialog(window.context, None, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.name, "Buurtpreventie Zuid")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert len(shown) == 1 and "alleen-lezen" in shown[0]
        assert dialog.isVisible() and dialog.saved_id is None
        assert dialog.name.text() == "Buurtpreventie Zuid"
        dialog.reject()
    finally:
        window.close()
        database.close()
