"""One writer per database file: a lock beside the file (``wijk.sqlite.wiec-lock``) held by the
instance that writes, with who holds it (computer, user, since when) written inside.

The lock is an operating-system lock (``storage/os_lock.py``: ``flock`` on Linux and macOS, a locked
byte on Windows), so the system releases it when the holder's process ends in any way: a lock left by a
crashed instance is taken over by the next one without asking. A second instance — or a second
meeting-mode window in the same process — is refused with ``DatabaseInUse``, which names the holder,
and may open the database read-only instead. The lock file is removed when the writer closes.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wiec_desktop.storage.errors import StorageError
from wiec_desktop.storage.os_lock import OsLock

LOCK_SUFFIX = ".wiec-lock"


@dataclass(frozen=True)
class Holder:
    """Who has the database open for writing."""

    computer: str
    user: str
    since: datetime
    pid: int

    def describe(self) -> str:
        return f"{self.user} op {self.computer}, sinds {self.since:%d-%m-%Y %H:%M}"


class DatabaseInUse(StorageError):
    """Another instance writes to this database; ``holder`` says who (None when unknown)."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


def lock_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + LOCK_SUFFIX)


class WriterLock:
    """The held lock of one database file; ``release`` (or closing the database) lets it go."""

    def __init__(self, database_path: Path) -> None:
        self.path = lock_path(database_path)
        self._lock = OsLock(self.path)
        if not self._lock.try_acquire():
            holder = read_holder(self.path)
            raise DatabaseInUse(in_use_message(holder), holder)
        self.holder = Holder(_computer(), _user(), datetime.now().replace(microsecond=0), os.getpid())
        self._write(self.holder)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        """Let the lock go and remove its file (nothing is left beside a closed database)."""
        self._lock.release(remove=True)

    def _write(self, holder: Holder) -> None:
        data = {
            "computer": holder.computer,
            "user": holder.user,
            "since": holder.since.isoformat(),
            "pid": holder.pid,
        }
        with contextlib.suppress(OSError):  # the lock holds even if its note cannot be written
            self.path.write_text(json.dumps(data), encoding="utf-8")


def read_holder(path: Path) -> Holder | None:
    """The holder written in the lock file ``path``, or None when there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(
            str(data["computer"]), str(data["user"]), datetime.fromisoformat(data["since"]), int(data["pid"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def in_use_message(holder: Holder | None) -> str:
    who = holder.describe() if holder else "een ander programma of venster"
    return (
        f"Deze database is al geopend door {who}. Twee schrijvers tegelijk zouden elkaars werk "
        "overschrijven: open haar alleen-lezen, of sluit haar daar eerst."
    )


def _computer() -> str:
    try:
        return socket.gethostname() or "onbekende computer"
    except OSError:  # pragma: no cover - no host name
        return "onbekende computer"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name (rare containers)
        return "onbekende gebruiker"
