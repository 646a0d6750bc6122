"""Command line: exit codes, one-line errors, nothing created or changed on bad input."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiec_desktop import __version__
from wiec_desktop.cli.main import main


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"wiec-desktop {__version__}"


def test_unknown_subcommand_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["frobnicate"]) == 2
    assert "frobnicate" in _one_line_error(capsys)
    assert main(["list", "cases", "--db", str(tmp_path / "x.sqlite")]) == 2
    _one_line_error(capsys)
    assert list(tmp_path.glob("x.sqlite*")) == []


def test_list_meetings_on_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "missing.sqlite"
    assert main(["list", "meetings", "--db", str(target)]) == 2
    assert "niet gevonden" in _one_line_error(capsys)
    assert not target.exists()


def test_list_meetings_on_a_file_that_is_not_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "verslag.docx"
    target.write_bytes(b"PK\x03\x04 not really a database" * 50)
    before = _digest(target)
    assert main(["list", "meetings", "--db", str(target)]) == 2
    assert "geen WIEC-database" in _one_line_error(capsys)
    assert _digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["userdata", "verslag.docx"]


def test_gui_with_missing_database_exits_2_without_creating(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nieuw.sqlite"
    assert main(["--db", str(target)]) == 2
    _one_line_error(capsys)
    assert not target.exists()


def test_demo_then_list_meetings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(target)]) == 0
    assert "Demodatabase gemaakt" in capsys.readouterr().out
    assert main(["list", "meetings", "--db", str(target)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 8
    ident, day, title = lines[0].split("\t")
    assert ident.isdigit() and len(day) == 10 and title
    assert [line.split("\t")[1] for line in lines] == sorted(line.split("\t")[1] for line in lines)


def test_demo_refuses_an_existing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "bestaat.sqlite"
    target.write_bytes(b"")
    assert main(["demo", "--db", str(target)]) == 2
    assert "bestaat al" in _one_line_error(capsys)
    assert target.read_bytes() == b""


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WIEC_DESKTOP_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "wiec_desktop", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.slow
def test_module_entry_point_and_bad_input_in_a_real_process(tmp_path: Path) -> None:
    assert _run("--version", data_dir=tmp_path).stdout.strip() == f"wiec-desktop {__version__}"
    bad = _run("exporteer", data_dir=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_smoke_run_visits_every_section(demo_path: Path, tmp_path: Path) -> None:
    result = _run("--db", str(demo_path), "--smoke", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
