"""Adding people during the meeting: a guest (not a contact) or a contact who was not invited."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, save_cancel_buttons
from wiec_desktop.ui.common.text_limit import limit_length
from wiec_desktop.ui.meeting_mode.pickers import chosen_value, fill_search_combo, search_combo


class GuestDialog(QDialog):
    def __init__(self, context: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gast toevoegen"))
        self.context = context
        self.meeting_id = meeting_id
        self.attendance_id: int | None = None
        self.form = Form(self)
        self.name = QLineEdit(self)
        limit_length(self.name, 200, "Naam van de gast")  # as services.meetings.run checks them
        self.organisation = QLineEdit(self)
        limit_length(self.organisation, 200, "Organisatie")
        self.organisation.setPlaceholderText(self.tr("Optioneel, bijvoorbeeld Buurtvereniging"))
        self.form.add_row("name", self.tr("&Naam"), self.name)
        self.form.add_row("organisation", self.tr("&Organisatie"), self.organisation)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def save(self) -> None:
        run = self.context.services.meeting_run
        name, organisation = self.name.text().strip(), self.organisation.text().strip()
        result = self.form.attempt(lambda: run.add_guest(self.meeting_id, name, organisation))
        if result is not None:
            self.attendance_id = result
            self.accept()


class AddContactDialog(QDialog):
    """A known contact (type part of the name or organisation) who was not on the list."""

    def __init__(
        self, context: AppContext, meeting_id: int, listed: set[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Deelnemer toevoegen"))
        self.context = context
        self.meeting_id = meeting_id
        self.attendance_id: int | None = None
        reference = context.services.reference_data
        options = [
            (contact_id, f"{name} — {org_name}")
            for org_id, org_name in reference.organisations()
            for contact_id, name in reference.contacts(org_id)
            if contact_id not in listed
        ]
        self.form = Form(self)
        self.contact = search_combo(self)
        fill_search_combo(self.contact, sorted(options, key=lambda option: option[1].casefold()))
        self.contact.lineEdit().setPlaceholderText(self.tr("Typ een deel van de naam of organisatie"))
        self.form.add_row("contact_id", self.tr("&Contactpersoon"), self.contact)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        contact_id = chosen_value(self.contact)
        if contact_id is None:
            self.form.show_errors({"contact_id": self.tr("Kies een contactpersoon uit de lijst.")})
            return
        run = self.context.services.meeting_run
        result = self.form.attempt(lambda: run.add_attendee(self.meeting_id, contact_id))
        if result is not None:
            self.attendance_id = result
            self.accept()
