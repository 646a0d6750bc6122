"""Backups: verified, rotated, listed with counts, encrypted like their database, and restored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wiec_desktop.domain import Action, Case, Meeting
from wiec_desktop.storage import backups, encryption
from wiec_desktop.storage.backups import BackupFailed, kept
from wiec_desktop.storage.database import Database, open_database

NOW = datetime(2026, 12, 2, 14, 5, 9)
PASSPHRASE = "lange wachtwoordzin voor de wijk"


def _counts(database: Database) -> tuple[int, int, int]:
    with database.session_factory() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Case, Meeting, Action))


def test_a_backup_is_verified_listed_with_its_counts_and_leaves_nothing_half_made(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "back-ups"
    made = backups.make_backup(demo_db, folder, NOW)
    assert made.name == "demo.20261202-140509.wiec-backup"
    assert backups.integrity_problem(made) is None
    second = backups.make_backup(demo_db, folder, NOW)  # the same second: a name of its own
    assert second != made
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, second.name])
    listed = backups.list_backups(folder, demo_db.location.path)
    assert [b.path for b in listed] == [second, made]
    assert (listed[0].cases, listed[0].meetings, listed[0].actions) == _counts(demo_db)
    assert listed[0].size == second.stat().st_size


def test_a_backup_that_cannot_be_written_leaves_nothing(demo_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "geen-map"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(BackupFailed) as raised:
        backups.make_backup(demo_db, blocker / "sub", NOW)
    assert "kon niet worden gemaakt" in raised.value.message


def test_a_backup_that_fails_its_check_is_not_kept(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "back-ups"
    monkeypatch.setattr(backups, "integrity_problem", lambda path, passphrase=None: "page 3 is never used")
    with pytest.raises(BackupFailed) as raised:
        backups.make_backup(demo_db, folder, NOW)
    assert "niet in orde (page 3 is never used)" in raised.value.message
    assert list(folder.iterdir()) == []


def test_damage_is_found_by_the_integrity_check(demo_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "kapot.wiec-backup"
    data = bytearray(demo_path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\x07" * 200
    damaged.write_bytes(bytes(data))
    assert backups.integrity_problem(damaged) is not None
    truncated = tmp_path / "kort.wiec-backup"
    truncated.write_bytes(demo_path.read_bytes()[:-100])
    assert backups.integrity_problem(truncated) is not None


def test_rotation_keeps_seven_daily_four_weekly_and_twelve_monthly() -> None:
    moments = [NOW - timedelta(hours=6 * n) for n in range(4 * 400)]  # four a day for 400 days
    keep = kept(((m, m) for m in moments), NOW)
    days = {m.date() for m in keep}
    assert all((NOW - timedelta(days=d)).date() in days for d in range(7))
    assert len({m.isocalendar()[:2] for m in keep}) >= 4
    assert len({(m.year, m.month) for m in keep}) == 12
    assert len(keep) <= 7 + 4 + 12
    assert max(keep) == max(moments)  # the newest is always kept
    assert kept([(NOW + timedelta(days=1), "future")], NOW) == {"future"}


def test_rotate_removes_only_what_is_no_longer_kept(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "back-ups"
    made = [backups.make_backup(demo_db, folder, NOW - timedelta(days=d)) for d in range(10)]
    other = folder / "andere-wijk.20201010-101010.wiec-backup"
    other.write_bytes(b"not ours to rotate")
    removed = backups.rotate(folder, demo_db.location.path, NOW)
    assert set(removed) <= set(made[7:])
    assert all(p.exists() for p in made[:7]) and other.exists()


def test_an_encrypted_database_gives_encrypted_backups(demo_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.sqlite"
    encryption.encrypt_to(demo_path, secret, PASSPHRASE)
    database = open_database(secret, passphrase=PASSPHRASE)
    try:
        made = backups.make_backup(database, tmp_path / "back-ups", NOW)
        counts = _counts(database)
    finally:
        database.close()
    assert encryption.is_encrypted_file(made)
    raw = made.read_bytes()
    assert b"SQLite format 3" not in raw and b"Berensteinlaan" not in raw
    assert backups.integrity_problem(made, PASSPHRASE) is None
    assert backups.integrity_problem(made) is not None  # useless without the passphrase
    listed = backups.list_backups(made.parent, secret, PASSPHRASE)
    assert (listed[0].cases, listed[0].meetings, listed[0].actions) == counts
    assert not backups.list_backups(made.parent, secret, "een andere wachtwoordzin")[0].readable


def test_restore_backs_up_the_current_file_first_and_refuses_a_damaged_backup(
    demo_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "back-ups"
    database = open_database(demo_path)
    try:
        made = backups.make_backup(database, folder, NOW)
        before = _counts(database)
        with database.session_factory.begin() as session:
            session.query(Action).delete()
    finally:
        database.close()
    damaged = folder / "demo.20261201-000000.wiec-backup"
    damaged.write_bytes(made.read_bytes()[:-5000])
    current = demo_path.read_bytes()
    with pytest.raises(BackupFailed):
        backups.restore(damaged, demo_path, folder)
    assert demo_path.read_bytes() == current

    safety = backups.restore(made, demo_path, folder)
    assert safety is not None and safety.exists()
    restored = open_database(demo_path)
    try:
        assert _counts(restored) == before
    finally:
        restored.close()
    kept_copy = open_database(safety)
    try:
        assert _counts(kept_copy)[2] == 0  # the state before the restore, with its actions deleted
    finally:
        kept_copy.close()
