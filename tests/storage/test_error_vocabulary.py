"""One error vocabulary: every kind its own class and Dutch sentence, and ``classify`` finding it
behind file errors (errno) and SQLite's own messages."""

from __future__ import annotations

import errno
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from wiec_desktop.storage import errors
from wiec_desktop.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnreachable,
    DiskFull,
    DiskWriteFailed,
    NotADatabase,
    ReadOnlyFile,
    ReadOnlyLocation,
    StorageError,
    WrongPassphrase,
    classify,
)
from wiec_desktop.storage.writer_lock import DatabaseInUse

KINDS = [
    DiskFull,
    DiskWriteFailed,
    ReadOnlyLocation,
    ReadOnlyFile,
    DatabaseReadOnly,
    DatabaseLocked,
    DatabaseDamaged,
    DatabaseTooNew,
    NotADatabase,
    WrongPassphrase,
    DatabaseUnreachable,
]


def test_every_kind_has_its_own_dutch_sentence_with_what_to_do() -> None:
    sentences = [kind().message for kind in KINDS]
    assert len(set(sentences)) == len(KINDS)
    for sentence in sentences:
        assert sentence.endswith(".") and len(sentence) < 260
        assert any(word in sentence for word in ("probeer", "Kies", "Zet", "Werk", "Open", "Wacht", "Let op"))
    assert issubclass(DatabaseInUse, StorageError)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EDQUOT, DiskFull),
        (errno.EROFS, ReadOnlyLocation),
        (errno.EACCES, ReadOnlyLocation),  # a folder we may not write in (no such file)
        (errno.EPERM, ReadOnlyLocation),
    ],
)
def test_file_errors_by_errno(code: int, kind: type[StorageError], tmp_path: Path) -> None:
    found = classify(OSError(code, "whatever the system says", str(tmp_path / "nieuw.docx")))
    assert type(found) is kind


def test_a_read_only_file_is_told_apart_from_a_read_only_folder(tmp_path: Path) -> None:
    target = tmp_path / "verslag.docx"
    target.write_bytes(b"x")
    target.chmod(stat.S_IRUSR)
    try:
        assert type(classify(PermissionError(errno.EACCES, "denied", str(target)))) is ReadOnlyFile
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_other_file_errors_are_no_storage_condition() -> None:
    assert classify(FileNotFoundError(errno.ENOENT, "No such file")) is None
    assert classify(ValueError("database or disk is full")) is None  # text alone is not enough


def test_sqlalchemys_own_errors_are_mistakes_in_the_program_whatever_their_text() -> None:
    """A wrong join named 'ReadOnlyColumnCollection' in its message and was shown to the chair as
    'De database kan niet worden beschreven (alleen-lezen)' instead of the crash dialog."""
    from sqlalchemy import exc

    found = "got <ClauseList> object resolved from <ReadOnlyColumnCollection> object."
    assert classify(exc.ArgumentError(f"Join target expected, {found}")) is None
    assert classify(exc.InvalidRequestError("the database is locked by nobody")) is None
    assert classify(exc.CompileError("disk is full of nonsense")) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("database or disk is full", DiskFull),
        ("disk I/O error", DiskWriteFailed),
        ("attempt to write a readonly database", DatabaseReadOnly),
        ("database is locked", DatabaseLocked),
        ("unable to open database file", DatabaseUnreachable),
        ("database disk image is malformed", DatabaseDamaged),
        ("file is not a database", NotADatabase),
    ],
)
def test_sqlite_messages_through_sqlalchemy_and_plain_sqlite3(text: str, kind: type[StorageError]) -> None:
    assert type(classify(OperationalError("COMMIT", {}, sqlite3.OperationalError(text)))) is kind
    assert type(classify(sqlite3.OperationalError(text))) is kind


def test_disk_write_failed_is_a_full_disk_for_those_who_catch_that() -> None:
    assert isinstance(DiskWriteFailed(), DiskFull)
    assert errors.DiskFull().message.startswith("De schijf is vol")
