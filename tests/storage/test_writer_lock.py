"""One writer per database file: a second writer is refused and told who holds it; a crashed
holder's lock is taken over; the lock is let go when the writer closes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wiec_desktop.storage.writer_lock import DatabaseInUse, WriterLock, lock_path, read_holder


def _in_child(database: Path, body: str) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from wiec_desktop.storage.writer_lock import DatabaseInUse, WriterLock
        database = Path({str(database)!r})
        """
    ) + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_a_second_writer_in_another_process_is_told_who_holds_the_file(tmp_path: Path) -> None:
    database = tmp_path / "wijk.sqlite"
    lock = WriterLock(database)
    try:
        result = _in_child(
            database,
            """
            try:
                WriterLock(database)
                print("acquired")
            except DatabaseInUse as error:
                print(error.holder.user, error.holder.pid)
                print(error.message)
            """,
        )
        first, message = result.stdout.splitlines()[:2]
        assert first == f"{lock.holder.user} {lock.holder.pid}"
        assert "Deze database is al geopend door" in message and lock.holder.computer in message
        assert "alleen-lezen" in message
    finally:
        lock.release()
    again = _in_child(database, "WriterLock(database); print('acquired')")
    assert again.stdout.strip() == "acquired"


def test_a_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    """Two meeting-mode windows in one process: never two writers on the same minutes."""
    database = tmp_path / "wijk.sqlite"
    lock = WriterLock(database)
    try:
        with pytest.raises(DatabaseInUse) as raised:
            WriterLock(database)
        assert raised.value.holder == lock.holder
    finally:
        lock.release()
    WriterLock(database).release()


def test_the_lock_of_a_crashed_instance_is_taken_over(tmp_path: Path) -> None:
    database = tmp_path / "wijk.sqlite"
    crashed = _in_child(database, "import os\nWriterLock(database)\nos._exit(9)")
    assert crashed.returncode == 9
    assert read_holder(lock_path(database)) is not None  # its note is still there
    lock = WriterLock(database)  # … but the operating system let the lock go
    try:
        assert read_holder(lock_path(database)) == lock.holder
    finally:
        lock.release()
    assert read_holder(lock_path(database)) is None
