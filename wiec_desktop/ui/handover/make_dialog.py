"""Bestand › Overdracht maken…: the file, the passphrase twice, then the package is made in the
background with a progress bar; the dialog says where the package and its summary are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
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

from wiec_desktop.services.handover import SUFFIX, package_target
from wiec_desktop.services.handover.archive import MIN_PASSPHRASE_LENGTH
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.handover.settings_bridge import collect


class Progress(QObject):
    """Carries the job's percentage from the worker thread to the progress bar."""

    changed = Signal(int)


class MakeHandoverDialog(QDialog):
    """Asks where and with which passphrase, then makes the package off the UI thread."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Overdracht maken"))
        self.runner = runner or Runner()
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.progress_signal = Progress()
        self.written: object | None = None

        intro = QLabel(
            self.tr(
                "Eén versleuteld bestand voor uw opvolger: de database, uw sjablonen en de instellingen "
                "van de opdracht (niet het wachtwoord van de mailserver), met een samenvatting op één "
                "pagina. De samenvatting komt ook naast het bestand, zonder namen van bewoners. "
                "Geef de wachtwoordzin apart door (niet in dezelfde e-mail)."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit(self)
        self.file_edit.setText(str(self._proposal()))
        choose = QPushButton(self.tr("Kiezen…"), self)
        choose.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)
        self.passphrase = _secret(self)
        self.repeat = _secret(self)
        form = QFormLayout()
        form.addRow(self.tr("Bestand"), file_row)
        form.addRow(self.tr("Wachtwoordzin"), self.passphrase)
        form.addRow(self.tr("Nog een keer"), self.repeat)
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.hide()
        self.progress_signal.changed.connect(self.bar.setValue)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.make_button = self.buttons.addButton(self.tr("Maken"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.passphrase.setFocus()

    def target(self) -> Path:
        return package_target(Path(self.file_edit.text().strip()).expanduser())

    def start(self) -> None:
        """Check the fields and start the job (the dialog stays open until it is done)."""
        text = self.file_edit.text().strip()
        if not text:
            return self._show(self.tr("Kies een bestand voor de overdracht."))
        target = self.target()
        if target.exists():
            return self._show(self.tr("Dat bestand bestaat al; kies een nieuwe naam."))
        if not target.parent.is_dir():
            return self._show(self.tr("Die map bestaat niet; kies een bestaande map."))
        passphrase = self.passphrase.text()
        if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
            return self._show(self.tr("Kies een wachtwoordzin van minstens 8 tekens."))
        if self.repeat.text() != passphrase:
            return self._show(self.tr("De twee wachtwoordzinnen zijn niet gelijk."))
        self._show("")
        self._busy(True)
        context = self.context
        settings = collect(context.settings, [a.id for a in context.services.assignments.list()])
        template = context.settings.word_template()
        today = context.services.today()
        progress = self.progress_signal.changed.emit
        self.runner.run(
            "make", lambda: _make(context, target, passphrase, today, settings, template, progress)
        )

    def _finished(self, _tag: object, written: object) -> None:
        self._busy(False)
        self.written = written
        self.accept()

    def _failed(self, _tag: object, error: object) -> None:
        self._busy(False)
        assert isinstance(error, BaseException)
        text = export_error_text(error)
        if text is None:
            raise error
        self._show(text)

    def _busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.bar.setValue(0)
        self.make_button.setEnabled(not busy)
        for field in (self.file_edit, self.passphrase, self.repeat):
            field.setEnabled(not busy)

    def _show(self, text: str) -> None:
        self.message.setText(text)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Overdracht opslaan"),
            self.file_edit.text(),
            self.tr("Overdracht (*.wiec-overdracht)"),
        )
        if path:
            self.file_edit.setText(str(package_target(Path(path))))

    def _proposal(self) -> Path:
        source = self.context.database.location.path
        folder = source.parent if source else Path.home()
        stem = source.stem if source else "overdracht"
        return folder / f"{stem}-overdracht-{self.context.services.today().isoformat()}{SUFFIX}"


def _make(
    context: AppContext,
    target: Path,
    passphrase: str,
    today: date,
    settings: object,
    template: Path | None,
    progress: object,
) -> object:
    from wiec_desktop.exports.docx.handover_package import write_handover
    from wiec_desktop.services.handover import HandoverSettings

    assert isinstance(settings, HandoverSettings)
    usable_template = template if template is not None and template.is_file() else None
    return write_handover(
        context.services,
        context.database,
        target,
        passphrase,
        today,
        settings=settings,
        template=usable_template,
        progress=progress,  # type: ignore[arg-type]
    )


def _secret(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
