"""Bestand › Overdracht openen…: the package, its passphrase and the folder for the received
database; the package is checked and written off the UI thread (nothing is written when it is
not in order), then the window opens the received database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.handover import ReceivedPackage
from wiec_desktop.storage.paths import data_dir
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.errors import known_error_text


class OpenHandoverDialog(QDialog):
    """Asks for the package, the passphrase and the folder, then opens the package."""

    def __init__(self, parent: QWidget | None = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Overdracht openen"))
        self.runner = runner or Runner()
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.received: ReceivedPackage | None = None

        intro = QLabel(
            self.tr(
                "Open de overdracht van uw voorganger. De database komt als nieuw bestand in de map die "
                "u kiest; er wordt niets overschreven."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit(self)
        choose_file = QPushButton(self.tr("Kiezen…"), self)
        choose_file.clicked.connect(self._choose_file)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setText(str(data_dir()))
        choose_folder = QPushButton(self.tr("Kiezen…"), self)
        choose_folder.clicked.connect(self._choose_folder)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Overdracht"), _row(self.file_edit, choose_file))
        form.addRow(self.tr("Wachtwoordzin"), self.passphrase)
        form.addRow(self.tr("Naar de map"), _row(self.folder_edit, choose_folder))
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = self.buttons.addButton(self.tr("Openen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.file_edit.setFocus()

    def start(self) -> None:
        package = Path(self.file_edit.text().strip()).expanduser()
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if not self.file_edit.text().strip() or not package.is_file():
            return self._show(self.tr("Kies het overdrachtsbestand."))
        if not self.folder_edit.text().strip() or not folder.is_dir():
            return self._show(self.tr("Kies een bestaande map voor de ontvangen database."))
        if not self.passphrase.text():
            return self._show(self.tr("Vul de wachtwoordzin van de overdracht in."))
        self._show("")
        self._busy(True)
        passphrase = self.passphrase.text()
        self.runner.run("open", lambda: _open(package, passphrase, folder))

    def _finished(self, _tag: object, received: object) -> None:
        self._busy(False)
        assert isinstance(received, ReceivedPackage)
        self.received = received
        self.accept()

    def _failed(self, _tag: object, error: object) -> None:
        self._busy(False)
        assert isinstance(error, BaseException)
        text = known_error_text(error)
        if text is None:
            raise error
        self._show(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.open_button.setEnabled(not busy)
        for field in (self.file_edit, self.passphrase, self.folder_edit):
            field.setEnabled(not busy)

    def _show(self, text: str) -> None:
        self.message.setText(text)

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Overdracht openen"),
            self.file_edit.text(),
            self.tr("Overdracht (*.wiec-overdracht)"),
        )
        if path:
            self.file_edit.setText(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Map voor de database"), self.folder_edit.text()
        )
        if path:
            self.folder_edit.setText(path)


def _open(package: Path, passphrase: str, folder: Path) -> ReceivedPackage:
    from wiec_desktop.services.handover import open_package

    return open_package(package, passphrase, folder)


def _row(field: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row
