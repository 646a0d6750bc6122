"""An exclusive operating-system lock on a file, taken without waiting: ``flock`` on Linux and macOS,
a locked byte on Windows. The system lets it go when the holder's process ends in any way.

Replaces the ``filelock`` package, which imports ~12 ms of machinery (singletons, fork handlers,
asynchronous locks) on this program's way to its first page and of which the writer's lock used only
this. Each ``OsLock`` opens its own handle, so a second lock on the same file is refused also within
one process (two meeting-mode windows), as ``flock`` and Windows' byte locks do per handle.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    WINDOWS_LOCKED_BYTE = 1 << 30  # far beyond the holder's note, which other handles may then read

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class OsLock:
    """The lock on ``path`` (created when missing, never truncated: a refused opener leaves the
    holder's note as it was)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if no other handle holds it; False (at once) if one does."""
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                locked = _try_lock(fd)
                removed = locked and os.name != "nt" and os.fstat(fd).st_nlink == 0
            except BaseException:
                os.close(fd)
                raise
            if not locked:
                os.close(fd)
                return False
            if removed:  # the holder removed the file between our open and our lock: a new file
                _unlock(fd)
                os.close(fd)
                continue
            self._fd = fd
            return True

    def release(self, *, remove: bool = False) -> None:
        """Let the lock go; ``remove``: the file too (while still locked, so that nobody locks a file
        about to disappear — an opener that did sees it removed and makes a new one)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):  # Windows: not while open; tried again below
                self.path.unlink()
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        if remove and os.name == "nt":  # pragma: no cover - Windows
            with contextlib.suppress(OSError):
                self.path.unlink()
