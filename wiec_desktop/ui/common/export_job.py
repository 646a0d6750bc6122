"""One export from the GUI: ask where, write on a worker thread, then offer to open the result.

``ExportJob`` is a status row (busy bar, message, "Openen", "Map tonen") that a page places at its
bottom. ``export(...)`` asks for the file name (``QFileDialog.getSaveFileName``, starting in the
last folder used or Documents), runs the writer on a ``Runner`` so the window stays responsive,
and reports the outcome: a plain Dutch message for a file that cannot be written (``OSError``),
the template's own message (``TemplateError``) and the services' Dutch messages; anything else
is a bug and goes to the crash dialog.

A document that leaves (``ExportRequest.preview`` set) first shows the privacy preview
(``ui/privacy_preview``): the replacements made for policymakers, the intern variant as an
explicit choice and an optional password; then the file name (with "-vertrouwelijk-intern" for the
intern variant), then the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from wiec_desktop.exports import documents
from wiec_desktop.services.privacy.redaction import Replacement
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.privacy_preview.choice import ExportChoice

if TYPE_CHECKING:
    from wiec_desktop.services.actions.action_list import ActionListScope

FILTERS_CONTEXT = "FileFilters"  # file dialog filters are translated in this context when shown
WORD_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Word-document (*.docx)")
EXCEL_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Excel-werkmap (*.xlsx)")
ICS_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Agenda-uitnodiging (*.ics)")


def slug(text: str, limit: int = 60) -> str:
    """``Leefomgevingoverleg Wateringseveld`` → ``leefomgevingoverleg-wateringseveld``: for file names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:limit].rstrip("-") or "overleg"


def dated_name(kind: str, day: date, title: str, suffix: str) -> str:
    """``verslag-2026-11-03-leefomgevingoverleg.docx``."""
    return f"{kind}-{day.isoformat()}-{slug(title)}{suffix}"


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass(frozen=True)
class ExportRequest:
    """What to export: dialog title, suggested file name and filter (untranslated, one of the
    ``*_FILTER`` texts), and the writer.

    ``write(target)`` runs on a worker thread (services open their own session there);
    ``done(target)`` runs on the UI thread after success (e.g. logging the export).
    A document that leaves also has ``preview`` (the replacements of its policymakers' variant,
    computed on a worker thread) and ``write_for(target, choice)`` (the variant and password the
    chair chose; ``write`` is then the policymakers' variant); ``protectable``: a password is
    possible (.docx, .xlsx).
    """

    title: str
    suggested_name: str
    file_filter: str
    write: Callable[[Path], Any]
    done: Callable[[Path], None] | None = None
    preview: Callable[[], Sequence[Replacement]] | None = None
    write_for: Callable[[Path, ExportChoice], Any] | None = None
    protectable: bool = True

    @property
    def suffix(self) -> str:
        return Path(self.suggested_name).suffix


class ExportJob(QWidget):
    """A status row for exports: busy bar and text while writing, then "Openen" and "Map tonen"."""

    finished = Signal(object)  # the Path written
    failed = Signal(str)  # the message shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.busy = False
        self.last_target: Path | None = None
        self.last_error = ""
        self._requests: dict[int, ExportRequest] = {}
        self._next_tag = 0
        self.runner = Runner()  # no parent: outlives the page while a job still runs
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the writers report no steps
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.label = QLabel(self)
        self.label.setObjectName("countLabel")
        self.label.setMinimumWidth(40)  # a long file name is cut off, not widening the window
        self.open_button = QPushButton(self.tr("Openen"), self)
        self.open_button.setObjectName("openExport")
        self.open_button.clicked.connect(self.open_result)
        self.folder_button = QPushButton(self.tr("Map tonen"), self)
        self.folder_button.setObjectName("showExportFolder")
        self.folder_button.clicked.connect(self.show_folder)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.label)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        self._show_buttons(False)

    # --- starting ------------------------------------------------------------------------------

    def start_folder(self) -> Path:
        """Where the save dialog starts: the last export's folder, the reports folder, Documents."""
        settings = self.context.settings
        for folder in (settings.last_export_folder(), settings.reports_folder()):
            if folder is not None and folder.is_dir():
                return folder
        return documents_folder()

    def export(self, request: ExportRequest) -> Path | None:
        """Show the privacy preview (a document that leaves), ask for the file name and start
        writing; returns the target, or None when cancelled."""
        if self.busy:
            return None
        choice: ExportChoice | None = None
        if request.preview is not None and request.write_for is not None:
            choice = self.ask_choice(request)
            if choice is None:
                return None
            write_for = request.write_for
            chosen = choice
            request = replace(
                request,
                suggested_name=documents.variant_target(Path(request.suggested_name), choice.audience).name,
                write=lambda target: write_for(target, chosen),
            )
        suggested = self.start_folder() / request.suggested_name
        file_filter = QCoreApplication.translate(FILTERS_CONTEXT, request.file_filter)
        path, _filter = QFileDialog.getSaveFileName(self.window(), request.title, str(suggested), file_filter)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != request.suffix.lower():
            target = target.with_name(target.name + request.suffix)
        if choice is not None:
            target = documents.variant_target(target, choice.audience)
        self.start(request, target)
        return target

    def ask_choice(self, request: ExportRequest) -> ExportChoice | None:
        """The privacy preview of ``request`` (modal); None when the chair cancels."""
        from wiec_desktop.ui.privacy_preview.dialog import ask_export_choice

        assert request.preview is not None
        return ask_export_choice(
            self.context, self.window(), request.title, request.preview, protectable=request.protectable
        )

    def start(self, request: ExportRequest, target: Path) -> None:
        """Write ``target`` on the worker thread (no dialog)."""
        self.busy = True
        self.last_error = ""
        self._next_tag += 1
        tag = self._next_tag
        self._requests[tag] = request
        self._show_buttons(False)
        self.progress.show()
        self.label.setText(self.tr("Bezig met opslaan als {name}…").format(name=target.name))
        self.label.setToolTip(str(target))
        self.runner.run((tag, target), lambda: request.write(target))

    # --- outcome ----------------------------------------------------------------------------------

    def _finished(self, tag: tuple[int, Path], _result: Any) -> None:
        number, target = tag
        request = self._requests.pop(number)
        self.busy = False
        self.progress.hide()
        self.last_target = target
        self.context.settings.set_last_export_folder(target.parent)
        if request.done is not None:
            request.done(target)
        self.label.setText(self.tr("Opgeslagen als {name}").format(name=target.name))
        self._show_buttons(True)
        self.finished.emit(target)

    def _failed(self, tag: tuple[int, Path], error: BaseException) -> None:
        number, _target = tag
        self._requests.pop(number, None)
        self.busy = False
        self.progress.hide()
        self.label.setText(self.tr("Opslaan mislukt."))
        text = export_error_text(error)
        if text is None:
            raise error  # a bug: the crash dialog shows it
        self.last_error = text
        self.failed.emit(text)
        QMessageBox.warning(self.window(), self.tr("Opslaan mislukt"), text)

    def _show_buttons(self, visible: bool) -> None:
        self.open_button.setVisible(visible)
        self.folder_button.setVisible(visible)

    def open_result(self) -> None:
        if self.last_target is not None:
            open_file(self.last_target)

    def show_folder(self) -> None:
        if self.last_target is not None:
            open_file(self.last_target.parent)

    def wait(self) -> None:
        """Block until a running export is done (closing, tests)."""
        self.runner.wait()


def action_list_request(
    context: AppContext, scope: ActionListScope, suggested_name: str, title: str
) -> ExportRequest:
    """The Excel export of the action list of ``scope`` (read and written on the worker thread)."""
    services = context.services

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_action_list(
            services, scope, target, audience=choice.audience, password=choice.password
        )

    def preview() -> list[Replacement]:
        return documents.replacements(services, services.action_list.action_list(scope))

    return ExportRequest(
        title,
        suggested_name,
        EXCEL_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=preview,
        write_for=write_for,
    )
