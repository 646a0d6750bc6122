"""Partners: the participating organisations and, below, the contact persons of the selected one.

Both lists are edited from here: buttons above each list, a context menu on each table, double-click
or Enter/F2 to edit, Delete to delete, Ctrl+N for a new organisation and Ctrl+Shift+N for a new
contact person of the selected organisation. A record that is still referenced is not deleted: the
page lists where it is used and offers to deactivate it instead. After every change both lists are
read again and the record just edited stays selected (filters that would hide it are switched off).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QMessageBox, QPushButton, QSplitter, QWidget

from wiec_desktop.domain.enums import OrganisationKind
from wiec_desktop.services.partners.service import CONTACT_IN_USE, ORGANISATION_IN_USE
from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage, enum_options
from wiec_desktop.ui.partners.contact_dialog import ContactDialog
from wiec_desktop.ui.partners.organisation_dialog import OrganisationDialog


class PartnersPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.organisations = ListPage(
            context,
            "organisations",
            title=self.tr("Partners"),
            nouns=(self.tr("organisatie"), self.tr("organisaties")),
            highlight_tip=self.tr("Deze organisatie heeft achterstallige acties."),
            parent=splitter,
        )
        self.organisations.search.setPlaceholderText(self.tr("Zoek een organisatie…"))
        self.kind_filter = self.organisations.add_combo_filter(
            "kind", self.tr("Soort:"), enum_options(OrganisationKind), all_text=self.tr("Alle soorten")
        )
        self.organisations.add_quick_filter(
            "active",
            self.tr("Alleen actief"),
            checked=True,
            tooltip=self.tr("Niet-actieve partners verbergen"),
        )
        self.contacts = ListPage(
            context,
            "contacts",
            title=self.tr("Contactpersonen"),
            nouns=(self.tr("contactpersoon"), self.tr("contactpersonen")),
            searchable=False,
            parent=splitter,
        )
        self.contacts.title_label.setObjectName("sectionTitle")
        self.contacts.title_label.setMinimumWidth(120)  # long names are clipped, not widening the window
        self.contacts.add_quick_filter(
            "receives_reports",
            self.tr("Ontvangt rapportages"),
            tooltip=self.tr("Alleen wie de verslagen en actielijsten ontvangt"),
        )
        self.contacts.hide_columns("organisation")
        # No organisation selected yet: show nobody rather than everybody.
        self.contacts.set_fixed_filter("organisation", -1)
        splitter.addWidget(self.organisations)
        splitter.addWidget(self.contacts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.lists += [self.organisations, self.contacts]
        self.layout_.addWidget(splitter)
        self.context_menu: QMenu | None = None
        self._build_actions()
        self.organisations.current_changed.connect(self._organisation_changed)
        self.contacts.current_changed.connect(lambda _id: self._update_actions())
        self._update_actions()

    # --- actions, buttons, menus and keys ------------------------------------------------------

    def _build_actions(self) -> None:
        # Key sequences are made here, not at import: standard keys need the running application.
        new_contact_keys = QKeySequence("Ctrl+Shift+N")
        edit_keys = [QKeySequence(key) for key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter)]
        delete_keys = [QKeySequence(QKeySequence.StandardKey.Delete)]
        self.new_organisation_action = self._action(
            self.tr("Nieuwe organisatie…"), self.new_organisation, []  # Ctrl+N: the window's
        )
        self.edit_organisation_action = self._action(
            self.tr("Bewerken…"), self.edit_organisation, edit_keys, self.organisations.view
        )
        self.delete_organisation_action = self._action(
            self.tr("Verwijderen…"), self.delete_organisation, delete_keys, self.organisations.view
        )
        self.new_contact_action = self._action(
            self.tr("Nieuwe contactpersoon…"), self.new_contact, [new_contact_keys], self
        )
        self.edit_contact_action = self._action(
            self.tr("Bewerken…"), self.edit_contact, edit_keys, self.contacts.view
        )
        self.delete_contact_action = self._action(
            self.tr("Verwijderen…"), self.delete_contact, delete_keys, self.contacts.view
        )

        # Organisation buttons beside the page title (as on Casussen); the contact buttons on the row
        # under their title, which names the organisation and needs the room.
        self.organisation_buttons = self._buttons(
            self.organisations.quick_bar,
            [
                (self.new_organisation_action, self.tr("Nieuwe organisatie (Ctrl+N)")),
                (self.edit_organisation_action, self.tr("Geselecteerde organisatie bewerken (Enter)")),
                (self.delete_organisation_action, self.tr("Geselecteerde organisatie verwijderen (Delete)")),
            ],
        )
        self.contact_buttons = self._buttons(
            self.contacts.filter_bar,
            [
                (self.new_contact_action, self.tr("Nieuwe contactpersoon bij deze partner (Ctrl+Shift+N)")),
                (self.edit_contact_action, self.tr("Geselecteerde contactpersoon bewerken (Enter)")),
                (self.delete_contact_action, self.tr("Geselecteerde contactpersoon verwijderen (Delete)")),
            ],
        )
        self._menu_on(
            self.organisations,
            [
                self.new_organisation_action,
                self.edit_organisation_action,
                self.delete_organisation_action,
                None,
                self.new_contact_action,
            ],
        )
        self._menu_on(
            self.contacts,
            [self.new_contact_action, self.edit_contact_action, self.delete_contact_action],
        )
        self.organisations.view.doubleClicked.connect(lambda _index: self.edit_organisation())
        self.contacts.view.doubleClicked.connect(lambda _index: self.edit_contact())

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        keys: list[QKeySequence],
        owner: QWidget | None = None,
    ) -> QAction:
        """An action whose keys work while ``owner`` (a table, or the page) has the focus."""
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        if owner is not None:
            context = (
                Qt.ShortcutContext.WidgetShortcut
                if owner is not self
                else Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            action.setShortcutContext(context)
            owner.addAction(action)
        return action

    def _buttons(self, bar: QHBoxLayout, actions: list[tuple[QAction, str]]) -> list[QPushButton]:
        """Push buttons for ``actions`` at the start of ``bar``, with a little space after them."""
        buttons = []
        for number, (action, tip) in enumerate(actions):
            button = QPushButton(action.text(), self)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            bar.insertWidget(number, button)
            buttons.append(button)
        bar.insertSpacing(len(actions), 12)
        return buttons

    def _menu_on(self, page: ListPage, actions: list[QAction | None]) -> None:
        view = page.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def show(pos: QPoint) -> None:
            index = view.indexAt(pos)
            if index.isValid():
                view.setCurrentIndex(index)
            menu = QMenu(self)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)
            self.context_menu = menu  # the menu now open (for tests and accessibility checks)
            menu.popup(view.viewport().mapToGlobal(pos))

        view.customContextMenuRequested.connect(show)

    def new_record(self) -> None:
        """The main window's Ctrl+N on this page: a new organisation."""
        self.new_organisation()

    def _update_actions(self) -> None:
        has_org = self.organisations.current_id() is not None
        has_contact = has_org and self.contacts.current_id() is not None
        for action in (self.edit_organisation_action, self.delete_organisation_action):
            action.setEnabled(has_org)
        self.new_contact_action.setEnabled(has_org)
        for action in (self.edit_contact_action, self.delete_contact_action):
            action.setEnabled(has_contact)

    def _organisation_changed(self, organisation_id: int | None) -> None:
        self.contacts.set_fixed_filter("organisation", organisation_id if organisation_id is not None else -1)
        name = self.organisations.detail_pane.title if organisation_id is not None else ""
        self.contacts.title_label.setText(
            self.tr("Contactpersonen van {name}").format(name=name) if name else self.tr("Contactpersonen")
        )
        self._update_actions()

    # --- organisations -------------------------------------------------------------------------

    def new_organisation(self) -> None:
        saved = _exec_dialog(OrganisationDialog(self.context, None, self))
        if saved is not None:
            self.show_organisation(saved)

    def edit_organisation(self) -> None:
        organisation_id = self.organisations.current_id()
        if organisation_id is None:
            return
        saved = _exec_dialog(OrganisationDialog(self.context, organisation_id, self))
        if saved is not None:
            self.show_organisation(saved)

    def delete_organisation(self) -> None:
        organisation_id = self.organisations.current_id()
        if organisation_id is None:
            return
        service = self.context.services.organisations
        name = self.organisations.detail_pane.title
        row = self.organisations.view.currentIndex().row()
        try:
            uses = service.where_used_organisation(organisation_id)
            if not uses:
                if not self._confirm_delete(
                    self.tr("Organisatie verwijderen"),
                    self.tr("Organisatie ‘{name}’ verwijderen?").format(name=name),
                ):
                    return
                service.delete_organisation(organisation_id)
                _reload_at_row(self.organisations, row)
                self.contacts.reload()
                return
            in_use = InUse(ORGANISATION_IN_USE, uses)
        except InUse as refused:  # referenced by someone else in the meantime
            in_use = refused
        except NotFound as gone:
            QMessageBox.warning(self, self.tr("Organisatie verwijderen"), str(gone))
            self.organisations.reload()
            return
        active = service.get_organisation(organisation_id).active
        already = self.tr("Zij staat al op non-actief.")
        if self._offer_deactivation(self.tr("Organisatie niet verwijderd"), name, in_use, active, already):
            self._call(lambda: service.set_organisation_active(organisation_id, False))
            self.show_organisation(organisation_id)

    def show_organisation(self, organisation_id: int) -> None:
        """Read both lists again with this organisation selected (switching off filters hiding it)."""
        page = self.organisations
        page.reload(select_id=organisation_id)
        if not _select(page, organisation_id):
            page.search.blockSignals(True)
            page.search.clear()
            page.search.blockSignals(False)
            page.model.set_search("")
            if self.kind_filter.currentIndex() != 0:
                self.kind_filter.setCurrentIndex(0)
            page.quick_filter("active").setChecked(False)
            _select(page, organisation_id)
        self.contacts.reload()

    def reveal(self, kind: object, record_id: int, _hit: object = None) -> bool:
        """A search hit: the organisation, or the contact person under their organisation, selected
        with the details (filters hiding it cleared: True)."""
        if kind != "contact":
            cleared = self.organisations.reveal(record_id)
            self.organisations.view.setFocus()
            return cleared
        organisation_id = self.context.services.organisations.get_contact(record_id).organisation_id
        cleared = self.organisations.reveal(organisation_id)
        cleared = self.contacts.reveal(record_id) or cleared
        self.contacts.view.setFocus()
        return cleared

    # --- contacts ------------------------------------------------------------------------------

    def new_contact(self) -> None:
        organisation_id = self.organisations.current_id()
        if organisation_id is None:
            return
        dialog = ContactDialog(self.context, None, organisation_id, self)
        saved = _exec_dialog(dialog)
        if saved is not None:
            self.show_contact(saved, dialog.saved_organisation_id or organisation_id)

    def edit_contact(self) -> None:
        contact_id = self.contacts.current_id()
        if contact_id is None:
            return
        dialog = ContactDialog(self.context, contact_id, None, self)
        saved = _exec_dialog(dialog)
        if saved is not None:
            self.show_contact(saved, dialog.saved_organisation_id)

    def delete_contact(self) -> None:
        contact_id = self.contacts.current_id()
        if contact_id is None:
            return
        service = self.context.services.organisations
        name = self.contacts.detail_pane.title
        row = self.contacts.view.currentIndex().row()
        try:
            uses = service.where_used_contact(contact_id)
            if not uses:
                if not self._confirm_delete(
                    self.tr("Contactpersoon verwijderen"),
                    self.tr("Contactpersoon ‘{name}’ verwijderen?").format(name=name),
                ):
                    return
                service.delete_contact(contact_id)
                self.organisations.reload()  # its number of contacts changed
                _reload_at_row(self.contacts, row)
                return
            in_use = InUse(CONTACT_IN_USE, uses)
        except InUse as refused:  # referenced by someone else in the meantime
            in_use = refused
        except NotFound as gone:
            QMessageBox.warning(self, self.tr("Contactpersoon verwijderen"), str(gone))
            self.contacts.reload()
            return
        contact = service.get_contact(contact_id)
        already = self.tr("Deze contactpersoon staat al op non-actief.")
        if self._offer_deactivation(
            self.tr("Contactpersoon niet verwijderd"), name, in_use, contact.active, already
        ):
            self._call(lambda: service.set_contact_active(contact_id, False))
            self.show_contact(contact_id, contact.organisation_id)

    def show_contact(self, contact_id: int, organisation_id: int | None) -> None:
        """Select the contact's organisation, then the contact (switching off a filter hiding it)."""
        if organisation_id is not None:
            self.show_organisation(organisation_id)
        page = self.contacts
        page.reload(select_id=contact_id)
        if not _select(page, contact_id):
            page.quick_filter("receives_reports").setChecked(False)
            _select(page, contact_id)

    # --- message boxes -------------------------------------------------------------------------

    def _confirm_delete(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setInformativeText(self.tr("Dit kan niet ongedaan worden gemaakt."))
        delete = box.addButton(self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        box.deleteLater()
        return box.clickedButton() is delete

    def _offer_deactivation(
        self, title: str, name: str, in_use: InUse, active: bool, inactive_note: str
    ) -> bool:
        """Say where the record is used; True when the chair chooses to deactivate it."""
        # The service's message ends in "U kunt … op non-actief zetten": not when that is done already.
        text = str(in_use) if active else str(in_use).split(". ")[0] + ". " + inactive_note
        box = QMessageBox(QMessageBox.Icon.Warning, title, f"‘{name}’\n\n{text}", parent=self)
        uses = "\n".join(f"• {use}" for use in in_use.uses)
        box.setInformativeText(self.tr("Gebruikt bij:\n{uses}").format(uses=uses))
        cancel = box.addButton(
            self.tr("Annuleren") if active else self.tr("Sluiten"), QMessageBox.ButtonRole.RejectRole
        )
        deactivate = None
        if active:
            deactivate = box.addButton(self.tr("Op non-actief zetten"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(deactivate)
        box.setEscapeButton(cancel)
        box.exec()
        box.deleteLater()
        return deactivate is not None and box.clickedButton() is deactivate

    def _call(self, call: Callable[[], object]) -> None:
        """A service call from a message box: a refusal is shown as a plain message."""
        try:
            call()
        except (ValidationError, NotFound, InUse) as error:
            QMessageBox.warning(self, self.tr("Niet gelukt"), str(error))


def _exec_dialog(dialog: OrganisationDialog | ContactDialog) -> int | None:
    """Show an edit dialog modally; the id it saved, or None when cancelled. The dialog is then freed."""
    try:
        return dialog.saved_id if dialog.exec() else None
    finally:
        dialog.deleteLater()


def _reload_at_row(page: ListPage, row: int) -> None:
    """After a delete: read the list again and select the row that took the deleted one's place."""
    page.reload()
    if page.model.rowCount() > 0:
        page.view.setCurrentIndex(page.model.index(max(0, min(row, page.model.rowCount() - 1)), 0))


def _select(page: ListPage, record_id: int) -> bool:
    """Select ``record_id`` in ``page`` (its page read by position if need be); False when not listed."""
    return page.select_listed(record_id)
