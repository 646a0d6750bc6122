"""Instellingen › Back-ups: the folder for backups is kept only when a backup can be written there;
a missing folder (a disk not plugged in), a file, or a read-only disk gives the Dutch reason."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.storage.paths import default_backup_dir
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.settings.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot, demo_db: Database) -> SettingsDialog:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    shown = SettingsDialog(context)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.tabs.setCurrentIndex(2)
    return shown


def type_folder(qtbot, dialog: SettingsDialog, folder: Path | str) -> None:
    dialog.backup_folder_edit.clear()
    qtbot.keyClicks(dialog.backup_folder_edit, str(folder))


def error_text(dialog: SettingsDialog) -> str:
    label = dialog.backup_form.errors["backup_folder"]
    return label.text() if label.isVisible() else ""


def test_a_writable_folder_is_kept_and_the_default_is_named(
    qtbot, dialog: SettingsDialog, tmp_path: Path
) -> None:
    assert dialog.tabs.tabText(2) == "Back-ups"
    notes = [label.text() for label in dialog.findChildren(QLabel) if "Standaardmap:" in label.text()]
    assert notes and str(default_backup_dir()) in notes[0]
    folder = tmp_path / "gesynchroniseerd"
    folder.mkdir()
    type_folder(qtbot, dialog, folder)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert Settings().backup_folder() == folder
    assert not list(folder.iterdir())  # the write test left nothing behind


def test_a_missing_folder_is_refused_with_the_reason(qtbot, dialog: SettingsDialog, tmp_path: Path) -> None:
    unplugged = tmp_path / "media" / "USB-SCHIJF"
    type_folder(qtbot, dialog, unplugged)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "niet gevonden" in error_text(dialog) and "externe schijf" in error_text(dialog)
    assert Settings().backup_folder() is None
    assert not unplugged.exists()
    qtbot.mouseClick(dialog.default_backup_button, Qt.MouseButton.LeftButton)
    assert error_text(dialog) == "" and dialog.backup_folder_edit.text() == ""
    assert dialog.apply()


def test_a_file_is_no_folder(qtbot, dialog: SettingsDialog, tmp_path: Path) -> None:
    file = tmp_path / "notities.txt"
    file.write_text("geen map")
    type_folder(qtbot, dialog, file)
    assert not dialog.apply()
    assert "geen map" in error_text(dialog)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A read-only tmpfs (as root: a plain chmod does not stop root from writing)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only tmpfs needs root")
    mount = tmp_path / "alleen-lezen"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"tmpfs could not be mounted: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_read_only_disk_is_refused_with_the_reason(
    qtbot, dialog: SettingsDialog, read_only_disk: Path
) -> None:
    type_folder(qtbot, dialog, read_only_disk)
    assert not dialog.apply()
    assert "kan niet worden geschreven" in error_text(dialog) and "alleen-lezen" in error_text(dialog)
    assert Settings().backup_folder() is None


def test_the_folder_picker_fills_in_and_checks(
    qtbot, dialog: SettingsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "extern"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    qtbot.mouseClick(dialog.backup_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.backup_folder_edit.text() == str(chosen)
    assert error_text(dialog) == ""
