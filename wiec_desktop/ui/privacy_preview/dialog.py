"""The privacy preview shown before a document or e-mail leaves.

It lists each replacement the policymakers' variant makes (original, replacement, kind, a few words
around it), computed on a worker thread (the de-identification of a long action list takes a
moment). Per row the chair can tick "Niet persoonlijk (laten staan)" for a false positive (a
street that looks like a name), and under "Ook vervangen:" add a term that was missed; both are
remembered for that text (``PrivacyContextService.remember``), a missed term at once (the list is
computed again), a kept one when the chair goes on. "Intern (volledig, vertrouwelijk)" is an
explicit choice with a warning; a password (typed twice) protects a .docx or .xlsx.

The originals are shown to the chair only, never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import TermDecision
from wiec_desktop.services.privacy.redaction import Audience, Replacement
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.common.forms import ErrorLabel
from wiec_desktop.ui.privacy_preview.choice import ExportChoice

KEEP_COLUMN = 4
COLUMNS = 5
MIN_PASSWORD_LENGTH = 8


class PrivacyPreviewDialog(QDialog):
    """Before a document leaves: the replacements, the chair's corrections, the variant, a password.

    ``compute()`` returns the replacements of the policymakers' variant with the choices remembered
    so far; it runs on ``runner`` (a worker thread; tests pass a ``SynchronousRunner``).
    ``protectable``: whether the file can get a password (.docx, .xlsx; not an .ics or e-mail).
    """

    def __init__(
        self,
        context: AppContext,
        title: str,
        compute: Callable[[], Sequence[Replacement]],
        parent: QWidget | None = None,
        *,
        protectable: bool = True,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.compute = compute
        self.protectable = protectable
        self.replacements: list[Replacement] = []
        self.busy = False
        self.preview_failed = False
        self.runner = runner or Runner()
        self.runner.finished.connect(self._computed)
        self.runner.failed.connect(self._not_computed)
        self.setWindowTitle(title)
        self.setObjectName("privacyPreview")

        self.intro = QLabel(
            self.tr(
                "Dit document is voor beleid: namen, telefoonnummers, e-mailadressen, huisnummers en "
                "postcodes van bewoners worden vervangen. Kijk na wat er vervangen wordt."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.model = QStandardItemModel(0, COLUMNS, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Origineel"),
                self.tr("Wordt"),
                self.tr("Soort"),
                self.tr("Context"),
                self.tr("Niet persoonlijk (laten staan)"),
            ]
        )
        self.table = QTableView(self)
        self.table.setObjectName("replacements")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 2, KEEP_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)

        self.missed_edit = QLineEdit(self)
        self.missed_edit.setObjectName("missedTerm")
        self.missed_edit.setPlaceholderText(self.tr("een naam of woord dat ook weg moet"))
        self.missed_button = QPushButton(self.tr("Toevoegen"), self)
        self.missed_button.setObjectName("addMissed")
        self.missed_button.clicked.connect(self.add_missed)
        self.missed_edit.returnPressed.connect(self.add_missed)
        missed_row = QHBoxLayout()
        missed_row.addWidget(QLabel(self.tr("Ook vervangen:"), self))
        missed_row.addWidget(self.missed_edit, 1)
        missed_row.addWidget(self.missed_button)

        self.policymakers_button = QRadioButton(self.tr("Voor beleid (aanbevolen)"), self)
        self.policymakers_button.setObjectName("forPolicymakers")
        self.internal_button = QRadioButton(self.tr("Intern (volledig, vertrouwelijk)"), self)
        self.internal_button.setObjectName("internal")
        self.policymakers_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.policymakers_button)
        group.addButton(self.internal_button)
        self.internal_warning = QLabel(
            self.tr(
                "Let op: de interne variant bevat alle persoonsgegevens. Hij krijgt op elke pagina "
                "‘Vertrouwelijk – intern’ en dat staat ook in de bestandsnaam; het opslaan wordt in "
                "het logboek vastgelegd. Deel hem alleen met wie de gegevens mag zien."
            ),
            self,
        )
        self.internal_warning.setObjectName("internalWarning")
        self.internal_warning.setWordWrap(True)
        self.internal_warning.setStyleSheet("color: #b3261e;")
        self.internal_warning.hide()
        self.internal_button.toggled.connect(self._audience_changed)
        variant = QGroupBox(self.tr("Variant"), self)
        variant_layout = QVBoxLayout(variant)
        variant_layout.addWidget(self.policymakers_button)
        variant_layout.addWidget(self.internal_button)
        variant_layout.addWidget(self.internal_warning)

        self.password_box = QCheckBox(self.tr("Beveiligen met een wachtwoord"), self)
        self.password_box.setObjectName("protect")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("wachtwoord"))
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setObjectName("passwordAgain")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setPlaceholderText(self.tr("nogmaals"))
        self.password_hint = QLabel(
            self.tr("Geef het wachtwoord op een andere manier door dan het bestand (bijvoorbeeld per sms)."),
            self,
        )
        self.password_hint.setWordWrap(True)
        for widget in (self.password_edit, self.repeat_edit):
            widget.setEnabled(False)
        self.password_box.toggled.connect(self.password_edit.setEnabled)
        self.password_box.toggled.connect(self.repeat_edit.setEnabled)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_box)
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.repeat_edit, 1)
        self.error = ErrorLabel(self)

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Verder"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("continue")
        cancel = buttons.addButton(self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.go_on)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(missed_row)
        layout.addWidget(variant)
        if protectable:
            layout.addLayout(password_row)
            layout.addWidget(self.password_hint)
        else:
            for widget in (self.password_box, self.password_edit, self.repeat_edit, self.password_hint):
                widget.hide()
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(860, 560)
        self.refresh()

    # --- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the replacements again (on the worker thread)."""
        self.busy = True
        self.preview_failed = False
        self.status.setText(self.tr("Bezig met nakijken op persoonsgegevens…"))
        self._update_buttons()
        self.runner.run("preview", self.compute)

    def _computed(self, _tag: object, replacements: Sequence[Replacement]) -> None:
        self.busy = False
        self.replacements = list(replacements)
        self.model.removeRows(0, self.model.rowCount())
        for replacement in self.replacements:
            row = [
                QStandardItem(replacement.original),
                QStandardItem(replacement.replacement),
                QStandardItem(replacement.kind.value),
                QStandardItem(" ".join(replacement.context.split())),
                QStandardItem(self.tr("laten staan")),
            ]
            row[KEEP_COLUMN].setCheckable(True)
            row[KEEP_COLUMN].setCheckState(Qt.CheckState.Unchecked)
            for item in row:
                item.setEditable(False)
            self.model.appendRow(row)
        count = len(self.replacements)
        self.status.setText(
            self.tr("Niets gevonden om te vervangen.")
            if not count
            else self.tr("{count} vervangingen.").format(count=count)
            if count != 1
            else self.tr("1 vervanging.")
        )
        self._update_buttons()

    def _not_computed(self, _tag: object, error: BaseException) -> None:
        self.busy = False
        self.preview_failed = True
        text = export_error_text(error)
        if text is None:
            raise error  # a bug: the crash dialog shows it
        self.status.setText(text)
        self._update_buttons()

    def kept_terms(self) -> list[str]:
        """The originals the chair marked as not personal."""
        return [
            self.replacements[row].original
            for row in range(self.model.rowCount())
            if self.model.item(row, KEEP_COLUMN).checkState() == Qt.CheckState.Checked
        ]

    def add_missed(self) -> None:
        """Remember the term under "Ook vervangen:" as personal and compute the list again."""
        term = " ".join(self.missed_edit.text().split())
        if not term or self.busy:
            return
        try:
            self.context.services.privacy_context.remember(term, TermDecision.MARKED)
        except Exception as error:  # a known error is shown, a bug re-raised
            text = export_error_text(error)
            if text is None:
                raise
            self.error.show_message(text)
            return
        self.error.show_message("")
        self.missed_edit.clear()
        self.refresh()

    # --- the choice ----------------------------------------------------------------------------

    def _audience_changed(self, internal: bool) -> None:
        self.internal_warning.setVisible(internal)
        self.intro.setEnabled(not internal)
        self.table.setEnabled(not internal)
        self._update_buttons()

    def _update_buttons(self) -> None:
        internal = self.internal_button.isChecked()
        self.save_button.setEnabled(internal or not (self.busy or self.preview_failed))
        self.missed_button.setEnabled(not self.busy)

    def choice(self) -> ExportChoice:
        audience = Audience.INTERNAL if self.internal_button.isChecked() else Audience.POLICYMAKERS
        password = self.password_edit.text() if self.protectable and self.password_box.isChecked() else None
        return ExportChoice(audience, password)

    def go_on(self) -> None:
        """Check the password, remember the terms kept, and accept."""
        if self.protectable and self.password_box.isChecked():
            password = self.password_edit.text()
            if len(password) < MIN_PASSWORD_LENGTH:
                self.error.show_message(
                    self.tr("Kies een wachtwoord van minstens {n} tekens.").format(n=MIN_PASSWORD_LENGTH)
                )
                return
            if password != self.repeat_edit.text():
                self.error.show_message(self.tr("De twee wachtwoorden zijn niet gelijk."))
                return
        if not self.internal_button.isChecked():
            for term in self.kept_terms():
                self.context.services.privacy_context.remember(term, TermDecision.KEPT)
        self.error.show_message("")
        self.accept()


def ask_export_choice(
    context: AppContext,
    parent: QWidget | None,
    title: str,
    compute: Callable[[], Sequence[Replacement]],
    *,
    protectable: bool = True,
) -> ExportChoice | None:
    """Show the preview modally; the chair's choice, or None when cancelled."""
    dialog = PrivacyPreviewDialog(context, title, compute, parent, protectable=protectable)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()  # a preview still being computed is dropped when it arrives


__all__ = ["PrivacyPreviewDialog", "ask_export_choice"]
