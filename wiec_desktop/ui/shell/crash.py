"""The global exception hook: known storage errors as a plain warning, anything else as a bug."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop import APP_NAME, __version__
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.storage.paths import log_dir

log = logging.getLogger("wiec_desktop.crash")
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashDialog(QDialog):
    """Says that something went wrong, with the traceback to copy and where the log is."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Onverwachte fout"))
        self.resize(720, 460)
        self.intro = intro = QLabel(
            self.tr(
                "Er ging iets mis in WIEC Desktop. Wat u al had opgeslagen is bewaard.\n"
                "Stuur de tekst hieronder naar de beheerder; hij staat ook in het logbestand in:\n{logs}"
            ).format(logs=log_dir()),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(self.tr("Kopiëren"), self)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def format_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}\n\n{text}"


class ExceptionHook:
    """Installed as ``sys.excepthook`` while the GUI runs (``install``/``uninstall``)."""

    def __init__(self) -> None:
        self._previous = sys.excepthook
        self._showing = False

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if QApplication.instance() is None:
            self._previous(exc_type, exc, tb)
            return
        parent = QApplication.activeWindow()
        if isinstance(exc, StorageError):
            log.warning("Storage error: %s", type(exc).__name__)
            QMessageBox.warning(parent, APP_NAME, exc.message)
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if self._showing:  # an error while the dialog is open: logged only
            return
        self._showing = True
        try:
            CrashDialog(format_crash(exc_type, exc, tb), parent).exec()
        finally:
            self._showing = False
