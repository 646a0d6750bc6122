"""Create or edit an inventory round (name, period) and write its recommendations."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from wiec_desktop.services.inventory.house_visits import NAME_LIMIT, HouseVisitService
from wiec_desktop.ui.common.forms import Form, date_edit, date_value, save_cancel_buttons
from wiec_desktop.ui.common.text_limit import limit_length


class RoundDialog(QDialog):
    """``round_id`` None: a new round starting today. ``saved_id`` is set once saved."""

    def __init__(
        self, service: HouseVisitService, round_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.round_id = round_id
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Nieuwe ronde") if round_id is None else self.tr("Ronde wijzigen"))
        self.resize(520, 200 if round_id is None else 380)
        existing = service.round(round_id) if round_id is not None else None
        self.form = Form(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Bijvoorbeeld: voorjaar 2026"))
        limit_length(self.name, NAME_LIMIT, "De naam")
        self.start = date_edit(
            existing.start_date if existing else service.today(), self, today=service.today
        )
        self.end = date_edit(
            existing.end_date if existing else None, self, optional=True, today=service.today
        )
        self.form.add_row("name", self.tr("&Naam"), self.name)
        self.form.add_row("start_date", self.tr("&Begindatum"), self.start)
        self.form.add_row("end_date", self.tr("&Einddatum"), self.end)
        self.recommendations: QPlainTextEdit | None = None
        if existing is not None:
            self.name.setText(existing.name)
            self.recommendations = QPlainTextEdit(self)
            self.recommendations.setTabChangesFocus(True)
            self.recommendations.setPlaceholderText(
                self.tr("Uw aanbevelingen voor het inventarisatierapport (zonder namen of huisnummers)")
            )
            self.recommendations.setPlainText(existing.recommendations)
            self.form.add_row("recommendations", self.tr("&Aanbevelingen"), self.recommendations)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(buttons)

    def save(self) -> None:
        name, start, end = self.name.text(), date_value(self.start), date_value(self.end)
        if self.round_id is None:
            saved = self.form.attempt(lambda: self.service.create_round(name, start, end))
        else:
            round_id = self.round_id
            text = self.recommendations.toPlainText() if self.recommendations else None

            def update() -> int:
                self.service.update_round(
                    round_id, name=name, start_date=start, end_date=end, recommendations=text
                )
                return round_id

            saved = self.form.attempt(update)
        if saved is not None:
            self.saved_id = saved
            self.accept()
