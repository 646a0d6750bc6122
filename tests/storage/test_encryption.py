"""Encryption at rest (SQLCipher): the raw bytes of an encrypted demo database and of its copy made
before a migration hold none of the demo's names, streets or phone numbers; a wrong passphrase
changes nothing (same sha256, no -wal or -shm); rekey; encrypt and decrypt into new files with
the original kept; a server URL or a plain file with a passphrase is refused; the passphrase is
never in a repr or a log line; the keyring keeps it only when asked."""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import BrokenKeyring, MemoryKeyring
from wiec_desktop.services.demo_data import build_demo
from wiec_desktop.services.registry import Services
from wiec_desktop.storage import encryption, migrate
from wiec_desktop.storage.database import Database, needs_passphrase, open_database
from wiec_desktop.storage.engine import DatabaseLocation, make_engine
from wiec_desktop.storage.errors import (
    DatabaseTooNew,
    EncryptedDatabase,
    EncryptionUnsupported,
    NotADatabase,
    WrongPassphrase,
)
from wiec_desktop.storage.passphrase_store import (
    KEYRING_SERVICE,
    PassphraseStoreError,
    forget_passphrase,
    keyring_key,
    remember_passphrase,
    remembered_passphrase,
)

PASSPHRASE = "paarse olifant op de fiets"
OTHER = "een heel andere zin 42"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")) if p.exists()]


def _personal_words(plain: Path) -> set[str]:
    """Residents' names and phone numbers, streets and contact persons of a plain demo database."""
    with sqlite3.connect(f"{plain.as_uri()}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT name FROM resident UNION SELECT phone FROM resident UNION SELECT street FROM address "
            "UNION SELECT name FROM contact UNION SELECT phone FROM contact"
        ).fetchall()
    return {value for (value,) in rows if value}


def _assert_no_personal_data(path: Path, words: set[str]) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    found = [word for word in words if word.encode() in raw]
    assert found == []


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted demo database made as ``demo --passphrase-file`` makes it, built once."""
    path = tmp_path_factory.mktemp("encrypted") / "demo.sqlite"
    database = open_database(path, create=True, passphrase=PASSPHRASE)
    build_demo(database.session_factory, today=DEMO_TODAY)
    database.close()
    return path


@pytest.fixture
def encrypted_path(encrypted_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "eigen-map"
    folder.mkdir()
    target = folder / "versleuteld.sqlite"
    shutil.copyfile(encrypted_template, target)  # the bytes stay encrypted
    return target


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _counts(database: Database) -> tuple[int, int, int]:
    with database.engine.connect() as con:
        return (
            con.execute(text("SELECT count(*) FROM resident")).scalar_one(),
            con.execute(text('SELECT count(*) FROM "case"')).scalar_one(),
            con.execute(text("SELECT count(*) FROM action")).scalar_one(),
        )


def test_raw_bytes_of_an_encrypted_demo_hold_no_names_streets_or_phones(
    encrypted_path: Path, demo_path: Path
) -> None:
    words = _personal_words(demo_path)
    assert len(words) > 50 and any(word.startswith("06-") for word in words)  # the check can fail
    assert any(word.encode() in demo_path.read_bytes() for word in words)  # … as it does on plain
    assert encryption.is_encrypted_file(encrypted_path) and needs_passphrase(encrypted_path)
    _assert_no_personal_data(encrypted_path, words)
    database = open_database(encrypted_path, passphrase=PASSPHRASE)
    try:
        assert database.encrypted
        assert _counts(database)[0] > 0
        assert Services(database.session_factory).meetings.list_meetings()
        for side in _side_files(encrypted_path):  # the write-ahead log is encrypted too
            _assert_no_personal_data(side, words)
    finally:
        database.close()


def test_the_copy_made_before_a_migration_stays_encrypted(encrypted_path: Path, demo_path: Path) -> None:
    engine = make_engine(DatabaseLocation.parse(encrypted_path), PASSPHRASE)
    migrate.migrate_engine(engine, "0006_retention")  # as if made by the previous version
    engine.dispose()
    database = open_database(encrypted_path, passphrase=PASSPHRASE)
    database.close()
    backup = database.backup_path
    assert backup is not None and backup.is_file()
    _assert_no_personal_data(backup, _personal_words(demo_path))
    assert encryption.is_encrypted_file(backup)
    with pytest.raises(EncryptedDatabase):
        open_database(backup)
    assert migrate.probe_sqlite_file(backup, PASSPHRASE).revision == "0006_retention"
    # nothing was decrypted into a file on the way: only the database and its copy are there
    names = sorted(p.name for p in encrypted_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert names == sorted([encrypted_path.name, backup.name])


def test_a_wrong_passphrase_changes_nothing_and_leaves_no_side_files(encrypted_path: Path) -> None:
    before = _digest(encrypted_path)
    with pytest.raises(WrongPassphrase, match="Onjuiste wachtwoordzin"):
        open_database(encrypted_path, passphrase="fout")
    with pytest.raises(EncryptedDatabase, match="versleuteld"):
        open_database(encrypted_path)
    with pytest.raises(WrongPassphrase):
        encryption.change_passphrase(encrypted_path, "fout", OTHER)
    with pytest.raises(WrongPassphrase):
        encryption.decrypt_to(encrypted_path, "fout", encrypted_path.with_name("plat.sqlite"))
    assert _digest(encrypted_path) == before
    assert _side_files(encrypted_path) == []
    assert not encrypted_path.with_name("plat.sqlite").exists()
    encryption.check_passphrase(encrypted_path, PASSPHRASE)  # the right one, checked read-only …
    assert _digest(encrypted_path) == before and _side_files(encrypted_path) == []  # … changes nothing


def test_change_passphrase_while_open_then_only_the_new_one_opens(encrypted_path: Path) -> None:
    database = open_database(encrypted_path, passphrase=PASSPHRASE)
    services = Services(database.session_factory)
    counts = _counts(database)
    with pytest.raises(WrongPassphrase):
        database.change_passphrase("fout", OTHER)
    database.change_passphrase(PASSPHRASE, OTHER)
    assert database.passphrase == OTHER
    assert services.meetings.list_meetings()  # the same services keep working on the new engine
    services.cases.create_case("Na het wijzigen van de wachtwoordzin")
    database.close()
    assert database.passphrase is None  # forgotten once closed
    before = _digest(encrypted_path)
    with pytest.raises(WrongPassphrase):
        open_database(encrypted_path, passphrase=PASSPHRASE)
    assert _digest(encrypted_path) == before
    reopened = open_database(encrypted_path, passphrase=OTHER)
    assert _counts(reopened)[1] == counts[1] + 1
    reopened.close()


def test_encrypt_and_decrypt_into_new_files_keep_the_original(demo_path: Path, tmp_path: Path) -> None:
    words = _personal_words(demo_path)
    plain_before = _digest(demo_path)
    encrypted, decrypted = tmp_path / "versleuteld.sqlite", tmp_path / "ontsleuteld.sqlite"
    encryption.encrypt_to(demo_path, encrypted, PASSPHRASE)
    assert _digest(demo_path) == plain_before
    _assert_no_personal_data(encrypted, words)
    encrypted_before = _digest(encrypted)
    encryption.decrypt_to(encrypted, PASSPHRASE, decrypted)
    assert _digest(encrypted) == encrypted_before and _side_files(encrypted) == []
    assert decrypted.read_bytes().startswith(b"SQLite format 3\x00")

    originals = open_database(demo_path)
    copies = [open_database(encrypted, passphrase=PASSPHRASE), open_database(decrypted)]
    try:
        assert [_counts(copy) for copy in copies] == [_counts(originals)] * 2
        assert [copy.encrypted for copy in copies] == [True, False]
    finally:
        for database in (originals, *copies):
            database.close()

    with pytest.raises(EncryptionUnsupported, match="bestaat al"):
        encryption.encrypt_to(demo_path, decrypted, PASSPHRASE)
    with pytest.raises(EncryptionUnsupported, match="al versleuteld"):
        encryption.encrypt_to(encrypted, tmp_path / "nogmaals.sqlite", PASSPHRASE)
    with pytest.raises(encryption.PassphraseTooWeak):
        encryption.encrypt_to(demo_path, tmp_path / "zwak.sqlite", "kort")
    assert not (tmp_path / "zwak.sqlite").exists() and not (tmp_path / "nogmaals.sqlite").exists()


def test_an_open_database_copies_itself_encrypted_for_backups(encrypted_path: Path, demo_path: Path) -> None:
    database = open_database(encrypted_path, passphrase=PASSPHRASE)
    Services(database.session_factory).cases.create_case("Nog in het logbestand")
    target = encrypted_path.with_name("kopie.sqlite")
    database.copy_to(target)
    counts = _counts(database)
    database.close()
    _assert_no_personal_data(target, _personal_words(demo_path))
    copy = open_database(target, passphrase=PASSPHRASE)
    assert _counts(copy) == counts
    copy.close()


def test_encrypted_database_on_the_database_helpers(encrypted_path: Path, tmp_path: Path) -> None:
    database = open_database(encrypted_path, passphrase=PASSPHRASE)
    try:
        assert PASSPHRASE not in repr(database) and PASSPHRASE not in repr(database.engine)
        assert PASSPHRASE not in database.location.display()
        database.decrypt_to(tmp_path / "plat.sqlite")
        with pytest.raises(EncryptionUnsupported):
            database.encrypt_to(tmp_path / "dubbel.sqlite", OTHER)
    finally:
        database.close()
    assert not needs_passphrase(tmp_path / "plat.sqlite")


def test_a_new_database_with_a_too_short_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(encryption.PassphraseTooWeak, match="minstens 8"):
        open_database(tmp_path / "nieuw.sqlite", create=True, passphrase="   ")
    assert not (tmp_path / "nieuw.sqlite").exists()


def test_a_passphrase_for_a_server_or_a_plain_file_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(EncryptionUnsupported, match="PostgreSQL"):
        open_database("postgresql://wiec@localhost/wiec", passphrase=PASSPHRASE)
    with pytest.raises(EncryptionUnsupported):
        make_engine(DatabaseLocation.parse("postgresql://wiec@localhost/wiec"), PASSPHRASE)
    plain = db.location.path
    assert plain is not None
    db.close()
    with pytest.raises(EncryptionUnsupported, match="niet versleuteld"):
        open_database(plain, passphrase=PASSPHRASE)
    with pytest.raises(EncryptionUnsupported, match="niet versleuteld"):
        encryption.check_passphrase(plain, PASSPHRASE)


def test_a_text_file_of_whole_pages_is_asked_for_a_passphrase_then_refused(tmp_path: Path) -> None:
    junk = tmp_path / "ruis.sqlite"
    junk.write_bytes(bytes(range(256)) * 16)  # looks like encrypted pages
    before = _digest(junk)
    with pytest.raises(EncryptedDatabase):
        open_database(junk)
    with pytest.raises(WrongPassphrase):
        open_database(junk, passphrase=PASSPHRASE)
    text_file = tmp_path / "notities.sqlite"
    text_file.write_text("geen database\n" * 10)
    with pytest.raises(NotADatabase):
        open_database(text_file)
    assert _digest(junk) == before and _side_files(junk) == []


def test_the_passphrase_is_never_logged(encrypted_path: Path, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    engine = make_engine(DatabaseLocation.parse(encrypted_path), PASSPHRASE)
    migrate.migrate_engine(engine, "0006_retention")
    engine.dispose()
    with pytest.raises(WrongPassphrase):
        open_database(encrypted_path, passphrase=OTHER)
    database = open_database(encrypted_path, passphrase=PASSPHRASE)  # backup and migration
    database.change_passphrase(PASSPHRASE, OTHER)
    database.decrypt_to(tmp_path / "plat.sqlite")
    database.close()
    assert caplog.records  # something was logged …
    assert PASSPHRASE not in caplog.text and OTHER not in caplog.text  # … but never a passphrase


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=8, max_size=40).filter(lambda s: "\x00" not in s and len(s.strip()) >= 8))
def test_any_passphrase_with_quotes_or_accents_opens_what_it_encrypted(
    tmp_path: Path, passphrase: str
) -> None:
    path = tmp_path / f"p{abs(hash(passphrase))}.sqlite"
    open_database(path, create=True, passphrase=passphrase).close()
    encryption.check_passphrase(path, passphrase)
    with pytest.raises(WrongPassphrase):
        encryption.check_passphrase(path, passphrase + "x")


def test_the_keyring_keeps_a_passphrase_only_when_asked(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "db.sqlite"
    assert remembered_passphrase(path) is None
    remember_passphrase(path, PASSPHRASE)
    assert memory_keyring.store == {(KEYRING_SERVICE, keyring_key(path)): PASSPHRASE}
    assert keyring_key(path) == str(path.resolve())
    assert remembered_passphrase(tmp_path / "." / "db.sqlite") == PASSPHRASE  # the resolved path
    forget_passphrase(path)
    forget_passphrase(path)  # quiet when none is kept
    assert memory_keyring.store == {}


def test_a_broken_keyring_means_asking_again(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        assert remembered_passphrase(tmp_path / "db.sqlite") is None
        with pytest.raises(PassphraseStoreError, match="wachtwoordkluis"):
            remember_passphrase(tmp_path / "db.sqlite", PASSPHRASE)
    finally:
        keyring.set_keyring(previous)


def test_a_refused_plain_database_is_probed_without_leaving_side_files(tmp_path: Path) -> None:
    target = tmp_path / "toekomst.sqlite"
    open_database(target, create=True).close()
    con = sqlite3.connect(target)  # still in WAL mode: a read-only probe used to leave -wal and -shm
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    assert _side_files(target) == []
    before = _digest(target)
    with pytest.raises(DatabaseTooNew):
        open_database(target)
    assert _digest(target) == before and _side_files(target) == []
