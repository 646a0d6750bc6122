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


def test_a_half_written_zip_prints_nothing_after_the_failure(folder: Path) -> None:
    """A zip writer that failed half-way (a full disk) was collected later and its ``__del__``
    printed "Exception ignored … seek of closed file" after the command line's one message."""
    import gc
    import sys
    import zipfile

    unraisable: list[object] = []
    previous_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:

        def write(stream: object) -> None:
            package = zipfile.ZipFile(stream, "w")  # left open, as python-docx leaves it on an error
            package.writestr("word/document.xml", b"<w:document/>" * 100)
            raise OSError(28, "No space left on device")

        with pytest.raises(OSError):
            write_atomically(folder / "verslag.docx", write)
        gc.collect()
    finally:
        sys.unraisablehook = previous_hook
    assert unraisable == []
    assert list(folder.iterdir()) == []


def test_a_staged_file_appears_only_when_published_and_a_revert_puts_the_old_one_back(folder: Path) -> None:
    from wiec_desktop.atomic_file import StagedFile

    target = folder / "acties.xlsx"
    target.write_bytes(b"the earlier list")
    os.chmod(target, 0o644)
    staged = StagedFile.reserve(target)
    write_atomically(staged.path, lambda stream: stream.write(b"the new list"))
    assert target.read_bytes() == b"the earlier list"
    staged.publish()
    assert target.read_bytes() == b"the new list" and stat.S_IMODE(target.stat().st_mode) == 0o644
    staged.revert()  # the commit of its logboek entry failed
    staged.discard()
    assert target.read_bytes() == b"the earlier list"
    assert [p.name for p in folder.iterdir()] == ["acties.xlsx"]


def test_a_staged_new_file_goes_again_on_revert_and_stays_after_finish(folder: Path) -> None:
    from wiec_desktop.atomic_file import StagedFile

    first = StagedFile.reserve(folder / "verslag.docx")
    first.path.write_bytes(b"new")
    first.publish()
    first.revert()
    first.discard()
    assert list(folder.iterdir()) == []
    second = StagedFile.reserve(folder / "verslag.docx")
    second.path.write_bytes(b"new")
    second.publish()
    second.finish()
    second.discard()
    assert [p.name for p in folder.iterdir()] == ["verslag.docx"]


def test_a_target_made_read_only_while_staged_is_not_replaced(folder: Path) -> None:
    from wiec_desktop.atomic_file import StagedFile

    target = folder / "agenda.docx"
    staged = StagedFile.reserve(target)
    staged.path.write_bytes(b"new")
    target.write_bytes(b"made meanwhile")
    target.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(PermissionError):
            staged.publish()
        staged.discard()
        assert target.read_bytes() == b"made meanwhile"
        assert [p.name for p in folder.iterdir()] == ["agenda.docx"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
