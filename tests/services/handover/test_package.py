"""The handover package: a round trip with everything back, nothing secret or personal in the
wrong place, and every damaged, truncated or wrongly opened package refused with nothing written."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY
from tests.services.handover.conftest import PASSPHRASE, SMTP_PASSWORD
from wiec_desktop.exports.docx.handover_package import WrittenHandover, write_handover
from wiec_desktop.services.handover import (
    HandoverError,
    HandoverIncomplete,
    HandoverSettings,
    HandoverUnreadable,
    NotAHandover,
    make_package,
    open_package,
)
from wiec_desktop.services.handover.archive import HEADER_SIZE, unseal
from wiec_desktop.services.handover.package import DATABASE_MEMBER, MANIFEST_MEMBER, SUMMARY_MEMBER
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database

COUNTED = ("case", "action", "meeting", "organisation", "contact", "assignment_recipient", "resident")


def _handover(services: Services, db: Database, folder: Path, settings: HandoverSettings | None = None):
    return write_handover(services, db, folder / "wijk", PASSPHRASE, DEMO_TODAY, settings=settings)


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}
    finally:
        connection.close()


def _plain_members(written: WrittenHandover) -> dict[str, bytes]:
    payload = unseal(written.path.read_bytes(), PASSPHRASE)
    with zipfile.ZipFile(io.BytesIO(payload)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_round_trip_gives_the_same_database_templates_and_settings(
    services, demo_db, demo_path, handover_settings, outbox, inbox
) -> None:
    written = _handover(services, demo_db, outbox, handover_settings)
    assert written.path.name == "wijk.wiec-overdracht"
    assert sorted(p.name for p in outbox.iterdir()) == ["wijk-samenvatting.docx", "wijk.wiec-overdracht"]

    received = open_package(written.path, PASSPHRASE, inbox)

    assert received.database.parent == inbox
    assert _counts(received.database) == _counts(demo_path)
    assert received.settings.mail == handover_settings.mail
    assert received.settings.recipients_hidden == {1: False}
    assert received.template is not None and received.template.read_bytes() == handover_settings.word_template
    assert received.summary_docx.startswith(b"PK")
    reopened = open_database(received.database)  # a WIEC database the program opens (and migrates)
    try:
        assert Services(reopened.session_factory).cases.get_case(1).title
    finally:
        reopened.close()


def test_the_manifest_lists_every_member_with_its_sha256(
    services, demo_db, handover_settings, outbox
) -> None:
    import hashlib
    import json

    members = _plain_members(_handover(services, demo_db, outbox, handover_settings))
    manifest = json.loads(members.pop(MANIFEST_MEMBER))
    assert set(manifest["members"]) == set(members)
    assert {DATABASE_MEMBER, SUMMARY_MEMBER, "instellingen.json", "sjablonen/briefpapier.docx"} <= set(
        members
    )
    for name, content in members.items():
        assert manifest["members"][name]["sha256"] == hashlib.sha256(content).hexdigest()
    assert manifest["counts"]["case"] == 26


def test_no_smtp_password_and_no_resident_names_where_they_do_not_belong(
    services, demo_db, handover_settings, outbox, resident_names, smtp_password_in_keyring
) -> None:
    written = _handover(services, demo_db, outbox, handover_settings)
    raw = written.path.read_bytes()
    members = _plain_members(written)
    plaintext = b"".join(members.values())
    assert resident_names, "the demo has residents"
    assert SMTP_PASSWORD.encode() not in raw and SMTP_PASSWORD.encode() not in plaintext
    assert b"password" not in members["instellingen.json"].lower()
    for name in resident_names:
        assert name.encode() not in raw
    # the database inside is complete (the chair's successor needs the residents), so the check
    # above is a real one: the names are in the plaintext, not in the file's bytes
    assert any(name.encode() in members[DATABASE_MEMBER] for name in resident_names)


def test_an_encrypted_database_is_handed_over_without_plaintext_on_disk(
    services, demo_db, outbox, inbox, tmp_path
) -> None:
    encrypted_path = tmp_path / "versleuteld.sqlite"
    demo_db.encrypt_to(encrypted_path, "de oude wachtwoordzin")
    encrypted = open_database(encrypted_path, passphrase="de oude wachtwoordzin")
    try:
        made = make_package(encrypted, outbox / "wijk", PASSPHRASE, DEMO_TODAY)
    finally:
        encrypted.close()
    assert [p.name for p in outbox.iterdir()] == ["wijk.wiec-overdracht"]  # no staging copy left
    received = open_package(made.path, PASSPHRASE, inbox)
    assert _counts(received.database)["case"] == 26
    assert received.database.read_bytes()[:16] == b"SQLite format 3\x00"


def test_opening_twice_never_overwrites(services, demo_db, outbox, inbox) -> None:
    written = _handover(services, demo_db, outbox)
    first = open_package(written.path, PASSPHRASE, inbox)
    before = first.database.read_bytes()
    second = open_package(written.path, PASSPHRASE, inbox)
    assert second.database != first.database and second.database.name.endswith("(2).sqlite")
    assert first.database.read_bytes() == before


def test_making_never_replaces_an_existing_file(services, demo_db, outbox) -> None:
    existing = outbox / "wijk.wiec-overdracht"
    existing.write_bytes(b"iets anders")
    with pytest.raises(HandoverError, match="bestaat al"):
        _handover(services, demo_db, outbox)
    assert existing.read_bytes() == b"iets anders"
    assert [p.name for p in outbox.iterdir()] == ["wijk.wiec-overdracht"]


def test_a_short_passphrase_is_refused_before_anything_is_written(demo_db, outbox) -> None:
    with pytest.raises(HandoverError, match="minstens 8 tekens"):
        make_package(demo_db, outbox / "wijk", "kort", DEMO_TODAY)
    assert not list(outbox.iterdir())


@pytest.fixture
def package_bytes(services, demo_db, outbox) -> bytes:
    return _handover(services, demo_db, outbox).path.read_bytes()


def _refused(data: bytes, tmp_path: Path, inbox: Path, passphrase: str = PASSPHRASE) -> HandoverError:
    file = tmp_path / "ontvangen.wiec-overdracht"
    file.write_bytes(data)
    with pytest.raises(HandoverError) as caught:
        open_package(file, passphrase, inbox)
    assert not list(inbox.iterdir()), "nothing may be written"
    return caught.value


def test_a_wrong_passphrase_is_a_clear_error_and_writes_nothing(package_bytes, tmp_path, inbox) -> None:
    error = _refused(package_bytes, tmp_path, inbox, "een andere wachtwoordzin")
    assert isinstance(error, HandoverUnreadable)
    assert "wachtwoordzin is onjuist" in error.message and "niets geschreven" in error.message


@pytest.mark.parametrize("where", ["kdf", "salt", "nonce", "payload-start", "middle", "tag"])
def test_one_flipped_byte_is_a_clear_error_and_writes_nothing(package_bytes, tmp_path, inbox, where) -> None:
    position = {
        "kdf": 20,
        "salt": 34,
        "nonce": 52,
        "payload-start": HEADER_SIZE + 3,
        "middle": len(package_bytes) // 2,
        "tag": len(package_bytes) - 1,
    }[where]
    damaged = bytearray(package_bytes)
    damaged[position] ^= 0x01
    error = _refused(bytes(damaged), tmp_path, inbox)
    assert isinstance(error, HandoverUnreadable)
    assert "beschadigd of gewijzigd" in error.message


@pytest.mark.parametrize("keep", [10, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 1000, -1])
def test_a_truncated_package_is_a_clear_error_and_writes_nothing(
    package_bytes, tmp_path, inbox, keep
) -> None:
    error = _refused(package_bytes[:keep], tmp_path, inbox)
    assert isinstance(error, HandoverIncomplete)
    assert "onvolledig" in error.message


def test_another_file_is_not_a_handover(tmp_path, inbox, demo_path) -> None:
    for data in (b"", b"PK\x03\x04 een zip", demo_path.read_bytes()):
        assert isinstance(_refused(data, tmp_path, inbox), NotAHandover)


def test_the_summary_says_what_is_handed_over_for_policymakers(
    services, demo_db, outbox, resident_names
) -> None:
    from docx import Document

    written = _handover(services, demo_db, outbox)
    document = Document(str(written.summary))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    summary = written.package.summary
    assert "Overdracht aan de nieuwe voorzitter" in text
    assert summary.assignment in text
    assert "Stadsdeel Escamp" in cells and "15-03-2026 t/m 12-03-2027" in cells
    assert f"{summary.counts.cases} casussen ({summary.counts.open_cases} open)" in cells
    for case in summary.open_cases:
        assert case.reference in cells
    for action in summary.open_actions:
        assert action.reference in cells
    assert "dinsdag 24 november 2026" in cells and "Leefomgevingoverleg Wateringseveld" in cells
    assert "En nog 14 open casussen" in text
    with zipfile.ZipFile(written.summary) as docx:
        xml = b"".join(docx.read(name) for name in docx.namelist())
    for name in resident_names:
        assert name.encode() not in xml
    assert _plain_members(written)[SUMMARY_MEMBER] == written.summary.read_bytes()
