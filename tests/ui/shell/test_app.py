"""Start-up pieces: settings, the exception hook and the ``--smoke`` run of ``run_gui``."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from wiec_desktop.storage.database import Database
from wiec_desktop.storage.errors import DatabaseLocked
from wiec_desktop.storage.paths import data_dir, log_dir
from wiec_desktop.ui.settings.preferences import MAX_RECENT, Settings, last_database
from wiec_desktop.ui.shell.app import run_gui
from wiec_desktop.ui.shell.crash import CrashDialog, ExceptionHook


def test_settings_file_and_recent_databases() -> None:
    settings = Settings()
    assert settings.path == data_dir() / "settings.ini"
    assert settings.recent_databases() == [] and last_database() is None
    for number in range(10):
        settings.add_recent_database(f"/data/db{number}.sqlite")
    settings.remember_database("/data/db3.sqlite")
    recent = Settings().recent_databases()
    assert len(recent) == MAX_RECENT
    assert recent[:3] == ["/data/db3.sqlite", "/data/db9.sqlite", "/data/db8.sqlite"]
    assert recent.count("/data/db3.sqlite") == 1
    assert last_database() == "/data/db3.sqlite"
    settings.remove_recent_database("/data/db9.sqlite")
    assert "/data/db9.sqlite" not in Settings().recent_databases()
    settings.clear_recent_databases()
    assert Settings().recent_databases() == []
    settings.add_recent_database("/data/alleen.sqlite")
    assert Settings().recent_databases() == ["/data/alleen.sqlite"]  # a one-item list stays a list


def _raise(exc: BaseException) -> tuple:
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_storage_errors_are_shown_as_a_plain_warning(qapp, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr(CrashDialog, "exec", lambda self: pytest.fail("no crash dialog expected"))
    ExceptionHook()(*_raise(DatabaseLocked("De database is in gebruik.")))
    assert warnings == ["De database is in gebruik."]


def test_other_errors_open_the_crash_dialog(qapp, monkeypatch, caplog) -> None:
    shown: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self) or 0)
    hook = ExceptionHook()
    previous = sys.excepthook
    hook.install()
    try:
        assert sys.excepthook is hook
        with caplog.at_level(logging.ERROR, logger="wiec_desktop"):
            sys.excepthook(*_raise(ZeroDivisionError("kapot")))
    finally:
        hook.uninstall()
    assert sys.excepthook is previous
    details = shown[0].details.toPlainText()
    assert "Traceback" in details and "ZeroDivisionError: kapot" in details
    assert str(log_dir()) in shown[0].intro.text()
    assert any("Unexpected error" in record.message for record in caplog.records)
    shown[0].copy_details()
    assert QGuiApplication.clipboard().text() == details
    shown[0].deleteLater()


def test_smoke_run_on_the_demo_database(qapp, demo_db: Database, capsys) -> None:
    assert run_gui(demo_db, smoke=True) == 0
    assert capsys.readouterr().err.count("wiec-desktop:") == 0
    assert QApplication.applicationName() == "WIEC Desktop"
    assert QApplication.organizationName() == "WIEC"
    assert last_database() == str(demo_db.location.path)


def test_smoke_run_on_an_empty_database_fails(qapp, db: Database, capsys) -> None:
    assert run_gui(db, smoke=True) == 1
    err = capsys.readouterr().err
    assert "wiec-desktop: onderdeel Casussen is leeg" in err
