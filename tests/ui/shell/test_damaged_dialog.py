"""A damaged database met at the start or at Bestand › Openen: the dialog says what is wrong and
offers the newest good backup (restored, the damaged file kept aside unchanged) or another file;
Cancel keeps what was open. Driven by mouse as the chair would."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.storage.paths import default_backup_dir
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell import start
from wiec_desktop.ui.shell.damaged_dialog import DamagedDialog
from wiec_desktop.ui.shell.main_window import MainWindow

BACKUP_NAME = "wijk.20261101-090000.wiec-backup"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(demo_template: Path, tmp_path: Path) -> Path:
    """The demo database missing its last 100 bytes, alone in its folder."""
    folder = tmp_path / "wijk"
    folder.mkdir()
    path = folder / "wijk.sqlite"
    data = demo_template.read_bytes()
    path.write_bytes(data[:-100])
    return path


@pytest.fixture
def good_backup(demo_template: Path) -> Path:
    folder = default_backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    backup = folder / BACKUP_NAME
    shutil.copyfile(demo_template, backup)
    return backup


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    main = MainWindow(
        AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    )
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.context.database.close()


def _driver(qtbot, steps: Callable[[QDialog], None], seen: list[QDialog]) -> Callable[[QDialog], bool]:
    """An ``exec_dialog`` that shows the dialog, lets ``steps`` click, and says whether it was accepted."""

    def run(dialog: QDialog) -> bool:
        seen.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        steps(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_open_a_damaged_file_and_restore_its_newest_good_backup(
    qtbot, monkeypatch, window: MainWindow, damaged: Path, good_backup: Path
) -> None:
    before = _digest(damaged)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged), ""))
    seen: list[QDialog] = []

    def restore(dialog: QDialog) -> None:
        assert isinstance(dialog, DamagedDialog)
        assert "Bestand is afgekapt: 100 bytes te kort" in dialog.problems.text()
        assert BACKUP_NAME in dialog.backup_label.text()
        assert dialog.restore_button.text() == "Nieuwste goede back-up herstellen"
        _click(qtbot, dialog.restore_button)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, restore, seen))
    window.open_action.trigger()
    assert len(seen) == 1
    assert window.context.database.location.path == damaged
    assert _digest(damaged) == _digest(good_backup)
    (kept,) = [name for name in os.listdir(default_backup_dir()) if ".beschadigd-" in name]
    assert _digest(default_backup_dir() / kept) == before  # the damaged file, kept aside unchanged
    window.show_section(1)  # the restored database is shown
    assert window.current_page().primary.model.total > 0


def test_another_file_can_be_opened_instead(
    qtbot, monkeypatch, window: MainWindow, damaged: Path, demo_template: Path, tmp_path: Path
) -> None:
    before = _digest(damaged)
    other = tmp_path / "ander.sqlite"
    shutil.copyfile(demo_template, other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged), ""))
    seen: list[QDialog] = []

    def other_file(dialog: QDialog) -> None:
        assert isinstance(dialog, DamagedDialog)
        assert not dialog.restore_button.isEnabled()  # no backup of this file anywhere
        assert "geen goede back-up" in dialog.backup_label.text()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
        _click(qtbot, dialog.other_button)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, other_file, seen))
    window.open_action.trigger()
    assert window.context.database.location.path == other
    assert _digest(damaged) == before and sorted(os.listdir(damaged.parent)) == ["wijk.sqlite"]


def test_cancel_keeps_the_database_that_was_open(
    qtbot, monkeypatch, window: MainWindow, damaged: Path, good_backup: Path
) -> None:
    current = window.context.database.location.path
    before = _digest(damaged)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged), ""))
    seen: list[QDialog] = []

    def cancel(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, cancel, seen))
    window.open_action.trigger()
    assert len(seen) == 1 and window.context.database.location.path == current
    assert _digest(damaged) == before and sorted(os.listdir(damaged.parent)) == ["wijk.sqlite"]
    assert os.listdir(default_backup_dir()) == [BACKUP_NAME]


def test_at_start_a_damaged_last_database_offers_its_backup(qtbot, damaged: Path, good_backup: Path) -> None:
    Settings().remember_database(str(damaged))
    seen: list[QDialog] = []

    def restore(dialog: QDialog) -> None:
        assert isinstance(dialog, DamagedDialog) and "‘wijk.sqlite’ is beschadigd" in dialog.intro.text()
        _click(qtbot, dialog.restore_button)

    database = start.open_last_or_default(_driver(qtbot, restore, seen))
    assert database is not None
    try:
        assert database.location.path == damaged and len(seen) == 1
    finally:
        database.close()
    assert _digest(damaged) == _digest(good_backup)


def test_at_start_cancel_opens_nothing(qtbot, damaged: Path, good_backup: Path) -> None:
    Settings().remember_database(str(damaged))
    before = _digest(damaged)

    def cancel(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert start.open_last_or_default(_driver(qtbot, cancel, [])) is None
    assert _digest(damaged) == before and sorted(os.listdir(damaged.parent)) == ["wijk.sqlite"]


def test_at_the_first_start_a_damaged_default_database_offers_another_file(
    qtbot, monkeypatch, demo_template: Path, tmp_path: Path
) -> None:
    from wiec_desktop.storage.paths import default_database_path

    default = default_database_path()
    default.write_bytes(demo_template.read_bytes()[:-1])  # its very last byte gone
    before = _digest(default)
    other = tmp_path / "ander.sqlite"
    shutil.copyfile(demo_template, other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))

    def other_file(dialog: QDialog) -> None:
        assert isinstance(dialog, DamagedDialog)
        assert "Bestand is afgekapt: 1 byte te kort" in dialog.problems.text()
        _click(qtbot, dialog.other_button)

    database = start.open_last_or_default(_driver(qtbot, other_file, []))
    assert database is not None
    try:
        assert database.location.path == other
    finally:
        database.close()
    assert _digest(default) == before


PASSPHRASE = "een lange wachtwoordzin"


def test_an_encrypted_damaged_file_gets_the_same_offer_after_its_passphrase(
    qtbot, monkeypatch, window: MainWindow, demo_template: Path, tmp_path: Path
) -> None:
    """The passphrase dialog used to show the damage as a message for another try; now the damaged
    file's dialog follows, and its backup is restored with the passphrase typed."""
    from wiec_desktop.storage.encryption import encrypt_to
    from wiec_desktop.ui.shell.passphrase_dialog import PassphraseDialog

    folder = tmp_path / "geheim"
    folder.mkdir()
    whole = tmp_path / "heel.sqlite"
    encrypt_to(demo_template, whole, PASSPHRASE)
    damaged = folder / "wijk.sqlite"
    data = bytearray(whole.read_bytes())
    data[8 * 4096 : 9 * 4096] = bytes(4096)  # one page in the middle wiped (whole pages: still encrypted)
    damaged.write_bytes(bytes(data))
    backups = default_backup_dir()
    backups.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(whole, backups / BACKUP_NAME)
    before = _digest(damaged)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged), ""))
    seen: list[QDialog] = []

    def steps(dialog: QDialog) -> None:
        if isinstance(dialog, PassphraseDialog):
            qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
            _click(qtbot, dialog.ok_button)
            return
        assert isinstance(dialog, DamagedDialog)
        assert BACKUP_NAME in dialog.backup_label.text()
        _click(qtbot, dialog.restore_button)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, steps, seen))
    window.open_action.trigger()
    assert [type(dialog).__name__ for dialog in seen] == ["PassphraseDialog", "DamagedDialog"]
    database = window.context.database
    assert database.location.path == damaged and database.encrypted
    window.show_section(1)  # the restored database is shown, its cases readable
    assert window.current_page().primary.model.total > 0
    (kept,) = [name for name in os.listdir(backups) if ".beschadigd-" in name]
    assert _digest(backups / kept) == before
