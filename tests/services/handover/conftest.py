"""Fixtures of the handover tests: the demo database with its services, deduce's tables ready (the
summary is made for policymakers), and the handover settings of a chair with a mail server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import MemoryKeyring
from tests.services.privacy.deduce_cache import use_test_cache
from wiec_desktop.exports.docx.template import default_template
from wiec_desktop.services.handover import HandoverSettings
from wiec_desktop.services.mail.settings import MailSettings, store_password
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

PASSPHRASE = "overdracht voor de opvolger"
SMTP_PASSWORD = "Smtp-Geheim-7731!"


@pytest.fixture(scope="session")
def deduce_ready() -> Path:
    return use_test_cache()


@pytest.fixture
def services(demo_db: Database, deduce_ready: Path) -> Services:
    return Services(demo_db.session_factory, lambda: DEMO_TODAY)


@pytest.fixture
def mail() -> MailSettings:
    return MailSettings(
        host="smtp.wijkaanpak.nl",
        port=587,
        username="voorzitter.wateringseveld",
        sender_address="voorzitter@wijkaanpak.nl",
        sender_name="Voorzitter Wateringseveld",
    )


@pytest.fixture
def handover_settings(mail: MailSettings) -> HandoverSettings:
    return HandoverSettings(
        mail=mail.to_dict(),
        recipients_hidden={1: False},
        word_template_name="briefpapier.docx",
        word_template=default_template().read_bytes(),
    )


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    folder = tmp_path / "uit"
    folder.mkdir()
    return folder


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


@pytest.fixture
def resident_names(demo_path: Path) -> Iterator[list[str]]:
    connection = sqlite3.connect(demo_path)
    try:
        yield [row[0] for row in connection.execute("SELECT name FROM resident") if row[0]]
    finally:
        connection.close()


@pytest.fixture
def smtp_password_in_keyring(mail: MailSettings) -> Iterator[MemoryKeyring]:
    """The chair's SMTP password in a keyring (in memory), where the program keeps it."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    store_password(mail, SMTP_PASSWORD)
    yield backend
    keyring.set_keyring(previous)
