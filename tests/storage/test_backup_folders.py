"""The window's side of backups, without Qt: the folder check, the fallback to the default folder,
the daily backup, what the rotation keeps beside 7/4/12 (the last day's, the state before a
restore), and restoring the backup of a damaged file."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Action, Case, Meeting
from wiec_desktop.storage import backups
from wiec_desktop.storage.backups import BackupFailed, back_up_and_rotate, folder_problem
from wiec_desktop.storage.database import Database, open_database

MORNING = datetime(2026, 11, 10, 9, 0, 0)


def _counts(database: Database) -> tuple[int, int, int]:
    with database.session_factory() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Case, Meeting, Action))


def test_the_folder_check_names_what_is_wrong_and_leaves_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "USB-SCHIJF" / "back-ups"
    assert "niet gevonden" in (folder_problem(missing) or "")
    assert not missing.exists()  # never made on the computer in place of the missing disk
    file = tmp_path / "bestand"
    file.write_text("x")
    assert "geen map" in (folder_problem(file) or "")
    assert folder_problem(missing, create=True) is None and missing.is_dir()
    assert list(missing.iterdir()) == []


def test_an_unusable_chosen_folder_falls_back_to_the_default_and_says_why(
    demo_db: Database, tmp_path: Path
) -> None:
    default = tmp_path / "standaard"
    made = back_up_and_rotate(demo_db, tmp_path / "USB-SCHIJF", default, MORNING)
    assert made.path is not None and made.path.parent == default
    assert made.fallback is not None and "niet gevonden" in made.fallback
    chosen = tmp_path / "gekozen"
    chosen.mkdir()
    made = back_up_and_rotate(demo_db, chosen, default, MORNING)
    assert made.path is not None and made.path.parent == chosen and made.fallback is None


def test_when_the_default_fails_too_both_reasons_are_given(demo_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "geen-map"
    blocker.write_text("x")
    with pytest.raises(BackupFailed) as raised:
        back_up_and_rotate(demo_db, tmp_path / "USB-SCHIJF", blocker / "standaard", MORNING)
    assert "gekozen back-upmap is niet bruikbaar" in raised.value.message
    assert "kon niet worden gemaakt" in raised.value.message


def test_the_daily_backup_is_made_once_a_day(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "back-ups"
    first = back_up_and_rotate(demo_db, None, folder, MORNING, unless_made_today=True)
    later = back_up_and_rotate(demo_db, None, folder, MORNING + timedelta(hours=5), unless_made_today=True)
    tomorrow = back_up_and_rotate(demo_db, None, folder, MORNING + timedelta(days=1), unless_made_today=True)
    assert first.path is not None and later.path is None and tomorrow.path is not None


def test_a_backup_made_by_hand_is_not_replaced_by_the_next_one_of_the_same_day(
    demo_db: Database, tmp_path: Path
) -> None:
    """Found while wiring the window: the rotation kept only the newest backup of each day, so the
    backup on close removed the one the chair made by hand before risky work that same morning."""
    folder = tmp_path / "back-ups"
    by_hand = back_up_and_rotate(demo_db, None, folder, MORNING).path
    on_close = back_up_and_rotate(demo_db, None, folder, MORNING + timedelta(hours=6)).path
    assert by_hand is not None and by_hand.exists() and on_close is not None
    next_day = back_up_and_rotate(demo_db, None, folder, MORNING + timedelta(days=1, hours=8)).path
    assert not by_hand.exists()  # a day later the daily rule applies: the newest of that day stays
    assert on_close.exists() and next_day is not None


def test_the_state_before_a_restore_is_listed_and_never_rotated_away(demo_path: Path, tmp_path: Path) -> None:
    """Found while wiring the window: the copy restore keeps aside was named like any backup, so the
    backup on close the same day rotated it away — the state before the restore was lost."""
    folder = tmp_path / "back-ups"
    database = open_database(demo_path)
    try:
        made = backups.make_backup(database, folder, MORNING)
    finally:
        database.close()
    safety = backups.restore(made, demo_path, folder)
    assert safety is not None
    database = open_database(demo_path)
    try:
        for day in range(40):
            back_up_and_rotate(database, None, folder, datetime.now() + timedelta(days=day))
    finally:
        database.close()
    assert safety.exists()
    [aside] = [info for info in backups.list_backups(folder, demo_path) if info.before_restore]
    assert aside.path == safety and aside.readable


def test_restoring_the_backup_of_a_damaged_file(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "back-ups"
    database = open_database(demo_path)
    try:
        made = backups.make_backup(database, folder, MORNING)
        expected = _counts(database)
    finally:
        database.close()
    data = bytearray(demo_path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 300] = b"\x07" * 300
    demo_path.write_bytes(bytes(data))
    assert backups.integrity_problem(demo_path) is not None
    damaged = hashlib.sha256(demo_path.read_bytes()).hexdigest()

    safety = backups.restore(made, demo_path, folder)
    assert backups.integrity_problem(demo_path) is None
    restored = open_database(demo_path)
    try:
        assert _counts(restored) == expected
    finally:
        restored.close()
    assert safety is not None
    assert hashlib.sha256(safety.read_bytes()).hexdigest() == damaged  # kept as it was, for an expert
