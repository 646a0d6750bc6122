"""The command line beside an open window: the commands that only read (list, check, backup) open
the database read-only and work while another instance writes to it; a writing command gets one
line naming the holder and exit 2, with nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wiec_desktop.cli.main import main
from wiec_desktop.storage.database import Database, open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(demo_path: Path) -> Iterator[Database]:
    """The demo database held for writing, as the window holds it."""
    database = open_database(demo_path)
    yield database
    database.close()


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


def test_list_meetings_while_the_window_writes(
    window: Database, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "meetings", "--db", str(demo_path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 3
    assert window.holds_writer_lock


def test_list_meetings_in_another_process_while_this_one_writes(window: Database, demo_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "wiec_desktop", "list", "meetings", "--db", str(demo_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 3


def test_check_while_the_window_writes(
    window: Database, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(demo_path)]) == 0
    assert "keten intact" in capsys.readouterr().out


def test_backup_while_the_window_writes(
    window: Database, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "zaterdag.wiec-backup"
    assert main(["backup", "--db", str(demo_path), "-o", str(target)]) == 0
    assert "gecontroleerd" in capsys.readouterr().out
    copy = open_database(target, read_only=True)
    try:
        assert copy.read_only
    finally:
        copy.close()


def test_an_export_while_the_window_writes_names_the_holder_in_one_line(
    window: Database, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export writes its audit entry, so it is a writer: refused, nothing written."""
    target = tmp_path / "acties.xlsx"
    assert main(["export", "actions", "--db", str(demo_path), "-o", str(target)]) == 2
    line = _one_line(capsys)
    assert "al geopend door" in line and window._lock is not None and window._lock.holder.user in line
    assert not target.exists()


def test_restore_while_the_window_writes_is_refused_in_one_line(
    window: Database, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.wiec-backup"
    assert main(["backup", "--db", str(demo_path), "-o", str(backup)]) == 0
    capsys.readouterr()
    code = main(["restore", "--db", str(demo_path), str(backup), "--backup-folder", str(tmp_path / "k")])
    assert code == 2
    assert "al geopend door" in _one_line(capsys)


def test_demo_leaves_only_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    assert main(["demo", "--db", str(folder / "demo.sqlite")]) == 0
    assert [p.name for p in folder.iterdir()] == ["demo.sqlite"]
