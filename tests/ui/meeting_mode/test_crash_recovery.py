"""A meeting survives the program being killed: a real process types minutes, gets SIGKILL, and
everything typed up to 2 seconds before the kill is there when the database is opened again, with
the offer to resume the meeting at the same item."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.storage.database import open_database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

TEXT = (
    "Wijkagent meldt opnieuw overlast bij de speeltuin; woningcorporatie plant een gesprek met "
    "de bewoners van nummer 12 en het jongerenwerk gaat vrijdagavond langs. Besproken: verlichting."
)
RECOVERY_WINDOW_S = 2.0
KILL_AFTER_CHARS = 90  # well into the text, while typing goes on


def _planned_meeting(path: Path) -> int:
    database = open_database(path)
    try:
        with database.session_factory() as session:
            return session.scalars(
                select(Meeting.id)
                .where(Meeting.status == MeetingStatus.PLANNED, Meeting.date >= DEMO_TODAY)
                .order_by(Meeting.date)
            ).first()
    finally:
        database.close()


def _typing_process(path: Path, meeting_id: int, data_dir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WIEC_DESKTOP_DATA_DIR=str(data_dir))
    root = Path(__file__).resolve().parents[3]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, str(root / "tests" / "crash_child.py"), str(path), str(meeting_id), TEXT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def killed_meeting(demo_path: Path, tmp_path: Path) -> Iterator[tuple[Path, int, list[tuple[float, int]]]]:
    """Start typing in a child process, SIGKILL it mid-sentence; yields (database, meeting id,
    [(time, characters typed), …] up to the kill, with the kill time last as (kill_time, -1))."""
    meeting_id = _planned_meeting(demo_path)
    child = _typing_process(demo_path, meeting_id, tmp_path / "child-data")
    typed: list[tuple[float, int]] = []
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 90
        for line in child.stdout:
            if time.monotonic() > deadline:
                pytest.fail("the child process did not type in time")
            parts = line.split()
            if len(parts) == 2:
                typed.append((float(parts[0]), int(parts[1])))
                if typed[-1][1] >= KILL_AFTER_CHARS:
                    break
            elif parts == ["DONE"]:
                pytest.fail("typing finished before the kill")
        else:
            pytest.fail(f"the child process stopped: {child.stderr.read() if child.stderr else ''}")
        kill_time = time.time()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        typed.append((kill_time, -1))
        yield demo_path, meeting_id, typed
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)


def test_text_typed_two_seconds_before_a_kill_is_in_the_database(killed_meeting) -> None:
    path, meeting_id, typed = killed_meeting
    kill_time = typed.pop()[0]
    must_have = max((count for at, count in typed if at <= kill_time - RECOVERY_WINDOW_S), default=0)
    assert must_have >= 20, "the test should kill well after typing began"

    database = open_database(path)
    try:
        with database.session_factory() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None and meeting.status == MeetingStatus.IN_PROGRESS
            item = session.get(AgendaItem, meeting.current_item_id)
            assert item is not None
            saved = item.minutes
    finally:
        database.close()
    assert TEXT.startswith(saved), "what was saved is exactly what was typed, in order"
    assert len(saved) >= must_have, f"saved {len(saved)} characters, typed {must_have} ≥2 s before the kill"


def test_reopening_offers_to_resume_at_the_same_item(qtbot, killed_meeting, monkeypatch) -> None:
    path, meeting_id, _typed = killed_meeting
    database = open_database(path)
    with database.session_factory() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        current_item_id = meeting.current_item_id
        saved = session.get(AgendaItem, current_item_id).minutes

    asked: list[str] = []

    def answer_resume(box: QMessageBox) -> int:
        asked.append(box.text())
        resume = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        resume.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer_resume)
    window = MainWindow(AppContext.create(database, today=lambda: DEMO_TODAY))
    qtbot.addWidget(window)
    opened = window.offer_resume()
    assert len(asked) == 1 and "niet afgesloten" in asked[0]
    assert len(opened) == 1
    meeting_window = opened[0]
    qtbot.addWidget(meeting_window)
    assert meeting_window.meeting_id == meeting_id
    assert meeting_window.minutes_editor.toPlainText() == saved
    with database.session_factory() as session:
        assert session.get(Meeting, meeting_id).current_item_id == current_item_id
    meeting_window.autosaver.flush()
    meeting_window.close()
    window.close()
    database.close()
