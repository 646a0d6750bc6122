"""Scenario a: meeting mode typing minutes (tests/crash_child.py, a real window in its own process)
SIGKILLed at random moments. Afterwards every character the child reported typed at least 2 s
before the kill is in the current item's minutes, what was saved is exactly what was typed, the
database passes PRAGMA integrity_check and ``check``, and any database the window wrote into its
user-data folder (a backup) is whole."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY
from tests.fault.harness import (
    CHILD_TIMEOUT_S,
    ROOT,
    Figures,
    Run,
    child_env,
    database_problems,
    databases_under,
    lock_files,
    run_and_kill,
    unexpected_files,
)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

TEXT = (
    "Wijkagent meldt opnieuw overlast bij de speeltuin; woningcorporatie plant een gesprek met "
    "de bewoners van nummer 12 en het jongerenwerk gaat vrijdagavond langs. Besproken: verlichting."
)
RECOVERY_WINDOW_S = 2.0  # what was typed this long before a kill must be saved
DB = "overleg.sqlite"
ALLOWED = (DB, f"{DB}-wal", f"{DB}-shm", "data")


def _planned_meeting(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT id FROM meeting WHERE status = 'planned' AND date >= ? ORDER BY date LIMIT 1",
            (DEMO_TODAY.isoformat(),),
        ).fetchone()[0]


def _argv(path: Path, meeting_id: int) -> list[str]:
    return [sys.executable, str(ROOT / "tests" / "crash_child.py"), str(path), str(meeting_id), TEXT]


def _typed(run: Run) -> list[tuple[float, int]]:
    """(time, characters typed so far) for every character the child reported."""
    typed = []
    for line in run.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            typed.append((float(parts[0]), int(parts[1])))
    return typed


def _measure(path: Path, meeting_id: int, env: dict[str, str]) -> float:
    """T: from the start of the child until it reports the whole text typed (it then waits)."""
    start = time.monotonic()
    child = subprocess.Popen(
        _argv(path, meeting_id), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        deadline = start + CHILD_TIMEOUT_S
        for line in child.stdout:
            if line.strip() == "DONE":
                return time.monotonic() - start
            if time.monotonic() > deadline:
                break
        pytest.fail(f"the typing child did not finish: {child.stderr.read()[-2000:] if child.stderr else ''}")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=CHILD_TIMEOUT_S)


def _saved_minutes(path: Path, meeting_id: int) -> str:
    with sqlite3.connect(path) as con:
        row = con.execute(
            "SELECT agenda_item.minutes FROM meeting JOIN agenda_item "
            "ON agenda_item.id = meeting.current_item_id WHERE meeting.id = ?",
            (meeting_id,),
        ).fetchone()
    return (row[0] or "") if row else ""


def test_meeting_mode_killed_at_random_keeps_what_was_typed(
    demo_template: Path, tmp_path: Path, kills: int, figures: Callable[[str], Figures]
) -> None:
    scenario = figures("a. meeting mode typing")
    meeting_id = _planned_meeting(demo_template)
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copyfile(demo_template, reference / DB)
    scenario.measured_s = _measure(reference / DB, meeting_id, child_env(reference / "data"))
    kept_characters = 0

    for index in range(1, kills + 1):
        folder = tmp_path / f"kill-{index:02}"
        folder.mkdir()
        shutil.copyfile(demo_template, folder / DB)
        run = run_and_kill(
            _argv(folder / DB, meeting_id), child_env(folder / "data"), scenario.moment(scenario.measured_s)
        )
        typed = _typed(run)
        typing = bool(typed) and "DONE" not in run.stdout.split()
        must_have = max((count for at, count in typed if at <= run.killed_at - RECOVERY_WINDOW_S), default=0)
        problems = unexpected_files(folder, ALLOWED) + databases_under(folder / "data")
        database = database_problems(folder / DB)
        problems += database
        if not database:
            saved = _saved_minutes(folder / DB, meeting_id)
            if not TEXT.startswith(saved):
                problems.append("the saved minutes are not what was typed")
            if len(saved) < must_have:
                problems.append(f"saved {len(saved)} characters, {must_have} were typed ≥2 s before the kill")
            kept_characters += must_have
            if must_have:
                scenario.notes["kills with text to keep"] += 1
        if lock_files(folder):
            scenario.notes["lock file left"] += 1
        scenario.record(index, run, typing, problems, folder)

    scenario.notes["characters that had to be kept"] = kept_characters
    assert not scenario.failures, scenario.report()
