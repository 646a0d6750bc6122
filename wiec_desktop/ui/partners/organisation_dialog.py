"""Create or edit a partner organisation: name, kind, notes, active."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import OrganisationKind
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, combo_value, enum_combo, save_cancel_buttons, select_value
from wiec_desktop.ui.common.text_limit import limit_length


class OrganisationDialog(QDialog):
    """New organisation (``organisation_id`` None) or an edit; ``saved_id`` is set after saving.

    Validation errors appear under their field and the dialog stays open with everything typed.
    """

    def __init__(
        self, context: AppContext, organisation_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.organisation_id = organisation_id
        self.saved_id: int | None = None
        self._was_active = True
        self.setWindowTitle(
            self.tr("Nieuwe organisatie") if organisation_id is None else self.tr("Organisatie bewerken")
        )
        self.setMinimumWidth(520)

        self.form = Form(self)
        self.name = QLineEdit(self)
        limit_length(self.name, 200, "Naam")  # as services.partners checks it
        self.name.setPlaceholderText(self.tr("Bijvoorbeeld Woonstichting Haagwonen-Zuid"))
        self.kind = enum_combo(OrganisationKind, self, current=OrganisationKind.OTHER)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes.setPlaceholderText(self.tr("Bereikbaarheid, afspraken, rol in de wijk…"))
        self.active = QCheckBox(self.tr("Actief (wordt aangeboden in keuzelijsten)"), self)
        self.active.setChecked(True)
        self.active_hint = QLabel(
            self.tr("Ook de contactpersonen van deze organisatie worden op non-actief gezet."), self
        )
        self.active_hint.setWordWrap(True)
        self.active_hint.setStyleSheet("color: #555;")
        self.active_hint.hide()
        self.active.toggled.connect(self._active_toggled)

        self.form.add_row("name", self.tr("&Naam"), self.name)
        self.form.add_row("kind", self.tr("&Soort"), self.kind)
        self.form.add_row("notes", self.tr("N&otities"), self.notes)
        self.form.add_row("active", "", self.active)
        self.form.add_row("active_hint", "", self.active_hint)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if organisation_id is not None:
            self._load(organisation_id)
        self.name.setFocus()

    def _load(self, organisation_id: int) -> None:
        org = self.context.services.organisations.get_organisation(organisation_id)
        self.name.setText(org.name)
        select_value(self.kind, org.kind)
        self.notes.setPlainText(org.notes)
        self._was_active = org.active
        self.active.setChecked(org.active)

    def _active_toggled(self, on: bool) -> None:
        self.active_hint.setVisible(self._was_active and not on and self.organisation_id is not None)

    def save(self) -> None:
        service = self.context.services.organisations
        name, kind = self.name.text(), combo_value(self.kind)
        notes, active = self.notes.toPlainText(), self.active.isChecked()
        organisation_id = self.organisation_id
        if organisation_id is None:
            org = self.form.attempt(lambda: service.create_organisation(name, kind, notes, active))
        else:
            org = self.form.attempt(
                lambda: service.update_organisation(
                    organisation_id, name=name, kind=kind, notes=notes, active=active
                )
            )
        if org is None:
            return
        self.saved_id = org.id
        self.accept()
