"""Privacy: what personal data the database holds now, what expires when, what has expired (removed
after confirmation), the last erasures, and "Bewoner wissen…" — the figures a DPIA asks for.

Read when the page is shown (a few counts and one pass over residents, visits and signals). The
removal and the rebuild of the file afterwards run off the UI thread (``PrivacyJob``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.privacy.overview import PrivacyOverview
from wiec_desktop.services.privacy.retention import RemovalResult
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.privacy.background_job import PrivacyJob
from wiec_desktop.ui.privacy.confirm_removal import RemovalConfirmation
from wiec_desktop.ui.privacy.erase_dialog import EraseResidentDialog
from wiec_desktop.ui.privacy.models import ErasuresModel, ExpiredModel, expired_rows

MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
TABLE_HEIGHT = 220
LOG_HEIGHT = 340


class PrivacyPage(SectionPage):
    """The Privacy section."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, runner: Runner | None = None
    ) -> None:
        super().__init__(context, parent)
        self.overview: PrivacyOverview | None = None
        self.runner = runner
        self.erase_button = QPushButton(self.tr("Bewoner wissen…"), self)
        self.erase_button.setObjectName("eraseResident")
        self.erase_button.setToolTip(self.tr("Eén bewoner wissen op verzoek (recht op vergetelheid)"))
        self.erase_button.clicked.connect(lambda _checked=False: self.erase_resident())
        self.add_title(self.tr("Privacy"), self.erase_button)
        self.period_label = QLabel(self)
        self.period_label.setObjectName("pageSubtitle")
        self.period_label.setWordWrap(True)
        self.layout_.addWidget(self.period_label)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 6, 0)
        body.setSpacing(12)
        scroll.setWidget(content)
        self.layout_.addWidget(scroll, 1)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._held_box(content), 3)
        top.addWidget(self._upcoming_box(content), 2)
        body.addLayout(top)
        body.addWidget(self._expired_box(content))
        body.addWidget(self._erasures_box(content))
        # Who did what (references only): the log a DPIA asks for next to the figures; also the
        # page's primary list (the shell and the smoke check expect one per section).
        self.log = ListPage(
            context,
            "audit",
            title=self.tr("Logboek: wie deed wat"),
            nouns=(self.tr("logboekregel"), self.tr("logboekregels")),
            table_key="privacy/audit",
            parent=content,
        )
        self.log.title_label.setObjectName("sectionTitle")
        self.log.search.setPlaceholderText(self.tr("Zoek in het logboek…"))
        self.log.setMinimumHeight(LOG_HEIGHT)
        self.lists.append(self.log)
        body.addWidget(self.log)

        self.job = PrivacyJob(self, self._removed, self._failed, runner)

    # --- building ----------------------------------------------------------------------------

    def _held_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Persoonsgegevens in deze database"), parent)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(16)
        rows = (
            ("residents", self.tr("Bewoners")),
            ("residents_with_name", self.tr("met naam")),
            ("residents_with_phone", self.tr("met telefoonnummer")),
            ("consent_given", self.tr("met toestemming")),
            ("addresses_with_residents", self.tr("Adressen met bekende bewoners")),
            ("visits_with_free_text", self.tr("Huisbezoeken met vrije tekst")),
            ("visits_with_resident", self.tr("Huisbezoeken gekoppeld aan een bewoner")),
            ("signals_with_text", self.tr("Signalen met tekst")),
            ("signals_with_address", self.tr("Signalen gekoppeld aan een adres")),
        )
        self.count_values: dict[str, QLabel] = {}
        for number, (key, caption) in enumerate(rows):
            column = (number % 2) * 2
            label = QLabel(caption, box)
            value = QLabel("–", box)
            value.setObjectName(f"count_{key}")
            grid.addWidget(label, number // 2, column)
            grid.addWidget(value, number // 2, column + 1)
            self.count_values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _upcoming_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Wat verloopt wanneer"), parent)
        layout = QVBoxLayout(box)
        self.upcoming_label = QLabel(box)
        self.upcoming_label.setObjectName("upcoming")
        self.upcoming_label.setWordWrap(True)
        layout.addWidget(self.upcoming_label)
        layout.addStretch(1)
        return box

    def _expired_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Verlopen bewaartermijn"), parent)
        layout = QVBoxLayout(box)
        self.expired_label = QLabel(box)
        self.expired_label.setWordWrap(True)
        self.expired_model = ExpiredModel(self)
        self.expired_table = read_only_table(box, self.expired_model, single_selection=False)
        self.expired_table.setObjectName("expired")
        self.expired_table.setMinimumHeight(TABLE_HEIGHT)
        self.expired_table.setColumnWidth(0, 130)
        self.expired_table.setColumnWidth(1, 300)
        self.expired_table.setColumnWidth(2, 260)
        self.expired_table.setColumnWidth(3, 120)
        self.all_button = QPushButton(self.tr("Alles aanvinken"), box)
        self.none_button = QPushButton(self.tr("Niets aanvinken"), box)
        self.remove_button = QPushButton(self.tr("Verwijderen…"), box)
        self.remove_button.setObjectName("removeExpired")
        self.all_button.clicked.connect(lambda _checked=False: self.expired_model.set_all(True))
        self.none_button.clicked.connect(lambda _checked=False: self.expired_model.set_all(False))
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_expired())
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addWidget(self.expired_label)
        layout.addWidget(self.expired_table)
        layout.addLayout(buttons)
        return box

    def _erasures_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Laatste verwijderingen"), parent)
        layout = QVBoxLayout(box)
        self.erasures_model = ErasuresModel(self)
        self.erasures_table = read_only_table(box, self.erasures_model)
        self.erasures_table.setObjectName("erasures")
        self.erasures_table.setMinimumHeight(160)
        self.erasures_table.setColumnWidth(0, 140)
        self.erasures_table.setColumnWidth(1, 190)
        layout.addWidget(self.erasures_table)
        return box

    # --- reading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.job.running:
            self.refresh()

    def refresh(self) -> None:
        """Read the figures, the expired records and the last erasures again."""
        services = self.context.services
        try:
            overview = services.privacy_overview.overview()
            expired = services.retention.expired()
        except Exception as error:
            if not show_known_error(self, self.tr("Privacy"), error):
                raise
            return
        self.overview = overview
        self.period_label.setText(
            self.tr(
                "Bewaartermijn van de huidige opdracht: {months} maanden na het laatste contact "
                "(te wijzigen onder Opdracht › Opdrachten beheren)."
            ).format(months=overview.retention_months)
        )
        for key, label in self.count_values.items():
            label.setText(str(getattr(overview.counts, key)))
        self.upcoming_label.setText(self._upcoming_text(overview))
        self.expired_model.set_rows(expired_rows(expired))
        if expired.total:
            self.expired_label.setText(
                self.tr(
                    "De bewaartermijn van deze gegevens is verstreken. Vink aan wat weg mag en kies "
                    "‘Verwijderen…’."
                )
            )
        else:
            self.expired_label.setText(self.tr("Er zijn geen gegevens met een verlopen bewaartermijn."))
        self.remove_button.setEnabled(bool(expired.total))
        self.erasures_model.set_rows(overview.erasures)
        if self.log.model.loaded:
            self.log.reload()

    def _upcoming_text(self, overview: PrivacyOverview) -> str:
        if not overview.upcoming:
            return self.tr("Er verloopt binnenkort niets.")
        lines = [self.tr("Eerstvolgende: {day}").format(day=short_date(overview.next_expiry)), ""]
        for month in overview.upcoming:
            lines.append(
                self.tr(
                    "{month} {year}: bewoners {residents}, huisbezoeken {visits}, signalen {signals}"
                ).format(
                    month=MONTH_NAMES[month.month.month - 1],
                    year=month.month.year,
                    residents=month.residents,
                    visits=month.visits,
                    signals=month.signals,
                )
            )
        return "\n".join(lines)

    # --- acting ------------------------------------------------------------------------------

    def remove_expired(self) -> None:
        """Ask what goes and what stays, then remove the ticked records in the background."""
        selection = self.expired_model.selection()
        if self.job.running or not (selection.resident_ids or selection.visit_ids or selection.signal_ids):
            return
        box = RemovalConfirmation(selection, self)
        box.exec()
        if not box.confirmed:
            return
        retention = self.context.services.retention
        self.remove_button.setEnabled(False)
        self.job.start(
            self.tr("Verlopen gegevens verwijderen en het databasebestand opschonen…"),
            lambda: retention.remove_expired(selection),
        )

    def _removed(self, result: RemovalResult) -> None:
        self.refresh()
        QMessageBox.information(
            self,
            self.tr("Verlopen gegevens verwijderd"),
            self.tr(
                "Verwijderd — bewoners: {residents}, huisbezoeken: {visits}, signalen: {signals}. "
                "Het databasebestand is opgeschoond."
            ).format(residents=result.residents, visits=result.visits, signals=result.signals),
        )

    def _failed(self, error: BaseException) -> None:
        self.refresh()
        if not show_known_error(self, self.tr("Verlopen gegevens verwijderen"), error):
            raise error

    def erase_resident(self, resident_id: int | None = None) -> EraseResidentDialog:
        """Bewoner wissen… (window-modal); the figures are read again after an erasure."""
        dialog = EraseResidentDialog(self.context, self, resident_id=resident_id, runner=self.runner)
        dialog.erased.connect(lambda _result: self.refresh())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog
