"""The periodic reports as export requests: the inventory report of a round and the progress
report of a period (Word, on the chair's template), plus the small dialog that asks the period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from wiec_desktop.exports import documents
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import WORD_FILTER, ExportRequest, slug
from wiec_desktop.ui.common.forms import Form, date_edit, date_value, save_cancel_buttons
from wiec_desktop.ui.privacy_preview.choice import ExportChoice


def inventory_request(context: AppContext, round_id: int | None, round_name: str) -> ExportRequest:
    """The inventarisatierapport of one round (no resident names or house numbers in it)."""
    services = context.services
    template = context.settings.word_template()

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_inventory_report(
            services, round_id, target, template, audience=choice.audience, password=choice.password
        )

    return ExportRequest(
        QCoreApplication.translate("ReportExports", "Inventarisatierapport opslaan"),
        f"inventarisatierapport-{slug(round_name)}.docx",
        WORD_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=lambda: documents.replacements(services, services.report_data.inventory(round_id)),
        write_for=write_for,
    )


def progress_request(context: AppContext, start: date, end: date) -> ExportRequest:
    """The voortgangsrapportage of ``start``–``end`` for the current assignment."""
    services = context.services
    template = context.settings.word_template()

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_progress_report(
            services, start, end, target, template, audience=choice.audience, password=choice.password
        )

    return ExportRequest(
        QCoreApplication.translate("ReportExports", "Voortgangsrapportage opslaan"),
        f"voortgangsrapportage-{start.isoformat()}-{end.isoformat()}.docx",
        WORD_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=lambda: documents.replacements(services, services.report_data.progress(start, end)),
        write_for=write_for,
    )


class PeriodDialog(QDialog):
    """Asks the period of a progress report (default: the current assignment up to today)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Voortgangsrapportage"))
        start, end = context.services.report_data.default_period()
        today = context.services.today
        self.start = date_edit(start, self, today=today)
        self.end = date_edit(end, self, today=today)
        self.form = Form(self)
        self.form.add_row("start", self.tr("&Van:"), self.start)
        self.form.add_row("end", self.tr("&Tot en met:"), self.end)
        self.error = self.form.errors["end"]  # "De einddatum ligt voor de begindatum." comes here
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self._accept)
        self.save_button.setText(self.tr("Opslaan als…"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Over welke periode gaat de rapportage?"), self))
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def period(self) -> tuple[date, date]:
        start, end = date_value(self.start), date_value(self.end)
        assert start is not None and end is not None, "period() after the dialog was accepted"
        return start, end

    def _accept(self) -> None:
        if not self.form.check():
            return
        start, end = self.period()
        if end < start:
            self.form.show_errors({"end": self.tr("De einddatum ligt voor de begindatum.")})
            return
        self.accept()
