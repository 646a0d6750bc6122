"""What the window says for a file or database error: the vocabulary's Dutch sentence, not the
system's English one, also for a disk error that reached the window untranslated."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import OperationalError

from wiec_desktop.storage.errors import DiskFull
from wiec_desktop.ui.common.errors import export_error_text, known_error_text


def test_a_full_disk_while_exporting_is_said_in_dutch() -> None:
    text = export_error_text(OSError(errno.ENOSPC, "No space left on device"))
    assert text is not None and DiskFull.MESSAGE in text and "No space" not in text


def test_a_raw_database_error_of_the_disk_is_still_a_known_message() -> None:
    raw = OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))
    assert known_error_text(raw) == DiskFull.MESSAGE
    assert known_error_text(RuntimeError("a bug")) is None
