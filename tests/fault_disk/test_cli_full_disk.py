"""Every export and ``demo`` on a full disk, from the command line as the chair runs it (a real
process, so that stderr holds everything the program prints): one Dutch line and exit 2, never a
traceback, no partial or temporary file, no logboek entry without its file, and the database
passes ``PRAGMA integrity_check`` afterwards. Once for the export's target on the full disk, once
for the database on it (full before the command, and full between the document and its entry)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fault_disk.conftest import SmallDisk, integrity
from wiec_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _meetings(path: Path) -> tuple[int, int]:
    """(a held meeting, a planned meeting) of the demo database."""
    connection = sqlite3.connect(path)
    try:
        held = connection.execute("SELECT id FROM meeting WHERE status = 'held' ORDER BY date").fetchone()[0]
        planned = connection.execute(
            "SELECT id FROM meeting WHERE status = 'planned' ORDER BY date"
        ).fetchone()[0]
    finally:
        connection.close()
    return held, planned


def _exports(demo: Path) -> dict[str, list[str]]:
    held, planned = _meetings(demo)
    return {
        "minutes": ["minutes", "--meeting", str(held), "-o", "verslag.docx"],
        "agenda": ["agenda", "--meeting", str(planned), "-o", "agenda.docx"],
        "actions": ["actions", "-o", "acties.xlsx"],
        "matrix": ["matrix", "-o", "matrix.xlsx"],
        "inventory": ["inventory", "-o", "inventarisatie.docx"],
        "report": ["report", "-o", "voortgang.docx"],
        "ics": ["ics", "--meeting", str(planned), "-o", "uitnodiging.ics"],
    }


KINDS = ["minutes", "agenda", "actions", "matrix", "inventory", "report", "ics"]


def _command(kind: str, demo: Path, db: Path, folder: Path) -> list[str]:
    arguments = _exports(demo)[kind]
    arguments[-1] = str(folder / arguments[-1])
    return ["export", arguments[0], "--db", str(db), *arguments[1:], "--intern"]


def _run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "wiec_desktop", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _exports_logged(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM audit_event WHERE kind = 'export'").fetchone()[0]
    finally:
        connection.close()


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_to_a_full_disk_says_so_and_leaves_nothing(
    kind: str, small_disk: SmallDisk, demo_path: Path
) -> None:
    """``export actions`` exited 1 with a traceback (lxml's IO_ENOSPC); the Word exports printed a
    second traceback (a half-written zip's ``__del__``) after their line."""
    logged = _exports_logged(demo_path)
    small_disk.fill()
    line = _one_line(_run(_command(kind, demo_path, demo_path, small_disk.mount)))
    assert "kon niet worden geschreven" in line and "De schijf is vol" in line
    assert small_disk.files() == []  # no partial document, no temporary file
    assert _exports_logged(demo_path) == logged  # no entry without its file
    assert integrity(demo_path) == "ok"


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_from_a_database_on_a_full_disk_says_so_and_writes_nothing(
    kind: str, small_disk: SmallDisk, demo_template: Path, tmp_path: Path
) -> None:
    db = small_disk.mount / "wiec.sqlite"
    shutil.copyfile(demo_template, db)
    logged = _exports_logged(db)
    out = tmp_path / "uitvoer"
    out.mkdir()
    small_disk.fill()
    line = _one_line(_run(_command(kind, demo_template, db, out)))
    assert "schijf" in line and "beschadigd" not in line
    assert list(out.iterdir()) == []
    assert small_disk.files() == ["wiec.sqlite"]  # no -wal/-shm (nor lock) left by the failed open
    small_disk.make_room()
    assert integrity(db) == "ok" and _exports_logged(db) == logged


@pytest.mark.parametrize("kind", ["minutes", "actions", "report"])
def test_when_the_database_disk_fills_after_the_document_neither_file_nor_entry_remains(
    kind: str,
    small_disk: SmallDisk,
    demo_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``export minutes`` wrote the document and then exited 1 with a traceback when the logboek
    entry could not be written: now the document is taken back and the line says why."""
    from wiec_desktop.exports.docx import minutes, progress
    from wiec_desktop.exports.xlsx import actions

    module, name = {
        "minutes": (minutes, "write_minutes_docx"),
        "actions": (actions, "write_actions_xlsx"),
        "report": (progress, "write_progress_docx"),
    }[kind]
    writer = getattr(module, name)

    def write_then_fill(*args: object, **kwargs: object) -> object:
        done = writer(*args, **kwargs)
        small_disk.fill()  # the document is complete; now the database's disk is full
        return done

    monkeypatch.setattr(module, name, write_then_fill)
    db = small_disk.mount / "wiec.sqlite"
    shutil.copyfile(demo_template, db)
    logged = _exports_logged(db)
    out = tmp_path / "uitvoer"
    out.mkdir()
    target_name = _exports(demo_template)[kind][-1]
    previous = out / target_name.replace(".", "-vertrouwelijk-intern.", 1)
    previous.write_bytes(b"the chair's earlier file")
    assert main(_command(kind, demo_template, db, out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "schijf" in err[0], err
    assert [p.name for p in out.iterdir()] == [previous.name]  # the earlier file is back, nothing else
    assert previous.read_bytes() == b"the chair's earlier file"
    small_disk.make_room()
    assert integrity(db) == "ok" and _exports_logged(db) == logged
    monkeypatch.setattr(module, name, writer)
    assert main(_command(kind, demo_template, db, out)) == 0  # once there is room it works
    assert _exports_logged(db) == logged + 1 and previous.read_bytes() != b"the chair's earlier file"


def test_demo_on_a_full_disk_says_so_and_leaves_nothing(small_disk: SmallDisk) -> None:
    small_disk.fill(leave=200 * 1024)
    line = _one_line(_run(["demo", "--db", str(small_disk.mount / "demo.sqlite")]))
    assert "schijf" in line
    assert small_disk.files() == []


def test_a_read_only_disk_is_named_as_such_for_the_target_and_for_the_database(
    read_only_disk: SmallDisk, demo_template: Path, tmp_path: Path
) -> None:
    """A full disk and a read-only one were both 'geen leesbare database'; now each says itself."""
    db = read_only_disk.mount / "wiec.sqlite"
    shutil.copyfile(demo_template, db)
    read_only_disk.remount("ro")
    line = _one_line(_run(_command("actions", demo_template, demo_template, read_only_disk.mount)))
    assert "alleen-lezen" in line and "kon niet worden geschreven" in line
    out = tmp_path / "uitvoer"
    out.mkdir()
    line = _one_line(_run(_command("actions", demo_template, db, out)))
    assert "alleen-lezen" in line and "leesbare" not in line
    assert list(out.iterdir()) == []  # no document without its logboek entry
