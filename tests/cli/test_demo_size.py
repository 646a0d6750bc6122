"""``wiec-desktop demo --size {small,large}``: the large district through the same all-or-nothing
creation as the small demo (also encrypted, also when killed), a line per stage on stderr, and the
small demo still the default and unchanged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.mail_doubles import MemoryKeyring
from wiec_desktop.cli.main import main
from wiec_desktop.services.demo import large

ROOT = Path(__file__).resolve().parents[2]
SCALE = "0.01"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_large_demo_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "groot.sqlite"
    assert main(["demo", "--db", str(target), "--size", "large", "--scale", SCALE]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"Demodatabase gemaakt: {target} (50 casussen, 500 acties)"
    stages = err.splitlines()
    assert any(line.endswith("casussen: 50") for line in stages)
    assert any(line.endswith("signalen: 1000") for line in stages)
    assert all(" s  " in line for line in stages)  # each with the seconds since the start
    assert (_count(target, "case"), _count(target, "signal")) == (50, 1000)
    assert _leftovers(tmp_path) == []
    assert main(["check", "--db", str(target)]) == 0
    assert main(["list", "meetings", "--db", str(target)]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 6


def test_the_small_demo_stays_the_default_and_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default, small = tmp_path / "standaard.sqlite", tmp_path / "klein.sqlite"
    assert main(["demo", "--db", str(default)]) == 0
    assert main(["demo", "--db", str(small), "--size", "small"]) == 0
    out = capsys.readouterr().out
    assert out.count("(26 casussen, 80 acties)") == 2
    with sqlite3.connect(default) as one, sqlite3.connect(small) as other:
        query = 'SELECT year, number, title, status FROM "case" ORDER BY id'
        assert one.execute(query).fetchall() == other.execute(query).fetchall()
    assert _count(default, "signal") == 150


def test_an_encrypted_large_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "zin.txt"
    secret.write_text("paarse olifant op de fiets\n", encoding="utf-8")
    target = tmp_path / "groot-versleuteld.sqlite"
    argv = [
        "demo",
        "--db",
        str(target),
        "--size",
        "large",
        "--scale",
        SCALE,
        "--passphrase-file",
        str(secret),
    ]
    assert main(argv) == 0
    assert "versleuteld" in capsys.readouterr().out
    raw = target.read_bytes()
    assert b"SQLite format 3" not in raw[:16] and b"Kadewerf" not in raw
    assert main(["check", "--db", str(target), "--passphrase-file", str(secret)]) == 0
    assert "50 casussen" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--size", "reusachtig"], ["--size", "large", "--scale", "0"]])
def test_bad_size_or_scale_is_one_line_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    folder = tmp_path / "databases"
    folder.mkdir()
    assert main(["demo", "--db", str(folder / "demo.sqlite"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_interrupted_large_demo_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_world: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(large, "make_signals", interrupted)
    folder = tmp_path / "databases"
    folder.mkdir()
    target = folder / "groot.sqlite"
    with pytest.raises(KeyboardInterrupt):
        main(["demo", "--db", str(target), "--size", "large", "--scale", SCALE])
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    assert main(["demo", "--db", str(target), "--size", "large", "--scale", SCALE]) == 0
    capsys.readouterr()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_large_demo_leaves_nothing_under_its_name(tmp_path: Path) -> None:
    target = tmp_path / "groot.sqlite"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wiec_desktop",
            "demo",
            "--db",
            str(target),
            "--size",
            "large",
            "--scale",
            "0.05",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # kill it in the middle: after the cases, before the end
            if "casussen:" in line:
                break
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert not target.exists()
    assert main(["demo", "--db", str(target), "--size", "large", "--scale", SCALE]) == 0
    assert _leftovers(tmp_path) == [] and _count(target, "case") == 50
