"""Start-up order: the shell is painted first, then the database is opened (its dialogs over the
shell) and the first page shown; the start-up probe writes those moments for the benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from wiec_desktop import __main__ as entry
from wiec_desktop.cli.main import build_parser
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.shell import app as shell_app
from wiec_desktop.ui.shell import start
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.startup_probe import (
    DATABASE_OPEN,
    FIRST_PAGE_SHOWN,
    MOMENTS,
    PROBE_ENV,
    WINDOW_PAINTED,
)

SAFETY_MS = 30_000  # a test that goes wrong ends instead of waiting for ever


@pytest.fixture(autouse=True)
def no_resume_question(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    asked: list[MainWindow] = []
    monkeypatch.setattr(MainWindow, "offer_resume", lambda self: asked.append(self) or [])
    return asked


def _quit_later() -> None:
    QTimer.singleShot(SAFETY_MS, QApplication.quit)


def test_the_window_is_painted_before_the_database_opens_and_the_probe_writes(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Database, no_resume_question
) -> None:
    probe_file = tmp_path / "probe.json"
    monkeypatch.setenv(PROBE_ENV, str(probe_file))
    seen: list[tuple[bool, bool]] = []

    def choose(window: QWidget) -> Database:
        assert isinstance(window, MainWindow)
        seen.append((window.isVisible(), window.has_database))
        return demo_db

    _quit_later()
    assert shell_app.run_gui(None, choose_database=choose) == 0  # the probe closed the window
    assert seen == [(True, False)]  # asked over the shown shell, before any database was in it
    written = json.loads(probe_file.read_text(encoding="utf-8"))
    assert written["order"] == [WINDOW_PAINTED, DATABASE_OPEN, FIRST_PAGE_SHOWN] == list(MOMENTS)
    marks = written["marks"]
    assert marks[WINDOW_PAINTED] <= marks[DATABASE_OPEN] <= marks[FIRST_PAGE_SHOWN]
    assert len(no_resume_question) == 1  # asked once the first page is there


def test_cancel_at_the_start_opens_nothing_and_ends(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROBE_ENV, raising=False)
    parents: list[QWidget | None] = []

    def cancelled(exec_dialog=None, parent: QWidget | None = None) -> None:
        parents.append(parent)
        return None

    monkeypatch.setattr(start, "open_last_or_default", cancelled)
    _quit_later()
    assert start.start(None) == 0
    assert len(parents) == 1 and isinstance(parents[0], MainWindow)  # the dialogs come over the shell
    assert not parents[0].has_database


def test_the_entry_point_shows_the_shell_only_for_a_window_start() -> None:
    assert entry.opens_window([])
    assert entry.opens_window(["--db", "wijk.sqlite"])
    assert entry.opens_window(["--db=wijk.sqlite", "--smoke", "--read-only", "--passphrase-file", "p"])
    assert entry.opens_window(["--demo", "--smoke"])
    for arguments in (
        ["demo", "--db", "x.sqlite"],  # a command
        ["--help"],
        ["--version"],
        ["--demo", "--db", "x.sqlite"],  # refused by the command line
        ["--read-only"],
        ["--passphrase-file", "p"],
        ["--db"],
        ["--db", "--smoke"],
        ["--smok"],  # argparse's abbreviations: left to the command line
    ):
        assert not entry.opens_window(arguments), arguments


def test_the_entry_points_options_are_the_command_lines() -> None:
    options = {option for action in build_parser()._actions for option in action.option_strings}
    assert options >= entry.WINDOW_FLAGS | entry.WINDOW_OPTIONS


def test_a_failing_command_line_closes_the_early_shell(qapp, tmp_path: Path, capsys) -> None:
    missing = tmp_path / "weg.sqlite"
    assert entry.main(["--db", str(missing), "--smoke"]) == 2
    assert "wiec-desktop:" in capsys.readouterr().err
    assert shell_app._SHELL == []
    assert not missing.exists()


def test_the_entry_point_runs_the_smoke_check_in_the_early_shell(qapp, demo_path: Path, capsys) -> None:
    assert entry.main(["--db", str(demo_path), "--smoke"]) == 0
    assert capsys.readouterr().err.count("wiec-desktop:") == 0
    assert shell_app._SHELL == []
