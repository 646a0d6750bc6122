"""Backups in the window: Bestand › Back-up maken and Herstellen… (the list, a restore round trip
with equal counts, a damaged backup refused), the daily backups with their rotation (the clock
moved on), the backup on close, the backup folder that cannot be used, a database server."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Action, Case, Meeting
from wiec_desktop.services.registry import Services
from wiec_desktop.storage import backups, encryption
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.engine import DatabaseLocation
from wiec_desktop.storage.paths import default_backup_dir
from wiec_desktop.ui.backups import window_backups
from wiec_desktop.ui.backups.window_backups import FIRST_CHECK_MS
from wiec_desktop.ui.common.background import SynchronousRunner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

PASSPHRASE = "lange wachtwoordzin voor de wijk"
START = datetime(2026, 11, 10, 9, 30)


class Clock:
    """The moment the window's backups think it is; tests move it on."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def counts(database: Database) -> tuple[int, int, int]:
    with database.session_factory() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Case, Meeting, Action))


def open_window(qtbot, database: Database, clock: Clock | None = None) -> MainWindow:
    context = AppContext(database, Services(database.session_factory, today=lambda: DEMO_TODAY), Settings())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.backups.use_runner(SynchronousRunner())
    if clock is not None:
        window.backups.clock = clock
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def window(qtbot, demo_db: Database, clock: Clock) -> Iterator[MainWindow]:
    main = open_window(qtbot, demo_db, clock)
    yield main
    main.close()
    main.context.database.close()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every message box the flow shows, answered Yes (questions) or OK; their texts recorded."""
    shown: dict[str, list[str]] = {"question": [], "warning": [], "information": []}

    def recorder(kind: str, answer: Any) -> Any:
        def box(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown[kind].append(text)
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder("information", QMessageBox.StandardButton.Ok))
    return shown


def backup_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wiec-backup"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_menu_entries_make_and_list_backups(qtbot, window: MainWindow, clock: Clock) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    folder = default_backup_dir()
    [first] = backup_files(folder)
    assert "Back-up gemaakt en gecontroleerd" in window.statusBar().currentMessage()
    assert str(first) in window.statusBar().currentMessage()  # says where
    assert backups.integrity_problem(first) is None
    assert not window.backups.indicator.isVisible()  # the busy indicator went again

    clock.moment += timedelta(minutes=5)
    window.backups.make_action.trigger()
    second = next(path for path in backup_files(folder) if path != first)

    window.backups.restore_action.trigger()
    dialog = window.backups.restore_dialog
    assert dialog is not None and dialog.isVisible() and dialog.loaded
    model = dialog.model
    assert model.rowCount() == 2
    assert [model.backup(row).path for row in range(2)] == [second, first]  # newest first
    expected = counts(window.context.database)
    shown = [model.index(0, column).data() for column in range(model.columnCount())]
    assert shown[0] == "10-11-2026 09:35"
    assert shown[1].endswith(("kB", "MB"))
    assert tuple(int(value) for value in shown[2:5]) == expected
    assert dialog.view.currentIndex().row() == 0 and dialog.restore_button.isEnabled()
    dialog.close_button.click()
    assert window.backups.restore_dialog is None


def test_restore_round_trip_through_the_dialog_gives_equal_counts(
    qtbot, window: MainWindow, boxes: dict[str, list[str]]
) -> None:
    before = counts(window.context.database)
    window.backups.make_action.trigger()
    [made] = backup_files(default_backup_dir())
    with window.context.database.session_factory.begin() as session:
        session.query(Action).delete()
    assert counts(window.context.database)[2] == 0
    old_database = window.context.database

    dialog = window.backups.show_restore()
    assert dialog is not None
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert len(boxes["question"]) == 1 and made.name in boxes["question"][0]
    assert boxes["warning"] == []
    assert window.context.database is not old_database  # closed and opened again in the window
    assert window.context.database.location.path == old_database.location.path
    assert counts(window.context.database) == before
    assert window.backups.restore_dialog is None
    [told] = boxes["information"]
    [aside] = [
        info
        for info in backups.list_backups(default_backup_dir(), old_database.location.path)
        if info.before_restore
    ]
    assert str(aside.path) in told
    assert aside.actions == 0  # the state before the restore, kept

    dialog = window.backups.show_restore()  # the list now shows the kept state too
    assert dialog is not None
    notes = [dialog.model.index(row, 5).data() for row in range(dialog.model.rowCount())]
    assert notes.count("stand vóór herstel") == 1
    dialog.reject()


def test_a_damaged_backup_is_refused_with_its_reason_and_nothing_changes(
    qtbot, window: MainWindow, boxes: dict[str, list[str]]
) -> None:
    window.backups.make_action.trigger()
    [made] = backup_files(default_backup_dir())
    damaged = made.with_name(made.name.replace("20261110-093000", "20261109-080000"))
    damaged.write_bytes(made.read_bytes()[:-5000])
    database = window.context.database
    path = database.location.path
    assert path is not None
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sha256(path)

    dialog = window.backups.show_restore()
    assert dialog is not None
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.backup(r).path == damaged)
    assert dialog.model.index(row, 5).data() == "niet leesbaar"
    dialog.view.selectRow(row)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    [refusal] = boxes["warning"]
    assert "niet in orde" in refusal and "niet gewijzigd" in refusal
    assert boxes["question"] == [] and boxes["information"] == []
    assert window.context.database is database  # still the same, open database
    assert sha256(path) == before
    assert dialog.isVisible()
    dialog.reject()


def test_another_file_can_be_restored_from_the_dialog(
    qtbot, window: MainWindow, boxes: dict[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "usb" / "wijk-kopie.wiec-backup"
    elsewhere.parent.mkdir()
    backups.backup_to(window.context.database, elsewhere)
    before = counts(window.context.database)
    with window.context.database.session_factory.begin() as session:
        session.query(Action).delete()
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(elsewhere), ""))
    dialog = window.backups.show_restore()
    assert dialog is not None and dialog.model.rowCount() == 0
    assert "nog geen back-ups" in dialog.status.text()
    qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    assert counts(window.context.database) == before
    assert boxes["warning"] == []


def test_daily_backups_are_rotated_as_the_days_go_by(qtbot, window: MainWindow, clock: Clock) -> None:
    assert window.backups.first_check.isActive()
    assert window.backups.first_check.interval() <= FIRST_CHECK_MS <= 5 * 60_000
    assert window.backups.daily.isActive()
    folder = default_backup_dir()
    days = 60
    for day in range(days):
        clock.moment = START + timedelta(days=day)
        window.backups.daily_check()  # the first check of the day makes one …
        clock.moment += timedelta(hours=3)
        window.backups.daily_check()  # … later checks that day do not
    listed = backups.list_backups(folder, window.context.database.location.path)
    made = [START + timedelta(days=day) for day in range(days)]
    expected = backups.kept(((m, m) for m in made), clock.moment, recent=backups.KEEP_RECENT)
    assert {info.made_at for info in listed} == expected
    assert len(listed) <= backups.KEEP_DAILY + backups.KEEP_WEEKLY + backups.KEEP_MONTHLY
    assert all(
        (clock.moment - timedelta(days=d)).replace(hour=9) in {i.made_at for i in listed} for d in range(7)
    )
    assert not list(folder.glob(".*partial*"))


def test_a_backup_is_made_on_close(qtbot, demo_db: Database, clock: Clock) -> None:
    window = open_window(qtbot, demo_db, clock)
    expected = counts(demo_db)
    window.close()
    [made] = backups.list_backups(default_backup_dir(), demo_db.location.path)
    assert (made.cases, made.meetings, made.actions) == expected
    assert made.made_at == START


def test_a_failed_backup_on_close_is_told_and_the_window_closes(
    qtbot, demo_db: Database, boxes: dict[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "geen-map"
    blocker.write_text("a file where the backup folder should be")
    monkeypatch.setattr(window_backups, "default_backup_dir", lambda: blocker / "back-ups")
    window = open_window(qtbot, demo_db)
    window.close()
    [told] = boxes["warning"]
    assert "bij het afsluiten is niet gelukt" in told and "toch gesloten" in told
    assert not window.isVisible()


def test_an_unplugged_backup_disk_gives_the_default_folder_and_says_so(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    unplugged = tmp_path / "media" / "USB-SCHIJF" / "back-ups"
    window.context.settings.set_backup_folder(unplugged)
    window.backups.make_action.trigger()
    assert not unplugged.exists()  # not made on the computer instead of on the disk
    [made] = backup_files(default_backup_dir())
    message = window.statusBar().currentMessage()
    assert "niet bruikbaar" in message and "niet gevonden" in message and str(made) in message


def test_a_failed_daily_backup_stays_visible_in_the_status_bar(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "geen-map"
    blocker.write_text("a file where the backup folder should be")
    monkeypatch.setattr(window_backups, "default_backup_dir", lambda: blocker / "back-ups")
    window.backups.daily_check()
    assert window.backups.indicator.isVisible()
    assert window.backups.indicator.label.text() == "Back-up mislukt"
    assert "kon niet worden gemaakt" in window.backups.indicator.toolTip()
    assert "automatische back-up is niet gelukt" in window.statusBar().currentMessage()
    monkeypatch.setattr(window_backups, "default_backup_dir", lambda: tmp_path / "back-ups")
    window.backups.daily_check()
    assert not window.backups.indicator.isVisible()
    monkeypatch.undo()


def test_an_encrypted_database_gives_an_encrypted_backup(qtbot, demo_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.sqlite"
    encryption.encrypt_to(demo_path, secret, PASSPHRASE)
    database = open_database(secret, passphrase=PASSPHRASE)
    window = open_window(qtbot, database)
    try:
        window.backups.make_action.trigger()
        [made] = backup_files(default_backup_dir())
        assert encryption.is_encrypted_file(made)
        assert backups.integrity_problem(made, PASSPHRASE) is None
        assert b"SQLite format 3" not in made.read_bytes()[:100]
    finally:
        window.close()
        database.close()


def test_a_database_server_has_no_file_backups(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = window.context.database
    monkeypatch.setattr(database, "location", DatabaseLocation.parse("postgresql+psycopg://wiec@server/wiec"))
    window.backups.database_opened()
    for action in (window.backups.make_action, window.backups.restore_action):
        assert not action.isEnabled()
        assert "op de server zelf" in action.toolTip()
    assert not window.backups.daily.isActive()
    assert window.backups.back_up_on_close() is None
    monkeypatch.undo()
    window.backups.database_opened()
    assert window.backups.make_action.isEnabled()


def test_back_up_is_listed_under_help_shortcuts(window: MainWindow) -> None:
    from wiec_desktop.ui.shell.shortcuts_dialog import menu_shortcuts

    keys = dict(menu_shortcuts(window.menuBar()))["Bestand"]
    assert ("Ctrl+Shift+B", "Back-up maken") in keys
    everything = [key for _menu, rows in menu_shortcuts(window.menuBar()) for key, _text in rows]
    assert everything.count("Ctrl+Shift+B") == 1
