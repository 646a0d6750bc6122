"""The passphrase dialogs as the chair uses them: a wrong passphrase shows the message in the
dialog and another try (the file unchanged), Cancel goes back, "Onthoud op deze computer" keeps
it in the keyring; a new database offers encryption first (also at the very first start); the
File menu encrypts and decrypts into new files and changes the passphrase off the UI thread."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLineEdit, QMessageBox

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import MemoryKeyring
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, needs_passphrase, open_database
from wiec_desktop.storage.passphrase_store import KEYRING_SERVICE, keyring_key, remember_passphrase
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell import start
from wiec_desktop.ui.shell.main_window import FILE_FILTER, MainWindow
from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphraseDialog, PassphrasePurpose

PASSPHRASE = "paarse olifant op de fiets"
OTHER = "een heel andere zin 42"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "versleuteld.sqlite"
    database = open_database(path, create=True, passphrase=PASSPHRASE)
    Services(database.session_factory).cases.create_case("Overlast hangjongeren")
    database.close()
    return path


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


def _tick(qtbot, box: QCheckBox) -> None:
    """Click a check box on its box (its middle may lie beyond the text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _submit(qtbot, dialog: QDialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def _driver(qtbot, steps: Callable[[QDialog], None]) -> Callable[[QDialog], bool]:
    """An ``exec_dialog`` that shows the dialog, lets ``steps`` type and click, and reports whether
    the dialog was accepted (as ``exec`` would, without blocking the test)."""

    def run(dialog: QDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        steps(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def test_wrong_passphrase_shows_the_message_and_allows_another_try(
    qtbot, encrypted: Path, memory_keyring: MemoryKeyring
) -> None:
    before = _digest(encrypted)
    dialog = PassphraseDialog(encrypted, lambda p: open_database(encrypted, passphrase=p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.passphrase, "verkeerde zin")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.database is None
    assert dialog.message.isVisible() and "Onjuiste wachtwoordzin" in dialog.message.text()
    assert _digest(encrypted) == before
    assert not encrypted.with_name(encrypted.name + "-wal").exists()
    assert not encrypted.with_name(encrypted.name + "-shm").exists()

    _type(qtbot, dialog.passphrase, PASSPHRASE)
    _tick(qtbot, dialog.remember)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.database is not None and dialog.database.encrypted
    assert dialog.passphrase.text() == ""  # not kept in the widget
    assert memory_keyring.store == {(KEYRING_SERVICE, keyring_key(encrypted)): PASSPHRASE}
    dialog.database.close()


def test_cancel_goes_back_and_opens_nothing(qtbot, encrypted: Path, memory_keyring: MemoryKeyring) -> None:
    dialog = PassphraseDialog(encrypted, lambda p: open_database(encrypted, passphrase=p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "half getypt")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.database is None
    assert memory_keyring.store == {}


def test_a_new_passphrase_is_typed_twice_and_long_enough(qtbot) -> None:
    dialog = NewPassphraseDialog(PassphrasePurpose.NEW_DATABASE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.encrypt.isChecked()  # encryption is offered first
    qtbot.keyClicks(dialog.new, "kort")
    qtbot.keyClicks(dialog.repeat, "kort")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "minstens 8" in dialog.message.text()
    _type(qtbot, dialog.new, PASSPHRASE)
    _type(qtbot, dialog.repeat, PASSPHRASE + "!")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "niet gelijk" in dialog.message.text()
    _type(qtbot, dialog.repeat, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen_passphrase() == PASSPHRASE

    plain = NewPassphraseDialog(PassphrasePurpose.NEW_DATABASE)
    qtbot.addWidget(plain)
    plain.show()
    _tick(qtbot, plain.encrypt)
    assert not plain.new.isEnabled()
    qtbot.mouseClick(plain.ok_button, Qt.MouseButton.LeftButton)
    assert plain.result() == QDialog.DialogCode.Accepted and plain.chosen_passphrase() is None


def test_open_an_encrypted_database_from_the_file_menu(
    qtbot, monkeypatch, window: MainWindow, encrypted: Path
) -> None:
    before = _digest(encrypted)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(encrypted), FILE_FILTER))

    def cancel(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, cancel))
    window.open_action.trigger()
    assert window.context.database.location.path != encrypted  # Cancel: back to the one open
    assert _digest(encrypted) == before

    def wrong_then_right(dialog: QDialog) -> None:
        assert isinstance(dialog, PassphraseDialog)
        qtbot.keyClicks(dialog.passphrase, "fout")
        _submit(qtbot, dialog)
        assert dialog.isVisible() and "Onjuiste wachtwoordzin" in dialog.message.text()
        _type(qtbot, dialog.passphrase, PASSPHRASE)
        _submit(qtbot, dialog)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, wrong_then_right))
    window.open_action.trigger()
    assert window.context.database.location.path == encrypted and window.context.database.encrypted
    assert "(versleuteld)" in window.database_label.text()
    assert window.change_passphrase_action.isEnabled() and window.decrypt_action.isEnabled()
    assert not window.encrypt_action.isEnabled()
    window.show_section(1)
    assert window.current_page().primary.model.total == 1


def test_a_kept_passphrase_opens_without_asking(
    qtbot, monkeypatch, window: MainWindow, encrypted: Path
) -> None:
    remember_passphrase(encrypted, PASSPHRASE)
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: pytest.fail("asked although kept"))
    assert window.switch_database(str(encrypted))
    assert window.context.database.encrypted


def test_a_new_database_offers_encryption_first(
    qtbot, monkeypatch, window: MainWindow, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    target = tmp_path / "nieuw.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILE_FILTER))

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPassphraseDialog) and dialog.encrypt.isChecked()
        qtbot.keyClicks(dialog.new, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        _tick(qtbot, dialog.remember)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, choose))
    window.new_action.trigger()
    assert window.context.database.location.path == target and window.context.database.encrypted
    assert needs_passphrase(target)
    assert memory_keyring.store[(KEYRING_SERVICE, keyring_key(target))] == PASSPHRASE


def test_encrypt_then_decrypt_into_new_files_from_the_file_menu(
    qtbot, monkeypatch, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    plain_before = _digest(demo_path)
    encrypted, decrypted = tmp_path / "kopie-versleuteld.sqlite", tmp_path / "kopie-plat.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(encrypted), FILE_FILTER))

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPassphraseDialog) and not dialog.encrypt.isVisible()
        qtbot.keyClicks(dialog.new, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        _submit(qtbot, dialog)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, choose))
    opened: list[bool] = []

    def open_the_copy(box: QMessageBox) -> int:
        opened.append(True)
        box.buttons()[0].click()  # "Kopie openen"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", open_the_copy)
    window.encrypt_action.trigger()
    qtbot.waitUntil(lambda: window.progress is None and bool(opened), timeout=20_000)
    assert window.context.database.location.path == encrypted and window.context.database.encrypted
    assert _digest(demo_path) == plain_before and needs_passphrase(encrypted)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(decrypted), FILE_FILTER))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    encrypted_before = _digest(encrypted)
    window.decrypt_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert str(decrypted) in shown[0] and not needs_passphrase(decrypted)
    window.context.database.close()
    assert _digest(encrypted) == encrypted_before
    copy = open_database(decrypted)
    assert Services(copy.session_factory).meetings.list_meetings()
    copy.close()


def test_change_the_passphrase_from_the_file_menu(
    qtbot, monkeypatch, window: MainWindow, encrypted: Path, memory_keyring: MemoryKeyring
) -> None:
    assert window.switch_database(str(encrypted), passphrase=PASSPHRASE)
    remember_passphrase(encrypted, PASSPHRASE)

    def change(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPassphraseDialog) and dialog.remember.isChecked()
        qtbot.keyClicks(dialog.current, "fout")
        qtbot.keyClicks(dialog.new, OTHER)
        qtbot.keyClicks(dialog.repeat, OTHER)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "Onjuiste wachtwoordzin" in dialog.message.text()
        _type(qtbot, dialog.current, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(window, "exec_dialog", _driver(qtbot, change))
    window.change_passphrase_action.trigger()
    qtbot.waitUntil(lambda: window.progress is None, timeout=20_000)
    assert "gewijzigd" in window.statusBar().currentMessage()
    assert memory_keyring.store[(KEYRING_SERVICE, keyring_key(encrypted))] == OTHER
    window.show_section(1)
    assert window.current_page().primary.model.total == 1  # the pages read on, with the new key
    window.context.database.close()
    with pytest.raises(Exception, match="Onjuiste wachtwoordzin"):
        open_database(encrypted, passphrase=PASSPHRASE)
    open_database(encrypted, passphrase=OTHER).close()


def test_first_start_offers_encryption_then_asks_the_passphrase(qtbot, memory_keyring: MemoryKeyring) -> None:
    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, NewPassphraseDialog) and dialog.encrypt.isChecked()
        qtbot.keyClicks(dialog.new, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        _submit(qtbot, dialog)

    database = start.open_last_or_default(_driver(qtbot, choose))
    assert database is not None and database.encrypted
    path = database.location.path
    assert path is not None and needs_passphrase(path)
    Settings().remember_database(str(path))
    database.close()

    def cancel(dialog: QDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert start.open_last_or_default(_driver(qtbot, cancel)) is None  # nothing opened, nothing made

    def wrong_then_right(dialog: QDialog) -> None:
        assert isinstance(dialog, PassphraseDialog)
        qtbot.keyClicks(dialog.passphrase, "fout")
        _submit(qtbot, dialog)
        assert dialog.isVisible()
        _type(qtbot, dialog.passphrase, PASSPHRASE)
        _submit(qtbot, dialog)

    reopened = start.open_last_or_default(_driver(qtbot, wrong_then_right))
    assert reopened is not None and reopened.location.path == path
    reopened.close()
