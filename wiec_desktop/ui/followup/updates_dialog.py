"""Bestand › Voortgang van partners inlezen…: choose the workbooks organisations sent back, see per
action what changes, tick or untick each row, and take the ticked ones in at once ("Overnemen").

The dialog asks for the files as soon as it is shown; cancelling that first question closes it.
Plain changes are ticked; a conflict (the action changed in the program after the list went out)
shows the program's version beside the partner's answer and is not ticked, nor is a row edited
beyond the open columns; rows that cannot be taken in have no check box and say why. Files that are
refused as a whole (not ours, another database, damaged) are listed above the table. Reading and
writing run on a ``Runner`` under a busy cursor; writing is one transaction and cannot be stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.followup.updates_import import (
    ApplyResult,
    RowState,
    UpdatesChanged,
    UpdatesImportService,
    UpdatesPreview,
)
from wiec_desktop.services.formatting import join_dutch, short_date
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import ErrorLabel
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.followup.updates_model import ACCEPT, UpdatesModel

READ, APPLY = "read", "apply"


class UpdatesDialog(QDialog):
    """Voortgang van partners inlezen; ``imported(count)`` follows a successful "Overnemen"."""

    imported = Signal(int)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self.preview: UpdatesPreview | None = None
        self.applied = 0
        self.busy: str | None = None
        self._asked = False
        self._job = 0
        self._note = ""
        self.runner = runner or Runner()  # no parent: outlives the dialog while a job still runs
        self.runner.finished.connect(self._job_done)
        self.runner.failed.connect(self._job_failed)
        self.setWindowTitle(self.tr("Voortgang van partners inlezen"))
        self.resize(1100, 620)
        self._build()
        self._show_preview()

    @property
    def service(self) -> UpdatesImportService:
        return self.context.services.updates_import

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Kies de actielijsten (.xlsx) die partners hebben ingevuld en teruggestuurd. Per actie "
                "ziet u wat er verandert; vink aan wat u wilt overnemen."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(self.tr("Nog geen bestanden gekozen."), self)
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Bestanden kiezen…"), self)
        self.choose_button.clicked.connect(self.choose_files)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)

        self.error = ErrorLabel(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("color: #1b6e20; font-weight: bold;")
        self.result_label.hide()

        self.model = UpdatesModel(self)
        self.model.dataChanged.connect(lambda *_args: self._update_buttons())
        self.view: QTableView = read_only_table(self, self.model, word_wrap=True)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)  # the check box still toggles
        self.columns = fit_columns(self.view, "updates_import/rows", self.context.settings, stretch=6)
        self.legend = QLabel(
            self.tr(
                "Oranje: conflict — de actie is in het programma gewijzigd nadat de lijst is verstuurd. "
                "Geel: buiten de open kolommen gewijzigd. Beide staan standaard uit."
            ),
            self,
        )
        self.legend.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(
            self.tr("Overnemen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.run_apply)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.result_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._asked:  # ask for the files straight away; the dialog is the preview
            self._asked = True
            QTimer.singleShot(0, self._first_choice)

    def _first_choice(self) -> None:
        if not self.paths and not self.choose_files():
            self.reject()

    # --- choosing and previewing -------------------------------------------------------------

    def choose_files(self) -> bool:
        """Ask for the workbooks and preview them; False when the chair cancelled the question."""
        start = str(self.paths[0].parent) if self.paths else str(Path.home())
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Voortgang van partners inlezen"), start, self.tr("Actielijsten (*.xlsx)")
        )
        if not names:
            return False
        self.load([Path(name) for name in names])
        return True

    def load(self, paths: list[Path], note: str = "") -> None:
        """Read ``paths`` in the background and show the preview; ``note`` is shown above it."""
        self.paths = paths
        self.preview = None
        self._note = note
        self.result_label.hide()
        self.error.show_message("")
        self.file_label.setText(", ".join(path.name for path in paths))
        self.file_label.setToolTip("\n".join(str(path) for path in paths))
        self.choose_button.setText(self.tr("Andere bestanden…"))
        self._show_preview()
        self.summary.setText(self.tr("De bestanden worden gelezen…"))
        self.summary.show()
        service = self.service
        self._start(READ, lambda: service.preview(paths))

    def _start(self, kind: str, work: Callable[[], object]) -> None:
        if self.busy is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.busy = kind
        self._job += 1
        self.choose_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(kind != APPLY)  # taking in cannot be stopped halfway
        self.runner.run((kind, self._job), work)

    def _stop(self) -> None:
        if self.busy is not None:
            QApplication.restoreOverrideCursor()
        self.busy = None
        self.choose_button.setEnabled(self.applied == 0)
        self.cancel_button.setEnabled(True)

    def _job_done(self, tag: object, result: object) -> None:
        if tag != (self.busy, self._job):
            return  # earlier files, or the dialog was closed meanwhile
        kind = self.busy
        self._stop()
        if kind == READ:
            assert isinstance(result, UpdatesPreview)
            self.preview = result
            self._show_preview()
        else:
            assert isinstance(result, ApplyResult)
            self._show_applied(result)

    def _job_failed(self, tag: object, error: object) -> None:
        if tag != (self.busy, self._job):
            return
        kind = self.busy
        self._stop()
        if isinstance(error, UpdatesChanged):  # the database moved on since the preview: read again
            self.load(self.paths, note=error.message)
            return
        if isinstance(error, StorageError):
            consequence = (
                self.tr("De bestanden zijn niet ingelezen.")
                if kind == READ
                else self.tr("Er is niets overgenomen.")
            )
            self.error.show_message(f"{error.message} {consequence}")
            self._show_preview()
            return
        assert isinstance(error, BaseException)
        raise error  # a bug: the crash handler reports it

    def reject(self) -> None:
        if self.busy != APPLY:  # Esc or the close button while writing: wait
            super().reject()

    def done(self, result: int) -> None:
        self._job += 1  # files still being read are no longer wanted
        self._stop()
        super().done(result)

    def _show_preview(self) -> None:
        preview = self.preview
        self.model.set_preview(preview)
        self.view.resizeRowsToContents()
        refused = preview.refused if preview is not None else ()
        lines = [self._note] if self._note else []
        lines += [f"{item.file_name}: {item.message}" for item in refused]
        self.error.show_message("\n".join(lines))
        self.summary.setVisible(preview is not None)
        if preview is not None:
            self.summary.setText(self._summary_text(preview))
            first = next((n for n, (_org, row) in enumerate(self.model.rows) if row.can_accept), 0)
            if self.model.rows:
                self.view.setCurrentIndex(self.model.index(first, ACCEPT))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.busy is None and bool(self.model.accepted()))

    def _summary_text(self, preview: UpdatesPreview) -> str:
        rows = preview.rows
        if not preview.workbooks:
            return self.tr("Geen van de bestanden kan worden ingelezen.")
        changes = sum(1 for row in rows if row.accepted_by_default)
        conflicts = sum(1 for row in rows if row.can_accept and row.conflict and not row.edited)
        edited = sum(1 for row in rows if row.can_accept and row.edited)
        unchanged = sum(1 for row in rows if row.state in (RowState.NO_CHANGE, RowState.ALREADY))
        invalid = sum(1 for row in rows if row.state is RowState.INVALID)
        parts = [self.tr("1 wijziging") if changes == 1 else self.tr("{n} wijzigingen").format(n=changes)]
        if conflicts:
            parts.append(
                self.tr("1 conflict") if conflicts == 1 else self.tr("{n} conflicten").format(n=conflicts)
            )
        if edited:
            parts.append(self.tr("{n} buiten de open kolommen gewijzigd").format(n=edited))
        if unchanged:
            parts.append(self.tr("{n} zonder wijziging of al ingelezen").format(n=unchanged))
        if invalid:
            parts.append(self.tr("{n} niet te verwerken").format(n=invalid))
        organisations = join_dutch(dict.fromkeys(workbook.organisation for workbook in preview.workbooks))
        text = self.tr("Van {organisations}: {parts}.").format(
            organisations=organisations, parts=", ".join(parts)
        )
        for workbook in preview.workbooks:
            if workbook.imported_at is not None:
                text += " " + self.tr(
                    "{file} is al eens ingelezen op {day}; wat toen is overgenomen staat als “Al ingelezen”."
                ).format(file=workbook.file_name, day=short_date(workbook.imported_at.date()))
        return text

    # --- taking in ---------------------------------------------------------------------------

    def run_apply(self) -> None:
        """Take in every ticked row in one transaction; on failure nothing is written."""
        preview = self.preview
        accepted = self.model.accepted()
        if preview is None or not accepted or self.busy is not None:
            return
        self._note = ""
        self.summary.setText(self.tr("Bezig met overnemen…"))
        service = self.service
        self._start(APPLY, lambda: service.apply(preview, accepted))

    def _show_applied(self, result: ApplyResult) -> None:
        self.applied = result.applied
        self.summary.hide()
        self.error.show_message("")
        preview = self.preview
        organisations = (
            join_dutch(dict.fromkeys(workbook.organisation for workbook in preview.workbooks))
            if preview
            else ""
        )
        text = (
            self.tr("1 wijziging overgenomen van {organisations}.")
            if result.applied == 1
            else self.tr("{n} wijzigingen overgenomen van {organisations}.")
        )
        self.result_label.setText(
            text.format(n=result.applied, organisations=organisations)
            + " "
            + self.tr("U ziet ze bij de acties en in de tijdlijn van de casussen.")
        )
        self.result_label.show()
        self.apply_button.hide()
        self.choose_button.setEnabled(False)
        self.view.setEnabled(False)
        self.cancel_button.setText(self.tr("Sluiten"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self.imported.emit(result.applied)
