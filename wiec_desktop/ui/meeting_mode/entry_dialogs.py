"""Decision (Ctrl+B) and action (Ctrl+Shift+A) entry, all by keyboard; Ctrl+Enter saves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from wiec_desktop.services.meetings.views import ActionRow, DecisionRow
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, date_edit, date_value, save_cancel_buttons
from wiec_desktop.ui.meeting_mode.pickers import chosen_value, fill_search_combo, search_combo

SAVE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CtrlEnterSaves(QObject):
    """Ctrl+Enter on any of the watched widgets (or the dialog itself) calls ``save``."""

    def __init__(self, dialog: QDialog, save: Callable[[], None], widgets: Sequence[QWidget]) -> None:
        super().__init__(dialog)
        self.save = save
        for widget in (dialog, *widgets):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in SAVE_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)


def _text_box(parent: QWidget, placeholder: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    return box


class DecisionDialog(QDialog):
    """A decision (besluit) under the current item."""

    def __init__(
        self, context: AppContext, item_id: int, item_title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Besluit vastleggen"))
        self.context = context
        self.item_id = item_id
        self.decision: DecisionRow | None = None
        self.form = Form(self)
        self.item_label = QLabel(item_title, self)
        self.item_label.setWordWrap(True)
        self.text = _text_box(self, self.tr("Wat is besloten?"), 110)
        self.form.add_row("item", self.tr("Agendapunt"), self.item_label)
        self.form.add_row("text", self.tr("&Besluit"), self.text)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setToolTip(self.tr("Opslaan (Ctrl+Enter)"))
        hint = QLabel(self.tr("Ctrl+Enter slaat op, Esc annuleert."), self)
        hint.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.saves = CtrlEnterSaves(self, self.save, [self.text])
        self.resize(560, self.sizeHint().height())
        self.text.setFocus()

    def save(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.form.show_errors({"text": self.tr("Vul het besluit in.")})
            return
        run = self.context.services.meeting_run
        decision = self.form.attempt(lambda: run.add_decision(self.item_id, text))
        if decision is not None:
            self.decision = decision
            self.accept()


class ActionDialog(QDialog):
    """A new action: description, owner organisation and contact (type to find), due date."""

    def __init__(
        self,
        context: AppContext,
        meeting_id: int,
        item_id: int | None,
        item_title: str,
        *,
        default_due: date,
        default_owner: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nieuwe actie"))
        self.context = context
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.action_row: ActionRow | None = None
        reference = context.services.reference_data
        self.form = Form(self)
        self.item_label = QLabel(item_title, self)
        self.item_label.setWordWrap(True)
        self.description = _text_box(self, self.tr("Wat moet er gebeuren?"), 80)
        self.organisation = search_combo(self)
        self.organisation.lineEdit().setPlaceholderText(self.tr("Typ een deel van de naam"))
        organisations = reference.organisations()
        owner_id = next((oid for oid, name in organisations if default_owner and name == default_owner), None)
        fill_search_combo(self.organisation, organisations, current=owner_id)
        self.contact = search_combo(self)
        self.contact.lineEdit().setPlaceholderText(self.tr("Optioneel; contactpersoon van die organisatie"))
        self.due = date_edit(default_due, self, optional=True, today=context.services.today)
        self.due.setToolTip(self.tr("Standaard de datum van het volgende overleg"))
        self.form.add_row("item", self.tr("Agendapunt"), self.item_label)
        self.form.add_row("description", self.tr("&Actie"), self.description)
        self.form.add_row("owner", self.tr("&Organisatie"), self.organisation)
        self.form.add_row("contact", self.tr("&Contactpersoon"), self.contact)
        self.form.add_row("due_date", self.tr("&Deadline"), self.due)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setToolTip(self.tr("Opslaan (Ctrl+Enter)"))
        hint = QLabel(self.tr("Ctrl+Enter slaat op, Esc annuleert."), self)
        hint.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._contacts_for: int | None = -1
        self.organisation.currentTextChanged.connect(lambda _text: self._organisation_changed())
        self._organisation_changed()
        self.saves = CtrlEnterSaves(
            self,
            self.save,
            [self.description, self.organisation, self.organisation.lineEdit(), self.contact,
             self.contact.lineEdit(), self.due],
        )  # fmt: skip
        self.resize(620, self.sizeHint().height())
        self.description.setFocus()

    def _organisation_changed(self) -> None:
        """Offer only the contacts of the chosen organisation."""
        organisation_id = chosen_value(self.organisation)
        if organisation_id == self._contacts_for:
            return
        self._contacts_for = organisation_id
        contacts = (
            self.context.services.reference_data.contacts(organisation_id)
            if organisation_id is not None
            else []
        )
        fill_search_combo(self.contact, contacts)
        self.contact.setEnabled(organisation_id is not None)

    def save(self) -> None:
        self._organisation_changed()
        errors: dict[str, str] = {}
        description = self.description.toPlainText().strip()
        if not description:
            errors["description"] = self.tr("Beschrijf de actie.")
        organisation_id = chosen_value(self.organisation)
        if organisation_id is None:
            errors["owner"] = self.tr("Kies een organisatie uit de lijst (typ een deel van de naam).")
        contact_id = chosen_value(self.contact)
        if contact_id is None and self.contact.currentText().strip():
            errors["contact"] = self.tr("Kies een contactpersoon van deze organisatie, of laat leeg.")
        if errors:
            self.form.show_errors(errors)
            return
        run = self.context.services.meeting_run
        due = date_value(self.due)
        row = self.form.attempt(
            lambda: run.add_action(
                self.meeting_id,
                self.item_id,
                description,
                organisation_id,
                owner_contact_id=contact_id,
                due_date=due,
            )
        )
        if row is not None:
            self.action_row = row
            self.accept()
