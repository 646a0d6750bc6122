"""A small real disk that fills up: a 3 MB tmpfs (as root on Linux, e.g. in CI; skipped elsewhere)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE = "3m"


class SmallDisk:
    """A mounted tmpfs of ``SIZE`` and a filler file that leaves only a little room on it."""

    def __init__(self, mount: Path) -> None:
        self.mount = mount
        self.filler = mount / "vulling.bin"

    def free(self) -> int:
        stats = os.statvfs(self.mount)
        return stats.f_bavail * stats.f_frsize

    def fill(self, leave: int = 0) -> None:
        """Grow the filler until at most ``leave`` bytes are free (tmpfs counts whole pages)."""
        with self.filler.open("ab") as stream:
            while self.free() > leave:
                try:
                    stream.write(b"\0" * max(4096, min(self.free() - leave, 1 << 20)))
                    stream.flush()
                except OSError:
                    break

    def make_room(self) -> None:
        self.filler.unlink(missing_ok=True)

    def remount(self, mode: str) -> None:
        """Mount the disk again ``"ro"`` (read-only) or ``"rw"``; skip the test where that fails."""
        done = subprocess.run(["mount", "-o", f"remount,{mode}", str(self.mount)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot remount the tmpfs {mode}: {done.stderr.decode(errors='replace').strip()}")

    def files(self) -> list[str]:
        """The names on the disk besides the filler."""
        return sorted(p.name for p in self.mount.iterdir() if p != self.filler)


@pytest.fixture
def small_disk() -> Iterator[SmallDisk]:
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount = Path(f"/tmp/wiec-disk-{uuid.uuid4().hex[:8]}")
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield SmallDisk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False, capture_output=True)
        mount.rmdir()


@pytest.fixture
def read_only_disk(small_disk: SmallDisk) -> Iterator[SmallDisk]:
    """The small disk, to be remounted read-only (``remount("ro")``) once its files are on it."""
    yield small_disk
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk.mount)], check=False, capture_output=True)


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the database file (``"ok"`` when whole)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
