"""``wiec-desktop backup`` and ``restore``: a round trip with equal counts, the current file kept
aside first, a damaged backup refused with the database unchanged, one line and exit 2."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from wiec_desktop.cli.main import main
from wiec_desktop.domain import Action, Case, Meeting
from wiec_desktop.storage.database import open_database


def _counts(path: Path) -> tuple[int, ...]:
    database = open_database(path)
    try:
        with database.session_factory() as session:
            return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Case, Meeting, Action))
    finally:
        database.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_and_restore_round_trip(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "zaterdag.wiec-backup"
    before = _counts(demo_path)
    assert main(["backup", "--db", str(demo_path), "-o", str(copy)]) == 0
    assert "gecontroleerd" in capsys.readouterr().out
    assert main(["backup", "--db", str(demo_path), "-o", str(copy)]) == 2  # never over an existing one
    database = open_database(demo_path)
    with database.session_factory.begin() as session:
        session.execute(delete(Action))
    database.close()
    folder = tmp_path / "bewaard"
    assert main(["restore", "--db", str(demo_path), str(copy), "--backup-folder", str(folder)]) == 0
    assert _counts(demo_path) == before
    (kept,) = folder.iterdir()
    assert _counts(kept)[2] == 0  # the file as it was before the restore


def test_a_damaged_backup_is_refused_and_the_database_is_unchanged(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "kapot.wiec-backup"
    damaged.write_bytes(demo_path.read_bytes()[:-5000])
    digest = _digest(demo_path)
    code = main(["restore", "--db", str(demo_path), str(damaged), "--backup-folder", str(tmp_path / "b")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "niet in orde" in err[0] and "Traceback" not in err[0]
    assert _digest(demo_path) == digest
    assert not (tmp_path / "b").exists()


def test_an_encrypted_database_gives_an_encrypted_backup(demo_path: Path, tmp_path: Path) -> None:
    key = tmp_path / "sleutel.txt"
    key.write_text("een lange wachtwoordzin\n", encoding="utf-8")
    secret = tmp_path / "geheim.sqlite"
    assert main(["encrypt", "--db", str(demo_path), "-o", str(secret), "--passphrase-file", str(key)]) == 0
    copy = tmp_path / "geheim.wiec-backup"
    assert main(["backup", "--db", str(secret), "-o", str(copy), "--passphrase-file", str(key)]) == 0
    assert b"SQLite format 3" not in copy.read_bytes()[:16]
    assert main(["restore", "--db", str(secret), str(copy), "--passphrase-file", str(key),
                 "--backup-folder", str(tmp_path / "b")]) == 0  # fmt: skip
    assert main(["check", "--db", str(secret), "--passphrase-file", str(key)]) == 0
