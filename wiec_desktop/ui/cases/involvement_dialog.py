"""Add or change one organisation's involvement in a case: role, contact and what it does."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from wiec_desktop.domain.enums import InvolvementRole
from wiec_desktop.services.cases.views import InvolvementRow
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, combo_value, enum_combo, fill_combo


class InvolvementDialog(QDialog):
    """New involvement of ``case_id`` (``involvement`` None) or a change to an existing one."""

    def __init__(
        self,
        context: AppContext,
        case_id: int,
        involvement: InvolvementRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.involvement = involvement
        self.setWindowTitle(
            self.tr("Organisatie betrekken") if involvement is None else self.tr("Betrokkenheid")
        )
        self.setMinimumWidth(460)
        reference = context.services.reference_data

        self.form = Form(self)
        self.organisation = QComboBox(self)
        fill_combo(
            self.organisation,
            reference.organisations(),
            empty=self.tr("— kies een organisatie —"),
            current=involvement.organisation_id if involvement else None,
        )
        self.organisation.setEnabled(involvement is None)
        self.role = enum_combo(
            InvolvementRole, self, current=involvement.role if involvement else InvolvementRole.PARTNER
        )
        self.contact = QComboBox(self)
        self.activity = QPlainTextEdit(self)
        self.activity.setPlaceholderText(self.tr("Wat doet deze organisatie in deze casus?"))
        self.activity.setFixedHeight(90)
        if involvement is not None:
            self.activity.setPlainText(involvement.activity)
        self.form.add_row("organisation", self.tr("Organisatie"), self.organisation)
        self.form.add_row("role", self.tr("Rol"), self.role)
        self.form.add_row("contact", self.tr("Contactpersoon"), self.contact)
        self.form.add_row("activity", self.tr("Wat doet zij"), self.activity)
        self.organisation.currentIndexChanged.connect(self._fill_contacts)
        self._fill_contacts()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Opslaan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def _fill_contacts(self) -> None:
        organisation_id = combo_value(self.organisation)
        options = self.context.services.reference_data.contacts(organisation_id) if organisation_id else []
        current = self.involvement.contact_id if self.involvement else None
        fill_combo(self.contact, options, empty=self.tr("— geen —"), current=current)

    def save(self) -> None:
        cases = self.context.services.cases
        organisation_id = combo_value(self.organisation)
        if organisation_id is None:
            self.form.show_errors({"organisation": self.tr("Kies de organisatie die betrokken is.")})
            return
        role, contact_id, activity = (
            combo_value(self.role),
            combo_value(self.contact),
            self.activity.toPlainText(),
        )
        if self.involvement is None:
            result = self.form.attempt(
                lambda: cases.add_involvement(
                    self.case_id, organisation_id, role, contact_id=contact_id, activity=activity
                )
            )
        else:
            involvement_id = self.involvement.id
            result = self.form.attempt(
                lambda: cases.update_involvement(
                    involvement_id, role=role, contact_id=contact_id, activity=activity
                )
            )
        if result is not None:
            self.accept()
