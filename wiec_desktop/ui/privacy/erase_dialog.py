"""Bewoner wissen (right to erasure): pick a resident, see every passage of free text that names
them with a check box each, confirm, and the erasure and the rebuild of the file run in the
background. ``erased`` tells the page to read its figures again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.privacy.erasure import ErasureResult
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.privacy.background_job import PrivacyJob
from wiec_desktop.ui.privacy.models import PassagesModel


class EraseResidentDialog(QDialog):
    """One resident's erasure, from choosing them to the rebuilt file."""

    erased = Signal(object)  # the ErasureResult

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        resident_id: int | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.erasure
        self.result_: ErasureResult | None = None
        self.searched_for: int | None = None
        self.setWindowTitle(self.tr("Bewoner wissen"))
        self.resize(940, 600)

        self.resident_combo = QComboBox(self)
        self.resident_combo.setObjectName("resident")
        self.resident_combo.setMinimumWidth(360)
        for choice in self.service.residents():
            self.resident_combo.addItem(choice.label, choice.id)
        if resident_id is not None:
            self.resident_combo.setCurrentIndex(max(self.resident_combo.findData(resident_id), 0))
        self.resident_combo.currentIndexChanged.connect(lambda _index: self.find_passages())
        resident_label = QLabel(self.tr("&Bewoner:"), self)
        resident_label.setBuddy(self.resident_combo)
        top = QHBoxLayout()
        top.addWidget(resident_label)
        top.addWidget(self.resident_combo, 1)

        explanation = QLabel(
            self.tr(
                "Wordt gewist: het bewonersrecord (naam, telefoonnummer, toestemming), de vrije tekst "
                "van de eigen huisbezoeken, de aangevinkte passages hieronder (vervangen door "
                "‘[gewist]’) en de privacykeuzes die de bewoner noemen. Daarna wordt het "
                "databasebestand opgeschoond, zodat de gegevens ook niet meer in het bestand staan.\n"
                "Blijft: het adres, de rapportcijfers, thema's en aantallen. Kopieën buiten de database "
                "(back-ups, verstuurde documenten) worden niet bereikt."
            ),
            self,
        )
        explanation.setWordWrap(True)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.model = PassagesModel(self)
        self.table = read_only_table(self, self.model)
        self.table.setObjectName("passages")
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 160)
        self.all_button = QPushButton(self.tr("Alles aanvinken"), self)
        self.none_button = QPushButton(self.tr("Niets aanvinken"), self)
        self.all_button.clicked.connect(lambda _checked=False: self.model.set_all(True))
        self.none_button.clicked.connect(lambda _checked=False: self.model.set_all(False))
        check_row = QHBoxLayout()
        check_row.addWidget(self.count_label, 1)
        check_row.addWidget(self.all_button)
        check_row.addWidget(self.none_button)

        self.buttons = QDialogButtonBox(self)
        self.erase_button = self.buttons.addButton(
            self.tr("Wissen…"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("erase")
        self.erase_button.setAutoDefault(False)  # Enter never erases by accident
        self.erase_button.clicked.connect(self.erase)
        self.close_button = self.buttons.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explanation)
        layout.addLayout(check_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

        self.job = PrivacyJob(self, self._erased, self._failed, runner)
        self.find_passages()

    def current_resident(self) -> int | None:
        value: Any = self.resident_combo.currentData()
        return value if isinstance(value, int) else None

    def find_passages(self) -> None:
        """Search the free text for the chosen resident (quick: on the UI thread)."""
        resident_id = self.current_resident()
        self.searched_for = resident_id
        if resident_id is None:
            self.model.set_rows([])
            self.count_label.setText(self.tr("Er zijn geen bewoners in deze database."))
            self.erase_button.setEnabled(False)
            return
        try:
            passages = self.service.find_resident_passages(resident_id)
        except Exception as error:
            if not show_known_error(self, self.tr("Bewoner wissen"), error):
                raise
            passages = []
        self.model.set_rows(passages)
        self.erase_button.setEnabled(True)
        if passages:
            self.count_label.setText(
                self.tr("{count} passage(s) noemen deze bewoner; vink aan wat gewist moet worden.").format(
                    count=len(passages)
                )
            )
        else:
            self.count_label.setText(self.tr("Geen passages in vrije tekst noemen deze bewoner."))

    def erase(self) -> None:
        resident_id = self.current_resident()
        if resident_id is None or self.job.running:
            return
        chosen = self.model.chosen()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Bewoner wissen"),
            self.tr(
                "‘{resident}’ wissen, met {count} aangevinkte passage(s)? Dit kan niet ongedaan "
                "worden gemaakt."
            ).format(resident=self.resident_combo.currentText(), count=len(chosen)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(self.tr("Wissen"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        if box.clickedButton() is not yes:
            return
        service = self.service
        self.erase_button.setEnabled(False)
        self.job.start(
            self.tr("Bewoner wissen en het databasebestand opschonen…"),
            lambda: service.erase_resident(resident_id, chosen),
        )

    def _erased(self, result: ErasureResult) -> None:
        self.result_ = result
        self.erased.emit(result)
        if result.compaction is not None and not result.compaction.complete:
            note = self.tr(
                "Het bestand kon nog niet helemaal worden opgeschoond omdat een ander venster de "
                "database leest; dat gebeurt bij de volgende verwijdering of het sluiten van het programma."
            )
        else:
            note = self.tr("Het databasebestand is opgeschoond.")
        QMessageBox.information(
            self,
            self.tr("Bewoner gewist"),
            self.tr("De bewoner is gewist; {count} passage(s) vervangen.").format(count=result.passages)
            + "\n\n"
            + note,
        )
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.erase_button.setEnabled(True)
        if show_known_error(self, self.tr("Bewoner wissen"), error):
            self.find_passages()  # e.g. a passage changed meanwhile: search again
            return
        raise error
