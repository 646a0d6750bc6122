"""Scenario c: ``wiec-desktop demo --db F`` SIGKILLed at random moments. Afterwards there is no
file under the demo's name, or a whole demo database that opens and passes ``check``; when there
is none, the next ``demo`` succeeds without anything deleted by hand and tidies up."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fault.harness import (
    Figures,
    child_env,
    database_problems,
    lock_files,
    program,
    run_and_kill,
    run_unkilled,
    table_counts,
    unexpected_files,
)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

NAME = "demo.sqlite"
BUILDING = f".{NAME}.wordt-gemaakt"  # cli/main._demo builds beside the name, then renames
ALLOWED = (NAME, f"{BUILDING}", f"{BUILDING}-wal", f"{BUILDING}-shm", f"{BUILDING}-journal", "data")
COUNTED = ("case", "action", "meeting", "organisation")


def _counts(path: Path) -> dict[str, int]:
    counts = table_counts(path)
    return {name: counts[name] for name in COUNTED}


def _whole_demo(path: Path, expected: dict[str, int]) -> list[str]:
    """A demo database that passes the checks and holds as much as a complete one."""
    problems = database_problems(path)
    if not problems and _counts(path) != expected:
        problems.append(f"{path.name} is incomplete: {_counts(path)} instead of {expected}")
    return problems


def _retry(target: Path) -> list[str]:
    """Run ``demo`` again (in this process, through the command line's code): it must succeed."""
    from wiec_desktop.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["demo", "--db", str(target)])
    return [] if code == 0 else [f"the retry failed (exit {code}): {err.getvalue().strip()[:300]}"]


def test_demo_creation_killed_at_random_leaves_nothing_or_a_whole_database(
    tmp_path: Path, kills: int, figures: Callable[[str], Figures]
) -> None:
    scenario = figures("c. demo creation")
    reference = tmp_path / "reference"
    reference.mkdir()
    measured = run_unkilled(program("demo", "--db", str(reference / NAME)), child_env(reference / "data"))
    assert measured.returncode == 0, measured.stderr[-2000:]
    scenario.measured_s = measured.delay
    expected = _counts(reference / NAME)

    for index in range(1, kills + 1):
        folder = tmp_path / f"kill-{index:02}"
        folder.mkdir()
        target = folder / NAME
        run = run_and_kill(
            program("demo", "--db", str(target)), child_env(folder / "data"), scenario.moment(measured.delay)
        )
        started = target.exists() or (folder / BUILDING).exists()
        problems = unexpected_files(folder, ALLOWED)
        if target.exists():
            problems += _whole_demo(target, expected)
            scenario.notes["whole file left"] += 1
        else:
            if (folder / BUILDING).exists():
                scenario.notes["half-built file beside it"] += 1
            problems += _retry(target)
            if not problems:
                problems += unexpected_files(folder, (NAME, "data"))  # the retry tidied up
                problems += _whole_demo(target, expected) if target.exists() else ["no file after the retry"]
        if lock_files(folder):
            scenario.notes["lock file left"] += 1
        scenario.record(index, run, started, problems, folder)

    assert not scenario.failures, scenario.report()
