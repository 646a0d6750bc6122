"""Create or edit a contact person: organisation, name, function, e-mail, phone, reports, active."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, combo_value, fill_combo, save_cancel_buttons
from wiec_desktop.ui.common.text_limit import limit_length


class ContactDialog(QDialog):
    """New contact (``contact_id`` None, at ``organisation_id``) or an edit; ``saved_id`` after saving.

    ``saved_organisation_id`` is the organisation the contact belongs to after saving (it may have
    been moved). Validation errors appear under their field; the dialog stays open.
    """

    def __init__(
        self,
        context: AppContext,
        contact_id: int | None = None,
        organisation_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.contact_id = contact_id
        self.saved_id: int | None = None
        self.saved_organisation_id: int | None = None
        self.setWindowTitle(
            self.tr("Nieuwe contactpersoon") if contact_id is None else self.tr("Contactpersoon bewerken")
        )
        self.setMinimumWidth(520)

        self.form = Form(self)
        self.organisation = QComboBox(self)
        self.organisation.setMaxVisibleItems(20)
        self.name = QLineEdit(self)
        limit_length(self.name, 200, "Naam")  # as services.partners checks them
        self.function = QLineEdit(self)
        limit_length(self.function, 200, "Functie")
        self.function.setPlaceholderText(self.tr("Bijvoorbeeld wijkagent, opbouwwerker"))
        self.email = QLineEdit(self)
        limit_length(self.email, 254, "E-mailadres")
        self.email.setPlaceholderText(self.tr("naam@organisatie.nl"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("070-123 45 67"))
        self.receives_reports = QCheckBox(self.tr("Ontvangt rapportages (verslagen en actielijsten)"), self)
        self.active = QCheckBox(self.tr("Actief"), self)
        self.active.setChecked(True)

        self.form.add_row("organisation_id", self.tr("&Organisatie"), self.organisation)
        self.form.add_row("name", self.tr("&Naam"), self.name)
        self.form.add_row("function", self.tr("&Functie"), self.function)
        self.form.add_row("email", self.tr("&E-mail"), self.email)
        self.form.add_row("phone", self.tr("&Telefoon"), self.phone)
        self.form.add_row("receives_reports", "", self.receives_reports)
        self.form.add_row("active", "", self.active)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if contact_id is not None:
            contact = context.services.organisations.get_contact(contact_id)
            organisation_id = contact.organisation_id
            self.name.setText(contact.name)
            self.function.setText(contact.function)
            self.email.setText(contact.email)
            self.phone.setText(contact.phone)
            self.receives_reports.setChecked(contact.receives_reports)
            self.active.setChecked(contact.active)
        self._fill_organisations(organisation_id)
        self.name.setFocus()

    def _fill_organisations(self, current: int | None) -> None:
        """Active organisations, plus the current one when it is not active (marked as such)."""
        options = []
        for org in self.context.services.organisations.list_organisations():
            if org.active:
                options.append((org.id, org.name))
            elif org.id == current:
                options.append((org.id, self.tr("{name} (niet actief)").format(name=org.name)))
        fill_combo(self.organisation, options, empty=self.tr("— kies een organisatie —"), current=current)

    def save(self) -> None:
        service = self.context.services.organisations
        values = {
            "organisation_id": combo_value(self.organisation),
            "name": self.name.text(),
            "function": self.function.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "receives_reports": self.receives_reports.isChecked(),
            "active": self.active.isChecked(),
        }
        contact_id = self.contact_id
        if contact_id is None:
            contact = self.form.attempt(lambda: service.create_contact(**values))
        else:
            contact = self.form.attempt(lambda: service.update_contact(contact_id, **values))
        if contact is None:
            return
        self.saved_id = contact.id
        self.saved_organisation_id = contact.organisation_id
        self.accept()
