"""Creating the demo database is all or nothing: killed half-way or on a full disk, no file is left
that the program would refuse from then on ("… is geen WIEC-database"), and the next try works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from wiec_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_while_building_the_demo_leaves_no_database(tmp_path: Path) -> None:
    target = tmp_path / "demo.sqlite"
    building = tmp_path / ".demo.sqlite.wordt-gemaakt"
    process = subprocess.Popen(
        [sys.executable, "-m", "wiec_desktop", "demo", "--db", str(target)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not building.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the demo was built before it could be killed"
        time.sleep(0.2)  # in the middle of writing the demo data
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    assert not target.exists()
    assert main(["demo", "--db", str(target)]) == 0  # the next try works and tidies up
    assert target.exists() and not building.exists()
    assert main(["list", "meetings", "--db", str(target)]) == 0


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A 300 KB tmpfs (as root, e.g. in CI): too small for the demo database."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount = Path(f"/tmp/wiec-full-{uuid.uuid4().hex[:8]}")
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)
    mount.rmdir()


def test_demo_on_a_full_disk_says_so_and_leaves_nothing(
    full_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It left a 4 KB file under the demo's name (a 0-byte one before) that was refused later."""
    target = full_disk / "demo.sqlite"
    assert main(["demo", "--db", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "De schijf is vol" in err[0]
    assert list(full_disk.iterdir()) == []
