"""Bestand › Overdracht maken… and Bestand › Overdracht openen… as the chair uses them: typing in
the dialogs, the job in the background, the settings applied on confirmation and the received
database opened in the window."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import MemoryKeyring
from wiec_desktop.exports.docx.handover_package import write_handover
from wiec_desktop.exports.docx.template import default_template
from wiec_desktop.services.handover import HandoverSettings
from wiec_desktop.services.handover.archive import unseal
from wiec_desktop.services.mail.settings import MailSettings, store_password
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.handover.menu import HandoverMenu
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

PASSPHRASE = "voor mijn opvolger"
SMTP_PASSWORD = "Smtp-Geheim-7731!"
MAIL = MailSettings(
    host="smtp.wijkaanpak.nl", username="voorzitter", sender_address="voorzitter@wijkaanpak.nl"
)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def window(qtbot, demo_db: Database, memory_keyring: MemoryKeyring) -> Iterator[MainWindow]:
    main = MainWindow(
        AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    )
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.context.database.close()


def _type(qtbot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def _driver(qtbot, steps: Callable[[QDialog], None]) -> Callable[[HandoverMenu, QDialog], bool]:
    """A ``HandoverMenu._exec`` that shows the dialog, lets ``steps`` type and click, waits for the
    background job and reports whether the dialog was accepted."""

    def run(_menu: HandoverMenu, dialog: QDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        steps(dialog)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def test_make_a_handover_from_the_file_menu(qtbot, monkeypatch, window: MainWindow, tmp_path: Path) -> None:
    window.context.settings.set_mail_settings(MAIL)
    store_password(MAIL, SMTP_PASSWORD)
    window.context.settings.set_word_template(default_template())
    target = tmp_path / "voor-opvolger"

    def steps(dialog: QDialog) -> None:
        _type(qtbot, dialog.file_edit, str(target))
        _type(qtbot, dialog.passphrase, PASSPHRASE)
        _type(qtbot, dialog.repeat, "iets anders dan dat")
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "niet gelijk" in dialog.message.text()
        _type(qtbot, dialog.repeat, PASSPHRASE)
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(HandoverMenu, "_exec", _driver(qtbot, steps))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    window.handover.make_action.trigger()

    package = tmp_path / "voor-opvolger.wiec-overdracht"
    assert shown and str(package) in shown[0] and "voor-opvolger-samenvatting.docx" in shown[0]
    with zipfile.ZipFile(io.BytesIO(unseal(package.read_bytes(), PASSPHRASE))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    settings = json.loads(members["instellingen.json"])
    assert (
        settings["mail"]["host"] == "smtp.wijkaanpak.nl"
        and settings["word_template"] == default_template().name
    )
    assert members[f"sjablonen/{default_template().name}"] == default_template().read_bytes()
    for content in [package.read_bytes(), *members.values()]:
        assert SMTP_PASSWORD.encode() not in content


def test_open_a_handover_from_the_file_menu(
    qtbot, monkeypatch, window: MainWindow, demo_db: Database, tmp_path: Path
) -> None:
    made = write_handover(
        Services(demo_db.session_factory, lambda: DEMO_TODAY),
        demo_db,
        tmp_path / "ontvangen",
        PASSPHRASE,
        DEMO_TODAY,
        settings=HandoverSettings(
            mail=MAIL.to_dict(),
            recipients_hidden={1: False},
            word_template_name="briefpapier.docx",
            word_template=default_template().read_bytes(),
        ),
    )
    folder = tmp_path / "nieuwe-laptop"
    folder.mkdir()

    def steps(dialog: QDialog) -> None:
        _type(qtbot, dialog.file_edit, str(made.path))
        _type(qtbot, dialog.folder_edit, str(folder))
        _type(qtbot, dialog.passphrase, "een verkeerde zin")
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "wachtwoordzin is onjuist" in dialog.message.text(), timeout=30_000)
        assert dialog.isVisible() and not list(folder.iterdir())
        _type(qtbot, dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(HandoverMenu, "_exec", _driver(qtbot, steps))
    asked: list[str] = []

    def agree(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", agree)
    window.handover.open_action.trigger()

    received = folder / "demo-overgedragen.sqlite"
    assert window.context.database.location.path == received
    assert window.context.services.cases.get_case(1).title
    assert asked and "smtp.wijkaanpak.nl" in asked[0] and "briefpapier.docx" in asked[0]
    settings = window.context.settings
    assert settings.mail_settings() == MAIL
    assert settings.recipients_hidden(1) is False
    assert settings.word_template() == folder / "briefpapier.docx"
