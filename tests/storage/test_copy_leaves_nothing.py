"""A copy of a closed database (a backup, a handover) leaves nothing beside the source."""

from __future__ import annotations

from pathlib import Path

from wiec_desktop.storage.database import open_database


def test_copying_a_read_only_database_creates_no_wal_or_shm(tmp_path: Path) -> None:
    source = tmp_path / "wijk.sqlite"
    open_database(source, create=True).close()
    before = sorted(p.name for p in tmp_path.iterdir())
    database = open_database(source, read_only=True)
    try:
        database.copy_to(tmp_path / "kopie.sqlite")
    finally:
        database.close()
    after = sorted(p.name for p in tmp_path.iterdir())
    assert after == sorted([*before, "kopie.sqlite"])


def test_an_encrypted_copy_with_a_wrong_passphrase_leaves_no_file(tmp_path: Path) -> None:
    import pytest

    from wiec_desktop.storage.encryption import copy_encrypted
    from wiec_desktop.storage.errors import WrongPassphrase

    source = tmp_path / "geheim.sqlite"
    open_database(source, create=True, passphrase="lang genoeg geheim").close()
    with pytest.raises(WrongPassphrase):
        copy_encrypted(source, "niet de goede zin", tmp_path / "kopie.sqlite")
    assert not (tmp_path / "kopie.sqlite").exists()
