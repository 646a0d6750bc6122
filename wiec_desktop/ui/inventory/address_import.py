"""Adressen importeren: choose a CSV or XLSX file, see what will be imported and what is rejected
(with the reason per line), then import all good rows at once or cancel.

The dialog asks for the file as soon as it is shown; cancelling that first question closes it.
Reading the file and the import both run on a ``Runner`` under a busy cursor: a 10,000-row workbook
takes most of a second to read, and the import (one transaction, about 0.2 s for 10,000 rows on
SQLite, 0.45 s on a local PostgreSQL) takes longer on a server over the network. During the import
the dialog cannot be closed; it either writes every good row or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.inventory.address_import import (
    AddressImportService,
    ImportFailed,
    ImportFileError,
    ImportPreview,
)
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import ErrorLabel
from wiec_desktop.ui.common.labels import tooltip
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table

SAMPLE_SIZE = 10
READ, IMPORT = "read", "import"


def dutch_count(value: int) -> str:
    """1234 → "1.234" (Dutch thousands separator)."""
    return f"{value:,}".replace(",", ".")


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows under fixed column headers."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and len(text) > 40:
            return tooltip(text)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class AddressImportDialog(QDialog):
    """Bestand › Adressen importeren…; ``imported(count)`` follows a successful import."""

    imported = Signal(int)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.imported_count = 0
        self.busy: str | None = None  # READ or IMPORT while a job runs
        self._asked = False
        self._job = 0
        self._note = ""
        self.runner = runner or Runner()  # no parent: outlives the dialog while a job still runs
        self.runner.finished.connect(self._job_done)
        self.runner.failed.connect(self._job_failed)
        self.setWindowTitle(self.tr("Adressen importeren"))
        self.resize(820, 640)
        self._build()
        self._show_preview()

    @property
    def service(self) -> AddressImportService:
        return self.context.services.address_import

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Kies een CSV-bestand of Excel-werkmap met de kolommen straat, huisnummer en postcode, "
                "en eventueel toevoeging en buurt of wijk (Nederlandse of Engelse kolomnamen)."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(self.tr("Nog geen bestand gekozen."), self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Bestand kiezen…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.error = ErrorLabel(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet("color: #1b6e20; font-weight: bold;")
        self.result_label.hide()

        self.rejected_model = RowsModel([self.tr("Regel"), self.tr("Gegevens"), self.tr("Reden")], self)
        self.rejected_view = read_only_table(
            self, self.rejected_model, word_wrap=False, single_selection=False
        )
        self.rejected_columns = fit_columns(
            self.rejected_view, "address_import/rejected", self.context.settings, stretch=1
        )
        self.rejected_caption = QLabel(self.tr("Afgewezen regels"), self)
        self.sample_model = RowsModel(
            [self.tr("Regel"), self.tr("Adres"), self.tr("Postcode"), self.tr("Buurt/wijk")], self
        )
        self.sample_view = read_only_table(self, self.sample_model, word_wrap=False, single_selection=False)
        self.sample_columns = fit_columns(
            self.sample_view, "address_import/sample", self.context.settings, stretch=1
        )
        self.sample_caption = QLabel(self)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("Importeren"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.result_label)
        layout.addWidget(self.rejected_caption)
        layout.addWidget(self.rejected_view, 3)
        layout.addWidget(self.sample_caption)
        layout.addWidget(self.sample_view, 2)
        layout.addStretch(0)  # takes the space while there are no tables to show
        layout.addWidget(self.buttons)
        self._layout = layout

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._asked:  # ask for the file straight away; the dialog is the preview
            self._asked = True
            QTimer.singleShot(0, self._first_choice)

    def _first_choice(self) -> None:
        if self.path is None and not self.choose_file():
            self.reject()

    # --- choosing and previewing -------------------------------------------------------------

    def choose_file(self) -> bool:
        """Ask for a file and preview it; False when the chair cancelled the file question."""
        start = str(self.path.parent) if self.path is not None else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Adressen importeren"), start, self.tr("Adressen (*.csv *.xlsx)")
        )
        if not name:
            return False
        self.load(Path(name))
        return True

    def load(self, path: Path, note: str = "") -> None:
        """Read ``path`` in the background, then show the preview or why it cannot be used;
        ``note`` is shown above that (e.g. why the file is read again)."""
        self.path = path
        self.preview = None
        self._note = note
        self.result_label.hide()
        self.error.show_message("")
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.choose_button.setText(self.tr("Ander bestand…"))
        self._show_preview()
        self.summary.setText(self.tr("Het bestand wordt gelezen…"))
        self.summary.show()
        service = self.service
        self._start(READ, lambda: service.preview(path))

    def _start(self, kind: str, work: Callable[[], object]) -> None:
        """Run ``work`` on the runner; while it runs the buttons wait and the cursor is busy."""
        if self.busy is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.busy = kind
        self._job += 1
        self.choose_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(kind != IMPORT)  # an import cannot be stopped halfway
        self.runner.run((kind, self._job), work)

    def _stop(self) -> None:
        if self.busy is not None:
            QApplication.restoreOverrideCursor()
        self.busy = None
        self.choose_button.setEnabled(self.imported_count == 0)
        self.cancel_button.setEnabled(True)

    def _job_done(self, tag: object, result: object) -> None:
        if tag != (self.busy, self._job):
            return  # an earlier file, or the dialog was closed meanwhile
        kind = self.busy
        self._stop()
        if kind == READ:
            assert isinstance(result, ImportPreview)
            self.preview = result
            self.error.show_message(self._note)
            self._show_preview()
        else:
            assert isinstance(result, int)
            self._show_imported(result)

    def _job_failed(self, tag: object, error: object) -> None:
        if tag != (self.busy, self._job):
            return
        kind = self.busy
        self._stop()
        if isinstance(error, ImportFailed):  # the database changed since the preview: read again
            self.load(self.path or Path(), note=error.message)
            return
        if isinstance(error, ImportFileError):
            message = error.message
        elif isinstance(error, StorageError):
            consequence = (
                self.tr("Het bestand is niet ingelezen.")
                if kind == READ
                else self.tr("Er is niets geïmporteerd.")
            )
            message = _storage_message(error, consequence)
        else:  # a bug: let the crash handler report it
            assert isinstance(error, BaseException)
            raise error
        self.error.show_message("\n".join(text for text in (self._note, message) if text))
        self._show_preview()

    def reject(self) -> None:
        if self.busy != IMPORT:  # Esc or the window's close button during an import: wait
            super().reject()

    def done(self, result: int) -> None:
        self._job += 1  # a file still being read is no longer wanted
        self._stop()
        super().done(result)

    def _show_preview(self) -> None:
        preview = self.preview
        good = len(preview.good) if preview else 0
        rejected = preview.rejected if preview else []
        self.summary.setVisible(preview is not None)
        if preview is not None:
            self.summary.setText(self._summary_text(good, len(rejected)))
        self.rejected_model.set_rows([(str(r.line), r.values, r.reason) for r in rejected])
        sample = preview.good[:SAMPLE_SIZE] if preview else []
        self.sample_model.set_rows([(str(r.line), r.label, r.postcode, r.area_name) for r in sample])
        for widget in (self.rejected_caption, self.rejected_view):
            widget.setVisible(bool(rejected))
        for widget in (self.sample_caption, self.sample_view):
            widget.setVisible(bool(sample))
        self.sample_caption.setText(
            self.tr("Voorbeeld van de adressen die worden geïmporteerd (de eerste {n}):").format(
                n=len(sample)
            )
        )
        self._layout.setStretch(self._layout.count() - 2, 0 if rejected or sample else 1)
        self.import_button.setEnabled(good > 0)

    def _summary_text(self, good: int, rejected: int) -> str:
        if good == 0:
            first = self.tr("Er zijn geen adressen om te importeren")
        elif good == 1:
            first = self.tr("1 adres wordt geïmporteerd")
        else:
            first = self.tr("{n} adressen worden geïmporteerd").format(n=dutch_count(good))
        if rejected == 1:
            second = self.tr("1 regel afgewezen")
        else:
            second = self.tr("{n} regels afgewezen").format(n=dutch_count(rejected))
        return f"{first}; {second}"

    # --- importing ---------------------------------------------------------------------------

    def run_import(self) -> None:
        """Import every good row in one transaction; on failure nothing is written."""
        preview = self.preview
        if preview is None or not preview.good or self.busy is not None:
            return
        self._note = ""
        self.summary.setText(self.tr("Bezig met importeren…"))
        service = self.service
        self._start(IMPORT, lambda: service.import_rows(preview))

    def _show_imported(self, count: int) -> None:
        self.imported_count = count
        self.preview = None
        self._show_preview()
        self.summary.hide()
        self.error.show_message("")
        self.result_label.setText(
            self.tr("1 adres geïmporteerd.")
            if count == 1
            else self.tr("{n} adressen geïmporteerd.").format(n=dutch_count(count))
        )
        self.result_label.show()
        self.import_button.hide()
        self.choose_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Sluiten"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self.imported.emit(count)


def _storage_message(error: StorageError, consequence: str) -> str:
    """A known storage problem's Dutch message and what it meant for the import."""
    return f"{error.message} {consequence}"
