"""The writer's operating-system lock: exclusive per handle (also within one process), refused at
once, never truncating the holder's note, let go when its process dies, and not fooled by a file the
previous holder removed while it was being opened."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wiec_desktop.storage import os_lock
from wiec_desktop.storage.os_lock import OsLock


def test_a_second_handle_is_refused_at_once_and_the_note_stays(tmp_path: Path) -> None:
    path = tmp_path / "wijk.sqlite.wiec-lock"
    first = OsLock(path)
    assert first.try_acquire() and first.is_locked
    path.write_text("de notitie van de houder", encoding="utf-8")
    second = OsLock(path)
    assert second.try_acquire() is False and not second.is_locked
    assert path.read_text(encoding="utf-8") == "de notitie van de houder"
    first.release()
    assert second.try_acquire()
    second.release(remove=True)
    assert not path.exists()


def test_the_lock_goes_with_a_process_that_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "wijk.sqlite.wiec-lock"
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from wiec_desktop.storage.os_lock import OsLock
        lock = OsLock(Path({str(path)!r}))
        assert lock.try_acquire()
        print("held", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        assert OsLock(path).try_acquire() is False
    finally:
        child.kill()
        child.wait(timeout=30)
    taker = OsLock(path)
    assert taker.try_acquire()
    taker.release()


def test_a_file_removed_between_open_and_lock_is_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous holder removes the file (still locked) and lets go just after we opened it: the
    lock we then get is on a file nobody else sees, so a new file is made and locked."""
    path = tmp_path / "wijk.sqlite.wiec-lock"
    real_try_lock = os_lock._try_lock
    calls: list[int] = []

    def holder_leaves_first(fd: int) -> bool:
        calls.append(fd)
        if len(calls) == 1:
            path.unlink()
        return real_try_lock(fd)

    monkeypatch.setattr(os_lock, "_try_lock", holder_leaves_first)
    lock = OsLock(path)
    assert lock.try_acquire()
    assert len(calls) == 2 and path.exists()
    monkeypatch.setattr(os_lock, "_try_lock", real_try_lock)
    assert OsLock(path).try_acquire() is False  # the file that exists is the locked one
    lock.release(remove=True)
