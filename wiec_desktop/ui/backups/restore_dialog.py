"""Bestand › Herstellen…: the backups of the open database, newest first (date, size, counts of
cases, meetings and actions), read off the UI thread; "Herstellen…" or "Ander bestand…" hand the
chosen file to ``restore_chosen``, which the window's ``WindowBackups`` asks to confirm and restores.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.storage.backups import BackupInfo, list_backups
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.backups.model import BackupsModel
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.errors import known_error_text
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.settings.preferences import Settings

BACKUP_FILTER = QT_TRANSLATE_NOOP("FileFilters", "WIEC-back-up (*.wiec-backup);;Alle bestanden (*)")
_LIST = "backup-list"


def read_backups(folders: Sequence[Path], database_path: Path, passphrase: str | None) -> list[BackupInfo]:
    """The backups of ``database_path`` in every folder (the chosen one and the default), newest first."""
    found = [
        info for folder in dict.fromkeys(folders) for info in list_backups(folder, database_path, passphrase)
    ]
    return sorted(found, key=lambda info: info.made_at, reverse=True)


class RestoreDialog(QDialog):
    """The list of backups and the choice of one to put back (the restoring is the window's)."""

    restore_chosen = Signal(object)  # the Path of the backup file

    def __init__(
        self,
        folders: Sequence[Path],
        database_path: Path,
        passphrase: str | None,
        runner: Runner,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Herstellen uit een back-up"))
        self.folders = list(folders)
        self.database_path = database_path
        self._passphrase = passphrase
        self.runner = runner
        self.loaded = False
        intro = QLabel(
            self.tr(
                "Kies de back-up die u wilt terugzetten. De database zoals die nu is, wordt eerst zelf "
                "als back-up bewaard (‘stand vóór herstel’), zodat u ook dit weer ongedaan kunt maken."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.folder_label = QLabel(self.tr("Back-upmap: {folder}").format(folder=self.folders[0]), self)
        self.folder_label.setObjectName("countLabel")
        self.folder_label.setWordWrap(True)
        self.model = BackupsModel(self)
        self.model.main_folder = self.folders[0]
        self.view = read_only_table(self, self.model, word_wrap=False)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.columns = fit_columns(self.view, "backups/restore", settings, stretch=5)
        self.status = QLabel(self.tr("De back-ups worden gelezen…"), self)
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(self.tr("&Herstellen…"), self)
        self.restore_button.setEnabled(False)
        self.other_button = QPushButton(self.tr("&Ander bestand…"), self)
        self.other_button.setToolTip(self.tr("Een back-upbestand uit een andere map kiezen"))
        self.close_button = QPushButton(self.tr("Sluiten"), self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(lambda _checked=False: self.restore_selected())
        self.other_button.clicked.connect(lambda _checked=False: self.choose_other())
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(820, 460)
        runner.finished.connect(self._listed)
        runner.failed.connect(self._not_listed)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._selection_changed(current)
        )

    def load(self) -> None:
        """Read the backups (their counts mean opening each one) off the UI thread."""
        folders, path, passphrase = self.folders, self.database_path, self._passphrase
        self.runner.run((_LIST, id(self)), lambda: read_backups(folders, path, passphrase))

    def _listed(self, tag: object, rows: object) -> None:
        if tag != (_LIST, id(self)):
            return
        assert isinstance(rows, list)
        self.model.set_rows(rows)
        self.loaded = True
        if rows:
            self.view.selectRow(0)
            self.status.setText(self.tr("{count} back-up(s), de nieuwste bovenaan.").format(count=len(rows)))
        else:
            self.status.setText(
                self.tr(
                    "Er zijn nog geen back-ups van deze database in deze map. Met ‘Ander bestand…’ kiest "
                    "u een back-up elders."
                )
            )

    def _not_listed(self, tag: object, error: BaseException) -> None:
        if tag != (_LIST, id(self)):
            return
        self.loaded = True
        text = known_error_text(error) or (error.strerror if isinstance(error, OSError) else None)
        if text is None:
            raise error
        self.status.setText(self.tr("De back-ups konden niet worden gelezen: {reason}").format(reason=text))

    def _selection_changed(self, current: QModelIndex) -> None:
        self.restore_button.setEnabled(current.isValid())

    def chosen(self) -> BackupInfo | None:
        index = self.view.currentIndex()
        return self.model.backup(index.row()) if index.isValid() else None

    def restore_selected(self) -> None:
        info = self.chosen()
        if info is not None:
            self.restore_chosen.emit(info.path)

    def choose_other(self) -> None:
        """Another backup file (another folder, a stick): handed on like one from the list."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Back-upbestand kiezen"),
            str(self.folders[0] if self.folders[0].is_dir() else Path.home()),
            QCoreApplication.translate("FileFilters", BACKUP_FILTER),
        )
        if path:
            self.restore_chosen.emit(Path(path))
