"""storage/integrity.py: damaged files found read-only, and refused on opening before anything is
written to them or created beside them, with the newest good backup named."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.storage import integrity
from wiec_desktop.storage.backups import make_backup
from wiec_desktop.storage.database import open_database
from wiec_desktop.storage.errors import DatabaseDamaged, DatabaseTooNew, NotADatabase
from wiec_desktop.storage.paths import default_backup_dir

PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truncate(source: Path, target: Path, missing: int) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) - missing])
    return target


def with_unknown_status(source: Path, target: Path, value: str = "XYZ") -> Path:
    """A copy whose first case has a status the program does not know (CHECK constraints off)."""
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as con:
        con.execute("PRAGMA ignore_check_constraints = ON")
        con.execute('UPDATE "case" SET status = ? WHERE id = (SELECT min(id) FROM "case")', (value,))
    con.close()
    return target


@pytest.fixture(scope="module")
def sound(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo database per module, never changed by the tests that read it."""
    target = tmp_path_factory.mktemp("sound") / "demo.sqlite"
    shutil.copyfile(demo_template, target)
    return target


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "damaged"
    path.mkdir()
    yield path


def test_a_sound_database_has_no_problems(sound: Path) -> None:
    assert integrity.problems(sound) == []
    assert integrity.problems(sound, thorough=True) == []


@pytest.mark.parametrize("missing", [1, 100, 2000, PAGE, 10 * PAGE])
def test_a_truncated_file_says_how_much_is_missing(sound: Path, folder: Path, missing: int) -> None:
    damaged = truncate(sound, folder / "wijk.sqlite", missing)
    found = integrity.problems(damaged)
    assert found[0] == f"Bestand is afgekapt: {missing} byte{'s' if missing > 1 else ''} te kort"
    assert sorted(os.listdir(folder)) == ["wijk.sqlite"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=140 * PAGE))
def test_a_file_cut_anywhere_is_found(sound: Path, tmp_path: Path, cut: int) -> None:
    size = sound.stat().st_size
    damaged = truncate(sound, tmp_path / f"cut-{cut}.sqlite", min(cut, size - 1))
    assert integrity.problems(damaged), cut
    damaged.unlink()


def test_an_unknown_enum_value_is_named_without_other_data(sound: Path, folder: Path) -> None:
    damaged = with_unknown_status(sound, folder / "wijk.sqlite")
    assert integrity.problems(damaged) == ["Tabel case: 1 rij met een onbekende waarde 'XYZ' in status"]


def test_a_long_unknown_value_is_shortened(sound: Path, folder: Path) -> None:
    text = "Mevrouw Jansen van nummer 12 belde over de buren"
    damaged = with_unknown_status(sound, folder / "wijk.sqlite", text)
    (line,) = integrity.problems(damaged)
    assert text not in line and "Jansen van nummer 12" not in line.replace("…", "")
    assert len(line) < 90


def test_a_broken_reference_is_counted_per_table(sound: Path, folder: Path) -> None:
    damaged = folder / "wijk.sqlite"
    shutil.copyfile(sound, damaged)
    with sqlite3.connect(damaged) as con:
        con.execute("UPDATE action SET case_id = 99999 WHERE id IN (SELECT id FROM action LIMIT 2)")
    con.close()
    found = integrity.problems(damaged)
    assert "Tabel action: 2 rijen met een verwijzing naar een ontbrekende rij in case" in found


def test_garbage_after_a_valid_header_cannot_be_read(sound: Path, folder: Path) -> None:
    damaged = folder / "wijk.sqlite"
    data = sound.read_bytes()
    damaged.write_bytes(data[:100] + os.urandom(len(data) - 100))
    found = integrity.problems(damaged)
    assert any(line.startswith("SQLite kan het bestand niet lezen") for line in found), found


def test_every_enum_column_of_the_models_is_checked() -> None:
    columns = {(column.table, column.column): column.values for column in integrity.enum_columns()}
    assert columns[("case", "status")] == tuple(member.value for member in CaseStatus)
    assert ("signal", "status") in columns and len(columns) >= 20


def test_a_write_ahead_log_beside_the_file_is_no_truncation(sound: Path, folder: Path) -> None:
    """With a -wal the newest pages live in the log: the file's size says nothing then."""
    path = folder / "wijk.sqlite"
    shutil.copyfile(sound, path)
    database = open_database(path)
    try:
        with database.engine.begin() as con:
            con.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
        assert integrity.problems(path) == []
    finally:
        database.close()


# --- opening refuses a damaged file -------------------------------------------------------------


def test_opening_a_file_missing_its_last_100_bytes_is_refused(sound: Path, folder: Path) -> None:
    damaged = truncate(sound, folder / "wijk.sqlite", 100)
    before = digest(damaged)
    with pytest.raises(DatabaseDamaged) as refused:
        open_database(damaged)
    assert "Bestand is afgekapt: 100 bytes te kort" in refused.value.problems
    assert "wijk.sqlite is beschadigd" in refused.value.message and "\n" not in refused.value.message
    assert refused.value.backup is None and "geen goede back-up" in refused.value.message
    assert digest(damaged) == before and sorted(os.listdir(folder)) == ["wijk.sqlite"]


def test_opening_names_the_newest_good_backup_and_how_to_restore_it(sound: Path, folder: Path) -> None:
    path = folder / "wijk.sqlite"
    shutil.copyfile(sound, path)
    database = open_database(path)
    try:
        backup = make_backup(database, default_backup_dir())
    finally:
        database.close()
    for side in ("-wal", "-shm"):  # left by the backup's reader (not part of this test)
        path.with_name(path.name + side).unlink(missing_ok=True)
    truncate(sound, path, 100)
    beside = sorted(os.listdir(folder))
    with pytest.raises(DatabaseDamaged) as refused:
        open_database(path)
    assert refused.value.backup == backup
    assert f"wiec-desktop restore --db {path} {backup}" in refused.value.message
    assert sorted(os.listdir(folder)) == beside


def test_a_damaged_backup_is_skipped_for_an_older_good_one(sound: Path, folder: Path) -> None:
    path = folder / "wijk.sqlite"
    backups = default_backup_dir()
    backups.mkdir(parents=True, exist_ok=True)
    good = backups / "wijk.20261101-090000.wiec-backup"
    shutil.copyfile(sound, good)
    truncate(sound, backups / "wijk.20261102-090000.wiec-backup", 100)
    with_unknown_status(sound, path)
    assert integrity.newest_good_backup(path) == good
    error = integrity.damaged_error(path, integrity.problems(path))
    assert error.backup == good


def test_restoring_keeps_the_damaged_file_aside_unchanged(sound: Path, folder: Path) -> None:
    path = folder / "wijk.sqlite"
    backups = default_backup_dir()
    backups.mkdir(parents=True, exist_ok=True)
    good = backups / "wijk.20261101-090000.wiec-backup"
    shutil.copyfile(sound, good)
    truncate(sound, path, 100)
    damaged = digest(path)
    kept = integrity.restore_newest_good(path, good, None)
    assert digest(kept) == damaged and ".beschadigd-" in kept.name
    assert integrity.newest_good_backup(path) == good  # the kept damaged copy is no backup
    assert digest(path) == digest(sound)
    open_database(path).close()


def test_an_empty_file_is_refused_unless_a_new_database_is_asked_for(folder: Path) -> None:
    path = folder / "leeg.sqlite"
    path.write_bytes(b"")
    with pytest.raises(NotADatabase, match="leeg bestand"):
        open_database(path)
    assert sorted(os.listdir(folder)) == ["leeg.sqlite"] and path.stat().st_size == 0
    open_database(path, create=True).close()  # File › New on it: a new database, as before
    assert integrity.problems(path) == []


def test_a_newer_schema_is_refused_as_newer_not_as_damaged(sound: Path, folder: Path) -> None:
    path = with_unknown_status(sound, folder / "wijk.sqlite")
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    con.close()
    assert integrity.problems(path) == []  # the enums of a newer schema are not ours to judge
    with pytest.raises(DatabaseTooNew):
        open_database(path)
    assert sorted(os.listdir(folder)) == ["wijk.sqlite"]
