"""Scenario b: ``wiec-desktop export minutes|actions|matrix --db D -o F`` SIGKILLed at random
moments, half of the time over an earlier export under the same name. Afterwards the target does
not exist (only when there was none before) or opens with python-docx / openpyxl, nothing else is
left under a final name, and the database passes PRAGMA integrity_check and ``check``.

Counted, not failed (the exports' own tests own it): an export whose file and logboek entry do not
both exist, and hidden temporary files a kill left beside the target.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fault.harness import (
    Figures,
    child_env,
    database_problems,
    document_problems,
    lock_files,
    program,
    run_and_kill,
    run_unkilled,
    unexpected_files,
)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

DB = "wiec.sqlite"


@dataclass(frozen=True)
class Export:
    """One kind of export: its command, the file it writes, and a measured T."""

    kind: str
    target: str
    extra: tuple[str, ...] = ()

    def argv(self, folder: Path) -> list[str]:
        return program(
            "export", self.kind, "--db", str(folder / DB), "-o", str(folder / self.target), *self.extra
        )

    def allowed(self) -> tuple[str, ...]:
        return (DB, f"{DB}-wal", f"{DB}-shm", f"{DB}-journal", self.target, f".{self.target}.*", "data")


def _held_meeting(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT id FROM meeting WHERE status = 'held' ORDER BY date LIMIT 1").fetchone()[0]


def _exports_logged(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM audit_event WHERE kind = 'export'").fetchone()[0]


def _fresh(folder: Path, demo_template: Path) -> None:
    folder.mkdir()
    shutil.copyfile(demo_template, folder / DB)


def test_exports_killed_at_random_leave_no_partial_file(
    demo_template: Path, tmp_path: Path, kills: int, figures: Callable[[str], Figures]
) -> None:
    scenario = figures("b. exports (CLI)")
    meeting = str(_held_meeting(demo_template))
    exports = [
        Export("minutes", "VERSLAG.docx", ("--meeting", meeting)),
        Export("actions", "ACTIES.xlsx"),
        Export("matrix", "WIE-DOET-WAT.xlsx"),
    ]
    logged_before = _exports_logged(demo_template)
    measured: dict[str, float] = {}
    earlier: dict[str, Path] = {}  # a complete export of each kind, to be replaced
    for export in exports:
        folder = tmp_path / f"measure-{export.kind}"
        _fresh(folder, demo_template)
        run = run_unkilled(export.argv(folder), child_env(folder / "data"))
        assert run.returncode == 0, run.stderr[-2000:]
        assert not document_problems(folder / export.target)
        measured[export.kind], earlier[export.kind] = run.delay, folder / export.target
    scenario.measured_s = max(measured.values())

    for index in range(1, kills + 1):
        export = exports[(index - 1) % len(exports)]
        replacing = ((index - 1) // len(exports)) % 2 == 1  # every other round over an earlier file
        folder = tmp_path / f"kill-{index:02}-{export.kind}"
        _fresh(folder, demo_template)
        target = folder / export.target
        before = None
        if replacing:
            shutil.copyfile(earlier[export.kind], target)
            before = target.stat().st_ino
        run = run_and_kill(
            export.argv(folder), child_env(folder / "data"), scenario.moment(measured[export.kind])
        )
        opened = (folder / f"{DB}-wal").exists() or (folder / f"{DB}-shm").exists()
        problems = unexpected_files(folder, export.allowed())
        if target.exists():
            problems += document_problems(target)
        elif replacing:
            problems.append(f"the earlier {export.target} is gone")
        hidden = [entry.name for entry in folder.glob(f".{export.target}.*")]
        if hidden:
            scenario.notes["hidden temp files left"] += 1
        if lock_files(folder):
            scenario.notes["lock file left"] += 1
        database = database_problems(folder / DB)
        problems += database
        if not database:
            written = target.exists() and (before is None or target.stat().st_ino != before)
            logged = _exports_logged(folder / DB) - logged_before
            if written != (logged == 1):
                scenario.notes[f"file {'without' if written else 'missing for'} its logboek entry"] += 1
        scenario.record(index, run, opened, problems, folder)

    assert not scenario.failures, scenario.report()
