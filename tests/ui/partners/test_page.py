"""Partners page flows on the demo database: create, edit, validate inline, delete or deactivate.

Dialogs are driven through their widgets (``keyClicks``, ``mouseClick``) with ``exec`` replaced by a
function that shows the dialog and plays the user's part; message boxes are answered the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import OrganisationKind
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.partners.contact_dialog import ContactDialog
from wiec_desktop.ui.partners.organisation_dialog import OrganisationDialog
from wiec_desktop.ui.partners.page import PartnersPage
from wiec_desktop.ui.shell.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    main = MainWindow(AppContext.create(demo_db, today=lambda: DEMO_TODAY))
    qtbot.addWidget(main)
    main.show()
    main.show_section(2)
    qtbot.waitExposed(main)
    yield main
    main.context.database.close()


@pytest.fixture
def page(window: MainWindow) -> PartnersPage:
    partners = window.current_page()
    assert isinstance(partners, PartnersPage)
    return partners


def play(monkeypatch, dialog_class: type[QDialog], *steps: Callable[[Any], None]) -> list[Any]:
    """Let ``dialog_class.exec`` show the dialog and run ``steps`` on it; returns the dialogs seen."""
    seen: list[Any] = []

    def fake_exec(dialog: QDialog) -> int:
        dialog.show()
        seen.append(dialog)
        for step in steps:
            step(dialog)
        return 0 if dialog.isVisible() else dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return seen


def answer_boxes(monkeypatch, *answers: str) -> list[dict[str, Any]]:
    """Answer the next message boxes by clicking the buttons with these texts; records what they said."""
    shown: list[dict[str, Any]] = []
    pending = list(answers)

    def fake_exec(box: QMessageBox) -> int:
        buttons = {button.text(): button for button in box.buttons()}
        shown.append({"text": box.text(), "info": box.informativeText(), "buttons": list(buttons)})
        buttons[pending.pop(0)].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def _select_organisation(page: PartnersPage, name: str) -> int:
    services = page.context.services.organisations
    org = services.find_by_name(name)
    assert org is not None
    row = page.organisations.model.row_of_id(org.id)
    assert row is not None
    page.organisations.view.selectRow(row)
    assert page.organisations.current_id() == org.id
    return org.id


def _select_contact(page: PartnersPage, contact_id: int) -> None:
    row = page.contacts.model.row_of_id(contact_id)
    assert row is not None
    page.contacts.view.selectRow(row)
    assert page.contacts.current_id() == contact_id


def _retype(qtbot, widget: QWidget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_create_an_organisation_with_a_contact_through_the_dialogs(qtbot, monkeypatch, page) -> None:
    def fill_organisation(dialog: OrganisationDialog) -> None:
        assert dialog.windowTitle() == "Nieuwe organisatie"
        label = dialog.form.layout_.labelForField(dialog.name.parentWidget())
        assert label.text() == "&Naam" and label.buddy() is dialog.name  # Alt+N reaches the field
        qtbot.mouseClick(dialog.save_button, LEFT)  # nothing typed yet
        assert dialog.isVisible() and dialog.form.error_text("name") == "Naam is verplicht."
        assert dialog.focusWidget() is dialog.name
        qtbot.keyClicks(dialog.name, "  Buurtsportcoaches   Escamp ")
        dialog.kind.setCurrentIndex(dialog.kind.findText("Welzijn"))
        qtbot.keyClicks(dialog.notes, "Sport en spel op het Dedemsvaartplein")
        qtbot.mouseClick(dialog.save_button, LEFT)

    organisation_dialogs = play(monkeypatch, OrganisationDialog, fill_organisation)
    qtbot.mouseClick(page.organisation_buttons[0], LEFT)
    assert len(organisation_dialogs) == 1

    service = page.context.services.organisations
    org = service.find_by_name("buurtsportcoaches escamp")
    assert org is not None
    assert (org.name, org.kind, org.notes, org.active) == (
        "Buurtsportcoaches Escamp",
        OrganisationKind.WELFARE,
        "Sport en spel op het Dedemsvaartplein",
        True,
    )
    assert page.organisations.current_id() == org.id
    assert page.organisations.detail_pane.title == "Buurtsportcoaches Escamp"
    assert page.contacts.title_label.text() == "Contactpersonen van Buurtsportcoaches Escamp"
    assert page.contacts.count_label.text() == "0 contactpersonen"

    def fill_contact(dialog: ContactDialog) -> None:
        assert dialog.organisation.currentData() == org.id
        qtbot.keyClicks(dialog.name, "Sem de Jong")
        qtbot.keyClicks(dialog.function, "Buurtsportcoach")
        qtbot.keyClicks(dialog.email, "sem.dejong@")
        qtbot.keyClicks(dialog.phone, "06-12345678")
        qtbot.mouseClick(dialog.receives_reports, LEFT)
        qtbot.mouseClick(dialog.save_button, LEFT)
        # The bad e-mail address is explained under its field; the dialog stays, nothing is lost.
        assert dialog.isVisible()
        assert dialog.form.error_text("email") == (
            "Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl)."
        )
        assert dialog.form.error_text("name") == "" and dialog.focusWidget() is dialog.email
        assert (dialog.name.text(), dialog.phone.text()) == ("Sem de Jong", "06-12345678")
        assert dialog.receives_reports.isChecked()
        qtbot.keyClicks(dialog.email, "sportcoaches.example.nl")
        qtbot.mouseClick(dialog.save_button, LEFT)

    contact_dialogs = play(monkeypatch, ContactDialog, fill_contact)
    qtbot.mouseClick(page.contact_buttons[0], LEFT)
    assert len(contact_dialogs) == 1

    (contact,) = service.list_contacts(org.id)
    assert (contact.name, contact.function, contact.email, contact.phone) == (
        "Sem de Jong",
        "Buurtsportcoach",
        "sem.dejong@sportcoaches.example.nl",
        "06-12345678",
    )
    assert contact.receives_reports and contact.active
    assert page.organisations.current_id() == org.id
    assert page.contacts.current_id() == contact.id
    assert page.contacts.count_label.text() == "1 contactpersoon"
    assert page.contacts.detail_pane.title == "Sem de Jong"
    row = page.organisations.model.row_of_id(org.id)
    assert page.organisations.model.row(row).values[page.organisations.model.column_of_key("contacts")] == 1


def test_a_duplicate_name_is_refused_inline_and_cancel_changes_nothing(qtbot, monkeypatch, page) -> None:
    org_id = _select_organisation(page, "Milieudienst Haaglanden-Zuid")
    contacts = page.contacts.model.total

    def duplicate_then_cancel(dialog: ContactDialog) -> None:
        qtbot.keyClicks(dialog.name, page.contacts.detail_pane.title.upper())
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.form.error_text("name") == "Deze organisatie heeft al een contactpersoon met deze naam."
        qtbot.mouseClick(dialog.cancel_button, LEFT)

    play(monkeypatch, ContactDialog, duplicate_then_cancel)
    qtbot.mouseClick(page.contact_buttons[0], LEFT)
    assert len(page.context.services.organisations.list_contacts(org_id)) == contacts

    def rename_to_existing(dialog: OrganisationDialog) -> None:
        _retype(qtbot, dialog.name, "stadsdeel ESCAMP")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.form.error_text("name") == "Er bestaat al een organisatie met deze naam."
        dialog.reject()

    play(monkeypatch, OrganisationDialog, rename_to_existing)
    qtbot.mouseClick(page.organisation_buttons[1], LEFT)
    assert page.context.services.organisations.get_organisation(org_id).name == "Milieudienst Haaglanden-Zuid"


def test_delete_refusal_offers_deactivation(qtbot, monkeypatch, page) -> None:
    name = "Politie Den Haag – wijkteam Berensteinlaan"
    org_id = _select_organisation(page, name)
    service = page.context.services.organisations

    shown = answer_boxes(monkeypatch, "Annuleren")
    page.organisations.view.setFocus()
    qtbot.keyClick(page.organisations.view, Qt.Key.Key_Delete)
    assert len(shown) == 1
    assert "kan niet worden verwijderd" in shown[0]["text"] and name in shown[0]["text"]
    assert set(shown[0]["buttons"]) == {"Op non-actief zetten", "Annuleren"}
    for use in service.where_used_organisation(org_id):
        assert f"• {use}" in shown[0]["info"]
    assert service.get_organisation(org_id).active

    shown = answer_boxes(monkeypatch, "Op non-actief zetten")
    qtbot.mouseClick(page.organisation_buttons[2], LEFT)
    assert len(shown) == 1
    assert not service.get_organisation(org_id).active
    assert not any(c.active for c in service.list_contacts(org_id))
    # Still listed and selected, though "Alleen actief" would hide it now.
    assert not page.organisations.quick_filter("active").isChecked()
    assert page.organisations.current_id() == org_id
    assert "Actief\nnee" in page.organisations.detail_pane.browser.toPlainText()

    # Deleting it again: already inactive, so only an explanation.
    shown = answer_boxes(monkeypatch, "Sluiten")
    page.organisations.view.setFocus()
    qtbot.keyClick(page.organisations.view, Qt.Key.Key_Delete)
    assert shown[0]["buttons"] == ["Sluiten"] and "al op non-actief" in shown[0]["text"]


def test_a_used_contact_is_deactivated_and_stays_selected(qtbot, monkeypatch, page) -> None:
    org_id = _select_organisation(page, "Stadsdeel Escamp")
    service = page.context.services.organisations
    contact = next(c for c in service.list_contacts(org_id) if c.receives_reports)
    page.contacts.quick_filter("receives_reports").setChecked(True)
    _select_contact(page, contact.id)

    shown = answer_boxes(monkeypatch, "Op non-actief zetten")
    page.contacts.view.setFocus()
    qtbot.keyClick(page.contacts.view, Qt.Key.Key_Delete)
    assert "Ontvangt rapportages van opdracht" in shown[0]["info"]
    assert not service.get_contact(contact.id).active
    assert page.organisations.current_id() == org_id and page.contacts.current_id() == contact.id


def test_an_unused_contact_is_deleted_after_confirmation(qtbot, monkeypatch, page) -> None:
    org_id = _select_organisation(page, "Wijkzorgteam Escamp-Zuid")
    service = page.context.services.organisations
    unused = next(c for c in service.list_contacts(org_id) if not service.where_used_contact(c.id))
    _select_contact(page, unused.id)

    shown = answer_boxes(monkeypatch, "Annuleren")
    qtbot.mouseClick(page.contact_buttons[2], LEFT)
    assert set(shown[0]["buttons"]) == {"Verwijderen", "Annuleren"} and unused.name in shown[0]["text"]
    assert len(service.list_contacts(org_id)) == 2

    shown = answer_boxes(monkeypatch, "Verwijderen")
    qtbot.mouseClick(page.contact_buttons[2], LEFT)
    assert [c.id for c in service.list_contacts(org_id)] != [] and unused.id not in {
        c.id for c in service.list_contacts(org_id)
    }
    assert page.contacts.count_label.text() == "1 contactpersoon"
    assert page.contacts.current_id() is not None and page.organisations.current_id() == org_id


def test_an_unused_organisation_is_deleted_and_its_neighbour_selected(qtbot, monkeypatch, page) -> None:
    service = page.context.services.organisations
    org = service.create_organisation("Aaa Tijdelijke werkgroep")
    page.show_organisation(org.id)
    assert page.organisations.view.currentIndex().row() == 0
    answer_boxes(monkeypatch, "Verwijderen")
    page.organisations.view.setFocus()
    qtbot.keyClick(page.organisations.view, Qt.Key.Key_Delete)
    assert service.find_by_name("Aaa Tijdelijke werkgroep") is None
    assert page.organisations.view.currentIndex().row() == 0
    assert page.organisations.current_id() != org.id


# Opening a popup menu offscreen warns that the plugin cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_keyboard_double_click_and_context_menu(qtbot, monkeypatch, window, page) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    org_id = _select_organisation(page, "Jongerenwerk Haagse Kracht")
    opened: list[tuple[str, Any]] = []
    play(monkeypatch, OrganisationDialog, lambda d: opened.append(("organisation", d.organisation_id)))
    play(monkeypatch, ContactDialog, lambda d: opened.append(("contact", d.contact_id)))

    view = page.organisations.view
    view.setFocus()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_F2):
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL)
    page.organisations.search.setFocus()
    qtbot.keyClick(page.organisations.search, Qt.Key.Key_N, CTRL)  # the window's Ctrl+N gives way
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    rect = view.visualRect(page.organisations.model.index(view.currentIndex().row(), 0))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())  # Qt 6's mouseDClick is the 2nd half
    qtbot.mouseDClick(view.viewport(), LEFT, pos=rect.center())
    contact_id = page.contacts.current_id()
    page.contacts.view.setFocus()
    qtbot.keyClick(page.contacts.view, Qt.Key.Key_Enter)
    assert opened == [
        ("organisation", org_id),
        ("organisation", org_id),
        ("organisation", None),
        ("organisation", None),
        ("contact", None),
        ("organisation", org_id),
        ("contact", contact_id),
    ]

    menus: list[list[str]] = []
    for list_view in (view, page.contacts.view):
        list_view.customContextMenuRequested.emit(QPoint(5, 5))
        menu = page.context_menu
        assert menu is not None and menu.isVisible()
        menus.append([action.text() for action in menu.actions()])
        menu.close()
    assert menus == [
        ["Nieuwe organisatie…", "Bewerken…", "Verwijderen…", "", "Nieuwe contactpersoon…"],
        ["Nieuwe contactpersoon…", "Bewerken…", "Verwijderen…"],
    ]


def test_an_edited_organisation_stays_selected_when_the_search_would_hide_it(
    qtbot, monkeypatch, page
) -> None:
    page.organisations.search.setText("politie")
    page.organisations.model.set_search("politie")
    assert page.organisations.model.total == 1
    org_id = page.organisations.current_id()

    def rename(dialog: OrganisationDialog) -> None:
        _retype(qtbot, dialog.name, "Wijkteam Berensteinlaan")
        qtbot.mouseClick(dialog.save_button, LEFT)

    play(monkeypatch, OrganisationDialog, rename)
    page.edit_organisation()
    assert page.organisations.search.text() == ""
    assert page.organisations.current_id() == org_id
    assert page.organisations.detail_pane.title == "Wijkteam Berensteinlaan"
    assert page.contacts.title_label.text() == "Contactpersonen van Wijkteam Berensteinlaan"


def test_kind_filter_and_search_still_work_and_buttons_follow_the_selection(qtbot, page) -> None:
    kind = page.kind_filter
    kind.setCurrentIndex(kind.findText("Woningcorporatie"))
    assert page.organisations.model.total == 2
    assert page.organisation_buttons[1].isEnabled() and page.contact_buttons[0].isEnabled()
    with qtbot.waitSignal(page.organisations.model.refreshed, timeout=2000):
        qtbot.keyClicks(page.organisations.search, "geen-zo-partner")
    assert page.organisations.count_label.text() == "0 organisaties"
    assert page.organisation_buttons[0].isEnabled()  # "Nieuwe organisatie…" always
    assert not any(button.isEnabled() for button in page.organisation_buttons[1:])
    assert not any(button.isEnabled() for button in page.contact_buttons)
