"""One writer per database file through ``open_database``: the writer lock is held while open and let
go at close; a second writer is refused with who holds it (also a real process that is killed with
SIGKILL, whose lock is then taken over); ``read_only`` opens beside a writer on an engine that
cannot write and creates nothing beside the file; an unwritable file or folder opens read-only by
itself with its reason, and is never migrated."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import FILE_READ_ONLY, FOLDER_READ_ONLY, open_database
from wiec_desktop.storage.errors import DatabaseReadOnly
from wiec_desktop.storage.writer_lock import DatabaseInUse

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "een lange wachtwoordzin voor de test"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _beside(path: Path) -> set[str]:
    """The names of the files beside ``path`` (the lock file of the writer is not about reading)."""
    return {p.name for p in path.parent.iterdir()}


def _new_database(path: Path, passphrase: str | None = None) -> Path:
    database = open_database(path, create=True, passphrase=passphrase)
    Services(database.session_factory).organisations.create_organisation(name="Wijkteam")
    database.close()
    return path


def _organisation_count(database) -> int:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM organisation")).scalar_one())


def test_a_second_writer_in_the_same_process_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    path = _new_database(tmp_path / "wijk.sqlite")
    first = open_database(path)
    try:
        assert first.holds_writer_lock and not first.read_only
        with pytest.raises(DatabaseInUse) as raised:
            open_database(path)
        assert raised.value.holder is not None and raised.value.holder.pid == os.getpid()
        assert "alleen-lezen" in raised.value.message
    finally:
        first.close()
    assert not first.holds_writer_lock
    open_database(path).close()  # let go at close


def test_a_refused_file_gets_no_lock_file_beside_it(tmp_path: Path) -> None:
    (tmp_path / "map").mkdir()
    garbage = tmp_path / "map" / "kapot.sqlite"
    garbage.write_bytes(b"geen database" * 100)
    with pytest.raises(Exception):  # noqa: B017 - which refusal is the damage tests' business
        open_database(garbage)
    assert _beside(garbage) == {"kapot.sqlite"}


def _child_writer(path: Path) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import sys, time
        from wiec_desktop.storage.database import open_database
        database = open_database({str(path)!r})
        print("open", flush=True)
        time.sleep(120)
        """
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)


@contextlib.contextmanager
def _writer_in_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    child = _child_writer(path)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_writer_killed_with_sigkill_leaves_a_lock_that_is_taken_over(tmp_path: Path) -> None:
    path = _new_database(tmp_path / "wijk.sqlite")
    with _writer_in_another_process(path) as child:
        with pytest.raises(DatabaseInUse) as raised:
            open_database(path)
        assert raised.value.holder is not None and raised.value.holder.pid == child.pid
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    database = open_database(path)  # the system let the killed process's lock go
    try:
        assert database.holds_writer_lock
        assert _organisation_count(database) == 1
    finally:
        database.close()


def test_read_only_beside_a_writer_in_another_process_reads_but_cannot_write(tmp_path: Path) -> None:
    path = _new_database(tmp_path / "wijk.sqlite")
    with _writer_in_another_process(path):
        reader = open_database(path, read_only=True)
        try:
            assert reader.read_only and reader.read_only_reason is None
            assert not reader.holds_writer_lock
            services = Services(reader.session_factory)
            assert [o.name for o in services.organisations.list_organisations()] == ["Wijkteam"]
            with pytest.raises(DatabaseReadOnly):
                services.organisations.create_organisation(name="Politie")
        finally:
            reader.close()
        with pytest.raises(DatabaseInUse):  # the reader did not touch the writer's lock
            open_database(path)


def test_read_only_sees_what_the_writer_commits_after_it_opened(tmp_path: Path) -> None:
    path = _new_database(tmp_path / "wijk.sqlite")
    writer = open_database(path)
    try:
        Services(writer.session_factory).organisations.list_organisations()  # the writer is connected
        reader = open_database(path, read_only=True)
        try:
            assert _organisation_count(reader) == 1
            Services(writer.session_factory).organisations.create_organisation(name="Politie")
            assert _organisation_count(reader) == 2
        finally:
            reader.close()
    finally:
        writer.close()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "sqlcipher"])
def test_read_only_creates_nothing_beside_a_closed_file_and_changes_no_byte(
    tmp_path: Path, encrypted: bool
) -> None:
    passphrase = PASSPHRASE if encrypted else None
    path = _new_database(tmp_path / "wijk.sqlite", passphrase)
    before, names = _sha256(path), _beside(path)
    database = open_database(path, read_only=True, passphrase=passphrase)
    try:
        assert database.read_only and database.encrypted is encrypted
        services = Services(database.session_factory)
        assert len(services.organisations.list_organisations()) == 1
        with pytest.raises(DatabaseReadOnly):
            services.organisations.create_organisation(name="Politie")
        assert _beside(path) == names  # no -wal, no -shm, no lock
    finally:
        database.close()
    assert _sha256(path) == before and _beside(path) == names


def _set_revision(path: Path, revision: str) -> None:
    database = open_database(path)
    try:
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        database.close()


def test_read_only_refuses_a_database_that_needs_upgrading(tmp_path: Path) -> None:
    path = _new_database(tmp_path / "wijk.sqlite")
    _set_revision(path, "0006_retention")
    before = _sha256(path)
    with pytest.raises(DatabaseReadOnly) as raised:
        open_database(path, read_only=True)
    assert "bijgewerkt" in raised.value.message
    assert _sha256(path) == before


def test_a_new_database_cannot_be_opened_read_only(tmp_path: Path) -> None:
    with pytest.raises(DatabaseReadOnly):
        open_database(tmp_path / "nieuw.sqlite", create=True, read_only=True)
    assert not (tmp_path / "nieuw.sqlite").exists()


# --- unwritable files and folders ---------------------------------------------------------------
# As root, chmod does not stop writing: a read-only (bind) mount is used there; as another user,
# chmod is.


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def _read_only_view(source: Path, target: Path) -> Iterator[Path]:
    """``source`` (a folder or a file) seen read-only at ``target``: a read-only bind mount as root,
    else ``chmod``."""
    if os.geteuid() == 0:
        if source.is_dir():
            target.mkdir()
        else:
            target.touch()
        if not _mount("--bind", str(source), str(target)):
            pytest.skip("bind mount not possible here")
        try:
            if not _mount("-o", "remount,ro,bind", str(target)):
                pytest.skip("read-only remount not possible here")
            yield target
        finally:
            subprocess.run(["umount", str(target)], capture_output=True)
        return
    mode = source.stat().st_mode
    source.chmod(0o555 if source.is_dir() else 0o444)
    try:
        yield source
    finally:
        source.chmod(mode)


def test_a_database_in_a_read_only_folder_opens_read_only_with_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    _new_database(folder / "wijk.sqlite")
    with _read_only_view(folder, tmp_path / "alleen-lezen") as view:
        path = view / "wijk.sqlite"
        names, before = _beside(path), _sha256(path)
        database = open_database(path)
        try:
            assert database.read_only and database.read_only_reason == FOLDER_READ_ONLY
            assert not database.holds_writer_lock
            services = Services(database.session_factory)
            assert len(services.organisations.list_organisations()) == 1
            with pytest.raises(DatabaseReadOnly):
                services.organisations.create_organisation(name="Politie")
        finally:
            database.close()
        assert _beside(path) == names and _sha256(path) == before


def test_a_read_only_file_opens_read_only_with_its_reason(tmp_path: Path) -> None:
    source = _new_database(tmp_path / "bron.sqlite")
    with _read_only_view(source, tmp_path / "wijk.sqlite") as path:
        database = open_database(path)
        try:
            assert database.read_only and database.read_only_reason == FILE_READ_ONLY
            with pytest.raises(DatabaseReadOnly):
                Services(database.session_factory).organisations.create_organisation(name="Politie")
        finally:
            database.close()


def test_a_read_only_file_that_needs_upgrading_is_refused_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    _set_revision(_new_database(folder / "wijk.sqlite"), "0006_retention")
    with _read_only_view(folder, tmp_path / "alleen-lezen") as view:
        path = view / "wijk.sqlite"
        names, before = _beside(path), _sha256(path)
        with pytest.raises(DatabaseReadOnly) as raised:
            open_database(path)
        assert FOLDER_READ_ONLY in raised.value.message and "bijgewerkt" in raised.value.message
        assert _beside(path) == names and _sha256(path) == before


def test_no_new_database_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    with _read_only_view(folder, tmp_path / "alleen-lezen") as view:
        with pytest.raises(DatabaseReadOnly) as raised:
            open_database(view / "nieuw.sqlite", create=True)
        assert FOLDER_READ_ONLY in raised.value.message
        assert not (view / "nieuw.sqlite").exists()
