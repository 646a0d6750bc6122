"""Never two writers on the same minutes. In one process a second meeting-mode window on the same
meeting is refused: the one already open is raised, with what was typed in it. In two processes the
second can only open the database read-only, and there meeting mode is refused before anything is
written (the first one's text is never overwritten)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import DatabaseReadOnly
from wiec_desktop.storage.writer_lock import DatabaseInUse
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode import MeetingModeWindow, open_meeting_mode
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
CTRL = Qt.KeyboardModifier.ControlModifier
# Raising a window is something the offscreen platform cannot do; that says nothing about us.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _next_meeting(database: Database) -> int:
    with database.session_factory() as session:
        meeting_id = session.scalars(
            select(Meeting.id)
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.date >= DEMO_TODAY)
            .order_by(Meeting.date, Meeting.start_time)
        ).first()
    assert meeting_id is not None
    return meeting_id


def _meeting_windows() -> list[MeetingModeWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MeetingModeWindow) and w.isVisible()]


@pytest.fixture
def main_window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    for meeting in list(window.meeting_windows):
        if shiboken6.isValid(meeting) and meeting.isVisible():
            meeting.autosaver.flush()
            meeting.close()
    window.close()


def test_a_second_meeting_mode_window_on_the_same_meeting_raises_the_first(
    qtbot, main_window: MainWindow, demo_db: Database
) -> None:
    meeting_id = _next_meeting(demo_db)
    first = main_window.open_meeting_mode(meeting_id)
    assert isinstance(first, MeetingModeWindow)
    first.showNormal()
    qtbot.waitExposed(first)
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow, timeout=2000)
    qtbot.keyClick(first.focusWidget() or first, Qt.Key.Key_M, CTRL)
    qtbot.keyClicks(first.minutes_editor, "Bewoners melden overlast bij de speeltuin.")
    first.showMinimized()

    second = main_window.open_meeting_mode(meeting_id)  # F5 again, or "Hervatten"
    assert second is first
    assert not first.isMinimized()
    assert _meeting_windows() == [first]
    assert main_window.meeting_windows == [first]
    assert first.minutes_editor.toPlainText() == "Bewoners melden overlast bij de speeltuin."
    first.autosaver.flush()
    item_id = first.state.current_item_id
    with demo_db.session_factory() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None and item.minutes == "Bewoners melden overlast bij de speeltuin."


def test_open_meeting_mode_directly_also_gives_the_window_already_open(
    qtbot, main_window: MainWindow, demo_db: Database
) -> None:
    meeting_id = _next_meeting(demo_db)
    first = main_window.open_meeting_mode(meeting_id)
    assert open_meeting_mode(main_window.context, meeting_id) is first


def _writer_process(path: Path) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import time
        from wiec_desktop.storage.database import open_database
        database = open_database({str(path)!r})
        print("open", flush=True)
        time.sleep(120)
        """
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def writer_elsewhere(demo_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that has the demo database open for writing (as its window would)."""
    child = _writer_process(demo_path)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        yield child
    finally:
        child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


def test_in_a_second_process_meeting_mode_is_refused_and_nothing_is_written(
    qtbot, writer_elsewhere: subprocess.Popen[str], demo_path: Path
) -> None:
    with pytest.raises(DatabaseInUse) as in_use:  # the second writer is refused
        open_database(demo_path)
    assert "al geopend door" in str(in_use.value)
    database = open_database(demo_path, read_only=True)
    try:
        meeting_id = _next_meeting(database)
        context = AppContext(
            database, Services(database.session_factory, today=lambda: DEMO_TODAY), Settings()
        )
        with pytest.raises(DatabaseReadOnly) as refused:
            open_meeting_mode(context, meeting_id)
        assert "alleen-lezen" in refused.value.message and "vergadermodus" in refused.value.message
        assert _meeting_windows() == []
        with database.session_factory() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None and meeting.status == MeetingStatus.PLANNED  # not started
    finally:
        database.close()
