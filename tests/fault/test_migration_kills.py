"""Scenario d: the program opening (and so migrating) a database of an older schema, SIGKILLed at
random moments. The old database is the demo taken down to the first release's schema with all its
data and a long logboek; the child (tests/fault/migrate_child.py) opens it for writing as every
writing command does: copy aside, then migrate in one transaction (the reading commands, ``list``
and ``check``, open read-only and refuse to migrate).

Afterwards the file is either the old revision intact (schema and row counts as before) or the new
one complete (as after an unkilled run); an old one is migrated completely by the next opening
(the retry, in this process); then it passes PRAGMA integrity_check and ``check``. A copy made
before the migration is whole: the old schema with every row.
"""

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

from tests.fault.harness import (
    CHILD_TIMEOUT_S,
    Figures,
    Schema,
    child_env,
    lock_files,
    revision,
    run_and_kill,
    run_unkilled,
    schema,
    sqlite_problems,
    table_counts,
    unexpected_files,
    wiec_check_problems,
)
from wiec_desktop.storage import migrate
from wiec_desktop.storage.engine import DatabaseLocation, make_engine

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

OLD_REVISION = "0001_initial"  # every migration since the first release runs
AUDIT_ROWS = 10_000  # added to the demo's data, so that most of a run is the migration itself
DB = "oud.sqlite"
BACKUPS = f"oud.backup-{OLD_REVISION}-*.sqlite"  # storage/migrate.backup_sqlite_file's names
ALLOWED = (
    DB,
    f"{DB}-wal",
    f"{DB}-shm",
    f"{DB}-journal",
    BACKUPS,
    f"{BACKUPS}-journal",
    ".oud.backup-*",
    "data",
)


def _old_database(demo_template: Path, path: Path) -> Path:
    """The demo database at ``OLD_REVISION``, with its data, checkpointed into one file."""
    shutil.copyfile(demo_template, path)
    engine = make_engine(DatabaseLocation.parse(str(path)))
    try:
        migrate.migrate_engine(engine, OLD_REVISION)
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        con.executemany(  # a long logboek: the migration that chains it takes a while
            "INSERT INTO audit_event (occurred_at, actor, kind, entity_type, entity_id, detail) "
            "VALUES (?, 'voorzitter', 'status', 'case', ?, 'status gewijzigd')",
            [
                (f"2026-{1 + n % 9:02}-{1 + n % 28:02} 09:{n % 60:02}:00.000000", 1 + n % 26)
                for n in range(AUDIT_ROWS)
            ],
        )
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    assert revision(path) == OLD_REVISION
    return path


State = tuple[Schema, dict[str, int]]


def _child(path: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("migrate_child.py")), str(path)]


def _retry(path: Path, new_state: State) -> list[str]:
    """Open the old database again as the program does: it must be migrated completely."""
    from wiec_desktop.cli.opening import open_for_cli

    try:
        open_for_cli(path, None).close()
    except Exception as exc:
        return [f"opening it again failed: {type(exc).__name__}: {exc}"]
    return [] if _state(path) == new_state else ["opening it again did not migrate it completely"]


def _state(path: Path) -> State:
    return schema(path), table_counts(path)


def test_a_migration_killed_at_random_leaves_the_old_or_the_new_database(
    demo_template: Path, tmp_path: Path, kills: int, figures: Callable[[str], Figures]
) -> None:
    scenario = figures("d. migration on opening")
    old = _old_database(demo_template, tmp_path / "old-template.sqlite")
    old_state = _state(old)

    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copyfile(old, reference / DB)
    measured = run_unkilled(_child(reference / DB), child_env(reference / "data"))
    assert measured.returncode == 0, measured.stderr[-2000:]
    assert revision(reference / DB) == migrate.SCHEMA_HEAD
    assert [_state(copy) for copy in reference.glob(BACKUPS)] == [old_state]
    new_state = _state(reference / DB)
    scenario.measured_s = measured.delay

    for index in range(1, kills + 1):
        folder = tmp_path / f"kill-{index:02}"
        folder.mkdir()
        shutil.copyfile(old, folder / DB)
        run = run_and_kill(_child(folder / DB), child_env(folder / "data"), scenario.moment(measured.delay))
        copies = sorted(folder.glob(BACKUPS))
        started = bool(copies) or (folder / f"{DB}-wal").exists()
        problems = unexpected_files(folder, ALLOWED)
        if lock_files(folder):
            scenario.notes["lock file left"] += 1
        if list(folder.glob(".oud.backup-*")):
            scenario.notes["half-made copy left (hidden)"] += 1
        for copy in copies:  # before looking at the database, whose check makes a copy of its own
            if problems_of_copy := sqlite_problems(copy):
                problems += problems_of_copy
            elif _state(copy) != old_state:
                problems.append(f"the copy {copy.name} made before the migration is not whole")
        problems += sqlite_problems(folder / DB)
        if not problems:
            state, now = _state(folder / DB), revision(folder / DB)
            if now == OLD_REVISION and state == old_state:
                scenario.notes["old revision intact"] += 1
                problems += _retry(folder / DB, new_state)
            elif now == migrate.SCHEMA_HEAD and state == new_state:
                scenario.notes["migrated completely"] += 1
                if not copies:
                    problems.append("migrated without a copy made before")
            else:
                problems.append(f"neither the old database nor the migrated one (revision {now})")
        problems += wiec_check_problems(folder / DB)
        scenario.record(index, run, started, problems, folder)

    assert not scenario.failures, scenario.report()


def test_a_kill_inside_the_copy_before_the_migration_leaves_no_partial_copy(
    demo_template: Path, tmp_path: Path
) -> None:
    """The copy before a migration takes milliseconds, so random kills rarely land in it: here the
    child copies slowly and is killed once the copy has begun. It left an empty file under the
    copy's final name ("oud.backup-0001_initial-….sqlite", 0 bytes beside a -journal)."""
    folder = tmp_path / "slow-copy"
    folder.mkdir()
    old_state = _state(_old_database(demo_template, folder / DB))
    child = subprocess.Popen(
        [*_child(folder / DB), "--slow-copy"],
        env=child_env(tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "COPYING"
        deadline = time.monotonic() + CHILD_TIMEOUT_S
        while not list(folder.glob(".oud.backup-*")) + list(folder.glob(f"{BACKUPS}-journal")):
            assert child.poll() is None and time.monotonic() < deadline, "the copy ended before the kill"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=CHILD_TIMEOUT_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=CHILD_TIMEOUT_S)
    assert unexpected_files(folder, ALLOWED) == []
    for copy in folder.glob(BACKUPS):
        assert sqlite_problems(copy) == [] and _state(copy) == old_state, f"{copy.name} is not whole"
    assert sqlite_problems(folder / DB) == [] and _state(folder / DB) == old_state
    assert _retry(folder / DB, _state_after_migration(demo_template, tmp_path)) == []
    copies = list(folder.glob(BACKUPS))
    assert len(copies) == 1 and _state(copies[0]) == old_state  # the retry's own copy, whole


def _state_after_migration(demo_template: Path, tmp_path: Path) -> State:
    """The state of the old database migrated by an unkilled opening."""
    reference = tmp_path / "migrated"
    reference.mkdir()
    _old_database(demo_template, reference / DB)
    from wiec_desktop.cli.opening import open_for_cli

    open_for_cli(reference / DB, None).close()
    return _state(reference / DB)
