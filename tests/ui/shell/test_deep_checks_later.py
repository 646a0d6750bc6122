"""A large file opens in the window after the cheap checks only; the deep ones follow off the UI
thread, and a damage they find is said with the way back to a backup (issue 14: the first page at
once on five years of data, without giving up issue 13's damaged-file detection)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from wiec_desktop.storage import integrity, open_policy
from wiec_desktop.storage.database import open_database


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large (the demo is 0.6 MB)."""
    monkeypatch.setattr(integrity, "DEFER_DEEP_CHECKS_FROM_BYTES", 1)


def test_the_command_line_default_checks_before_opening(
    demo_path: Path, small_threshold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that never showed the window's shell (the command line) checks before opening."""
    monkeypatch.setattr(open_policy, "DEFER_DEEP_CHECKS", False)  # an earlier test may have shown it
    database = open_database(demo_path)
    try:
        assert database.deep_checks_pending is False
    finally:
        database.close()


def test_a_large_file_opens_with_its_deep_checks_pending(demo_path: Path, small_threshold: None) -> None:
    database = open_database(demo_path, defer_deep_checks=True)
    try:
        assert database.deep_checks_pending is True
    finally:
        database.close()
    small = open_database(demo_path, defer_deep_checks=False)
    small.close()
    assert small.deep_checks_pending is False


def test_a_file_below_the_threshold_is_checked_at_once(demo_path: Path) -> None:
    database = open_database(demo_path, defer_deep_checks=True)
    try:
        assert database.deep_checks_pending is False
    finally:
        database.close()


def test_the_window_reports_damage_found_after_the_first_page(
    demo_path: Path, small_threshold: None, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.shell.main_window import MainWindow

    monkeypatch.setattr(
        integrity, "problems", lambda _path, _passphrase=None, **_options: ["Tabel case: index ontbreekt"]
    )
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    # the backup at close refuses the "damaged" file too and says so: not what this test is about
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *_args, **_kwargs: None))
    database = open_database(demo_path, defer_deep_checks=True)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_context(AppContext.create(database, window.settings))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "beschadigd" in shown[0] and "index ontbreekt" in shown[0] and "Herstellen" in shown[0]
    QApplication.processEvents()
    window.close()
    database.close()


def test_a_whole_file_checked_later_says_nothing(
    demo_path: Path, small_threshold: None, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.shell.main_window import MainWindow

    checked: list[Path] = []
    real = integrity.problems

    def counting(path: Path, passphrase: str | None = None, **options: object) -> list[str]:
        checked.append(path)
        return real(path, passphrase, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(integrity, "problems", counting)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("no message for a whole file"))
    database = open_database(demo_path, defer_deep_checks=True)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_context(AppContext.create(database, window.settings))
    qtbot.waitUntil(lambda: bool(checked), timeout=10_000)
    qtbot.wait(300)
    window.close()
    database.close()
