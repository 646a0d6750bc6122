"""The passphrase dialogs of an encrypted database.

- ``PassphraseDialog``: asks the passphrase of an encrypted file and opens it. A wrong one shows
  the message in the dialog for another try (the file is not changed); Cancel goes back and opens
  nothing. "Onthoud op deze computer" keeps the passphrase in the system's keyring.
- ``NewPassphraseDialog``: a new passphrase, typed twice: for a new database (encryption offered
  first, ticked), for an encrypted copy, or to change it (then also the current one, checked in
  the dialog so a wrong one can be corrected at once).

A passphrase stays in memory only; it is never logged or written anywhere but the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.encryption import MIN_PASSPHRASE_LENGTH, check_new_passphrase
from wiec_desktop.storage.errors import DatabaseDamaged, StorageError, WrongPassphrase
from wiec_desktop.storage.passphrase_store import (
    PassphraseStoreError,
    remember_passphrase,
    remembered_passphrase,
)
from wiec_desktop.ui.common.forms import ErrorLabel

DialogRunner = Callable[[QDialog], bool]
"""Shows a dialog modally and says whether it was accepted (tests hand in their own)."""


def open_encrypted(
    path: Path, exec_dialog: DialogRunner, parent: QWidget | None = None, *, read_only: bool = False
) -> Database | None:
    """Open the encrypted ``path`` with the passphrase kept in the keyring, else the one typed in
    a ``PassphraseDialog`` (another try after a wrong one); None when cancelled."""
    kept = remembered_passphrase(path)
    if kept is not None:
        try:
            return open_database(path, passphrase=kept, read_only=read_only)
        except WrongPassphrase:
            pass  # changed since it was kept: ask
        except DatabaseDamaged as damaged:  # the key fits: the caller offers the newest good backup
            damaged.passphrase = kept
            raise
    dialog = PassphraseDialog(
        path, lambda passphrase: open_database(path, passphrase=passphrase, read_only=read_only), parent
    )
    accepted = exec_dialog(dialog)
    if dialog.damaged is not None:
        raise dialog.damaged
    return dialog.database if accepted else None


class PassphraseDialog(QDialog):
    """Asks the passphrase of the encrypted database ``path`` and opens it with ``open_with``;
    ``database`` is the open database after acceptance."""

    def __init__(
        self, path: Path, open_with: Callable[[str], Database], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.open_with = open_with
        self.database: Database | None = None
        self.damaged: DatabaseDamaged | None = None  # the passphrase fitted but the file is damaged
        self.setWindowTitle(self.tr("Versleutelde database openen"))
        intro = QLabel(
            self.tr("De database ‘{name}’ is versleuteld. Vul de wachtwoordzin in om haar te openen.").format(
                name=path.name
            ),
            self,
        )
        intro.setWordWrap(True)
        self.passphrase = _secret_field(self)
        self.passphrase.setAccessibleName(self.tr("Wachtwoordzin"))
        self.remember = QCheckBox(self.tr("Onthoud op deze computer"), self)
        self.remember.setToolTip(
            self.tr("Bewaart de wachtwoordzin in de wachtwoordkluis van het besturingssysteem.")
        )
        self.message = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Openen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Wachtwoordzin:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.passphrase.setFocus()

    def accept(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show(self.tr("Vul de wachtwoordzin in."))
            return
        try:
            database = self.open_with(passphrase)
        except DatabaseDamaged as exc:  # not for another try here: the damaged-file dialog follows
            exc.passphrase = passphrase
            self.damaged = exc
            self.passphrase.clear()
            super().reject()
            return
        except StorageError as exc:  # a wrong passphrase (or another known problem): try again
            self._show(exc.message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.database = database
        if self.remember.isChecked():
            try:
                remember_passphrase(self.path, passphrase)
            except PassphraseStoreError as exc:
                QMessageBox.warning(self, self.tr("Wachtwoordzin niet onthouden"), exc.message)
        self.passphrase.clear()
        super().accept()

    def _show(self, text: str) -> None:
        self.message.show_message(text)


class PassphrasePurpose(Enum):
    """What a new passphrase is for (the dialog's texts and fields follow it)."""

    NEW_DATABASE = "new"
    ENCRYPTED_COPY = "copy"
    CHANGE = "change"


class NewPassphraseDialog(QDialog):
    """A new passphrase typed twice, with "Onthoud op deze computer". For a new database the
    choice to encrypt comes first (ticked); for a change the current passphrase is asked too and
    checked with ``check_current`` before the dialog closes."""

    def __init__(
        self,
        purpose: PassphrasePurpose,
        parent: QWidget | None = None,
        *,
        check_current: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.check_current = check_current
        self.setWindowTitle(self._title())
        intro = QLabel(self._intro(), self)
        intro.setWordWrap(True)
        self.encrypt = QCheckBox(self.tr("Versleutel de database met een wachtwoordzin (aanbevolen)"), self)
        self.encrypt.setChecked(True)
        self.encrypt.setVisible(purpose is PassphrasePurpose.NEW_DATABASE)
        self.current = _secret_field(self)
        self.new = _secret_field(self)
        self.repeat = _secret_field(self)
        self.new.setPlaceholderText(self.tr("minstens {count} tekens").format(count=MIN_PASSPHRASE_LENGTH))
        self.remember = QCheckBox(self.tr("Onthoud op deze computer"), self)
        self.remember.setToolTip(
            self.tr("Bewaart de wachtwoordzin in de wachtwoordkluis van het besturingssysteem.")
        )
        self.warning = QLabel(
            self.tr(
                "Bewaar de wachtwoordzin goed: zonder haar is de database niet meer te openen, ook niet "
                "door de leverancier."
            ),
            self,
        )
        self.warning.setWordWrap(True)
        self.message = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        if purpose is PassphrasePurpose.CHANGE:
            self.form.addRow(self.tr("&Huidige wachtwoordzin:"), self.current)
        else:
            self.current.hide()
        self.form.addRow(self.tr("&Nieuwe wachtwoordzin:"), self.new)
        self.form.addRow(self.tr("Nog een &keer:"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.encrypt)
        layout.addLayout(self.form)
        layout.addWidget(self.remember)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.encrypt.toggled.connect(self._encrypt_toggled)
        self.setMinimumWidth(480)
        (self.current if purpose is PassphrasePurpose.CHANGE else self.new).setFocus()

    def chosen_passphrase(self) -> str | None:
        """The new passphrase after acceptance; None for a new database left unencrypted."""
        if self.purpose is PassphrasePurpose.NEW_DATABASE and not self.encrypt.isChecked():
            return None
        return self.new.text()

    def current_passphrase(self) -> str:
        return self.current.text()

    def accept(self) -> None:
        if self.chosen_passphrase() is None:
            super().accept()
            return
        if self.purpose is PassphrasePurpose.CHANGE:
            if not self.current.text():
                self._show(self.tr("Vul de huidige wachtwoordzin in."), self.current)
                return
            if self.check_current is not None:
                try:
                    self.check_current(self.current.text())
                except StorageError as exc:  # wrong: the message here and another try
                    self._show(exc.message, self.current)
                    return
        try:
            check_new_passphrase(self.new.text())
        except StorageError as exc:
            self._show(exc.message, self.new)
            return
        if self.new.text() != self.repeat.text():
            self._show(self.tr("De twee nieuwe wachtwoordzinnen zijn niet gelijk."), self.repeat)
            return
        if self.purpose is PassphrasePurpose.CHANGE and self.new.text() == self.current.text():
            self._show(self.tr("De nieuwe wachtwoordzin is gelijk aan de huidige."), self.new)
            return
        super().accept()

    def _encrypt_toggled(self, checked: bool) -> None:
        for widget in (self.new, self.repeat, self.remember, self.warning):
            widget.setEnabled(checked)
        self.message.hide()

    def _show(self, text: str, field: QLineEdit) -> None:
        self.message.show_message(text)
        field.selectAll()
        field.setFocus()

    def _title(self) -> str:
        if self.purpose is PassphrasePurpose.NEW_DATABASE:
            return self.tr("Nieuwe database")
        if self.purpose is PassphrasePurpose.ENCRYPTED_COPY:
            return self.tr("Versleutelen naar nieuw bestand")
        return self.tr("Wachtwoordzin wijzigen")

    def _intro(self) -> str:
        if self.purpose is PassphrasePurpose.NEW_DATABASE:
            return self.tr(
                "De database bevat persoonsgegevens van bewoners. Versleuteld is het bestand zonder de "
                "wachtwoordzin onleesbaar, bijvoorbeeld als de laptop kwijtraakt."
            )
        if self.purpose is PassphrasePurpose.ENCRYPTED_COPY:
            return self.tr(
                "Er wordt een versleutelde kopie gemaakt in een nieuw bestand. Het huidige bestand blijft "
                "bestaan tot u het zelf verwijdert."
            )
        return self.tr("Kies een nieuwe wachtwoordzin voor deze database.")


def _secret_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
