"""Instellingen: mail server settings in settings.ini, the password only in the keyring, the Word
template (a .dotx refused with the template's message) and the reports folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import BrokenKeyring, MemoryKeyring
from wiec_desktop.exports.docx.template import default_template
from wiec_desktop.services.mail.settings import KEYRING_SERVICE, MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.settings.settings_dialog import SettingsDialog
from wiec_desktop.ui.shell.main_window import MainWindow

SECRET = "Zeer-Geheim-42"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


def open_dialog(qtbot, context: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose_security(dialog: SettingsDialog, key: str) -> None:
    dialog.security.setCurrentIndex(dialog.security.findData(key))


def test_mail_settings_and_password(qtbot, context: AppContext, memory_keyring: MemoryKeyring) -> None:
    dialog = open_dialog(qtbot, context)
    assert dialog.port.value() == 587 and dialog.security.currentData() == "starttls"
    choose_security(dialog, "ssl")
    assert dialog.port.value() == 465  # the port follows the security …
    dialog.port.setValue(2465)
    choose_security(dialog, "starttls")
    assert dialog.port.value() == 2465  # … unless the chair typed one
    dialog.port.setValue(587)
    choose_security(dialog, "none")
    assert dialog.port.value() == 25
    choose_security(dialog, "starttls")
    assert dialog.port.value() == 587

    qtbot.keyClicks(dialog.host, "smtp.example.nl")
    qtbot.keyClicks(dialog.username, "voorzitter")
    qtbot.keyClicks(dialog.sender_name, "Marieke Verbeek")
    qtbot.keyClicks(dialog.sender_address, "voorzitter@wiec.example.nl")
    qtbot.keyClicks(dialog.password, SECRET)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.password_status.text() == "Wachtwoord opgeslagen in de sleutelbos van het systeem."
    assert dialog.password.text() == "" and dialog.isVisible()

    assert memory_keyring.store == {(KEYRING_SERVICE, "voorzitter@smtp.example.nl"): SECRET}
    assert context.settings.mail_settings() == MailSettings(
        host="smtp.example.nl",
        port=587,
        security="starttls",
        username="voorzitter",
        sender_address="voorzitter@wiec.example.nl",
        sender_name="Marieke Verbeek",
    )
    ini = context.settings.path.read_text(encoding="utf-8")
    assert "smtp.example.nl" in ini and "voorzitter@wiec.example.nl" in ini
    assert SECRET not in ini and "password" not in ini.lower()
    # Read back by a new Settings object, as the next session would.
    assert Settings(context.settings.path).mail_settings() == context.settings.mail_settings()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    again = open_dialog(qtbot, context)
    assert again.host.text() == "smtp.example.nl" and again.password.text() == ""
    assert again.password_status.text() == "Wachtwoord opgeslagen in de sleutelbos van het systeem."
    qtbot.mouseClick(again.forget_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.store == {}
    assert again.password_status.text() == "Het wachtwoord is uit de sleutelbos verwijderd."


def test_invalid_settings_are_not_saved(qtbot, context: AppContext, memory_keyring: MemoryKeyring) -> None:
    dialog = open_dialog(qtbot, context)
    qtbot.keyClicks(dialog.host, "smtp voorbeeld")
    qtbot.keyClicks(dialog.sender_address, "geen-adres")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "smtp.voorbeeld.nl" in dialog.mail_form.error_text("host")
    assert "geen geldig e-mailadres" in dialog.mail_form.error_text("sender_address")
    assert context.settings.mail_settings() is None

    dialog.host.setText("smtp.example.nl")
    dialog.sender_address.setText("a@example.nl")
    qtbot.keyClicks(dialog.password, SECRET)  # a password without a user name: nowhere to keep it
    assert not dialog.apply()
    assert "gebruikersnaam" in dialog.mail_form.error_text("username").lower()
    assert memory_keyring.store == {}


def test_no_keyring_is_explained(qtbot, context: AppContext) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        context.settings.set_mail_settings(MailSettings(host="smtp.example.nl", username="voorzitter"))
        dialog = open_dialog(qtbot, context)
        assert "wachtwoordkluis" in dialog.password_status.text()
        qtbot.keyClicks(dialog.password, SECRET)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "wachtwoordkluis" in dialog.mail_form.error_text("password")
        assert SECRET not in context.settings.path.read_text(encoding="utf-8")
    finally:
        keyring.set_keyring(previous)


def test_word_template_and_reports_folder(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, context)
    dotx = tmp_path / "huisstijl.dotx"
    dotx.write_bytes(b"PK")
    chosen = [str(dotx)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    assert dialog.report_form.error_text("template").startswith(
        "'huisstijl.dotx' is een Word-sjabloon (.dotx)."
    )
    assert dialog.template_edit.text() == ""

    own = tmp_path / "briefpapier.docx"
    shutil.copyfile(default_template(), own)
    chosen[0] = str(own)
    qtbot.mouseClick(dialog.template_button, Qt.MouseButton.LeftButton)
    assert dialog.template_edit.text() == str(own) and dialog.report_form.error_text("template") == ""
    folder = tmp_path / "Verslagen"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert dialog.apply()
    assert context.settings.word_template() == own
    assert context.settings.reports_folder() == folder
    assert context.settings.mail_settings() is None  # nothing entered: no mail server set up

    qtbot.mouseClick(dialog.default_template_button, Qt.MouseButton.LeftButton)
    dialog.folder_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert context.settings.word_template() is None and context.settings.reports_folder() is None


def test_the_file_menu_opens_the_settings(qtbot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.settings_action.shortcut() == QKeySequence("Ctrl+,")
    assert window.settings_action in window.menuBar().actions()[0].menu().actions()
    window.settings_action.trigger()
    dialogs = window.findChildren(SettingsDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].reject()
