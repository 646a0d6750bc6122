"""What the window does with a damaged database file (``DatabaseDamaged``) at the start or at
Bestand › Openen: say what is wrong, and offer the newest good backup or another file.

"Nieuwste goede back-up herstellen" puts the backup in place with ``storage.backups.restore``
(storage/integrity.restore_newest_good): the damaged file is first copied aside unchanged into the
backup folder, then the restored database is opened. "Ander bestand openen…" asks for a file; a
damaged one shows this dialog again. Cancel opens nothing (the caller keeps what it had).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import DatabaseDamaged, StorageError
from wiec_desktop.storage.paths import data_dir
from wiec_desktop.translation import QT_TRANSLATE_NOOP

DialogRunner = Callable[[QDialog], bool]
FileChooser = Callable[[QWidget | None, Path], str | None]
Warner = Callable[[QWidget | None, str], None]

MAX_PROBLEMS_SHOWN = 8
CONTEXT = "DamagedDialog"
OPEN_TITLE = QT_TRANSLATE_NOOP(CONTEXT, "Database openen")
FILE_FILTER = QT_TRANSLATE_NOOP(CONTEXT, "WIEC-database (*.sqlite *.db)")
NOT_OPENED = QT_TRANSLATE_NOOP(CONTEXT, "Database niet geopend")


class DamagedChoice(Enum):
    """What the chair chose in the dialog."""

    RESTORE = "restore"
    OTHER_FILE = "other_file"
    CANCEL = "cancel"


class DamagedDialog(QDialog):
    """Says that ``path`` is damaged and what is wrong; ``choice`` after it closes."""

    def __init__(self, path: Path, error: DatabaseDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.error = error
        self.choice = DamagedChoice.CANCEL
        self.setWindowTitle(self.tr("Database beschadigd"))
        layout = QVBoxLayout(self)
        text = self.tr("De database ‘{name}’ is beschadigd en is niet geopend. Er is niets aan gewijzigd.")
        self.intro = QLabel(text.format(name=path.name), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        shown = list(error.problems[:MAX_PROBLEMS_SHOWN])
        if len(error.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(self.tr("… en nog {count}").format(count=len(error.problems) - MAX_PROBLEMS_SHOWN))
        self.problems = QLabel("\n".join(f"• {line}" for line in shown) or error.message, self)
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.backup_label = QLabel(self._backup_text(), self)
        self.backup_label.setWordWrap(True)
        layout.addWidget(self.backup_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = QPushButton(self.tr("Nieuwste goede back-up herstellen"), self)
        self.restore_button.setEnabled(error.backup is not None)
        self.other_button = QPushButton(self.tr("Ander bestand openen…"), self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(lambda: self._choose(DamagedChoice.RESTORE))
        self.other_button.clicked.connect(lambda: self._choose(DamagedChoice.OTHER_FILE))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if error.backup is not None:
            self.restore_button.setDefault(True)
        else:
            self.other_button.setDefault(True)

    def _backup_text(self) -> str:
        backup = self.error.backup
        if backup is None:
            return self.tr(
                "Er is geen goede back-up gevonden. Kies een ander bestand, of zet later een back-up "
                "terug met Bestand › Herstellen."
            )
        keep = self.tr(
            "Bij herstellen wordt het beschadigde bestand eerst ongewijzigd apart bewaard in de back-upmap."
        )
        try:
            made = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%d-%m-%Y %H:%M")
        except OSError:
            return self.tr("Nieuwste goede back-up: ‘{name}’.").format(name=backup.name) + " " + keep
        return (
            self.tr("Nieuwste goede back-up: ‘{name}’ ({made}).").format(name=backup.name, made=made)
            + " "
            + keep
        )

    def _choose(self, choice: DamagedChoice) -> None:
        self.choice = choice
        self.accept()


def offer_damaged(
    path: Path,
    error: DatabaseDamaged,
    exec_dialog: DialogRunner,
    parent: QWidget | None = None,
    *,
    passphrase: str | None = None,
    choose_file: FileChooser | None = None,
    warn: Warner | None = None,
) -> Database | None:
    """Show ``DamagedDialog`` for ``path`` until the chair restores the newest good backup (the
    restored database is returned), opens another file that opens (returned), or cancels (None)."""
    choose = choose_file or _choose_file
    tell = warn or _warn
    while True:
        dialog = DamagedDialog(path, error, parent)
        if not exec_dialog(dialog) or dialog.choice is DamagedChoice.CANCEL:
            return None
        if dialog.choice is DamagedChoice.RESTORE and error.backup is not None:
            try:
                return _restore_and_open(path, error.backup, passphrase)
            except StorageError as exc:
                tell(parent, exc.message)
                continue
        chosen = choose(parent, path)
        if not chosen:
            continue
        try:  # as Bestand › Openen does: the in-use question, the passphrase of an encrypted file
            from wiec_desktop.ui.shell.in_use import open_for_window

            opened = open_for_window(chosen, exec_dialog, parent)
            if opened is not None:
                return opened
        except DatabaseDamaged as again:
            path, error, passphrase = Path(chosen), again, again.passphrase
        except StorageError as exc:
            tell(parent, exc.message)


def _restore_and_open(path: Path, backup: Path, passphrase: str | None) -> Database:
    from wiec_desktop.storage.integrity import restore_newest_good

    restore_newest_good(path, backup, passphrase)
    return open_database(path, passphrase=passphrase)


def _choose_file(parent: QWidget | None, near: Path) -> str | None:
    folder = near.parent if near.parent.is_dir() else data_dir()
    path, _filter = QFileDialog.getOpenFileName(
        parent, _translated(OPEN_TITLE), str(folder), _translated(FILE_FILTER)
    )
    return path or None


def _warn(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, _translated(NOT_OPENED), message)


def _translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
