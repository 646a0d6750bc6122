"""Writing a file all or nothing, for every export (Word, Excel, e-mail drafts, calendar files).

The data goes to a temporary file in the target's own folder (so the final rename stays on one
file system and no personal data lands in the system's temp folder), is flushed to disk, and only
then replaces the target. A new file is readable by its owner only (``mkstemp``); a replaced file
keeps its permissions. On any failure the target is untouched and the temporary file is removed.
A read-only target is never replaced (renaming over it would succeed on POSIX): ``PermissionError``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(target: Path | str, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(stream)`` on a temporary file beside ``target`` and rename it over ``target``.
    Raises ``OSError`` (file open in Word/Excel on Windows, disk full, no permission) unchanged."""
    target = Path(target)
    refuse_read_only(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


READ_ONLY_REASON = "het bestand is alleen-lezen"


def refuse_read_only(target: Path) -> None:
    """``PermissionError`` (with a Dutch reason) when ``target`` exists and may not be written:
    no write permission bits (the read-only attribute on Windows), or no access for this user."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself reports what is wrong
    if stat.S_ISREG(mode) and (
        not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK)
    ):
        raise PermissionError(errno.EACCES, READ_ONLY_REASON, str(target))
