"""Bestand › Logboek…: the audit log, read-only, with filters, the chain's state and an Excel export.

The table is a ``SqlListModel`` over ``services.audit_log`` (SQL pages, newest first); nothing in
it can be edited, deleted or dragged. Above it a red banner appears when the hash chain is broken,
saying at which entry and why, so that the chair knows from where on the log cannot be trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services.audit_log import AuditFilter, ChainReport
from wiec_desktop.services.dates import format_dutch_date
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.common.export_job import EXCEL_FILTER, FILTERS_CONTEXT, documents_folder
from wiec_desktop.ui.common.list_model import SqlListModel
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table

BANNER_STYLE = (
    "QLabel#chainBanner { background: #b42318; color: white; font-weight: bold; padding: 8px; "
    "border-radius: 4px; }"
)


class AuditLogDialog(QDialog):
    """The log viewer: filter by kind, record type and id, and period; export what is shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.audit_log
        self.chain: ChainReport | None = None
        self._marked_from: int | None = None
        self.last_export: Path | None = None
        self.setWindowTitle(self.tr("Logboek"))
        self.resize(1000, 620)

        self.banner = QLabel(self)
        self.banner.setObjectName("chainBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("chainState")

        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Alle handelingen"), None)
        for kind in AuditKind:
            self.kind.addItem(kind.label, kind.value)
        self.entity_type = QComboBox(self)
        self.entity_id = QLineEdit(self)
        self.entity_id.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.entity_id.setPlaceholderText(self.tr("id"))
        self.entity_id.setMaximumWidth(90)
        self.since = DateField(self, optional=True)
        self.until = DateField(self, optional=True)
        self.clear_button = QPushButton(self.tr("Filters wissen"), self)

        self.model = SqlListModel(self.service.list_source(), parent=self)
        self.table = read_only_table(self, self.model)
        self.table.setDragEnabled(False)
        self.table.setAcceptDrops(False)
        self.count_label = QLabel(self)

        self.export_button = QPushButton(self.tr("Exporteren naar Excel…"), self)
        self.verify_button = QPushButton(self.tr("Keten opnieuw controleren"), self)
        self.close_button = QPushButton(self.tr("Sluiten"), self)
        self._layout()

        self.kind.currentIndexChanged.connect(self._filters_changed)
        self.entity_type.currentIndexChanged.connect(self._filters_changed)
        self.entity_id.textChanged.connect(self._filters_changed)
        self.since.dateChanged.connect(self._filters_changed)
        self.until.dateChanged.connect(self._filters_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button.clicked.connect(self.export_to_excel)
        self.verify_button.clicked.connect(self.verify)
        self.close_button.clicked.connect(self.accept)
        self.model.refreshed.connect(self._show_count)

        self._fill_entity_types()
        self.model.load()
        self.verify()
        detail = self.model.column_of_key("detail")
        self.columns = fit_columns(self.table, "audit_log", context.settings, stretch=detail)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Handeling"), self))
        filters.addWidget(self.kind)
        filters.addWidget(QLabel(self.tr("Soort gegeven"), self))
        filters.addWidget(self.entity_type)
        filters.addWidget(self.entity_id)
        filters.addWidget(QLabel(self.tr("Van"), self))
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("t/m"), self))
        filters.addWidget(self.until)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.chain_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # --- filters -------------------------------------------------------------------------------

    def _fill_entity_types(self) -> None:
        self.entity_type.blockSignals(True)
        self.entity_type.clear()
        self.entity_type.addItem(self.tr("Alle soorten"), None)
        for name, label in self.service.entity_types():
            self.entity_type.addItem(label, name)
        self.entity_type.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        """What the filter row asks for."""
        kind = self.kind.currentData()
        entity_id = self.entity_id.text().strip()
        return AuditFilter(
            kind=AuditKind(kind) if kind else None,
            entity_type=self.entity_type.currentData() or None,
            entity_id=int(entity_id) if entity_id.isdigit() else None,
            since=self.since.value(),
            until=self.until.value(),
        )

    def _filters_changed(self, *_args: Any) -> None:
        self.model.set_filters(self.current_filter().as_filters())

    def clear_filters(self) -> None:
        self.kind.setCurrentIndex(0)
        self.entity_type.setCurrentIndex(0)
        self.entity_id.clear()
        self.since.setDate(None)
        self.until.setDate(None)

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("{count} regels").format(count=self.model.total))

    # --- the chain -----------------------------------------------------------------------------

    def verify(self) -> ChainReport:
        """Check the whole chain and show the outcome (the red banner when it is broken)."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = self.service.verify_chain()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.chain = report
        self._mark_from(report.first_broken.sequence if report.first_broken is not None else None)
        if report.ok:
            self.banner.hide()
            self.chain_label.setText(
                self.tr("Keten intact: {count} regels gecontroleerd.").format(count=report.checked)
            )
            self.chain_label.setToolTip(self.tr("Laatste hash: {hash}").format(hash=report.head_hash))
            return report
        broken = report.first_broken
        assert broken is not None
        self.banner.setText(
            self.tr(
                "Het logboek is buiten het programma veranderd: de keten is gebroken bij regel {number} "
                "({reason}). Regels vanaf daar zijn niet te vertrouwen."
            ).format(number=broken.sequence, reason=broken.reason)
        )
        self.banner.show()
        self.chain_label.setText(
            self.tr("{count} regels daarvoor zijn in orde.").format(count=report.checked)
        )
        self.chain_label.setToolTip("")
        return report

    def _mark_from(self, sequence: int | None) -> None:
        """Highlight the entries from ``sequence`` on (None: none), keeping the filters."""
        if sequence == self._marked_from:
            return
        self._marked_from = sequence
        self.model.source = self.service.list_source(sequence)
        self.model.highlight_tip = self.tr("Vanaf deze regel is het logboek niet te vertrouwen.")
        if self.model.loaded:
            self.model.load()

    # --- export --------------------------------------------------------------------------------

    def export_to_excel(self) -> Path | None:
        """Ask for a file name and write the entries the filters show, newest first."""
        folder = self.last_export.parent if self.last_export else documents_folder()
        suggested = folder / f"logboek-{self.context.services.today().isoformat()}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Logboek exporteren"),
            str(suggested),
            QCoreApplication.translate(FILTERS_CONTEXT, EXCEL_FILTER),
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        return self.export_to(target)

    def export_to(self, target: Path) -> Path | None:
        """Write the filtered log to ``target`` and record the export in the log itself."""
        from wiec_desktop.exports import documents

        chosen = self.current_filter()
        chain = self.verify()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = documents.write_audit_log(  # the file and its own entry in one step
                self.context.services, self.service.entries(chosen), chain, target, self._filter_lines(chosen)
            )
        except Exception as error:
            text = export_error_text(error)
            if text is None:
                raise
            QMessageBox.warning(self, self.tr("Logboek exporteren"), text)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last_export = target
        self.model.load()
        self.verify()
        self.count_label.setText(
            self.tr("{count} regels geëxporteerd naar {name}").format(count=rows, name=target.name)
        )
        return target

    def _filter_lines(self, chosen: AuditFilter) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = []
        if chosen.kind is not None:
            lines.append((self.tr("Handeling"), chosen.kind.label))
        if chosen.entity_type is not None:
            lines.append((self.tr("Soort gegeven"), self.entity_type.currentText()))
        if chosen.entity_id is not None:
            lines.append((self.tr("Id"), str(chosen.entity_id)))
        if chosen.since is not None:
            lines.append((self.tr("Van"), format_dutch_date(chosen.since)))
        if chosen.until is not None:
            lines.append((self.tr("Tot en met"), format_dutch_date(chosen.until)))
        return lines
