"""Writing files all or nothing: a read-only file is never replaced, a failed write leaves nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wiec_desktop.atomic_file import READ_ONLY_REASON, write_atomically


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "uitvoer"
    path.mkdir()
    return path


def test_a_read_only_target_is_refused_and_kept(folder: Path) -> None:
    target = folder / "verslag.docx"
    target.write_bytes(b"the chair's earlier version")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(PermissionError) as raised:
            write_atomically(target, lambda stream: stream.write(b"new"))
        assert raised.value.strerror == READ_ONLY_REASON
        assert target.read_bytes() == b"the chair's earlier version"
        assert sorted(p.name for p in folder.iterdir()) == ["verslag.docx"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_failed_write_leaves_the_target_and_no_temporary_file(folder: Path) -> None:
    target = folder / "acties.xlsx"
    target.write_bytes(b"old")

    def broken(stream: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["acties.xlsx"]


def test_a_new_file_is_private_and_a_replaced_file_keeps_its_permissions(folder: Path) -> None:
    new = write_atomically(folder / "nieuw.ics", lambda stream: stream.write(b"x"))
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    shared = folder / "gedeeld.ics"
    shared.write_bytes(b"old")
    os.chmod(shared, 0o644)
    write_atomically(shared, lambda stream: stream.write(b"new"))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644 and shared.read_bytes() == b"new"
